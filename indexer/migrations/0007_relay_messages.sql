-- The relayer's delivery state, one row per message it carries (written by `tfx-relayer relay`,
-- read by /v1/messages beside the Mailbox events). A message moves
--   seen      dispatched on its origin, not final yet (a reorg may still remove it: the row goes)
--   final     its dispatch block is at finality depth and canonical
--   attested  at least `threshold` signatures of the destination's current set are gathered
--   submitted a delivery transaction is out (delivery_tx, tx_nonce; a fee bump replaces it)
--   delivered the destination's Mailbox consumed it (by this relayer or anyone else)
--   failed    the destination can never take it (last_error says why)
CREATE TABLE relay_message (
    message_id      bytea PRIMARY KEY,
    origin          bigint NOT NULL,
    destination     bigint NOT NULL,
    nonce           bigint NOT NULL,
    message_type    smallint NOT NULL,
    encoded         bytea NOT NULL,
    source_block    bigint NOT NULL,
    source_hash     bytea NOT NULL,
    status          text NOT NULL DEFAULT 'seen'
                    CHECK (status IN ('seen', 'final', 'attested', 'submitted', 'delivered', 'failed')),
    -- Valid signatures of the destination's current set seen so far, of how many members.
    signatures_seen integer NOT NULL DEFAULT 0,
    attesters       integer NOT NULL DEFAULT 0,
    set_version     bigint,
    -- The signatures submitted (ascending signer order), once attested.
    signatures      bytea[],
    delivery_tx     bytea,
    tx_nonce        bigint,
    fee_bumps       integer NOT NULL DEFAULT 0,
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivery_block  bigint,
    gas_used        bigint,
    seen_at         timestamptz NOT NULL DEFAULT now(),
    final_at        timestamptz,
    attested_at     timestamptz,
    submitted_at    timestamptz,
    delivered_at    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX relay_message_work_idx ON relay_message (status, next_attempt_at)
    WHERE status NOT IN ('delivered', 'failed');
CREATE INDEX relay_message_route_idx ON relay_message (origin, destination, nonce);

-- Each message's life, as /v1/messages shows it: dispatched on its origin (the Mailbox event),
-- carried by the relayer (relay_message, when the relayer shares this database), and delivered
-- on its destination (the destination Mailbox's Delivered event, when that chain is indexed here).
-- `deliveries` counts Delivered events: a Mailbox consumes an id once, so it is 0 or 1.
CREATE VIEW message AS
SELECT d.chain_id,
       d.chain_id AS origin,
       d.destination::bigint AS destination,
       d.nonce::bigint AS nonce,
       CASE d.message_type WHEN 1 THEN 'video_registered' WHEN 2 THEN 'vote_result'
            WHEN 3 THEN 'valuation' WHEN 4 THEN 'slash_notice' END AS message_type,
       d.message_id,
       (d.block_number * 1048576 + d.log_index)::numeric AS position,
       d.block_number AS source_block,
       d.block_time AS dispatched_time,
       CASE WHEN dl.deliveries > 0 THEN 'delivered' ELSE coalesce(r.status, 'dispatched') END AS status,
       coalesce(r.signatures_seen, 0) AS signatures,
       coalesce(r.attesters, 0) AS attesters,
       dl.deliveries,
       dl.delivery_block,
       dl.delivery_tx,
       dl.delivered_time,
       r.gas_used,
       r.last_error,
       (extract(epoch FROM r.delivered_at - r.final_at) * 1000)::bigint AS relay_latency_ms
FROM message_dispatched d
LEFT JOIN relay_message r ON r.message_id = d.message_id
CROSS JOIN LATERAL (
    SELECT count(*) AS deliveries, min(x.block_number) AS delivery_block, (array_agg(x.tx_hash ORDER BY x.block_number))[1] AS delivery_tx,
           min(x.block_time) AS delivered_time
    FROM message_delivered x
    WHERE x.chain_id = d.destination::bigint AND x.message_id = d.message_id
) dl;

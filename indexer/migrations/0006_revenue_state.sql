-- Claimable revenue kept current by the writer, so the revenue endpoint reads a few rows per video
-- instead of replaying each video's history on every request (0005's revenue_claimable).
--
-- AdRevenue's accounting depends on the order of settlements, share transfers and NFT transfers
-- across three event tables, which a per-table fold (0004) cannot follow. So the writer calls
-- `derived_advance` once per batch, after every COPY of it and in the same transaction, and that
-- replays the batch's events of each touched video in log order onto the state below; on a reorg,
-- `derived_unwind` rebuilds the videos that had events above the fork from what is left.
--
-- The state is AdRevenue's own (revenue per share with per-account corrections, as in
-- dividend-paying tokens), so for any account:
--   claimable = (creator ? creator_credited : 0) + credited + (rps * balance + correction) / 2^128 - claimed
-- with balance from share_holding and claimed from video_account (0004's folds).

CREATE TABLE revenue_video (
    chain_id          bigint NOT NULL,
    video_id          numeric(78,0) NOT NULL,
    supply            numeric(78,0) NOT NULL,  -- shares outstanding
    rps               numeric NOT NULL,        -- revenue per share, scaled by 2^128; 0 again at each fractionalize
    owner             bytea,                   -- NFT holder (paid directly while not fractionalized)
    creator_credited  numeric(78,0) NOT NULL,  -- the creator's cut of every settlement
    block_number      bigint NOT NULL,         -- the last event applied
    log_index         integer NOT NULL,
    PRIMARY KEY (chain_id, video_id)
);
CREATE INDEX revenue_video_block_idx ON revenue_video (chain_id, block_number);

CREATE TABLE revenue_position (
    chain_id    bigint NOT NULL,
    video_id    numeric(78,0) NOT NULL,
    account     bytea NOT NULL,
    credited    numeric(78,0) NOT NULL,  -- paid to the account as the NFT's holder
    correction  numeric NOT NULL,        -- rps at each of its share movements times the amount moved, negated for receipts
    PRIMARY KEY (chain_id, video_id, account)
);

-- Replays the revenue-relevant events of chain `p_chain` in blocks [p_from, p_to] (of the videos
-- `p_videos` only, when given) onto revenue_video and revenue_position, in one set-based statement:
-- the running supply, the revenue-per-share segments (each fractionalize starts one at zero) and the
-- owner in force come from window functions over the events in log order, and every touched row is
-- written once (per-event updates of one hot row would each walk that row's growing version chain).
CREATE FUNCTION revenue_apply(p_chain bigint, p_from bigint, p_to bigint, p_videos numeric[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    -- Dynamic, so that each call is planned with its arguments: a plan made without them (as a SQL
    -- function's is) cannot tell a batch of ten events from one of a million and may nest loops.
    EXECUTE $q$
WITH ev AS (
    SELECT video_id, block_number, log_index, 0 AS sub, 's' AS kind, amount, creator_amount,
           NULL::bytea AS a, NULL::bytea AS b
    FROM revenue_settled
    WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND ($4 IS NULL OR video_id = ANY ($4))
    UNION ALL
    SELECT video_id, block_number, log_index, batch_index, 't', amount, 0, from_address, to_address
    FROM share_transfer
    WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND ($4 IS NULL OR video_id = ANY ($4))
    UNION ALL
    SELECT video_id, block_number, log_index, 0, 'o', 0, 0, NULL, to_address
    FROM video_transfer
    WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND ($4 IS NULL OR video_id = ANY ($4))
),
base AS (
    SELECT t.video_id, coalesce(s.supply, 0) AS supply, coalesce(s.rps, 0) AS rps, s.owner,
           coalesce(s.creator_credited, 0) AS creator_credited
    FROM (SELECT DISTINCT video_id FROM ev) t
    LEFT JOIN revenue_video s ON s.chain_id = $1 AND s.video_id = t.video_id
),
marked AS (
    SELECT e.*,
           CASE WHEN e.kind = 't' AND e.a = '\x0000000000000000000000000000000000000000'::bytea THEN e.amount
                WHEN e.kind = 't' AND e.b = '\x0000000000000000000000000000000000000000'::bytea THEN -e.amount
                ELSE 0 END AS dsupply,
           (e.kind = 't' AND e.a = '\x0000000000000000000000000000000000000000'::bytea)::int AS fractionalize,
           CASE WHEN e.kind = 'o' THEN e.b END AS new_owner
    FROM ev e
),
running AS (
    SELECT m.*, b.rps AS base_rps, b.owner AS base_owner,
           b.supply + coalesce(sum(m.dsupply) OVER before_row, 0) AS supply_before,
           b.supply + sum(m.dsupply) OVER whole AS supply_after,
           b.creator_credited + sum(CASE WHEN m.kind = 's' THEN m.creator_amount ELSE 0 END) OVER whole AS creator_after,
           sum(m.fractionalize) OVER upto_row AS segment,
           count(m.new_owner) OVER upto_row AS owner_group
    FROM marked m JOIN base b USING (video_id)
    WINDOW before_row AS (PARTITION BY m.video_id ORDER BY m.block_number, m.log_index, m.sub
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
           upto_row AS (PARTITION BY m.video_id ORDER BY m.block_number, m.log_index, m.sub ROWS UNBOUNDED PRECEDING),
           whole AS (PARTITION BY m.video_id)
),
increments AS (
    SELECT r.*,
           CASE WHEN r.kind = 's' AND r.supply_before > 0
                THEN div((r.amount - r.creator_amount) * 340282366920938463463374607431768211456, r.supply_before)
                ELSE 0 END AS inc,
           CASE WHEN r.owner_group = 0 THEN r.base_owner
                ELSE first_value(r.new_owner) OVER (PARTITION BY r.video_id, r.owner_group
                                                    ORDER BY r.block_number, r.log_index, r.sub) END AS owner_at
    FROM running r
),
stepped AS (
    SELECT i.*,
           CASE WHEN i.segment = 0 THEN i.base_rps ELSE 0 END
             + sum(i.inc) OVER (PARTITION BY i.video_id, i.segment ORDER BY i.block_number, i.log_index, i.sub
                                ROWS UNBOUNDED PRECEDING) AS rps_at
    FROM increments i
),
positions AS (
    SELECT video_id, account, sum(credited) AS credited, sum(correction) AS correction
    FROM (
        SELECT video_id, a AS account, 0 AS credited, rps_at * amount AS correction FROM stepped
        WHERE kind = 't' AND a <> '\x0000000000000000000000000000000000000000'::bytea
        UNION ALL
        SELECT video_id, b, 0, -(rps_at * amount) FROM stepped
        WHERE kind = 't' AND b <> '\x0000000000000000000000000000000000000000'::bytea
        UNION ALL
        SELECT video_id, owner_at, amount - creator_amount, 0 FROM stepped
        WHERE kind = 's' AND supply_before = 0 AND owner_at IS NOT NULL
    ) moves
    GROUP BY video_id, account
),
written AS (
    INSERT INTO revenue_position AS p (chain_id, video_id, account, credited, correction)
    SELECT $1, video_id, account, credited, correction FROM positions
    ON CONFLICT (chain_id, video_id, account) DO UPDATE
        SET credited = p.credited + excluded.credited, correction = p.correction + excluded.correction
)
INSERT INTO revenue_video AS v (chain_id, video_id, supply, rps, owner, creator_credited, block_number, log_index)
SELECT DISTINCT ON (video_id) $1, video_id, supply_after, rps_at, owner_at, creator_after, block_number, log_index
FROM stepped
ORDER BY video_id, block_number DESC, log_index DESC, sub DESC
ON CONFLICT (chain_id, video_id) DO UPDATE
    SET supply = excluded.supply, rps = excluded.rps, owner = excluded.owner,
        creator_credited = excluded.creator_credited, block_number = excluded.block_number,
        log_index = excluded.log_index
$q$ USING p_chain, p_from, p_to, p_videos;
END;
$fn$;

-- Every ordered derived state, advanced over a batch the writer just copied in (blocks [p_from, p_to]).
CREATE FUNCTION derived_advance(p_chain bigint, p_from bigint, p_to bigint) RETURNS void
LANGUAGE sql AS $$ SELECT revenue_apply(p_chain, p_from, p_to) $$;

-- Every ordered derived state, rebuilt for what a rollback to `p_fork` changed (the event rows above
-- it are already deleted): the videos that had events above the fork, from their whole history.
CREATE FUNCTION derived_unwind(p_chain bigint, p_fork bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    touched numeric[];
BEGIN
    WITH gone AS (DELETE FROM revenue_video WHERE chain_id = p_chain AND block_number > p_fork RETURNING video_id)
    SELECT array_agg(video_id) INTO touched FROM gone;
    IF touched IS NOT NULL THEN
        DELETE FROM revenue_position WHERE chain_id = p_chain AND video_id = ANY (touched);
        PERFORM revenue_apply(p_chain, 0, p_fork, touched);
    END IF;
END;
$$;

-- Every derived table, for digests that compare an index with a clean one.
CREATE VIEW derived_table AS
SELECT DISTINCT target AS name FROM derived_fold
UNION SELECT 'revenue_video' UNION SELECT 'revenue_position';

-- What each account can claim from each video it created, held or claimed from: AdRevenue's
-- claimable(), from the state above.
CREATE VIEW revenue_account AS
SELECT a.chain_id, a.account, a.video_id,
       CASE WHEN m.creator = a.account THEN coalesce(v.creator_credited, 0) ELSE 0 END
         + coalesce(p.credited, 0)
         + div(coalesce(v.rps, 0) * coalesce(h.balance, 0) + coalesce(p.correction, 0), 340282366920938463463374607431768211456)
         - a.claimed AS claimable,
       a.claimed
FROM video_account a
LEFT JOIN video_minted m ON m.chain_id = a.chain_id AND m.video_id = a.video_id
LEFT JOIN revenue_video v ON v.chain_id = a.chain_id AND v.video_id = a.video_id
LEFT JOIN revenue_position p ON p.chain_id = a.chain_id AND p.video_id = a.video_id AND p.account = a.account
LEFT JOIN share_holding h ON h.chain_id = a.chain_id AND h.video_id = a.video_id AND h.holder = a.account;

DROP FUNCTION revenue_claimable(bigint, numeric, bytea);

-- A database indexed before this migration: replay what it holds.
SELECT revenue_apply(chain_id, 0, indexed_block) FROM chains;

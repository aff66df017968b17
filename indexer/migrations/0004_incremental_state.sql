-- Derived state kept current by the writer instead of recomputed by every request.
--
-- Migration 0002 defined videos, balances, tallies, campaigns and positions as views over the
-- event tables: a request for a round with a million votes aggregated a million rows. Here each
-- aggregate is a table, and `derived_fold` below is the one place that says how event rows fold
-- into it. A statement-level trigger on the event table runs each fold over the rows a statement
-- inserted (the writer's COPY) or deleted (a reorg rollback), in the writer's own transaction: a
-- commit adds the batch to the aggregates, a rollback subtracts it again, and a request reads a
-- few rows by primary key however many events lie behind them.
--
-- Two kinds of fold:
--   sum     adds `sign * sum(value)` per key (+1 for inserted rows, -1 for deleted ones). Every
--           sum target has an `events` column counting the rows folded in; a row whose count
--           drops to 0 is deleted, so a rolled-back index holds exactly the rows a clean one does.
--   latest  keeps the value of the newest row per key (highest block_number, log_index). An
--           insert can only move it forward; a delete recomputes the affected keys from what is
--           left in the event table (an index lookup per key, and only on reorgs).
-- The views at the end keep the names and columns the API and dApps read.

CREATE TABLE derived_fold (
    id       serial PRIMARY KEY,
    source   text NOT NULL,     -- event table whose rows fold in
    kind     text NOT NULL CHECK (kind IN ('sum', 'latest')),
    target   text NOT NULL,     -- derived table
    keys     text[] NOT NULL,   -- the target's key columns ...
    key_of   text[] NOT NULL,   -- ... and their values, as expressions over a source row
    cols     text[] NOT NULL,   -- the target's value columns ...
    val_of   text[] NOT NULL,   -- ... and theirs
    filter   text NOT NULL DEFAULT 'true',  -- which source rows fold into this target
    CHECK (cardinality(keys) = cardinality(key_of) AND cardinality(cols) = cardinality(val_of))
);

-- The statements that fold the rows of relation `rel` into `f.target` with `sign` (+1 insert,
-- -1 delete). `rel` is the trigger's transition table, or the source table itself to fold in
-- everything it already holds.
CREATE FUNCTION derived_fold_sql(f derived_fold, rel text, sign int) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    keys     text := array_to_string(f.keys, ', ');
    key_of   text := array_to_string(f.key_of, ', ');
    t_keys   text := (SELECT string_agg('t.' || k, ', ') FROM unnest(f.keys) k);
    touched  text := format('SELECT %s FROM %s WHERE %s', key_of, rel, f.filter);
    newest   text;
BEGIN
    IF f.kind = 'sum' THEN
        RETURN ARRAY[
            format('INSERT INTO %s AS t (%s, %s) SELECT %s, %s FROM %s WHERE %s GROUP BY %s
                    ON CONFLICT (%s) DO UPDATE SET %s',
                   f.target, keys, array_to_string(f.cols, ', '), key_of,
                   (SELECT string_agg(format('%s * sum(%s)', sign, v), ', ') FROM unnest(f.val_of) v),
                   rel, f.filter, key_of, keys,
                   (SELECT string_agg(format('%1$s = t.%1$s + excluded.%1$s', c), ', ') FROM unnest(f.cols) c)),
            format('DELETE FROM %s t WHERE t.events = 0 AND (%s) IN (%s)', f.target, t_keys, touched)
        ];
    END IF;
    -- latest: the newest row per key among `from_where`.
    newest := 'INSERT INTO %1$s AS t (%2$s, %3$s, block_number, log_index)
               SELECT DISTINCT ON (%4$s) %4$s, %5$s, block_number, log_index FROM %6$s
               ORDER BY %4$s, block_number DESC, log_index DESC
               ON CONFLICT (%2$s) DO UPDATE SET %7$s, block_number = excluded.block_number, log_index = excluded.log_index
               WHERE (excluded.block_number, excluded.log_index) > (t.block_number, t.log_index)';
    newest := format(newest, f.target, keys, array_to_string(f.cols, ', '), key_of, array_to_string(f.val_of, ', '),
                     '%s', (SELECT string_agg(format('%1$s = excluded.%1$s', c), ', ') FROM unnest(f.cols) c));
    IF sign > 0 THEN
        RETURN ARRAY[format(newest, format('%s WHERE %s', rel, f.filter))];
    END IF;
    RETURN ARRAY[
        format('DELETE FROM %s t WHERE (%s) IN (%s)', f.target, t_keys, touched),
        format(newest, format('%s WHERE %s AND (%s) IN (%s)', f.source, f.filter, key_of, touched))
    ];
END;
$$;

-- The trigger function of every fold: TG_ARGV[0] is the derived_fold id.
CREATE FUNCTION derived_fold_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    f derived_fold;
    stmt text;
BEGIN
    SELECT * INTO STRICT f FROM derived_fold WHERE id = TG_ARGV[0]::int;
    FOREACH stmt IN ARRAY derived_fold_sql(f, 'changed', CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END) LOOP
        EXECUTE stmt;
    END LOOP;
    RETURN NULL;
END;
$$;

-- Votes per round (turnout) and per candidate (tallies).
CREATE TABLE round_vote_total (
    chain_id      bigint NOT NULL,
    round_id      numeric(78,0) NOT NULL,
    events        bigint NOT NULL,  -- votes cast = voters (one vote per voter per round)
    total_weight  numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, round_id)
);
CREATE TABLE candidate_vote_total (
    chain_id      bigint NOT NULL,
    round_id      numeric(78,0) NOT NULL,
    candidate     bigint NOT NULL,
    events        bigint NOT NULL,  -- votes
    tally         numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, round_id, candidate)
);

-- ERC-1155 share positions: every account that ever held shares of a video; `balance` is current.
CREATE TABLE share_holding (
    chain_id      bigint NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    holder        bytea NOT NULL,
    events        bigint NOT NULL,  -- transfers in and out
    balance       numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, video_id, holder)
);
CREATE INDEX share_holding_holder_idx ON share_holding (chain_id, holder, video_id);

-- Shares outstanding (minted by fractionalizing, burnt by redeeming) and revenue settled, per video.
CREATE TABLE video_share_supply (
    chain_id      bigint NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    events        bigint NOT NULL,
    supply        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, video_id)
);
CREATE TABLE video_revenue (
    chain_id      bigint NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    events        bigint NOT NULL,  -- settlements
    cumulative_revenue numeric(78,0) NOT NULL,  -- AdRevenue.cumulativeRevenue: the sum of what settled
    PRIMARY KEY (chain_id, video_id)
);

-- The current owner of each video NFT (its newest ERC-721 transfer).
CREATE TABLE video_current_owner (
    chain_id      bigint NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    owner         bytea NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    PRIMARY KEY (chain_id, video_id)
);
CREATE INDEX video_current_owner_owner_idx ON video_current_owner (chain_id, owner, video_id);

-- Every (video, account) pair that may hold revenue: creators, NFT receivers, share receivers and
-- claimers, with what the account claimed. The revenue endpoint pages over it.
CREATE TABLE video_account (
    chain_id      bigint NOT NULL,
    account       bytea NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    events        bigint NOT NULL,
    claimed       numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, account, video_id)
);

-- Campaign funding beyond the deposit, what streamed into the video, and the newest pause state.
CREATE TABLE campaign_total (
    chain_id      bigint NOT NULL,
    campaign_id   numeric(78,0) NOT NULL,
    events        bigint NOT NULL,
    topped_up     numeric(78,0) NOT NULL,
    settled       numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, campaign_id)
);
CREATE TABLE campaign_pause_state (
    chain_id      bigint NOT NULL,
    campaign_id   numeric(78,0) NOT NULL,
    paused        boolean NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    PRIMARY KEY (chain_id, campaign_id)
);

-- Miner collateral and validator stake movements.
CREATE TABLE collateral_total (
    chain_id      bigint NOT NULL,
    miner         bytea NOT NULL,
    events        bigint NOT NULL,
    deposited     numeric(78,0) NOT NULL,
    unbonding_requested numeric(78,0) NOT NULL,
    withdrawn     numeric(78,0) NOT NULL,
    slashed       numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, miner)
);
CREATE TABLE validator_total (
    chain_id      bigint NOT NULL,
    validator     bytea NOT NULL,
    events        bigint NOT NULL,
    staked        numeric(78,0) NOT NULL,
    unstaking     numeric(78,0) NOT NULL,
    revenue_claimed numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, validator)
);

INSERT INTO derived_fold (source, kind, target, keys, key_of, cols, val_of, filter) VALUES
    ('vote_cast', 'sum', 'round_vote_total', '{chain_id,round_id}', '{chain_id,round_id}',
        '{events,total_weight}', '{1,weight}', 'true'),
    ('vote_cast', 'sum', 'candidate_vote_total', '{chain_id,round_id,candidate}', '{chain_id,round_id,candidate}',
        '{events,tally}', '{1,weight}', 'true'),
    ('share_transfer', 'sum', 'share_holding', '{chain_id,video_id,holder}', '{chain_id,video_id,to_address}',
        '{events,balance}', '{1,amount}', 'to_address <> ''\x0000000000000000000000000000000000000000''::bytea'),
    ('share_transfer', 'sum', 'share_holding', '{chain_id,video_id,holder}', '{chain_id,video_id,from_address}',
        '{events,balance}', '{1,-amount}', 'from_address <> ''\x0000000000000000000000000000000000000000''::bytea'),
    ('share_transfer', 'sum', 'video_share_supply', '{chain_id,video_id}', '{chain_id,video_id}',
        '{events,supply}',
        ARRAY['1', 'CASE WHEN from_address = ''\x0000000000000000000000000000000000000000''::bytea THEN amount ELSE -amount END'],
        '''\x0000000000000000000000000000000000000000''::bytea IN (from_address, to_address)'),
    ('revenue_settled', 'sum', 'video_revenue', '{chain_id,video_id}', '{chain_id,video_id}',
        '{events,cumulative_revenue}', '{1,amount}', 'true'),
    ('video_transfer', 'latest', 'video_current_owner', '{chain_id,video_id}', '{chain_id,video_id}',
        '{owner}', '{to_address}', 'true'),
    ('video_minted', 'sum', 'video_account', '{chain_id,account,video_id}', '{chain_id,creator,video_id}',
        '{events,claimed}', '{1,0}', 'true'),
    ('video_transfer', 'sum', 'video_account', '{chain_id,account,video_id}', '{chain_id,to_address,video_id}',
        '{events,claimed}', '{1,0}', 'to_address <> ''\x0000000000000000000000000000000000000000''::bytea'),
    ('share_transfer', 'sum', 'video_account', '{chain_id,account,video_id}', '{chain_id,to_address,video_id}',
        '{events,claimed}', '{1,0}', 'to_address <> ''\x0000000000000000000000000000000000000000''::bytea'),
    ('revenue_claimed', 'sum', 'video_account', '{chain_id,account,video_id}', '{chain_id,account,video_id}',
        '{events,claimed}', '{1,amount}', 'true'),
    ('campaign_topped_up', 'sum', 'campaign_total', '{chain_id,campaign_id}', '{chain_id,campaign_id}',
        '{events,topped_up,settled}', '{1,amount,0}', 'true'),
    ('revenue_settled', 'sum', 'campaign_total', '{chain_id,campaign_id}', '{chain_id,campaign_id}',
        '{events,topped_up,settled}', '{1,0,amount}', 'true'),
    ('campaign_paused', 'latest', 'campaign_pause_state', '{chain_id,campaign_id}', '{chain_id,campaign_id}',
        '{paused}', '{paused}', 'true'),
    ('collateral_deposited', 'sum', 'collateral_total', '{chain_id,miner}', '{chain_id,miner}',
        '{events,deposited,unbonding_requested,withdrawn,slashed}', '{1,amount,0,0,0}', 'true'),
    ('unbonding_started', 'sum', 'collateral_total', '{chain_id,miner}', '{chain_id,miner}',
        '{events,deposited,unbonding_requested,withdrawn,slashed}', '{1,0,amount,0,0}', 'true'),
    ('collateral_withdrawn', 'sum', 'collateral_total', '{chain_id,miner}', '{chain_id,miner}',
        '{events,deposited,unbonding_requested,withdrawn,slashed}', '{1,0,0,amount,0}', 'true'),
    ('slash_executed', 'sum', 'collateral_total', '{chain_id,miner}', '{chain_id,miner}',
        '{events,deposited,unbonding_requested,withdrawn,slashed}', '{1,0,0,0,amount}', 'true'),
    ('validator_staked', 'sum', 'validator_total', '{chain_id,validator}', '{chain_id,validator}',
        '{events,staked,unstaking,revenue_claimed}', '{1,amount,0,0}', 'true'),
    ('validator_unstake_started', 'sum', 'validator_total', '{chain_id,validator}', '{chain_id,validator}',
        '{events,staked,unstaking,revenue_claimed}', '{1,0,amount,0}', 'true'),
    ('validator_revenue_claimed', 'sum', 'validator_total', '{chain_id,validator}', '{chain_id,validator}',
        '{events,staked,unstaking,revenue_claimed}', '{1,0,0,amount}', 'true');

-- One insert and one delete trigger per fold, then every fold run once over the rows its source
-- already holds (a database indexed before this migration).
DO $$
DECLARE
    f derived_fold;
    stmt text;
BEGIN
    FOR f IN SELECT * FROM derived_fold ORDER BY id LOOP
        EXECUTE format('CREATE TRIGGER derived_fold_%s_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION derived_fold_apply(%s)', f.id, f.source, f.id);
        EXECUTE format('CREATE TRIGGER derived_fold_%s_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS changed
                        FOR EACH STATEMENT EXECUTE FUNCTION derived_fold_apply(%s)', f.id, f.source, f.id);
        FOREACH stmt IN ARRAY derived_fold_sql(f, f.source, 1) LOOP
            EXECUTE stmt;
        END LOOP;
    END LOOP;
END;
$$;

-- The views of 0002, now reading the folded tables.
DROP VIEW video;
DROP VIEW video_owner;
DROP VIEW share_balance;
DROP VIEW round;
DROP VIEW round_tally;
DROP VIEW campaign;
DROP VIEW collateral_position;
DROP VIEW validator;

CREATE VIEW share_balance AS
SELECT chain_id, video_id, holder, balance FROM share_holding WHERE balance <> 0;

CREATE VIEW video AS
SELECT m.chain_id, m.video_id, m.creator, m.content_hash, m.playback_id, m.royalty_bps,
       m.block_number AS minted_block, m.block_time AS minted_time,
       o.owner,
       coalesce(s.supply, 0) AS share_supply,
       coalesce(r.cumulative_revenue, 0) AS cumulative_revenue
FROM video_minted m
LEFT JOIN video_current_owner o ON o.chain_id = m.chain_id AND o.video_id = m.video_id
LEFT JOIN video_share_supply s ON s.chain_id = m.chain_id AND s.video_id = m.video_id
LEFT JOIN video_revenue r ON r.chain_id = m.chain_id AND r.video_id = m.video_id;

CREATE VIEW round_tally AS
SELECT c.chain_id, c.round_id, c.candidate_index, c.candidate,
       coalesce(v.events, 0) AS votes, coalesce(v.tally, 0) AS tally
FROM round_candidate c
LEFT JOIN candidate_vote_total v
    ON v.chain_id = c.chain_id AND v.round_id = c.round_id AND v.candidate = c.candidate_index;

CREATE VIEW round AS
SELECT r.chain_id, r.round_id, r.organizer, r.start_time, r.end_time,
       CASE r.weight_mode WHEN 0 THEN 'one_account_one_vote' ELSE 'stake_weighted' END AS weight_mode,
       r.block_number AS created_block,
       (SELECT count(*) FROM round_candidate c WHERE c.chain_id = r.chain_id AND c.round_id = r.round_id) AS candidates,
       coalesce(v.events, 0) AS voters, coalesce(v.total_weight, 0) AS total_weight,
       f.block_number AS finalized_block, f.winner, f.winning_tally, f.tied
FROM round_created r
LEFT JOIN round_vote_total v ON v.chain_id = r.chain_id AND v.round_id = r.round_id
LEFT JOIN round_finalized f ON f.chain_id = r.chain_id AND f.round_id = r.round_id;

CREATE VIEW campaign AS
SELECT o.chain_id, o.campaign_id, o.video_id, o.advertiser, o.rate_per_second,
       o.block_number AS opened_block, o.block_time AS opened_time,
       o.deposit + coalesce(t.topped_up, 0) AS funded,
       coalesce(t.settled, 0) AS settled,
       coalesce(x.refund, 0) AS refunded,
       o.deposit + coalesce(t.topped_up, 0) - coalesce(t.settled, 0) - coalesce(x.refund, 0) AS remaining,
       coalesce(p.paused, false) AS paused,
       x.campaign_id IS NOT NULL AS cancelled
FROM campaign_opened o
LEFT JOIN campaign_total t ON t.chain_id = o.chain_id AND t.campaign_id = o.campaign_id
LEFT JOIN campaign_cancelled x ON x.chain_id = o.chain_id AND x.campaign_id = o.campaign_id
LEFT JOIN campaign_pause_state p ON p.chain_id = o.chain_id AND p.campaign_id = o.campaign_id;

CREATE VIEW collateral_position AS
SELECT chain_id, miner, deposited, unbonding_requested, withdrawn, slashed,
       deposited - withdrawn - slashed AS held
FROM collateral_total;

CREATE VIEW validator AS
SELECT v.chain_id, v.validator,
       NOT EXISTS (SELECT 1 FROM validator_removed r WHERE r.chain_id = v.chain_id AND r.validator = v.validator
                   AND (r.block_number, r.log_index) > (v.block_number, v.log_index)) AS active,
       coalesce(t.staked - t.unstaking, 0) AS stake,
       coalesce(t.revenue_claimed, 0) AS revenue_claimed
FROM (SELECT DISTINCT ON (chain_id, validator) chain_id, validator, block_number, log_index
      FROM validator_added ORDER BY chain_id, validator, block_number DESC, log_index DESC) v
LEFT JOIN validator_total t ON t.chain_id = v.chain_id AND t.validator = v.validator;

-- Indexes the API's bounded reads use: a video's largest holders, its newest valuation points,
-- a round's candidates.
CREATE INDEX share_holding_video_balance_idx ON share_holding (chain_id, video_id, balance DESC, holder);
CREATE INDEX revenue_settled_video_block_idx ON revenue_settled (chain_id, video_id, block_number, log_index);
CREATE INDEX round_candidate_round_id_idx ON round_candidate (chain_id, round_id, candidate_index);

COMMENT ON COLUMN chains.status IS
    'connecting (RPC not reached yet, see error), backfill, live, stalled (head not moving, see error) or halted (see error)';

-- Liveness: when the node last answered (a head poll or a commit), when the head last moved, and how
-- long it may stand still (NULL: forever, for chains that mine on demand). /v1/chains reports a
-- chain `stalled` from these even while its sync task is stuck waiting on a hung node.
ALTER TABLE chains
    ADD COLUMN checked_at       timestamptz,
    ADD COLUMN head_changed_at  timestamptz,
    ADD COLUMN stall_after_ms   bigint,
    -- The tfx-indexer process (--instance) that holds the chain's lease and writes it.
    ADD COLUMN writer           text;

-- Every chain as the API reports it: the stored status, except that a chain whose node has not
-- answered for 15 s (a hung or dead RPC; the sync task may be stuck waiting on it), or whose head
-- has not moved for longer than its stall_after_ms, is `stalled`, with the reason.
CREATE VIEW chain_status AS
SELECT c.chain_id, c.name, c.head_block, c.indexed_block, c.confirmations, c.reorgs, c.updated_at,
       c.ad_token, c.collateral_asset, c.checked_at, c.head_changed_at, c.writer,
       CASE WHEN s.no_answer OR s.head_still THEN 'stalled' ELSE c.status END AS status,
       CASE WHEN s.no_answer THEN concat('no answer from the node since ', c.checked_at, '; last error: ', coalesce(c.error, 'none'))
            WHEN s.head_still THEN concat('head ', c.head_block, ' has not moved since ', c.head_changed_at)
            ELSE c.error END AS error
FROM chains c
CROSS JOIN LATERAL (SELECT
    c.status IN ('backfill', 'live') AND c.checked_at < now() - interval '15 seconds' AS no_answer,
    c.status = 'live' AND c.stall_after_ms > 0 AND c.head_changed_at < now() - c.stall_after_ms * interval '1 millisecond' AS head_still
) s;

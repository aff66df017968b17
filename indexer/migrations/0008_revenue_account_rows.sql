-- One row per (video, account) with everything an account's revenue needs, so that a page of an
-- account's revenue reads its rows from one index and joins only the video's accumulator: through
-- 0006's view it joined five tables per row, and planning that join (~5 ms) capped the endpoint near
-- 1,300 requests/s on two cores.
--
-- revenue_position now also holds the account's share balance, what it claimed, and whether it
-- created the video, and it has a row for every account that may hold revenue (the creator, NFT
-- receivers, share receivers, claimers): what 0004's `video_account` fold kept, which goes. The
-- balance repeats share_holding's (which stays, for a video's holders in balance order) because a
-- claimable amount needs it in the same row as the account's correction.
--
--   claimable = (creator ? creator_credited : 0) + credited + (rps * balance + correction) / 2^128 - claimed

DO $$
DECLARE
    f derived_fold;
BEGIN
    FOR f IN SELECT * FROM derived_fold WHERE target = 'video_account' LOOP
        EXECUTE format('DROP TRIGGER derived_fold_%s_insert ON %s', f.id, f.source);
        EXECUTE format('DROP TRIGGER derived_fold_%s_delete ON %s', f.id, f.source);
    END LOOP;
    DELETE FROM derived_fold WHERE target = 'video_account';
END;
$$;
DROP VIEW revenue_account;
DROP TABLE video_account;

ALTER TABLE revenue_position
    ADD COLUMN balance numeric(78,0) NOT NULL DEFAULT 0,  -- shares held now
    ADD COLUMN claimed numeric(78,0) NOT NULL DEFAULT 0,  -- revenue claimed so far
    ADD COLUMN creator boolean NOT NULL DEFAULT false;    -- minted the video (earns the creator cut)
ALTER TABLE revenue_position ALTER COLUMN balance DROP DEFAULT, ALTER COLUMN claimed DROP DEFAULT,
    ALTER COLUMN creator DROP DEFAULT;
CREATE UNIQUE INDEX revenue_position_account_idx ON revenue_position (chain_id, account, video_id);

-- Replays the revenue-relevant events of chain `p_chain` in blocks [p_from, p_to] (of the videos
-- `p_videos` only, when given) onto revenue_video and revenue_position, in one set-based statement:
-- the running supply, the revenue-per-share segments (each fractionalize starts one at zero) and the
-- owner in force come from window functions over the events in log order, and every touched row is
-- written once (per-event updates of one hot row would each walk that row's growing version chain).
CREATE OR REPLACE FUNCTION revenue_apply(p_chain bigint, p_from bigint, p_to bigint, p_videos numeric[] DEFAULT NULL) RETURNS void
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
    UNION ALL
    SELECT video_id, block_number, log_index, 0, 'm', 0, 0, creator, NULL
    FROM video_minted
    WHERE chain_id = $1 AND block_number BETWEEN $2 AND $3 AND ($4 IS NULL OR video_id = ANY ($4))
    UNION ALL
    SELECT video_id, block_number, log_index, 0, 'c', amount, 0, account, NULL
    FROM revenue_claimed
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
    SELECT video_id, account, sum(credited) AS credited, sum(correction) AS correction,
           sum(balance) AS balance, sum(claimed) AS claimed, bool_or(creator) AS creator
    FROM (
        SELECT video_id, a AS account, 0 AS credited, rps_at * amount AS correction, -amount AS balance,
               0 AS claimed, false AS creator
        FROM stepped WHERE kind = 't' AND a <> '\x0000000000000000000000000000000000000000'::bytea
        UNION ALL
        SELECT video_id, b, 0, -(rps_at * amount), amount, 0, false FROM stepped
        WHERE kind = 't' AND b <> '\x0000000000000000000000000000000000000000'::bytea
        UNION ALL
        SELECT video_id, owner_at, amount - creator_amount, 0, 0, 0, false FROM stepped
        WHERE kind = 's' AND supply_before = 0 AND owner_at IS NOT NULL
        UNION ALL
        SELECT video_id, b, 0, 0, 0, 0, false FROM stepped WHERE kind = 'o' AND b <> '\x0000000000000000000000000000000000000000'::bytea
        UNION ALL
        SELECT video_id, a, 0, 0, 0, 0, true FROM stepped WHERE kind = 'm'
        UNION ALL
        SELECT video_id, a, 0, 0, 0, amount, false FROM stepped WHERE kind = 'c'
    ) moves
    GROUP BY video_id, account
),
written AS (
    INSERT INTO revenue_position AS p (chain_id, video_id, account, credited, correction, balance, claimed, creator)
    SELECT $1, video_id, account, credited, correction, balance, claimed, creator FROM positions
    ON CONFLICT (chain_id, video_id, account) DO UPDATE
        SET credited = p.credited + excluded.credited, correction = p.correction + excluded.correction,
            balance = p.balance + excluded.balance, claimed = p.claimed + excluded.claimed,
            creator = p.creator OR excluded.creator
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

-- What each account can claim from each video it created, held or claimed from: AdRevenue's
-- claimable(), from the state above.
CREATE VIEW revenue_account AS
SELECT p.chain_id, p.account, p.video_id,
       CASE WHEN p.creator THEN v.creator_credited ELSE 0 END + p.credited
         + div(v.rps * p.balance + p.correction, 340282366920938463463374607431768211456) - p.claimed AS claimable,
       p.claimed
FROM revenue_position p
JOIN revenue_video v ON v.chain_id = p.chain_id AND v.video_id = p.video_id;

-- A database indexed before this migration: rebuild the state with the new columns and rows.
TRUNCATE revenue_video, revenue_position;
SELECT revenue_apply(chain_id, 0, indexed_block) FROM chains;

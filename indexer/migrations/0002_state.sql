-- Derived state a dApp reads: views over the event tables. Nothing here is written by the indexer,
-- so a reorg (which deletes event rows above the fork point) can never leave derived state behind.

-- The current owner of each video NFT: its latest ERC-721 transfer.
CREATE VIEW video_owner AS
SELECT DISTINCT ON (chain_id, video_id) chain_id, video_id, to_address AS owner, block_number
FROM video_transfer
ORDER BY chain_id, video_id, block_number DESC, log_index DESC;

-- Share balances per video and holder (ERC-1155 mints, transfers and burns netted).
CREATE VIEW share_balance AS
SELECT chain_id, video_id, holder, sum(delta) AS balance
FROM (
    SELECT chain_id, video_id, to_address AS holder, amount AS delta FROM share_transfer
    WHERE to_address <> '\x0000000000000000000000000000000000000000'::bytea
    UNION ALL
    SELECT chain_id, video_id, from_address, -amount FROM share_transfer
    WHERE from_address <> '\x0000000000000000000000000000000000000000'::bytea
) moves
GROUP BY chain_id, video_id, holder
HAVING sum(delta) <> 0;

-- Cumulative ad revenue per video after each settlement: the video's valuation history.
CREATE VIEW video_valuation AS
SELECT chain_id, video_id, block_number, block_time, log_index, campaign_id, amount, cumulative_revenue
FROM revenue_settled;

-- One row per video: metadata, current owner, outstanding shares and live valuation.
CREATE VIEW video AS
SELECT m.chain_id, m.video_id, m.creator, m.content_hash, m.playback_id, m.royalty_bps,
       m.block_number AS minted_block, m.block_time AS minted_time,
       o.owner,
       coalesce((SELECT sum(CASE WHEN s.from_address = '\x0000000000000000000000000000000000000000'::bytea THEN s.amount
                                 WHEN s.to_address = '\x0000000000000000000000000000000000000000'::bytea THEN -s.amount
                                 ELSE 0 END)
                 FROM share_transfer s WHERE s.chain_id = m.chain_id AND s.video_id = m.video_id), 0) AS share_supply,
       coalesce((SELECT max(r.cumulative_revenue) FROM revenue_settled r
                 WHERE r.chain_id = m.chain_id AND r.video_id = m.video_id), 0) AS cumulative_revenue
FROM video_minted m
LEFT JOIN video_owner o ON o.chain_id = m.chain_id AND o.video_id = m.video_id;

-- Vote tallies per round and candidate, live while the round is open and final after it.
CREATE VIEW round_tally AS
SELECT c.chain_id, c.round_id, c.candidate_index, c.candidate,
       coalesce(v.votes, 0) AS votes, coalesce(v.tally, 0) AS tally
FROM round_candidate c
LEFT JOIN (
    SELECT chain_id, round_id, candidate, count(*) AS votes, sum(weight) AS tally
    FROM vote_cast GROUP BY chain_id, round_id, candidate
) v ON v.chain_id = c.chain_id AND v.round_id = c.round_id AND v.candidate = c.candidate_index;

-- One row per round: window, mode, turnout and (once finalized) the on-chain result.
CREATE VIEW round AS
SELECT r.chain_id, r.round_id, r.organizer, r.start_time, r.end_time,
       CASE r.weight_mode WHEN 0 THEN 'one_account_one_vote' ELSE 'stake_weighted' END AS weight_mode,
       r.block_number AS created_block,
       (SELECT count(*) FROM round_candidate c WHERE c.chain_id = r.chain_id AND c.round_id = r.round_id) AS candidates,
       coalesce(v.voters, 0) AS voters, coalesce(v.total_weight, 0) AS total_weight,
       f.block_number AS finalized_block, f.winner, f.winning_tally, f.tied
FROM round_created r
LEFT JOIN (
    SELECT chain_id, round_id, count(*) AS voters, sum(weight) AS total_weight FROM vote_cast GROUP BY chain_id, round_id
) v ON v.chain_id = r.chain_id AND v.round_id = r.round_id
LEFT JOIN round_finalized f ON f.chain_id = r.chain_id AND f.round_id = r.round_id;

-- One row per ad campaign: funding, what has streamed into the video (settled), what is left.
CREATE VIEW campaign AS
SELECT o.chain_id, o.campaign_id, o.video_id, o.advertiser, o.rate_per_second,
       o.block_number AS opened_block, o.block_time AS opened_time,
       o.deposit + coalesce(t.topped_up, 0) AS funded,
       coalesce(s.settled, 0) AS settled,
       coalesce(x.refund, 0) AS refunded,
       o.deposit + coalesce(t.topped_up, 0) - coalesce(s.settled, 0) - coalesce(x.refund, 0) AS remaining,
       coalesce(p.paused, false) AS paused,
       x.campaign_id IS NOT NULL AS cancelled
FROM campaign_opened o
LEFT JOIN (SELECT chain_id, campaign_id, sum(amount) AS topped_up FROM campaign_topped_up GROUP BY 1, 2) t
    ON t.chain_id = o.chain_id AND t.campaign_id = o.campaign_id
LEFT JOIN (SELECT chain_id, campaign_id, sum(amount) AS settled FROM revenue_settled GROUP BY 1, 2) s
    ON s.chain_id = o.chain_id AND s.campaign_id = o.campaign_id
LEFT JOIN campaign_cancelled x ON x.chain_id = o.chain_id AND x.campaign_id = o.campaign_id
LEFT JOIN LATERAL (
    SELECT paused FROM campaign_paused p
    WHERE p.chain_id = o.chain_id AND p.campaign_id = o.campaign_id
    ORDER BY block_number DESC, log_index DESC LIMIT 1
) p ON true;

-- What `account` can claim from `video_id` right now, replaying AdRevenue's accounting exactly:
-- creator cuts and unfractionalized owner revenue are credited, fractionalized revenue accrues per
-- share (2^128 magnitude, integer division) with corrections moved by share transfers.
CREATE FUNCTION revenue_claimable(p_chain bigint, p_video numeric, p_account bytea) RETURNS numeric
LANGUAGE plpgsql STABLE AS $$
DECLARE
    magnitude constant numeric := 340282366920938463463374607431768211456;
    zero constant bytea := '\x0000000000000000000000000000000000000000';
    creator bytea;
    owner bytea;
    supply numeric := 0;
    balance numeric := 0;
    rps numeric := 0;
    correction numeric := 0;
    credited numeric := 0;
    claimed numeric := 0;
    ev record;
BEGIN
    SELECT m.creator INTO creator FROM video_minted m WHERE m.chain_id = p_chain AND m.video_id = p_video;
    FOR ev IN
        SELECT block_number, log_index, 0 AS sub, 's' AS kind, amount, creator_amount, NULL::bytea AS a, NULL::bytea AS b
        FROM revenue_settled WHERE chain_id = p_chain AND video_id = p_video
        UNION ALL
        SELECT block_number, log_index, batch_index, 't', amount, 0, from_address, to_address
        FROM share_transfer WHERE chain_id = p_chain AND video_id = p_video
        UNION ALL
        SELECT block_number, log_index, 0, 'o', 0, 0, NULL, to_address
        FROM video_transfer WHERE chain_id = p_chain AND video_id = p_video
        UNION ALL
        SELECT block_number, log_index, 0, 'c', amount, 0, NULL, NULL
        FROM revenue_claimed WHERE chain_id = p_chain AND video_id = p_video AND account = p_account
        ORDER BY 1, 2, 3
    LOOP
        CASE ev.kind
        WHEN 's' THEN
            IF creator = p_account THEN credited := credited + ev.creator_amount; END IF;
            IF supply = 0 THEN
                IF owner = p_account THEN credited := credited + ev.amount - ev.creator_amount; END IF;
            ELSE
                rps := rps + div((ev.amount - ev.creator_amount) * magnitude, supply);
            END IF;
        WHEN 't' THEN
            IF ev.a = zero THEN supply := supply + ev.amount; END IF;
            IF ev.b = zero THEN supply := supply - ev.amount; END IF;
            IF ev.a = p_account THEN correction := correction + rps * ev.amount; balance := balance - ev.amount; END IF;
            IF ev.b = p_account THEN correction := correction - rps * ev.amount; balance := balance + ev.amount; END IF;
        WHEN 'o' THEN
            owner := ev.b;
        ELSE
            claimed := claimed + ev.amount;
        END CASE;
    END LOOP;
    RETURN credited + div(rps * balance + correction, magnitude) - claimed;
END;
$$;

-- Miner collateral positions: what each miner has put in, taken out and lost.
CREATE VIEW collateral_position AS
SELECT miner, chain_id,
       sum(deposited) AS deposited, sum(unbonding_requested) AS unbonding_requested,
       sum(withdrawn) AS withdrawn, sum(slashed) AS slashed,
       sum(deposited) - sum(withdrawn) - sum(slashed) AS held
FROM (
    SELECT chain_id, miner, amount AS deposited, 0 AS unbonding_requested, 0 AS withdrawn, 0 AS slashed FROM collateral_deposited
    UNION ALL SELECT chain_id, miner, 0, amount, 0, 0 FROM unbonding_started
    UNION ALL SELECT chain_id, miner, 0, 0, amount, 0 FROM collateral_withdrawn
    UNION ALL SELECT chain_id, miner, 0, 0, 0, amount FROM slash_executed
) moves
GROUP BY chain_id, miner;

-- Slash proposals with approvals and their current status (the contract's SlashStatus, plus expiry).
CREATE VIEW slash AS
SELECT p.chain_id, p.slash_id, p.miner, p.proposer, p.amount, p.reason, p.evidence_hash,
       p.block_number AS proposed_block, p.block_time AS proposed_time,
       coalesce((SELECT max(a.approvals) FROM slash_approved a WHERE a.chain_id = p.chain_id AND a.slash_id = p.slash_id), 0) AS approvals,
       d.counter_evidence_hash,
       CASE WHEN e.slash_id IS NOT NULL THEN 'executed'
            WHEN x.slash_id IS NOT NULL THEN 'expired'
            WHEN r.upheld IS FALSE THEN 'rejected'
            WHEN r.upheld IS TRUE THEN 'upheld'
            WHEN d.slash_id IS NOT NULL THEN 'disputed'
            ELSE 'pending' END AS status,
       e.amount AS executed_amount
FROM slash_proposed p
LEFT JOIN slash_disputed d ON d.chain_id = p.chain_id AND d.slash_id = p.slash_id
LEFT JOIN slash_dispute_resolved r ON r.chain_id = p.chain_id AND r.slash_id = p.slash_id
LEFT JOIN slash_executed e ON e.chain_id = p.chain_id AND e.slash_id = p.slash_id
LEFT JOIN slash_expired x ON x.chain_id = p.chain_id AND x.slash_id = p.slash_id;

-- Validators: membership, stake (staked minus unstaking, as MinerCollateral keeps it) and the site
-- revenue they have claimed.
CREATE VIEW validator AS
SELECT v.chain_id, v.validator,
       NOT EXISTS (SELECT 1 FROM validator_removed r WHERE r.chain_id = v.chain_id AND r.validator = v.validator
                   AND (r.block_number, r.log_index) > (v.block_number, v.log_index)) AS active,
       coalesce((SELECT sum(s.amount) FROM validator_staked s WHERE s.chain_id = v.chain_id AND s.validator = v.validator), 0)
         - coalesce((SELECT sum(u.amount) FROM validator_unstake_started u
                     WHERE u.chain_id = v.chain_id AND u.validator = v.validator), 0) AS stake,
       coalesce((SELECT sum(c.amount) FROM validator_revenue_claimed c
                 WHERE c.chain_id = v.chain_id AND c.validator = v.validator), 0) AS revenue_claimed
FROM (SELECT DISTINCT ON (chain_id, validator) chain_id, validator, block_number, log_index
      FROM validator_added ORDER BY chain_id, validator, block_number DESC, log_index DESC) v;

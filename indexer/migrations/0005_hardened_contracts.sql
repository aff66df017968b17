-- The contracts-hardening release (issue 11).
--
-- New events, one table each, with the five locating columns of 0001 in front.
--   mint_committed              VideoNft.MintCommitted: a mint commitment (commit-reveal minting)
--   video_reserved              VideoNft.VideoReserved: an id reserved for its creator
--   signed_vote_rejected        VoteTally.SignedVoteRejected: a batch entry skipped, with its error
--   nonces_invalidated          VoteTally.NoncesInvalidated: signed votes a voter withdrew
--   validator_stake_warming_up  MinerCollateral.ValidatorStakeWarmingUp: stake waiting to earn
--   validator_stake_activated   MinerCollateral.ValidatorStakeActivated: stake that earns from now
CREATE TABLE mint_committed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    commitment    bytea NOT NULL,
    committer     bytea NOT NULL,
    committed_at  bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX mint_committed_committer_idx ON mint_committed (chain_id, committer);

CREATE TABLE video_reserved (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    creator       bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX video_reserved_video_id_idx ON video_reserved (chain_id, video_id);

CREATE TABLE signed_vote_rejected (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    round_id      numeric(78,0) NOT NULL,
    voter         bytea NOT NULL,
    entry_index   numeric(78,0) NOT NULL,
    reason        bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX signed_vote_rejected_round_id_idx ON signed_vote_rejected (chain_id, round_id);

CREATE TABLE nonces_invalidated (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    voter         bytea NOT NULL,
    word_pos      numeric(78,0) NOT NULL,
    mask          numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX nonces_invalidated_voter_idx ON nonces_invalidated (chain_id, voter);

CREATE TABLE validator_stake_warming_up (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    warming_up    numeric(78,0) NOT NULL,
    activates_at  bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX validator_stake_warming_up_validator_idx ON validator_stake_warming_up (chain_id, validator);

CREATE TABLE validator_stake_activated (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    active_stake  numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX validator_stake_activated_validator_idx ON validator_stake_activated (chain_id, validator);

-- MinerCollateral's parameters gained the validator stake warm-up: ParamsSet now carries it. Rows
-- of deployments from before keep NULL.
ALTER TABLE params_set ADD COLUMN stake_warmup bigint;

-- AdRevenue restarts a video's revenue-per-share accumulator at zero when the video is
-- fractionalized (nobody holds its shares then), so the replay does too. Settlements before every
-- NFT and share movement arrive as RevenueSettled logs ahead of the movement's own log, so replaying
-- in log order credits the holder of each interval.
CREATE OR REPLACE FUNCTION revenue_claimable(p_chain bigint, p_video numeric, p_account bytea) RETURNS numeric
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
            IF ev.a = zero THEN supply := supply + ev.amount; rps := 0; END IF;
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

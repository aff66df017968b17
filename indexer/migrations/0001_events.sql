-- Raw contract events, one table per event, written only by the indexer.
--
-- Every table starts with the same five columns locating the log on its chain:
--   chain_id      EIP-155 chain id
--   block_number  block that carried the log
--   log_index     the log's index in that block
--   block_hash    hash of that block (rows of orphaned blocks are deleted on a reorg, so at any time
--                 (chain_id, block_number) names exactly one block hash)
--   tx_hash       transaction that emitted the log
--   block_time    block timestamp, unix seconds (NULL if the RPC did not report it)
-- Amounts and ids are numeric(78,0): the full uint256 range. Addresses and hashes are bytea.
-- Derived state (videos, balances, tallies, campaigns, positions) is defined over these tables in
-- the next migration, so a rollback only ever deletes event rows.

CREATE TABLE chains (
    chain_id        bigint PRIMARY KEY,
    name            text NOT NULL,
    -- Highest block whose events are all in the database (the checkpoint).
    indexed_block   bigint NOT NULL,
    head_block      bigint NOT NULL DEFAULT 0,
    confirmations   bigint NOT NULL DEFAULT 0,
    reorgs          bigint NOT NULL DEFAULT 0,
    -- 'backfill', 'live' or 'halted' (a reorg deeper than the tracked window; see error).
    status          text NOT NULL DEFAULT 'backfill',
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Hashes of the recent (not yet final) blocks the indexer has seen, for reorg detection.
CREATE TABLE blocks (
    chain_id     bigint NOT NULL,
    number       bigint NOT NULL,
    hash         bytea NOT NULL,
    parent_hash  bytea NOT NULL,
    PRIMARY KEY (chain_id, number)
);

-- Logs of indexed contracts that no typed table below describes (OpenZeppelin role, pause and
-- approval events), kept verbatim so nothing a contract emits is lost.
CREATE TABLE raw_log (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    address       bytea NOT NULL,
    topics        bytea[] NOT NULL,
    data          bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- VideoNft.VideoMinted
CREATE TABLE video_minted (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    creator       bytea NOT NULL,
    content_hash  bytea NOT NULL,
    playback_id   text NOT NULL,
    royalty_bps   integer NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX video_minted_video_id_idx ON video_minted (chain_id, video_id);
CREATE INDEX video_minted_creator_idx ON video_minted (chain_id, creator);

-- VideoNft.Transfer (ERC-721)
CREATE TABLE video_transfer (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    from_address  bytea NOT NULL,
    to_address    bytea NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX video_transfer_video_id_idx ON video_transfer (chain_id, video_id);
CREATE INDEX video_transfer_to_address_idx ON video_transfer (chain_id, to_address);

-- VideoShares.TransferSingle / TransferBatch (ERC-1155), one row per id
CREATE TABLE share_transfer (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    batch_index   integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    operator      bytea NOT NULL,
    from_address  bytea NOT NULL,
    to_address    bytea NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    amount        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index, batch_index)
);
CREATE INDEX share_transfer_video_id_idx ON share_transfer (chain_id, video_id);

-- VideoShares.VideoFractionalized
CREATE TABLE video_fractionalized (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    owner         bytea NOT NULL,
    supply        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX video_fractionalized_video_id_idx ON video_fractionalized (chain_id, video_id);

-- VideoShares.VideoRedeemed
CREATE TABLE video_redeemed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    holder        bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX video_redeemed_video_id_idx ON video_redeemed (chain_id, video_id);

-- VoteTally.RoundCreated
CREATE TABLE round_created (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    round_id      numeric(78,0) NOT NULL,
    organizer     bytea NOT NULL,
    start_time    bigint NOT NULL,
    end_time      bigint NOT NULL,
    weight_mode   smallint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX round_created_round_id_idx ON round_created (chain_id, round_id);

-- VoteTally.RoundCreated candidates, one row per candidate
CREATE TABLE round_candidate (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    candidate_index integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    round_id      numeric(78,0) NOT NULL,
    candidate     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index, candidate_index)
);

-- VoteTally.VoteCast
CREATE TABLE vote_cast (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    round_id      numeric(78,0) NOT NULL,
    voter         bytea NOT NULL,
    candidate     bigint NOT NULL,
    weight        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX vote_cast_round_id_candidate_idx ON vote_cast (chain_id, round_id, candidate);

-- VoteTally.RoundFinalized
CREATE TABLE round_finalized (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    round_id      numeric(78,0) NOT NULL,
    winner        bigint NOT NULL,
    winning_tally numeric(78,0) NOT NULL,
    total_weight  numeric(78,0) NOT NULL,
    tied          boolean NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX round_finalized_round_id_idx ON round_finalized (chain_id, round_id);

-- AdRevenue.CampaignOpened
CREATE TABLE campaign_opened (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    campaign_id   numeric(78,0) NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    advertiser    bytea NOT NULL,
    rate_per_second numeric(78,0) NOT NULL,
    deposit       numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX campaign_opened_campaign_id_idx ON campaign_opened (chain_id, campaign_id);
CREATE INDEX campaign_opened_video_id_idx ON campaign_opened (chain_id, video_id);
CREATE INDEX campaign_opened_advertiser_idx ON campaign_opened (chain_id, advertiser);

-- AdRevenue.CampaignToppedUp
CREATE TABLE campaign_topped_up (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    campaign_id   numeric(78,0) NOT NULL,
    amount        numeric(78,0) NOT NULL,
    remaining     numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX campaign_topped_up_campaign_id_idx ON campaign_topped_up (chain_id, campaign_id);

-- AdRevenue.CampaignPaused
CREATE TABLE campaign_paused (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    campaign_id   numeric(78,0) NOT NULL,
    paused        boolean NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX campaign_paused_campaign_id_idx ON campaign_paused (chain_id, campaign_id);

-- AdRevenue.CampaignCancelled
CREATE TABLE campaign_cancelled (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    campaign_id   numeric(78,0) NOT NULL,
    refund        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX campaign_cancelled_campaign_id_idx ON campaign_cancelled (chain_id, campaign_id);

-- AdRevenue.RevenueSettled
CREATE TABLE revenue_settled (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    campaign_id   numeric(78,0) NOT NULL,
    video_id      numeric(78,0) NOT NULL,
    amount        numeric(78,0) NOT NULL,
    creator_amount numeric(78,0) NOT NULL,
    cumulative_revenue numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX revenue_settled_video_id_idx ON revenue_settled (chain_id, video_id);
CREATE INDEX revenue_settled_campaign_id_idx ON revenue_settled (chain_id, campaign_id);

-- AdRevenue.RevenueClaimed
CREATE TABLE revenue_claimed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    account       bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX revenue_claimed_video_id_account_idx ON revenue_claimed (chain_id, video_id, account);

-- AdRevenue.CreatorCutSet
CREATE TABLE creator_cut_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    creator_cut_bps integer NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.CollateralDeposited
CREATE TABLE collateral_deposited (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    miner         bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    bonded        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX collateral_deposited_miner_idx ON collateral_deposited (chain_id, miner);

-- MinerCollateral.UnbondingStarted
CREATE TABLE unbonding_started (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    miner         bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    unbonding     numeric(78,0) NOT NULL,
    release_at    bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX unbonding_started_miner_idx ON unbonding_started (chain_id, miner);

-- MinerCollateral.CollateralWithdrawn
CREATE TABLE collateral_withdrawn (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    miner         bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX collateral_withdrawn_miner_idx ON collateral_withdrawn (chain_id, miner);

-- MinerCollateral.SlashProposed
CREATE TABLE slash_proposed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    miner         bytea NOT NULL,
    proposer      bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    reason        smallint NOT NULL,
    evidence_hash bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX slash_proposed_slash_id_idx ON slash_proposed (chain_id, slash_id);
CREATE INDEX slash_proposed_miner_idx ON slash_proposed (chain_id, miner);

-- MinerCollateral.SlashApproved
CREATE TABLE slash_approved (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    validator     bytea NOT NULL,
    approvals     integer NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX slash_approved_slash_id_idx ON slash_approved (chain_id, slash_id);

-- MinerCollateral.SlashDisputed
CREATE TABLE slash_disputed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    miner         bytea NOT NULL,
    counter_evidence_hash bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX slash_disputed_slash_id_idx ON slash_disputed (chain_id, slash_id);

-- MinerCollateral.SlashDisputeResolved
CREATE TABLE slash_dispute_resolved (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    upheld        boolean NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX slash_dispute_resolved_slash_id_idx ON slash_dispute_resolved (chain_id, slash_id);

-- MinerCollateral.SlashExecuted
CREATE TABLE slash_executed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    miner         bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    treasury      bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX slash_executed_slash_id_idx ON slash_executed (chain_id, slash_id);

-- MinerCollateral.SlashExpired
CREATE TABLE slash_expired (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX slash_expired_slash_id_idx ON slash_expired (chain_id, slash_id);

-- MinerCollateral.ValidatorAdded
CREATE TABLE validator_added (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.ValidatorRemoved
CREATE TABLE validator_removed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.ValidatorStaked
CREATE TABLE validator_staked (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    stake         numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX validator_staked_validator_idx ON validator_staked (chain_id, validator);

-- MinerCollateral.ValidatorUnstakeStarted
CREATE TABLE validator_unstake_started (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    release_at    bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX validator_unstake_started_validator_idx ON validator_unstake_started (chain_id, validator);

-- MinerCollateral.ValidatorStakeWithdrawn
CREATE TABLE validator_stake_withdrawn (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX validator_stake_withdrawn_validator_idx ON validator_stake_withdrawn (chain_id, validator);

-- MinerCollateral.SiteRevenueDeposited
CREATE TABLE site_revenue_deposited (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    from_address  bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    total_stake   numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.ValidatorRevenueClaimed
CREATE TABLE validator_revenue_claimed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX validator_revenue_claimed_validator_idx ON validator_revenue_claimed (chain_id, validator);

-- MinerCollateral.ParamsSet
CREATE TABLE params_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    unbonding_period bigint NOT NULL,
    dispute_window bigint NOT NULL,
    proposal_ttl  bigint NOT NULL,
    slash_cap_period bigint NOT NULL,
    slash_cap_per_period numeric(78,0) NOT NULL,
    approval_threshold integer NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.TreasurySet
CREATE TABLE treasury_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    treasury      bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

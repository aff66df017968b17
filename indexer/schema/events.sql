-- GENERATED from the event catalog (indexer/src/catalog.rs) and the committed ABI (abi/evm) by
-- `tfx-indexer schema`; do not edit. A unit test fails when this file is stale.
--
-- Raw contract events, one table per event, written only by the indexer. The indexer applies this
-- file on every start (it only creates what is missing) and refuses a database whose event tables
-- differ from it.
--
-- Every table starts with the same columns locating the log on its chain:
--   chain_id      EIP-155 chain id (Solana: the suite's route domain)
--   block_number  block that carried the log (Solana: the slot)
--   log_index     the log's index in that block (Solana: the event's among the slot's events)
--   block_hash    hash of that block (rows of orphaned blocks are deleted on a reorg, so at any time
--                 (chain_id, block_number) names exactly one block hash)
--   tx_hash       transaction that emitted the log (Solana: its 64-byte signature)
--   block_time    block timestamp, unix seconds (from the log, else from the block header)
-- The other columns are the event's parameters in ABI order, in snake case. uint256 amounts and
-- ids are numeric(78,0) (the full range); uint8..uint48 are smallint, integer or bigint; addresses
-- and hashes are bytea (Solana: 32-byte public keys; its events fill the same tables from the
-- fields of the same names, indexer/src/solana/decode.rs). Derived state (videos, balances, tallies, campaigns, positions) is kept by
-- the migrations in indexer/migrations, over these tables.

-- VideoNft.VideoMinted: a creator minted a video (video id = content hash)
CREATE TABLE IF NOT EXISTS video_minted (
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
CREATE INDEX IF NOT EXISTS video_minted_video_id_idx ON video_minted (chain_id, video_id);
CREATE INDEX IF NOT EXISTS video_minted_creator_idx ON video_minted (chain_id, creator);

-- VideoNft.Transfer: a video NFT changed hands (from zero: minted)
CREATE TABLE IF NOT EXISTS video_transfer (
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
CREATE INDEX IF NOT EXISTS video_transfer_video_id_idx ON video_transfer (chain_id, video_id);
CREATE INDEX IF NOT EXISTS video_transfer_to_address_idx ON video_transfer (chain_id, to_address);

-- VideoShares.TransferSingle: shares moved (from zero: fractionalized, to zero: redeemed) (also VideoShares.TransferBatch)
CREATE TABLE IF NOT EXISTS share_transfer (
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
CREATE INDEX IF NOT EXISTS share_transfer_video_id_idx ON share_transfer (chain_id, video_id);

-- VideoShares.VideoFractionalized: a video was locked and split into shares
CREATE TABLE IF NOT EXISTS video_fractionalized (
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
CREATE INDEX IF NOT EXISTS video_fractionalized_video_id_idx ON video_fractionalized (chain_id, video_id);

-- VideoShares.VideoRedeemed: the whole supply was burned for the NFT
CREATE TABLE IF NOT EXISTS video_redeemed (
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
CREATE INDEX IF NOT EXISTS video_redeemed_video_id_idx ON video_redeemed (chain_id, video_id);

-- VoteTally.RoundCreated: an organizer opened a voting round
CREATE TABLE IF NOT EXISTS round_created (
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
CREATE INDEX IF NOT EXISTS round_created_round_id_idx ON round_created (chain_id, round_id);

-- VoteTally.RoundCreated: a round's candidates (video ids or prompt hashes) by index
CREATE TABLE IF NOT EXISTS round_candidate (
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

-- VoteTally.VoteCast: a vote (weight 1, or stake at the round's start)
CREATE TABLE IF NOT EXISTS vote_cast (
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
CREATE INDEX IF NOT EXISTS vote_cast_round_id_candidate_idx ON vote_cast (chain_id, round_id, candidate);

-- VoteTally.RoundFinalized: a round's final result
CREATE TABLE IF NOT EXISTS round_finalized (
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
CREATE INDEX IF NOT EXISTS round_finalized_round_id_idx ON round_finalized (chain_id, round_id);

-- AdRevenue.CampaignOpened: an advertiser opened a stream to a video
CREATE TABLE IF NOT EXISTS campaign_opened (
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
CREATE INDEX IF NOT EXISTS campaign_opened_campaign_id_idx ON campaign_opened (chain_id, campaign_id);
CREATE INDEX IF NOT EXISTS campaign_opened_video_id_idx ON campaign_opened (chain_id, video_id);
CREATE INDEX IF NOT EXISTS campaign_opened_advertiser_idx ON campaign_opened (chain_id, advertiser);

-- AdRevenue.CampaignToppedUp: a campaign's deposit grew
CREATE TABLE IF NOT EXISTS campaign_topped_up (
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
CREATE INDEX IF NOT EXISTS campaign_topped_up_campaign_id_idx ON campaign_topped_up (chain_id, campaign_id);

-- AdRevenue.CampaignPaused: a campaign stopped or resumed streaming
CREATE TABLE IF NOT EXISTS campaign_paused (
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
CREATE INDEX IF NOT EXISTS campaign_paused_campaign_id_idx ON campaign_paused (chain_id, campaign_id);

-- AdRevenue.CampaignCancelled: a campaign ended with a refund
CREATE TABLE IF NOT EXISTS campaign_cancelled (
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
CREATE INDEX IF NOT EXISTS campaign_cancelled_campaign_id_idx ON campaign_cancelled (chain_id, campaign_id);

-- AdRevenue.RevenueSettled: streamed revenue distributed; cumulative_revenue is the video's valuation
CREATE TABLE IF NOT EXISTS revenue_settled (
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
CREATE INDEX IF NOT EXISTS revenue_settled_video_id_idx ON revenue_settled (chain_id, video_id);
CREATE INDEX IF NOT EXISTS revenue_settled_campaign_id_idx ON revenue_settled (chain_id, campaign_id);

-- AdRevenue.RevenueClaimed: an account withdrew its revenue from a video
CREATE TABLE IF NOT EXISTS revenue_claimed (
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
CREATE INDEX IF NOT EXISTS revenue_claimed_video_id_account_idx ON revenue_claimed (chain_id, video_id, account);

-- AdRevenue.CreatorCutSet: the creator's cut changed
CREATE TABLE IF NOT EXISTS creator_cut_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    creator_cut_bps integer NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.CollateralDeposited: a miner bonded collateral
CREATE TABLE IF NOT EXISTS collateral_deposited (
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
CREATE INDEX IF NOT EXISTS collateral_deposited_miner_idx ON collateral_deposited (chain_id, miner);

-- MinerCollateral.UnbondingStarted: a miner started unbonding
CREATE TABLE IF NOT EXISTS unbonding_started (
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
CREATE INDEX IF NOT EXISTS unbonding_started_miner_idx ON unbonding_started (chain_id, miner);

-- MinerCollateral.CollateralWithdrawn: a miner withdrew unbonded collateral
CREATE TABLE IF NOT EXISTS collateral_withdrawn (
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
CREATE INDEX IF NOT EXISTS collateral_withdrawn_miner_idx ON collateral_withdrawn (chain_id, miner);

-- MinerCollateral.SlashProposed: a validator proposed a slash
CREATE TABLE IF NOT EXISTS slash_proposed (
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
CREATE INDEX IF NOT EXISTS slash_proposed_slash_id_idx ON slash_proposed (chain_id, slash_id);
CREATE INDEX IF NOT EXISTS slash_proposed_miner_idx ON slash_proposed (chain_id, miner);

-- MinerCollateral.SlashApproved: a validator approved a slash
CREATE TABLE IF NOT EXISTS slash_approved (
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
CREATE INDEX IF NOT EXISTS slash_approved_slash_id_idx ON slash_approved (chain_id, slash_id);

-- MinerCollateral.SlashDisputed: the miner disputed a slash
CREATE TABLE IF NOT EXISTS slash_disputed (
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
CREATE INDEX IF NOT EXISTS slash_disputed_slash_id_idx ON slash_disputed (chain_id, slash_id);

-- MinerCollateral.SlashDisputeResolved: a dispute was upheld or rejected
CREATE TABLE IF NOT EXISTS slash_dispute_resolved (
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
CREATE INDEX IF NOT EXISTS slash_dispute_resolved_slash_id_idx ON slash_dispute_resolved (chain_id, slash_id);

-- MinerCollateral.SlashExecuted: collateral was slashed to the treasury
CREATE TABLE IF NOT EXISTS slash_executed (
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
CREATE INDEX IF NOT EXISTS slash_executed_slash_id_idx ON slash_executed (chain_id, slash_id);

-- MinerCollateral.SlashExpired: a proposal outlived its time to live
CREATE TABLE IF NOT EXISTS slash_expired (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    slash_id      numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS slash_expired_slash_id_idx ON slash_expired (chain_id, slash_id);

-- MinerCollateral.ValidatorAdded: a validator was registered
CREATE TABLE IF NOT EXISTS validator_added (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.ValidatorRemoved: a validator was deregistered
CREATE TABLE IF NOT EXISTS validator_removed (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    validator     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.ValidatorStaked: a validator staked (stake: active and warming up)
CREATE TABLE IF NOT EXISTS validator_staked (
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
CREATE INDEX IF NOT EXISTS validator_staked_validator_idx ON validator_staked (chain_id, validator);

-- MinerCollateral.ValidatorUnstakeStarted: validator stake started unbonding
CREATE TABLE IF NOT EXISTS validator_unstake_started (
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
CREATE INDEX IF NOT EXISTS validator_unstake_started_validator_idx ON validator_unstake_started (chain_id, validator);

-- MinerCollateral.ValidatorStakeWithdrawn: a validator withdrew unbonded stake
CREATE TABLE IF NOT EXISTS validator_stake_withdrawn (
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
CREATE INDEX IF NOT EXISTS validator_stake_withdrawn_validator_idx ON validator_stake_withdrawn (chain_id, validator);

-- MinerCollateral.SiteRevenueDeposited: site revenue arrived for validators
CREATE TABLE IF NOT EXISTS site_revenue_deposited (
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

-- MinerCollateral.ValidatorRevenueClaimed: a validator claimed site revenue
CREATE TABLE IF NOT EXISTS validator_revenue_claimed (
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
CREATE INDEX IF NOT EXISTS validator_revenue_claimed_validator_idx ON validator_revenue_claimed (chain_id, validator);

-- MinerCollateral.ParamsSet: MinerCollateral's parameters
CREATE TABLE IF NOT EXISTS params_set (
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
    stake_warmup  bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.TreasurySet: where slashes go
CREATE TABLE IF NOT EXISTS treasury_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    treasury      bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- MinerCollateral.WithdrawalsFrozen: a slash executed on another chain froze a miner's withdrawals here
CREATE TABLE IF NOT EXISTS withdrawals_frozen (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    miner         bytea NOT NULL,
    until         bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS withdrawals_frozen_miner_idx ON withdrawals_frozen (chain_id, miner);

-- VideoNft.MintCommitted: a mint commitment (commit-reveal minting)
CREATE TABLE IF NOT EXISTS mint_committed (
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
CREATE INDEX IF NOT EXISTS mint_committed_committer_idx ON mint_committed (chain_id, committer);

-- VideoNft.VideoReserved: an id reserved for its creator
CREATE TABLE IF NOT EXISTS video_reserved (
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
CREATE INDEX IF NOT EXISTS video_reserved_video_id_idx ON video_reserved (chain_id, video_id);

-- VoteTally.SignedVoteRejected: a batch entry skipped, with its error
CREATE TABLE IF NOT EXISTS signed_vote_rejected (
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
CREATE INDEX IF NOT EXISTS signed_vote_rejected_round_id_idx ON signed_vote_rejected (chain_id, round_id);

-- VoteTally.NoncesInvalidated: signed votes a voter withdrew
CREATE TABLE IF NOT EXISTS nonces_invalidated (
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
CREATE INDEX IF NOT EXISTS nonces_invalidated_voter_idx ON nonces_invalidated (chain_id, voter);

-- MinerCollateral.ValidatorStakeWarmingUp: stake waiting to share revenue
CREATE TABLE IF NOT EXISTS validator_stake_warming_up (
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
CREATE INDEX IF NOT EXISTS validator_stake_warming_up_validator_idx ON validator_stake_warming_up (chain_id, validator);

-- MinerCollateral.ValidatorStakeActivated: stake that shares revenue from now on
CREATE TABLE IF NOT EXISTS validator_stake_activated (
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
CREATE INDEX IF NOT EXISTS validator_stake_activated_validator_idx ON validator_stake_activated (chain_id, validator);

-- VideoNft.HooksSet: the shares contract and revenue hook a video's transfers notify
CREATE TABLE IF NOT EXISTS hooks_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    shares        bytea NOT NULL,
    revenue_hook  bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- VideoNft.BaseURISet: where every video's tokenURI points (its ERC-721 metadata)
CREATE TABLE IF NOT EXISTS base_uri_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    base_u_r_i    text NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- VideoShares.RevenueHookSet: the revenue hook share transfers notify
CREATE TABLE IF NOT EXISTS revenue_hook_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    hook          bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- Mailbox.Dispatched: a message left for another chain (`encoded`: its canonical bytes, whose keccak is the id)
CREATE TABLE IF NOT EXISTS message_dispatched (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    message_id    bytea NOT NULL,
    destination   numeric(78,0) NOT NULL,
    nonce         numeric(78,0) NOT NULL,
    sender        bytea NOT NULL,
    message_type  smallint NOT NULL,
    encoded       bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS message_dispatched_message_id_idx ON message_dispatched (chain_id, message_id);
CREATE INDEX IF NOT EXISTS message_dispatched_destination_nonce_idx ON message_dispatched (chain_id, destination, nonce);

-- Mailbox.Delivered: a message from another chain, accepted with m-of-n attester signatures and applied here
CREATE TABLE IF NOT EXISTS message_delivered (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    message_id    bytea NOT NULL,
    origin        numeric(78,0) NOT NULL,
    nonce         numeric(78,0) NOT NULL,
    message_type  smallint NOT NULL,
    set_version   numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS message_delivered_message_id_idx ON message_delivered (chain_id, message_id);
CREATE INDEX IF NOT EXISTS message_delivered_origin_nonce_idx ON message_delivered (chain_id, origin, nonce);

-- Mailbox.AttesterSetRotated: the members of each attester set version
CREATE TABLE IF NOT EXISTS attester_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    attester_index integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    version       numeric(78,0) NOT NULL,
    attester      bytea NOT NULL,
    threshold     smallint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index, attester_index)
);
CREATE INDEX IF NOT EXISTS attester_set_version_idx ON attester_set (chain_id, version);

-- Mailbox.RemoteSenderEnrolled: the contract accepted as sender from a chain
CREATE TABLE IF NOT EXISTS remote_sender_enrolled (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    origin        numeric(78,0) NOT NULL,
    sender        bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- Mailbox.RecipientSet: the contract that dispatches and applies messages
CREATE TABLE IF NOT EXISTS mailbox_recipient_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    recipient     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- StudioRouter.VideoRegistrationReceived: a video registered from its home chain: its id reserved here for its creator (or already minted)
CREATE TABLE IF NOT EXISTS video_registration_received (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    home_chain    numeric(78,0) NOT NULL,
    creator       bytea NOT NULL,
    royalty_bps   integer NOT NULL,
    reserved      boolean NOT NULL,
    minted_by     bytea NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS video_registration_received_video_id_idx ON video_registration_received (chain_id, video_id);

-- StudioRouter.VoteResultReceived: a finalized round of another chain, mirrored here
CREATE TABLE IF NOT EXISTS vote_result_received (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    origin        numeric(78,0) NOT NULL,
    round_id      numeric(78,0) NOT NULL,
    winner        bigint NOT NULL,
    tallies_hash  bytea NOT NULL,
    total_weight  numeric(78,0) NOT NULL,
    source_block  numeric(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS vote_result_received_origin_round_id_idx ON vote_result_received (chain_id, origin, round_id);

-- StudioRouter.ValuationReceived: a video's cumulative revenue on another chain, at a source block
CREATE TABLE IF NOT EXISTS valuation_received (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    video_id      numeric(78,0) NOT NULL,
    origin        numeric(78,0) NOT NULL,
    cumulative_revenue numeric(78,0) NOT NULL,
    source_block  numeric(78,0) NOT NULL,
    applied       boolean NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS valuation_received_video_id_idx ON valuation_received (chain_id, video_id);

-- StudioRouter.SlashNoticeReceived: a slash executed on another chain, freezing the miner's withdrawals here
CREATE TABLE IF NOT EXISTS slash_notice_received (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    origin        numeric(78,0) NOT NULL,
    slash_id      numeric(78,0) NOT NULL,
    miner         bytea NOT NULL,
    amount        numeric(78,0) NOT NULL,
    evidence_hash bytea NOT NULL,
    until         bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX IF NOT EXISTS slash_notice_received_miner_idx ON slash_notice_received (chain_id, miner);

-- StudioRouter.PolicySet: the router's valuation and freeze policy
CREATE TABLE IF NOT EXISTS router_policy_set (
    chain_id      bigint NOT NULL,
    block_number  bigint NOT NULL,
    log_index     integer NOT NULL,
    block_hash    bytea NOT NULL,
    tx_hash       bytea NOT NULL,
    block_time    bigint,
    valuation_step numeric(78,0) NOT NULL,
    valuation_interval bigint NOT NULL,
    freeze_window bigint NOT NULL,
    freeze_period bigint NOT NULL,
    max_freezes_per_period bigint NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);

-- logs of indexed contracts that no table describes (role, pause, approval events), verbatim
CREATE TABLE IF NOT EXISTS raw_log (
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

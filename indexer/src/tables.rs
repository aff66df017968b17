//! The event tables of `migrations/0001_events.sql`, as the writer sees them: a name and the column
//! order that COPY rows are written in. `tests::tables_match_migrations` checks this list against the
//! migrated database, so the two cannot drift apart.

/// One typed event table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// `video_minted`.
    VideoMinted,
    /// `video_transfer`.
    VideoTransfer,
    /// `share_transfer`.
    ShareTransfer,
    /// `video_fractionalized`.
    VideoFractionalized,
    /// `video_redeemed`.
    VideoRedeemed,
    /// `round_created`.
    RoundCreated,
    /// `round_candidate`.
    RoundCandidate,
    /// `vote_cast`.
    VoteCast,
    /// `round_finalized`.
    RoundFinalized,
    /// `campaign_opened`.
    CampaignOpened,
    /// `campaign_topped_up`.
    CampaignToppedUp,
    /// `campaign_paused`.
    CampaignPaused,
    /// `campaign_cancelled`.
    CampaignCancelled,
    /// `revenue_settled`.
    RevenueSettled,
    /// `revenue_claimed`.
    RevenueClaimed,
    /// `creator_cut_set`.
    CreatorCutSet,
    /// `collateral_deposited`.
    CollateralDeposited,
    /// `unbonding_started`.
    UnbondingStarted,
    /// `collateral_withdrawn`.
    CollateralWithdrawn,
    /// `slash_proposed`.
    SlashProposed,
    /// `slash_approved`.
    SlashApproved,
    /// `slash_disputed`.
    SlashDisputed,
    /// `slash_dispute_resolved`.
    SlashDisputeResolved,
    /// `slash_executed`.
    SlashExecuted,
    /// `slash_expired`.
    SlashExpired,
    /// `validator_added`.
    ValidatorAdded,
    /// `validator_removed`.
    ValidatorRemoved,
    /// `validator_staked`.
    ValidatorStaked,
    /// `validator_unstake_started`.
    ValidatorUnstakeStarted,
    /// `validator_stake_withdrawn`.
    ValidatorStakeWithdrawn,
    /// `site_revenue_deposited`.
    SiteRevenueDeposited,
    /// `validator_revenue_claimed`.
    ValidatorRevenueClaimed,
    /// `params_set`.
    ParamsSet,
    /// `treasury_set`.
    TreasurySet,
    /// `mint_committed`.
    MintCommitted,
    /// `video_reserved`.
    VideoReserved,
    /// `signed_vote_rejected`.
    SignedVoteRejected,
    /// `nonces_invalidated`.
    NoncesInvalidated,
    /// `validator_stake_warming_up`.
    ValidatorStakeWarmingUp,
    /// `validator_stake_activated`.
    ValidatorStakeActivated,
    /// `raw_log`: logs of indexed contracts that no typed table describes.
    RawLog,
}

impl Table {
    /// Every table, in migration order.
    pub const ALL: [Table; 41] = [
        Table::VideoMinted,
        Table::VideoTransfer,
        Table::ShareTransfer,
        Table::VideoFractionalized,
        Table::VideoRedeemed,
        Table::RoundCreated,
        Table::RoundCandidate,
        Table::VoteCast,
        Table::RoundFinalized,
        Table::CampaignOpened,
        Table::CampaignToppedUp,
        Table::CampaignPaused,
        Table::CampaignCancelled,
        Table::RevenueSettled,
        Table::RevenueClaimed,
        Table::CreatorCutSet,
        Table::CollateralDeposited,
        Table::UnbondingStarted,
        Table::CollateralWithdrawn,
        Table::SlashProposed,
        Table::SlashApproved,
        Table::SlashDisputed,
        Table::SlashDisputeResolved,
        Table::SlashExecuted,
        Table::SlashExpired,
        Table::ValidatorAdded,
        Table::ValidatorRemoved,
        Table::ValidatorStaked,
        Table::ValidatorUnstakeStarted,
        Table::ValidatorStakeWithdrawn,
        Table::SiteRevenueDeposited,
        Table::ValidatorRevenueClaimed,
        Table::ParamsSet,
        Table::TreasurySet,
        Table::MintCommitted,
        Table::VideoReserved,
        Table::SignedVoteRejected,
        Table::NoncesInvalidated,
        Table::ValidatorStakeWarmingUp,
        Table::ValidatorStakeActivated,
        Table::RawLog,
    ];

    /// The table's name.
    pub const fn name(self) -> &'static str {
        match self {
            Table::VideoMinted => "video_minted",
            Table::VideoTransfer => "video_transfer",
            Table::ShareTransfer => "share_transfer",
            Table::VideoFractionalized => "video_fractionalized",
            Table::VideoRedeemed => "video_redeemed",
            Table::RoundCreated => "round_created",
            Table::RoundCandidate => "round_candidate",
            Table::VoteCast => "vote_cast",
            Table::RoundFinalized => "round_finalized",
            Table::CampaignOpened => "campaign_opened",
            Table::CampaignToppedUp => "campaign_topped_up",
            Table::CampaignPaused => "campaign_paused",
            Table::CampaignCancelled => "campaign_cancelled",
            Table::RevenueSettled => "revenue_settled",
            Table::RevenueClaimed => "revenue_claimed",
            Table::CreatorCutSet => "creator_cut_set",
            Table::CollateralDeposited => "collateral_deposited",
            Table::UnbondingStarted => "unbonding_started",
            Table::CollateralWithdrawn => "collateral_withdrawn",
            Table::SlashProposed => "slash_proposed",
            Table::SlashApproved => "slash_approved",
            Table::SlashDisputed => "slash_disputed",
            Table::SlashDisputeResolved => "slash_dispute_resolved",
            Table::SlashExecuted => "slash_executed",
            Table::SlashExpired => "slash_expired",
            Table::ValidatorAdded => "validator_added",
            Table::ValidatorRemoved => "validator_removed",
            Table::ValidatorStaked => "validator_staked",
            Table::ValidatorUnstakeStarted => "validator_unstake_started",
            Table::ValidatorStakeWithdrawn => "validator_stake_withdrawn",
            Table::SiteRevenueDeposited => "site_revenue_deposited",
            Table::ValidatorRevenueClaimed => "validator_revenue_claimed",
            Table::ParamsSet => "params_set",
            Table::TreasurySet => "treasury_set",
            Table::MintCommitted => "mint_committed",
            Table::VideoReserved => "video_reserved",
            Table::SignedVoteRejected => "signed_vote_rejected",
            Table::NoncesInvalidated => "nonces_invalidated",
            Table::ValidatorStakeWarmingUp => "validator_stake_warming_up",
            Table::ValidatorStakeActivated => "validator_stake_activated",
            Table::RawLog => "raw_log",
        }
    }

    /// Its columns in COPY order.
    pub const fn columns(self) -> &'static [&'static str] {
        match self {
            Table::VideoMinted => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "video_id",
                "creator",
                "content_hash",
                "playback_id",
                "royalty_bps",
            ],
            Table::VideoTransfer => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "from_address",
                "to_address",
                "video_id",
            ],
            Table::ShareTransfer => &[
                "chain_id",
                "block_number",
                "log_index",
                "batch_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "operator",
                "from_address",
                "to_address",
                "video_id",
                "amount",
            ],
            Table::VideoFractionalized => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "video_id",
                "owner",
                "supply",
            ],
            Table::VideoRedeemed => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "video_id", "holder"]
            }
            Table::RoundCreated => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "round_id",
                "organizer",
                "start_time",
                "end_time",
                "weight_mode",
            ],
            Table::RoundCandidate => &[
                "chain_id",
                "block_number",
                "log_index",
                "candidate_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "round_id",
                "candidate",
            ],
            Table::VoteCast => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "round_id",
                "voter",
                "candidate",
                "weight",
            ],
            Table::RoundFinalized => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "round_id",
                "winner",
                "winning_tally",
                "total_weight",
                "tied",
            ],
            Table::CampaignOpened => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "campaign_id",
                "video_id",
                "advertiser",
                "rate_per_second",
                "deposit",
            ],
            Table::CampaignToppedUp => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "campaign_id",
                "amount",
                "remaining",
            ],
            Table::CampaignPaused => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "campaign_id",
                "paused",
            ],
            Table::CampaignCancelled => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "campaign_id",
                "refund",
            ],
            Table::RevenueSettled => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "campaign_id",
                "video_id",
                "amount",
                "creator_amount",
                "cumulative_revenue",
            ],
            Table::RevenueClaimed => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "video_id",
                "account",
                "amount",
            ],
            Table::CreatorCutSet => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "creator_cut_bps"]
            }
            Table::CollateralDeposited => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "miner",
                "amount",
                "bonded",
            ],
            Table::UnbondingStarted => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "miner",
                "amount",
                "unbonding",
                "release_at",
            ],
            Table::CollateralWithdrawn => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "miner", "amount"]
            }
            Table::SlashProposed => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "slash_id",
                "miner",
                "proposer",
                "amount",
                "reason",
                "evidence_hash",
            ],
            Table::SlashApproved => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "slash_id",
                "validator",
                "approvals",
            ],
            Table::SlashDisputed => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "slash_id",
                "miner",
                "counter_evidence_hash",
            ],
            Table::SlashDisputeResolved => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "slash_id", "upheld"]
            }
            Table::SlashExecuted => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "slash_id",
                "miner",
                "amount",
                "treasury",
            ],
            Table::SlashExpired => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "slash_id"]
            }
            Table::ValidatorAdded => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "validator"]
            }
            Table::ValidatorRemoved => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "validator"]
            }
            Table::ValidatorStaked => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "validator",
                "amount",
                "stake",
            ],
            Table::ValidatorUnstakeStarted => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "validator",
                "amount",
                "release_at",
            ],
            Table::ValidatorStakeWithdrawn => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "validator", "amount"]
            }
            Table::SiteRevenueDeposited => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "from_address",
                "amount",
                "total_stake",
            ],
            Table::ValidatorRevenueClaimed => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "validator", "amount"]
            }
            Table::ParamsSet => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "unbonding_period",
                "dispute_window",
                "proposal_ttl",
                "slash_cap_period",
                "slash_cap_per_period",
                "approval_threshold",
                "stake_warmup",
            ],
            Table::TreasurySet => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "treasury"]
            }
            Table::MintCommitted => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "commitment",
                "committer",
                "committed_at",
            ],
            Table::VideoReserved => {
                &["chain_id", "block_number", "log_index", "block_hash", "tx_hash", "block_time", "video_id", "creator"]
            }
            Table::SignedVoteRejected => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "round_id",
                "voter",
                "entry_index",
                "reason",
            ],
            Table::NoncesInvalidated => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "voter",
                "word_pos",
                "mask",
            ],
            Table::ValidatorStakeWarmingUp => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "validator",
                "warming_up",
                "activates_at",
            ],
            Table::ValidatorStakeActivated => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "validator",
                "amount",
                "active_stake",
            ],
            Table::RawLog => &[
                "chain_id",
                "block_number",
                "log_index",
                "block_hash",
                "tx_hash",
                "block_time",
                "address",
                "topics",
                "data",
            ],
        }
    }

    /// Whether rows carry a sub-index after `log_index` (one log, several rows).
    pub const fn has_sub_index(self) -> bool {
        matches!(self, Table::ShareTransfer | Table::RoundCandidate)
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IMinerCollateral: events and errors of miner collateral, validator stake and slashing
interface IMinerCollateral {
    /// @notice Why a miner is slashed.
    enum SlashReason {
        None,
        NonAiContent,
        IllicitContent,
        BotEngagement
    }

    /// @notice Life of a slash proposal.
    enum SlashStatus {
        None,
        Pending,
        Disputed,
        Upheld,
        Executed,
        Rejected
    }

    /// @notice Tunable parameters. Every duration is at most {MinerCollateral-MAX_DURATION}; see
    /// {MinerCollateral-setParams} for the rules between them.
    struct Params {
        uint40 unbondingPeriod;
        uint40 disputeWindow;
        uint40 proposalTtl;
        uint40 slashCapPeriod;
        uint128 slashCapPerPeriod;
        uint16 approvalThreshold;
        uint40 stakeWarmup;
    }

    /// @notice A miner bonded `amount` more collateral.
    event CollateralDeposited(address indexed miner, uint256 amount, uint256 bonded);
    /// @notice A miner started unbonding `amount`; it stays slashable until `releaseAt`.
    event UnbondingStarted(address indexed miner, uint256 amount, uint256 unbonding, uint40 releaseAt);
    /// @notice A miner withdrew its unbonded collateral.
    event CollateralWithdrawn(address indexed miner, uint256 amount);
    /// @notice A validator proposed to slash `miner`.
    event SlashProposed(
        uint256 indexed slashId, address indexed miner, address indexed proposer, uint256 amount, SlashReason reason, bytes32 evidenceHash
    );
    /// @notice A validator approved a slash proposal; `approvals` counts the proposer too.
    event SlashApproved(uint256 indexed slashId, address indexed validator, uint16 approvals);
    /// @notice The miner disputed a slash within the dispute window.
    event SlashDisputed(uint256 indexed slashId, address indexed miner, bytes32 counterEvidenceHash);
    /// @notice A dispute was resolved: `upheld == true` lets the slash proceed.
    event SlashDisputeResolved(uint256 indexed slashId, bool upheld);
    /// @notice `amount` was taken from `miner` and sent to the treasury.
    event SlashExecuted(uint256 indexed slashId, address indexed miner, uint256 amount, address treasury);
    /// @notice The proposal ran past its time to live without executing.
    event SlashExpired(uint256 indexed slashId);
    /// @notice Validator set changes.
    event ValidatorAdded(address indexed validator);
    event ValidatorRemoved(address indexed validator);
    /// @notice Validator stake changes. `stake` is the validator's whole stake, active and warming up.
    event ValidatorStaked(address indexed validator, uint256 amount, uint256 stake);
    /// @notice New stake earns nothing until `activatesAt`; `warmingUp` is all the stake waiting.
    event ValidatorStakeWarmingUp(address indexed validator, uint256 warmingUp, uint40 activatesAt);
    /// @notice Warmed-up stake joined the active stake, which shares site revenue from now on.
    event ValidatorStakeActivated(address indexed validator, uint256 amount, uint256 activeStake);
    event ValidatorUnstakeStarted(address indexed validator, uint256 amount, uint40 releaseAt);
    event ValidatorStakeWithdrawn(address indexed validator, uint256 amount);
    /// @notice Site revenue arrived and is shared by validator stake.
    event SiteRevenueDeposited(address indexed from, uint256 amount, uint256 totalStake);
    /// @notice A validator claimed its share of site revenue.
    event ValidatorRevenueClaimed(address indexed validator, uint256 amount);
    /// @notice Parameters or treasury changed.
    event ParamsSet(Params params);
    event TreasurySet(address treasury);
    /// @notice A slash on another chain froze `miner`'s withdrawals until `until`.
    event WithdrawalsFrozen(address indexed miner, uint40 until);

    /// @notice Zero amount.
    error MinerCollateralZeroAmount();
    /// @notice `msg.value` does not match the collateral asset (native vs ERC-20) or the amount.
    error MinerCollateralBadValue(uint256 value);
    /// @notice The miner has less bonded collateral than requested.
    error MinerCollateralInsufficientBond(uint256 bonded, uint256 requested);
    /// @notice Nothing is unbonding, or it is not released yet.
    error MinerCollateralNotReleased(uint64 releaseAt);
    /// @notice A slash proposal against the miner is still open.
    error MinerCollateralSlashPending(address miner, uint256 openSlashes);
    /// @notice The caller is not a registered validator.
    error MinerCollateralNotValidator(address account);
    /// @notice The validator is already registered.
    error MinerCollateralAlreadyValidator(address account);
    /// @notice The slash amount exceeds what the miner has at stake.
    error MinerCollateralSlashTooLarge(uint256 amount, uint256 slashable);
    /// @notice Unknown reason code.
    error MinerCollateralInvalidReason();
    /// @notice Unknown slash id.
    error MinerCollateralUnknownSlash(uint256 slashId);
    /// @notice The slash is not in a state that allows this.
    error MinerCollateralWrongStatus(uint256 slashId, SlashStatus status);
    /// @notice The validator already approved this slash.
    error MinerCollateralAlreadyApproved(uint256 slashId, address validator);
    /// @notice Only the slashed miner can dispute.
    error MinerCollateralNotMiner(uint256 slashId, address caller);
    /// @notice The dispute window closed at `closesAt`.
    error MinerCollateralDisputeWindowClosed(uint64 closesAt);
    /// @notice The dispute window is still open until `closesAt`.
    error MinerCollateralDisputeWindowOpen(uint64 closesAt);
    /// @notice Not enough validator approvals.
    error MinerCollateralNotEnoughApprovals(uint16 approvals, uint16 threshold);
    /// @notice Executing would exceed the period's slash cap.
    error MinerCollateralSlashCapExceeded(uint256 amount, uint256 remainingInPeriod);
    /// @notice The proposal's time to live has not passed.
    error MinerCollateralNotExpired(uint64 expiresAt);
    /// @notice The proposal's time to live has passed.
    error MinerCollateralExpired(uint64 expiresAt);
    /// @notice No validator stake exists to share revenue with.
    error MinerCollateralNoStake();
    /// @notice Invalid parameters or treasury.
    error MinerCollateralInvalidParams();
    /// @notice A slash above the per-period cap could never execute.
    error MinerCollateralSlashAboveCap(uint256 amount, uint256 capPerPeriod);
    /// @notice A validator approves only proposals made after it joined.
    error MinerCollateralApprovalBeforeJoining(uint256 slashId, address validator);
    /// @notice Every validator slot is taken ({MinerCollateral-MAX_VALIDATORS}).
    error MinerCollateralTooManyValidators();
    /// @notice No stake is warming up, or it activates only at `activatesAt`.
    error MinerCollateralStillWarmingUp(uint64 activatesAt);
    /// @notice A slash on another chain froze the miner's withdrawals until `until`.
    error MinerCollateralFrozen(uint64 until);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IMinerCollateral} from "./interfaces/IMinerCollateral.sol";

/// @title MinerCollateral: miner bonds, validator-approved slashing with disputes and caps, validator revenue
/// @notice Miners bond collateral (the native coin when `asset == address(0)`, else an ERC-20). Withdrawing
/// goes through an unbonding period in which the collateral stays slashable. A registered validator
/// proposes a slash with an evidence hash and a reason; it executes once `approvalThreshold` current
/// validators approved it and the miner's dispute window has passed (or a disputed slash was upheld by
/// a dispute resolver). A proposal blocks the miner's withdrawals only once a quorum approved it, and
/// then only until it executes, is rejected or expires (`proposalTtl`): a lone validator can hold
/// nothing back, and a quorum's hold is bounded. A proposal above the per-period cap is refused when
/// proposed, so every accepted proposal can execute in some period within its lifetime. Executed
/// slashes are capped per period and go to the treasury. Site revenue deposited here (same asset) is
/// shared by validators pro-rata to their active stake; new stake warms up for `stakeWarmup` seconds
/// before it is active, so stake added just before a deposit earns nothing from it.
///
/// Pausing is the emergency brake against a compromised validator set: it stops deposits, staking,
/// and proposing, approving and executing slashes. Withdrawals, disputes, dispute resolution, expiry
/// and claims stay open, and a quorum's hold on a miner's withdrawals stays in force.
/// @dev Validators occupy slots 0..255; a proposal records its approvers as a bitmap of slots. An
/// approval counts while its validator is registered and joined before the proposal was made (a slot
/// taken over by a new validator cannot inherit the old one's approvals): removing a validator removes
/// its approvals from every open proposal at once.
contract MinerCollateral is IMinerCollateral, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Role that adds and removes validators and sets parameters.
    bytes32 public constant VALIDATOR_MANAGER_ROLE = keccak256("VALIDATOR_MANAGER_ROLE");
    /// @notice Role that resolves disputed slashes.
    bytes32 public constant DISPUTE_RESOLVER_ROLE = keccak256("DISPUTE_RESOLVER_ROLE");
    /// @notice Role allowed to pause (see the contract's notice for what stops).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Role that freezes withdrawals on another chain's slash notice (the suite's router).
    bytes32 public constant FREEZER_ROLE = keccak256("FREEZER_ROLE");
    /// @notice Longest duration any parameter may take, so `uint40` times never overflow.
    uint40 public constant MAX_DURATION = 365 days;
    /// @notice Most validators registered at once (the approval bitmap's width).
    uint256 public constant MAX_VALIDATORS = 256;
    uint256 private constant MAGNITUDE = 2 ** 128;

    struct Bond {
        uint128 bonded;
        uint128 unbonding;
        uint40 releaseAt;
        uint32 openSlashes;
    }

    /// @notice A validator as {validatorOf} returns it.
    struct Validator {
        bool registered;
        uint128 stake;
        uint128 unbonding;
        uint40 releaseAt;
        uint256 revenuePaid;
        uint256 revenueOwed;
        uint128 warmingUp;
        uint40 activatesAt;
    }

    /// @notice A slash proposal as {slashOf} returns it; `approvals` counts current validators only.
    struct SlashProposal {
        address miner;
        SlashStatus status;
        SlashReason reason;
        uint16 approvals;
        uint40 proposedAt;
        uint128 amount;
        bytes32 evidenceHash;
        bool blocksWithdrawals;
    }

    struct StoredValidator {
        bool registered;
        uint8 slot;
        uint40 releaseAt;
        uint40 activatesAt;
        uint128 stake;
        uint128 unbonding;
        uint128 warmingUp;
        uint256 revenuePaid;
        uint256 revenueOwed;
    }

    struct StoredSlash {
        address miner;
        SlashStatus status;
        SlashReason reason;
        bool blocking;
        uint40 proposedAt;
        uint128 amount;
        bytes32 evidenceHash;
        uint256 approvers;
    }

    /// @notice The collateral asset; the zero address means the chain's native coin.
    IERC20 public immutable asset;
    /// @notice Receives slashed collateral to fund projects.
    address public treasury;
    /// @notice Current parameters.
    Params public params;

    /// @notice Accounting totals: deposits == held + withdrawn + slashed.
    uint256 public totalDeposited;
    uint256 public totalWithdrawn;
    uint256 public totalSlashed;
    /// @notice Active validator stake (warming-up and unbonding stake earn nothing).
    uint256 public totalValidatorStake;
    /// @notice Registered validators.
    uint256 public validatorCount;
    /// @notice Number of slash proposals ever made; ids run from 1.
    uint256 public slashCount;

    uint256 private _revenuePerStake;
    uint256 private _occupiedSlots;
    mapping(uint256 slot => uint256 slashCount) private _slotJoinedAt;
    mapping(address miner => Bond) private _bonds;
    mapping(address validator => StoredValidator) private _validators;
    mapping(uint256 slashId => StoredSlash) private _slashes;
    mapping(uint256 period => uint256) private _slashedInPeriod;
    /// @notice Until when a miner's withdrawals are frozen by a slash executed on another chain.
    mapping(address miner => uint40) public frozenUntil;

    /// @param asset_ ERC-20 collateral, or the zero address for the native coin.
    /// @param treasury_ receives slashed collateral.
    /// @param params_ initial parameters.
    /// @param admin receives every role.
    constructor(IERC20 asset_, address treasury_, Params memory params_, address admin) {
        asset = asset_;
        _setTreasury(treasury_);
        _setParams(params_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(VALIDATOR_MANAGER_ROLE, admin);
        _grantRole(DISPUTE_RESOLVER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    // ----- miners -----

    /// @notice Bonds `amount` of collateral for the caller (send it as `msg.value` for the native coin).
    function deposit(uint128 amount) external payable whenNotPaused nonReentrant {
        if (amount == 0) revert MinerCollateralZeroAmount();
        _pull(amount);
        Bond storage b = _bonds[msg.sender];
        uint128 bonded = b.bonded + amount;
        b.bonded = bonded;
        totalDeposited += amount;
        emit CollateralDeposited(msg.sender, amount, bonded);
    }

    /// @notice Starts unbonding `amount`; the release time restarts for everything unbonding.
    function requestWithdrawal(uint128 amount) external {
        if (amount == 0) revert MinerCollateralZeroAmount();
        Bond storage b = _bonds[msg.sender];
        if (b.bonded < amount) revert MinerCollateralInsufficientBond(b.bonded, amount);
        b.bonded -= amount;
        uint128 unbonding = b.unbonding + amount;
        b.unbonding = unbonding;
        uint40 releaseAt = uint40(block.timestamp) + params.unbondingPeriod;
        b.releaseAt = releaseAt;
        emit UnbondingStarted(msg.sender, amount, unbonding, releaseAt);
    }

    /// @notice Pays the caller's released unbonding collateral to the caller.
    function withdraw() external nonReentrant {
        _withdraw(msg.sender);
    }

    /// @notice Pays the caller's released unbonding collateral to `to` (for callers that cannot receive
    /// the asset themselves).
    function withdrawTo(address to) external nonReentrant {
        _withdraw(to);
    }

    /// @notice Freezes `miner`'s withdrawals until `until` (a later freeze extends, an earlier one
    /// changes nothing), so that validators here can act on a slash executed on another chain. The
    /// freeze lifts by itself; it is at most {MAX_DURATION} from now.
    function freezeWithdrawals(address miner, uint40 until) external onlyRole(FREEZER_ROLE) {
        if (until > block.timestamp + MAX_DURATION) revert MinerCollateralInvalidParams();
        if (until <= frozenUntil[miner]) return;
        frozenUntil[miner] = until;
        emit WithdrawalsFrozen(miner, until);
    }

    // ----- slashing -----

    /// @notice Proposes to slash `amount` from `miner`; counts as the proposer's approval.
    /// @return slashId the proposal's id.
    function proposeSlash(address miner, uint128 amount, SlashReason reason, bytes32 evidenceHash)
        external
        whenNotPaused
        returns (uint256 slashId)
    {
        StoredValidator storage v = _requireValidator(msg.sender);
        if (amount == 0) revert MinerCollateralZeroAmount();
        if (reason == SlashReason.None) revert MinerCollateralInvalidReason();
        Bond storage b = _bonds[miner];
        uint256 slashable = uint256(b.bonded) + b.unbonding;
        if (amount > slashable) revert MinerCollateralSlashTooLarge(amount, slashable);
        uint128 cap = params.slashCapPerPeriod;
        if (amount > cap) revert MinerCollateralSlashAboveCap(amount, cap);
        slashId = ++slashCount;
        _slashes[slashId] = StoredSlash({
            miner: miner,
            status: SlashStatus.Pending,
            reason: reason,
            blocking: false,
            proposedAt: uint40(block.timestamp),
            amount: amount,
            evidenceHash: evidenceHash,
            approvers: uint256(1) << v.slot
        });
        emit SlashProposed(slashId, miner, msg.sender, amount, reason, evidenceHash);
        emit SlashApproved(slashId, msg.sender, 1);
    }

    /// @notice Adds the caller's approval to a pending, disputed or upheld slash. The approval that
    /// brings it to the threshold starts holding the miner's withdrawals.
    function approveSlash(uint256 slashId) external whenNotPaused {
        StoredValidator storage v = _requireValidator(msg.sender);
        StoredSlash storage s = _liveSlash(slashId);
        if (_slotJoinedAt[v.slot] >= slashId) revert MinerCollateralApprovalBeforeJoining(slashId, msg.sender);
        uint256 bit = uint256(1) << v.slot;
        if (s.approvers & bit != 0) revert MinerCollateralAlreadyApproved(slashId, msg.sender);
        uint256 approvers = s.approvers | bit;
        s.approvers = approvers;
        uint16 approvals = _approvals(slashId, approvers);
        emit SlashApproved(slashId, msg.sender, approvals);
        if (!s.blocking && approvals >= params.approvalThreshold) {
            s.blocking = true;
            _bonds[s.miner].openSlashes += 1;
        }
    }

    /// @notice The slashed miner disputes a pending slash within the dispute window.
    function disputeSlash(uint256 slashId, bytes32 counterEvidenceHash) external {
        StoredSlash storage s = _existingSlash(slashId);
        if (s.miner != msg.sender) revert MinerCollateralNotMiner(slashId, msg.sender);
        if (s.status != SlashStatus.Pending) revert MinerCollateralWrongStatus(slashId, s.status);
        uint40 closesAt = s.proposedAt + params.disputeWindow;
        if (block.timestamp >= closesAt) revert MinerCollateralDisputeWindowClosed(closesAt);
        s.status = SlashStatus.Disputed;
        emit SlashDisputed(slashId, msg.sender, counterEvidenceHash);
    }

    /// @notice Resolves a dispute: `upheld` lets the slash execute, otherwise it is rejected.
    function resolveDispute(uint256 slashId, bool upheld) external onlyRole(DISPUTE_RESOLVER_ROLE) {
        StoredSlash storage s = _existingSlash(slashId);
        if (s.status != SlashStatus.Disputed) revert MinerCollateralWrongStatus(slashId, s.status);
        if (upheld) {
            s.status = SlashStatus.Upheld;
        } else {
            _close(s, SlashStatus.Rejected);
        }
        emit SlashDisputeResolved(slashId, upheld);
    }

    /// @notice Executes an approved slash after its dispute window (or once upheld). Anyone may call it.
    function executeSlash(uint256 slashId) external whenNotPaused nonReentrant {
        StoredSlash storage s = _liveSlash(slashId);
        Params memory p = params;
        if (s.status == SlashStatus.Disputed) revert MinerCollateralWrongStatus(slashId, s.status);
        if (s.status == SlashStatus.Pending) {
            uint40 closesAt = s.proposedAt + p.disputeWindow;
            if (block.timestamp < closesAt) revert MinerCollateralDisputeWindowOpen(closesAt);
        }
        uint16 approvals = _approvals(slashId, s.approvers);
        if (approvals < p.approvalThreshold) revert MinerCollateralNotEnoughApprovals(approvals, p.approvalThreshold);
        Bond storage b = _bonds[s.miner];
        // Proposals may outnumber the bond; slash what is there, bonded first, then unbonding. The
        // period cap counts what is taken, not what was proposed.
        uint256 amount = s.amount;
        uint256 fromBonded = amount < b.bonded ? amount : b.bonded;
        uint256 fromUnbonding = amount - fromBonded;
        if (fromUnbonding > b.unbonding) fromUnbonding = b.unbonding;
        uint256 taken = fromBonded + fromUnbonding;
        uint256 period = block.timestamp / p.slashCapPeriod;
        uint256 used = _slashedInPeriod[period];
        // The cap may have been lowered below what this period already took.
        uint256 room = used >= p.slashCapPerPeriod ? 0 : p.slashCapPerPeriod - used;
        if (taken > room) revert MinerCollateralSlashCapExceeded(taken, room);
        _slashedInPeriod[period] = used + taken;

        // Both parts are capped by the uint128 fields they come from, so the casts cannot truncate.
        // forge-lint: disable-next-line(unsafe-typecast)
        b.bonded -= uint128(fromBonded);
        // forge-lint: disable-next-line(unsafe-typecast)
        b.unbonding -= uint128(fromUnbonding);
        _close(s, SlashStatus.Executed);
        totalSlashed += taken;
        address to = treasury;
        emit SlashExecuted(slashId, s.miner, taken, to);
        _push(to, taken);
    }

    /// @notice Closes a proposal that did not execute within its time to live. Anyone may call it.
    function expireSlash(uint256 slashId) external {
        StoredSlash storage s = _openSlash(slashId);
        uint40 expiresAt = s.proposedAt + params.proposalTtl;
        if (block.timestamp < expiresAt) revert MinerCollateralNotExpired(expiresAt);
        _close(s, SlashStatus.Rejected);
        emit SlashExpired(slashId);
    }

    // ----- validators -----

    /// @notice Registers a validator in a free slot. It may approve only proposals made from now on.
    function addValidator(address validator) external onlyRole(VALIDATOR_MANAGER_ROLE) {
        StoredValidator storage v = _validators[validator];
        if (v.registered) revert MinerCollateralAlreadyValidator(validator);
        if (validatorCount >= MAX_VALIDATORS) revert MinerCollateralTooManyValidators();
        uint256 occupied = _occupiedSlots;
        // The lowest clear bit; some bit is clear because fewer than 256 validators are registered.
        uint256 free = ~occupied & (occupied + 1);
        // log2 of a uint256 power of two is below 256.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint8 slot = uint8(Math.log2(free));
        _occupiedSlots = occupied | free;
        _slotJoinedAt[slot] = slashCount;
        (v.registered, v.slot) = (true, slot);
        validatorCount += 1;
        emit ValidatorAdded(validator);
    }

    /// @notice Deregisters a validator: its approvals stop counting, its stake (active and warming up)
    /// starts unbonding.
    function removeValidator(address validator) external onlyRole(VALIDATOR_MANAGER_ROLE) {
        StoredValidator storage v = _validators[validator];
        if (!v.registered) revert MinerCollateralNotValidator(validator);
        v.registered = false;
        _occupiedSlots &= ~(uint256(1) << v.slot);
        validatorCount -= 1;
        _accrue(v);
        uint128 amount = v.stake + v.warmingUp;
        totalValidatorStake -= v.stake;
        (v.stake, v.warmingUp) = (0, 0);
        if (amount != 0) _startUnbonding(validator, v, amount);
        emit ValidatorRemoved(validator);
    }

    /// @notice A registered validator adds `amount` of stake (as `msg.value` for the native coin); it
    /// earns site revenue once it has warmed up for `stakeWarmup` seconds and is activated.
    function stake(uint128 amount) external payable whenNotPaused nonReentrant {
        StoredValidator storage v = _validators[msg.sender];
        if (!v.registered) revert MinerCollateralNotValidator(msg.sender);
        if (amount == 0) revert MinerCollateralZeroAmount();
        _pull(amount);
        _activate(msg.sender, v);
        uint128 warmingUp = v.warmingUp + amount;
        uint40 activatesAt = uint40(block.timestamp) + params.stakeWarmup;
        (v.warmingUp, v.activatesAt) = (warmingUp, activatesAt);
        emit ValidatorStaked(msg.sender, amount, v.stake + warmingUp);
        emit ValidatorStakeWarmingUp(msg.sender, warmingUp, activatesAt);
    }

    /// @notice Makes `validator`'s warmed-up stake active. Anyone may call it; every action of the
    /// validator itself does it too.
    function activateStake(address validator) external {
        StoredValidator storage v = _validators[validator];
        if (v.warmingUp == 0 || block.timestamp < v.activatesAt) revert MinerCollateralStillWarmingUp(v.activatesAt);
        _activate(validator, v);
    }

    /// @notice Starts unbonding `amount` of the caller's active validator stake.
    function unstake(uint128 amount) external {
        StoredValidator storage v = _validators[msg.sender];
        if (amount == 0) revert MinerCollateralZeroAmount();
        _activate(msg.sender, v);
        if (v.stake < amount) revert MinerCollateralInsufficientBond(v.stake, amount);
        _accrue(v);
        v.stake -= amount;
        totalValidatorStake -= amount;
        _startUnbonding(msg.sender, v, amount);
    }

    /// @notice Pays out the caller's released validator stake to the caller.
    function withdrawStake() external nonReentrant {
        _withdrawStake(msg.sender);
    }

    /// @notice Pays out the caller's released validator stake to `to`.
    function withdrawStakeTo(address to) external nonReentrant {
        _withdrawStake(to);
    }

    /// @notice Deposits site revenue, shared by validators pro-rata to their active stake.
    function depositSiteRevenue(uint256 amount) external payable nonReentrant {
        if (amount == 0) revert MinerCollateralZeroAmount();
        uint256 total = totalValidatorStake;
        if (total == 0) revert MinerCollateralNoStake();
        _pull(amount);
        _revenuePerStake += amount * MAGNITUDE / total;
        emit SiteRevenueDeposited(msg.sender, amount, total);
    }

    /// @notice Pays the caller its share of site revenue.
    function claimValidatorRevenue() external nonReentrant returns (uint256) {
        return _claimValidatorRevenue(msg.sender);
    }

    /// @notice Pays the caller's share of site revenue to `to`.
    function claimValidatorRevenueTo(address to) external nonReentrant returns (uint256) {
        return _claimValidatorRevenue(to);
    }

    // ----- admin -----

    /// @notice Replaces the parameters. Rules: every duration at most {MAX_DURATION}; a nonzero dispute
    /// window, cap period and stake warm-up; unbonding longer than the dispute window (unbonding
    /// collateral can still be slashed); a time to live of at least the dispute window plus one cap
    /// period (an accepted proposal always gets a period to execute in); a threshold of at least 2
    /// and at most {MAX_VALIDATORS} (no single validator slashes or holds withdrawals).
    function setParams(Params calldata params_) external onlyRole(VALIDATOR_MANAGER_ROLE) {
        _setParams(params_);
    }

    /// @notice Replaces the treasury.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    /// @notice Pauses deposits, staking, and proposing, approving and executing slashes.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Unpauses.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ----- views -----

    /// @notice A miner's bond; `openSlashes` counts the quorum-approved proposals holding its withdrawals.
    function bondOf(address miner) external view returns (Bond memory) {
        return _bonds[miner];
    }

    /// @notice A validator's record, with revenue owed including what has accrued since its last update.
    function validatorOf(address validator) external view returns (Validator memory) {
        StoredValidator storage v = _validators[validator];
        uint256 acc = _revenuePerStake;
        uint256 owed = v.revenueOwed + uint256(v.stake) * (acc - v.revenuePaid) / MAGNITUDE;
        return Validator(v.registered, v.stake, v.unbonding, v.releaseAt, acc, owed, v.warmingUp, v.activatesAt);
    }

    /// @notice A slash proposal.
    function slashOf(uint256 slashId) external view returns (SlashProposal memory) {
        StoredSlash storage s = _existingSlash(slashId);
        return SlashProposal(
            s.miner, s.status, s.reason, _approvals(slashId, s.approvers), s.proposedAt, s.amount, s.evidenceHash, s.blocking
        );
    }

    /// @notice Whether `validator` approved `slashId` and the approval counts.
    function hasApproved(uint256 slashId, address validator) external view returns (bool) {
        StoredValidator storage v = _validators[validator];
        return v.registered && _slashes[slashId].approvers & (uint256(1) << v.slot) != 0 && _slotJoinedAt[v.slot] < slashId;
    }

    /// @notice Collateral slashed in the cap period containing `timestamp`.
    function slashedInPeriodOf(uint256 timestamp) external view returns (uint256) {
        return _slashedInPeriod[timestamp / params.slashCapPeriod];
    }

    // ----- internals -----

    function _requireValidator(address account) private view returns (StoredValidator storage v) {
        v = _validators[account];
        if (!v.registered) revert MinerCollateralNotValidator(account);
    }

    function _existingSlash(uint256 slashId) private view returns (StoredSlash storage s) {
        s = _slashes[slashId];
        if (s.status == SlashStatus.None) revert MinerCollateralUnknownSlash(slashId);
    }

    /// @dev An open proposal is pending, disputed or upheld (it may have outlived its time to live).
    function _openSlash(uint256 slashId) private view returns (StoredSlash storage s) {
        s = _existingSlash(slashId);
        SlashStatus st = s.status;
        if (st == SlashStatus.Executed || st == SlashStatus.Rejected) revert MinerCollateralWrongStatus(slashId, st);
    }

    /// @dev An open proposal still within its time to live.
    function _liveSlash(uint256 slashId) private view returns (StoredSlash storage s) {
        s = _openSlash(slashId);
        uint40 expiresAt = s.proposedAt + params.proposalTtl;
        if (block.timestamp >= expiresAt) revert MinerCollateralExpired(expiresAt);
    }

    /// @dev Approvals that count: slots still registered, taken before the proposal was made.
    function _approvals(uint256 slashId, uint256 approvers) private view returns (uint16 count) {
        uint256 bits = approvers & _occupiedSlots;
        while (bits != 0) {
            uint256 lowest = bits & (~bits + 1);
            if (_slotJoinedAt[Math.log2(lowest)] < slashId) ++count;
            bits ^= lowest;
        }
    }

    /// @dev Ends an open proposal, releasing its hold on the miner's withdrawals.
    function _close(StoredSlash storage s, SlashStatus status) private {
        s.status = status;
        if (s.blocking) _bonds[s.miner].openSlashes -= 1;
    }

    function _withdraw(address to) private {
        Bond storage b = _bonds[msg.sender];
        uint256 amount = b.unbonding;
        if (amount == 0 || block.timestamp < b.releaseAt) revert MinerCollateralNotReleased(b.releaseAt);
        if (b.openSlashes != 0) revert MinerCollateralSlashPending(msg.sender, b.openSlashes);
        uint40 frozen = frozenUntil[msg.sender];
        if (block.timestamp < frozen) revert MinerCollateralFrozen(frozen);
        b.unbonding = 0;
        totalWithdrawn += amount;
        emit CollateralWithdrawn(msg.sender, amount);
        _push(to, amount);
    }

    function _withdrawStake(address to) private {
        StoredValidator storage v = _validators[msg.sender];
        uint256 amount = v.unbonding;
        if (amount == 0 || block.timestamp < v.releaseAt) revert MinerCollateralNotReleased(v.releaseAt);
        v.unbonding = 0;
        emit ValidatorStakeWithdrawn(msg.sender, amount);
        _push(to, amount);
    }

    function _claimValidatorRevenue(address to) private returns (uint256 amount) {
        StoredValidator storage v = _validators[msg.sender];
        _activate(msg.sender, v);
        _accrue(v);
        amount = v.revenueOwed;
        if (amount == 0) revert MinerCollateralZeroAmount();
        v.revenueOwed = 0;
        emit ValidatorRevenueClaimed(msg.sender, amount);
        _push(to, amount);
    }

    function _accrue(StoredValidator storage v) private {
        uint256 acc = _revenuePerStake;
        v.revenueOwed += uint256(v.stake) * (acc - v.revenuePaid) / MAGNITUDE;
        v.revenuePaid = acc;
    }

    /// @dev Moves warmed-up stake into the active stake (a no-op while it is still warming up).
    function _activate(address validator, StoredValidator storage v) private {
        uint128 amount = v.warmingUp;
        if (amount == 0 || block.timestamp < v.activatesAt) return;
        _accrue(v);
        uint128 active = v.stake + amount;
        (v.stake, v.warmingUp) = (active, 0);
        totalValidatorStake += amount;
        emit ValidatorStakeActivated(validator, amount, active);
    }

    function _startUnbonding(address validator, StoredValidator storage v, uint128 amount) private {
        v.unbonding += amount;
        uint40 releaseAt = uint40(block.timestamp) + params.unbondingPeriod;
        v.releaseAt = releaseAt;
        emit ValidatorUnstakeStarted(validator, amount, releaseAt);
    }

    function _pull(uint256 amount) private {
        if (address(asset) == address(0)) {
            if (msg.value != amount) revert MinerCollateralBadValue(msg.value);
        } else {
            if (msg.value != 0) revert MinerCollateralBadValue(msg.value);
            asset.safeTransferFrom(msg.sender, address(this), amount);
        }
    }

    function _push(address to, uint256 amount) private {
        if (address(asset) == address(0)) {
            Address.sendValue(payable(to), amount);
        } else {
            asset.safeTransfer(to, amount);
        }
    }

    function _setParams(Params memory p) private {
        bool durationsBounded = p.unbondingPeriod <= MAX_DURATION && p.proposalTtl <= MAX_DURATION
            && p.slashCapPeriod <= MAX_DURATION && p.stakeWarmup <= MAX_DURATION;
        if (
            !durationsBounded || p.disputeWindow == 0 || p.slashCapPeriod == 0 || p.stakeWarmup == 0
                || p.unbondingPeriod <= p.disputeWindow || p.proposalTtl < p.disputeWindow + p.slashCapPeriod
                || p.approvalThreshold < 2 || p.approvalThreshold > MAX_VALIDATORS
        ) revert MinerCollateralInvalidParams();
        params = p;
        emit ParamsSet(p);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert MinerCollateralInvalidParams();
        treasury = treasury_;
        emit TreasurySet(treasury_);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IMinerCollateral} from "./interfaces/IMinerCollateral.sol";

/// @title MinerCollateral: miner bonds, validator-approved slashing with disputes and caps, validator revenue
/// @notice Miners bond collateral (the native coin when `asset == address(0)`, else an ERC-20). Withdrawing
/// goes through an unbonding period in which the collateral stays slashable, and is blocked while a slash
/// proposal against the miner is open. A registered validator proposes a slash with an evidence hash and a
/// reason; it executes once `approvalThreshold` validators approved it and the miner's dispute window has
/// passed (or a disputed slash was upheld by a dispute resolver). Executed slashes are capped per period
/// and go to the treasury. Site revenue deposited here (same asset) is shared by validators pro-rata to
/// their active stake.
contract MinerCollateral is IMinerCollateral, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Role that adds and removes validators and sets parameters.
    bytes32 public constant VALIDATOR_MANAGER_ROLE = keccak256("VALIDATOR_MANAGER_ROLE");
    /// @notice Role that resolves disputed slashes.
    bytes32 public constant DISPUTE_RESOLVER_ROLE = keccak256("DISPUTE_RESOLVER_ROLE");
    /// @notice Role allowed to pause deposits and new proposals (withdrawals stay open).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    uint256 private constant MAGNITUDE = 2 ** 128;

    struct Bond {
        uint128 bonded;
        uint128 unbonding;
        uint40 releaseAt;
        uint32 openSlashes;
    }

    struct Validator {
        bool registered;
        uint128 stake;
        uint128 unbonding;
        uint40 releaseAt;
        uint256 revenuePaid;
        uint256 revenueOwed;
    }

    struct SlashProposal {
        address miner;
        SlashStatus status;
        SlashReason reason;
        uint16 approvals;
        uint40 proposedAt;
        uint128 amount;
        bytes32 evidenceHash;
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
    /// @notice Active validator stake (unbonding stake earns nothing).
    uint256 public totalValidatorStake;
    /// @notice Registered validators.
    uint256 public validatorCount;
    /// @notice Number of slash proposals ever made; ids run from 1.
    uint256 public slashCount;

    uint256 private _revenuePerStake;
    mapping(address miner => Bond) private _bonds;
    mapping(address validator => Validator) private _validators;
    mapping(uint256 slashId => SlashProposal) private _slashes;
    mapping(uint256 slashId => mapping(address validator => bool)) private _approved;
    mapping(uint256 period => uint256) private _slashedInPeriod;

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

    /// @notice Pays out the caller's released unbonding collateral.
    function withdraw() external nonReentrant {
        Bond storage b = _bonds[msg.sender];
        uint256 amount = b.unbonding;
        if (amount == 0 || block.timestamp < b.releaseAt) revert MinerCollateralNotReleased(b.releaseAt);
        if (b.openSlashes != 0) revert MinerCollateralSlashPending(msg.sender, b.openSlashes);
        b.unbonding = 0;
        totalWithdrawn += amount;
        emit CollateralWithdrawn(msg.sender, amount);
        _push(msg.sender, amount);
    }

    // ----- slashing -----

    /// @notice Proposes to slash `amount` from `miner`; counts as the proposer's approval.
    /// @return slashId the proposal's id.
    function proposeSlash(address miner, uint128 amount, SlashReason reason, bytes32 evidenceHash)
        external
        whenNotPaused
        returns (uint256 slashId)
    {
        _requireValidator(msg.sender);
        if (amount == 0) revert MinerCollateralZeroAmount();
        if (reason == SlashReason.None) revert MinerCollateralInvalidReason();
        Bond storage b = _bonds[miner];
        uint256 slashable = uint256(b.bonded) + b.unbonding;
        if (amount > slashable) revert MinerCollateralSlashTooLarge(amount, slashable);
        slashId = ++slashCount;
        _slashes[slashId] = SlashProposal({
            miner: miner,
            status: SlashStatus.Pending,
            reason: reason,
            approvals: 1,
            proposedAt: uint40(block.timestamp),
            amount: amount,
            evidenceHash: evidenceHash
        });
        _approved[slashId][msg.sender] = true;
        b.openSlashes += 1;
        emit SlashProposed(slashId, miner, msg.sender, amount, reason, evidenceHash);
        emit SlashApproved(slashId, msg.sender, 1);
    }

    /// @notice Adds the caller's approval to a pending, disputed or upheld slash.
    function approveSlash(uint256 slashId) external {
        _requireValidator(msg.sender);
        SlashProposal storage s = _liveSlash(slashId);
        if (_approved[slashId][msg.sender]) revert MinerCollateralAlreadyApproved(slashId, msg.sender);
        _approved[slashId][msg.sender] = true;
        uint16 approvals = s.approvals + 1;
        s.approvals = approvals;
        emit SlashApproved(slashId, msg.sender, approvals);
    }

    /// @notice The slashed miner disputes a pending slash within the dispute window.
    function disputeSlash(uint256 slashId, bytes32 counterEvidenceHash) external {
        SlashProposal storage s = _existingSlash(slashId);
        if (s.miner != msg.sender) revert MinerCollateralNotMiner(slashId, msg.sender);
        if (s.status != SlashStatus.Pending) revert MinerCollateralWrongStatus(slashId, s.status);
        uint40 closesAt = s.proposedAt + params.disputeWindow;
        if (block.timestamp >= closesAt) revert MinerCollateralDisputeWindowClosed(closesAt);
        s.status = SlashStatus.Disputed;
        emit SlashDisputed(slashId, msg.sender, counterEvidenceHash);
    }

    /// @notice Resolves a dispute: `upheld` lets the slash execute, otherwise it is rejected.
    function resolveDispute(uint256 slashId, bool upheld) external onlyRole(DISPUTE_RESOLVER_ROLE) {
        SlashProposal storage s = _existingSlash(slashId);
        if (s.status != SlashStatus.Disputed) revert MinerCollateralWrongStatus(slashId, s.status);
        if (upheld) {
            s.status = SlashStatus.Upheld;
        } else {
            s.status = SlashStatus.Rejected;
            _bonds[s.miner].openSlashes -= 1;
        }
        emit SlashDisputeResolved(slashId, upheld);
    }

    /// @notice Executes an approved slash after its dispute window (or once upheld). Anyone may call it.
    function executeSlash(uint256 slashId) external nonReentrant {
        SlashProposal storage s = _liveSlash(slashId);
        Params memory p = params;
        if (s.status == SlashStatus.Disputed) revert MinerCollateralWrongStatus(slashId, s.status);
        if (s.status == SlashStatus.Pending) {
            uint40 closesAt = s.proposedAt + p.disputeWindow;
            if (block.timestamp < closesAt) revert MinerCollateralDisputeWindowOpen(closesAt);
        }
        if (s.approvals < p.approvalThreshold) revert MinerCollateralNotEnoughApprovals(s.approvals, p.approvalThreshold);
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
        if (used + taken > p.slashCapPerPeriod) {
            revert MinerCollateralSlashCapExceeded(taken, p.slashCapPerPeriod - used);
        }
        _slashedInPeriod[period] = used + taken;

        // Both parts are capped by the uint128 fields they come from, so the casts cannot truncate.
        // forge-lint: disable-next-line(unsafe-typecast)
        b.bonded -= uint128(fromBonded);
        // forge-lint: disable-next-line(unsafe-typecast)
        b.unbonding -= uint128(fromUnbonding);
        b.openSlashes -= 1;
        s.status = SlashStatus.Executed;
        totalSlashed += taken;
        address to = treasury;
        emit SlashExecuted(slashId, s.miner, taken, to);
        _push(to, taken);
    }

    /// @notice Closes a proposal that did not execute within its time to live. Anyone may call it.
    function expireSlash(uint256 slashId) external {
        SlashProposal storage s = _openSlash(slashId);
        uint40 expiresAt = s.proposedAt + params.proposalTtl;
        if (block.timestamp < expiresAt) revert MinerCollateralNotExpired(expiresAt);
        s.status = SlashStatus.Rejected;
        _bonds[s.miner].openSlashes -= 1;
        emit SlashExpired(slashId);
    }

    // ----- validators -----

    /// @notice Registers a validator.
    function addValidator(address validator) external onlyRole(VALIDATOR_MANAGER_ROLE) {
        Validator storage v = _validators[validator];
        if (v.registered) revert MinerCollateralAlreadyValidator(validator);
        v.registered = true;
        validatorCount += 1;
        emit ValidatorAdded(validator);
    }

    /// @notice Deregisters a validator; its active stake starts unbonding.
    function removeValidator(address validator) external onlyRole(VALIDATOR_MANAGER_ROLE) {
        Validator storage v = _validators[validator];
        if (!v.registered) revert MinerCollateralNotValidator(validator);
        v.registered = false;
        validatorCount -= 1;
        if (v.stake != 0) _startValidatorUnstake(validator, v, v.stake);
        emit ValidatorRemoved(validator);
    }

    /// @notice A registered validator adds `amount` of stake (as `msg.value` for the native coin).
    function stake(uint128 amount) external payable whenNotPaused nonReentrant {
        Validator storage v = _validators[msg.sender];
        if (!v.registered) revert MinerCollateralNotValidator(msg.sender);
        if (amount == 0) revert MinerCollateralZeroAmount();
        _pull(amount);
        _accrue(v);
        uint128 staked = v.stake + amount;
        v.stake = staked;
        totalValidatorStake += amount;
        emit ValidatorStaked(msg.sender, amount, staked);
    }

    /// @notice Starts unbonding `amount` of the caller's validator stake.
    function unstake(uint128 amount) external {
        Validator storage v = _validators[msg.sender];
        if (amount == 0) revert MinerCollateralZeroAmount();
        if (v.stake < amount) revert MinerCollateralInsufficientBond(v.stake, amount);
        _startValidatorUnstake(msg.sender, v, amount);
    }

    /// @notice Pays out the caller's released validator stake.
    function withdrawStake() external nonReentrant {
        Validator storage v = _validators[msg.sender];
        uint256 amount = v.unbonding;
        if (amount == 0 || block.timestamp < v.releaseAt) revert MinerCollateralNotReleased(v.releaseAt);
        v.unbonding = 0;
        emit ValidatorStakeWithdrawn(msg.sender, amount);
        _push(msg.sender, amount);
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
    function claimValidatorRevenue() external nonReentrant returns (uint256 amount) {
        Validator storage v = _validators[msg.sender];
        _accrue(v);
        amount = v.revenueOwed;
        if (amount == 0) revert MinerCollateralZeroAmount();
        v.revenueOwed = 0;
        emit ValidatorRevenueClaimed(msg.sender, amount);
        _push(msg.sender, amount);
    }

    // ----- admin -----

    /// @notice Replaces the parameters.
    function setParams(Params calldata params_) external onlyRole(VALIDATOR_MANAGER_ROLE) {
        _setParams(params_);
    }

    /// @notice Replaces the treasury.
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(treasury_);
    }

    /// @notice Pauses deposits, staking and new proposals.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Unpauses.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ----- views -----

    /// @notice A miner's bond.
    function bondOf(address miner) external view returns (Bond memory) {
        return _bonds[miner];
    }

    /// @notice A validator's record, with revenue owed including what has accrued since its last update.
    function validatorOf(address validator) external view returns (Validator memory v) {
        v = _validators[validator];
        v.revenueOwed += uint256(v.stake) * (_revenuePerStake - v.revenuePaid) / MAGNITUDE;
        v.revenuePaid = _revenuePerStake;
    }

    /// @notice A slash proposal.
    function slashOf(uint256 slashId) external view returns (SlashProposal memory) {
        return _existingSlash(slashId);
    }

    /// @notice Whether `validator` approved `slashId`.
    function hasApproved(uint256 slashId, address validator) external view returns (bool) {
        return _approved[slashId][validator];
    }

    /// @notice Collateral slashed in the cap period containing `timestamp`.
    function slashedInPeriodOf(uint256 timestamp) external view returns (uint256) {
        return _slashedInPeriod[timestamp / params.slashCapPeriod];
    }

    // ----- internals -----

    function _requireValidator(address account) private view {
        if (!_validators[account].registered) revert MinerCollateralNotValidator(account);
    }

    function _existingSlash(uint256 slashId) private view returns (SlashProposal storage s) {
        s = _slashes[slashId];
        if (s.status == SlashStatus.None) revert MinerCollateralUnknownSlash(slashId);
    }

    /// @dev An open proposal is pending, disputed or upheld (it may have outlived its time to live).
    function _openSlash(uint256 slashId) private view returns (SlashProposal storage s) {
        s = _existingSlash(slashId);
        SlashStatus st = s.status;
        if (st == SlashStatus.Executed || st == SlashStatus.Rejected) revert MinerCollateralWrongStatus(slashId, st);
    }

    /// @dev An open proposal still within its time to live.
    function _liveSlash(uint256 slashId) private view returns (SlashProposal storage s) {
        s = _openSlash(slashId);
        uint40 expiresAt = s.proposedAt + params.proposalTtl;
        if (block.timestamp >= expiresAt) revert MinerCollateralExpired(expiresAt);
    }

    function _accrue(Validator storage v) private {
        uint256 acc = _revenuePerStake;
        v.revenueOwed += uint256(v.stake) * (acc - v.revenuePaid) / MAGNITUDE;
        v.revenuePaid = acc;
    }

    function _startValidatorUnstake(address validator, Validator storage v, uint128 amount) private {
        _accrue(v);
        v.stake -= amount;
        v.unbonding += amount;
        totalValidatorStake -= amount;
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
        if (
            p.approvalThreshold == 0 || p.slashCapPeriod == 0 || p.disputeWindow == 0
                || p.unbondingPeriod <= p.disputeWindow || p.proposalTtl <= p.disputeWindow
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

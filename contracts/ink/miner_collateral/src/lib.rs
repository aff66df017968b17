#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix MinerCollateral for Polkadot Hub, the ink! 6 port of
//! `contracts/evm/src/MinerCollateral.sol` deployed with the native coin as its asset.
//!
//! Same semantics: miners bond collateral and withdraw it after an unbonding period, unless a
//! proposal a quorum approved holds it (until that proposal executes, is rejected or expires: a
//! lone validator holds nothing back); validators propose evidence-backed slashes, which need
//! `approval_threshold` approvals of current validators (a removed validator's approvals stop
//! counting; validators occupy slots of a 256-bit approval bitmap, and a slot's new occupant cannot
//! approve proposals older than itself), can be disputed by the miner within the dispute window
//! (the resolver upholds or rejects), expire after their time to live, take bonded collateral
//! first and then unbonding collateral, are refused above the per-period cap and capped per period
//! by what they actually take; slashed collateral goes to the treasury. Validators stake; new stake
//! warms up before it shares the site revenue deposited here pro-rata. Pausing stops deposits,
//! staking, and proposing, approving and executing slashes (the emergency brake).
//!
//! Where Polkadot Hub differs, and what this port chose:
//! - **Asset**: the chain's native coin (DOT on Polkadot Hub), sent as the call's value, like the
//!   EVM contract with `asset == address(0)`; an ERC-20-like asset would need a token contract on
//!   Polkadot Hub the product does not have yet. Amounts are in the value unit the runtime reports.
//! - **ABI**: Solidity ABI, so every event is the EVM contract's log byte for byte (timestamps are
//!   `uint40` through `tfx_ink_sol::Uint40`, enums are `uint8`); `params()` and `bondOf`-style views
//!   return tuples instead of structs.
//! - **Time**: seconds: pallet-revive's `now` is the EVM's `block.timestamp` (the pallet divides the
//!   runtime's millisecond clock by 1000).
//! - **Roles**: one admin holds the EVM contract's four roles (admin, validator manager, dispute
//!   resolver, pauser); an unauthorized call names the role the EVM contract would have required.
//! - **Payouts**: `withdrawTo`, `withdrawStakeTo` and `claimValidatorRevenueTo` pay a named
//!   recipient, for callers that cannot take the native coin (a multisig or DAO contract).
//! - **Storage** holds explicit values only, never `Mapping::contains`/`remove`, which go through a
//!   precompile a runtime may lack.

#[ink::contract]
pub mod miner_collateral {
    use ink::U256;
    use ink::sol::FixedBytes;
    use ink::storage::Mapping;
    use tfx_ink_sol::Uint40;

    /// `SlashReason.None` (not a valid reason).
    pub const REASON_NONE: u8 = 0;
    /// Highest `SlashReason` (`BotEngagement`).
    pub const REASON_MAX: u8 = 3;

    /// `SlashStatus`, as the Solidity enum numbers it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ink::SolEncode, ink::SolDecode)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub enum SlashStatus {
        /// No such slash.
        #[default]
        None,
        /// Proposed, collecting approvals, disputable.
        Pending,
        /// Disputed by the miner, awaiting the resolver.
        Disputed,
        /// The resolver upheld it: executable.
        Upheld,
        /// Executed.
        Executed,
        /// Rejected by the resolver, or expired.
        Rejected,
    }

    /// A miner's collateral.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Bond {
        /// Bonded, slashable.
        pub bonded: u128,
        /// Unbonding, still slashable until withdrawn.
        pub unbonding: u128,
        /// When the unbonding collateral may be withdrawn.
        pub release_at: u64,
        /// Slashes proposed and not yet executed, rejected or expired.
        pub open_slashes: u32,
    }

    /// A validator.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Validator {
        /// Whether registered.
        pub registered: bool,
        /// Its bit in the approval bitmaps.
        pub slot: u8,
        /// Stake waiting to become active.
        pub warming_up: u128,
        /// When the warming-up stake may be activated.
        pub activates_at: u64,
        /// Staked.
        pub stake: u128,
        /// Unstaking.
        pub unbonding: u128,
        /// When the unstaking amount may be withdrawn.
        pub release_at: u64,
        /// Revenue-per-stake already accounted.
        pub revenue_paid: U256,
        /// Revenue owed and not yet claimed.
        pub revenue_owed: U256,
    }

    /// A slash proposal.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct SlashProposal {
        /// Miner to slash.
        pub miner: Address,
        /// Status.
        pub status: SlashStatus,
        /// `SlashReason`.
        pub reason: u8,
        /// Approving validators' slots, a bitmap (the proposer's included).
        pub approvers: U256,
        /// Whether a quorum approved it: it then holds the miner's withdrawals until it closes.
        pub blocking: bool,
        /// When proposed.
        pub proposed_at: u64,
        /// Amount proposed.
        pub amount: u128,
        /// Hash of the evidence bundle.
        pub evidence_hash: [u8; 32],
    }

    /// Tunable parameters (seconds and value units); in calls and events the Solidity `Params`
    /// tuple, whose durations are `uint40`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Params {
        /// Unbonding period.
        pub unbonding_period: u64,
        /// Dispute window after a proposal.
        pub dispute_window: u64,
        /// Time a proposal stays open.
        pub proposal_ttl: u64,
        /// Length of a slash-cap period.
        pub slash_cap_period: u64,
        /// Most collateral slashed per period.
        pub slash_cap_per_period: u128,
        /// Approvals a slash needs.
        pub approval_threshold: u16,
        /// Time new validator stake waits before it is active.
        pub stake_warmup: u64,
    }

    /// The Solidity `Params` tuple's ABI type.
    type ParamsTuple = (u64, u64, u64, u64, u128, u16, u64);
    const PARAMS_SOL_NAME: &str = "(uint40,uint40,uint40,uint40,uint128,uint16,uint40)";

    impl<'a> ink::SolEncode<'a> for Params {
        type SolType = ParamsTuple;
        const SOL_NAME: &'static str = PARAMS_SOL_NAME;

        fn to_sol_type(&'a self) -> ParamsTuple {
            let p = self;
            (
                p.unbonding_period,
                p.dispute_window,
                p.proposal_ttl,
                p.slash_cap_period,
                p.slash_cap_per_period,
                p.approval_threshold,
                p.stake_warmup,
            )
        }
    }

    impl ink::SolDecode for Params {
        type SolType = ParamsTuple;
        const SOL_NAME: &'static str = PARAMS_SOL_NAME;

        fn from_sol_type(value: ParamsTuple) -> core::result::Result<Self, ink::sol::Error> {
            let (
                unbonding_period,
                dispute_window,
                proposal_ttl,
                slash_cap_period,
                slash_cap_per_period,
                approval_threshold,
                stake_warmup,
            ) = value;
            if [unbonding_period, dispute_window, proposal_ttl, slash_cap_period, stake_warmup]
                .iter()
                .any(|t| *t >= 1 << 40)
            {
                return Err(ink::sol::Error);
            }
            Ok(Self {
                unbonding_period,
                dispute_window,
                proposal_ttl,
                slash_cap_period,
                slash_cap_per_period,
                approval_threshold,
                stake_warmup,
            })
        }
    }

    /// The parameters were set (at instantiation and by `setParams`).
    #[ink(event)]
    pub struct ParamsSet {
        /// The new parameters.
        pub params: Params,
    }

    /// The treasury was set (at instantiation and by `setTreasury`).
    #[ink(event)]
    pub struct TreasurySet {
        /// The new treasury.
        pub treasury: Address,
    }

    /// A slash on another chain froze a miner's withdrawals (`WithdrawalsFrozen`).
    #[ink(event)]
    pub struct WithdrawalsFrozen {
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Frozen until (uint40).
        pub until: Uint40,
    }

    /// The freezer account was set (ink! only: Solidity grants `FREEZER_ROLE`, emitting `RoleGranted`).
    #[ink(event)]
    pub struct FreezerSet {
        /// The account that may freeze withdrawals.
        pub freezer: Address,
    }

    /// OpenZeppelin `Paused`.
    #[ink(event)]
    pub struct Paused {
        /// Who paused.
        pub account: Address,
    }

    /// OpenZeppelin `Unpaused`.
    #[ink(event)]
    pub struct Unpaused {
        /// Who unpaused.
        pub account: Address,
    }

    /// A miner bonded more collateral.
    #[ink(event)]
    pub struct CollateralDeposited {
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Amount added.
        pub amount: U256,
        /// Bonded now.
        pub bonded: U256,
    }

    /// A miner started unbonding.
    #[ink(event)]
    pub struct UnbondingStarted {
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Amount moved to unbonding.
        pub amount: U256,
        /// Unbonding now.
        pub unbonding: U256,
        /// Withdrawable from.
        pub release_at: Uint40,
    }

    /// A miner withdrew unbonded collateral.
    #[ink(event)]
    pub struct CollateralWithdrawn {
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Amount.
        pub amount: U256,
    }

    /// A validator proposed a slash.
    #[ink(event)]
    pub struct SlashProposed {
        /// Slash id.
        #[ink(topic)]
        pub slash_id: U256,
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Proposer.
        #[ink(topic)]
        pub proposer: Address,
        /// Amount.
        pub amount: U256,
        /// `SlashReason`.
        pub reason: u8,
        /// Evidence hash.
        pub evidence_hash: FixedBytes<32>,
    }

    /// A validator approved a slash.
    #[ink(event)]
    pub struct SlashApproved {
        /// Slash id.
        #[ink(topic)]
        pub slash_id: U256,
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// Approvals now.
        pub approvals: u16,
    }

    /// The miner disputed a slash.
    #[ink(event)]
    pub struct SlashDisputed {
        /// Slash id.
        #[ink(topic)]
        pub slash_id: U256,
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Hash of the miner's counter-evidence.
        pub counter_evidence_hash: FixedBytes<32>,
    }

    /// The resolver decided a dispute.
    #[ink(event)]
    pub struct SlashDisputeResolved {
        /// Slash id.
        #[ink(topic)]
        pub slash_id: U256,
        /// Whether the slash stands.
        pub upheld: bool,
    }

    /// A slash was executed.
    #[ink(event)]
    pub struct SlashExecuted {
        /// Slash id.
        #[ink(topic)]
        pub slash_id: U256,
        /// Miner.
        #[ink(topic)]
        pub miner: Address,
        /// Amount taken.
        pub amount: U256,
        /// Where it went.
        pub treasury: Address,
    }

    /// A slash expired.
    #[ink(event)]
    pub struct SlashExpired {
        /// Slash id.
        #[ink(topic)]
        pub slash_id: U256,
    }

    /// A validator was registered.
    #[ink(event)]
    pub struct ValidatorAdded {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
    }

    /// A validator was removed (its stake starts unbonding).
    #[ink(event)]
    pub struct ValidatorRemoved {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
    }

    /// A validator staked.
    #[ink(event)]
    pub struct ValidatorStaked {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// Amount added.
        pub amount: U256,
        /// Stake now.
        pub stake: U256,
    }

    /// New stake warms up until `activates_at`.
    #[ink(event)]
    pub struct ValidatorStakeWarmingUp {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// All stake warming up.
        pub warming_up: U256,
        /// When it may be activated.
        pub activates_at: Uint40,
    }

    /// Warmed-up stake joined the active stake.
    #[ink(event)]
    pub struct ValidatorStakeActivated {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// Amount activated.
        pub amount: U256,
        /// Active stake now.
        pub active_stake: U256,
    }

    /// A validator started unstaking.
    #[ink(event)]
    pub struct ValidatorUnstakeStarted {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// Amount.
        pub amount: U256,
        /// Withdrawable from.
        pub release_at: Uint40,
    }

    /// A validator withdrew unstaked funds.
    #[ink(event)]
    pub struct ValidatorStakeWithdrawn {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// Amount.
        pub amount: U256,
    }

    /// Site revenue was deposited for validators.
    #[ink(event)]
    pub struct SiteRevenueDeposited {
        /// Depositor.
        #[ink(topic)]
        pub from: Address,
        /// Amount.
        pub amount: U256,
        /// Total stake it is shared over.
        pub total_stake: U256,
    }

    /// A validator claimed revenue.
    #[ink(event)]
    pub struct ValidatorRevenueClaimed {
        /// Validator.
        #[ink(topic)]
        pub validator: Address,
        /// Amount.
        pub amount: U256,
    }

    /// The Solidity contract's errors (timestamps as uint40, the status as uint8).
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Zero amount.
        MinerCollateralZeroAmount,
        /// The call's value differs from the amount.
        MinerCollateralBadValue(U256),
        /// Less bonded (or staked) than requested.
        MinerCollateralInsufficientBond(U256, U256),
        /// Nothing unbonding, or not yet released.
        MinerCollateralNotReleased(u64),
        /// A slash against the miner is open.
        MinerCollateralSlashPending(Address, U256),
        /// Not a registered validator.
        MinerCollateralNotValidator(Address),
        /// Registered already.
        MinerCollateralAlreadyValidator(Address),
        /// More than the miner's slashable collateral.
        MinerCollateralSlashTooLarge(U256, U256),
        /// `SlashReason.None` or out of range.
        MinerCollateralInvalidReason,
        /// No such slash.
        MinerCollateralUnknownSlash(U256),
        /// The slash's status forbids this.
        MinerCollateralWrongStatus(U256, SlashStatus),
        /// The validator approved already.
        MinerCollateralAlreadyApproved(U256, Address),
        /// Only the slashed miner may dispute.
        MinerCollateralNotMiner(U256, Address),
        /// The dispute window closed.
        MinerCollateralDisputeWindowClosed(u64),
        /// The dispute window is still open.
        MinerCollateralDisputeWindowOpen(u64),
        /// Not enough approvals.
        MinerCollateralNotEnoughApprovals(u16, u16),
        /// Over the period's cap.
        MinerCollateralSlashCapExceeded(U256, U256),
        /// The proposal has not expired.
        MinerCollateralNotExpired(u64),
        /// The proposal expired.
        MinerCollateralExpired(u64),
        /// No validator stake to share revenue over.
        MinerCollateralNoStake,
        /// Parameters out of range.
        MinerCollateralInvalidParams,
        /// The caller lacks the (admin's) role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Paused.
        EnforcedPause,
        /// Not paused.
        ExpectedPause,
        /// A native transfer out failed.
        MinerCollateralTransferFailed(Address, U256),
        /// A slash above the per-period cap could never execute: (amount, cap).
        MinerCollateralSlashAboveCap(U256, U256),
        /// A validator approves only proposals made after it joined.
        MinerCollateralApprovalBeforeJoining(U256, Address),
        /// Every validator slot is taken.
        MinerCollateralTooManyValidators,
        /// No stake warming up, or not yet: (activates at).
        MinerCollateralStillWarmingUp(u64),
        /// A slash on another chain froze the miner's withdrawals: (until).
        MinerCollateralFrozen(u64),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// 2^128: revenue per stake is kept magnified so small deposits over large stakes still count.
    fn magnitude() -> U256 {
        U256::one() << 128
    }

    const ADMIN_ROLE: [u8; 32] = [0; 32];
    const VALIDATOR_MANAGER_ROLE: [u8; 32] = ink::keccak_256!("VALIDATOR_MANAGER_ROLE");
    const DISPUTE_RESOLVER_ROLE: [u8; 32] = ink::keccak_256!("DISPUTE_RESOLVER_ROLE");
    const PAUSER_ROLE: [u8; 32] = ink::keccak_256!("PAUSER_ROLE");
    const FREEZER_ROLE: [u8; 32] = ink::keccak_256!("FREEZER_ROLE");
    /// Longest duration any parameter may take, seconds (so uint40 times never overflow).
    pub const MAX_DURATION: u64 = 365 * 86_400;
    /// Most validators registered at once (the approval bitmap's width).
    pub const MAX_VALIDATORS: u32 = 256;

    /// The contract.
    #[ink(storage)]
    pub struct MinerCollateral {
        admin: Address,
        treasury: Address,
        params: Params,
        paused: bool,
        total_deposited: U256,
        total_withdrawn: U256,
        total_slashed: U256,
        total_validator_stake: U256,
        validator_count: U256,
        slash_count: U256,
        revenue_per_stake: U256,
        occupied_slots: U256,
        slot_joined_at: Mapping<u8, U256>,
        bonds: Mapping<Address, Bond>,
        validators: Mapping<Address, Validator>,
        slashes: Mapping<U256, SlashProposal>,
        slashed_in_period: Mapping<u64, U256>,
        frozen_until: Mapping<Address, u64>,
        freezer: Address,
    }

    impl MinerCollateral {
        /// Collateral in the native coin; slashes go to `treasury`; the caller is the admin.
        #[ink(constructor)]
        pub fn new(treasury: Address, params: Params) -> Result<Self> {
            check_params(&params)?;
            check_treasury(treasury)?;
            Self::env().emit_event(TreasurySet { treasury });
            Self::env().emit_event(ParamsSet { params });
            Ok(Self {
                admin: Self::env().caller(),
                treasury,
                params,
                paused: false,
                total_deposited: U256::zero(),
                total_withdrawn: U256::zero(),
                total_slashed: U256::zero(),
                total_validator_stake: U256::zero(),
                validator_count: U256::zero(),
                slash_count: U256::zero(),
                revenue_per_stake: U256::zero(),
                occupied_slots: U256::zero(),
                slot_joined_at: Mapping::default(),
                bonds: Mapping::default(),
                validators: Mapping::default(),
                slashes: Mapping::default(),
                slashed_in_period: Mapping::default(),
                frozen_until: Mapping::default(),
                freezer: Address::zero(),
            })
        }

        // ----- miners -----

        /// Bonds `amount`, sent as the call's value.
        #[ink(message, payable)]
        pub fn deposit(&mut self, amount: u128) -> Result<()> {
            self.not_paused()?;
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            self.pull(amount)?;
            let miner = self.env().caller();
            let mut b = self.bonds.get(miner).unwrap_or_default();
            b.bonded = b.bonded.checked_add(amount).ok_or_else(overflow)?;
            self.bonds.insert(miner, &b);
            self.total_deposited = self.total_deposited.checked_add(U256::from(amount)).ok_or_else(overflow)?;
            self.env().emit_event(CollateralDeposited { miner, amount: amount.into(), bonded: b.bonded.into() });
            Ok(())
        }

        /// Starts unbonding `amount` (still slashable until withdrawn).
        #[ink(message, name = "requestWithdrawal")]
        pub fn request_withdrawal(&mut self, amount: u128) -> Result<()> {
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            let miner = self.env().caller();
            let mut b = self.bonds.get(miner).unwrap_or_default();
            if b.bonded < amount {
                return Err(Error::MinerCollateralInsufficientBond(b.bonded.into(), amount.into()));
            }
            b.bonded -= amount;
            b.unbonding += amount;
            b.release_at = self.now() + self.params.unbonding_period;
            self.bonds.insert(miner, &b);
            self.env().emit_event(UnbondingStarted {
                miner,
                amount: amount.into(),
                unbonding: b.unbonding.into(),
                release_at: Uint40(b.release_at),
            });
            Ok(())
        }

        /// Withdraws everything unbonded once released and no quorum-approved slash holds it.
        #[ink(message)]
        pub fn withdraw(&mut self) -> Result<()> {
            let to = self.env().caller();
            self.withdraw_paying(to)
        }

        /// `withdraw`, paying `to`.
        #[ink(message, name = "withdrawTo")]
        pub fn withdraw_to(&mut self, to: Address) -> Result<()> {
            self.withdraw_paying(to)
        }

        fn withdraw_paying(&mut self, to: Address) -> Result<()> {
            let miner = self.env().caller();
            let mut b = self.bonds.get(miner).unwrap_or_default();
            if b.unbonding == 0 || self.now() < b.release_at {
                return Err(Error::MinerCollateralNotReleased(b.release_at));
            }
            if b.open_slashes != 0 {
                return Err(Error::MinerCollateralSlashPending(miner, b.open_slashes.into()));
            }
            let frozen = self.frozen_until.get(miner).unwrap_or_default();
            if self.now() < frozen {
                return Err(Error::MinerCollateralFrozen(frozen));
            }
            let amount = b.unbonding;
            b.unbonding = 0;
            self.bonds.insert(miner, &b);
            self.total_withdrawn += U256::from(amount);
            self.env().emit_event(CollateralWithdrawn { miner, amount: amount.into() });
            self.push(to, amount.into())
        }

        // ----- slashing -----

        /// Proposes slashing `amount` of `miner` for `reason`, backed by `evidence_hash`; counts as
        /// the proposer's approval. Validators only.
        #[ink(message, name = "proposeSlash")]
        pub fn propose_slash(
            &mut self,
            miner: Address,
            amount: u128,
            reason: u8,
            evidence_hash: FixedBytes<32>,
        ) -> Result<U256> {
            self.not_paused()?;
            let proposer = self.env().caller();
            let v = self.require_validator(proposer)?;
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            if reason == REASON_NONE || reason > REASON_MAX {
                return Err(Error::MinerCollateralInvalidReason);
            }
            let b = self.bonds.get(miner).unwrap_or_default();
            let slashable = U256::from(b.bonded) + U256::from(b.unbonding);
            if U256::from(amount) > slashable {
                return Err(Error::MinerCollateralSlashTooLarge(amount.into(), slashable));
            }
            let cap = self.params.slash_cap_per_period;
            if amount > cap {
                return Err(Error::MinerCollateralSlashAboveCap(amount.into(), cap.into()));
            }
            let slash_id = self.slash_count.checked_add(U256::one()).ok_or_else(overflow)?;
            self.slash_count = slash_id;
            let proposal = SlashProposal {
                miner,
                status: SlashStatus::Pending,
                reason,
                approvers: U256::one() << v.slot,
                blocking: false,
                proposed_at: self.now(),
                amount,
                evidence_hash: evidence_hash.0,
            };
            self.slashes.insert(slash_id, &proposal);
            self.env().emit_event(SlashProposed {
                slash_id,
                miner,
                proposer,
                amount: amount.into(),
                reason,
                evidence_hash,
            });
            self.env().emit_event(SlashApproved { slash_id, validator: proposer, approvals: 1 });
            Ok(slash_id)
        }

        /// Adds the caller's approval. Validators only, once each, for proposals made after they
        /// joined; the approval that reaches the threshold starts holding the miner's withdrawals.
        #[ink(message, name = "approveSlash")]
        pub fn approve_slash(&mut self, slash_id: U256) -> Result<()> {
            self.not_paused()?;
            let validator = self.env().caller();
            let v = self.require_validator(validator)?;
            let mut s = self.live_slash(slash_id)?;
            if self.slot_joined_at.get(v.slot).unwrap_or_default() >= slash_id {
                return Err(Error::MinerCollateralApprovalBeforeJoining(slash_id, validator));
            }
            let bit = U256::one() << v.slot;
            if !(s.approvers & bit).is_zero() {
                return Err(Error::MinerCollateralAlreadyApproved(slash_id, validator));
            }
            s.approvers |= bit;
            let approvals = self.approvals(slash_id, s.approvers);
            if !s.blocking && approvals >= self.params.approval_threshold {
                s.blocking = true;
                let mut b = self.bonds.get(s.miner).unwrap_or_default();
                b.open_slashes += 1;
                self.bonds.insert(s.miner, &b);
            }
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashApproved { slash_id, validator, approvals });
            Ok(())
        }

        /// The slashed miner disputes within the dispute window.
        #[ink(message, name = "disputeSlash")]
        pub fn dispute_slash(&mut self, slash_id: U256, counter_evidence_hash: FixedBytes<32>) -> Result<()> {
            let mut s = self.existing_slash(slash_id)?;
            let caller = self.env().caller();
            if s.miner != caller {
                return Err(Error::MinerCollateralNotMiner(slash_id, caller));
            }
            if s.status != SlashStatus::Pending {
                return Err(Error::MinerCollateralWrongStatus(slash_id, s.status));
            }
            let closes_at = s.proposed_at + self.params.dispute_window;
            if self.now() >= closes_at {
                return Err(Error::MinerCollateralDisputeWindowClosed(closes_at));
            }
            s.status = SlashStatus::Disputed;
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashDisputed { slash_id, miner: caller, counter_evidence_hash });
            Ok(())
        }

        /// Decides a dispute: upheld slashes become executable, rejected ones close. Resolver only.
        #[ink(message, name = "resolveDispute")]
        pub fn resolve_dispute(&mut self, slash_id: U256, upheld: bool) -> Result<()> {
            self.only_admin(DISPUTE_RESOLVER_ROLE)?;
            let mut s = self.existing_slash(slash_id)?;
            if s.status != SlashStatus::Disputed {
                return Err(Error::MinerCollateralWrongStatus(slash_id, s.status));
            }
            if upheld {
                s.status = SlashStatus::Upheld;
            } else {
                self.close_slash(&mut s, SlashStatus::Rejected);
            }
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashDisputeResolved { slash_id, upheld });
            Ok(())
        }

        /// Executes an approved slash after its dispute window (or once upheld). Anyone may call it.
        #[ink(message, name = "executeSlash")]
        pub fn execute_slash(&mut self, slash_id: U256) -> Result<()> {
            self.not_paused()?;
            let mut s = self.live_slash(slash_id)?;
            let p = self.params;
            if s.status == SlashStatus::Disputed {
                return Err(Error::MinerCollateralWrongStatus(slash_id, s.status));
            }
            if s.status == SlashStatus::Pending {
                let closes_at = s.proposed_at + p.dispute_window;
                if self.now() < closes_at {
                    return Err(Error::MinerCollateralDisputeWindowOpen(closes_at));
                }
            }
            let approvals = self.approvals(slash_id, s.approvers);
            if approvals < p.approval_threshold {
                return Err(Error::MinerCollateralNotEnoughApprovals(approvals, p.approval_threshold));
            }
            let mut b = self.bonds.get(s.miner).unwrap_or_default();
            // Proposals may outnumber the bond: take what is there, bonded first. The period cap
            // counts what is taken, not what was proposed.
            let from_bonded = s.amount.min(b.bonded);
            let from_unbonding = (s.amount - from_bonded).min(b.unbonding);
            let taken = from_bonded + from_unbonding;
            let period = self.now() / p.slash_cap_period;
            let used = self.slashed_in_period.get(period).unwrap_or_default();
            // The cap may have been lowered below what this period already took.
            let room = U256::from(p.slash_cap_per_period).saturating_sub(used);
            if U256::from(taken) > room {
                return Err(Error::MinerCollateralSlashCapExceeded(taken.into(), room));
            }
            self.slashed_in_period.insert(period, &(used + U256::from(taken)));
            b.bonded -= from_bonded;
            b.unbonding -= from_unbonding;
            self.bonds.insert(s.miner, &b);
            self.close_slash(&mut s, SlashStatus::Executed);
            self.slashes.insert(slash_id, &s);
            self.total_slashed += U256::from(taken);
            let treasury = self.treasury;
            self.env().emit_event(SlashExecuted { slash_id, miner: s.miner, amount: taken.into(), treasury });
            self.push(treasury, taken.into())
        }

        /// Closes a proposal that outlived its time to live. Anyone may call it.
        #[ink(message, name = "expireSlash")]
        pub fn expire_slash(&mut self, slash_id: U256) -> Result<()> {
            let mut s = self.open_slash(slash_id)?;
            let expires_at = s.proposed_at + self.params.proposal_ttl;
            if self.now() < expires_at {
                return Err(Error::MinerCollateralNotExpired(expires_at));
            }
            self.close_slash(&mut s, SlashStatus::Rejected);
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashExpired { slash_id });
            Ok(())
        }

        // ----- validators -----

        /// Registers a validator in a free slot; it may approve proposals made from now on. Admin only.
        #[ink(message, name = "addValidator")]
        pub fn add_validator(&mut self, validator: Address) -> Result<()> {
            self.only_admin(VALIDATOR_MANAGER_ROLE)?;
            let mut v = self.validators.get(validator).unwrap_or_default();
            if v.registered {
                return Err(Error::MinerCollateralAlreadyValidator(validator));
            }
            if self.validator_count >= U256::from(MAX_VALIDATORS) {
                return Err(Error::MinerCollateralTooManyValidators);
            }
            // The lowest free slot; one is free because fewer than 256 validators are registered.
            let slot = (0..=255u8).find(|i| (self.occupied_slots & (U256::one() << *i)).is_zero()).unwrap_or_default();
            self.occupied_slots |= U256::one() << slot;
            self.slot_joined_at.insert(slot, &self.slash_count);
            (v.registered, v.slot) = (true, slot);
            self.validators.insert(validator, &v);
            self.validator_count += U256::one();
            self.env().emit_event(ValidatorAdded { validator });
            Ok(())
        }

        /// Deregisters a validator: its approvals stop counting, its stake (active and warming up)
        /// starts unbonding. Admin only.
        #[ink(message, name = "removeValidator")]
        pub fn remove_validator(&mut self, validator: Address) -> Result<()> {
            self.only_admin(VALIDATOR_MANAGER_ROLE)?;
            let mut v = self.validators.get(validator).unwrap_or_default();
            if !v.registered {
                return Err(Error::MinerCollateralNotValidator(validator));
            }
            v.registered = false;
            self.occupied_slots &= !(U256::one() << v.slot);
            self.validator_count -= U256::one();
            self.accrue(&mut v);
            let amount = v.stake + v.warming_up;
            self.total_validator_stake -= U256::from(v.stake);
            (v.stake, v.warming_up) = (0, 0);
            if amount != 0 {
                self.start_unbonding(validator, &mut v, amount);
            }
            self.validators.insert(validator, &v);
            self.env().emit_event(ValidatorRemoved { validator });
            Ok(())
        }

        /// Stakes `amount`, sent as the call's value. Registered validators only.
        #[ink(message, payable)]
        pub fn stake(&mut self, amount: u128) -> Result<()> {
            self.not_paused()?;
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            if !v.registered {
                return Err(Error::MinerCollateralNotValidator(validator));
            }
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            self.pull(amount)?;
            self.activate(validator, &mut v);
            v.warming_up = v.warming_up.checked_add(amount).ok_or_else(overflow)?;
            v.activates_at = self.now() + self.params.stake_warmup;
            self.validators.insert(validator, &v);
            let stake = U256::from(v.stake) + U256::from(v.warming_up);
            self.env().emit_event(ValidatorStaked { validator, amount: amount.into(), stake });
            self.env().emit_event(ValidatorStakeWarmingUp {
                validator,
                warming_up: v.warming_up.into(),
                activates_at: Uint40(v.activates_at),
            });
            Ok(())
        }

        /// Makes `validator`'s warmed-up stake active. Anyone may call it; the validator's own
        /// actions do it too.
        #[ink(message, name = "activateStake")]
        pub fn activate_stake(&mut self, validator: Address) -> Result<()> {
            let mut v = self.validators.get(validator).unwrap_or_default();
            if v.warming_up == 0 || self.now() < v.activates_at {
                return Err(Error::MinerCollateralStillWarmingUp(v.activates_at));
            }
            self.activate(validator, &mut v);
            self.validators.insert(validator, &v);
            Ok(())
        }

        /// Starts unstaking `amount` of the active stake.
        #[ink(message)]
        pub fn unstake(&mut self, amount: u128) -> Result<()> {
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            self.activate(validator, &mut v);
            if v.stake < amount {
                return Err(Error::MinerCollateralInsufficientBond(v.stake.into(), amount.into()));
            }
            self.accrue(&mut v);
            v.stake -= amount;
            self.total_validator_stake -= U256::from(amount);
            self.start_unbonding(validator, &mut v, amount);
            self.validators.insert(validator, &v);
            Ok(())
        }

        /// Withdraws unstaked funds once released.
        #[ink(message, name = "withdrawStake")]
        pub fn withdraw_stake(&mut self) -> Result<()> {
            let to = self.env().caller();
            self.withdraw_stake_paying(to)
        }

        /// `withdrawStake`, paying `to`.
        #[ink(message, name = "withdrawStakeTo")]
        pub fn withdraw_stake_to(&mut self, to: Address) -> Result<()> {
            self.withdraw_stake_paying(to)
        }

        fn withdraw_stake_paying(&mut self, to: Address) -> Result<()> {
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            if v.unbonding == 0 || self.now() < v.release_at {
                return Err(Error::MinerCollateralNotReleased(v.release_at));
            }
            let amount = v.unbonding;
            v.unbonding = 0;
            self.validators.insert(validator, &v);
            self.env().emit_event(ValidatorStakeWithdrawn { validator, amount: amount.into() });
            self.push(to, amount.into())
        }

        /// Deposits site revenue (the call's value), shared by validators pro-rata to stake.
        #[ink(message, payable, name = "depositSiteRevenue")]
        pub fn deposit_site_revenue(&mut self, amount: U256) -> Result<()> {
            if amount.is_zero() {
                return Err(Error::MinerCollateralZeroAmount);
            }
            let total = self.total_validator_stake;
            if total.is_zero() {
                return Err(Error::MinerCollateralNoStake);
            }
            if self.env().transferred_value() != amount {
                return Err(Error::MinerCollateralBadValue(self.env().transferred_value()));
            }
            let added = amount.checked_mul(magnitude()).ok_or_else(overflow)? / total;
            self.revenue_per_stake = self.revenue_per_stake.checked_add(added).ok_or_else(overflow)?;
            self.env().emit_event(SiteRevenueDeposited { from: self.env().caller(), amount, total_stake: total });
            Ok(())
        }

        /// Pays the caller the site revenue it is owed.
        #[ink(message, name = "claimValidatorRevenue")]
        pub fn claim_validator_revenue(&mut self) -> Result<U256> {
            let to = self.env().caller();
            self.claim_revenue_paying(to)
        }

        /// `claimValidatorRevenue`, paying `to`.
        #[ink(message, name = "claimValidatorRevenueTo")]
        pub fn claim_validator_revenue_to(&mut self, to: Address) -> Result<U256> {
            self.claim_revenue_paying(to)
        }

        fn claim_revenue_paying(&mut self, to: Address) -> Result<U256> {
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            self.activate(validator, &mut v);
            self.accrue(&mut v);
            let amount = v.revenue_owed;
            if amount.is_zero() {
                return Err(Error::MinerCollateralZeroAmount);
            }
            v.revenue_owed = U256::zero();
            self.validators.insert(validator, &v);
            self.env().emit_event(ValidatorRevenueClaimed { validator, amount });
            self.push(to, amount)?;
            Ok(amount)
        }

        // ----- admin -----

        /// Replaces the parameters. Admin only.
        #[ink(message, name = "setParams")]
        pub fn set_params(&mut self, params: Params) -> Result<()> {
            self.only_admin(VALIDATOR_MANAGER_ROLE)?;
            check_params(&params)?;
            self.params = params;
            self.env().emit_event(ParamsSet { params });
            Ok(())
        }

        /// Freezes `miner`'s withdrawals until `until` (a later freeze extends, an earlier one changes
        /// nothing), so that validators here can act on a slash executed on another chain; at most
        /// `MAX_DURATION` from now. The freezer (the suite's router) or the admin only: ink! keeps one
        /// admin and one freezer account where Solidity grants `FREEZER_ROLE`.
        #[ink(message, name = "freezeWithdrawals")]
        pub fn freeze_withdrawals(&mut self, miner: Address, until: Uint40) -> Result<()> {
            let until = until.0;
            let caller = self.env().caller();
            if caller != self.admin && (caller != self.freezer || self.freezer == Address::zero()) {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(FREEZER_ROLE)));
            }
            if until > self.now().saturating_add(MAX_DURATION) {
                return Err(Error::MinerCollateralInvalidParams);
            }
            if until <= self.frozen_until.get(miner).unwrap_or_default() {
                return Ok(());
            }
            self.frozen_until.insert(miner, &until);
            self.env().emit_event(WithdrawalsFrozen { miner, until: Uint40(until) });
            Ok(())
        }

        /// Until when `miner`'s withdrawals are frozen (0: never frozen).
        #[ink(message, name = "frozenUntil")]
        pub fn frozen_until(&self, miner: Address) -> Uint40 {
            Uint40(self.frozen_until.get(miner).unwrap_or_default())
        }

        /// Sets the account that may freeze withdrawals (the suite's router). Admin only.
        #[ink(message, name = "setFreezer")]
        pub fn set_freezer(&mut self, freezer: Address) -> Result<()> {
            self.only_admin(ADMIN_ROLE)?;
            self.freezer = freezer;
            self.env().emit_event(FreezerSet { freezer });
            Ok(())
        }

        /// The account that may freeze withdrawals besides the admin (zero: none).
        #[ink(message)]
        pub fn freezer(&self) -> Address {
            self.freezer
        }

        /// Replaces the treasury. Admin only.
        #[ink(message, name = "setTreasury")]
        pub fn set_treasury(&mut self, treasury: Address) -> Result<()> {
            self.only_admin(ADMIN_ROLE)?;
            check_treasury(treasury)?;
            self.treasury = treasury;
            self.env().emit_event(TreasurySet { treasury });
            Ok(())
        }

        /// Pauses deposits, staking, and proposing, approving and executing slashes. Admin only.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.only_admin(PAUSER_ROLE)?;
            self.not_paused()?;
            self.paused = true;
            self.env().emit_event(Paused { account: self.env().caller() });
            Ok(())
        }

        /// Resumes. Admin only.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.only_admin(PAUSER_ROLE)?;
            if !self.paused {
                return Err(Error::ExpectedPause);
            }
            self.paused = false;
            self.env().emit_event(Unpaused { account: self.env().caller() });
            Ok(())
        }

        /// Whether deposits, staking and proposals are paused.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.paused
        }

        // ----- views -----

        /// (bonded, unbonding, release at, open slashes) of `miner`.
        #[ink(message, name = "bondOf")]
        pub fn bond_of(&self, miner: Address) -> (u128, u128, u64, u32) {
            let b = self.bonds.get(miner).unwrap_or_default();
            (b.bonded, b.unbonding, b.release_at, b.open_slashes)
        }

        /// (registered, stake, unbonding, release at, revenue per stake accounted, revenue owed now,
        /// warming up, activates at) of `validator`, the EVM contract's `Validator` struct.
        #[ink(message, name = "validatorOf")]
        pub fn validator_of(&self, validator: Address) -> (bool, u128, u128, u64, U256, U256, u128, u64) {
            let mut v = self.validators.get(validator).unwrap_or_default();
            self.accrue(&mut v);
            (
                v.registered,
                v.stake,
                v.unbonding,
                v.release_at,
                v.revenue_paid,
                v.revenue_owed,
                v.warming_up,
                v.activates_at,
            )
        }

        /// (miner, status, reason, approvals counting now, proposed at, amount, evidence hash, blocks
        /// withdrawals) of a slash.
        #[ink(message, name = "slashOf")]
        pub fn slash_of(
            &self,
            slash_id: U256,
        ) -> Result<(Address, SlashStatus, u8, u16, u64, u128, FixedBytes<32>, bool)> {
            let s = self.existing_slash(slash_id)?;
            let approvals = self.approvals(slash_id, s.approvers);
            Ok((
                s.miner,
                s.status,
                s.reason,
                approvals,
                s.proposed_at,
                s.amount,
                FixedBytes(s.evidence_hash),
                s.blocking,
            ))
        }

        /// Whether `validator` approved `slash_id` and the approval counts.
        #[ink(message, name = "hasApproved")]
        pub fn has_approved(&self, slash_id: U256, validator: Address) -> bool {
            let v = self.validators.get(validator).unwrap_or_default();
            let approvers = self.slashes.get(slash_id).map(|s| s.approvers).unwrap_or_default();
            v.registered
                && !(approvers & (U256::one() << v.slot)).is_zero()
                && self.slot_joined_at.get(v.slot).unwrap_or_default() < slash_id
        }

        /// Collateral slashed in the cap period containing `timestamp`.
        #[ink(message, name = "slashedInPeriodOf")]
        pub fn slashed_in_period_of(&self, timestamp: U256) -> U256 {
            let period = timestamp / U256::from(self.params.slash_cap_period);
            if period > U256::from(u64::MAX) {
                return U256::zero();
            }
            self.slashed_in_period.get(period.low_u64()).unwrap_or_default()
        }

        /// The bonded asset: `address(0)`, the native coin, as the EVM contract reports it.
        #[ink(message)]
        pub fn asset(&self) -> Address {
            Address::zero()
        }

        /// Where slashed collateral goes.
        #[ink(message)]
        pub fn treasury(&self) -> Address {
            self.treasury
        }

        /// Slash proposals ever made; ids run from 1.
        #[ink(message, name = "slashCount")]
        pub fn slash_count(&self) -> U256 {
            self.slash_count
        }

        /// Collateral ever deposited.
        #[ink(message, name = "totalDeposited")]
        pub fn total_deposited(&self) -> U256 {
            self.total_deposited
        }

        /// Collateral ever withdrawn.
        #[ink(message, name = "totalWithdrawn")]
        pub fn total_withdrawn(&self) -> U256 {
            self.total_withdrawn
        }

        /// Collateral ever slashed.
        #[ink(message, name = "totalSlashed")]
        pub fn total_slashed(&self) -> U256 {
            self.total_slashed
        }

        /// Stake validators hold now.
        #[ink(message, name = "totalValidatorStake")]
        pub fn total_validator_stake(&self) -> U256 {
            self.total_validator_stake
        }

        /// Registered validators.
        #[ink(message, name = "validatorCount")]
        pub fn validator_count(&self) -> U256 {
            self.validator_count
        }

        /// The parameters.
        #[ink(message)]
        pub fn params(&self) -> Params {
            self.params
        }

        // ----- internals -----

        fn now(&self) -> u64 {
            self.env().block_timestamp()
        }

        fn not_paused(&self) -> Result<()> {
            if self.paused { Err(Error::EnforcedPause) } else { Ok(()) }
        }

        fn only_admin(&self, role: [u8; 32]) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(role)));
            }
            Ok(())
        }

        fn require_validator(&self, account: Address) -> Result<Validator> {
            match self.validators.get(account) {
                Some(v) if v.registered => Ok(v),
                _ => Err(Error::MinerCollateralNotValidator(account)),
            }
        }

        /// Approvals that count: slots still registered, taken before the proposal was made.
        fn approvals(&self, slash_id: U256, approvers: U256) -> u16 {
            let bits = approvers & self.occupied_slots;
            (0..=255u8)
                .filter(|i| !(bits & (U256::one() << *i)).is_zero())
                .filter(|i| self.slot_joined_at.get(*i).unwrap_or_default() < slash_id)
                .count() as u16
        }

        fn existing_slash(&self, slash_id: U256) -> Result<SlashProposal> {
            self.slashes.get(slash_id).ok_or(Error::MinerCollateralUnknownSlash(slash_id))
        }

        fn open_slash(&self, slash_id: U256) -> Result<SlashProposal> {
            let s = self.existing_slash(slash_id)?;
            if matches!(s.status, SlashStatus::Executed | SlashStatus::Rejected) {
                return Err(Error::MinerCollateralWrongStatus(slash_id, s.status));
            }
            Ok(s)
        }

        fn live_slash(&self, slash_id: U256) -> Result<SlashProposal> {
            let s = self.open_slash(slash_id)?;
            let expires_at = s.proposed_at + self.params.proposal_ttl;
            if self.now() >= expires_at {
                return Err(Error::MinerCollateralExpired(expires_at));
            }
            Ok(s)
        }

        /// Ends an open proposal, releasing its hold on the miner's withdrawals; the caller stores `s`.
        fn close_slash(&mut self, s: &mut SlashProposal, status: SlashStatus) {
            s.status = status;
            if s.blocking {
                let mut b = self.bonds.get(s.miner).unwrap_or_default();
                b.open_slashes -= 1;
                self.bonds.insert(s.miner, &b);
            }
        }

        fn accrue(&self, v: &mut Validator) {
            let acc = self.revenue_per_stake;
            v.revenue_owed += U256::from(v.stake) * (acc - v.revenue_paid) / magnitude();
            v.revenue_paid = acc;
        }

        /// Moves warmed-up stake into the active stake (nothing while it is still warming up).
        fn activate(&mut self, validator: Address, v: &mut Validator) {
            let amount = v.warming_up;
            if amount == 0 || self.now() < v.activates_at {
                return;
            }
            self.accrue(v);
            v.stake += amount;
            v.warming_up = 0;
            self.total_validator_stake += U256::from(amount);
            self.env().emit_event(ValidatorStakeActivated {
                validator,
                amount: amount.into(),
                active_stake: v.stake.into(),
            });
        }

        fn start_unbonding(&mut self, validator: Address, v: &mut Validator, amount: u128) {
            v.unbonding += amount;
            v.release_at = self.now() + self.params.unbonding_period;
            self.env().emit_event(ValidatorUnstakeStarted {
                validator,
                amount: amount.into(),
                release_at: Uint40(v.release_at),
            });
        }

        fn pull(&self, amount: u128) -> Result<()> {
            let value = self.env().transferred_value();
            if value != U256::from(amount) {
                return Err(Error::MinerCollateralBadValue(value));
            }
            Ok(())
        }

        fn push(&mut self, to: Address, amount: U256) -> Result<()> {
            self.env().transfer(to, amount).map_err(|_| Error::MinerCollateralTransferFailed(to, amount))
        }
    }

    fn check_treasury(treasury: Address) -> Result<()> {
        if treasury == Address::zero() {
            return Err(Error::MinerCollateralInvalidParams);
        }
        Ok(())
    }

    /// The Solidity contract's rules: every duration at most `MAX_DURATION`; nonzero dispute window,
    /// cap period and warm-up; unbonding longer than the dispute window; a time to live of at least
    /// the dispute window plus one cap period; a threshold from 2 to `MAX_VALIDATORS`.
    fn check_params(p: &Params) -> Result<()> {
        let durations = [p.unbonding_period, p.proposal_ttl, p.slash_cap_period, p.stake_warmup];
        if durations.iter().any(|d| *d > MAX_DURATION)
            || p.dispute_window == 0
            || p.slash_cap_period == 0
            || p.stake_warmup == 0
            || p.unbonding_period <= p.dispute_window
            || p.proposal_ttl < p.dispute_window + p.slash_cap_period
            || p.approval_threshold < 2
            || u32::from(p.approval_threshold) > MAX_VALIDATORS
        {
            return Err(Error::MinerCollateralInvalidParams);
        }
        Ok(())
    }

    fn overflow() -> Error {
        Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW))
    }
}

#[cfg(test)]
mod tests;

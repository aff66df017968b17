#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix MinerCollateral for Polkadot Hub, the ink! 6 port of
//! `contracts/evm/src/MinerCollateral.sol` deployed with the native coin as its asset.
//!
//! Same semantics: miners bond collateral and withdraw it only after an unbonding period with no
//! open slash; validators propose evidence-backed slashes, which need `approval_threshold`
//! approvals, can be disputed by the miner within the dispute window (the resolver upholds or
//! rejects), expire after their time to live, take bonded collateral first and then unbonding
//! collateral, and are capped per period by what they actually take; slashed collateral goes to
//! the treasury. Validators stake, and site revenue deposited here is shared pro-rata to stake.
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
//!   resolver, pauser).

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
        /// Validator approvals (the proposer's included).
        pub approvals: u16,
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
    }

    /// The Solidity `Params` tuple's ABI type.
    type ParamsTuple = (u64, u64, u64, u64, u128, u16);
    const PARAMS_SOL_NAME: &str = "(uint40,uint40,uint40,uint40,uint128,uint16)";

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
            ) = value;
            if [unbonding_period, dispute_window, proposal_ttl, slash_cap_period].iter().any(|t| *t >= 1 << 40) {
                return Err(ink::sol::Error);
            }
            Ok(Self {
                unbonding_period,
                dispute_window,
                proposal_ttl,
                slash_cap_period,
                slash_cap_per_period,
                approval_threshold,
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
        MinerCollateralNotReleased(Uint40),
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
        MinerCollateralDisputeWindowClosed(Uint40),
        /// The dispute window is still open.
        MinerCollateralDisputeWindowOpen(Uint40),
        /// Not enough approvals.
        MinerCollateralNotEnoughApprovals(u16, u16),
        /// Over the period's cap.
        MinerCollateralSlashCapExceeded(U256, U256),
        /// The proposal has not expired.
        MinerCollateralNotExpired(Uint40),
        /// The proposal expired.
        MinerCollateralExpired(Uint40),
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
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// 2^128: revenue per stake is kept magnified so small deposits over large stakes still count.
    fn magnitude() -> U256 {
        U256::one() << 128
    }

    const ADMIN_ROLE: [u8; 32] = [0; 32];

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
        bonds: Mapping<Address, Bond>,
        validators: Mapping<Address, Validator>,
        slashes: Mapping<U256, SlashProposal>,
        approved: Mapping<(U256, Address), ()>,
        slashed_in_period: Mapping<u64, U256>,
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
                bonds: Mapping::default(),
                validators: Mapping::default(),
                slashes: Mapping::default(),
                approved: Mapping::default(),
                slashed_in_period: Mapping::default(),
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
            b.bonded += amount;
            self.bonds.insert(miner, &b);
            self.total_deposited += U256::from(amount);
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

        /// Withdraws everything unbonded once released and no slash is open.
        #[ink(message)]
        pub fn withdraw(&mut self) -> Result<()> {
            let miner = self.env().caller();
            let mut b = self.bonds.get(miner).unwrap_or_default();
            if b.unbonding == 0 || self.now() < b.release_at {
                return Err(Error::MinerCollateralNotReleased(Uint40(b.release_at)));
            }
            if b.open_slashes != 0 {
                return Err(Error::MinerCollateralSlashPending(miner, b.open_slashes.into()));
            }
            let amount = b.unbonding;
            b.unbonding = 0;
            self.bonds.insert(miner, &b);
            self.total_withdrawn += U256::from(amount);
            self.env().emit_event(CollateralWithdrawn { miner, amount: amount.into() });
            self.push(miner, amount.into())
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
            self.require_validator(proposer)?;
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            if reason == REASON_NONE || reason > REASON_MAX {
                return Err(Error::MinerCollateralInvalidReason);
            }
            let mut b = self.bonds.get(miner).unwrap_or_default();
            let slashable = U256::from(b.bonded) + U256::from(b.unbonding);
            if U256::from(amount) > slashable {
                return Err(Error::MinerCollateralSlashTooLarge(amount.into(), slashable));
            }
            let slash_id = self.slash_count + U256::one();
            self.slash_count = slash_id;
            let proposal = SlashProposal {
                miner,
                status: SlashStatus::Pending,
                reason,
                approvals: 1,
                proposed_at: self.now(),
                amount,
                evidence_hash: evidence_hash.0,
            };
            self.slashes.insert(slash_id, &proposal);
            self.approved.insert((slash_id, proposer), &());
            b.open_slashes += 1;
            self.bonds.insert(miner, &b);
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

        /// Adds the caller's approval. Validators only, once each.
        #[ink(message, name = "approveSlash")]
        pub fn approve_slash(&mut self, slash_id: U256) -> Result<()> {
            let validator = self.env().caller();
            self.require_validator(validator)?;
            let mut s = self.live_slash(slash_id)?;
            if self.approved.contains((slash_id, validator)) {
                return Err(Error::MinerCollateralAlreadyApproved(slash_id, validator));
            }
            self.approved.insert((slash_id, validator), &());
            s.approvals += 1;
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashApproved { slash_id, validator, approvals: s.approvals });
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
                return Err(Error::MinerCollateralDisputeWindowClosed(Uint40(closes_at)));
            }
            s.status = SlashStatus::Disputed;
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashDisputed { slash_id, miner: caller, counter_evidence_hash });
            Ok(())
        }

        /// Decides a dispute: upheld slashes become executable, rejected ones close. Resolver only.
        #[ink(message, name = "resolveDispute")]
        pub fn resolve_dispute(&mut self, slash_id: U256, upheld: bool) -> Result<()> {
            self.only_admin()?;
            let mut s = self.existing_slash(slash_id)?;
            if s.status != SlashStatus::Disputed {
                return Err(Error::MinerCollateralWrongStatus(slash_id, s.status));
            }
            if upheld {
                s.status = SlashStatus::Upheld;
            } else {
                s.status = SlashStatus::Rejected;
                self.close_slash(s.miner);
            }
            self.slashes.insert(slash_id, &s);
            self.env().emit_event(SlashDisputeResolved { slash_id, upheld });
            Ok(())
        }

        /// Executes an approved slash after its dispute window (or once upheld). Anyone may call it.
        #[ink(message, name = "executeSlash")]
        pub fn execute_slash(&mut self, slash_id: U256) -> Result<()> {
            let mut s = self.live_slash(slash_id)?;
            let p = self.params;
            if s.status == SlashStatus::Disputed {
                return Err(Error::MinerCollateralWrongStatus(slash_id, s.status));
            }
            if s.status == SlashStatus::Pending {
                let closes_at = s.proposed_at + p.dispute_window;
                if self.now() < closes_at {
                    return Err(Error::MinerCollateralDisputeWindowOpen(Uint40(closes_at)));
                }
            }
            if s.approvals < p.approval_threshold {
                return Err(Error::MinerCollateralNotEnoughApprovals(s.approvals, p.approval_threshold));
            }
            let mut b = self.bonds.get(s.miner).unwrap_or_default();
            // Proposals may outnumber the bond: take what is there, bonded first. The period cap
            // counts what is taken, not what was proposed.
            let from_bonded = s.amount.min(b.bonded);
            let from_unbonding = (s.amount - from_bonded).min(b.unbonding);
            let taken = from_bonded + from_unbonding;
            let period = self.now() / p.slash_cap_period;
            let used = self.slashed_in_period.get(period).unwrap_or_default();
            let cap = U256::from(p.slash_cap_per_period);
            if used + U256::from(taken) > cap {
                return Err(Error::MinerCollateralSlashCapExceeded(taken.into(), cap - used));
            }
            self.slashed_in_period.insert(period, &(used + U256::from(taken)));
            b.bonded -= from_bonded;
            b.unbonding -= from_unbonding;
            b.open_slashes -= 1;
            self.bonds.insert(s.miner, &b);
            s.status = SlashStatus::Executed;
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
                return Err(Error::MinerCollateralNotExpired(Uint40(expires_at)));
            }
            s.status = SlashStatus::Rejected;
            self.slashes.insert(slash_id, &s);
            self.close_slash(s.miner);
            self.env().emit_event(SlashExpired { slash_id });
            Ok(())
        }

        // ----- validators -----

        /// Registers a validator. Admin only.
        #[ink(message, name = "addValidator")]
        pub fn add_validator(&mut self, validator: Address) -> Result<()> {
            self.only_admin()?;
            let mut v = self.validators.get(validator).unwrap_or_default();
            if v.registered {
                return Err(Error::MinerCollateralAlreadyValidator(validator));
            }
            v.registered = true;
            self.validators.insert(validator, &v);
            self.validator_count += U256::one();
            self.env().emit_event(ValidatorAdded { validator });
            Ok(())
        }

        /// Deregisters a validator; its stake starts unbonding. Admin only.
        #[ink(message, name = "removeValidator")]
        pub fn remove_validator(&mut self, validator: Address) -> Result<()> {
            self.only_admin()?;
            let mut v = self.validators.get(validator).unwrap_or_default();
            if !v.registered {
                return Err(Error::MinerCollateralNotValidator(validator));
            }
            v.registered = false;
            self.validator_count -= U256::one();
            if v.stake != 0 {
                let stake = v.stake;
                self.start_unstake(validator, &mut v, stake);
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
            self.accrue(&mut v);
            v.stake += amount;
            self.validators.insert(validator, &v);
            self.total_validator_stake += U256::from(amount);
            self.env().emit_event(ValidatorStaked { validator, amount: amount.into(), stake: v.stake.into() });
            Ok(())
        }

        /// Starts unstaking `amount`.
        #[ink(message)]
        pub fn unstake(&mut self, amount: u128) -> Result<()> {
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            if amount == 0 {
                return Err(Error::MinerCollateralZeroAmount);
            }
            if v.stake < amount {
                return Err(Error::MinerCollateralInsufficientBond(v.stake.into(), amount.into()));
            }
            self.start_unstake(validator, &mut v, amount);
            self.validators.insert(validator, &v);
            Ok(())
        }

        /// Withdraws unstaked funds once released.
        #[ink(message, name = "withdrawStake")]
        pub fn withdraw_stake(&mut self) -> Result<()> {
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            if v.unbonding == 0 || self.now() < v.release_at {
                return Err(Error::MinerCollateralNotReleased(Uint40(v.release_at)));
            }
            let amount = v.unbonding;
            v.unbonding = 0;
            self.validators.insert(validator, &v);
            self.env().emit_event(ValidatorStakeWithdrawn { validator, amount: amount.into() });
            self.push(validator, amount.into())
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
            self.revenue_per_stake += amount * magnitude() / total;
            self.env().emit_event(SiteRevenueDeposited { from: self.env().caller(), amount, total_stake: total });
            Ok(())
        }

        /// Pays the caller the site revenue it is owed.
        #[ink(message, name = "claimValidatorRevenue")]
        pub fn claim_validator_revenue(&mut self) -> Result<U256> {
            let validator = self.env().caller();
            let mut v = self.validators.get(validator).unwrap_or_default();
            self.accrue(&mut v);
            let amount = v.revenue_owed;
            if amount.is_zero() {
                return Err(Error::MinerCollateralZeroAmount);
            }
            v.revenue_owed = U256::zero();
            self.validators.insert(validator, &v);
            self.env().emit_event(ValidatorRevenueClaimed { validator, amount });
            self.push(validator, amount)?;
            Ok(amount)
        }

        // ----- admin -----

        /// Replaces the parameters. Admin only.
        #[ink(message, name = "setParams")]
        pub fn set_params(&mut self, params: Params) -> Result<()> {
            self.only_admin()?;
            check_params(&params)?;
            self.params = params;
            self.env().emit_event(ParamsSet { params });
            Ok(())
        }

        /// Replaces the treasury. Admin only.
        #[ink(message, name = "setTreasury")]
        pub fn set_treasury(&mut self, treasury: Address) -> Result<()> {
            self.only_admin()?;
            check_treasury(treasury)?;
            self.treasury = treasury;
            self.env().emit_event(TreasurySet { treasury });
            Ok(())
        }

        /// Pauses deposits, staking and proposals. Admin only.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.only_admin()?;
            self.not_paused()?;
            self.paused = true;
            self.env().emit_event(Paused { account: self.env().caller() });
            Ok(())
        }

        /// Resumes. Admin only.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.only_admin()?;
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

        /// (registered, stake, unbonding, release at, revenue per stake accounted, revenue owed now)
        /// of `validator`, the EVM contract's `Validator` struct.
        #[ink(message, name = "validatorOf")]
        pub fn validator_of(&self, validator: Address) -> (bool, u128, u128, u64, U256, U256) {
            let mut v = self.validators.get(validator).unwrap_or_default();
            self.accrue(&mut v);
            (v.registered, v.stake, v.unbonding, v.release_at, v.revenue_paid, v.revenue_owed)
        }

        /// (miner, status, reason, approvals, proposed at, amount, evidence hash) of a slash.
        #[ink(message, name = "slashOf")]
        pub fn slash_of(&self, slash_id: U256) -> Result<(Address, SlashStatus, u8, u16, u64, u128, FixedBytes<32>)> {
            let s = self.existing_slash(slash_id)?;
            Ok((s.miner, s.status, s.reason, s.approvals, s.proposed_at, s.amount, FixedBytes(s.evidence_hash)))
        }

        /// Whether `validator` approved `slash_id`.
        #[ink(message, name = "hasApproved")]
        pub fn has_approved(&self, slash_id: U256, validator: Address) -> bool {
            self.approved.contains((slash_id, validator))
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

        fn only_admin(&self) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(ADMIN_ROLE)));
            }
            Ok(())
        }

        fn require_validator(&self, account: Address) -> Result<()> {
            if !self.validators.get(account).is_some_and(|v| v.registered) {
                return Err(Error::MinerCollateralNotValidator(account));
            }
            Ok(())
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
                return Err(Error::MinerCollateralExpired(Uint40(expires_at)));
            }
            Ok(s)
        }

        fn close_slash(&mut self, miner: Address) {
            let mut b = self.bonds.get(miner).unwrap_or_default();
            b.open_slashes -= 1;
            self.bonds.insert(miner, &b);
        }

        fn accrue(&self, v: &mut Validator) {
            let acc = self.revenue_per_stake;
            v.revenue_owed += U256::from(v.stake) * (acc - v.revenue_paid) / magnitude();
            v.revenue_paid = acc;
        }

        fn start_unstake(&mut self, validator: Address, v: &mut Validator, amount: u128) {
            self.accrue(v);
            v.stake -= amount;
            v.unbonding += amount;
            self.total_validator_stake -= U256::from(amount);
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

    fn check_params(p: &Params) -> Result<()> {
        if p.approval_threshold == 0
            || p.slash_cap_period == 0
            || p.dispute_window == 0
            || p.unbonding_period <= p.dispute_window
            || p.proposal_ttl <= p.dispute_window
        {
            return Err(Error::MinerCollateralInvalidParams);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

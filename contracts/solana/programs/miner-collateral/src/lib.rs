//! MinerCollateral on Solana: the rules of `contracts/evm/src/MinerCollateral.sol`, the Solana way.
//!
//! - Miners bond an SPL token (`["bond", miner]`); withdrawing goes through an unbonding period in
//!   which the collateral stays slashable. Every token the program holds sits in one vault whose
//!   authority is the config PDA.
//! - Validators (`["validator", key]`) occupy slots 0..255. A slash proposal (`["slash", id]`)
//!   records its approvers as a 256-bit bitmap of slots; an approval counts while its validator is
//!   registered and joined before the proposal was made, so removing a validator removes its
//!   approvals from every open proposal at once and a slot's next holder inherits none.
//! - A proposal executes once `approval_threshold` current validators approved it and the miner's
//!   dispute window passed (or a disputed slash was upheld by the dispute resolver). Only a
//!   quorum-approved proposal holds the miner's withdrawals, until it executes, is rejected or
//!   expires (`proposal_ttl`). A proposal above the per-period cap is refused when proposed.
//!   Executed slashes are capped per period (what is taken, not what was proposed) and go to the
//!   treasury token account.
//! - Site revenue deposited here is shared by validators pro rata to their active stake; new stake
//!   warms up for `stake_warmup` seconds first, so stake added just before a deposit earns nothing.
//! - Roles are single keys in the configuration (the Solana way for authorities), one per EVM role:
//!   admin, validator manager, dispute resolver, pauser and freezer (none until the admin names
//!   one). Pausing stops deposits, staking, and proposing, approving and executing slashes;
//!   withdrawals, disputes, resolution, expiry and claims stay open.
//!
//! Every state change is an `emit_cpi!` event named and shaped as the EVM suite's.

// Anchor's macros generate public modules and account structs without docs.
#![allow(missing_docs)]

use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use tfx_solana_vault::{pay, pull};

declare_id!("4BQz26ZeoKZ82M1csCJLozACADwvXu4UzfUAenwwKMFk");

/// Longest duration any parameter may take (seconds), as the EVM suite's `MAX_DURATION`.
pub const MAX_DURATION: u32 = 365 * 86_400;
/// Most validators registered at once (the approval bitmap's width).
pub const MAX_VALIDATORS: u16 = 256;
/// Bits of fixed-point precision of the revenue accumulator.
const PRECISION: u32 = 64;

/// Seeds of the program's accounts.
pub mod seeds {
    /// The one configuration account, also the vault's authority.
    pub const CONFIG: &[u8] = b"config";
    /// The token account holding collateral, stake and undistributed revenue.
    pub const VAULT: &[u8] = b"vault";
    /// A miner's bond: `["bond", miner]`.
    pub const BOND: &[u8] = b"bond";
    /// A validator: `["validator", key]`.
    pub const VALIDATOR: &[u8] = b"validator";
    /// A slash proposal: `["slash", id as u64 little-endian]`.
    pub const SLASH: &[u8] = b"slash";
}

#[program]
pub mod miner_collateral {
    use super::*;

    /// Creates the configuration and the vault of `mint` (the collateral); `admin` holds every role
    /// but the freezer's; slashes go to `treasury`.
    pub fn initialize(ctx: Context<Initialize>, params: Params) -> Result<()> {
        params.check()?;
        let admin = ctx.accounts.admin.key();
        let config = &mut ctx.accounts.config;
        config.roles = Roles {
            admin,
            validator_manager: admin,
            dispute_resolver: admin,
            pauser: admin,
            freezer: Pubkey::default(),
        };
        config.mint = ctx.accounts.mint.key();
        config.treasury = ctx.accounts.treasury.key();
        config.params = params;
        config.bump = ctx.bumps.config;
        emit_cpi!(params.event());
        emit_cpi!(TreasurySet { treasury: config.treasury });
        emit_cpi!(RolesSet { roles: config.roles });
        Ok(())
    }

    // ----- miners -----

    /// Bonds `amount` of collateral for the miner, pulled from its token account.
    pub fn deposit(ctx: Context<Deposit>, amount: u64) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require!(!config.paused, MinerCollateralError::Paused);
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        let bond = &mut ctx.accounts.bond;
        bond.bump = ctx.bumps.bond;
        bond.bonded = bond.bonded.checked_add(amount).ok_or(MinerCollateralError::Overflow)?;
        config.total_deposited = config.total_deposited.checked_add(amount).ok_or(MinerCollateralError::Overflow)?;
        let a = &ctx.accounts;
        pull(&a.token_program, &a.miner_tokens, &a.mint, &a.vault, &a.miner, amount)?;
        emit_cpi!(CollateralDeposited { miner: a.miner.key(), amount, bonded: a.bond.bonded });
        Ok(())
    }

    /// Starts unbonding `amount`; the release time restarts for everything unbonding.
    pub fn request_withdrawal(ctx: Context<MinerBond>, amount: u64) -> Result<()> {
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        let bond = &mut ctx.accounts.bond;
        require!(bond.bonded >= amount, MinerCollateralError::InsufficientBond);
        bond.bonded -= amount;
        bond.unbonding += amount;
        bond.release_at = now()? + i64::from(ctx.accounts.config.params.unbonding_period);
        emit_cpi!(UnbondingStarted {
            miner: ctx.accounts.miner.key(),
            amount,
            unbonding: bond.unbonding,
            release_at: bond.release_at,
        });
        Ok(())
    }

    /// Pays the miner's released unbonding collateral into `to` (any token account of the mint).
    pub fn withdraw(ctx: Context<Withdraw>) -> Result<()> {
        let now = now()?;
        let bond = &mut ctx.accounts.bond;
        let amount = bond.unbonding;
        require!(amount > 0 && now >= bond.release_at, MinerCollateralError::NotReleased);
        require!(bond.open_slashes == 0, MinerCollateralError::SlashPending);
        require!(now >= bond.frozen_until, MinerCollateralError::Frozen);
        bond.unbonding = 0;
        let config = &mut ctx.accounts.config;
        config.total_withdrawn += amount;
        let a = &ctx.accounts;
        pay(&a.token_program, &a.vault, &a.mint, &a.to, a.config.to_account_info(), a.config.bump, amount)?;
        emit_cpi!(CollateralWithdrawn { miner: a.miner.key(), amount });
        Ok(())
    }

    /// Freezes `miner`'s withdrawals until `until` (a later freeze extends, an earlier one changes
    /// nothing), so that validators here can act on a slash executed on another chain. The
    /// freeze lifts by itself; it is at most [`MAX_DURATION`] from now. Freezer only.
    pub fn freeze_withdrawals(ctx: Context<FreezeWithdrawals>, miner: Pubkey, until: i64) -> Result<()> {
        let freezer = ctx.accounts.config.roles.freezer;
        require!(freezer != Pubkey::default(), MinerCollateralError::Unauthorized);
        require_keys_eq!(ctx.accounts.freezer.key(), freezer, MinerCollateralError::Unauthorized);
        require!(until <= now()? + i64::from(MAX_DURATION), MinerCollateralError::InvalidParams);
        let bond = &mut ctx.accounts.bond;
        bond.bump = ctx.bumps.bond;
        if until <= bond.frozen_until {
            return Ok(());
        }
        bond.frozen_until = until;
        emit_cpi!(WithdrawalsFrozen { miner, until });
        Ok(())
    }

    // ----- slashing -----

    /// Proposes slash `config.slash_count + 1` of `amount` from `miner`; counts as the proposer's
    /// approval.
    pub fn propose_slash(
        ctx: Context<ProposeSlash>,
        miner: Pubkey,
        amount: u64,
        reason: SlashReason,
        evidence_hash: [u8; 32],
    ) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require!(!config.paused, MinerCollateralError::Paused);
        let validator = &ctx.accounts.validator_record;
        require!(validator.registered, MinerCollateralError::NotValidator);
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        require!(reason != SlashReason::None, MinerCollateralError::InvalidReason);
        let bond = &ctx.accounts.bond;
        require!(u128::from(amount) <= bond.slashable(), MinerCollateralError::SlashTooLarge);
        require!(amount <= config.params.slash_cap_per_period, MinerCollateralError::SlashAboveCap);
        config.slash_count += 1;
        let slash_id = config.slash_count;
        let slash = &mut ctx.accounts.slash;
        slash.miner = miner;
        slash.status = SlashStatus::Pending;
        slash.reason = reason;
        slash.blocking = false;
        slash.proposed_at = now()?;
        slash.amount = amount;
        slash.evidence_hash = evidence_hash;
        slash.approvers = [0; 4];
        set_bit(&mut slash.approvers, validator.slot);
        slash.bump = ctx.bumps.slash;
        let proposer = ctx.accounts.proposer.key();
        emit_cpi!(SlashProposed { slash_id, miner, proposer, amount, reason, evidence_hash });
        emit_cpi!(SlashApproved { slash_id, validator: proposer, approvals: 1 });
        Ok(())
    }

    /// Adds the caller's approval to a pending, disputed or upheld slash. The approval that
    /// brings it to the threshold starts holding the miner's withdrawals.
    pub fn approve_slash(ctx: Context<ApproveSlash>, slash_id: u64) -> Result<()> {
        let config = &ctx.accounts.config;
        require!(!config.paused, MinerCollateralError::Paused);
        let validator = &ctx.accounts.validator_record;
        require!(validator.registered, MinerCollateralError::NotValidator);
        let slash = &mut ctx.accounts.slash;
        slash.require_live(&config.params, now()?)?;
        require!(
            config.slot_joined_at[usize::from(validator.slot)] < slash_id,
            MinerCollateralError::ApprovalBeforeJoining
        );
        require!(!has_bit(&slash.approvers, validator.slot), MinerCollateralError::AlreadyApproved);
        set_bit(&mut slash.approvers, validator.slot);
        let approvals = config.approvals(slash_id, &slash.approvers);
        if !slash.blocking && approvals >= config.params.approval_threshold {
            slash.blocking = true;
            ctx.accounts.bond.open_slashes += 1;
        }
        emit_cpi!(SlashApproved { slash_id, validator: ctx.accounts.approver.key(), approvals });
        Ok(())
    }

    /// The slashed miner disputes a pending slash within the dispute window.
    pub fn dispute_slash(ctx: Context<DisputeSlash>, slash_id: u64, counter_evidence_hash: [u8; 32]) -> Result<()> {
        let miner = ctx.accounts.miner.key();
        let slash = &mut ctx.accounts.slash;
        require_keys_eq!(slash.miner, miner, MinerCollateralError::NotMiner);
        require!(slash.status == SlashStatus::Pending, MinerCollateralError::WrongStatus);
        let closes_at = slash.proposed_at + i64::from(ctx.accounts.config.params.dispute_window);
        require!(now()? < closes_at, MinerCollateralError::DisputeWindowClosed);
        slash.status = SlashStatus::Disputed;
        emit_cpi!(SlashDisputed { slash_id, miner, counter_evidence_hash });
        Ok(())
    }

    /// Resolves a dispute: `upheld` lets the slash execute, otherwise it is rejected. Dispute
    /// resolver only.
    pub fn resolve_dispute(ctx: Context<ChangeSlash>, slash_id: u64, upheld: bool) -> Result<()> {
        let resolver = ctx.accounts.config.roles.dispute_resolver;
        require_keys_eq!(ctx.accounts.authority.key(), resolver, MinerCollateralError::Unauthorized);
        let slash = &mut ctx.accounts.slash;
        require!(slash.status == SlashStatus::Disputed, MinerCollateralError::WrongStatus);
        if upheld {
            slash.status = SlashStatus::Upheld;
        } else {
            slash.end(&mut ctx.accounts.bond, SlashStatus::Rejected);
        }
        emit_cpi!(SlashDisputeResolved { slash_id, upheld });
        Ok(())
    }

    /// Executes an approved slash after its dispute window (or once upheld), paying the treasury.
    /// Anyone may call it.
    pub fn execute_slash(ctx: Context<ExecuteSlash>, slash_id: u64) -> Result<()> {
        let now = now()?;
        let config = &mut ctx.accounts.config;
        require!(!config.paused, MinerCollateralError::Paused);
        let p = config.params;
        let slash = &mut ctx.accounts.slash;
        slash.require_live(&p, now)?;
        require!(slash.status != SlashStatus::Disputed, MinerCollateralError::WrongStatus);
        if slash.status == SlashStatus::Pending {
            require!(now >= slash.proposed_at + i64::from(p.dispute_window), MinerCollateralError::DisputeWindowOpen);
        }
        let approvals = config.approvals(slash_id, &slash.approvers);
        require!(approvals >= p.approval_threshold, MinerCollateralError::NotEnoughApprovals);
        let bond = &mut ctx.accounts.bond;
        // Proposals may outnumber the bond; slash what is there, bonded first, then unbonding. The
        // period cap counts what is taken, not what was proposed.
        let from_bonded = slash.amount.min(bond.bonded);
        let from_unbonding = (slash.amount - from_bonded).min(bond.unbonding);
        let taken = from_bonded + from_unbonding;
        let period = (now / i64::from(p.slash_cap_period)) as u64;
        if config.slash_period != period {
            config.slash_period = period;
            config.slashed_in_period = 0;
        }
        // The cap may have been lowered below what this period already took.
        let room = p.slash_cap_per_period.saturating_sub(config.slashed_in_period);
        require!(taken <= room, MinerCollateralError::SlashCapExceeded);
        config.slashed_in_period += taken;
        bond.bonded -= from_bonded;
        bond.unbonding -= from_unbonding;
        slash.end(bond, SlashStatus::Executed);
        config.total_slashed += taken;
        let a = &ctx.accounts;
        pay(&a.token_program, &a.vault, &a.mint, &a.treasury, a.config.to_account_info(), a.config.bump, taken)?;
        emit_cpi!(SlashExecuted { slash_id, miner: a.slash.miner, amount: taken, treasury: a.treasury.key() });
        Ok(())
    }

    /// Closes a proposal that did not execute within its time to live. Anyone may call it.
    pub fn expire_slash(ctx: Context<ExpireSlash>, slash_id: u64) -> Result<()> {
        let slash = &mut ctx.accounts.slash;
        slash.require_open()?;
        let expires_at = slash.proposed_at + i64::from(ctx.accounts.config.params.proposal_ttl);
        require!(now()? >= expires_at, MinerCollateralError::NotExpired);
        slash.end(&mut ctx.accounts.bond, SlashStatus::Rejected);
        emit_cpi!(SlashExpired { slash_id });
        Ok(())
    }

    // ----- validators -----

    /// Registers `validator` in the lowest free slot; it may approve only proposals made from now
    /// on. Validator manager only.
    pub fn add_validator(ctx: Context<AddValidator>, validator: Pubkey) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require_keys_eq!(
            ctx.accounts.authority.key(),
            config.roles.validator_manager,
            MinerCollateralError::Unauthorized
        );
        let v = &mut ctx.accounts.validator_record;
        require!(!v.registered, MinerCollateralError::AlreadyValidator);
        require!(config.validator_count < MAX_VALIDATORS, MinerCollateralError::TooManyValidators);
        let slot = (0..=u8::MAX)
            .find(|s| !has_bit(&config.occupied_slots, *s))
            .ok_or(MinerCollateralError::TooManyValidators)?;
        set_bit(&mut config.occupied_slots, slot);
        config.slot_joined_at[usize::from(slot)] = config.slash_count;
        config.validator_count += 1;
        v.registered = true;
        v.slot = slot;
        v.bump = ctx.bumps.validator_record;
        emit_cpi!(ValidatorAdded { validator });
        Ok(())
    }

    /// Deregisters `validator`: its approvals stop counting, its stake (active and warming up)
    /// starts unbonding. Validator manager only.
    pub fn remove_validator(ctx: Context<RemoveValidator>, validator: Pubkey) -> Result<()> {
        let now = now()?;
        let config = &mut ctx.accounts.config;
        require_keys_eq!(
            ctx.accounts.authority.key(),
            config.roles.validator_manager,
            MinerCollateralError::Unauthorized
        );
        let v = &mut ctx.accounts.validator_record;
        require!(v.registered, MinerCollateralError::NotValidator);
        v.registered = false;
        clear_bit(&mut config.occupied_slots, v.slot);
        config.validator_count -= 1;
        v.accrue(config.revenue_per_stake);
        let amount = v.stake + v.warming_up;
        config.total_validator_stake -= v.stake;
        v.stake = 0;
        v.warming_up = 0;
        if amount != 0 {
            let unbonding = v.start_unbonding(validator, amount, now, &config.params);
            emit_cpi!(unbonding);
        }
        emit_cpi!(ValidatorRemoved { validator });
        Ok(())
    }

    /// A registered validator adds `amount` of stake from its token account; it earns site
    /// revenue once it has warmed up for `stake_warmup` seconds and is activated.
    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        let now = now()?;
        let config = &mut ctx.accounts.config;
        require!(!config.paused, MinerCollateralError::Paused);
        let validator = ctx.accounts.authority.key();
        let v = &mut ctx.accounts.validator_record;
        require!(v.registered, MinerCollateralError::NotValidator);
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        let activated = v.activate(validator, now, config);
        v.warming_up = v.warming_up.checked_add(amount).ok_or(MinerCollateralError::Overflow)?;
        v.activates_at = now + i64::from(config.params.stake_warmup);
        let (stake, warming_up, activates_at) = (v.stake + v.warming_up, v.warming_up, v.activates_at);
        let a = &ctx.accounts;
        pull(&a.token_program, &a.validator_tokens, &a.mint, &a.vault, &a.authority, amount)?;
        if let Some(event) = activated {
            emit_cpi!(event);
        }
        emit_cpi!(ValidatorStaked { validator, amount, stake });
        emit_cpi!(ValidatorStakeWarmingUp { validator, warming_up, activates_at });
        Ok(())
    }

    /// Makes `validator`'s warmed-up stake active. Anyone may call it; every action of the
    /// validator itself does it too.
    pub fn activate_stake(ctx: Context<ActivateStake>, validator: Pubkey) -> Result<()> {
        let now = now()?;
        let v = &mut ctx.accounts.validator_record;
        require!(v.warming_up > 0 && now >= v.activates_at, MinerCollateralError::StillWarmingUp);
        if let Some(event) = v.activate(validator, now, &mut ctx.accounts.config) {
            emit_cpi!(event);
        }
        Ok(())
    }

    /// Starts unbonding `amount` of the caller's active validator stake.
    pub fn unstake(ctx: Context<ValidatorAction>, amount: u64) -> Result<()> {
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        let now = now()?;
        let validator = ctx.accounts.authority.key();
        let config = &mut ctx.accounts.config;
        let v = &mut ctx.accounts.validator_record;
        let activated = v.activate(validator, now, config);
        require!(v.stake >= amount, MinerCollateralError::InsufficientBond);
        v.accrue(config.revenue_per_stake);
        v.stake -= amount;
        config.total_validator_stake -= amount;
        let unbonding = v.start_unbonding(validator, amount, now, &config.params);
        if let Some(event) = activated {
            emit_cpi!(event);
        }
        emit_cpi!(unbonding);
        Ok(())
    }

    /// Pays the caller's released validator stake into `to`.
    pub fn withdraw_stake(ctx: Context<ValidatorPayout>) -> Result<()> {
        let v = &mut ctx.accounts.validator_record;
        let amount = v.unbonding;
        require!(amount > 0 && now()? >= v.release_at, MinerCollateralError::NotReleased);
        v.unbonding = 0;
        let a = &ctx.accounts;
        pay(&a.token_program, &a.vault, &a.mint, &a.to, a.config.to_account_info(), a.config.bump, amount)?;
        emit_cpi!(ValidatorStakeWithdrawn { validator: a.authority.key(), amount });
        Ok(())
    }

    /// Deposits site revenue from the caller's token account, shared by validators pro rata to
    /// their active stake.
    pub fn deposit_site_revenue(ctx: Context<DepositSiteRevenue>, amount: u64) -> Result<()> {
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        let config = &mut ctx.accounts.config;
        let total_stake = config.total_validator_stake;
        require!(total_stake > 0, MinerCollateralError::NoStake);
        let per_stake = (u128::from(amount) << PRECISION) / u128::from(total_stake);
        config.revenue_per_stake =
            config.revenue_per_stake.checked_add(per_stake).ok_or(MinerCollateralError::Overflow)?;
        let a = &ctx.accounts;
        pull(&a.token_program, &a.from_tokens, &a.mint, &a.vault, &a.from, amount)?;
        emit_cpi!(SiteRevenueDeposited { from: a.from.key(), amount, total_stake });
        Ok(())
    }

    /// Pays the caller its share of site revenue into `to`.
    pub fn claim_validator_revenue(ctx: Context<ValidatorPayout>) -> Result<()> {
        let validator = ctx.accounts.authority.key();
        let config = &mut ctx.accounts.config;
        let v = &mut ctx.accounts.validator_record;
        let activated = v.activate(validator, now()?, config);
        v.accrue(config.revenue_per_stake);
        let amount = std::mem::take(&mut v.revenue_owed);
        require!(amount > 0, MinerCollateralError::ZeroAmount);
        let a = &ctx.accounts;
        pay(&a.token_program, &a.vault, &a.mint, &a.to, a.config.to_account_info(), a.config.bump, amount)?;
        if let Some(event) = activated {
            emit_cpi!(event);
        }
        emit_cpi!(ValidatorRevenueClaimed { validator, amount });
        Ok(())
    }

    // ----- admin -----

    /// Replaces the parameters (rules at [`Params::check`]). Validator manager only.
    pub fn set_params(ctx: Context<Govern>, params: Params) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require_keys_eq!(
            ctx.accounts.authority.key(),
            config.roles.validator_manager,
            MinerCollateralError::Unauthorized
        );
        params.check()?;
        config.params = params;
        emit_cpi!(params.event());
        Ok(())
    }

    /// Replaces the treasury (a token account of the collateral mint). Admin only.
    pub fn set_treasury(ctx: Context<SetTreasury>) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require_keys_eq!(ctx.accounts.authority.key(), config.roles.admin, MinerCollateralError::Unauthorized);
        config.treasury = ctx.accounts.treasury.key();
        emit_cpi!(TreasurySet { treasury: config.treasury });
        Ok(())
    }

    /// Hands the roles to other keys (`freezer` the default key: nobody). Admin only.
    pub fn set_roles(ctx: Context<Govern>, roles: Roles) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require_keys_eq!(ctx.accounts.authority.key(), config.roles.admin, MinerCollateralError::Unauthorized);
        config.roles = roles;
        emit_cpi!(RolesSet { roles });
        Ok(())
    }

    /// Pauses (`true`) or unpauses deposits, staking, and proposing, approving and executing
    /// slashes. Pauser only.
    pub fn set_paused(ctx: Context<Govern>, paused: bool) -> Result<()> {
        let config = &mut ctx.accounts.config;
        let account = ctx.accounts.authority.key();
        require_keys_eq!(account, config.roles.pauser, MinerCollateralError::Unauthorized);
        config.paused = paused;
        if paused {
            emit_cpi!(Paused { account });
        } else {
            emit_cpi!(Unpaused { account });
        }
        Ok(())
    }
}

/// The chain's clock, seconds.
fn now() -> Result<i64> {
    Ok(Clock::get()?.unix_timestamp)
}

fn has_bit(bits: &[u64; 4], slot: u8) -> bool {
    bits[usize::from(slot / 64)] & (1 << (slot % 64)) != 0
}

fn set_bit(bits: &mut [u64; 4], slot: u8) {
    bits[usize::from(slot / 64)] |= 1 << (slot % 64);
}

fn clear_bit(bits: &mut [u64; 4], slot: u8) {
    bits[usize::from(slot / 64)] &= !(1 << (slot % 64));
}

/// Tunable parameters (durations in seconds). Rules at [`Params::check`].
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Params {
    /// How long withdrawn collateral and stake stay slashable before they can be paid out.
    pub unbonding_period: u32,
    /// How long a miner may dispute a slash proposal.
    pub dispute_window: u32,
    /// How long a proposal may stay open.
    pub proposal_ttl: u32,
    /// The length of a slash-cap period.
    pub slash_cap_period: u32,
    /// The most collateral slashed per period.
    pub slash_cap_per_period: u64,
    /// Current validators' approvals a slash needs.
    pub approval_threshold: u16,
    /// How long new validator stake waits before it shares site revenue.
    pub stake_warmup: u32,
}

impl Params {
    /// Every duration at most [`MAX_DURATION`]; a nonzero dispute window, cap period and stake
    /// warm-up; unbonding longer than the dispute window (unbonding collateral can still be
    /// slashed); a time to live of at least the dispute window plus one cap period (an accepted
    /// proposal always gets a period to execute in); a threshold of at least 2 and at most
    /// [`MAX_VALIDATORS`] (no single validator slashes or holds withdrawals).
    pub fn check(&self) -> Result<()> {
        let bounded = [self.unbonding_period, self.proposal_ttl, self.slash_cap_period, self.stake_warmup]
            .iter()
            .all(|d| *d <= MAX_DURATION);
        let valid = bounded
            && self.dispute_window > 0
            && self.slash_cap_period > 0
            && self.stake_warmup > 0
            && self.unbonding_period > self.dispute_window
            && u64::from(self.proposal_ttl) >= u64::from(self.dispute_window) + u64::from(self.slash_cap_period)
            && self.approval_threshold >= 2
            && self.approval_threshold <= MAX_VALIDATORS;
        require!(valid, MinerCollateralError::InvalidParams);
        Ok(())
    }

    fn event(&self) -> ParamsSet {
        ParamsSet {
            unbonding_period: self.unbonding_period,
            dispute_window: self.dispute_window,
            proposal_ttl: self.proposal_ttl,
            slash_cap_period: self.slash_cap_period,
            slash_cap_per_period: self.slash_cap_per_period,
            approval_threshold: self.approval_threshold,
            stake_warmup: self.stake_warmup,
        }
    }
}

/// Who holds each role (the EVM suite's AccessControl roles, one key each).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Roles {
    /// Sets the treasury and the roles.
    pub admin: Pubkey,
    /// Adds and removes validators and sets parameters.
    pub validator_manager: Pubkey,
    /// Resolves disputed slashes.
    pub dispute_resolver: Pubkey,
    /// Pauses and unpauses.
    pub pauser: Pubkey,
    /// Freezes withdrawals on another chain's slash notice (the default key: nobody).
    pub freezer: Pubkey,
}

/// Why a miner is slashed (the EVM suite's `SlashReason`, same order).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum SlashReason {
    /// Not a reason: refused.
    None,
    /// The miner passed off content not generated by AI.
    NonAiContent,
    /// Illicit material.
    IllicitContent,
    /// Bot engagement.
    BotEngagement,
}

/// Life of a slash proposal (the EVM suite's `SlashStatus`, same order).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum SlashStatus {
    /// Never proposed.
    None,
    /// Proposed, collecting approvals, disputable.
    Pending,
    /// Disputed by the miner, waiting for the resolver.
    Disputed,
    /// The resolver upheld it: it executes without waiting for the window.
    Upheld,
    /// Executed.
    Executed,
    /// Rejected by the resolver or expired.
    Rejected,
}

/// The program's configuration.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Who holds each role.
    pub roles: Roles,
    /// The collateral asset.
    pub mint: Pubkey,
    /// Receives slashed collateral (a token account of `mint`).
    pub treasury: Pubkey,
    /// Current parameters.
    pub params: Params,
    /// Whether the emergency brake is on.
    pub paused: bool,
    /// Accounting totals: deposited == held + withdrawn + slashed.
    pub total_deposited: u64,
    /// Collateral paid back to miners.
    pub total_withdrawn: u64,
    /// Collateral sent to the treasury.
    pub total_slashed: u64,
    /// Active validator stake (warming-up and unbonding stake earn nothing).
    pub total_validator_stake: u64,
    /// Registered validators.
    pub validator_count: u16,
    /// Slash proposals ever made; ids run from 1.
    pub slash_count: u64,
    /// Site revenue per unit of active stake, 64-bit fixed point, since the start.
    pub revenue_per_stake: u128,
    /// The cap period (`time / slash_cap_period`) `slashed_in_period` counts.
    pub slash_period: u64,
    /// Collateral slashed in `slash_period`.
    pub slashed_in_period: u64,
    /// Slots taken by registered validators.
    pub occupied_slots: [u64; 4],
    /// `slash_count` when each slot's validator joined: it approves only later proposals.
    pub slot_joined_at: [u64; 256],
    /// The PDA's bump.
    pub bump: u8,
}

impl Config {
    /// Approvals that count: slots still registered, taken before the proposal was made.
    pub fn approvals(&self, slash_id: u64, approvers: &[u64; 4]) -> u16 {
        (0..=u8::MAX)
            .filter(|s| {
                has_bit(approvers, *s)
                    && has_bit(&self.occupied_slots, *s)
                    && self.slot_joined_at[usize::from(*s)] < slash_id
            })
            .count() as u16
    }

    /// Collateral slashed in the cap period containing `time` (0 for a period other than the
    /// latest one that slashed: only that one is kept, the events keep the rest).
    pub fn slashed_in_period_of(&self, time: i64) -> u64 {
        match (time / i64::from(self.params.slash_cap_period)) as u64 == self.slash_period {
            true => self.slashed_in_period,
            false => 0,
        }
    }
}

/// A miner's bond.
#[account]
#[derive(InitSpace)]
pub struct Bond {
    /// Bonded, slashable, withdrawable after unbonding.
    pub bonded: u64,
    /// Unbonding: still slashable, paid out at `release_at`.
    pub unbonding: u64,
    /// When the unbonding collateral is released.
    pub release_at: i64,
    /// Quorum-approved proposals holding its withdrawals.
    pub open_slashes: u32,
    /// Until when a slash on another chain froze its withdrawals.
    pub frozen_until: i64,
    /// The PDA's bump.
    pub bump: u8,
}

impl Bond {
    fn slashable(&self) -> u128 {
        u128::from(self.bonded) + u128::from(self.unbonding)
    }
}

/// A validator.
#[account]
#[derive(InitSpace)]
pub struct Validator {
    /// Whether it is registered now.
    pub registered: bool,
    /// Its slot in approval bitmaps while registered.
    pub slot: u8,
    /// Active stake: shares site revenue.
    pub stake: u64,
    /// Stake waiting for `activates_at`.
    pub warming_up: u64,
    /// When the warming-up stake may be activated.
    pub activates_at: i64,
    /// Unbonding stake, paid out at `release_at`.
    pub unbonding: u64,
    /// When the unbonding stake is released.
    pub release_at: i64,
    /// The revenue accumulator when its revenue was last accrued.
    pub revenue_paid: u128,
    /// Accrued, unclaimed revenue.
    pub revenue_owed: u64,
    /// The PDA's bump.
    pub bump: u8,
}

impl Validator {
    /// Its unclaimed revenue with what accrued since its last update, at accumulator `acc`.
    pub fn revenue_owed_at(&self, acc: u128) -> u64 {
        // stake * (acc - paid) / 2^64 without a 192-bit product: split the difference at 2^64.
        let diff = acc - self.revenue_paid;
        let (hi, lo) = (diff >> PRECISION, diff & u128::from(u64::MAX));
        let stake = u128::from(self.stake);
        let accrued = stake * hi + ((stake * lo) >> PRECISION);
        self.revenue_owed.saturating_add(u64::try_from(accrued).unwrap_or(u64::MAX))
    }

    fn accrue(&mut self, acc: u128) {
        self.revenue_owed = self.revenue_owed_at(acc);
        self.revenue_paid = acc;
    }

    /// Moves warmed-up stake into the active stake (nothing while it is still warming up).
    fn activate(&mut self, validator: Pubkey, now: i64, config: &mut Config) -> Option<ValidatorStakeActivated> {
        let amount = self.warming_up;
        if amount == 0 || now < self.activates_at {
            return None;
        }
        self.accrue(config.revenue_per_stake);
        self.stake += amount;
        self.warming_up = 0;
        config.total_validator_stake += amount;
        Some(ValidatorStakeActivated { validator, amount, active_stake: self.stake })
    }

    fn start_unbonding(&mut self, validator: Pubkey, amount: u64, now: i64, p: &Params) -> ValidatorUnstakeStarted {
        self.unbonding += amount;
        self.release_at = now + i64::from(p.unbonding_period);
        ValidatorUnstakeStarted { validator, amount, release_at: self.release_at }
    }
}

/// A slash proposal.
#[account]
#[derive(InitSpace)]
pub struct Slash {
    /// The miner to slash.
    pub miner: Pubkey,
    /// Where it stands.
    pub status: SlashStatus,
    /// Why.
    pub reason: SlashReason,
    /// Whether a quorum approved it, so that it holds the miner's withdrawals while open.
    pub blocking: bool,
    /// When it was proposed.
    pub proposed_at: i64,
    /// How much to take.
    pub amount: u64,
    /// The evidence's hash.
    pub evidence_hash: [u8; 32],
    /// Validator slots that approved it (see [`Config::approvals`] for which count).
    pub approvers: [u64; 4],
    /// The PDA's bump.
    pub bump: u8,
}

impl Slash {
    /// Whether `validator` approved it and the approval counts.
    pub fn approved_by(&self, slash_id: u64, validator: &Validator, config: &Config) -> bool {
        validator.registered
            && has_bit(&self.approvers, validator.slot)
            && config.slot_joined_at[usize::from(validator.slot)] < slash_id
    }

    /// Pending, disputed or upheld (it may have outlived its time to live).
    fn require_open(&self) -> Result<()> {
        require!(
            !matches!(self.status, SlashStatus::Executed | SlashStatus::Rejected),
            MinerCollateralError::WrongStatus
        );
        Ok(())
    }

    /// Open and within its time to live.
    fn require_live(&self, p: &Params, now: i64) -> Result<()> {
        self.require_open()?;
        require!(now < self.proposed_at + i64::from(p.proposal_ttl), MinerCollateralError::Expired);
        Ok(())
    }

    /// Ends an open proposal, releasing its hold on the miner's withdrawals.
    fn end(&mut self, bond: &mut Bond, status: SlashStatus) {
        self.status = status;
        if self.blocking {
            bond.open_slashes -= 1;
        }
    }
}

/// Accounts of [`miner_collateral::initialize`].
#[event_cpi]
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Pays for the accounts and receives every role but the freezer's.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration.
    #[account(init, payer = admin, space = 8 + Config::INIT_SPACE, seeds = [seeds::CONFIG], bump)]
    pub config: Box<Account<'info, Config>>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// Holds collateral, stake and revenue; its authority is the config PDA.
    #[account(init, payer = admin, seeds = [seeds::VAULT], bump, token::mint = mint, token::authority = config)]
    pub vault: Account<'info, TokenAccount>,
    /// Receives slashed collateral.
    #[account(token::mint = mint)]
    pub treasury: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of the role holders' instructions that touch only the configuration.
#[event_cpi]
#[derive(Accounts)]
pub struct Govern<'info> {
    /// The role holder the instruction names.
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
}

/// Accounts of [`miner_collateral::set_treasury`].
#[event_cpi]
#[derive(Accounts)]
pub struct SetTreasury<'info> {
    /// The admin.
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The new treasury.
    #[account(token::mint = config.mint)]
    pub treasury: Account<'info, TokenAccount>,
}

/// Accounts of [`miner_collateral::deposit`].
#[event_cpi]
#[derive(Accounts)]
pub struct Deposit<'info> {
    /// The miner, paying its bond's rent.
    #[account(mut)]
    pub miner: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Box<Account<'info, Config>>,
    /// The miner's bond, created by its first deposit.
    #[account(
        init_if_needed,
        payer = miner,
        space = 8 + Bond::INIT_SPACE,
        seeds = [seeds::BOND, miner.key().as_ref()],
        bump,
    )]
    pub bond: Account<'info, Bond>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// Where the deposit comes from.
    #[account(mut, token::mint = mint, token::authority = miner)]
    pub miner_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`miner_collateral::request_withdrawal`].
#[event_cpi]
#[derive(Accounts)]
pub struct MinerBond<'info> {
    /// The miner.
    pub miner: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The miner's bond.
    #[account(mut, seeds = [seeds::BOND, miner.key().as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
}

/// Accounts of [`miner_collateral::withdraw`].
#[event_cpi]
#[derive(Accounts)]
pub struct Withdraw<'info> {
    /// The miner.
    pub miner: Signer<'info>,
    /// The configuration: the vault's authority.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Box<Account<'info, Config>>,
    /// The miner's bond.
    #[account(mut, seeds = [seeds::BOND, miner.key().as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// Receives the collateral.
    #[account(mut, token::mint = mint)]
    pub to: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`miner_collateral::freeze_withdrawals`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(miner: Pubkey)]
pub struct FreezeWithdrawals<'info> {
    /// The freezer, paying the bond's rent if the miner has none here yet.
    #[account(mut)]
    pub freezer: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The miner's bond.
    #[account(
        init_if_needed,
        payer = freezer,
        space = 8 + Bond::INIT_SPACE,
        seeds = [seeds::BOND, miner.as_ref()],
        bump,
    )]
    pub bond: Account<'info, Bond>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`miner_collateral::propose_slash`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(miner: Pubkey)]
pub struct ProposeSlash<'info> {
    /// A registered validator, paying the proposal's rent.
    #[account(mut)]
    pub proposer: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The proposer's validator record.
    #[account(seeds = [seeds::VALIDATOR, proposer.key().as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
    /// The miner's bond.
    #[account(seeds = [seeds::BOND, miner.as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
    /// The new proposal.
    #[account(
        init,
        payer = proposer,
        space = 8 + Slash::INIT_SPACE,
        seeds = [seeds::SLASH, &(config.slash_count + 1).to_le_bytes()],
        bump,
    )]
    pub slash: Account<'info, Slash>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`miner_collateral::approve_slash`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(slash_id: u64)]
pub struct ApproveSlash<'info> {
    /// A registered validator.
    pub approver: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The approver's validator record.
    #[account(seeds = [seeds::VALIDATOR, approver.key().as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
    /// The proposal.
    #[account(mut, seeds = [seeds::SLASH, &slash_id.to_le_bytes()], bump = slash.bump)]
    pub slash: Account<'info, Slash>,
    /// The slashed miner's bond.
    #[account(mut, seeds = [seeds::BOND, slash.miner.as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
}

/// Accounts of [`miner_collateral::dispute_slash`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(slash_id: u64)]
pub struct DisputeSlash<'info> {
    /// The slashed miner.
    pub miner: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The proposal.
    #[account(mut, seeds = [seeds::SLASH, &slash_id.to_le_bytes()], bump = slash.bump)]
    pub slash: Account<'info, Slash>,
}

/// Accounts of [`miner_collateral::resolve_dispute`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(slash_id: u64)]
pub struct ChangeSlash<'info> {
    /// The dispute resolver.
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The proposal.
    #[account(mut, seeds = [seeds::SLASH, &slash_id.to_le_bytes()], bump = slash.bump)]
    pub slash: Account<'info, Slash>,
    /// The slashed miner's bond.
    #[account(mut, seeds = [seeds::BOND, slash.miner.as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
}

/// Accounts of [`miner_collateral::execute_slash`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(slash_id: u64)]
pub struct ExecuteSlash<'info> {
    /// The configuration: the vault's authority.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint, has_one = treasury)]
    pub config: Box<Account<'info, Config>>,
    /// The proposal.
    #[account(mut, seeds = [seeds::SLASH, &slash_id.to_le_bytes()], bump = slash.bump)]
    pub slash: Account<'info, Slash>,
    /// The slashed miner's bond.
    #[account(mut, seeds = [seeds::BOND, slash.miner.as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// The treasury.
    #[account(mut)]
    pub treasury: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`miner_collateral::expire_slash`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(slash_id: u64)]
pub struct ExpireSlash<'info> {
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The proposal.
    #[account(mut, seeds = [seeds::SLASH, &slash_id.to_le_bytes()], bump = slash.bump)]
    pub slash: Account<'info, Slash>,
    /// The slashed miner's bond.
    #[account(mut, seeds = [seeds::BOND, slash.miner.as_ref()], bump = bond.bump)]
    pub bond: Account<'info, Bond>,
}

/// Accounts of [`miner_collateral::add_validator`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(validator: Pubkey)]
pub struct AddValidator<'info> {
    /// The validator manager, paying the record's rent on a first registration.
    #[account(mut)]
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The validator's record (kept across removals: its unbonding stake stays claimable).
    #[account(
        init_if_needed,
        payer = authority,
        space = 8 + Validator::INIT_SPACE,
        seeds = [seeds::VALIDATOR, validator.as_ref()],
        bump,
    )]
    pub validator_record: Account<'info, Validator>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`miner_collateral::remove_validator`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(validator: Pubkey)]
pub struct RemoveValidator<'info> {
    /// The validator manager.
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The validator's record.
    #[account(mut, seeds = [seeds::VALIDATOR, validator.as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
}

/// Accounts of [`miner_collateral::stake`].
#[event_cpi]
#[derive(Accounts)]
pub struct Stake<'info> {
    /// The validator.
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Box<Account<'info, Config>>,
    /// The validator's record.
    #[account(mut, seeds = [seeds::VALIDATOR, authority.key().as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// Where the stake comes from.
    #[account(mut, token::mint = mint, token::authority = authority)]
    pub validator_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`miner_collateral::activate_stake`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(validator: Pubkey)]
pub struct ActivateStake<'info> {
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The validator's record.
    #[account(mut, seeds = [seeds::VALIDATOR, validator.as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
}

/// Accounts of [`miner_collateral::unstake`].
#[event_cpi]
#[derive(Accounts)]
pub struct ValidatorAction<'info> {
    /// The validator.
    pub authority: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    /// The validator's record.
    #[account(mut, seeds = [seeds::VALIDATOR, authority.key().as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
}

/// Accounts of [`miner_collateral::withdraw_stake`] and [`miner_collateral::claim_validator_revenue`].
#[event_cpi]
#[derive(Accounts)]
pub struct ValidatorPayout<'info> {
    /// The validator.
    pub authority: Signer<'info>,
    /// The configuration: the vault's authority.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Box<Account<'info, Config>>,
    /// The validator's record.
    #[account(mut, seeds = [seeds::VALIDATOR, authority.key().as_ref()], bump = validator_record.bump)]
    pub validator_record: Account<'info, Validator>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// Receives the payout.
    #[account(mut, token::mint = mint)]
    pub to: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`miner_collateral::deposit_site_revenue`].
#[event_cpi]
#[derive(Accounts)]
pub struct DepositSiteRevenue<'info> {
    /// Who pays the revenue in.
    pub from: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Box<Account<'info, Config>>,
    /// The collateral asset.
    pub mint: Account<'info, Mint>,
    /// Where the revenue comes from.
    #[account(mut, token::mint = mint, token::authority = from)]
    pub from_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// A miner bonded `amount` more collateral (the EVM suite's `CollateralDeposited`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CollateralDeposited {
    /// The miner.
    pub miner: Pubkey,
    /// Deposited.
    pub amount: u64,
    /// Bonded after it.
    pub bonded: u64,
}

/// A miner started unbonding `amount`; it stays slashable until `release_at`.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct UnbondingStarted {
    /// The miner.
    pub miner: Pubkey,
    /// Started unbonding.
    pub amount: u64,
    /// All its unbonding collateral.
    pub unbonding: u64,
    /// When it is released.
    pub release_at: i64,
}

/// A miner withdrew its unbonded collateral.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CollateralWithdrawn {
    /// The miner.
    pub miner: Pubkey,
    /// Paid out.
    pub amount: u64,
}

/// A validator proposed to slash `miner`.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SlashProposed {
    /// The proposal.
    pub slash_id: u64,
    /// The miner.
    pub miner: Pubkey,
    /// The proposing validator.
    pub proposer: Pubkey,
    /// How much.
    pub amount: u64,
    /// Why.
    pub reason: SlashReason,
    /// The evidence's hash.
    pub evidence_hash: [u8; 32],
}

/// A validator approved a slash proposal; `approvals` counts the proposer too.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SlashApproved {
    /// The proposal.
    pub slash_id: u64,
    /// The approving validator.
    pub validator: Pubkey,
    /// Approvals that count now.
    pub approvals: u16,
}

/// The miner disputed a slash within the dispute window.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SlashDisputed {
    /// The proposal.
    pub slash_id: u64,
    /// The miner.
    pub miner: Pubkey,
    /// The counter-evidence's hash.
    pub counter_evidence_hash: [u8; 32],
}

/// A dispute was resolved: `upheld` lets the slash proceed.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SlashDisputeResolved {
    /// The proposal.
    pub slash_id: u64,
    /// Whether it stands.
    pub upheld: bool,
}

/// `amount` was taken from `miner` and sent to the treasury.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SlashExecuted {
    /// The proposal.
    pub slash_id: u64,
    /// The miner.
    pub miner: Pubkey,
    /// Taken (at most what the miner had).
    pub amount: u64,
    /// The treasury token account paid.
    pub treasury: Pubkey,
}

/// The proposal ran past its time to live without executing.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SlashExpired {
    /// The proposal.
    pub slash_id: u64,
}

/// A validator was registered.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorAdded {
    /// The validator.
    pub validator: Pubkey,
}

/// A validator was deregistered.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorRemoved {
    /// The validator.
    pub validator: Pubkey,
}

/// A validator added stake; `stake` is its whole stake, active and warming up.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorStaked {
    /// The validator.
    pub validator: Pubkey,
    /// Added.
    pub amount: u64,
    /// Active and warming up.
    pub stake: u64,
}

/// New stake earns nothing until `activates_at`; `warming_up` is all the stake waiting.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorStakeWarmingUp {
    /// The validator.
    pub validator: Pubkey,
    /// All its stake waiting.
    pub warming_up: u64,
    /// When it may be activated.
    pub activates_at: i64,
}

/// Warmed-up stake joined the active stake, which shares site revenue from now on.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorStakeActivated {
    /// The validator.
    pub validator: Pubkey,
    /// Activated.
    pub amount: u64,
    /// Active after it.
    pub active_stake: u64,
}

/// Validator stake started unbonding.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorUnstakeStarted {
    /// The validator.
    pub validator: Pubkey,
    /// Started unbonding.
    pub amount: u64,
    /// When all its unbonding stake is released.
    pub release_at: i64,
}

/// A validator withdrew unbonded stake.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorStakeWithdrawn {
    /// The validator.
    pub validator: Pubkey,
    /// Paid out.
    pub amount: u64,
}

/// Site revenue arrived and is shared by validator stake.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SiteRevenueDeposited {
    /// Who paid it in.
    pub from: Pubkey,
    /// How much.
    pub amount: u64,
    /// The active stake sharing it.
    pub total_stake: u64,
}

/// A validator claimed its share of site revenue.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorRevenueClaimed {
    /// The validator.
    pub validator: Pubkey,
    /// Paid out.
    pub amount: u64,
}

/// The parameters changed (the EVM suite's `ParamsSet`, its tuple's fields at the top).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct ParamsSet {
    /// See [`Params`].
    pub unbonding_period: u32,
    /// See [`Params`].
    pub dispute_window: u32,
    /// See [`Params`].
    pub proposal_ttl: u32,
    /// See [`Params`].
    pub slash_cap_period: u32,
    /// See [`Params`].
    pub slash_cap_per_period: u64,
    /// See [`Params`].
    pub approval_threshold: u16,
    /// See [`Params`].
    pub stake_warmup: u32,
}

/// The treasury changed.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct TreasurySet {
    /// The treasury token account.
    pub treasury: Pubkey,
}

/// The roles changed (the EVM suite's AccessControl `RoleGranted`/`RoleRevoked`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct RolesSet {
    /// Who holds each role now.
    pub roles: Roles,
}

/// The emergency brake is on (OpenZeppelin's `Paused`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Paused {
    /// The pauser.
    pub account: Pubkey,
}

/// The emergency brake is off (OpenZeppelin's `Unpaused`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Unpaused {
    /// The pauser.
    pub account: Pubkey,
}

/// A slash on another chain froze `miner`'s withdrawals until `until`.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct WithdrawalsFrozen {
    /// The miner.
    pub miner: Pubkey,
    /// When the freeze lifts.
    pub until: i64,
}

/// MinerCollateral's errors, named as the EVM suite's (`MinerCollateral...` without the prefix).
/// An unknown slash, bond or validator is Anchor's `AccountNotInitialized`: its PDA does not exist.
#[error_code]
pub enum MinerCollateralError {
    /// Zero amount.
    #[msg("amounts must be positive")]
    ZeroAmount,
    /// Less bonded collateral (or active stake) than requested.
    #[msg("less bonded than requested")]
    InsufficientBond,
    /// Nothing is unbonding, or it is not released yet.
    #[msg("nothing released to withdraw")]
    NotReleased,
    /// A quorum-approved slash proposal against the miner is still open.
    #[msg("a slash proposal against the miner is open")]
    SlashPending,
    /// Not a registered validator.
    #[msg("not a registered validator")]
    NotValidator,
    /// The validator is already registered.
    #[msg("already a validator")]
    AlreadyValidator,
    /// The slash exceeds what the miner has at stake.
    #[msg("the slash exceeds the miner's collateral")]
    SlashTooLarge,
    /// The reason `None`.
    #[msg("a slash needs a reason")]
    InvalidReason,
    /// The slash is not in a state that allows this.
    #[msg("the slash is not in a state that allows this")]
    WrongStatus,
    /// The validator already approved this slash.
    #[msg("already approved")]
    AlreadyApproved,
    /// Only the slashed miner can dispute.
    #[msg("only the slashed miner can dispute")]
    NotMiner,
    /// The dispute window closed.
    #[msg("the dispute window closed")]
    DisputeWindowClosed,
    /// The dispute window is still open.
    #[msg("the dispute window is still open")]
    DisputeWindowOpen,
    /// Not enough current validators approved.
    #[msg("not enough approvals")]
    NotEnoughApprovals,
    /// Executing would exceed the period's slash cap.
    #[msg("the period's slash cap would be exceeded")]
    SlashCapExceeded,
    /// The proposal's time to live has not passed.
    #[msg("the proposal has not expired")]
    NotExpired,
    /// The proposal's time to live has passed.
    #[msg("the proposal expired")]
    Expired,
    /// No active validator stake to share revenue with.
    #[msg("no active validator stake")]
    NoStake,
    /// Invalid parameters.
    #[msg("invalid parameters")]
    InvalidParams,
    /// A slash above the per-period cap could never execute.
    #[msg("the slash is above the per-period cap")]
    SlashAboveCap,
    /// A validator approves only proposals made after it joined.
    #[msg("the proposal predates the validator")]
    ApprovalBeforeJoining,
    /// Every validator slot is taken.
    #[msg("256 validators are registered")]
    TooManyValidators,
    /// No stake is warming up, or it has not warmed up yet.
    #[msg("the stake is still warming up")]
    StillWarmingUp,
    /// A slash on another chain froze the miner's withdrawals.
    #[msg("withdrawals are frozen")]
    Frozen,
    /// Stopped by the emergency brake.
    #[msg("paused")]
    Paused,
    /// Not the holder of the role this needs.
    #[msg("the signer does not hold the role this needs")]
    Unauthorized,
    /// An amount beyond 64 bits.
    #[msg("amount overflow")]
    Overflow,
}

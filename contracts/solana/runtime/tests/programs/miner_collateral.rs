//! MinerCollateral in the Agave runtime, test for test with `contracts/evm/test/MinerCollateral.t.sol`
//! and the review's F3 tests (`Review.t.sol`), plus a property test of the suite's invariants
//! (`invariant/Invariants.t.sol`'s `CollateralInvariants`). An unknown slash, bond or validator is
//! Anchor's `AccountNotInitialized` (its PDA does not exist); the collateral is an SPL token, so
//! the EVM suite's native-coin tests have no counterpart.

use anchor_lang::error::ErrorCode as AnchorError;
use anchor_lang::prelude::Pubkey;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;
use tfx_miner_collateral::{
    Bond, CollateralDeposited, Config, MinerCollateralError as E, Params, ParamsSet, Roles, Slash, SlashExecuted,
    SlashReason, SlashStatus, Validator, ValidatorRevenueClaimed, WithdrawalsFrozen,
};
use tfx_solana_runtime::miner_collateral as mc;
use tfx_solana_runtime::{Failed, Runtime, Sent, assert_fails_with};

const DAY: i64 = 86_400;
const E6: u64 = 1_000_000;
const EVIDENCE: [u8; 32] = [0xEE; 32];
const BOT: SlashReason = SlashReason::BotEngagement;

fn default_params() -> Params {
    Params {
        unbonding_period: 7 * DAY as u32,
        dispute_window: 2 * DAY as u32,
        proposal_ttl: 14 * DAY as u32,
        slash_cap_period: DAY as u32,
        slash_cap_per_period: 1_000 * E6,
        approval_threshold: 2,
        stake_warmup: 3_600,
    }
}

struct Suite {
    rt: Runtime,
    admin: Keypair,
    miner: Keypair,
    v: [Keypair; 3],
    holder: Keypair,
    mint: Pubkey,
    treasury: Pubkey,
    next_slash: u64,
}

impl Suite {
    /// The EVM fixture: three validators and a miner with `deposit` bonded.
    fn new(deposit: u64) -> Self {
        let mut rt = Runtime::new();
        rt.set_time(1_800_000_000);
        let admin = rt.funded();
        let (miner, holder) = (rt.funded(), rt.funded());
        let v = [rt.funded(), rt.funded(), rt.funded()];
        let mint = rt.create_mint(&admin, 6).expect("collateral mint");
        let treasury_owner = Keypair::new();
        let treasury = rt.create_token_account(&admin, &mint, &treasury_owner.pubkey()).expect("treasury");
        rt.send(&[mc::initialize(&admin.pubkey(), &mint, &treasury, default_params())], &[&admin]).expect("initialize");
        let mut s = Self { rt, admin, miner, v, holder, mint, treasury, next_slash: 1 };
        for i in 0..3 {
            let key = s.v[i].pubkey();
            s.admin_sends(mc::add_validator(&s.admin.pubkey(), &key)).expect("add validator");
        }
        let miner = s.miner.insecure_clone();
        if deposit > 0 {
            s.deposit(&miner, deposit).expect("deposit");
        }
        s
    }

    fn admin_sends(&mut self, ix: solana_instruction::Instruction) -> Result<Sent, Failed> {
        let admin = self.admin.insecure_clone();
        self.rt.send(&[ix], &[&admin])
    }

    /// `who`'s token account of the collateral, created with `amount` on first use.
    fn fund(&mut self, who: &Keypair, amount: u64) -> Pubkey {
        let account = self.rt.create_token_account(who, &self.mint, &who.pubkey()).expect("token account");
        let admin = self.admin.insecure_clone();
        self.rt.mint_to(&admin, &self.mint, &account, amount).expect("mint");
        account
    }

    fn deposit(&mut self, who: &Keypair, amount: u64) -> Result<Sent, Failed> {
        let tokens = self.fund(who, 0);
        let admin = self.admin.insecure_clone();
        self.rt.mint_to(&admin, &self.mint, &tokens, amount).expect("mint");
        self.rt.send(&[mc::deposit(&who.pubkey(), &self.mint, &tokens, amount)], &[who])
    }

    /// Withdraws into a fresh account of the miner; the amount paid.
    fn withdraw(&mut self, who: &Keypair) -> Result<u64, Failed> {
        let to = self.fund(who, 0);
        self.rt.send(&[mc::withdraw(&who.pubkey(), &self.mint, &to)], &[who])?;
        Ok(self.rt.token_balance(&to))
    }

    fn propose_as(&mut self, proposer: usize, miner: &Pubkey, amount: u64) -> Result<u64, Failed> {
        let id = self.next_slash;
        let v = self.v[proposer].insecure_clone();
        self.rt.send(&[mc::propose_slash(&v.pubkey(), id, miner, amount, BOT, EVIDENCE)], &[&v])?;
        self.next_slash += 1;
        Ok(id)
    }

    fn propose(&mut self, amount: u64) -> u64 {
        let miner = self.miner.pubkey();
        self.propose_as(0, &miner, amount).expect("propose")
    }

    fn approve(&mut self, validator: &Keypair, id: u64) -> Result<Sent, Failed> {
        let miner = self.slash(id).miner;
        self.rt.send(&[mc::approve_slash(&validator.pubkey(), id, &miner)], &[validator])
    }

    fn approve_by(&mut self, i: usize, id: u64) -> Result<Sent, Failed> {
        let v = self.v[i].insecure_clone();
        self.approve(&v, id)
    }

    fn execute(&mut self, id: u64) -> Result<Sent, Failed> {
        let miner = self.slash(id).miner;
        let ix = mc::execute_slash(id, &miner, &self.mint, &self.treasury);
        self.admin_sends(ix)
    }

    fn expire(&mut self, id: u64) -> Result<Sent, Failed> {
        let miner = self.slash(id).miner;
        self.admin_sends(mc::expire_slash(id, &miner))
    }

    fn dispute(&mut self, who: &Keypair, id: u64) -> Result<Sent, Failed> {
        self.rt.send(&[mc::dispute_slash(&who.pubkey(), id, [0xC0; 32])], &[who])
    }

    fn resolve(&mut self, id: u64, upheld: bool) -> Result<Sent, Failed> {
        let miner = self.slash(id).miner;
        self.admin_sends(mc::resolve_dispute(&self.admin.pubkey(), id, &miner, upheld))
    }

    fn stake(&mut self, who: &Keypair, amount: u64) -> Result<Sent, Failed> {
        let tokens = self.fund(who, amount);
        self.rt.send(&[mc::stake(&who.pubkey(), &self.mint, &tokens, amount)], &[who])
    }

    fn activate(&mut self, key: &Pubkey) -> Result<Sent, Failed> {
        self.admin_sends(mc::activate_stake(key))
    }

    fn deposit_revenue(&mut self, amount: u64) -> Result<Sent, Failed> {
        let holder = self.holder.insecure_clone();
        let tokens = self.fund(&holder, amount);
        self.rt.send(&[mc::deposit_site_revenue(&holder.pubkey(), &self.mint, &tokens, amount)], &[&holder])
    }

    fn config(&self) -> Config {
        self.rt.account(&mc::config()).expect("config")
    }

    fn bond(&self, miner: &Pubkey) -> Bond {
        self.rt.account(&mc::bond(miner)).expect("bond")
    }

    fn slash(&self, id: u64) -> Slash {
        self.rt.account(&mc::slash(id)).expect("slash")
    }

    fn validator(&self, key: &Pubkey) -> Validator {
        self.rt.account(&mc::validator(key)).expect("validator")
    }

    /// What `validatorOf(key).revenueOwed` returns: owed including what accrued since.
    fn revenue_owed(&self, key: &Pubkey) -> u64 {
        self.validator(key).revenue_owed_at(self.config().revenue_per_stake)
    }

    fn approvals(&self, id: u64) -> u16 {
        self.config().approvals(id, &self.slash(id).approvers)
    }

    fn now(&self) -> i64 {
        self.rt.clock().unix_timestamp
    }
}

#[test]
fn deposit_bonds() {
    let mut s = Suite::new(0);
    let miner = s.miner.insecure_clone();
    let sent = s.deposit(&miner, 1_000 * E6).expect("deposit");
    let event = CollateralDeposited { miner: miner.pubkey(), amount: 1_000 * E6, bonded: 1_000 * E6 };
    assert_eq!(sent.events::<CollateralDeposited>(), vec![event]);
    assert_eq!(s.bond(&miner.pubkey()).bonded, 1_000 * E6, "bonded");
    assert_eq!(s.config().total_deposited, 1_000 * E6, "total");
    assert_eq!(s.rt.token_balance(&mc::vault()), 1_000 * E6, "held");
}

#[test]
fn deposit_rejects_zero() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    assert_fails_with(s.deposit(&miner, 0), E::ZeroAmount);
}

#[test]
fn withdraw_after_unbonding() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 400 * E6)], &[&miner]).expect("request");
    let b = s.bond(&miner.pubkey());
    assert_eq!((b.bonded, b.unbonding), (600 * E6, 400 * E6));
    assert_fails_with(s.withdraw(&miner), E::NotReleased);
    s.rt.set_time(b.release_at);
    assert_eq!(s.withdraw(&miner).expect("withdraw"), 400 * E6, "paid");
    assert_eq!(s.config().total_withdrawn, 400 * E6, "total withdrawn");
}

#[test]
fn request_withdrawal_rejects_too_much() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    let result = s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 1_001 * E6)], &[&miner]);
    assert_fails_with(result, E::InsufficientBond);
}

#[test]
fn slash_full_flow() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(100 * E6);
    s.approve_by(1, id).expect("approve");
    assert_fails_with(s.execute(id), E::DisputeWindowOpen);
    s.rt.advance(2 * DAY);
    let sent = s.execute(id).expect("execute");
    let event = SlashExecuted { slash_id: id, miner: s.miner.pubkey(), amount: 100 * E6, treasury: s.treasury };
    assert_eq!(sent.events::<SlashExecuted>(), vec![event]);
    assert_eq!(s.rt.token_balance(&s.treasury), 100 * E6, "treasury funded");
    assert_eq!(s.bond(&s.miner.pubkey()).bonded, 900 * E6, "bond reduced");
    assert_eq!(s.slash(id).status, SlashStatus::Executed);
    assert_fails_with(s.execute(id), E::WrongStatus);
}

#[test]
fn slash_needs_threshold() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(100 * E6);
    s.rt.advance(2 * DAY);
    assert_fails_with(s.execute(id), E::NotEnoughApprovals);
}

#[test]
fn slash_only_validators_propose() {
    let mut s = Suite::new(1_000 * E6);
    let (holder, miner) = (s.holder.insecure_clone(), s.miner.pubkey());
    let by_holder = mc::propose_slash(&holder.pubkey(), 1, &miner, 1, BOT, EVIDENCE);
    assert_fails_with(s.rt.send(&[by_holder], &[&holder]), AnchorError::AccountNotInitialized);
    let v1 = s.v[0].insecure_clone();
    let none = mc::propose_slash(&v1.pubkey(), 1, &miner, 1, SlashReason::None, EVIDENCE);
    assert_fails_with(s.rt.send(&[none], &[&v1]), E::InvalidReason);
    assert_fails_with(s.propose_as(0, &miner, 1_001 * E6), E::SlashTooLarge);
    assert_fails_with(s.propose_as(0, &miner, 0), E::ZeroAmount);
}

#[test]
fn approve_once() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(E6);
    assert_fails_with(s.approve_by(0, id), E::AlreadyApproved);
    let (v2, miner) = (s.v[1].insecure_clone(), s.miner.pubkey());
    let unknown = s.rt.send(&[mc::approve_slash(&v2.pubkey(), 99, &miner)], &[&v2]);
    assert_fails_with(unknown, AnchorError::AccountNotInitialized);
}

#[test]
fn dispute_rejected() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(100 * E6);
    s.approve_by(1, id).expect("approve");
    let (holder, miner) = (s.holder.insecure_clone(), s.miner.insecure_clone());
    assert_fails_with(s.dispute(&holder, id), E::NotMiner);
    s.dispute(&miner, id).expect("dispute");
    s.rt.advance(3 * DAY);
    assert_fails_with(s.execute(id), E::WrongStatus);
    s.resolve(id, false).expect("reject");
    let b = s.bond(&miner.pubkey());
    assert_eq!(b.open_slashes, 0, "closed");
    assert_eq!(b.bonded, 1_000 * E6, "untouched");
}

#[test]
fn dispute_upheld_executes() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(100 * E6);
    let miner = s.miner.insecure_clone();
    s.dispute(&miner, id).expect("dispute");
    s.resolve(id, true).expect("uphold");
    s.approve_by(1, id).expect("approve");
    s.execute(id).expect("execute");
    assert_eq!(s.config().total_slashed, 100 * E6, "slashed without waiting");
}

#[test]
fn dispute_window_closes() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(100 * E6);
    s.rt.advance(2 * DAY);
    let miner = s.miner.insecure_clone();
    assert_fails_with(s.dispute(&miner, id), E::DisputeWindowClosed);
}

#[test]
fn resolve_dispute_only_resolver_and_disputed() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(E6);
    assert_fails_with(s.resolve(id, true), E::WrongStatus);
    let (v1, miner) = (s.v[0].insecure_clone(), s.miner.pubkey());
    let by_v1 = s.rt.send(&[mc::resolve_dispute(&v1.pubkey(), id, &miner, true)], &[&v1]);
    assert_fails_with(by_v1, E::Unauthorized);
}

#[test]
fn unbonding_still_slashable_and_withdraw_blocked() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 1_000 * E6)], &[&miner]).expect("request");
    let id = s.propose(300 * E6);
    s.approve_by(1, id).expect("approve");
    s.rt.advance(7 * DAY);
    assert_fails_with(s.withdraw(&miner), E::SlashPending);
    s.execute(id).expect("execute");
    assert_eq!(s.bond(&miner.pubkey()).unbonding, 700 * E6, "taken from unbonding");
    assert_eq!(s.withdraw(&miner).expect("withdraw"), 700 * E6, "rest withdrawn");
}

#[test]
fn slash_cap_per_period() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    s.deposit(&miner, 1_000 * E6).expect("deposit");
    let ids = [s.propose(600 * E6), s.propose(400 * E6), s.propose(E6)];
    for id in ids {
        s.approve_by(1, id).expect("approve");
    }
    s.rt.advance(2 * DAY);
    s.execute(ids[0]).expect("a");
    s.execute(ids[1]).expect("b");
    assert_fails_with(s.execute(ids[2]), E::SlashCapExceeded);
    s.rt.advance(DAY);
    s.execute(ids[2]).expect("c in the next period");
    assert_eq!(s.config().total_slashed, 1_001 * E6, "the cap delayed c to the next period");
}

#[test]
fn slash_cap_counts_what_is_taken() {
    let mut s = Suite::new(1_000 * E6);
    let ids = [s.propose(600 * E6), s.propose(600 * E6)];
    for id in ids {
        s.approve_by(1, id).expect("approve");
    }
    s.rt.advance(2 * DAY);
    s.execute(ids[0]).expect("a");
    s.execute(ids[1]).expect("b");
    assert_eq!(s.config().total_slashed, 1_000 * E6, "only what was bonded");
    assert_eq!(s.config().slashed_in_period_of(s.now()), 1_000 * E6, "the cap is charged what was taken");
}

#[test]
fn expire() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(E6);
    assert_fails_with(s.expire(id), E::NotExpired);
    s.rt.advance(14 * DAY);
    assert_fails_with(s.approve_by(1, id), E::Expired);
    s.expire(id).expect("expire");
    assert_eq!(s.bond(&s.miner.pubkey()).open_slashes, 0, "closed");
    assert_eq!(s.slash(id).status, SlashStatus::Rejected);
}

#[test]
fn validators_share_revenue_by_stake() {
    let mut s = Suite::new(1_000 * E6);
    let (v1, v2) = (s.v[0].insecure_clone(), s.v[1].insecure_clone());
    s.stake(&v1, 300 * E6).expect("stake v1");
    s.stake(&v2, 100 * E6).expect("stake v2");
    s.rt.advance(3_600);
    s.activate(&v1.pubkey()).expect("activate v1");
    s.activate(&v2.pubkey()).expect("activate v2");
    s.deposit_revenue(400 * E6).expect("revenue");
    let to = s.fund(&v1, 0);
    let sent = s.rt.send(&[mc::claim_validator_revenue(&v1.pubkey(), &s.mint, &to)], &[&v1]).expect("claim");
    assert_eq!(sent.events::<ValidatorRevenueClaimed>()[0].amount, 300 * E6, "75%");
    assert_eq!(s.rt.token_balance(&to), 300 * E6);
    assert_eq!(s.revenue_owed(&v2.pubkey()), 100 * E6, "25% pending");
    s.rt.send(&[mc::unstake(&v2.pubkey(), 100 * E6)], &[&v2]).expect("unstake");
    s.deposit_revenue(300 * E6).expect("revenue");
    assert_eq!(s.revenue_owed(&v1.pubkey()), 300 * E6, "unbonding stake earns nothing");
    s.rt.advance(7 * DAY);
    let back = s.fund(&v2, 0);
    s.rt.send(&[mc::withdraw_stake(&v2.pubkey(), &s.mint, &back)], &[&v2]).expect("withdraw stake");
    assert_eq!(s.rt.token_balance(&back), 100 * E6, "stake back");
}

#[test]
fn validators_revenue_needs_stake() {
    let mut s = Suite::new(1_000 * E6);
    assert_fails_with(s.deposit_revenue(1), E::NoStake);
    let holder = s.holder.insecure_clone();
    assert_fails_with(s.stake(&holder, 1), AnchorError::AccountNotInitialized);
}

#[test]
fn remove_validator_unbonds_stake() {
    let mut s = Suite::new(1_000 * E6);
    let v1 = s.v[0].insecure_clone();
    s.stake(&v1, 10 * E6).expect("stake");
    s.admin_sends(mc::remove_validator(&s.admin.pubkey(), &v1.pubkey())).expect("remove");
    let config = s.config();
    assert_eq!(config.validator_count, 2, "count");
    assert_eq!(config.total_validator_stake, 0, "unbonding");
    assert_eq!(s.validator(&v1.pubkey()).unbonding, 10 * E6, "its stake unbonds");
    let miner = s.miner.pubkey();
    assert_fails_with(s.propose_as(0, &miner, 1), E::NotValidator);
    let v2 = s.v[1].pubkey();
    assert_fails_with(s.admin_sends(mc::add_validator(&s.admin.pubkey(), &v2)), E::AlreadyValidator);
}

#[test]
fn params_validated() {
    let mut s = Suite::new(1_000 * E6);
    let admin = s.admin.pubkey();
    let invalid = [
        Params { approval_threshold: 0, ..default_params() },
        Params { approval_threshold: 1, ..default_params() },
        Params { unbonding_period: default_params().dispute_window, ..default_params() },
        // The review's F3: times that would overflow, and a time to live too short to execute in.
        Params { unbonding_period: u32::MAX - 1, proposal_ttl: u32::MAX - 1, ..default_params() },
        Params { proposal_ttl: 3 * DAY as u32 - 1, ..default_params() },
        Params { stake_warmup: 0, ..default_params() },
    ];
    for params in invalid {
        assert_fails_with(s.admin_sends(mc::set_params(&admin, params)), E::InvalidParams);
    }
    let params = Params { slash_cap_per_period: 5 * E6, ..default_params() };
    let sent = s.admin_sends(mc::set_params(&admin, params)).expect("valid params");
    assert_eq!(sent.events::<ParamsSet>()[0].slash_cap_per_period, 5 * E6);
    let v1 = s.v[0].insecure_clone();
    assert_fails_with(s.rt.send(&[mc::set_params(&v1.pubkey(), params)], &[&v1]), E::Unauthorized);
    // A treasury of another mint is refused by its account constraint.
    let other_mint = s.rt.create_mint(&s.admin.insecure_clone(), 6).expect("mint");
    let other = s.rt.create_token_account(&s.admin.insecure_clone(), &other_mint, &admin).expect("account");
    assert_fails_with(s.admin_sends(mc::set_treasury(&admin, &other)), AnchorError::ConstraintTokenMint);
}

/// Grants the freezer role to the admin, as the EVM tests' `grantRole(FREEZER_ROLE, admin)`.
fn admin_freezes(s: &mut Suite) {
    let admin = s.admin.pubkey();
    let roles = Roles { freezer: admin, ..s.config().roles };
    s.admin_sends(mc::set_roles(&admin, roles)).expect("roles");
}

#[test]
fn freeze_holds_released_collateral_until_it_lifts_by_itself() {
    let mut s = Suite::new(1_000 * E6);
    admin_freezes(&mut s);
    let miner = s.miner.insecure_clone();
    s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 400 * E6)], &[&miner]).expect("request");
    let release_at = s.bond(&miner.pubkey()).release_at;
    let until = release_at + DAY;
    let admin = s.admin.pubkey();
    let sent = s.admin_sends(mc::freeze_withdrawals(&admin, &miner.pubkey(), until)).expect("freeze");
    assert_eq!(sent.events::<WithdrawalsFrozen>(), vec![WithdrawalsFrozen { miner: miner.pubkey(), until }]);
    let earlier = s.admin_sends(mc::freeze_withdrawals(&admin, &miner.pubkey(), release_at)).expect("earlier");
    assert!(earlier.events::<WithdrawalsFrozen>().is_empty(), "an earlier freeze changes nothing");
    assert_eq!(s.bond(&miner.pubkey()).frozen_until, until, "extends only");
    s.rt.set_time(release_at);
    assert_fails_with(s.withdraw(&miner), E::Frozen);
    s.rt.set_time(until);
    s.withdraw(&miner).expect("withdraw");
    assert_eq!(s.config().total_withdrawn, 400 * E6, "lifted by itself");
}

#[test]
fn freeze_only_the_freezer_and_at_most_a_year() {
    let mut s = Suite::new(1_000 * E6);
    let (admin, miner) = (s.admin.pubkey(), s.miner.pubkey());
    let now = s.now();
    assert_fails_with(s.admin_sends(mc::freeze_withdrawals(&admin, &miner, now + 1)), E::Unauthorized);
    admin_freezes(&mut s);
    let v1 = s.v[0].insecure_clone();
    assert_fails_with(s.rt.send(&[mc::freeze_withdrawals(&v1.pubkey(), &miner, now + 1)], &[&v1]), E::Unauthorized);
    let too_long = mc::freeze_withdrawals(&admin, &miner, now + 365 * DAY + 1);
    assert_fails_with(s.admin_sends(too_long), E::InvalidParams);
    // A miner with no bond here yet can be frozen too: the slash happened on another chain.
    let stranger = Pubkey::new_unique();
    s.admin_sends(mc::freeze_withdrawals(&admin, &stranger, now + DAY)).expect("freeze a new miner");
    assert_eq!(s.bond(&stranger).frozen_until, now + DAY);
}

#[test]
fn f3_a_lone_proposal_holds_nothing_back() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 1_000 * E6)], &[&miner]).expect("request");
    s.rt.advance(7 * DAY);
    s.propose(1);
    assert_eq!(s.withdraw(&miner).expect("withdraw"), 1_000 * E6, "withdrawn despite one validator's proposal");
}

#[test]
fn f3_a_quorum_hold_ends_with_the_proposal() {
    let mut s = Suite::new(1_000 * E6);
    let miner = s.miner.insecure_clone();
    s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 1_000 * E6)], &[&miner]).expect("request");
    let id = s.propose(1);
    s.approve_by(1, id).expect("approve");
    assert!(s.slash(id).blocking, "quorum holds");
    s.rt.advance(7 * DAY);
    assert_fails_with(s.withdraw(&miner), E::SlashPending);
    s.rt.advance(7 * DAY);
    s.expire(id).expect("expire");
    s.withdraw(&miner).expect("withdraw");
}

#[test]
fn f3_removed_validators_approvals_stop_counting() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(10 * E6);
    s.approve_by(1, id).expect("approve");
    let (admin, v2) = (s.admin.pubkey(), s.v[1].pubkey());
    s.admin_sends(mc::remove_validator(&admin, &v2)).expect("remove");
    assert_eq!(s.approvals(id), 1, "only v1 counts");
    assert!(!s.slash(id).approved_by(id, &s.validator(&v2), &s.config()), "removed");
    s.rt.advance(2 * DAY);
    assert_fails_with(s.execute(id), E::NotEnoughApprovals);
    // v2's slot goes to a new validator, which inherits nothing and cannot approve older proposals.
    let v4 = s.rt.funded();
    s.admin_sends(mc::add_validator(&admin, &v4.pubkey())).expect("add v4");
    assert_eq!(s.validator(&v4.pubkey()).slot, 1, "v2's slot");
    assert_eq!(s.approvals(id), 1, "the slot's old approval stays void");
    assert_fails_with(s.approve(&v4, id), E::ApprovalBeforeJoining);
    s.approve_by(2, id).expect("v3 approves");
    s.execute(id).expect("execute");
    assert_eq!(s.rt.token_balance(&s.treasury), 10 * E6, "executed with two current validators");
}

#[test]
fn f3_proposal_above_the_cap_is_refused() {
    let mut s = Suite::new(0);
    let miner = s.miner.insecure_clone();
    s.deposit(&miner, 10_000 * E6).expect("deposit");
    assert_fails_with(s.propose_as(0, &miner.pubkey(), 2_000 * E6), E::SlashAboveCap);
}

#[test]
fn f3_just_in_time_stake_earns_nothing() {
    let mut s = Suite::new(1);
    let (v1, v2) = (s.v[0].insecure_clone(), s.v[1].insecure_clone());
    s.stake(&v1, 1_000 * E6).expect("stake v1");
    s.rt.advance(30 * DAY);
    s.activate(&v1.pubkey()).expect("activate v1");
    s.stake(&v2, 100_000 * E6).expect("stake v2");
    assert_fails_with(s.activate(&v2.pubkey()), E::StillWarmingUp);
    s.deposit_revenue(1_000 * E6).expect("revenue");
    s.rt.advance(3_600);
    s.activate(&v2.pubkey()).expect("activate v2");
    assert_eq!(s.revenue_owed(&v2.pubkey()), 0, "stake added in the same block earns nothing");
    assert_eq!(s.revenue_owed(&v1.pubkey()), 1_000 * E6, "the warmed-up stake earns all");
}

#[test]
fn f3_lower_cap_gives_a_typed_error() {
    let mut s = Suite::new(0);
    let miner = s.miner.insecure_clone();
    s.deposit(&miner, 10_000 * E6).expect("deposit");
    let ids = [s.propose(500 * E6), s.propose(500 * E6)];
    for id in ids {
        s.approve_by(1, id).expect("approve");
    }
    s.rt.advance(2 * DAY);
    s.execute(ids[0]).expect("execute");
    let admin = s.admin.pubkey();
    s.admin_sends(mc::set_params(&admin, Params { slash_cap_per_period: 100 * E6, ..default_params() }))
        .expect("lower the cap");
    assert_fails_with(s.execute(ids[1]), E::SlashCapExceeded);
}

#[test]
fn f3_pause_is_an_emergency_brake_on_slashing() {
    let mut s = Suite::new(1_000 * E6);
    let id = s.propose(10 * E6);
    let admin = s.admin.pubkey();
    s.admin_sends(mc::set_paused(&admin, true)).expect("pause");
    assert_fails_with(s.approve_by(1, id), E::Paused);
    let miner = s.miner.insecure_clone();
    assert_fails_with(s.propose_as(0, &miner.pubkey(), 10 * E6), E::Paused);
    s.dispute(&miner, id).expect("disputes stay open");
    s.resolve(id, true).expect("resolution stays open");
    assert_fails_with(s.execute(id), E::Paused);
    s.rt.send(&[mc::request_withdrawal(&miner.pubkey(), 100 * E6)], &[&miner]).expect("withdrawals stay open");
    let v1 = s.v[0].insecure_clone();
    assert_fails_with(s.rt.send(&[mc::set_paused(&v1.pubkey(), false)], &[&v1]), E::Unauthorized);
}

/// An action of the property test below.
#[derive(Debug, Clone)]
enum Op {
    Wait(i64),
    Deposit(usize, u64),
    Unbond(usize, u64),
    Withdraw(usize),
    Propose(usize, usize, u64),
    Approve(usize, usize),
    Dispute(usize),
    Resolve(usize, bool),
    Execute(usize),
    Expire(usize),
}

fn op() -> impl Strategy<Value = Op> {
    // Weighted so that proposals often reach a quorum, outlive their window and execute.
    prop_oneof![
        3 => (1i64..3 * DAY).prop_map(Op::Wait),
        2 => (0usize..2, 1u64..2_000 * E6).prop_map(|(m, a)| Op::Deposit(m, a)),
        1 => (0usize..2, 1u64..1_000 * E6).prop_map(|(m, a)| Op::Unbond(m, a)),
        1 => (0usize..2).prop_map(Op::Withdraw),
        2 => (0usize..3, 0usize..2, 1u64..1_200 * E6).prop_map(|(v, m, a)| Op::Propose(v, m, a)),
        4 => (0usize..3, 0usize..4).prop_map(|(v, i)| Op::Approve(v, i)),
        1 => (0usize..4).prop_map(Op::Dispute),
        1 => (0usize..4, any::<bool>()).prop_map(|(i, up)| Op::Resolve(i, up)),
        3 => (0usize..4).prop_map(Op::Execute),
        1 => (0usize..4).prop_map(Op::Expire),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Collateral is conserved (deposited == held + withdrawn + slashed, the vault holds what is
    /// held, the treasury what was slashed); every period's slashes stay within its cap; a slash
    /// takes exactly min(amount, bonded + unbonding); a miner's withdrawals are held by exactly
    /// its open quorum-approved proposals. Whatever the runtime refuses changes nothing.
    #[test]
    fn collateral_is_conserved_and_slashes_stay_within_their_caps(ops in prop::collection::vec(op(), 10..80)) {
        let mut s = Suite::new(1_000 * E6);
        let miners = [s.miner.insecure_clone(), s.holder.insecure_clone()];
        s.deposit(&miners[1], 1_000 * E6).expect("deposit");
        let cap = default_params().slash_cap_per_period;
        let mut per_period = std::collections::HashMap::<i64, u64>::new();
        for op in ops {
            let ids = s.next_slash - 1;
            // Mostly the latest proposals: the older ones have usually ended.
            let pick = |i: usize| (ids > 0).then(|| ids.saturating_sub(i as u64).max(1));
            match op {
                Op::Wait(t) => s.rt.advance(t),
                Op::Deposit(m, a) => drop(s.deposit(&miners[m], a)),
                Op::Unbond(m, a) => drop(s.rt.send(&[mc::request_withdrawal(&miners[m].pubkey(), a)], &[&miners[m]])),
                Op::Withdraw(m) => drop(s.withdraw(&miners[m])),
                Op::Propose(v, m, a) => drop(s.propose_as(v, &miners[m].pubkey(), a)),
                Op::Approve(v, i) => if let Some(id) = pick(i) { drop(s.approve_by(v, id)) },
                Op::Dispute(i) => if let Some(id) = pick(i) {
                    let miner = miners.iter().find(|m| m.pubkey() == s.slash(id).miner).expect("a miner").insecure_clone();
                    drop(s.dispute(&miner, id));
                },
                Op::Resolve(i, up) => if let Some(id) = pick(i) { drop(s.resolve(id, up)) },
                Op::Execute(i) => if let Some(id) = pick(i) {
                    let slash = s.slash(id);
                    let before = s.rt.account::<Bond>(&mc::bond(&slash.miner)).expect("bond");
                    if let Ok(sent) = s.execute(id) {
                        let taken = sent.events::<SlashExecuted>()[0].amount;
                        prop_assert_eq!(taken, slash.amount.min(before.bonded + before.unbonding), "takes what is there");
                        *per_period.entry(s.now() / DAY).or_default() += taken;
                    }
                },
                Op::Expire(i) => if let Some(id) = pick(i) { drop(s.expire(id)) },
            }
            let config = s.config();
            let bonds: Vec<Bond> = miners.iter().filter_map(|m| s.rt.account(&mc::bond(&m.pubkey()))).collect();
            let held: u64 = bonds.iter().map(|b| b.bonded + b.unbonding).sum();
            prop_assert_eq!(config.total_deposited, held + config.total_withdrawn + config.total_slashed);
            prop_assert_eq!(s.rt.token_balance(&mc::vault()), held, "the vault holds what is held");
            prop_assert_eq!(s.rt.token_balance(&s.treasury), config.total_slashed, "slashed went to the treasury");
            prop_assert!(per_period.values().all(|p| *p <= cap), "per-period cap: {:?}", per_period);
            prop_assert_eq!(config.slashed_in_period_of(s.now()), per_period.get(&(s.now() / DAY)).copied().unwrap_or(0));
            for m in &miners {
                let Some(bond) = s.rt.account::<Bond>(&mc::bond(&m.pubkey())) else { continue };
                let holds = (1..s.next_slash)
                    .map(|id| s.slash(id))
                    .filter(|x| x.miner == m.pubkey() && x.blocking)
                    .filter(|x| matches!(x.status, SlashStatus::Pending | SlashStatus::Disputed | SlashStatus::Upheld))
                    .count();
                prop_assert_eq!(bond.open_slashes as usize, holds, "holds == open quorum-approved proposals");
            }
        }
    }
}

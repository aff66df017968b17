//! `contracts/evm/test/MinerCollateral.t.sol`, case for case, on ink!'s off-chain engine, with
//! the native coin as the asset (the EVM suite's `test_nativeCollateral` case throughout).

use crate::miner_collateral::*;
use ink::U256;
use ink::env::DefaultEnvironment;
use ink::env::test;
use ink::primitives::Address;
use ink::sol::FixedBytes;

const T0: u64 = 1_700_000_000;
const DAY: u64 = 86_400;
const E6: u128 = 1_000_000;
const BOT: u8 = 3;

fn evidence() -> FixedBytes<32> {
    FixedBytes([0xE7; 32])
}

fn acc(n: u8) -> Address {
    Address::from([n; 20])
}

fn admin() -> Address {
    acc(0xAD)
}
fn treasury() -> Address {
    acc(0x7E)
}
fn miner() -> Address {
    acc(0x01)
}
fn holder() -> Address {
    acc(0x02)
}
fn v1() -> Address {
    acc(0x11)
}
fn v2() -> Address {
    acc(0x12)
}
fn v3() -> Address {
    acc(0x13)
}

fn at(secs: u64) {
    test::set_block_timestamp::<DefaultEnvironment>(secs);
}

fn now() -> u64 {
    ink::env::block_timestamp::<DefaultEnvironment>()
}

fn as_caller(a: Address) {
    test::set_caller(a);
    test::set_value_transferred(U256::zero());
}

fn paying(a: Address, value: u128) {
    test::set_caller(a);
    test::set_value_transferred(U256::from(value));
}

fn balance(a: Address) -> U256 {
    test::get_contract_balance::<DefaultEnvironment>(a).unwrap_or_default()
}

fn default_params() -> Params {
    Params {
        unbonding_period: 7 * DAY,
        dispute_window: 2 * DAY,
        proposal_ttl: 14 * DAY,
        slash_cap_period: DAY,
        slash_cap_per_period: 1_000 * E6,
        approval_threshold: 2,
        stake_warmup: 3_600,
    }
}

/// The fixture of the Solidity suite: three validators, a miner with 1,000e6 bonded.
fn setup() -> MinerCollateral {
    at(T0);
    as_caller(admin());
    let mut c = MinerCollateral::new(treasury(), default_params()).expect("params");
    // The contract pays out of its own balance; the engine starts every account empty.
    test::set_contract_balance(test::callee(), U256::from(1_000_000 * E6));
    for v in [v1(), v2(), v3()] {
        c.add_validator(v).expect("validator");
    }
    paying(miner(), 1_000 * E6);
    c.deposit(1_000 * E6).expect("deposit");
    c
}

fn propose(c: &mut MinerCollateral, amount: u128) -> U256 {
    as_caller(v1());
    c.propose_slash(miner(), amount, BOT, evidence()).expect("propose")
}

fn status(c: &MinerCollateral, sid: U256) -> SlashStatus {
    c.slash_of(sid).expect("slash").1
}

#[ink::test]
fn deposit_bonds() {
    let c = setup();
    assert_eq!(c.bond_of(miner()).0, 1_000 * E6);
    assert_eq!(c.total_deposited(), U256::from(1_000 * E6));
}

#[ink::test]
fn deposit_rejects_zero_and_bad_value() {
    let mut c = setup();
    paying(miner(), 0);
    assert_eq!(c.deposit(0), Err(Error::MinerCollateralZeroAmount));
    paying(miner(), 5);
    assert_eq!(c.deposit(1), Err(Error::MinerCollateralBadValue(U256::from(5))));
}

#[ink::test]
fn withdraw_after_unbonding() {
    let mut c = setup();
    as_caller(miner());
    c.request_withdrawal(400 * E6).expect("unbond");
    let (bonded, unbonding, release_at, _) = c.bond_of(miner());
    assert_eq!((bonded, unbonding), (600 * E6, 400 * E6));
    assert_eq!(c.withdraw(), Err(Error::MinerCollateralNotReleased(release_at)));
    at(release_at);
    let before = balance(miner());
    c.withdraw().expect("withdraw");
    assert_eq!(balance(miner()) - before, U256::from(400 * E6), "paid");
    assert_eq!(c.total_withdrawn(), U256::from(400 * E6), "total withdrawn");
}

#[ink::test]
fn request_withdrawal_rejects_too_much() {
    let mut c = setup();
    as_caller(miner());
    assert_eq!(
        c.request_withdrawal(1_001 * E6),
        Err(Error::MinerCollateralInsufficientBond(U256::from(1_000 * E6), U256::from(1_001 * E6)))
    );
}

#[ink::test]
fn slash_full_flow() {
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    assert_eq!(c.execute_slash(sid), Err(Error::MinerCollateralDisputeWindowOpen(now() + 2 * DAY)));
    at(now() + 2 * DAY);
    c.execute_slash(sid).expect("execute");
    assert_eq!(balance(treasury()), U256::from(100 * E6), "treasury funded");
    assert_eq!(c.bond_of(miner()).0, 900 * E6, "bond reduced");
    assert_eq!(status(&c, sid), SlashStatus::Executed);
    assert_eq!(c.execute_slash(sid), Err(Error::MinerCollateralWrongStatus(sid, SlashStatus::Executed)));
}

#[ink::test]
fn slash_needs_threshold() {
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    at(now() + 2 * DAY);
    assert_eq!(c.execute_slash(sid), Err(Error::MinerCollateralNotEnoughApprovals(1, 2)));
}

#[ink::test]
fn slash_only_validators_propose() {
    let mut c = setup();
    as_caller(holder());
    assert_eq!(c.propose_slash(miner(), 1, BOT, evidence()), Err(Error::MinerCollateralNotValidator(holder())));
    as_caller(v1());
    assert_eq!(c.propose_slash(miner(), 1, 0, evidence()), Err(Error::MinerCollateralInvalidReason));
    assert_eq!(
        c.propose_slash(miner(), 1_001 * E6, BOT, evidence()),
        Err(Error::MinerCollateralSlashTooLarge(U256::from(1_001 * E6), U256::from(1_000 * E6)))
    );
    assert_eq!(c.propose_slash(miner(), 0, BOT, evidence()), Err(Error::MinerCollateralZeroAmount));
}

#[ink::test]
fn approve_once() {
    let mut c = setup();
    let sid = propose(&mut c, E6);
    as_caller(v1());
    assert_eq!(c.approve_slash(sid), Err(Error::MinerCollateralAlreadyApproved(sid, v1())));
    as_caller(v2());
    assert_eq!(c.approve_slash(U256::from(99)), Err(Error::MinerCollateralUnknownSlash(U256::from(99))));
}

#[ink::test]
fn dispute_rejected() {
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    as_caller(holder());
    assert_eq!(c.dispute_slash(sid, evidence()), Err(Error::MinerCollateralNotMiner(sid, holder())));
    as_caller(miner());
    c.dispute_slash(sid, evidence()).expect("dispute");
    at(now() + 2 * DAY);
    assert_eq!(c.execute_slash(sid), Err(Error::MinerCollateralWrongStatus(sid, SlashStatus::Disputed)));
    as_caller(admin());
    c.resolve_dispute(sid, false).expect("reject");
    assert_eq!(status(&c, sid), SlashStatus::Rejected);
    assert_eq!(c.bond_of(miner()).3, 0, "no open slash");
    assert_eq!(c.bond_of(miner()).0, 1_000 * E6, "bond intact");
}

#[ink::test]
fn dispute_upheld_executes() {
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    as_caller(miner());
    c.dispute_slash(sid, evidence()).expect("dispute");
    as_caller(admin());
    c.resolve_dispute(sid, true).expect("uphold");
    c.execute_slash(sid).expect("upheld slashes execute at once");
    assert_eq!(c.bond_of(miner()).0, 900 * E6);
}

#[ink::test]
fn dispute_window_closes() {
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    let closes = now() + 2 * DAY;
    at(closes);
    as_caller(miner());
    assert_eq!(c.dispute_slash(sid, evidence()), Err(Error::MinerCollateralDisputeWindowClosed(closes)));
}

#[ink::test]
fn resolve_dispute_only_resolver_and_disputed() {
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    as_caller(admin());
    assert_eq!(c.resolve_dispute(sid, true), Err(Error::MinerCollateralWrongStatus(sid, SlashStatus::Pending)));
    as_caller(miner());
    c.dispute_slash(sid, evidence()).expect("dispute");
    as_caller(v1());
    assert!(matches!(c.resolve_dispute(sid, true), Err(Error::AccessControlUnauthorizedAccount(a, _)) if a == v1()));
}

#[ink::test]
fn unbonding_still_slashable_and_withdraw_blocked() {
    let mut c = setup();
    as_caller(miner());
    c.request_withdrawal(1_000 * E6).expect("unbond all");
    let sid = propose(&mut c, 300 * E6);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    let release_at = c.bond_of(miner()).2;
    at(release_at);
    as_caller(miner());
    assert_eq!(c.withdraw(), Err(Error::MinerCollateralSlashPending(miner(), U256::one())));
    c.execute_slash(sid).expect("execute");
    assert_eq!(c.bond_of(miner()).1, 700 * E6, "taken from unbonding");
    as_caller(miner());
    c.withdraw().expect("withdraw the rest");
}

#[ink::test]
fn slash_cap_per_period() {
    let mut c = setup();
    paying(miner(), 1_000 * E6);
    c.deposit(1_000 * E6).expect("deposit");
    let (a, b, d) = (propose(&mut c, 600 * E6), propose(&mut c, 400 * E6), propose(&mut c, E6));
    as_caller(v2());
    for sid in [a, b, d] {
        c.approve_slash(sid).expect("approve");
    }
    at(now() + 2 * DAY);
    c.execute_slash(a).expect("a");
    c.execute_slash(b).expect("b");
    assert_eq!(c.execute_slash(d), Err(Error::MinerCollateralSlashCapExceeded(U256::from(E6), U256::zero())));
    at(now() + DAY);
    c.execute_slash(d).expect("next period");
    assert_eq!(c.total_slashed(), U256::from(1_001 * E6), "the cap delayed d to the next period");
}

#[ink::test]
fn slash_cap_counts_what_is_taken() {
    let mut c = setup();
    let (a, b) = (propose(&mut c, 600 * E6), propose(&mut c, 600 * E6));
    as_caller(v2());
    c.approve_slash(a).expect("approve");
    c.approve_slash(b).expect("approve");
    at(now() + 2 * DAY);
    c.execute_slash(a).expect("a");
    c.execute_slash(b).expect("b");
    assert_eq!(c.total_slashed(), U256::from(1_000 * E6), "only what was bonded");
    assert_eq!(c.slashed_in_period_of(U256::from(now())), U256::from(1_000 * E6), "the cap is charged what was taken");
}

#[ink::test]
fn expire() {
    let mut c = setup();
    let sid = propose(&mut c, E6);
    assert_eq!(c.expire_slash(sid), Err(Error::MinerCollateralNotExpired(now() + 14 * DAY)));
    at(now() + 14 * DAY);
    as_caller(v2());
    assert_eq!(c.approve_slash(sid), Err(Error::MinerCollateralExpired(now())));
    c.expire_slash(sid).expect("expire");
    assert_eq!(c.bond_of(miner()).3, 0, "closed");
}

#[ink::test]
fn validators_share_revenue_by_stake() {
    let mut c = setup();
    paying(v1(), 300);
    c.stake(300).expect("stake");
    paying(v2(), 100);
    c.stake(100).expect("stake");
    at(now() + 3_600);
    as_caller(holder());
    c.activate_stake(v1()).expect("v1 warmed up");
    c.activate_stake(v2()).expect("v2 warmed up");
    paying(holder(), 1_000);
    c.deposit_site_revenue(U256::from(1_000)).expect("revenue");
    assert_eq!(c.validator_of(v1()).5, U256::from(750));
    assert_eq!(c.validator_of(v2()).5, U256::from(250));
    as_caller(v1());
    let before = balance(v1());
    assert_eq!(c.claim_validator_revenue(), Ok(U256::from(750)));
    assert_eq!(balance(v1()) - before, U256::from(750));
    assert_eq!(c.claim_validator_revenue(), Err(Error::MinerCollateralZeroAmount));
}

#[ink::test]
fn validators_revenue_needs_stake() {
    let mut c = setup();
    paying(holder(), 1_000);
    assert_eq!(c.deposit_site_revenue(U256::from(1_000)), Err(Error::MinerCollateralNoStake));
    paying(holder(), 1);
    assert_eq!(c.stake(1), Err(Error::MinerCollateralNotValidator(holder())));
}

#[ink::test]
fn remove_validator_unbonds_stake() {
    let mut c = setup();
    paying(v3(), 500);
    c.stake(500).expect("stake");
    as_caller(admin());
    c.remove_validator(v3()).expect("remove");
    let (registered, stake, unbonding, release_at, _, _, _, _) = c.validator_of(v3());
    assert_eq!((registered, stake, unbonding), (false, 0, 500));
    as_caller(v3());
    assert_eq!(c.propose_slash(miner(), 1, BOT, evidence()), Err(Error::MinerCollateralNotValidator(v3())));
    at(release_at);
    c.withdraw_stake().expect("withdraw stake");
    assert_eq!(c.validator_of(v3()).2, 0);
}

#[ink::test]
fn params_validated() {
    let mut c = setup();
    as_caller(admin());
    for bad in [
        Params { approval_threshold: 0, ..default_params() },
        Params { approval_threshold: 1, ..default_params() },
        Params { slash_cap_period: 0, ..default_params() },
        Params { dispute_window: 0, ..default_params() },
        Params { stake_warmup: 0, ..default_params() },
        Params { unbonding_period: 2 * DAY, ..default_params() },
        Params { proposal_ttl: 3 * DAY - 1, ..default_params() },
        Params { unbonding_period: (1 << 40) - 2, proposal_ttl: (1 << 40) - 2, ..default_params() },
    ] {
        assert_eq!(c.set_params(bad), Err(Error::MinerCollateralInvalidParams));
    }
    as_caller(v1());
    assert!(matches!(c.set_params(default_params()), Err(Error::AccessControlUnauthorizedAccount(..))));
}

#[ink::test]
fn treasury_and_pause_are_admin_settings() {
    let mut c = setup();
    as_caller(admin());
    assert_eq!(c.set_treasury(Address::zero()), Err(Error::MinerCollateralInvalidParams));
    c.set_treasury(holder()).expect("treasury");
    assert_eq!(c.treasury(), holder());
    assert_eq!(c.unpause(), Err(Error::ExpectedPause));
    c.pause().expect("pause");
    assert!(c.paused());
    assert_eq!(c.pause(), Err(Error::EnforcedPause));
    as_caller(miner());
    assert_eq!(c.deposit(1), Err(Error::EnforcedPause));
    assert!(matches!(c.set_treasury(miner()), Err(Error::AccessControlUnauthorizedAccount(..))));
    assert!(matches!(c.unpause(), Err(Error::AccessControlUnauthorizedAccount(..))));
    as_caller(admin());
    c.unpause().expect("unpause");
    assert!(!c.paused());
}

#[ink::test]
fn a_zero_treasury_is_refused_at_instantiation() {
    at(T0);
    as_caller(admin());
    assert_eq!(
        MinerCollateral::new(Address::zero(), default_params()).err(),
        Some(Error::MinerCollateralInvalidParams)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, failure_persistence: None, ..Default::default() })]

    /// `testFuzz_slashNeverExceedsSlashable` and collateral conservation: whatever is bonded,
    /// unbonded and proposed, a slash takes at most what is slashable and the books balance.
    #[test]
    fn slash_never_exceeds_slashable(deposit in 1u128..=1_000_000_000, unbond_pct in 0u128..=100, pct in 1u128..=100) {
        test::run_test::<DefaultEnvironment, _>(|_| {
            let mut c = setup();
            paying(holder(), deposit);
            c.deposit(deposit).expect("deposit");
            as_caller(holder());
            let unbond = deposit * unbond_pct / 100;
            if unbond > 0 {
                c.request_withdrawal(unbond).expect("unbond");
            }
            as_caller(v1());
            let amount = (deposit * pct / 100).max(1);
            let sid = c.propose_slash(holder(), amount, BOT, evidence()).expect("propose");
            as_caller(v2());
            c.approve_slash(sid).expect("approve");
            at(now() + 2 * DAY);
            let (bonded, unbonding, _, _) = c.bond_of(holder());
            c.execute_slash(sid).expect("execute");
            let (after_bonded, after_unbonding, _, _) = c.bond_of(holder());
            let taken = (bonded + unbonding) - (after_bonded + after_unbonding);
            assert!(taken <= bonded + unbonding);
            assert_eq!(taken, amount.min(bonded + unbonding));
            let (deposited, withdrawn, slashed) = (c.total_deposited(), c.total_withdrawn(), c.total_slashed());
            assert_eq!(deposited - withdrawn - slashed, U256::from(1_000 * E6 + after_bonded + after_unbonding));
            Ok(())
        })
        .expect("off-chain run");
    }
}

/// The exact logs of a deposit, a slash and its execution, committed as
/// `abi/ink/vectors/miner_collateral.json` for the indexer's decoder test.
#[ink::test]
fn event_vectors_match_the_committed_file() {
    use tfx_ink_sol::vectors::{check, hex0x, json};
    let mut c = setup();
    let sid = propose(&mut c, 100 * E6);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    at(now() + 2 * DAY);
    c.execute_slash(sid).expect("execute");
    let a = |x: Address| hex0x(x.as_bytes());
    let e6 = |n: u128| (n * E6).to_string();
    check(
        "miner_collateral",
        vec![
            json!({ "event": "TreasurySet", "treasury": a(treasury()) }),
            json!({
                "event": "ParamsSet", "unbondingPeriod": 7 * DAY, "disputeWindow": 2 * DAY, "proposalTtl": 14 * DAY,
                "slashCapPeriod": DAY, "slashCapPerPeriod": e6(1_000), "approvalThreshold": 2, "stakeWarmup": 3_600,
            }),
            json!({ "event": "ValidatorAdded", "validator": a(v1()) }),
            json!({ "event": "ValidatorAdded", "validator": a(v2()) }),
            json!({ "event": "ValidatorAdded", "validator": a(v3()) }),
            json!({ "event": "CollateralDeposited", "miner": a(miner()), "amount": e6(1_000), "bonded": e6(1_000) }),
            json!({
                "event": "SlashProposed", "slashId": "1", "miner": a(miner()), "proposer": a(v1()), "amount": e6(100),
                "reason": BOT, "evidenceHash": hex0x(&evidence().0),
            }),
            json!({ "event": "SlashApproved", "slashId": "1", "validator": a(v1()), "approvals": 1 }),
            json!({ "event": "SlashApproved", "slashId": "1", "validator": a(v2()), "approvals": 2 }),
            json!({
                "event": "SlashExecuted", "slashId": "1", "miner": a(miner()), "amount": e6(100), "treasury": a(treasury()),
            }),
        ],
    );
}

/// `test_f3_aLoneProposalHoldsNothingBack`.
#[ink::test]
fn a_lone_proposal_holds_nothing_back() {
    let mut c = setup();
    as_caller(miner());
    c.request_withdrawal(1_000 * E6).expect("unbond");
    at(now() + 7 * DAY);
    propose(&mut c, 1);
    as_caller(miner());
    c.withdraw().expect("withdrawn despite one validator's proposal");
}

/// `test_f3_aQuorumHoldEndsWithTheProposal`.
#[ink::test]
fn a_quorum_hold_ends_with_the_proposal() {
    let mut c = setup();
    as_caller(miner());
    c.request_withdrawal(1_000 * E6).expect("unbond");
    let sid = propose(&mut c, 1);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    assert!(c.slash_of(sid).expect("slash").7, "quorum holds");
    at(now() + 7 * DAY);
    as_caller(miner());
    assert_eq!(c.withdraw(), Err(Error::MinerCollateralSlashPending(miner(), U256::one())));
    at(now() + 7 * DAY);
    c.expire_slash(sid).expect("expire");
    c.withdraw().expect("released");
}

/// `test_f3_removedValidatorsApprovalsStopCounting`, and a slot's new occupant inherits nothing.
#[ink::test]
fn removed_validators_approvals_stop_counting() {
    let mut c = setup();
    let sid = propose(&mut c, 10 * E6);
    as_caller(v2());
    c.approve_slash(sid).expect("approve");
    as_caller(admin());
    c.remove_validator(v2()).expect("remove");
    assert_eq!(c.slash_of(sid).expect("slash").3, 1, "only v1 counts");
    assert!(!c.has_approved(sid, v2()));
    at(now() + 2 * DAY);
    assert_eq!(c.execute_slash(sid), Err(Error::MinerCollateralNotEnoughApprovals(1, 2)));
    let v4 = acc(0x14);
    as_caller(admin());
    c.add_validator(v4).expect("v4 takes v2's slot");
    assert_eq!(c.slash_of(sid).expect("slash").3, 1, "the slot's old approval stays void");
    as_caller(v4);
    assert_eq!(c.approve_slash(sid), Err(Error::MinerCollateralApprovalBeforeJoining(sid, v4)));
    as_caller(v3());
    c.approve_slash(sid).expect("approve");
    c.execute_slash(sid).expect("two current validators");
}

/// `test_f3_proposalAboveTheCapIsRefused`.
#[ink::test]
fn a_proposal_above_the_cap_is_refused() {
    let mut c = setup();
    paying(miner(), 9_000 * E6);
    c.deposit(9_000 * E6).expect("deposit");
    as_caller(v1());
    assert_eq!(
        c.propose_slash(miner(), 2_000 * E6, BOT, evidence()),
        Err(Error::MinerCollateralSlashAboveCap(U256::from(2_000 * E6), U256::from(1_000 * E6)))
    );
}

/// `test_f3_justInTimeStakeEarnsNothing`.
#[ink::test]
fn just_in_time_stake_earns_nothing() {
    let mut c = setup();
    paying(v1(), 1_000);
    c.stake(1_000).expect("stake");
    at(now() + 30 * DAY);
    c.activate_stake(v1()).expect("activate");
    paying(v2(), 100_000);
    c.stake(100_000).expect("stake");
    assert_eq!(c.activate_stake(v2()), Err(Error::MinerCollateralStillWarmingUp(now() + 3_600)));
    paying(admin(), 1_000);
    c.deposit_site_revenue(U256::from(1_000)).expect("revenue");
    at(now() + 3_600);
    c.activate_stake(v2()).expect("activate");
    assert_eq!(c.validator_of(v2()).5, U256::zero(), "stake added in the same block earns nothing");
    assert_eq!(c.validator_of(v1()).5, U256::from(1_000), "the warmed-up stake earns all");
}

/// `test_f3_lowerCapGivesATypedError`.
#[ink::test]
fn a_lower_cap_gives_a_typed_error() {
    let mut c = setup();
    paying(miner(), 9_000 * E6);
    c.deposit(9_000 * E6).expect("deposit");
    let (a, b) = (propose(&mut c, 500 * E6), propose(&mut c, 500 * E6));
    as_caller(v2());
    c.approve_slash(a).expect("approve");
    c.approve_slash(b).expect("approve");
    at(now() + 2 * DAY);
    c.execute_slash(a).expect("a");
    as_caller(admin());
    c.set_params(Params { slash_cap_per_period: 100 * E6, ..default_params() }).expect("lower the cap");
    assert_eq!(c.execute_slash(b), Err(Error::MinerCollateralSlashCapExceeded(U256::from(500 * E6), U256::zero())));
}

/// `test_f3_pauseIsAnEmergencyBrakeOnSlashing`.
#[ink::test]
fn pause_is_an_emergency_brake_on_slashing() {
    let mut c = setup();
    let sid = propose(&mut c, 10 * E6);
    as_caller(admin());
    c.pause().expect("pause");
    as_caller(v2());
    assert_eq!(c.approve_slash(sid), Err(Error::EnforcedPause));
    as_caller(miner());
    c.dispute_slash(sid, evidence()).expect("disputes stay open");
    as_caller(admin());
    c.resolve_dispute(sid, true).expect("uphold");
    assert_eq!(c.execute_slash(sid), Err(Error::EnforcedPause));
    as_caller(miner());
    c.request_withdrawal(100 * E6).expect("withdrawals stay open");
}

/// Payouts to a named recipient (a contract caller names an account that can take the coin).
#[ink::test]
fn payouts_go_to_a_named_recipient() {
    let mut c = setup();
    as_caller(miner());
    c.request_withdrawal(100 * E6).expect("unbond");
    at(now() + 7 * DAY);
    let before = balance(holder());
    c.withdraw_to(holder()).expect("withdraw to");
    assert_eq!(balance(holder()) - before, U256::from(100 * E6));
}

/// Roles: each admin-only call names the EVM contract's role for it.
#[ink::test]
fn access_errors_name_the_role() {
    let mut c = setup();
    as_caller(holder());
    let role = |name: &str| {
        FixedBytes(match name {
            "manager" => ink::keccak_256!("VALIDATOR_MANAGER_ROLE"),
            "resolver" => ink::keccak_256!("DISPUTE_RESOLVER_ROLE"),
            "pauser" => ink::keccak_256!("PAUSER_ROLE"),
            _ => [0; 32],
        })
    };
    assert_eq!(c.add_validator(holder()), Err(Error::AccessControlUnauthorizedAccount(holder(), role("manager"))));
    assert_eq!(c.pause(), Err(Error::AccessControlUnauthorizedAccount(holder(), role("pauser"))));
    assert_eq!(c.set_treasury(holder()), Err(Error::AccessControlUnauthorizedAccount(holder(), role("admin"))));
    assert_eq!(
        c.resolve_dispute(U256::one(), true),
        Err(Error::AccessControlUnauthorizedAccount(holder(), role("resolver")))
    );
}

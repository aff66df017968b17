//! MinerCollateral's artifact on pallet-revive, with real native value: collateral bonded by a
//! miner's call value, a slash approved by validators paying the treasury after the dispute window,
//! unbonding released on the block clock, site revenue paid to validators by stake.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolConstructor, SolEvent};
use tfx_ink_sandbox::Chain;
use tfx_ink_sandbox::abi::{MinerCollateral, evm};

const DAY: u64 = 86_400;
const E6: u128 = 1_000_000;
const BOT_ENGAGEMENT: u8 = 3;

fn admin() -> Address {
    Chain::account(0)
}
fn miner() -> Address {
    Chain::account(1)
}
fn validators() -> [Address; 3] {
    [Chain::account(2), Chain::account(3), Chain::account(4)]
}
fn treasury() -> Address {
    Address::repeat_byte(0x7e)
}
fn sponsor() -> Address {
    Chain::account(5)
}

fn setup() -> (Chain, Address) {
    let mut chain = Chain::new();
    let params = tfx_ink_sandbox::suite::default_params();
    let args = MinerCollateral::constructorCall { treasury: treasury(), params }.abi_encode();
    let c = chain.deploy(admin(), Chain::artifact("miner_collateral"), args, U256::ZERO).expect("instantiate");
    for v in validators() {
        chain.transact(admin(), c, &MinerCollateral::addValidatorCall { validator: v }).expect("validator");
    }
    let deposit = MinerCollateral::depositCall { amount: 1_000 * E6 };
    chain.send_value(miner(), c, &deposit, U256::from(1_000 * E6)).map(drop).expect("deposit");
    (chain, c)
}

#[test]
fn collateral_is_the_contracts_native_balance() {
    let (mut chain, c) = setup();
    assert_eq!(chain.balance(c), U256::from(1_000 * E6));
    let short = MinerCollateral::depositCall { amount: 10 };
    assert!(chain.send_value(miner(), c, &short, U256::from(9)).map(drop).is_err(), "value must equal amount");
    assert_eq!(chain.balance(c), U256::from(1_000 * E6), "a failed deposit keeps nothing");
}

#[test]
fn an_approved_slash_pays_the_treasury_after_the_dispute_window() {
    let (mut chain, c) = setup();
    let [v1, v2, _] = validators();
    let propose = MinerCollateral::proposeSlashCall {
        miner: miner(),
        amount: 100 * E6,
        reason: BOT_ENGAGEMENT,
        evidence_hash: B256::repeat_byte(0xee),
    };
    let sid = chain.send(v1, c, &propose).expect("propose");
    chain.transact(v2, c, &MinerCollateral::approveSlashCall { slash_id: sid }).expect("approve");
    let execute = MinerCollateral::executeSlashCall { slash_id: sid };
    assert!(chain.transact(v1, c, &execute).is_err(), "dispute window open");
    chain.warp(2 * DAY);
    chain.take_logs();
    chain.transact(v1, c, &execute).expect("execute");
    assert_eq!(chain.balance(treasury()), U256::from(100 * E6), "treasury paid in DOT");
    assert_eq!(chain.balance(c), U256::from(900 * E6), "the rest stays bonded");
    let executed = chain.take_logs().iter().find_map(|l| evm::MinerCollateral::SlashExecuted::decode_log(l).ok());
    assert_eq!(executed.map(|e| (e.slashId, e.miner)), Some((sid, miner())));
}

#[test]
fn unbonded_collateral_is_released_on_the_block_clock() {
    let (mut chain, c) = setup();
    chain.transact(miner(), c, &MinerCollateral::requestWithdrawalCall { amount: 400 * E6 }).expect("unbond");
    let withdraw = MinerCollateral::withdrawCall {};
    chain.warp(7 * DAY - 1);
    assert!(chain.transact(miner(), c, &withdraw).is_err(), "one second early");
    chain.warp(1);
    let before = chain.balance(miner());
    chain.transact(miner(), c, &withdraw).expect("withdraw");
    assert_eq!(chain.balance(miner()) - before, U256::from(400 * E6), "paid");
}

#[test]
fn site_revenue_is_shared_by_validator_stake() {
    let (mut chain, c) = setup();
    let [v1, v2, _] = validators();
    chain.send_value(v1, c, &MinerCollateral::stakeCall { amount: 300 }, U256::from(300)).map(drop).expect("stake");
    chain.send_value(v2, c, &MinerCollateral::stakeCall { amount: 100 }, U256::from(100)).map(drop).expect("stake");
    chain.warp(3_600);
    for v in [v1, v2] {
        chain.transact(sponsor(), c, &MinerCollateral::activateStakeCall { validator: v }).expect("warmed up");
    }
    let revenue = MinerCollateral::depositSiteRevenueCall { amount: U256::from(1_000) };
    chain.send_value(sponsor(), c, &revenue, U256::from(1_000)).map(drop).expect("site revenue");
    let before = chain.balance(v1);
    assert_eq!(chain.send(v1, c, &MinerCollateral::claimValidatorRevenueCall {}), Ok(U256::from(750)));
    assert_eq!(chain.balance(v1) - before, U256::from(750), "three quarters, in DOT");
}

/// Mirrors `test_freeze_holdsReleasedCollateralUntilItLiftsByItself` and
/// `test_freeze_onlyTheFreezerAndAtMostAYear`: a freeze (the router's, on another chain's slash)
/// holds released collateral until it lifts by itself; only the freezer or the admin freezes, at
/// most a year ahead; an earlier freeze changes nothing.
#[test]
fn a_freeze_holds_released_collateral_until_it_lifts_by_itself() {
    let (mut chain, c) = setup();
    let router = Chain::account(6);
    let freeze =
        |until: u64| MinerCollateral::freezeWithdrawalsCall { miner: miner(), until: until.try_into().expect("u40") };
    let err = chain.transact(router, c, &freeze(chain.now() + 1)).expect_err("not the freezer yet");
    assert!(matches!(
        err.decode::<evm::MinerCollateral::MinerCollateralErrors>(),
        Some(evm::MinerCollateral::MinerCollateralErrors::AccessControlUnauthorizedAccount(_))
    ));
    chain.transact(admin(), c, &MinerCollateral::setFreezerCall { freezer: router }).expect("set freezer");
    let far = chain.now() + 365 * DAY + 1;
    assert!(chain.transact(router, c, &freeze(far)).is_err(), "at most a year ahead");

    chain.transact(miner(), c, &MinerCollateral::requestWithdrawalCall { amount: 400 * E6 }).expect("unbond");
    let release_at = chain.now() + 7 * DAY;
    let until = release_at + DAY;
    chain.take_logs();
    chain.transact(router, c, &freeze(until)).expect("freeze");
    let frozen = chain.take_logs().iter().find_map(|l| evm::MinerCollateral::WithdrawalsFrozen::decode_log(l).ok());
    assert_eq!(frozen.map(|e| (e.miner, u64::try_from(e.until).expect("u40"))), Some((miner(), until)));
    chain.transact(router, c, &freeze(release_at)).expect("an earlier freeze");
    let now_frozen = chain.view(c, &evm::MinerCollateral::frozenUntilCall { miner: miner() });
    assert_eq!(u64::try_from(now_frozen).expect("u40"), until, "extends only");

    let withdraw = MinerCollateral::withdrawCall {};
    chain.warp(7 * DAY);
    let err = chain.transact(miner(), c, &withdraw).expect_err("frozen");
    assert_eq!(
        err.decode::<evm::MinerCollateral::MinerCollateralErrors>(),
        Some(evm::MinerCollateral::MinerCollateralErrors::MinerCollateralFrozen(
            evm::MinerCollateral::MinerCollateralFrozen { until }
        ))
    );
    chain.warp(DAY);
    let before = chain.balance(miner());
    chain.transact(miner(), c, &withdraw).expect("lifted by itself");
    assert_eq!(chain.balance(miner()) - before, U256::from(400 * E6));
}

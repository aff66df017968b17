//! The outside review's findings (issue 11) on the ink! artifacts running on pallet-revive, one test
//! each, named as their Solidity twins in `contracts/evm/test/Review.t.sol` (`f<point>_...`), plus
//! the findings about the ink! ports only (7 to 11). Every revert asserts its error.

use alloy_primitives::aliases::U40;
use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_sol_types::{SolCall, SolError, SolValue};
use tfx_ink_sandbox::abi::{AdRevenue, MinerCollateral, TestWallet, VideoNft, VideoShares, VoteTally, evm};
use tfx_ink_sandbox::suite::*;
use tfx_ink_sandbox::{CallError, Chain, DEVNET_CHAIN_ID};

use evm::AdRevenue::AdRevenueErrors as AdErr;
use evm::MinerCollateral::MinerCollateralErrors as McErr;
use evm::VideoNft::VideoNftErrors as NftErr;
use evm::VoteTally::VoteTallyErrors as VtErr;

fn u(n: u128) -> U256 {
    U256::from(n)
}

fn hash() -> B256 {
    keccak256("video-1.mp4")
}

// ----- 1. revenue follows holding time -----

#[test]
fn f1_share_buyer_does_not_take_the_backlog() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    s.fractionalize(creator(), id, u(100)).expect("fractionalize");
    let cid = s.open(id, 1_000, 100_000_000).expect("open");
    s.chain.warp(100_000);
    s.move_shares(creator(), holder(), id, u(50)).expect("sell half");
    s.settle(cid).expect("settle");
    assert_eq!(s.claimable(id, holder()), U256::ZERO, "the buyer held for no time");
    assert_eq!(s.claimable(id, creator()), u(100_000_000), "the seller held for all of it");
}

#[test]
fn f1_nft_buyer_does_not_take_the_backlog() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    s.transfer_video(creator(), holder(), id).expect("sell");
    let cid = s.open(id, 10, 1_000).expect("open");
    s.chain.warp(60);
    let buyer = Chain::account(8);
    s.transfer_video(holder(), buyer, id).expect("resell");
    s.chain.warp(40);
    s.settle(cid).expect("settle");
    assert_eq!(s.claimable(id, holder()), u(540), "the seller's 60 s, less the cut");
    assert_eq!(s.claimable(id, buyer), u(360), "the buyer's 40 s, less the cut");
    assert_eq!(s.claimable(id, creator()), u(100), "10% cut");
}

#[test]
fn f1_redeem_and_fractionalize_settle_first() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    let cid = s.open(id, 10, 10_000).expect("open");
    s.chain.warp(10);
    s.fractionalize(creator(), id, u(10)).expect("fractionalize");
    assert_eq!(s.claimable(id, creator()), u(100), "owner revenue before fractionalizing");
    s.chain.warp(10);
    s.chain.transact(creator(), s.shares, &VideoShares::redeemCall { video_id: id }).expect("redeem");
    assert_eq!(s.claimable(id, creator()), u(200), "share revenue before redeeming");
    let campaign = s.chain.view(s.ads, &evm::AdRevenue::campaignCall { campaignId: cid });
    assert_eq!(campaign.remaining, 9_800, "settled twice");
}

#[test]
fn f1_streaming_campaigns_per_video_are_capped() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    for i in 0..16 {
        s.open(id, 1, if i == 0 { 5 } else { 1_000 }).expect("open");
    }
    let err: AdErr = error_of(s.open(id, 1, 1_000));
    assert_eq!(
        err,
        AdErr::AdRevenueTooManyCampaigns(evm::AdRevenue::AdRevenueTooManyCampaigns { videoId: id, max: u(16) })
    );
    s.chain.warp(5);
    s.open(id, 1, 1_000).expect("the spent campaign made room");
    assert_eq!(s.chain.view(s.ads, &AdRevenue::activeCampaignsCall { video_id: id }).len(), 16);
}

// ----- 2. content-hash squatting -----

#[test]
fn f2_front_runner_cannot_mint_a_seen_hash() {
    let mut s = Suite::new();
    s.commit(creator(), hash()).expect("commit");
    s.chain.warp(COMMIT_MIN_AGE);
    let attacker = Chain::account(9);
    s.commit(attacker, hash()).expect("the attacker commits after seeing the reveal");
    let err: NftErr = error_of(s.reveal(attacker, hash(), 0));
    assert!(matches!(err, NftErr::VideoNftCommitmentTooNew(_)), "{err:?}");
    let copied = VideoNft::mintCall {
        content_hash: hash(),
        playback_id: PLAYBACK.into(),
        royalty_bps: 0,
        salt: Suite::salt(creator(), hash()),
    };
    let err: NftErr = error_of(s.chain.send(attacker, s.nft, &copied));
    assert!(matches!(err, NftErr::VideoNftUnknownCommitment(_)), "the creator's salt is worthless elsewhere: {err:?}");
    s.reveal(creator(), hash(), 500).expect("the creator mints");
    assert_eq!(s.chain.view(s.nft, &VideoNft::creatorOfCall { video_id: U256::from_be_bytes(hash().0) }), creator());
}

#[test]
fn f2_reserved_id_only_for_its_creator() {
    let mut s = Suite::new();
    let id = U256::from_be_bytes(hash().0);
    s.chain.transact(admin(), s.nft, &VideoNft::reserveCall { video_id: id, creator: creator() }).expect("reserve");
    let attacker = Chain::account(9);
    s.commit(attacker, hash()).expect("commit");
    s.chain.warp(COMMIT_MIN_AGE);
    let err: NftErr = error_of(s.reveal(attacker, hash(), 0));
    assert_eq!(err, NftErr::VideoNftReserved(evm::VideoNft::VideoNftReserved { videoId: id, creator: creator() }));
    let direct =
        VideoNft::mintCall { content_hash: hash(), playback_id: PLAYBACK.into(), royalty_bps: 0, salt: B256::ZERO };
    assert_eq!(s.chain.send(creator(), s.nft, &direct), Ok(id), "a reserved id needs no commitment");
}

// ----- 3. MinerCollateral -----

fn collateral(deposit: u128) -> Suite {
    let mut s = Suite::new();
    s.deposit(deposit).expect("deposit");
    s
}

#[test]
fn f3_a_lone_proposal_holds_nothing_back() {
    let mut s = collateral(1_000 * E6);
    let [v1, ..] = validators();
    s.chain
        .transact(miner(), s.collateral, &MinerCollateral::requestWithdrawalCall { amount: 1_000 * E6 })
        .expect("unbond");
    s.chain.warp(7 * DAY);
    s.propose(v1, 1).expect("propose");
    s.chain.transact(miner(), s.collateral, &MinerCollateral::withdrawCall {}).expect("withdraw");
}

#[test]
fn f3_a_quorum_hold_ends_with_the_proposal() {
    let mut s = collateral(1_000 * E6);
    let [v1, v2, _] = validators();
    s.chain
        .transact(miner(), s.collateral, &MinerCollateral::requestWithdrawalCall { amount: 1_000 * E6 })
        .expect("unbond");
    let sid = s.propose(v1, 1).expect("propose");
    s.approve(v2, sid).expect("approve");
    assert!(s.slash(sid).blocksWithdrawals, "quorum holds");
    s.chain.warp(7 * DAY);
    let err: McErr = error_of(s.chain.send(miner(), s.collateral, &MinerCollateral::withdrawCall {}));
    assert_eq!(
        err,
        McErr::MinerCollateralSlashPending(evm::MinerCollateral::MinerCollateralSlashPending {
            miner: miner(),
            openSlashes: U256::ONE
        })
    );
    s.chain.warp(7 * DAY);
    s.chain.transact(holder(), s.collateral, &MinerCollateral::expireSlashCall { slash_id: sid }).expect("expire");
    s.chain.transact(miner(), s.collateral, &MinerCollateral::withdrawCall {}).expect("released");
}

#[test]
fn f3_removed_validators_approvals_stop_counting_and_a_double_approval_is_refused() {
    let mut s = collateral(1_000 * E6);
    let [v1, v2, v3] = validators();
    let sid = s.propose(v1, 10 * E6).expect("propose");
    s.approve(v2, sid).expect("approve");
    let err: McErr = error_of(s.approve(v2, sid));
    assert_eq!(
        err,
        McErr::MinerCollateralAlreadyApproved(evm::MinerCollateral::MinerCollateralAlreadyApproved {
            slashId: sid,
            validator: v2
        })
    );
    s.chain.transact(admin(), s.collateral, &MinerCollateral::removeValidatorCall { validator: v2 }).expect("remove");
    assert_eq!(s.slash(sid).approvals, 1, "only v1 counts");
    s.chain.warp(2 * DAY);
    let err: McErr = error_of(s.chain.send(v1, s.collateral, &MinerCollateral::executeSlashCall { slash_id: sid }));
    assert_eq!(
        err,
        McErr::MinerCollateralNotEnoughApprovals(evm::MinerCollateral::MinerCollateralNotEnoughApprovals {
            approvals: 1,
            threshold: 2
        })
    );
    let v4 = Chain::account(8);
    s.chain.transact(admin(), s.collateral, &MinerCollateral::addValidatorCall { validator: v4 }).expect("v4");
    assert_eq!(s.slash(sid).approvals, 1, "v4 took v2's slot and inherits nothing");
    let err: McErr = error_of(s.approve(v4, sid));
    assert_eq!(
        err,
        McErr::MinerCollateralApprovalBeforeJoining(evm::MinerCollateral::MinerCollateralApprovalBeforeJoining {
            slashId: sid,
            validator: v4
        })
    );
    s.approve(v3, sid).expect("approve");
    s.chain.transact(v1, s.collateral, &MinerCollateral::executeSlashCall { slash_id: sid }).expect("execute");
    assert_eq!(s.chain.balance(treasury()), u(10 * E6));
}

#[test]
fn f3_a_proposal_above_the_cap_is_refused() {
    let mut s = collateral(10_000 * E6);
    let err: McErr = error_of(s.propose(validators()[0], 2_000 * E6));
    assert_eq!(
        err,
        McErr::MinerCollateralSlashAboveCap(evm::MinerCollateral::MinerCollateralSlashAboveCap {
            amount: u(2_000 * E6),
            capPerPeriod: u(1_000 * E6)
        })
    );
}

#[test]
fn f3_just_in_time_stake_earns_nothing() {
    let mut s = Suite::new();
    let [v1, v2, _] = validators();
    let c = s.collateral;
    s.chain.send_value(v1, c, &MinerCollateral::stakeCall { amount: 1_000 }, u(1_000)).map(drop).expect("stake");
    s.chain.warp(30 * DAY);
    s.chain.transact(holder(), c, &MinerCollateral::activateStakeCall { validator: v1 }).expect("activate");
    s.chain.send_value(v2, c, &MinerCollateral::stakeCall { amount: 100_000 }, u(100_000)).map(drop).expect("stake");
    let revenue = MinerCollateral::depositSiteRevenueCall { amount: u(1_000) };
    s.chain.send_value(admin(), c, &revenue, u(1_000)).map(drop).expect("revenue");
    s.chain.warp(3_600);
    s.chain.transact(holder(), c, &MinerCollateral::activateStakeCall { validator: v2 }).expect("activate");
    let v2_record = s.chain.view(c, &evm::MinerCollateral::validatorOfCall { validator: v2 });
    assert_eq!(v2_record.revenueOwed, U256::ZERO, "stake added in the same block earns nothing");
    assert_eq!(s.chain.view(c, &evm::MinerCollateral::validatorOfCall { validator: v1 }).revenueOwed, u(1_000));
}

#[test]
fn f3_a_lower_cap_gives_a_typed_error_and_params_are_bounded() {
    let mut s = collateral(10_000 * E6);
    let [v1, v2, _] = validators();
    let a = s.propose(v1, 500 * E6).expect("a");
    let b = s.propose(v1, 500 * E6).expect("b");
    s.approve(v2, a).expect("approve");
    s.approve(v2, b).expect("approve");
    s.chain.warp(2 * DAY);
    s.chain.transact(v1, s.collateral, &MinerCollateral::executeSlashCall { slash_id: a }).expect("a");
    let mut p = default_params();
    p.4 = 100 * E6;
    s.chain.transact(admin(), s.collateral, &MinerCollateral::setParamsCall { params: p }).expect("lower cap");
    let err: McErr = error_of(s.chain.send(v1, s.collateral, &MinerCollateral::executeSlashCall { slash_id: b }));
    assert_eq!(
        err,
        McErr::MinerCollateralSlashCapExceeded(evm::MinerCollateral::MinerCollateralSlashCapExceeded {
            amount: u(500 * E6),
            remainingInPeriod: U256::ZERO
        })
    );
    let mut huge = default_params();
    (huge.0, huge.2) = (U40::from((1u64 << 40) - 2), U40::from((1u64 << 40) - 2));
    let err: McErr = error_of(s.chain.send(admin(), s.collateral, &MinerCollateral::setParamsCall { params: huge }));
    assert_eq!(err, McErr::MinerCollateralInvalidParams(evm::MinerCollateral::MinerCollateralInvalidParams {}));
}

#[test]
fn f3_pause_is_an_emergency_brake_on_slashing() {
    let mut s = collateral(1_000 * E6);
    let [v1, v2, _] = validators();
    let sid = s.propose(v1, 10 * E6).expect("propose");
    s.chain.transact(admin(), s.collateral, &MinerCollateral::pauseCall {}).expect("pause");
    let err: McErr = error_of(s.approve(v2, sid));
    assert_eq!(err, McErr::EnforcedPause(evm::MinerCollateral::EnforcedPause {}));
    let counter = MinerCollateral::disputeSlashCall { slash_id: sid, counter_evidence_hash: B256::repeat_byte(1) };
    s.chain.transact(miner(), s.collateral, &counter).expect("disputes stay open");
}

// ----- 4. AdRevenue -----

#[test]
fn f4_creator_cut_remainder_is_carried() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    s.transfer_video(creator(), holder(), id).expect("sell");
    let cid = s.open(id, 9, 1_000_000).expect("open");
    for _ in 0..100 {
        s.chain.warp(1);
        s.settle(cid).expect("settle");
    }
    assert_eq!(s.claimable(id, creator()), u(90), "10% of 900");
    assert_eq!(s.claimable(id, holder()), u(810));
}

#[test]
fn f4_refractionalize_with_a_huge_supply() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    s.fractionalize(creator(), id, U256::ONE).expect("fractionalize");
    let cid = s.open(id, 1_000_000, 1_000_000_000).expect("open");
    s.chain.warp(1_000);
    s.settle(cid).expect("settle");
    s.chain.transact(creator(), s.shares, &VideoShares::redeemCall { video_id: id }).expect("redeem");
    let huge = U256::from(10u64).pow(U256::from(27));
    s.fractionalize(creator(), id, huge).expect("re-fractionalize");
    s.move_shares(creator(), holder(), id, huge / u(2)).expect("move half");
    assert_eq!(s.claimable(id, creator()), u(1_000_000_000));
    assert_eq!(s.claimable(id, holder()), U256::ZERO);
}

// ----- 5. VoteTally (and 9: the signature domain from the chain) -----

fn round(s: &mut Suite) -> U256 {
    let start = s.chain.now();
    let create = VoteTally::createRoundCall {
        candidate_ids: (1..=3).map(B256::repeat_byte).collect(),
        start: U40::from(start),
        end: U40::from(start + 100),
        mode: 0,
    };
    s.chain.send(admin(), s.tally, &create).expect("createRound")
}

#[test]
fn f5_front_run_entry_is_skipped_not_the_batch() {
    let mut s = Suite::new();
    let r = round(&mut s);
    let deadline = u(s.chain.now() as u128 + 60);
    let (alice, bob) = (Voter::new(7), Voter::new(8));
    let votes = vec![
        alice.vote(DEVNET_CHAIN_ID, s.tally, r, 0, U256::ZERO, deadline),
        bob.vote(DEVNET_CHAIN_ID, s.tally, r, 1, U256::ZERO, deadline),
    ];
    s.chain.transact(holder(), s.tally, &evm::VoteTally::voteBySigCall { v: votes[0].clone() }).expect("front-run");
    let results = s.chain.send(holder(), s.tally, &evm::VoteTally::voteBySigBatchCall { votes }).expect("batch");
    let dup = evm::VoteTally::VoteTallyAlreadyVoted { roundId: r, voter: alice.address }.abi_encode();
    assert_eq!(results, vec![alloy_primitives::Bytes::from(dup), alloy_primitives::Bytes::new()]);
    assert_eq!(s.chain.view(s.tally, &VoteTally::talliesCall { round_id: r }), [u(1), u(1), U256::ZERO]);
}

#[test]
fn f5_a_direct_double_vote_is_refused() {
    let mut s = Suite::new();
    let r = round(&mut s);
    s.chain.transact(holder(), s.tally, &VoteTally::voteCall { round_id: r, candidate: 0 }).expect("vote");
    let err: VtErr = error_of(s.chain.send(holder(), s.tally, &VoteTally::voteCall { round_id: r, candidate: 1 }));
    assert_eq!(
        err,
        VtErr::VoteTallyAlreadyVoted(evm::VoteTally::VoteTallyAlreadyVoted { roundId: r, voter: holder() })
    );
}

#[test]
fn f5_unrelayed_vote_does_not_block_later_ones_and_a_voter_can_withdraw_one() {
    let mut s = Suite::new();
    let (r1, r2) = (round(&mut s), round(&mut s));
    let alice = Voter::new(7);
    let deadline = u(s.chain.now() as u128 + 60);
    let _never_relayed = alice.vote(DEVNET_CHAIN_ID, s.tally, r1, 0, U256::ZERO, deadline);
    let later = alice.vote(DEVNET_CHAIN_ID, s.tally, r2, 0, U256::ZERO, deadline);
    s.chain.transact(holder(), s.tally, &evm::VoteTally::voteBySigCall { v: later }).expect("counted");
    let call = VoteTally::invalidateNoncesCall { word_pos: U256::ONE, mask: U256::ONE << 44 };
    s.chain.transact(alice.address, s.tally, &call).expect("withdraw nonce 300");
    let withdrawn = alice.vote(DEVNET_CHAIN_ID, s.tally, r1, 0, u(300), deadline);
    let err: VtErr = error_of(s.chain.send(holder(), s.tally, &evm::VoteTally::voteBySigCall { v: withdrawn }));
    assert_eq!(
        err,
        VtErr::VoteTallyNonceInvalidated(evm::VoteTally::VoteTallyNonceInvalidated {
            voter: alice.address,
            nonce: u(300)
        })
    );
}

#[test]
fn f5_duplicate_candidates_are_refused() {
    let mut s = Suite::new();
    let now = s.chain.now();
    let create = VoteTally::createRoundCall {
        candidate_ids: vec![hash(), B256::repeat_byte(2), hash()],
        start: U40::from(now),
        end: U40::from(now + 10),
        mode: 0,
    };
    let err: VtErr = error_of(s.chain.send(admin(), s.tally, &create));
    assert_eq!(
        err,
        VtErr::VoteTallyDuplicateCandidate(evm::VoteTally::VoteTallyDuplicateCandidate {
            candidate: hash(),
            first: U256::ZERO,
            second: u(2)
        })
    );
}

#[test]
fn f9_the_domain_is_the_chains_and_a_vote_for_another_chain_is_refused() {
    let mut s = Suite::new();
    let r = round(&mut s);
    let domain = s.chain.view(s.tally, &evm::VoteTally::eip712DomainCall {});
    assert_eq!(
        (domain.name.as_str(), domain.chainId, domain.verifyingContract),
        ("TensorFlix VoteTally", u(DEVNET_CHAIN_ID as u128), s.tally)
    );
    let alice = Voter::new(7);
    let deadline = u(s.chain.now() as u128 + 60);
    // Signed for the same contract address on an EVM chain (Avalanche's id): refused here.
    let for_avalanche = alice.vote(43_114, s.tally, r, 0, U256::ZERO, deadline);
    let err: VtErr = error_of(s.chain.send(holder(), s.tally, &evm::VoteTally::voteBySigCall { v: for_avalanche }));
    assert_eq!(
        err,
        VtErr::VoteTallyInvalidSignature(evm::VoteTally::VoteTallyInvalidSignature { voter: alice.address })
    );
    // And a vote signed for this Polkadot Hub deployment is refused by a tally on another chain id.
    let mut other = Suite::on(Chain::with_chain_id(43_114));
    let r_other = round(&mut other);
    let for_polkadot = alice.vote(DEVNET_CHAIN_ID, other.tally, r_other, 0, U256::ZERO, deadline);
    let err: VtErr =
        error_of(other.chain.send(holder(), other.tally, &evm::VoteTally::voteBySigCall { v: for_polkadot }));
    assert_eq!(
        err,
        VtErr::VoteTallyInvalidSignature(evm::VoteTally::VoteTallyInvalidSignature { voter: alice.address })
    );
    // v is 27 or 28 only, as OpenZeppelin accepts.
    let mut zero_one = alice.vote(DEVNET_CHAIN_ID, s.tally, r, 0, U256::ZERO, deadline);
    let mut raw = zero_one.signature.to_vec();
    raw[64] -= 27;
    zero_one.signature = raw.into();
    let err: VtErr = error_of(s.chain.send(holder(), s.tally, &evm::VoteTally::voteBySigCall { v: zero_one }));
    assert_eq!(
        err,
        VtErr::VoteTallyInvalidSignature(evm::VoteTally::VoteTallyInvalidSignature { voter: alice.address })
    );
    let good = alice.vote(DEVNET_CHAIN_ID, s.tally, r, 0, U256::ZERO, deadline);
    s.chain.transact(holder(), s.tally, &evm::VoteTally::voteBySigCall { v: good }).expect("counted");
}

// ----- 6. VideoShares -----

#[test]
fn f6_plain_transfer_to_shares_is_refused() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    let err: NftErr = error_of(s.transfer_video(creator(), s.shares, id));
    assert_eq!(err, NftErr::VideoNftUseSafeTransfer(evm::VideoNft::VideoNftUseSafeTransfer { shares: s.shares }));
}

// ----- 7. payouts to contracts -----

/// `call` sent by `wallet` (owned by `owner`) through `forward`.
fn through<C: SolCall>(
    s: &mut Suite,
    owner: Address,
    wallet: Address,
    target: Address,
    call: &C,
) -> Result<(), CallError> {
    let forward = TestWallet::forwardCall { target, data: call.abi_encode().into(), value: U256::ZERO };
    s.chain.transact(owner, wallet, &forward)
}

#[test]
fn f7_a_contract_caller_is_paid_through_a_named_recipient() {
    let mut s = Suite::new();
    let owner = Chain::account(8);
    let wallet = s.wallet(owner);
    let id = s.mint(creator(), hash());
    s.transfer_video(creator(), wallet, id).expect("the wallet buys the video");
    let cid = s.open(id, 10, 1_000).expect("open");
    s.chain.warp(100);
    s.settle(cid).expect("settle");
    let (ads, collateral) = (s.ads, s.collateral);
    // Paying the wallet itself runs its code with empty input, which traps and takes the call's
    // remaining weight with it: the claim fails outright, with no error data at all.
    let paid_to_self = through(&mut s, owner, wallet, ads, &AdRevenue::claimCall { video_id: id });
    assert_eq!(paid_to_self, Err(CallError::Reverted(Default::default())));
    let before = s.chain.balance(owner);
    through(&mut s, owner, wallet, ads, &AdRevenue::claimToCall { video_id: id, to: owner }).expect("claimTo");
    assert_eq!(s.chain.balance(owner) - before, u(900), "paid to the named recipient");

    // The same for collateral: the wallet bonds, unbonds, and withdraws to its owner.
    s.chain.fund(wallet, 1_000_000);
    let deposit = MinerCollateral::depositCall { amount: 1_000 };
    let forward = TestWallet::forwardCall { target: collateral, data: deposit.abi_encode().into(), value: u(1_000) };
    s.chain.transact(owner, wallet, &forward).expect("the wallet bonds");
    through(&mut s, owner, wallet, collateral, &MinerCollateral::requestWithdrawalCall { amount: 1_000 })
        .expect("unbond");
    s.chain.warp(7 * DAY);
    let paid_to_self = through(&mut s, owner, wallet, collateral, &MinerCollateral::withdrawCall {});
    assert_eq!(paid_to_self, Err(CallError::Reverted(Default::default())));
    let before = s.chain.balance(owner);
    through(&mut s, owner, wallet, collateral, &MinerCollateral::withdrawToCall { to: owner }).expect("withdrawTo");
    assert_eq!(s.chain.balance(owner) - before, u(1_000));
}

// ----- 10. error parity -----

#[test]
fn f10_receiver_reverts_bubble_up_and_a_refusal_without_data_is_invalid_receiver() {
    let mut s = Suite::new();
    let owner = Chain::account(8);
    let wallet = s.wallet(owner);
    let id = s.mint(creator(), hash());
    let safe = VideoNft::safeTransferFromCall { from: creator(), to: wallet, token_id: id, data: Default::default() };
    s.chain.transact(owner, wallet, &TestWallet::setAnswerCall { answer: 1 }).expect("refuse with data");
    let err = s.chain.transact(creator(), s.nft, &safe).expect_err("refused");
    assert_eq!(
        err.decode::<TestWallet::TestWalletErrors>(),
        Some(TestWallet::TestWalletErrors::WalletRefused(TestWallet::WalletRefused {}))
    );
    s.chain.transact(owner, wallet, &TestWallet::setAnswerCall { answer: 2 }).expect("refuse without data");
    let err: NftErr = error_of(s.chain.send(creator(), s.nft, &safe));
    assert_eq!(err, NftErr::ERC721InvalidReceiver(evm::VideoNft::ERC721InvalidReceiver { receiver: wallet }));
    s.chain.transact(owner, wallet, &TestWallet::setAnswerCall { answer: 0 }).expect("accept");
    s.chain.transact(creator(), s.nft, &safe).expect("accepted");
}

#[test]
fn f10_redeem_propagates_the_nfts_error() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    s.fractionalize(creator(), id, u(10)).expect("fractionalize");
    s.chain.transact(admin(), s.nft, &VideoNft::pauseCall {}).expect("pause the collection");
    let err: NftErr = error_of(s.chain.send(creator(), s.shares, &VideoShares::redeemCall { video_id: id }));
    assert_eq!(err, NftErr::EnforcedPause(evm::VideoNft::EnforcedPause {}));
}

#[test]
fn f10_overflow_is_panic_0x11() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    let err = s
        .chain
        .send(holder(), s.nft, &VideoNft::royaltyInfoCall { video_id: id, sale_price: U256::MAX })
        .expect_err("overflow");
    let panic = [keccak256("Panic(uint256)")[..4].to_vec(), u(0x11).abi_encode()].concat();
    assert_eq!(err, CallError::Reverted(panic.into()), "Solidity's Panic(0x11)");
}

#[test]
fn f10_approvals_and_operators_fail_as_in_openzeppelin() {
    let mut s = Suite::new();
    let id = s.mint(creator(), hash());
    let err: NftErr = error_of(s.chain.send(holder(), s.nft, &VideoNft::approveCall { to: holder(), token_id: id }));
    assert_eq!(err, NftErr::ERC721InvalidApprover(evm::VideoNft::ERC721InvalidApprover { approver: holder() }));
    let err: NftErr = error_of(s.chain.send(
        holder(),
        s.nft,
        &VideoNft::setApprovalForAllCall { operator: Address::ZERO, approved: true },
    ));
    assert_eq!(err, NftErr::ERC721InvalidOperator(evm::VideoNft::ERC721InvalidOperator { operator: Address::ZERO }));
    // An operator moves the video; an approval is cleared by the transfer.
    s.chain
        .transact(creator(), s.nft, &VideoNft::setApprovalForAllCall { operator: admin(), approved: true })
        .expect("operator");
    s.chain.transact(admin(), s.nft, &VideoNft::approveCall { to: holder(), token_id: id }).expect("operator approves");
    s.chain
        .transact(holder(), s.nft, &VideoNft::transferFromCall { from: creator(), to: holder(), token_id: id })
        .expect("approved moves");
    assert_eq!(s.chain.view(s.nft, &VideoNft::getApprovedCall { token_id: id }), Address::ZERO, "cleared");
    assert_eq!(s.chain.view(s.nft, &VideoNft::ownerOfCall { token_id: id }), holder());
    let err: NftErr = error_of(s.transfer_video(creator(), admin(), id));
    assert_eq!(
        err,
        NftErr::ERC721InsufficientApproval(evm::VideoNft::ERC721InsufficientApproval {
            operator: creator(),
            tokenId: id
        })
    );
}

#[test]
fn f10_access_errors_carry_the_role_and_the_organizer_change_emits_an_event() {
    let mut s = Suite::new();
    let err: NftErr =
        error_of(s.chain.send(holder(), s.nft, &VideoNft::reserveCall { video_id: U256::ONE, creator: holder() }));
    assert_eq!(
        err,
        NftErr::AccessControlUnauthorizedAccount(evm::VideoNft::AccessControlUnauthorizedAccount {
            account: holder(),
            neededRole: keccak256("REGISTRAR_ROLE")
        })
    );
    let err: McErr =
        error_of(s.chain.send(holder(), s.collateral, &MinerCollateral::addValidatorCall { validator: holder() }));
    assert_eq!(
        err,
        McErr::AccessControlUnauthorizedAccount(evm::MinerCollateral::AccessControlUnauthorizedAccount {
            account: holder(),
            neededRole: keccak256("VALIDATOR_MANAGER_ROLE")
        })
    );
    s.chain.take_logs();
    s.chain
        .transact(admin(), s.tally, &VoteTally::setOrganizerCall { account: holder(), enabled: true })
        .expect("grant");
    let granted: Vec<evm::VoteTally::VoteTallyEvents> = s.events(s.tally);
    assert_eq!(
        granted,
        [evm::VoteTally::VoteTallyEvents::RoleGranted(evm::VoteTally::RoleGranted {
            role: keccak256("ORGANIZER_ROLE"),
            account: holder(),
            sender: admin()
        })]
    );
}

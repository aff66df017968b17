//! The StudioRouter's artifact on pallet-revive, test for test as
//! `contracts/evm/test/StudioRouter.t.sol`: two chains, each a runtime of its own with the whole ink!
//! suite, its Mailbox and its router, 2-of-3 attesters, every message carried between them as the
//! relayer carries it (the `Dispatched` log on one, `deliver` with two signatures on the other). The
//! router is driven through the Solidity router's ABI.

use alloy_primitives::aliases::U40;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::{SolCall, SolConstructor, SolError, SolEvent, SolValue};
use k256::ecdsa::SigningKey;
use tfx_ink_sandbox::abi::evm::Mailbox;
use tfx_ink_sandbox::abi::evm::router::{IStudioRouter, StudioRouter};
use tfx_ink_sandbox::abi::{AdRevenue, MinerCollateral, VideoNft, VoteTally, evm};
use tfx_ink_sandbox::suite::{
    DAY, E6, PLAYBACK, Suite, admin, advertiser, attester_keys, creator, holder, miner, sign_digest, validators,
};
use tfx_ink_sandbox::{CallError, Chain};

const A: u64 = 43114;
const B: u64 = 1;
const HASH: B256 = B256::repeat_byte(0xab);

fn reverted(e: impl SolError) -> CallError {
    CallError::Reverted(e.abi_encode().into())
}

fn squatter() -> Address {
    Chain::account(8)
}

fn policy() -> IStudioRouter::Policy {
    IStudioRouter::Policy {
        valuationStep: U256::from(1_000),
        valuationInterval: U40::from(3_600),
        freezeWindow: U40::from(3 * DAY),
        freezePeriod: U40::from(DAY),
        maxFreezesPerPeriod: 1,
    }
}

/// One chain: the suite, its Mailbox and its router, wired as the deploy plan wires them.
struct Side {
    s: Suite,
    mailbox: Address,
    router: Address,
}

impl Side {
    fn new(chain_id: u64, attesters: Vec<Address>) -> Self {
        let mut s = Suite::on(Chain::with_chain_id(chain_id));
        let a = admin();
        let mailbox = s
            .chain
            .deploy(a, Chain::artifact("mailbox"), Mailbox::constructorCall { governor: a }.abi_encode(), U256::ZERO)
            .expect("Mailbox");
        let args = StudioRouter::constructorCall {
            mailbox_: mailbox,
            videos_: s.nft,
            votes_: s.tally,
            revenue_: s.ads,
            collateral_: s.collateral,
            policy_: policy(),
            governor: a,
        }
        .abi_encode();
        let router = s.chain.deploy(a, Chain::artifact("studio_router"), args, U256::ZERO).expect("StudioRouter");
        let c = &mut s.chain;
        c.transact(a, mailbox, &Mailbox::setRecipientCall { newRecipient: router }).expect("recipient");
        c.transact(a, mailbox, &Mailbox::rotateAttestersCall { attesters, newThreshold: 2 }).expect("set");
        c.transact(a, s.nft, &VideoNft::setRegistrarCall { registrar: router }).expect("registrar");
        c.transact(a, s.collateral, &MinerCollateral::setFreezerCall { freezer: router }).expect("freezer");
        c.take_logs();
        Self { s, mailbox, router }
    }

    fn enroll(&mut self, origin: u64, router: Address) {
        let sender = B256::left_padding_from(router.as_slice());
        let call = Mailbox::enrollRemoteSenderCall { origin, sender };
        self.s.chain.transact(admin(), self.mailbox, &call).expect("enroll");
    }

    fn send<C: SolCall>(&mut self, from: Address, call: &C) -> Result<C::Return, CallError> {
        self.s.chain.send(from, self.router, call)
    }

    fn view<C: SolCall>(&mut self, call: &C) -> C::Return {
        self.s.chain.view(self.router, call)
    }

    /// The message of the last `Dispatched` since the last look at the logs.
    fn dispatched(&mut self) -> Bytes {
        let logs = self.s.chain.take_logs();
        logs.iter()
            .rev()
            .find_map(|l| Mailbox::Dispatched::decode_log(l).ok())
            .expect("nothing dispatched")
            .message
            .clone()
    }
}

/// StudioRouter.t.sol's `setUp`: chains A and B, each router enrolled as the other's sender.
struct Two {
    a: Side,
    b: Side,
    keys: Vec<(SigningKey, Address)>,
}

impl Two {
    fn new() -> Self {
        let keys = attester_keys(1, 3);
        let set: Vec<_> = keys.iter().map(|(_, a)| *a).collect();
        let (mut a, mut b) = (Side::new(A, set.clone()), Side::new(B, set));
        a.enroll(B, b.router);
        b.enroll(A, a.router);
        Self { a, b, keys }
    }

    /// Both chains' clocks move together, as one EVM's does in the Solidity test.
    fn warp(&mut self, secs: u64) {
        self.a.s.chain.warp(secs);
        self.b.s.chain.warp(secs);
    }

    /// Signatures of attesters 0 and 2 for `message` on B.
    fn signed(&mut self, message: &Bytes) -> Vec<Bytes> {
        let call = Mailbox::attestationDigestCall { id: keccak256(message), version: 1 };
        let digest = self.b.s.chain.view(self.b.mailbox, &call);
        [0, 2].iter().map(|&i| sign_digest(&self.keys[i].0, digest)).collect()
    }

    /// Delivers `message` on B with `signatures`, as the relayer does.
    fn deliver(&mut self, message: &Bytes, signatures: Vec<Bytes>) -> Result<(), CallError> {
        let call = Mailbox::deliverCall { message: message.clone(), version: 1, signatures };
        self.b.s.chain.transact(Chain::account(9), self.b.mailbox, &call)
    }

    /// Carries `message` to B with two attesters' signatures.
    fn carry(&mut self, message: &Bytes) {
        let signatures = self.signed(message);
        self.deliver(message, signatures).expect("deliver");
    }
}

// ----- VideoRegistered -----

/// Mints `HASH` on `side` as the fixture's creator does (commit, wait, reveal).
fn mint_on(two: &mut Two, on_a: bool) -> U256 {
    let side = if on_a { &mut two.a } else { &mut two.b };
    side.s.commit(creator(), HASH).expect("commit");
    two.warp(tfx_ink_sandbox::suite::COMMIT_MIN_AGE);
    let side = if on_a { &mut two.a } else { &mut two.b };
    side.s.reveal(creator(), HASH, 500).expect("mint")
}

fn mint_call(salt: B256) -> VideoNft::mintCall {
    VideoNft::mintCall { content_hash: HASH, playback_id: PLAYBACK.into(), royalty_bps: 500, salt }
}

#[test]
fn registration_reserves_the_id_for_its_creator_on_the_other_chain() {
    let mut t = Two::new();
    let id = mint_on(&mut t, true);
    t.a.send(holder(), &StudioRouter::registerVideoCall { videoId: id, destination: B }).expect("register");
    let m = t.a.dispatched();
    t.carry(&m);

    let b = &mut t.b;
    assert_eq!(b.s.chain.view(b.s.nft, &VideoNft::reservationOfCall { video_id: id }), creator(), "reserved on B");
    let r = b.view(&StudioRouter::registrationOfCall { videoId: id });
    assert_eq!((r.homeChain, r.creator, r.royaltyBps), (A, creator(), 500));
    // A squatter who saw the content hash on A cannot mint it on B ...
    let squat = b.s.chain.send(squatter(), b.s.nft, &mint_call(B256::ZERO));
    assert_eq!(squat, Err(reverted(evm::VideoNft::VideoNftReserved { videoId: id, creator: creator() })));
    // ... its creator mints the twin there without a commitment ...
    b.s.chain.send(creator(), b.s.nft, &mint_call(B256::ZERO)).expect("twin minted");
    assert_eq!(b.s.chain.view(b.s.nft, &VideoNft::ownerOfCall { token_id: id }), creator());
    // ... and the twin is not a home video: only A registers it.
    let again = b.send(holder(), &StudioRouter::registerVideoCall { videoId: id, destination: A });
    assert_eq!(again, Err(reverted(StudioRouter::StudioRouterNotHomeVideo { videoId: id })));
    assert!(t.a.send(holder(), &StudioRouter::registerVideoCall { videoId: id, destination: B }).is_err(), "sent once");
}

#[test]
fn registration_after_a_squat_mint_is_recorded_and_still_delivered() {
    let mut t = Two::new();
    t.b.s.commit(squatter(), HASH).expect("commit");
    t.warp(tfx_ink_sandbox::suite::COMMIT_MIN_AGE);
    let id = t.b.s.reveal(squatter(), HASH, 500).expect("squat");
    mint_on(&mut t, true);
    let mid = t.a.send(holder(), &StudioRouter::registerVideoCall { videoId: id, destination: B }).expect("register");
    let m = t.a.dispatched();
    t.b.s.chain.take_logs();
    t.carry(&m);
    let logs = t.b.s.chain.take_logs();
    let received = logs
        .iter()
        .filter(|l| l.address == t.b.router)
        .find_map(|l| StudioRouter::VideoRegistrationReceived::decode_log(l).ok())
        .expect("VideoRegistrationReceived");
    assert_eq!(
        (
            received.videoId,
            received.homeChain,
            received.creator,
            received.royaltyBps,
            received.reserved,
            received.mintedBy
        ),
        (id, A, creator(), 500, false, squatter())
    );
    assert!(t.b.s.chain.view(t.b.mailbox, &Mailbox::deliveredCall { id: mid }), "delivered, not stuck");
    assert_eq!(t.b.view(&StudioRouter::registrationOfCall { videoId: id }).homeChain, 0, "the squat is no twin");
}

#[test]
fn registration_only_of_minted_videos() {
    let mut t = Two::new();
    let call = StudioRouter::registerVideoCall { videoId: U256::from_be_bytes(HASH.0), destination: B };
    assert!(t.a.send(holder(), &call).is_err());
}

// ----- VoteResult -----

#[test]
fn vote_result_is_mirrored() {
    let mut t = Two::new();
    let (tally, now) = (t.a.s.tally, t.a.s.chain.now());
    let create = VoteTally::createRoundCall {
        candidate_ids: vec![keccak256("one"), keccak256("two")],
        start: U40::ZERO,
        end: U40::from(now + 100),
        mode: 0,
    };
    let rid = t.a.s.chain.send(admin(), tally, &create).expect("createRound");
    t.a.s.chain.transact(holder(), tally, &VoteTally::voteCall { round_id: rid, candidate: 1 }).expect("vote");
    let early = t.a.send(holder(), &StudioRouter::publishVoteResultCall { roundId: rid, destination: B });
    assert_eq!(early, Err(reverted(StudioRouter::StudioRouterRoundNotFinal { roundId: rid })));
    t.warp(100);
    t.a.s.chain.transact(holder(), tally, &VoteTally::finalizeCall { round_id: rid }).expect("finalize");
    t.a.s.chain.roll(77);
    t.a.send(holder(), &StudioRouter::publishVoteResultCall { roundId: rid, destination: B }).expect("publish");
    let m = t.a.dispatched();
    t.carry(&m);
    let r = t.b.view(&StudioRouter::remoteRoundCall { origin: A, roundId: rid });
    let tallies = t.a.s.chain.view(tally, &VoteTally::talliesCall { round_id: rid });
    assert_eq!(r.winner, 1, "winner");
    assert_eq!(r.totalWeight, U256::from(1), "total");
    assert_eq!(r.talliesHash, keccak256(tallies.abi_encode()), "tallies hash");
    assert_eq!(r.sourceBlock, 77, "source block");
    assert!(t.a.send(holder(), &StudioRouter::publishVoteResultCall { roundId: rid, destination: B }).is_err());
}

// ----- Valuation -----

fn earn(t: &mut Two, id: U256, secs: u64) {
    t.warp(secs);
    t.a.s.chain.transact(holder(), t.a.s.ads, &AdRevenue::settleVideoCall { video_id: id }).expect("settle");
}

#[test]
fn valuation_global_figure_and_publishing_policy() {
    let mut t = Two::new();
    let id = mint_on(&mut t, true);
    t.a.s.open(id, 10, 1_000_000).expect("campaign");
    earn(&mut t, id, 200); // 2,000
    let publish = StudioRouter::publishValuationCall { videoId: id, destination: B };
    t.a.send(holder(), &publish).expect("first");
    let first = t.a.dispatched();
    earn(&mut t, id, 50); // 2,500: grew by 500 < step, and within the interval
    let not_due = StudioRouter::StudioRouterValuationNotDue {
        videoId: id,
        destination: B,
        cumulative: U256::from(2_500),
        lastSent: U256::from(2_000),
    };
    assert_eq!(t.a.send(holder(), &publish), Err(reverted(not_due)));
    earn(&mut t, id, 50); // 3,000: grew by the step
    t.a.s.chain.roll(6);
    t.a.send(holder(), &publish).expect("second");
    let second = t.a.dispatched();

    // Delivered out of order: the newer figure stands.
    t.carry(&second);
    t.b.s.chain.take_logs();
    t.carry(&first);
    let logs = t.b.s.chain.take_logs();
    let stale = logs.iter().find_map(|l| StudioRouter::ValuationReceived::decode_log(l).ok()).expect("received");
    assert_eq!(
        (stale.videoId, stale.origin, stale.cumulativeRevenue, stale.sourceBlock, stale.applied),
        (id, A, U256::from(2_000), 1, false)
    );
    let g = t.b.view(&StudioRouter::globalValuationCall { videoId: id });
    assert_eq!(g.local, U256::ZERO, "nothing earned on B");
    assert_eq!(g.remote.len(), 1, "one other chain");
    assert_eq!((g.remote[0].chain, g.remote[0].cumulativeRevenue), (A, U256::from(3_000)), "A's newest");
    assert_eq!(g.total, U256::from(3_000), "global");

    earn(&mut t, id, 1); // grew by 10 only, but an hour later it is due anyway
    t.warp(3_600);
    t.a.send(holder(), &publish).expect("due by time");
}

// ----- SlashNotice -----

/// A slash of `amount` proposed, approved and executed on A; its id.
fn slash_on_a(t: &mut Two, amount: u128) -> U256 {
    let [v1, v2, _] = validators();
    let collateral = t.a.s.collateral;
    let deposit = MinerCollateral::depositCall { amount };
    t.a.s.chain.send_value(miner(), collateral, &deposit, U256::from(amount)).expect("deposit");
    let propose = MinerCollateral::proposeSlashCall {
        miner: miner(),
        amount,
        reason: tfx_ink_sandbox::suite::BOT_ENGAGEMENT,
        evidence_hash: keccak256("evidence"),
    };
    let sid = t.a.s.chain.send(v1, collateral, &propose).expect("propose");
    t.a.s.chain.transact(v2, collateral, &MinerCollateral::approveSlashCall { slash_id: sid }).expect("approve");
    t.warp(2 * DAY);
    t.a.s.chain.transact(v1, collateral, &MinerCollateral::executeSlashCall { slash_id: sid }).expect("execute");
    sid
}

#[test]
fn slash_notice_freezes_withdrawals_on_the_other_chain_for_a_bounded_window() {
    let mut t = Two::new();
    let collateral = t.b.s.collateral;
    let deposit = MinerCollateral::depositCall { amount: 500 * E6 };
    t.b.s.chain.send_value(miner(), collateral, &deposit, U256::from(500 * E6)).expect("deposit on B");
    let unbond = MinerCollateral::requestWithdrawalCall { amount: 500 * E6 };
    t.b.s.chain.transact(miner(), collateral, &unbond).expect("unbond on B");

    // Caught on A a day before its unbonding on B completes.
    t.warp(4 * DAY);
    let sid = slash_on_a(&mut t, 100 * E6);
    t.a.send(holder(), &StudioRouter::publishSlashCall { slashId: sid, destination: B }).expect("publish");
    let m = t.a.dispatched();
    t.carry(&m);
    let until = t.b.s.chain.now() + 3 * DAY;
    let b = &mut t.b.s.chain;
    let frozen = b.view(collateral, &evm::MinerCollateral::frozenUntilCall { miner: miner() });
    assert_eq!(frozen, U40::from(until), "frozen");
    let release = b.view(collateral, &evm::MinerCollateral::bondOfCall { miner: miner() }).releaseAt;
    b.set_time(release.to::<u64>());
    assert!(b.now() < until, "released, but still frozen");
    let early = b.transact(miner(), collateral, &MinerCollateral::withdrawCall {});
    assert_eq!(early, Err(reverted(evm::MinerCollateral::MinerCollateralFrozen { until })));
    b.set_time(until);
    b.transact(miner(), collateral, &MinerCollateral::withdrawCall {}).expect("the freeze lifted by itself");
    assert_eq!(b.view(collateral, &MinerCollateral::totalWithdrawnCall {}), U256::from(500 * E6));
}

#[test]
fn slash_notice_over_the_rate_limit_is_refused_until_the_next_period() {
    let mut t = Two::new();
    let first = slash_on_a(&mut t, 10 * E6);
    let second = slash_on_a(&mut t, 10 * E6);
    t.a.send(holder(), &StudioRouter::publishSlashCall { slashId: first, destination: B }).expect("first");
    let m1 = t.a.dispatched();
    t.a.send(holder(), &StudioRouter::publishSlashCall { slashId: second, destination: B }).expect("second");
    let m2 = t.a.dispatched();
    t.carry(&m1);
    let signatures = t.signed(&m2);
    let period = t.b.s.chain.now() / DAY;
    let limited = StudioRouter::StudioRouterFreezeRateLimited { origin: A, period: U256::from(period) };
    assert_eq!(t.deliver(&m2, signatures.clone()), Err(reverted(limited)));
    assert!(!t.b.s.chain.view(t.b.mailbox, &Mailbox::deliveredCall { id: keccak256(&m2) }), "deliverable later");
    let next = (period + 1) * DAY;
    t.a.s.chain.set_time(next);
    t.b.s.chain.set_time(next);
    t.deliver(&m2, signatures).expect("the next period");
    let used = t.b.view(&StudioRouter::freezesInCall { origin: A, period: U256::from(period + 1) });
    assert_eq!(used, U256::from(1), "counted in its period");
}

#[test]
fn slash_notice_only_of_executed_slashes() {
    let mut t = Two::new();
    let [v1, ..] = validators();
    let collateral = t.a.s.collateral;
    let deposit = MinerCollateral::depositCall { amount: 10 * E6 };
    t.a.s.chain.send_value(miner(), collateral, &deposit, U256::from(10 * E6)).expect("deposit");
    let propose = MinerCollateral::proposeSlashCall {
        miner: miner(),
        amount: 10 * E6,
        reason: tfx_ink_sandbox::suite::BOT_ENGAGEMENT,
        evidence_hash: keccak256("e"),
    };
    let sid = t.a.s.chain.send(v1, collateral, &propose).expect("propose");
    let early = t.a.send(holder(), &StudioRouter::publishSlashCall { slashId: sid, destination: B });
    assert_eq!(early, Err(reverted(StudioRouter::StudioRouterSlashNotExecuted { slashId: sid })));
}

// ----- handlers and policy -----

#[test]
fn handle_only_from_the_mailbox() {
    let mut t = Two::new();
    let body = (miner(), U256::from(1), U256::from(1), B256::ZERO).abi_encode_params();
    let stranger = advertiser();
    let call = StudioRouter::handleCall { origin: B, messageType: 4, body: body.into() };
    assert_eq!(
        t.a.s.chain.transact(stranger, t.a.router, &call),
        Err(reverted(StudioRouter::StudioRouterNotMailbox { caller: stranger }))
    );
    let freeze = MinerCollateral::freezeWithdrawalsCall { miner: miner(), until: U40::from(1) };
    let denied = evm::MinerCollateral::AccessControlUnauthorizedAccount {
        account: miner(),
        neededRole: keccak256("FREEZER_ROLE"),
    };
    assert_eq!(t.a.s.chain.transact(miner(), t.a.s.collateral, &freeze), Err(reverted(denied)));
    let reserve = VideoNft::reserveCall { video_id: U256::from(1), creator: miner() };
    let denied =
        evm::VideoNft::AccessControlUnauthorizedAccount { account: miner(), neededRole: keccak256("REGISTRAR_ROLE") };
    assert_eq!(t.a.s.chain.transact(miner(), t.a.s.nft, &reserve), Err(reverted(denied)));
}

#[test]
fn policy_is_bounded_and_set_by_the_governor_only() {
    let mut t = Two::new();
    let mut p = policy();
    p.freezeWindow = U40::from(366 * DAY);
    assert_eq!(
        t.a.s.chain.transact(admin(), t.a.router, &StudioRouter::setPolicyCall { policy_: p.clone() }),
        Err(reverted(StudioRouter::StudioRouterInvalidPolicy {}))
    );
    p.freezeWindow = U40::from(DAY);
    let denied =
        StudioRouter::AccessControlUnauthorizedAccount { account: holder(), neededRole: keccak256("GOVERNOR_ROLE") };
    let by_holder = t.a.s.chain.transact(holder(), t.a.router, &StudioRouter::setPolicyCall { policy_: p.clone() });
    assert_eq!(by_holder, Err(reverted(denied)));
    t.a.send(admin(), &StudioRouter::setPolicyCall { policy_: p }).expect("governor");
    assert_eq!(t.a.view(&StudioRouter::policyCall {}).freezeWindow, U40::from(DAY));
}

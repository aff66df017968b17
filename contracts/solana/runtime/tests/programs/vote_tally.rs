//! VoteTally in the Agave runtime, test for test with `contracts/evm/test/VoteTally.t.sol`.
//!
//! Where the EVM suite signs an EIP-712 vote for a relayer, Solana's voter signs the transaction
//! and the relayer pays its fee: the `relayed_*` tests are the `voteBySig` ones. EVM's unknown
//! round is Anchor's `AccountNotInitialized`: the round's PDA does not exist.

use anchor_lang::error::ErrorCode as AnchorError;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;
use tfx_solana_runtime::vote_tally as vt;
use tfx_solana_runtime::{Failed, Runtime, assert_fails_with};
use tfx_vote_tally::{
    Ballot, NO_WINNER, Round, RoundCreated, RoundFinalized, SignedVoteRejected, VoteCast, VoteTallyError, WeightMode,
};

const DAY: i64 = 86_400;

struct Suite {
    rt: Runtime,
    admin: Keypair,
    alice: Keypair,
    bob: Keypair,
    mint: anchor_lang::prelude::Pubkey,
    next_round: u64,
}

/// `n` distinct non-zero candidate ids.
fn candidates(n: usize) -> Vec<[u8; 32]> {
    (0..n as u64)
        .map(|i| {
            let mut id = [0xCA; 32];
            id[..8].copy_from_slice(&i.to_le_bytes());
            id
        })
        .collect()
}

impl Suite {
    fn new() -> Self {
        let mut rt = Runtime::new();
        rt.set_time(1_800_000_000);
        let admin = rt.funded();
        let (alice, bob) = (rt.funded(), rt.funded());
        let mint = rt.create_mint(&admin, 9).expect("mint");
        rt.send(&[vt::initialize(&admin.pubkey(), &mint)], &[&admin]).expect("initialize");
        Self { rt, admin, alice, bob, mint, next_round: 1 }
    }

    fn now(&self) -> i64 {
        self.rt.clock().unix_timestamp
    }

    fn create_with(&mut self, n: usize, start: i64, end: i64, mode: WeightMode) -> Result<u64, Failed> {
        let admin = self.admin.pubkey();
        let ix = vt::create_round(&admin, &admin, self.next_round, candidates(n), start, end, mode);
        self.rt.send(&[ix], &[&self.admin])?;
        self.next_round += 1;
        Ok(self.next_round - 1)
    }

    fn create(&mut self, mode: WeightMode) -> u64 {
        let now = self.now();
        self.create_with(3, now, now + DAY, mode).expect("create round")
    }

    fn vote(&mut self, voter: &Keypair, round: u64, candidate: u32, staked: bool) -> Result<Vec<VoteCast>, Failed> {
        let ix = vt::vote(&voter.pubkey(), &voter.pubkey(), round, candidate, staked);
        Ok(self.rt.send(&[ix], &[voter])?.events())
    }

    fn round(&self, id: u64) -> Round {
        self.rt.account(&vt::round(id)).expect("round account")
    }

    fn stake(&mut self, who: &Keypair, amount: u64) {
        let tokens = self.rt.create_token_account(who, &self.mint, &who.pubkey()).expect("token account");
        self.rt.mint_to(&self.admin, &self.mint, &tokens, amount).expect("mint_to");
        let ix = vt::stake(&who.pubkey(), &self.mint, &tokens, amount);
        self.rt.send(&[ix], &[who]).expect("stake");
    }
}

#[test]
fn create_round_emits_and_stores() {
    let mut s = Suite::new();
    let now = s.now();
    let admin = s.admin.pubkey();
    let ix = vt::create_round(&admin, &admin, 1, candidates(3), now, now + DAY, WeightMode::OneAccountOneVote);
    let sent = s.rt.send(&[ix], &[&s.admin]).expect("create");
    let created: Vec<RoundCreated> = sent.events();
    assert_eq!(created.len(), 1);
    let e = &created[0];
    assert_eq!((e.round_id, e.organizer, e.start, e.end), (1, admin, now, now + DAY));
    assert_eq!((e.mode, &e.candidates), (WeightMode::OneAccountOneVote, &candidates(3)));
    let r = s.round(1);
    assert_eq!(r.candidates.len(), 3, "count");
    assert_eq!(r.candidates[2], candidates(3)[2], "candidate");
    assert_eq!(r.winner, NO_WINNER, "no winner yet");
}

#[test]
fn create_round_rejects_bad_input() {
    let mut s = Suite::new();
    let t = s.now();
    let one = WeightMode::OneAccountOneVote;
    assert_fails_with(s.create_with(1, t, t + 1, one), VoteTallyError::InvalidCandidates);
    assert_fails_with(s.create_with(65, t, t + 1, one), VoteTallyError::InvalidCandidates);
    let admin = s.admin.pubkey();
    let mut zero = candidates(2);
    zero[1] = [0; 32];
    let ix = vt::create_round(&admin, &admin, 1, zero, t, t + 1, one);
    assert_fails_with(s.rt.send(&[ix], &[&s.admin]), VoteTallyError::InvalidCandidates);
    let mut dup = candidates(3);
    dup[2] = dup[0];
    let ix = vt::create_round(&admin, &admin, 1, dup, t, t + 1, one);
    assert_fails_with(s.rt.send(&[ix], &[&s.admin]), VoteTallyError::DuplicateCandidate);
    assert_fails_with(s.create_with(2, t - 5, t - 1, one), VoteTallyError::InvalidWindow);
    assert_fails_with(s.create_with(2, t, t, one), VoteTallyError::InvalidWindow);
}

#[test]
fn create_round_past_start_opens_now() {
    let mut s = Suite::new();
    let t = s.now();
    let id = s.create_with(2, t - 100, t + 10, WeightMode::OneAccountOneVote).expect("create");
    assert_eq!(s.round(id).start, t, "clamped to now");
}

#[test]
fn create_round_only_organizer() {
    let mut s = Suite::new();
    let t = s.now();
    let alice = s.alice.pubkey();
    let ix = vt::create_round(&alice, &alice, 1, candidates(2), t, t + 1, WeightMode::OneAccountOneVote);
    assert_fails_with(s.rt.send(std::slice::from_ref(&ix), &[&s.alice]), AnchorError::AccountNotInitialized);
    // A non-admin cannot grant itself the role.
    let grant = vt::grant_organizer(&alice, &alice);
    assert_fails_with(s.rt.send(&[grant], &[&s.alice]), VoteTallyError::Unauthorized);
    s.rt.send(&[vt::grant_organizer(&s.admin.pubkey(), &alice)], &[&s.admin]).expect("grant");
    s.rt.send(std::slice::from_ref(&ix), &[&s.alice]).expect("an organizer creates rounds");
    s.rt.send(&[vt::revoke_organizer(&s.admin.pubkey(), &alice)], &[&s.admin]).expect("revoke");
    let ix = vt::create_round(&alice, &alice, 2, candidates(2), t, t + 1, WeightMode::OneAccountOneVote);
    assert_fails_with(s.rt.send(&[ix], &[&s.alice]), AnchorError::AccountNotInitialized);
}

#[test]
fn vote_counts_once() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let alice = s.alice.insecure_clone();
    let cast = s.vote(&alice, id, 1, false).expect("vote");
    assert_eq!(cast.len(), 1);
    assert_eq!((cast[0].round_id, cast[0].voter, cast[0].candidate, cast[0].weight), (id, alice.pubkey(), 1, 1));
    let ballot: Ballot = s.rt.account(&vt::ballot(id, &alice.pubkey())).expect("ballot");
    assert!(ballot.cast, "voted");
    assert_eq!(s.round(id).tallies[1], 1, "tally");
    assert_fails_with(s.vote(&alice, id, 2, false), VoteTallyError::AlreadyVoted);
}

#[test]
fn vote_rejects_unknown_round_and_candidate() {
    let mut s = Suite::new();
    let alice = s.alice.insecure_clone();
    assert_fails_with(s.vote(&alice, 9, 0, false), AnchorError::AccountNotInitialized);
    let id = s.create(WeightMode::OneAccountOneVote);
    assert_fails_with(s.vote(&alice, id, 3, false), VoteTallyError::UnknownCandidate);
}

#[test]
fn vote_respects_window() {
    let mut s = Suite::new();
    let t = s.now();
    let id = s.create_with(2, t + 10, t + 20, WeightMode::OneAccountOneVote).expect("create");
    let alice = s.alice.insecure_clone();
    assert_fails_with(s.vote(&alice, id, 0, false), VoteTallyError::NotStarted);
    s.rt.advance(20);
    assert_fails_with(s.vote(&alice, id, 0, false), VoteTallyError::Ended);
}

#[test]
fn vote_stake_weighted_uses_snapshot() {
    let mut s = Suite::new();
    let alice = s.alice.insecure_clone();
    s.stake(&alice, 40_000_000_000);
    s.rt.advance(1);
    let id = s.create(WeightMode::StakeWeighted);
    // Stake added after the round opened does not count.
    s.stake(&alice, 60_000_000_000);
    s.rt.advance(1);
    s.vote(&alice, id, 0, true).expect("vote");
    assert_eq!(s.round(id).tallies[0], 40_000_000_000, "snapshot weight");
    let bob = s.bob.insecure_clone();
    assert_fails_with(s.vote(&bob, id, 0, true), VoteTallyError::NoWeight);
}

#[test]
fn stake_withdrawn_after_the_round_opened_still_weighs_what_was_staked() {
    let mut s = Suite::new();
    let alice = s.alice.insecure_clone();
    s.stake(&alice, 50);
    s.rt.advance(1);
    let id = s.create(WeightMode::StakeWeighted);
    let back = s.rt.create_token_account(&alice, &s.mint, &alice.pubkey()).expect("token account");
    s.rt.send(&[vt::unstake(&alice.pubkey(), &s.mint, &back, 30)], &[&alice]).expect("unstake");
    assert_eq!(s.rt.token_balance(&back), 30);
    assert_eq!(s.rt.token_balance(&vt::vault()), 20);
    s.vote(&alice, id, 1, true).expect("vote");
    assert_eq!(s.round(id).tallies[1], 50, "weight as staked before the round");
    let bob = s.bob.insecure_clone();
    let bob_tokens = s.rt.create_token_account(&bob, &s.mint, &bob.pubkey()).expect("token account");
    let steal = vt::unstake(&bob.pubkey(), &s.mint, &bob_tokens, 1);
    assert_fails_with(s.rt.send(&[steal], &[&bob]), AnchorError::AccountNotInitialized);
    let over = vt::unstake(&alice.pubkey(), &s.mint, &back, 21);
    assert_fails_with(s.rt.send(&[over], &[&alice]), VoteTallyError::InsufficientStake);
}

#[test]
fn relayed_vote_is_signed_by_the_voter_and_paid_by_the_relayer() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    // A voter with no lamports at all: the relayer pays the fee and the ballot's rent.
    let voter = Keypair::new();
    let relayer = s.bob.insecure_clone();
    let ix = vt::vote(&voter.pubkey(), &relayer.pubkey(), id, 2, false);
    let before = s.rt.svm.get_balance(&relayer.pubkey()).unwrap_or(0);
    s.rt.send(std::slice::from_ref(&ix), &[&relayer, &voter]).expect("relayed vote");
    assert_eq!(s.round(id).tallies[2], 1, "counted");
    assert!(s.rt.svm.get_balance(&relayer.pubkey()).unwrap_or(0) < before, "the relayer paid");
    assert_eq!(s.rt.svm.get_balance(&voter.pubkey()).unwrap_or(0), 0, "the voter paid nothing");
    assert_fails_with(s.rt.send(&[ix], &[&relayer, &voter]), VoteTallyError::AlreadyVoted);
}

#[test]
fn relayed_vote_without_the_voters_signature_is_refused() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let relayer = s.bob.insecure_clone();
    let alice = s.alice.pubkey();
    // Only the relayer signs: the voter's signature slot stays empty.
    let ix = vt::vote(&alice, &relayer.pubkey(), id, 2, false);
    let mut tx = Transaction::new_unsigned(Message::new(std::slice::from_ref(&ix), Some(&relayer.pubkey())));
    tx.partial_sign(&[&relayer], s.rt.svm.latest_blockhash());
    let failed = s.rt.submit(tx).expect_err("a transaction missing the voter's signature");
    assert_eq!(failed.error(), &TransactionError::SignatureFailure);
    // A signature by another key in the voter's slot fails signature verification.
    let mut tx = s.rt.transaction(&[ix], &[&relayer, &s.alice]);
    tx.signatures[1] = s.bob.sign_message(&tx.message_data());
    let failed = s.rt.submit(tx).expect_err("a forged signature");
    assert_eq!(failed.error(), &TransactionError::SignatureFailure);
    assert_eq!(s.round(id).tallies, vec![0, 0, 0], "nothing counted");
}

#[test]
fn relayed_vote_replayed_is_refused_by_the_runtime() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let (relayer, alice) = (s.bob.insecure_clone(), s.alice.insecure_clone());
    let tx = s.rt.transaction(&[vt::vote(&alice.pubkey(), &relayer.pubkey(), id, 0, false)], &[&relayer, &alice]);
    s.rt.submit(tx.clone()).expect("first");
    let failed = s.rt.submit(tx).expect_err("the same transaction again");
    assert_eq!(failed.error(), &TransactionError::AlreadyProcessed);
    assert_eq!(s.round(id).tallies[0], 1);
}

#[test]
fn relayed_vote_after_its_blockhash_expired_is_refused() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let (relayer, alice) = (s.bob.insecure_clone(), s.alice.insecure_clone());
    let tx = s.rt.transaction(&[vt::vote(&alice.pubkey(), &relayer.pubkey(), id, 0, false)], &[&relayer, &alice]);
    s.rt.svm.expire_blockhash();
    let failed = s.rt.submit(tx).expect_err("an expired vote");
    assert_eq!(failed.error(), &TransactionError::BlockhashNotFound);
}

#[test]
fn relayed_vote_cannot_double_vote_with_direct() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let (relayer, alice) = (s.bob.insecure_clone(), s.alice.insecure_clone());
    s.vote(&alice, id, 0, false).expect("direct");
    let ix = vt::vote(&alice.pubkey(), &relayer.pubkey(), id, 1, false);
    assert_fails_with(s.rt.send(&[ix], &[&relayer, &alice]), VoteTallyError::AlreadyVoted);
}

/// The review's F5 on Solana: a voter who votes before the relayer's batch lands (directly, or
/// through another relayer) is skipped and reported; the batch and its other votes stand.
#[test]
fn f5_a_front_run_entry_is_skipped_not_the_batch() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let relayer = s.admin.insecure_clone();
    let (alice, bob) = (s.alice.insecure_clone(), s.bob.insecure_clone());
    s.vote(&alice, id, 0, false).expect("alice votes directly first");
    let batch = [
        vt::relay_vote(&alice.pubkey(), &relayer.pubkey(), id, 1, 0, false),
        vt::relay_vote(&bob.pubkey(), &relayer.pubkey(), id, 1, 1, false),
    ];
    let sent = s.rt.send(&batch, &[&relayer, &alice, &bob]).expect("the batch lands");
    let rejected =
        SignedVoteRejected { round_id: id, voter: alice.pubkey(), index: 0, reason: b"AlreadyVoted".to_vec() };
    assert_eq!(sent.events::<SignedVoteRejected>(), vec![rejected], "the front-run entry is reported");
    assert_eq!(sent.events::<VoteCast>().len(), 1, "the other entry counted");
    assert_eq!(s.round(id).tallies[..2], [1, 1], "alice's direct vote, bob's relayed one");
    // What a front-runner cannot cause still fails the batch: the relayer checks it before sending.
    let carol = s.rt.funded();
    let unknown = vt::relay_vote(&carol.pubkey(), &relayer.pubkey(), id, 99, 0, false);
    assert_fails_with(s.rt.send(&[unknown], &[&relayer, &carol]), VoteTallyError::UnknownCandidate);
}

#[test]
fn relayed_votes_batch_in_one_transaction() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let relayer = s.admin.insecure_clone();
    let (alice, bob) = (s.alice.insecure_clone(), s.bob.insecure_clone());
    let ixs = [
        vt::vote(&alice.pubkey(), &relayer.pubkey(), id, 0, false),
        vt::vote(&bob.pubkey(), &relayer.pubkey(), id, 0, false),
    ];
    let sent = s.rt.send(&ixs, &[&relayer, &alice, &bob]).expect("batch");
    assert_eq!(sent.events::<VoteCast>().len(), 2);
    assert_eq!(s.round(id).tallies[0], 2, "both counted");
}

#[test]
fn finalize_picks_winner() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let (alice, bob, admin) = (s.alice.insecure_clone(), s.bob.insecure_clone(), s.admin.insecure_clone());
    s.vote(&alice, id, 2, false).expect("alice");
    s.vote(&bob, id, 2, false).expect("bob");
    s.vote(&admin, id, 0, false).expect("admin");
    assert_fails_with(s.rt.send(&[vt::finalize(id)], &[&admin]), VoteTallyError::NotEnded);
    s.rt.advance(DAY);
    let sent = s.rt.send(&[vt::finalize(id)], &[&admin]).expect("finalize");
    let f: Vec<RoundFinalized> = sent.events();
    assert_eq!((f[0].round_id, f[0].winner, f[0].winning_tally, f[0].total_weight, f[0].tied), (id, 2, 2, 3, false));
    let r = s.round(id);
    assert!(r.finalized, "finalized");
    assert_eq!(r.winner, 2, "winner");
    assert_fails_with(s.rt.send(&[vt::finalize(id)], &[&admin]), VoteTallyError::AlreadyFinalized);
}

#[test]
fn finalize_tie_goes_to_lowest_index() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    let (alice, bob) = (s.alice.insecure_clone(), s.bob.insecure_clone());
    s.vote(&alice, id, 2, false).expect("alice");
    s.vote(&bob, id, 1, false).expect("bob");
    s.rt.advance(DAY);
    let f: Vec<RoundFinalized> = s.rt.send(&[vt::finalize(id)], &[&alice]).expect("finalize").events();
    assert_eq!((f[0].winner, f[0].winning_tally, f[0].total_weight, f[0].tied), (1, 1, 2, true));
}

#[test]
fn finalize_no_votes() {
    let mut s = Suite::new();
    let id = s.create(WeightMode::OneAccountOneVote);
    s.rt.advance(DAY);
    let alice = s.alice.insecure_clone();
    s.rt.send(&[vt::finalize(id)], &[&alice]).expect("finalize");
    assert_eq!(s.round(id).winner, NO_WINNER, "no winner");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// Tallies sum to the weight cast, and a voter's second vote never counts.
    #[test]
    fn tallies_sum_to_the_weight_cast(choices in prop::collection::vec((0u32..3, any::<bool>()), 1..24)) {
        let mut s = Suite::new();
        let id = s.create(WeightMode::OneAccountOneVote);
        let mut cast = 0u64;
        for (candidate, again) in choices {
            let voter = s.rt.funded();
            s.vote(&voter, id, candidate, false).expect("vote");
            cast += 1;
            if again {
                assert_fails_with(s.vote(&voter, id, (candidate + 1) % 3, false), VoteTallyError::AlreadyVoted);
            }
        }
        prop_assert_eq!(s.round(id).tallies.iter().sum::<u64>(), cast);
    }
}

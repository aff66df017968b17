//! `contracts/evm/test/VoteTally.t.sol`, case for case, on ink!'s off-chain engine.

use crate::vote_tally::*;
use ink::U256;
use ink::env::DefaultEnvironment;
use ink::env::test;
use ink::primitives::Address;
use ink::sol::{DynBytes, FixedBytes};
use k256::ecdsa::SigningKey;
use tfx_ink_sol::Uint40;
use tfx_ink_sol::eip712::OFF_CHAIN_CHAIN_ID;

const T0: u64 = 1_700_000_000;

fn at(secs: u64) {
    test::set_block_timestamp::<DefaultEnvironment>(secs);
}

fn as_caller(a: Address) {
    test::set_caller(a);
}

fn accounts() -> test::DefaultAccounts {
    test::default_accounts()
}

fn cand(n: u8) -> FixedBytes<32> {
    FixedBytes([n; 32])
}

fn deploy() -> VoteTally {
    at(T0);
    as_caller(accounts().alice);
    VoteTally::new()
}

/// A 3-candidate round open for 100 seconds from now.
fn open(t: &mut VoteTally) -> U256 {
    as_caller(accounts().alice);
    t.create_round(vec![cand(1), cand(2), cand(3)], Uint40(T0), Uint40(T0 + 100), ONE_ACCOUNT_ONE_VOTE).expect("round")
}

fn sv(round_id: U256, candidate: u32, voter: Address, nonce: U256, deadline: U256, signature: DynBytes) -> SignedVote {
    SignedVote { round_id, candidate, voter, nonce, deadline, signature }
}

fn voter(n: u8) -> Address {
    Address::from([n; 20])
}

#[ink::test]
fn create_round_emits_and_stores() {
    let mut t = deploy();
    let id = open(&mut t);
    assert_eq!(id, U256::one());
    assert_eq!(t.round(id), Ok((T0, T0 + 100, ONE_ACCOUNT_ONE_VOTE, 3, false, NO_WINNER)));
    assert_eq!(t.candidates(id), Ok(vec![cand(1), cand(2), cand(3)]));
    let events = test::recorded_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].topics[1], id.to_big_endian());
}

#[ink::test]
fn create_round_rejects_bad_input() {
    let mut t = deploy();
    assert_eq!(
        t.create_round(vec![cand(1)], Uint40(T0), Uint40(T0 + 1), 0),
        Err(Error::VoteTallyInvalidCandidates(U256::from(1)))
    );
    assert_eq!(
        t.create_round((0..65).map(|_| cand(1)).collect(), Uint40(T0), Uint40(T0 + 1), 0),
        Err(Error::VoteTallyInvalidCandidates(U256::from(65)))
    );
    assert_eq!(
        t.create_round(vec![cand(1), FixedBytes([0; 32])], Uint40(T0), Uint40(T0 + 1), 0),
        Err(Error::VoteTallyInvalidCandidates(U256::from(2)))
    );
    assert_eq!(
        t.create_round(vec![cand(1), cand(2)], Uint40(T0 + 5), Uint40(T0 + 5), 0),
        Err(Error::VoteTallyInvalidWindow(T0 + 5, T0 + 5))
    );
}

#[ink::test]
fn create_round_past_start_opens_now() {
    let mut t = deploy();
    let id = t.create_round(vec![cand(1), cand(2)], Uint40(1), Uint40(T0 + 10), 0).expect("round");
    assert_eq!(t.round(id).map(|r| r.0), Ok(T0));
}

#[ink::test]
fn create_round_only_organizer() {
    let mut t = deploy();
    as_caller(accounts().bob);
    assert_eq!(
        t.create_round(vec![cand(1), cand(2)], Uint40(T0), Uint40(T0 + 10), 0),
        Err(Error::AccessControlUnauthorizedAccount(accounts().bob, FixedBytes(ink::keccak_256!("ORGANIZER_ROLE"))))
    );
    as_caller(accounts().alice);
    assert!(!t.is_organizer(accounts().bob));
    t.set_organizer(accounts().bob, true).expect("grant");
    assert!(t.is_organizer(accounts().bob));
    as_caller(accounts().bob);
    assert!(t.create_round(vec![cand(1), cand(2)], Uint40(T0), Uint40(T0 + 10), 0).is_ok());
}

#[ink::test]
fn stake_weighted_rounds_are_refused_until_the_stake_token_is_on_polkadot_hub() {
    let mut t = deploy();
    assert_eq!(
        t.create_round(vec![cand(1), cand(2)], Uint40(T0), Uint40(T0 + 10), STAKE_WEIGHTED),
        Err(Error::VoteTallyWeightModeUnsupported(STAKE_WEIGHTED))
    );
}

#[ink::test]
fn vote_counts_once() {
    let mut t = deploy();
    let id = open(&mut t);
    as_caller(voter(7));
    assert_eq!(t.vote(id, 1), Ok(()));
    assert_eq!(t.vote(id, 2), Err(Error::VoteTallyAlreadyVoted(id, voter(7))));
    assert!(t.has_voted(id, voter(7)));
    assert_eq!(t.tallies(id), Ok(vec![U256::zero(), U256::one(), U256::zero()]));
}

#[ink::test]
fn vote_rejects_unknown_round_and_candidate() {
    let mut t = deploy();
    let id = open(&mut t);
    as_caller(voter(7));
    assert_eq!(t.vote(U256::from(9), 0), Err(Error::VoteTallyUnknownRound(U256::from(9))));
    assert_eq!(t.vote(id, 3), Err(Error::VoteTallyUnknownCandidate(id, 3)));
}

#[ink::test]
fn vote_respects_window() {
    let mut t = deploy();
    as_caller(accounts().alice);
    let id = t.create_round(vec![cand(1), cand(2)], Uint40(T0 + 10), Uint40(T0 + 20), 0).expect("round");
    as_caller(voter(7));
    assert_eq!(t.vote(id, 0), Err(Error::VoteTallyNotStarted(id, T0 + 10)));
    at(T0 + 20);
    assert_eq!(t.vote(id, 0), Err(Error::VoteTallyEnded(id, T0 + 20)));
    at(T0 + 19);
    assert_eq!(t.vote(id, 0), Ok(()));
}

/// A voter with an Ethereum key, as a wallet would sign.
struct Signer(SigningKey);

impl Signer {
    fn new(seed: u8) -> Self {
        Self(SigningKey::from_bytes(&[seed; 32].into()).expect("key"))
    }

    fn address(&self) -> Address {
        use sha3::Digest;
        let point = self.0.verifying_key().to_encoded_point(false);
        let hash = sha3::Keccak256::digest(&point.as_bytes()[1..]);
        Address::from_slice(&hash[12..])
    }

    fn sign(&self, digest: [u8; 32]) -> DynBytes {
        let (sig, rec) = self.0.sign_prehash_recoverable(&digest).expect("sign");
        let mut out = sig.to_bytes().to_vec();
        out.push(27 + rec.to_byte());
        DynBytes::from(out)
    }
}

fn signed(t: &VoteTally, s: &Signer, id: U256, candidate: u32, nonce: u64, deadline: u64) -> DynBytes {
    s.sign(t.vote_digest(id, candidate, s.address(), U256::from(nonce), U256::from(deadline)).0)
}

#[ink::test]
fn vote_by_sig_relayed() {
    let mut t = deploy();
    let id = open(&mut t);
    let s = Signer::new(0x42);
    let sig = signed(&t, &s, id, 2, 0, T0 + 50);
    as_caller(accounts().charlie);
    assert_eq!(t.vote_by_sig(sv(id, 2, s.address(), U256::zero(), U256::from(T0 + 50), sig)), Ok(()));
    assert!(t.has_voted(id, s.address()));
    assert_eq!(t.tallies(id).map(|v| v[2]), Ok(U256::one()));
}

#[ink::test]
fn vote_by_sig_rejects_bad_signature() {
    let mut t = deploy();
    let id = open(&mut t);
    let (s, other) = (Signer::new(0x42), Signer::new(0x43));
    let forged = signed(&t, &other, id, 1, 0, T0 + 50);
    let deadline = U256::from(T0 + 50);
    assert_eq!(
        t.vote_by_sig(sv(id, 1, s.address(), U256::zero(), deadline, forged)),
        Err(Error::VoteTallyInvalidSignature(s.address()))
    );
    let good = signed(&t, &s, id, 1, 0, T0 + 50);
    assert_eq!(
        t.vote_by_sig(sv(id, 2, s.address(), U256::zero(), deadline, good.clone())),
        Err(Error::VoteTallyInvalidSignature(s.address())),
        "signed for another candidate"
    );
    assert_eq!(
        t.vote_by_sig(sv(id, 1, s.address(), U256::zero(), deadline, DynBytes::from(vec![0u8; 64]))),
        Err(Error::VoteTallyInvalidSignature(s.address())),
        "short signature"
    );
    assert_eq!(t.vote_by_sig(sv(id, 1, s.address(), U256::zero(), deadline, good.clone())), Ok(()));
    assert_eq!(
        t.vote_by_sig(sv(id, 1, s.address(), U256::zero(), deadline, good)),
        Err(Error::VoteTallyAlreadyVoted(id, s.address())),
        "a replayed signature"
    );
}

#[ink::test]
fn vote_by_sig_rejects_expired() {
    let mut t = deploy();
    let id = open(&mut t);
    let s = Signer::new(0x42);
    let sig = signed(&t, &s, id, 1, 0, T0 + 5);
    at(T0 + 6);
    assert_eq!(
        t.vote_by_sig(sv(id, 1, s.address(), U256::zero(), U256::from(T0 + 5), sig)),
        Err(Error::VoteTallySignatureExpired(U256::from(T0 + 5)))
    );
}

#[ink::test]
fn vote_by_sig_cannot_double_vote_with_direct() {
    let mut t = deploy();
    let id = open(&mut t);
    let s = Signer::new(0x42);
    as_caller(s.address());
    t.vote(id, 0).expect("direct vote");
    let sig = signed(&t, &s, id, 1, 0, T0 + 50);
    assert_eq!(
        t.vote_by_sig(sv(id, 1, s.address(), U256::zero(), U256::from(T0 + 50), sig)),
        Err(Error::VoteTallyAlreadyVoted(id, s.address()))
    );
}

#[ink::test]
fn finalize_picks_winner() {
    let mut t = deploy();
    let id = open(&mut t);
    for (v, c) in [(1, 2), (2, 2), (3, 0)] {
        as_caller(voter(v));
        t.vote(id, c).expect("vote");
    }
    assert_eq!(t.finalize(id), Err(Error::VoteTallyNotEnded(id, T0 + 100)));
    at(T0 + 100);
    assert_eq!(t.finalize(id), Ok(2));
    assert_eq!(t.finalize(id), Err(Error::VoteTallyAlreadyFinalized(id)));
    as_caller(voter(4));
    assert_eq!(t.vote(id, 1), Err(Error::VoteTallyEnded(id, T0 + 100)));
    assert_eq!(t.round(id).map(|r| (r.4, r.5)), Ok((true, 2)));
}

#[ink::test]
fn finalize_tie_goes_to_lowest_index() {
    let mut t = deploy();
    let id = open(&mut t);
    for (v, c) in [(1, 2), (2, 1)] {
        as_caller(voter(v));
        t.vote(id, c).expect("vote");
    }
    at(T0 + 100);
    assert_eq!(t.finalize(id), Ok(1));
    let last = test::recorded_events().pop().expect("RoundFinalized");
    let (winner, tally, total, tied) =
        ink::sol::decode_sequence::<(u32, U256, U256, bool)>(&last.data).expect("RoundFinalized data");
    assert_eq!((winner, tally, total, tied), (1, U256::one(), U256::from(2), true));
}

#[ink::test]
fn finalize_no_votes() {
    let mut t = deploy();
    let id = open(&mut t);
    at(T0 + 100);
    assert_eq!(t.finalize(id), Ok(NO_WINNER));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, failure_persistence: None, ..Default::default() })]

    /// `testFuzz_tallySumsEqualVotes` and the one-vote invariant: whatever voters attempt, each
    /// counts once and the tallies sum to the voters counted.
    #[test]
    fn tallies_sum_to_distinct_voters(attempts in proptest::collection::vec((0u8..20, 0u32..4), 0..60)) {
        test::run_test::<DefaultEnvironment, _>(|_| {
            let mut t = deploy();
            let id = open(&mut t);
            let mut counted = std::collections::BTreeSet::new();
            for (v, c) in &attempts {
                as_caller(voter(*v + 1));
                let r = t.vote(id, *c);
                let expect_ok = *c < 3 && !counted.contains(v);
                assert_eq!(r.is_ok(), expect_ok, "voter {v} candidate {c}: {r:?}");
                if expect_ok {
                    counted.insert(*v);
                }
            }
            let sum = t.tallies(id).expect("tallies").into_iter().fold(U256::zero(), |a, b| a + b);
            assert_eq!(sum, U256::from(counted.len()));
            Ok(())
        })
        .expect("off-chain run");
    }
}

/// The exact logs of a round, three votes and the result, committed as
/// `abi/ink/vectors/vote_tally.json`: the indexer's tests decode them with the EVM decoder and
/// compare them with the Solidity contract's encoding of the same events.
#[ink::test]
fn event_vectors_match_the_committed_file() {
    use tfx_ink_sol::vectors::{check, hex0x, json};
    let mut t = deploy();
    let organizer = accounts().alice;
    as_caller(organizer);
    let id = t.create_round(vec![cand(1), cand(2)], Uint40(T0), Uint40(T0 + 100), ONE_ACCOUNT_ONE_VOTE).expect("round");
    let votes = [(voter(1), 0u32), (voter(2), 1), (voter(3), 0)];
    for (v, c) in votes {
        as_caller(v);
        t.vote(id, c).expect("vote");
    }
    at(T0 + 100);
    t.finalize(id).expect("finalize");

    let mut args = vec![json!({
        "event": "RoundCreated", "roundId": "1", "organizer": hex0x(organizer.as_bytes()),
        "start": T0, "end": T0 + 100, "mode": 0, "candidates": [hex0x(&[1; 32]), hex0x(&[2; 32])],
    })];
    for (v, c) in votes {
        args.push(json!({
            "event": "VoteCast", "roundId": "1", "voter": hex0x(v.as_bytes()), "candidate": c, "weight": "1",
        }));
    }
    args.push(json!({
        "event": "RoundFinalized", "roundId": "1", "winner": 0, "winningTally": "2", "totalWeight": "3", "tied": false,
    }));
    check("vote_tally", args);
}
fn signed_vote(t: &VoteTally, s: &Signer, id: U256, candidate: u32, nonce: u64, deadline: u64) -> SignedVote {
    SignedVote {
        round_id: id,
        candidate,
        voter: s.address(),
        nonce: U256::from(nonce),
        deadline: U256::from(deadline),
        signature: signed(t, s, id, candidate, nonce, deadline),
    }
}

#[ink::test]
fn vote_by_sig_batch() {
    let mut t = deploy();
    let id = open(&mut t);
    let (alice, bob) = (Signer::new(0x42), Signer::new(0x43));
    let votes = vec![signed_vote(&t, &alice, id, 0, 0, T0 + 1), signed_vote(&t, &bob, id, 0, 0, T0 + 1)];
    assert_eq!(t.vote_by_sig_batch(votes), Ok(vec![DynBytes::from(vec![]), DynBytes::from(vec![])]));
    assert_eq!(t.tallies(id).map(|v| v[0]), Ok(U256::from(2)), "both counted");
    assert_eq!(t.vote_by_sig_batch(vec![]), Err(Error::VoteTallyInvalidBatchSize(U256::zero())));
}

/// `test_voteBySigBatch_skipsAndReportsFailedEntries` / `test_f5_frontRunEntryIsSkippedNotTheBatch`.
#[ink::test]
fn vote_by_sig_batch_skips_and_reports_failed_entries() {
    use ink::sol::SolErrorEncode;
    let mut t = deploy();
    let id = open(&mut t);
    let (alice, bob) = (Signer::new(0x42), Signer::new(0x43));
    let votes = vec![
        signed_vote(&t, &alice, id, 0, 0, T0 + 1),
        signed_vote(&t, &alice, id, 1, 1, T0 + 1),
        signed_vote(&t, &bob, id, 2, 0, T0 - 1),
    ];
    let dup = Error::VoteTallyAlreadyVoted(id, alice.address()).encode();
    let expired = Error::VoteTallySignatureExpired(U256::from(T0 - 1)).encode();
    let results = t.vote_by_sig_batch(votes).expect("batch");
    assert_eq!(results, vec![DynBytes::from(vec![]), DynBytes::from(dup), DynBytes::from(expired)]);
    assert_eq!(t.tallies(id).map(|v| v[0]), Ok(U256::one()), "only the first counted");
    assert_eq!(test::recorded_events().len(), 4, "RoundCreated, VoteCast and two SignedVoteRejected");
}

/// `test_f5_unrelayedVoteDoesNotBlockLaterOnes` and `test_f5_voterCanWithdrawASignedVote`: nonces
/// are unordered and only invalidated on request.
#[ink::test]
fn nonces_are_unordered_and_withdrawable() {
    let mut t = deploy();
    let r1 = open(&mut t);
    let r2 = open(&mut t);
    let alice = Signer::new(0x42);
    let _never_relayed = signed_vote(&t, &alice, r1, 0, 0, T0 + 50);
    assert_eq!(t.vote_by_sig(signed_vote(&t, &alice, r2, 0, 0, T0 + 50)), Ok(()));
    let r3 = open(&mut t);
    as_caller(alice.address());
    t.invalidate_nonces(U256::one(), U256::one() << 44).expect("invalidate");
    assert!(t.is_nonce_invalidated(alice.address(), U256::from(300)));
    assert_eq!(
        t.vote_by_sig(signed_vote(&t, &alice, r3, 0, 300, T0 + 50)),
        Err(Error::VoteTallyNonceInvalidated(alice.address(), U256::from(300)))
    );
    assert_eq!(t.vote_by_sig(signed_vote(&t, &alice, r3, 1, 301, T0 + 50)), Ok(()));
}

/// `test_f5_compactSignaturesAreAccepted`, and OpenZeppelin's `v` rule: only 27 or 28.
#[ink::test]
fn signatures_compact_and_v_rule() {
    let mut t = deploy();
    let id = open(&mut t);
    let alice = Signer::new(0x42);
    let mut v = signed_vote(&t, &alice, id, 1, 0, T0 + 50);
    let mut raw = v.signature.0.clone();
    raw[64] -= 27;
    let zero_one = SignedVote { signature: DynBytes::from(raw.clone()), ..v.clone() };
    assert_eq!(t.vote_by_sig(zero_one), Err(Error::VoteTallyInvalidSignature(alice.address())));
    let y_parity = raw[64];
    let mut compact = raw[..64].to_vec();
    compact[32] |= y_parity << 7;
    v.signature = DynBytes::from(compact);
    assert_eq!(t.vote_by_sig(v), Ok(()));
}

#[ink::test]
fn duplicate_candidates_are_refused() {
    let mut t = deploy();
    assert_eq!(
        t.create_round(vec![cand(1), cand(2), cand(1)], Uint40(T0), Uint40(T0 + 10), 0),
        Err(Error::VoteTallyDuplicateCandidate(cand(1), U256::zero(), U256::from(2)))
    );
}

#[ink::test]
fn organizer_changes_emit_role_events() {
    let mut t = deploy();
    t.set_organizer(accounts().bob, true).expect("grant");
    t.set_organizer(accounts().bob, false).expect("revoke");
    assert_eq!(test::recorded_events().len(), 2, "RoleGranted and RoleRevoked");
    as_caller(accounts().bob);
    assert_eq!(
        t.set_organizer(accounts().bob, true),
        Err(Error::AccessControlUnauthorizedAccount(accounts().bob, FixedBytes([0; 32])))
    );
}

#[ink::test]
fn eip712_domain_names_the_chain_and_contract() {
    let t = deploy();
    let tfx_ink_sol::Outputs((fields, name, version, chain_id, contract, _, _)) = t.eip712_domain();
    assert_eq!((fields, name.as_str(), version.as_str()), (FixedBytes([0x0f]), "TensorFlix VoteTally", "1"));
    assert_eq!(chain_id, U256::from(OFF_CHAIN_CHAIN_ID));
    assert_eq!(contract, ink::env::address());
}

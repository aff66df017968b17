//! The Mailbox in the Agave runtime, test for test with `contracts/evm/test/Mailbox.t.sol`.
//!
//! Attesters are secp256k1 keys, as the relayer's: they sign the EIP-712 attestation digest, and
//! the program recovers them with `secp256k1_recover`. The EVM tests' Recorder (what a delivery
//! applies) has no Solana counterpart yet: a delivery is observed through its record and event.

use libsecp256k1::{Message, PublicKey, SecretKey};
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;
use tfx_mailbox::{Delivered, Dispatched, MailboxError, attestation_digest, encode, message_id};
use tfx_solana_runtime::mailbox as mb;
use tfx_solana_runtime::{Failed, Runtime, Sent, assert_fails_with};

const HERE: u64 = 1_399_811_149;
const THERE: u64 = 43_114;
const VALUATION: u8 = 3;
const REMOTE: [u8; 32] = {
    let mut r = [0u8; 32];
    r[30] = 0xBE;
    r[31] = 0xEF;
    r
};

/// An attester: its key and EVM address.
struct Attester {
    key: SecretKey,
    address: [u8; 20],
}

fn attester(seed: u64) -> Attester {
    let mut bytes = [0u8; 32];
    bytes[24..].copy_from_slice(&(seed + 1).to_be_bytes());
    let key = SecretKey::parse(&bytes).expect("a valid key");
    let public = PublicKey::from_secret_key(&key).serialize();
    let hash = solana_keccak_hasher::hash(&public[1..]).to_bytes();
    Attester { key, address: hash[12..].try_into().expect("20 bytes") }
}

/// `n` attesters from `first`, sorted by address (signatures go in ascending signer order).
fn attesters(first: u64, n: u64) -> Vec<Attester> {
    let mut set: Vec<Attester> = (first..first + n).map(attester).collect();
    set.sort_by_key(|a| a.address);
    set
}

/// `r || s || v` over `digest` (libsecp256k1 signs low-s).
fn sign(key: &SecretKey, digest: &[u8; 32]) -> Vec<u8> {
    let (signature, recovery) = libsecp256k1::sign(&Message::parse(digest), key);
    let mut out = signature.serialize().to_vec();
    out.push(recovery.serialize() + 27);
    out
}

struct Suite {
    rt: Runtime,
    governor: Keypair,
    router: Keypair,
    set: Vec<Attester>,
    version: u64,
}

impl Suite {
    fn new() -> Self {
        let mut rt = Runtime::new();
        let (governor, router) = (rt.funded(), rt.funded());
        let g = governor.pubkey();
        let set = attesters(1, 3);
        let setup = [
            mb::initialize(&g, HERE),
            mb::set_recipient(&g, &router.pubkey()),
            mb::rotate_attesters(&g, set.iter().map(|a| a.address).collect(), 2),
            mb::enroll_remote_sender(&g, THERE, REMOTE),
        ];
        rt.send(&setup, &[&governor]).expect("set up");
        Self { rt, governor, router, set, version: 1 }
    }

    /// A message from the enrolled sender on THERE to HERE.
    fn inbound(nonce: u64, body: &[u8]) -> Vec<u8> {
        encode(THERE, HERE, nonce, &REMOTE, VALUATION, body)
    }

    /// Signatures of the set's members at `indexes` over `message` under the current version.
    fn attest(&self, message: &[u8], indexes: &[usize]) -> Vec<Vec<u8>> {
        let digest = attestation_digest(HERE, &message_id(message), self.version);
        indexes.iter().map(|&i| sign(&self.set[i].key, &digest)).collect()
    }

    fn deliver_as(&mut self, message: &[u8], version: u64, signatures: Vec<Vec<u8>>) -> Result<Sent, Failed> {
        let origin = u64::from_be_bytes(message.get(1..9).map_or([0; 8], |o| o.try_into().expect("8 bytes")));
        let ix =
            mb::deliver(&self.governor.pubkey(), message, Some(origin).filter(|o| *o == THERE), version, signatures);
        self.rt.send(&[ix], &[&self.governor])
    }

    fn deliver(&mut self, message: &[u8], signatures: Vec<Vec<u8>>) -> Result<Sent, Failed> {
        self.deliver_as(message, self.version, signatures)
    }

    fn is_delivered(&self, message: &[u8]) -> bool {
        self.rt
            .account::<tfx_mailbox::DeliveryRecord>(&mb::delivered(&message_id(message)))
            .is_some_and(|r| r.delivered)
    }
}

#[test]
fn dispatch_only_the_recipient() {
    let mut s = Suite::new();
    let other = s.rt.funded();
    let ix = mb::dispatch(&other.pubkey(), &other.pubkey(), THERE, VALUATION, vec![1]);
    assert_fails_with(s.rt.send(&[ix], &[&other]), MailboxError::Unauthorized);
}

#[test]
fn dispatch_nonce_per_destination_and_canonical_id() {
    let mut s = Suite::new();
    let router = s.router.insecure_clone();
    let mut sent = Vec::new();
    for destination in [THERE, THERE, 1] {
        let ix = mb::dispatch(&router.pubkey(), &router.pubkey(), destination, VALUATION, vec![0xC0, 0xFF, 0xEE]);
        sent.extend(s.rt.send(&[ix], &[&router]).expect("dispatch").events::<Dispatched>());
    }
    assert_eq!(sent.iter().map(|d| (d.destination, d.nonce)).collect::<Vec<_>>(), vec![(THERE, 0), (THERE, 1), (1, 0)]);
    let expected = encode(HERE, THERE, 1, &router.pubkey().to_bytes(), VALUATION, &[0xC0, 0xFF, 0xEE]);
    assert_eq!(sent[1].message, expected, "the canonical encoding");
    assert_eq!(sent[1].id, message_id(&expected), "the id is its keccak256");
}

#[test]
fn dispatch_refuses_this_chain_and_type_none() {
    let mut s = Suite::new();
    let router = s.router.insecure_clone();
    let send = |s: &mut Suite, destination, t| {
        let ix = mb::dispatch(&router.pubkey(), &router.pubkey(), destination, t, vec![]);
        s.rt.send(&[ix], &[&router])
    };
    assert_fails_with(send(&mut s, HERE, VALUATION), MailboxError::InvalidRoute);
    assert_fails_with(send(&mut s, 0, VALUATION), MailboxError::InvalidRoute);
    assert_fails_with(send(&mut s, THERE, 0), MailboxError::UnknownType);
    assert_fails_with(send(&mut s, THERE, 5), MailboxError::UnknownType);
}

#[test]
fn deliver_two_of_three_applies_once() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[0xC0, 0xFF, 0xEE]);
    let sigs = s.attest(&m, &[0, 2]);
    let delivered: Vec<Delivered> = s.deliver(&m, sigs).expect("deliver").events();
    let expected = Delivered { id: message_id(&m), origin: THERE, nonce: 0, message_type: VALUATION, set_version: 1 };
    assert_eq!(delivered, vec![expected]);
    assert!(s.is_delivered(&m), "consumed");
}

#[test]
fn deliver_refuses_replay() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let sigs = s.attest(&m, &[0, 1]);
    s.deliver(&m, sigs.clone()).expect("first");
    assert_fails_with(s.deliver(&m, sigs), MailboxError::AlreadyDelivered);
}

#[test]
fn deliver_refuses_another_destination() {
    let mut s = Suite::new();
    let m = encode(THERE, 5, 0, &REMOTE, VALUATION, &[1]);
    let sigs = s.attest(&m, &[0, 1]);
    assert_fails_with(s.deliver(&m, sigs), MailboxError::WrongDestination);
}

#[test]
fn deliver_refuses_signatures_made_for_another_chains_mailbox() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    // Same message, same keys, signed in the domain of the Mailbox of another route domain.
    let digest = attestation_digest(THERE, &message_id(&m), 1);
    let sigs = [0, 1].iter().map(|&i| sign(&s.set[i].key, &digest)).collect();
    assert_fails_with(s.deliver(&m, sigs), MailboxError::InvalidSignature);
}

#[test]
fn deliver_refuses_unknown_sender_and_origin() {
    let mut s = Suite::new();
    let mut bad = REMOTE;
    bad[31] = 0xAD;
    let m = encode(THERE, HERE, 0, &bad, VALUATION, &[]);
    let sigs = s.attest(&m, &[0, 1]);
    assert_fails_with(s.deliver(&m, sigs), MailboxError::UnknownSender);
    let m = encode(99, HERE, 0, &REMOTE, VALUATION, &[]);
    let sigs = s.attest(&m, &[0, 1]);
    assert_fails_with(s.deliver(&m, sigs.clone()), MailboxError::UnknownSender);
    // Naming THERE's route for a message from 99 does not borrow THERE's enrolment.
    let ix = mb::deliver(&s.governor.pubkey(), &m, Some(THERE), 1, sigs);
    assert_fails_with(s.rt.send(&[ix], &[&s.governor]), MailboxError::UnknownSender);
}

#[test]
fn deliver_refuses_unknown_types_and_malformed_messages() {
    let mut s = Suite::new();
    for t in [0u8, 5] {
        let m = encode(THERE, HERE, 0, &REMOTE, t, &[1]);
        let sigs = s.attest(&m, &[0, 1]);
        assert_fails_with(s.deliver(&m, sigs), MailboxError::UnknownType);
    }
    let mut v2 = encode(THERE, HERE, 0, &REMOTE, VALUATION, &[]);
    v2[0] = 2;
    let sigs = s.attest(&v2, &[0, 1]);
    assert_fails_with(s.deliver(&v2, sigs.clone()), MailboxError::Malformed);
    assert_fails_with(s.deliver(&[1], sigs.clone()), MailboxError::Malformed);
    // An id that is not the message's keccak256.
    let m = Suite::inbound(0, &[1]);
    let mut ix = mb::deliver(&s.governor.pubkey(), &m, Some(THERE), 1, s.attest(&m, &[0, 1]));
    ix.data[8] ^= 1;
    assert!(s.rt.send(&[ix], &[&s.governor]).is_err(), "a wrong id is refused");
}

#[test]
fn deliver_refuses_duplicated_and_unordered_signers() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let twice = s.attest(&m, &[1, 1]);
    let unordered = s.attest(&m, &[2, 0]);
    assert_fails_with(s.deliver(&m, twice), MailboxError::SignersNotAscending);
    assert_fails_with(s.deliver(&m, unordered), MailboxError::SignersNotAscending);
}

#[test]
fn deliver_refuses_malleable_signature() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let mut sigs = s.attest(&m, &[0, 1]);
    // The twin (n - s, other parity) recovers the same key; low-s only.
    const N: [u8; 32] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xBA, 0xAE,
        0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];
    let twin = &mut sigs[1];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = i16::from(N[i]) - i16::from(twin[32 + i]) - borrow;
        twin[32 + i] = d.rem_euclid(256) as u8;
        borrow = i16::from(d < 0);
    }
    twin[64] = if twin[64] == 27 { 28 } else { 27 };
    // The twin is a valid signature by the same key...
    let digest = attestation_digest(HERE, &message_id(&m), 1);
    let parsed = libsecp256k1::Signature::parse_overflowing_slice(&twin[..64]).expect("64 bytes");
    let recovery = libsecp256k1::RecoveryId::parse(twin[64] - 27).expect("0 or 1");
    let key = libsecp256k1::recover(&Message::parse(&digest), &parsed, &recovery).expect("recovers");
    assert_eq!(key, PublicKey::from_secret_key(&s.set[1].key), "the twin recovers the same key");
    // ...which the Mailbox refuses.
    assert_fails_with(s.deliver(&m, sigs), MailboxError::InvalidSignature);
}

#[test]
fn deliver_refuses_forged_signature() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let digest = attestation_digest(HERE, &message_id(&m), 1);
    let outsider = attester(0xBAD);
    let mut signers =
        [(s.set[0].address, sign(&s.set[0].key, &digest)), (outsider.address, sign(&outsider.key, &digest))];
    signers.sort_by_key(|(a, _)| *a);
    assert_fails_with(s.deliver(&m, signers.into_iter().map(|(_, sig)| sig).collect()), MailboxError::InvalidSignature);
    assert!(!s.is_delivered(&m), "nothing delivered");
}

#[test]
fn deliver_refuses_a_rotated_out_set() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let old = s.attest(&m, &[0, 1]);
    let next = attesters(2, 3);
    let rotate = mb::rotate_attesters(&s.governor.pubkey(), next.iter().map(|a| a.address).collect(), 2);
    s.rt.send(&[rotate], &[&s.governor]).expect("rotate");
    assert_fails_with(s.deliver_as(&m, 1, old.clone()), MailboxError::WrongSetVersion);
    // The old signatures presented as the new version do not verify either.
    assert_fails_with(s.deliver_as(&m, 2, old), MailboxError::InvalidSignature);
    s.set = next;
    s.version = 2;
    let fresh = s.attest(&m, &[0, 1]);
    s.deliver(&m, fresh).expect("the new set delivers");
}

/// Ronin (2022): a threshold is always a strict majority, and fewer signatures never deliver.
#[test]
fn ronin_too_few_keys_never_deliver() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let one = s.attest(&m, &[0]);
    assert_fails_with(s.deliver(&m, one), MailboxError::NotEnoughSignatures);
    let g = s.governor.pubkey();
    let three: Vec<[u8; 20]> = s.set.iter().map(|a| a.address).collect();
    let four: Vec<[u8; 20]> = attesters(3, 4).iter().map(|a| a.address).collect();
    for (set, threshold) in [(three, 1), (four.clone(), 2), (four, 5)] {
        let ix = mb::rotate_attesters(&g, set, threshold);
        assert_fails_with(s.rt.send(&[ix], &[&s.governor]), MailboxError::InvalidAttesterSet);
    }
}

/// Wormhole (2022): signatures are checked against the stored set only, and a set version that
/// is not current gets nothing through.
#[test]
fn wormhole_signatures_are_checked_against_the_stored_set_only() {
    let mut s = Suite::new();
    let m = Suite::inbound(0, &[1]);
    let own = attesters(666, 3);
    let digest = attestation_digest(HERE, &message_id(&m), 1);
    let sigs: Vec<Vec<u8>> = own.iter().take(2).map(|a| sign(&a.key, &digest)).collect();
    assert_fails_with(s.deliver(&m, sigs.clone()), MailboxError::InvalidSignature);
    assert_fails_with(s.deliver_as(&m, 0, sigs.clone()), MailboxError::WrongSetVersion);
    assert_fails_with(s.deliver_as(&m, 7, sigs), MailboxError::WrongSetVersion);
    assert!(!s.is_delivered(&m), "nothing delivered");
}

/// Nomad (2022): no default value proves anything.
#[test]
fn nomad_no_default_value_is_proven() {
    let mut rt = Runtime::new();
    let governor = rt.funded();
    let g = governor.pubkey();
    rt.send(&[mb::initialize(&g, HERE), mb::enroll_remote_sender(&g, THERE, REMOTE)], &[&governor]).expect("fresh");
    let m = Suite::inbound(0, &[1]);
    let ix = mb::deliver(&g, &m, Some(THERE), 0, vec![]);
    assert_fails_with(rt.send(&[ix], &[&governor]), MailboxError::NotEnoughSignatures);

    let mut s = Suite::new();
    let mut zero_r = vec![0u8; 64];
    zero_r.push(27);
    let nobody = vec![zero_r, vec![0u8; 65]];
    assert_fails_with(s.deliver(&m, nobody), MailboxError::InvalidSignature);
    let mut with_zero: Vec<[u8; 20]> = s.set.iter().map(|a| a.address).collect();
    with_zero[0] = [0; 20];
    let ix = mb::rotate_attesters(&s.governor.pubkey(), with_zero, 2);
    assert_fails_with(s.rt.send(&[ix], &[&s.governor]), MailboxError::InvalidAttesterSet);
    let dup = vec![s.set[0].address, s.set[0].address, s.set[1].address];
    let ix = mb::rotate_attesters(&s.governor.pubkey(), dup, 2);
    assert_fails_with(s.rt.send(&[ix], &[&s.governor]), MailboxError::InvalidAttesterSet);
}

/// Poly Network (2021): a message never names what it is applied to, and governance is out of its
/// reach.
#[test]
fn poly_network_no_arbitrary_call_target() {
    let mut s = Suite::new();
    let evil = attester(9).address;
    let body = mb::rotate_attesters(&s.governor.pubkey(), vec![evil], 1).data;
    let m = Suite::inbound(0, &body);
    let sigs = s.attest(&m, &[0, 1]);
    s.deliver(&m, sigs).expect("delivered as data");
    let config: tfx_mailbox::Config = s.rt.account(&mb::config()).expect("config");
    assert_eq!((config.set_version, config.attesters.contains(&evil)), (1, false), "the set is unchanged");
    let stranger = s.rt.funded();
    let ix = mb::set_recipient(&stranger.pubkey(), &stranger.pubkey());
    assert_fails_with(s.rt.send(&[ix], &[&stranger]), MailboxError::Unauthorized);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any order, subset, duplication and count of the set's signatures: delivered exactly when
    /// the signers are distinct, ascending and at least the threshold.
    #[test]
    fn signature_sets(indexes in prop::collection::vec(0usize..3, 0..5)) {
        let mut s = Suite::new();
        let m = Suite::inbound(0, &[1]);
        let sigs = s.attest(&m, &indexes);
        let valid = indexes.len() >= 2 && indexes.windows(2).all(|w| w[0] < w[1]);
        prop_assert_eq!(s.deliver(&m, sigs).is_ok(), valid, "{:?}", indexes);
        prop_assert_eq!(s.is_delivered(&m), valid);
    }
}

//! The Mailbox's artifact on pallet-revive, test for test as `contracts/evm/test/Mailbox.t.sol`:
//! dispatch, m-of-n delivery, and the historical bridge failures as named negative tests, with
//! attestations signed off-chain by secp256k1 keys as the attesters sign them, and the contract
//! driven through the Solidity Mailbox's ABI. The recipient is the test wallet, which records what
//! it is handed (Mailbox.t.sol's `Recorder`).

use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::{SolCall, SolConstructor, SolError, SolEvent, SolType, sol_data};
use k256::ecdsa::SigningKey;
use proptest::prelude::*;
use tfx_ink_sandbox::abi::TestWallet;
use tfx_ink_sandbox::abi::evm::Mailbox;
use tfx_ink_sandbox::suite::{attester_keys, sign_digest};
use tfx_ink_sandbox::{CallError, Chain};

const HERE: u64 = 1;
const THERE: u64 = 43114;
const VOTE_RESULT: u8 = 2;
const VALUATION: u8 = 3;

fn remote() -> B256 {
    B256::from(U256::from(0xBEEF))
}

fn reverted(e: impl SolError) -> CallError {
    CallError::Reverted(e.abi_encode().into())
}

struct Fixture {
    chain: Chain,
    mailbox: Address,
    recorder: Address,
    governor: Address,
    keys: Vec<(SigningKey, Address)>,
}

/// The recorder's owner, who makes it dispatch.
fn owner() -> Address {
    Chain::account(1)
}

/// Anyone: deliveries need no privilege.
fn relayer() -> Address {
    Chain::account(2)
}

fn deploy_mailbox(chain: &mut Chain, governor: Address) -> Address {
    let args = Mailbox::constructorCall { governor }.abi_encode();
    chain.deploy(governor, Chain::artifact("mailbox"), args, U256::ZERO).expect("Mailbox")
}

impl Fixture {
    /// Mailbox.t.sol's `setUp`: on chain HERE, recipient the recorder, a 2-of-3 set, THERE's
    /// sender enrolled.
    fn new() -> Self {
        let mut chain = Chain::with_chain_id(HERE);
        let governor = Chain::account(0);
        let mailbox = deploy_mailbox(&mut chain, governor);
        let recorder = chain
            .deploy(owner(), Chain::artifact("test_wallet"), TestWallet::constructorCall {}.abi_encode(), U256::ZERO)
            .expect("recorder");
        let keys = attester_keys(1, 3);
        chain.transact(governor, mailbox, &Mailbox::setRecipientCall { newRecipient: recorder }).expect("recipient");
        let attesters = keys.iter().map(|(_, a)| *a).collect();
        chain.transact(governor, mailbox, &Mailbox::rotateAttestersCall { attesters, newThreshold: 2 }).expect("set");
        chain
            .transact(governor, mailbox, &Mailbox::enrollRemoteSenderCall { origin: THERE, sender: remote() })
            .expect("enroll");
        Self { chain, mailbox, recorder, governor, keys }
    }

    fn encode(&mut self, origin: u64, destination: u64, nonce: u64, sender: B256, t: u8, body: &[u8]) -> Bytes {
        let call =
            Mailbox::encodeCall { origin, destination, nonce, sender, messageType: t, body: body.to_vec().into() };
        self.chain.view(self.mailbox, &call)
    }

    /// A message from the enrolled sender on THERE to HERE.
    fn inbound(&mut self, nonce: u64, body: &[u8]) -> Bytes {
        self.encode(THERE, HERE, nonce, remote(), VALUATION, body)
    }

    fn digest(&mut self, message: &[u8], version: u64) -> B256 {
        self.chain.view(self.mailbox, &Mailbox::attestationDigestCall { id: keccak256(message), version })
    }

    /// Signatures of the attesters at `which` (indexes into the keys) for `message` under the
    /// current set.
    fn attest(&mut self, message: &[u8], which: &[usize]) -> Vec<Bytes> {
        let version = self.chain.view(self.mailbox, &Mailbox::setVersionCall {});
        let digest = self.digest(message, version);
        which.iter().map(|&i| sign_digest(&self.keys[i].0, digest)).collect()
    }

    fn deliver(&mut self, message: &Bytes, version: u64, signatures: Vec<Bytes>) -> Result<(), CallError> {
        let call = Mailbox::deliverCall { message: message.clone(), version, signatures };
        self.chain.transact(relayer(), self.mailbox, &call)
    }

    /// The recorder dispatches `body` to `destination`; the message id back.
    fn send(&mut self, destination: u64, t: u8, body: &[u8]) -> Result<B256, CallError> {
        let dispatch = Mailbox::dispatchCall { destination, messageType: t, body: body.to_vec().into() };
        let forward =
            TestWallet::forwardCall { target: self.mailbox, data: dispatch.abi_encode().into(), value: U256::ZERO };
        let out = self.chain.send(owner(), self.recorder, &forward)?;
        Ok(Mailbox::dispatchCall::abi_decode_returns(&out).expect("bytes32"))
    }

    fn handled(&mut self) -> u32 {
        self.chain.view(self.recorder, &TestWallet::handledCall {})
    }

    /// The last message the recorder handled: (caller, origin, type, body), returned in place as
    /// Solidity returns several values.
    fn last_handled(&mut self) -> (Address, u64, u8, Bytes) {
        let input = TestWallet::lastHandledCall {}.abi_encode();
        let out = self.chain.call(Chain::account(0), self.recorder, input, U256::ZERO).expect("lastHandled");
        type Returns = (sol_data::Address, sol_data::Uint<64>, sol_data::Uint<8>, sol_data::Bytes);
        Returns::abi_decode_params(&out).expect("(caller, origin, type, body)")
    }

    fn last_body(&mut self) -> Bytes {
        self.last_handled().3
    }

    fn rotate(&mut self, keys: Vec<(SigningKey, Address)>, threshold: u8) -> Result<(), CallError> {
        let attesters = keys.iter().map(|(_, a)| *a).collect();
        let r = self.chain.transact(
            self.governor,
            self.mailbox,
            &Mailbox::rotateAttestersCall { attesters, newThreshold: threshold },
        );
        if r.is_ok() {
            self.keys = keys;
        }
        r
    }
}

// ----- dispatch -----

#[test]
fn dispatch_only_the_recipient() {
    let mut f = Fixture::new();
    let call = Mailbox::dispatchCall { destination: THERE, messageType: VALUATION, body: Bytes::new() };
    let stranger = Chain::account(3);
    assert_eq!(
        f.chain.transact(stranger, f.mailbox, &call),
        Err(reverted(Mailbox::MailboxUnauthorized { caller: stranger }))
    );
}

#[test]
fn dispatch_nonce_per_destination_and_canonical_id() {
    let mut f = Fixture::new();
    let first = f.send(THERE, VOTE_RESULT, &[1]).expect("first");
    let second = f.send(THERE, VOTE_RESULT, &[1]).expect("second");
    f.send(7, VOTE_RESULT, &[1]).expect("to 7");
    let sender = B256::left_padding_from(f.recorder.as_slice());
    let m0 = f.encode(HERE, THERE, 0, sender, VOTE_RESULT, &[1]);
    let m1 = f.encode(HERE, THERE, 1, sender, VOTE_RESULT, &[1]);
    assert_eq!(first, keccak256(&m0), "id 0");
    assert_eq!(second, keccak256(&m1), "id 1");
    assert_eq!(f.chain.view(f.mailbox, &Mailbox::nonceOfCall { destination: THERE }), 2, "nonce THERE");
    assert_eq!(f.chain.view(f.mailbox, &Mailbox::nonceOfCall { destination: 7 }), 1, "nonce 7");
    assert_eq!(m0.len(), 59, "58-byte header + body");
    let logs = f.chain.take_logs();
    let dispatched: Vec<_> = logs.iter().filter_map(|l| Mailbox::Dispatched::decode_log(l).ok()).collect();
    assert_eq!(dispatched.len(), 3);
    assert_eq!((dispatched[1].id, dispatched[1].nonce, dispatched[1].sender), (second, 1, f.recorder));
    assert_eq!(dispatched[1].message, m1, "the canonical encoding in the event");
}

#[test]
fn dispatch_refuses_this_chain_and_type_none() {
    let mut f = Fixture::new();
    assert_eq!(f.send(HERE, VALUATION, &[]), Err(reverted(Mailbox::MailboxInvalidRoute { chain: HERE })));
    assert_eq!(f.send(THERE, 0, &[]), Err(reverted(Mailbox::MailboxUnknownType { messageType: 0 })));
}

// ----- deliver -----

#[test]
fn deliver_two_of_three_applies_once() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[0xc0, 0xff, 0xee]);
    let sigs = f.attest(&m, &[0, 2]);
    f.chain.take_logs();
    f.deliver(&m, 1, sigs).expect("delivered");
    let delivered = f.chain.take_logs().iter().find_map(|l| Mailbox::Delivered::decode_log(l).ok()).expect("Delivered");
    assert_eq!(
        (delivered.id, delivered.origin, delivered.nonce, delivered.messageType, delivered.setVersion),
        (keccak256(&m), THERE, 0, VALUATION, 1)
    );
    assert_eq!(f.handled(), 1, "handled");
    assert_eq!(f.last_body(), Bytes::from(vec![0xc0, 0xff, 0xee]), "body");
    let last = f.last_handled();
    assert_eq!((last.0, last.1, last.2), (f.mailbox, THERE, VALUATION), "called by the Mailbox with the route");
    assert!(f.chain.view(f.mailbox, &Mailbox::deliveredCall { id: keccak256(&m) }), "consumed");
}

#[test]
fn deliver_refuses_replay() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let sigs = f.attest(&m, &[0, 1]);
    f.deliver(&m, 1, sigs.clone()).expect("first");
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxAlreadyDelivered { id: keccak256(&m) })));
    assert_eq!(f.handled(), 1, "applied once");
}

#[test]
fn deliver_refuses_another_destination() {
    let mut f = Fixture::new();
    let m = f.encode(THERE, 5, 0, remote(), VALUATION, &[1]);
    let sigs = f.attest(&m, &[0, 1]);
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxWrongDestination { destination: 5 })));
}

#[test]
fn deliver_refuses_signatures_made_for_another_chains_mailbox() {
    // Same message bytes, same keys, but signed in the domain of a Mailbox on another chain: the
    // domain separator binds the chain id and the contract's address.
    let mut f = Fixture::new();
    let mut other_chain = Chain::with_chain_id(THERE);
    let other = deploy_mailbox(&mut other_chain, f.governor);
    let attesters = f.keys.iter().map(|(_, a)| *a).collect();
    other_chain.transact(f.governor, other, &Mailbox::rotateAttestersCall { attesters, newThreshold: 2 }).expect("set");
    let m = f.inbound(0, &[1]);
    let digest = other_chain.view(other, &Mailbox::attestationDigestCall { id: keccak256(&m), version: 1 });
    assert_ne!(digest, f.digest(&m, 1), "another domain");
    let sigs = vec![sign_digest(&f.keys[0].0, digest), sign_digest(&f.keys[1].0, digest)];
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxInvalidSignature { index: U256::ZERO })));
}

#[test]
fn deliver_refuses_unknown_sender_and_origin() {
    let mut f = Fixture::new();
    let bad = B256::from(U256::from(0xBAD));
    let m = f.encode(THERE, HERE, 0, bad, VALUATION, &[]);
    let sigs = f.attest(&m, &[0, 1]);
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxUnknownSender { origin: THERE, sender: bad })));
    let m = f.encode(99, HERE, 0, remote(), VALUATION, &[]);
    let sigs = f.attest(&m, &[0, 1]);
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxUnknownSender { origin: 99, sender: remote() })));
}

/// The packed header by hand, for encodings `encode` refuses to write.
fn raw(version: u8, t: u8, body: &[u8]) -> Bytes {
    let mut m = vec![version];
    for word in [THERE, HERE, 0] {
        m.extend_from_slice(&word.to_be_bytes());
    }
    m.extend_from_slice(remote().as_slice());
    m.push(t);
    m.extend_from_slice(body);
    m.into()
}

#[test]
fn deliver_refuses_unknown_types_and_malformed_messages() {
    let mut f = Fixture::new();
    for t in [0u8, 5] {
        let m = raw(1, t, &[1]);
        let sigs = f.attest(&m, &[0, 1]);
        assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxUnknownType { messageType: t })));
    }
    let v2 = raw(2, 3, &[]);
    let s2 = f.attest(&v2, &[0, 1]);
    assert_eq!(f.deliver(&v2, 1, s2.clone()), Err(reverted(Mailbox::MailboxMalformed {})));
    assert_eq!(f.deliver(&Bytes::from(vec![1]), 1, s2), Err(reverted(Mailbox::MailboxMalformed {})));
}

#[test]
fn deliver_refuses_duplicated_and_unordered_signers() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let twice = f.attest(&m, &[1, 1]);
    let unordered = f.attest(&m, &[2, 0]);
    let not_ascending = reverted(Mailbox::MailboxSignersNotAscending { index: U256::ONE });
    assert_eq!(f.deliver(&m, 1, twice), Err(not_ascending.clone()));
    assert_eq!(f.deliver(&m, 1, unordered), Err(not_ascending));
}

#[test]
fn deliver_refuses_malleable_signature() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let digest = f.digest(&m, 1);
    let good = sign_digest(&f.keys[1].0, digest);
    // The same signature's twin (n - s, the other parity) recovers the same key; low s only.
    let n = U256::from_str_radix("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16).expect("n");
    let s = U256::from_be_slice(&good[32..64]);
    let mut twin = good[..32].to_vec();
    twin.extend_from_slice(&(n - s).to_be_bytes::<32>());
    twin.push(if good[64] == 27 { 28 } else { 27 });
    let sigs = vec![sign_digest(&f.keys[0].0, digest), twin.into()];
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxInvalidSignature { index: U256::ONE })));
}

#[test]
fn deliver_refuses_forged_signature() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let digest = f.digest(&m, 1);
    let forger = attester_keys(0xBADBAD, 1).remove(0);
    let mut sigs = vec![(f.keys[0].1, sign_digest(&f.keys[0].0, digest)), (forger.1, sign_digest(&forger.0, digest))];
    sigs.sort_by_key(|(a, _)| *a);
    let at = sigs.iter().position(|(a, _)| *a == forger.1).expect("forger");
    let sigs = sigs.into_iter().map(|(_, s)| s).collect();
    assert_eq!(f.deliver(&m, 1, sigs), Err(reverted(Mailbox::MailboxInvalidSignature { index: U256::from(at) })));
    assert_eq!(f.handled(), 0, "nothing applied");
}

#[test]
fn deliver_refuses_a_rotated_out_set() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let old = f.attest(&m, &[0, 1]);
    f.rotate(attester_keys(2, 3), 2).expect("rotate");
    assert_eq!(f.deliver(&m, 1, old.clone()), Err(reverted(Mailbox::MailboxWrongSetVersion { signed: 1, current: 2 })));
    // The old signatures presented as the new version do not verify either.
    assert_eq!(f.deliver(&m, 2, old), Err(reverted(Mailbox::MailboxInvalidSignature { index: U256::ZERO })));
    let new = f.attest(&m, &[0, 1]);
    f.deliver(&m, 2, new).expect("the new set delivers");
    assert_eq!(f.handled(), 1);
}

// ----- the historical bridge failures -----

/// Ronin (2022): 5 of 9 keys, 4 held by one party plus one delegated. Here a threshold is always a
/// strict majority of the set, and fewer signatures than it never deliver.
#[test]
fn ronin_too_few_keys_never_deliver() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let one = f.attest(&m, &[0]);
    assert_eq!(
        f.deliver(&m, 1, one),
        Err(reverted(Mailbox::MailboxNotEnoughSignatures { valid: U256::ONE, threshold: U256::from(2) }))
    );
    let invalid = reverted(Mailbox::MailboxInvalidAttesterSet {});
    let three = f.keys.iter().map(|(k, a)| (k.clone(), *a)).collect();
    assert_eq!(f.rotate(three, 1), Err(invalid.clone()), "1 of 3 is no majority");
    assert_eq!(f.rotate(attester_keys(3, 4), 2), Err(invalid.clone()), "2 of 4 is no majority");
    assert_eq!(f.rotate(attester_keys(3, 4), 5), Err(invalid), "5 of 4");
}

/// Wormhole (2022): the guardian-set account passed in was never checked. Here the caller passes
/// only signatures; the set they are checked against is the one stored, and a caller who brings its
/// own keys, or names a set version that is not current, gets nothing through.
#[test]
fn wormhole_signatures_are_checked_against_the_stored_set_only() {
    let mut f = Fixture::new();
    let m = f.inbound(0, &[1]);
    let digest = f.digest(&m, 1);
    let own: Vec<Bytes> = attester_keys(666, 3).iter().take(2).map(|(k, _)| sign_digest(k, digest)).collect();
    assert_eq!(f.deliver(&m, 1, own.clone()), Err(reverted(Mailbox::MailboxInvalidSignature { index: U256::ZERO })));
    for version in [0, 7] {
        assert_eq!(
            f.deliver(&m, version, own.clone()),
            Err(reverted(Mailbox::MailboxWrongSetVersion { signed: version, current: 1 }))
        );
    }
    assert_eq!(f.handled(), 0, "nothing applied");
}

/// Nomad (2022): a zero root was marked proven, so every unproven message passed. Here no default
/// value proves anything: a Mailbox with no set yet (version 0, threshold 0) refuses every message,
/// even with zero signatures; a signature that recovers to nobody is refused; a zero attester cannot
/// be enrolled; an id is consumed only by a delivery.
#[test]
fn nomad_no_default_value_is_proven() {
    let mut f = Fixture::new();
    let fresh = deploy_mailbox(&mut f.chain, f.governor);
    f.chain.transact(f.governor, fresh, &Mailbox::setRecipientCall { newRecipient: f.recorder }).expect("recipient");
    f.chain
        .transact(f.governor, fresh, &Mailbox::enrollRemoteSenderCall { origin: THERE, sender: remote() })
        .expect("enroll");
    let m = f.inbound(0, &[1]);
    let none = Mailbox::deliverCall { message: m.clone(), version: 0, signatures: Vec::new() };
    assert_eq!(
        f.chain.transact(relayer(), fresh, &none),
        Err(reverted(Mailbox::MailboxNotEnoughSignatures { valid: U256::ZERO, threshold: U256::ZERO }))
    );
    assert!(!f.chain.view(fresh, &Mailbox::deliveredCall { id: keccak256(&m) }), "not consumed");
    assert!(!f.chain.view(fresh, &Mailbox::deliveredCall { id: B256::ZERO }), "zero id not consumed");

    let mut zero_sig = vec![0u8; 64];
    zero_sig.push(27);
    let nobody = vec![zero_sig.into(), vec![0u8; 65].into()];
    assert_eq!(f.deliver(&m, 1, nobody), Err(reverted(Mailbox::MailboxInvalidSignature { index: U256::ZERO })));

    let attesters = vec![Address::ZERO, f.keys[1].1, f.keys[2].1];
    let with_zero = Mailbox::rotateAttestersCall { attesters, newThreshold: 2 };
    assert_eq!(
        f.chain.transact(f.governor, f.mailbox, &with_zero),
        Err(reverted(Mailbox::MailboxInvalidAttesterSet {}))
    );
}

/// Poly Network (2021): a message chose its call target and reached the keeper contract. Here a
/// message never names a target: its body goes to the one recipient governance set, whatever it
/// encodes, and the Mailbox's own governance is out of its reach.
#[test]
fn poly_network_no_arbitrary_call_target() {
    let mut f = Fixture::new();
    let evil = attester_keys(9, 1)[0].1;
    let body = Mailbox::rotateAttestersCall { attesters: vec![evil], newThreshold: 1 }.abi_encode();
    let m = f.inbound(0, &body);
    let sigs = f.attest(&m, &[0, 1]);
    f.deliver(&m, 1, sigs).expect("delivered");
    assert_eq!(f.last_body(), Bytes::from(body), "the body went to the recipient as data");
    assert_eq!(f.chain.view(f.mailbox, &Mailbox::setVersionCall {}), 1, "the set is unchanged");
    assert!(!f.chain.view(f.mailbox, &Mailbox::isAttesterCall { version: 1, account: evil }), "no new attester");
    let takeover = Mailbox::setRecipientCall { newRecipient: relayer() };
    assert!(f.chain.transact(relayer(), f.mailbox, &takeover).is_err(), "governance only");
}

/// A recipient's revert is the delivery's revert, and the id stays unconsumed.
#[test]
fn a_recipient_revert_leaves_the_message_undelivered() {
    let mut f = Fixture::new();
    f.chain.transact(owner(), f.recorder, &TestWallet::setAnswerCall { answer: 1 }).expect("refuse");
    let m = f.inbound(0, &[1]);
    let sigs = f.attest(&m, &[0, 1]);
    assert_eq!(f.deliver(&m, 1, sigs.clone()), Err(reverted(TestWallet::WalletRefused {})));
    assert!(!f.chain.view(f.mailbox, &Mailbox::deliveredCall { id: keccak256(&m) }), "not consumed");
    f.chain.transact(owner(), f.recorder, &TestWallet::setAnswerCall { answer: 0 }).expect("accept");
    f.deliver(&m, 1, sigs).expect("delivered on retry");
    assert_eq!(f.handled(), 1);
}

// ----- fuzzing of signature sets -----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any order, subset, duplication and count of the set's signatures: delivered exactly when the
    /// signers are distinct, ascending, and at least the threshold; an id is never consumed twice.
    #[test]
    fn signature_sets(seed in any::<u64>(), which in proptest::collection::vec(0usize..5, 0..=7)) {
        let mut f = Fixture::new();
        f.rotate(attester_keys(seed, 5), 3).expect("3 of 5");
        let m = f.inbound(seed, &[1]);
        let valid = which.len() >= 3 && which.windows(2).all(|w| w[0] < w[1]);
        let sigs = f.attest(&m, &which);
        prop_assert_eq!(f.deliver(&m, 2, sigs.clone()).is_ok(), valid);
        prop_assert_eq!(f.handled(), u32::from(valid));
        if valid {
            prop_assert!(f.deliver(&m, 2, sigs).is_err(), "consumed once");
            prop_assert_eq!(f.handled(), 1);
        }
    }
}

//! The delivery-gas comparison with Hyperlane, on the bench's own anvil: Hyperlane's `Mailbox.process`
//! with a 2-of-3 static `MessageIdMultisigIsm` (built from npm `@hyperlane-xyz/core` in
//! `bench/hyperlane`, by `cargo xtask bench relayer`) against this suite's `Mailbox.deliver` at
//! 2-of-3, both handing the same body to the same do-nothing recipient. The body is the one a real
//! delivery of the bench carried. Each side delivers two messages; the second (steady state: the
//! contracts' slots already warm from the first's writes in earlier blocks, as on a busy route) is
//! the figure.

use alloy::primitives::{Address, B256, Bytes, eip191_hash_message, keccak256};
use alloy::signers::SignerSync;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{SolCall, SolValue};
use serde_json::{Value, json};
use std::path::Path;
use tfx_abi::evm::Mailbox;
use tfx_localnet::{ATTESTER_KEYS, DEV_ADDRS, quantity, rpc, send_unlocked};
use tfx_relayer::attestation::{Domain, sign};
use tfx_relayer::message::{MessageType, VERSION};

alloy::sol! {
    interface HyperlaneMailbox {
        function initialize(address owner, address defaultIsm, address defaultHook, address requiredHook);
        function process(bytes metadata, bytes message) payable;
    }
    interface StaticMessageIdMultisigIsmFactory {
        function deploy(address[] values, uint8 threshold) returns (address);
    }
}

/// The origin the comparison's messages claim (a remote chain; nothing is checked against it but
/// the enrolled sender).
const ORIGIN: u64 = 1;
const HYPERLANE_VERSION: u8 = 3;

struct Chain<'a> {
    url: &'a str,
    from: &'a str,
}

impl Chain<'_> {
    fn send(&self, to: Address, data: Vec<u8>) -> Value {
        let to = to.to_string();
        send_unlocked(self.url, self.from, Some(&to), &alloy::hex::encode_prefixed(data)).expect("transaction")
    }

    fn deploy(&self, code: &[u8]) -> Address {
        let receipt = send_unlocked(self.url, self.from, None, &alloy::hex::encode_prefixed(code)).expect("deployment");
        receipt["contractAddress"].as_str().expect("created").parse().expect("address")
    }

    fn call(&self, to: Address, data: Vec<u8>) -> Vec<u8> {
        let out = rpc(
            self.url,
            "eth_call",
            json!([{ "from": self.from, "to": to, "data": alloy::hex::encode_prefixed(data) }, "latest"]),
        )
        .expect("eth_call");
        alloy::hex::decode(out.as_str().expect("hex")).expect("hex")
    }

    fn gas(receipt: &Value) -> u64 {
        quantity(&receipt["gasUsed"]).expect("gasUsed")
    }
}

/// Creation code of `contract` as `forge build` left it in bench/hyperlane/out.
fn artifact(root: &Path, file: &str, contract: &str) -> Vec<u8> {
    let path = root.join(format!("bench/hyperlane/out/{file}/{contract}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (built by `cargo xtask bench relayer`)", path.display()));
    let json: Value = serde_json::from_str(&text).expect("artifact JSON");
    alloy::hex::decode(json["bytecode"]["object"].as_str().expect("bytecode")).expect("hex")
}

/// The two lowest attester keys, in ascending address order (both Mailboxes' signature order).
fn two_of_three() -> (Vec<Address>, Vec<PrivateKeySigner>) {
    let mut keys: Vec<PrivateKeySigner> =
        ATTESTER_KEYS.iter().map(|k| tfx_evm::signer_from_hex(k).expect("key")).collect();
    keys.sort_by_key(PrivateKeySigner::address);
    (keys.iter().map(PrivateKeySigner::address).collect(), keys.into_iter().take(2).collect())
}

/// Gas of both transports on the anvil at `url` (chain `chain_id`), for `body` delivered as a
/// `VideoRegistered`; the comparison's JSON.
pub(crate) fn compare(root: &Path, url: &str, chain_id: u64, body: &Bytes) -> Value {
    let chain = Chain { url, from: DEV_ADDRS[0] };
    let governor: Address = DEV_ADDRS[0].parse().expect("address");
    let noop = chain.deploy(&artifact(root, "Bench.sol", "NoopRecipient"));
    let sender = B256::left_padding_from(&[0x5e; 20]);
    let (attesters, signers) = two_of_three();

    let ours = chain.deploy(&[Mailbox::BYTECODE.as_ref(), &governor.abi_encode()].concat());
    chain.send(ours, Mailbox::rotateAttestersCall { attesters: attesters.clone(), newThreshold: 2 }.abi_encode());
    chain.send(ours, Mailbox::enrollRemoteSenderCall { origin: ORIGIN, sender }.abi_encode());
    chain.send(ours, Mailbox::setRecipientCall { newRecipient: noop }.abi_encode());
    let domain = Domain { chain_id, mailbox: ours };
    let ours_gas: Vec<u64> = (0..2u64)
        .map(|nonce| {
            let message = [
                &[VERSION][..],
                &ORIGIN.to_be_bytes(),
                &chain_id.to_be_bytes(),
                &nonce.to_be_bytes(),
                sender.as_slice(),
                &[MessageType::VideoRegistered as u8],
                body,
            ]
            .concat();
            let id = keccak256(&message);
            let signatures = signers.iter().map(|k| Bytes::from(sign(k, domain, id, 1).expect("sign"))).collect();
            let call = Mailbox::deliverCall { message: message.into(), version: 1, signatures };
            Chain::gas(&chain.send(ours, call.abi_encode()))
        })
        .collect();

    let hook = chain.deploy(&artifact(root, "TestPostDispatchHook.sol", "TestPostDispatchHook"));
    let factory = chain.deploy(&artifact(root, "StaticMultisigIsm.sol", "StaticMessageIdMultisigIsmFactory"));
    let deploy_ism = StaticMessageIdMultisigIsmFactory::deployCall { values: attesters, threshold: 2 }.abi_encode();
    let ism = Address::from_slice(&chain.call(factory, deploy_ism.clone())[12..32]);
    chain.send(factory, deploy_ism);
    let local = u32::try_from(chain_id).expect("Hyperlane domains are u32");
    let theirs = chain.deploy(&[artifact(root, "Mailbox.sol", "Mailbox"), local.abi_encode()].concat());
    chain.send(
        theirs,
        HyperlaneMailbox::initializeCall { owner: governor, defaultIsm: ism, defaultHook: hook, requiredHook: hook }
            .abi_encode(),
    );
    let origin = u32::try_from(ORIGIN).expect("u32");
    // A message-id checkpoint: the origin's merkle tree hook, a root and an index, which the ISM
    // binds into the signed digest without checking them against anything on this chain.
    let (merkle_hook, root_hash) = (B256::left_padding_from(&[0x3e; 20]), B256::repeat_byte(0x7a));
    let theirs_gas: Vec<u64> = (0..2u32)
        .map(|nonce| {
            let recipient = B256::left_padding_from(noop.as_slice());
            let message = [
                &[HYPERLANE_VERSION][..],
                &nonce.to_be_bytes(),
                &origin.to_be_bytes(),
                sender.as_slice(),
                &local.to_be_bytes(),
                recipient.as_slice(),
                body,
            ]
            .concat();
            let id = keccak256(&message);
            let domain_hash = keccak256([&origin.to_be_bytes()[..], merkle_hook.as_slice(), b"HYPERLANE"].concat());
            let checkpoint =
                keccak256([domain_hash.as_slice(), root_hash.as_slice(), &nonce.to_be_bytes(), id.as_slice()].concat());
            let digest = eip191_hash_message(checkpoint);
            let mut metadata = [merkle_hook.as_slice(), root_hash.as_slice(), &nonce.to_be_bytes()].concat();
            for k in &signers {
                metadata.extend_from_slice(&k.sign_hash_sync(&digest).expect("sign").as_bytes());
            }
            let call = HyperlaneMailbox::processCall { metadata: metadata.into(), message: message.into() };
            Chain::gas(&chain.send(theirs, call.abi_encode()))
        })
        .collect();
    json!({
        "body_bytes": body.len(),
        "recipient": "a do-nothing contract (the same one for both)",
        "tensorflix_deliver_2_of_3": ours_gas[1],
        "hyperlane_process_message_id_multisig_2_of_3": theirs_gas[1],
        "first_delivery": { "tensorflix": ours_gas[0], "hyperlane": theirs_gas[0] },
        "hyperlane": "@hyperlane-xyz/core 12.1.0 from npm, solc 0.8.30 (solc-js), optimizer 3,599 runs (Hyperlane's setting), cancun; Mailbox deployed without its proxy, ISM from StaticMessageIdMultisigIsmFactory (a MetaProxy clone, as deployed in production)",
    })
}

//! Attacks on the running cross-chain layer, each refused by the destination chain itself: forged,
//! too few, duplicated and rotated-out signatures, a replay, a message for another chain, a
//! dispatch that a reorg removed before finality, and freezes over the rate limit.

use alloy::primitives::{Address, B256, Bytes};
use alloy::providers::{DynProvider, Provider};
use alloy::signers::local::PrivateKeySigner;
use serde_json::json;
use std::time::Duration;
use tfx_abi::evm::Mailbox;
use tfx_core::Deployment;
use tfx_e2e::relayer::{TwoChains, eventually};
use tfx_e2e::{DEV_KEYS, LocalChain, indexer::advance, rpc};
use tfx_localnet::ATTESTER_KEYS;
use tfx_localnet::role::{ADMIN, MINER};
use tfx_relayer::attestation::{Domain, sign};

struct Chain {
    mailbox: Mailbox::MailboxInstance<DynProvider>,
    provider: DynProvider,
    domain: Domain,
}

async fn chain(net: &TwoChains, name: &str) -> Chain {
    let record = Deployment::load(&net.deployments, name).expect("record").expect("deployed");
    let address: Address = record.contract("Mailbox").expect("Mailbox").address.parse().expect("address");
    let governor = tfx_evm::signer_from_hex(DEV_KEYS[ADMIN]).expect("key");
    let (provider, _) = tfx_evm::connect(net.node(name).url(), Some(record.chain_id), governor).await.expect("rpc");
    Chain {
        mailbox: Mailbox::new(address, provider.clone()),
        provider,
        domain: Domain { chain_id: record.chain_id, mailbox: address },
    }
}

/// The canonical message a `flix message ...` output's transaction dispatched.
async fn dispatched(c: &Chain, out: &serde_json::Value) -> (B256, Bytes) {
    let tx: B256 = out["tx"].as_str().expect("tx").parse().expect("hash");
    let receipt = c.provider.get_transaction_receipt(tx).await.expect("rpc").expect("mined");
    let d = receipt.inner.logs().iter().find_map(|l| l.log_decode::<Mailbox::Dispatched>().ok()).expect("Dispatched");
    (d.inner.data.id, d.inner.data.message.clone())
}

fn key(i: usize) -> PrivateKeySigner {
    tfx_evm::signer_from_hex(ATTESTER_KEYS[i]).expect("key")
}

/// Signatures of `keys` over `id` for set `version` at `at`, in ascending signer order.
fn signatures(keys: &[PrivateKeySigner], at: Domain, id: B256, version: u64) -> Vec<Bytes> {
    let mut signed: Vec<(Address, Vec<u8>)> =
        keys.iter().map(|k| (k.address(), sign(k, at, id, version).expect("sign"))).collect();
    signed.sort();
    signed.into_iter().map(|(_, s)| s.into()).collect()
}

/// What delivering `message` with `sigs` at `c` is refused with (the decoded custom error).
async fn refusal(c: &Chain, message: &Bytes, version: u64, sigs: Vec<Bytes>) -> String {
    match c.mailbox.deliver(message.clone(), version, sigs).call().await {
        Ok(_) => panic!("the delivery was accepted"),
        Err(e) => tfx_evm::describe_revert(&e),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_short_duplicated_rotated_replayed_and_misrouted_deliveries_are_refused() {
    let mut net = TwoChains::start("attacks", 10);
    // The relayer stays away: the attacker delivers by hand.
    net.relayer.kill();
    let (a, b) = (chain(&net, "avalanche").await, chain(&net, "ethereum").await);
    let video = format!("0x{:064x}", 0xBAD_0001u64);
    let out = net.register_output("avalanche", "ethereum", &video);
    let (id, message) = dispatched(&a, &out).await;
    let version = b.mailbox.setVersion().call().await.expect("version");
    assert_eq!(version, 1);

    let forged = [PrivateKeySigner::random(), PrivateKeySigner::random()];
    let r = refusal(&b, &message, version, signatures(&forged, b.domain, id, version)).await;
    assert!(r.starts_with("MailboxInvalidSignature"), "forged: {r}");
    let r = refusal(&b, &message, version, signatures(&[key(0)], b.domain, id, version)).await;
    assert!(r.starts_with("MailboxNotEnoughSignatures"), "one of three: {r}");
    let one = signatures(&[key(0)], b.domain, id, version).remove(0);
    let r = refusal(&b, &message, version, vec![one.clone(), one]).await;
    assert!(r.starts_with("MailboxSignersNotAscending"), "the same signer twice: {r}");
    // Signed for another chain's Mailbox: the domain does not match here.
    let r = refusal(&b, &message, version, signatures(&[key(0), key(1)], a.domain, id, version)).await;
    assert!(r.starts_with("MailboxInvalidSignature"), "signed for avalanche: {r}");
    let r = refusal(&a, &message, version, signatures(&[key(0), key(1)], a.domain, id, version)).await;
    assert!(r.starts_with("MailboxWrongDestination"), "delivered to its origin: {r}");

    // Two valid signatures deliver; the same delivery again is a replay.
    let valid = signatures(&[key(0), key(1)], b.domain, id, version);
    let sent = b.mailbox.deliver(message.clone(), version, valid.clone()).send().await.expect("deliver");
    assert!(sent.get_receipt().await.expect("receipt").status());
    assert!(b.mailbox.delivered(id).call().await.expect("delivered"));
    let r = refusal(&b, &message, version, valid).await;
    assert!(r.starts_with("MailboxAlreadyDelivered"), "replay: {r}");

    // Governance rotates attester 0 out: version 1's signatures and attester 0's stop counting.
    let newcomer = PrivateKeySigner::random();
    let mut set = vec![key(1).address(), key(2).address(), newcomer.address()];
    set.sort();
    let rotated = b.mailbox.rotateAttesters(set, 2).send().await.expect("rotate");
    assert!(rotated.get_receipt().await.expect("receipt").status());
    let video2 = format!("0x{:064x}", 0xBAD_0002u64);
    let out = net.register_output("avalanche", "ethereum", &video2);
    let (id2, message2) = dispatched(&a, &out).await;
    let r = refusal(&b, &message2, 1, signatures(&[key(0), key(1)], b.domain, id2, 1)).await;
    assert!(r.starts_with("MailboxWrongSetVersion"), "the old set's version: {r}");
    let r = refusal(&b, &message2, 2, signatures(&[key(0), key(1)], b.domain, id2, 2)).await;
    assert!(r.starts_with("MailboxInvalidSignature"), "a rotated-out key: {r}");

    // The agents follow the rotation: attesters 1 and 2 sign under version 2 and the relayer,
    // back, delivers.
    net.relayer.start();
    net.wait_delivered(&[id2.to_string()], Duration::from_secs(60));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dispatch_removed_by_a_reorg_before_finality_is_never_signed_or_delivered() {
    let net = TwoChains::start("reorg", 10);
    let a = chain(&net, "avalanche").await;
    let video = format!("0x{:064x}", 0x4E0_0001u64);
    let out = net.register_output("avalanche", "ethereum", &video);
    let (id, _) = dispatched(&a, &out).await;
    // Replace every block from the dispatch's on, at once (finality is 2 blocks, a block a second).
    let block = out["block"].as_u64().expect("block");
    let head = tfx_localnet::block_number(net.a.url()).expect("head");
    rpc(net.a.url(), "anvil_reorg", json!([head - block + 1, []])).expect("anvil_reorg");
    // A message dispatched later on the same route still crosses: the layer is alive.
    let later = net.register("avalanche", "ethereum", &format!("0x{:064x}", 0x4E0_0002u64));
    net.wait_delivered(&[later], Duration::from_secs(60));
    let b = chain(&net, "ethereum").await;
    assert!(!b.mailbox.delivered(id).call().await.expect("delivered"), "a reorged-out dispatch was delivered");
    for attester in &net.attesters {
        let (status, body) =
            tfx_localnet::http_get(&format!("{}/v1/attestations/{id}", attester.url)).expect("attester");
        assert_eq!(status, 404, "{} signed a reorged-out dispatch: {body}", attester.url);
    }
    assert!(net.message(&id.to_string()).is_none(), "the indexer unwound the dispatch");
}

#[tokio::test(flavor = "multi_thread")]
async fn freezes_over_the_rate_limit_are_refused_until_the_next_period() {
    // One freeze per origin and hour.
    let net = TwoChains::start("ratelimit", 1);
    net.flix("avalanche", MINER, &["faucet", "--amount", "2000000000"]);
    net.flix("avalanche", MINER, &["collateral", "deposit", "--amount", "1000000000"]);
    let slashes: Vec<String> = (0..2u64).map(|i| net.approved_slash("avalanche", 0xF4EE_0000 + i)).collect();
    advance(&net.a, 2 * 86_400 + 1);
    let mut ids = Vec::new();
    for slash in &slashes {
        net.flix("avalanche", ADMIN, &["collateral", "execute", "--slash", slash]);
        let out = net.flix(
            "avalanche",
            tfx_localnet::role::HOLDER,
            &["message", "slash", "--slash", slash, "--to", "ethereum"],
        );
        ids.push(out["message"].as_str().expect("id").to_owned());
    }
    net.wait_delivered(&ids[..1], Duration::from_secs(60));
    let refused = eventually("the second freeze is refused", Duration::from_secs(60), || {
        let m = net.message(&ids[1])?;
        m["last_error"].as_str().is_some_and(|e| e.contains("StudioRouterFreezeRateLimited")).then_some(m)
    });
    assert_eq!(refused["deliveries"], json!(0), "{refused}");
    // The next period on the destination: it goes through.
    advance(&net.b, 3_600);
    net.wait_delivered(&ids[1..], Duration::from_secs(90));
}

//! The devnet answers as an Agave RPC node does: transactions land one per slot with their
//! `emit_cpi!` events in `getBlock`, and bad transactions are refused with the runtime's error.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::str::FromStr;
use tfx_solana_devnet::{Devnet, MAX_RECENT_BLOCKHASHES, RpcError};
use tfx_solana_runtime::anchor_lang::prelude::Pubkey;
use tfx_solana_runtime::vote_tally as vt;

fn call(devnet: &mut Devnet, method: &str, params: Value) -> Result<Value, RpcError> {
    devnet.handle(method, params.as_array().expect("params array"))
}

fn funded(devnet: &mut Devnet) -> Keypair {
    let key = Keypair::new();
    call(devnet, "requestAirdrop", json!([key.pubkey().to_string(), 10_000_000_000u64])).expect("airdrop");
    key
}

fn blockhash(devnet: &mut Devnet) -> Hash {
    let answer = call(devnet, "getLatestBlockhash", json!([])).expect("blockhash");
    Hash::from_str(answer["value"]["blockhash"].as_str().expect("a blockhash")).expect("base-58 hash")
}

fn send(devnet: &mut Devnet, tx: &Transaction) -> Result<Value, RpcError> {
    let wire = BASE64.encode(bincode::serialize(tx).expect("serialize"));
    call(devnet, "sendTransaction", json!([wire, { "encoding": "base64" }]))
}

fn initialize(devnet: &mut Devnet, admin: &Keypair) -> Transaction {
    let mint = devnet.runtime().create_mint(admin, 9).expect("a stake mint");
    let message = Message::new(&[vt::initialize(&admin.pubkey(), &mint)], Some(&admin.pubkey()));
    Transaction::new(&[admin], message, blockhash(devnet))
}

#[test]
fn transactions_land_one_per_slot_with_their_events() {
    let mut devnet = Devnet::new();
    let admin = funded(&mut devnet);
    let tx = initialize(&mut devnet, &admin);
    let signature = send(&mut devnet, &tx).expect("initialize lands");
    let slot = call(&mut devnet, "getSlot", json!([])).expect("slot");
    let block = call(&mut devnet, "getBlock", json!([slot, { "transactionDetails": "full" }])).expect("block");
    let parent = call(&mut devnet, "getBlock", json!([slot.as_u64().unwrap() - 1])).expect("parent block");
    assert_eq!(block["previousBlockhash"], parent["blockhash"]);
    let landed = &block["transactions"][0];
    assert_eq!(landed["transaction"]["signatures"][0], signature);
    let keys = landed["transaction"]["message"]["accountKeys"].as_array().expect("keys");
    assert!(keys.iter().any(|k| k == &json!(tfx_vote_tally::ID.to_string())));

    let status = call(&mut devnet, "getSignatureStatuses", json!([[signature]])).expect("statuses");
    assert_eq!(status["value"][0]["slot"], slot);
    let by_signature = call(&mut devnet, "getTransaction", json!([signature])).expect("transaction");
    assert_eq!(by_signature["slot"], slot);
    assert_eq!(by_signature["transaction"], landed["transaction"]);

    let config = call(&mut devnet, "getAccountInfo", json!([vt::config().to_string(), { "encoding": "base64" }]))
        .expect("account");
    assert_eq!(config["value"]["owner"], json!(tfx_vote_tally::ID.to_string()));
    let blocks = call(&mut devnet, "getBlocks", json!([0, slot])).expect("blocks");
    assert_eq!(blocks.as_array().map(Vec::len), Some(slot.as_u64().unwrap() as usize + 1), "no slot skipped");
}

#[test]
fn replayed_stale_and_failing_transactions_are_refused() {
    let mut devnet = Devnet::new();
    let admin = funded(&mut devnet);
    let tx = initialize(&mut devnet, &admin);
    send(&mut devnet, &tx).expect("first send");
    let replay = send(&mut devnet, &tx).expect_err("the same transaction twice");
    assert_eq!(replay.code, -32002);
    assert_eq!(replay.data.as_ref().unwrap()["err"], json!("AlreadyProcessed"));

    // Initializing twice fails in the program: refused with the instruction's error and the log.
    let again = initialize(&mut devnet, &admin);
    let failed = send(&mut devnet, &again).expect_err("initialized twice");
    assert_eq!(failed.code, -32002);
    assert!(failed.data.as_ref().unwrap()["err"]["InstructionError"].is_array(), "{failed:?}");
    assert!(failed.data.as_ref().unwrap()["logs"].as_array().is_some_and(|l| !l.is_empty()));
    let again = send(&mut devnet, &again).expect_err("a refused transaction did not land: it fails the same way again");
    assert!(again.data.as_ref().unwrap()["err"]["InstructionError"].is_array(), "{again:?}");

    let stale = blockhash(&mut devnet);
    for _ in 0..MAX_RECENT_BLOCKHASHES {
        funded(&mut devnet);
    }
    let message = Message::new(&[vt::grant_organizer(&admin.pubkey(), &Pubkey::new_unique())], Some(&admin.pubkey()));
    let expired = send(&mut devnet, &Transaction::new(&[&admin], message, stale)).expect_err("an expired blockhash");
    assert_eq!(expired.data.as_ref().unwrap()["err"], json!("BlockhashNotFound"));
}

#[test]
fn skipped_slots_have_no_block() {
    let mut devnet = Devnet::new();
    funded(&mut devnet);
    let before = call(&mut devnet, "getSlot", json!([])).expect("slot").as_u64().unwrap();
    call(&mut devnet, "tfx_skipSlots", json!([3])).expect("skip");
    funded(&mut devnet);
    let after = call(&mut devnet, "getSlot", json!([])).expect("slot").as_u64().unwrap();
    assert_eq!(after, before + 4, "three slots passed without a block");
    let skipped = call(&mut devnet, "getBlock", json!([before + 1])).expect_err("a skipped slot");
    assert_eq!(skipped.code, -32007);
    let future = call(&mut devnet, "getBlock", json!([after + 1])).expect_err("a slot not produced yet");
    assert_eq!(future.code, -32004);
    let blocks = call(&mut devnet, "getBlocks", json!([before, after])).expect("blocks");
    assert_eq!(blocks, json!([before, after]));
    let block = call(&mut devnet, "getBlock", json!([after])).expect("block");
    let parent = call(&mut devnet, "getBlock", json!([before])).expect("block");
    assert_eq!(block["parentSlot"], json!(before));
    assert_eq!(block["previousBlockhash"], parent["blockhash"]);
    assert_eq!(block["blockHeight"].as_u64().unwrap() + 3, after, "heights count blocks, slots count time");
}

#[test]
fn the_clock_moves_on_request() {
    let mut devnet = Devnet::new();
    let before = devnet.runtime().clock().unix_timestamp;
    call(&mut devnet, "tfx_increaseTime", json!([3_600])).expect("increase time");
    assert!(devnet.runtime().clock().unix_timestamp >= before + 3_600);
    assert_eq!(call(&mut devnet, "nope", json!([])).expect_err("unknown method").code, -32601);
}

//! The devnet's Ethereum JSON-RPC, driven as a wallet and an indexer would: a signed deployment of
//! a PolkaVM blob, a signed call, receipts, blocks and filtered logs, and the refusals.

use alloy_consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::aliases::U40;
use alloy_primitives::{Address, B256, Bytes, Signature, TxKind, U256};
use alloy_sol_types::{SolCall, SolConstructor, SolError, SolEvent};
use k256::ecdsa::SigningKey;
use serde_json::{Value, json};
use tfx_ink_sandbox::Chain;
use tfx_ink_sandbox::abi::{VideoNft, evm};
use tfx_ink_sandbox::rpc::Devnet;

const CHAIN_ID: u64 = 420_420_420;

struct Wallet {
    key: SigningKey,
    address: Address,
    nonce: u64,
}

impl Wallet {
    fn new() -> Self {
        let key = SigningKey::from_bytes(&[0x42; 32].into()).expect("key");
        let address = Address::from_private_key(&key);
        Self { key, address, nonce: 0 }
    }

    /// An EIP-1559 transaction, signed and encoded for `eth_sendRawTransaction`.
    fn sign(&mut self, chain_id: u64, to: TxKind, input: Vec<u8>) -> Value {
        let tx = TxEip1559 {
            chain_id,
            nonce: self.nonce,
            gas_limit: 30_000_000,
            max_fee_per_gas: 2_000_000_000,
            max_priority_fee_per_gas: 0,
            to,
            value: U256::ZERO,
            access_list: Default::default(),
            input: input.into(),
        };
        let (sig, recid) = self.key.sign_prehash_recoverable(tx.signature_hash().as_slice()).expect("sign");
        let signature = Signature::from_signature_and_parity(sig, recid.is_y_odd());
        self.nonce += 1;
        json!(Bytes::from(TxEnvelope::from(tx.into_signed(signature)).encoded_2718()))
    }
}

fn call(devnet: &mut Devnet, method: &str, params: Value) -> Value {
    let params = params.as_array().cloned().unwrap_or_default();
    devnet.handle(method, &params).unwrap_or_else(|e| panic!("{method}: {e:?}"))
}

/// Deploys VideoNft the way `cast send --create` or an alloy deployer does.
fn deploy(devnet: &mut Devnet, wallet: &mut Wallet) -> Address {
    let mut input = Chain::artifact("video_nft");
    let (commit_min_age, commit_max_age) = (U40::from(1), U40::from(3_600));
    input.extend(VideoNft::constructorCall { admin: wallet.address, commit_min_age, commit_max_age }.abi_encode());
    let raw = wallet.sign(CHAIN_ID, TxKind::Create, input);
    let hash = call(devnet, "eth_sendRawTransaction", json!([raw]));
    let receipt = call(devnet, "eth_getTransactionReceipt", json!([hash]));
    assert_eq!(receipt["status"], "0x1");
    serde_json::from_value(receipt["contractAddress"].clone()).expect("contract address")
}

#[test]
fn a_wallet_deploys_calls_and_reads_logs() {
    let mut wallet = Wallet::new();
    let mut devnet = Devnet::new(CHAIN_ID, &[wallet.address]);
    assert_eq!(call(&mut devnet, "eth_chainId", json!([])), format!("{CHAIN_ID:#x}"));
    let nft = deploy(&mut devnet, &mut wallet);
    assert!(call(&mut devnet, "eth_getCode", json!([nft])).as_str().is_some_and(|c| c.len() > 2));

    // The deployer holds the registrar role: it reserves the id for itself and mints it without a
    // commitment, in two signed transactions.
    let hash = B256::repeat_byte(7);
    let reserve = evm::VideoNft::reserveCall { videoId: U256::from_be_bytes(hash.0), creator: wallet.address };
    let raw = wallet.sign(CHAIN_ID, TxKind::Call(nft), reserve.abi_encode());
    call(&mut devnet, "eth_sendRawTransaction", json!([raw]));
    let mint =
        evm::VideoNft::mintCall { contentHash: hash, playbackId: "f5eese9w".into(), royaltyBps: 500, salt: B256::ZERO };
    let raw = wallet.sign(CHAIN_ID, TxKind::Call(nft), mint.abi_encode());
    let tx = call(&mut devnet, "eth_sendRawTransaction", json!([raw]));
    let receipt = call(&mut devnet, "eth_getTransactionReceipt", json!([tx]));
    assert_eq!((receipt["status"].as_str(), receipt["blockNumber"].as_str()), (Some("0x1"), Some("0x3")));
    assert_eq!(receipt["logs"].as_array().map(Vec::len), Some(2), "Transfer and VideoMinted");

    let block = call(&mut devnet, "eth_getBlockByNumber", json!(["latest", false]));
    let parent = call(&mut devnet, "eth_getBlockByNumber", json!(["0x2", false]));
    assert_eq!((block["number"].as_str(), &block["parentHash"]), (Some("0x3"), &parent["hash"]));
    assert_eq!(block["transactions"], json!([tx]));

    let minted = json!({ "fromBlock": "0x0", "toBlock": "latest", "address": [nft],
        "topics": [evm::VideoNft::VideoMinted::SIGNATURE_HASH] });
    let logs = call(&mut devnet, "eth_getLogs", json!([minted]));
    assert_eq!(logs.as_array().map(Vec::len), Some(1));
    assert_eq!(logs[0]["blockHash"], block["hash"]);
    assert_eq!(logs[0]["logIndex"], "0x1");
    let elsewhere = json!({ "fromBlock": "0x0", "address": Address::repeat_byte(9) });
    assert_eq!(call(&mut devnet, "eth_getLogs", json!([elsewhere])), json!([]));

    let view = evm::VideoNft::ownerOfCall { tokenId: U256::from_be_bytes(hash.0) };
    let out = call(&mut devnet, "eth_call", json!([{ "to": nft, "data": Bytes::from(view.abi_encode()) }, "latest"]));
    let owner: Bytes = serde_json::from_value(out).expect("bytes");
    assert_eq!(evm::VideoNft::ownerOfCall::abi_decode_returns(&owner), Ok(wallet.address));
}

#[test]
fn refusals_change_nothing() {
    let mut wallet = Wallet::new();
    let mut devnet = Devnet::new(CHAIN_ID, &[wallet.address]);
    let nft = deploy(&mut devnet, &mut wallet);
    let head = call(&mut devnet, "eth_blockNumber", json!([]));

    let mint =
        evm::VideoNft::mintCall { contentHash: B256::ZERO, playbackId: "p".into(), royaltyBps: 0, salt: B256::ZERO };
    let reverted = devnet
        .handle(
            "eth_estimateGas",
            &[json!({ "from": wallet.address, "to": nft, "data": Bytes::from(mint.abi_encode()) })],
        )
        .expect_err("zero hash reverts");
    assert_eq!(
        (reverted.code, reverted.data),
        (3, Some(json!(Bytes::from(evm::VideoNft::VideoNftInvalidContentHash::SELECTOR.to_vec()))))
    );

    let other_chain = wallet.sign(CHAIN_ID + 1, TxKind::Call(nft), vec![]);
    assert_eq!(devnet.handle("eth_sendRawTransaction", &[other_chain]).map_err(|e| e.code), Err(-32602));
    wallet.nonce += 5;
    let future = wallet.sign(CHAIN_ID, TxKind::Call(nft), vec![]);
    assert_eq!(devnet.handle("eth_sendRawTransaction", &[future]).map_err(|e| e.code), Err(-32003));
    assert_eq!(devnet.handle("eth_sendRawTransaction", &[json!("0xdeadbeef")]).map_err(|e| e.code), Err(-32602));
    assert_eq!(devnet.handle("eth_getLogs", &[json!({ "fromBlock": "soon" })]).map_err(|e| e.code), Err(-32602));
    assert_eq!(devnet.handle("eth_mining", &[]).map_err(|e| e.code), Err(-32601));
    assert_eq!(call(&mut devnet, "eth_blockNumber", json!([])), head, "nothing was mined");
}

#[test]
fn a_reverted_transaction_is_mined_as_failed() {
    let mut wallet = Wallet::new();
    let mut devnet = Devnet::new(CHAIN_ID, &[wallet.address]);
    let nft = deploy(&mut devnet, &mut wallet);
    let mint =
        evm::VideoNft::mintCall { contentHash: B256::ZERO, playbackId: "p".into(), royaltyBps: 0, salt: B256::ZERO };
    let raw = wallet.sign(CHAIN_ID, TxKind::Call(nft), mint.abi_encode());
    let tx = call(&mut devnet, "eth_sendRawTransaction", json!([raw]));
    let receipt = call(&mut devnet, "eth_getTransactionReceipt", json!([tx]));
    assert_eq!((receipt["status"].as_str(), receipt["logs"].as_array().map(Vec::len)), (Some("0x0"), Some(0)));
    assert_eq!(call(&mut devnet, "eth_getTransactionCount", json!([wallet.address, "latest"])), "0x2", "nonce spent");
}

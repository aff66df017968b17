//! The Ethereum JSON-RPC Polkadot Hub serves, over a [`Chain`]: a Polkadot Hub devnet for wallets,
//! the deployer and the indexer, as anvil is for the EVM chains. Each transaction is mined at once
//! in its own block; a contract is deployed by a transaction without `to` whose input is the PolkaVM
//! blob followed by the constructor arguments, as on Polkadot Hub.
//!
//! Served: `eth_chainId`, `net_version`, `web3_clientVersion`, `eth_blockNumber`,
//! `eth_getBlockByNumber`/`eth_getBlockByHash` (transaction hashes only), `eth_getLogs`,
//! `eth_call`, `eth_estimateGas`, `eth_sendRawTransaction`, `eth_getTransactionReceipt`,
//! `eth_getTransactionCount`, `eth_getBalance`, `eth_getCode`, `eth_gasPrice`,
//! `eth_maxPriorityFeePerGas`, `eth_feeHistory`, and anvil's `evm_increaseTime` and `evm_mine`.
//! Gas is not metered in Ethereum units: estimates and receipts report a fixed figure.

use crate::{CallError, Chain};
use alloy_consensus::transaction::SignerRecoverable;
use alloy_consensus::{Transaction, TxEnvelope};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{Address, B256, Bytes, Log, U256, keccak256};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::str::FromStr;

/// Gas reported for every transaction (the devnet meters weight, not Ethereum gas).
const GAS: u64 = 1_000_000;
const GAS_LIMIT: u64 = 30_000_000;
const GAS_PRICE: u64 = 1_000_000_000;
/// keccak256(rlp([])): the ommers hash of a block without ommers.
const EMPTY_OMMERS: &str = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

pub use tfx_devnet_rpc::RpcError;

impl From<CallError> for RpcError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Reverted(data) => {
                Self { code: 3, message: "execution reverted".into(), data: Some(json!(data)) }
            }
            CallError::Failed(why) => Self { code: -32000, message: why, data: None },
        }
    }
}

struct Block {
    number: u64,
    hash: B256,
    parent: B256,
    timestamp: u64,
    txs: Vec<B256>,
}

struct Receipt {
    block: u64,
    from: Address,
    to: Option<Address>,
    contract: Option<Address>,
    success: bool,
    logs: Vec<Log>,
}

/// The devnet: a chain, its blocks and receipts.
pub struct Devnet {
    chain: Chain,
    chain_id: u64,
    /// Seconds added to the wall clock by `evm_increaseTime`.
    time_offset: u64,
    blocks: Vec<Block>,
    receipts: HashMap<B256, Receipt>,
}

impl tfx_devnet_rpc::Node for Devnet {
    fn handle(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError> {
        Devnet::handle(self, method, params)
    }
}

impl Devnet {
    /// A devnet answering as chain `chain_id`, with block 0 at the chain's genesis time and each of
    /// `funded` holding [`DEV_BALANCE`](crate::DEV_BALANCE).
    pub fn new(chain_id: u64, funded: &[Address]) -> Self {
        let mut chain = Chain::with_chain_id(chain_id);
        funded.iter().for_each(|a| chain.fund(*a, crate::DEV_BALANCE));
        chain.set_time(wall_clock());
        let genesis = Block { number: 0, hash: B256::ZERO, parent: B256::ZERO, timestamp: chain.now(), txs: vec![] };
        let mut devnet = Self { chain, chain_id, time_offset: 0, blocks: vec![], receipts: HashMap::new() };
        devnet.push_block(genesis);
        devnet
    }

    /// The chain, for funding accounts or reading state directly.
    pub fn chain(&mut self) -> &mut Chain {
        &mut self.chain
    }

    /// Answers one JSON-RPC call.
    pub fn handle(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError> {
        let p = |i: usize| params.get(i).cloned().unwrap_or(Value::Null);
        match method {
            "eth_chainId" => Ok(quantity(self.chain_id)),
            "net_version" => Ok(json!(self.chain_id.to_string())),
            "web3_clientVersion" => Ok(json!(concat!("tfx-polkadot-hub-devnet/", env!("CARGO_PKG_VERSION")))),
            "eth_blockNumber" => Ok(quantity(self.head().number)),
            "eth_gasPrice" => Ok(quantity(GAS_PRICE)),
            "eth_maxPriorityFeePerGas" => Ok(quantity(0)),
            "eth_feeHistory" => Ok(json!({
                "oldestBlock": quantity(self.head().number),
                "baseFeePerGas": [quantity(GAS_PRICE), quantity(GAS_PRICE)],
                "gasUsedRatio": [0.0],
                "reward": [[quantity(0)]],
            })),
            "eth_getBlockByNumber" => {
                let number = self.block_number(&p(0))?;
                Ok(self.blocks.get(number as usize).map(|b| self.block_json(b)).unwrap_or(Value::Null))
            }
            "eth_getBlockByHash" => {
                let hash = parse::<B256>(&p(0))?;
                Ok(self.blocks.iter().find(|b| b.hash == hash).map(|b| self.block_json(b)).unwrap_or(Value::Null))
            }
            "eth_getLogs" => self.logs(&p(0)),
            "eth_getTransactionReceipt" => {
                let hash = parse::<B256>(&p(0))?;
                Ok(self.receipts.get(&hash).map(|r| self.receipt_json(hash, r)).unwrap_or(Value::Null))
            }
            "eth_getTransactionCount" => Ok(quantity(self.chain.nonce(parse(&p(0))?))),
            "eth_getBalance" => Ok(json!(self.chain.balance(parse(&p(0))?))),
            "eth_getCode" => Ok(json!(Bytes::from(self.chain.code(parse(&p(0))?)))),
            "eth_call" => self.simulate(&p(0)).map(|out| json!(Bytes::from(out))),
            "eth_estimateGas" => self.simulate(&p(0)).map(|_| quantity(GAS)),
            "eth_sendRawTransaction" => self.send_raw(&parse::<Bytes>(&p(0))?).map(|h| json!(h)),
            "evm_increaseTime" => {
                let secs = p(0).as_u64().map(Ok).unwrap_or_else(|| quantity_of(&p(0)))?;
                self.time_offset += secs;
                Ok(quantity(self.time_offset))
            }
            "evm_mine" => {
                self.tick();
                self.mine(vec![]);
                Ok(json!("0x0"))
            }
            _ => Err(RpcError { code: -32601, message: format!("method {method} is not served"), data: None }),
        }
    }

    fn head(&self) -> &Block {
        self.blocks.last().expect("genesis")
    }

    fn push_block(&mut self, mut block: Block) {
        let mut preimage = block.number.to_be_bytes().to_vec();
        preimage.extend_from_slice(block.parent.as_slice());
        preimage.extend_from_slice(&block.timestamp.to_be_bytes());
        block.txs.iter().for_each(|t| preimage.extend_from_slice(t.as_slice()));
        block.hash = keccak256(&preimage);
        self.blocks.push(block);
    }

    /// Moves the chain's clock to the wall clock (plus `evm_increaseTime`), never backwards.
    fn tick(&mut self) {
        let now = wall_clock() + self.time_offset;
        if now > self.chain.now() {
            self.chain.set_time(now);
        }
    }

    /// Seals a block holding `txs`, at the chain's time (never before the parent's).
    fn mine(&mut self, txs: Vec<B256>) -> u64 {
        let (number, parent, parent_time) = (self.head().number + 1, self.head().hash, self.head().timestamp);
        let timestamp = self.chain.now().max(parent_time);
        self.push_block(Block { number, hash: B256::ZERO, parent, timestamp, txs });
        number
    }

    fn block_number(&self, tag: &Value) -> Result<u64, RpcError> {
        match tag.as_str() {
            None | Some("latest" | "pending" | "safe" | "finalized") => Ok(self.head().number),
            Some("earliest") => Ok(0),
            Some(_) => quantity_of(tag),
        }
    }

    fn block_json(&self, b: &Block) -> Value {
        let zero = B256::ZERO;
        json!({
            "number": quantity(b.number),
            "hash": b.hash,
            "parentHash": b.parent,
            "timestamp": quantity(b.timestamp),
            "transactions": b.txs,
            "uncles": [],
            "sha3Uncles": EMPTY_OMMERS,
            "stateRoot": zero,
            "transactionsRoot": zero,
            "receiptsRoot": zero,
            "logsBloom": Bytes::from(vec![0u8; 256]),
            "miner": Address::ZERO,
            "difficulty": "0x0",
            "extraData": "0x",
            "mixHash": zero,
            "nonce": "0x0000000000000000",
            "gasLimit": quantity(GAS_LIMIT),
            "gasUsed": quantity(GAS * b.txs.len() as u64),
            "baseFeePerGas": quantity(GAS_PRICE),
            "size": "0x0",
        })
    }

    fn receipt_json(&self, hash: B256, r: &Receipt) -> Value {
        let block_hash = self.blocks[r.block as usize].hash;
        json!({
            "transactionHash": hash,
            "transactionIndex": "0x0",
            "blockHash": block_hash,
            "blockNumber": quantity(r.block),
            "from": r.from,
            "to": r.to,
            "contractAddress": r.contract,
            "cumulativeGasUsed": quantity(GAS),
            "gasUsed": quantity(GAS),
            "effectiveGasPrice": quantity(GAS_PRICE),
            "logs": r.logs.iter().enumerate().map(|(i, l)| log_json(l, r.block, block_hash, hash, i)).collect::<Vec<_>>(),
            "logsBloom": Bytes::from(vec![0u8; 256]),
            "type": "0x2",
            "status": quantity(u64::from(r.success)),
        })
    }

    fn logs(&self, filter: &Value) -> Result<Value, RpcError> {
        let (from, to) = match filter.get("blockHash") {
            Some(hash) => {
                let hash = parse::<B256>(hash)?;
                let b =
                    self.blocks.iter().find(|b| b.hash == hash).ok_or_else(|| RpcError::invalid("unknown block"))?;
                (b.number, b.number)
            }
            None => (
                self.block_number(filter.get("fromBlock").unwrap_or(&Value::Null))?,
                self.block_number(filter.get("toBlock").unwrap_or(&Value::Null))?,
            ),
        };
        let addresses: Vec<Address> = match filter.get("address") {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(a)) => a.iter().map(parse).collect::<Result<_, _>>()?,
            Some(a) => vec![parse(a)?],
        };
        let topics: Vec<Vec<B256>> = match filter.get("topics") {
            Some(Value::Array(t)) => t
                .iter()
                .map(|t| match t {
                    Value::Null => Ok(vec![]),
                    Value::Array(any) => any.iter().map(parse).collect(),
                    one => Ok(vec![parse(one)?]),
                })
                .collect::<Result<_, _>>()?,
            _ => vec![],
        };
        let mut out = vec![];
        for b in self.blocks.iter().take(to as usize + 1).skip(from as usize) {
            for tx in &b.txs {
                for (i, log) in self.receipts[tx].logs.iter().enumerate() {
                    let topic_ok = topics
                        .iter()
                        .enumerate()
                        .all(|(n, want)| want.is_empty() || log.topics().get(n).is_some_and(|t| want.contains(t)));
                    if (addresses.is_empty() || addresses.contains(&log.address)) && topic_ok {
                        out.push(log_json(log, b.number, b.hash, *tx, i));
                    }
                }
            }
        }
        Ok(Value::Array(out))
    }

    /// `eth_call`: runs the call (or deployment) and forgets its effects.
    /// Runs `tx` against the next block, as anvil answers `eth_call` and `eth_estimateGas`: at the
    /// clock's current time (a call that only waits for time to pass succeeds once it has).
    fn simulate(&mut self, tx: &Value) -> Result<Vec<u8>, RpcError> {
        self.tick();
        let from = tx.get("from").map(parse).transpose()?.unwrap_or(Address::ZERO);
        let value = tx.get("value").map(parse::<U256>).transpose()?.unwrap_or_default();
        let input = tx.get("input").or_else(|| tx.get("data")).map(parse::<Bytes>).transpose()?.unwrap_or_default();
        let to = tx.get("to").filter(|t| !t.is_null()).map(parse::<Address>).transpose()?;
        Ok(self.chain.dry_run(|chain| match to {
            Some(to) => chain.call(from, to, input.to_vec(), value),
            None => chain.deploy_with_code(from, &input, value).map(|a| a.to_vec()),
        })?)
    }

    fn send_raw(&mut self, raw: &[u8]) -> Result<B256, RpcError> {
        let tx =
            TxEnvelope::decode_2718(&mut &raw[..]).map_err(|e| RpcError::invalid(format!("bad transaction: {e}")))?;
        if tx.chain_id().is_some_and(|id| id != self.chain_id) {
            return Err(RpcError::invalid(format!("chain id {:?}, this chain is {}", tx.chain_id(), self.chain_id)));
        }
        let from = tx.recover_signer().map_err(|e| RpcError::invalid(format!("bad signature: {e}")))?;
        let expected = self.chain.nonce(from);
        if tx.nonce() != expected {
            return Err(RpcError {
                code: -32003,
                message: format!("nonce {} , expected {expected}", tx.nonce()),
                data: None,
            });
        }
        let hash = *tx.tx_hash();
        let to = tx.to();
        self.tick();
        let (contract, result) = match to {
            Some(to) => (None, self.chain.call(from, to, tx.input().to_vec(), tx.value()).map(drop)),
            None => match self.chain.deploy_with_code(from, tx.input(), tx.value()) {
                Ok(addr) => (Some(addr), Ok(())),
                Err(e) => (None, Err(e)),
            },
        };
        let logs = self.chain.take_logs();
        let block = self.mine(vec![hash]);
        self.receipts.insert(hash, Receipt { block, from, to, contract, success: result.is_ok(), logs });
        Ok(hash)
    }
}

fn wall_clock() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

fn log_json(log: &Log, block: u64, block_hash: B256, tx: B256, index: usize) -> Value {
    json!({
        "address": log.address,
        "topics": log.topics(),
        "data": log.data.data,
        "blockNumber": quantity(block),
        "blockHash": block_hash,
        "transactionHash": tx,
        "transactionIndex": "0x0",
        "logIndex": quantity(index as u64),
        "removed": false,
    })
}

fn quantity(n: u64) -> Value {
    json!(format!("{n:#x}"))
}

fn quantity_of(v: &Value) -> Result<u64, RpcError> {
    let s = v.as_str().ok_or_else(|| RpcError::invalid(format!("expected a quantity, got {v}")))?;
    u64::from_str_radix(s.trim_start_matches("0x"), 16).map_err(|e| RpcError::invalid(format!("quantity {s}: {e}")))
}

fn parse<T: FromStr>(v: &Value) -> Result<T, RpcError>
where
    T::Err: std::fmt::Display,
{
    let s = v.as_str().ok_or_else(|| RpcError::invalid(format!("expected a hex string, got {v}")))?;
    T::from_str(s).map_err(|e| RpcError::invalid(format!("{s}: {e}")))
}

//! A local Solana cluster for the TensorFlix programs, as anvil is for the EVM chains and
//! `polkadot-hub-devnet` for Polkadot Hub: the programs in Agave's SVM ([`Runtime`]) behind the
//! subset of Solana's JSON-RPC that wallets, the deployer, `flix` and the indexer use.
//!
//! Each transaction lands at once in a slot of its own (no slot is skipped), whose block hash is
//! the next blockhash; a transaction must name one of the last [`MAX_RECENT_BLOCKHASHES`] block
//! hashes, as on a real cluster, and the same signature is refused twice. A failing transaction is
//! refused the way `sendTransaction`'s preflight refuses it (error -32002 with the runtime's error
//! and the log) and lands nowhere. Everything is final at once: every commitment level answers the
//! same.
//!
//! Served: `getVersion`, `getHealth`, `getGenesisHash`, `getSlot`, `getBlockHeight`,
//! `getLatestBlockhash`, `isBlockhashValid`, `getBalance`, `getAccountInfo`,
//! `getMultipleAccounts`, `getMinimumBalanceForRentExemption`, `requestAirdrop`,
//! `sendTransaction`, `simulateTransaction`, `getSignatureStatuses`, `getTransaction`, `getBlock`,
//! `getBlocks`, `getBlockTime`, and two calls of its own: `tfx_increaseTime` (anvil's
//! `evm_increaseTime`: moves the clock on for deadline tests) and `tfx_skipSlots` (the next slots
//! pass without a block, as when their leaders miss them, which `getBlock` then reports as Agave
//! does).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use litesvm::types::TransactionMetadata;
use serde_json::{Value, json};
use solana_hash::Hash;
use solana_keypair::Keypair;
use solana_message::{Message, VersionedMessage};
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction_error::TransactionError;
use std::collections::{HashMap, VecDeque};
use std::str::FromStr;
pub use tfx_devnet_rpc::RpcError;
use tfx_solana_runtime::Runtime;
use tfx_solana_runtime::anchor_lang::prelude::Pubkey;
use tfx_solana_runtime::anchor_lang::solana_program::system_instruction;

/// Block hashes a transaction may name (Agave's `MAX_PROCESSING_AGE`).
pub const MAX_RECENT_BLOCKHASHES: usize = 150;

/// Lamports the faucet starts with (half a million SOL, half what the runtime holds for airdrops).
const FAUCET_LAMPORTS: u64 = 500_000 * 1_000_000_000;

/// A transaction as it landed, with what `getBlock` and `getTransaction` report of it.
struct Landed {
    tx: VersionedTransaction,
    meta: TransactionMetadata,
}

struct Block {
    slot: u64,
    hash: Hash,
    parent: Hash,
    time: i64,
    txs: Vec<Landed>,
}

/// The cluster: the runtime, its blocks and where each transaction landed.
pub struct Devnet {
    runtime: Runtime,
    airdrop: Keypair,
    /// Seconds `tfx_increaseTime` added to the wall clock.
    time_offset: i64,
    /// Blocks in slot order; skipped slots have none.
    blocks: Vec<Block>,
    /// The slot the next transaction lands in.
    next_slot: u64,
    recent: VecDeque<Hash>,
    landed_at: HashMap<String, (u64, usize)>,
}

impl Default for Devnet {
    fn default() -> Self {
        Self::new()
    }
}

impl tfx_devnet_rpc::Node for Devnet {
    fn handle(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError> {
        Devnet::handle(self, method, params)
    }
}

impl Devnet {
    /// A cluster whose genesis (slot 0) holds the TensorFlix programs and the SPL programs.
    pub fn new() -> Self {
        let mut runtime = Runtime::new();
        // The devnet checks blockhash age itself, against the last 150 blocks rather than the
        // runtime's one latest blockhash, so concurrent clients do not invalidate each other.
        runtime.svm = std::mem::take(&mut runtime.svm).with_blockhash_check(false);
        // The faucet `requestAirdrop` pays from, funded at genesis.
        let airdrop = Keypair::new();
        runtime.svm.airdrop(&airdrop.pubkey(), FAUCET_LAMPORTS).expect("funding the faucet");
        let mut devnet = Self {
            runtime,
            airdrop,
            time_offset: 0,
            blocks: Vec::new(),
            next_slot: 1,
            recent: VecDeque::new(),
            landed_at: HashMap::new(),
        };
        devnet.set_clock(0);
        let genesis = devnet.runtime.svm.latest_blockhash();
        devnet.push_block(Block { slot: 0, hash: genesis, parent: Hash::default(), time: devnet.now(), txs: vec![] });
        devnet
    }

    /// The runtime, for reading state directly.
    pub fn runtime(&mut self) -> &mut Runtime {
        &mut self.runtime
    }

    fn now(&self) -> i64 {
        let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        wall as i64 + self.time_offset
    }

    fn set_clock(&mut self, slot: u64) {
        let mut clock = self.runtime.clock();
        clock.slot = slot;
        clock.unix_timestamp = self.now().max(clock.unix_timestamp);
        self.runtime.svm.set_sysvar(&clock);
    }

    fn head(&self) -> &Block {
        self.blocks.last().expect("genesis")
    }

    fn block_at(&self, slot: u64) -> Option<&Block> {
        self.blocks.binary_search_by_key(&slot, |b| b.slot).ok().map(|i| &self.blocks[i])
    }

    fn push_block(&mut self, block: Block) {
        debug_assert!(self.blocks.last().is_none_or(|b| b.slot < block.slot), "blocks in slot order");
        self.recent.push_back(block.hash);
        if self.recent.len() > MAX_RECENT_BLOCKHASHES {
            self.recent.pop_front();
        }
        for (i, landed) in block.txs.iter().enumerate() {
            self.landed_at.insert(landed.meta.signature.to_string(), (block.slot, i));
        }
        self.blocks.push(block);
    }

    /// Executes `tx` in the next slot: lands it in a block, or refuses it as preflight would.
    pub fn execute(&mut self, tx: VersionedTransaction) -> Result<String, RpcError> {
        if tx.message.address_table_lookups().is_some_and(|l| !l.is_empty()) {
            return Err(RpcError::invalid("address lookup tables are not served by this devnet"));
        }
        if !self.recent.contains(tx.message.recent_blockhash()) {
            return Err(refused(&TransactionError::BlockhashNotFound, &[]));
        }
        let slot = self.next_slot;
        self.set_clock(slot);
        // Preflight, as Agave's `sendTransaction` does: a failing transaction is refused without
        // landing, so neither its fee nor its signature is recorded and the same transaction may
        // be sent again once it would succeed.
        if let Err(f) = self.runtime.svm.simulate_transaction(tx.clone()) {
            return Err(refused(&f.err, &f.meta.logs));
        }
        let meta = self.runtime.svm.send_transaction(tx.clone()).map_err(|f| refused(&f.err, &f.meta.logs))?;
        let signature = meta.signature.to_string();
        let parent = self.head().hash;
        self.runtime.svm.expire_blockhash();
        let hash = self.runtime.svm.latest_blockhash();
        let time = self.runtime.clock().unix_timestamp;
        self.push_block(Block { slot, hash, parent, time, txs: vec![Landed { tx, meta }] });
        self.next_slot = slot + 1;
        Ok(signature)
    }

    /// Answers one JSON-RPC call.
    pub fn handle(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError> {
        let p = |i: usize| params.get(i).cloned().unwrap_or(Value::Null);
        let slot = self.head().slot;
        let context = json!({ "slot": slot, "apiVersion": "3.1.12" });
        match method {
            "getVersion" => Ok(json!({ "solana-core": "3.1.12", "feature-set": 0 })),
            "getHealth" => Ok(json!("ok")),
            "getGenesisHash" => Ok(json!(self.blocks[0].hash.to_string())),
            "getSlot" => Ok(json!(slot)),
            "getBlockHeight" => Ok(json!(self.blocks.len() - 1)),
            "getLatestBlockhash" => Ok(json!({
                "context": context,
                "value": { "blockhash": self.head().hash.to_string(), "lastValidBlockHeight": slot + MAX_RECENT_BLOCKHASHES as u64 },
            })),
            "isBlockhashValid" => {
                let hash = Hash::from_str(p(0).as_str().unwrap_or_default())
                    .map_err(|_| RpcError::invalid("bad blockhash"))?;
                Ok(json!({ "context": context, "value": self.recent.contains(&hash) }))
            }
            "getBalance" => {
                let lamports = self.runtime.svm.get_balance(&pubkey(&p(0))?).unwrap_or(0);
                Ok(json!({ "context": context, "value": lamports }))
            }
            "getAccountInfo" => Ok(json!({ "context": context, "value": self.account(&pubkey(&p(0))?) })),
            "getMultipleAccounts" => {
                let keys = p(0).as_array().cloned().ok_or_else(|| RpcError::invalid("expected an array of pubkeys"))?;
                let accounts =
                    keys.iter().map(|k| Ok(self.account(&pubkey(k)?))).collect::<Result<Vec<_>, RpcError>>()?;
                Ok(json!({ "context": context, "value": accounts }))
            }
            "getMinimumBalanceForRentExemption" => {
                let len = p(0).as_u64().ok_or_else(|| RpcError::invalid("expected a data length"))?;
                Ok(json!(self.runtime.svm.minimum_balance_for_rent_exemption(len as usize)))
            }
            "requestAirdrop" => {
                let to = pubkey(&p(0))?;
                let lamports = p(1).as_u64().ok_or_else(|| RpcError::invalid("expected lamports"))?;
                let transfer = system_instruction::transfer(&self.airdrop.pubkey(), &to, lamports);
                let message = Message::new(&[transfer], Some(&self.airdrop.pubkey()));
                let tx = Transaction::new(&[&self.airdrop], message, self.head().hash);
                self.execute(tx.into()).map(Value::from)
            }
            "sendTransaction" => self.execute(decode_transaction(params)?).map(Value::from),
            "simulateTransaction" => {
                let tx = decode_transaction(params)?;
                Ok(match self.runtime.svm.simulate_transaction(tx) {
                    Ok(info) => {
                        json!({ "context": context, "value": { "err": null, "logs": info.meta.logs, "unitsConsumed": info.meta.compute_units_consumed } })
                    }
                    Err(f) => {
                        json!({ "context": context, "value": { "err": f.err, "logs": f.meta.logs, "unitsConsumed": f.meta.compute_units_consumed } })
                    }
                })
            }
            "getSignatureStatuses" => {
                let sigs =
                    p(0).as_array().cloned().ok_or_else(|| RpcError::invalid("expected an array of signatures"))?;
                let statuses: Vec<Value> = sigs
                    .iter()
                    .map(|s| {
                        let (slot, _) = self.landed_at.get(s.as_str().unwrap_or_default())?;
                        Some(json!({ "slot": slot, "confirmations": null, "err": null, "status": { "Ok": null }, "confirmationStatus": "finalized" }))
                    })
                    .map(|s| s.unwrap_or(Value::Null))
                    .collect();
                Ok(json!({ "context": context, "value": statuses }))
            }
            "getTransaction" => {
                let Some(&(slot, i)) = self.landed_at.get(p(0).as_str().unwrap_or_default()) else {
                    return Ok(Value::Null);
                };
                let block = self.block_at(slot).expect("a landed transaction's block");
                let mut tx = transaction_json(&block.txs[i]);
                tx["slot"] = json!(slot);
                tx["blockTime"] = json!(block.time);
                Ok(tx)
            }
            "getBlock" => {
                let n = p(0).as_u64().ok_or_else(|| RpcError::invalid("expected a slot"))?;
                let block = match self.block_at(n) {
                    Some(block) => block,
                    None if n < self.next_slot => {
                        return Err(RpcError {
                            code: -32007,
                            message: format!("Slot {n} was skipped, or missing due to ledger jump to recent snapshot"),
                            data: None,
                        });
                    }
                    None => {
                        return Err(RpcError {
                            code: -32004,
                            message: format!("Block not available for slot {n}"),
                            data: None,
                        });
                    }
                };
                let height = self.blocks.partition_point(|b| b.slot < block.slot);
                let parent_slot = height.checked_sub(1).map_or(0, |i| self.blocks[i].slot);
                let full = p(1).get("transactionDetails").and_then(Value::as_str).unwrap_or("full") == "full";
                let mut answer = json!({
                    "blockHeight": height,
                    "blockTime": block.time,
                    "blockhash": block.hash.to_string(),
                    "parentSlot": parent_slot,
                    "previousBlockhash": block.parent.to_string(),
                });
                if full {
                    answer["transactions"] = block.txs.iter().map(transaction_json).collect();
                } else {
                    answer["signatures"] = block.txs.iter().map(|t| t.meta.signature.to_string()).collect();
                }
                Ok(answer)
            }
            "getBlocks" => {
                let start = p(0).as_u64().ok_or_else(|| RpcError::invalid("expected a start slot"))?;
                let end = p(1).as_u64().unwrap_or(slot).min(slot);
                let slots: Vec<u64> =
                    self.blocks.iter().map(|b| b.slot).filter(|s| (start..=end).contains(s)).collect();
                Ok(json!(slots))
            }
            "getBlockTime" => {
                let n = p(0).as_u64().ok_or_else(|| RpcError::invalid("expected a slot"))?;
                Ok(self.block_at(n).map_or(Value::Null, |b| json!(b.time)))
            }
            "tfx_increaseTime" => {
                let seconds = p(0).as_i64().filter(|s| *s >= 0).ok_or_else(|| RpcError::invalid("expected seconds"))?;
                self.time_offset += seconds;
                self.set_clock(slot);
                Ok(json!(self.time_offset))
            }
            "tfx_skipSlots" => {
                let n = p(0)
                    .as_u64()
                    .filter(|n| (1..=1_000).contains(n))
                    .ok_or_else(|| RpcError::invalid("expected 1 to 1000 slots"))?;
                self.next_slot += n;
                Ok(json!(self.next_slot))
            }
            other => Err(RpcError { code: -32601, message: format!("Method not found: {other}"), data: None }),
        }
    }

    fn account(&self, key: &Pubkey) -> Value {
        match self.runtime.svm.get_account(key) {
            Some(a) if a.lamports > 0 => json!({
                "data": [BASE64.encode(&a.data), "base64"],
                "executable": a.executable,
                "lamports": a.lamports,
                "owner": a.owner.to_string(),
                "rentEpoch": a.rent_epoch,
                "space": a.data.len(),
            }),
            _ => Value::Null,
        }
    }
}

fn pubkey(v: &Value) -> Result<Pubkey, RpcError> {
    let s = v.as_str().ok_or_else(|| RpcError::invalid("expected a base-58 pubkey"))?;
    Pubkey::from_str(s).map_err(|e| RpcError::invalid(format!("invalid pubkey {s:?}: {e}")))
}

/// `sendTransaction`'s and `simulateTransaction`'s first parameter, base64 (or, as the RPC's
/// default, base58) bincode.
fn decode_transaction(params: &[Value]) -> Result<VersionedTransaction, RpcError> {
    let text = params.first().and_then(Value::as_str).ok_or_else(|| RpcError::invalid("expected a transaction"))?;
    let encoding = params.get(1).and_then(|c| c.get("encoding")).and_then(Value::as_str).unwrap_or("base58");
    let bytes = match encoding {
        "base64" => BASE64.decode(text).map_err(|e| RpcError::invalid(format!("invalid base64: {e}")))?,
        "base58" => bs58::decode(text).into_vec().map_err(|e| RpcError::invalid(format!("invalid base58: {e}")))?,
        other => return Err(RpcError::invalid(format!("unsupported encoding {other}"))),
    };
    bincode::deserialize(&bytes).map_err(|e| RpcError::invalid(format!("failed to deserialize transaction: {e}")))
}

/// A refused transaction, as preflight reports it.
fn refused(err: &TransactionError, logs: &[String]) -> RpcError {
    RpcError {
        code: -32002,
        message: format!("Transaction simulation failed: {err}"),
        data: Some(json!({ "err": err, "logs": logs })),
    }
}

/// A landed transaction as `getBlock` and `getTransaction` report it with `encoding: json`.
fn transaction_json(landed: &Landed) -> Value {
    let message = &landed.tx.message;
    let compiled = |program: u8, accounts: &[u8], data: &[u8], height: Option<u8>| json!({ "programIdIndex": program, "accounts": accounts, "data": bs58::encode(data).into_string(), "stackHeight": height });
    let inner: Vec<Value> = landed
        .meta
        .inner_instructions
        .iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(index, list)| {
            let instructions: Vec<Value> = list
                .iter()
                .map(|i| {
                    let c = &i.instruction;
                    compiled(c.program_id_index, &c.accounts, &c.data, Some(i.stack_height))
                })
                .collect();
            json!({ "index": index, "instructions": instructions })
        })
        .collect();
    let header = message.header();
    json!({
        "version": match message { VersionedMessage::Legacy(_) => json!("legacy"), VersionedMessage::V0(_) => json!(0) },
        "transaction": {
            "signatures": landed.tx.signatures.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "message": {
                "accountKeys": message.static_account_keys().iter().map(ToString::to_string).collect::<Vec<_>>(),
                "header": {
                    "numRequiredSignatures": header.num_required_signatures,
                    "numReadonlySignedAccounts": header.num_readonly_signed_accounts,
                    "numReadonlyUnsignedAccounts": header.num_readonly_unsigned_accounts,
                },
                "instructions": message.instructions().iter().map(|c| compiled(c.program_id_index, &c.accounts, &c.data, None)).collect::<Vec<_>>(),
                "recentBlockhash": message.recent_blockhash().to_string(),
            },
        },
        "meta": {
            "err": null,
            "status": { "Ok": null },
            "fee": landed.meta.fee,
            "innerInstructions": inner,
            "logMessages": landed.meta.logs,
            "computeUnitsConsumed": landed.meta.compute_units_consumed,
            "loadedAddresses": { "writable": [], "readonly": [] },
        },
    })
}

//! The Solana chain family: the Anchor programs' `emit_cpi!` events, read from the blocks of
//! Solana's JSON-RPC at `confirmed` commitment.
//!
//! - A block is a slot: its number is the slot, its hash the blockhash, its parent the previous
//!   blockhash. A skipped slot has no block; the source reports it with the hash of the last block
//!   before it as both hash and parent, so the sync engine's parent-hash chain (and its reorg
//!   detection) runs over slots as over EVM heights. A fork that replaces a confirmed block changes
//!   that hash, which the engine's reorg window catches as on the EVM chains.
//! - An event is an inner instruction of a successful transaction that invokes one of the followed
//!   programs with data beginning with Anchor's event tag. Only the program itself can make that
//!   invocation succeed (it must be signed by the program's event-authority PDA), so such an
//!   instruction is the program's own event. Its `log_index` is its position among the block's
//!   events; `tx_hash` is the transaction's 64-byte signature.

mod decode;

pub use decode::{MappingError, SolanaCatalog, solana_catalog};

use crate::catalog::ContractKind;
use crate::metrics as m;
use crate::rows::{LogMeta, Rows};
use crate::source::{Assets, BlockRef, ChainSource, Fetched, SourceError};
use futures::StreamExt;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Instant;
use tfx_core::NativeCoin;
use tfx_solana::{BlockAt, Idl, Pubkey, RpcClient, Val, spl};

/// The suite's contracts the Anchor suite has as programs so far.
pub const PROGRAMS: &[ContractKind] = &[
    ContractKind::VideoNft,
    ContractKind::VideoShares,
    ContractKind::VoteTally,
    ContractKind::AdRevenue,
    ContractKind::Mailbox,
    ContractKind::MinerCollateral,
];

/// Blocks fetched at once within a range.
const BLOCK_CONCURRENCY: usize = 8;
/// How far back a skipped slot looks for the block before it (Solana's longest runs of skipped
/// slots are a few leaders' worth).
const SKIP_LOOKBACK: u64 = 512;

/// A Solana cluster's suite programs, read over JSON-RPC.
#[derive(Debug, Clone)]
pub struct SolanaSource {
    rpc: RpcClient,
    chain_id: u64,
    programs: HashMap<Pubkey, ContractKind>,
}

impl From<tfx_solana::Error> for SourceError {
    fn from(e: tfx_solana::Error) -> Self {
        match e {
            e if e.is_retryable() => SourceError::Rpc(e.to_string()),
            tfx_solana::Error::Rpc { .. } => SourceError::Rpc(e.to_string()),
            e => SourceError::Malformed(e.to_string()),
        }
    }
}

impl SolanaSource {
    /// Connects to `rpc_url` and checks every program is deployed there. `chain_id` is the
    /// suite's route domain, which keys the chain's rows.
    pub async fn connect(
        rpc_url: &str,
        chain_id: u64,
        programs: &[(Pubkey, ContractKind)],
    ) -> Result<Self, SourceError> {
        let rpc = RpcClient::new(rpc_url);
        for (program, kind) in programs {
            match rpc.account(program).await? {
                Some(a) if a.executable => {}
                _ => {
                    return Err(SourceError::Refused(format!(
                        "{kind:?} program {program} is not deployed at {rpc_url}"
                    )));
                }
            }
        }
        Ok(Self { rpc, chain_id, programs: programs.iter().copied().collect() })
    }

    async fn header(&self, slot: u64) -> Result<Option<BlockRef>, SourceError> {
        match self.rpc.block(slot, false).await? {
            BlockAt::Produced(b) => block_ref(slot, &b).map(Some),
            BlockAt::Unavailable => Ok(None),
            BlockAt::Skipped => {
                let before = self.rpc.blocks(slot.saturating_sub(SKIP_LOOKBACK), slot).await?;
                let Some(&last) = before.iter().rev().find(|s| **s < slot) else {
                    return Err(SourceError::Malformed(format!(
                        "no block within {SKIP_LOOKBACK} slots before skipped slot {slot}"
                    )));
                };
                match self.rpc.block(last, false).await? {
                    BlockAt::Produced(b) => {
                        let hash = block_ref(last, &b)?.hash;
                        Ok(Some(BlockRef { number: slot, hash, parent_hash: hash }))
                    }
                    _ => Err(SourceError::Rpc(format!("slot {last} listed by getBlocks but not served"))),
                }
            }
        }
    }

    fn decode_block(&self, slot: u64, block: &Value, out: &mut Fetched) -> Result<(), SourceError> {
        let malformed = |what: &str| SourceError::Malformed(format!("slot {slot}: {what}"));
        let header = block_ref(slot, block)?;
        let mut meta = LogMeta {
            chain_id: self.chain_id,
            block_number: slot,
            log_index: 0,
            block_hash: header.hash,
            tx_hash: [0u8; 64].into(),
            block_time: block["blockTime"].as_u64(),
        };
        let mut rows = Rows::default();
        for tx in block["transactions"].as_array().ok_or_else(|| malformed("no transactions"))? {
            if !tx.pointer("/meta/err").is_none_or(Value::is_null) {
                continue;
            }
            let signature = tx
                .pointer("/transaction/signatures/0")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed("no signature"))?;
            let mut sig = [0u8; 64];
            bs58::decode(signature).onto(&mut sig).map_err(|_| malformed("bad signature"))?;
            meta.tx_hash = sig.into();
            let keys = account_keys(tx).ok_or_else(|| malformed("bad account keys"))?;
            let groups = tx.pointer("/meta/innerInstructions").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            for ix in groups.iter().filter_map(|g| g["instructions"].as_array()).flatten() {
                let program = ix["programIdIndex"].as_u64().and_then(|i| keys.get(i as usize));
                let Some((program, kind)) = program.and_then(|p| Some((p, self.programs.get(p)?))) else { continue };
                let data = bs58::decode(ix["data"].as_str().unwrap_or_default())
                    .into_vec()
                    .map_err(|_| malformed("bad instruction data"))?;
                if solana_catalog().decode(*kind, &program.0, &data, &meta, &mut rows).is_some() {
                    meta.log_index += 1;
                    out.events += 1;
                }
            }
        }
        out.rows.append(rows);
        out.block_hashes.push((slot, header.hash));
        Ok(())
    }
}

/// A transaction's accounts as its instructions index them: the message's keys, then the ones
/// loaded from address lookup tables (writable, then read-only).
fn account_keys(tx: &Value) -> Option<Vec<Pubkey>> {
    let static_keys = tx.pointer("/transaction/message/accountKeys")?.as_array()?;
    let loaded = ["writable", "readonly"].into_iter().flat_map(|k| {
        tx.pointer(&format!("/meta/loadedAddresses/{k}")).and_then(Value::as_array).cloned().unwrap_or_default()
    });
    static_keys.iter().cloned().chain(loaded).map(|k| k.as_str()?.parse().ok()).collect()
}

fn block_ref(slot: u64, block: &Value) -> Result<BlockRef, SourceError> {
    let hash = |field: &str| {
        block[field]
            .as_str()
            .and_then(|h| h.parse::<Pubkey>().ok())
            .map(|p| p.0)
            .ok_or_else(|| SourceError::Malformed(format!("slot {slot}: no {field}")))
    };
    Ok(BlockRef { number: slot, hash: hash("blockhash")?, parent_hash: hash("previousBlockhash")? })
}

impl ChainSource for SolanaSource {
    async fn head(&self) -> Result<BlockRef, SourceError> {
        let slot = self.rpc.slot().await?;
        self.header(slot).await?.ok_or_else(|| SourceError::Rpc(format!("head slot {slot} not served yet")))
    }

    async fn block(&self, number: u64) -> Result<Option<BlockRef>, SourceError> {
        self.header(number).await
    }

    async fn fetch(&self, from: u64, to: u64) -> Result<Fetched, SourceError> {
        let started = Instant::now();
        let slots = self.rpc.blocks(from, to).await?;
        let blocks: Vec<(u64, BlockAt)> = futures::stream::iter(slots)
            .map(|slot| async move { self.rpc.block(slot, true).await.map(|b| (slot, b)) })
            .buffered(BLOCK_CONCURRENCY)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        metrics::counter!(m::STAGE_MICROS, "stage" => "rpc").increment(started.elapsed().as_micros() as u64);
        let mut out = Fetched::default();
        for (slot, block) in blocks {
            match block {
                BlockAt::Produced(b) => self.decode_block(slot, &b, &mut out)?,
                _ => return Err(SourceError::Rpc(format!("slot {slot} listed by getBlocks but not served"))),
            }
        }
        Ok(out)
    }

    /// The mints AdRevenue's and MinerCollateral's configurations name (nothing before both are
    /// initialized).
    async fn assets(&self) -> Result<Option<Assets>, SourceError> {
        let (Some(ad_token), Some(collateral_asset)) = (
            self.mint_of(ContractKind::AdRevenue, Idl::ad_revenue()).await?,
            self.mint_of(ContractKind::MinerCollateral, Idl::miner_collateral()).await?,
        ) else {
            return Ok(None);
        };
        Ok(Some(Assets {
            ad_token: ad_token.0.to_vec(),
            ad_unit: self.unit_of(&ad_token).await?,
            collateral_asset: collateral_asset.0.to_vec(),
            collateral_unit: self.unit_of(&collateral_asset).await?,
        }))
    }
}

impl SolanaSource {
    /// The SPL mint a followed `kind` program's configuration names (`None` before it is
    /// initialized, or when the chain does not run it).
    async fn mint_of(&self, kind: ContractKind, idl: Idl) -> Result<Option<Pubkey>, SourceError> {
        let Some(program) = self.programs.iter().find_map(|(p, k)| (*k == kind).then_some(*p)) else {
            return Ok(None);
        };
        let Some(config) = self.rpc.account(&Pubkey::pda(&[b"config"], &program)).await? else { return Ok(None) };
        let config = idl.decode_account("Config", &config.data).map_err(|e| SourceError::Malformed(e.to_string()))?;
        Ok(config.field("mint").and_then(Val::as_pubkey))
    }

    /// How to show amounts of `mint`: its decimals, and for a symbol the start of its address, as
    /// explorers show a mint without metadata.
    async fn unit_of(&self, mint: &Pubkey) -> Result<NativeCoin, SourceError> {
        let account = self.rpc.account(mint).await?.ok_or_else(|| SourceError::Malformed(format!("no mint {mint}")))?;
        let decimals = spl::mint_decimals(&account.data)
            .ok_or_else(|| SourceError::Malformed(format!("{mint} is not an SPL mint")))?;
        let address = mint.to_string();
        Ok(NativeCoin { symbol: format!("{}…", &address[..4]), decimals })
    }
}

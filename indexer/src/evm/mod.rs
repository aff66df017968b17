//! The EVM chain family (Avalanche C-Chain, Ethereum, and Polkadot Hub through its Ethereum RPC):
//! `eth_getLogs` over the suite's contracts.

mod vectors;

pub use crate::catalog::ContractKind;

use crate::metrics as m;
use crate::rows::{LogMeta, Rows};
use crate::source::{Assets, BlockRef, ChainSource, Fetched, SourceError};
use alloy::eips::BlockNumberOrTag;
use alloy::primitives::Address;
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::Filter;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tfx_core::NativeCoin;

/// How long one RPC call may take before it counts as failed (and a range is split).
const RPC_TIMEOUT: Duration = Duration::from_secs(30);
/// Headers asked for in one JSON-RPC batch when logs come without `blockTimestamp`.
const HEADER_BATCH: usize = 100;

/// An EVM chain's suite contracts, read over JSON-RPC.
#[derive(Debug, Clone)]
pub struct EvmSource {
    provider: DynProvider,
    chain_id: u64,
    /// The chain's coin, the unit of amounts in a suite that moves it (token address zero).
    native: NativeCoin,
    addresses: Vec<Address>,
    kinds: HashMap<Address, ContractKind>,
    /// Whether the node was seen leaving `blockTimestamp` out of its logs (warned once).
    omits_log_times: std::sync::Arc<AtomicBool>,
}

impl EvmSource {
    /// Connects to `rpc_url`, checking it serves `chain_id`.
    pub async fn connect(
        rpc_url: &str,
        chain_id: u64,
        native: NativeCoin,
        contracts: &[(Address, ContractKind)],
    ) -> Result<Self, SourceError> {
        let url = rpc_url.parse().map_err(|e| SourceError::Rpc(format!("bad RPC URL {rpc_url:?}: {e}")))?;
        let provider = ProviderBuilder::new().disable_recommended_fillers().connect_http(url).erased();
        let actual = timed(provider.get_chain_id()).await?;
        if actual != chain_id {
            return Err(SourceError::WrongChain { expected: chain_id, actual });
        }
        Ok(Self {
            provider,
            chain_id,
            native,
            addresses: contracts.iter().map(|(a, _)| *a).collect(),
            kinds: contracts.iter().copied().collect(),
            omits_log_times: Default::default(),
        })
    }

    async fn logs(&self, from: u64, to: u64) -> Result<Vec<alloy::rpc::types::Log>, SourceError> {
        let filter = Filter::new().address(self.addresses.clone()).from_block(from).to_block(to);
        let started = Instant::now();
        let logs = timed(self.provider.get_logs(&filter)).await;
        metrics::counter!(m::STAGE_MICROS, "stage" => "rpc").increment(started.elapsed().as_micros() as u64);
        logs
    }
}

async fn timed<T, E: Into<SourceError>>(f: impl Future<Output = Result<T, E>>) -> Result<T, SourceError> {
    match tokio::time::timeout(RPC_TIMEOUT, f).await {
        Ok(r) => r.map_err(Into::into),
        Err(_) => Err(SourceError::Rpc(format!("no answer within {RPC_TIMEOUT:?}"))),
    }
}

impl From<alloy::transports::TransportError> for SourceError {
    fn from(e: alloy::transports::TransportError) -> Self {
        SourceError::Rpc(e.to_string())
    }
}

/// A contract call the node answered with an error (a revert, a missing method) is the contract's
/// answer, and asking again gets the same; anything else is the transport's trouble.
impl From<alloy::contract::Error> for SourceError {
    fn from(e: alloy::contract::Error) -> Self {
        match e {
            alloy::contract::Error::TransportError(alloy::transports::RpcError::ErrorResp(answer)) => {
                SourceError::Refused(answer.to_string())
            }
            alloy::contract::Error::TransportError(e) => e.into(),
            other => SourceError::Refused(other.to_string()),
        }
    }
}

fn block_ref(h: &alloy::rpc::types::Header) -> BlockRef {
    BlockRef { number: h.number, hash: h.hash.0, parent_hash: h.parent_hash.0 }
}

impl ChainSource for EvmSource {
    async fn head(&self) -> Result<BlockRef, SourceError> {
        let block = timed(self.provider.get_block_by_number(BlockNumberOrTag::Latest).into_future()).await?;
        block.map(|b| block_ref(&b.header)).ok_or_else(|| SourceError::Malformed("no latest block".into()))
    }

    async fn block(&self, number: u64) -> Result<Option<BlockRef>, SourceError> {
        let block = timed(self.provider.get_block_by_number(BlockNumberOrTag::Number(number)).into_future()).await?;
        Ok(block.map(|b| block_ref(&b.header)))
    }

    async fn fetch(&self, from: u64, to: u64) -> Result<Fetched, SourceError> {
        // Providers cap eth_getLogs by result size or time; on any failure split the range in two
        // (depth first, so rows stay in chain order) until single blocks fail for real.
        let mut pending = vec![(from, to)];
        let mut logs = Vec::new();
        while let Some((lo, hi)) = pending.pop() {
            match self.logs(lo, hi).await {
                Ok(mut range) => logs.append(&mut range),
                Err(e) if hi > lo => {
                    tracing::debug!(chain_id = self.chain_id, lo, hi, error = %e, "splitting eth_getLogs range");
                    let mid = lo + (hi - lo) / 2;
                    pending.push((mid + 1, hi));
                    pending.push((lo, mid));
                }
                Err(e) => return Err(e),
            }
        }
        let times = self.block_times_from_headers(&logs).await?;
        let mut out = Fetched::default();
        self.decode_into(&logs, &times, &mut out)?;
        out.block_hashes.dedup();
        Ok(out)
    }

    async fn assets(&self) -> Result<Option<Assets>, SourceError> {
        let (Ok(ads), Ok(collateral)) =
            (self.address_of(ContractKind::AdRevenue), self.address_of(ContractKind::MinerCollateral))
        else {
            return Ok(None);
        };
        let ads = tfx_abi::evm::AdRevenue::new(ads, self.provider.clone());
        let collateral = tfx_abi::evm::MinerCollateral::new(collateral, self.provider.clone());
        let ad_token = timed(ads.token().call().into_future()).await?;
        let collateral_asset = timed(collateral.asset().call().into_future()).await?;
        Ok(Some(Assets {
            ad_token: ad_token.to_vec(),
            ad_unit: self.unit_of(ad_token).await?,
            collateral_asset: collateral_asset.to_vec(),
            collateral_unit: self.unit_of(collateral_asset).await?,
        }))
    }
}

impl EvmSource {
    /// The symbol and decimals of `token`'s amounts: the native coin's for the zero address, else
    /// the ERC-20's own.
    async fn unit_of(&self, token: Address) -> Result<NativeCoin, SourceError> {
        if token.is_zero() {
            return Ok(self.native.clone());
        }
        let erc20 = tfx_abi::evm::IERC20Metadata::new(token, self.provider.clone());
        let symbol = timed(erc20.symbol().call().into_future()).await?;
        let decimals = timed(erc20.decimals().call().into_future()).await?;
        Ok(NativeCoin { symbol, decimals })
    }

    fn address_of(&self, kind: ContractKind) -> Result<Address, SourceError> {
        self.kinds
            .iter()
            .find_map(|(a, k)| (*k == kind).then_some(*a))
            // Not the node's fault and not worth retrying: a source that follows only some of the
            // suite's contracts (the cross-chain agents follow the Mailbox) has no such answer.
            .ok_or_else(|| SourceError::Refused(format!("no {kind:?} followed")))
    }

    /// The timestamps of the blocks whose logs came without `blockTimestamp` (many nodes leave it
    /// out: older geth, coreth, erigon, nethermind, Polkadot Hub's eth-rpc), read from their
    /// headers in JSON-RPC batches. A header whose hash is not the one the logs named means a
    /// reorg in flight: the whole range is asked for again.
    async fn block_times_from_headers(
        &self,
        logs: &[alloy::rpc::types::Log],
    ) -> Result<HashMap<u64, u64>, SourceError> {
        let mut blocks: Vec<(u64, alloy::primitives::B256)> = logs
            .iter()
            .filter(|l| l.block_timestamp.is_none())
            .filter_map(|l| Some((l.block_number?, l.block_hash?)))
            .collect();
        blocks.dedup();
        if blocks.is_empty() {
            return Ok(HashMap::new());
        }
        if !self.omits_log_times.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                chain_id = self.chain_id,
                "the node leaves blockTimestamp out of its logs: reading block times from headers (one batched request per range)"
            );
        }
        metrics::counter!(m::HEADER_TIMES, "chain_id" => self.chain_id.to_string()).increment(blocks.len() as u64);
        let mut times = HashMap::with_capacity(blocks.len());
        for chunk in blocks.chunks(HEADER_BATCH) {
            let mut batch = alloy::rpc::client::BatchRequest::new(self.provider.client());
            let waiters = chunk
                .iter()
                .map(|(n, _)| {
                    batch.add_call::<_, Option<alloy::rpc::types::Header>>(
                        "eth_getBlockByNumber",
                        &(BlockNumberOrTag::Number(*n), false),
                    )
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| SourceError::Rpc(e.to_string()))?;
            timed(batch.send()).await?;
            for ((number, hash), waiter) in chunk.iter().zip(waiters) {
                match timed(waiter).await? {
                    Some(h) if h.hash == *hash => times.insert(*number, h.timestamp),
                    other => {
                        return Err(SourceError::Rpc(format!(
                            "block {number} is {:?} now, its logs named {hash}: reorg in flight",
                            other.map(|h| h.hash)
                        )));
                    }
                };
            }
        }
        Ok(times)
    }

    fn decode_into(
        &self,
        logs: &[alloy::rpc::types::Log],
        times: &HashMap<u64, u64>,
        out: &mut Fetched,
    ) -> Result<(), SourceError> {
        let started = Instant::now();
        let mut rows = Rows::default();
        for log in logs {
            let (Some(block_number), Some(block_hash), Some(tx_hash), Some(log_index)) =
                (log.block_number, log.block_hash, log.transaction_hash, log.log_index)
            else {
                return Err(SourceError::Malformed(format!("log without block/tx/index: {log:?}")));
            };
            let Some(kind) = self.kinds.get(&log.inner.address) else {
                return Err(SourceError::Malformed(format!("log of unrequested address {}", log.inner.address)));
            };
            let meta = LogMeta {
                chain_id: self.chain_id,
                block_number,
                log_index,
                block_hash: block_hash.0,
                tx_hash: tx_hash.0.into(),
                block_time: log.block_timestamp.or_else(|| times.get(&block_number).copied()),
            };
            crate::catalog::catalog().decode(*kind, &log.inner, &meta, &mut rows);
            if out.block_hashes.last().is_none_or(|(n, h)| *n != block_number || *h != block_hash.0) {
                out.block_hashes.push((block_number, block_hash.0));
            }
        }
        out.events += logs.len();
        out.rows.append(rows);
        metrics::counter!(m::STAGE_MICROS, "stage" => "decode").increment(started.elapsed().as_micros() as u64);
        Ok(())
    }
}

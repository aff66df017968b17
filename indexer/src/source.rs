//! What the sync engine needs from a chain, whatever its family: the head, a block's identity, and
//! the decoded events of a block range. One implementation per chain family (`evm` today).

use crate::rows::Rows;
use std::future::Future;

/// A block's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRef {
    /// Height.
    pub number: u64,
    /// Hash.
    pub hash: [u8; 32],
    /// Parent's hash.
    pub parent_hash: [u8; 32],
}

/// A block range's events, decoded.
#[derive(Debug, Default)]
pub struct Fetched {
    /// Rows for the event tables.
    pub rows: Rows,
    /// Logs read (a TransferBatch log makes several rows; a log is one event).
    pub events: usize,
    /// The block hash each log claimed, per block number (sorted, deduplicated), so the caller can
    /// check the logs against the headers it fetched separately.
    pub block_hashes: Vec<(u64, [u8; 32])>,
}

/// What a suite's amounts are in: an ERC-20's address (zero for the chain's native coin) or an SPL
/// mint's, each with the symbol and decimals to show its amounts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// What ad campaigns stream and revenue is claimed in: 20 bytes, or 32 for an SPL mint.
    pub ad_token: Vec<u8>,
    /// Its symbol and decimals.
    pub ad_unit: tfx_core::NativeCoin,
    /// What miners bond and slashes take: 20 bytes, or 32 for an SPL mint.
    pub collateral_asset: Vec<u8>,
    /// Its symbol and decimals.
    pub collateral_unit: tfx_core::NativeCoin,
}

/// A chain RPC failure.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The node failed or timed out; worth retrying.
    #[error("rpc: {0}")]
    Rpc(String),
    /// The node answered with something that cannot be right (e.g. a mined log without a block).
    #[error("malformed rpc answer: {0}")]
    Malformed(String),
    /// The node answered a contract call with an error (the contract reverted): its answer.
    #[error("call refused: {0}")]
    Refused(String),
    /// The node serves another chain than configured.
    #[error("rpc serves chain id {actual}, config says {expected}")]
    WrongChain {
        /// Configured.
        expected: u64,
        /// Reported by the node.
        actual: u64,
    },
}

impl SourceError {
    /// Whether asking again can help: the node down, slow or overloaded, or an answer that cannot
    /// be right (which another attempt, or another backend behind the same URL, may get right).
    /// A node serving another chain is a configuration error.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SourceError::Rpc(_) | SourceError::Malformed(_))
    }
}

/// A chain the indexer follows.
pub trait ChainSource: Send + Sync + 'static {
    /// The latest block.
    fn head(&self) -> impl Future<Output = Result<BlockRef, SourceError>> + Send;
    /// The canonical block at `number`, if the chain is that long.
    fn block(&self, number: u64) -> impl Future<Output = Result<Option<BlockRef>, SourceError>> + Send;
    /// Every indexed contract's events in blocks `from..=to`, decoded. Implementations split the
    /// range themselves when the node refuses it as too large.
    fn fetch(&self, from: u64, to: u64) -> impl Future<Output = Result<Fetched, SourceError>> + Send;
    /// The assets the suite's contracts report they move; `None` for a source that does not follow
    /// them (the cross-chain agents follow only the Mailbox).
    fn assets(&self) -> impl Future<Output = Result<Option<Assets>, SourceError>> + Send;
}

//! The Solana side of TensorFlix for the main workspace: keys, PDAs and transactions in Solana's
//! wire format ([`tx`]), the JSON-RPC client ([`rpc`]), the programs' committed Anchor IDLs
//! ([`idl`]), VideoShares' three-program instructions ([`shares`]) and votes signed offline and
//! co-signed by a relayer ([`votes`]), without Solana's SDK, whose ~580 crates stay in
//! `contracts/solana`. The deployer, `flix` and the indexer reach the Solana programs through this
//! crate.

pub mod idl;
pub mod rpc;
pub mod shares;
pub mod spl;
pub mod tx;
pub mod votes;

pub use idl::{Idl, Val};
pub use rpc::{BlockAt, Landed, RpcClient};
pub use tx::{AccountMeta, Instruction, Keypair, Message, Pubkey, Transaction};

/// What can go wrong talking to a Solana cluster.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value that cannot be right (an address, a key, an argument).
    #[error("{0}")]
    Invalid(String),
    /// The IDL lacks or mangles something.
    #[error("idl: {0}")]
    Idl(String),
    /// The node could not be reached or timed out; worth retrying.
    #[error("rpc {url}: {message}")]
    Transport {
        /// The node.
        url: String,
        /// What failed.
        message: String,
    },
    /// The node answered with a JSON-RPC error.
    #[error("rpc error {code}: {message}")]
    Rpc {
        /// JSON-RPC error code (Agave's: -32002 a refused transaction, -32004 no such block,
        /// -32007 a skipped slot, -32009 a slot outside long-term storage).
        code: i64,
        /// Its message.
        message: String,
        /// Agave's details: a refused transaction's `err` and `logs`.
        data: Option<serde_json::Value>,
    },
    /// A transaction the cluster refused because a program failed: the program's error, by its
    /// IDL name when known.
    #[error("{program} refused the transaction: {name} ({code}){}", if message.is_empty() { String::new() } else { format!(": {message}") })]
    Program {
        /// The failing program's name.
        program: String,
        /// The error code.
        code: u32,
        /// The error's name.
        name: String,
        /// The error's message.
        message: String,
    },
    /// The node answered with something that cannot be right.
    #[error("malformed rpc answer: {0}")]
    Malformed(String),
}

impl Error {
    /// Whether asking again can help.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Transport { .. } | Error::Malformed(_))
    }
}

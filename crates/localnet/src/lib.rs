//! Local infrastructure that `cargo xtask up` and the end-to-end tests start themselves, so that a
//! fresh machine needs nothing running beforehand: anvil chains, a local Polkadot Hub, a local
//! Solana cluster, a
//! project-local PostgreSQL cluster, loopback HTTP/JSON-RPC calls to drive them, and a JSON-RPC
//! proxy that injects a misbehaving node's faults; and the built dApp staged with its configuration.

mod anvil;
mod http;
mod polkadot;
mod postgres;
mod rpc_proxy;
mod solana;
mod web;

pub use anvil::{
    ATTESTER_ADDRS, ATTESTER_KEYS, Anvil, DEV_ADDRS, DEV_KEYS, Flood, MESSAGE_RELAYER_KEY, VOTE_RELAYER_ADDR,
    VOTE_RELAYER_KEY, block_number, quantity, role, rpc, send_unlocked, workspace_root,
};
pub use http::{http_exchange, http_get, http_request};
pub use polkadot::PolkadotHub;
pub use postgres::{Error, PgCluster, free_port};
pub use rpc_proxy::{Fault, RpcProxy};
pub use solana::{SolanaDevnet, VALIDATOR_SEEDS as SOLANA_VALIDATOR_SEEDS};
pub use web::stage_web;

/// `flix`'s arguments proposing a slash of `amount` of `miner`'s collateral for bot engagement,
/// with `evidence`: what `cargo xtask up`'s demo and the end-to-end tests have validators send.
pub fn propose_slash<'a>(miner: &'a str, amount: &'a str, evidence: &'a str) -> [&'a str; 10] {
    [
        "collateral",
        "propose-slash",
        "--miner",
        miner,
        "--amount",
        amount,
        "--reason",
        "bot-engagement",
        "--evidence",
        evidence,
    ]
}

/// A local chain node serving the Ethereum JSON-RPC: what tests and tasks need to reach it.
pub trait LocalChain {
    /// Its RPC URL.
    fn url(&self) -> &str;
    /// Its chain id.
    fn chain_id(&self) -> u64;
}

impl LocalChain for Anvil {
    fn url(&self) -> &str {
        &self.url
    }

    fn chain_id(&self) -> u64 {
        self.chain_id
    }
}

impl LocalChain for PolkadotHub {
    fn url(&self) -> &str {
        &self.url
    }

    fn chain_id(&self) -> u64 {
        self.chain_id
    }
}

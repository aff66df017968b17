//! A local Solana cluster: `solana-devnet` (contracts/solana/devnet), Agave's SVM with the Anchor
//! programs loaded at genesis, behind Solana's JSON-RPC. Built by `cargo xtask` in the Solana
//! workspace's own target directory, so its path is passed in.

use crate::anvil::{Node, rpc, serve};
use serde_json::json;
use std::path::Path;
use std::process::Command;

/// Seeds of the local cluster's three well-known MinerCollateral validators (as anvil's dev
/// accounts: public, never for a real cluster). `deploy/networks/devnet/solana-local.toml` registers
/// their public keys; an ed25519 keypair is its 32-byte seed.
pub const VALIDATOR_SEEDS: [[u8; 32]; 3] = [[0x51; 32], [0x52; 32], [0x53; 32]];

/// A running `solana-devnet`, killed on drop.
#[derive(Debug)]
pub struct SolanaDevnet {
    _process: Node,
    /// Its RPC URL.
    pub url: String,
}

impl SolanaDevnet {
    /// Starts the `binary` on `port`, logging to `log` (or nowhere); returns once it answers.
    pub fn start(binary: &Path, port: u16, log: Option<&Path>) -> Result<Self, String> {
        let mut command = Command::new(binary);
        command.args(["--listen", &format!("127.0.0.1:{port}")]);
        let (process, url) =
            serve(command, port, log, "getHealth").map_err(|e| format!("{}: {e}", binary.display()))?;
        Ok(Self { _process: process, url })
    }

    /// The cluster's latest slot.
    pub fn slot(&self) -> Result<u64, String> {
        rpc(&self.url, "getSlot", json!([]))?.as_u64().ok_or_else(|| "getSlot: not a number".into())
    }

    /// Lets `n` slots pass without a block, as when their leaders miss them.
    pub fn skip_slots(&self, n: u64) -> Result<(), String> {
        rpc(&self.url, "tfx_skipSlots", json!([n])).map(drop)
    }

    /// Moves the cluster's clock on by `secs` (the next transaction's slot sees it).
    pub fn advance(&self, secs: u64) -> Result<(), String> {
        rpc(&self.url, "tfx_increaseTime", json!([secs])).map(drop)
    }
}

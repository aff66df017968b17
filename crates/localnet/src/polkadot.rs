//! A local Polkadot Hub: `polkadot-hub-devnet` (contracts/ink/sandbox), pallet-revive in process
//! behind the Ethereum JSON-RPC, with the dev accounts funded. Built by `cargo xtask` in the
//! sandbox's own target directory, so its path is passed in.

use crate::anvil::{DEV_ADDRS, Node, VOTE_RELAYER_ADDR, serve};
use std::path::Path;
use std::process::Command;

/// A running `polkadot-hub-devnet`, killed on drop.
#[derive(Debug)]
pub struct PolkadotHub {
    _process: Node,
    /// Its RPC URL.
    pub url: String,
    /// Its chain id.
    pub chain_id: u64,
}

impl PolkadotHub {
    /// Starts the `binary` on `port` with [`DEV_ADDRS`] and the vote relay funded, logging to `log` (or nowhere);
    /// returns once it answers JSON-RPC.
    pub fn start(binary: &Path, chain_id: u64, port: u16, log: Option<&Path>) -> Result<Self, String> {
        let mut command = Command::new(binary);
        command.args(["--listen", &format!("127.0.0.1:{port}"), "--chain-id", &chain_id.to_string()]);
        for addr in DEV_ADDRS.into_iter().chain([VOTE_RELAYER_ADDR]) {
            command.args(["--fund", addr]);
        }
        let (process, url) =
            serve(command, port, log, "eth_chainId").map_err(|e| format!("{}: {e}", binary.display()))?;
        Ok(Self { _process: process, url, chain_id })
    }
}

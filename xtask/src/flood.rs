//! What the indexer and API benchmarks stand on: a fresh working directory with the binaries built,
//! and local chains carrying the suite with the devnet `EventFlood` in VoteTally's place, which
//! emits VoteTally's own `VoteCast` event in bulk.

use crate::tools::{cmd, ensure_npm_tools, run, target_dir};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use tfx_localnet::{Anvil, DEV_KEYS, Flood, free_port};

/// Events per flood transaction: about 22M gas, inside anvil's 30M block gas limit.
pub(crate) const PER_TX: u64 = 10_000;

/// Installs the npm tools, builds tfx-deploy and the release indexer, and empties
/// `.devnet/<name>`; that directory.
pub(crate) fn bench_dir(root: &Path, name: &str) -> Result<PathBuf> {
    ensure_npm_tools(root)?;
    run(cmd("cargo").args(["build", "--quiet", "-p", "tfx-deploy"]).current_dir(root))?;
    run(cmd("cargo").args(["build", "--quiet", "--release", "-p", "tfx-indexer"]).current_dir(root))?;
    let dir = root.join(".devnet").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A local chain with the suite deployed (network file and deployment record in the bench
/// directory) and an `EventFlood` registered in VoteTally's place.
pub(crate) struct FloodChain {
    /// The node.
    pub(crate) anvil: Anvil,
    /// The flood contract.
    pub(crate) flood: Flood,
    /// The chain's name in `deployments/` and the network files.
    pub(crate) name: &'static str,
}

/// Starts `name` (chain id `chain_id`) in `dir` and deploys onto it.
pub(crate) fn flood_chain(dir: &Path, name: &'static str, chain_id: u64) -> Result<FloodChain> {
    let anvil =
        Anvil::start(chain_id, free_port(), Some(&dir.join(format!("{name}.log"))), &[]).map_err(anyhow::Error::msg)?;
    let network = dir.join(format!("{name}.toml"));
    std::fs::write(
        &network,
        format!(
            "[chain]\nname = \"{name}\"\nchain_id = {chain_id}\nrpc_url = \"{}\"\ndevnet = true\n\n[indexer]\n\
             confirmations = 0\nreorg_window = 64\npoll_interval_ms = 10\nmax_block_range = 10000\nconcurrency = 4\n\
             stall_after_s = 0\n",
            anvil.url
        ),
    )?;
    let deployments = dir.join("deployments");
    run(Command::new(target_dir().join("debug/tfx-deploy"))
        .args(["--config", &network.display().to_string(), "--out", &deployments.display().to_string()])
        .env("TFX_PRIVATE_KEY", DEV_KEYS[0])
        .stdout(Stdio::null()))?;
    let flood = Flood::deploy(&anvil.url).map_err(anyhow::Error::msg)?;
    flood.register(&deployments, name).map_err(anyhow::Error::msg)?;
    Ok(FloodChain { anvil, flood, name })
}

impl FloodChain {
    /// `events` votes in `round` from voters 1, 2, ..., in transactions of [`PER_TX`].
    pub(crate) fn emit(&self, round: u64, events: u64) -> Result<()> {
        for i in 0..events.div_ceil(PER_TX) {
            self.flood.emit(&self.anvil.url, round, 1 + i * PER_TX, PER_TX).map_err(anyhow::Error::msg)?;
        }
        Ok(())
    }
}

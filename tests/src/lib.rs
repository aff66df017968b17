//! Helpers for the end-to-end tests: real anvil chains, a local Polkadot Hub and PostgreSQL clusters
//! on free ports, and the workspace's real binaries (`tfx-deploy`, `flix`, `tfx-indexer`), driven as
//! a user would drive them.

pub mod indexer;
pub mod relayer;

pub use tfx_localnet::{
    Anvil, DEV_ADDRS, DEV_KEYS, Fault, Flood, LocalChain, PgCluster, PolkadotHub, RpcProxy, SolanaDevnet, free_port,
    http_get, rpc,
};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// anvil's first dev key (deployer/admin): devnet only.
pub const DEPLOYER_KEY: &str = DEV_KEYS[0];
/// anvil's second dev key (creator).
pub const CREATOR_KEY: &str = DEV_KEYS[1];

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

/// A built workspace binary (xtask passes its directory as TFX_BIN_DIR).
pub fn bin(name: &str) -> PathBuf {
    let dir = std::env::var_os("TFX_BIN_DIR").map_or_else(|| root().join("target/debug"), PathBuf::from);
    dir.join(name)
}

/// A fresh anvil on a free port.
pub fn anvil(chain_id: u64) -> Anvil {
    Anvil::start(chain_id, free_port(), None, &[]).expect("anvil")
}

/// A fresh local Polkadot Hub (`polkadot-hub-devnet`, which `cargo xtask test` builds and names in
/// TFX_POLKADOT_HUB_DEVNET) on a free port, chain id 420420420, dev accounts funded.
pub fn polkadot_hub() -> PolkadotHub {
    let binary = std::env::var_os("TFX_POLKADOT_HUB_DEVNET")
        .expect("TFX_POLKADOT_HUB_DEVNET names the polkadot-hub-devnet binary (run the tests with `cargo xtask test`)");
    PolkadotHub::start(Path::new(&binary), 420_420_420, free_port(), None).expect("polkadot-hub-devnet")
}

/// A test's scratch directory under the temp dir: removed when the test passes, kept when it fails
/// (the chains' and servers' logs are what a failure needs). A full e2e run writes gigabytes of
/// PostgreSQL clusters; left behind, a few runs fill a CI machine's disk.
#[derive(Debug)]
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A fresh, empty scratch directory named after `name` and this process.
pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("tfx-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    Scratch(dir)
}

/// Writes a devnet network file for a Solidity-suite chain into `dir`.
pub fn network_file(dir: &Path, name: &str, chain_id: u64, url: &str) -> PathBuf {
    suite_network_file(dir, name, chain_id, url, "solidity")
}

/// Writes a devnet network file for a chain running `suite` (`solidity` or `ink`) into `dir`.
pub fn suite_network_file(dir: &Path, name: &str, chain_id: u64, url: &str, suite: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    let text = format!(
        "[chain]\nname = \"{name}\"\nchain_id = {chain_id}\nrpc_url = \"{url}\"\ndevnet = true\ncontracts = \"{suite}\"\n\n[roles]\nvalidators = [\"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\", \"0x976EA74026E726554dB657fA54763abd0C3a0aa9\"]\n\n[params]\nmint_commit_min_age_secs = 1\nmint_commit_max_age_secs = 3600\n\n[indexer]\nconfirmations = 0\nreorg_window = 64\npoll_interval_ms = 20\nstall_after_s = 0\n"
    );
    std::fs::write(&path, text).expect("network file");
    path
}

/// Runs `tfx-deploy`.
pub fn deploy(config: &Path, out: &Path, key: Option<&str>) -> Output {
    let mut c = Command::new(bin("tfx-deploy"));
    c.args(["--config", &config.display().to_string(), "--out", &out.display().to_string()]);
    c.env_remove("TFX_PRIVATE_KEY").env_remove("TFX_RPC_URL");
    if let Some(k) = key {
        c.env("TFX_PRIVATE_KEY", k);
    }
    c.output().expect("run tfx-deploy")
}

/// Runs `flix` against a deployment directory.
pub fn flix(node: &impl LocalChain, chain: &str, deployments: &Path, key: &str, args: &[&str]) -> Output {
    Command::new(bin("flix"))
        .args(args)
        .env("TFX_CHAIN", chain)
        .env("TFX_RPC_URL", node.url())
        .env("TFX_DEPLOYMENTS", deployments)
        .env("TFX_PRIVATE_KEY", key)
        .output()
        .expect("run flix")
}

/// stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

//! Helpers for the end-to-end tests: a real anvil chain on a free port and the workspace's real
//! binaries (`tfx-deploy`, `flix`), driven as a user would drive them.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// anvil's first dev key (deployer/admin) and second (creator): devnet only.
pub const DEPLOYER_KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/// anvil's second dev key.
pub const CREATOR_KEY: &str = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace").to_path_buf()
}

/// A built workspace binary (xtask passes its directory as TFX_BIN_DIR).
pub fn bin(name: &str) -> PathBuf {
    let dir = std::env::var_os("TFX_BIN_DIR").map_or_else(|| root().join("target/debug"), PathBuf::from);
    dir.join(name)
}

/// A running anvil, killed on drop.
pub struct Anvil {
    child: Child,
    /// Its RPC URL.
    pub url: String,
    /// Its chain id.
    pub chain_id: u64,
}

impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Anvil {
    /// Starts anvil from node_modules on a free port.
    pub fn start(chain_id: u64) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
        let child = Command::new(root().join("node_modules/.bin/anvil"))
            .args(["--port", &port.to_string(), "--chain-id", &chain_id.to_string(), "--host", "127.0.0.1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("anvil from node_modules (run `cargo xtask test`, which installs it)");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !answers_rpc(port) {
            assert!(Instant::now() < deadline, "anvil did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, url: format!("http://127.0.0.1:{port}"), chain_id }
    }
}

/// Whether a JSON-RPC server on `port` answers `eth_chainId` (a bare TCP accept is not enough:
/// anvil accepts before it serves).
fn answers_rpc(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else { return false };
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#;
    let req = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let mut resp = String::new();
    s.write_all(req.as_bytes()).is_ok() && s.read_to_string(&mut resp).is_ok() && resp.contains("\"result\"")
}

/// A scratch directory under the target dir, emptied first.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tfx-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes a devnet network file for `anvil` into `dir`.
pub fn network_file(dir: &Path, name: &str, chain_id: u64, url: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    let text = format!(
        "[chain]\nname = \"{name}\"\nchain_id = {chain_id}\nrpc_url = \"{url}\"\ndevnet = true\n\n[roles]\nvalidators = [\"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\", \"0x976EA74026E726554dB657fA54763abd0C3a0aa9\"]\n"
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
pub fn flix(anvil: &Anvil, chain: &str, deployments: &Path, key: &str, args: &[&str]) -> Output {
    Command::new(bin("flix"))
        .args(args)
        .env("TFX_CHAIN", chain)
        .env("TFX_RPC_URL", &anvil.url)
        .env("TFX_DEPLOYMENTS", deployments)
        .env("TFX_PRIVATE_KEY", key)
        .output()
        .expect("run flix")
}

/// stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

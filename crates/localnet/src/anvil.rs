//! Local EVM chains: anvil from the repo's pinned npm package, on a chosen or free port, killed on
//! drop; and a blocking JSON-RPC call for driving it (mining, reorgs, unlocked-account sends).

use crate::http::http_request;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// anvil's well-known development keys (mnemonic "test test ... junk"): devnets only.
pub const DEV_KEYS: [&str; 10] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];

/// The addresses of [`DEV_KEYS`].
pub const DEV_ADDRS: [&str; 10] = [
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
    "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
    "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
    "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
];

/// The devnet's three attesters (mnemonic accounts 10-12). They sign messages, never transactions,
/// so they hold nothing.
pub const ATTESTER_KEYS: [&str; 3] = [
    "0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897",
    "0x701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82",
    "0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
];

/// The addresses of [`ATTESTER_KEYS`] (the devnet network files' `crosschain.attesters`).
pub const ATTESTER_ADDRS: [&str; 3] = [
    "0xBcd4042DE499D14e55001CcbB24a551F3b954096",
    "0x71bE63f3384f5fb98995898A86B02Fb2426c5788",
    "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
];

/// The cross-chain relayer's key (mnemonic account 13): its own account, so its transactions never
/// race another role's nonces. [`Anvil::start`] funds it.
pub const MESSAGE_RELAYER_KEY: &str = "0x47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd";

/// The vote relay's key (mnemonic account 14), apart from the message relayer's so the two
/// services never race each other's nonces. Funded on every devnet chain.
pub const VOTE_RELAYER_KEY: &str = "0xc526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa";

/// The address of [`VOTE_RELAYER_KEY`].
pub const VOTE_RELAYER_ADDR: &str = "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097";

/// Which dev account plays which role in the devnet demo and the tests (indexes into [`DEV_KEYS`]).
pub mod role {
    /// Deployer, admin, round organizer.
    pub const ADMIN: usize = 0;
    /// Mints and fractionalizes videos.
    pub const CREATOR: usize = 1;
    /// Holds shares, votes.
    pub const HOLDER: usize = 2;
    /// Streams ad revenue.
    pub const ADVERTISER: usize = 3;
    /// Posts collateral.
    pub const MINER: usize = 4;
    /// The validators named in the devnet network files.
    pub const VALIDATORS: [usize; 2] = [5, 6];
    /// Relays signed votes.
    pub const RELAYER: usize = 7;
    /// Sign votes for the relayer.
    pub const SIGNERS: [usize; 2] = [8, 9];
}

/// The workspace root (this crate lives in `crates/localnet`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

/// A running anvil, killed on drop.
#[derive(Debug)]
pub struct Anvil {
    _process: Node,
    /// Its RPC URL.
    pub url: String,
    /// Its chain id.
    pub chain_id: u64,
}

/// A node's process, killed on drop.
#[derive(Debug)]
pub(crate) struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Anvil {
    /// Starts anvil (from `node_modules`, installed by `cargo xtask`) on `port`, logging to `log`
    /// (or nowhere), with `extra` arguments; returns once it answers JSON-RPC.
    pub fn start(chain_id: u64, port: u16, log: Option<&Path>, extra: &[&str]) -> Result<Self, String> {
        let mut command = Command::new(workspace_root().join("node_modules/.bin/anvil"));
        command
            .args(["--port", &port.to_string(), "--chain-id", &chain_id.to_string(), "--host", "127.0.0.1"])
            // Mnemonic accounts 0-14: the roles, the attesters, the message and the vote relayer.
            .args(["--accounts", "15"])
            .args(extra);
        let (process, url) = serve(command, port, log, "eth_chainId")
            .map_err(|e| format!("anvil from node_modules (run `cargo xtask`, which installs it): {e}"))?;
        Ok(Self { _process: process, url, chain_id })
    }
}

/// Spawns a JSON-RPC node that listens on `port`, logging to `log` (or nowhere); returns it and its
/// URL once it answers `eth_chainId` (killing it if it never does).
/// Starts `command` (a node listening on `port`) and waits until it answers `probe`, a JSON-RPC
/// method without parameters.
pub(crate) fn serve(
    mut command: Command,
    port: u16,
    log: Option<&Path>,
    probe: &str,
) -> Result<(Node, String), String> {
    let (stdout, stderr) = match log {
        Some(path) => {
            let f = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let g = f.try_clone().map_err(|e| e.to_string())?;
            (Stdio::from(f), Stdio::from(g))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let mut node = Node(command.stdout(stdout).stderr(stderr).spawn().map_err(|e| format!("starting: {e}"))?);
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    // A bare TCP accept is not enough: anvil accepts before it serves.
    while rpc(&url, probe, json!([])).is_err() {
        if Instant::now() > deadline || node.0.try_wait().is_ok_and(|status| status.is_some()) {
            return Err(format!("no JSON-RPC answer on port {port} (is the port taken?)"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((node, url))
}

/// One JSON-RPC call; the `result`, or the error as text.
pub fn rpc(url: &str, method: &str, params: Value) -> Result<Value, String> {
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
    let (_, text) = http_request("POST", url, Some(&body)).map_err(|e| format!("{method}: {e}"))?;
    let mut v: Value = serde_json::from_str(&text).map_err(|e| format!("{method}: {e}: {text}"))?;
    match v.get("error") {
        Some(err) => Err(format!("{method}: {err}")),
        None => Ok(v["result"].take()),
    }
}

/// A JSON-RPC quantity (`"0x1a"`) as a number.
pub fn quantity(v: &Value) -> Result<u64, String> {
    let hex = v.as_str().ok_or_else(|| format!("not a hex quantity: {v}"))?;
    u64::from_str_radix(hex.trim_start_matches("0x"), 16).map_err(|e| format!("{hex}: {e}"))
}

/// The chain's latest block number.
pub fn block_number(url: &str) -> Result<u64, String> {
    quantity(&rpc(url, "eth_blockNumber", json!([]))?)
}

/// Sends a transaction from an unlocked anvil account (`data` hex, `to` absent for a deployment)
/// and waits for its receipt; a revert is an error.
pub fn send_unlocked(url: &str, from: &str, to: Option<&str>, data: &str) -> Result<Value, String> {
    let mut tx = json!({ "from": from, "data": data });
    if let Some(to) = to {
        tx["to"] = json!(to);
    }
    let hash = rpc(url, "eth_sendTransaction", json!([tx]))?;
    // anvil answers with the hash before its automine has produced the receipt.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let receipt = rpc(url, "eth_getTransactionReceipt", json!([hash]))?;
        if !receipt.is_null() {
            if receipt["status"] != "0x1" {
                return Err(format!("transaction reverted: {receipt}"));
            }
            return Ok(receipt);
        }
        if Instant::now() > deadline {
            return Err(format!("transaction {hash} was never mined"));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The devnet load generator `EventFlood` (abi/evm/EventFlood.json): emits VoteTally's `VoteCast`
/// event in bulk, so tests and benchmarks can put real-shaped events on a chain cheaply.
#[derive(Debug, Clone)]
pub struct Flood {
    /// Its address.
    pub address: String,
}

impl Flood {
    /// `flood(uint256,uint160,uint256)`'s selector (checked against the binding by a test).
    pub const SELECTOR: &str = "4f083e27";

    /// Deploys it from anvil's first account.
    pub fn deploy(url: &str) -> Result<Self, String> {
        let path = workspace_root().join("abi/evm/EventFlood.json");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let artifact: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let code = artifact["bytecode"]["object"].as_str().ok_or("artifact has no bytecode")?;
        let receipt = send_unlocked(url, DEV_ADDRS[0], None, code)?;
        let address = receipt["contractAddress"].as_str().ok_or("no contractAddress")?;
        Ok(Self { address: address.to_string() })
    }

    /// The calldata of `flood(round, first_voter, count)`.
    pub fn calldata(round: u64, first_voter: u64, count: u64) -> String {
        format!("0x{}{round:064x}{first_voter:064x}{count:064x}", Self::SELECTOR)
    }

    /// Emits `count` votes in one transaction (one block); returns the receipt.
    pub fn emit(&self, url: &str, round: u64, first_voter: u64, count: u64) -> Result<Value, String> {
        send_unlocked(url, DEV_ADDRS[0], Some(&self.address), &Self::calldata(round, first_voter, count))
    }

    /// Points `<deployments>/<chain>.json`'s VoteTally at this contract, so the indexer reads the
    /// flood as VoteTally's events.
    pub fn register(&self, deployments: &Path, chain: &str) -> Result<(), String> {
        let path = deployments.join(format!("{chain}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut record: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        record["contracts"]["VoteTally"]["address"] = json!(self.address);
        let text = serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

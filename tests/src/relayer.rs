//! Driving the cross-chain layer as an operator would: two chains with the Solidity suite and
//! their routes enrolled, the indexer, three attesters (2-of-3) and a relayer, each a process
//! that can be killed and restarted.

use crate::indexer::{Indexer, TestPg, another_database, postgres};
use crate::{Anvil, LocalChain, Scratch, bin, deploy, free_port, http_get, scratch, suite_network_file, text};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use tfx_localnet::{ATTESTER_ADDRS, ATTESTER_KEYS, DEV_KEYS, MESSAGE_RELAYER_KEY, VOTE_RELAYER_KEY};

/// Blocks a dispatch must be buried under before attesters sign it, in these tests.
pub const FINALITY_DEPTH: u64 = 2;

/// An agent process, killed on drop.
pub struct Agent {
    child: Option<Child>,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    /// Its HTTP base URL.
    pub url: String,
}

impl Agent {
    /// Starts `tfx-relayer` with `args` and `envs`, serving at `url`; returns once `/health` answers.
    fn spawn(args: Vec<String>, envs: Vec<(String, String)>, url: String) -> Self {
        let mut a = Self { child: None, args, envs, url };
        a.start();
        a
    }

    /// (Re)starts the process with its original arguments; returns once `/health` answers.
    pub fn start(&mut self) {
        let child = Command::new(bin("tfx-relayer"))
            .args(&self.args)
            .envs(self.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("RUST_LOG", std::env::var("TFX_TEST_LOG").unwrap_or_else(|_| "warn".into()))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tfx-relayer (built by `cargo xtask test`)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !http_get(&format!("{}/health", self.url)).is_ok_and(|(s, _)| s == 200) {
            assert!(Instant::now() < deadline, "agent {:?} did not come up", self.args);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The vote relay (`tfx-relayer votes`) over the deployments in `deployments`, keeping its queue in
/// `db`, passing every `poll_ms`.
pub fn vote_relay(deployments: &Path, networks: &Path, db: &str, poll_ms: u64) -> Agent {
    let listen = format!("127.0.0.1:{}", free_port());
    let args = ["votes", "--deployments", &deployments.display().to_string()]
        .into_iter()
        .chain(["--networks", &networks.display().to_string(), "--poll-ms", &poll_ms.to_string()])
        .chain(["--database-url", db, "--listen", &listen])
        .map(str::to_owned)
        .collect();
    let keys = vec![("TFX_VOTE_RELAY_KEY".to_owned(), VOTE_RELAYER_KEY.to_owned())];
    Agent::spawn(args, keys, format!("http://{listen}"))
}

impl Drop for Agent {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Two chains (avalanche 43114, ethereum 1) and the whole cross-chain stack over them.
pub struct TwoChains {
    /// Deployment records.
    pub deployments: PathBuf,
    /// Network files.
    pub networks: PathBuf,
    /// The indexer (its database is the relayer's too).
    pub indexer: Indexer,
    /// The three attesters.
    pub attesters: Vec<Agent>,
    /// The relayer.
    pub relayer: Agent,
    // Last: the processes above stop before the chains and the database they use.
    /// Avalanche.
    pub a: Anvil,
    /// Ethereum.
    pub b: Anvil,
    _cluster: TestPg,
    _dir: Scratch,
}

/// A network file with the devnet attesters, 2-of-3, and the test's finality depth.
fn crosschain_network_file(dir: &Path, name: &str, chain_id: u64, url: &str, max_freezes: u32) -> PathBuf {
    let path = suite_network_file(dir, name, chain_id, url, "solidity");
    let attesters = ATTESTER_ADDRS.iter().map(|a| format!("\"{a}\"")).collect::<Vec<_>>().join(", ");
    let section = format!(
        "\n[crosschain]\nattesters = [{attesters}]\nthreshold = 2\nfinality_depth = {FINALITY_DEPTH}\nvaluation_step = 1\nvaluation_interval_secs = 60\nfreeze_window_secs = 86400\nfreeze_period_secs = 3600\nmax_freezes_per_period = {max_freezes}\n"
    );
    let mut text = std::fs::read_to_string(&path).expect("network file");
    text.push_str(&section);
    std::fs::write(&path, text).expect("network file");
    path
}

impl TwoChains {
    /// Starts both chains (a block a second beside the transactions, so blocks become final),
    /// deploys and links the suites, and starts the indexer, the attesters and the relayer.
    /// `max_freezes` is each router's freeze rate limit per hour.
    pub fn start(name: &str, max_freezes: u32) -> Self {
        Self::start_mining(name, max_freezes, true)
    }

    /// [`TwoChains::start`], with transactions mined at once beside the 1-second blocks
    /// (`instant`), or only in the next 1-second block, as on a real chain.
    pub fn start_mining(name: &str, max_freezes: u32, instant: bool) -> Self {
        let mining: &[&str] = if instant { &["--block-time", "1", "--mixed-mining"] } else { &["--block-time", "1"] };
        let node = |id| Anvil::start(id, free_port(), None, mining).expect("anvil");
        let (a, b) = (node(43_114), node(1));
        let dir = scratch(&format!("relayer-{name}"));
        let (deployments, networks) = (dir.join("deployments"), dir.join("networks"));
        std::fs::create_dir_all(&networks).expect("dir");
        let files = [
            crosschain_network_file(&networks, "avalanche", 43_114, &a.url, max_freezes),
            crosschain_network_file(&networks, "ethereum", 1, &b.url, max_freezes),
        ];
        // The second pass over the first chain enrolls the second chain's router there.
        for file in [&files[0], &files[1], &files[0]] {
            let o = deploy(file, &deployments, Some(DEV_KEYS[0]));
            assert!(o.status.success(), "deploy: {:?}", text(&o));
        }
        let (cluster, db) = postgres(&format!("relayer-{name}"));
        let indexer = Indexer::start(&db, &deployments, &networks, &[]);
        let common = |cmd: &str| {
            vec![
                cmd.to_string(),
                "--deployments".into(),
                deployments.display().to_string(),
                "--networks".into(),
                networks.display().to_string(),
                "--poll-ms".into(),
                "100".into(),
            ]
        };
        let attesters: Vec<Agent> = ATTESTER_KEYS
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let attester_db = another_database(&cluster, &format!("attester{i}"));
                let listen = format!("127.0.0.1:{}", free_port());
                let mut args = common("attest");
                args.extend(["--database-url".into(), attester_db, "--listen".into(), listen.clone()]);
                Agent::spawn(args, vec![("TFX_ATTESTER_KEY".into(), (*key).into())], format!("http://{listen}"))
            })
            .collect();
        let listen = format!("127.0.0.1:{}", free_port());
        let mut args = common("relay");
        args.extend(["--database-url".into(), db.clone(), "--listen".into(), listen.clone()]);
        for a in &attesters {
            args.extend(["--attester".into(), a.url.clone()]);
        }
        args.extend(["--bump-after-ms".into(), "5000".into()]);
        let relayer = Agent::spawn(
            args,
            vec![("TFX_RELAYER_KEY".into(), MESSAGE_RELAYER_KEY.into())],
            format!("http://{listen}"),
        );
        Self { a, b, deployments, networks, _cluster: cluster, _dir: dir, indexer, attesters, relayer }
    }

    /// The chain named `chain`.
    pub fn node(&self, chain: &str) -> &Anvil {
        if chain == "avalanche" { &self.a } else { &self.b }
    }

    /// Runs `flix --json` on `chain` as dev account `who`; its JSON output (a failure panics).
    pub fn flix(&self, chain: &str, who: usize, args: &[&str]) -> Value {
        let o = self.flix_output(chain, who, args);
        assert!(o.status.success(), "flix {args:?} on {chain}: {:?}", text(&o));
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("flix {args:?}: {e}: {:?}", text(&o)))
    }

    /// Runs `flix --json` on `chain` as dev account `who`.
    pub fn flix_output(&self, chain: &str, who: usize, args: &[&str]) -> Output {
        let node = self.node(chain);
        Command::new(bin("flix"))
            .arg("--json")
            .args(args)
            .env("TFX_CHAIN", chain)
            .env("TFX_RPC_URL", node.url())
            .env("TFX_DEPLOYMENTS", &self.deployments)
            .env("TFX_NETWORKS", &self.networks)
            .env("TFX_PRIVATE_KEY", DEV_KEYS[who])
            .env("TFX_API_URL", &self.indexer.api)
            .output()
            .expect("run flix")
    }
}

/// Polls `f` until it returns `Some`, for at most `limit`.
pub fn eventually<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl TwoChains {
    /// Mints `video` on `from` and registers it on `to`; the message id.
    pub fn register(&self, from: &str, to: &str, video: &str) -> String {
        self.register_output(from, to, video)["message"].as_str().expect("message id").to_owned()
    }

    /// Mints `video` on `from` and registers it on `to`; what `flix message register-video` printed
    /// (the message id, and the transaction that dispatched it).
    pub fn register_output(&self, from: &str, to: &str, video: &str) -> Value {
        self.flix(
            from,
            tfx_localnet::role::CREATOR,
            &["video", "mint", "--content", video, "--playback-id", "faultyplayback01"],
        );
        self.flix(from, tfx_localnet::role::HOLDER, &["message", "register-video", "--video", video, "--to", to])
    }

    /// Registers an already minted `video` of `from` on `to`; the message id.
    pub fn publish_registration(&self, from: &str, to: &str, video: &str) -> String {
        let out =
            self.flix(from, tfx_localnet::role::HOLDER, &["message", "register-video", "--video", video, "--to", to]);
        out["message"].as_str().expect("message id").to_owned()
    }

    /// The indexer's view of message `id` (`/v1/messages` row).
    pub fn message(&self, id: &str) -> Option<Value> {
        let page = self.indexer.ok("/v1/messages?limit=100");
        page["items"].as_array()?.iter().find(|m| m["message_id"] == id).cloned()
    }

    /// Waits until every message in `ids` is delivered, exactly once; their rows.
    pub fn wait_delivered(&self, ids: &[String], limit: Duration) -> Vec<Value> {
        let rows = eventually("every message is delivered", limit, || {
            let rows: Vec<Value> = ids.iter().filter_map(|id| self.message(id)).collect();
            // Delivered as the relayer saw it, and the destination's Delivered event indexed.
            let done = |m: &Value| m["status"] == "delivered" && m["deliveries"].as_u64().unwrap_or(0) > 0;
            (rows.len() == ids.len() && rows.iter().all(done)).then_some(rows)
        });
        for m in &rows {
            assert_eq!(m["deliveries"], serde_json::json!(1), "delivered exactly once: {m}");
        }
        rows
    }
}

impl TwoChains {
    /// A slash of 1,000 against the devnet miner on `chain`, proposed and approved by the two
    /// validators (executable once the dispute window passes); its id.
    pub fn approved_slash(&self, chain: &str, evidence: u64) -> String {
        use tfx_localnet::role::{MINER, VALIDATORS};
        let evidence = format!("0x{evidence:064x}");
        let out = self.flix(
            chain,
            VALIDATORS[0],
            &tfx_localnet::propose_slash(tfx_localnet::DEV_ADDRS[MINER], "1000", &evidence),
        );
        let slash = out["slash"].as_str().map(str::to_owned).unwrap_or_else(|| out["slash"].to_string());
        self.flix(chain, VALIDATORS[1], &["collateral", "approve", "--slash", &slash]);
        slash
    }
}

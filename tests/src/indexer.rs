//! Driving `tfx-indexer` as an operator would: a process against a database and chains, killed at
//! will; its API read over HTTP; its database compared by content digest.

use crate::{LocalChain, PgCluster, Scratch, bin, free_port, http_get, rpc, scratch};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running indexer process (API on a free port), killed on drop.
pub struct Indexer {
    child: Child,
    /// API base URL.
    pub api: String,
}

impl Indexer {
    /// Starts `tfx-indexer` on `db` for the chains in `deployments`, with `extra` flags; returns once
    /// the API answers.
    pub fn start(db: &str, deployments: &Path, networks: &Path, extra: &[&str]) -> Self {
        let child = Self::spawn(db, deployments, networks, extra);
        child.wait_api();
        child
    }

    /// Starts `tfx-indexer` without waiting for anything (to kill it at any point of its start-up).
    pub fn spawn(db: &str, deployments: &Path, networks: &Path, extra: &[&str]) -> Self {
        let listen = format!("127.0.0.1:{}", free_port());
        let child = Command::new(bin("tfx-indexer"))
            .args(["--deployments", &deployments.display().to_string(), "--networks", &networks.display().to_string()])
            .args(["--listen", &listen])
            .args(extra)
            .env("DATABASE_URL", db)
            .env("RUST_LOG", std::env::var("TFX_TEST_LOG").unwrap_or_else(|_| "warn".into()))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tfx-indexer (built by `cargo xtask test`)");
        Self { child, api: format!("http://{listen}") }
    }

    fn wait_api(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !http_get(&format!("{}/health", self.api)).is_ok_and(|(s, _)| s == 200) {
            assert!(Instant::now() < deadline, "indexer API did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The process id (`/v1/chains` names the writer of each chain by host/pid).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, as a process manager stops it; how long it took to exit (at most `limit`, else
    /// it is killed and the test fails).
    pub fn terminate(mut self, limit: Duration) -> Duration {
        let started = Instant::now();
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
        assert!(sent.success(), "kill -TERM {pid}");
        while started.elapsed() < limit {
            if self.child.try_wait().expect("wait").is_some() {
                return started.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("tfx-indexer still running {limit:?} after SIGTERM");
    }

    /// GETs an API path; the status and the JSON body.
    pub fn get(&self, path: &str) -> (u16, Value) {
        let (status, body) = http_get(&format!("{}{path}", self.api)).expect("API reachable");
        let json = serde_json::from_str(&body).unwrap_or(Value::String(body));
        (status, json)
    }

    /// GETs an API path that must answer 200.
    pub fn ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// Follows a server-sent-event stream at `path`: each event's data, parsed, as it arrives.
    pub fn events(&self, path: &str) -> std::sync::mpsc::Receiver<Value> {
        use std::io::{BufRead, BufReader, Write};
        let host = self.api.trim_start_matches("http://").to_owned();
        let mut stream = std::net::TcpStream::connect(&host).expect("API reachable");
        // HTTP/1.0: the body is the stream itself, without chunked framing between the lines.
        write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n").expect("request");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { return };
                if let Some(data) = line.strip_prefix("data: ")
                    && tx.send(serde_json::from_str(data).unwrap_or(Value::String(data.to_owned()))).is_err()
                {
                    return;
                }
            }
        });
        rx
    }

    /// Waits until every chain in `chains` is live and indexed up to its current head.
    pub fn wait_synced(&self, chains: &[&dyn LocalChain]) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let (_, status) = self.get("/v1/chains");
            let synced = chains.iter().all(|a| {
                let head = tfx_localnet::block_number(a.url()).expect("eth_blockNumber");
                status["items"].as_array().into_iter().flatten().any(|c| {
                    c["chain_id"] == json!(a.chain_id()) && c["indexed_block"] == json!(head) && c["status"] == "live"
                })
            });
            if synced {
                return;
            }
            assert!(Instant::now() < deadline, "indexer did not catch up: {status}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the API reports `chain_id` with `status`.
    pub fn wait_status(&self, chain_id: u64, status: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (_, chains) = self.get("/v1/chains");
            if let Some(c) = chains["items"].as_array().into_iter().flatten().find(|c| c["chain_id"] == json!(chain_id))
                && c["status"] == status
            {
                return c.clone();
            }
            assert!(Instant::now() < deadline, "chain {chain_id} never became {status}: {chains}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The content digest of every event table (`tfx-indexer digest`).
pub fn digest(db: &str) -> String {
    let out =
        Command::new(bin("tfx-indexer")).arg("digest").env("DATABASE_URL", db).output().expect("tfx-indexer digest");
    assert!(out.status.success(), "digest: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A test's own PostgreSQL cluster: stopped, then its data directory removed, when dropped.
pub struct TestPg {
    cluster: PgCluster,
    _data: Scratch,
}

impl std::ops::Deref for TestPg {
    type Target = PgCluster;
    fn deref(&self) -> &PgCluster {
        &self.cluster
    }
}

/// A PostgreSQL cluster of the test's own (so it may restart it) and a fresh database on it.
pub fn postgres(name: &str) -> (TestPg, String) {
    let data = scratch(&format!("pg-{name}"));
    let cluster = PgCluster::start(&data, free_port()).expect("PostgreSQL");
    let url = cluster.fresh_database("tensorflix").expect("database");
    (TestPg { cluster, _data: data }, url)
}

/// A second fresh database on `cluster`.
pub fn another_database(cluster: &PgCluster, name: &str) -> String {
    cluster.fresh_database(name).expect("database")
}

/// Mines an empty block after moving the clock `secs` forward.
pub fn advance(node: &dyn LocalChain, secs: u64) {
    rpc(node.url(), "evm_increaseTime", json!([secs])).expect("evm_increaseTime");
    rpc(node.url(), "evm_mine", json!([])).expect("evm_mine");
}

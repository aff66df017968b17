//! `cargo xtask up`, the README's main command: its demo on all three chains and every
//! cross-chain route, and as a process manager runs it, stopped by a signal sent to it alone.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tfx_e2e::*;

/// The ports `cargo xtask up` serves: the two anvils, the local Polkadot Hub, the local Solana
/// cluster, the API and the page, PostgreSQL, the relayer, the three attesters and the vote relay.
const PORTS: [u16; 11] = [9650, 8545, 9944, 8899, 8080, 5544, 8090, 8091, 8092, 8093, 8094];

/// The tests share those ports: one devnet at a time.
static DEVNET: Mutex<()> = Mutex::new(());

#[test]
fn the_demo_carries_every_message_type_both_ways_on_evm_and_polkadot_routes() {
    let _one = DEVNET.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let out = Command::new(bin("xtask"))
        .args(["up", "--exit-after-demo"])
        .current_dir(root())
        .env_remove("DATABASE_URL")
        .output()
        .expect("xtask (built by `cargo xtask test`)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "xtask up: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    // Each route's step fails the demo unless its four messages (registration, vote result,
    // valuation, slash notice) were delivered and their effects read back through flix.
    for route in ["avalanche -> ethereum", "ethereum -> avalanche", "polkadot -> avalanche", "avalanche -> polkadot"] {
        let step =
            stdout.split(&format!("== cross-chain: {route} ")).nth(1).unwrap_or_else(|| panic!("{route}: {stdout}"));
        let step = step.split("\n== ").next().unwrap_or_default();
        assert!(step.contains(" delivered; what arrived"), "{route}: {step}");
        assert!(step.contains("reserved: true") && step.contains("received: true"), "{route}: {step}");
        assert!(step.contains("frozen_until: ") && !step.contains("frozen_until: 0\n"), "{route}: {step}");
    }
    // The Solana cluster's demo: minted, voted on, finalized, streamed to, a miner slashed, read
    // back through the API.
    let solana = stdout.split("== demo on solana-local").nth(1).unwrap_or_else(|| panic!("no Solana demo: {stdout}"));
    let solana = solana.split("\n== ").next().unwrap_or_default();
    assert!(solana.contains("winner: 0") && solana.contains("tallies: [\"2\",\"1\"]"), "{solana}");
    assert!(solana.contains("slashed: 100000000") && solana.contains("bonded: 900000000"), "{solana}");
    assert!(solana.contains("share_supply: 1000") && solana.matches("claimed: ").count() == 2, "{solana}");
    assert!(stdout.contains("/v1/rounds/1399811150/1"), "the API shows the Solana round: {stdout}");
    let collateral = stdout.split("/v1/collateral/1399811150/").nth(1).unwrap_or_default();
    assert!(collateral.contains("\"slashed\":\"100000000\""), "the API shows the Solana slash: {stdout}");
}

#[test]
fn sigterm_to_xtask_up_alone_stops_every_process_it_started() {
    let _one = DEVNET.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let scratch = scratch("xtask-up");
    let stderr_path = scratch.as_ref().join("stderr");
    let stderr = std::fs::File::create(&stderr_path).expect("stderr file");
    let mut up = Command::new(bin("xtask"))
        .args(["up", "--no-demo"])
        .current_dir(root())
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("xtask (built by `cargo xtask test`)");
    let stdout = up.stdout.take().expect("stdout");
    let mut seen = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("xtask output");
        let ready = line.contains("Press Ctrl-C");
        seen.push(line);
        if ready {
            break;
        }
    }
    let errors = || std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(
        seen.last().is_some_and(|l| l.contains("Press Ctrl-C")),
        "xtask up never got ready: {seen:#?}\nstderr:\n{}",
        errors()
    );
    for port in PORTS {
        assert!(TcpStream::connect(("127.0.0.1", port)).is_ok(), "port {port} serves while up runs");
    }
    let sent = Command::new("kill").args(["-TERM", &up.id().to_string()]).status().expect("kill");
    assert!(sent.success());
    let started = Instant::now();
    while up.try_wait().expect("wait").is_none() {
        assert!(started.elapsed() < Duration::from_secs(30), "xtask up still running 30 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
    for port in PORTS {
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "port {port} still served after xtask up ended");
    }
}

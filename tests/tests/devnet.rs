//! `cargo xtask up` as a process manager runs it: stopped by a signal sent to it alone.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tfx_e2e::*;

/// The ports `cargo xtask up` serves: the two anvils, the local Polkadot Hub, the API, PostgreSQL.
const PORTS: [u16; 5] = [9650, 8545, 9944, 8080, 5544];

#[test]
fn sigterm_to_xtask_up_alone_stops_every_process_it_started() {
    let stderr_path = std::env::temp_dir().join(format!("tfx-xtask-up-{}.stderr", std::process::id()));
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

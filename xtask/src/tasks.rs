//! `test`, `abi` and `bench` tasks.

use crate::tools::{
    cmd, ensure_chromium, ensure_disk_space, ensure_npm_tools, ensure_schemathesis, ink_target_dir,
    polkadot_hub_devnet, run, sandbox_target_dir, solana_idl_target_dir, solana_target_dir, target_dir,
};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

/// Contracts whose interfaces are committed under abi/evm; the bindings crate reads exactly these.
pub(crate) const EVM_CONTRACTS: &[&str] = &[
    "VideoNft",
    "VideoShares",
    "VoteTally",
    "AdRevenue",
    "MinerCollateral",
    "Mailbox",
    "StudioRouter",
    "FlixToken",
    "TestStablecoin",
    "EventFlood",
];

/// The gas snapshot holds the deterministic unit tests only: a fuzz test's mean gas moves whenever
/// the fuzzer's dictionary does (any new constant in any compiled contract), which is noise, not a
/// regression.
const SNAPSHOT_FILTER: &[&str] = &["--no-match-path", "test/invariant/*", "--no-match-test", "^testFuzz_"];

fn forge(root: &Path) -> std::process::Command {
    let mut c = cmd("forge");
    c.current_dir(root.join("contracts/evm"));
    c
}

/// Writes a generated artifact to its committed place, or with `check` only notes it in `stale`
/// when the committed one differs (or is missing).
fn refresh(committed: &Path, generated: &[u8], check: bool, stale: &mut Vec<String>) -> Result<()> {
    if check {
        if std::fs::read(committed).ok().as_deref() != Some(generated) {
            stale.push(committed.display().to_string());
        }
        return Ok(());
    }
    std::fs::create_dir_all(committed.parent().context("artifact directory")?)?;
    std::fs::write(committed, generated)?;
    Ok(())
}

/// `cargo xtask abi [--check]`.
pub(crate) fn abi(root: &Path, check: bool) -> Result<()> {
    ensure_npm_tools(root)?;
    run(forge(root).args(["build", "--quiet"]))?;
    let mut stale = Vec::new();
    for name in EVM_CONTRACTS {
        let out = root.join(format!("contracts/evm/out/{name}.sol/{name}.json"));
        let artifact: Value = serde_json::from_str(
            &std::fs::read_to_string(&out).with_context(|| format!("reading {}", out.display()))?,
        )?;
        let generated = json!({
            "abi": artifact["abi"],
            "bytecode": { "object": artifact["bytecode"]["object"] },
            "deployedBytecode": { "object": artifact["deployedBytecode"]["object"] },
        });
        let text = serde_json::to_string_pretty(&generated)? + "\n";
        refresh(&root.join(format!("abi/evm/{name}.json")), text.as_bytes(), check, &mut stale)?;
    }
    if !stale.is_empty() {
        bail!("ABI artifacts are stale (run `cargo xtask abi` and commit): {}", stale.join(", "));
    }
    println!("abi: {} EVM artifacts {}", EVM_CONTRACTS.len(), if check { "up to date" } else { "written" });
    solana_idl(root, check)
}

/// Writes (or checks) `abi/solana/<program>.json`, the Anchor IDL of each Solana program, built by
/// the Solana workspace's `tfx-solana-idl`.
fn solana_idl(root: &Path, check: bool) -> Result<()> {
    let mut c = cmd("cargo");
    c.args(["run", "--quiet", "--locked", "-p", "tfx-solana-idl", "--", "--programs"])
        .arg(root.join("contracts/solana/programs"))
        .arg("--out")
        .arg(root.join("abi/solana"))
        .arg("--target-dir")
        .arg(solana_idl_target_dir())
        .current_dir(root.join("contracts/solana"))
        .env("CARGO_TARGET_DIR", solana_target_dir());
    if check {
        c.arg("--check");
    }
    run(&mut c)
}

/// `cargo test` of the ink! contracts on ink!'s off-chain engine, in the Solidity ABI mode they ship,
/// in [`crate::ink::build_root`].
fn ink_tests(build_root: &Path) -> Result<()> {
    run(cmd("cargo")
        .args(["test", "--locked"])
        .current_dir(build_root.join("contracts/ink"))
        .env("CARGO_TARGET_DIR", ink_target_dir()))
}

/// Prints a stage's heading and, when the next one starts (or the run ends), how long it took, so
/// that every CI log shows where its minutes went.
struct Stages {
    current: Option<(&'static str, Instant)>,
    done: Vec<(&'static str, Duration)>,
}

impl Stages {
    fn start(&mut self, name: &'static str) {
        self.finish();
        println!("== {name}");
        self.current = Some((name, Instant::now()));
    }

    fn finish(&mut self) {
        if let Some((name, started)) = self.current.take() {
            self.done.push((name, started.elapsed()));
        }
    }
}

/// The times are printed however the run ends: on a failure the last stage listed is the one that
/// failed, which is what a CI log needs most.
impl Drop for Stages {
    fn drop(&mut self) {
        self.finish();
        println!("== stage times");
        for (name, took) in &self.done {
            println!("   {:>6.1} s  {name}", took.as_secs_f64());
        }
    }
}

/// `cargo xtask test`: everything CI runs.
pub(crate) fn test(root: &Path) -> Result<()> {
    ensure_disk_space()?;
    let mut stages = Stages { current: None, done: Vec::new() };
    stages.start("npm tools (Foundry, solc-js, OpenZeppelin)");
    ensure_npm_tools(root)?;
    stages.start("forge: unit tests, checked against the committed gas snapshot");
    run(forge(root).args(["snapshot", "--check"]).args(SNAPSHOT_FILTER))?;
    stages.start("forge: fuzz and invariant tests");
    run(forge(root).args(["test", "--match-test", "^(testFuzz|invariant)_"]))?;
    stages.start("ABI freshness (EVM artifacts, Solana IDL)");
    abi(root, true)?;
    stages.start("ink! contracts: off-chain tests");
    let ink_root = crate::ink::build_root(root)?;
    ink_tests(&ink_root)?;
    stages.start("ink! artifacts: freshness against abi/ink/manifest.json");
    crate::ink::check(root, false)?;
    stages.start("ink! artifacts on pallet-revive (sandbox tests)");
    run(cmd("cargo")
        .args(["test", "--locked"])
        .current_dir(crate::ink::sandbox_dir(&ink_root))
        .env("CARGO_TARGET_DIR", sandbox_target_dir()))?;
    stages.start("Solana programs in Agave's runtime (LiteSVM), mirroring the forge tests; solana-devnet");
    run(cmd("cargo")
        .args(["test", "--locked"])
        .current_dir(root.join("contracts/solana"))
        .env("CARGO_TARGET_DIR", solana_target_dir()))?;
    let solana_devnet = crate::tools::solana_devnet(root)?;
    stages.start("cargo: workspace build and unit tests");
    crate::devnet::build_binaries(root)?;
    // Every `cargo test` below selects the whole workspace, so they all resolve one feature set and
    // share one build; `-p tfx-e2e` alone would resolve another and rebuild alloy, sqlx and ours.
    run(cmd("cargo").args(["test", "--workspace", "--lib", "--bins"]).current_dir(root))?;
    stages.start("polkadot-hub-devnet build");
    let polkadot_hub = polkadot_hub_devnet(root)?;
    stages.start("schemathesis (PyPI)");
    let schemathesis = ensure_schemathesis()?;
    stages.start("dApp: type check and bundle (web/), Chromium for its browser tests");
    let web = crate::web::build(root)?;
    let chromium = ensure_chromium()?;
    // The end-to-end suite runs last, against the binaries built above.
    stages.start("end-to-end tests (real anvil chains, a local Polkadot Hub, a local Solana cluster, real PostgreSQL)");
    run(cmd("cargo")
        .args(["test", "--workspace", "--test", "*", "--no-fail-fast"])
        .env("TFX_BIN_DIR", target_dir().join("debug"))
        .env("TFX_POLKADOT_HUB_DEVNET", polkadot_hub)
        .env("TFX_SOLANA_DEVNET", solana_devnet)
        .env("TFX_SCHEMATHESIS", schemathesis)
        .env("TFX_WEB_DIST", web)
        .env("TFX_CHROMIUM", chromium)
        .current_dir(root))?;
    Ok(())
}

/// `cargo xtask bench relayer`: the release agents, indexer, deployer and CLI, driven by the
/// tfx-e2e bench `relayer` (see tests/benches/relayer.rs).
pub(crate) fn bench_relayer(root: &Path, messages: u64) -> Result<()> {
    ensure_npm_tools(root)?;
    // Hyperlane's contracts for the delivery-gas comparison, only ever installed by this bench.
    let hyperlane = root.join("bench/hyperlane");
    crate::tools::npm_ci(&hyperlane, "node_modules/@hyperlane-xyz/core/package.json", "Hyperlane's contracts, 460 MB")?;
    run(cmd("forge").arg("build").current_dir(&hyperlane))?;
    run(cmd("cargo")
        .args(["build", "--release", "-p", "tfx-relayer", "-p", "tfx-indexer", "-p", "tfx-deploy", "-p", "flix"])
        .current_dir(root))?;
    run(cmd("cargo")
        .args(["bench", "-p", "tfx-e2e", "--bench", "relayer"])
        .env("TFX_BIN_DIR", target_dir().join("release"))
        .env("TFX_BENCH_MESSAGES", messages.to_string())
        .current_dir(root))
}

/// `cargo xtask bench gas`.
pub(crate) fn bench_gas(root: &Path) -> Result<()> {
    ensure_npm_tools(root)?;
    run(forge(root).args(["snapshot"]).args(SNAPSHOT_FILTER))?;
    crate::bench::gas_bench(root)
}

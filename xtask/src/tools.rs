//! Locating and installing the external tools the tasks drive.

use crate::ink::CARGO_CONTRACT_VERSION;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of this crate's directory).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Builds reuse one target directory across clones (CI clones afresh on the same machine), unless
/// the caller chose one with CARGO_TARGET_DIR.
pub(crate) fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let home = std::env::var_os("HOME").map_or_else(workspace_root, PathBuf::from);
            home.join(".cache/tensorflix/target")
        }
    }
}

/// A command with the task environment: repo-local npm binaries first on PATH, stable target dir.
///
/// It drops the variables cargo set for this package (`cargo xtask` is a `cargo run`). A nested
/// cargo compares them against what build scripts declared with `rerun-if-env-changed`: ring's
/// declares `CARGO_MANIFEST_DIR`, so a fresh clone at a new path rebuilt ring and everything above
/// it (rustls, reqwest, alloy, sqlx and every crate of ours) at each stage of CI.
pub(crate) fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || ["CARGO_CRATE_NAME", "CARGO_BIN_NAME", "CARGO_PRIMARY_PACKAGE", "OUT_DIR"].contains(&key.as_ref())
        {
            c.env_remove(key.as_ref());
        }
    }
    let root = workspace_root();
    let bin = root.join("node_modules/.bin");
    let path = std::env::var("PATH").unwrap_or_default();
    c.env("PATH", format!("{}:{path}", bin.display()));
    c.env("CARGO_TARGET_DIR", target_dir());
    c
}

/// Runs a command to completion, failing with its description if it exits non-zero.
pub(crate) fn run(c: &mut Command) -> Result<()> {
    let desc = format!("{c:?}");
    let status = c.status().with_context(|| format!("could not start {desc}"))?;
    if !status.success() {
        bail!("command failed ({status}): {desc}");
    }
    Ok(())
}

fn have(program: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {program}")]).output().is_ok_and(|o| o.status.success())
}

/// Installs Node.js/npm from Debian when missing, then the pinned npm packages into node_modules.
pub(crate) fn ensure_npm_tools(root: &Path) -> Result<()> {
    if !have("node") || !have("npm") {
        eprintln!("xtask: installing nodejs and npm from Debian");
        run(Command::new("apt-get").arg("update").arg("-qq"))?;
        run(Command::new("apt-get").args(["install", "-y", "-qq", "nodejs", "npm"]))?;
    }
    npm_ci(root, "node_modules/.bin/anvil", "Foundry, solc-js, OpenZeppelin")
}

/// `npm ci` in `dir`, unless its `node_modules` is at least as new as its lockfile and has `probe`.
pub(crate) fn npm_ci(dir: &Path, probe: &str, what: &str) -> Result<()> {
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified()? >= l.modified()?,
        _ => false,
    };
    if !fresh || !dir.join(probe).exists() {
        eprintln!("xtask: npm ci ({what}) in {}", dir.display());
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(dir))?;
    }
    Ok(())
}

/// The ink! contracts build in their own target directory: they compile with other rustflags
/// (`--cfg ink_abi="sol"`), which would invalidate the main workspace's artifacts at every switch.
pub(crate) fn ink_target_dir() -> PathBuf {
    sibling_target_dir("ink")
}

/// Where the ink! tests run: a mirror of the ink! workspace at a path that does not change with the
/// clone (see `ink::mirror`).
pub(crate) fn ink_mirror_dir() -> PathBuf {
    sibling_target_dir("ink-src")
}

/// What a cold `cargo xtask test` writes into the target directories (measured: 16 GiB), with
/// room for the clone, node_modules and the test clusters.
const COLD_RUN_BYTES: u64 = 20 << 30;

/// Below this even a warm run (the changed crates, the test clusters) may fill the disk.
const WARM_RUN_BYTES: u64 = 5 << 30;

/// Makes room before a run that needs it, or says plainly that there is none. A full disk
/// otherwise shows up late and as another tool's failure: `npm ci` died with no message on a CI
/// machine left with 125 MiB. The incremental caches are what may go: rustc rebuilds them on the
/// next build of a crate, and they are the part of a target directory that grows with every
/// edit (stale sessions of each crate of ours).
pub(crate) fn ensure_disk_space() -> Result<()> {
    let main = target_dir();
    let free = || free_bytes(&main);
    if free()? >= COLD_RUN_BYTES {
        return Ok(());
    }
    let parent = main.parent().unwrap_or(&main);
    let prefix = main.file_name().and_then(|n| n.to_str()).unwrap_or("target");
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let incremental = entry.path().join("debug/incremental");
        if entry.file_name().to_string_lossy().starts_with(prefix) && incremental.is_dir() {
            eprintln!("xtask: low on disk, removing {}", incremental.display());
            std::fs::remove_dir_all(&incremental).with_context(|| format!("removing {}", incremental.display()))?;
        }
    }
    let left = free()?;
    let gib = |bytes: u64| bytes as f64 / f64::from(1 << 30);
    let shortfall = format!(
        "{:.1} GiB free where the builds go ({}); a cold run needs about {:.0} GiB",
        gib(left),
        main.display(),
        gib(COLD_RUN_BYTES)
    );
    if left < WARM_RUN_BYTES {
        bail!("{shortfall}. Free space (other checkouts' target directories, old build caches) and run it again.");
    }
    if left < COLD_RUN_BYTES {
        eprintln!("xtask: {shortfall}; going on, as a warm run needs less");
    }
    Ok(())
}

/// Free bytes on the filesystem that holds `path`, or would hold it once created.
fn free_bytes(path: &Path) -> Result<u64> {
    let existing = path.ancestors().find(|p| p.exists()).unwrap_or(Path::new("/"));
    let stat = rustix::fs::statvfs(existing).with_context(|| format!("statvfs {}", existing.display()))?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// The Solana workspace (`contracts/solana`) builds in its own target directory: ~580 crates the
/// main workspace never needs.
pub(crate) fn solana_target_dir() -> PathBuf {
    sibling_target_dir("solana")
}

/// anchor-lang-idl builds the programs' IDL with its own RUSTFLAGS, so in a target directory of
/// its own (sharing one would rebuild the tests' crates each time).
pub(crate) fn solana_idl_target_dir() -> PathBuf {
    sibling_target_dir("solana-idl")
}

/// The pallet-revive sandbox builds in its own target directory too: its lock file pins other
/// releases of crates the main workspace also uses.
pub(crate) fn sandbox_target_dir() -> PathBuf {
    sibling_target_dir("sandbox")
}

/// Builds `polkadot-hub-devnet` (the sandbox's pallet-revive behind the Ethereum RPC); its path.
pub(crate) fn polkadot_hub_devnet(root: &Path) -> Result<PathBuf> {
    run(cmd("cargo")
        .args(["build", "--quiet", "--locked", "--bin", "polkadot-hub-devnet"])
        .current_dir(crate::ink::sandbox_dir(&crate::ink::build_root(root)?))
        .env("CARGO_TARGET_DIR", sandbox_target_dir()))?;
    Ok(sandbox_target_dir().join("debug/polkadot-hub-devnet"))
}

/// Builds `solana-devnet` (the local Solana cluster) in the Solana workspace's target directory;
/// its path.
pub(crate) fn solana_devnet(root: &Path) -> Result<PathBuf> {
    run(cmd("cargo")
        .args(["build", "--quiet", "--locked", "--bin", "solana-devnet"])
        .current_dir(root.join("contracts/solana"))
        .env("CARGO_TARGET_DIR", solana_target_dir()))?;
    Ok(solana_target_dir().join("debug/solana-devnet"))
}

fn sibling_target_dir(suffix: &str) -> PathBuf {
    let main = target_dir();
    main.with_file_name(format!("{}-{suffix}", main.file_name().and_then(|n| n.to_str()).unwrap_or("target")))
}

/// The schemathesis release `cargo xtask test` runs against the API's OpenAPI document.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Installs schemathesis from PyPI into a virtualenv beside the target directory (Debian's
/// python3-venv first when the machine lacks it); the path of its `st`.
pub(crate) fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = sibling_target_dir("schemathesis");
    let st = venv.join("bin/st");
    let version = Command::new(&st).arg("--version").output();
    if version.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS_VERSION)) {
        return Ok(st);
    }
    let _ = std::fs::remove_dir_all(&venv);
    if !Command::new("python3").args(["-m", "venv", "--help"]).output().is_ok_and(|o| o.status.success())
        || !Command::new("python3").args(["-c", "import ensurepip"]).output().is_ok_and(|o| o.status.success())
    {
        eprintln!("xtask: installing python3-venv from Debian");
        run(Command::new("apt-get").arg("update").arg("-qq"))?;
        run(Command::new("apt-get").args(["install", "-y", "-qq", "python3", "python3-venv"]))?;
    }
    eprintln!("xtask: pip install schemathesis=={SCHEMATHESIS_VERSION} into {}", venv.display());
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
    ]))?;
    Ok(st)
}

/// The headless browser the dApp's tests drive: Debian's Chromium, installed when missing; its path.
pub(crate) fn ensure_chromium() -> Result<PathBuf> {
    let chromium = PathBuf::from("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("xtask: installing chromium from Debian (the dApp's browser tests)");
        run(Command::new("apt-get").arg("update").arg("-qq"))?;
        run(Command::new("apt-get").args(["install", "-y", "-qq", "--no-install-recommends", "chromium"]))?;
    }
    Ok(chromium)
}

/// Installs what building ink! contracts needs: rust-src, and cargo-contract from crates.io.
pub(crate) fn ensure_ink_tools() -> Result<()> {
    let components = Command::new("rustup").args(["component", "list", "--installed"]).output()?;
    if !String::from_utf8_lossy(&components.stdout).lines().any(|l| l.starts_with("rust-src")) {
        eprintln!("xtask: rustup component add rust-src");
        run(Command::new("rustup").args(["component", "add", "rust-src"]))?;
    }
    let version = cmd("cargo").args(["contract", "--version"]).output();
    if !version.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(CARGO_CONTRACT_VERSION)) {
        eprintln!("xtask: cargo install cargo-contract {CARGO_CONTRACT_VERSION} (once, ~6 minutes)");
        run(cmd("cargo").args(["install", "cargo-contract", "--version", CARGO_CONTRACT_VERSION, "--locked"]))?;
    }
    Ok(())
}

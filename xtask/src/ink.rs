//! The ink! contracts' committed artifacts (`abi/ink/`) and the manifest that makes checking them
//! cheap.
//!
//! A cargo-contract build of the five contracts costs a cargo-contract install and several minutes
//! of release builds, and cargo redoes it in every new clone because its fingerprints hold the
//! clone's path. So `cargo xtask ink` records, beside the artifacts, the hash of every input of the
//! build (the ink! workspace's files and the toolchain) and of every artifact it wrote
//! (`abi/ink/manifest.json`). The check compares the tree with that record: while no input changed,
//! an artifact that differs from its recorded hash was edited by hand and fails at once, without a
//! build; when an input changed (or `--rebuild` asks), it rebuilds and compares the artifacts byte
//! for byte, as before.

use crate::tools::{cmd, ensure_ink_tools, ink_target_dir, run};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The ink! contracts (crates under contracts/ink), whose on-chain artifacts are committed under
/// abi/ink: the suite's five, its Mailbox and StudioRouter, and the contract wallet the sandbox
/// tests call them from.
pub(crate) const INK_CONTRACTS: &[&str] = &[
    "vote_tally",
    "video_nft",
    "video_shares",
    "ad_revenue",
    "miner_collateral",
    "mailbox",
    "studio_router",
    "test_wallet",
];

/// What cargo-contract writes per contract: PolkaVM code, Solidity-compatible metadata and ABI.
const INK_ARTIFACTS: &[&str] = &["polkavm", "json", "abi"];

/// The ink! workspace, relative to the repository root.
const INK_WORKSPACE: &str = "contracts/ink";

/// Where the artifacts and the manifest are committed, relative to the repository root.
const ARTIFACT_DIR: &str = "abi/ink";

/// Directories of the ink! workspace that are not inputs of the contracts' build: build output, and
/// the pallet-revive sandbox (its own workspace, which only reads the artifacts).
const NOT_INPUTS: &[&str] = &["target", "sandbox"];

/// The cargo-contract the artifacts are built with (the ink! 6 line, see ../shared/TOOLCHAIN.md).
pub(crate) const CARGO_CONTRACT_VERSION: &str = "6.0.0-beta.2";

/// What one build of the artifacts was made from, and what it made. Paths are relative to the
/// repository root with `/` separators, hashes are lowercase hex SHA-256; maps keep a fixed order so
/// the committed file only changes when a hash does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Manifest {
    /// `cargo contract --version`'s version and `rustc -V`.
    pub(crate) toolchain: BTreeMap<String, String>,
    /// Every file of the ink! workspace the build reads.
    pub(crate) inputs: BTreeMap<String, String>,
    /// Every committed artifact.
    pub(crate) artifacts: BTreeMap<String, String>,
}

/// How the committed tree stands against its manifest.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Drift {
    /// Inputs, toolchain and artifacts are those of the recorded build.
    None,
    /// The inputs are the recorded ones but these artifacts are not what that build wrote.
    Artifacts(Vec<String>),
    /// These inputs (or the toolchain) changed since the recorded build: only a rebuild can tell
    /// whether the artifacts are stale.
    Inputs(Vec<String>),
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Files under `dir` (recursively), skipping the top-level directories named in `skip`, as sorted
/// root-relative paths with `/` separators; none when `dir` does not exist.
fn files_under(root: &Path, dir: &str, skip: &[&str]) -> Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, skip: &[&str], out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                if !skip.iter().any(|s| entry.file_name() == *s) {
                    walk(root, &path, &[], out)?;
                }
            } else {
                let rel = path.strip_prefix(root)?;
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if root.join(dir).exists() {
        walk(root, &root.join(dir), skip, &mut files)?;
    }
    files.sort();
    Ok(files)
}

/// The ink! workspace's files that the contracts' build reads, as sorted root-relative paths.
fn input_files(root: &Path) -> Result<Vec<String>> {
    files_under(root, INK_WORKSPACE, NOT_INPUTS)
}

/// What the mirror holds: the ink! workspace, the pallet-revive sandbox and what both read from
/// `abi/` (the artifacts, the event vectors, the EVM ABIs the sandbox binds), so that the ink!
/// tests, the sandbox tests and `polkadot-hub-devnet` all build at one fixed path.
fn mirrored_files(root: &Path) -> Result<Vec<String>> {
    let mut files = input_files(root)?;
    files.extend(files_under(root, SANDBOX, &["target"])?);
    // The JSON-RPC front `polkadot-hub-devnet` shares with `solana-devnet`, a path dependency.
    files.extend(files_under(root, "crates/devnet-rpc", &[])?);
    files.extend(files_under(root, ARTIFACT_DIR, &[])?);
    files.extend(files_under(root, "abi/evm", &[])?);
    Ok(files)
}

/// The pallet-revive sandbox, relative to the repository root.
const SANDBOX: &str = "contracts/ink/sandbox";

/// Where the ink! workspace and the sandbox are built and tested: the mirror at a fixed path (see
/// [`mirror`]), or the repository itself when `TFX_WRITE_VECTORS` is set, since the tests then
/// rewrite the committed event vectors.
pub(crate) fn build_root(root: &Path) -> Result<PathBuf> {
    if std::env::var_os("TFX_WRITE_VECTORS").is_some() {
        return Ok(root.to_path_buf());
    }
    let at = crate::tools::ink_mirror_dir();
    mirror(root, &at)?;
    Ok(at)
}

/// The sandbox's directory under [`build_root`].
pub(crate) fn sandbox_dir(build_root: &Path) -> PathBuf {
    build_root.join(SANDBOX)
}

/// Mirrors [`mirrored_files`] into `mirror`, in the repository's layout, writing only the files whose
/// bytes differ and deleting the ones that are gone. Cargo's fingerprints hold a workspace's path and
/// its files' mtimes, so what runs in the mirror is not rebuilt from scratch for every fresh clone
/// of the repository.
pub(crate) fn mirror(root: &Path, mirror: &Path) -> Result<()> {
    let wanted = mirrored_files(root)?;
    for rel in &wanted {
        let bytes = std::fs::read(root.join(rel)).with_context(|| format!("reading {rel}"))?;
        let to = mirror.join(rel);
        if std::fs::read(&to).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::create_dir_all(to.parent().context("mirror directory")?)?;
            std::fs::write(&to, bytes).with_context(|| format!("writing {}", to.display()))?;
        }
    }
    for gone in mirrored_files(mirror)?.into_iter().filter(|f| !wanted.contains(f)) {
        std::fs::remove_file(mirror.join(&gone)).with_context(|| format!("removing {gone} from the mirror"))?;
    }
    Ok(())
}

fn hash_files(root: &Path, files: impl IntoIterator<Item = String>) -> Result<BTreeMap<String, String>> {
    files
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(&rel)).with_context(|| format!("reading {rel}"))?;
            Ok((rel, sha256_hex(&bytes)))
        })
        .collect()
}

fn artifact_paths() -> impl Iterator<Item = String> {
    INK_CONTRACTS.iter().flat_map(|name| INK_ARTIFACTS.iter().map(move |ext| format!("{ARTIFACT_DIR}/{name}.{ext}")))
}

/// The toolchain that builds the artifacts, as the manifest records it.
fn toolchain(root: &Path) -> Result<BTreeMap<String, String>> {
    let rustc = std::process::Command::new("rustc").arg("-V").current_dir(root.join(INK_WORKSPACE)).output()?;
    if !rustc.status.success() {
        bail!("rustc -V failed");
    }
    Ok(BTreeMap::from([
        ("cargo-contract".to_owned(), CARGO_CONTRACT_VERSION.to_owned()),
        ("rustc".to_owned(), String::from_utf8_lossy(&rustc.stdout).trim().to_owned()),
    ]))
}

impl Manifest {
    fn path(root: &Path) -> PathBuf {
        root.join(ARTIFACT_DIR).join("manifest.json")
    }

    /// The manifest the tree under `root` would have, built with `toolchain`. Missing artifacts are
    /// recorded as an empty hash so that they show up as drift instead of an I/O error.
    pub(crate) fn of_tree(root: &Path, toolchain: BTreeMap<String, String>) -> Result<Self> {
        let inputs = hash_files(root, input_files(root)?)?;
        let artifacts = artifact_paths()
            .map(|rel| {
                let hash = std::fs::read(root.join(&rel)).map(|b| sha256_hex(&b)).unwrap_or_default();
                (rel, hash)
            })
            .collect();
        Ok(Self { toolchain, inputs, artifacts })
    }

    pub(crate) fn load(root: &Path) -> Result<Self> {
        let path = Self::path(root);
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }

    pub(crate) fn save(&self, root: &Path) -> Result<()> {
        std::fs::write(Self::path(root), serde_json::to_string_pretty(self)? + "\n")?;
        Ok(())
    }

    /// How `current` (the tree now) differs from `self` (the recorded build).
    pub(crate) fn drift(&self, current: &Self) -> Drift {
        fn changed(recorded: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Vec<String> {
            let mut keys: Vec<&String> = recorded.keys().chain(now.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().filter(|k| recorded.get(*k) != now.get(*k)).cloned().collect()
        }
        let mut inputs = changed(&self.inputs, &current.inputs);
        inputs
            .extend(changed(&self.toolchain, &current.toolchain).into_iter().map(|tool| format!("toolchain: {tool}")));
        if !inputs.is_empty() {
            return Drift::Inputs(inputs);
        }
        match changed(&self.artifacts, &current.artifacts) {
            artifacts if artifacts.is_empty() => Drift::None,
            artifacts => Drift::Artifacts(artifacts),
        }
    }
}

/// Builds every contract with cargo-contract; the built artifacts, by their committed path.
fn build(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    ensure_ink_tools()?;
    let mut built = BTreeMap::new();
    for name in INK_CONTRACTS {
        run(cmd("cargo")
            .args(["contract", "build", "--release", "--quiet"])
            .current_dir(root.join(INK_WORKSPACE).join(name))
            .env("CARGO_TARGET_DIR", ink_target_dir())
            .env("CARGO_UNSTABLE_JSON_TARGET_SPEC", "true"))?;
        for ext in INK_ARTIFACTS {
            let path = ink_target_dir().join(format!("ink/{name}/{name}.{ext}"));
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            built.insert(format!("{ARTIFACT_DIR}/{name}.{ext}"), bytes);
        }
    }
    Ok(built)
}

/// Whether a committed artifact is what a build wrote. cargo-contract writes the metadata's keys in
/// no fixed order (the metadata embeds the sources, so any source edit makes it stale): compare it
/// as JSON.
fn same_artifact(rel: &str, committed: &[u8], built: &[u8]) -> bool {
    if rel.ends_with(".json") {
        serde_json::from_slice::<Value>(committed).ok() == serde_json::from_slice::<Value>(built).ok()
    } else {
        committed == built
    }
}

/// `cargo xtask ink`: builds the contracts, writes their artifacts and the manifest.
pub(crate) fn write(root: &Path) -> Result<()> {
    for (rel, bytes) in build(root)? {
        let committed = root.join(&rel);
        // Keep the committed bytes when they are the same artifact, so reordered metadata keys do
        // not show up as a change.
        if !std::fs::read(&committed).is_ok_and(|old| same_artifact(&rel, &old, &bytes)) {
            std::fs::write(&committed, &bytes).with_context(|| format!("writing {}", committed.display()))?;
        }
    }
    Manifest::of_tree(root, toolchain(root)?)?.save(root)?;
    println!("ink: {} contracts' artifacts and {ARTIFACT_DIR}/manifest.json written", INK_CONTRACTS.len());
    Ok(())
}

/// `cargo xtask ink --check [--rebuild]`: fails on a stale or hand-edited artifact (see the module
/// docs for when that needs a build).
pub(crate) fn check(root: &Path, rebuild: bool) -> Result<()> {
    let recorded = Manifest::load(root)?;
    let current = Manifest::of_tree(root, toolchain(root)?)?;
    let changed_inputs = match recorded.drift(&current) {
        Drift::None if !rebuild => {
            println!("ink: artifacts are those recorded for the current sources and toolchain (no rebuild needed)");
            return Ok(());
        }
        Drift::None => Vec::new(),
        Drift::Artifacts(edited) => bail!(
            "ink! artifacts differ from the build recorded in {ARTIFACT_DIR}/manifest.json although no input \
             changed (edited by hand?): {}; run `cargo xtask ink` and commit",
            edited.join(", ")
        ),
        Drift::Inputs(changed) => {
            println!("ink: inputs changed since the recorded build ({}), rebuilding to compare", changed.join(", "));
            changed
        }
    };
    let stale: Vec<String> = build(root)?
        .into_iter()
        .filter(|(rel, bytes)| !std::fs::read(root.join(rel)).is_ok_and(|old| same_artifact(rel, &old, bytes)))
        .map(|(rel, _)| rel)
        .collect();
    if !stale.is_empty() {
        bail!("ink! artifacts are stale (run `cargo xtask ink` and commit): {}", stale.join(", "));
    }
    // A toolchain other than the recorded one may build the same bytes; a changed source file may
    // not go unrecorded, or every later check would rebuild.
    if changed_inputs.iter().any(|c| !c.starts_with("toolchain: ")) {
        bail!(
            "ink! artifacts are current but {ARTIFACT_DIR}/manifest.json does not record their inputs ({}): \
             run `cargo xtask ink` and commit",
            changed_inputs.join(", ")
        );
    }
    println!("ink: rebuilt, {} contracts' artifacts up to date", INK_CONTRACTS.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with an ink! workspace, a sandbox and build output (both not inputs), and one
    /// artifact per contract, recorded in a manifest.
    fn repo() -> (tempfile::TempDir, Manifest) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for (rel, text) in [
            ("contracts/ink/Cargo.toml", "[workspace]"),
            ("contracts/ink/vote_tally/src/lib.rs", "#[ink::contract] mod vote_tally {}"),
            ("contracts/ink/sandbox/src/lib.rs", "// reads the artifacts"),
            ("contracts/ink/target/ink/vote_tally/vote_tally.polkavm", "build output"),
        ] {
            std::fs::create_dir_all(root.join(rel).parent().expect("parent")).expect("mkdir");
            std::fs::write(root.join(rel), text).expect("write");
        }
        std::fs::create_dir_all(root.join(ARTIFACT_DIR)).expect("mkdir");
        for rel in artifact_paths() {
            std::fs::write(root.join(&rel), format!("{{\"artifact\": \"{rel}\"}}")).expect("write");
        }
        let manifest = Manifest::of_tree(root, toolchain(root).expect("rustc")).expect("manifest");
        manifest.save(root).expect("save");
        (dir, manifest)
    }

    fn drift(root: &Path) -> Drift {
        Manifest::load(root)
            .expect("load")
            .drift(&Manifest::of_tree(root, toolchain(root).expect("rustc")).expect("tree"))
    }

    #[test]
    fn records_sources_but_not_the_sandbox_or_build_output() {
        let (_dir, manifest) = repo();
        assert_eq!(
            manifest.inputs.keys().collect::<Vec<_>>(),
            ["contracts/ink/Cargo.toml", "contracts/ink/vote_tally/src/lib.rs"]
        );
        assert_eq!(manifest.artifacts.len(), INK_CONTRACTS.len() * INK_ARTIFACTS.len());
    }

    #[test]
    fn unchanged_tree_needs_no_rebuild() {
        let (dir, _) = repo();
        assert_eq!(drift(dir.path()), Drift::None);
        // Neither the sandbox nor build output is an input of the contracts' build.
        std::fs::write(dir.path().join("contracts/ink/sandbox/src/lib.rs"), "// changed").expect("write");
        std::fs::write(dir.path().join("contracts/ink/target/ink/vote_tally/vote_tally.polkavm"), "x").expect("w");
        assert_eq!(drift(dir.path()), Drift::None);
    }

    #[test]
    fn hand_edited_artifact_is_caught_without_a_build() {
        let (dir, _) = repo();
        std::fs::write(dir.path().join("abi/ink/video_nft.polkavm"), "patched").expect("write");
        assert_eq!(drift(dir.path()), Drift::Artifacts(vec!["abi/ink/video_nft.polkavm".to_owned()]));
        std::fs::remove_file(dir.path().join("abi/ink/ad_revenue.abi")).expect("rm");
        assert_eq!(
            drift(dir.path()),
            Drift::Artifacts(vec!["abi/ink/ad_revenue.abi".to_owned(), "abi/ink/video_nft.polkavm".to_owned()])
        );
        // And so is the manifest not matching the tree at all through `check`, before any build.
        let err = check(dir.path(), false).expect_err("an edited artifact must fail the check");
        assert!(err.to_string().contains("edited by hand"), "{err}");
    }

    #[test]
    fn changed_added_or_removed_source_asks_for_a_rebuild() {
        let (dir, _) = repo();
        let root = dir.path();
        std::fs::write(root.join("contracts/ink/vote_tally/src/lib.rs"), "// one vote per voter").expect("write");
        assert_eq!(drift(root), Drift::Inputs(vec!["contracts/ink/vote_tally/src/lib.rs".to_owned()]));
        std::fs::write(root.join("contracts/ink/vote_tally/src/new.rs"), "").expect("write");
        std::fs::remove_file(root.join("contracts/ink/Cargo.toml")).expect("rm");
        assert_eq!(
            drift(root),
            Drift::Inputs(vec![
                "contracts/ink/Cargo.toml".to_owned(),
                "contracts/ink/vote_tally/src/lib.rs".to_owned(),
                "contracts/ink/vote_tally/src/new.rs".to_owned(),
            ])
        );
    }

    #[test]
    fn other_toolchain_asks_for_a_rebuild() {
        let (_dir, manifest) = repo();
        let mut other = manifest.clone();
        other.toolchain.insert("cargo-contract".to_owned(), "7.0.0".to_owned());
        assert_eq!(manifest.drift(&other), Drift::Inputs(vec!["toolchain: cargo-contract".to_owned()]));
    }

    #[test]
    fn mirror_rewrites_only_what_changed_and_drops_what_is_gone() {
        let (dir, _) = repo();
        let root = dir.path();
        std::fs::create_dir_all(root.join("abi/ink/vectors")).expect("mkdir");
        std::fs::write(root.join("abi/ink/vectors/vote_tally.json"), "[]").expect("write");
        let out = tempfile::tempdir().expect("tempdir");
        mirror(root, out.path()).expect("mirror");
        let read = |rel: &str| std::fs::read_to_string(out.path().join(rel)).ok();
        assert_eq!(read("contracts/ink/vote_tally/src/lib.rs").as_deref(), Some("#[ink::contract] mod vote_tally {}"));
        assert_eq!(read("abi/ink/vectors/vote_tally.json").as_deref(), Some("[]"));
        assert_eq!(
            read("contracts/ink/sandbox/src/lib.rs").as_deref(),
            Some("// reads the artifacts"),
            "and the sandbox"
        );
        let stamp = |rel: &str| std::fs::metadata(out.path().join(rel)).and_then(|m| m.modified()).expect("mtime");
        let untouched = stamp("abi/ink/vectors/vote_tally.json");

        std::fs::write(root.join("contracts/ink/Cargo.toml"), "[workspace] # changed").expect("write");
        std::fs::remove_file(root.join("contracts/ink/vote_tally/src/lib.rs")).expect("rm");
        mirror(root, out.path()).expect("mirror again");
        assert_eq!(read("contracts/ink/Cargo.toml").as_deref(), Some("[workspace] # changed"));
        assert_eq!(read("contracts/ink/vote_tally/src/lib.rs"), None, "a removed source leaves the mirror");
        assert_eq!(stamp("abi/ink/vectors/vote_tally.json"), untouched, "an unchanged file is not rewritten");
    }

    #[test]
    fn committed_manifest_lists_every_artifact_of_the_repository() {
        let root = crate::tools::workspace_root();
        let manifest = Manifest::load(&root).expect("abi/ink/manifest.json");
        assert_eq!(manifest.artifacts.keys().cloned().collect::<Vec<_>>(), {
            let mut all: Vec<String> = artifact_paths().collect();
            all.sort();
            all
        });
        assert!(manifest.inputs.keys().all(|p| p.starts_with("contracts/ink/") && !p.contains("/sandbox/")));
    }
}

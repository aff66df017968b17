//! `cargo xtask web`: the dApp (web/) type-checked and bundled with the pinned toolchain in
//! web/package-lock.json (TypeScript, esbuild, viem), into web/dist.

use crate::tools::{ensure_npm_tools, npm_ci, run};
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Type-checks and bundles the page; returns the directory of the built files.
pub(crate) fn build(root: &Path) -> Result<PathBuf> {
    ensure_npm_tools(root)?;
    let web = root.join("web");
    npm_ci(&web, "node_modules/.bin/esbuild", "the dApp's toolchain: TypeScript, esbuild, viem, playwright-core")?;
    run(Command::new("npm").args(["run", "--silent", "check"]).current_dir(&web))?;
    run(Command::new("npm").args(["run", "--silent", "build"]).current_dir(&web))?;
    Ok(web.join("dist"))
}

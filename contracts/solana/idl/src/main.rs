//! `tfx-solana-idl --programs <dir> --out <dir> --target-dir <dir> [--check]`: builds the Anchor IDL
//! of each program crate in `--programs` as
//! `anchor idl build` does (anchor-lang-idl's builder: the program's tests compiled with its
//! `idl-build` feature print the IDL) and writes it to `<out>/<program>.json`, or with `--check`
//! fails when a committed one differs.
//!
//! The builder compiles with `RUSTFLAGS=-A warnings`; a target dir of its own keeps that from
//! invalidating the tests' build of the same crates.

use anchor_lang_idl::build::IdlBuilder;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    // anchor-lang-idl 0.1.4 reads RUSTUP_TOOLCHAIN (which rustup sets for whatever it runs, `cargo
    // run` included) and then runs `rustup toolchain install` on it: on a machine whose `stable`
    // lags, that silently upgrades the toolchain every other build uses. Without the variable it
    // runs plain `cargo`, under the toolchain already selected.
    // SAFETY: no other thread exists yet to read the environment concurrently.
    unsafe { std::env::remove_var("RUSTUP_TOOLCHAIN") };
    let mut args = std::env::args().skip(1);
    let (mut programs, mut out, mut target, mut check) = (None, None, None, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--programs" => programs = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--target-dir" => target = args.next(),
            "--check" => check = true,
            other => {
                bail!("unknown argument {other:?} (usage: --programs <dir> --out <dir> --target-dir <dir> [--check])")
            }
        }
    }
    let out = out.context("--out <dir> is required")?;
    let target = target.context("--target-dir <dir> is required")?;
    let programs = programs.context("--programs <dir> is required")?;
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(&programs)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    dirs.sort();
    let mut stale = Vec::new();
    for dir in dirs {
        let idl = IdlBuilder::new()
            .program_path(dir.clone())
            .cargo_args(vec!["--locked".into(), "--target-dir".into(), target.clone()])
            .build()
            .with_context(|| format!("building the IDL of {}", dir.display()))?;
        let file = out.join(format!("{}.json", idl.metadata.name));
        settle(&file, &(serde_json::to_string_pretty(&idl)? + "\n"), check, &mut stale)?;
    }
    if !stale.is_empty() {
        bail!("Solana IDLs are stale (run `cargo xtask abi` and commit): {}", stale.join(", "));
    }
    Ok(())
}

/// Writes a generated IDL to `file`, or with `check` only notes the file in `stale` when the
/// committed bytes differ (or are missing).
fn settle(file: &Path, text: &str, check: bool, stale: &mut Vec<String>) -> Result<()> {
    if check {
        if std::fs::read_to_string(file).ok().as_deref() != Some(text) {
            stale.push(file.display().to_string());
        }
        return Ok(());
    }
    std::fs::create_dir_all(file.parent().context("an output directory")?)?;
    std::fs::write(file, text).with_context(|| format!("writing {}", file.display()))?;
    println!("wrote {}", file.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::settle;

    #[test]
    fn the_check_catches_a_hand_edited_or_missing_idl_and_passes_a_fresh_one() {
        let dir = std::env::temp_dir().join(format!("tfx-solana-idl-{}", std::process::id()));
        let file = dir.join("vote_tally.json");
        let generated = "{\"address\": \"3W1v\"}\n";
        let mut stale = Vec::new();
        settle(&file, generated, true, &mut stale).expect("check");
        assert_eq!(stale.len(), 1, "a missing IDL is stale");
        settle(&file, generated, false, &mut Vec::new()).expect("write");
        stale.clear();
        settle(&file, generated, true, &mut stale).expect("check");
        assert!(stale.is_empty(), "the IDL just written is fresh");
        std::fs::write(&file, generated.replace("3W1v", "3W1w")).expect("hand edit");
        settle(&file, generated, true, &mut stale).expect("check");
        assert_eq!(stale, vec![file.display().to_string()], "a hand-edited IDL is stale");
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}

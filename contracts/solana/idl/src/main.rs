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
use std::path::PathBuf;

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
        let text = serde_json::to_string_pretty(&idl)? + "\n";
        if check {
            if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
                stale.push(file.display().to_string());
            }
        } else {
            std::fs::create_dir_all(&out)?;
            std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
            println!("wrote {}", file.display());
        }
    }
    if !stale.is_empty() {
        bail!("Solana IDLs are stale (run `cargo xtask abi` and commit): {}", stale.join(", "));
    }
    Ok(())
}

//! The dApp as a local run serves it: the bundle `cargo xtask web` built (`web/dist`) copied beside
//! a `config.json` for this run's chains and services, in a directory the indexer serves.

use std::path::Path;

/// Copies the built page from `dist` into `dest` and writes `config` there as `config.json`
/// (`tfx_core::WebConfig`, serialized); the indexer's `--web-dir dest` then serves the page.
pub fn stage_web(dist: &Path, dest: &Path, config: &serde_json::Value) -> Result<(), String> {
    let fail = |what: &str, e: std::io::Error| format!("{what}: {e}");
    std::fs::create_dir_all(dest).map_err(|e| fail(&dest.display().to_string(), e))?;
    let entries =
        std::fs::read_dir(dist).map_err(|e| fail(&format!("{} (built by `cargo xtask web`)", dist.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| fail(&dist.display().to_string(), e))?;
        std::fs::copy(entry.path(), dest.join(entry.file_name()))
            .map_err(|e| fail(&entry.path().display().to_string(), e))?;
    }
    let text = serde_json::to_string_pretty(config).expect("JSON values serialize");
    std::fs::write(dest.join("config.json"), text).map_err(|e| fail("config.json", e))
}

//! `cargo xtask bench indexer`: a million real-shaped events (VoteTally's `VoteCast`, emitted in bulk
//! by the devnet `EventFlood` contract) on a local anvil, backfilled by the release indexer into a
//! fresh database, end to end (process start to the last block visible through the API). In the
//! same run: the COPY ceiling of this machine's PostgreSQL for the same rows and table, and the live
//! lag (block mined to block visible through the API) over a stream of blocks.

use crate::flood::{PER_TX, bench_dir, flood_chain};
use crate::tools::{cmd, target_dir};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use tfx_localnet::{PgCluster, block_number, free_port, http_get, quantity};

fn get(api: &str, path: &str) -> Result<Value> {
    let (status, body) = http_get(&format!("{api}{path}"))?;
    if status != 200 {
        bail!("{path}: {status} {body}");
    }
    Ok(serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

fn indexed_block(api: &str) -> u64 {
    get(api, "/v1/chains").ok().and_then(|v| v["items"][0]["indexed_block"].as_u64()).unwrap_or(0)
}

fn stage_seconds(metrics: &str, stage: &str) -> f64 {
    let key = format!("tfx_indexer_stage_micros_total{{stage=\"{stage}\"}}");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&key))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map_or(0.0, |us| us / 1e6)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

pub(crate) fn indexer_bench(root: &Path, events: u64, live_blocks: u64) -> Result<()> {
    let dir = bench_dir(root, "bench-indexer")?;
    let chain = flood_chain(&dir, "avalanche", 43114)?;
    let (anvil, flood, deployments) = (&chain.anvil, &chain.flood, dir.join("deployments"));

    let txs = events.div_ceil(PER_TX);
    println!("== generating {} events in {txs} transactions", txs * PER_TX);
    let started = Instant::now();
    chain.emit(1, events)?;
    println!("   {:.1}s", started.elapsed().as_secs_f64());

    let pg = PgCluster::start(&dir.join("pg"), free_port())?;
    let db = pg.fresh_database("bench")?;
    let listen = format!("127.0.0.1:{}", free_port());
    let api = format!("http://{listen}");
    let head = block_number(&anvil.url).map_err(anyhow::Error::msg)?;

    println!("== backfill: release tfx-indexer, fresh database, {head} blocks");
    let log = std::fs::File::create(dir.join("indexer.log"))?;
    let started = Instant::now();
    let mut indexer = Command::new(target_dir().join("release/tfx-indexer"))
        .args(["--deployments", &deployments.display().to_string(), "--networks", &dir.display().to_string()])
        .args(["--listen", &listen])
        .env("DATABASE_URL", &db)
        .env("RUST_LOG", "info,sqlx=warn")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let result = (|| -> Result<Value> {
        while indexed_block(&api) < head {
            if started.elapsed() > Duration::from_secs(1_800) {
                bail!("backfill did not finish in 30 minutes; see {}", dir.join("indexer.log").display());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let seconds = started.elapsed().as_secs_f64();
        let indexed: u64 = pg.psql("bench", "SELECT count(*) FROM vote_cast")?.trim().parse()?;
        let (_, metrics) = http_get(&format!("{api}/metrics"))?;
        let (rpc, decode, write) =
            (stage_seconds(&metrics, "rpc"), stage_seconds(&metrics, "decode"), stage_seconds(&metrics, "write"));
        println!("   {indexed} events in {seconds:.2}s = {:.0} events/s", indexed as f64 / seconds);
        println!("   busy time (summed over concurrent tasks): rpc {rpc:.2}s, decode {decode:.2}s, write {write:.2}s");

        println!("== live: {live_blocks} blocks of 10 events, mined one at a time");
        let mut lags = Vec::new();
        for i in 0..live_blocks {
            let receipt = flood.emit(&anvil.url, 2, 10_000_000 + i * 10, 10).map_err(anyhow::Error::msg)?;
            let mined = Instant::now();
            let block = quantity(&receipt["blockNumber"]).map_err(anyhow::Error::msg)?;
            while indexed_block(&api) < block {
                if mined.elapsed() > Duration::from_secs(30) {
                    bail!("block {block} never became visible");
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            lags.push(mined.elapsed().as_secs_f64() * 1e3);
            std::thread::sleep(Duration::from_millis(25));
        }
        lags.sort_by(f64::total_cmp);
        let (p50, p99, max) = (percentile(&lags, 0.5), percentile(&lags, 0.99), lags.last().copied().unwrap_or(0.0));
        println!("   lag p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms");
        Ok(json!({
            "events": indexed,
            "blocks": head,
            "seconds": (seconds * 100.0).round() / 100.0,
            "events_per_s": (indexed as f64 / seconds).round(),
            "busy_seconds": { "rpc": rpc, "decode": decode, "write": write },
            "live_blocks": live_blocks,
            "live_lag_p50_ms": (p50 * 10.0).round() / 10.0,
            "live_lag_p99_ms": (p99 * 10.0).round() / 10.0,
            "live_lag_max_ms": (max * 10.0).round() / 10.0,
        }))
    })();
    let _ = indexer.kill();
    let _ = indexer.wait();
    let mut result = result?;

    println!("== ceiling: plain COPY of the same rows into a copy of the table (same keys and indexes)");
    let file = dir.join("pg/bench-vote-cast.copy");
    pg.psql("bench", &format!("COPY vote_cast TO '{}'", file.display()))?;
    pg.psql("bench", "CREATE TABLE copy_ceiling (LIKE vote_cast INCLUDING ALL)")?;
    let started = Instant::now();
    pg.psql("bench", &format!("COPY copy_ceiling FROM '{}'", file.display()))?;
    let copy_seconds = started.elapsed().as_secs_f64();
    let rows = result["events"].as_f64().unwrap_or(0.0);
    println!("   {rows} rows in {copy_seconds:.2}s = {:.0} rows/s", rows / copy_seconds);
    result["copy_rows_per_s"] = json!((rows / copy_seconds).round());
    result["machine"] = json!(format!(
        "{} cores, anvil {}, PostgreSQL {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        anvil_version(),
        pg.psql("bench", "SHOW server_version")?.trim()
    ));

    let out = root.join("bench/results/indexer.json");
    std::fs::create_dir_all(out.parent().context("results dir")?)?;
    std::fs::write(&out, serde_json::to_string_pretty(&result)? + "\n")?;
    println!("wrote {}", out.display());
    Ok(())
}

fn anvil_version() -> String {
    cmd("anvil")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().find(|w| w.starts_with(char::is_numeric)).map(str::to_string))
        .unwrap_or_default()
}

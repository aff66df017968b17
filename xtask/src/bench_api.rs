//! `cargo xtask bench api`: the query API under a fixed request rate, on a database shaped like a
//! busy deployment, while a backfill writes to the same database.
//!
//! The data: a round with a million real votes (`EventFlood` on an anvil, indexed by the release
//! indexer), plus fixture rows written straight into the event tables (the derived tables fold them
//! like any COPY): that round's `RoundCreated` and candidates, 10,000 videos of one creator, and one
//! video of another creator split among 100,000 share holders. Then an API-only `tfx-indexer`
//! (`--no-sync`) serves it, while a second process backfills another chain's flood into the same
//! database over and over (each pass deletes that chain's rows and starts again), and `oha` (a real
//! HTTP load generator, installed from crates.io into the build cache) drives each endpoint at a
//! fixed rate.

use crate::flood::{bench_dir, flood_chain};
use crate::tools::{cmd, run, target_dir};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tfx_localnet::{DEV_ADDRS, PgCluster, block_number, free_port, http_get};

/// The load generator, pinned.
const OHA_VERSION: &str = "1.16.0";
/// Events the background writer backfills per pass.
const WRITER_EVENTS: u64 = 500_000;
/// The creator of the 10,000 videos, and of the widely held one.
const CREATOR: &str = DEV_ADDRS[1];
const OTHER_CREATOR: &str = DEV_ADDRS[2];

/// `oha`, installed once into `<target>/tools`.
fn ensure_oha() -> Result<PathBuf> {
    let root = target_dir().join("tools");
    let bin = root.join("bin/oha");
    let installed = Command::new(&bin).arg("--version").output().ok();
    if !installed.is_some_and(|o| String::from_utf8_lossy(&o.stdout).contains(OHA_VERSION)) {
        eprintln!("xtask: cargo install oha {OHA_VERSION} into {}", root.display());
        run(cmd("cargo").args(["install", "--locked", "--version", OHA_VERSION, "--root"]).arg(&root).arg("oha"))?;
    }
    Ok(bin)
}

/// The release indexer on `db`, with `args`.
fn indexer(dir: &Path, db: &str, args: &[&str], log: &str) -> Result<Child> {
    let log = std::fs::File::create(dir.join(log))?;
    Ok(Command::new(target_dir().join("release/tfx-indexer"))
        .args(["--deployments", &dir.join("deployments").display().to_string()])
        .args(["--networks", &dir.display().to_string()])
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?)
}

/// Waits until `chain_id`'s checkpoint in `pg`'s `bench` database reaches `head`.
fn wait_indexed(pg: &PgCluster, chain_id: u64, head: u64, stop: &AtomicBool) -> Result<()> {
    let started = Instant::now();
    loop {
        let sql = format!("SELECT coalesce(max(indexed_block), -1) FROM chains WHERE chain_id = {chain_id}");
        // Until the indexer has migrated the database, there is no chains table to ask.
        let indexed = pg.psql("bench", &sql).ok().and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(-1);
        if indexed >= i64::try_from(head)? {
            return Ok(());
        }
        if stop.load(Ordering::Relaxed) {
            bail!("stopped");
        }
        if started.elapsed() > Duration::from_secs(900) {
            bail!("chain {chain_id} was not indexed within 15 minutes");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Fixture rows, folded into the derived tables by the same triggers and calls as the indexer's COPY.
fn fixtures(pg: &PgCluster, videos: u64, holders: u64) -> Result<()> {
    let zero32 = format!("'\\x{}'::bytea", "00".repeat(32));
    let zero20 = format!("'\\x{}'::bytea", "00".repeat(20));
    let creator = format!("'\\x{}'::bytea", CREATOR.trim_start_matches("0x").to_lowercase());
    let other = format!("'\\x{}'::bytea", OTHER_CREATOR.trim_start_matches("0x").to_lowercase());
    let id = |expr: &str| format!("decode(lpad(to_hex({expr}), 64, '0'), 'hex')");
    let head = "chain_id, block_number, log_index, block_hash, tx_hash, block_time";
    let statements = [
        // The flood's round 1, as VoteTally would have opened it: four candidates, block 0.
        format!(
            "INSERT INTO round_created ({head}, round_id, organizer, start_time, end_time, weight_mode)
             VALUES (43114, 0, 0, {zero32}, {zero32}, 0, 1, {creator}, 0, 4102444800, 0)"
        ),
        format!(
            "INSERT INTO round_candidate ({head}, candidate_index, round_id, candidate)
             SELECT 43114, 0, 0, {zero32}, {zero32}, 0, i, 1, {} FROM generate_series(0, 3) i",
            id("i + 1")
        ),
        // Videos 1..N of one creator, minted and transferred to them, at blocks far above the chain.
        format!(
            "INSERT INTO video_minted ({head}, video_id, creator, content_hash, playback_id, royalty_bps)
             SELECT 43114, 50000000 + i, 0, {zero32}, {zero32}, 1700000000 + i, i, {creator}, {}, 'play-' || i, 500
             FROM generate_series(1, {videos}) i",
            id("i")
        ),
        format!(
            "INSERT INTO video_transfer ({head}, from_address, to_address, video_id)
             SELECT 43114, 50000000 + i, 1, {zero32}, {zero32}, 1700000000 + i, {zero20}, {creator}, i
             FROM generate_series(1, {videos}) i"
        ),
        // Video 0 of another creator, fractionalized and spread over many holders.
        format!(
            "INSERT INTO video_minted ({head}, video_id, creator, content_hash, playback_id, royalty_bps)
             VALUES (43114, 49000000, 0, {zero32}, {zero32}, 1690000000, 0, {other}, {zero32}, 'play-0', 500)"
        ),
        format!(
            "INSERT INTO share_transfer ({head}, batch_index, operator, from_address, to_address, video_id, amount)
             VALUES (43114, 49000000, 1, {zero32}, {zero32}, 1690000000, 0, {other}, {zero20}, {other}, 0, 1000000000000)"
        ),
        format!(
            "INSERT INTO share_transfer ({head}, batch_index, operator, from_address, to_address, video_id, amount)
             SELECT 43114, 49000001 + i, 0, {zero32}, {zero32}, 1690000001 + i, 0, {other}, {other},
                    decode(lpad(to_hex(i), 40, '0'), 'hex'), 0, 1000 + i
             FROM generate_series(1, {holders}) i"
        ),
        // What the writer does after each batch's COPYs: the revenue state, in log order.
        "SELECT derived_advance(43114, 49000000, 60000000)".to_owned(),
        "ANALYZE".to_owned(),
    ];
    for sql in statements {
        pg.psql("bench", &sql)?;
    }
    Ok(())
}

/// One endpoint driven by oha at `rate` requests/s for `seconds`.
fn drive(oha: &Path, url: &str, rate: u64, seconds: u64) -> Result<Value> {
    let out = Command::new(oha)
        .args(["--no-tui", "--output-format", "json", "-z", &format!("{seconds}s"), "-q", &rate.to_string()])
        .args(["-c", "64", "--latency-correction"])
        .arg(url)
        .output()
        .context("running oha")?;
    if !out.status.success() {
        bail!("oha: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

pub(crate) fn api_bench(root: &Path, votes: u64, rate: u64, seconds: u64) -> Result<()> {
    let oha = ensure_oha()?;
    let dir = bench_dir(root, "bench-api")?;

    println!("== chains: {votes} votes in round 1 on avalanche, {WRITER_EVENTS} for the writer on ethereum");
    let hot = flood_chain(&dir, "avalanche", 43114)?;
    hot.emit(1, votes)?;
    let busy = flood_chain(&dir, "ethereum", 1)?;
    busy.emit(1, WRITER_EVENTS)?;

    let pg = Arc::new(PgCluster::start(&dir.join("pg"), free_port())?);
    let db = pg.fresh_database("bench")?;
    let never = AtomicBool::new(false);
    let mut first = indexer(&dir, &db, &["--chain", hot.name, "--no-api"], "index-hot.log")?;
    let indexed = wait_indexed(&pg, 43114, block_number(&hot.anvil.url).map_err(anyhow::Error::msg)?, &never);
    let _ = first.kill();
    let _ = first.wait();
    indexed?;
    let (videos, holders) = (10_000, 100_000);
    println!("== fixtures: round 1's candidates, {videos} videos of one creator, {holders} holders of one video");
    fixtures(&pg, videos, holders)?;
    let in_round: u64 = pg
        .psql("bench", "SELECT events FROM round_vote_total WHERE chain_id = 43114 AND round_id = 1")?
        .trim()
        .parse()
        .context("round 1's votes")?;

    let listen = format!("127.0.0.1:{}", free_port());
    let api = format!("http://{listen}");
    let mut server = indexer(&dir, &db, &["--no-sync", "--listen", &listen], "api.log")?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !http_get(&format!("{api}/health")).is_ok_and(|(s, _)| s == 200) {
        if Instant::now() > deadline {
            bail!("the API did not come up; see {}", dir.join("api.log").display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    // The writer: backfills the busy chain into the same database, deletes it, and again, until
    // the load is over; events/s over the time it spent writing.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, dir, db, pg, head) = (
            stop.clone(),
            dir.clone(),
            db.clone(),
            pg.clone(),
            block_number(&busy.anvil.url).map_err(anyhow::Error::msg)?,
        );
        std::thread::spawn(move || -> Result<(u64, f64)> {
            let (mut events, mut busy_seconds) = (0u64, 0.0);
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                let mut child = indexer(&dir, &db, &["--chain", "ethereum", "--no-api"], "writer.log")?;
                let done = wait_indexed(&pg, 1, head, &stop);
                let _ = child.kill();
                let _ = child.wait();
                if done.is_ok() {
                    busy_seconds += started.elapsed().as_secs_f64();
                    events += WRITER_EVENTS;
                }
                for table in ["vote_cast", "chains", "blocks"] {
                    pg.psql("bench", &format!("DELETE FROM {table} WHERE chain_id = 1"))?;
                }
            }
            Ok((events, busy_seconds))
        })
    };

    let creator = CREATOR.to_lowercase();
    let endpoints = [
        "/v1/rounds/43114/1".to_owned(),
        "/v1/rounds?limit=20".to_owned(),
        "/v1/videos?limit=20".to_owned(),
        format!("/v1/videos/43114/0x{:064x}", 0),
        format!("/v1/accounts/43114/{creator}/revenue?limit=20"),
    ];
    let mut results = Vec::new();
    for path in &endpoints {
        println!("== {path}: {rate} req/s for {seconds} s");
        let report = drive(&oha, &format!("{api}{path}"), rate, seconds)?;
        let summary = &report["summary"];
        let codes = report["statusCodeDistribution"].as_object().cloned().unwrap_or_default();
        let ok = codes.get("200").and_then(Value::as_u64).unwrap_or(0);
        let total: u64 = codes.values().filter_map(Value::as_u64).sum();
        // Requests still in flight when the run's time is up are cut off by oha itself, not failed.
        let failed: u64 = report["errorDistribution"].as_object().map_or(0, |e| {
            e.iter().filter(|(kind, _)| !kind.contains("aborted due to deadline")).filter_map(|(_, n)| n.as_u64()).sum()
        });
        let ms = |p: &str| (report["latencyPercentiles"][p].as_f64().unwrap_or(0.0) * 1e5).round() / 100.0;
        let row = json!({
            "endpoint": path,
            "offered_rps": rate,
            "achieved_rps": (summary["requestsPerSec"].as_f64().unwrap_or(0.0) * 10.0).round() / 10.0,
            "p50_ms": ms("p50"),
            "p99_ms": ms("p99"),
            "errors": total - ok + failed,
        });
        println!("   {row}");
        results.push(row);
    }
    stop.store(true, Ordering::Relaxed);
    let (events, busy_seconds) = writer.join().map_err(|_| anyhow::anyhow!("writer thread panicked"))??;
    let _ = server.kill();
    let _ = server.wait();
    let writer_rate = if busy_seconds > 0.0 { (events as f64 / busy_seconds).round() } else { 0.0 };
    println!("== writer during the load: {events} events in {busy_seconds:.1} s of writing = {writer_rate} events/s");
    let result = json!({
        "votes_in_round": in_round,
        "videos": videos + 1,
        "share_holders": holders,
        "writer_events_per_s": writer_rate,
        "seconds_per_endpoint": seconds,
        "load_generator": format!("oha {OHA_VERSION}, 64 keep-alive connections"),
        "machine": format!(
            "{} cores, PostgreSQL {}",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            pg.psql("bench", "SHOW server_version")?.trim()
        ),
        "endpoints": results,
    });
    let out = root.join("bench/results/api.json");
    std::fs::create_dir_all(out.parent().context("results dir")?)?;
    std::fs::write(&out, serde_json::to_string_pretty(&result)? + "\n")?;
    println!("wrote {}", out.display());
    Ok(())
}

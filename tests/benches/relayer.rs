//! `cargo xtask bench relayer`: messages crossing both routes of two anvil chains mining a block a
//! second (transactions only in those blocks), with the release indexer, three attesters
//! (2-of-3) and the relayer. Latency is timed by this process's clock, which notes when it first
//! sees each block of each chain (heads polled every 10 ms): from the block that makes the dispatch
//! final (dispatch block + finality depth) to the destination block that includes the delivery.
//! Gas is the delivery receipts' `gasUsed`. Writes bench/results/relayer.json (or $TFX_BENCH_OUT).

#[path = "relayer/hyperlane.rs"]
mod hyperlane;

use alloy::sol_types::SolCall;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tfx_e2e::relayer::{FINALITY_DEPTH, TwoChains};
use tfx_e2e::{LocalChain, root};
use tfx_localnet::block_number;
use tfx_localnet::role::{CREATOR, HOLDER};

/// When this process first saw each block of each chain (heads polled every 10 ms).
type Seen = Arc<Mutex<BTreeMap<(String, u64), Instant>>>;

fn watch_heads(urls: Vec<(String, String)>, stop: Arc<AtomicBool>) -> (Seen, std::thread::JoinHandle<()>) {
    let seen: Seen = Arc::default();
    let s = seen.clone();
    let handle = std::thread::spawn(move || {
        let mut last: BTreeMap<String, u64> = BTreeMap::new();
        while !stop.load(Ordering::Relaxed) {
            for (chain, url) in &urls {
                let Ok(head) = block_number(url) else { continue };
                let now = Instant::now();
                let from = last.get(chain).map_or(head, |l| l + 1);
                if let Ok(mut map) = s.lock() {
                    for b in from..=head {
                        map.entry((chain.clone(), b)).or_insert(now);
                    }
                }
                last.insert(chain.clone(), head.max(last.get(chain).copied().unwrap_or(0)));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    (seen, handle)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(0.0)
}

fn main() {
    let per_route: u64 = std::env::var("TFX_BENCH_MESSAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    // Transactions wait for the next 1-second block, as on a real chain: a delivery's latency
    // includes its inclusion.
    let net = TwoChains::start_mining("bench", 100, false);
    let routes = [("avalanche", "ethereum"), ("ethereum", "avalanche")];
    println!("== minting {per_route} videos on each chain");
    for (r, (from, _)) in routes.iter().enumerate() {
        for i in 0..per_route {
            let video = format!("0x{:064x}", 0xBE_0000_0000u64 + ((r as u64) << 16) + i);
            net.flix(from, CREATOR, &["video", "mint", "--content", &video, "--playback-id", "benchplayback001"]);
        }
    }
    let stop = Arc::new(AtomicBool::new(false));
    let urls = routes.iter().map(|(c, _)| (c.to_string(), net.node(c).url().to_owned())).collect();
    let (seen, watcher) = watch_heads(urls, stop.clone());
    println!("== publishing {} registrations, both routes interleaved", per_route * 2);
    let mut sent = BTreeMap::new();
    for i in 0..per_route {
        for (r, (from, to)) in routes.iter().enumerate() {
            let video = format!("0x{:064x}", 0xBE_0000_0000u64 + ((r as u64) << 16) + i);
            let out = net.flix(from, HOLDER, &["message", "register-video", "--video", &video, "--to", to]);
            sent.insert(
                out["message"].as_str().expect("id").to_owned(),
                (*from, out["block"].as_u64().expect("block")),
            );
        }
    }
    let ids: Vec<String> = sent.keys().cloned().collect();
    let rows = net.wait_delivered(&ids, Duration::from_secs(300));
    // The delivery block's first sighting may lag the delivery by a poll: wait one more.
    std::thread::sleep(Duration::from_millis(50));
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("head watcher");
    let seen = seen.lock().expect("seen").clone();
    let mut latencies: Vec<f64> = rows
        .iter()
        .filter_map(|m| {
            let (origin, block) = sent[m["message_id"].as_str()?];
            let destination = if origin == "avalanche" { "ethereum" } else { "avalanche" };
            let final_at = seen.get(&(origin.to_owned(), block + FINALITY_DEPTH))?;
            let included_at = seen.get(&(destination.to_owned(), m["delivery_block"].as_u64()?))?;
            Some(included_at.saturating_duration_since(*final_at).as_secs_f64() * 1000.0)
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    let mut gas: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for m in &rows {
        let chain = if m["destination"] == json!(1) { "ethereum" } else { "avalanche" };
        gas.entry(chain.to_owned()).or_default().extend(m["gas_used"].as_u64());
    }
    let mean = |v: &Vec<u64>| v.iter().sum::<u64>() / v.len().max(1) as u64;
    println!("== Hyperlane's process against this Mailbox's deliver, same body, same anvil");
    let sample = rows.first().expect("a delivery");
    let destination = if sample["destination"] == json!(1) { "ethereum" } else { "avalanche" };
    let delivery =
        tfx_localnet::rpc(net.node(destination).url(), "eth_getTransactionByHash", json!([sample["delivery_tx"]]))
            .expect("delivery transaction");
    let input = alloy::hex::decode(delivery["input"].as_str().expect("input")).expect("hex");
    let delivered = tfx_abi::evm::Mailbox::deliverCall::abi_decode(&input).expect("a deliver call");
    let body = delivered.message.slice(tfx_relayer::message::HEADER..);
    let avalanche = net.node("avalanche");
    let hyperlane = hyperlane::compare(&root(), avalanche.url(), avalanche.chain_id(), &body);
    let result = json!({
        "messages": ids.len(),
        "delivered": latencies.len(),
        "latency_p50_ms": percentile(&latencies, 0.50).round(),
        "latency_p99_ms": percentile(&latencies, 0.99).round(),
        "latency_max_ms": latencies.last().copied().unwrap_or(0.0).round(),
        "gas_per_delivery": {
            "evm": gas.iter().map(|(chain, v)| (chain.clone(), json!(mean(v)))).collect::<serde_json::Map<_, _>>(),
        },
        "transport_with_noop_recipient": hyperlane,
        "message_type": "video_registered",
        "setup": {
            "block_time_s": 1, "transactions_mined": "in the next 1-second block", "finality_depth": FINALITY_DEPTH, "attesters": 3, "threshold": 2,
            "relayer_poll_ms": 100, "attester_poll_ms": 100,
        },
    });
    let out = std::env::var("TFX_BENCH_OUT").map_or_else(|_| root().join("bench/results/relayer.json"), Into::into);
    std::fs::create_dir_all(out.parent().expect("dir")).expect("dir");
    std::fs::write(&out, serde_json::to_string_pretty(&result).expect("json") + "\n").expect("write");
    println!("{}", serde_json::to_string_pretty(&result).expect("json"));
    println!("wrote {}", out.display());
}

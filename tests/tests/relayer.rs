//! The cross-chain layer end to end: real anvil chains with a block a second, the indexer, three
//! attesters (2-of-3) and the relayer, each its own process on a real PostgreSQL.

use serde_json::{Value, json};
use std::time::Duration;
use tfx_e2e::relayer::{TwoChains, eventually};
use tfx_e2e::{DEV_ADDRS, indexer::advance};
use tfx_localnet::role::{ADMIN, ADVERTISER, CREATOR, HOLDER, MINER};

const DELIVERY: Duration = Duration::from_secs(60);

/// Publishes every message type from `from` to `to` and returns the ids, with what the
/// destination must show once each arrived.
fn publish_all(net: &TwoChains, from: &str, to: &str, seed: u64) -> Vec<String> {
    let node = net.node(from);
    let video = format!("0x{:064x}", 0xC0DE_0000 + seed);
    net.flix(
        from,
        CREATOR,
        &["video", "mint", "--content", &video, "--playback-id", "crosschainplay01", "--royalty-bps", "300"],
    );
    let mut ids =
        vec![net.flix(from, HOLDER, &["message", "register-video", "--video", &video, "--to", to])["message"].clone()];

    let round = net.flix(
        from,
        ADMIN,
        &["round", "create", "--candidates", &format!("{video},0x{:064x}", 0xBEEF_0000 + seed), "--duration", "60"],
    )["round"]
        .clone();
    let round = round.as_str().map(str::to_owned).unwrap_or_else(|| round.to_string());
    net.flix(from, HOLDER, &["vote", "cast", "--round", &round, "--candidate", "0"]);
    advance(node, 61);
    net.flix(from, ADMIN, &["round", "finalize", "--round", &round]);
    ids.push(net.flix(from, HOLDER, &["message", "vote-result", "--round", &round, "--to", to])["message"].clone());

    net.flix(from, ADVERTISER, &["faucet", "--amount", "1000000000"]);
    let campaign = net.flix(
        from,
        ADVERTISER,
        &["ad", "open", "--video", &video, "--rate", "1000", "--deposit", "1000000"],
    )["campaign"]
        .clone();
    let campaign = campaign.as_str().map(str::to_owned).unwrap_or_else(|| campaign.to_string());
    advance(node, 30);
    net.flix(from, ADVERTISER, &["ad", "settle", "--campaign", &campaign]);
    ids.push(net.flix(from, HOLDER, &["message", "valuation", "--video", &video, "--to", to])["message"].clone());

    net.flix(from, MINER, &["faucet", "--amount", "2000000000"]);
    net.flix(from, MINER, &["collateral", "deposit", "--amount", "1000000000"]);
    let slash = net.approved_slash(from, 0xE71D_0000 + seed);
    advance(node, 2 * 86_400 + 1);
    net.flix(from, ADMIN, &["collateral", "execute", "--slash", &slash]);
    ids.push(net.flix(from, HOLDER, &["message", "slash", "--slash", &slash, "--to", to])["message"].clone());

    // Each message's effect, read on the destination through flix.
    let origin_id = if from == "avalanche" { 43_114 } else { 1 };
    let twin = eventually("the registration arrives", DELIVERY, || {
        let v = net.flix_output(
            to,
            CREATOR,
            &["video", "mint", "--content", &video, "--playback-id", "crosschainplay01", "--royalty-bps", "300"],
        );
        v.status.success().then(|| serde_json::from_slice::<Value>(&v.stdout).expect("json"))
    });
    assert_eq!(twin["reserved"], json!(true), "the creator mints the reserved twin: {twin}");
    let shown = net.flix(to, HOLDER, &["video", "show", "--video", &video]);
    assert_eq!(shown["home_chain"], json!(origin_id), "{shown}");
    let mirrored = eventually("the vote result arrives", DELIVERY, || {
        let r = net.flix(to, HOLDER, &["round", "show", "--round", &round, "--origin", from]);
        (r["received"] == json!(true)).then_some(r)
    });
    assert_eq!(mirrored["winner"], json!(0), "{mirrored}");
    assert_eq!(mirrored["total_weight"], json!("1"), "{mirrored}");
    let valued = eventually("the valuation arrives", DELIVERY, || {
        let v = net.flix(to, HOLDER, &["video", "show", "--video", &video]);
        let chains = v["global_valuation"]["chains"].as_array().cloned().unwrap_or_default();
        chains.iter().any(|c| c["chain_id"] == json!(origin_id)).then_some(v)
    });
    // The origin's figure at the publishing block: at least the 30 s settled at 1,000 a second.
    let g = &valued["global_valuation"];
    let remote: u64 = g["chains"][1]["cumulative_revenue"].as_str().and_then(|v| v.parse().ok()).unwrap_or(0);
    assert!(remote >= 30_000, "{valued}");
    assert_eq!(g["total"], json!(remote.to_string()), "nothing earned here yet: {valued}");
    let frozen = eventually("the slash notice arrives", DELIVERY, || {
        let c = net.flix(to, HOLDER, &["collateral", "show", "--miner", DEV_ADDRS[MINER]]);
        (c["frozen_until"] != json!("0")).then_some(c)
    });
    assert_ne!(frozen["frozen_until"], json!("0"));

    // The same remote state through the indexer API.
    let dest_id = if to == "avalanche" { 43_114 } else { 1 };
    let api = eventually("the API shows the remote state", DELIVERY, || {
        let v = net.indexer.ok(&format!("/v1/videos/{dest_id}/{video}"));
        let r = net.indexer.ok(&format!("/v1/rounds/{origin_id}/{round}"));
        let c = net.indexer.ok(&format!("/v1/collateral/{dest_id}/{}", DEV_ADDRS[MINER]));
        let ready = v["cross_chain"]["remote_valuations"].as_array().is_some_and(|a| !a.is_empty())
            && r["mirrored_on"].as_array().is_some_and(|a| !a.is_empty())
            && c["frozen_until"].is_number();
        ready.then_some((v, r))
    });
    assert_eq!(api.0["cross_chain"]["home_chain"], json!(origin_id), "{}", api.0);
    assert_eq!(api.0["cross_chain"]["global_valuation"], valued["global_valuation"]["total"], "{}", api.0);
    // The figure received is also a point of the remote history the page charts per chain.
    let history = api.0["cross_chain"]["remote_history"].as_array().cloned().unwrap_or_default();
    let newest = history.last().unwrap_or_else(|| panic!("no remote history: {}", api.0));
    assert_eq!(newest["origin"], json!(origin_id), "{}", api.0);
    assert_eq!(
        newest["cumulative_revenue"], api.0["cross_chain"]["remote_valuations"][0]["cumulative_revenue"],
        "{}",
        api.0
    );
    assert!(newest["block_time"].is_number(), "{}", api.0);
    assert_eq!(api.1["mirrored_on"][0]["chain_id"], json!(dest_id), "{}", api.1);
    // The finalized round as preference data: the voted video over the prompt nobody chose.
    let url = format!("{}/v1/rounds/{origin_id}/{round}/preferences", net.indexer.api);
    let (status, jsonl) = tfx_localnet::http_get(&url).expect("API reachable");
    assert_eq!(status, 200, "{jsonl}");
    let pairs: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(pairs.len(), 1, "{jsonl}");
    let (chosen, rejected) = (&pairs[0]["chosen"], &pairs[0]["rejected"]);
    assert_eq!((&chosen["candidate_index"], &chosen["weight"]), (&json!(0), &json!("1")), "{jsonl}");
    assert_eq!(
        (&chosen["content_hash"], &chosen["playback_id"]),
        (&json!(video), &json!("crosschainplay01")),
        "{jsonl}"
    );
    assert_eq!((&rejected["candidate_index"], &rejected["content_hash"]), (&json!(1), &Value::Null), "{jsonl}");
    let file = net.deployments.with_file_name(format!("preferences-{from}.jsonl"));
    let exported =
        net.flix(from, HOLDER, &["round", "export", "--round", &round, "--out", &file.display().to_string()]);
    assert_eq!(exported["pairs"], json!(1), "{exported}");
    assert_eq!(std::fs::read_to_string(&file).expect("the export"), jsonl);
    let home = net.indexer.ok(&format!("/v1/videos/{origin_id}/{video}"));
    assert_eq!(home["cross_chain"]["registered_on"], json!([dest_id]), "{home}");
    ids.into_iter().map(|v| v.as_str().expect("message id").to_owned()).collect()
}

#[test]
fn every_message_type_crosses_both_ways_exactly_once() {
    let net = TwoChains::start("crossing", 10);
    let mut ids = publish_all(&net, "avalanche", "ethereum", 1);
    ids.extend(publish_all(&net, "ethereum", "avalanche", 2));

    // Every message delivered once: the destination's Mailbox consumed it, the indexer holds one
    // Delivered event per message, and the relayer's state machine ends at `delivered`.
    let page = eventually("every message is delivered", DELIVERY, || {
        let page = net.indexer.ok("/v1/messages?limit=100");
        let items = page["items"].as_array().cloned().unwrap_or_default();
        let done = |m: &Value| m["status"] == "delivered" && m["deliveries"].as_u64().unwrap_or(0) > 0;
        (items.len() == ids.len() && items.iter().all(done)).then_some(page)
    });
    for m in page["items"].as_array().expect("items") {
        assert!(ids.contains(&m["message_id"].as_str().unwrap_or_default().to_owned()), "{m}");
        assert_eq!(m["deliveries"], json!(1), "delivered exactly once: {m}");
        assert!(m["signatures"].as_u64().unwrap_or(0) >= 2, "2 of 3 signed: {m}");
    }
    // The same through flix.
    let listed = net.flix("avalanche", HOLDER, &["message", "list", "--to", "ethereum", "--status", "delivered"]);
    assert_eq!(listed["messages"].as_array().map(Vec::len), Some(4), "{listed}");
    let shown = net.flix("ethereum", HOLDER, &["message", "show", "--id", &ids[4]]);
    assert_eq!((shown["origin"].clone(), shown["status"].clone()), (json!(1), json!("delivered")), "{shown}");
    let unknown = net.flix_output("avalanche", HOLDER, &["message", "show", "--id", &format!("0x{}", "ab".repeat(32))]);
    assert!(!unknown.status.success() && String::from_utf8_lossy(&unknown.stderr).contains("no message"));
}

/// One attester down: 2 of 3 still deliver. Two down: nothing is delivered, however long, until
/// they return; then all of it is.
#[test]
fn two_of_three_deliver_and_one_of_three_waits() {
    let mut net = TwoChains::start("quorum", 10);
    net.attesters[2].kill();
    let first = net.register("avalanche", "ethereum", &format!("0x{:064x}", 0xA11_0001u64));
    let rows = net.wait_delivered(std::slice::from_ref(&first), DELIVERY);
    assert_eq!(rows[0]["attesters"], json!(3), "{}", rows[0]);

    net.attesters[1].kill();
    let stuck = net.register("avalanche", "ethereum", &format!("0x{:064x}", 0xA11_0002u64));
    // Well past finality (2 blocks of 1 s): signed by one attester, never delivered.
    std::thread::sleep(Duration::from_secs(6));
    let row = net.message(&stuck).expect("indexed");
    assert_eq!(row["status"], json!("final"), "one signature is not a quorum: {row}");
    assert_eq!(row["signatures"], json!(1), "{row}");

    net.attesters[1].start();
    net.attesters[2].start();
    net.wait_delivered(&[first, stuck], DELIVERY);
}

/// kill -9 of the relayer and of an attester while messages are in flight, at seeded moments,
/// repeated: every message is delivered exactly once.
#[test]
fn agents_killed_mid_delivery_deliver_every_message_exactly_once() {
    let mut net = TwoChains::start("kill9", 10);
    let videos: Vec<String> = (0..6u64).map(|i| format!("0x{:064x}", 0xD1E_0000 + i)).collect();
    for v in &videos {
        net.flix("avalanche", CREATOR, &["video", "mint", "--content", v, "--playback-id", "killedplayback01"]);
    }
    let mut ids = Vec::new();
    // Seeded pauses (ms) before each kill: before finality, while signing, while submitting.
    for (round, pause_ms) in [(0usize, 300u64), (1, 1_700), (2, 2_600)] {
        for v in &videos[round * 2..round * 2 + 2] {
            ids.push(net.publish_registration("avalanche", "ethereum", v));
        }
        std::thread::sleep(Duration::from_millis(pause_ms));
        net.relayer.kill();
        net.attesters[round % 3].kill();
        std::thread::sleep(Duration::from_millis(200));
        net.attesters[round % 3].start();
        net.relayer.start();
    }
    net.wait_delivered(&ids, DELIVERY);
}

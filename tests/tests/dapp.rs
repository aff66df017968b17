//! The dApp (web/) in a real headless Chromium, driven by playwright-core, against a real anvil
//! (mining a block a second beside the transactions, as the devnet does), the deployed suite,
//! PostgreSQL, the indexer serving the page and its API, and the vote relay. A test EIP-1193
//! wallet backed by the anvil dev accounts is injected, so the page's own signing and sending
//! code runs. The scenarios and their assertions are in web/test/dapp.test.mjs.
//!
//! `TFX_BENCH_OUT=bench/results/dapp.json` keeps the measured latency and bundle size;
//! `TFX_SCREENSHOTS=docs/screenshots` keeps a screenshot of each main page.

use serde_json::json;
use std::process::Command;
use tfx_e2e::indexer::{Indexer, postgres};
use tfx_e2e::relayer::vote_relay;
use tfx_e2e::*;
use tfx_localnet::role::{ADMIN, ADVERTISER, CREATOR, HOLDER, MINER, SIGNERS, VALIDATORS};
use tfx_localnet::{Anvil, DEV_ADDRS, free_port, stage_web};

#[test]
fn every_role_does_its_work_in_the_browser_and_errors_are_shown_plainly() {
    let dist = std::env::var_os("TFX_WEB_DIST").expect("TFX_WEB_DIST: web/dist, built by `cargo xtask test`");
    let chromium = std::env::var("TFX_CHROMIUM").expect("TFX_CHROMIUM: the browser `cargo xtask test` installs");
    let dir = scratch("dapp");
    let node = Anvil::start(43114, free_port(), Some(&dir.join("anvil.log")), &["--block-time", "1", "--mixed-mining"])
        .expect("anvil");
    let networks = dir.join("networks");
    std::fs::create_dir_all(&networks).expect("dir");
    let cfg = network_file(&networks, "avalanche", 43114, &node.url);
    let deployments = dir.join("deployments");
    assert!(deploy(&cfg, &deployments, Some(DEPLOYER_KEY)).status.success());
    for who in [ADVERTISER, MINER] {
        let o = flix(&node, "avalanche", &deployments, DEV_KEYS[who], &["faucet", "--amount", "1000000000000"]);
        assert!(o.status.success(), "faucet: {:?}", text(&o));
    }
    // Signed by a voter with a deadline already passed by the time the page runs.
    let expired = flix(
        &node,
        "avalanche",
        &deployments,
        DEV_KEYS[SIGNERS[0]],
        &["--json", "vote", "sign", "--round", "1", "--candidate", "0", "--nonce", "99", "--valid-for", "0"],
    );
    assert!(expired.status.success(), "vote sign: {:?}", text(&expired));
    let expired: serde_json::Value = serde_json::from_slice(&expired.stdout).expect("signed vote");

    let (_pg, db) = postgres("dapp");
    let relay = vote_relay(&deployments, &networks, &db, 100);

    let record = tfx_core::Deployment::load(&deployments, "avalanche").expect("record").expect("deployed");
    let network = tfx_core::NetworkConfig::load(&cfg).expect("network file");
    let config = tfx_core::WebConfig {
        api: String::new(),
        vote_relay: relay.url.clone(),
        player_url: "https://lvpr.tv/?v={playback_id}".into(),
        chains: vec![tfx_core::WebChain::new(&network, &record)],
    };
    let web = dir.join("web");
    stage_web(std::path::Path::new(&dist), &web, &serde_json::to_value(&config).expect("config")).expect("stage");
    let web_dir = web.display().to_string();
    let ix = Indexer::start(&db, &deployments, &networks, &["--web-dir", &web_dir, "--player-url", &config.player_url]);
    let (status, page) = tfx_localnet::http_get(&format!("{}/", ix.api)).expect("page");
    assert!(status == 200 && page.contains("app.js"), "the indexer serves the page at /: {status} {page}");
    let (status, missing) = tfx_localnet::http_get(&format!("{}/v1/nothing", ix.api)).expect("404");
    assert!(status == 404 && missing.contains("no such route"), "API 404s stay JSON: {missing}");

    let addr = |who: usize| DEV_ADDRS[who].to_owned();
    let env = json!({
        "url": ix.api,
        "chromium": chromium,
        "config": config,
        "accounts": {
            "admin": addr(ADMIN), "creator": addr(CREATOR), "holder": addr(HOLDER), "advertiser": addr(ADVERTISER),
            "miner": addr(MINER), "validators": VALIDATORS.map(addr), "voters": SIGNERS.map(addr), "poor": addr(SIGNERS[0]),
        },
        "expiredVote": expired,
        "metadataBase": format!("{}/v1/metadata/43114/", ix.api),
        "disputeWindow": network.params.dispute_window_secs,
        "executedStatus": 4,
        "latencyVotes": 40,
        "screenshots": std::env::var("TFX_SCREENSHOTS").ok().map(|d| root().join(d)),
        "out": std::env::var("TFX_BENCH_OUT").ok().map(|f| root().join(f)),
    });
    let out = Command::new("node")
        .arg(root().join("web/test/dapp.test.mjs"))
        .env("TFX_DAPP", env.to_string())
        .current_dir(root().join("web"))
        .output()
        .expect("node");
    let (stdout, stderr) = text(&out);
    println!("{stdout}");
    assert!(out.status.success(), "the browser scenarios failed:\n{stdout}\n{stderr}");
}

//! The indexer against real anvil chains and a real PostgreSQL: the demo's state through the API,
//! reorgs, `kill -9`, database restarts, and bad API input.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use tfx_e2e::indexer::*;
use tfx_e2e::*;

/// A chain with the suite deployed; its network file and deployment record live in `dir`.
struct Net<C: LocalChain = Anvil> {
    node: C,
    name: &'static str,
    dir: PathBuf,
}

impl<C: LocalChain> Net<C> {
    fn deployments(&self) -> PathBuf {
        self.dir.join("deployments")
    }

    fn flix(&self, who: usize, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let o = flix(&self.node, self.name, &self.deployments(), DEV_KEYS[who], &all);
        assert!(o.status.success(), "flix {args:?}: {:?}", text(&o));
        serde_json::from_slice(&o.stdout).expect("flix --json")
    }

    fn record(&self) -> tfx_core::Deployment {
        tfx_core::Deployment::load(&self.deployments(), self.name).expect("load").expect("deployed")
    }

    fn contract(&self, name: &str) -> String {
        self.record().contract(name).expect("recorded").address.to_lowercase()
    }

    /// Pays `who` stream or collateral tokens from the devnet faucet, where the suite has one (the
    /// ink! suite pays in the native coin the devnet funded every account with).
    fn faucet(&self, who: usize, amount: &str) {
        if self.record().contracts.contains_key("Stablecoin") {
            self.flix(who, &["faucet", "--amount", amount]);
        }
    }
}

/// Starts a chain and deploys the suite into `dir` (several chains may share one `dir`).
fn net(dir: &std::path::Path, name: &'static str, chain_id: u64) -> Net {
    let node = anvil(chain_id);
    let cfg = network_file(dir, name, chain_id, &node.url);
    let o = deploy(&cfg, &dir.join("deployments"), Some(DEPLOYER_KEY));
    assert!(o.status.success(), "{:?}", text(&o));
    Net { node, name, dir: dir.to_path_buf() }
}

/// A chain whose VoteTally slot is an `EventFlood`, with `blocks` blocks of `per_block` votes each.
fn flooded(dir: &std::path::Path, blocks: u64, per_block: u64) -> (Net, Flood) {
    let n = net(dir, "avalanche", 43114);
    let flood = Flood::deploy(&n.node.url).expect("deploy EventFlood");
    flood.register(&n.deployments(), n.name).expect("register EventFlood");
    for i in 0..blocks {
        flood.emit(&n.node.url, 1, 1 + i * per_block, per_block).expect("flood");
    }
    (n, flood)
}

use tfx_localnet::role::{ADMIN, ADVERTISER, CREATOR, HOLDER, MINER, SIGNERS, VALIDATORS};

fn lower(addr: &str) -> String {
    addr.to_lowercase()
}

/// Every role acts once, as in `cargo xtask up`'s demo. Returns the first video's id (hex).
fn scenario(n: &Net<impl LocalChain>) -> String {
    let v1 = format!("0x{:064x}", 0xF11_0001u64 + n.node.chain_id());
    let v2 = format!("0x{:064x}", 0xF11_0002u64 + n.node.chain_id());
    n.flix(CREATOR, &["video", "mint", "--content", &v1, "--playback-id", "play-one", "--royalty-bps", "500"]);
    n.flix(CREATOR, &["video", "mint", "--content", &v2, "--playback-id", "play-two"]);
    n.flix(CREATOR, &["video", "fractionalize", "--video", &v1, "--supply", "1000"]);
    n.flix(CREATOR, &["video", "transfer-shares", "--video", &v1, "--to", DEV_ADDRS[HOLDER], "--amount", "250"]);

    n.flix(ADMIN, &["round", "create", "--candidates", &format!("{v1},{v2}"), "--duration", "300"]);
    advance(&n.node, 1); // the round starts at the wall clock's second; make the chain's clock reach it
    n.flix(HOLDER, &["vote", "cast", "--round", "1", "--candidate", "0"]);
    n.flix(CREATOR, &["vote", "cast", "--round", "1", "--candidate", "1"]);
    let signed = n.flix(SIGNERS[0], &["vote", "sign", "--round", "1", "--candidate", "0"]);
    let file = n.dir.join(format!("vote-{}.json", n.name));
    std::fs::write(&file, signed.to_string()).expect("vote file");
    n.flix(ADMIN, &["vote", "relay", file.to_str().expect("path")]);

    n.faucet(ADVERTISER, "1000000000");
    n.flix(ADVERTISER, &["ad", "open", "--video", &v1, "--rate", "1000000", "--deposit", "500000000"]);
    advance(&n.node, 60);
    n.flix(ADVERTISER, &["ad", "settle", "--campaign", "1"]);
    n.flix(HOLDER, &["revenue", "claim", "--video", &v1]);
    advance(&n.node, 30);
    n.flix(ADVERTISER, &["ad", "settle", "--campaign", "1"]);

    n.faucet(MINER, "2000000000");
    n.flix(MINER, &["collateral", "deposit", "--amount", "1000000000"]);
    let evidence = format!("0x{:064x}", 0xE71Du64);
    n.flix(
        VALIDATORS[0],
        &[
            "collateral",
            "propose-slash",
            "--miner",
            DEV_ADDRS[MINER],
            "--amount",
            "100000000",
            "--reason",
            "bot-engagement",
            "--evidence",
            &evidence,
        ],
    );
    n.flix(VALIDATORS[1], &["collateral", "approve", "--slash", "1"]);
    advance(&n.node, 2 * 86_400 + 1); // past the default dispute window
    n.flix(ADMIN, &["collateral", "execute", "--slash", "1"]);
    n.flix(ADMIN, &["round", "finalize", "--round", "1"]);
    v1
}

/// The API's view of `n` equals what the contracts themselves report.
fn assert_api_matches_chain(ix: &Indexer, n: &Net<impl LocalChain>, v1: &str) {
    let id = n.node.chain_id();
    let chain_video = n.flix(HOLDER, &["video", "show", "--video", v1]);
    let api = ix.ok(&format!("/v1/videos/{id}/{v1}"));
    let video = &api["video"];
    assert_eq!(video["creator"], json!(lower(DEV_ADDRS[CREATOR])));
    assert_eq!(video["owner"], json!(n.contract("VideoShares")), "fractionalized: the NFT sits in VideoShares");
    assert_eq!(video["playback_id"], "play-one");
    assert_eq!(video["royalty_bps"], 500);
    assert_eq!(video["share_supply"], "1000");
    assert_eq!(video["fractionalized"], true);
    assert_eq!(video["cumulative_revenue"], chain_video["valuation"], "valuation");
    assert_eq!(
        api["holders"],
        json!([
            { "holder": lower(DEV_ADDRS[CREATOR]), "balance": "750" },
            { "holder": lower(DEV_ADDRS[HOLDER]), "balance": "250" },
        ])
    );
    // The holders' own listing pages through the same holders, largest first.
    let first = ix.ok(&format!("/v1/videos/{id}/{v1}/holders?limit=1"));
    let cursor = first["next_cursor"].as_str().expect("a second page");
    let second = ix.ok(&format!("/v1/videos/{id}/{v1}/holders?limit=1&cursor={cursor}"));
    assert!(second["next_cursor"].is_null(), "{second}");
    assert_eq!(json!([first["items"][0], second["items"][0]]), api["holders"]);
    let history = api["valuation_history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["cumulative_revenue"], chain_video["valuation"]);

    let list = ix.ok(&format!("/v1/videos?chain_id={id}&creator={}", DEV_ADDRS[CREATOR]));
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    let owned = ix.ok(&format!("/v1/videos?chain_id={id}&owner={}", DEV_ADDRS[CREATOR]));
    assert_eq!(owned["items"].as_array().map(Vec::len), Some(1), "v2 is still the creator's own NFT");

    let round_chain = n.flix(ADMIN, &["round", "show", "--round", "1"]);
    let round = ix.ok(&format!("/v1/rounds/{id}/1"));
    let tallies: Vec<Value> =
        round["tallies"].as_array().expect("tallies").iter().map(|t| t["tally"].clone()).collect();
    assert_eq!(json!(tallies), round_chain["tallies"]);
    assert_eq!(round["round"]["winner"], round_chain["winner"]);
    assert_eq!(round["round"]["voters"], 3);
    assert_eq!(round["leader"], 0);

    for who in [CREATOR, HOLDER] {
        let chain = n.flix(who, &["revenue", "show", "--video", v1]);
        let api = ix.ok(&format!("/v1/accounts/{id}/{}/revenue", DEV_ADDRS[who]));
        let row =
            api["videos"].as_array().expect("videos").iter().find(|r| r["video_id"] == video["video_id"]).cloned();
        assert_eq!(row.map(|r| r["claimable"].clone()), Some(chain["claimable"].clone()), "claimable of account {who}");
    }

    let campaigns = ix.ok(&format!("/v1/campaigns?chain_id={id}&advertiser={}", DEV_ADDRS[ADVERTISER]));
    let c = &campaigns["items"][0];
    assert_eq!(c["settled"], chain_video["valuation"]);
    assert_eq!(c["funded"], "500000000");
    assert_eq!(c["cancelled"], false);

    let col = ix.ok(&format!("/v1/collateral/{id}/{}", DEV_ADDRS[MINER]));
    assert_eq!(col["position"]["held"], "900000000");
    assert_eq!(col["position"]["slashed"], "100000000");
    assert_eq!(col["slashes"][0]["status"], "executed");
    assert_eq!(col["slashes"][0]["approvals"], 2);
    let executed = ix.ok(&format!("/v1/slashes?chain_id={id}&status=executed"));
    assert_eq!(executed["items"].as_array().map(Vec::len), Some(1));

    let validators = ix.ok(&format!("/v1/validators?chain_id={id}"));
    assert_eq!(validators["items"].as_array().map(Vec::len), Some(2));

    // The unit of those amounts: the devnet stablecoin where the suite has one (ads and, by the test
    // network files' default, collateral), else the native coin (the test network files leave it
    // at its default, ETH).
    let (unit, symbol, decimals) = match n.record().contracts.get("Stablecoin") {
        Some(c) => (lower(&c.address), "tUSD", 6),
        None => (format!("0x{}", "0".repeat(40)), "ETH", 18),
    };
    let chains = ix.ok("/v1/chains");
    let chain = chains["items"].as_array().into_iter().flatten().find(|c| c["chain_id"] == json!(id)).expect("chain");
    assert_eq!((&chain["ad_token"], &chain["collateral_asset"]), (&json!(unit), &json!(unit)));
    assert_eq!((&chain["ad_symbol"], &chain["ad_decimals"]), (&json!(symbol), &json!(decimals)));
    assert_eq!((&chain["collateral_symbol"], &chain["collateral_decimals"]), (&json!(symbol), &json!(decimals)));
}

#[test]
fn api_shows_exactly_the_demo_state_of_both_chains() {
    let dir = scratch("ix-demo");
    let (pg, db) = postgres("demo");
    let (avalanche, ethereum) = (net(&dir, "avalanche", 43114), net(&dir, "ethereum", 1));
    // One chain's history exists before the indexer starts (backfill), the other's is made while it
    // runs (live).
    let v_avalanche = scenario(&avalanche);
    let ix = Indexer::start(&db, &avalanche.deployments(), &dir, &[]);
    let v_ethereum = scenario(&ethereum);
    ix.wait_synced(&[&avalanche.node, &ethereum.node]);
    assert_api_matches_chain(&ix, &avalanche, &v_avalanche);
    assert_api_matches_chain(&ix, &ethereum, &v_ethereum);

    // Pages: two videos per chain, one per page, across both chains, no repeats.
    let mut seen = Vec::new();
    let mut path = "/v1/videos?limit=1".to_string();
    loop {
        let page = ix.ok(&path);
        seen.extend(
            page["items"].as_array().expect("items").iter().map(|v| (v["chain_id"].clone(), v["video_id"].clone())),
        );
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/videos?limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    seen.dedup();
    assert_eq!(seen.len(), 4);

    // The database's event tables are the catalog's, column for column in COPY order, and no other
    // table holds events.
    let catalog = tfx_indexer::catalog::catalog();
    for table in catalog.tables() {
        let sql = format!(
            "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = '{}'",
            table.name
        );
        let columns = pg.psql("tensorflix", &sql).expect("psql");
        assert_eq!(columns.trim(), table.all_columns().join(","), "{}", table.name);
    }
    let event_tables = pg
        .psql(
            "tensorflix",
            "SELECT string_agg(c.table_name, ',' ORDER BY c.table_name) FROM information_schema.columns c \
             JOIN information_schema.tables t USING (table_schema, table_name) \
             WHERE c.table_schema = 'public' AND c.column_name = 'tx_hash' AND t.table_type = 'BASE TABLE'",
        )
        .expect("psql");
    let mut catalogued: Vec<&str> = catalog.tables().iter().map(|t| t.name).collect();
    catalogued.sort_unstable();
    assert_eq!(event_tables.trim(), catalogued.join(","));

    let openapi = ix.ok("/openapi.json");
    assert!(openapi["paths"]["/v1/videos"].is_object());
    let (status, metrics) = http_get(&format!("{}/metrics", ix.api)).expect("metrics");
    assert_eq!(status, 200);
    assert!(metrics.contains("tfx_indexer_events_total"), "{metrics}");
}

/// The ink! suite on a local Polkadot Hub, deployed by `tfx-deploy` and driven by `flix` through the
/// chain's Ethereum RPC, reads back through the API exactly as the Solidity suite does.
#[test]
fn polkadot_hub_ink_suite_is_deployed_driven_and_indexed_like_the_evm_suite() {
    let dir = scratch("ix-polkadot");
    let (_pg, db) = postgres("polkadot");
    let node = polkadot_hub();
    let cfg = suite_network_file(&dir, "polkadot", node.chain_id, &node.url, "ink");
    let o = deploy(&cfg, &dir.join("deployments"), Some(DEPLOYER_KEY));
    assert!(o.status.success(), "{:?}", text(&o));
    let n = Net { node, name: "polkadot", dir: dir.to_path_buf() };
    let record = n.record();
    assert!(!record.contracts.contains_key("Stablecoin"), "the ink! suite streams the native coin");
    let again = deploy(&cfg, &dir.join("deployments"), Some(DEPLOYER_KEY));
    assert!(again.status.success(), "{:?}", text(&again));
    assert_eq!(n.record(), record, "a re-run deploys nothing new");
    let faucet = flix(&n.node, n.name, &n.deployments(), DEV_KEYS[ADVERTISER], &["faucet", "--amount", "1"]);
    assert!(!faucet.status.success());
    assert!(text(&faucet).1.contains("has no stablecoin"), "{:?}", text(&faucet));

    // The ink! contracts keep their deployer as admin: another admin is refused before any deployment.
    let other = dir.join("other-admin");
    std::fs::create_dir_all(&other).expect("dir");
    let cfg = suite_network_file(&other, "polkadot", n.node.chain_id, &n.node.url, "ink");
    let text_cfg = std::fs::read_to_string(&cfg).expect("cfg");
    let admin = format!("[roles]\nadmin = \"{}\"\n", DEV_ADDRS[CREATOR]);
    std::fs::write(&cfg, text_cfg.replace("[roles]\n", &admin)).expect("cfg");
    let refused = deploy(&cfg, &other.join("deployments"), Some(DEPLOYER_KEY));
    assert!(!refused.status.success());
    assert!(text(&refused).1.contains("deploy with that account's key"), "{:?}", text(&refused));
    assert!(!other.join("deployments/polkadot.json").exists(), "nothing deployed or recorded");

    let v1 = scenario(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &[]);
    ix.wait_synced(&[&n.node]);
    assert_api_matches_chain(&ix, &n, &v1);
    // Polkadot Hub's eth-rpc leaves blockTimestamp out of logs: times come from the headers.
    let video = ix.ok(&format!("/v1/videos/{}/{v1}", n.node.chain_id));
    assert!(video["video"]["minted_time"].as_i64().is_some_and(|t| t > 0), "{video}");
}

/// Indexes the chains in `dir` into a fresh database with a fresh indexer: the reference content.
fn clean_digest(cluster: &PgCluster, dir: &std::path::Path, nets: &[&dyn LocalChain], label: &str) -> String {
    let db = another_database(cluster, label);
    let ix = Indexer::start(&db, &dir.join("deployments"), dir, &[]);
    ix.wait_synced(nets);
    drop(ix);
    digest(&db)
}

#[test]
fn reorgs_are_unwound_to_exactly_the_final_chain() {
    let dir = scratch("ix-reorg");
    let (pg, db) = postgres("reorg");
    let (n, flood) = flooded(&dir, 20, 100);
    // Reorg during backfill, 15 blocks deep: the window is 24 blocks, so the indexer backfills the
    // older part of the chain in ranges and follows the rest block by block while we replace it.
    let ix = Indexer::start(&db, &n.deployments(), &dir, &["--reorg-window", "24"]);
    rpc(&n.node.url, "anvil_reorg", json!([15, []])).expect("anvil_reorg");
    ix.wait_synced(&[&n.node]);

    // Live: events in blocks that are then replaced by empty ones, then by other events.
    for i in 0..4 {
        flood.emit(&n.node.url, 2, 10_000 + i * 10, 10).expect("flood");
    }
    ix.wait_synced(&[&n.node]);
    let before = ix.ok("/v1/chains")["items"][0]["reorgs"].as_i64().unwrap_or_default();
    rpc(&n.node.url, "anvil_reorg", json!([3, []])).expect("anvil_reorg");
    advance(&n.node, 1);
    ix.wait_synced(&[&n.node]);
    rpc(&n.node.url, "anvil_rollback", json!([4])).expect("anvil_rollback");
    for i in 0..6 {
        flood.emit(&n.node.url, 3, 20_000 + i * 10, 7).expect("flood");
    }
    ix.wait_synced(&[&n.node]);
    let after = ix.ok("/v1/chains")["items"][0]["reorgs"].as_i64().unwrap_or_default();
    assert!(after >= before + 2, "both reorgs were noticed ({before} -> {after})");
    let round2 = ix.ok("/v1/rounds?chain_id=43114");
    assert!(round2["items"].as_array().is_some_and(Vec::is_empty), "flood rounds have no RoundCreated");
    drop(ix);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "reorged index == clean index");
}

/// An account the scenario gives no shares.
const BUYER: usize = SIGNERS[1];

/// What each account can claim from `video`, as the API and as AdRevenue report it.
fn claimable(ix: &Indexer, n: &Net, video: &str) -> Vec<(Value, Value)> {
    let id = ix.ok(&format!("/v1/videos/{}/{video}", n.node.chain_id))["video"]["video_id"].clone();
    [CREATOR, HOLDER, BUYER]
        .iter()
        .map(|&who| {
            let chain = n.flix(who, &["revenue", "show", "--video", video])["claimable"].clone();
            let api = ix.ok(&format!("/v1/accounts/{}/{}/revenue", n.node.chain_id, DEV_ADDRS[who]));
            let row = api["videos"].as_array().into_iter().flatten().find(|r| r["video_id"] == id);
            (row.map_or(json!("0"), |r| r["claimable"].clone()), chain)
        })
        .collect()
}

/// Claimable revenue depends on the order of settlements and share movements across tables; a
/// reorg that removes some of them leaves exactly what a clean index of the final chain holds.
#[test]
fn a_reorg_through_settlements_and_share_moves_leaves_the_revenue_state_of_a_clean_index() {
    let dir = scratch("ix-reorg-revenue");
    let (pg, db) = postgres("reorg-revenue");
    let n = net(&dir, "avalanche", 43114);
    let v1 = scenario(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &[]);
    ix.wait_synced(&[&n.node]);
    let settled = claimable(&ix, &n, &v1);
    assert!(settled.iter().all(|(api, chain)| api == chain), "{settled:?}");

    // Campaign 1 has streamed out (the scenario's dispute window outlasts it); campaign 2 streams
    // to the shares as they are after the sale.
    n.flix(HOLDER, &["video", "transfer-shares", "--video", &v1, "--to", DEV_ADDRS[BUYER], "--amount", "100"]);
    n.flix(ADVERTISER, &["ad", "open", "--video", &v1, "--rate", "1000000", "--deposit", "100000000"]);
    advance(&n.node, 20);
    n.flix(ADVERTISER, &["ad", "settle", "--campaign", "2"]);
    n.flix(BUYER, &["revenue", "claim", "--video", &v1]);
    ix.wait_synced(&[&n.node]);
    let moved = claimable(&ix, &n, &v1);
    assert!(moved.iter().all(|(api, chain)| api == chain), "{moved:?}");
    assert_ne!(moved, settled, "the new blocks moved revenue");

    rpc(&n.node.url, "anvil_reorg", json!([5, []])).expect("anvil_reorg");
    advance(&n.node, 1);
    ix.wait_synced(&[&n.node]);
    let reorged = claimable(&ix, &n, &v1);
    assert!(reorged.iter().all(|(api, chain)| api == chain), "{reorged:?}");
    assert_ne!(reorged, moved, "the reorg took the settlement and the claim away");
    drop(ix);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "reorged index == clean index");
}

#[test]
fn a_reorg_deeper_than_the_window_halts_the_chain_loudly() {
    let dir = scratch("ix-deep");
    let (_pg, db) = postgres("deep");
    let (n, _flood) = flooded(&dir, 6, 10);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &["--reorg-window", "3"]);
    ix.wait_synced(&[&n.node]);
    rpc(&n.node.url, "anvil_reorg", json!([5, []])).expect("anvil_reorg");
    advance(&n.node, 1);
    let chain = ix.wait_status(43114, "halted");
    assert!(chain["error"].as_str().unwrap_or_default().contains("deeper than the 3-block window"), "{chain}");
    assert_eq!(ix.ok("/health")["status"], "degraded");
}

#[test]
fn the_flood_selector_is_the_bindings() {
    use alloy::sol_types::SolCall;
    assert_eq!(Flood::SELECTOR, alloy::hex::encode(tfx_abi::evm::EventFlood::floodCall::SELECTOR));
}

/// A tiny seeded generator (the test must fail the same way twice).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Small commits, so that kills land between many of them.
const KILL_FLAGS: &[&str] = &["--reorg-window", "16", "--batch-rows", "4000"];

#[test]
fn kill_9_at_random_points_loses_and_doubles_nothing() {
    let dir = scratch("ix-kill");
    let (pg, db) = postgres("kill");
    let n = net(&dir, "avalanche", 43114);
    let v1 = scenario(&n);
    let flood = Flood::deploy(&n.node.url).expect("deploy EventFlood");
    flood.register(&n.deployments(), n.name).expect("register EventFlood");
    for i in 0..60 {
        flood.emit(&n.node.url, 1, 1 + i * 2_000, 2_000).expect("flood");
    }
    let mut rng = Lcg(0x7f1c_2026);
    // Backfill: killed over and over at random moments, including during start-up and migration.
    // At least 12 kills, and more until some landed mid-backfill: on a loaded machine start-up
    // alone may outlast the first delays, so each kill that found nothing committed yet moves the
    // next delay's range half a second later.
    let mut seen = Vec::new();
    let mut later = 0;
    while seen.len() < 12 || !seen.iter().any(|(_, v)| (1..120_000).contains(v)) {
        assert!(seen.len() < 40, "no kill landed mid-backfill: {seen:?}");
        let ix = Indexer::spawn(&db, &n.deployments(), &dir, KILL_FLAGS);
        let delay = 300 + later * 500 + rng.below(1_500);
        std::thread::sleep(Duration::from_millis(delay));
        ix.kill();
        let votes = pg.psql("tensorflix", "SELECT count(*) FROM vote_cast").unwrap_or_default();
        let votes = votes.trim().parse::<u64>().unwrap_or(0);
        if votes == 0 {
            later += 1;
        }
        seen.push((delay, votes));
    }
    // Live: blocks keep coming while it is killed.
    for round in 0..6 {
        let ix = Indexer::spawn(&db, &n.deployments(), &dir, KILL_FLAGS);
        for i in 0..3 {
            flood.emit(&n.node.url, 2, 100_000 + round * 100 + i * 10, 10).expect("flood");
            std::thread::sleep(Duration::from_millis(rng.below(120)));
        }
        ix.kill();
    }
    let ix = Indexer::start(&db, &n.deployments(), &dir, KILL_FLAGS);
    ix.wait_synced(&[&n.node]);
    assert_eq!(ix.ok(&format!("/v1/videos/43114/{v1}"))["holders"].as_array().map(Vec::len), Some(2));
    drop(ix);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "killed index == clean index");
}

#[test]
fn postgres_restarts_while_indexing_lose_and_double_nothing() {
    let dir = scratch("ix-pg");
    let (pg, db) = postgres("restart");
    let (n, flood) = flooded(&dir, 30, 2_000);
    let ix = Indexer::start(&db, &n.deployments(), &dir, KILL_FLAGS);
    for round in 0..3 {
        std::thread::sleep(Duration::from_millis(150));
        pg.stop().expect("stop postgres");
        flood.emit(&n.node.url, 2, 200_000 + round * 10, 10).expect("flood");
        std::thread::sleep(Duration::from_millis(700));
        pg.start_server().expect("start postgres");
        let (status, _) = ix.get("/v1/chains");
        assert!(status == 200 || status == 503, "a database outage is a 503 at worst, got {status}");
    }
    ix.wait_synced(&[&n.node]);
    drop(ix);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "index across restarts == clean index");
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn bad_api_input_gets_a_4xx_with_a_message_never_a_5xx() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let dir = scratch("ix-fuzz");
    let (_pg, db) = postgres("fuzz");
    let n = net(&dir, "avalanche", 43114);
    scenario(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &[]);
    ix.wait_synced(&[&n.node]);

    let templates = [
        "/v1/videos/{}/{}",
        "/v1/videos/{}/{}/holders",
        "/v1/rounds/{}/{}",
        "/v1/accounts/{}/{}/revenue",
        "/v1/collateral/{}/{}",
        "/v1/videos",
        "/v1/rounds",
        "/v1/campaigns",
        "/v1/slashes",
        "/v1/validators",
        "/v1/chains",
        "/{}/{}",
    ];
    let segment = prop_oneof![
        Just("43114".to_string()),
        Just(DEV_ADDRS[1].to_string()),
        Just(format!("0x{:064x}", 0xF11_0001u64 + 43114)),
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("9".repeat(90)),
        Just(format!("0x{}", "f".repeat(70))),
        Just("0xZZ".to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        ".{0,40}",
    ];
    let key = prop_oneof![
        Just("chain_id"),
        Just("creator"),
        Just("owner"),
        Just("limit"),
        Just("cursor"),
        Just("video_id"),
        Just("advertiser"),
        Just("miner"),
        Just("status"),
        Just("organizer"),
        Just("bogus"),
    ];
    let value = prop_oneof![
        segment.clone(),
        Just("101".to_string()),
        Just("20".to_string()),
        Just("43114-1".to_string()),
        Just(format!("43114-{}", DEV_ADDRS[1].to_lowercase())),
        Just(format!("5-{}", DEV_ADDRS[1].to_lowercase())),
        Just(alloy::hex::encode("x:y")),
        Just("executed".to_string()),
    ];
    let request = (0..templates.len(), segment.clone(), segment, proptest::collection::vec((key, value), 0..4));
    let mut runner = TestRunner::new(Config { cases: 600, failure_persistence: None, ..Config::default() });
    runner
        .run(&request, |(t, a, b, query)| {
            let mut path = templates[t].replacen("{}", &encode(&a), 1).replacen("{}", &encode(&b), 1);
            for (i, (k, v)) in query.iter().enumerate() {
                path.push(if i == 0 { '?' } else { '&' });
                path.push_str(&format!("{k}={}", encode(v)));
            }
            let (status, body) = ix.get(&path);
            prop_assert!(status < 500, "{path} -> {status} {body}");
            if status >= 400 {
                prop_assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path} -> {body}");
            }
            Ok(())
        })
        .expect("no request makes the API fail");
}

/// Schemathesis, with every check it has (status codes, response schemas and headers, schema-valid
/// input accepted, schema-invalid input refused, ...), against the document the API serves, on an
/// indexed chain whose listings feed the detail routes real ids.
#[test]
fn the_api_conforms_to_its_openapi_document_under_schemathesis() {
    let st = std::env::var("TFX_SCHEMATHESIS")
        .expect("TFX_SCHEMATHESIS: the schemathesis `st` binary (`cargo xtask test` installs it and sets this)");
    let dir = scratch("ix-schemathesis");
    let (_pg, db) = postgres("schemathesis");
    let n = net(&dir, "avalanche", 43114);
    scenario(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &[]);
    ix.wait_synced(&[&n.node]);
    // Event streams never end, which a request-response fuzzer reads as a hang: the live test
    // above covers them.
    let out = std::process::Command::new(&st)
        .args(["run", &format!("{}/openapi.json", ix.api), "--checks", "all", "--max-time", "90"])
        .args(["--exclude-path-regex", "/live$"])
        .current_dir(&dir)
        .output()
        .expect("run schemathesis");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{report}");
    assert!(report.contains(" passed") && !report.contains(" failed"), "{report}");
}

/// A proxy between the indexer and `n`'s node, and the flag that makes the indexer read through it.
fn proxied(n: &Net) -> (RpcProxy, String) {
    let proxy = RpcProxy::start(&n.node.url).expect("RPC proxy");
    let flag = format!("{}={}", n.name, proxy.url);
    (proxy, flag)
}

/// Waits until `/v1/chains` shows `chain_id` with a non-empty error; that chain.
fn wait_error(ix: &Indexer, chain_id: u64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let chains = ix.ok("/v1/chains");
        if let Some(c) = chains["items"].as_array().into_iter().flatten().find(|c| c["chain_id"] == json!(chain_id))
            && c["error"].as_str().is_some_and(|e| !e.is_empty())
        {
            return c.clone();
        }
        assert!(std::time::Instant::now() < deadline, "no error reported for {chain_id}: {chains}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn logs_without_block_timestamps_take_the_time_of_their_block_header() {
    let dir = scratch("ix-times");
    let (pg, db) = postgres("times");
    let n = net(&dir, "avalanche", 43114);
    let v1 = scenario(&n);
    let (proxy, rpc) = proxied(&n);
    proxy.set(Fault::OmitLogTimes);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &["--rpc", &rpc]);
    ix.wait_synced(&[&n.node]);
    let video = ix.ok(&format!("/v1/videos/43114/{v1}"));
    assert!(video["video"]["minted_time"].as_i64().is_some_and(|t| t > 0), "{video}");
    let untimed = pg.psql("tensorflix", "SELECT count(*) FROM video_minted WHERE block_time IS NULL").expect("psql");
    assert_eq!(untimed.trim(), "0");
    let metrics = tfx_localnet::http_get(&format!("{}/metrics", ix.api)).expect("metrics").1;
    assert!(
        metrics.lines().any(|l| l.starts_with("tfx_indexer_block_times_from_headers_total") && !l.ends_with(" 0")),
        "the fallback is counted: {metrics}"
    );
    drop(ix);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "header times == the node's log times");
}

#[test]
fn an_unreachable_or_inconsistent_node_is_reported_and_recovered_from_without_a_restart() {
    let dir = scratch("ix-faults");
    let (pg, db) = postgres("faults");
    let n = net(&dir, "avalanche", 43114);
    scenario(&n);
    let (proxy, rpc) = proxied(&n);

    // Unreachable at start: listed at once, with the node's error, and the service degraded.
    proxy.set(Fault::Unavailable);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &["--rpc", &rpc]);
    let chain = wait_error(&ix, 43114);
    assert_eq!(chain["status"], "connecting", "{chain}");
    let health = ix.ok("/health");
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["not_live_chains"], json!(["avalanche"]), "{health}");
    proxy.set(Fault::None);
    ix.wait_synced(&[&n.node]);
    assert_eq!(ix.ok("/health")["status"], "ok");

    // Malformed answers while live, of two kinds: retried, reported halted once they persist,
    // and indexed as soon as the node answers consistently again.
    for (fault, content) in [(Fault::NullLogBlockNumbers, 0xBAD1u64), (Fault::ForeignLog, 0xBAD2)] {
        proxy.set(fault);
        let hash = format!("0x{content:064x}");
        n.flix(CREATOR, &["video", "mint", "--content", &hash, "--playback-id", "late"]);
        let chain = ix.wait_status(43114, "halted");
        assert!(chain["error"].as_str().is_some_and(|e| e.contains("malformed")), "{fault:?}: {chain}");
        assert!(chain["head_block"].as_u64().is_some_and(|h| h > 0), "a halted chain still shows its head: {chain}");
        assert_eq!(ix.ok("/health")["halted_chains"], json!(["avalanche"]));
        proxy.set(Fault::None);
        ix.wait_synced(&[&n.node]);
        assert_eq!(ix.ok(&format!("/v1/videos/43114/{hash}"))["video"]["playback_id"], "late");
    }
    drop(ix);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "faulty node's index == clean index");
}

#[test]
fn a_hung_node_is_reported_stalled_and_sigterm_still_ends_the_indexer_within_5_s() {
    let dir = scratch("ix-hang");
    let (_pg, db) = postgres("hang");
    let n = net(&dir, "avalanche", 43114);
    let (proxy, rpc) = proxied(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &["--rpc", &rpc]);
    ix.wait_synced(&[&n.node]);
    proxy.set(Fault::Hang);
    advance(&n.node, 1);
    let chain = ix.wait_status(43114, "stalled");
    assert!(chain["error"].as_str().is_some_and(|e| e.contains("no answer from the node")), "{chain}");
    assert!(chain["checked_at"].is_string() && chain["last_head_at"].is_string(), "{chain}");
    assert_eq!(ix.ok("/health")["status"], "degraded");
    proxy.set(Fault::None);
    ix.wait_synced(&[&n.node]);

    // Stopped while a call hangs on the node (it would wait 30 s for it) and another backs off.
    proxy.set(Fault::Hang);
    advance(&n.node, 1);
    std::thread::sleep(Duration::from_secs(1));
    let took = ix.terminate(Duration::from_secs(5));
    assert!(took < Duration::from_secs(5), "SIGTERM took {took:?}");
}

#[test]
fn an_indexer_restarted_every_second_still_advances_its_backfill() {
    let dir = scratch("ix-restarts");
    let (pg, db) = postgres("restarts");
    let (n, _flood) = flooded(&dir, 60, 2_000);
    let indexed = || {
        let v = pg.psql("tensorflix", "SELECT coalesce(max(indexed_block), 0) FROM chains").unwrap_or_default();
        v.trim().parse::<i64>().unwrap_or(0)
    };
    // Default batch size (200,000 rows): without the time-based commits each run would redo its
    // whole first batch and never commit. Each run lives 1.5 s from the moment its API answers,
    // which is after the schema is migrated: process start-up and migration take seconds of their
    // own on a loaded machine, and they are not what this test is about.
    let mut progress = Vec::new();
    for _ in 0..8 {
        let before = indexed();
        let ix = Indexer::start(&db, &n.deployments(), &dir, &[]);
        std::thread::sleep(Duration::from_millis(1_500));
        ix.kill();
        progress.push((before, indexed()));
    }
    let head = i64::try_from(tfx_localnet::block_number(&n.node.url).expect("head")).expect("i64");
    assert!(
        progress.iter().all(|(before, after)| after > before || *before == head),
        "every short-lived run committed something until the chain was indexed: {progress:?} (head {head})"
    );
    assert_eq!(progress.last().map(|p| p.1), Some(head), "{progress:?}");
}

#[test]
fn loose_ids_addresses_and_repeated_parameters_are_refused_and_slow_queries_cut_off_with_503() {
    let dir = scratch("ix-strict");
    let (pg, db) = postgres("strict");
    let n = net(&dir, "avalanche", 43114);
    let v1 = scenario(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &["--api-statement-timeout-ms", "300"]);
    ix.wait_synced(&[&n.node]);
    let creator = DEV_ADDRS[CREATOR].to_lowercase();
    for path in [
        "/v1/rounds/43114/0x".to_string(),
        "/v1/rounds/43114/0b1".into(),
        "/v1/rounds/43114/0o1".into(),
        "/v1/rounds/43114/1_0".into(),
        "/v1/rounds/43114/+1".into(),
        "/v1/rounds/9223372036854775808/1".into(),
        format!("/v1/accounts/43114/{}/revenue", creator.trim_start_matches("0x")),
        format!("/v1/videos?creator={creator}&creator={creator}"),
        "/v1/videos?limit=5&limit=6".into(),
        "/v1/videos?limit=+5".into(),
        format!("/v1/accounts/43114/{creator}/revenue?cursor={}", alloy::hex::encode("1:0x5")),
    ] {
        let (status, body) = ix.get(&path);
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{path}: {body}");
    }
    assert_eq!(ix.ok("/v1/rounds/43114/0x1")["round"]["round_id"], "1");
    // The finalized round as one preference pair (a single JSON line parses as one object).
    let pair = ix.ok("/v1/rounds/43114/1/preferences");
    assert_eq!((&pair["chosen"]["candidate_index"], &pair["chosen"]["weight"]), (&json!(0), &json!("2")), "{pair}");
    assert_eq!(
        (&pair["chosen"]["playback_id"], &pair["rejected"]["playback_id"]),
        (&json!("play-one"), &json!("play-two"))
    );
    assert_eq!(pair["total_weight"], "3");
    assert_eq!(ix.get("/v1/rounds/43114/99/preferences").0, 404);
    let revenue = ix.ok(&format!("/v1/accounts/43114/{creator}/revenue?limit=1"));
    assert_eq!(revenue["videos"].as_array().map(Vec::len), Some(1), "{revenue}");
    let next = revenue["next_cursor"].as_str().expect("a second page");
    let rest = ix.ok(&format!("/v1/accounts/43114/{creator}/revenue?limit=100&cursor={next}"));
    assert!(rest["videos"].as_array().is_some_and(|v| !v.is_empty()) && rest["next_cursor"].is_null(), "{rest}");
    assert_eq!(ix.ok(&format!("/v1/videos/43114/{v1}"))["more_holders"], false);

    // A query blocked longer than the statement timeout (a table locked by someone else) is a 503
    // with Retry-After, not a hung request.
    let mut lock = std::process::Command::new("psql")
        .args([db.as_str(), "-c", "BEGIN; LOCK TABLE video_minted; SELECT pg_sleep(5); COMMIT;"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("psql");
    std::thread::sleep(Duration::from_millis(500));
    let (status, head, body) = tfx_localnet::http_exchange("GET", &format!("{}/v1/videos", ix.api), None).expect("GET");
    let _ = lock.kill();
    let _ = lock.wait();
    assert_eq!(status, 503, "{body}");
    assert!(head.contains("retry-after: 1"), "{head}");
    drop(pg);
}

#[test]
fn a_round_is_pushed_to_its_live_stream_at_each_change_and_cached_reads_follow() {
    let dir = scratch("ix-live");
    let (_pg, db) = postgres("live");
    let n = net(&dir, "avalanche", 43114);
    scenario(&n);
    let ix = Indexer::start(&db, &n.deployments(), &dir, &[]);
    let candidates = format!("0x{:064x},0x{:064x}", 0xC0FF_EE01_u64, 0xC0FF_EE02_u64);
    n.flix(ADMIN, &["round", "create", "--candidates", &candidates, "--duration", "300"]);
    advance(&n.node, 1);
    ix.wait_synced(&[&n.node]);
    let before = ix.ok("/v1/rounds/43114/2");
    assert_eq!(before["round"]["voters"], 0);
    let (status, body) = ix.get("/v1/rounds/43114/2/preferences");
    assert_eq!(status, 409, "an open round has no preferences yet: {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("not finalized")), "{body}");

    let events = ix.events("/v1/rounds/43114/2/live");
    let first = events.recv_timeout(Duration::from_secs(30)).expect("the round at once");
    assert_eq!(first, before);
    n.flix(ADVERTISER, &["vote", "cast", "--round", "2", "--candidate", "1"]);
    let pushed = events.recv_timeout(Duration::from_secs(30)).expect("the round after the vote");
    assert_eq!(pushed["round"]["voters"], 1, "{pushed}");
    assert_eq!(pushed["tallies"][1]["votes"], 1, "{pushed}");
    assert_eq!(pushed["leader"], 1, "{pushed}");
    // The response cache moved on with the commit that carried the vote.
    assert_eq!(ix.ok("/v1/rounds/43114/2"), pushed);
    assert_eq!(ix.get("/v1/rounds/43114/77/live").0, 404);
}

/// Which process writes chain 43114 now (`/v1/chains`' `writer`, host/pid).
fn writer_pid(ix: &Indexer) -> Option<u32> {
    let chains = ix.ok("/v1/chains");
    let chain = chains["items"].as_array()?.iter().find(|c| c["chain_id"] == json!(43114))?.clone();
    chain["writer"].as_str()?.rsplit('/').next()?.parse().ok()
}

#[test]
fn indexers_sharing_a_database_write_each_chain_once_and_take_over_from_a_killed_one_within_5_s() {
    let dir = scratch("ix-lease");
    let (pg, db) = postgres("lease");
    let (n, flood) = flooded(&dir, 30, 1_000);
    let mut live = vec![Indexer::start(&db, &n.deployments(), &dir, KILL_FLAGS)];
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while writer_pid(&live[0]) != Some(live[0].pid()) {
        assert!(std::time::Instant::now() < deadline, "the first indexer never took the chain");
        std::thread::sleep(Duration::from_millis(50));
    }
    live.push(Indexer::start(&db, &n.deployments(), &dir, KILL_FLAGS));
    let mut rng = Lcg(0x1ea5e);
    for round in 0..4 {
        // Kill whichever process writes the chain, mid-backfill or live, and time the takeover.
        std::thread::sleep(Duration::from_millis(200 + rng.below(800)));
        let holder = live.iter().position(|ix| writer_pid(ix) == Some(ix.pid())).expect("someone holds the chain");
        live.swap_remove(holder).kill();
        let killed = std::time::Instant::now();
        loop {
            if writer_pid(&live[0]) == Some(live[0].pid()) {
                break;
            }
            assert!(killed.elapsed() < Duration::from_secs(5), "no takeover within 5 s (round {round})");
            std::thread::sleep(Duration::from_millis(20));
        }
        flood.emit(&n.node.url, 2, 300_000 + round * 100, 50).expect("flood");
        live.push(Indexer::start(&db, &n.deployments(), &dir, KILL_FLAGS));
    }
    live[0].wait_synced(&[&n.node]);
    live[1].wait_synced(&[&n.node]);
    drop(live);
    assert_eq!(digest(&db), clean_digest(&pg, &dir, &[&n.node], "clean"), "two indexers' index == clean index");
}

#[test]
fn an_api_only_process_serves_what_the_indexing_one_wrote() {
    let dir = scratch("ix-api-only");
    let (_pg, db) = postgres("api-only");
    let n = net(&dir, "avalanche", 43114);
    let v1 = scenario(&n);
    let writer = Indexer::spawn(&db, &n.deployments(), &dir, &["--no-api"]);
    let reader = Indexer::start(&db, &n.deployments(), &dir, &["--no-sync", "--api-database-url", &db]);
    reader.wait_synced(&[&n.node]);
    assert_eq!(reader.ok(&format!("/v1/videos/43114/{v1}"))["video"]["playback_id"], "play-one");
    drop(writer);
}

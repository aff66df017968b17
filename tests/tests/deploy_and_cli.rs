//! The deployer and the CLI against real anvil chains.

use serde_json::Value;
use tfx_core::Deployment;
use tfx_e2e::*;

#[test]
fn deploys_idempotently_and_records_addresses() {
    let anvil = anvil(43114);
    let dir = scratch("idempotent");
    let cfg = network_file(&dir, "avalanche", 43114, &anvil.url);
    let out = dir.join("deployments");

    let first = deploy(&cfg, &out, Some(DEPLOYER_KEY));
    assert!(first.status.success(), "{:?}", text(&first));
    let record = Deployment::load(&out, "avalanche").expect("load").expect("written");
    assert_eq!(record.chain_id, 43114);
    for name in tfx_core::CONTRACTS {
        let c = record.contract(name).expect("recorded");
        assert!(c.address.starts_with("0x") && c.block > 0, "{name}: {c:?}");
    }

    let second = deploy(&cfg, &out, Some(DEPLOYER_KEY));
    assert!(second.status.success(), "{:?}", text(&second));
    let again = Deployment::load(&out, "avalanche").expect("load").expect("written");
    assert_eq!(again, record, "a re-run deploys nothing new");
}

#[test]
fn deployer_fails_clearly() {
    let anvil = anvil(1);
    let dir = scratch("failures");
    let out = dir.join("deployments");

    let wrong = network_file(&dir, "avalanche", 43114, &anvil.url);
    let o = deploy(&wrong, &out, Some(DEPLOYER_KEY));
    assert!(!o.status.success());
    assert!(text(&o).1.contains("serves chain id 1, expected 43114"), "{:?}", text(&o));

    let ok = network_file(&dir, "ethereum", 1, &anvil.url);
    let o = deploy(&ok, &out, None);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("TFX_PRIVATE_KEY"), "{:?}", text(&o));

    let elsewhere = dir.join("unreachable");
    std::fs::create_dir_all(&elsewhere).expect("dir");
    let unreachable = network_file(&elsewhere, "ethereum", 1, "http://127.0.0.1:9");
    let o = deploy(&unreachable, &out, Some(DEPLOYER_KEY));
    assert!(!o.status.success());
    assert!(text(&o).1.contains("unreachable"), "{:?}", text(&o));

    let broke = "0x0000000000000000000000000000000000000000000000000000000000000001";
    let o = deploy(&ok, &out, Some(broke));
    assert!(!o.status.success());
    assert!(text(&o).1.contains("no funds"), "{:?}", text(&o));
}

/// The ink! suite needs pallet-revive (Polkadot Hub): an EVM chain, whose address 0x..0901 holds
/// nothing, is refused before anything is sent.
#[test]
fn the_ink_suite_refuses_a_chain_without_the_storage_precompile() {
    let anvil = anvil(420420419);
    let dir = scratch("ink-on-evm");
    let cfg = suite_network_file(&dir, "polkadot-hub", 420420419, &anvil.url, "ink");
    let out = dir.join("deployments");
    let o = deploy(&cfg, &out, Some(DEPLOYER_KEY));
    assert!(!o.status.success());
    assert!(text(&o).1.contains("Storage precompile"), "{:?}", text(&o));
    assert!(Deployment::load(&out, "polkadot-hub").expect("load").is_none(), "nothing recorded");
}

#[test]
fn cli_mints_votes_and_reports_reverts_in_one_line() {
    let anvil = anvil(43114);
    let dir = scratch("cli");
    let cfg = network_file(&dir, "avalanche", 43114, &anvil.url);
    let out = dir.join("deployments");
    assert!(deploy(&cfg, &out, Some(DEPLOYER_KEY)).status.success());

    let hash = format!("0x{:064x}", 0xABCDu64);
    let mint = ["--json", "video", "mint", "--content", &hash, "--playback-id", "abc123"];
    let o = flix(&anvil, "avalanche", &out, CREATOR_KEY, &mint);
    assert!(o.status.success(), "{:?}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["video"], hash.as_str());

    let o = flix(&anvil, "avalanche", &out, CREATOR_KEY, &mint);
    assert!(!o.status.success());
    let (_, err) = text(&o);
    assert!(err.contains("VideoNftAlreadyMinted") && err.lines().count() == 1, "{err}");

    let o = flix(&anvil, "avalanche", &out, CREATOR_KEY, &["--json", "video", "show", "--video", &hash]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["playback_id"], "abc123");
    assert_eq!(v["owner"], v["creator"]);

    // Split into shares and taken back whole.
    let show = ["--json", "video", "show", "--video", &hash];
    let o =
        flix(&anvil, "avalanche", &out, CREATOR_KEY, &["video", "fractionalize", "--video", &hash, "--supply", "10"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let split: Value =
        serde_json::from_slice(&flix(&anvil, "avalanche", &out, CREATOR_KEY, &show).stdout).expect("json");
    assert!(split["share_supply"] == "10" && split["owner"] != split["creator"], "{split}");
    let o = flix(&anvil, "avalanche", &out, CREATOR_KEY, &["video", "redeem", "--video", &hash]);
    assert!(o.status.success(), "{:?}", text(&o));
    let whole: Value =
        serde_json::from_slice(&flix(&anvil, "avalanche", &out, CREATOR_KEY, &show).stdout).expect("json");
    assert!(whole["share_supply"] == "0" && whole["owner"] == whole["creator"], "{whole}");

    let o = flix(&anvil, "avalanche", &out, CREATOR_KEY, &["video", "show", "--video", "0x12"]);
    assert!(!o.status.success());
    assert!(!text(&o).1.contains("panicked"), "{:?}", text(&o));

    let o = flix(
        &anvil,
        "avalanche",
        &out,
        DEPLOYER_KEY,
        &["--json", "round", "create", "--candidates", &format!("{hash},0x{:064x}", 7), "--duration", "600"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    // The round starts at the wall clock's second, which anvil's block time may not have reached
    // yet: a vote simulated in that second would be refused as VoteTallyNotStarted.
    tfx_e2e::indexer::advance(&anvil, 1);
    let o =
        flix(&anvil, "avalanche", &out, CREATOR_KEY, &["--json", "vote", "sign", "--round", "1", "--candidate", "1"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let named = ["vote", "sign", "--round", "1", "--candidate", "1", "--relayer", "x"];
    let (_, err) = text(&flix(&anvil, "avalanche", &out, CREATOR_KEY, &named));
    assert!(err.contains("--relayer applies to Solana"), "{err}");
    let file = dir.join("vote.json");
    std::fs::write(&file, &o.stdout).expect("write vote");
    let relay = ["--json", "vote", "relay", file.to_str().expect("path")];
    let o = flix(&anvil, "avalanche", &out, DEPLOYER_KEY, &relay);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["relayed"], 1, "{v}");

    let o = flix(&anvil, "avalanche", &out, DEPLOYER_KEY, &relay);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["relayed"], 0, "replayed signature is rejected: {v}");
    assert!(v["rejected"][0]["error"].as_str().unwrap_or_default().contains("VoteTallyAlreadyVoted"), "{v}");

    let o = flix(&anvil, "avalanche", &out, DEPLOYER_KEY, &["--json", "round", "show", "--round", "1"]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["tallies"][1], "1");
}

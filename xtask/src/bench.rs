//! `cargo xtask bench gas`: the whole-transaction gas (receipt `gasUsed`, 21,000 intrinsic and
//! calldata included) of every user action, measured on a fresh anvil chain through `flix`, in the
//! steady state a busy deployment sees (the creator's second mint, a candidate that already has
//! votes, a voter's second signed vote), and the transfer path with 0, 2 and 16 streaming campaigns
//! (every NFT and share transfer settles the video's streams first).

use crate::devnet::{self, CHAINS};
use anyhow::{Context, Result};
use serde_json::{Map, Value};
use std::path::Path;

const TARGETS: &[(&str, u64)] = &[
    ("video_mint", 90_000),
    ("vote_cast", 55_000),
    ("vote_by_sig", 70_000),
    ("stream_open", 90_000),
    ("revenue_claim", 45_000),
];

fn gas(out: &str) -> Result<u64> {
    gas_at(out, &["/gas_used", "/transactions/0/gas_used"])
}

/// The first of `pointers` that holds a gas figure in `flix --json` output.
fn gas_at(out: &str, pointers: &[&str]) -> Result<u64> {
    let v: Value = serde_json::from_str(out).with_context(|| format!("flix --json output: {out}"))?;
    pointers.iter().find_map(|p| v.pointer(p).and_then(Value::as_u64)).with_context(|| format!("no gas_used in {out}"))
}

pub(crate) fn gas_bench(root: &Path) -> Result<()> {
    let chain = &CHAINS[0];
    let _anvils = devnet::start(root, std::slice::from_ref(chain))?;
    devnet::deploy(root, chain)?;
    let f = |who: usize, args: &[&str]| -> Result<u64> {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        gas(&devnet::flix_quiet(root, chain, who, &a)?)
    };
    let (creator, holder, advertiser, miner, v1, v2, organizer) = (1, 2, 3, 4, 5, 6, 0);
    let h = |n: u64| format!("0x{n:064x}");
    let mut m = Map::new();
    let mut put = |k: &str, g: u64| {
        m.insert(k.to_string(), Value::from(g));
    };

    let raw = |who: usize, args: &[&str]| -> Result<String> {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        devnet::flix_quiet(root, chain, who, &a)
    };
    f(creator, &["video", "mint", "--content", &h(1), "--playback-id", "f5eese9wwl88k4g8"])?;
    let minted = raw(creator, &["video", "mint", "--content", &h(2), "--playback-id", "f5eese9wwl88k4g9"])?;
    put("video_commit", gas_at(&minted, &["/commit_tx/gas_used"])?);
    put("video_mint", gas(&minted)?);
    put("video_fractionalize", f(creator, &["video", "fractionalize", "--video", &h(1), "--supply", "1000"])?);
    let share_transfer =
        || f(creator, &["video", "transfer-shares", "--video", &h(1), "--to", devnet::ADDRS[holder], "--amount", "1"]);
    share_transfer()?;
    put("share_transfer_0_streams", share_transfer()?);

    let candidates = format!("{},{}", h(1), h(2));
    let round = || f(organizer, &["round", "create", "--candidates", &candidates, "--duration", "600"]);
    round()?;
    f(holder, &["vote", "cast", "--round", "1", "--candidate", "0"])?;
    put("vote_cast", f(advertiser, &["vote", "cast", "--round", "1", "--candidate", "0"])?);
    let relay = |who: usize, r: &str| -> Result<u64> {
        let signed =
            devnet::flix_quiet(root, chain, who, &["--json", "vote", "sign", "--round", r, "--candidate", "0"])?;
        let file = root.join(format!(".devnet/bench-vote-{who}-{r}.json"));
        std::fs::write(&file, signed)?;
        f(7, &["vote", "relay", &file.display().to_string()])
    };
    relay(8, "1")?;
    round()?;
    f(holder, &["vote", "cast", "--round", "2", "--candidate", "0"])?;
    put("vote_by_sig", relay(8, "2")?);
    devnet::advance(chain, 601)?;
    put("round_finalize", f(organizer, &["round", "finalize", "--round", "1"])?);

    f(advertiser, &["faucet", "--amount", "1000000000"])?;
    f(advertiser, &["ad", "open", "--video", &h(1), "--rate", "1000", "--deposit", "1000000"])?;
    put("stream_open", f(advertiser, &["ad", "open", "--video", &h(1), "--rate", "1000", "--deposit", "1000000"])?);
    devnet::advance(chain, 10)?;
    put("share_transfer_2_streams", share_transfer()?);
    devnet::advance(chain, 50)?;
    put("stream_settle", f(holder, &["ad", "settle", "--campaign", "2"])?);
    f(creator, &["revenue", "claim", "--video", &h(1)])?;
    devnet::advance(chain, 60)?;
    f(holder, &["ad", "settle", "--campaign", "2"])?;
    put("revenue_claim", f(creator, &["revenue", "claim", "--video", &h(1)])?);
    for _ in 2..16 {
        f(advertiser, &["ad", "open", "--video", &h(1), "--rate", "1000", "--deposit", "1000000"])?;
    }
    devnet::advance(chain, 10)?;
    put("share_transfer_16_streams", share_transfer()?);
    f(advertiser, &["ad", "open", "--video", &h(2), "--rate", "1000", "--deposit", "1000000"])?;
    devnet::advance(chain, 10)?;
    put(
        "video_transfer_1_stream",
        f(creator, &["video", "transfer", "--video", &h(2), "--to", devnet::ADDRS[holder]])?,
    );

    f(miner, &["faucet", "--amount", "1000000000"])?;
    f(miner, &["collateral", "deposit", "--amount", "1000"])?;
    put("collateral_deposit", f(miner, &["collateral", "deposit", "--amount", "1000"])?);
    let ev = h(0xE71D);
    let propose = |reason: &str| {
        let args = ["collateral", "propose-slash", "--miner", devnet::ADDRS[miner], "--amount", "10"];
        f(v1, &[&args[..], &["--reason", reason, "--evidence", &ev]].concat())
    };
    propose("bot-engagement")?;
    put("slash_propose", propose("non-ai-content")?);
    put("slash_approve", f(v2, &["collateral", "approve", "--slash", "2"])?);

    println!("{:<22} {:>10} {:>10}", "action", "gasUsed", "target");
    for (k, v) in &m {
        let target = TARGETS.iter().find(|(t, _)| t == k).map_or(String::from("-"), |(_, t)| t.to_string());
        println!("{k:<22} {:>10} {target:>10}", v.as_u64().unwrap_or_default());
    }
    let out = root.join("bench/results/gas.json");
    std::fs::create_dir_all(out.parent().context("results dir")?)?;
    std::fs::write(&out, serde_json::to_string_pretty(&Value::Object(m))? + "\n")?;
    println!("wrote {}", out.display());
    Ok(())
}

//! Solana end to end: `solana-devnet` (the Anchor programs in Agave's SVM behind Solana's JSON-RPC),
//! the deployer's Solana plan from the committed devnet network file, transactions built from the
//! committed IDLs by `tfx-solana` (a vote relayed for a voter without SOL among them), and the
//! indexer's Solana source filling the same tables and API as the EVM chains, keyed by slot and
//! signature, across skipped slots.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tfx_core::Deployment;
use tfx_e2e::indexer::{Indexer, postgres};
use tfx_e2e::{SolanaDevnet, bin, deploy, free_port, root, scratch, text};
use tfx_localnet::propose_slash;
use tfx_solana::idl::hex;
use tfx_solana::shares::Shares;
use tfx_solana::{AccountMeta, Error, Idl, Instruction, Keypair, Message, Pubkey, RpcClient, Transaction, spl};

const CHAIN: &str = "solana-local";
const DOMAIN: u64 = 1_399_811_150;

fn solana_devnet() -> SolanaDevnet {
    let binary = std::env::var_os("TFX_SOLANA_DEVNET")
        .expect("TFX_SOLANA_DEVNET names the solana-devnet binary (run the tests with `cargo xtask test`)");
    SolanaDevnet::start(Path::new(&binary), free_port(), None).expect("solana-devnet")
}

/// The scenario's transactions: a round voted on by three accounts and finalized, a video minted.
async fn scenario(devnet: &SolanaDevnet, admin: &Keypair, creator: &Keypair, ad_token: &Pubkey) -> [Keypair; 3] {
    let rpc = RpcClient::new(&devnet.url);
    let (votes, videos) = (Idl::vote_tally(), Idl::video_nft());
    let me = admin.pubkey();

    let round = votes.pda(&[b"round", &1u64.to_le_bytes()]);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs();
    let args = json!({
        "candidates": [hex(&[0xAA; 32]), hex(&[0xBB; 32])],
        "start": 0,
        "end": now + 3_600,
        "mode": "OneAccountOneVote",
    });
    let create = votes.instruction("create_round", &args, &[("organizer_signer", me), ("payer", me), ("round", round)]);
    rpc.send(&[create.expect("create_round")], &[admin], &[&votes]).await.expect("round created");

    // Leaders miss slots on a real cluster: the indexer must chain the blocks across them.
    devnet.skip_slots(3).expect("skip slots");
    let voters = [Keypair::generate(), Keypair::generate(), Keypair::generate()];
    for (voter, candidate) in voters[..2].iter().zip([1, 1]) {
        rpc.airdrop(&voter.pubkey(), 1_000_000_000).await.expect("airdrop");
        let v = voter.pubkey();
        let ix =
            votes.instruction("vote", &json!({ "round_id": 1, "candidate": candidate }), &[("voter", v), ("payer", v)]);
        rpc.send(&[ix.expect("vote")], &[voter], &[&votes]).await.expect("vote");
    }
    // The third voter holds no SOL: it signs its vote, the admin pays as a relayer would.
    let third = voters[2].pubkey();
    let relayed =
        votes.instruction("vote", &json!({ "round_id": 1, "candidate": 0 }), &[("voter", third), ("payer", me)]);
    rpc.send(&[relayed.expect("vote")], &[admin, &voters[2]], &[&votes]).await.expect("relayed vote");
    assert_eq!(rpc.balance(&third).await.expect("balance"), 0, "the relayer paid");

    let v = voters[0].pubkey();
    let again = votes.instruction("vote", &json!({ "round_id": 1, "candidate": 0 }), &[("voter", v), ("payer", v)]);
    match rpc.send(&[again.expect("vote")], &[&voters[0]], &[&votes]).await {
        Err(Error::Program { program, name, .. }) => {
            assert_eq!((program.as_str(), name.as_str()), ("vote_tally", "AlreadyVoted"))
        }
        other => panic!("a second vote must fail with AlreadyVoted: {other:?}"),
    }
    // In a relayer's batch the same second vote is skipped and reported, not fatal (the review's F5).
    let args = json!({ "round_id": 1, "candidate": 0, "index": 0 });
    let entry = votes.instruction("relay_vote", &args, &[("voter", v), ("payer", me)]);
    rpc.send(&[entry.expect("relay_vote")], &[admin, &voters[0]], &[&votes]).await.expect("skipped, not failed");
    devnet.advance(3_601).expect("time passes");
    let finalize = votes.instruction("finalize", &json!({ "round_id": 1 }), &[]).expect("finalize");
    rpc.send(&[finalize], &[admin], &[&votes]).await.expect("finalized");

    let c = creator.pubkey();
    rpc.airdrop(&c, 1_000_000_000).await.expect("airdrop");
    let salt = [0x22u8; 32];
    for (content, playback_id) in [([0x11u8; 32], "sol-play-1"), ([0x12u8; 32], "sol-play-2")] {
        let commitment: [u8; 32] =
            Sha256::new().chain_update(c.0).chain_update(salt).chain_update(content).finalize().into();
        let commit = videos.instruction("commit_mint", &json!({ "commitment": hex(&commitment) }), &[("committer", c)]);
        rpc.send(&[commit.expect("commit_mint")], &[creator], &[&videos]).await.expect("committed");
        devnet.advance(2).expect("time passes");
        let args = json!({ "content_hash": hex(&content), "playback_id": playback_id, "royalty_bps": 500, "salt": hex(&salt) });
        let record = videos.pda(&[b"commit", &commitment]);
        let mint = videos.instruction("mint", &args, &[("creator", c), ("commitment", record)]);
        rpc.send(&[mint.expect("mint")], &[creator], &[&videos]).await.expect("minted");
    }
    let content = [0x11u8; 32];

    // The creator splits the second video into two shares and gives the admin one.
    let shares = Shares::default();
    let split = shares.fractionalize(&c, &[0x12; 32], 2).expect("fractionalize");
    rpc.send(&split, &[creator], &[&videos, &shares.shares]).await.expect("fractionalized");
    let give = shares.transfer(&c, &[0x12; 32], &me, 1).expect("transfer");
    rpc.send(&[give], &[creator], &[&shares.shares]).await.expect("shares sent");

    // The admin (the devnet ad token's mint authority) advertises on both videos for 100 seconds
    // and keeps 1,000 to bond below.
    let ads = Idl::ad_revenue();
    let tokens = spl::associated_token_address(&me, ad_token);
    let fund = [spl::create_associated_token_account(&me, &me, ad_token), spl::mint_to(ad_token, &tokens, &me, 12_000)];
    rpc.send(&fund, &[admin], &[]).await.expect("funded");
    let args = json!({ "video_id": hex(&content), "rate_per_second": 5, "deposit": 10_000 });
    let campaign = ads.pda(&[b"campaign", &1u64.to_le_bytes()]);
    let accounts = [("advertiser", me), ("mint", *ad_token), ("advertiser_tokens", tokens), ("campaign", campaign)];
    rpc.send(&[ads.instruction("open_campaign", &args, &accounts).expect("open")], &[admin], &[&ads])
        .await
        .expect("opened");
    // And on the fractionalized video, whose holders' part goes to its two share holders.
    let args = json!({ "video_id": hex(&[0x12; 32]), "rate_per_second": 7, "deposit": 1_000 });
    let campaign = ads.pda(&[b"campaign", &2u64.to_le_bytes()]);
    let accounts = [("advertiser", me), ("mint", *ad_token), ("advertiser_tokens", tokens), ("campaign", campaign)];
    rpc.send(&[ads.instruction("open_campaign", &args, &accounts).expect("open")], &[admin], &[&ads])
        .await
        .expect("opened");
    devnet.advance(100).expect("time passes");
    for video in [content, [0x12; 32]] {
        let settle = ads.instruction("settle_video", &json!({ "video_id": hex(&video) }), &[]).expect("settle");
        rpc.send(&[settle], &[admin], &[&ads]).await.expect("settled");
    }

    // The admin bonds 1,000 of the stablecoin as a miner; two of the devnet's validators slash 100.
    let mc = Idl::miner_collateral();
    let deposit = mc.instruction(
        "deposit",
        &json!({ "amount": 1_000 }),
        &[("miner", me), ("mint", *ad_token), ("miner_tokens", tokens)],
    );
    rpc.send(&[deposit.expect("deposit")], &[admin], &[&mc]).await.expect("bonded");
    let [v1, v2, _] = validators();
    for v in [&v1, &v2] {
        rpc.airdrop(&v.pubkey(), 1_000_000_000).await.expect("airdrop");
    }
    let args = json!({ "miner": me, "amount": 100, "reason": "BotEngagement", "evidence_hash": hex(&[0xEE; 32]) });
    let slash = mc.pda(&[b"slash", &1u64.to_le_bytes()]);
    let propose = mc.instruction("propose_slash", &args, &[("proposer", v1.pubkey()), ("slash", slash)]);
    rpc.send(&[propose.expect("propose")], &[&v1], &[&mc]).await.expect("proposed");
    let bond = mc.pda(&[b"bond", &me.0]);
    let approve =
        mc.instruction("approve_slash", &json!({ "slash_id": 1 }), &[("approver", v2.pubkey()), ("bond", bond)]);
    rpc.send(&[approve.expect("approve")], &[&v2], &[&mc]).await.expect("approved");
    devnet.advance(601).expect("the dispute window passes");
    // The treasury is the deployer's token account: `tokens`, which the slash pays back into.
    let accounts = [("bond", bond), ("mint", *ad_token), ("treasury", tokens)];
    let execute = mc.instruction("execute_slash", &json!({ "slash_id": 1 }), &accounts).expect("execute");
    rpc.send(&[execute], &[admin], &[&mc]).await.expect("executed");
    voters
}

/// The devnet's well-known validators, which its network file registers.
fn validators() -> [Keypair; 3] {
    tfx_localnet::SOLANA_VALIDATOR_SEEDS.map(|seed| Keypair::from_seed(&seed))
}

/// The ad token the deployer created on the devnet.
fn record_ad_token(out: &Path) -> Pubkey {
    let record = Deployment::load(out, CHAIN).expect("record").expect("recorded");
    record.contracts["AdToken"].address.parse().expect("ad token")
}

/// The committed devnet network file pointed at `devnet`, written to `dir/networks`, with the
/// deployer's keypair at `dir/deployer.json`; returns the network file's path.
fn network(devnet: &SolanaDevnet, dir: &Path) -> PathBuf {
    let networks = dir.join("networks");
    std::fs::create_dir_all(&networks).expect("networks dir");
    let committed =
        std::fs::read_to_string(root().join("deploy/networks/devnet/solana-local.toml")).expect("network file");
    let text = committed
        .replace("http://127.0.0.1:8899", &devnet.url)
        .replace(".devnet/solana-local-deployer.json", &dir.join("deployer.json").display().to_string());
    let config = networks.join(format!("{CHAIN}.toml"));
    std::fs::write(&config, text).expect("network file");
    config
}

#[test]
fn deploy_vote_mint_and_index_a_solana_cluster() {
    let devnet = solana_devnet();
    let dir = scratch("solana");
    let config = network(&devnet, &dir);
    let (networks, out, keypair) = (dir.join("networks"), dir.join("deployments"), dir.join("deployer.json"));

    let first = deploy(&config, &out, None);
    assert!(first.status.success(), "{:?}", text(&first));
    let record = Deployment::load(&out, CHAIN).expect("record").expect("recorded");
    assert_eq!(record.chain_id, DOMAIN);
    let programs = [
        ("VideoNft", Idl::video_nft()),
        ("VideoShares", Idl::video_shares()),
        ("VoteTally", Idl::vote_tally()),
        ("AdRevenue", Idl::ad_revenue()),
        ("MinerCollateral", Idl::miner_collateral()),
        ("Mailbox", Idl::mailbox()),
    ];
    for (name, idl) in programs {
        let program = &record.contracts[name];
        assert_eq!(program.address, idl.address.to_string(), "{name}");
        assert!(program.block > 0 && !program.tx.is_empty(), "{name} recorded at its initialization: {program:?}");
    }
    assert!(record.contracts["StakeMint"].address.parse::<Pubkey>().is_ok(), "a devnet gets a stake mint");
    assert!(record.contracts["AdToken"].address.parse::<Pubkey>().is_ok(), "and an ad token");
    let slot = devnet.slot().expect("slot");
    let again = deploy(&config, &out, None);
    assert!(again.status.success(), "{:?}", text(&again));
    assert_eq!(devnet.slot().expect("slot"), slot, "a second run finds everything done and sends nothing");
    assert_eq!(Deployment::load(&out, CHAIN).expect("record"), Some(record));
    // The programs keep their deployer as admin: another `roles.admin` is refused, not ignored.
    let other = Keypair::generate().pubkey();
    let handed = std::fs::read_to_string(&config)
        .expect("network file")
        .replace("[roles]\n", &format!("[roles]\nadmin = \"{other}\"\n"));
    let handed_config = dir.join("handed.toml");
    std::fs::write(&handed_config, handed).expect("network file");
    let refused = deploy(&handed_config, &out, None);
    assert!(
        !refused.status.success() && text(&refused).1.contains("keep their deployer as admin"),
        "{:?}",
        text(&refused)
    );

    let admin = Keypair::read(&keypair).expect("the deployer keypair");
    let creator = Keypair::generate();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    let ad_token: Pubkey = record_ad_token(&out);
    let voters = runtime.block_on(scenario(&devnet, &admin, &creator, &ad_token));

    let (pg, db) = postgres("solana");
    let ix = Indexer::start(&db, &out, &networks, &[]);
    let head = devnet.slot().expect("slot");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let chains = ix.ok("/v1/chains");
        let chain = chains["items"].as_array().into_iter().flatten().find(|c| c["chain_id"] == json!(DOMAIN));
        if chain.is_some_and(|c| c["indexed_block"] == json!(head) && c["status"] == "live") {
            break;
        }
        assert!(Instant::now() < deadline, "the Solana chain was not indexed to slot {head}: {chains}");
        std::thread::sleep(Duration::from_millis(50));
    }

    // The chain's amounts are in the devnet stablecoin, an SPL mint of 6 decimals.
    let listed = ix.ok("/v1/chains");
    let chain = listed["items"].as_array().into_iter().flatten().find(|c| c["chain_id"] == json!(DOMAIN)).cloned();
    let chain = chain.unwrap_or_default();
    let mint = hex(&ad_token.0);
    assert_eq!((&chain["ad_token"], &chain["collateral_asset"]), (&json!(mint), &json!(mint)), "{chain}");
    assert_eq!((&chain["ad_decimals"], &chain["collateral_decimals"]), (&json!(6), &json!(6)), "{chain}");
    let round = ix.ok(&format!("/v1/rounds/{DOMAIN}/1"));
    let tallies: Vec<Value> =
        round["tallies"].as_array().expect("tallies").iter().map(|t| t["tally"].clone()).collect();
    assert_eq!(tallies, vec![json!("1"), json!("2")], "{round}");
    assert_eq!(round["round"]["voters"], 3, "{round}");
    assert_eq!(round["round"]["winner"], 1, "{round}");
    assert_eq!(round["round"]["organizer"], json!(hex(&admin.pubkey().0)), "{round}");

    let video = ix.ok(&format!("/v1/videos/{DOMAIN}/{}", hex(&[0x11; 32])));
    assert_eq!(video["video"]["creator"], json!(hex(&creator.pubkey().0)), "{video}");
    assert_eq!(video["video"]["owner"], json!(hex(&creator.pubkey().0)), "ownership starts at the mint: {video}");
    assert_eq!(video["video"]["playback_id"], "sol-play-1");
    // At least 100 seconds at 5 per second (the clock is the wall clock; more if seconds passed).
    let valuation: u64 = video["video"]["cumulative_revenue"].as_str().and_then(|v| v.parse().ok()).expect("valuation");
    assert!(valuation >= 500 && valuation.is_multiple_of(5), "{video}");
    let campaigns = ix.ok(&format!("/v1/campaigns?chain_id={DOMAIN}"));
    assert_eq!(campaigns["items"].as_array().map(Vec::len), Some(2), "{campaigns}");
    // A wallet asks for its revenue by its key in hex: creator and owner, it may claim it all.
    let revenue_of = |account: &Pubkey, video: &Value| {
        let revenue = ix.ok(&format!("/v1/accounts/{DOMAIN}/{}/revenue", hex(&account.0)));
        let rows = revenue["videos"].as_array().cloned().unwrap_or_default();
        rows.into_iter().find(|r| r["video_id"] == video["video"]["video_id"]).unwrap_or_else(|| panic!("{revenue}"))
    };
    assert_eq!(revenue_of(&creator.pubkey(), &video)["claimable"], video["video"]["cumulative_revenue"]);

    let col = ix.ok(&format!("/v1/collateral/{DOMAIN}/{}", hex(&admin.pubkey().0)));
    assert_eq!((col["position"]["deposited"].as_str(), col["position"]["held"].as_str()), (Some("1000"), Some("900")));
    assert_eq!(col["slashes"][0]["status"], "executed", "{col}");
    assert_eq!(col["slashes"][0]["approvals"], 2, "{col}");
    assert_eq!(col["slashes"][0]["reason"], 3, "{col}");
    let registered = ix.ok(&format!("/v1/validators?chain_id={DOMAIN}"));
    let mut listed: Vec<String> = registered["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["validator"].as_str().map(str::to_string))
        .collect();
    let mut expected: Vec<String> = validators().iter().map(|v| hex(&v.pubkey().0)).collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected, "the network file's validators, registered by the deployer");

    let split = ix.ok(&format!("/v1/videos/{DOMAIN}/{}", hex(&[0x12; 32])));
    assert_eq!(split["video"]["share_supply"], "2", "{split}");
    assert_eq!(split["video"]["owner"], json!(hex(&Shares::default().custody().0)), "in custody: {split}");
    // The API's share revenue is the program's to the unit (both count in 2^-128 per share).
    for account in [admin.pubkey(), creator.pubkey()] {
        let show = ["revenue", "show", "--video", &hex(&[0x12; 32]), "--account", &account.to_string()];
        let on_chain = flix(&devnet, &out, &keypair, &show).expect("revenue show");
        assert_eq!(revenue_of(&account, &split)["claimable"], on_chain["claimable"], "{account}: {on_chain}");
    }
    let moves = pg
        .psql("tensorflix", "SELECT string_agg(amount::text, ',' ORDER BY block_number) FROM share_transfer")
        .expect("psql");
    assert_eq!(moves.trim(), "2,1", "created, then one sent");

    // Rows are keyed by slot and named by the transaction's 64-byte signature.
    let rows = pg
        .psql("tensorflix", "SELECT count(*), min(length(tx_hash)), count(DISTINCT block_number) FROM vote_cast")
        .expect("psql");
    assert_eq!(rows.trim(), "3|64|3", "one vote per slot, each named by its signature");
    let skipped = pg
        .psql(
            "tensorflix",
            "SELECT count(*), min(entry_index), min(convert_from(reason, 'UTF8')) FROM signed_vote_rejected",
        )
        .expect("psql");
    assert_eq!(skipped.trim(), "1|0|AlreadyVoted", "the skipped batch entry, indexed");
    let voters_hex: Vec<String> = voters.iter().map(|v| hex(&v.pubkey().0)).collect();
    let indexed = pg
        .psql("tensorflix", "SELECT '0x' || encode(voter, 'hex') FROM vote_cast ORDER BY block_number")
        .expect("psql");
    assert_eq!(indexed.lines().map(str::to_string).collect::<Vec<_>>(), voters_hex);
}

/// Runs `flix` on the Solana devnet with `keypair`; its JSON report, or its error text.
fn flix(devnet: &SolanaDevnet, deployments: &Path, keypair: &Path, args: &[&str]) -> Result<Value, String> {
    let out = Command::new(bin("flix"))
        .args(args)
        .arg("--json")
        .env("TFX_CHAIN", CHAIN)
        .env("TFX_RPC_URL", &devnet.url)
        .env("TFX_DEPLOYMENTS", deployments)
        .env("TFX_SOLANA_KEYPAIR", keypair)
        .output()
        .expect("run flix");
    match out.status.success() {
        true => Ok(serde_json::from_slice(&out.stdout).expect("flix --json prints JSON")),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

#[test]
fn flix_mints_votes_and_shows_on_a_solana_cluster() {
    let devnet = solana_devnet();
    let dir = scratch("solana-flix");
    let config = network(&devnet, &dir);
    let (out, admin) = (dir.join("deployments"), dir.join("deployer.json"));
    assert!(deploy(&config, &out, None).status.success());
    let flix = |key: &Path, args: &[&str]| flix(&devnet, &out, key, args);

    let video = hex(&[0x42; 32]);
    let minted =
        flix(&admin, &["video", "mint", "--content", &video, "--playback-id", "sol-flix", "--royalty-bps", "250"])
            .expect("mint");
    assert!(minted["commit_tx"]["slot"].is_u64(), "committed first: {minted}");
    let shown = flix(&admin, &["video", "show", "--video", &video]).expect("show");
    let me = Keypair::read(&admin).expect("keypair").pubkey().to_string();
    assert_eq!((shown["creator"].as_str(), shown["owner"].as_str()), (Some(me.as_str()), Some(me.as_str())));
    assert_eq!(shown["royalty_bps"], 250);
    let again =
        flix(&admin, &["video", "mint", "--content", &video, "--playback-id", "sol-flix"]).expect_err("minted twice");
    assert!(again.contains("AlreadyMinted"), "{again}");

    let candidates = format!("{video},{}", hex(&[0x43; 32]));
    let round = flix(&admin, &["round", "create", "--candidates", &candidates, "--duration", "600"]).expect("round");
    let id = round["round"].as_u64().expect("round id").to_string();
    flix(&admin, &["vote", "cast", "--round", &id, "--candidate", "1"]).expect("vote");
    let twice = flix(&admin, &["vote", "cast", "--round", &id, "--candidate", "0"]).expect_err("voted twice");
    assert!(twice.contains("AlreadyVoted"), "the program's error by name: {twice}");
    let early = flix(&admin, &["round", "finalize", "--round", &id]).expect_err("before the end");
    assert!(early.contains("NotEnded"), "{early}");

    // A voter without SOL signs its vote offline for the admin, who relays it and pays.
    let (offline, vote_file) = (dir.join("offline.json"), dir.join("vote.json"));
    Keypair::generate().write(&offline).expect("keypair file");
    let relayer = Keypair::read(&admin).expect("the admin's keypair").pubkey();
    let sign = ["vote", "sign", "--round", &id, "--candidate", "1", "--relayer", &relayer.to_string()];
    let signed = flix(&offline, &sign).expect("signed offline");
    std::fs::write(&vote_file, signed.to_string()).expect("vote file");
    let relay = ["vote", "relay", vote_file.to_str().expect("utf-8")];
    let error = |report: &Value| report["rejected"][0]["error"].as_str().unwrap_or_default().to_string();
    let wrong = flix(&offline, &relay).expect("a report");
    assert!(wrong["relayed"] == 0 && error(&wrong).contains("fee payer"), "only the named relayer pays: {wrong}");
    let relayed = flix(&admin, &relay).expect("relayed");
    assert_eq!(relayed["relayed"], 1, "{relayed}");
    let again = flix(&admin, &relay).expect("a report");
    assert_eq!((again["relayed"].clone(), again["rejected"].as_array().map(Vec::len)), (json!(0), Some(1)), "{again}");
    // A "vote" that would move the relayer's own SOL is refused before the relayer signs it.
    let drain = Instruction {
        program_id: Pubkey::SYSTEM_PROGRAM,
        accounts: vec![
            AccountMeta { pubkey: relayer, is_signer: true, is_writable: true },
            AccountMeta { pubkey: Keypair::generate().pubkey(), is_signer: false, is_writable: true },
        ],
        data: [2u32.to_le_bytes().as_slice(), &1_000_000u64.to_le_bytes()].concat(),
    };
    let message = Message::new(&[drain], &relayer, [0; 32]).expect("message");
    let forged =
        json!({ "voter": "thief", "transaction": Transaction::sign_partial(&message, &[]).expect("tx").to_base64() });
    std::fs::write(&vote_file, forged.to_string()).expect("vote file");
    let refused = flix(&admin, &relay).expect("a report");
    assert!(error(&refused).contains("no vote"), "{refused}");
    let late = flix(&offline, &["vote", "cancel", "--nonce", "1"]).expect_err("nothing to cancel on Solana");
    assert!(late.contains("lapses"), "{late}");
    devnet.advance(601).expect("time passes");
    let done = flix(&admin, &["round", "finalize", "--round", &id]).expect("finalize");
    assert_eq!(done["winner"], 1);
    let shown = flix(&admin, &["round", "show", "--round", &id]).expect("show");
    assert_eq!(shown["tallies"], json!(["0", "2"]), "the direct vote and the relayed one");
    assert_eq!(shown["candidates"][0], json!(video));

    let nobody =
        flix(&dir.join("missing.json"), &["vote", "cast", "--round", &id, "--candidate", "0"]).expect_err("no key");
    assert!(nobody.contains("missing.json"), "{nobody}");
    let unbuilt = flix(&admin, &["message", "valuation", "--video", &video, "--to", "1"]).expect_err("no router yet");
    assert!(unbuilt.contains("Anchor suite"), "{unbuilt}");
    let unknown = flix(&admin, &["ad", "settle", "--campaign", "9"]).expect_err("no such campaign");
    assert!(unknown.contains("no campaign 9"), "{unknown}");

    // An advertiser streams to the video; it is sold mid-stream; both owners claim what streamed
    // while they held it.
    let (advertiser, buyer) = (dir.join("advertiser.json"), dir.join("buyer.json"));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio");
    // A keypair file at `path` whose account holds SOL for fees.
    let funded = |path: &Path, key: &Keypair| {
        key.write(path).expect("keypair file");
        runtime.block_on(RpcClient::new(&devnet.url).airdrop(&key.pubkey(), 1_000_000_000)).expect("airdrop");
        key.pubkey().to_string()
    };
    let [advertiser_key, buyer_key] = [&advertiser, &buyer].map(|path| funded(path, &Keypair::generate()));
    let faucet = ["faucet", "--amount", "1000000", "--to", &advertiser_key];
    let refused = flix(&buyer, &faucet).expect_err("only the mint authority mints");
    assert!(refused.contains("mint authority"), "{refused}");
    flix(&admin, &faucet).expect("the deployer mints the devnet stablecoin");
    let opened =
        flix(&advertiser, &["ad", "open", "--video", &video, "--rate", "10", "--deposit", "1000"]).expect("open");
    let campaign = opened["campaign"].as_u64().expect("campaign id").to_string();
    devnet.advance(40).expect("time passes");
    flix(&admin, &["video", "transfer", "--video", &video, "--to", &buyer_key]).expect("sold mid-stream");
    devnet.advance(30).expect("time passes");
    flix(&advertiser, &["ad", "settle", "--campaign", &campaign]).expect("settle");
    let seller = flix(&admin, &["revenue", "show", "--video", &video]).expect("show");
    let bought = flix(&admin, &["revenue", "show", "--video", &video, "--account", &buyer_key]).expect("show");
    // 10% to the creator (the seller here) throughout; 90% to whoever owned the video meanwhile:
    // 40 and 30 seconds at 10 per second, more if wall-clock seconds passed between the commands.
    let amount = |v: &Value, key: &str| v[key].as_str().and_then(|a| a.parse::<u64>().ok()).expect("an amount");
    let (sold, kept, valuation) =
        (amount(&seller, "claimable"), amount(&bought, "claimable"), amount(&seller, "valuation"));
    assert_eq!(sold + kept, valuation, "{seller} {bought}");
    assert!(valuation >= 700 && kept >= 270 && kept.is_multiple_of(9), "{seller} {bought}");
    assert!(sold >= 430 && sold >= valuation / 10 + 360, "the seller keeps its cut and what streamed before the sale");
    // Paused, nothing streams any more: the claims below are exact.
    flix(&advertiser, &["ad", "pause", "--campaign", &campaign]).expect("pause");
    let claimed = flix(&buyer, &["revenue", "claim", "--video", &video]).expect("claim");
    // The devnet's clock is the wall clock: 9 more for each second that passed before the pause.
    let paid: u64 = claimed["balance"].as_str().and_then(|b| b.parse().ok()).expect("balance");
    assert!(paid >= 270 && (paid - 270).is_multiple_of(9), "{claimed}");
    let nothing = flix(&buyer, &["revenue", "claim", "--video", &video]).expect_err("claimed already");
    assert!(nothing.contains("NothingToClaim"), "{nothing}");
    let cancelled = flix(&advertiser, &["ad", "cancel", "--campaign", &campaign]).expect("cancel");
    assert!(cancelled["tx"].is_string(), "{cancelled}");
    let again = flix(&advertiser, &["ad", "cancel", "--campaign", &campaign]).expect_err("cancelled already");
    assert!(again.contains("CampaignCancelled"), "{again}");

    // The buyer splits the video into 3 shares and sends 1 to the advertiser: what streams after
    // that goes a third and two thirds to them (after the creator's cut). Gathering the shares
    // back, the buyer redeems the video.
    let split = flix(&buyer, &["video", "fractionalize", "--video", &video, "--supply", "3"]).expect("fractionalize");
    assert!(split["tx"].is_string(), "{split}");
    let shown = flix(&buyer, &["video", "show", "--video", &video]).expect("show");
    assert_eq!(shown["share_supply"], "3");
    assert_ne!(shown["owner"], json!(buyer_key), "VideoShares holds it: {shown}");
    let direct = flix(&buyer, &["video", "transfer", "--video", &video, "--to", &advertiser_key]).expect_err("locked");
    assert!(direct.contains("InsufficientApproval"), "{direct}");
    let send = ["video", "transfer-shares", "--video", &video, "--to", &advertiser_key, "--amount", "1"];
    flix(&buyer, &send).expect("send shares");
    let opened =
        flix(&advertiser, &["ad", "open", "--video", &video, "--rate", "10", "--deposit", "1000"]).expect("open");
    let campaign = opened["campaign"].as_u64().expect("campaign id").to_string();
    devnet.advance(30).expect("time passes");
    flix(&advertiser, &["ad", "pause", "--campaign", &campaign]).expect("pause");
    let claimable = |key: &str| {
        let shown = flix(&admin, &["revenue", "show", "--video", &video, "--account", key]).expect("show");
        amount(&shown, "claimable")
    };
    let (third, two_thirds) = (claimable(&advertiser_key), claimable(&buyer_key));
    assert!(third >= 90 && two_thirds == 2 * third, "9 a second to holders for 30 s or more: {third} {two_thirds}");
    let paid = flix(&advertiser, &["revenue", "claim", "--video", &video]).expect("claim");
    assert_eq!(paid["claimed"], third.to_string(), "{paid}");
    let over = ["video", "transfer-shares", "--video", &video, "--to", &buyer_key, "--amount", "2"];
    let short = flix(&advertiser, &over).expect_err("holds one");
    assert!(short.contains("InsufficientBalance"), "{short}");
    let partial = flix(&buyer, &["video", "redeem", "--video", &video]).expect_err("holds two of three");
    assert!(partial.contains("IncompleteSupply"), "{partial}");
    let back = ["video", "transfer-shares", "--video", &video, "--to", &buyer_key, "--amount", "1"];
    flix(&advertiser, &back).expect("send back");
    flix(&buyer, &["video", "redeem", "--video", &video]).expect("redeem");
    let shown = flix(&buyer, &["video", "show", "--video", &video]).expect("show");
    assert_eq!((shown["owner"].clone(), shown["share_supply"].clone()), (json!(buyer_key), json!("0")));
    let paid = flix(&buyer, &["revenue", "claim", "--video", &video]).expect("claim");
    assert_eq!(paid["claimed"], two_thirds.to_string(), "share revenue outlives the shares: {paid}");
    flix(&advertiser, &["ad", "cancel", "--campaign", &campaign]).expect("cancel");

    // The advertiser bonds collateral as a miner; two validators slash it after the dispute window;
    // it unbonds the rest and withdraws it after the unbonding period.
    let miner = advertiser_key;
    let deposited = flix(&advertiser, &["collateral", "deposit", "--amount", "5000"]).expect("deposit");
    assert_eq!(deposited["deposited"], "5000");
    let keys: Vec<PathBuf> = validators()
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let path = dir.join(format!("validator-{i}.json"));
            funded(&path, v);
            path
        })
        .collect();
    let evidence = hex(&[0xEE; 32]);
    let propose = propose_slash(&miner, "1000", &evidence);
    let proposed = flix(&keys[0], &propose).expect("propose");
    let slash = proposed["slash"].as_str().expect("slash id").to_string();
    let not_validator = flix(&advertiser, &propose).expect_err("not a validator");
    assert!(not_validator.contains("AccountNotInitialized"), "{not_validator}");
    let approved = flix(&keys[1], &["collateral", "approve", "--slash", &slash]).expect("approve");
    assert_eq!(approved["approvals"], 2, "{approved}");
    let early = flix(&keys[2], &["collateral", "execute", "--slash", &slash]).expect_err("in the dispute window");
    assert!(early.contains("DisputeWindowOpen"), "{early}");
    devnet.advance(601).expect("the dispute window passes");
    let executed = flix(&keys[2], &["collateral", "execute", "--slash", &slash]).expect("execute");
    assert_eq!(executed["slashed"], "1000", "{executed}");
    let shown = flix(&advertiser, &["collateral", "show", "--slash", &slash]).expect("show");
    assert_eq!((shown["status"].as_str(), shown["approvals"].as_u64()), (Some("executed"), Some(2)), "{shown}");
    let bond = flix(&advertiser, &["collateral", "show"]).expect("show");
    assert_eq!(bond["bonded"], "4000", "{bond}");
    flix(&advertiser, &["collateral", "withdraw", "--amount", "4000"]).expect("unbond");
    let locked = flix(&advertiser, &["collateral", "withdraw"]).expect_err("still unbonding");
    assert!(locked.contains("NotReleased"), "{locked}");
    devnet.advance(3_601).expect("the unbonding period passes");
    flix(&advertiser, &["collateral", "withdraw"]).expect("withdraw");
    let bond = flix(&keys[0], &["collateral", "show", "--miner", &miner]).expect("show");
    assert_eq!((bond["bonded"].as_str(), bond["unbonding"].as_str()), (Some("0"), Some("0")), "{bond}");
}

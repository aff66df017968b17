//! `cargo xtask up`: two local anvil chains (Avalanche C-Chain id 43114, Ethereum id 1), a local
//! Polkadot Hub (pallet-revive behind the Ethereum RPC, id 420420420) and a local Solana cluster
//! (`solana-devnet`, route domain 1399811150), the Solidity suite deployed to the anvils, the ink!
//! suite to Polkadot Hub and the Anchor suite initialized on Solana, PostgreSQL with the indexer
//! and its API following all four, and a demo that walks every user role through the `flix` CLI on
//! each chain, printing each command as a user would type it, then shows the demo's results through
//! the API.

use crate::tools::{cmd, ensure_disk_space, ensure_npm_tools, polkadot_hub_devnet, run, target_dir};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tfx_core::Deployment;
use tfx_localnet::{
    ATTESTER_KEYS, Anvil, LocalChain, MESSAGE_RELAYER_KEY, PgCluster, PolkadotHub, SolanaDevnet, VOTE_RELAYER_KEY,
    http_get, stage_web,
};

pub(crate) use tfx_localnet::DEV_ADDRS as ADDRS;
use tfx_localnet::DEV_KEYS as KEYS;

use tfx_localnet::role::{ADMIN, ADVERTISER, CREATOR, HOLDER, MINER, RELAYER, SIGNERS, VALIDATORS};

/// A devnet chain: name, chain id, RPC port, and the node that serves it.
pub(crate) struct Chain {
    pub(crate) name: &'static str,
    pub(crate) chain_id: u64,
    pub(crate) port: u16,
    pub(crate) node: Node,
}

/// The local node behind a devnet chain.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    /// anvil, from node_modules.
    Anvil,
    /// `polkadot-hub-devnet`, from contracts/ink/sandbox.
    PolkadotHub,
}

pub(crate) const CHAINS: [Chain; 3] = [
    Chain { name: "avalanche", chain_id: 43114, port: 9650, node: Node::Anvil },
    Chain { name: "ethereum", chain_id: 1, port: 8545, node: Node::Anvil },
    Chain { name: "polkadot", chain_id: 420_420_420, port: 9944, node: Node::PolkadotHub },
];

/// Where `cargo xtask up` serves the indexer API.
const API: &str = "127.0.0.1:8080";
/// Port of the project-local PostgreSQL cluster `cargo xtask up` starts (when DATABASE_URL is unset).
const PG_PORT: u16 = 5544;

/// Where the relayer serves `/health` and `/metrics`; the attesters follow on the next ports.
const RELAYER_PORT: u16 = 8090;
/// Where the vote relay takes signed votes (gasless voting from the dApp and `flix`).
const VOTE_RELAY: &str = "127.0.0.1:8094";
/// Where the dApp sends a video's viewers: Livepeer's player, which plays the demo's playback ids.
const PLAYER_URL: &str = "https://lvpr.tv/?v={playback_id}";
/// What the demo's validators slash a miner for bot engagement: a tenth of its bond.
const DEMO_SLASH: &str = "100000000";

/// The devnet's processes: chain nodes (stopped on drop), the indexer and the cross-chain agents
/// (killed on drop).
pub(crate) struct Devnet {
    _nodes: Vec<Box<dyn LocalChain>>,
    indexer: Option<Child>,
    agents: Vec<Child>,
}

impl Drop for Devnet {
    fn drop(&mut self) {
        for c in self.agents.iter_mut().chain(self.indexer.as_mut()) {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn rpc(chain: &Chain) -> String {
    format!("http://127.0.0.1:{}", chain.port)
}

fn bin(name: &str) -> PathBuf {
    target_dir().join("debug").join(name)
}

/// Runs `flix` as the account `who`, echoing the command line and its report; returns its stdout.
fn flix(root: &Path, chain: &Chain, who: usize, args: &[&str]) -> Result<String> {
    echo(role(who), args, || flix_quiet(root, chain, who, args))
}

/// Echoes a `flix` command line as `role` types it, runs it, and echoes its report (without the
/// transaction details).
fn echo(role: &str, args: &[&str], run: impl FnOnce() -> Result<String>) -> Result<String> {
    println!("  [{role}] $ flix {}", args.join(" "));
    let stdout = run()?;
    let details = ["tx:", "gas_used:", "block:", "slot:"];
    for line in stdout.lines().filter(|l| !details.iter().any(|d| l.starts_with(d))) {
        println!("      {line}");
    }
    Ok(stdout)
}

/// Runs `flix` as the account `who`; returns its stdout.
pub(crate) fn flix_quiet(root: &Path, chain: &Chain, who: usize, args: &[&str]) -> Result<String> {
    let out = Command::new(bin("flix"))
        .args(args)
        .current_dir(root)
        .env("TFX_CHAIN", chain.name)
        .env("TFX_RPC_URL", rpc(chain))
        .env("TFX_DEPLOYMENTS", root.join(".devnet/deployments"))
        .env("TFX_PRIVATE_KEY", KEYS[who])
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!("flix {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(stdout)
}

fn role(who: usize) -> &'static str {
    match who {
        ADMIN => "organizer",
        CREATOR => "creator",
        HOLDER => "holder",
        ADVERTISER => "advertiser",
        MINER => "miner",
        5 | 6 => "validator",
        RELAYER => "relayer",
        _ => "voter",
    }
}

fn field(out: &str, key: &str) -> Result<String> {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(str::to_string)
        .with_context(|| format!("flix output has no {key}: {out}"))
}

pub(crate) fn advance(chain: &Chain, secs: u64) -> Result<()> {
    println!("  (devnet: advancing time by {secs}s)");
    run(cmd("cast")
        .args(["rpc", "--rpc-url", &rpc(chain), "evm_increaseTime", &secs.to_string()])
        .stdout(Stdio::null()))?;
    run(cmd("cast").args(["rpc", "--rpc-url", &rpc(chain), "evm_mine"]).stdout(Stdio::null()))
}

/// Deploys the suite to a running devnet chain.
pub(crate) fn deploy(root: &Path, chain: &Chain) -> Result<()> {
    println!("== deploying to {} (chain id {})", chain.name, chain.chain_id);
    run(Command::new(bin("tfx-deploy"))
        .args(["--config", &format!("deploy/networks/devnet/{}.toml", chain.name), "--out", ".devnet/deployments"])
        .args(["--rpc", &rpc(chain)])
        .env("TFX_PRIVATE_KEY", KEYS[ADMIN])
        .stdout(Stdio::null())
        .current_dir(root))
}

/// Whether the chain's deployment record holds `contract`.
fn has_contract(root: &Path, chain: &Chain, contract: &str) -> Result<bool> {
    let record = Deployment::load(&root.join(".devnet/deployments"), chain.name)?
        .with_context(|| format!("{} has no deployment record", chain.name))?;
    Ok(record.contracts.contains_key(contract))
}

/// Every user role, end to end, through the CLI.
pub(crate) fn demo(root: &Path, chain: &Chain) -> Result<()> {
    println!("== demo on {}", chain.name);
    let h1 = format!("0x{:064x}", 0xF11_0001u64 + chain.chain_id);
    let h2 = format!("0x{:064x}", 0xF11_0002u64 + chain.chain_id);
    println!(" creators mint and fractionalize");
    flix(
        root,
        chain,
        CREATOR,
        &["video", "mint", "--content", &h1, "--playback-id", "f5eese9wwl88k4g8", "--royalty-bps", "500"],
    )?;
    flix(root, chain, CREATOR, &["video", "mint", "--content", &h2, "--playback-id", "a1b2c3d4e5f6a7b8"])?;
    flix(root, chain, CREATOR, &["video", "fractionalize", "--video", &h1, "--supply", "1000"])?;
    flix(
        root,
        chain,
        CREATOR,
        &["video", "transfer-shares", "--video", &h1, "--to", ADDRS[HOLDER], "--amount", "250"],
    )?;

    println!(" a voting round with direct and relayed (EIP-712) votes");
    let out =
        flix(root, chain, ADMIN, &["round", "create", "--candidates", &format!("{h1},{h2}"), "--duration", "300"])?;
    let round = field(&out, "round")?;
    flix(root, chain, HOLDER, &["vote", "cast", "--round", &round, "--candidate", "0"])?;
    let votes_dir = root.join(".devnet/votes");
    std::fs::create_dir_all(&votes_dir)?;
    let mut files = Vec::new();
    for (i, who) in SIGNERS.iter().enumerate() {
        let signed = flix(
            root,
            chain,
            *who,
            &["--json", "vote", "sign", "--round", &round, "--candidate", &(i % 2).to_string()],
        )?;
        let file = votes_dir.join(format!("{}-round{round}-{who}.json", chain.name));
        std::fs::write(&file, signed)?;
        files.push(file.display().to_string());
    }
    let mut relay = vec!["vote", "relay"];
    relay.extend(files.iter().map(String::as_str));
    flix(root, chain, RELAYER, &relay)?;

    // Chains whose suite streams an ERC-20 have a devnet faucet for it; the others pay in the native
    // coin the devnet funded the accounts with.
    let faucet = has_contract(root, chain, "Stablecoin")?;
    println!(" an advertiser streams revenue to a fractionalized video; holders claim");
    if faucet {
        flix(root, chain, ADVERTISER, &["faucet", "--amount", "1000000000"])?;
    }
    let out =
        flix(root, chain, ADVERTISER, &["ad", "open", "--video", &h1, "--rate", "1000000", "--deposit", "500000000"])?;
    let campaign = field(&out, "campaign")?;
    advance(chain, 60)?;
    flix(root, chain, ADVERTISER, &["ad", "settle", "--campaign", &campaign])?;
    flix(root, chain, HOLDER, &["revenue", "show", "--video", &h1])?;
    flix(root, chain, CREATOR, &["revenue", "claim", "--video", &h1])?;
    flix(root, chain, HOLDER, &["revenue", "claim", "--video", &h1])?;
    flix(root, chain, ADVERTISER, &["ad", "cancel", "--campaign", &campaign])?;
    flix(root, chain, HOLDER, &["video", "show", "--video", &h1])?;

    println!(" a miner bonds collateral; validators slash it for bot engagement");
    if faucet {
        flix(root, chain, MINER, &["faucet", "--amount", "2000000000"])?;
    }
    flix(root, chain, MINER, &["collateral", "deposit", "--amount", "1000000000"])?;
    let evidence = format!("0x{:064x}", 0xE71D_u64);
    let out = flix(root, chain, VALIDATORS[0], &tfx_localnet::propose_slash(ADDRS[MINER], DEMO_SLASH, &evidence))?;
    let slash = field(&out, "slash")?;
    flix(root, chain, VALIDATORS[1], &["collateral", "approve", "--slash", &slash])?;
    advance(chain, 601)?;
    flix(root, chain, ADMIN, &["collateral", "execute", "--slash", &slash])?;
    flix(root, chain, MINER, &["collateral", "show"])?;

    println!(" the round closes");
    flix(root, chain, ADMIN, &["round", "finalize", "--round", &round])?;
    flix(root, chain, ADMIN, &["round", "show", "--round", &round])?;
    Ok(())
}

/// Builds the workspace's binaries, as `cargo xtask test` does, so that `up` inside the tests finds
/// them built: a narrower selection (`-p tfx-deploy -p flix ...`) resolves other features and
/// rebuilds every crate they share.
pub(crate) fn build_binaries(root: &Path) -> Result<()> {
    run(cmd("cargo").args(["build", "--workspace", "--bins"]).current_dir(root))
}

/// Installs tools, builds the binaries, and starts fresh chains (stopped when the guard drops).
pub(crate) fn start(root: &Path, chains: &[Chain]) -> Result<Devnet> {
    ensure_disk_space()?;
    ensure_npm_tools(root)?;
    build_binaries(root)?;
    let devnet = root.join(".devnet");
    if devnet.exists() {
        PgCluster::stop_leftover(&devnet.join("pg"))?;
        std::fs::remove_dir_all(&devnet)?;
    }
    std::fs::create_dir_all(&devnet)?;
    let mut nodes = Vec::new();
    for chain in chains {
        let log = devnet.join(format!("{}.log", chain.name));
        let node: Box<dyn LocalChain> = match chain.node {
            Node::Anvil => Box::new(
                // A block a second beside the instant ones: blocks keep becoming final, which the
                // attesters wait for before they sign.
                Anvil::start(
                    chain.chain_id,
                    chain.port,
                    Some(&log),
                    &["--slots-in-an-epoch", "1", "--block-time", "1", "--mixed-mining"],
                )
                .map_err(anyhow::Error::msg)?,
            ),
            Node::PolkadotHub => Box::new(
                PolkadotHub::start(&polkadot_hub_devnet(root)?, chain.chain_id, chain.port, Some(&log))
                    .map_err(anyhow::Error::msg)?,
            ),
        };
        nodes.push(node);
        println!("== {} devnet: chain id {}, RPC {}", chain.name, chain.chain_id, rpc(chain));
    }
    Ok(Devnet { _nodes: nodes, indexer: None, agents: Vec::new() })
}

/// The database URL: DATABASE_URL if set, else a fresh database on a project-local cluster (the
/// returned guard stops it).
fn database(root: &Path) -> Result<(String, Option<PgCluster>)> {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        println!("== PostgreSQL: using DATABASE_URL");
        return Ok((url, None));
    }
    let cluster =
        PgCluster::start(&root.join(".devnet/pg"), PG_PORT).context("starting the project-local PostgreSQL")?;
    let url = cluster.fresh_database("tensorflix")?;
    println!("== PostgreSQL: project-local cluster in .devnet/pg, {url}");
    Ok((url, Some(cluster)))
}

/// Starts the indexer and API over the devnet deployments; waits until the API answers.
fn start_indexer(root: &Path, database_url: &str) -> Result<Child> {
    let log = std::fs::File::create(root.join(".devnet/indexer.log"))?;
    let child = Command::new(bin("tfx-indexer"))
        .args(["--deployments", ".devnet/deployments", "--networks", "deploy/networks/devnet", "--listen", API])
        .args(["--web-dir", ".devnet/web", "--player-url", PLAYER_URL])
        .env("DATABASE_URL", database_url)
        .current_dir(root)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting tfx-indexer")?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http_get(&format!("http://{API}/health")).is_ok_and(|(status, _)| status == 200) {
            println!("== indexer API: http://{API}  (log: .devnet/indexer.log, OpenAPI: http://{API}/openapi.json)");
            println!("== dApp: http://{API}/  (connect a browser wallet; config: .devnet/web/config.json)");
            return Ok(child);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the indexer API did not come up on {API}; see .devnet/indexer.log")
}

/// A fresh database named `name` beside `url`'s (on the project-local cluster, or through psql on
/// the server DATABASE_URL names).
fn sibling_database(url: &str, cluster: Option<&PgCluster>, name: &str) -> Result<String> {
    if let Some(c) = cluster {
        return Ok(c.fresh_database(name)?);
    }
    for sql in [format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"), format!("CREATE DATABASE \"{name}\"")] {
        run(Command::new("psql").args([url, "-v", "ON_ERROR_STOP=1", "-qc", &sql]).stdout(Stdio::null()))?;
    }
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
    Ok(match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    })
}

/// Starts `tfx-relayer` with `args` and its key in the environment, logging to `.devnet/<name>.log`.
fn spawn_agent(root: &Path, args: &[&str], key: (&str, &str), name: &str) -> Result<Child> {
    let log = std::fs::File::create(root.join(format!(".devnet/{name}.log")))?;
    Command::new(bin("tfx-relayer"))
        .args(args)
        .env(key.0, key.1)
        .current_dir(root)
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting the {name}"))
}

/// Starts three attesters (each with its own database) and the relayer over the indexer's
/// database; returns once each answers `/health`.
fn start_agents(root: &Path, database_url: &str, cluster: Option<&PgCluster>) -> Result<Vec<Child>> {
    let common = ["--deployments", ".devnet/deployments", "--networks", "deploy/networks/devnet", "--poll-ms", "100"];
    let mut agents = Vec::new();
    let mut urls = Vec::new();
    for (i, key) in ATTESTER_KEYS.iter().enumerate() {
        let db = sibling_database(database_url, cluster, &format!("tensorflix_attester{}", i + 1))?;
        let listen = format!("127.0.0.1:{}", RELAYER_PORT + 1 + i as u16);
        let args = [&["attest"], &common[..], &["--database-url", &db, "--listen", &listen]].concat();
        agents.push(spawn_agent(root, &args, ("TFX_ATTESTER_KEY", key), &format!("attester{}", i + 1))?);
        urls.push(format!("http://{listen}"));
    }
    let listen = format!("127.0.0.1:{RELAYER_PORT}");
    let attesters = urls.join(",");
    let relay = ["--database-url", database_url, "--listen", &listen, "--attester", &attesters];
    let args = [&["relay"], &common[..], &relay].concat();
    agents.push(spawn_agent(root, &args, ("TFX_RELAYER_KEY", MESSAGE_RELAYER_KEY), "relayer")?);
    urls.push(format!("http://{listen}"));
    let votes = [&["votes"], &common[..], &["--database-url", database_url, "--listen", VOTE_RELAY]].concat();
    agents.push(spawn_agent(root, &votes, ("TFX_VOTE_RELAY_KEY", VOTE_RELAYER_KEY), "vote-relay")?);
    urls.push(format!("http://{VOTE_RELAY}"));
    let deadline = Instant::now() + Duration::from_secs(60);
    for url in &urls {
        while !http_get(&format!("{url}/health")).is_ok_and(|(status, _)| status == 200) {
            if Instant::now() > deadline {
                bail!("{url} did not come up; see .devnet/attester*.log and .devnet/relayer.log");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    println!(
        "== attesters (2 of 3): {}  relayer: {}  vote relay: {}  (logs: .devnet/attester*.log, .devnet/relayer.log, .devnet/vote-relay.log)",
        urls[..3].join(" "),
        urls[3],
        urls[4]
    );
    Ok(agents)
}

/// Every message type crosses from `from` to `to`, carrying what the demo did on `from`; then
/// each arrival is read back on `to`.
fn demo_messages(root: &Path, from: &Chain, to: &Chain) -> Result<()> {
    println!("== cross-chain: {} -> {} (2-of-3 attesters, the relayer delivers)", from.name, to.name);
    let video = format!("0x{:064x}", 0xF11_0001u64 + from.chain_id);
    flix(root, from, HOLDER, &["message", "register-video", "--video", &video, "--to", to.name])?;
    flix(root, from, HOLDER, &["message", "vote-result", "--round", "1", "--to", to.name])?;
    flix(root, from, HOLDER, &["message", "valuation", "--video", &video, "--to", to.name])?;
    flix(root, from, HOLDER, &["message", "slash", "--slash", "1", "--to", to.name])?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = http_get(&format!(
            "http://{API}/v1/messages?origin={}&destination={}&status=delivered",
            from.chain_id, to.chain_id
        ))?;
        let page: serde_json::Value = serde_json::from_str(&body)?;
        if page["items"].as_array().is_some_and(|items| items.len() >= 4) {
            break;
        }
        if Instant::now() > deadline {
            bail!("the messages were not delivered within a minute: {body}; see .devnet/relayer.log");
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    println!(" delivered; what arrived on {}: the id is reserved for its creator, who mints the twin", to.name);
    flix(
        root,
        to,
        CREATOR,
        &["video", "mint", "--content", &video, "--playback-id", "f5eese9wwl88k4g8", "--royalty-bps", "500"],
    )?;
    flix(root, to, HOLDER, &["video", "show", "--video", &video])?;
    flix(root, to, HOLDER, &["round", "show", "--round", "1", "--origin", from.name])?;
    flix(root, to, HOLDER, &["collateral", "show", "--miner", ADDRS[MINER]])?;
    let path = format!("/v1/messages?origin={}&destination={}", from.chain_id, to.chain_id);
    let (_, body) = http_get(&format!("http://{API}{path}"))?;
    println!("  $ curl http://{API}{path}\n      {body}");
    Ok(())
}

/// Waits until the indexer has every chain's head, then shows the demo's state through the API.
fn show_api(chains: &[Chain], solana_miner: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = http_get(&format!("http://{API}/v1/chains"))?;
        let status: serde_json::Value = serde_json::from_str(&body)?;
        let items = status["items"].as_array().cloned().unwrap_or_default();
        // The EVM chains and the Solana cluster.
        let synced =
            items.len() == chains.len() + 1 && items.iter().all(|c| c["lag_blocks"] == 0 && c["status"] == "live");
        if synced {
            break;
        }
        if Instant::now() > deadline {
            bail!("the indexer did not catch up: {body}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("== the demo through the indexer API");
    let chain = &chains[0];
    let mut paths = vec!["/v1/chains".to_string()];
    // Each chain's first video: the same state whichever suite the chain runs.
    paths
        .extend(chains.iter().map(|c| format!("/v1/videos/{}/{}", c.chain_id, u128::from(0xF11_0001u64 + c.chain_id))));
    paths.extend([
        format!("/v1/rounds/{}/1", chain.chain_id),
        format!("/v1/accounts/{}/{}/revenue", chain.chain_id, ADDRS[HOLDER]),
        format!("/v1/collateral/{}/{}", chain.chain_id, ADDRS[MINER]),
        format!("/v1/videos/{SOLANA_DOMAIN}/{}", u128::from(0xF11_0001u64 + SOLANA_DOMAIN)),
        format!("/v1/rounds/{SOLANA_DOMAIN}/1"),
        format!("/v1/collateral/{SOLANA_DOMAIN}/{solana_miner}"),
    ]);
    for path in paths {
        let (_, body) = http_get(&format!("http://{API}{path}"))?;
        println!("  $ curl http://{API}{path}\n      {body}");
    }
    Ok(())
}

/// The local Solana cluster `up` runs beside the EVM chains, with the Anchor suite.
const SOLANA: &str = "solana-local";
/// Its RPC port (Agave's default).
const SOLANA_PORT: u16 = 8899;
/// Its route domain, the chain id its rows carry (deploy/networks/devnet/solana-local.toml).
const SOLANA_DOMAIN: u64 = 1_399_811_150;

/// Starts `solana-devnet` (built first, in the Solana workspace's target directory).
fn start_solana(root: &Path) -> Result<SolanaDevnet> {
    let binary = crate::tools::solana_devnet(root)?;
    let log = root.join(format!(".devnet/{SOLANA}.log"));
    let node = SolanaDevnet::start(&binary, SOLANA_PORT, Some(&log)).map_err(anyhow::Error::msg)?;
    println!(
        "== {SOLANA} devnet: route domain {SOLANA_DOMAIN}, Solana JSON-RPC {} (Anchor programs at genesis)",
        node.url
    );
    Ok(node)
}

/// Initializes the Anchor suite on the local cluster (its deployer keypair is created in .devnet).
fn deploy_solana(root: &Path) -> Result<()> {
    println!("== deploying to {SOLANA} (route domain {SOLANA_DOMAIN})");
    run(Command::new(bin("tfx-deploy"))
        .args(["--config", &format!("deploy/networks/devnet/{SOLANA}.toml"), "--out", ".devnet/deployments"])
        .stdout(Stdio::null())
        .current_dir(root))
}

/// Runs `flix` on the Solana cluster with the keypair file `key`, echoed as `role` types it.
fn flix_solana(root: &Path, node: &SolanaDevnet, role: &str, key: &Path, args: &[&str]) -> Result<String> {
    echo(role, args, || {
        let out = Command::new(bin("flix"))
            .args(args)
            .current_dir(root)
            .env("TFX_CHAIN", SOLANA)
            .env("TFX_RPC_URL", &node.url)
            .env("TFX_DEPLOYMENTS", root.join(".devnet/deployments"))
            .env("TFX_SOLANA_KEYPAIR", key)
            .output()?;
        if !out.status.success() {
            bail!("flix {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    })
}

/// What the Anchor suite offers so far, through `flix`: a creator mints two videos, fractionalizes
/// the first and sends a holder a quarter of its shares; the organizer opens a round over them,
/// three accounts vote, the round closes; an advertiser streams to the first video, the creator
/// and the holder claim; a miner bonds collateral and the devnet's validators slash it. Returns
/// the miner's key as the API spells it (0x and 64 hex).
fn demo_solana(root: &Path, node: &SolanaDevnet) -> Result<String> {
    println!("== demo on {SOLANA}");
    let key = |name: &str, keypair: tfx_solana::Keypair| -> Result<(PathBuf, tfx_solana::Pubkey)> {
        let path = root.join(format!(".devnet/{SOLANA}-{name}.json"));
        keypair.write(&path)?;
        let pubkey = keypair.pubkey();
        tfx_localnet::rpc(&node.url, "requestAirdrop", serde_json::json!([pubkey.to_string(), 2_000_000_000u64]))
            .map_err(anyhow::Error::msg)?;
        Ok((path, pubkey))
    };
    let new_key = |name: &str| key(name, tfx_solana::Keypair::generate()).map(|(path, _)| path);
    let (creator, voter_1, voter_2) = (new_key("creator")?, new_key("voter-1")?, new_key("voter-2")?);
    let organizer = root.join(format!(".devnet/{SOLANA}-deployer.json"));
    let h1 = format!("0x{:064x}", 0xF11_0001u64 + SOLANA_DOMAIN);
    let h2 = format!("0x{:064x}", 0xF11_0002u64 + SOLANA_DOMAIN);
    println!(" a creator mints (commit, then reveal)");
    let mint = |h: &str, playback: &str| {
        flix_solana(root, node, "creator", &creator, &["video", "mint", "--content", h, "--playback-id", playback])
    };
    mint(&h1, "f5eese9wwl88k4g8")?;
    mint(&h2, "a1b2c3d4e5f6a7b8")?;
    println!(" the creator fractionalizes the first video and sends a quarter of its shares to a holder");
    let (holder, holder_key) = key("holder", tfx_solana::Keypair::generate())?;
    flix_solana(root, node, "creator", &creator, &["video", "fractionalize", "--video", &h1, "--supply", "1000"])?;
    let quarter = ["video", "transfer-shares", "--video", &h1, "--to", &holder_key.to_string(), "--amount", "250"];
    flix_solana(root, node, "creator", &creator, &quarter)?;
    println!(" a voting round; each voter signs its own transaction");
    let candidates = format!("{h1},{h2}");
    let out = flix_solana(
        root,
        node,
        "organizer",
        &organizer,
        &["round", "create", "--candidates", &candidates, "--duration", "300"],
    )?;
    let round = field(&out, "round")?;
    for (who, key, candidate) in [("voter", &voter_1, "0"), ("voter", &voter_2, "0"), ("creator", &creator, "1")] {
        flix_solana(root, node, who, key, &["vote", "cast", "--round", &round, "--candidate", candidate])?;
    }
    println!("  (devnet: advancing time by 301s)");
    node.advance(301).map_err(anyhow::Error::msg)?;
    flix_solana(root, node, "organizer", &organizer, &["round", "finalize", "--round", &round])?;
    flix_solana(root, node, "organizer", &organizer, &["round", "show", "--round", &round])?;

    println!(" an advertiser streams the devnet stablecoin to the fractionalized video; holders claim");
    let (advertiser, advertiser_key) = key("advertiser", tfx_solana::Keypair::generate())?;
    let (miner, miner_pubkey) = key("miner", tfx_solana::Keypair::generate())?;
    let (advertiser_key, miner_key) = (advertiser_key.to_string(), miner_pubkey.to_string());
    for to in [&advertiser_key, &miner_key] {
        flix_solana(root, node, "deployer", &organizer, &["faucet", "--amount", "1000000000", "--to", to])?;
    }
    flix_solana(
        root,
        node,
        "advertiser",
        &advertiser,
        &["ad", "open", "--video", &h1, "--rate", "1000", "--deposit", "500000000"],
    )?;
    println!("  (devnet: advancing time by 60s)");
    node.advance(60).map_err(anyhow::Error::msg)?;
    flix_solana(root, node, "creator", &creator, &["revenue", "claim", "--video", &h1])?;
    flix_solana(root, node, "holder", &holder, &["revenue", "claim", "--video", &h1])?;
    flix_solana(root, node, "creator", &creator, &["video", "show", "--video", &h1])?;

    println!(" a miner bonds collateral; the devnet's validators slash it for bot engagement");
    flix_solana(root, node, "miner", &miner, &["collateral", "deposit", "--amount", "1000000000"])?;
    let validators = tfx_localnet::SOLANA_VALIDATOR_SEEDS
        .iter()
        .enumerate()
        .map(|(i, seed)| key(&format!("validator-{}", i + 1), tfx_solana::Keypair::from_seed(seed)).map(|(p, _)| p))
        .collect::<Result<Vec<_>>>()?;
    let evidence = format!("0x{}", "ee".repeat(32));
    let out = flix_solana(
        root,
        node,
        "validator",
        &validators[0],
        &tfx_localnet::propose_slash(&miner_key, DEMO_SLASH, &evidence),
    )?;
    let slash = field(&out, "slash")?;
    flix_solana(root, node, "validator", &validators[1], &["collateral", "approve", "--slash", &slash])?;
    println!("  (devnet: advancing time past the dispute window, 601s)");
    node.advance(601).map_err(anyhow::Error::msg)?;
    flix_solana(root, node, "validator", &validators[2], &["collateral", "execute", "--slash", &slash])?;
    flix_solana(root, node, "miner", &miner, &["collateral", "show"])?;
    Ok(tfx_solana::idl::hex(&miner_pubkey.0))
}

/// `cargo xtask up`.
/// Set by SIGINT, SIGTERM or SIGHUP: `up` stops at its next step, and returning drops (stops)
/// everything it started. A process manager or `timeout` signals this process alone, not the
/// chains, the indexer and the PostgreSQL server it runs (pg_ctl detaches the server), so without
/// this they would outlive it.
static STOP: AtomicBool = AtomicBool::new(false);

/// The dApp's `config.json` for the devnet: every deployed chain, the API on the page's own origin,
/// the vote relay.
fn web_config(root: &Path) -> Result<serde_json::Value> {
    let mut chains = Vec::new();
    for chain in &CHAINS {
        let deployments = root.join(".devnet/deployments");
        let record =
            Deployment::load(&deployments, chain.name)?.with_context(|| format!("{} is not deployed", chain.name))?;
        let network = tfx_core::NetworkConfig::load(&root.join(format!("deploy/networks/devnet/{}.toml", chain.name)))?;
        chains.push(tfx_core::WebChain::new(&network, &record));
    }
    let config = tfx_core::WebConfig {
        api: String::new(),
        vote_relay: format!("http://{VOTE_RELAY}"),
        player_url: PLAYER_URL.into(),
        chains,
    };
    Ok(serde_json::to_value(config)?)
}

fn stopped() -> Result<()> {
    if STOP.load(Ordering::Relaxed) {
        bail!("interrupted: stopped the chains, the indexer and PostgreSQL");
    }
    Ok(())
}

pub(crate) fn up(root: &Path, with_demo: bool, exit_after_demo: bool) -> Result<()> {
    ctrlc::set_handler(|| STOP.store(true, Ordering::Relaxed)).context("installing the signal handler")?;
    let mut devnet_procs = start(root, &CHAINS)?;
    let solana = start_solana(root)?;
    let devnet = root.join(".devnet");
    for chain in &CHAINS {
        stopped()?;
        deploy(root, chain)?;
        println!("   addresses: {}", devnet.join(format!("deployments/{}.json", chain.name)).display());
    }
    stopped()?;
    deploy_solana(root)?;
    println!("   program ids: {}", devnet.join(format!("deployments/{SOLANA}.json")).display());
    // A second pass enrolls, on each chain's Mailbox, the routers deployed after it (and sends
    // nothing else).
    println!("== enrolling the cross-chain routes");
    for chain in &CHAINS {
        stopped()?;
        deploy(root, chain)?;
    }
    stopped()?;
    let dist = crate::web::build(root)?;
    stage_web(&dist, &devnet.join("web"), &web_config(root)?).map_err(anyhow::Error::msg)?;
    let (database_url, cluster) = database(root)?;
    stopped()?;
    devnet_procs.indexer = Some(start_indexer(root, &database_url)?);
    stopped()?;
    devnet_procs.agents = start_agents(root, &database_url, cluster.as_ref())?;
    if with_demo {
        for chain in &CHAINS {
            stopped()?;
            demo(root, chain)?;
        }
        stopped()?;
        let solana_miner = demo_solana(root, &solana)?;
        show_api(&CHAINS, &solana_miner)?;
        stopped()?;
        demo_messages(root, &CHAINS[0], &CHAINS[1])?;
        stopped()?;
        demo_messages(root, &CHAINS[1], &CHAINS[0])?;
        // The ink! suite's Mailbox and router speak the same messages.
        stopped()?;
        demo_messages(root, &CHAINS[2], &CHAINS[0])?;
        stopped()?;
        demo_messages(root, &CHAINS[0], &CHAINS[2])?;
    }
    println!("\nDevnet ready. Use it from another shell, e.g.:");
    println!(
        "  export TFX_DEPLOYMENTS={} TFX_CHAIN=avalanche TFX_RPC_URL={}",
        devnet.join("deployments").display(),
        rpc(&CHAINS[0])
    );
    println!("  export TFX_PRIVATE_KEY={}   # anvil dev account 1 (creator)", KEYS[CREATOR]);
    println!("  {} video show --video 0x{:064x}", bin("flix").display(), 0xF11_0001u64 + CHAINS[0].chain_id);
    println!("  (other chains: {})", {
        let others: Vec<String> =
            CHAINS[1..].iter().map(|c| format!("TFX_CHAIN={} TFX_RPC_URL={}", c.name, rpc(c))).collect();
        others.join("; ")
    });
    println!(
        "  (Solana: TFX_CHAIN={SOLANA} TFX_RPC_URL={} TFX_SOLANA_KEYPAIR={})",
        solana.url,
        devnet.join(format!("{SOLANA}-deployer.json")).display()
    );
    if exit_after_demo {
        return Ok(());
    }
    println!("  curl http://{API}/v1/videos?chain_id={}", CHAINS[0].chain_id);
    println!("Press Ctrl-C to stop the chains, the indexer and PostgreSQL.");
    while !STOP.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
    }
    println!("\nStopping the chains, the indexer and PostgreSQL.");
    Ok(())
}

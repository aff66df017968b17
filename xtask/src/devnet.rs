//! `cargo xtask up`: two local anvil chains (Avalanche C-Chain id 43114, Ethereum id 1), the suite
//! deployed to both, and a demo that walks every user role through the `flix` CLI, printing each
//! command as a user would type it.

use crate::tools::{cmd, ensure_npm_tools, run, target_dir};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// anvil's well-known development keys (mnemonic "test test ... junk"): devnet only.
const KEYS: [&str; 10] = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
];
pub(crate) const ADDRS: [&str; 10] = [
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
    "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
    "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
    "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
];
const ADMIN: usize = 0;
const CREATOR: usize = 1;
const HOLDER: usize = 2;
const ADVERTISER: usize = 3;
const MINER: usize = 4;
const VALIDATORS: [usize; 2] = [5, 6];
const RELAYER: usize = 7;
const SIGNERS: [usize; 2] = [8, 9];

/// A devnet chain: name, chain id, RPC port.
pub(crate) struct Chain {
    pub(crate) name: &'static str,
    pub(crate) chain_id: u64,
    pub(crate) port: u16,
}

pub(crate) const CHAINS: [Chain; 2] = [
    Chain { name: "avalanche", chain_id: 43114, port: 9650 },
    Chain { name: "ethereum", chain_id: 1, port: 8545 },
];

/// Running anvil processes, killed when dropped.
struct Anvils(Vec<Child>);

impl Drop for Anvils {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn rpc(chain: &Chain) -> String {
    format!("http://127.0.0.1:{}", chain.port)
}

fn start_anvil(root: &Path, chain: &Chain) -> Result<Child> {
    let log = std::fs::File::create(root.join(format!(".devnet/anvil-{}.log", chain.name)))?;
    let child = cmd("anvil")
        .args(["--chain-id", &chain.chain_id.to_string(), "--port", &chain.port.to_string()])
        .args(["--host", "127.0.0.1", "--slots-in-an-epoch", "1"])
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("starting anvil")?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let ok = cmd("cast").args(["chain-id", "--rpc-url", &rpc(chain)]).stdout(Stdio::null()).stderr(Stdio::null()).status();
        if ok.is_ok_and(|s| s.success()) {
            return Ok(child);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("anvil for {} did not answer on port {} (is the port taken?)", chain.name, chain.port)
}

fn bin(name: &str) -> PathBuf {
    target_dir().join("debug").join(name)
}

/// Runs `flix` as the account `who`, echoing the command line and its report; returns its stdout.
fn flix(root: &Path, chain: &Chain, who: usize, args: &[&str]) -> Result<String> {
    println!("  [{}] $ flix {}", role(who), args.join(" "));
    let stdout = flix_quiet(root, chain, who, args)?;
    for line in stdout.lines().filter(|l| !l.starts_with("tx:") && !l.starts_with("gas_used:") && !l.starts_with("block:")) {
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
    run(cmd("cast").args(["rpc", "--rpc-url", &rpc(chain), "evm_increaseTime", &secs.to_string()]).stdout(Stdio::null()))?;
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

/// Every user role, end to end, through the CLI.
pub(crate) fn demo(root: &Path, chain: &Chain) -> Result<()> {
    println!("== demo on {}", chain.name);
    let h1 = format!("0x{:064x}", 0xF11_0001u64 + chain.chain_id);
    let h2 = format!("0x{:064x}", 0xF11_0002u64 + chain.chain_id);
    println!(" creators mint and fractionalize");
    flix(root, chain, CREATOR, &["video", "mint", "--content", &h1, "--playback-id", "f5eese9wwl88k4g8", "--royalty-bps", "500"])?;
    flix(root, chain, CREATOR, &["video", "mint", "--content", &h2, "--playback-id", "a1b2c3d4e5f6a7b8"])?;
    flix(root, chain, CREATOR, &["video", "fractionalize", "--video", &h1, "--supply", "1000"])?;
    flix(root, chain, CREATOR, &["video", "transfer-shares", "--video", &h1, "--to", ADDRS[HOLDER], "--amount", "250"])?;

    println!(" a voting round with direct and relayed (EIP-712) votes");
    let out = flix(root, chain, ADMIN, &["round", "create", "--candidates", &format!("{h1},{h2}"), "--duration", "300"])?;
    let round = field(&out, "round")?;
    flix(root, chain, HOLDER, &["vote", "cast", "--round", &round, "--candidate", "0"])?;
    let votes_dir = root.join(".devnet/votes");
    std::fs::create_dir_all(&votes_dir)?;
    let mut files = Vec::new();
    for (i, who) in SIGNERS.iter().enumerate() {
        let signed = flix(root, chain, *who, &["--json", "vote", "sign", "--round", &round, "--candidate", &(i % 2).to_string()])?;
        let file = votes_dir.join(format!("{}-round{round}-{who}.json", chain.name));
        std::fs::write(&file, signed)?;
        files.push(file.display().to_string());
    }
    let mut relay = vec!["vote", "relay"];
    relay.extend(files.iter().map(String::as_str));
    flix(root, chain, RELAYER, &relay)?;

    println!(" an advertiser streams revenue to a fractionalized video; holders claim");
    flix(root, chain, ADVERTISER, &["faucet", "--amount", "1000000000"])?;
    let out = flix(root, chain, ADVERTISER, &["ad", "open", "--video", &h1, "--rate", "1000000", "--deposit", "500000000"])?;
    let campaign = field(&out, "campaign")?;
    advance(chain, 60)?;
    flix(root, chain, ADVERTISER, &["ad", "settle", "--campaign", &campaign])?;
    flix(root, chain, HOLDER, &["revenue", "show", "--video", &h1])?;
    flix(root, chain, CREATOR, &["revenue", "claim", "--video", &h1])?;
    flix(root, chain, HOLDER, &["revenue", "claim", "--video", &h1])?;
    flix(root, chain, ADVERTISER, &["ad", "cancel", "--campaign", &campaign])?;
    flix(root, chain, HOLDER, &["video", "show", "--video", &h1])?;

    println!(" a miner bonds collateral; validators slash it for bot engagement");
    flix(root, chain, MINER, &["faucet", "--amount", "2000000000"])?;
    flix(root, chain, MINER, &["collateral", "deposit", "--amount", "1000000000"])?;
    let evidence = format!("0x{:064x}", 0xE71D_u64);
    let out = flix(root, chain, VALIDATORS[0], &[
        "collateral", "propose-slash", "--miner", ADDRS[MINER], "--amount", "100000000", "--reason", "bot-engagement",
        "--evidence", &evidence,
    ])?;
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

/// Installs tools, builds the binaries, and starts fresh anvil chains (stopped when the guard drops).
pub(crate) fn start(root: &Path, chains: &[Chain]) -> Result<impl Drop> {
    ensure_npm_tools(root)?;
    run(cmd("cargo").args(["build", "--quiet", "-p", "tfx-deploy", "-p", "flix"]).current_dir(root))?;
    let devnet = root.join(".devnet");
    if devnet.exists() {
        std::fs::remove_dir_all(&devnet)?;
    }
    std::fs::create_dir_all(&devnet)?;
    let mut anvils = Anvils(Vec::new());
    for chain in chains {
        anvils.0.push(start_anvil(root, chain)?);
        println!("== {} devnet: chain id {}, RPC {}", chain.name, chain.chain_id, rpc(chain));
    }
    Ok(anvils)
}

/// `cargo xtask up`.
pub(crate) fn up(root: &Path, with_demo: bool, exit_after_demo: bool) -> Result<()> {
    let _anvils = start(root, &CHAINS)?;
    let devnet = root.join(".devnet");
    for chain in &CHAINS {
        deploy(root, chain)?;
        println!("   addresses: {}", devnet.join(format!("deployments/{}.json", chain.name)).display());
    }
    if with_demo {
        for chain in &CHAINS {
            demo(root, chain)?;
        }
    }
    println!("\nDevnet ready. Use it from another shell, e.g.:");
    println!("  export TFX_DEPLOYMENTS={} TFX_CHAIN=avalanche TFX_RPC_URL={}", devnet.join("deployments").display(), rpc(&CHAINS[0]));
    println!("  export TFX_PRIVATE_KEY={}   # anvil dev account 1 (creator)", KEYS[CREATOR]);
    println!("  {} video show --video 0x{:064x}", bin("flix").display(), 0xF11_0001u64 + CHAINS[0].chain_id);
    if exit_after_demo {
        return Ok(());
    }
    println!("Press Ctrl-C to stop the chains.");
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

//! The Anchor suite's plan on a Solana cluster. Programs are not deployed here: a program's `.so`
//! needs an SBF toolchain (README, "Solana"), and the local cluster (`solana-devnet`) starts with
//! them. The plan checks each program is there and executable, creates the stake mint on a devnet,
//! initializes each program's configuration PDA, grants organizers and installs the Mailbox's
//! attester set, each step skipped when the cluster already shows it, and records the program ids
//! with the slot of their first event in `deployments/<chain>.json`.

use anyhow::{Context, Result, bail};
use serde_json::json;
use std::path::Path;
use tfx_core::{ContractRecord, ContractSuite, Deployment, NetworkConfig};
use tfx_solana::{Idl, Keypair, Landed, Pubkey, RpcClient, Val, spl};
use tracing::{info, warn};

/// Lamports a devnet deployer is airdropped when it has none (100 SOL).
const DEVNET_FUNDING: u64 = 100_000_000_000;
/// Decimals of the stake mint a devnet gets.
const STAKE_DECIMALS: u8 = 9;

/// Deploys (initializes) the Anchor suite; returns the final record.
pub(crate) async fn deploy(cfg: &NetworkConfig, out: &Path, force: bool) -> Result<Deployment> {
    let rpc = RpcClient::new(&cfg.chain.rpc_url);
    let deployer = deployer_key(cfg)?;
    let me = deployer.pubkey();
    if rpc.balance(&me).await? == 0 {
        if !cfg.chain.devnet {
            bail!("deployer {me} has no SOL on {}", cfg.chain.name);
        }
        rpc.airdrop(&me, DEVNET_FUNDING).await.context("airdropping to the deployer")?;
    }
    if force {
        warn!("--force has no effect on Solana: an initialized program keeps its configuration");
    }
    let mut record = match Deployment::load(out, &cfg.chain.name)? {
        Some(r) if r.chain_id == cfg.chain.chain_id => r,
        Some(r) => bail!(
            "{} records chain id {}, but the config says {}; move it away to deploy afresh",
            Deployment::path(out, &cfg.chain.name).display(),
            r.chain_id,
            cfg.chain.chain_id
        ),
        None => Deployment::new(&cfg.chain.name, cfg.chain.chain_id),
    };
    record.suite = ContractSuite::Anchor;
    let plan = Plan { rpc: &rpc, deployer: &deployer };
    let (videos, votes, mailbox) = (Idl::video_nft(), Idl::vote_tally(), Idl::mailbox());
    for (name, idl) in [("VideoNft", &videos), ("VoteTally", &votes), ("Mailbox", &mailbox)] {
        match rpc.account(&idl.address).await? {
            Some(a) if a.executable => {}
            _ => bail!(
                "{name} is not deployed at {} on {}: build its .so with an SBF toolchain and deploy it there \
                 (`solana program deploy --program-id`), or use the local cluster, which starts with it",
                idl.address,
                cfg.chain.name
            ),
        }
    }

    let stake_mint = match (&cfg.tokens.stake_token, record.contracts.get("StakeMint")) {
        (Some(mint), _) => mint.parse::<Pubkey>().context("tokens.stake_token")?,
        (None, Some(rec)) => rec.address.parse().context("StakeMint in the record")?,
        (None, None) if cfg.chain.devnet => {
            let (mint, landed) = plan.create_mint(STAKE_DECIMALS).await?;
            save(&mut record, out, "StakeMint", &mint, &landed)?;
            mint
        }
        (None, None) => bail!("tokens.stake_token must name the SPL mint votes are staked in"),
    };

    let p = &cfg.params;
    let init_videos = json!({
        "commit_min_age": p.mint_commit_min_age_secs,
        "commit_max_age": p.mint_commit_max_age_secs,
    });
    let landed = plan.initialize(&videos, "initialize", &init_videos, &[]).await?;
    record_program(&mut record, out, "VideoNft", &videos, landed)?;
    let config = plan.config(&videos, "Config").await?;
    if config.field("base_uri") != Some(&Val::Text(p.metadata_base_url.clone())) {
        let ix = videos.instruction("set_base_uri", &json!({ "base_uri": p.metadata_base_url }), &[("admin", me)])?;
        plan.send("VideoNft.set_base_uri", ix, &videos).await?;
    }

    let landed = plan.initialize(&votes, "initialize", &json!({}), &[("stake_mint", stake_mint)]).await?;
    record_program(&mut record, out, "VoteTally", &votes, landed)?;
    for organizer in &cfg.roles.organizers {
        let account: Pubkey = organizer.parse().with_context(|| format!("roles.organizers: {organizer:?}"))?;
        if rpc.account(&votes.pda(&[b"organizer", &account.0])).await?.is_none() {
            let ix = votes.instruction("grant_organizer", &json!({ "account": account }), &[("admin", me)])?;
            plan.send(&format!("VoteTally.grant_organizer({account})"), ix, &votes).await?;
        }
    }

    let init_mailbox = json!({ "local_domain": cfg.chain.chain_id });
    let landed = plan.initialize(&mailbox, "initialize", &init_mailbox, &[("governor", me)]).await?;
    record_program(&mut record, out, "Mailbox", &mailbox, landed)?;
    let x = &cfg.crosschain;
    if !x.attesters.is_empty() {
        let mut wanted = x
            .attesters
            .iter()
            .map(|a| {
                let bytes = a.strip_prefix("0x").filter(|h| h.len() == 40).and_then(|h| {
                    (0..20).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).ok()).collect::<Option<Vec<u8>>>()
                });
                bytes.with_context(|| format!("crosschain.attesters: {a:?} is not an EVM address"))
            })
            .collect::<Result<Vec<_>>>()?;
        wanted.sort();
        let config = plan.config(&mailbox, "Config").await?;
        let current: Vec<Vec<u8>> = match config.field("attesters") {
            Some(Val::List(items)) => items.iter().filter_map(|v| v.as_bytes().map(<[u8]>::to_vec)).collect(),
            _ => Vec::new(),
        };
        let threshold = config.field("threshold").and_then(Val::as_u128);
        if current != wanted || threshold != Some(u128::from(x.threshold)) {
            let hex: Vec<String> = wanted.iter().map(|a| format!("0x{}", to_hex(a))).collect();
            let args = json!({ "attesters": hex, "threshold": x.threshold });
            let ix = mailbox.instruction("rotate_attesters", &args, &[("governor", me)])?;
            plan.send("Mailbox.rotate_attesters", ix, &mailbox).await?;
        }
    }
    record.save(out)?;
    Ok(record)
}

/// The deployer's keypair file; a devnet's is created when missing.
fn deployer_key(cfg: &NetworkConfig) -> Result<Keypair> {
    let path = cfg.signer.keypair.as_deref().context("signer.keypair must name the deployer's Solana keypair file")?;
    let path = Path::new(path);
    if !path.exists() && cfg.chain.devnet {
        let key = Keypair::generate();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string(&key.to_bytes().to_vec())?)?;
        info!(path = %path.display(), pubkey = %key.pubkey(), "created a devnet deployer keypair");
        return Ok(key);
    }
    Keypair::read(path).with_context(|| format!("reading the deployer keypair {}", path.display()))
}

struct Plan<'a> {
    rpc: &'a RpcClient,
    deployer: &'a Keypair,
}

impl Plan<'_> {
    async fn send(&self, what: &str, ix: tfx_solana::Instruction, idl: &Idl) -> Result<Landed> {
        let landed = self.rpc.send(&[ix], &[self.deployer], &[idl]).await.with_context(|| what.to_string())?;
        info!(step = what, signature = %landed.signature, slot = landed.slot, "sent");
        Ok(landed)
    }

    /// Runs `instruction` (the deployer as admin, governor or payer) unless the program's config
    /// PDA exists; returns where it landed.
    async fn initialize(
        &self,
        idl: &Idl,
        instruction: &str,
        args: &serde_json::Value,
        accounts: &[(&str, Pubkey)],
    ) -> Result<Option<Landed>> {
        if self.rpc.account(&idl.pda(&[b"config"])).await?.is_some() {
            info!(program = idl.name, "already initialized");
            return Ok(None);
        }
        let me = self.deployer.pubkey();
        let mut accounts = accounts.to_vec();
        accounts.push(("admin", me));
        let ix = idl.instruction(instruction, args, &accounts)?;
        self.send(&format!("{}.{instruction}", idl.name), ix, idl).await.map(Some)
    }

    async fn config(&self, idl: &Idl, account: &str) -> Result<Val> {
        let config = self.rpc.account(&idl.pda(&[b"config"])).await?.context("config missing after initialize")?;
        Ok(idl.decode_account(account, &config.data)?)
    }

    /// A new SPL mint whose authority is the deployer.
    async fn create_mint(&self, decimals: u8) -> Result<(Pubkey, Landed)> {
        let mint = Keypair::generate();
        let me = self.deployer.pubkey();
        let rent = self.rpc.call("getMinimumBalanceForRentExemption", json!([spl::MINT_LEN])).await?;
        let rent = rent.as_u64().context("rent exemption")?;
        let ixs = [
            spl::create_account(&me, &mint.pubkey(), rent, spl::MINT_LEN, &spl::TOKEN_PROGRAM),
            spl::initialize_mint(&mint.pubkey(), &me, decimals),
        ];
        let landed = self.rpc.send(&ixs, &[self.deployer, &mint], &[]).await.context("creating the stake mint")?;
        info!(mint = %mint.pubkey(), slot = landed.slot, "created the stake mint");
        Ok((mint.pubkey(), landed))
    }
}

/// Records a program at the slot of its initialization; one initialized before this record existed
/// is recorded from slot 0, so the indexer reads its whole history.
fn record_program(record: &mut Deployment, out: &Path, name: &str, idl: &Idl, landed: Option<Landed>) -> Result<()> {
    match landed {
        Some(landed) => save(record, out, name, &idl.address, &landed),
        None if !record.contracts.contains_key(name) => {
            warn!(program = name, "initialized before this record: indexing it from slot 0");
            save(record, out, name, &idl.address, &Landed { signature: String::new(), slot: 0 })
        }
        None => Ok(()),
    }
}

fn save(record: &mut Deployment, out: &Path, name: &str, address: &Pubkey, landed: &Landed) -> Result<()> {
    let entry = ContractRecord { address: address.to_string(), block: landed.slot, tx: landed.signature.clone() };
    record.contracts.insert(name.into(), entry);
    record.save(out)?;
    Ok(())
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

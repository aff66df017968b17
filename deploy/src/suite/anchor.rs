//! The Anchor suite's plan on a Solana cluster. Programs are not deployed here: a program's `.so`
//! needs an SBF toolchain (README, "Solana"), and the local cluster (`solana-devnet`) starts with
//! them. The plan checks each program is there and executable, creates the stake mint and the ad
//! token on a devnet, initializes each program's configuration PDA, grants organizers, registers
//! MinerCollateral's validators and installs the Mailbox's attester set, each step skipped when the
//! cluster already shows it, and records the program ids with the slot of their first event in
//! `deployments/<chain>.json`.

use alloy::primitives::Address;
use anyhow::{Context, Result, bail};
use serde_json::json;
use std::path::Path;
use tfx_core::{CollateralAsset, ContractRecord, ContractSuite, Deployment, NetworkConfig};
use tfx_solana::{Idl, Keypair, Landed, Pubkey, RpcClient, Val, spl};
use tracing::{info, warn};

/// Lamports a devnet deployer is airdropped when it has none (100 SOL).
const DEVNET_FUNDING: u64 = 100_000_000_000;
/// Decimals of the stake mint a devnet gets.
const STAKE_DECIMALS: u8 = 9;
/// Decimals of the ad token a devnet gets (a stand-in for USDC).
const AD_TOKEN_DECIMALS: u8 = 6;

/// Deploys (initializes) the Anchor suite; returns the final record.
pub(crate) async fn deploy(cfg: &NetworkConfig, out: &Path, force: bool) -> Result<Deployment> {
    let rpc = RpcClient::new(&cfg.chain.rpc_url);
    let deployer = deployer_key(cfg)?;
    let me = deployer.pubkey();
    if let Some(admin) = cfg.roles.admin.as_deref().filter(|a| *a != me.to_string()) {
        bail!(
            "roles.admin is {admin}, but the Anchor programs keep their deployer as admin (and governor): deploy \
             with that account's keypair"
        );
    }
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
    let plan = Plan { rpc: &rpc, deployer: &deployer, devnet: cfg.chain.devnet };
    let (videos, votes, ads, mailbox) = (Idl::video_nft(), Idl::vote_tally(), Idl::ad_revenue(), Idl::mailbox());
    let shares = Idl::video_shares();
    let programs = [
        ("VideoNft", &videos),
        ("VideoShares", &shares),
        ("VoteTally", &votes),
        ("AdRevenue", &ads),
        ("MinerCollateral", &Idl::miner_collateral()),
        ("Mailbox", &mailbox),
    ];
    for (name, idl) in programs {
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

    let stake_mint =
        plan.mint(&mut record, out, "StakeMint", cfg.tokens.stake_token.as_deref(), STAKE_DECIMALS).await?;
    let ad_token = plan.mint(&mut record, out, "AdToken", cfg.tokens.stablecoin.as_deref(), AD_TOKEN_DECIMALS).await?;

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

    let landed = plan.initialize(&shares, "initialize", &json!({}), &[("payer", me)]).await?;
    record_program(&mut record, out, "VideoShares", &shares, landed)?;

    let landed = plan.initialize(&votes, "initialize", &json!({}), &[("stake_mint", stake_mint)]).await?;
    record_program(&mut record, out, "VoteTally", &votes, landed)?;
    for organizer in &cfg.roles.organizers {
        let account: Pubkey = organizer.parse().with_context(|| format!("roles.organizers: {organizer:?}"))?;
        if rpc.account(&votes.pda(&[b"organizer", &account.0])).await?.is_none() {
            let ix = votes.instruction("grant_organizer", &json!({ "account": account }), &[("admin", me)])?;
            plan.send(&format!("VoteTally.grant_organizer({account})"), ix, &votes).await?;
        }
    }

    let init_ads = json!({ "creator_cut_bps": p.creator_cut_bps });
    let landed = plan.initialize(&ads, "initialize", &init_ads, &[("mint", ad_token)]).await?;
    record_program(&mut record, out, "AdRevenue", &ads, landed)?;
    let config = plan.config(&ads, "Config").await?;
    if config.field("creator_cut_bps").and_then(Val::as_u128) != Some(u128::from(p.creator_cut_bps)) {
        let ix = ads.instruction("set_creator_cut", &init_ads, &[("admin", me)])?;
        plan.send("AdRevenue.set_creator_cut", ix, &ads).await?;
    }

    deploy_collateral(cfg, &plan, &mut record, out, ad_token).await?;

    let init_mailbox = json!({ "local_domain": cfg.chain.chain_id });
    let landed = plan.initialize(&mailbox, "initialize", &init_mailbox, &[("governor", me)]).await?;
    record_program(&mut record, out, "Mailbox", &mailbox, landed)?;
    let x = &cfg.crosschain;
    if !x.attesters.is_empty() {
        let mut wanted =
            x.attesters.iter().map(|a| super::parse_addr("crosschain.attesters", a)).collect::<Result<Vec<_>>>()?;
        wanted.sort();
        let config = plan.config(&mailbox, "Config").await?;
        let current: Vec<Address> = match config.field("attesters") {
            Some(Val::List(items)) => items.iter().filter_map(|v| v.as_bytes().map(Address::from_slice)).collect(),
            _ => Vec::new(),
        };
        let threshold = config.field("threshold").and_then(Val::as_u128);
        if current != wanted || threshold != Some(u128::from(x.threshold)) {
            let args = json!({ "attesters": wanted, "threshold": x.threshold });
            let ix = mailbox.instruction("rotate_attesters", &args, &[("governor", me)])?;
            plan.send("Mailbox.rotate_attesters", ix, &mailbox).await?;
        }
    }
    record.save(out)?;
    Ok(record)
}

/// Initializes MinerCollateral over the ad token (miners bond the stablecoin, as the EVM suite's
/// default), paying slashes into the treasury's associated token account, then brings its
/// parameters, treasury and validator set to the network file's.
async fn deploy_collateral(
    cfg: &NetworkConfig,
    plan: &Plan<'_>,
    record: &mut Deployment,
    out: &Path,
    mint: Pubkey,
) -> Result<()> {
    if cfg.tokens.collateral != CollateralAsset::Stablecoin {
        bail!(
            "tokens.collateral: MinerCollateral on Solana bonds an SPL token, the stablecoin; \"native\" does not apply"
        );
    }
    let collateral = Idl::miner_collateral();
    let me = plan.deployer.pubkey();
    let owner: Pubkey = match &cfg.roles.treasury {
        Some(t) => t.parse().with_context(|| format!("roles.treasury: {t:?} is not a Solana address"))?,
        None => me,
    };
    let treasury = spl::associated_token_address(&owner, &mint);
    if plan.rpc.account(&treasury).await?.is_none() {
        let ix = spl::create_associated_token_account(&me, &owner, &mint);
        let landed = plan.rpc.send(&[ix], &[plan.deployer], &[]).await.context("creating the treasury account")?;
        info!(%treasury, %owner, slot = landed.slot, "created the treasury's token account");
    }
    let p = &cfg.params;
    let secs = |name: &str, v: u64| u32::try_from(v).with_context(|| format!("params.{name}: {v} s is too long"));
    let params = json!({
        "unbonding_period": secs("unbonding_period_secs", p.unbonding_period_secs)?,
        "dispute_window": secs("dispute_window_secs", p.dispute_window_secs)?,
        "proposal_ttl": secs("proposal_ttl_secs", p.proposal_ttl_secs)?,
        "slash_cap_period": secs("slash_cap_period_secs", p.slash_cap_period_secs)?,
        "slash_cap_per_period": u64::try_from(p.slash_cap_per_period).context("params.slash_cap_per_period: above 64 bits")?,
        "approval_threshold": p.approval_threshold,
        "stake_warmup": secs("stake_warmup_secs", p.stake_warmup_secs)?,
    });
    let args = json!({ "params": params });
    let landed = plan.initialize(&collateral, "initialize", &args, &[("mint", mint), ("treasury", treasury)]).await?;
    record_program(record, out, "MinerCollateral", &collateral, landed)?;
    let config = plan.config(&collateral, "Config").await?;
    let current = config.field("params");
    let same = params.as_object().into_iter().flatten().all(|(field, want)| {
        current.and_then(|c| c.field(field)).and_then(Val::as_u128) == want.as_u64().map(u128::from)
    });
    if !same {
        let ix = collateral.instruction("set_params", &args, &[("authority", me)])?;
        plan.send("MinerCollateral.set_params", ix, &collateral).await?;
    }
    if config.field("treasury").and_then(Val::as_pubkey) != Some(treasury) {
        let ix = collateral.instruction("set_treasury", &json!({}), &[("authority", me), ("treasury", treasury)])?;
        plan.send("MinerCollateral.set_treasury", ix, &collateral).await?;
    }
    for validator in &cfg.roles.validators {
        let key: Pubkey = validator.parse().with_context(|| format!("roles.validators: {validator:?}"))?;
        let record = plan.rpc.account(&collateral.pda(&[b"validator", &key.0])).await?;
        let registered = match record {
            Some(a) => collateral.decode_account("Validator", &a.data)?.field("registered") == Some(&Val::Bool(true)),
            None => false,
        };
        if !registered {
            let ix = collateral.instruction("add_validator", &json!({ "validator": key }), &[("authority", me)])?;
            plan.send(&format!("MinerCollateral.add_validator({key})"), ix, &collateral).await?;
        }
    }
    Ok(())
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
        key.write(path)?;
        info!(path = %path.display(), pubkey = %key.pubkey(), "created a devnet deployer keypair");
        return Ok(key);
    }
    Keypair::read(path).with_context(|| format!("reading the deployer keypair {}", path.display()))
}

struct Plan<'a> {
    rpc: &'a RpcClient,
    deployer: &'a Keypair,
    devnet: bool,
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

    /// The SPL mint `name` (`configured` in the network file, else recorded, else created on a
    /// devnet with the deployer as its authority).
    async fn mint(
        &self,
        record: &mut Deployment,
        out: &Path,
        name: &str,
        configured: Option<&str>,
        decimals: u8,
    ) -> Result<Pubkey> {
        if let Some(mint) = configured {
            return mint.parse().with_context(|| format!("{name}: {mint:?} is not a Solana address"));
        }
        if let Some(rec) = record.contracts.get(name) {
            return rec.address.parse().with_context(|| format!("{name} in the record"));
        }
        if !self.devnet {
            bail!("the network file must name {name}'s SPL mint (tokens.stake_token, tokens.stablecoin)");
        }
        let (mint, landed) = self.create_mint(decimals).await?;
        save(record, out, name, &mint, &landed)?;
        Ok(mint)
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
        let landed = self.rpc.send(&ixs, &[self.deployer, &mint], &[]).await.context("creating a mint")?;
        info!(mint = %mint.pubkey(), decimals, slot = landed.slot, "created a mint");
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

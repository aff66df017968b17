//! The deployment plan: contracts in dependency order, then wiring and role steps, each skipped when
//! the chain already reflects it. One plan per contract suite; both deploy through the Ethereum
//! JSON-RPC, which is how Polkadot Hub instantiates PolkaVM code too (init code = code || args).

pub(crate) mod anchor;
mod ink;
mod solidity;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolConstructor;
use anyhow::{Context, Result, bail};
use std::path::Path;
use tfx_abi::evm::{IStudioRouter, Mailbox, MinerCollateral, StudioRouter, VideoNft, VideoShares};
use tfx_core::{ContractRecord, ContractSuite, Deployment, NetworkConfig};
use tfx_evm::{describe_revert, send};
use tracing::info;

/// Deploys and configures the chain's suite; returns the final record.
pub(crate) async fn deploy(
    cfg: &NetworkConfig,
    provider: DynProvider,
    deployer: Address,
    out: &Path,
    force: bool,
) -> Result<Deployment> {
    let plan = Plan::open(cfg, provider, deployer, out, force).await?;
    match cfg.chain.contracts {
        ContractSuite::Solidity => solidity::deploy(cfg, plan, deployer).await,
        ContractSuite::Ink => ink::deploy(cfg, plan, deployer).await,
        ContractSuite::Anchor => bail!("the Anchor suite deploys through Solana's JSON-RPC (suite::anchor)"),
    }
}

struct Plan<'a> {
    provider: DynProvider,
    deployer: Address,
    record: Deployment,
    out: &'a Path,
    force: bool,
}

impl<'a> Plan<'a> {
    /// Checks the deployer can pay, and resumes the chain's record (refusing one of another chain).
    async fn open(
        cfg: &NetworkConfig,
        provider: DynProvider,
        deployer: Address,
        out: &'a Path,
        force: bool,
    ) -> Result<Self> {
        let chain_id = cfg.chain.chain_id;
        if provider.get_balance(deployer).await?.is_zero() {
            bail!("deployer {deployer} has no funds on {} (chain id {chain_id})", cfg.chain.name);
        }
        let mut record = match Deployment::load(out, &cfg.chain.name)? {
            Some(r) if r.chain_id == chain_id => r,
            Some(r) => bail!(
                "{} records chain id {}, but the config says {chain_id}; move it away to deploy afresh",
                Deployment::path(out, &cfg.chain.name).display(),
                r.chain_id
            ),
            None => Deployment::new(&cfg.chain.name, chain_id),
        };
        record.chain.clone_from(&cfg.chain.name);
        record.suite = cfg.chain.contracts;
        Ok(Self { provider, deployer, record, out, force })
    }

    /// Deploys `name` unless recorded with code on chain; saves the record after every deployment so
    /// an interrupted run resumes where it stopped.
    async fn contract(&mut self, name: &str, code: &[u8], ctor: Vec<u8>) -> Result<Address> {
        if !self.force
            && let Some(rec) = self.record.contracts.get(name)
        {
            let addr: Address = rec.address.parse().with_context(|| format!("{name} address in record"))?;
            if !self.provider.get_code_at(addr).await?.is_empty() {
                info!(contract = name, %addr, "already deployed");
                return Ok(addr);
            }
        }
        let code: Bytes = [code, ctor.as_slice()].concat().into();
        let receipt = self
            .provider
            .send_transaction(TransactionRequest::default().with_deploy_code(code))
            .await
            .map_err(|e| anyhow::anyhow!("deploying {name}: {}", describe_revert(&e.into())))?
            .get_receipt()
            .await
            .with_context(|| format!("waiting for {name} deployment"))?;
        if !receipt.status() {
            bail!("deploying {name}: transaction {} reverted", receipt.transaction_hash);
        }
        let addr = receipt.contract_address.context("deployment receipt without contract address")?;
        let block = receipt.block_number.unwrap_or_default();
        info!(contract = name, %addr, block, gas = receipt.gas_used, "deployed");
        self.record(name, addr, block, receipt.transaction_hash)?;
        Ok(addr)
    }

    /// Deploys the Mailbox and the StudioRouter over the suite's `[videos, votes, revenue,
    /// collateral]`, both governed by the deployer until any hand-over. Both suites take the same
    /// constructor arguments (the router's policy is a static tuple, encoded alike).
    async fn crosschain(
        &mut self,
        cfg: &NetworkConfig,
        mailbox_code: &[u8],
        router_code: &[u8],
        [videos, votes, revenue, collateral]: [Address; 4],
    ) -> Result<(Address, Address)> {
        let governor = self.deployer;
        let mailbox =
            self.contract("Mailbox", mailbox_code, Mailbox::constructorCall { governor }.abi_encode()).await?;
        let x = &cfg.crosschain;
        let policy = IStudioRouter::Policy {
            valuationStep: U256::from(x.valuation_step),
            valuationInterval: to_u40(x.valuation_interval_secs)?,
            freezeWindow: to_u40(x.freeze_window_secs)?,
            freezePeriod: to_u40(x.freeze_period_secs)?,
            maxFreezesPerPeriod: x.max_freezes_per_period,
        };
        let ctor = StudioRouter::constructorCall {
            mailbox_: mailbox,
            videos_: videos,
            votes_: votes,
            revenue_: revenue,
            collateral_: collateral,
            policy_: policy,
            governor,
        }
        .abi_encode();
        let router = self.contract("StudioRouter", router_code, ctor).await?;
        Ok((mailbox, router))
    }

    fn record(&mut self, name: &str, addr: Address, block: u64, tx: B256) -> Result<()> {
        let tx = if tx.is_zero() { String::new() } else { tx.to_string() };
        self.record.contracts.insert(name.into(), ContractRecord { address: addr.to_string(), block, tx });
        self.record.save(self.out)?;
        Ok(())
    }
}

/// What both suites wire the same way (same selectors): VideoNft and VideoShares report every
/// video and share movement to AdRevenue (which settles the video's streams first), VideoNft knows
/// VideoShares and points its `tokenURI` at the configured metadata base, and the configured
/// validators are registered with MinerCollateral.
async fn wire(
    cfg: &NetworkConfig,
    provider: &DynProvider,
    videos: Address,
    shares: Address,
    ads: Address,
    collateral: Address,
) -> Result<()> {
    let videos_c = VideoNft::new(videos, provider.clone());
    if videos_c.revenueHook().call().await? != ads {
        send("VideoNft.setHooks", videos_c.setHooks(shares, ads)).await?;
    }
    if videos_c.baseURI().call().await? != cfg.params.metadata_base_url {
        send("VideoNft.setBaseURI", videos_c.setBaseURI(cfg.params.metadata_base_url.clone())).await?;
    }
    let shares_c = VideoShares::new(shares, provider.clone());
    if shares_c.revenueHook().call().await? != ads {
        send("VideoShares.setRevenueHook", shares_c.setRevenueHook(ads)).await?;
    }
    let collateral_c = MinerCollateral::new(collateral, provider.clone());
    for v in &cfg.roles.validators {
        let v = parse_addr("roles.validators", v)?;
        if !collateral_c.validatorOf(v).call().await?.registered {
            send(&format!("MinerCollateral.addValidator({v})"), collateral_c.addValidator(v)).await?;
        }
    }
    Ok(())
}

/// The router becomes the Mailbox's recipient; the Mailbox gets the configured attester set, and
/// enrolls the router of every other chain recorded beside this one. A chain deployed later is
/// enrolled here by re-running this deployment (which sends nothing else then). Both suites'
/// Mailboxes answer the same ABI.
async fn wire_mailbox(
    cfg: &NetworkConfig,
    provider: &DynProvider,
    out: &Path,
    mailbox: Address,
    router: Address,
) -> Result<()> {
    let mailbox_c = Mailbox::new(mailbox, provider.clone());
    if mailbox_c.recipient().call().await? != router {
        send("Mailbox.setRecipient", mailbox_c.setRecipient(router)).await?;
    }
    let x = &cfg.crosschain;
    if !x.attesters.is_empty() {
        let mut wanted =
            x.attesters.iter().map(|a| parse_addr("crosschain.attesters", a)).collect::<Result<Vec<_>>>()?;
        wanted.sort();
        let mut current = mailbox_c.attesters().call().await?;
        current.sort();
        if current != wanted || mailbox_c.threshold().call().await? != x.threshold {
            send("Mailbox.rotateAttesters", mailbox_c.rotateAttesters(wanted, x.threshold)).await?;
        }
    }
    for (origin, remote) in remote_routers(out, cfg.chain.chain_id)? {
        if mailbox_c.remoteSender(origin).call().await? != remote {
            send(&format!("Mailbox.enrollRemoteSender({origin})"), mailbox_c.enrollRemoteSender(origin, remote))
                .await?;
        }
    }
    Ok(())
}

/// The StudioRouter of every other chain recorded in `out`, by chain id, as a Mailbox enrolls
/// senders (the address left-padded to 32 bytes, which also fits non-EVM chains' account ids).
fn remote_routers(out: &Path, chain_id: u64) -> Result<Vec<(u64, B256)>> {
    let mut routers = Vec::new();
    let entries = std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?;
    for entry in entries.filter_map(std::result::Result::ok) {
        let Some(chain) = entry.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(str::to_owned) else {
            continue;
        };
        let Some(record) = Deployment::load(out, &chain)? else { continue };
        if record.chain_id == chain_id {
            continue;
        }
        if let Some(router) = record.contracts.get("StudioRouter") {
            let addr = parse_addr(&format!("{chain} StudioRouter"), &router.address)?;
            routers.push((record.chain_id, addr.into_word()));
        }
    }
    routers.sort();
    Ok(routers)
}

/// A duration as the contracts' `uint40`.
fn to_u40(secs: u64) -> Result<alloy::primitives::aliases::U40> {
    alloy::primitives::aliases::U40::try_from(secs).context("duration does not fit 40 bits")
}

fn parse_addr(what: &str, raw: &str) -> Result<Address> {
    raw.parse().with_context(|| format!("{what}: invalid address {raw:?}"))
}

/// The configured address, or `default` when the key is absent.
fn addr_or(what: &str, raw: Option<&str>, default: Address) -> Result<Address> {
    raw.map_or(Ok(default), |r| parse_addr(what, r))
}

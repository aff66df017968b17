//! The deployment plan: contracts in dependency order, then wiring and role steps, each skipped when
//! the chain already reflects it. One plan per contract suite; both deploy through the Ethereum
//! JSON-RPC, which is how Polkadot Hub instantiates PolkaVM code too (init code = code || args).

mod ink;
mod solidity;

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::TransactionRequest;
use anyhow::{Context, Result, bail};
use std::path::Path;
use tfx_abi::evm::{MinerCollateral, VideoNft, VideoShares};
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
    }
}

struct Plan<'a> {
    provider: DynProvider,
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
        Ok(Self { provider, record, out, force })
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

    fn record(&mut self, name: &str, addr: Address, block: u64, tx: B256) -> Result<()> {
        let tx = if tx.is_zero() { String::new() } else { tx.to_string() };
        self.record.contracts.insert(name.into(), ContractRecord { address: addr.to_string(), block, tx });
        self.record.save(self.out)?;
        Ok(())
    }
}

/// What both suites wire the same way (same selectors): VideoNft and VideoShares report every
/// video and share movement to AdRevenue (which settles the video's streams first), VideoNft knows
/// VideoShares, and the configured validators are registered with MinerCollateral.
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

//! The deployment plan: contracts in dependency order, then wiring and role steps, each skipped when
//! the chain already reflects it.

use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::SolConstructor;
use anyhow::{Context, Result, bail};
use std::path::Path;
use tfx_abi::evm::{
    AdRevenue, FlixToken, IMinerCollateral, MinerCollateral, TestStablecoin, VideoNft, VideoShares, VoteTally,
};
use tfx_core::{CollateralAsset, ContractRecord, Deployment, NetworkConfig};
use tfx_evm::{describe_revert, send};
use tracing::info;

struct Plan<'a> {
    provider: DynProvider,
    record: Deployment,
    out: &'a Path,
    force: bool,
}

impl Plan<'_> {
    /// Deploys `name` unless recorded with code on chain; saves the record after every deployment so
    /// an interrupted run resumes where it stopped.
    async fn contract(&mut self, name: &str, bytecode: &Bytes, ctor: Vec<u8>) -> Result<Address> {
        if !self.force
            && let Some(rec) = self.record.contracts.get(name)
        {
            let addr: Address = rec.address.parse().with_context(|| format!("{name} address in record"))?;
            if !self.provider.get_code_at(addr).await?.is_empty() {
                info!(contract = name, %addr, "already deployed");
                return Ok(addr);
            }
        }
        let code: Bytes = [bytecode.as_ref(), ctor.as_slice()].concat().into();
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

fn parse_addr(what: &str, raw: &str) -> Result<Address> {
    raw.parse().with_context(|| format!("{what}: invalid address {raw:?}"))
}

/// The configured address, or `default` when the key is absent.
fn addr_or(what: &str, raw: Option<&str>, default: Address) -> Result<Address> {
    raw.map_or(Ok(default), |r| parse_addr(what, r))
}

/// Deploys and configures the suite; returns the final record.
pub(crate) async fn deploy(
    cfg: &NetworkConfig,
    provider: DynProvider,
    deployer: Address,
    out: &Path,
    force: bool,
) -> Result<Deployment> {
    let chain_id = cfg.chain.chain_id;
    let balance = provider.get_balance(deployer).await?;
    if balance.is_zero() {
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
    let mut plan = Plan { provider: provider.clone(), record, out, force };
    let admin = addr_or("roles.admin", cfg.roles.admin.as_deref(), deployer)?;
    let treasury = addr_or("roles.treasury", cfg.roles.treasury.as_deref(), admin)?;
    let p = &cfg.params;

    let flix = match &cfg.tokens.stake_token {
        Some(addr) => {
            let a = parse_addr("tokens.stake_token", addr)?;
            plan.record("FlixToken", a, 0, B256::ZERO)?;
            a
        }
        None => {
            let supply = U256::from(cfg.tokens.flix_supply) * U256::from(10u64).pow(U256::from(18));
            let ctor = FlixToken::constructorCall { holder: admin, supply }.abi_encode();
            plan.contract("FlixToken", &FlixToken::BYTECODE, ctor).await?
        }
    };
    let stablecoin = match &cfg.tokens.stablecoin {
        Some(addr) => {
            let a = parse_addr("tokens.stablecoin", addr)?;
            plan.record("Stablecoin", a, 0, B256::ZERO)?;
            a
        }
        None => plan.contract("Stablecoin", &TestStablecoin::BYTECODE, Vec::new()).await?,
    };
    let videos = plan
        .contract("VideoNft", &VideoNft::BYTECODE, VideoNft::constructorCall { admin: deployer }.abi_encode())
        .await?;
    let shares = plan
        .contract(
            "VideoShares",
            &VideoShares::BYTECODE,
            VideoShares::constructorCall { videoNft: videos, admin: deployer }.abi_encode(),
        )
        .await?;
    let ads = plan
        .contract(
            "AdRevenue",
            &AdRevenue::BYTECODE,
            AdRevenue::constructorCall {
                token_: stablecoin,
                videos_: videos,
                shares_: shares,
                creatorCutBps_: p.creator_cut_bps,
                admin: deployer,
            }
            .abi_encode(),
        )
        .await?;
    let tally = plan
        .contract(
            "VoteTally",
            &VoteTally::BYTECODE,
            VoteTally::constructorCall { stakeToken_: flix, admin: deployer }.abi_encode(),
        )
        .await?;
    let asset = match cfg.tokens.collateral {
        CollateralAsset::Stablecoin => stablecoin,
        CollateralAsset::Native => Address::ZERO,
    };
    let params = IMinerCollateral::Params {
        unbondingPeriod: to_u40(p.unbonding_period_secs)?,
        disputeWindow: to_u40(p.dispute_window_secs)?,
        proposalTtl: to_u40(p.proposal_ttl_secs)?,
        slashCapPeriod: to_u40(p.slash_cap_period_secs)?,
        slashCapPerPeriod: p.slash_cap_per_period,
        approvalThreshold: p.approval_threshold,
    };
    let collateral = plan
        .contract(
            "MinerCollateral",
            &MinerCollateral::BYTECODE,
            MinerCollateral::constructorCall { asset_: asset, treasury_: treasury, params_: params, admin: deployer }
                .abi_encode(),
        )
        .await?;

    // Wiring and roles: each step reads the chain first, so re-runs send nothing.
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
    let tally_c = VoteTally::new(tally, provider.clone());
    let organizer = tally_c.ORGANIZER_ROLE().call().await?;
    for o in &cfg.roles.organizers {
        let o = parse_addr("roles.organizers", o)?;
        if !tally_c.hasRole(organizer, o).call().await? {
            send(&format!("VoteTally.grantRole(ORGANIZER, {o})"), tally_c.grantRole(organizer, o)).await?;
        }
    }
    if admin != deployer {
        hand_over(&provider, deployer, admin, &[videos, shares, ads, tally, collateral]).await?;
    }
    Ok(plan.record)
}

fn to_u40(secs: u64) -> Result<alloy::primitives::aliases::U40> {
    alloy::primitives::aliases::U40::try_from(secs).context("duration does not fit 40 bits")
}

/// Grants every role the deployer holds to `admin`, then renounces them: after this the deployer
/// key controls nothing.
async fn hand_over(provider: &DynProvider, deployer: Address, admin: Address, contracts: &[Address]) -> Result<()> {
    use alloy::primitives::keccak256;
    let roles = [
        B256::ZERO,
        keccak256("PAUSER_ROLE"),
        keccak256("ORGANIZER_ROLE"),
        keccak256("VALIDATOR_MANAGER_ROLE"),
        keccak256("DISPUTE_RESOLVER_ROLE"),
    ];
    for &c in contracts {
        // Every suite contract is an AccessControl; VideoNft's binding covers the shared interface.
        let ac = VideoNft::new(c, provider.clone());
        for role in roles.iter().rev() {
            if ac.hasRole(*role, deployer).call().await? {
                if !ac.hasRole(*role, admin).call().await? {
                    send(&format!("{c}.grantRole({role}, {admin})"), ac.grantRole(*role, admin)).await?;
                }
                send(&format!("{c}.renounceRole({role})"), ac.renounceRole(*role, deployer)).await?;
            }
        }
    }
    Ok(())
}

//! The Solidity suite (contracts/evm) on an EVM chain: the tokens it streams and weighs votes by,
//! the five contracts, their wiring, and the hand-over of every role to the configured admin.

use super::{Plan, addr_or, parse_addr, to_u40};
use alloy::primitives::{Address, B256, U256};
use alloy::providers::DynProvider;
use alloy::sol_types::SolConstructor;
use anyhow::Result;
use tfx_abi::evm::{
    AdRevenue, FlixToken, IMinerCollateral, Mailbox, MinerCollateral, StudioRouter, TestStablecoin, VideoNft,
    VideoShares, VoteTally,
};
use tfx_core::{CollateralAsset, Deployment, NetworkConfig};
use tfx_evm::send;

/// Deploys and configures the Solidity suite; returns the final record.
pub(super) async fn deploy(cfg: &NetworkConfig, mut plan: Plan<'_>, deployer: Address) -> Result<Deployment> {
    let provider = plan.provider.clone();
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
        .contract(
            "VideoNft",
            &VideoNft::BYTECODE,
            VideoNft::constructorCall {
                admin: deployer,
                commitMinAge_: to_u40(p.mint_commit_min_age_secs)?,
                commitMaxAge_: to_u40(p.mint_commit_max_age_secs)?,
            }
            .abi_encode(),
        )
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
        stakeWarmup: to_u40(p.stake_warmup_secs)?,
    };
    let collateral = plan
        .contract(
            "MinerCollateral",
            &MinerCollateral::BYTECODE,
            MinerCollateral::constructorCall { asset_: asset, treasury_: treasury, params_: params, admin: deployer }
                .abi_encode(),
        )
        .await?;

    let (mailbox, router) =
        plan.crosschain(cfg, &Mailbox::BYTECODE, &StudioRouter::BYTECODE, [videos, tally, ads, collateral]).await?;

    // Wiring and roles: each step reads the chain first, so re-runs send nothing.
    super::wire(cfg, &provider, videos, shares, ads, collateral).await?;
    wire_crosschain(cfg, &provider, plan.out, mailbox, router, videos, collateral).await?;
    let tally_c = VoteTally::new(tally, provider.clone());
    let organizer = tally_c.ORGANIZER_ROLE().call().await?;
    for o in &cfg.roles.organizers {
        let o = parse_addr("roles.organizers", o)?;
        if !tally_c.hasRole(organizer, o).call().await? {
            send(&format!("VoteTally.grantRole(ORGANIZER, {o})"), tally_c.grantRole(organizer, o)).await?;
        }
    }
    if admin != deployer {
        hand_over(&provider, deployer, admin, &[videos, shares, ads, tally, collateral, mailbox, router]).await?;
    }
    Ok(plan.record)
}

/// The router gets the two roles its handlers use, then the Mailbox is wired to it.
async fn wire_crosschain(
    cfg: &NetworkConfig,
    provider: &DynProvider,
    out: &std::path::Path,
    mailbox: Address,
    router: Address,
    videos: Address,
    collateral: Address,
) -> Result<()> {
    let videos_c = VideoNft::new(videos, provider.clone());
    let registrar = videos_c.REGISTRAR_ROLE().call().await?;
    if !videos_c.hasRole(registrar, router).call().await? {
        send("VideoNft.grantRole(REGISTRAR, router)", videos_c.grantRole(registrar, router)).await?;
    }
    let collateral_c = MinerCollateral::new(collateral, provider.clone());
    let freezer = collateral_c.FREEZER_ROLE().call().await?;
    if !collateral_c.hasRole(freezer, router).call().await? {
        send("MinerCollateral.grantRole(FREEZER, router)", collateral_c.grantRole(freezer, router)).await?;
    }
    super::wire_mailbox(cfg, provider, out, mailbox, router).await
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
        keccak256("REGISTRAR_ROLE"),
        keccak256("GOVERNOR_ROLE"),
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

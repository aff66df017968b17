//! The ink! suite (contracts/ink) on Polkadot Hub, instantiated through the chain's Ethereum RPC:
//! the same five contracts and wiring as the Solidity suite, without tokens (ads and collateral
//! move the native coin, and stake-weighted rounds are refused until a stake token exists there).
//!
//! The ink! contracts have one admin fixed at deployment, with no role hand-over: a network whose
//! admin is another account (a multisig) deploys with that account's key.

use super::{Plan, addr_or, parse_addr, to_u40};
use alloy::primitives::{Address, U256};
use alloy::sol_types::SolConstructor;
use anyhow::{Result, bail};
use tfx_abi::ink::{AdRevenue, MinerCollateral, VideoNft, VideoShares, VoteTally, code};
use tfx_core::{Deployment, NetworkConfig};
use tfx_evm::send;

/// Deploys and configures the ink! suite; returns the final record.
pub(super) async fn deploy(cfg: &NetworkConfig, mut plan: Plan<'_>, deployer: Address) -> Result<Deployment> {
    let provider = plan.provider.clone();
    let admin = addr_or("roles.admin", cfg.roles.admin.as_deref(), deployer)?;
    if admin != deployer {
        bail!(
            "roles.admin is {admin}, but the ink! contracts keep their deployer as admin for good: deploy with \
             that account's key"
        );
    }
    let treasury = addr_or("roles.treasury", cfg.roles.treasury.as_deref(), admin)?;
    let p = &cfg.params;

    let videos = plan.contract("VideoNft", code::VIDEO_NFT, VideoNft::constructorCall { admin }.abi_encode()).await?;
    let shares = plan
        .contract(
            "VideoShares",
            code::VIDEO_SHARES,
            VideoShares::constructorCall { video_nft: videos, admin }.abi_encode(),
        )
        .await?;
    let ads = plan
        .contract(
            "AdRevenue",
            code::AD_REVENUE,
            AdRevenue::constructorCall { videos, shares, creator_cut_bps: p.creator_cut_bps, admin }.abi_encode(),
        )
        .await?;
    let tally = plan
        .contract(
            "VoteTally",
            code::VOTE_TALLY,
            VoteTally::constructorCall { chain_id: U256::from(cfg.chain.chain_id) }.abi_encode(),
        )
        .await?;
    let params = (
        to_u40(p.unbonding_period_secs)?,
        to_u40(p.dispute_window_secs)?,
        to_u40(p.proposal_ttl_secs)?,
        to_u40(p.slash_cap_period_secs)?,
        p.slash_cap_per_period,
        p.approval_threshold,
    );
    let collateral = plan
        .contract(
            "MinerCollateral",
            code::MINER_COLLATERAL,
            MinerCollateral::constructorCall { treasury, params }.abi_encode(),
        )
        .await?;

    super::wire(cfg, &provider, shares, ads, collateral).await?;
    let tally_c = VoteTally::new(tally, provider);
    for o in &cfg.roles.organizers {
        let o = parse_addr("roles.organizers", o)?;
        if !tally_c.isOrganizer(o).call().await? {
            send(&format!("VoteTally.setOrganizer({o})"), tally_c.setOrganizer(o, true)).await?;
        }
    }
    Ok(plan.record)
}

//! The ink! suite (contracts/ink) on Polkadot Hub, instantiated through the chain's Ethereum RPC:
//! the same five contracts, Mailbox, StudioRouter and wiring as the Solidity suite, without tokens
//! (ads and collateral move the native coin, and stake-weighted rounds are refused until a stake
//! token exists there).
//!
//! The ink! contracts have one admin fixed at deployment, with no role hand-over: a network whose
//! admin is another account (a multisig) deploys with that account's key.

use super::{Plan, addr_or, parse_addr, to_u40};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, B256, address};
use alloy::providers::{DynProvider, Provider};
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::{SolCall, SolConstructor};
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
    probe_runtime(&provider).await?;

    let videos = plan
        .contract(
            "VideoNft",
            code::VIDEO_NFT,
            VideoNft::constructorCall {
                admin,
                commit_min_age: to_u40(p.mint_commit_min_age_secs)?,
                commit_max_age: to_u40(p.mint_commit_max_age_secs)?,
            }
            .abi_encode(),
        )
        .await?;
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
    let tally = plan.contract("VoteTally", code::VOTE_TALLY, VoteTally::constructorCall {}.abi_encode()).await?;
    let params = (
        to_u40(p.unbonding_period_secs)?,
        to_u40(p.dispute_window_secs)?,
        to_u40(p.proposal_ttl_secs)?,
        to_u40(p.slash_cap_period_secs)?,
        p.slash_cap_per_period,
        p.approval_threshold,
        to_u40(p.stake_warmup_secs)?,
    );
    let collateral = plan
        .contract(
            "MinerCollateral",
            code::MINER_COLLATERAL,
            MinerCollateral::constructorCall { treasury, params }.abi_encode(),
        )
        .await?;

    let (mailbox, router) =
        plan.crosschain(cfg, code::MAILBOX, code::STUDIO_ROUTER, [videos, tally, ads, collateral]).await?;

    super::wire(cfg, &provider, videos, shares, ads, collateral).await?;
    // The router's two handler rights: ink! keeps one registrar and one freezer account where the
    // Solidity suite grants roles.
    let videos_c = VideoNft::new(videos, provider.clone());
    if videos_c.registrar().call().await? != router {
        send("VideoNft.setRegistrar(router)", videos_c.setRegistrar(router)).await?;
    }
    let collateral_c = MinerCollateral::new(collateral, provider.clone());
    if collateral_c.freezer().call().await? != router {
        send("MinerCollateral.setFreezer(router)", collateral_c.setFreezer(router)).await?;
    }
    super::wire_mailbox(cfg, &provider, plan.out, mailbox, router).await?;
    let tally_c = VoteTally::new(tally, provider);
    for o in &cfg.roles.organizers {
        let o = parse_addr("roles.organizers", o)?;
        if !tally_c.isOrganizer(o).call().await? {
            send(&format!("VoteTally.setOrganizer({o})"), tally_c.setOrganizer(o, true)).await?;
        }
    }
    Ok(plan.record)
}

/// pallet-revive's Storage precompile: ink! 6 reaches `Mapping::contains`, `remove` and `take`
/// through it.
const STORAGE_PRECOMPILE: Address = address!("0000000000000000000000000000000000000901");

alloy::sol! {
    function containsStorage(uint32 flags, bool isFixedKey, bytes key) external returns (bool, uint256);
}

/// Refuses a runtime that does not serve pallet-revive's Storage precompile. The contracts store
/// explicit values and never use those calls, but ink! itself may, and on a runtime without the
/// precompile they would quietly answer "absent" and do nothing. The precompile only serves
/// delegate calls, so a direct `eth_call` to it reverts; an address with nothing there answers
/// with empty success instead.
async fn probe_runtime(provider: &DynProvider) -> Result<()> {
    let probe = containsStorageCall { flags: 0, isFixedKey: false, key: B256::ZERO.to_vec().into() };
    let call = TransactionRequest::default().with_to(STORAGE_PRECOMPILE).with_input(probe.abi_encode());
    match provider.call(call).await {
        Err(alloy::transports::RpcError::ErrorResp(_)) => Ok(()),
        Err(e) => Err(e.into()),
        Ok(_) => bail!(
            "this chain does not serve pallet-revive's Storage precompile at {STORAGE_PRECOMPILE}: it is not a \
             pallet-revive runtime (Polkadot Hub) the ink! suite can run on; deploy the Solidity suite \
             (chain.contracts = \"solidity\") or point the RPC at Polkadot Hub"
        ),
    }
}

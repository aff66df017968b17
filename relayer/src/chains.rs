//! The chains of the cross-chain layer, from the same files the indexer reads: each deployment
//! record with a Mailbox, its network file's RPC and `[crosschain]` finality depth, and the
//! indexer's plan for following it; and each record's VoteTally, for the vote relay.

use alloy::primitives::Address;
use std::path::Path;
use tfx_core::NetworkConfig;
use tfx_indexer::catalog::ContractKind;
use tfx_indexer::config::{ChainPlan, ConfigError, Contracts, Overrides, plan};
use tfx_indexer::evm::EvmSource;
use tfx_indexer::source::{ChainSource, SourceError};

/// One chain as the agents see it.
#[derive(Debug, Clone)]
pub struct ChainEnd {
    /// Name (`deployments/<name>.json`).
    pub name: String,
    /// Chain id, the chain's domain in message routes.
    pub chain_id: u64,
    /// Its RPC URL.
    pub rpc_url: String,
    /// Its Mailbox.
    pub mailbox: Address,
    /// Blocks a dispatch block must lie below the head before it is final.
    pub finality_depth: u64,
    /// How the indexer's engine follows its Mailbox (the plan narrowed to the Mailbox).
    pub plan: ChainPlan,
}

/// Every recorded chain, as the indexer would follow it with `rpc` overriding the network files.
fn plans(deployments: &Path, networks: &Path, rpc: &[(String, String)]) -> Result<Vec<ChainPlan>, ConfigError> {
    let overrides = Overrides {
        rpc: rpc.to_vec(),
        confirmations: None,
        reorg_window: None,
        poll_interval_ms: None,
        batch_rows: 10_000,
    };
    plan(deployments, networks, &[], &overrides)
}

/// Every recorded chain that has a Mailbox.
pub fn load(deployments: &Path, networks: &Path, rpc: &[(String, String)]) -> Result<Vec<ChainEnd>, ConfigError> {
    let mut ends = Vec::new();
    for mut p in plans(deployments, networks, rpc)? {
        let Contracts::Evm(contracts) = &mut p.contracts else {
            tracing::info!(chain = %p.settings.name, "not relayed: the relayer signs and delivers on EVM chains only so far");
            continue;
        };
        let Some(&(mailbox, _)) = contracts.iter().find(|(_, k)| *k == ContractKind::Mailbox) else { continue };
        contracts.retain(|(_, k)| *k == ContractKind::Mailbox);
        let network = NetworkConfig::load(&networks.join(format!("{}.toml", p.settings.name)))?;
        ends.push(ChainEnd {
            name: p.settings.name.clone(),
            chain_id: p.settings.chain_id,
            rpc_url: p.rpc_url.clone(),
            mailbox,
            finality_depth: network.crosschain.finality_depth,
            plan: p,
        });
    }
    Ok(ends)
}

impl ChainEnd {
    /// The contracts its plan follows: its Mailbox ([`load`] keeps EVM chains only).
    pub fn evm_contracts(&self) -> &[(Address, ContractKind)] {
        self.plan.contracts.evm().map_or(&[], Vec::as_slice)
    }
}

/// A chain whose VoteTally the vote relay casts signed votes on.
#[derive(Debug, Clone)]
pub struct TallyEnd {
    /// Name (`deployments/<name>.json`).
    pub name: String,
    /// Chain id (signed votes name it in their domain).
    pub chain_id: u64,
    /// Its RPC URL.
    pub rpc_url: String,
    /// Its VoteTally.
    pub vote_tally: Address,
}

/// Every recorded chain that has a VoteTally.
pub fn tallies(deployments: &Path, networks: &Path, rpc: &[(String, String)]) -> Result<Vec<TallyEnd>, ConfigError> {
    Ok(plans(deployments, networks, rpc)?
        .into_iter()
        .filter_map(|p| {
            let &(vote_tally, _) = p.contracts.evm()?.iter().find(|(_, k)| *k == ContractKind::VoteTally)?;
            Some(TallyEnd { name: p.settings.name, chain_id: p.settings.chain_id, rpc_url: p.rpc_url, vote_tally })
        })
        .collect())
}

/// A source chain: its place in the routes, and the RPC its blocks are checked against.
#[derive(Debug)]
pub struct Origin {
    /// The chain.
    pub end: ChainEnd,
    /// Its RPC, for the head and the canonical hash at a height.
    pub source: EvmSource,
}

impl Origin {
    /// The highest block at finality depth, if the chain is that long.
    pub async fn final_block(&self) -> Result<Option<u64>, SourceError> {
        Ok(self.source.head().await?.number.checked_sub(self.end.finality_depth))
    }

    /// Whether the canonical block at `number` is `hash`: a message is only acted on while the
    /// block it was dispatched in is still the chain's.
    pub async fn is_canonical(&self, number: u64, hash: &[u8]) -> Result<bool, SourceError> {
        Ok(self.source.block(number).await?.is_some_and(|b| b.hash.as_slice() == hash))
    }
}

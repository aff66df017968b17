//! Which chains to follow and how: `deployments/<chain>.json` (contract addresses and deployment
//! blocks) plus the network file's `[chain]` and `[indexer]` sections, then overrides from the
//! environment and flags.

use crate::evm::ContractKind;
use crate::sync::ChainSettings;
use alloy::primitives::Address;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;
use tfx_core::{ContractSuite, Deployment, NetworkConfig};

/// A configuration problem, reported before anything starts.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file could not be read or parsed.
    #[error(transparent)]
    Core(#[from] tfx_core::Error),
    /// No deployments to index.
    #[error("no deployments found in {0} (deploy first, or pass --deployments)")]
    NoDeployments(PathBuf),
    /// A deployment lacks a contract or holds a bad address.
    #[error("{chain}: {message}")]
    Deployment {
        /// Chain.
        chain: String,
        /// What is wrong.
        message: String,
    },
    /// The network file disagrees with the deployment.
    #[error("{chain}: network file says chain id {network}, deployment says {deployment}")]
    ChainIdMismatch {
        /// Chain.
        chain: String,
        /// From the network file.
        network: u64,
        /// From the deployment.
        deployment: u64,
    },
}

/// Overrides applied on top of every chain's network file.
#[derive(Debug, Clone)]
pub struct Overrides {
    /// RPC URL per chain name.
    pub rpc: Vec<(String, String)>,
    /// Confirmations for every chain.
    pub confirmations: Option<u64>,
    /// Reorg window for every chain.
    pub reorg_window: Option<u64>,
    /// Poll interval for every chain, milliseconds.
    pub poll_interval_ms: Option<u64>,
    /// Rows per backfill commit.
    pub batch_rows: usize,
}

/// One chain, resolved: where to read it, what to index, how to follow it.
#[derive(Debug, Clone)]
pub struct ChainPlan {
    /// Sync settings.
    pub settings: ChainSettings,
    /// RPC URL.
    pub rpc_url: String,
    /// Indexed contracts.
    pub contracts: Contracts,
    /// The chain's coin (the network file's `[chain] native`).
    pub native: tfx_core::NativeCoin,
}

/// A chain's indexed contracts, by chain family.
#[derive(Debug, Clone)]
pub enum Contracts {
    /// Solidity or ink! contracts, through the Ethereum JSON-RPC.
    Evm(Vec<(Address, ContractKind)>),
    /// Anchor programs, through Solana's JSON-RPC.
    Solana(Vec<(tfx_solana::Pubkey, ContractKind)>),
}

impl Contracts {
    /// The EVM contracts; `None` on a Solana chain.
    pub fn evm(&self) -> Option<&Vec<(Address, ContractKind)>> {
        match self {
            Contracts::Evm(c) => Some(c),
            Contracts::Solana(_) => None,
        }
    }

    /// Whether the chain has a `kind` contract.
    pub fn has(&self, kind: ContractKind) -> bool {
        match self {
            Contracts::Evm(c) => c.iter().any(|(_, k)| *k == kind),
            Contracts::Solana(c) => c.iter().any(|(_, k)| *k == kind),
        }
    }
}

/// The chains named in `chains`, or every deployment in `deployments` when it is empty.
pub fn plan(
    deployments: &Path,
    networks: &Path,
    chains: &[String],
    o: &Overrides,
) -> Result<Vec<ChainPlan>, ConfigError> {
    let names: Vec<String> = if chains.is_empty() {
        let mut names: Vec<String> = std::fs::read_dir(deployments)
            .map_err(|_| ConfigError::NoDeployments(deployments.to_path_buf()))?
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_string))
            .collect();
        names.sort();
        names
    } else {
        chains.to_vec()
    };
    if names.is_empty() {
        return Err(ConfigError::NoDeployments(deployments.to_path_buf()));
    }
    names.iter().map(|name| plan_chain(name, deployments, networks, o)).collect()
}

fn plan_chain(name: &str, deployments: &Path, networks: &Path, o: &Overrides) -> Result<ChainPlan, ConfigError> {
    let deployment = Deployment::load(deployments, name)?.ok_or_else(|| ConfigError::Deployment {
        chain: name.into(),
        message: format!("no {}", Deployment::path(deployments, name).display()),
    })?;
    let network = NetworkConfig::load(&networks.join(format!("{name}.toml")))?;
    if network.chain.chain_id != deployment.chain_id {
        return Err(ConfigError::ChainIdMismatch {
            chain: name.into(),
            network: network.chain.chain_id,
            deployment: deployment.chain_id,
        });
    }
    let (contracts, start_block) = match network.chain.contracts {
        ContractSuite::Anchor => {
            let (programs, start) = recorded(name, &deployment, crate::solana::PROGRAMS, |a| a.parse().ok())?;
            (Contracts::Solana(programs), start)
        }
        ContractSuite::Solidity | ContractSuite::Ink => {
            let kinds: Vec<ContractKind> = ContractKind::INDEXED.iter().map(|(_, k)| *k).collect();
            let (contracts, start) = recorded(name, &deployment, &kinds, |a| Address::from_str(a).ok())?;
            (Contracts::Evm(contracts), start)
        }
    };
    let ix = &network.indexer;
    let rpc_url =
        o.rpc.iter().find(|(n, _)| n == name).map_or_else(|| network.chain.rpc_url.clone(), |(_, u)| u.clone());
    Ok(ChainPlan {
        settings: ChainSettings {
            chain_id: deployment.chain_id,
            name: name.into(),
            start_block,
            confirmations: o.confirmations.unwrap_or(ix.confirmations),
            reorg_window: o.reorg_window.unwrap_or(ix.reorg_window).max(1),
            poll_interval: Duration::from_millis(o.poll_interval_ms.unwrap_or(ix.poll_interval_ms).max(1)),
            max_range: ix.max_block_range,
            concurrency: ix.concurrency,
            batch_rows: o.batch_rows.max(1),
            stall_after: (ix.stall_after_s > 0).then(|| Duration::from_secs(ix.stall_after_s)),
        },
        rpc_url,
        contracts,
        native: network.chain.native,
    })
}

/// The recorded address of each of `kinds` (required ones must be there) and the lowest deployment
/// block among them, where indexing starts.
fn recorded<A>(
    chain: &str,
    deployment: &Deployment,
    kinds: &[ContractKind],
    parse: impl Fn(&str) -> Option<A>,
) -> Result<(Vec<(A, ContractKind)>, u64), ConfigError> {
    let mut contracts = Vec::new();
    let mut start_block = u64::MAX;
    for kind in kinds {
        let name = kind.name();
        let Some(record) = deployment.contracts.get(name) else {
            if kind.required() {
                return Err(ConfigError::Deployment {
                    chain: chain.into(),
                    message: format!("deployment has no {name}"),
                });
            }
            continue;
        };
        let address = parse(&record.address).ok_or_else(|| ConfigError::Deployment {
            chain: chain.into(),
            message: format!("{name} address {:?} is not one of this chain's", record.address),
        })?;
        contracts.push((address, *kind));
        start_block = start_block.min(record.block);
    }
    Ok((contracts, start_block))
}

/// Parses a `NAME=URL` flag value (`--rpc avalanche=http://..`).
pub fn name_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .ok_or_else(|| format!("expected NAME=URL, got {s:?}"))
}

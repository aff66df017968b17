//! Chain-agnostic TensorFlix types shared by the deployer, the CLI and the indexer (and later
//! the relayer): the contract suite's names, the deployment record written per chain, and the network
//! configuration file format. Nothing here knows a chain family.

mod deployment;
mod error;
mod network;
mod web;

pub use deployment::{ContractRecord, Deployment};
pub use error::{Error, Result};
pub use network::{
    ChainConfig, CollateralAsset, ContractSuite, CrossChain, IndexerParams, NativeCoin, NetworkConfig, Params, Roles,
    SignerConfig, Tokens,
};
pub use web::{WebChain, WebConfig};

/// The contracts of the suite, in deployment order. One name end to end: the Solidity contract, the
/// binding, the key in `deployments/<chain>.json`.
pub const CONTRACTS: &[&str] = &[
    "FlixToken",
    "Stablecoin",
    "VideoNft",
    "VideoShares",
    "AdRevenue",
    "VoteTally",
    "MinerCollateral",
    "Mailbox",
    "StudioRouter",
];

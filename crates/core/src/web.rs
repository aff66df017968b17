//! The dApp's `config.json` (web/src/config.ts reads it): which chains the page offers, their RPC,
//! native coin and contract addresses, and where the API and the vote relay are. The page is
//! built once; this file is what differs per network.

use crate::{Deployment, NetworkConfig};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `config.json` beside the dApp's `index.html`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebConfig {
    /// The indexer API's base URL; empty for the page's own origin (the indexer serves the page).
    pub api: String,
    /// The vote relay's base URL (`tfx-relayer votes`); empty when none runs (no gasless votes).
    pub vote_relay: String,
    /// A video's player: `{playback_id}` is replaced.
    pub player_url: String,
    /// The chains, in the order the page lists them.
    pub chains: Vec<WebChain>,
}

/// One chain as the page sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebChain {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// The deployment's name.
    pub name: String,
    /// JSON-RPC for the page's reads, and offered to a wallet that does not know the chain.
    pub rpc_url: String,
    /// The native coin.
    pub native: crate::NativeCoin,
    /// Contract name -> address, from the deployment record.
    pub contracts: BTreeMap<String, String>,
}

impl WebChain {
    /// The chain `network` describes, with the contracts `deployment` recorded on it.
    pub fn new(network: &NetworkConfig, deployment: &Deployment) -> Self {
        Self {
            chain_id: deployment.chain_id,
            name: deployment.chain.clone(),
            rpc_url: network.chain.rpc_url.clone(),
            native: network.chain.native.clone(),
            contracts: deployment.contracts.iter().map(|(name, c)| (name.clone(), c.address.clone())).collect(),
        }
    }
}

//! Resolving chain, RPC, key and contract addresses from flags, environment and files.

use anyhow::{Context as _, Result};
use clap::Args;
use std::path::PathBuf;
use tfx_core::{Deployment, NetworkConfig, SignerConfig};
use tfx_evm::Suite;
use tfx_evm::alloy::primitives::Address;
use tfx_evm::alloy::providers::DynProvider;
use tfx_evm::alloy::signers::local::PrivateKeySigner;

/// Flags every command takes.
#[derive(Args, Debug, Clone)]
pub(crate) struct Global {
    /// Chain name: selects deployments/<chain>.json and the network file.
    #[arg(long, global = true, env = "TFX_CHAIN", default_value = "avalanche")]
    pub(crate) chain: String,
    /// JSON-RPC URL (default: the chain's network file).
    #[arg(long, global = true, env = "TFX_RPC_URL")]
    pub(crate) rpc: Option<String>,
    /// Directory of deployment records.
    #[arg(long, global = true, env = "TFX_DEPLOYMENTS", default_value = "deployments")]
    pub(crate) deployments: PathBuf,
    /// Directory of network files (<chain>.toml).
    #[arg(long, global = true, env = "TFX_NETWORKS", default_value = "deploy/networks")]
    pub(crate) networks: PathBuf,
    /// Environment variable holding the hex private key.
    #[arg(long, global = true, default_value = "TFX_PRIVATE_KEY")]
    pub(crate) private_key_env: String,
    /// Encrypted keystore file (instead of the key variable).
    #[arg(long, global = true)]
    pub(crate) keystore: Option<PathBuf>,
    /// Environment variable holding the keystore password.
    #[arg(long, global = true, default_value = "TFX_KEYSTORE_PASSWORD")]
    pub(crate) password_env: String,
    /// Solana CLI keypair file: the key on a Solana chain.
    #[arg(long, global = true, env = "TFX_SOLANA_KEYPAIR")]
    pub(crate) keypair: Option<PathBuf>,
    /// The indexer API (for what only the indexer knows: messages' lives across chains).
    #[arg(long, global = true, env = "TFX_API_URL", default_value = "http://127.0.0.1:8080")]
    pub(crate) api: String,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    pub(crate) json: bool,
}

/// A resolved session: the deployment record plus, once connected, the bound contracts.
pub(crate) struct Context {
    pub(crate) global: Global,
    pub(crate) deployment: Deployment,
}

impl Context {
    pub(crate) fn load(global: Global) -> Result<Self> {
        let deployment = Deployment::load(&global.deployments, &global.chain)?.with_context(|| {
            format!(
                "no deployment record {} (deploy first, or pass --deployments)",
                Deployment::path(&global.deployments, &global.chain).display()
            )
        })?;
        Ok(Self { global, deployment })
    }

    pub(crate) fn signer(&self) -> Result<PrivateKeySigner> {
        let cfg = SignerConfig {
            private_key_env: self.global.private_key_env.clone(),
            keystore: self.global.keystore.as_ref().map(|p| p.display().to_string()),
            password_env: self.global.password_env.clone(),
            keypair: None,
        };
        Ok(tfx_evm::load_signer(&cfg)?)
    }

    pub(crate) fn rpc_url(&self) -> Result<String> {
        if let Some(rpc) = &self.global.rpc {
            return Ok(rpc.clone());
        }
        let file = self.global.networks.join(format!("{}.toml", self.global.chain));
        let cfg = NetworkConfig::load(&file)
            .with_context(|| format!("no --rpc given and the network file {} is unusable", file.display()))?;
        Ok(cfg.chain.rpc_url)
    }

    /// Connects with the user's key; read-only commands use a throwaway key when none is set.
    pub(crate) async fn connect(&self, needs_key: bool) -> Result<(Suite, Address)> {
        let signer = match self.signer() {
            Ok(s) => s,
            Err(_) if !needs_key => PrivateKeySigner::random(),
            Err(e) => return Err(e),
        };
        let me = signer.address();
        let (provider, _): (DynProvider, u64) =
            tfx_evm::connect(&self.rpc_url()?, Some(self.deployment.chain_id), signer).await?;
        Ok((Suite::bind(&self.deployment, provider)?, me))
    }

    /// GETs `path` from the indexer API; its JSON, or the API's error message.
    pub(crate) async fn api_get(&self, path: &str) -> Result<serde_json::Value> {
        let body = self.api_text(path).await?;
        serde_json::from_str(&body).with_context(|| format!("{path}: not JSON"))
    }

    /// GETs `path` from the indexer API; its body, or the API's error message.
    pub(crate) async fn api_text(&self, path: &str) -> Result<String> {
        let url = format!("{}{path}", self.global.api.trim_end_matches('/'));
        let response =
            reqwest::get(&url).await.with_context(|| format!("the indexer API at {} (--api)", self.global.api))?;
        let status = response.status();
        let body = response.text().await.with_context(|| format!("{url}: reading the answer"))?;
        if !status.is_success() {
            let error = serde_json::from_str::<serde_json::Value>(&body).ok();
            let message = error.as_ref().and_then(|e| e["error"]["message"].as_str()).unwrap_or(&body);
            anyhow::bail!("{url}: {status}: {message}");
        }
        Ok(body)
    }

    /// The chain id of the chain named `name` in the deployments directory.
    pub(crate) fn chain_id_of(&self, name: &str) -> Result<u64> {
        let record = Deployment::load(&self.global.deployments, name)?.with_context(|| {
            format!("no deployment record {}", Deployment::path(&self.global.deployments, name).display())
        })?;
        Ok(record.chain_id)
    }

    pub(crate) fn address(&self, contract: &str) -> Result<Address> {
        let raw = &self.deployment.contract(contract)?.address;
        raw.parse().with_context(|| format!("invalid {contract} address {raw:?} in deployment record"))
    }
}

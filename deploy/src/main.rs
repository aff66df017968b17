//! `tfx-deploy`: deploys and configures the TensorFlix suite on one chain (the Solidity contracts on an
//! EVM chain, the ink! contracts on Polkadot Hub, the Anchor programs on Solana) from a network TOML file and records addresses and
//! deployment blocks in `deployments/<chain>.json`.
//!
//! Idempotent: contracts already recorded (and with code on chain) are kept, configuration steps
//! check on-chain state first; `--force` redeploys everything.

use anyhow::{Context, Result};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tfx_core::{ContractSuite, NetworkConfig};

mod suite;

/// Deploy the TensorFlix contract suite to one chain.
#[derive(Parser, Debug)]
#[command(name = "tfx-deploy", version)]
struct Args {
    /// Network file (deploy/networks/<name>.toml).
    #[arg(long, short)]
    config: PathBuf,
    /// RPC URL, overriding the file's chain.rpc_url (also TFX_RPC_URL).
    #[arg(long, env = "TFX_RPC_URL")]
    rpc: Option<String>,
    /// Directory of deployment records.
    #[arg(long, default_value = "deployments")]
    out: PathBuf,
    /// Redeploy every contract even if recorded.
    #[arg(long)]
    force: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    match run(Args::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<()> {
    let mut cfg = NetworkConfig::load(&args.config)?;
    if let Some(rpc) = args.rpc.clone() {
        cfg.chain.rpc_url = rpc;
    }
    let deployment = if cfg.chain.contracts == ContractSuite::Anchor {
        suite::anchor::deploy(&cfg, &args.out, args.force).await
    } else {
        deploy_evm(&cfg, &args).await
    };
    let deployment = deployment.with_context(|| format!("deploying to {}", cfg.chain.name))?;
    let path = tfx_core::Deployment::path(&args.out, &deployment.chain);
    println!("{}", serde_json::to_string_pretty(&deployment)?);
    eprintln!("recorded {}", path.display());
    Ok(())
}

/// The Solidity and ink! suites, through the Ethereum JSON-RPC.
async fn deploy_evm(cfg: &NetworkConfig, args: &Args) -> Result<tfx_core::Deployment> {
    let signer = tfx_evm::load_signer(&cfg.signer)?;
    let deployer = signer.address();
    let (provider, _) = tfx_evm::connect(&cfg.chain.rpc_url, Some(cfg.chain.chain_id), signer).await?;
    suite::deploy(cfg, provider, deployer, &args.out, args.force).await
}

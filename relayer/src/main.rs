//! `tfx-relayer`: the cross-chain agents. `attest` runs one attester (its own key, its own
//! database, its own view of every chain); `relay` runs the relayer that gathers their signatures
//! and delivers to each destination Mailbox; `votes` runs the vote relay, which casts voters'
//! signed votes in batches on every chain with a VoteTally.
//!
//! Chains come from the deployment records and network files, as for the indexer (each record with
//! a Mailbox takes part; `[crosschain] finality_depth` gates signing); environment variables
//! override them and flags override both.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::MultiProgress;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tfx_indexer::evm::EvmSource;
use tfx_indexer::follow::{follow, migrate, shutdown_signal};
use tfx_indexer::store::Store;
use tfx_relayer::attester::Attester;
use tfx_relayer::chains::{ChainEnd, Origin, load, tallies};
use tfx_relayer::mailbox::EvmMailbox;
use tfx_relayer::relay::{RelaySettings, Relayer};
use tfx_relayer::votes::VoteQueue;
use tokio::sync::watch;

#[derive(Debug, Parser)]
#[command(name = "tfx-relayer", version)]
struct Cli {
    /// Directory of deployment records.
    #[arg(long, env = "TFX_DEPLOYMENTS", default_value = "deployments", global = true)]
    deployments: PathBuf,
    /// Directory of network files.
    #[arg(long, env = "TFX_NETWORKS", default_value = "deploy/networks", global = true)]
    networks: PathBuf,
    /// RPC URL for a chain, NAME=URL (repeatable; overrides the network file).
    #[arg(long = "rpc", env = "TFX_RELAYER_RPC", value_delimiter = ',', value_parser = tfx_indexer::config::name_value, global = true)]
    rpc: Vec<(String, String)>,
    /// Pause between passes, ms.
    #[arg(long, env = "TFX_RELAYER_POLL_MS", default_value_t = 200, global = true)]
    poll_ms: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign every final message for its destination's attester set, and serve the signatures.
    Attest {
        /// The attester's own database (the Mailbox events it follows and what it signed).
        #[arg(long, env = "TFX_ATTESTER_DATABASE_URL")]
        database_url: String,
        /// Environment variable holding the attester's hex private key.
        #[arg(long, default_value = "TFX_ATTESTER_KEY")]
        key_env: String,
        /// Where to serve `/v1/attestations/{id}`, `/health` and `/metrics`.
        #[arg(long, env = "TFX_ATTESTER_LISTEN", default_value = "127.0.0.1:8091")]
        listen: SocketAddr,
    },
    /// Gather m-of-n signatures and deliver every message to its destination.
    Relay {
        /// The indexer's database (the relayer reads its Mailbox events and keeps `relay_message`).
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// Environment variable holding the relayer's hex private key (it pays for deliveries).
        #[arg(long, default_value = "TFX_RELAYER_KEY")]
        key_env: String,
        /// Base URL of an attester (repeatable).
        #[arg(long = "attester", env = "TFX_ATTESTERS", value_delimiter = ',', required = true)]
        attesters: Vec<String>,
        /// Where to serve `/health` and `/metrics`.
        #[arg(long, env = "TFX_RELAYER_LISTEN", default_value = "127.0.0.1:8090")]
        listen: SocketAddr,
        /// Replace a delivery not mined after this long with higher fees, ms.
        #[arg(long, default_value_t = 15_000)]
        bump_after_ms: u64,
    },
    /// Take signed votes at `POST /v1/votes` and cast them in `voteBySigBatch` transactions.
    Votes {
        /// The indexer's database (the relay keeps `relayed_vote` beside `vote_cast`).
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// Environment variable holding the vote relay's hex private key (it pays for the votes;
        /// keep it apart from the message relayer's, whose nonces it would race).
        #[arg(long, default_value = "TFX_VOTE_RELAY_KEY")]
        key_env: String,
        /// Where to serve `/v1/votes`, `/health` and `/metrics`.
        #[arg(long, env = "TFX_VOTE_RELAY_LISTEN", default_value = "127.0.0.1:8094")]
        listen: SocketAddr,
    },
}

fn key(var: &str) -> Result<alloy::signers::local::PrivateKeySigner> {
    let hex = std::env::var(var).with_context(|| format!("set ${var} to the agent's hex private key"))?;
    Ok(tfx_evm::signer_from_hex(&hex)?)
}

#[tokio::main]
async fn main() -> Result<()> {
    tfx_indexer::follow::init_logging();
    let cli = Cli::parse();
    let metrics = metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder().ok();
    let poll = Duration::from_millis(cli.poll_ms.max(1));
    let (stop, shutdown) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    match cli.command {
        Command::Attest { database_url, key_env, listen } => {
            let chains = mailbox_chains(&cli.deployments, &cli.networks, &cli.rpc)?;
            let key = key(&key_env)?;
            let store = Store::connect_lazy(&database_url, 8).context("bad attester database URL")?;
            migrate(&store).await.context("migrating the attester's database")?;
            tfx_relayer::attester_migrator().run(store.pool()).await.context("migrating the attester's tables")?;
            let bars = MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden());
            for end in &chains {
                let instance = format!("attester/{}", key.address());
                tasks.spawn(follow(end.plan.clone(), store.clone(), instance, shutdown.clone(), bars.clone()));
            }
            let mut destinations = HashMap::new();
            for end in &chains {
                destinations.insert(end.chain_id, mailbox(end, None).await?);
            }
            serve(listen, tfx_relayer::http::attester_router(store.pool().clone(), key.address(), metrics), &shutdown)
                .await?;
            let attester = Attester::new(key, store.pool().clone(), origins(&chains).await?, destinations, poll);
            tasks.spawn(async move {
                attester.run(shutdown).await;
                Ok(())
            });
        }
        Command::Relay { database_url, key_env, attesters, listen, bump_after_ms } => {
            let chains = mailbox_chains(&cli.deployments, &cli.networks, &cli.rpc)?;
            let key = key(&key_env)?;
            let store = Store::connect_lazy(&database_url, 4).context("bad DATABASE_URL")?;
            migrate(&store).await.context("migrating the indexer's database")?;
            let mut destinations = HashMap::new();
            for end in &chains {
                destinations.insert(end.chain_id, mailbox(end, Some(key.clone())).await?);
            }
            serve(listen, tfx_relayer::http::relayer_router(metrics), &shutdown).await?;
            let cfg = RelaySettings { poll, bump_after: Duration::from_millis(bump_after_ms), max_bumps: 5 };
            let relayer = Relayer::new(store.pool().clone(), origins(&chains).await?, destinations, attesters, cfg);
            tasks.spawn(async move {
                relayer.run(shutdown).await;
                Ok(())
            });
        }
        Command::Votes { database_url, key_env, listen } => {
            let ends = tallies(&cli.deployments, &cli.networks, &cli.rpc)?;
            anyhow::ensure!(!ends.is_empty(), "no chain with a VoteTally in {}", cli.deployments.display());
            let key = key(&key_env)?;
            let store = Store::connect_lazy(&database_url, 8).context("bad DATABASE_URL")?;
            migrate(&store).await.context("migrating the indexer's database")?;
            tfx_relayer::vote_migrator().run(store.pool()).await.context("migrating the vote relay's table")?;
            let queue = retry_forever("vote relay", || VoteQueue::connect(store.pool().clone(), &ends, &key)).await?;
            serve(listen, tfx_relayer::http::vote_router(queue.clone(), metrics), &shutdown).await?;
            tasks.spawn(async move {
                queue.run(poll, shutdown).await;
                Ok(())
            });
        }
    }
    tokio::select! {
        _ = shutdown_signal() => tracing::info!("shutting down"),
        Some(ended) = tasks.join_next() => tracing::error!(?ended, "a task ended early"),
    }
    let _ = stop.send(true);
    if tokio::time::timeout(Duration::from_secs(3), async { while tasks.join_next().await.is_some() {} }).await.is_err()
    {
        tasks.shutdown().await;
    }
    Ok(())
}

/// The chains with a Mailbox: at least two, or there is nothing to carry.
fn mailbox_chains(deployments: &Path, networks: &Path, rpc: &[(String, String)]) -> Result<Vec<ChainEnd>> {
    let chains = load(deployments, networks, rpc)?;
    anyhow::ensure!(
        chains.len() >= 2,
        "{} chain(s) with a Mailbox in {}: nothing to carry",
        chains.len(),
        deployments.display()
    );
    Ok(chains)
}

async fn mailbox(end: &ChainEnd, signer: Option<alloy::signers::local::PrivateKeySigner>) -> Result<EvmMailbox> {
    retry_forever(&end.name, || EvmMailbox::connect(&end.rpc_url, end.chain_id, end.mailbox, signer.clone())).await
}

async fn origins(chains: &[ChainEnd]) -> Result<Vec<Origin>> {
    let mut out = Vec::new();
    for end in chains {
        let source = retry_forever(&end.name, || {
            EvmSource::connect(&end.rpc_url, end.chain_id, end.plan.native.clone(), end.evm_contracts())
        })
        .await?;
        out.push(Origin { end: end.clone(), source });
    }
    Ok(out)
}

/// Connects, retrying while the node is unreachable (a chain that starts later is waited for).
async fn retry_forever<T, E: std::fmt::Display, Fut: Future<Output = Result<T, E>>>(
    chain: &str,
    f: impl Fn() -> Fut,
) -> Result<T> {
    let mut delay = Duration::from_millis(100);
    loop {
        match f().await {
            Ok(v) => return Ok(v),
            Err(e) => {
                tracing::warn!(chain, error = %e, "cannot reach the chain, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

async fn serve(listen: SocketAddr, app: axum::Router, shutdown: &watch::Receiver<bool>) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
    tracing::info!(url = %format!("http://{listen}"), "serving");
    let mut shutdown = shutdown.clone();
    tokio::spawn(async move {
        let graceful = async move {
            let _ = shutdown.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(graceful).await {
            tracing::error!(error = %e, "HTTP server failed");
        }
    });
    Ok(())
}

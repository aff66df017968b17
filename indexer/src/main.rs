//! `tfx-indexer`: follows the configured chains into PostgreSQL and serves the query API.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::MultiProgress;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tfx_indexer::api::PoolLimits;
use tfx_indexer::config::{Overrides, plan};
use tfx_indexer::follow::{follow, migrate, shutdown_signal};
use tfx_indexer::store::Store;
use tokio::sync::watch;

/// Mirrors every TensorFlix contract event into PostgreSQL and serves a JSON API for dApps.
///
/// Chains come from `<deployments>/<chain>.json` (written by tfx-deploy) and
/// `<networks>/<chain>.toml` (RPC URL and the `[indexer]` section: confirmations, reorg_window,
/// poll_interval_ms, max_block_range, concurrency). Environment variables override the files,
/// flags override both. The schema is migrated on start. Safe to kill at any moment: it resumes
/// from the last committed block with no gap and no duplicate.
#[derive(Debug, Parser)]
#[command(name = "tfx-indexer", version)]
struct Cli {
    /// PostgreSQL URL, e.g. postgres://user:pass@127.0.0.1:5432/tensorflix.
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// PostgreSQL URL the API reads from (e.g. a streaming replica); default: --database-url.
    #[arg(long, env = "TFX_API_DATABASE_URL")]
    api_database_url: Option<String>,
    /// Connections of the API's own pool (the writer has its own).
    #[arg(long, env = "TFX_API_CONNECTIONS", default_value_t = 8)]
    api_connections: u32,
    /// Longest an API query may run before it is cancelled and answered 503, ms.
    #[arg(long, env = "TFX_API_STATEMENT_TIMEOUT_MS", default_value_t = 2_000)]
    api_statement_timeout_ms: u64,
    /// Directory of deployment records.
    #[arg(long, env = "TFX_DEPLOYMENTS", default_value = "deployments")]
    deployments: PathBuf,
    /// Directory of network files.
    #[arg(long, env = "TFX_NETWORKS", default_value = "deploy/networks")]
    networks: PathBuf,
    /// Chains to follow (default: every deployment record).
    #[arg(long = "chain", env = "TFX_INDEXER_CHAINS", value_delimiter = ',')]
    chains: Vec<String>,
    /// RPC URL for a chain, NAME=URL (repeatable; overrides the network file).
    #[arg(long = "rpc", env = "TFX_INDEXER_RPC", value_delimiter = ',', value_parser = tfx_indexer::config::name_value)]
    rpc: Vec<(String, String)>,
    /// API listen address.
    #[arg(long, env = "TFX_API_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Do not serve the API (index only).
    #[arg(long)]
    no_api: bool,
    /// A directory of static files to serve at `/` beside the API: the built dApp (`web/dist`,
    /// written by `cargo xtask web`, with its `config.json`).
    #[arg(long, env = "TFX_WEB_DIR")]
    web_dir: Option<PathBuf>,
    /// Where a video plays, `{playback_id}` replaced: the `animation_url` of the ERC-721 metadata
    /// at `/v1/metadata/{chain_id}/{video_id}` (e.g. `https://lvpr.tv/?v={playback_id}`).
    #[arg(long, env = "TFX_PLAYER_URL")]
    player_url: Option<String>,
    /// Confirmations for every chain (overrides the network files).
    #[arg(long)]
    confirmations: Option<u64>,
    /// Reorg window for every chain, blocks (overrides the network files).
    #[arg(long)]
    reorg_window: Option<u64>,
    /// Head polling interval for every chain, ms (overrides the network files).
    #[arg(long)]
    poll_interval_ms: Option<u64>,
    /// Rows per backfill commit (each commit also moves the checkpoint).
    #[arg(long, env = "TFX_INDEXER_BATCH_ROWS", default_value_t = 200_000)]
    batch_rows: usize,
    /// Serve the API only (no chain is followed and no migration runs): for API processes reading
    /// a replica beside the indexing ones.
    #[arg(long, conflicts_with = "no_api")]
    no_sync: bool,
    /// This process's name in `/v1/chains`' `writer` (default: host name and process id).
    #[arg(long, env = "TFX_INDEXER_INSTANCE", default_value_t = default_instance())]
    instance: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a digest of every event table (row count and md5 of the rows), to compare databases.
    Digest,
    /// Print the event tables' schema, generated from the event catalog and the ABI (the content of
    /// indexer/schema/events.sql).
    Schema,
    /// Print the API's OpenAPI document (the content of indexer/openapi.json).
    Openapi,
}

fn default_instance() -> String {
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_owned()).unwrap_or_default();
    format!("{}/{}", if host.is_empty() { "localhost" } else { &host }, std::process::id())
}

#[tokio::main]
async fn main() -> Result<()> {
    tfx_indexer::follow::init_logging();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Schema) => {
            print!("{}", tfx_indexer::catalog::catalog().ddl());
            return Ok(());
        }
        Some(Command::Openapi) => {
            print!("{}", tfx_indexer::api::openapi());
            return Ok(());
        }
        _ => {}
    }
    let url = cli.database_url.clone().context("set DATABASE_URL or pass --database-url")?;
    let store = Store::connect_lazy(&url, WRITER_CONNECTIONS).context("bad DATABASE_URL")?;
    if let Some(Command::Digest) = cli.command {
        for (table, digest) in store.digest().await? {
            println!("{table} {digest}");
        }
        return Ok(());
    }
    let overrides = Overrides {
        rpc: cli.rpc.clone(),
        confirmations: cli.confirmations,
        reorg_window: cli.reorg_window,
        poll_interval_ms: cli.poll_interval_ms,
        batch_rows: cli.batch_rows,
    };
    let plans = if cli.no_sync { Vec::new() } else { plan(&cli.deployments, &cli.networks, &cli.chains, &overrides)? };
    if !cli.no_sync {
        migrate(&store).await.context("migrating the database")?;
    }
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder().ok();

    let (stop, shutdown) = watch::channel(false);
    if !cli.no_api {
        let listener =
            tokio::net::TcpListener::bind(cli.listen).await.with_context(|| format!("binding {}", cli.listen))?;
        let limits = PoolLimits {
            max_connections: cli.api_connections,
            statement_timeout: Duration::from_millis(cli.api_statement_timeout_ms),
            ..PoolLimits::default()
        };
        let api_url = cli.api_database_url.as_deref().unwrap_or(&url);
        let pool = tfx_indexer::api::connect(api_url, limits).context("bad API database URL")?;
        let site = tfx_indexer::api::Site { web_dir: cli.web_dir.clone(), player_url: cli.player_url.clone() };
        let app = tfx_indexer::api::router(pool, recorder, site);
        let mut api_shutdown = shutdown.clone();
        tracing::info!(url = %format!("http://{}", cli.listen), "API listening");
        tokio::spawn(async move {
            let graceful = async move {
                let _ = api_shutdown.wait_for(|s| *s).await;
            };
            if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(graceful).await {
                tracing::error!(error = %e, "API server failed");
            }
        });
    }

    let bars = MultiProgress::new();
    let mut tasks = tokio::task::JoinSet::new();
    for p in plans {
        tasks.spawn(follow(p, store.clone(), cli.instance.clone(), shutdown.clone(), bars.clone()));
    }
    // Chains that end early (a wrong chain id, a halt) are reported as they end; the API keeps
    // serving the others until a signal.
    tokio::select! {
        _ = shutdown_signal() => tracing::info!("shutting down"),
        _ = async { while let Some(r) = tasks.join_next().await { report(r) } std::future::pending::<()>().await } => {}
    }
    let _ = stop.send(true);
    let drain = async {
        while let Some(r) = tasks.join_next().await {
            report(r);
        }
    };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        // A chain stuck retrying a dead RPC or database would hold the process for minutes. Every
        // commit is one transaction, so stopping it mid-way leaves nothing half-written: the
        // server rolls back what the dropped connection had open, and the next start redoes it.
        tracing::warn!(grace = ?SHUTDOWN_GRACE, "chains still busy at shutdown, stopping them");
        tasks.shutdown().await;
    }
    Ok(())
}

/// Connections the sync engine writes through (one commit per chain at a time, plus rollbacks and
/// head updates).
const WRITER_CONNECTIONS: u32 = 8;

/// How long chains get to finish their current step after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

fn report(ended: Result<Result<()>, tokio::task::JoinError>) {
    match ended {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = format!("{e:#}"), "chain ended with an error"),
        Err(e) => tracing::error!(error = %e, "chain task panicked"),
    }
}

//! Running the sync engine in a process: one task per chain under the chain's lease, the
//! migrations retried while the database comes up, and the signals that stop it. The indexer and
//! the cross-chain agents (which follow the Mailbox with the same engine) start chains this way.

use crate::config::{ChainPlan, Contracts};
use crate::evm::EvmSource;
use crate::metrics;
use crate::progress::Progress;
use crate::solana::SolanaSource;
use crate::source::{ChainSource, SourceError};
use crate::store::{Store, StoreError};
use crate::sync::{ChainSync, report_rpc_failure, retry};
use anyhow::Context;
use indicatif::MultiProgress;
use std::time::Duration;
use tokio::sync::watch;

/// Follows one chain for as long as this process holds the chain's lease: several processes may
/// run against one database, and each chain is written by exactly one of them at a time. The
/// others wait; when the holder dies its database session ends, the lock with it, and one of them
/// takes the chain over from its checkpoint. A holder whose lease connection breaks (a database
/// restart drops every lock) stops writing at once and competes for the lease again.
pub async fn follow(
    p: ChainPlan,
    store: Store,
    instance: String,
    mut shutdown: watch::Receiver<bool>,
    bars: MultiProgress,
) -> anyhow::Result<()> {
    let (name, chain_id) = (p.settings.name.clone(), p.settings.chain_id);
    loop {
        let acquire = || store.lease(chain_id);
        let mut lease = tokio::select! {
            lease = retry(&name, "lease", metrics::DB_ERRORS, acquire, |e: &StoreError, _| e.is_transient()) => lease?,
            _ = shutdown.wait_for(|s| *s) => return Ok(()),
        };
        tracing::info!(chain = %name, %instance, "holding the chain's lease: following it");
        let sync = async {
            // Listed in /v1/chains (and /health degraded) from the start, with the RPC's error
            // while it cannot be reached.
            let s = &p.settings;
            let register = || store.register(chain_id, &name, s.start_block, s.confirmations, s.stall_after, &instance);
            retry(&name, "register", metrics::DB_ERRORS, register, |e: &StoreError, _| e.is_transient()).await?;
            match &p.contracts {
                Contracts::Evm(contracts) => {
                    let connect = || EvmSource::connect(&p.rpc_url, chain_id, p.native.clone(), contracts);
                    run(&p, &store, connect, shutdown.clone(), &bars).await
                }
                Contracts::Solana(programs) => {
                    let connect = || SolanaSource::connect(&p.rpc_url, chain_id, programs);
                    run(&p, &store, connect, shutdown.clone(), &bars).await
                }
            }
        };
        tokio::select! {
            done = sync => return done,
            () = lease.lost() => {
                tracing::warn!(chain = %name, "lost the chain's lease (database connection broken): stopped writing, competing for it again");
            }
        }
    }
}

/// Connects to the chain (retrying while its node cannot be reached) and syncs it until shutdown.
async fn run<S, F, Fut>(
    p: &ChainPlan,
    store: &Store,
    connect: F,
    shutdown: watch::Receiver<bool>,
    bars: &MultiProgress,
) -> anyhow::Result<()>
where
    S: ChainSource,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<S, SourceError>>,
{
    let name = &p.settings.name;
    let report = report_rpc_failure(store.clone(), p.settings.chain_id, name.clone(), format!("connect {}", p.rpc_url));
    let source = retry(name, "connect", metrics::RPC_ERRORS, connect, report)
        .await
        .map_err(|e| anyhow::anyhow!("{name} ({}): {e}", p.rpc_url))?;
    let progress = Progress::new(name, bars);
    ChainSync::new(source, store.clone(), p.settings.clone(), progress)
        .run(shutdown)
        .await
        .with_context(|| format!("chain {name}"))
}

/// Structured logs to stderr, filtered by `RUST_LOG` (default: info, sqlx's warnings only).
pub fn init_logging() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
}

/// Migrates the database, retrying for a minute while it is not reachable yet.
pub async fn migrate(store: &Store) -> Result<(), StoreError> {
    let mut attempts = 0;
    loop {
        match store.migrate().await {
            Ok(()) => return Ok(()),
            Err(e) if e.is_transient() && attempts < 60 => {
                attempts += 1;
                tracing::warn!(error = %e, "database not reachable, retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return ctrl_c.await.unwrap_or(()),
        };
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    ctrl_c.await.unwrap_or(());
}

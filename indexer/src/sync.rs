//! The per-chain sync engine: backfill in adaptive, concurrent `eth_getLogs` ranges written in
//! order; then follow the head block by block, checking every new block's parent against the
//! stored hashes and unwinding to the fork point when they disagree.

use crate::metrics as m;
use crate::progress::Progress;
use crate::rows::Rows;
use crate::source::{BlockRef, ChainSource, Fetched, SourceError};
use crate::store::{Batch, Checkpoint, Store, StoreError};
use futures::StreamExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How one chain is followed.
#[derive(Debug, Clone)]
pub struct ChainSettings {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Name (`deployments/<name>.json`).
    pub name: String,
    /// Earliest contract deployment block.
    pub start_block: u64,
    /// Blocks below the head before a block is final.
    pub confirmations: u64,
    /// Recent block hashes kept; a deeper reorg halts the chain.
    pub reorg_window: u64,
    /// Head polling interval.
    pub poll_interval: Duration,
    /// Upper bound of one getLogs range.
    pub max_range: u64,
    /// getLogs requests in flight.
    pub concurrency: usize,
    /// Rows per backfill commit: big enough that COPY dominates, small enough to bound memory and
    /// the work a crash throws away.
    pub batch_rows: usize,
    /// How long the head may stay at one block before the API reports the chain `stalled`
    /// (`None`: never, for chains that mine on demand).
    pub stall_after: Option<Duration>,
}

/// Why a chain stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A reorg deeper than the window: the database cannot be repaired automatically.
    #[error("halted: {0}")]
    Halted(String),
    /// A database error that retrying cannot fix.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A chain error that retrying cannot fix.
    #[error(transparent)]
    Source(#[from] SourceError),
}

/// Blocks in the first getLogs range; it doubles from there while responses stay small. One
/// block, because a process knows nothing of the chain's density when it starts: a first range of
/// dense blocks can take longer than a short-lived process lives, and then it never commits.
const FIRST_RANGE: u64 = 1;
/// Events per getLogs response the range size steers toward.
const TARGET_EVENTS: usize = 10_000;
/// Headers requested at once while checking a tail of blocks.
const HEADER_CONCURRENCY: usize = 16;
/// Consecutive malformed answers to one call after which the chain is reported `halted` (it keeps
/// retrying, and resumes by itself once the node answers consistently again).
pub const MALFORMED_HALT_AFTER: u32 = 8;
/// The longest a backfill holds fetched rows before committing them: a process restarted every
/// few seconds still advances. The first batch commits at once, the next after 125 ms, doubling.
const MAX_FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// How often an idle chain tells the database its node still answers (`chains.checked_at`).
const HEARTBEAT: Duration = Duration::from_secs(2);

enum Step {
    /// Indexed something (or unwound): look again at once.
    Progressed,
    /// At the head: wait for the next poll.
    Idle,
}

/// Follows one chain into the store until `shutdown` turns true.
#[derive(Debug)]
pub struct ChainSync<S> {
    source: Arc<S>,
    store: Store,
    cfg: ChainSettings,
    range: AtomicU64,
    /// The head last written to `chains.head_block` while idle, and when (a write per poll would
    /// be waste).
    recorded_head: AtomicU64,
    heartbeat_at: std::sync::Mutex<Instant>,
    progress: Progress,
}

impl<S: ChainSource> ChainSync<S> {
    /// A sync for `cfg`'s chain reading `source` into `store`.
    pub fn new(source: S, store: Store, cfg: ChainSettings, progress: Progress) -> Self {
        let range = AtomicU64::new(cfg.max_range.min(FIRST_RANGE));
        Self {
            source: Arc::new(source),
            store,
            cfg,
            range,
            recorded_head: AtomicU64::new(u64::MAX),
            heartbeat_at: std::sync::Mutex::new(Instant::now()),
            progress,
        }
    }

    /// Runs until shutdown (Ok) or a failure retrying cannot fix (Err; the chain is then halted).
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) -> Result<(), SyncError> {
        let c = &self.cfg;
        let mut cp = self.db("load checkpoint", || self.store.checkpoint(c.chain_id)).await?;
        tracing::info!(chain = %c.name, chain_id = c.chain_id, indexed_block = cp.indexed_block, "sync starting");
        // Informational for dApps (the unit of every amount): read with retries while the node is
        // unreachable; a contract that answers with a revert is logged, not a reason to stop
        // indexing its events.
        match self.rpc("assets", || self.source.assets()).await {
            Ok(Some(assets)) => self.db("store assets", || self.store.set_assets(c.chain_id, &assets)).await?,
            Ok(None) => {}
            Err(e) => tracing::warn!(chain = %c.name, error = %e, "could not read the suite's assets"),
        }
        // Whatever happened while we were down, first make sure our tip is still canonical.
        if let Some(&tip) = cp.recent.get(&cp.indexed_block) {
            let canonical = self.rpc("block", || self.source.block(tip.number)).await?;
            if canonical.map(|b| b.hash) != Some(tip.hash) {
                self.unwind(&mut cp).await?;
            }
        }
        let result = loop {
            if *shutdown.borrow() {
                break Ok(());
            }
            let step = match self.rpc("head", || self.source.head()).await {
                Ok(head) => self.step(&mut cp, head).await,
                Err(e) => Err(e),
            };
            match step {
                Ok(Step::Progressed) => {}
                Ok(Step::Idle) => {
                    tokio::select! {
                        _ = tokio::time::sleep(c.poll_interval) => {}
                        _ = shutdown.changed() => {}
                    }
                }
                Err(e) => break Err(e),
            }
        };
        self.progress.finish();
        if let Err(e) = &result {
            tracing::error!(chain = %c.name, error = %e, "chain stopped");
            metrics::gauge!(m::HALTED, "chain" => c.name.clone()).set(1.0);
            let _ = self.store.record_error(c.chain_id, &e.to_string(), true).await;
        }
        result
    }

    async fn step(&self, cp: &mut Checkpoint, head: BlockRef) -> Result<Step, SyncError> {
        let c = &self.cfg;
        metrics::gauge!(m::HEAD_BLOCK, "chain" => c.name.clone()).set(head.number as f64);
        metrics::gauge!(m::LAG_BLOCKS, "chain" => c.name.clone())
            .set(head.number.saturating_sub(cp.indexed_block) as f64);
        let tip = cp.indexed_block;
        if head.number <= tip {
            let diverged = match cp.recent.get(&tip) {
                Some(stored) => head.number < tip || head.hash != stored.hash,
                None => false,
            };
            if diverged {
                self.unwind(cp).await?;
                return Ok(Step::Progressed);
            }
            let moved = self.recorded_head.swap(head.number, Ordering::Relaxed) != head.number;
            let due = self.heartbeat_at.lock().map(|at| at.elapsed() >= HEARTBEAT).unwrap_or(true);
            if moved || due {
                self.db("record head", || self.store.set_head(c.chain_id, head.number, "live")).await?;
                if let Ok(mut at) = self.heartbeat_at.lock() {
                    *at = Instant::now();
                }
            }
            return Ok(Step::Idle);
        }
        let final_end = head.number.saturating_sub(c.reorg_window);
        if tip < final_end {
            self.backfill(cp, tip + 1, final_end, head.number).await?;
        } else {
            // Inside the window too, as many blocks at a time as the adaptive range allows: a
            // young chain's whole history can lie there.
            let to = head.number.min(tip + self.range.load(Ordering::Relaxed));
            self.tail(cp, tip + 1, to, head.number).await?;
        }
        Ok(Step::Progressed)
    }

    /// Blocks `from..=to` lie below the reorg window: fetch many ranges at once (each on its own
    /// task, so JSON parsing runs beside the writer), commit in order while the next ranges arrive.
    async fn backfill(&self, cp: &mut Checkpoint, from: u64, to: u64, head: u64) -> Result<(), SyncError> {
        let c = &self.cfg;
        self.progress.start(from, to);
        let mut next = from;
        let ranges = futures::stream::iter(std::iter::from_fn(|| {
            let lo = next;
            if lo > to {
                return None;
            }
            let hi = to.min(lo + self.range.load(Ordering::Relaxed) - 1);
            next = hi + 1;
            Some((lo, hi))
        }));
        let mut fetched = ranges
            .map(|(lo, hi)| {
                let (source, chain) = (self.source.clone(), c.name.clone());
                let report = self.report("eth_getLogs");
                tokio::spawn(async move {
                    let started = Instant::now();
                    let f = retry(&chain, "eth_getLogs", m::RPC_ERRORS, || source.fetch(lo, hi), report).await?;
                    Ok::<_, SourceError>((hi, f, started.elapsed()))
                })
            })
            .buffered(c.concurrency);
        let (batches, mut ready) = tokio::sync::mpsc::channel::<(u64, u64, Rows, usize)>(1);
        let produce = async move {
            let (mut batch, mut batch_from, mut events, mut started) = (Rows::default(), from, 0, Instant::now());
            let mut flush_after = Duration::ZERO;
            while let Some(joined) = fetched.next().await {
                let (hi, f, took) = joined.map_err(|e| SourceError::Malformed(format!("fetch task: {e}")))??;
                self.adapt(f.events, took);
                events += f.events;
                batch.append(f.rows);
                if batch.len() >= c.batch_rows || hi == to || started.elapsed() >= flush_after {
                    let full = (batch_from, hi, std::mem::take(&mut batch), std::mem::take(&mut events));
                    if batches.send(full).await.is_err() {
                        break; // The writer failed; its error is the one to report.
                    }
                    (batch_from, started) = (hi + 1, Instant::now());
                    flush_after = (flush_after * 2).clamp(MAX_FLUSH_INTERVAL / 8, MAX_FLUSH_INTERVAL);
                }
            }
            Ok::<_, SyncError>(())
        };
        let write = async {
            while let Some((lo, hi, rows, events)) = ready.recv().await {
                let prune_below = hi.saturating_sub(c.reorg_window);
                let b = Batch {
                    chain_id: c.chain_id,
                    from: lo,
                    to: hi,
                    rows: &rows,
                    blocks: &[],
                    prune_below,
                    head,
                    status: "backfill",
                };
                self.commit(&b, events).await?;
                cp.indexed_block = hi;
                cp.recent.retain(|n, _| *n >= prune_below);
                self.progress.advance(hi, events);
            }
            Ok::<_, SyncError>(())
        };
        futures::try_join!(produce, write)?;
        Ok(())
    }

    /// Grows the getLogs range while responses are small and quick, shrinks it when they are big.
    fn adapt(&self, events: usize, took: Duration) {
        let size = self.range.load(Ordering::Relaxed);
        let new = if events > TARGET_EVENTS * 2 || took > Duration::from_secs(5) {
            (size / 2).max(1)
        } else if events < TARGET_EVENTS / 2 && took < Duration::from_secs(1) {
            (size * 2).min(self.cfg.max_range)
        } else {
            size
        };
        self.range.store(new, Ordering::Relaxed);
    }

    /// Blocks `from..=to` lie inside the reorg window: fetch their headers, check they extend what
    /// is stored, fetch their logs, check those came from the same blocks, commit with the headers.
    async fn tail(&self, cp: &mut Checkpoint, from: u64, to: u64, head: u64) -> Result<(), SyncError> {
        let c = &self.cfg;
        let headers: Vec<Option<BlockRef>> = futures::stream::iter(from..=to)
            .map(|n| self.rpc("block", move || self.source.block(n)))
            .buffered(HEADER_CONCURRENCY)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<Result<_, _>>()?;
        let Some(headers) = headers.into_iter().collect::<Option<Vec<_>>>() else {
            return Ok(()); // The chain got shorter under us: look at the head again.
        };
        if let (Some(first), Some(parent)) = (headers.first(), cp.recent.get(&(from - 1)))
            && first.parent_hash != parent.hash
        {
            return self.unwind(cp).await;
        }
        if headers.windows(2).any(|w| w[1].parent_hash != w[0].hash) {
            return Ok(()); // Headers from both sides of a reorg in flight: look again.
        }
        let started = Instant::now();
        let f: Fetched = self.rpc("eth_getLogs", || self.source.fetch(from, to)).await?;
        self.adapt(f.events, started.elapsed());
        let consistent =
            f.block_hashes.iter().all(|(n, h)| headers.get((n - from) as usize).is_some_and(|b| b.hash == *h));
        if !consistent {
            return Ok(()); // Logs from a block the headers do not show: a reorg in flight.
        }
        let b = Batch {
            chain_id: c.chain_id,
            from,
            to,
            rows: &f.rows,
            blocks: &headers,
            prune_below: to.saturating_sub(c.reorg_window),
            head,
            status: if to == head { "live" } else { "backfill" },
        };
        self.commit(&b, f.events).await?;
        cp.indexed_block = to;
        cp.recent.extend(headers.iter().map(|h| (h.number, *h)));
        cp.recent.retain(|n, _| *n >= b.prune_below);
        Ok(())
    }

    /// Finds the highest stored block still canonical and rolls everything above it back.
    async fn unwind(&self, cp: &mut Checkpoint) -> Result<(), SyncError> {
        let c = &self.cfg;
        let mut fork = None;
        for (n, stored) in cp.recent.iter().rev() {
            let canonical = self.rpc("block", || self.source.block(*n)).await?;
            if canonical.is_some_and(|b| b.hash == stored.hash) {
                fork = Some(*n);
                break;
            }
        }
        let Some(fork) = fork else {
            let oldest = cp.recent.keys().next().copied().unwrap_or_default();
            return Err(SyncError::Halted(format!(
                "reorg deeper than the {}-block window: no stored block from {oldest} to {} is canonical any more; \
                 re-index this chain from scratch or raise indexer.reorg_window",
                c.reorg_window, cp.indexed_block
            )));
        };
        if fork == cp.indexed_block {
            return Ok(()); // The node was briefly behind us (e.g. a lagging load-balanced backend).
        }
        let depth = cp.indexed_block - fork;
        let deleted = self.db("rollback", || self.store.rollback(c.chain_id, fork)).await?;
        tracing::warn!(chain = %c.name, fork_block = fork, depth, rows_deleted = deleted, "reorg: rolled back to the fork point");
        metrics::counter!(m::REORGS, "chain" => c.name.clone()).increment(1);
        cp.indexed_block = fork;
        cp.recent.retain(|n, _| *n <= fork);
        Ok(())
    }

    async fn commit(&self, b: &Batch<'_>, events: usize) -> Result<(), SyncError> {
        let started = Instant::now();
        self.db("commit", || self.store.commit(b)).await?;
        metrics::counter!(m::STAGE_MICROS, "stage" => "write").increment(started.elapsed().as_micros() as u64);
        metrics::counter!(m::EVENTS, "chain" => self.cfg.name.clone()).increment(events as u64);
        metrics::gauge!(m::INDEXED_BLOCK, "chain" => self.cfg.name.clone()).set(b.to as f64);
        metrics::gauge!(m::HALTED, "chain" => self.cfg.name.clone()).set(0.0);
        Ok(())
    }

    /// Retries a chain call while it fails transiently or answers malformed data, recording why in
    /// `chains.error` (see [`report_rpc_failure`]).
    async fn rpc<T, F, Fut>(&self, what: &str, f: F) -> Result<T, SyncError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, SourceError>>,
    {
        Ok(retry(&self.cfg.name, what, m::RPC_ERRORS, f, self.report(what)).await?)
    }

    fn report(&self, what: &str) -> impl Fn(&SourceError, u32) -> bool + Send + 'static {
        report_rpc_failure(self.store.clone(), self.cfg.chain_id, self.cfg.name.clone(), what.to_owned())
    }

    /// Retries a database call while it fails transiently (server restart, connection drop).
    async fn db<T, F, Fut>(&self, what: &str, f: F) -> Result<T, SyncError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        Ok(retry(&self.cfg.name, what, m::DB_ERRORS, f, |e: &StoreError, _| e.is_transient()).await?)
    }
}

/// The failure policy of a chain call: an unreachable, slow or failing node is retried, and so is
/// a malformed answer (a node behind a load balancer may answer one request from a bad backend).
/// Every failure is recorded in `chains.error` for `/v1/chains`; after [`MALFORMED_HALT_AFTER`]
/// malformed answers in a row the chain is marked `halted` (and `tfx_indexer_halted` set) while
/// the call keeps being retried, so it resumes without a restart once the node is consistent. A
/// wrong chain id is never retried.
pub fn report_rpc_failure(
    store: Store,
    chain_id: u64,
    chain: String,
    what: String,
) -> impl Fn(&SourceError, u32) -> bool + Send + 'static {
    move |e, attempt| {
        let halted = matches!(e, SourceError::Malformed(_)) && attempt >= MALFORMED_HALT_AFTER;
        if halted {
            metrics::gauge!(m::HALTED, "chain" => chain.clone()).set(1.0);
        }
        let (store, error) = (store.clone(), format!("{what}: {e}"));
        // Reporting must not hold up the retry, nor fail it: the write is best effort.
        tokio::spawn(async move {
            let _ = store.record_error(chain_id, &error, halted).await;
        });
        e.is_retryable()
    }
}

/// Calls `f` until it succeeds or fails in a way `on_failure` (given the error and how many
/// failures in a row this is) says retrying cannot fix, backing off from 50 ms to 5 s and counting
/// each retried failure in `counter` for `chain`.
pub async fn retry<T, E, F, Fut>(
    chain: &str,
    what: &str,
    counter: &'static str,
    f: F,
    on_failure: impl Fn(&E, u32) -> bool,
) -> Result<T, E>
where
    E: std::fmt::Display,
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut delay = Duration::from_millis(50);
    let mut failures = 0;
    loop {
        match f().await {
            Ok(v) => return Ok(v),
            Err(e) => {
                failures += 1;
                if !on_failure(&e, failures) {
                    return Err(e);
                }
                metrics::counter!(counter, "chain" => chain.to_string()).increment(1);
                tracing::warn!(chain, what, error = %e, failures, retry_in_ms = delay.as_millis() as u64, "call failed, retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

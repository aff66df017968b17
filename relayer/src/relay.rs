//! The relayer: carries every dispatched message to its destination. Its state machine lives in
//! the indexer's database (`relay_message`, migration 0007), beside the Mailbox events it starts
//! from, so a restart resumes each message where it stood and `/v1/messages` shows it:
//! seen -> final -> attested -> submitted -> delivered, or failed. Every step is idempotent: a
//! message already delivered by anyone is marked delivered without a transaction.
//!
//! The relayer is not trusted: the signatures are the authority, so it may read the shared indexer
//! while each attester follows the chains itself.

use crate::attestation::recover;
use crate::attester::Attestations;
use crate::chains::Origin;
use crate::error::AgentError;
use crate::mailbox::{AttesterSet, DeliveryError, Mailbox};
use crate::metrics as m;
use alloy::primitives::{Address, B256};
use futures::future::join_all;
use sqlx::PgPool;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::watch;

/// Messages moved per step and pass.
const BATCH: i64 = 100;
/// Longest wait between attempts at a message the destination refused for now.
const MAX_BACKOFF_S: i64 = 60;
/// How long one attester may take to answer.
const ATTESTER_TIMEOUT: Duration = Duration::from_secs(2);

/// How the relayer runs.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    /// Pause between passes.
    pub poll: Duration,
    /// A submitted transaction not mined after this long is replaced with higher fees.
    pub bump_after: Duration,
    /// Most fee bumps per message.
    pub max_bumps: u32,
}

/// Delivers final, attested messages.
#[derive(Debug)]
pub struct Relayer<M> {
    pool: PgPool,
    origins: Vec<Origin>,
    destinations: HashMap<u64, M>,
    attesters: Vec<String>,
    http: reqwest::Client,
    cfg: RelaySettings,
}

#[derive(Debug, sqlx::FromRow)]
struct Row {
    message_id: Vec<u8>,
    origin: i64,
    destination: i64,
    encoded: Vec<u8>,
    source_block: i64,
    source_hash: Vec<u8>,
    set_version: Option<i64>,
    signatures: Option<Vec<Vec<u8>>>,
    delivery_tx: Option<Vec<u8>>,
    tx_nonce: Option<i64>,
    fee_bumps: i32,
    attempts: i32,
    waited_ms: i64,
}

impl Row {
    fn id(&self) -> B256 {
        B256::from_slice(&self.message_id)
    }
    fn route(&self) -> [(&'static str, String); 2] {
        [("origin", self.origin.to_string()), ("destination", self.destination.to_string())]
    }
}

const ROW: &str = "message_id, origin, destination, encoded, source_block, source_hash, set_version, signatures,
     delivery_tx, tx_nonce, fee_bumps, attempts,
     (extract(epoch FROM now() - coalesce(submitted_at, now())) * 1000)::bigint AS waited_ms";

fn u64_of(v: i64) -> u64 {
    u64::try_from(v).unwrap_or_default()
}

impl<M: Mailbox> Relayer<M> {
    /// A relayer over the indexer's database `pool`, collecting from the `attesters`' base URLs.
    pub fn new(
        pool: PgPool,
        origins: Vec<Origin>,
        destinations: HashMap<u64, M>,
        attesters: Vec<String>,
        cfg: RelaySettings,
    ) -> Self {
        let http = reqwest::Client::builder().timeout(ATTESTER_TIMEOUT).build().unwrap_or_default();
        Self { pool, origins, destinations, attesters, http, cfg }
    }

    /// Relays until `shutdown`; a failed pass is logged and retried.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(attesters = self.attesters.len(), destinations = self.destinations.len(), "relaying");
        while !*shutdown.borrow() {
            if let Err(e) = self.pass().await {
                tracing::warn!(error = %e, "relay pass failed, retrying");
            }
            tokio::select! {
                _ = tokio::time::sleep(self.cfg.poll) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    async fn pass(&self) -> Result<(), AgentError> {
        self.discover().await?;
        self.finalize().await?;
        let mut sets = HashMap::new();
        for (&chain_id, mailbox) in &self.destinations {
            sets.insert(chain_id, mailbox.attester_set().await?);
        }
        self.gather(&sets).await?;
        self.deliver().await?;
        self.confirm().await?;
        self.report().await
    }

    async fn rows(&self, status: &str) -> Result<Vec<Row>, AgentError> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ROW} FROM relay_message WHERE status = $1 AND next_attempt_at <= now()
             ORDER BY origin, destination, nonce LIMIT $2"
        )))
        .bind(status)
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?)
    }

    /// New dispatches become `seen`; a `seen` message whose dispatch a reorg removed is forgotten
    /// (if it is dispatched again, in another block, it is seen again there).
    ///
    /// Each origin is scanned from its newest carried dispatch block less its reorg window, not
    /// from genesis: a pass costs what arrived lately, not every message ever sent. The indexer
    /// never unwinds deeper than that window, so a dispatch that a reorg moved lands inside it.
    async fn discover(&self) -> Result<(), AgentError> {
        let destinations: Vec<i64> = self.destinations.keys().map(|&d| i64::try_from(d).unwrap_or(i64::MAX)).collect();
        for origin in &self.origins {
            let settings = &origin.end.plan.settings;
            sqlx::query(
                "INSERT INTO relay_message (message_id, origin, destination, nonce, message_type, encoded, source_block, source_hash)
                 SELECT d.message_id, d.chain_id, d.destination::bigint, d.nonce::bigint, d.message_type, d.encoded,
                        d.block_number, d.block_hash
                 FROM message_dispatched d
                 WHERE d.chain_id = $2
                   AND d.block_number >= coalesce((SELECT max(source_block) FROM relay_message WHERE origin = $2), 0) - $3
                   AND d.destination::bigint = ANY($1)
                   AND NOT EXISTS (SELECT 1 FROM relay_message r WHERE r.message_id = d.message_id)
                 ON CONFLICT (message_id) DO NOTHING",
            )
            .bind(&destinations)
            .bind(i64::try_from(settings.chain_id).unwrap_or(i64::MAX))
            .bind(i64::try_from(settings.reorg_window).unwrap_or(i64::MAX))
            .execute(&self.pool)
            .await?;
        }
        sqlx::query(
            "UPDATE relay_message r SET source_block = d.block_number, source_hash = d.block_hash, updated_at = now()
             FROM message_dispatched d
             WHERE r.status = 'seen' AND d.chain_id = r.origin AND d.message_id = r.message_id
               AND (d.block_number, d.block_hash) IS DISTINCT FROM (r.source_block, r.source_hash)",
        )
        .execute(&self.pool)
        .await?;
        let gone = sqlx::query(
            "DELETE FROM relay_message r WHERE r.status = 'seen' AND NOT EXISTS
                 (SELECT 1 FROM message_dispatched d WHERE d.chain_id = r.origin AND d.message_id = r.message_id)",
        )
        .execute(&self.pool)
        .await?;
        if gone.rows_affected() > 0 {
            tracing::warn!(messages = gone.rows_affected(), "dispatches removed by a reorg before finality: dropped");
        }
        Ok(())
    }

    /// `seen` -> `final` once the dispatch block is at finality depth and canonical.
    async fn finalize(&self) -> Result<(), AgentError> {
        for origin in &self.origins {
            let Some(final_block) = origin.final_block().await? else { continue };
            let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {ROW} FROM relay_message WHERE status = 'seen' AND origin = $1 AND source_block <= $2
                 ORDER BY nonce LIMIT $3"
            )))
            .bind(i64::try_from(origin.end.chain_id).unwrap_or(i64::MAX))
            .bind(i64::try_from(final_block).unwrap_or(i64::MAX))
            .bind(BATCH)
            .fetch_all(&self.pool)
            .await?;
            // Messages of one block ask the node about it once.
            let mut canonical: HashMap<(i64, Vec<u8>), bool> = HashMap::new();
            for row in rows {
                let key = (row.source_block, row.source_hash.clone());
                let is_canonical = match canonical.get(&key) {
                    Some(&known) => known,
                    None => {
                        let known = origin.is_canonical(u64_of(row.source_block), &row.source_hash).await?;
                        canonical.insert(key, known);
                        known
                    }
                };
                // Not canonical: the indexer is about to unwind it (and `discover` drop or move it).
                if is_canonical {
                    self.set(&row, "status = 'final', final_at = now()").await?;
                }
            }
        }
        Ok(())
    }

    /// `final` -> `attested` once `threshold` valid signatures of the destination's current set
    /// are in; until then the count seen is recorded (`signatures_seen` of `attesters`).
    async fn gather(&self, sets: &HashMap<u64, AttesterSet>) -> Result<(), AgentError> {
        for row in self.rows("final").await? {
            let destination = u64_of(row.destination);
            let (Some(mailbox), Some(set)) = (self.destinations.get(&destination), sets.get(&destination)) else {
                continue;
            };
            let valid = self.collect(mailbox, set, row.id()).await;
            metrics::counter!(m::SIGNATURES, &row.route()).increment(valid.len() as u64);
            if valid.len() >= set.threshold && set.threshold > 0 {
                // Exactly `threshold`, ascending by signer: the Mailbox's order, and the least gas.
                let signatures: Vec<Vec<u8>> = valid.into_iter().take(set.threshold).map(|(_, s)| s).collect();
                sqlx::query(
                    "UPDATE relay_message SET status = 'attested', attested_at = now(), set_version = $2,
                         signatures = $3, signatures_seen = $4, attesters = $5, updated_at = now()
                     WHERE message_id = $1",
                )
                .bind(&row.message_id)
                .bind(i64::try_from(set.version).unwrap_or(i64::MAX))
                .bind(&signatures)
                .bind(i32::try_from(signatures.len()).unwrap_or(i32::MAX))
                .bind(i32::try_from(set.members.len()).unwrap_or(i32::MAX))
                .execute(&self.pool)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE relay_message SET signatures_seen = $2, attesters = $3, updated_at = now() WHERE message_id = $1",
                )
                .bind(&row.message_id)
                .bind(i32::try_from(valid.len()).unwrap_or(i32::MAX))
                .bind(i32::try_from(set.members.len()).unwrap_or(i32::MAX))
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }

    /// Every attester's signature for `id` that recovers to a distinct member of `set`, for its
    /// version and the destination's domain, sorted by signer. An attester that is down, slow or
    /// lying costs only its own signature.
    async fn collect(&self, mailbox: &M, set: &AttesterSet, id: B256) -> Vec<(Address, Vec<u8>)> {
        let domain = mailbox.domain();
        let answers = join_all(self.attesters.iter().map(|base| async move {
            let url = format!("{}/v1/attestations/{id}", base.trim_end_matches('/'));
            let response = self.http.get(&url).send().await.ok()?;
            if !response.status().is_success() {
                return None;
            }
            response.json::<Attestations>().await.ok()
        }))
        .await;
        let mut valid: Vec<(Address, Vec<u8>)> = answers
            .into_iter()
            .flatten()
            .flat_map(|a| a.attestations)
            .filter(|s| s.set_version == set.version && s.destination == domain.chain_id)
            .filter_map(|s| {
                let sig = alloy::hex::decode(&s.signature).ok()?;
                let signer = recover(domain, id, set.version, &sig)?;
                set.members.contains(&signer).then_some((signer, sig))
            })
            .collect();
        valid.sort();
        valid.dedup_by_key(|(signer, _)| *signer);
        valid
    }

    /// `attested` -> `submitted` (or straight to `delivered` when someone delivered it already).
    async fn deliver(&self) -> Result<(), AgentError> {
        for row in self.rows("attested").await? {
            let Some(mailbox) = self.destinations.get(&u64_of(row.destination)) else { continue };
            let version = u64_of(row.set_version.unwrap_or_default());
            let signatures = row.signatures.clone().unwrap_or_default();
            if mailbox.delivered(row.id()).await? {
                self.delivered(&row, None).await?;
                continue;
            }
            let sent = match mailbox.simulate(&row.encoded, version, &signatures).await {
                Ok(()) => mailbox.submit(&row.encoded, version, &signatures, None, 0).await,
                Err(e) => Err(e),
            };
            match sent {
                Ok(s) => {
                    sqlx::query(
                        "UPDATE relay_message SET status = 'submitted', submitted_at = now(), delivery_tx = $2,
                             tx_nonce = $3, attempts = attempts + 1, last_error = NULL, updated_at = now()
                         WHERE message_id = $1",
                    )
                    .bind(&row.message_id)
                    .bind(s.tx.as_slice())
                    .bind(i64::try_from(s.nonce).unwrap_or(i64::MAX))
                    .execute(&self.pool)
                    .await?;
                    tracing::info!(id = %row.id(), tx = %s.tx, origin = row.origin, destination = row.destination, "submitted");
                }
                Err(e) => self.refused(&row, e).await?,
            }
        }
        Ok(())
    }

    /// `submitted` -> `delivered` on inclusion; a transaction left unmined is replaced with higher
    /// fees at the same nonce; a reverted one goes back to `attested`.
    async fn confirm(&self) -> Result<(), AgentError> {
        for row in self.rows("submitted").await? {
            let Some(mailbox) = self.destinations.get(&u64_of(row.destination)) else { continue };
            let tx = B256::from_slice(row.delivery_tx.as_deref().unwrap_or(&[0; 32]));
            match mailbox.inclusion(tx).await? {
                Some(i) if i.success => self.delivered(&row, Some(i)).await?,
                Some(_) if mailbox.delivered(row.id()).await? => self.delivered(&row, None).await?,
                Some(_) => self.refused(&row, DeliveryError::Later(format!("delivery {tx} reverted"))).await?,
                None if row.waited_ms >= i64::try_from(self.cfg.bump_after.as_millis()).unwrap_or(i64::MAX)
                    && u32::try_from(row.fee_bumps).unwrap_or(u32::MAX) < self.cfg.max_bumps =>
                {
                    self.bump(mailbox, &row).await?;
                }
                None => {}
            }
        }
        Ok(())
    }

    async fn bump(&self, mailbox: &M, row: &Row) -> Result<(), AgentError> {
        let bumps = u32::try_from(row.fee_bumps).unwrap_or_default() + 1;
        let nonce = row.tx_nonce.map(u64_of);
        let signatures = row.signatures.clone().unwrap_or_default();
        let version = u64_of(row.set_version.unwrap_or_default());
        match mailbox.submit(&row.encoded, version, &signatures, nonce, bumps).await {
            Ok(s) => {
                metrics::counter!(m::FEE_BUMPS, "destination" => row.destination.to_string()).increment(1);
                tracing::info!(id = %row.id(), tx = %s.tx, bumps, "replaced an unmined delivery with higher fees");
                sqlx::query(
                    "UPDATE relay_message SET delivery_tx = $2, fee_bumps = $3, submitted_at = now(), updated_at = now()
                     WHERE message_id = $1",
                )
                .bind(&row.message_id)
                .bind(s.tx.as_slice())
                .bind(i32::try_from(bumps).unwrap_or(i32::MAX))
                .execute(&self.pool)
                .await?;
            }
            // The first transaction was mined meanwhile (its nonce is used): the next pass reads
            // its receipt, or the Mailbox's record.
            Err(e) if mailbox.delivered(row.id()).await? => {
                tracing::debug!(id = %row.id(), error = %e, "replacement unnecessary: delivered");
                self.delivered(row, None).await?;
            }
            Err(e) => tracing::warn!(id = %row.id(), error = %e, "fee bump refused"),
        }
        Ok(())
    }

    async fn delivered(&self, row: &Row, inclusion: Option<crate::mailbox::Inclusion>) -> Result<(), AgentError> {
        let (after_final, after_dispatch): (Option<f64>, Option<f64>) = sqlx::query_as(
            "UPDATE relay_message r SET status = 'delivered', delivered_at = now(), delivery_block = $2, gas_used = $3,
                 last_error = NULL, updated_at = now()
             WHERE message_id = $1
             RETURNING extract(epoch FROM now() - final_at)::float8,
                 (SELECT extract(epoch FROM now())::float8 - d.block_time FROM message_dispatched d
                  WHERE d.chain_id = r.origin AND d.message_id = r.message_id LIMIT 1)",
        )
        .bind(&row.message_id)
        .bind(inclusion.map(|i| i64::try_from(i.block).unwrap_or(i64::MAX)))
        .bind(inclusion.map(|i| i64::try_from(i.gas_used).unwrap_or(i64::MAX)))
        .fetch_one(&self.pool)
        .await?;
        metrics::counter!(m::DELIVERED, &row.route()).increment(1);
        if let Some(s) = after_final {
            metrics::histogram!(m::LATENCY, &row.route()).record(s);
        }
        // Block times are whole seconds: this one is coarse, and includes the finality wait.
        if let Some(s) = after_dispatch {
            metrics::histogram!(m::DISPATCH_LATENCY, &row.route()).record(s.max(0.0));
        }
        tracing::info!(id = %row.id(), origin = row.origin, destination = row.destination,
            gas = inclusion.map(|i| i.gas_used), "delivered");
        Ok(())
    }

    /// Records a refused attempt and what follows from it. (The SQL fragments spliced into queries
    /// here are constants of this module, never input.)
    async fn refused(&self, row: &Row, e: DeliveryError) -> Result<(), AgentError> {
        let (kind, next) = match &e {
            DeliveryError::AlreadyDelivered => return self.delivered(row, None).await,
            DeliveryError::Permanent(_) => ("permanent", "status = 'failed'"),
            // The set rotated or the signatures do not hold: gather again under the current set.
            DeliveryError::Signatures(_) => ("signatures", "status = 'final', signatures = NULL, set_version = NULL"),
            DeliveryError::Later(_) => ("later", "status = 'attested'"),
            DeliveryError::Rpc(_) => ("rpc", "status = status"),
        };
        metrics::counter!(m::FAILURES, "origin" => row.origin.to_string(), "destination" => row.destination.to_string(), "kind" => kind)
            .increment(1);
        tracing::warn!(id = %row.id(), error = %e, attempts = row.attempts + 1, "delivery refused");
        let backoff = (1i64 << row.attempts.clamp(0, 6)).min(MAX_BACKOFF_S);
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE relay_message SET {next}, last_error = $2, attempts = attempts + 1,
                 next_attempt_at = now() + make_interval(secs => $3), updated_at = now()
             WHERE message_id = $1"
        )))
        .bind(&row.message_id)
        .bind(e.to_string())
        .bind(backoff as f64)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn set(&self, row: &Row, assignments: &str) -> Result<(), AgentError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE relay_message SET {assignments}, updated_at = now() WHERE message_id = $1"
        )))
        .bind(&row.message_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn report(&self) -> Result<(), AgentError> {
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "SELECT s, count(r.message_id) FROM unnest(ARRAY['seen', 'final', 'attested', 'submitted']) s
             LEFT JOIN relay_message r ON r.status = s GROUP BY s",
        )
        .fetch_all(&self.pool)
        .await?;
        for (status, n) in counts {
            metrics::gauge!(m::PENDING, "status" => status).set(n as f64);
        }
        Ok(())
    }
}

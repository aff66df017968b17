//! The attester: follows every chain's Mailbox with the indexer's sync engine (its own database,
//! so no other party's view of the chain is trusted), and signs each dispatched message once its
//! block is at finality depth and still canonical, for the destination's current attester set. It
//! serves what it signed over HTTP; the relayer collects from there.

use crate::attestation::{Domain, sign};
use crate::chains::Origin;
use crate::error::AgentError;
use crate::mailbox::{AttesterSet, Mailbox};
use crate::message::Message;
use crate::metrics as m;
use alloy::primitives::{Address, B256};
use alloy::signers::local::PrivateKeySigner;
use sqlx::PgPool;
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::watch;

/// Messages examined per route and pass.
const BATCH: i64 = 200;

/// Signs final messages of every origin for every destination.
#[derive(Debug)]
pub struct Attester<M> {
    key: PrivateKeySigner,
    pool: PgPool,
    origins: Vec<Origin>,
    destinations: HashMap<u64, M>,
    poll: Duration,
}

impl<M: Mailbox> Attester<M> {
    /// An attester signing with `key`, reading what its sync engine wrote into `pool`.
    pub fn new(
        key: PrivateKeySigner,
        pool: PgPool,
        origins: Vec<Origin>,
        destinations: HashMap<u64, M>,
        poll: Duration,
    ) -> Self {
        Self { key, pool, origins, destinations, poll }
    }

    /// Signs until `shutdown`; a failed pass is logged and retried.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(attester = %self.key.address(), "attesting");
        while !*shutdown.borrow() {
            if let Err(e) = self.pass().await {
                tracing::warn!(error = %e, "attestation pass failed, retrying");
            }
            tokio::select! {
                _ = tokio::time::sleep(self.poll) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    async fn pass(&self) -> Result<(), AgentError> {
        let me = self.key.address();
        let mut sets = Vec::new();
        for (&chain_id, mailbox) in &self.destinations {
            match mailbox.attester_set().await {
                Ok(set) if set.members.contains(&me) => sets.push((chain_id, mailbox.domain(), set)),
                Ok(set) => tracing::debug!(chain_id, version = set.version, "not in this destination's set"),
                Err(e) => tracing::warn!(chain_id, error = %e, "cannot read the destination's attester set"),
            }
        }
        for origin in &self.origins {
            let Some(final_block) = origin.final_block().await? else { continue };
            for (destination, domain, set) in &sets {
                if *destination != origin.end.chain_id {
                    self.sign_route(origin, final_block, *domain, set).await?;
                }
            }
        }
        Ok(())
    }

    async fn sign_route(
        &self,
        origin: &Origin,
        final_block: u64,
        domain: Domain,
        set: &AttesterSet,
    ) -> Result<(), AgentError> {
        let rows: Vec<Dispatched> = sqlx::query_as(
            "SELECT d.message_id, d.block_number, d.block_hash, d.encoded FROM message_dispatched d
             WHERE d.chain_id = $1 AND d.destination = $2::bigint AND d.block_number <= $3
               AND NOT EXISTS (SELECT 1 FROM attester_signed s
                               WHERE s.message_id = d.message_id AND s.set_version = $4)
             ORDER BY d.block_number, d.log_index LIMIT $5",
        )
        .bind(i64::try_from(origin.end.chain_id).unwrap_or(i64::MAX))
        .bind(i64::try_from(domain.chain_id).unwrap_or(i64::MAX))
        .bind(i64::try_from(final_block).unwrap_or(i64::MAX))
        .bind(i64::try_from(set.version).unwrap_or(i64::MAX))
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?;
        for (id, block, hash, encoded) in rows {
            // The sync engine unwinds a reorg on its next poll; until then the row may describe a
            // block the chain no longer has. Only the canonical block's message is signed.
            if !origin.is_canonical(u64::try_from(block).unwrap_or_default(), &hash).await? {
                refuse(origin, "not canonical", &id);
                continue;
            }
            let message = match Message::decode(&encoded) {
                Ok(msg) => msg,
                Err(e) => {
                    refuse(origin, &e.to_string(), &id);
                    continue;
                }
            };
            if message.id().as_slice() != id.as_slice()
                || message.origin != origin.end.chain_id
                || message.destination != domain.chain_id
            {
                refuse(origin, "event disagrees with its message", &id);
                continue;
            }
            let signature = sign(&self.key, domain, message.id(), set.version)?;
            sqlx::query(
                "INSERT INTO attester_signed
                     (message_id, set_version, origin, destination, nonce, source_block, source_hash, signature)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            )
            .bind(&id)
            .bind(i64::try_from(set.version).unwrap_or(i64::MAX))
            .bind(i64::try_from(message.origin).unwrap_or(i64::MAX))
            .bind(i64::try_from(message.destination).unwrap_or(i64::MAX))
            .bind(i64::try_from(message.nonce).unwrap_or(i64::MAX))
            .bind(block)
            .bind(&hash)
            .bind(&signature)
            .execute(&self.pool)
            .await?;
            metrics::counter!(m::SIGNED, "origin" => message.origin.to_string(), "destination" => message.destination.to_string())
                .increment(1);
            tracing::info!(id = %B256::from_slice(&id), origin = message.origin, destination = message.destination,
                nonce = message.nonce, version = set.version, "signed");
        }
        Ok(())
    }
}

/// A dispatch row: message id, block number, block hash, canonical encoding.
type Dispatched = (Vec<u8>, i64, Vec<u8>, Vec<u8>);

fn refuse(origin: &Origin, reason: &str, id: &[u8]) {
    metrics::counter!(m::REFUSED, "reason" => reason.to_string()).increment(1);
    tracing::warn!(chain = %origin.end.name, id = %alloy::hex::encode_prefixed(id), reason, "not signing");
}

/// One attestation as served: the signature of `attester` over the message for `set_version`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Signed {
    /// The destination's attester-set version signed for.
    pub set_version: u64,
    /// Destination chain id.
    pub destination: u64,
    /// 65 bytes, hex.
    pub signature: String,
}

/// `GET /v1/attestations/{id}`'s answer.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Attestations {
    /// The message id.
    pub message_id: String,
    /// Who signed.
    pub attester: Address,
    /// One per set version signed for, newest first.
    pub attestations: Vec<Signed>,
}

/// What this attester signed for message `id`, newest set version first.
pub async fn signed(pool: &PgPool, id: B256) -> Result<Vec<Signed>, sqlx::Error> {
    let rows: Vec<(i64, i64, Vec<u8>)> = sqlx::query_as(
        "SELECT set_version, destination, signature FROM attester_signed WHERE message_id = $1
         ORDER BY set_version DESC",
    )
    .bind(id.as_slice())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(v, d, s)| Signed {
            set_version: u64::try_from(v).unwrap_or_default(),
            destination: u64::try_from(d).unwrap_or_default(),
            signature: alloy::hex::encode_prefixed(s),
        })
        .collect())
}

//! The vote relay: gasless voting. A voter signs a vote in the wallet and hands it to
//! `POST /v1/votes`; it is checked as the contract will check it (domain, signature, deadline, a
//! simulated `voteBySig`), queued in PostgreSQL (`relayed_vote`), and cast with others in one
//! `voteBySigBatch` paid by the relay's key. `GET /v1/votes/{id}` reports each vote's state.
//!
//! Its state lives in the indexer's database, beside `vote_cast`, so a restart resumes every vote
//! where it stood and the state shows whether the index has the vote yet. One transaction is in
//! flight per chain: a batch is marked `submitted` with its hash before the receipt is awaited,
//! and a restart finds it by that hash (mined: settled from its receipt; dropped: queued again).
//! The casting is [`tfx_evm::votes::VoteRelay`]'s, the same as `flix vote relay`'s.

use crate::chains::TallyEnd;
use alloy::primitives::{Address, B256};
use alloy::providers::{DynProvider, Provider};
use alloy::signers::local::PrivateKeySigner;
use serde::Serialize;
use sqlx::PgPool;
use std::collections::BTreeMap;
use std::time::Duration;
use tfx_abi::evm::VoteTally;
use tfx_evm::votes::{MAX_BATCH, Refusal, SignedVote, VoteRelay};
use tokio::sync::watch;

/// Prometheus counter: votes handed in, per chain and outcome (`queued`, `refused`).
pub const RECEIVED: &str = "tfx_vote_relay_received_total";
/// Prometheus counter: votes settled, per chain and status (`cast`, `rejected`).
pub const SETTLED: &str = "tfx_vote_relay_settled_total";

/// A failure of the relay itself, not a verdict on a vote: retried, and answered 503.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The database.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A chain's node.
    #[error("chain: {0}")]
    Chain(#[from] tfx_evm::Error),
}

/// Why a handed-in vote is not queued.
#[derive(Debug, thiserror::Error)]
pub enum NotQueued {
    /// No VoteTally on that chain is relayed here.
    #[error("chain {0} is not relayed here")]
    UnknownChain(u64),
    /// The vote would not be cast.
    #[error("{0}")]
    Refused(Refusal),
    /// This very vote was handed in before and is settled.
    #[error("this vote was relayed before: {0}")]
    Replayed(String),
    /// Another vote of the voter for the round is queued or in flight.
    #[error("another vote of {voter} for round {round} is already queued: {id}")]
    VoterBusy {
        /// The voter.
        voter: Address,
        /// The round.
        round: u64,
        /// The queued vote's id.
        id: B256,
    },
    /// The relay cannot check or store it now.
    #[error(transparent)]
    Unavailable(#[from] RelayError),
}

/// What a vote's state is, as `GET /v1/votes/{id}` answers.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct VoteState {
    /// The vote's id (its EIP-712 digest), `0x` and 64 hex digits.
    pub id: String,
    /// `queued`, `submitted`, `cast` or `rejected`.
    pub status: String,
    /// The chain.
    pub chain_id: i64,
    /// The round.
    pub round: String,
    /// The voter.
    pub voter: String,
    /// The candidate index.
    pub candidate: i64,
    /// The transaction carrying it, once submitted.
    pub tx_hash: Option<String>,
    /// Why it was rejected.
    pub error: Option<String>,
    /// The block in which the index has the voter's vote for the round (any transaction's), if
    /// it has one yet.
    pub indexed_block: Option<i64>,
    /// When the relay received it (RFC 3339).
    pub received_at: String,
}

const STATE: &str = "SELECT '0x' || encode(r.digest, 'hex') AS id, r.status, r.chain_id, r.round_id::text AS round,
            '0x' || encode(r.voter, 'hex') AS voter, r.candidate,
            '0x' || encode(r.tx_hash, 'hex') AS tx_hash, r.error,
            (SELECT min(c.block_number) FROM vote_cast c
              WHERE c.chain_id = r.chain_id AND c.round_id = r.round_id AND c.voter = r.voter) AS indexed_block,
            to_char(r.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS received_at
     FROM relayed_vote r";

/// One chain's relay.
#[derive(Debug, Clone)]
struct Chain {
    name: String,
    relay: VoteRelay,
    provider: DynProvider,
}

/// The vote relay over every chain with a VoteTally.
#[derive(Debug, Clone)]
pub struct VoteQueue {
    pool: PgPool,
    chains: BTreeMap<u64, Chain>,
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn tx_of(bytes: Option<Vec<u8>>) -> Option<B256> {
    bytes.filter(|b| b.len() == 32).map(|b| B256::from_slice(&b))
}

impl VoteQueue {
    /// Connects to every chain of `ends` with `key` paying (a chain that is down is waited for).
    pub async fn connect(pool: PgPool, ends: &[TallyEnd], key: &PrivateKeySigner) -> Result<Self, RelayError> {
        let mut chains = BTreeMap::new();
        for end in ends {
            let (provider, _) = tfx_evm::connect(&end.rpc_url, Some(end.chain_id), key.clone()).await?;
            let relay = VoteRelay::new(VoteTally::new(end.vote_tally, provider.clone()), end.chain_id);
            chains.insert(end.chain_id, Chain { name: end.name.clone(), relay, provider });
        }
        Ok(Self { pool, chains })
    }

    /// The chains relayed, by id.
    pub fn chain_ids(&self) -> Vec<u64> {
        self.chains.keys().copied().collect()
    }

    /// Checks `vote` and queues it; returns its state. Handing in a queued vote again returns it
    /// unchanged, so a client may retry.
    pub async fn accept(&self, vote: SignedVote) -> Result<VoteState, NotQueued> {
        let chain = self.chains.get(&vote.chain_id).ok_or(NotQueued::UnknownChain(vote.chain_id))?;
        let id = vote.digest();
        if let Some(state) = self.state(id).await.map_err(RelayError::from)? {
            return match (state.status.as_str(), &state.error) {
                ("queued" | "submitted", _) => Ok(state),
                (_, Some(error)) => Err(NotQueued::Replayed(format!("rejected ({error})"))),
                (_, None) => Err(NotQueued::Replayed(format!("cast in {}", state.tx_hash.unwrap_or_default()))),
            };
        }
        let refused = chain.relay.check(&vote, now()).await.map_err(RelayError::from)?;
        if let Some(refusal) = refused {
            metrics::counter!(RECEIVED, "chain" => chain.name.clone(), "outcome" => "refused").increment(1);
            return Err(NotQueued::Refused(refusal));
        }
        let stored = serde_json::to_value(&vote).expect("a signed vote serializes");
        let inserted = sqlx::query(
            "INSERT INTO relayed_vote (digest, chain_id, round_id, voter, candidate, deadline, vote, status)
             VALUES ($1, $2, $3::numeric, $4, $5, $6, $7, 'queued') ON CONFLICT (digest) DO NOTHING",
        )
        .bind(id.as_slice())
        .bind(i64::try_from(vote.chain_id).unwrap_or(i64::MAX))
        .bind(vote.round.to_string())
        .bind(vote.voter.as_slice())
        .bind(i64::from(vote.candidate))
        .bind(i64::try_from(vote.deadline).unwrap_or(i64::MAX))
        .bind(stored)
        .execute(&self.pool)
        .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.constraint() == Some("relayed_vote_one_open") => {
                let open: Vec<u8> = sqlx::query_scalar(
                    "SELECT digest FROM relayed_vote WHERE chain_id = $1 AND round_id = $2::numeric AND voter = $3
                       AND status IN ('queued', 'submitted')",
                )
                .bind(i64::try_from(vote.chain_id).unwrap_or(i64::MAX))
                .bind(vote.round.to_string())
                .bind(vote.voter.as_slice())
                .fetch_one(&self.pool)
                .await
                .map_err(RelayError::from)?;
                return Err(NotQueued::VoterBusy { voter: vote.voter, round: vote.round, id: B256::from_slice(&open) });
            }
            Err(e) => return Err(RelayError::from(e).into()),
        }
        metrics::counter!(RECEIVED, "chain" => chain.name.clone(), "outcome" => "queued").increment(1);
        Ok(self.state(id).await.map_err(RelayError::from)?.expect("just stored"))
    }

    /// The state of the vote with id `id`, if it was handed in.
    pub async fn state(&self, id: B256) -> Result<Option<VoteState>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{STATE} WHERE r.digest = $1")))
            .bind(id.as_slice())
            .fetch_optional(&self.pool)
            .await
    }

    /// The newest `limit` votes `voter` handed in.
    pub async fn by_voter(&self, voter: Address, limit: i64) -> Result<Vec<VoteState>, sqlx::Error> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{STATE} WHERE r.voter = $1 ORDER BY r.received_at DESC LIMIT $2")))
            .bind(voter.as_slice())
            .bind(limit)
            .fetch_all(&self.pool)
            .await
    }

    /// Casts queued votes on every chain until `shutdown`, one batch in flight per chain, a pass
    /// every `poll`.
    pub async fn run(self, poll: Duration, shutdown: watch::Receiver<bool>) {
        let mut tasks = tokio::task::JoinSet::new();
        for (&chain_id, chain) in &self.chains {
            let (queue, chain, mut shutdown) = (self.clone(), chain.clone(), shutdown.clone());
            tasks.spawn(async move {
                while !*shutdown.borrow() {
                    match queue.pass(chain_id, &chain).await {
                        Ok(true) => continue,
                        Ok(false) => {}
                        Err(e) => tracing::warn!(chain = chain.name, error = %e, "vote relay pass failed, retrying"),
                    }
                    let _ = tokio::time::timeout(poll, shutdown.changed()).await;
                }
            });
        }
        while tasks.join_next().await.is_some() {}
    }

    /// Settles the batch in flight, if any, else sends the next. Returns whether it did
    /// something worth another pass at once.
    async fn pass(&self, chain_id: u64, chain: &Chain) -> Result<bool, RelayError> {
        let id = i64::try_from(chain_id).unwrap_or(i64::MAX);
        let in_flight: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT tx_hash FROM relayed_vote WHERE chain_id = $1 AND status = 'submitted' LIMIT 1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        if let Some(tx) = tx_of(in_flight) {
            return self.settle(chain, tx).await;
        }
        let rows: Vec<(Vec<u8>, sqlx::types::Json<SignedVote>)> = sqlx::query_as(
            "SELECT digest, vote FROM relayed_vote WHERE chain_id = $1 AND status = 'queued'
             ORDER BY received_at, digest LIMIT $2",
        )
        .bind(id)
        .bind(i64::try_from(MAX_BATCH).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(false);
        }
        let (digests, votes): (Vec<Vec<u8>>, Vec<SignedVote>) = rows.into_iter().map(|(d, v)| (d, v.0)).unzip();
        match chain.relay.send(&votes).await? {
            Ok(pending) => {
                let indexes: Vec<i32> = (0..digests.len()).map(|i| i32::try_from(i).unwrap_or(i32::MAX)).collect();
                sqlx::query(
                    "UPDATE relayed_vote r SET status = 'submitted', tx_hash = $2, batch_index = b.i, updated_at = now()
                     FROM unnest($1::bytea[], $3::int[]) AS b(digest, i) WHERE r.digest = b.digest",
                )
                .bind(&digests)
                .bind(pending.tx_hash().as_slice())
                .bind(&indexes)
                .execute(&self.pool)
                .await?;
                tracing::info!(chain = chain.name, votes = votes.len(), tx = %pending.tx_hash(), "votes submitted");
            }
            Err(refusal) if digests.len() == 1 => self.reject(chain, &digests[0], &refusal.to_string()).await?,
            // A batch skips failing entries, so a batch that reverts whole is the contract's
            // state (paused, say), not its votes': they wait for the next pass.
            Err(refusal) => {
                tracing::warn!(chain = chain.name, votes = votes.len(), %refusal, "the vote batch reverts; retrying");
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Settles the batch sent in `tx` from its receipt, or queues its votes again if the node
    /// no longer knows the transaction.
    async fn settle(&self, chain: &Chain, tx: B256) -> Result<bool, RelayError> {
        let transport =
            |e: alloy::transports::TransportError| RelayError::Chain(tfx_evm::Error::Transport(e.to_string()));
        let Some(receipt) = chain.provider.get_transaction_receipt(tx).await.map_err(transport)? else {
            if chain.provider.get_transaction_by_hash(tx).await.map_err(transport)?.is_none() {
                tracing::warn!(chain = chain.name, %tx, "a vote batch was dropped, queueing its votes again");
                sqlx::query(
                    "UPDATE relayed_vote SET status = 'queued', tx_hash = NULL, batch_index = NULL, updated_at = now()
                     WHERE tx_hash = $1 AND status = 'submitted'",
                )
                .bind(tx.as_slice())
                .execute(&self.pool)
                .await?;
                return Ok(true);
            }
            return Ok(false);
        };
        let rows: Vec<(Vec<u8>, sqlx::types::Json<SignedVote>)> = sqlx::query_as(
            "SELECT digest, vote FROM relayed_vote WHERE tx_hash = $1 AND status = 'submitted' ORDER BY batch_index",
        )
        .bind(tx.as_slice())
        .fetch_all(&self.pool)
        .await?;
        let (digests, votes): (Vec<Vec<u8>>, Vec<SignedVote>) = rows.into_iter().map(|(d, v)| (d, v.0)).unzip();
        for (digest, outcome) in digests.iter().zip(VoteRelay::outcomes(&votes, &receipt)) {
            match outcome {
                None => {
                    sqlx::query("UPDATE relayed_vote SET status = 'cast', updated_at = now() WHERE digest = $1")
                        .bind(digest)
                        .execute(&self.pool)
                        .await?;
                    metrics::counter!(SETTLED, "chain" => chain.name.clone(), "status" => "cast").increment(1);
                }
                Some(refusal) => self.reject(chain, digest, &refusal.to_string()).await?,
            }
        }
        tracing::info!(chain = chain.name, votes = votes.len(), %tx, gas = receipt.gas_used, "vote batch mined");
        Ok(true)
    }

    async fn reject(&self, chain: &Chain, digest: &[u8], error: &str) -> Result<(), RelayError> {
        sqlx::query("UPDATE relayed_vote SET status = 'rejected', error = $2, updated_at = now() WHERE digest = $1")
            .bind(digest)
            .bind(error)
            .execute(&self.pool)
            .await?;
        metrics::counter!(SETTLED, "chain" => chain.name.clone(), "status" => "rejected").increment(1);
        Ok(())
    }
}

//! The TensorFlix cross-chain agents.
//!
//! - [`message`]: the Mailbox's canonical message encoding, the same on every chain family.
//! - [`attestation`]: what attesters sign (EIP-712, in the destination Mailbox's domain).
//! - [`mailbox`]: a destination Mailbox, one implementation per chain family.
//! - [`chains`]: the chains with a Mailbox, from the deployment records and network files.
//! - [`attester`]: follows every Mailbox with the indexer's sync engine, signs final messages.
//! - [`relay`]: gathers m-of-n signatures and delivers, with its state machine in PostgreSQL.
//! - [`votes`]: the vote relay, casting voters' signed votes in batches (gasless voting).
//! - [`http`]: the agents' HTTP endpoints (attestations, signed votes, `/health`, `/metrics`).

pub mod attestation;
pub mod attester;
pub mod chains;
mod error;
pub mod http;
pub mod mailbox;
pub mod message;
pub mod metrics;
pub mod relay;
pub mod votes;

pub use error::AgentError;

/// The vote relay's table (`relayed_vote`) in the indexer's database, with its own bookkeeping
/// table like the attester's.
pub fn vote_migrator() -> sqlx::migrate::Migrator {
    let mut migrator = sqlx::migrate!("./migrations/votes");
    migrator.dangerous_set_table_name("_tfx_vote_relay_migrations");
    migrator
}

/// The attester's own tables (beside the indexer's schema in the same database), applied on start
/// with their own bookkeeping table so the indexer's migrations and these never see each other.
pub fn attester_migrator() -> sqlx::migrate::Migrator {
    let mut migrator = sqlx::migrate!("./migrations/attester");
    migrator.dangerous_set_table_name("_tfx_attester_migrations");
    migrator
}

//! The TensorFlix indexer: every event of the suite's contracts on every configured chain, into
//! PostgreSQL exactly once, and a JSON query API over it.
//!
//! - [`catalog`]: every stored event, declared once: tables, COPY order and decoders derived from
//!   the committed ABI.
//! - [`source`]: what a chain must answer (head, block, decoded logs of a range); [`evm`] answers
//!   it for the EVM family, [`solana`] for Solana (the Anchor programs' CPI events).
//! - [`sync`]: backfill, live follow and reorg unwinding per chain, generic over the source.
//! - [`follow`]: a chain's sync under its lease in a process, for the indexer and the agents.
//! - [`store`]: the database: migrations, atomic batch commits with the checkpoint, rollbacks.
//! - [`api`]: the dApp API over the derived views of `migrations/0002_state.sql`.

pub mod api;
pub mod catalog;
pub mod config;
pub mod evm;
pub mod follow;
pub mod metrics;
pub mod progress;
pub mod rows;
pub mod solana;
pub mod source;
pub mod store;
pub mod sync;

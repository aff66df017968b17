use crate::mailbox::DeliveryError;
use tfx_indexer::source::SourceError;

/// A failed agent step; every one is retried on the next pass.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// The database.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A source chain.
    #[error("source chain: {0}")]
    Source(#[from] SourceError),
    /// A destination chain.
    #[error("destination chain: {0}")]
    Destination(#[from] DeliveryError),
    /// Signing.
    #[error("signing: {0}")]
    Sign(#[from] alloy::signers::Error),
}

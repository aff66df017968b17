use std::path::PathBuf;

/// Errors of reading and writing configuration and deployment records.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A TOML configuration file is malformed.
    #[error("{path}: invalid configuration: {source}")]
    Toml {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<toml::de::Error>,
    },
    /// A JSON deployment record is malformed.
    #[error("{path}: invalid deployment record: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A value is missing or out of range.
    #[error("invalid configuration: {0}")]
    Invalid(String),
    /// The deployment record lacks a contract.
    #[error("contract {contract} is not deployed on {chain} (run the deployer first)")]
    NotDeployed {
        /// The chain name.
        chain: String,
        /// The contract name.
        contract: String,
    },
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

use alloy::sol_types::SolInterface;
use tfx_abi::evm::{AdRevenue, FlixToken, MinerCollateral, TestStablecoin, VideoNft, VideoShares, VoteTally};

/// Errors talking to an EVM chain.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The RPC endpoint could not be reached or answered with an error.
    #[error("rpc {url}: {message}")]
    Rpc {
        /// Endpoint.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The endpoint serves another chain than configured.
    #[error("rpc {url} serves chain id {actual}, expected {expected}")]
    WrongChain {
        /// Endpoint.
        url: String,
        /// Configured chain id.
        expected: u64,
        /// Reported chain id.
        actual: u64,
    },
    /// No usable key.
    #[error("signer: {0}")]
    Signer(String),
    /// A contract call reverted or could not be sent.
    #[error("{action}: {reason}")]
    Contract {
        /// What was attempted.
        action: String,
        /// Decoded revert or transport message.
        reason: String,
    },
    /// The deployment record is missing or malformed.
    #[error(transparent)]
    Core(#[from] tfx_core::Error),
    /// An address in a record or config does not parse.
    #[error("invalid address {0:?}")]
    Address(String),
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One line for a failed contract call: the decoded custom error (`VoteTallyAlreadyVoted(roundId: 1,
/// voter: 0x..)`) when the revert data matches any contract of the suite, else the node's message.
pub fn describe_revert(err: &alloy::contract::Error) -> String {
    fn inner(debug: String) -> String {
        // `Enum::Variant(Variant { a: 1 })` -> `Variant { a: 1 }`
        match (debug.find('('), debug.rfind(')')) {
            (Some(open), Some(close)) if close > open => debug[open + 1..close].to_string(),
            _ => debug,
        }
    }
    fn decode<E: SolInterface + std::fmt::Debug>(err: &alloy::contract::Error) -> Option<String> {
        err.as_decoded_interface_error::<E>().map(|e| inner(format!("{e:?}")))
    }
    let decoded = decode::<VideoNft::VideoNftErrors>(err)
        .or_else(|| decode::<VideoShares::VideoSharesErrors>(err))
        .or_else(|| decode::<VoteTally::VoteTallyErrors>(err))
        .or_else(|| decode::<AdRevenue::AdRevenueErrors>(err))
        .or_else(|| decode::<MinerCollateral::MinerCollateralErrors>(err))
        .or_else(|| decode::<FlixToken::FlixTokenErrors>(err))
        .or_else(|| decode::<TestStablecoin::TestStablecoinErrors>(err));
    if let Some(d) = decoded {
        return d;
    }
    if let Some(data) = err.as_revert_data() {
        return format!("reverted with unknown data {data}");
    }
    err.to_string()
}

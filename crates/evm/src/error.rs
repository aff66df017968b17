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
    /// A node did not answer a call or a transaction (not a revert).
    #[error("transport: {0}")]
    Transport(String),
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
    match err.as_revert_data() {
        Some(data) => decode_revert_data(&data).unwrap_or_else(|| format!("reverted with unknown data {data}")),
        None => err.to_string(),
    }
}

/// The custom error `data` encodes (`VoteTallyAlreadyVoted { roundId: 1, voter: 0x.. }`), when any
/// contract of the suite defines it: for revert data, and for the error bytes a contract reports in
/// an event (VoteTally's `SignedVoteRejected`).
pub fn decode_revert_data(data: &[u8]) -> Option<String> {
    fn inner(debug: String) -> String {
        // `Enum::Variant(Variant { a: 1 })` -> `Variant { a: 1 }`
        match (debug.find('('), debug.rfind(')')) {
            (Some(open), Some(close)) if close > open => debug[open + 1..close].to_string(),
            _ => debug,
        }
    }
    fn decode<E: SolInterface + std::fmt::Debug>(data: &[u8]) -> Option<String> {
        E::abi_decode(data).ok().map(|e| inner(format!("{e:?}")))
    }
    use tfx_abi::ink;
    decode::<VideoNft::VideoNftErrors>(data)
        .or_else(|| decode::<VideoShares::VideoSharesErrors>(data))
        .or_else(|| decode::<VoteTally::VoteTallyErrors>(data))
        .or_else(|| decode::<AdRevenue::AdRevenueErrors>(data))
        .or_else(|| decode::<MinerCollateral::MinerCollateralErrors>(data))
        .or_else(|| decode::<FlixToken::FlixTokenErrors>(data))
        .or_else(|| decode::<TestStablecoin::TestStablecoinErrors>(data))
        .or_else(|| decode::<tfx_abi::evm::Mailbox::MailboxErrors>(data))
        .or_else(|| decode::<tfx_abi::evm::StudioRouter::StudioRouterErrors>(data))
        // The ink! suite's own errors (native-coin transfers and value checks), with the same
        // selectors as every error it shares with the Solidity suite.
        .or_else(|| decode::<ink::AdRevenue::AdRevenueErrors>(data))
        .or_else(|| decode::<ink::MinerCollateral::MinerCollateralErrors>(data))
        .or_else(|| decode::<ink::VoteTally::VoteTallyErrors>(data))
        .or_else(|| decode::<ink::VideoNft::VideoNftErrors>(data))
        .or_else(|| decode::<ink::VideoShares::VideoSharesErrors>(data))
        .or_else(|| decode::<alloy::sol_types::GenericContractError>(data))
}

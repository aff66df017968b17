//! The EVM chain family (Avalanche C-Chain, Ethereum, and Polkadot Hub's Ethereum RPC): connecting
//! to an RPC with a signer, checking the chain id, binding the deployed suite, and turning reverts
//! into one readable line. The only crate besides `tfx-abi` that imports alloy.

mod error;
mod signer;
mod suite;
mod tx;
pub mod votes;

pub use error::{Error, Result, decode_revert_data, describe_revert};
pub use signer::{load_signer, signer_from_hex};
pub use suite::{Suite, connect};
pub use tx::{read, send};

pub use alloy;

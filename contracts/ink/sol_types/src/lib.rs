//! Solidity ABI types the TensorFlix ink! contracts share with their Solidity twins.
#![cfg_attr(not(feature = "std"), no_std)]

/// A unix time in seconds that the Solidity contracts type `uint40`: encoded in the same 32-byte word
/// as a `uint64`, and named `uint40` so that event signatures (topic 0) and error selectors match
/// the EVM contracts'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Uint40(pub u64);

impl<'a> ink::SolEncode<'a> for Uint40 {
    type SolType = u64;
    const SOL_NAME: &'static str = "uint40";

    fn to_sol_type(&'a self) -> u64 {
        self.0
    }
}

impl ink::SolDecode for Uint40 {
    type SolType = u64;
    const SOL_NAME: &'static str = "uint40";

    fn from_sol_type(value: u64) -> Result<Self, ink::sol::Error> {
        if value >= 1 << 40 {
            return Err(ink::sol::Error);
        }
        Ok(Self(value))
    }
}

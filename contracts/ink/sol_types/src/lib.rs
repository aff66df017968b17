//! Solidity ABI types the TensorFlix ink! contracts share with their Solidity twins.
#![cfg_attr(not(feature = "std"), no_std)]

pub mod eip712;
pub mod interfaces;

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

/// Several return values, encoded in place as Solidity encodes `returns (a, b, ...)`. ink! encodes a
/// returned Rust tuple as one tuple value, which starts with an offset word whenever a member is
/// dynamic (a `string`, say): a dApp decoding with the Solidity contract's ABI would read garbage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outputs<T>(pub T);

impl<'a, T> ink::SolEncode<'a> for Outputs<T>
where
    T: for<'b> ink::sol::SolParamsEncode<'b>,
{
    type SolType = <T as ink::SolEncode<'a>>::SolType;
    const SOL_NAME: &'static str = <T as ink::SolEncode<'a>>::SOL_NAME;

    fn encode(&'a self) -> ink::prelude::vec::Vec<u8> {
        ink::sol::encode_sequence(&self.0)
    }

    fn encode_to(&'a self, buffer: &mut [u8]) -> usize {
        ink::sol::encode_sequence_to(&self.0, buffer)
    }

    fn to_sol_type(&'a self) -> Self::SolType {
        self.0.to_sol_type()
    }
}

impl<T> ink::SolDecode for Outputs<T>
where
    T: ink::sol::SolParamsDecode,
{
    type SolType = <T as ink::SolDecode>::SolType;
    const SOL_NAME: &'static str = <T as ink::SolDecode>::SOL_NAME;

    fn decode(data: &[u8]) -> Result<Self, ink::sol::Error> {
        ink::sol::decode_sequence(data).map(Self)
    }

    fn from_sol_type(value: Self::SolType) -> Result<Self, ink::sol::Error> {
        T::from_sol_type(value).map(Self)
    }
}

/// The revert data of a failed cross-contract call, kept verbatim: a contract-reference method
/// returning `Result<T, Revert>` hands the callee's error data over instead of a decode failure, and
/// [`Revert::bubble`] reverts with it unchanged, as Solidity bubbles a callee's revert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revert(pub ink::prelude::vec::Vec<u8>);

impl ink::sol::SolErrorDecode for Revert {
    fn decode(data: &[u8]) -> Result<Self, ink::sol::Error> {
        Ok(Self(data.to_vec()))
    }
}

impl ink::sol::SolErrorEncode for Revert {
    fn encode(&self) -> ink::prelude::vec::Vec<u8> {
        self.0.clone()
    }
}

impl Revert {
    /// Ends this call, reverting with the callee's data.
    pub fn bubble(self) -> ! {
        ink::env::return_value_solidity(ink::env::ReturnFlags::REVERT, &Err::<(), Self>(self))
    }
}

/// `Panic(0x11)`, Solidity's arithmetic overflow: the code the contracts' `Panic(uint256)` error
/// carries when a checked operation overflows, so that a caller sees what an EVM caller would.
pub const PANIC_OVERFLOW: u64 = 0x11;

/// `keccak256(abi.encode(words...))` for 32-byte words, as the Solidity contracts hash their
/// commitments and domains.
pub fn keccak_words(words: &[[u8; 32]]) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<ink::env::hash::Keccak256>(&words.concat(), &mut out);
    out
}

/// An address as its ABI word (left-padded).
pub fn address_word(a: &ink::primitives::Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_bytes());
    w
}

/// Event test vectors: the exact logs a contract's test scenario emitted on ink!'s off-chain
/// engine, kept in `abi/ink/vectors/<contract>.json` for the indexer's decoder test.
#[cfg(feature = "vectors")]
pub mod vectors {
    use serde_json::Value;
    pub use serde_json::json;

    /// Lowercase hex without a prefix.
    pub fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// `0x`-prefixed lowercase hex.
    pub fn hex0x(bytes: &[u8]) -> String {
        format!("0x{}", hex(bytes))
    }

    /// Pairs the events recorded so far with `args` (each the event's name and Solidity arguments,
    /// which the indexer's test re-encodes), adds their topics and data, and compares the result
    /// with `abi/ink/vectors/<contract>.json`, or rewrites that file when `TFX_WRITE_VECTORS` is set.
    pub fn check(contract: &str, args: Vec<Value>) {
        let events = ink::env::test::recorded_events();
        assert_eq!(events.len(), args.len(), "one description per recorded event");
        let logs: Vec<Value> = events
            .iter()
            .zip(args)
            .map(|(e, mut v)| {
                v["topics"] = e.topics.iter().map(|t| hex0x(t)).collect();
                v["data"] = hex0x(&e.data).into();
                v
            })
            .collect();
        let text = serde_json::to_string_pretty(&logs).unwrap_or_default() + "\n";
        // Read at run time: `cargo test` runs each contract's tests in its crate directory, whereas a
        // compile-time path would be the one of whichever clone first built this crate in a shared
        // target directory.
        let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
        let path = std::path::Path::new(&crate_dir).join(format!("../../../abi/ink/vectors/{contract}.json"));
        if std::env::var_os("TFX_WRITE_VECTORS").is_some() {
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        } else {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(committed, text, "{contract}: event bytes changed; rerun with TFX_WRITE_VECTORS=1 and commit");
        }
    }
}

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
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../../abi/ink/vectors/{contract}.json"));
        if std::env::var_os("TFX_WRITE_VECTORS").is_some() {
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        } else {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(committed, text, "{contract}: event bytes changed; rerun with TFX_WRITE_VECTORS=1 and commit");
        }
    }
}

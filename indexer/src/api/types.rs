//! The API's value types. Each parameter type is both the parser of a path segment or query value
//! and its schema in the OpenAPI document: the document's pattern is the very regex the server
//! checks (and its bounds the very bounds), so what the document says and what the server accepts
//! cannot drift apart. Every value that matches the pattern is accepted with a meaning; everything
//! else is a 400 that names the parameter. The response scalars below state the formats responses
//! write, checked by schemathesis against every response.

use alloy::primitives::U256;
use regex::Regex;
use serde::de::{Deserialize, Deserializer, Error as _};
use std::sync::LazyLock;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

/// The largest page.
pub(crate) const MAX_LIMIT: i64 = 100;
/// The page size when `limit` is absent.
pub(crate) const DEFAULT_LIMIT: i64 = 20;

/// A decimal strictly of ASCII digits, at most `digits` long.
fn digits(v: &str, max: usize) -> bool {
    !v.is_empty() && v.len() <= max && v.bytes().all(|b| b.is_ascii_digit())
}

/// A decimal without its leading zeros ("0" stays "0").
fn trim_zeros(v: &str) -> String {
    let t = v.trim_start_matches('0');
    if t.is_empty() { "0".into() } else { t.into() }
}

fn string_schema(pattern: &str, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern)).description(Some(description)).into()
}

fn integer_schema(min: i64, max: i64, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(min))
        .maximum(Some(max))
        .description(Some(description))
        .into()
}

/// Declares a parameter type: its schema, and its `Deserialize` through `parse` (whose error is
/// the 400's message).
macro_rules! param {
    ($ty:ident, $schema:expr, $parse:expr) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }
        impl ToSchema for $ty {}
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                let parse: fn(&str) -> Result<$ty, String> = $parse;
                parse(&v).map_err(D::Error::custom)
            }
        }
    };
}

/// An EIP-155 chain id: a decimal integer from 1 to 2^63-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChainId(pub(crate) i64);

impl ChainId {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        digits(v, 19)
            .then(|| v.parse::<i64>().ok())
            .flatten()
            .filter(|c| *c > 0)
            .map(ChainId)
            .ok_or_else(|| format!("chain_id must be a decimal integer from 1 to {}, got {v:?}", i64::MAX))
    }
}

param!(ChainId, integer_schema(1, i64::MAX, "EIP-155 chain id."), ChainId::parse);

/// An account: `0x` and 40 hex digits (either case) for an EVM address, or 64 for a Solana public
/// key, as responses write them (a wallet's base 58 key is those 32 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address(pub(crate) Vec<u8>);

const ADDRESS_PATTERN: &str = "^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$";
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| Regex::new(ADDRESS_PATTERN).expect("address pattern"));

impl Address {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        if !ADDRESS.is_match(v) {
            return Err(format!(
                "an address must be 0x followed by 40 hex digits (EVM) or 64 (a Solana public key), got {v:?}"
            ));
        }
        alloy::hex::decode(&v[2..]).map(Address).map_err(|e| e.to_string())
    }

    /// `0x` and lowercase hex, as responses write addresses.
    pub(crate) fn hex(&self) -> String {
        format!("0x{}", alloy::hex::encode(&self.0))
    }
}

param!(
    Address,
    string_schema(ADDRESS_PATTERN, "0x-prefixed hex: a 20-byte EVM address or a 32-byte Solana public key."),
    Address::parse
);

/// A 32-byte hash (a cross-chain message id): `0x` and exactly 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hash32(pub(crate) Vec<u8>);

const HASH32_PATTERN: &str = "^0x[0-9a-fA-F]{64}$";
static HASH32: LazyLock<Regex> = LazyLock::new(|| Regex::new(HASH32_PATTERN).expect("hash pattern"));

impl Hash32 {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        if !HASH32.is_match(v) {
            return Err(format!("a message id must be 0x followed by 64 hex digits, got {v:?}"));
        }
        alloy::hex::decode(&v[2..]).map(Hash32).map_err(|e| e.to_string())
    }
}

param!(Hash32, string_schema(HASH32_PATTERN, "0x-prefixed 32-byte hex hash."), Hash32::parse);

/// A uint256 id: decimal digits (at most 78), or `0x` and 1 to 64 hex digits (a video id is its
/// content hash, which users hold in hex). Held in decimal, as SQL reads it; a decimal beyond
/// 2^256-1 names nothing (a 404, or an empty filter), it is not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Uint256(pub(crate) String);

const UINT256_PATTERN: &str = "^(0x[0-9a-fA-F]{1,64}|[0-9]{1,78})$";
static UINT256: LazyLock<Regex> = LazyLock::new(|| Regex::new(UINT256_PATTERN).expect("uint256 pattern"));

impl Uint256 {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        if !UINT256.is_match(v) {
            return Err(format!(
                "an id must be a uint256: at most 78 decimal digits, or 0x and 1 to 64 hex digits, got {v:?}"
            ));
        }
        Ok(Uint256(match v.strip_prefix("0x") {
            Some(hex) => U256::from_str_radix(hex, 16).map_err(|e| e.to_string())?.to_string(),
            None => trim_zeros(v),
        }))
    }
}

param!(
    Uint256,
    string_schema(UINT256_PATTERN, "uint256: decimal, or 0x-prefixed hex (a video id is its content hash)."),
    Uint256::parse
);

/// A page size from 1 to [`MAX_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit(pub(crate) i64);

impl Limit {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        digits(v, 3)
            .then(|| v.parse::<i64>().ok())
            .flatten()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .map(Limit)
            .ok_or_else(|| format!("limit must be an integer from 1 to {MAX_LIMIT}, got {v:?}"))
    }

    pub(crate) fn or_default(limit: Option<Limit>) -> i64 {
        limit.map_or(DEFAULT_LIMIT, |l| l.0)
    }
}

param!(Limit, integer_schema(1, MAX_LIMIT, "Page size (default 20)."), Limit::parse);

/// Where a page listed in (chain_id, uint256 id) order starts: after `<chain_id>-<id>`, the
/// previous page's `next_cursor`. Any cursor of this shape is a position in that order; a chain
/// beyond 2^63-1 lies after every row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdCursor {
    pub(crate) chain_id: i64,
    pub(crate) id: String,
}

const ID_CURSOR_PATTERN: &str = "^[0-9]{1,19}-[0-9]{1,78}$";
static ID_CURSOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(ID_CURSOR_PATTERN).expect("cursor pattern"));

/// 10^78: above every uint256, so a cursor there ends the listing.
const PAST_EVERY_ID: &str = "1000000000000000000000000000000000000000000000000000000000000000000000000000000";

impl IdCursor {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        if !ID_CURSOR.is_match(v) {
            return Err(format!("cursor must be a next_cursor from a previous page, got {v:?}"));
        }
        let (chain, id) = v.split_once('-').unwrap_or_default();
        Ok(match chain.parse::<i64>() {
            Ok(chain_id) => IdCursor { chain_id, id: trim_zeros(id) },
            Err(_) => IdCursor { chain_id: i64::MAX, id: PAST_EVERY_ID.into() },
        })
    }

    /// The cursor after the row at (`chain_id`, `id`).
    pub(crate) fn after(chain_id: i64, id: &str) -> String {
        format!("{chain_id}-{id}")
    }
}

param!(IdCursor, string_schema(ID_CURSOR_PATTERN, "next_cursor of the previous page, unchanged."), IdCursor::parse);

/// A `<number>-0x<address>` cursor matching `pattern`, split into the number and the address bytes.
fn prefixed_address<'a>(pattern: &Regex, v: &'a str) -> Result<(&'a str, Vec<u8>), String> {
    if !pattern.is_match(v) {
        return Err(format!("cursor must be a next_cursor from a previous page, got {v:?}"));
    }
    let (number, address) = v.split_once('-').unwrap_or_default();
    Ok((number, alloy::hex::decode(&address[2..]).map_err(|e| e.to_string())?))
}

/// Where a page listed in (chain_id, address) order starts: after `<chain_id>-0x<address>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AddressCursor {
    pub(crate) chain_id: i64,
    pub(crate) address: Vec<u8>,
}

const ADDRESS_CURSOR_PATTERN: &str = "^[0-9]{1,19}-0x([0-9a-f]{40}|[0-9a-f]{64})$";
static ADDRESS_CURSOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(ADDRESS_CURSOR_PATTERN).expect("cursor pattern"));

impl AddressCursor {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        let (chain, address) = prefixed_address(&ADDRESS_CURSOR, v)?;
        Ok(match chain.parse::<i64>() {
            Ok(chain_id) => AddressCursor { chain_id, address },
            Err(_) => AddressCursor { chain_id: i64::MAX, address: vec![0xff; 20] },
        })
    }

    /// The cursor after the row at (`chain_id`, `address`, in 0x-hex).
    pub(crate) fn after(chain_id: i64, address: &str) -> String {
        format!("{chain_id}-{address}")
    }
}

param!(
    AddressCursor,
    string_schema(ADDRESS_CURSOR_PATTERN, "next_cursor of the previous page, unchanged."),
    AddressCursor::parse
);

/// Where a page of share holders (largest balance first, then by address) starts: after
/// `<balance>-0x<holder>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HolderCursor {
    pub(crate) balance: String,
    pub(crate) holder: Vec<u8>,
}

const HOLDER_CURSOR_PATTERN: &str = "^[0-9]{1,78}-0x([0-9a-f]{40}|[0-9a-f]{64})$";
static HOLDER_CURSOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(HOLDER_CURSOR_PATTERN).expect("cursor pattern"));

impl HolderCursor {
    pub(crate) fn parse(v: &str) -> Result<Self, String> {
        let (balance, holder) = prefixed_address(&HOLDER_CURSOR, v)?;
        Ok(HolderCursor { balance: trim_zeros(balance), holder })
    }

    /// The cursor after a holder of `balance` at `holder` (0x-hex).
    pub(crate) fn after(balance: &str, holder: &str) -> String {
        format!("{balance}-{holder}")
    }
}

param!(
    HolderCursor,
    string_schema(HOLDER_CURSOR_PATTERN, "next_cursor of the previous page, unchanged."),
    HolderCursor::parse
);

/// A slash's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub(crate) enum SlashStatus {
    /// Proposed, collecting approvals, within its dispute window.
    Pending,
    /// The miner disputed it; the admin has not resolved it.
    Disputed,
    /// The dispute was resolved against the miner.
    Upheld,
    /// The dispute was resolved for the miner: nothing is slashed.
    Rejected,
    /// Collateral was slashed.
    Executed,
    /// It outlived its time to live unexecuted.
    Expired,
}

/// Declares a response scalar: a string column the SQL renders in one format.
macro_rules! scalar {
    ($(#[$doc:meta])* $ty:ident, $pattern:expr, $description:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, sqlx::Type)]
        #[sqlx(transparent)]
        pub(crate) struct $ty(pub(crate) String);
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                string_schema($pattern, $description)
            }
        }
        impl ToSchema for $ty {}
    };
}

scalar!(
    /// An address as responses write it: `0x` and 40 lowercase hex digits (EVM), or 64 (a Solana
    /// public key).
    HexAddress,
    "^0x([0-9a-f]{40}|[0-9a-f]{64})$",
    "0x-prefixed lowercase hex: a 20-byte EVM address or a 32-byte Solana public key."
);
scalar!(
    /// A 32-byte hash or id: `0x` and 64 lowercase hex digits.
    HexBytes32,
    "^0x[0-9a-f]{64}$",
    "0x-prefixed lowercase hex, 32 bytes."
);
scalar!(
    /// A uint256 amount or id in decimal.
    DecimalU256,
    "^[0-9]{1,78}$",
    "uint256 as a decimal string."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_strictly_and_into_decimal() {
        let id = |v: &str| Uint256::parse(v).map(|u| u.0);
        assert_eq!(id("0x10"), Ok("16".into()));
        assert_eq!(id("0x00ff"), Ok("255".into()));
        assert_eq!(id("007"), Ok("7".into()));
        assert_eq!(id("0"), Ok("0".into()));
        assert!(id(&"9".repeat(78)).is_ok(), "beyond 2^256-1 but within the pattern: names nothing");
        assert!(id(&"9".repeat(79)).is_err());
        assert!(id(&format!("0x{}", "f".repeat(65))).is_err());
        for loose in ["", "0x", "0X10", "0b101", "0o17", "1_000", "+5", "-1", " 5", "5 ", "1e3", "0x_1", "0xg", "5\n"] {
            assert!(id(loose).is_err(), "{loose:?} must be refused");
        }
    }

    #[test]
    fn addresses_chain_ids_and_limits_parse_strictly() {
        let bare = "70997970c51812dc3a010c7d01b50e0d17dc79c8";
        assert!(Address::parse("0x12").is_err_and(|e| e.contains("40 hex digits")));
        assert!(Address::parse(bare).is_err(), "an address without 0x is refused");
        assert!(Address::parse(&format!("0X{bare}")).is_err());
        assert_eq!(Address::parse(&format!("0x{}", bare.to_uppercase())).map(|a| a.hex()), Ok(format!("0x{bare}")));
        // A Solana public key, as responses write it; base 58 is refused (its length does not say
        // whether it is 32 bytes, so no schema could describe what is accepted).
        let key = format!("0x{}", "ab".repeat(32));
        assert_eq!(Address::parse(&key).map(|a| a.hex()), Ok(key));
        assert!(Address::parse("3W1vxEeVHJJ7nJ1u7dQCeu15U2uE6StdM1LBvy15uAme").is_err());
        assert!(Address::parse(&format!("0x{}", "ab".repeat(31))).is_err(), "neither 20 nor 32 bytes");
        for bad in ["0", "-1", "+1", "0x1", "1_0", "9223372036854775808", "01234567890123456789", ""] {
            assert!(ChainId::parse(bad).is_err(), "chain_id {bad:?} must be refused");
        }
        assert_eq!(ChainId::parse("9223372036854775807"), Ok(ChainId(i64::MAX)));
        for bad in ["0", "101", "+5", "05x", "1000", "0x10", ""] {
            assert!(Limit::parse(bad).is_err(), "limit {bad:?}");
        }
        assert_eq!(Limit::parse("100"), Ok(Limit(100)));
    }

    #[test]
    fn every_cursor_of_the_documented_shape_is_a_position() {
        assert_eq!(IdCursor::parse("43114-0005"), Ok(IdCursor { chain_id: 43114, id: "5".into() }));
        assert_eq!(IdCursor::parse(&IdCursor::after(1, "77")), Ok(IdCursor { chain_id: 1, id: "77".into() }));
        let past = IdCursor::parse("9999999999999999999-0").expect("a chain beyond i64 is a position");
        assert_eq!((past.chain_id, past.id.len()), (i64::MAX, 79));
        for bad in ["1:5", "1-0x5", "-5", "1-", "zz", "1-5-6"] {
            assert!(IdCursor::parse(bad).is_err(), "{bad:?}");
        }
        let a = format!("0x{}", "ab".repeat(20));
        assert_eq!(AddressCursor::parse(&AddressCursor::after(7, &a)).map(|c| c.chain_id), Ok(7));
        assert!(AddressCursor::parse(&format!("7-{}", a.to_uppercase())).is_err());
        assert_eq!(HolderCursor::parse(&HolderCursor::after("10", &a)).map(|c| c.balance), Ok("10".into()));
    }
}

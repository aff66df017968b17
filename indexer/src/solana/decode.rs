//! The Anchor programs' events into the catalog's tables. The tables are the EVM suite's (one
//! vocabulary for every chain); each Solana event fills the table of the EVM event of the same
//! name (or the one [`SAME_AS`] names), column by column from the event's IDL field of the same
//! snake-case name, after the catalog entry's renames. Where a Solana event carries a value under
//! another field, [`DERIVED`] says which. Every column must be filled, with a compatible type:
//! that is checked when the decoders are built, and a unit test builds them.

use crate::catalog::{ContractKind, ENTRIES, SqlType, TableId, catalog, snake};
use crate::rows::{LogMeta, Row, Rows};
use std::collections::HashMap;
use std::sync::LazyLock;
use tfx_solana::idl::{EVENT_IX_TAG, Ty};
use tfx_solana::{Idl, Val};

/// Solana events named differently from the EVM event whose table they fill.
const SAME_AS: &[(ContractKind, &str, &str)] = &[
    (ContractKind::VideoNft, "VideoTransferred", "Transfer"),
    (ContractKind::VideoNft, "BaseUriSet", "BaseURISet"),
    (ContractKind::VideoShares, "SharesTransferred", "TransferSingle"),
];

/// Columns a Solana event fills from a field of another name: `(table, column, field)`. A Solana
/// video id is its content hash, which the EVM suite's `VideoMinted` also carries apart; the EVM
/// `baseURI` parameter's column is the snake case of its capitals.
const DERIVED: &[(&str, &str, &str)] =
    &[("video_minted", "content_hash", "video_id"), ("base_uri_set", "base_u_r_i", "base_uri")];

/// The programs the indexer decodes, with their committed IDLs.
fn idls() -> Vec<(ContractKind, Idl)> {
    vec![
        (ContractKind::AdRevenue, Idl::ad_revenue()),
        (ContractKind::VideoNft, Idl::video_nft()),
        (ContractKind::VideoShares, Idl::video_shares()),
        (ContractKind::VoteTally, Idl::vote_tally()),
        (ContractKind::Mailbox, Idl::mailbox()),
        (ContractKind::MinerCollateral, Idl::miner_collateral()),
    ]
}

/// Where a column's value comes from.
#[derive(Debug, Clone)]
enum Column {
    /// An event field.
    Field(String, SqlType),
    /// An event field holding an account: the default key (nobody: a mint's sender, a burn's
    /// receiver) is stored as the EVM suite's zero address, which the state rules read as nobody.
    Account(String),
    /// An element of the `each` list field, one row per element.
    Element(SqlType),
}

#[derive(Debug, Clone)]
struct Decoder {
    table: TableId,
    columns: Vec<Column>,
    each: Option<String>,
    sub_index: bool,
}

/// Why the IDL and the catalog disagree (a bug caught by the tests).
#[derive(Debug, thiserror::Error)]
#[error("{program}.{event} -> {table}: {problem}")]
pub struct MappingError {
    program: String,
    event: String,
    table: &'static str,
    problem: String,
}

/// The decoders of every program's events.
#[derive(Debug)]
pub struct SolanaCatalog {
    idls: Vec<(ContractKind, Idl)>,
    decoders: HashMap<(ContractKind, String), Vec<Decoder>>,
}

impl SolanaCatalog {
    /// Builds the decoders; an error means an IDL and the catalog disagree.
    pub fn new() -> Result<Self, MappingError> {
        let idls = idls();
        let mut decoders: HashMap<(ContractKind, String), Vec<Decoder>> = HashMap::new();
        for (kind, idl) in &idls {
            for event in idl.event_names() {
                let evm_name =
                    SAME_AS.iter().find(|(k, sol, _)| k == kind && *sol == event).map_or(event, |(_, _, e)| e);
                for entry in ENTRIES.iter().filter(|e| e.contract == *kind && e.event == evm_name) {
                    let err = |problem: String| MappingError {
                        program: idl.name.clone(),
                        event: event.to_string(),
                        table: entry.table,
                        problem,
                    };
                    let fields = idl.event_fields(event).ok_or_else(|| err("no struct type".into()))?;
                    let table_id = catalog().id(entry.table).ok_or_else(|| err("no such table".into()))?;
                    let table = catalog().table(table_id);
                    let column_of = |field: &str| {
                        entry
                            .renames
                            .iter()
                            .find(|(param, _)| snake(param) == field)
                            .map_or_else(|| field.to_string(), |(_, column)| column.to_string())
                    };
                    let each = entry.each.first().map(|param| snake(param));
                    let columns = table
                        .columns
                        .iter()
                        .map(|(column, sql)| {
                            let derived = DERIVED.iter().find(|(t, c, _)| *t == entry.table && c == column);
                            let (field, ty) = fields
                                .iter()
                                .find(|(f, _)| {
                                    derived.map_or_else(|| column_of(f) == *column, |(_, _, from)| f == from)
                                })
                                .ok_or_else(|| err(format!("no field for column {column}")))?;
                            let element = each.as_deref() == Some(field.as_str());
                            let ty = match (element, ty) {
                                (true, Ty::Vec(inner) | Ty::Array(inner, _)) => inner,
                                (true, other) => return Err(err(format!("{field} is no list: {other:?}"))),
                                (false, ty) => ty,
                            };
                            if !fits(ty, *sql) {
                                return Err(err(format!("{field} ({ty:?}) does not fit column {column} ({sql:?})")));
                            }
                            Ok(match (element, ty) {
                                (true, _) => Column::Element(*sql),
                                (false, Ty::Pubkey) => Column::Account(field.clone()),
                                (false, _) => Column::Field(field.clone(), *sql),
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    decoders.entry((*kind, event.to_string())).or_default().push(Decoder {
                        table: table_id,
                        columns,
                        each: each.clone(),
                        sub_index: entry.sub_index.is_some(),
                    });
                }
            }
        }
        Ok(Self { idls, decoders })
    }

    /// Decodes an inner instruction of a `kind` program into `rows`: `None` when its data is not
    /// an `emit_cpi!` event; `Some(false)` when it is one no table describes (kept in `raw_log`:
    /// the program id, the event's discriminator as its one topic, the Borsh body).
    pub fn decode(
        &self,
        kind: ContractKind,
        program: &[u8; 32],
        data: &[u8],
        meta: &LogMeta,
        rows: &mut Rows,
    ) -> Option<bool> {
        let payload = data.strip_prefix(&EVENT_IX_TAG)?;
        let decoded = self
            .idls
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, idl)| idl.decode_event(data))
            .and_then(Result::ok)
            .and_then(|(name, value)| Some((self.decoders.get(&(kind, name.to_string()))?, value)));
        match decoded {
            Some((decoders, value)) => {
                decoders.iter().for_each(|d| d.write(&value, meta, rows));
                Some(true)
            }
            None => {
                let (topic, body) = payload.split_at(payload.len().min(8));
                rows.row(catalog().raw_log(), meta).bytes(program).bytes_array([topic]).bytes(body);
                Some(false)
            }
        }
    }
}

impl Decoder {
    fn write(&self, value: &Val, meta: &LogMeta, rows: &mut Rows) {
        let elements: &[Val] = match self.each.as_deref().and_then(|f| value.field(f)) {
            Some(Val::List(items)) => items,
            _ => &[],
        };
        let count = if self.each.is_some() { elements.len() } else { 1 };
        for element in 0..count {
            let mut row =
                if self.sub_index { rows.sub_row(self.table, meta, element) } else { rows.row(self.table, meta) };
            for column in &self.columns {
                row = match column {
                    Column::Field(f, sql) => cell(row, value.field(f), *sql),
                    Column::Element(sql) => cell(row, elements.get(element), *sql),
                    Column::Account(f) => match value.field(f) {
                        Some(Val::Bytes(key)) if key.iter().all(|b| *b == 0) => {
                            row.bytes(alloy::primitives::Address::ZERO.as_slice())
                        }
                        v => cell(row, v, SqlType::Bytea),
                    },
                };
            }
        }
    }
}

/// Whether a Borsh type's values fit a column.
fn fits(ty: &Ty, sql: SqlType) -> bool {
    match sql {
        SqlType::SmallInt | SqlType::Integer | SqlType::BigInt => {
            matches!(ty, Ty::Uint(n) | Ty::Int(n) if *n <= 8) || matches!(ty, Ty::Defined(_))
        }
        // A 32-byte id is the EVM suite's uint256 id (the content hash as a big-endian number).
        SqlType::Numeric => matches!(ty, Ty::Uint(_) | Ty::Int(_)) || *ty == Ty::Array(Box::new(Ty::Uint(1)), 32),
        SqlType::Bytea => {
            matches!(ty, Ty::Pubkey | Ty::Bytes) || matches!(ty, Ty::Array(inner, _) if **inner == Ty::Uint(1))
        }
        SqlType::Text => *ty == Ty::String,
        SqlType::Boolean => *ty == Ty::Bool,
        SqlType::ByteaArray => false,
    }
}

fn cell<'a>(row: Row<'a>, v: Option<&Val>, sql: SqlType) -> Row<'a> {
    match (v, sql) {
        (Some(Val::Bytes(b)), SqlType::Numeric) => row.num(alloy::primitives::U256::from_be_slice(b)),
        (Some(Val::Uint(n)), _) => row.num(n),
        (Some(Val::Int(n)), _) => row.num(n),
        (Some(Val::Variant(i, _)), _) => row.int(u64::from(*i)),
        (Some(Val::Bytes(b)), _) => row.bytes(b),
        (Some(Val::Text(s)), _) => row.text(s),
        (Some(Val::Bool(b)), _) => row.boolean(*b),
        _ => row.null(),
    }
}

static SOLANA_CATALOG: LazyLock<SolanaCatalog> =
    LazyLock::new(|| SolanaCatalog::new().expect("the Solana IDLs map onto the event catalog (tested)"));

/// The Solana decoders of this build.
pub fn solana_catalog() -> &'static SolanaCatalog {
    &SOLANA_CATALOG
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_idl_event_maps_onto_the_catalog() {
        let c = SolanaCatalog::new().expect("decoders build");
        for (kind, event) in [
            (ContractKind::VoteTally, "RoundCreated"),
            (ContractKind::VoteTally, "VoteCast"),
            (ContractKind::VoteTally, "RoundFinalized"),
            (ContractKind::VoteTally, "SignedVoteRejected"),
            (ContractKind::VideoNft, "VideoMinted"),
            (ContractKind::VideoNft, "VideoTransferred"),
            (ContractKind::VideoNft, "MintCommitted"),
            (ContractKind::Mailbox, "Dispatched"),
            (ContractKind::Mailbox, "Delivered"),
            (ContractKind::Mailbox, "AttesterSetRotated"),
            (ContractKind::AdRevenue, "CampaignOpened"),
            (ContractKind::AdRevenue, "CampaignToppedUp"),
            (ContractKind::AdRevenue, "CampaignPaused"),
            (ContractKind::AdRevenue, "CampaignCancelled"),
            (ContractKind::AdRevenue, "RevenueSettled"),
            (ContractKind::AdRevenue, "RevenueClaimed"),
            (ContractKind::AdRevenue, "CreatorCutSet"),
        ] {
            assert!(c.decoders.contains_key(&(kind, event.to_string())), "{kind:?}.{event} has a table");
        }
        // MinerCollateral's events all have the EVM suite's tables, but its roles and pause events,
        // which the EVM suite keeps raw too.
        for event in Idl::miner_collateral().event_names() {
            let raw = ["RolesSet", "Paused", "Unpaused"].contains(&event);
            let mapped = c.decoders.contains_key(&(ContractKind::MinerCollateral, event.to_string()));
            assert_eq!(mapped, !raw, "MinerCollateral.{event}");
        }
        let created = &c.decoders[&(ContractKind::VoteTally, "RoundCreated".to_string())];
        assert_eq!(created.len(), 2, "round_created and one round_candidate row per candidate");
    }

    #[test]
    fn a_vote_becomes_a_vote_cast_row_and_unknown_events_stay_raw() {
        let idl = Idl::vote_tally();
        let mut data = EVENT_IX_TAG.to_vec();
        data.extend_from_slice(&tfx_solana::idl::discriminator("event", "VoteCast"));
        data.extend_from_slice(&3u64.to_le_bytes());
        data.extend_from_slice(&[7; 32]);
        data.extend_from_slice(&1u32.to_le_bytes());
        data.extend_from_slice(&1u64.to_le_bytes());
        let mut rows = Rows::default();
        let meta = LogMeta::sample();
        assert_eq!(
            solana_catalog().decode(ContractKind::VoteTally, &idl.address.0, &data, &meta, &mut rows),
            Some(true)
        );
        let (table, text) = rows.tables().next().expect("a row");
        assert_eq!(table, catalog().id("vote_cast").expect("table"));
        assert!(text.ends_with(&format!("\t3\t\\\\x{}\t1\t1\n", "07".repeat(32))), "{text}");

        let mut unknown = EVENT_IX_TAG.to_vec();
        unknown.extend_from_slice(&tfx_solana::idl::discriminator("event", "Staked"));
        unknown.extend_from_slice(&[0; 48]);
        let mut rows = Rows::default();
        assert_eq!(
            solana_catalog().decode(ContractKind::VoteTally, &idl.address.0, &unknown, &meta, &mut rows),
            Some(false)
        );
        assert_eq!(rows.tables().next().map(|(t, _)| t), Some(catalog().raw_log()));
        assert_eq!(
            solana_catalog().decode(ContractKind::VoteTally, &idl.address.0, &[1, 2, 3], &meta, &mut rows),
            None
        );
    }
}

//! The event catalog: every event the indexer stores, declared once.
//!
//! An [`Entry`] names a contract's event and the table its logs fill. Everything else follows from
//! the committed ABI (`abi/evm/*.json`): the columns are the event's parameters in ABI order (tuple
//! components flattened, names in snake case unless renamed), their SQL types follow from the ABI
//! types, the COPY column order is that order, and the decoder reads each column's value out of the
//! log by the same path. The table DDL is generated from the same [`Catalog`] (`tfx-indexer schema`,
//! committed as `indexer/schema/events.sql` and checked for freshness), and a database test checks
//! that the migrations create exactly these tables and columns. Adding an event is adding an entry.

use crate::rows::{LogMeta, Row, Rows};
use alloy::dyn_abi::{DynSolType, DynSolValue, EventExt, Specifier};
use alloy::json_abi::{Event, EventParam, JsonAbi};
use alloy::primitives::{B256, Log};
use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;
use std::sync::LazyLock;

/// Which of the suite's contracts emitted a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContractKind {
    /// VideoNft.
    VideoNft,
    /// VideoShares.
    VideoShares,
    /// VoteTally.
    VoteTally,
    /// AdRevenue.
    AdRevenue,
    /// MinerCollateral.
    MinerCollateral,
    /// Mailbox (the cross-chain layer).
    Mailbox,
    /// StudioRouter (the cross-chain layer).
    StudioRouter,
}

impl ContractKind {
    /// The contracts the indexer follows, by their name in `deployments/<chain>.json`.
    pub const INDEXED: [(&'static str, ContractKind); 7] = [
        ("VideoNft", ContractKind::VideoNft),
        ("VideoShares", ContractKind::VideoShares),
        ("VoteTally", ContractKind::VoteTally),
        ("AdRevenue", ContractKind::AdRevenue),
        ("MinerCollateral", ContractKind::MinerCollateral),
        ("Mailbox", ContractKind::Mailbox),
        ("StudioRouter", ContractKind::StudioRouter),
    ];

    /// Its name in `deployments/<chain>.json`.
    pub fn name(self) -> &'static str {
        contract_name(self)
    }

    /// Whether every deployment must have it. The cross-chain layer is optional: a chain whose
    /// suite has none yet is indexed without it (and takes no part in messages).
    pub fn required(self) -> bool {
        !matches!(self, ContractKind::Mailbox | ContractKind::StudioRouter)
    }

    fn abi_json(self) -> &'static str {
        match self {
            ContractKind::VideoNft => tfx_abi::json::VIDEO_NFT,
            ContractKind::VideoShares => tfx_abi::json::VIDEO_SHARES,
            ContractKind::VoteTally => tfx_abi::json::VOTE_TALLY,
            ContractKind::AdRevenue => tfx_abi::json::AD_REVENUE,
            ContractKind::MinerCollateral => tfx_abi::json::MINER_COLLATERAL,
            ContractKind::Mailbox => tfx_abi::json::MAILBOX,
            ContractKind::StudioRouter => tfx_abi::json::STUDIO_ROUTER,
        }
    }
}

/// One event and the table it fills.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The contract that emits it.
    pub contract: ContractKind,
    /// The event's name in the contract's ABI.
    pub event: &'static str,
    /// The table its logs fill.
    pub table: &'static str,
    /// Column names other than the parameter's snake-cased name: `(parameter, column)`.
    pub renames: &'static [(&'static str, &'static str)],
    /// Parameters left out of this table.
    pub skip: &'static [&'static str],
    /// Array parameters whose elements (zipped) each make a row; their columns hold one element.
    pub each: &'static [&'static str],
    /// The column numbering the rows of one log, when a log can make several.
    pub sub_index: Option<&'static str>,
    /// Indexes beside the primary key, by column.
    pub indexes: &'static [&'static [&'static str]],
    /// What the table holds, for the generated schema.
    pub doc: &'static str,
}

const NO_RENAMES: &[(&str, &str)] = &[];
const NONE: &[&str] = &[];

const fn entry(
    contract: ContractKind,
    event: &'static str,
    table: &'static str,
    indexes: &'static [&'static [&'static str]],
    doc: &'static str,
) -> Entry {
    Entry { contract, event, table, renames: NO_RENAMES, skip: NONE, each: NONE, sub_index: None, indexes, doc }
}

use ContractKind::{
    AdRevenue as Ads, Mailbox as Mbx, MinerCollateral as Mc, StudioRouter as Router, VideoNft as Nft,
    VideoShares as Shares, VoteTally as Tally,
};

/// Every stored event, in table order.
pub const ENTRIES: &[Entry] = &[
    entry(
        Nft,
        "VideoMinted",
        "video_minted",
        &[&["video_id"], &["creator"]],
        "a creator minted a video (video id = content hash)",
    ),
    Entry {
        renames: &[("from", "from_address"), ("to", "to_address"), ("tokenId", "video_id")],
        ..entry(
            Nft,
            "Transfer",
            "video_transfer",
            &[&["video_id"], &["to_address"]],
            "a video NFT changed hands (from zero: minted)",
        )
    },
    Entry {
        renames: &[("from", "from_address"), ("to", "to_address"), ("id", "video_id"), ("value", "amount")],
        sub_index: Some("batch_index"),
        ..entry(
            Shares,
            "TransferSingle",
            "share_transfer",
            &[&["video_id"]],
            "shares moved (from zero: fractionalized, to zero: redeemed)",
        )
    },
    Entry {
        renames: &[("from", "from_address"), ("to", "to_address"), ("ids", "video_id"), ("values", "amount")],
        each: &["ids", "values"],
        sub_index: Some("batch_index"),
        ..entry(Shares, "TransferBatch", "share_transfer", &[&["video_id"]], "")
    },
    entry(
        Shares,
        "VideoFractionalized",
        "video_fractionalized",
        &[&["video_id"]],
        "a video was locked and split into shares",
    ),
    entry(Shares, "VideoRedeemed", "video_redeemed", &[&["video_id"]], "the whole supply was burned for the NFT"),
    Entry {
        renames: &[("start", "start_time"), ("end", "end_time"), ("mode", "weight_mode")],
        skip: &["candidates"],
        ..entry(Tally, "RoundCreated", "round_created", &[&["round_id"]], "an organizer opened a voting round")
    },
    Entry {
        renames: &[("candidates", "candidate")],
        skip: &["organizer", "start", "end", "mode"],
        each: &["candidates"],
        sub_index: Some("candidate_index"),
        ..entry(
            Tally,
            "RoundCreated",
            "round_candidate",
            &[],
            "a round's candidates (video ids or prompt hashes) by index",
        )
    },
    entry(
        Tally,
        "VoteCast",
        "vote_cast",
        &[&["round_id", "candidate"]],
        "a vote (weight 1, or stake at the round's start)",
    ),
    entry(Tally, "RoundFinalized", "round_finalized", &[&["round_id"]], "a round's final result"),
    entry(
        Ads,
        "CampaignOpened",
        "campaign_opened",
        &[&["campaign_id"], &["video_id"], &["advertiser"]],
        "an advertiser opened a stream to a video",
    ),
    entry(Ads, "CampaignToppedUp", "campaign_topped_up", &[&["campaign_id"]], "a campaign's deposit grew"),
    entry(Ads, "CampaignPaused", "campaign_paused", &[&["campaign_id"]], "a campaign stopped or resumed streaming"),
    entry(Ads, "CampaignCancelled", "campaign_cancelled", &[&["campaign_id"]], "a campaign ended with a refund"),
    entry(
        Ads,
        "RevenueSettled",
        "revenue_settled",
        &[&["video_id"], &["campaign_id"]],
        "streamed revenue distributed; cumulative_revenue is the video's valuation",
    ),
    entry(
        Ads,
        "RevenueClaimed",
        "revenue_claimed",
        &[&["video_id", "account"]],
        "an account withdrew its revenue from a video",
    ),
    entry(Ads, "CreatorCutSet", "creator_cut_set", &[], "the creator's cut changed"),
    entry(Mc, "CollateralDeposited", "collateral_deposited", &[&["miner"]], "a miner bonded collateral"),
    entry(Mc, "UnbondingStarted", "unbonding_started", &[&["miner"]], "a miner started unbonding"),
    entry(Mc, "CollateralWithdrawn", "collateral_withdrawn", &[&["miner"]], "a miner withdrew unbonded collateral"),
    entry(Mc, "SlashProposed", "slash_proposed", &[&["slash_id"], &["miner"]], "a validator proposed a slash"),
    entry(Mc, "SlashApproved", "slash_approved", &[&["slash_id"]], "a validator approved a slash"),
    entry(Mc, "SlashDisputed", "slash_disputed", &[&["slash_id"]], "the miner disputed a slash"),
    entry(Mc, "SlashDisputeResolved", "slash_dispute_resolved", &[&["slash_id"]], "a dispute was upheld or rejected"),
    entry(Mc, "SlashExecuted", "slash_executed", &[&["slash_id"]], "collateral was slashed to the treasury"),
    entry(Mc, "SlashExpired", "slash_expired", &[&["slash_id"]], "a proposal outlived its time to live"),
    entry(Mc, "ValidatorAdded", "validator_added", &[], "a validator was registered"),
    entry(Mc, "ValidatorRemoved", "validator_removed", &[], "a validator was deregistered"),
    entry(
        Mc,
        "ValidatorStaked",
        "validator_staked",
        &[&["validator"]],
        "a validator staked (stake: active and warming up)",
    ),
    entry(
        Mc,
        "ValidatorUnstakeStarted",
        "validator_unstake_started",
        &[&["validator"]],
        "validator stake started unbonding",
    ),
    entry(
        Mc,
        "ValidatorStakeWithdrawn",
        "validator_stake_withdrawn",
        &[&["validator"]],
        "a validator withdrew unbonded stake",
    ),
    Entry {
        renames: &[("from", "from_address")],
        ..entry(Mc, "SiteRevenueDeposited", "site_revenue_deposited", &[], "site revenue arrived for validators")
    },
    entry(
        Mc,
        "ValidatorRevenueClaimed",
        "validator_revenue_claimed",
        &[&["validator"]],
        "a validator claimed site revenue",
    ),
    entry(Mc, "ParamsSet", "params_set", &[], "MinerCollateral's parameters"),
    entry(Mc, "TreasurySet", "treasury_set", &[], "where slashes go"),
    entry(
        Mc,
        "WithdrawalsFrozen",
        "withdrawals_frozen",
        &[&["miner"]],
        "a slash executed on another chain froze a miner's withdrawals here",
    ),
    entry(Nft, "MintCommitted", "mint_committed", &[&["committer"]], "a mint commitment (commit-reveal minting)"),
    entry(Nft, "VideoReserved", "video_reserved", &[&["video_id"]], "an id reserved for its creator"),
    Entry {
        renames: &[("index", "entry_index")],
        ..entry(
            Tally,
            "SignedVoteRejected",
            "signed_vote_rejected",
            &[&["round_id"]],
            "a batch entry skipped, with its error",
        )
    },
    entry(Tally, "NoncesInvalidated", "nonces_invalidated", &[&["voter"]], "signed votes a voter withdrew"),
    entry(
        Mc,
        "ValidatorStakeWarmingUp",
        "validator_stake_warming_up",
        &[&["validator"]],
        "stake waiting to share revenue",
    ),
    entry(
        Mc,
        "ValidatorStakeActivated",
        "validator_stake_activated",
        &[&["validator"]],
        "stake that shares revenue from now on",
    ),
    entry(Nft, "HooksSet", "hooks_set", &[], "the shares contract and revenue hook a video's transfers notify"),
    entry(Nft, "BaseURISet", "base_uri_set", &[], "where every video's tokenURI points (its ERC-721 metadata)"),
    entry(Shares, "RevenueHookSet", "revenue_hook_set", &[], "the revenue hook share transfers notify"),
    Entry {
        renames: &[("id", "message_id"), ("message", "encoded")],
        ..entry(
            Mbx,
            "Dispatched",
            "message_dispatched",
            &[&["message_id"], &["destination", "nonce"]],
            "a message left for another chain (`encoded`: its canonical bytes, whose keccak is the id)",
        )
    },
    Entry {
        renames: &[("id", "message_id")],
        ..entry(
            Mbx,
            "Delivered",
            "message_delivered",
            &[&["message_id"], &["origin", "nonce"]],
            "a message from another chain, accepted with m-of-n attester signatures and applied here",
        )
    },
    Entry {
        renames: &[("attesters", "attester")],
        each: &["attesters"],
        sub_index: Some("attester_index"),
        ..entry(Mbx, "AttesterSetRotated", "attester_set", &[&["version"]], "the members of each attester set version")
    },
    entry(Mbx, "RemoteSenderEnrolled", "remote_sender_enrolled", &[], "the contract accepted as sender from a chain"),
    entry(Mbx, "RecipientSet", "mailbox_recipient_set", &[], "the contract that dispatches and applies messages"),
    entry(
        Router,
        "VideoRegistrationReceived",
        "video_registration_received",
        &[&["video_id"]],
        "a video registered from its home chain: its id reserved here for its creator (or already minted)",
    ),
    entry(
        Router,
        "VoteResultReceived",
        "vote_result_received",
        &[&["origin", "round_id"]],
        "a finalized round of another chain, mirrored here",
    ),
    entry(
        Router,
        "ValuationReceived",
        "valuation_received",
        &[&["video_id"]],
        "a video's cumulative revenue on another chain, at a source block",
    ),
    entry(
        Router,
        "SlashNoticeReceived",
        "slash_notice_received",
        &[&["miner"]],
        "a slash executed on another chain, freezing the miner's withdrawals here",
    ),
    entry(Router, "PolicySet", "router_policy_set", &[], "the router's valuation and freeze policy"),
];

/// The columns every event table starts with: where the log sits on its chain.
pub const META_COLUMNS: [(&str, &str); 6] = [
    ("chain_id", "bigint NOT NULL"),
    ("block_number", "bigint NOT NULL"),
    ("log_index", "integer NOT NULL"),
    ("block_hash", "bytea NOT NULL"),
    ("tx_hash", "bytea NOT NULL"),
    ("block_time", "bigint"),
];

/// Logs of indexed contracts that no entry describes, kept verbatim.
pub const RAW_LOG: &str = "raw_log";

/// An SQL column type, from an ABI type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlType {
    /// `uint<=8`.
    SmallInt,
    /// `uint<=16`, and the sub index.
    Integer,
    /// `uint<=48`: counts and unix times.
    BigInt,
    /// Wider integers: amounts and ids, the whole uint256 range.
    Numeric,
    /// Addresses, fixed and dynamic bytes.
    Bytea,
    /// `bytes32[]`, `address[]` (`raw_log.topics`).
    ByteaArray,
    /// Strings.
    Text,
    /// Booleans.
    Boolean,
}

impl SqlType {
    fn of(ty: &DynSolType) -> Option<Self> {
        Some(match ty {
            DynSolType::Uint(bits) | DynSolType::Int(bits) if *bits <= 8 => SqlType::SmallInt,
            DynSolType::Uint(bits) | DynSolType::Int(bits) if *bits <= 16 => SqlType::Integer,
            DynSolType::Uint(bits) | DynSolType::Int(bits) if *bits <= 48 => SqlType::BigInt,
            DynSolType::Uint(_) | DynSolType::Int(_) => SqlType::Numeric,
            DynSolType::Address | DynSolType::FixedBytes(_) | DynSolType::Bytes => SqlType::Bytea,
            DynSolType::String => SqlType::Text,
            DynSolType::Bool => SqlType::Boolean,
            _ => return None,
        })
    }

    /// The type as PostgreSQL spells it (`information_schema.columns`' `data_type` or, for
    /// numeric, its precision).
    pub fn sql(self) -> &'static str {
        match self {
            SqlType::SmallInt => "smallint",
            SqlType::Integer => "integer",
            SqlType::BigInt => "bigint",
            SqlType::Numeric => "numeric(78,0)",
            SqlType::Bytea => "bytea",
            SqlType::ByteaArray => "bytea[]",
            SqlType::Text => "text",
            SqlType::Boolean => "boolean",
        }
    }
}

/// A table index into [`Catalog::tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId(pub u16);

/// A table as the writer and the schema see it.
#[derive(Debug, Clone)]
pub struct Table {
    /// Its name.
    pub name: &'static str,
    /// Its columns after the meta columns (and the sub index), in COPY order.
    pub columns: Vec<(String, SqlType)>,
    /// The column numbering a log's rows, when a log can make several.
    pub sub_index: Option<&'static str>,
    /// Indexes beside the primary key.
    pub indexes: &'static [&'static [&'static str]],
    /// What it holds.
    pub doc: String,
}

impl Table {
    /// Every column in COPY order.
    pub fn all_columns(&self) -> Vec<&str> {
        self.typed_columns().into_iter().map(|(n, _)| n).collect()
    }

    /// Every column in COPY order with its SQL type and nullability, as the DDL declares it.
    pub fn typed_columns(&self) -> Vec<(&str, String)> {
        let mut cols: Vec<(&str, String)> = META_COLUMNS.iter().map(|(n, ty)| (*n, ty.to_string())).collect();
        if let Some(sub) = self.sub_index {
            cols.insert(3, (sub, format!("{} NOT NULL", SqlType::Integer.sql())));
        }
        cols.extend(self.columns.iter().map(|(n, ty)| (n.as_str(), format!("{} NOT NULL", ty.sql()))));
        cols
    }

    /// The primary key: the log's place on its chain (and its row within the log).
    pub fn key(&self) -> Vec<&str> {
        let mut key = vec!["chain_id", "block_number", "log_index"];
        key.extend(self.sub_index);
        key
    }
}

/// Where a column's value sits in a decoded log.
#[derive(Debug, Clone)]
struct Source {
    /// Indexed (topic) parameters first, then body parameters, as alloy decodes them.
    indexed: bool,
    position: usize,
    /// Tuple components below the parameter.
    path: Vec<usize>,
    /// The value is an element of an `each` array.
    element: bool,
    ty: SqlType,
}

/// A compiled entry: the decoder of one event into one table.
#[derive(Debug, Clone)]
struct Decoder {
    event: Event,
    table: TableId,
    sources: Vec<Source>,
    /// `each` arrays: (indexed, position) of each.
    each: Vec<(bool, usize)>,
    sub_index: bool,
}

/// Why the catalog and the ABI disagree (a bug caught by the tests, never by users).
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// An entry names what the ABI lacks, or an ABI type has no column type.
    #[error("catalog entry {table} ({event}): {problem}")]
    Entry {
        /// The entry's table.
        table: &'static str,
        /// The entry's event.
        event: &'static str,
        /// What is wrong.
        problem: String,
    },
}

/// The tables and decoders of [`ENTRIES`], derived from the committed ABI.
#[derive(Debug, Clone)]
pub struct Catalog {
    tables: Vec<Table>,
    decoders: HashMap<(ContractKind, B256), Vec<Decoder>>,
    raw_log: TableId,
}

impl Catalog {
    /// Builds the catalog; an error means [`ENTRIES`] and the ABI disagree.
    pub fn new() -> Result<Self, CatalogError> {
        let mut tables: Vec<Table> = Vec::new();
        let mut decoders: HashMap<(ContractKind, B256), Vec<Decoder>> = HashMap::new();
        let mut abis: HashMap<ContractKind, JsonAbi> = HashMap::new();
        for e in ENTRIES {
            let err = |problem: String| CatalogError::Entry { table: e.table, event: e.event, problem };
            let abi = match abis.entry(e.contract) {
                Slot::Occupied(o) => o.into_mut(),
                Slot::Vacant(v) => {
                    let value: serde_json::Value =
                        serde_json::from_str(e.contract.abi_json()).map_err(|x| err(x.to_string()))?;
                    v.insert(serde_json::from_value(value["abi"].clone()).map_err(|x| err(x.to_string()))?)
                }
            };
            let event = abi
                .events
                .get(e.event)
                .and_then(|v| v.first())
                .cloned()
                .ok_or_else(|| err("no such event in the ABI".into()))?;
            let (columns, sources) = columns(e, &event).map_err(err)?;
            let id = match tables.iter().position(|t| t.name == e.table) {
                Some(i) => {
                    if tables[i].columns != columns || tables[i].sub_index != e.sub_index {
                        return Err(err(format!("columns differ from the other events of {}", e.table)));
                    }
                    tables[i].doc.push_str(&format!(" (also {}.{})", contract_name(e.contract), e.event));
                    TableId(i as u16)
                }
                None => {
                    tables.push(Table {
                        name: e.table,
                        columns,
                        sub_index: e.sub_index,
                        indexes: e.indexes,
                        doc: format!("{}.{}: {}", contract_name(e.contract), e.event, e.doc),
                    });
                    TableId((tables.len() - 1) as u16)
                }
            };
            let each = e
                .each
                .iter()
                .map(|name| {
                    locate(&event, name)
                        .map(|(indexed, position, _)| (indexed, position))
                        .ok_or_else(|| err(format!("no parameter {name}")))
                })
                .collect::<Result<_, _>>()?;
            decoders.entry((e.contract, event.selector())).or_default().push(Decoder {
                event,
                table: id,
                sources,
                each,
                sub_index: e.sub_index.is_some(),
            });
        }
        tables.push(Table {
            name: RAW_LOG,
            columns: vec![
                ("address".into(), SqlType::Bytea),
                ("topics".into(), SqlType::ByteaArray),
                ("data".into(), SqlType::Bytea),
            ],
            sub_index: None,
            indexes: &[],
            doc: "logs of indexed contracts that no table describes (role, pause, approval events), verbatim".into(),
        });
        let raw_log = TableId((tables.len() - 1) as u16);
        Ok(Self { tables, decoders, raw_log })
    }

    /// Every table, in catalog order (`raw_log` last).
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// A table by id.
    pub fn table(&self, id: TableId) -> &Table {
        &self.tables[id.0 as usize]
    }

    /// The ids of every table.
    pub fn ids(&self) -> impl Iterator<Item = TableId> + '_ {
        (0..self.tables.len()).map(|i| TableId(i as u16))
    }

    /// The table of events no entry describes, kept verbatim.
    pub fn raw_log(&self) -> TableId {
        self.raw_log
    }

    /// The id of the table named `name`.
    pub fn id(&self, name: &str) -> Option<TableId> {
        self.tables.iter().position(|t| t.name == name).map(|i| TableId(i as u16))
    }

    /// Decodes one log of a `kind` contract into `rows`. Returns false when no entry describes it
    /// (it is then kept in `raw_log`), which includes a log whose data does not decode as its
    /// event.
    pub fn decode(&self, kind: ContractKind, log: &Log, meta: &LogMeta, rows: &mut Rows) -> bool {
        let decoded = log.data.topics().first().and_then(|t0| self.decoders.get(&(kind, *t0))).and_then(|ds| {
            let values = ds[0].event.decode_log(&log.data).ok()?;
            Some((ds, values))
        });
        match decoded {
            Some((ds, values)) => {
                for d in ds {
                    d.write(&values.indexed, &values.body, meta, rows);
                }
                true
            }
            None => {
                rows.row(self.raw_log, meta)
                    .bytes(log.address.as_slice())
                    .bytes_array(log.data.topics().iter().map(|t| t.as_slice()))
                    .bytes(&log.data.data);
                false
            }
        }
    }

    /// The event tables' schema, as committed in `indexer/schema/events.sql` and applied on every
    /// start: `CREATE TABLE` and `CREATE INDEX` statements (idempotent), each table with what it
    /// holds, for a dApp developer to read.
    pub fn ddl(&self) -> String {
        let mut out = String::from(SCHEMA_HEADER);
        for t in &self.tables {
            out.push_str(&format!("\n-- {}\nCREATE TABLE IF NOT EXISTS {} (\n", t.doc, t.name));
            for (name, ty) in t.typed_columns() {
                out.push_str(&format!("    {name:<13} {ty},\n"));
            }
            out.push_str(&format!("    PRIMARY KEY ({})\n);\n", t.key().join(", ")));
            for ix in t.indexes {
                out.push_str(&format!(
                    "CREATE INDEX IF NOT EXISTS {}_{}_idx ON {} (chain_id, {});\n",
                    t.name,
                    ix.join("_"),
                    t.name,
                    ix.join(", ")
                ));
            }
        }
        out
    }
}

const SCHEMA_HEADER: &str = "\
-- GENERATED from the event catalog (indexer/src/catalog.rs) and the committed ABI (abi/evm) by
-- `tfx-indexer schema`; do not edit. A unit test fails when this file is stale.
--
-- Raw contract events, one table per event, written only by the indexer. The indexer applies this
-- file on every start (it only creates what is missing) and refuses a database whose event tables
-- differ from it.
--
-- Every table starts with the same columns locating the log on its chain:
--   chain_id      EIP-155 chain id (Solana: the suite's route domain)
--   block_number  block that carried the log (Solana: the slot)
--   log_index     the log's index in that block (Solana: the event's among the slot's events)
--   block_hash    hash of that block (rows of orphaned blocks are deleted on a reorg, so at any time
--                 (chain_id, block_number) names exactly one block hash)
--   tx_hash       transaction that emitted the log (Solana: its 64-byte signature)
--   block_time    block timestamp, unix seconds (from the log, else from the block header)
-- The other columns are the event's parameters in ABI order, in snake case. uint256 amounts and
-- ids are numeric(78,0) (the full range); uint8..uint48 are smallint, integer or bigint; addresses
-- and hashes are bytea (Solana: 32-byte public keys; its events fill the same tables from the
-- fields of the same names, indexer/src/solana/decode.rs). Derived state (videos, balances, tallies, campaigns, positions) is kept by
-- the migrations in indexer/migrations, over these tables.
";

impl Decoder {
    fn write(&self, indexed: &[DynSolValue], body: &[DynSolValue], meta: &LogMeta, rows: &mut Rows) {
        let param = |is_indexed: bool, position: usize| if is_indexed { &indexed[position] } else { &body[position] };
        let arrays: Vec<&[DynSolValue]> = self
            .each
            .iter()
            .map(|(i, p)| match param(*i, *p) {
                DynSolValue::Array(items) | DynSolValue::FixedArray(items) => items.as_slice(),
                _ => &[],
            })
            .collect();
        let count = arrays.iter().map(|a| a.len()).min().unwrap_or(1);
        for element in 0..count {
            let mut row =
                if self.sub_index { rows.sub_row(self.table, meta, element) } else { rows.row(self.table, meta) };
            for s in &self.sources {
                let mut v = param(s.indexed, s.position);
                if s.element {
                    v = match v {
                        DynSolValue::Array(items) | DynSolValue::FixedArray(items) => &items[element],
                        other => other,
                    };
                }
                for &i in &s.path {
                    if let Some(part) = v.as_fixed_seq().and_then(|parts| parts.get(i)) {
                        v = part;
                    }
                }
                row = cell(row, v, s.ty);
            }
        }
    }
}

fn cell<'a>(row: Row<'a>, v: &DynSolValue, ty: SqlType) -> Row<'a> {
    match (v, ty) {
        (DynSolValue::Uint(n, _), _) => row.num(n),
        (DynSolValue::Int(n, _), _) => row.num(n),
        (DynSolValue::Address(a), _) => row.bytes(a.as_slice()),
        (DynSolValue::FixedBytes(w, size), _) => row.bytes(&w[..*size]),
        (DynSolValue::Bytes(b), _) => row.bytes(b),
        (DynSolValue::String(s), _) => row.text(s),
        (DynSolValue::Bool(b), _) => row.boolean(*b),
        _ => row.null(),
    }
}

fn contract_name(kind: ContractKind) -> &'static str {
    ContractKind::INDEXED.iter().find(|(_, k)| *k == kind).map_or("?", |(n, _)| n)
}

/// The event's parameters in alloy's decoding order: indexed ones (topics), then the body.
fn ordered(event: &Event) -> Vec<(bool, usize, &EventParam)> {
    let mut out = Vec::new();
    let (mut ti, mut bi) = (0, 0);
    for p in &event.inputs {
        if p.indexed {
            out.push((true, ti, p));
            ti += 1;
        } else {
            out.push((false, bi, p));
            bi += 1;
        }
    }
    out
}

fn locate<'e>(event: &'e Event, name: &str) -> Option<(bool, usize, &'e EventParam)> {
    ordered(event).into_iter().find(|(_, _, p)| p.name == name)
}

/// Named, typed columns and where each one's value comes from, in the same order.
type Columns = (Vec<(String, SqlType)>, Vec<Source>);

/// A column per parameter (tuple components flattened), in ABI order.
fn columns(e: &Entry, event: &Event) -> Result<Columns, String> {
    let mut cols = Vec::new();
    let mut sources = Vec::new();
    for (indexed, position, p) in ordered(event) {
        if e.skip.contains(&p.name.as_str()) {
            continue;
        }
        let element = e.each.contains(&p.name.as_str());
        let ty: DynSolType = p.resolve().map_err(|x| format!("{}: {x}", p.name))?;
        let ty = if element {
            match ty {
                DynSolType::Array(inner) | DynSolType::FixedArray(inner, _) => *inner,
                other => return Err(format!("{} is no array: {other}", p.name)),
            }
        } else {
            ty
        };
        let name =
            e.renames.iter().find(|(from, _)| *from == p.name).map_or_else(|| snake(&p.name), |(_, to)| to.to_string());
        match ty.as_tuple().or_else(|| ty.as_custom_struct().map(|(_, _, tuple)| tuple)) {
            Some(parts) => {
                for (i, (part, component)) in parts.iter().zip(&p.components).enumerate() {
                    let sql = sql_type(part, &component.name)?;
                    cols.push((snake(&component.name), sql));
                    sources.push(Source { indexed, position, path: vec![i], element, ty: sql });
                }
            }
            None => {
                let sql = sql_type(&ty, &p.name)?;
                cols.push((name, sql));
                sources.push(Source { indexed, position, path: vec![], element, ty: sql });
            }
        }
    }
    Ok((cols, sources))
}

fn sql_type(ty: &DynSolType, name: &str) -> Result<SqlType, String> {
    SqlType::of(ty).ok_or_else(|| format!("{name}: no column type for {ty}"))
}

/// `creatorCutBps` -> `creator_cut_bps`.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::new().expect("the event catalog matches the committed ABI (tested)"));

/// The catalog of this build (its consistency with the ABI is a unit test).
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

impl TableId {
    /// The table's name.
    pub fn name(self) -> &'static str {
        catalog().table(self).name
    }

    /// Every column in COPY order.
    pub fn columns(self) -> Vec<&'static str> {
        catalog().table(self).all_columns()
    }

    /// Whether rows carry a sub-index after `log_index` (one log, several rows).
    pub fn has_sub_index(self) -> bool {
        catalog().table(self).sub_index.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::LogMeta;
    use alloy::primitives::{Address, I256, LogData, U256, keccak256};
    use std::collections::BTreeSet;

    /// Events of the indexed contracts deliberately kept verbatim in `raw_log`: OpenZeppelin's
    /// access-control, pause and approval events, which no dApp query reads.
    const KEPT_RAW: &[&str] = &[
        "Approval",
        "ApprovalForAll",
        "BatchMetadataUpdate",
        "EIP712DomainChanged",
        "MetadataUpdate",
        "Paused",
        "RoleAdminChanged",
        "RoleGranted",
        "RoleRevoked",
        "URI",
        "Unpaused",
    ];

    #[test]
    fn the_committed_schema_is_what_the_catalog_generates() {
        assert!(
            catalog().ddl() == crate::store::EVENT_SCHEMA,
            "indexer/schema/events.sql is stale: regenerate it with \
             `cargo run -p tfx-indexer -- schema > indexer/schema/events.sql`"
        );
    }

    #[test]
    fn every_event_of_the_indexed_contracts_has_a_table_or_is_kept_raw() {
        let mut uncatalogued = BTreeSet::new();
        for (_, kind) in ContractKind::INDEXED {
            let value: serde_json::Value = serde_json::from_str(kind.abi_json()).expect("ABI JSON");
            let abi: JsonAbi = serde_json::from_value(value["abi"].clone()).expect("ABI");
            for event in abi.events() {
                if !ENTRIES.iter().any(|e| e.contract == kind && e.event == event.name) {
                    uncatalogued.insert(event.name.clone());
                }
            }
        }
        let kept: BTreeSet<String> = KEPT_RAW.iter().map(|s| s.to_string()).collect();
        assert!(
            uncatalogued.is_subset(&kept),
            "events with no catalog entry (add one to ENTRIES): {:?}",
            uncatalogued.difference(&kept).collect::<Vec<_>>()
        );
    }

    fn sample(ty: &DynSolType) -> DynSolValue {
        match ty {
            DynSolType::Uint(bits) => DynSolValue::Uint(U256::from(7), *bits),
            DynSolType::Int(bits) => DynSolValue::Int(I256::try_from(-7).unwrap_or_default(), *bits),
            DynSolType::Address => DynSolValue::Address(Address::repeat_byte(0x11)),
            DynSolType::FixedBytes(size) => DynSolValue::FixedBytes(B256::repeat_byte(0x22), *size),
            DynSolType::Bytes => DynSolValue::Bytes(vec![1, 2, 3]),
            DynSolType::String => DynSolValue::String("tab\there".into()),
            DynSolType::Bool => DynSolValue::Bool(true),
            DynSolType::Array(inner) => DynSolValue::Array(vec![sample(inner), sample(inner)]),
            DynSolType::FixedArray(inner, n) => DynSolValue::FixedArray(vec![sample(inner); *n]),
            other => DynSolValue::Tuple(
                other
                    .as_tuple()
                    .or_else(|| other.as_custom_struct().map(|(_, _, t)| t))
                    .unwrap_or_default()
                    .iter()
                    .map(sample)
                    .collect(),
            ),
        }
    }

    /// A log of `event` with a sample value for every parameter, encoded as the contract would.
    fn sample_log(event: &Event) -> Log {
        let mut topics = vec![event.selector()];
        let mut body = Vec::new();
        for p in &event.inputs {
            let v = sample(&p.resolve().expect("ABI type"));
            if p.indexed {
                topics.push(v.as_word().unwrap_or_else(|| keccak256(v.abi_encode_packed())));
            } else {
                body.push(v);
            }
        }
        let data = DynSolValue::Tuple(body).abi_encode_params();
        Log { address: Address::ZERO, data: LogData::new_unchecked(topics, data.into()) }
    }

    /// Every entry decodes into rows with exactly its table's columns, and a log whose topic names
    /// an event but whose data does not decode as it is kept verbatim instead.
    #[test]
    fn every_entry_decodes_into_rows_of_its_table() {
        let c = catalog();
        for ((kind, _), decoders) in &c.decoders {
            let log = sample_log(&decoders[0].event);
            let mut rows = Rows::default();
            assert!(c.decode(*kind, &log, &LogMeta::sample(), &mut rows), "{}", decoders[0].event.name);
            for d in decoders {
                let table = c.table(d.table);
                let (_, text) = rows.tables().find(|(t, _)| *t == d.table).expect("rows of the entry's table");
                for line in text.lines() {
                    assert_eq!(line.split('\t').count(), table.all_columns().len(), "{}: {line}", table.name);
                }
                let expected = if d.each.is_empty() { 1 } else { 2 };
                assert_eq!(text.lines().count(), expected, "{}", table.name);
            }

            let truncated = Log {
                address: log.address,
                data: LogData::new_unchecked(
                    log.data.topics().to_vec(),
                    log.data.data.slice(..log.data.data.len() / 2),
                ),
            };
            if truncated.data.data.is_empty() && log.data.data.is_empty() {
                continue;
            }
            let mut rows = Rows::default();
            assert!(!c.decode(*kind, &truncated, &LogMeta::sample(), &mut rows), "{}", decoders[0].event.name);
            let tables: Vec<&str> = rows.tables().map(|(t, _)| c.table(t).name).collect();
            assert_eq!(tables, [RAW_LOG]);
        }
    }

    #[test]
    fn column_types_follow_the_abi_types() {
        let params = catalog().table(catalog().id("params_set").expect("params_set"));
        let types: Vec<(&str, &str)> = params.columns.iter().map(|(n, t)| (n.as_str(), t.sql())).collect();
        assert_eq!(
            types,
            [
                ("unbonding_period", "bigint"),
                ("dispute_window", "bigint"),
                ("proposal_ttl", "bigint"),
                ("slash_cap_period", "bigint"),
                ("slash_cap_per_period", "numeric(78,0)"),
                ("approval_threshold", "integer"),
                ("stake_warmup", "bigint"),
            ]
        );
        assert_eq!(snake("creatorCutBps"), "creator_cut_bps");
    }
}

//! PostgreSQL: migrations, the per-chain checkpoint, atomic batch commits (rows, recent block
//! hashes and checkpoint in one transaction) and reorg rollbacks. All SQL the indexer writes lives
//! here.

use crate::catalog::catalog;
use crate::rows::Rows;
use crate::source::{Assets, BlockRef};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool, Row};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// The derived state's schema, embedded from `indexer/migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The event tables' schema, generated from the event catalog (see [`crate::catalog`]); a unit
/// test keeps it equal to what the catalog generates.
pub const EVENT_SCHEMA: &str = include_str!("../schema/events.sql");

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed or went away; the caller retries.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Another writer moved this chain's checkpoint (two indexers on one database and chain).
    #[error("chain {chain_id}: checkpoint is {found}, expected {expected}: is another indexer writing this chain?")]
    Conflict {
        /// Chain.
        chain_id: u64,
        /// Checkpoint this writer expected.
        expected: u64,
        /// Checkpoint found.
        found: u64,
    },
    /// The database holds a different chain under this chain id.
    #[error("{0}")]
    Mismatch(String),
    /// The database was built by an incompatible indexer (an event's table changed, or an applied
    /// migration was rewritten): it must be re-indexed into a new database.
    #[error(
        "the database's schema differs from this indexer's ({0}); index into a new database, or drop this one's tables (`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`) and restart"
    )]
    Schema(String),
}

impl StoreError {
    /// Whether retrying can help (connection trouble, server restart), as opposed to a bug or a
    /// second writer.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Db(e) => {
                matches!(
                    e,
                    sqlx::Error::Io(_)
                        | sqlx::Error::PoolTimedOut
                        | sqlx::Error::PoolClosed
                        | sqlx::Error::Tls(_)
                        | sqlx::Error::Protocol(_)
                        | sqlx::Error::WorkerCrashed
                ) || e.as_database_error().is_some_and(|d| {
                    // Class 08 (connection exception), 57P (operator intervention: admin shutdown,
                    // crash shutdown, cannot connect now) and 53 (insufficient resources).
                    d.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P") || c.starts_with("53"))
                })
            }
            StoreError::Migrate(_) | StoreError::Conflict { .. } | StoreError::Mismatch(_) | StoreError::Schema(_) => {
                false
            }
        }
    }
}

/// A chain's persisted position.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    /// Highest block whose events are all stored.
    pub indexed_block: u64,
    /// Hashes of the recent blocks kept for reorg detection.
    pub recent: BTreeMap<u64, BlockRef>,
}

/// A batch ready to commit: blocks `from..=to` of one chain.
#[derive(Debug)]
pub struct Batch<'a> {
    /// Chain.
    pub chain_id: u64,
    /// First block of the batch (the checkpoint must be `from - 1`).
    pub from: u64,
    /// Last block; the checkpoint afterwards.
    pub to: u64,
    /// Event rows.
    pub rows: &'a Rows,
    /// Headers of blocks in the reorg window, to remember.
    pub blocks: &'a [BlockRef],
    /// Blocks older than this are forgotten (final).
    pub prune_below: u64,
    /// The chain head seen.
    pub head: u64,
    /// 'backfill' or 'live'.
    pub status: &'static str,
}

/// How often a waiting process asks for a chain's lease: a dead holder's chain is taken over
/// within this (plus the time its server needs to notice the closed connection, immediate for a
/// killed process on the same network).
const LEASE_POLL: Duration = Duration::from_millis(500);

/// The right to write one chain (see [`Store::lease`]); released when dropped.
#[derive(Debug)]
pub struct Lease {
    conn: sqlx::PgConnection,
}

impl Lease {
    /// Resolves when the lease's connection stops answering: the lock went with it (a database
    /// restart, a network cut), so its holder must stop writing.
    pub async fn lost(&mut self) {
        loop {
            tokio::time::sleep(LEASE_POLL).await;
            if sqlx::query("SELECT 1").execute(&mut self.conn).await.is_err() {
                return;
            }
        }
    }
}

/// The indexer's database.
#[derive(Debug, Clone)]
pub struct Store {
    pool: PgPool,
}

fn i64_of(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn u64_of(v: i64) -> u64 {
    u64::try_from(v).unwrap_or_default()
}

impl Store {
    /// Connects lazily (the first query connects; a database that is down is retried by callers).
    pub fn connect_lazy(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?.application_name("tfx-indexer");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .connect_lazy_with(options);
        Ok(Self { pool })
    }

    /// The pool, for the API's reads.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Creates the event tables the database lacks and checks the others against the catalog, then
    /// applies pending migrations (which build the derived state over the event tables). Several
    /// processes may start at once: an advisory lock makes them take turns.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('tfx-indexer event schema', 0))")
            .execute(&mut *tx)
            .await?;
        sqlx::raw_sql(EVENT_SCHEMA).execute(&mut *tx).await?;
        let found: Vec<(String, String, String, bool)> = sqlx::query_as(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)
               AND a.attnum > 0 AND NOT a.attisdropped",
        )
        .bind(catalog().tables().iter().map(|t| t.name).collect::<Vec<_>>())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let found: BTreeMap<(String, String), (String, bool)> =
            found.into_iter().map(|(table, column, ty, not_null)| ((table, column), (ty, not_null))).collect();
        let expected: BTreeMap<(String, String), (String, bool)> = catalog()
            .tables()
            .iter()
            .flat_map(|t| {
                t.typed_columns().into_iter().map(|(column, decl)| {
                    let not_null = decl.ends_with(" NOT NULL");
                    let ty = decl.trim_end_matches(" NOT NULL").to_owned();
                    ((t.name.to_owned(), column.to_owned()), (ty, not_null))
                })
            })
            .collect();
        let differences: Vec<String> = expected
            .iter()
            .filter_map(|(k, want)| match found.get(k) {
                Some(got) if got == want => None,
                Some((ty, not_null)) => {
                    Some(format!("{}.{} is {ty}{}", k.0, k.1, if *not_null { " NOT NULL" } else { "" }))
                }
                None => Some(format!("{}.{} is missing", k.0, k.1)),
            })
            .chain(
                found
                    .keys()
                    .filter(|k| !expected.contains_key(*k))
                    .map(|k| format!("{}.{} is not in the catalog", k.0, k.1)),
            )
            .collect();
        if !differences.is_empty() {
            return Err(StoreError::Schema(differences.join("; ")));
        }
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMismatch(v) => {
                StoreError::Schema(format!("migration {v} applied to this database differs from this indexer's"))
            }
            e => StoreError::Migrate(e),
        })?;
        Ok(())
    }

    /// Records what the chain's amounts are in (see `chains.ad_token`).
    pub async fn set_assets(&self, chain_id: u64, assets: &Assets) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE chains SET ad_token = $2, ad_symbol = $3, ad_decimals = $4,
                               collateral_asset = $5, collateral_symbol = $6, collateral_decimals = $7
             WHERE chain_id = $1",
        )
        .bind(i64_of(chain_id))
        .bind(assets.ad_token.as_slice())
        .bind(&assets.ad_unit.symbol)
        .bind(i16::from(assets.ad_unit.decimals))
        .bind(assets.collateral_asset.as_slice())
        .bind(&assets.collateral_unit.symbol)
        .bind(i16::from(assets.collateral_unit.decimals))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Lists `chain_id` in `chains` as `connecting` (a new chain starts just below `start_block`,
    /// its earliest contract deployment), so it shows before its RPC answers.
    pub async fn register(
        &self,
        chain_id: u64,
        name: &str,
        start_block: u64,
        confirmations: u64,
        stall_after: Option<Duration>,
        writer: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO chains (chain_id, name, indexed_block, confirmations, status, stall_after_ms, writer)
             VALUES ($1, $2, $3, $4, 'connecting', $5, $6)
             ON CONFLICT (chain_id) DO UPDATE SET name = excluded.name, confirmations = excluded.confirmations,
                 status = 'connecting', stall_after_ms = excluded.stall_after_ms, writer = excluded.writer,
                 updated_at = now()",
        )
        .bind(i64_of(chain_id))
        .bind(name)
        .bind(i64_of(start_block) - 1)
        .bind(i64_of(confirmations))
        .bind(stall_after.map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)))
        .bind(writer)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Waits until this process holds `chain_id`'s lease: a PostgreSQL session-level advisory lock
    /// on a connection of its own, which the server releases the moment that session ends (the
    /// process exits or dies, or the connection breaks).
    pub async fn lease(&self, chain_id: u64) -> Result<Lease, StoreError> {
        let mut conn = self.pool.acquire().await?.detach();
        loop {
            let held: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
                .bind(format!("tfx-indexer/chain/{chain_id}"))
                .fetch_one(&mut conn)
                .await?;
            if held {
                return Ok(Lease { conn });
            }
            tokio::time::sleep(LEASE_POLL).await;
        }
    }

    /// Records why a chain is not progressing (shown in `/v1/chains` until its next commit), and
    /// with `halted` marks it halted until then.
    pub async fn record_error(&self, chain_id: u64, error: &str, halted: bool) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE chains SET error = $2, status = CASE WHEN $3 THEN 'halted' ELSE status END, updated_at = now()
             WHERE chain_id = $1",
        )
        .bind(i64_of(chain_id))
        .bind(error)
        .bind(halted)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Loads `chain_id`'s checkpoint (the chain registered with [`Store::register`]).
    pub async fn checkpoint(&self, chain_id: u64) -> Result<Checkpoint, StoreError> {
        let indexed: i64 = sqlx::query_scalar("SELECT indexed_block FROM chains WHERE chain_id = $1")
            .bind(i64_of(chain_id))
            .fetch_one(&self.pool)
            .await?;
        let recent = sqlx::query("SELECT number, hash, parent_hash FROM blocks WHERE chain_id = $1 ORDER BY number")
            .bind(i64_of(chain_id))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|r| {
                let number = u64_of(r.get("number"));
                let hash: Vec<u8> = r.get("hash");
                let parent: Vec<u8> = r.get("parent_hash");
                let block = BlockRef {
                    number,
                    hash: hash.try_into().unwrap_or_default(),
                    parent_hash: parent.try_into().unwrap_or_default(),
                };
                (number, block)
            })
            .collect();
        // indexed_block is start_block - 1 before anything is indexed, which is -1 for a chain
        // whose contracts sit in genesis; treat that as "nothing indexed" at block 0.
        Ok(Checkpoint { indexed_block: u64_of(indexed.max(0)), recent })
    }

    /// Commits a batch: rows, recent blocks and the new checkpoint in one transaction, guarded by the
    /// expected previous checkpoint. If a previous attempt committed but its acknowledgement was
    /// lost, this sees the checkpoint already at `to` and succeeds without writing twice.
    pub async fn commit(&self, b: &Batch<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(
            "UPDATE chains SET indexed_block = $2, head_block = $3, status = $4, error = NULL, updated_at = now(),
                 checked_at = now(),
                 head_changed_at = CASE WHEN head_block = $3 THEN head_changed_at ELSE now() END
             WHERE chain_id = $1 AND indexed_block = $5",
        )
        .bind(i64_of(b.chain_id))
        .bind(i64_of(b.to))
        .bind(i64_of(b.head))
        .bind(b.status)
        .bind(i64_of(b.from) - 1)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 0 {
            drop(tx);
            let found: i64 = sqlx::query_scalar("SELECT indexed_block FROM chains WHERE chain_id = $1")
                .bind(i64_of(b.chain_id))
                .fetch_one(&self.pool)
                .await?;
            if u64_of(found) == b.to {
                return Ok(());
            }
            return Err(StoreError::Conflict {
                chain_id: b.chain_id,
                expected: b.from.saturating_sub(1),
                found: u64_of(found),
            });
        }
        for (table, text) in b.rows.tables() {
            let sql = format!("COPY {} ({}) FROM STDIN", table.name(), table.columns().join(", "));
            let mut copy = tx.copy_in_raw(&sql).await?;
            copy.send(text.as_bytes()).await?;
            copy.finish().await?;
        }
        // State that depends on the order of events across tables, which the COPYs' triggers cannot see.
        sqlx::query("SELECT derived_advance($1, $2, $3)")
            .bind(i64_of(b.chain_id))
            .bind(i64_of(b.from))
            .bind(i64_of(b.to))
            .execute(&mut *tx)
            .await?;
        if !b.blocks.is_empty() {
            let numbers: Vec<i64> = b.blocks.iter().map(|x| i64_of(x.number)).collect();
            let hashes: Vec<&[u8]> = b.blocks.iter().map(|x| x.hash.as_slice()).collect();
            let parents: Vec<&[u8]> = b.blocks.iter().map(|x| x.parent_hash.as_slice()).collect();
            sqlx::query(
                "INSERT INTO blocks (chain_id, number, hash, parent_hash)
                 SELECT $1, * FROM unnest($2::bigint[], $3::bytea[], $4::bytea[])",
            )
            .bind(i64_of(b.chain_id))
            .bind(numbers)
            .bind(hashes)
            .bind(parents)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM blocks WHERE chain_id = $1 AND number < $2")
            .bind(i64_of(b.chain_id))
            .bind(i64_of(b.prune_below))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unwinds a reorg: deletes every row and block hash above `fork_block` and moves the checkpoint
    /// there, in one transaction.
    pub async fn rollback(&self, chain_id: u64, fork_block: u64) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut deleted = 0;
        for table in catalog().tables() {
            let sql = format!("DELETE FROM {} WHERE chain_id = $1 AND block_number > $2", table.name);
            deleted += sqlx::query(AssertSqlSafe(sql))
                .bind(i64_of(chain_id))
                .bind(i64_of(fork_block))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        sqlx::query("SELECT derived_unwind($1, $2)")
            .bind(i64_of(chain_id))
            .bind(i64_of(fork_block))
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM blocks WHERE chain_id = $1 AND number > $2")
            .bind(i64_of(chain_id))
            .bind(i64_of(fork_block))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE chains SET indexed_block = least(indexed_block, $2), reorgs = reorgs + 1, updated_at = now()
             WHERE chain_id = $1",
        )
        .bind(i64_of(chain_id))
        .bind(i64_of(fork_block))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(deleted)
    }

    /// Records the latest head seen while idle (for the API's lag) and that the node answered (the
    /// heartbeat the API's `stalled` reads), clearing any recorded error.
    pub async fn set_head(&self, chain_id: u64, head: u64, status: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE chains SET head_block = $2, status = $3, error = NULL, updated_at = now(), checked_at = now(),
                 head_changed_at = CASE WHEN head_block = $2 THEN head_changed_at ELSE now() END
             WHERE chain_id = $1",
        )
        .bind(i64_of(chain_id))
        .bind(i64_of(head))
        .bind(status)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A digest of every event table's and every derived table's content (md5 of its rows in key
    /// order), per table. Two databases that indexed the same chains hold equal digests.
    pub async fn digest(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let derived: Vec<String> =
            sqlx::query_scalar("SELECT name FROM derived_table ORDER BY name").fetch_all(&self.pool).await?;
        let mut out = BTreeMap::new();
        for table in catalog().tables().iter().map(|t| t.name.to_owned()).chain(derived) {
            let sql = format!(
                "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM {table} t"
            );
            let digest: String = sqlx::query_scalar(AssertSqlSafe(sql)).fetch_one(&self.pool).await?;
            out.insert(table, digest);
        }
        Ok(out)
    }
}

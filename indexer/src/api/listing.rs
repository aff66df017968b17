//! Listing queries with only the filters a request gives.

use sqlx::postgres::PgRow;
use sqlx::{Encode, FromRow, PgPool, Postgres, QueryBuilder, Type};

/// A listing's query holding only the filters and cursor a request gives. Each combination is then
/// its own prepared statement, whose plan reads the page from an index: with optional filters
/// written as `($n IS NULL OR column = $n)`, the generic plan PostgreSQL switches a prepared
/// statement to after five runs cannot drop the absent ones, and scans and sorts the whole view
/// for every page.
pub(crate) struct Listing {
    sql: QueryBuilder<Postgres>,
    clauses: usize,
}

impl Listing {
    /// Starts from `select` (`SELECT ... FROM view`).
    pub(crate) fn new(select: String) -> Self {
        Self { sql: QueryBuilder::new(select), clauses: 0 }
    }

    /// Adds the condition `write` builds, when `value` is given.
    pub(crate) fn when<T>(mut self, value: Option<T>, write: impl FnOnce(&mut QueryBuilder<Postgres>, T)) -> Self {
        if let Some(v) = value {
            self.sql.push(if self.clauses == 0 { " WHERE " } else { " AND " });
            self.clauses += 1;
            write(&mut self.sql, v);
        }
        self
    }

    /// `column = value::cast` (`cast` may be empty), when `value` is given.
    pub(crate) fn eq<T>(self, column: &str, value: Option<T>, cast: &str) -> Self
    where
        T: for<'q> Encode<'q, Postgres> + Type<Postgres>,
    {
        self.when(value, |sql, v| {
            sql.push(format_args!("{column} = ")).push_bind(v).push(cast);
        })
    }

    /// Rows after a cursor `(chain_id, key)` in `(chain_id, key_column)` order.
    pub(crate) fn after<K>(self, key_column: &str, cursor: Option<(i64, K)>, cast: &str) -> Self
    where
        K: for<'q> Encode<'q, Postgres> + Type<Postgres>,
    {
        self.when(cursor, |sql, (chain, key)| {
            sql.push(format_args!("(chain_id, {key_column}) > (")).push_bind(chain).push(", ");
            sql.push_bind(key).push(cast).push(")");
        })
    }

    /// Runs it ordered by `order`, at most `limit` rows. The limit is part of the statement, not a
    /// parameter: a generic plan for `LIMIT $n` expects a tenth of the view and sorts all of it,
    /// where `LIMIT 21` walks an index and stops.
    pub(crate) async fn fetch<R>(mut self, order: &str, limit: i64, pool: &PgPool) -> Result<Vec<R>, sqlx::Error>
    where
        R: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        self.sql.push(format_args!(" ORDER BY {order} LIMIT {limit}"));
        self.sql.build_query_as::<R>().fetch_all(pool).await
    }
}

//! Decoded events as rows of PostgreSQL's COPY text format, buffered per table. Formatting straight
//! into COPY text (no intermediate row structs, no per-row INSERT) is what lets a backfill write at
//! the database's bulk-load ceiling.

use crate::catalog::TableId as Table;
use std::fmt::Write as _;

/// Where a log sits on its chain: the columns every event table starts with.
#[derive(Debug, Clone, Copy)]
pub struct LogMeta {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Block that carried the log.
    pub block_number: u64,
    /// The log's index in its block.
    pub log_index: u64,
    /// Hash of that block.
    pub block_hash: [u8; 32],
    /// Transaction that emitted the log.
    pub tx_hash: TxId,
    /// Block timestamp in unix seconds, when the RPC reports it.
    pub block_time: Option<u64>,
}

/// A transaction's id: a 32-byte hash on the EVM chains, a 64-byte signature on Solana.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxId {
    bytes: [u8; 64],
    len: u8,
}

impl TxId {
    /// Its bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl From<[u8; 32]> for TxId {
    fn from(hash: [u8; 32]) -> Self {
        let mut bytes = [0; 64];
        bytes[..32].copy_from_slice(&hash);
        Self { bytes, len: 32 }
    }
}

impl From<[u8; 64]> for TxId {
    fn from(signature: [u8; 64]) -> Self {
        Self { bytes: signature, len: 64 }
    }
}

/// COPY-text rows for every table, in the order they were decoded.
#[derive(Debug, Default)]
pub struct Rows {
    buffers: Vec<(Table, String)>,
    count: usize,
}

impl Rows {
    /// Starts a row of `table` for the log at `meta`; columns follow through the returned [`Row`],
    /// which ends the line when dropped.
    pub fn row(&mut self, table: Table, meta: &LogMeta) -> Row<'_> {
        self.start(table, meta, None)
    }

    /// Like [`Rows::row`] for tables where one log makes several rows (`sub` numbers them).
    pub fn sub_row(&mut self, table: Table, meta: &LogMeta, sub: usize) -> Row<'_> {
        self.start(table, meta, Some(sub))
    }

    fn start(&mut self, table: Table, meta: &LogMeta, sub: Option<usize>) -> Row<'_> {
        debug_assert_eq!(table.has_sub_index(), sub.is_some(), "{}", table.name());
        self.count += 1;
        let at = match self.buffers.iter().position(|(t, _)| *t == table) {
            Some(i) => i,
            None => {
                self.buffers.push((table, String::with_capacity(4096)));
                self.buffers.len() - 1
            }
        };
        let buf = &mut self.buffers[at].1;
        let _ = write!(buf, "{}\t{}\t{}", meta.chain_id, meta.block_number, meta.log_index);
        let mut row = Row { buf };
        if let Some(sub) = sub {
            row = row.int(sub as u64);
        }
        row = row.bytes(&meta.block_hash).bytes(meta.tx_hash.as_slice());
        match meta.block_time {
            Some(t) => row.int(t),
            None => row.null(),
        }
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no row is held.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Moves `other`'s rows after this one's.
    pub fn append(&mut self, other: Rows) {
        for (table, text) in other.buffers {
            match self.buffers.iter_mut().find(|(t, _)| *t == table) {
                Some((_, buf)) => buf.push_str(&text),
                None => self.buffers.push((table, text)),
            }
        }
        self.count += other.count;
    }

    /// Each table with rows, and its COPY text.
    pub fn tables(&self) -> impl Iterator<Item = (Table, &str)> {
        self.buffers.iter().map(|(t, s)| (*t, s.as_str()))
    }
}

/// One row being written; the line ends when it is dropped.
#[derive(Debug)]
pub struct Row<'a> {
    buf: &'a mut String,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Row<'_> {
    /// A decimal number (`numeric`, `bigint`, `integer`, `smallint`), e.g. a `U256` or `u64`.
    pub fn num(self, v: impl std::fmt::Display) -> Self {
        let _ = write!(self.buf, "\t{v}");
        self
    }

    /// An integer column.
    pub fn int(self, v: u64) -> Self {
        self.num(v)
    }

    /// A `bytea` column (address, hash, raw data).
    pub fn bytes(self, v: &[u8]) -> Self {
        // COPY text unescapes `\\` to `\`, and bytea's input format is `\x<hex>`.
        self.buf.push_str("\t\\\\x");
        push_hex(self.buf, v);
        self
    }

    /// A `bytea[]` column.
    pub fn bytes_array<'b>(self, items: impl IntoIterator<Item = &'b [u8]>) -> Self {
        self.buf.push_str("\t{");
        for (i, v) in items.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            // Array element syntax unescapes once more than a scalar does.
            self.buf.push_str("\\\\\\\\x");
            push_hex(self.buf, v);
        }
        self.buf.push('}');
        self
    }

    /// A `text` column.
    pub fn text(self, v: &str) -> Self {
        self.buf.push('\t');
        for c in v.chars() {
            match c {
                '\\' => self.buf.push_str("\\\\"),
                '\t' => self.buf.push_str("\\t"),
                '\n' => self.buf.push_str("\\n"),
                '\r' => self.buf.push_str("\\r"),
                // NUL cannot be stored in a PostgreSQL text value; a playback id never holds one.
                '\0' => self.buf.push('\u{fffd}'),
                c => self.buf.push(c),
            }
        }
        self
    }

    /// A `boolean` column.
    pub fn boolean(self, v: bool) -> Self {
        self.buf.push_str(if v { "\tt" } else { "\tf" });
        self
    }

    /// A NULL.
    pub fn null(self) -> Self {
        self.buf.push_str("\t\\N");
        self
    }
}

impl Drop for Row<'_> {
    fn drop(&mut self) {
        self.buf.push('\n');
    }
}

fn push_hex(buf: &mut String, v: &[u8]) {
    buf.reserve(v.len() * 2);
    for b in v {
        buf.push(HEX[usize::from(b >> 4)] as char);
        buf.push(HEX[usize::from(b & 0xf)] as char);
    }
}

#[cfg(test)]
impl LogMeta {
    /// A fixed location for tests.
    pub(crate) fn sample() -> Self {
        LogMeta {
            chain_id: 1,
            block_number: 7,
            log_index: 2,
            block_hash: [0xab; 32],
            tx_hash: [0xcd; 32].into(),
            block_time: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        crate::catalog::catalog().id(name).expect("a catalog table")
    }

    #[test]
    fn rows_are_copy_text_with_escapes() {
        let mut rows = Rows::default();
        rows.row(table("video_redeemed"), &LogMeta::sample()).num(5u8).bytes(&[1, 2]);
        rows.row(table("creator_cut_set"), &LogMeta::sample()).text("a\tb\\c\n");
        let tables: Vec<_> = rows.tables().collect();
        assert_eq!(rows.len(), 2);
        let hash = format!("\\\\x{}", "ab".repeat(32));
        let tx = format!("\\\\x{}", "cd".repeat(32));
        assert_eq!(tables[0].1, format!("1\t7\t2\t{hash}\t{tx}\t\\N\t5\t\\\\x0102\n"));
        assert_eq!(tables[1].1, format!("1\t7\t2\t{hash}\t{tx}\t\\N\ta\\tb\\\\c\\n\n"));
    }

    #[test]
    fn append_merges_per_table() {
        let mut a = Rows::default();
        a.row(table("video_redeemed"), &LogMeta::sample()).num(1u8);
        let mut b = Rows::default();
        b.row(table("video_redeemed"), &LogMeta::sample()).num(2u8);
        b.sub_row(table("round_candidate"), &LogMeta::sample(), 3).num(9u8).bytes(&[0]);
        a.append(b);
        assert_eq!(a.len(), 3);
        assert_eq!(a.tables().count(), 2);
        assert_eq!(a.tables().next().map(|(_, t)| t.lines().count()), Some(2));
    }
}

//! Prometheus metric names (served at `/metrics`), one place so dashboards and code agree.

/// Counter: events written, per chain.
pub const EVENTS: &str = "tfx_indexer_events_total";
/// Gauge: highest block fully indexed, per chain.
pub const INDEXED_BLOCK: &str = "tfx_indexer_indexed_block";
/// Gauge: latest head seen, per chain.
pub const HEAD_BLOCK: &str = "tfx_indexer_head_block";
/// Gauge: head minus indexed block, per chain.
pub const LAG_BLOCKS: &str = "tfx_indexer_lag_blocks";
/// Counter: reorgs unwound, per chain.
pub const REORGS: &str = "tfx_indexer_reorgs_total";
/// Counter: failed RPC calls (each retried), per chain.
pub const RPC_ERRORS: &str = "tfx_indexer_rpc_errors_total";
/// Counter: failed database calls (each retried), per chain.
pub const DB_ERRORS: &str = "tfx_indexer_db_errors_total";
/// Counter: blocks whose time was read from the header because the node's logs left
/// `blockTimestamp` out, per chain id.
pub const HEADER_TIMES: &str = "tfx_indexer_block_times_from_headers_total";
/// Gauge: 1 when a chain has stopped (deep reorg or unrecoverable error).
pub const HALTED: &str = "tfx_indexer_halted";
/// Counter: microseconds spent per stage (`rpc`: awaiting eth_getLogs, including the JSON parse;
/// `decode`: logs to COPY rows; `write`: the commit), summed over concurrent tasks.
pub const STAGE_MICROS: &str = "tfx_indexer_stage_micros_total";
/// Counter: API requests by route and status class.
pub const API_REQUESTS: &str = "tfx_indexer_api_requests_total";
/// Counter: API requests answered from the response cache (also counted in [`API_REQUESTS`]).
pub const API_CACHE_HITS: &str = "tfx_indexer_api_cache_hits_total";

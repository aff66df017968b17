//! Local infrastructure that `cargo xtask up` and the end-to-end tests start themselves, so that a
//! fresh machine needs nothing running beforehand: anvil chains, a project-local PostgreSQL
//! cluster, and loopback HTTP/JSON-RPC calls to drive them.

mod anvil;
mod http;
mod postgres;

pub use anvil::{Anvil, DEV_ADDRS, DEV_KEYS, Flood, block_number, quantity, role, rpc, send_unlocked, workspace_root};
pub use http::{http_get, http_request};
pub use postgres::{Error, PgCluster, free_port};

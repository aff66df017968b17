//! Prometheus metric names of both agents (served at `/metrics`).

/// Counter: messages signed, per route (`origin`, `destination`).
pub const SIGNED: &str = "tfx_attester_signed_total";
/// Counter: final messages an attester refused to sign, per reason.
pub const REFUSED: &str = "tfx_attester_refused_total";
/// Histogram: seconds from the dispatch block being final to the delivery's inclusion, per route.
pub const LATENCY: &str = "tfx_relayer_delivery_latency_seconds";
/// Histogram: seconds from the dispatch block's timestamp to the delivery's inclusion, per route
/// (finality wait included; block times are whole seconds).
pub const DISPATCH_LATENCY: &str = "tfx_relayer_dispatch_to_delivery_seconds";
/// Gauge: messages in each status not yet delivered or failed.
pub const PENDING: &str = "tfx_relayer_pending";
/// Counter: failed delivery attempts, per route and kind (`rpc`, `later`, `signatures`, `permanent`).
pub const FAILURES: &str = "tfx_relayer_failures_total";
/// Counter: valid signatures gathered, per route.
pub const SIGNATURES: &str = "tfx_relayer_signatures_gathered_total";
/// Counter: messages delivered, per route.
pub const DELIVERED: &str = "tfx_relayer_delivered_total";
/// Counter: fee bumps (replacement transactions), per destination.
pub const FEE_BUMPS: &str = "tfx_relayer_fee_bumps_total";

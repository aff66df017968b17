//! The dApp query API (axum, JSON): videos, rounds, campaigns, revenue, collateral, validators and
//! per-chain sync status, read from the derived tables the writer keeps current. Every input is
//! validated exactly as `openapi.json` states before it reaches SQL; bad input is a 4xx with a
//! message, a database outage or a saturated API a 503 with `Retry-After`, never a panic.
//!
//! The API reads through its own connection pool ([`connect`]) with a statement timeout, so a
//! flood of requests queues or is refused here and never starves the writer's connections.

use crate::metrics as m;
use alloy::primitives::{Address, U256};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use metrics_exporter_prometheus::PrometheusHandle;
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{FromRow, PgPool};
use std::str::FromStr;
use std::time::Duration;

/// The OpenAPI document, committed beside the crate and served at `/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Every route the API serves (checked against [`OPENAPI`] by a test).
pub const ROUTES: &[&str] = &[
    "/health",
    "/metrics",
    "/openapi.json",
    "/v1/chains",
    "/v1/videos",
    "/v1/videos/{chain_id}/{video_id}",
    "/v1/rounds",
    "/v1/rounds/{chain_id}/{round_id}",
    "/v1/campaigns",
    "/v1/accounts/{chain_id}/{address}/revenue",
    "/v1/collateral/{chain_id}/{miner}",
    "/v1/slashes",
    "/v1/validators",
];

// Every ORDER BY below names its view: the SELECT lists render ids as text under the same names,
// and an unqualified name would sort by that text ("10" before "9"), skipping or repeating rows
// across pages and defeating the indexes.
const MAX_LIMIT: i64 = 100;
const DEFAULT_LIMIT: i64 = 20;
/// Share holders listed with a video (the largest first).
const TOP_HOLDERS: i64 = 20;
/// Valuation points listed with a video (the newest).
const VALUATION_POINTS: i64 = 500;

/// How the API's pool reads: its size, how long a request may wait for a connection before it is
/// refused with 503, and how long one query may run.
#[derive(Debug, Clone, Copy)]
pub struct PoolLimits {
    /// Connections.
    pub max_connections: u32,
    /// Wait for a free connection before answering 503.
    pub acquire_timeout: Duration,
    /// PostgreSQL `statement_timeout` of every API query.
    pub statement_timeout: Duration,
}

impl Default for PoolLimits {
    fn default() -> Self {
        Self { max_connections: 8, acquire_timeout: Duration::from_secs(2), statement_timeout: Duration::from_secs(2) }
    }
}

/// The API's own pool over `url` (the primary, or a read-only replica): connects lazily, reads
/// with `statement_timeout` set on every connection.
pub fn connect(url: &str, limits: PoolLimits) -> Result<PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(url)?
        .application_name("tfx-indexer-api")
        .options([("statement_timeout", limits.statement_timeout.as_millis().to_string())]);
    Ok(PgPoolOptions::new()
        .max_connections(limits.max_connections)
        .acquire_timeout(limits.acquire_timeout)
        .connect_lazy_with(options))
}

/// Seconds a client is asked to wait after a 503.
const RETRY_AFTER_SECS: u64 = 1;

#[derive(Clone)]
struct Ctx {
    pool: PgPool,
    metrics: Option<PrometheusHandle>,
}

/// The router over `pool`; `metrics` renders `/metrics` when a recorder is installed.
pub fn router(pool: PgPool, metrics: Option<PrometheusHandle>) -> Router {
    Router::new()
        .route(ROUTES[0], get(health))
        .route(ROUTES[1], get(render_metrics))
        .route(ROUTES[2], get(openapi))
        .route(ROUTES[3], get(chains))
        .route(ROUTES[4], get(videos))
        .route(ROUTES[5], get(video))
        .route(ROUTES[6], get(rounds))
        .route(ROUTES[7], get(round))
        .route(ROUTES[8], get(campaigns))
        .route(ROUTES[9], get(revenue))
        .route(ROUTES[10], get(collateral))
        .route(ROUTES[11], get(slashes))
        .route(ROUTES[12], get(validators))
        .fallback(|| async { ApiError::not_found("no such route; see /openapi.json") })
        .with_state(Ctx { pool, metrics })
}

/// An API error: a status and a message, rendered as `{"error": {"status": .., "message": ..}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
    fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let class = format!("{}xx", self.status.as_u16() / 100);
        metrics::counter!(m::API_REQUESTS, "status" => class).increment(1);
        let body = Json(json!({ "error": { "status": self.status.as_u16(), "message": self.message } }));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            return (self.status, [(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECS.to_string())], body)
                .into_response();
        }
        (self.status, body).into_response()
    }
}

/// PostgreSQL's query_canceled: the statement timeout fired.
const QUERY_CANCELED: &str = "57014";

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::warn!(error = %e, "API query failed");
        let unavailable = |message: &str| Self { status: StatusCode::SERVICE_UNAVAILABLE, message: message.into() };
        if matches!(e, sqlx::Error::PoolTimedOut) {
            return unavailable("the API is saturated, retry shortly");
        }
        if e.as_database_error().and_then(|d| d.code()).is_some_and(|c| c == QUERY_CANCELED) {
            return unavailable("the query took too long (database busy), retry shortly");
        }
        if crate::store::StoreError::Db(e).is_transient() {
            return unavailable("database unavailable, retry shortly");
        }
        Self { status: StatusCode::INTERNAL_SERVER_ERROR, message: "internal error".into() }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(e: QueryRejection) -> Self {
        Self::bad(format!("bad query string: {}", e.body_text()))
    }
}

impl From<PathRejection> for ApiError {
    fn from(e: PathRejection) -> Self {
        Self::bad(format!("bad path: {}", e.body_text()))
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

fn ok(v: impl Serialize) -> ApiResult {
    metrics::counter!(m::API_REQUESTS, "status" => "2xx").increment(1);
    Ok(Json(
        serde_json::to_value(v)
            .map_err(|e| ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, message: e.to_string() })?,
    ))
}

/// The query string as received, every pair in order; [`Params::new`] turns a rejection into a 400.
type RawQuery = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// A `/{chain_id}/{key}` path as received; the handler parses the key.
type PairPath = Result<Path<(String, String)>, PathRejection>;

/// Query parameters, checked against the names a route accepts, each given at most once.
struct Params(Vec<(String, String)>);

impl Params {
    fn new(q: RawQuery, allowed: &[&str]) -> Result<Self, ApiError> {
        let Query(pairs) = q?;
        for (i, (k, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad(format!("unknown parameter {k:?}; accepted: {}", allowed.join(", "))));
            }
            if pairs[..i].iter().any(|(seen, _)| seen == k) {
                return Err(ApiError::bad(format!("parameter {k:?} given more than once")));
            }
        }
        Ok(Self(pairs))
    }
    fn get(&self, k: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| name == k).map(|(_, v)| v.as_str())
    }
    fn chain_id(&self) -> Result<Option<i64>, ApiError> {
        self.get("chain_id").map(parse_chain_id).transpose()
    }
    fn address(&self, k: &str) -> Result<Option<Vec<u8>>, ApiError> {
        self.get(k).map(|v| parse_address(k, v)).transpose()
    }
    fn uint(&self, k: &str) -> Result<Option<String>, ApiError> {
        self.get(k).map(|v| parse_uint(k, v)).transpose()
    }
    fn limit(&self) -> Result<i64, ApiError> {
        match self.get("limit") {
            None => Ok(DEFAULT_LIMIT),
            Some(v) => decimal(v, 3)
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| ApiError::bad(format!("limit must be an integer from 1 to {MAX_LIMIT}, got {v:?}"))),
        }
    }
    /// The position after which a page starts: (chain_id, id) of the previous page's last item.
    fn cursor(&self) -> Result<(Option<i64>, Option<String>), ApiError> {
        let Some(c) = self.get("cursor") else {
            return Ok((None, None));
        };
        let bad = || ApiError::bad("bad cursor: pass next_cursor from a previous page unchanged");
        if c.len() > CURSOR_MAX_LEN || !c.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(bad());
        }
        let bytes = alloy::hex::decode(c).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (chain, id) = text.split_once(':').ok_or_else(bad)?;
        let chain = parse_chain_id(chain).map_err(|_| bad())?;
        // next_cursor writes the id in decimal; the hex form is for ids users type, not cursors.
        if id.starts_with("0x") {
            return Err(bad());
        }
        let id = parse_uint("cursor", id).map_err(|_| bad())?;
        Ok((Some(chain), Some(id)))
    }
}

/// A cursor is the hex of `<chain_id>:<decimal id>`: at most 19 + 1 + 78 bytes.
const CURSOR_MAX_LEN: usize = 2 * (19 + 1 + 78);

/// An unsigned decimal of 1 to `max_digits` ASCII digits (no sign, no separators, no radix prefix).
fn decimal(v: &str, max_digits: usize) -> Option<i64> {
    if v.is_empty() || v.len() > max_digits || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

fn parse_chain_id(v: &str) -> Result<i64, ApiError> {
    decimal(v, 19)
        .filter(|c| *c > 0)
        .ok_or_else(|| ApiError::bad(format!("chain_id must be a decimal integer from 1 to {}, got {v:?}", i64::MAX)))
}

fn parse_address(what: &str, v: &str) -> Result<Vec<u8>, ApiError> {
    v.strip_prefix("0x")
        .filter(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|h| Address::from_str(h).ok())
        .map(|a| a.to_vec())
        .ok_or_else(|| ApiError::bad(format!("{what} must be 0x followed by 40 hex digits, got {v:?}")))
}

/// A uint256 id: decimal digits, or 0x and 1 to 64 hex digits (a video id is its content hash,
/// which users hold in hex). Nothing else: no sign, separators, other radixes or empty `0x`.
fn parse_uint(what: &str, v: &str) -> Result<String, ApiError> {
    let parsed = match v.strip_prefix("0x") {
        Some(hex) if (1..=64).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            U256::from_str_radix(hex, 16).ok()
        }
        Some(_) => None,
        None if (1..=78).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) => {
            U256::from_str_radix(v, 10).ok()
        }
        None => None,
    };
    parsed.map(|n| n.to_string()).ok_or_else(|| {
        ApiError::bad(format!("{what} must be a uint256: decimal digits, or 0x and 1 to 64 hex digits, got {v:?}"))
    })
}

/// The first `limit` of `items` (fetched with one extra) and the cursor of the next page (`None`
/// on the last page).
fn paginate<T>(mut items: Vec<T>, limit: i64, key: impl Fn(&T) -> (i64, &str)) -> (Vec<T>, Option<String>) {
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next = more
        .then(|| {
            items.last().map(|t| {
                let (chain, id) = key(t);
                alloy::hex::encode(format!("{chain}:{id}"))
            })
        })
        .flatten();
    (items, next)
}

/// A page of items plus the cursor of the next page (`null` on the last page).
fn page<T: Serialize>(items: Vec<T>, limit: i64, key: impl Fn(&T) -> (i64, &str)) -> ApiResult {
    let (items, next) = paginate(items, limit, key);
    ok(json!({ "items": items, "next_cursor": next }))
}

async fn health(State(ctx): State<Ctx>) -> Result<Response, ApiError> {
    let chains: Vec<(String, String)> =
        sqlx::query_as("SELECT name, status FROM chain_status ORDER BY chain_id").fetch_all(&ctx.pool).await?;
    let names = |keep: fn(&str) -> bool| -> Vec<&str> {
        chains.iter().filter(|(_, s)| keep(s)).map(|(n, _)| n.as_str()).collect()
    };
    let (halted, not_live) = (names(|s| s == "halted"), names(|s| s != "live"));
    // Degraded while any chain is connecting, backfilling, stalled or halted: its data is behind.
    let status = if not_live.is_empty() { "ok" } else { "degraded" };
    Ok(Json(json!({ "status": status, "database": "ok", "halted_chains": halted, "not_live_chains": not_live }))
        .into_response())
}

async fn render_metrics(State(ctx): State<Ctx>) -> Response {
    ctx.metrics.map(|h| h.render()).unwrap_or_default().into_response()
}

async fn openapi() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[derive(Serialize, FromRow)]
struct ChainRow {
    chain_id: i64,
    name: String,
    head_block: i64,
    indexed_block: i64,
    lag_blocks: i64,
    confirmations: i64,
    finalized_block: i64,
    status: String,
    error: Option<String>,
    reorgs: i64,
    updated_at: String,
    checked_at: Option<String>,
    last_head_at: Option<String>,
    writer: Option<String>,
    ad_token: Option<String>,
    collateral_asset: Option<String>,
}

async fn chains(State(ctx): State<Ctx>, q: RawQuery) -> ApiResult {
    Params::new(q, &[])?;
    let rows: Vec<ChainRow> = sqlx::query_as(
        "SELECT chain_id, name, head_block, indexed_block, greatest(head_block - indexed_block, 0) AS lag_blocks,
                confirmations, greatest(head_block - confirmations, 0) AS finalized_block, status, error, reorgs,
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS updated_at,
                to_char(checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS checked_at,
                to_char(head_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS last_head_at, writer,
                '0x' || encode(ad_token, 'hex') AS ad_token, '0x' || encode(collateral_asset, 'hex') AS collateral_asset
         FROM chain_status ORDER BY chain_id",
    )
    .fetch_all(&ctx.pool)
    .await?;
    ok(json!({ "items": rows }))
}

const VIDEO_COLUMNS: &str = "chain_id, video_id::text AS video_id, '0x' || encode(creator, 'hex') AS creator,
    '0x' || encode(content_hash, 'hex') AS content_hash, playback_id, royalty_bps, minted_block, minted_time,
    '0x' || encode(owner, 'hex') AS owner, share_supply::text AS share_supply, share_supply > 0 AS fractionalized,
    cumulative_revenue::text AS cumulative_revenue";

#[derive(Serialize, FromRow)]
struct VideoRow {
    chain_id: i64,
    video_id: String,
    creator: String,
    content_hash: String,
    playback_id: String,
    royalty_bps: i32,
    minted_block: i64,
    minted_time: Option<i64>,
    owner: Option<String>,
    share_supply: String,
    fractionalized: bool,
    cumulative_revenue: String,
}

async fn videos(State(ctx): State<Ctx>, q: RawQuery) -> ApiResult {
    let p = Params::new(q, &["chain_id", "creator", "owner", "limit", "cursor"])?;
    let (limit, (after_chain, after_id)) = (p.limit()?, p.cursor()?);
    let sql = format!(
        "SELECT {VIDEO_COLUMNS} FROM video
         WHERE ($1::bigint IS NULL OR chain_id = $1) AND ($2::bytea IS NULL OR creator = $2)
           AND ($3::bytea IS NULL OR owner = $3) AND ($4::bigint IS NULL OR (chain_id, video_id) > ($4, $5::numeric))
         ORDER BY video.chain_id, video.video_id LIMIT $6"
    );
    let rows: Vec<VideoRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(p.chain_id()?)
        .bind(p.address("creator")?)
        .bind(p.address("owner")?)
        .bind(after_chain)
        .bind(after_id)
        .bind(limit + 1)
        .fetch_all(&ctx.pool)
        .await?;
    page(rows, limit, |v| (v.chain_id, &v.video_id))
}

#[derive(Serialize, FromRow)]
struct HolderRow {
    holder: String,
    balance: String,
}

#[derive(Serialize, FromRow)]
struct ValuationRow {
    block_number: i64,
    block_time: Option<i64>,
    campaign_id: String,
    amount: String,
    cumulative_revenue: String,
}

fn chain_and_id(path: PairPath, what: &str) -> Result<(i64, String), ApiError> {
    let Path((chain, id)) = path?;
    Ok((parse_chain_id(&chain)?, parse_uint(what, &id)?))
}

async fn video(State(ctx): State<Ctx>, path: PairPath, q: RawQuery) -> ApiResult {
    Params::new(q, &[])?;
    let (chain, id) = chain_and_id(path, "video_id")?;
    let sql = format!("SELECT {VIDEO_COLUMNS} FROM video WHERE chain_id = $1 AND video_id = $2::numeric");
    let video: VideoRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(chain)
        .bind(&id)
        .fetch_optional(&ctx.pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no video {id} on chain {chain}")))?;
    let mut holders: Vec<HolderRow> = sqlx::query_as(
        "SELECT '0x' || encode(holder, 'hex') AS holder, balance::text AS balance FROM share_balance
         WHERE chain_id = $1 AND video_id = $2::numeric ORDER BY share_balance.balance DESC, share_balance.holder LIMIT $3",
    )
    .bind(chain)
    .bind(&id)
    .bind(TOP_HOLDERS + 1)
    .fetch_all(&ctx.pool)
    .await?;
    let more_holders = holders.len() as i64 > TOP_HOLDERS;
    holders.truncate(TOP_HOLDERS as usize);
    let history: Vec<ValuationRow> = sqlx::query_as(
        "SELECT * FROM (
             SELECT block_number, block_time, log_index, campaign_id::text AS campaign_id, amount::text AS amount,
                    cumulative_revenue::text AS cumulative_revenue
             FROM video_valuation WHERE chain_id = $1 AND video_id = $2::numeric
             ORDER BY block_number DESC, log_index DESC LIMIT $3
         ) newest ORDER BY block_number, log_index",
    )
    .bind(chain)
    .bind(&id)
    .bind(VALUATION_POINTS)
    .fetch_all(&ctx.pool)
    .await?;
    ok(json!({ "video": video, "holders": holders, "more_holders": more_holders, "valuation_history": history }))
}

const ROUND_COLUMNS: &str =
    "chain_id, round_id::text AS round_id, '0x' || encode(organizer, 'hex') AS organizer, start_time,
    end_time, weight_mode, created_block, candidates, voters, total_weight::text AS total_weight, finalized_block,
    winner, winning_tally::text AS winning_tally, tied";

#[derive(Serialize, FromRow)]
struct RoundRow {
    chain_id: i64,
    round_id: String,
    organizer: String,
    start_time: i64,
    end_time: i64,
    weight_mode: String,
    created_block: i64,
    candidates: i64,
    voters: i64,
    total_weight: String,
    finalized_block: Option<i64>,
    winner: Option<i64>,
    winning_tally: Option<String>,
    tied: Option<bool>,
}

async fn rounds(State(ctx): State<Ctx>, q: RawQuery) -> ApiResult {
    let p = Params::new(q, &["chain_id", "organizer", "limit", "cursor"])?;
    let (limit, (after_chain, after_id)) = (p.limit()?, p.cursor()?);
    let sql = format!(
        "SELECT {ROUND_COLUMNS} FROM round
         WHERE ($1::bigint IS NULL OR chain_id = $1) AND ($2::bytea IS NULL OR organizer = $2)
           AND ($3::bigint IS NULL OR (chain_id, round_id) > ($3, $4::numeric))
         ORDER BY round.chain_id, round.round_id LIMIT $5"
    );
    let rows: Vec<RoundRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(p.chain_id()?)
        .bind(p.address("organizer")?)
        .bind(after_chain)
        .bind(after_id)
        .bind(limit + 1)
        .fetch_all(&ctx.pool)
        .await?;
    page(rows, limit, |r| (r.chain_id, &r.round_id))
}

#[derive(Serialize, FromRow)]
struct TallyRow {
    candidate_index: i32,
    candidate: String,
    votes: i64,
    tally: String,
}

async fn round(State(ctx): State<Ctx>, path: PairPath, q: RawQuery) -> ApiResult {
    Params::new(q, &[])?;
    let (chain, id) = chain_and_id(path, "round_id")?;
    let sql = format!("SELECT {ROUND_COLUMNS} FROM round WHERE chain_id = $1 AND round_id = $2::numeric");
    let round: RoundRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(chain)
        .bind(&id)
        .fetch_optional(&ctx.pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no round {id} on chain {chain}")))?;
    let tallies: Vec<TallyRow> = sqlx::query_as(
        "SELECT candidate_index, '0x' || encode(candidate, 'hex') AS candidate, votes, tally::text AS tally
         FROM round_tally WHERE chain_id = $1 AND round_id = $2::numeric ORDER BY candidate_index",
    )
    .bind(chain)
    .bind(&id)
    .fetch_all(&ctx.pool)
    .await?;
    // The live leader follows VoteTally's rule: highest tally, lowest index on a tie.
    let leader = tallies
        .iter()
        .filter(|t| t.votes > 0)
        .max_by(|a, b| {
            let (x, y) = (
                U256::from_str_radix(&a.tally, 10).unwrap_or_default(),
                U256::from_str_radix(&b.tally, 10).unwrap_or_default(),
            );
            x.cmp(&y).then(b.candidate_index.cmp(&a.candidate_index))
        })
        .map(|t| t.candidate_index);
    ok(json!({ "round": round, "tallies": tallies, "leader": leader }))
}

#[derive(Serialize, FromRow)]
struct CampaignRow {
    chain_id: i64,
    campaign_id: String,
    video_id: String,
    advertiser: String,
    rate_per_second: String,
    opened_block: i64,
    opened_time: Option<i64>,
    funded: String,
    settled: String,
    refunded: String,
    remaining: String,
    paused: bool,
    cancelled: bool,
}

async fn campaigns(State(ctx): State<Ctx>, q: RawQuery) -> ApiResult {
    let p = Params::new(q, &["chain_id", "video_id", "advertiser", "limit", "cursor"])?;
    let (limit, (after_chain, after_id)) = (p.limit()?, p.cursor()?);
    let rows: Vec<CampaignRow> = sqlx::query_as(
        "SELECT chain_id, campaign_id::text AS campaign_id, video_id::text AS video_id,
                '0x' || encode(advertiser, 'hex') AS advertiser, rate_per_second::text AS rate_per_second, opened_block,
                opened_time, funded::text AS funded, settled::text AS settled, refunded::text AS refunded,
                remaining::text AS remaining, paused, cancelled
         FROM campaign
         WHERE ($1::bigint IS NULL OR chain_id = $1) AND ($2::numeric IS NULL OR video_id = $2::numeric)
           AND ($3::bytea IS NULL OR advertiser = $3) AND ($4::bigint IS NULL OR (chain_id, campaign_id) > ($4, $5::numeric))
         ORDER BY campaign.chain_id, campaign.campaign_id LIMIT $6",
    )
    .bind(p.chain_id()?)
    .bind(p.uint("video_id")?)
    .bind(p.address("advertiser")?)
    .bind(after_chain)
    .bind(after_id)
    .bind(limit + 1)
    .fetch_all(&ctx.pool)
    .await?;
    page(rows, limit, |c| (c.chain_id, &c.campaign_id))
}

#[derive(Serialize, FromRow)]
struct RevenueRow {
    video_id: String,
    claimable: String,
    claimed: String,
}

fn chain_and_address(path: PairPath, what: &str) -> Result<(i64, Vec<u8>), ApiError> {
    let Path((chain, addr)) = path?;
    Ok((parse_chain_id(&chain)?, parse_address(what, &addr)?))
}

async fn revenue(State(ctx): State<Ctx>, path: PairPath, q: RawQuery) -> ApiResult {
    let p = Params::new(q, &["limit", "cursor"])?;
    let (chain, account) = chain_and_address(path, "address")?;
    let (limit, (after_chain, after_id)) = (p.limit()?, p.cursor()?);
    if after_chain.is_some_and(|c| c != chain) {
        return Err(ApiError::bad("bad cursor: it belongs to another chain's listing"));
    }
    let rows: Vec<RevenueRow> = sqlx::query_as(
        "SELECT video_id::text AS video_id, revenue_claimable($1, video_id, $2)::text AS claimable,
                claimed::text AS claimed
         FROM video_account WHERE chain_id = $1 AND account = $2 AND ($3::numeric IS NULL OR video_id > $3::numeric)
         ORDER BY video_account.video_id LIMIT $4",
    )
    .bind(chain)
    .bind(&account)
    .bind(after_id)
    .bind(limit + 1)
    .fetch_all(&ctx.pool)
    .await?;
    let (rows, next) = paginate(rows, limit, |r| (chain, &r.video_id));
    ok(json!({
        "chain_id": chain,
        "account": format!("0x{}", alloy::hex::encode(&account)),
        "videos": rows,
        "next_cursor": next,
    }))
}

const SLASH_COLUMNS: &str = "chain_id, slash_id::text AS slash_id, '0x' || encode(miner, 'hex') AS miner,
    '0x' || encode(proposer, 'hex') AS proposer, amount::text AS amount, reason, '0x' || encode(evidence_hash, 'hex') AS evidence_hash,
    proposed_block, proposed_time, approvals, '0x' || encode(counter_evidence_hash, 'hex') AS counter_evidence_hash, status,
    executed_amount::text AS executed_amount";

#[derive(Serialize, FromRow)]
struct SlashRow {
    chain_id: i64,
    slash_id: String,
    miner: String,
    proposer: String,
    amount: String,
    reason: i16,
    evidence_hash: String,
    proposed_block: i64,
    proposed_time: Option<i64>,
    approvals: i32,
    counter_evidence_hash: Option<String>,
    status: String,
    executed_amount: Option<String>,
}

#[derive(Serialize, FromRow)]
struct PositionRow {
    deposited: String,
    unbonding_requested: String,
    withdrawn: String,
    slashed: String,
    held: String,
}

async fn collateral(State(ctx): State<Ctx>, path: PairPath, q: RawQuery) -> ApiResult {
    Params::new(q, &[])?;
    let (chain, miner) = chain_and_address(path, "miner")?;
    let position: Option<PositionRow> = sqlx::query_as(
        "SELECT deposited::text AS deposited, unbonding_requested::text AS unbonding_requested, withdrawn::text AS withdrawn,
                slashed::text AS slashed, held::text AS held
         FROM collateral_position WHERE chain_id = $1 AND miner = $2",
    )
    .bind(chain)
    .bind(&miner)
    .fetch_optional(&ctx.pool)
    .await?;
    let sql = format!("SELECT {SLASH_COLUMNS} FROM slash WHERE chain_id = $1 AND miner = $2 ORDER BY slash.slash_id");
    let slashes: Vec<SlashRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(chain).bind(&miner).fetch_all(&ctx.pool).await?;
    let Some(position) = position else {
        return Err(ApiError::not_found(format!(
            "no collateral activity for 0x{} on chain {chain}",
            alloy::hex::encode(&miner)
        )));
    };
    ok(
        json!({ "chain_id": chain, "miner": format!("0x{}", alloy::hex::encode(&miner)), "position": position, "slashes": slashes }),
    )
}

const SLASH_STATUSES: &[&str] = &["pending", "disputed", "upheld", "rejected", "executed", "expired"];

async fn slashes(State(ctx): State<Ctx>, q: RawQuery) -> ApiResult {
    let p = Params::new(q, &["chain_id", "miner", "status", "limit", "cursor"])?;
    let (limit, (after_chain, after_id)) = (p.limit()?, p.cursor()?);
    let status = p.get("status");
    if let Some(s) = status
        && !SLASH_STATUSES.contains(&s)
    {
        return Err(ApiError::bad(format!("status must be one of {}", SLASH_STATUSES.join(", "))));
    }
    let sql = format!(
        "SELECT {SLASH_COLUMNS} FROM slash
         WHERE ($1::bigint IS NULL OR chain_id = $1) AND ($2::bytea IS NULL OR miner = $2) AND ($3::text IS NULL OR status = $3)
           AND ($4::bigint IS NULL OR (chain_id, slash_id) > ($4, $5::numeric))
         ORDER BY slash.chain_id, slash.slash_id LIMIT $6"
    );
    let rows: Vec<SlashRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(p.chain_id()?)
        .bind(p.address("miner")?)
        .bind(status)
        .bind(after_chain)
        .bind(after_id)
        .bind(limit + 1)
        .fetch_all(&ctx.pool)
        .await?;
    page(rows, limit, |s| (s.chain_id, &s.slash_id))
}

#[derive(Serialize, FromRow)]
struct ValidatorRow {
    chain_id: i64,
    validator: String,
    active: bool,
    stake: String,
    revenue_claimed: String,
}

async fn validators(State(ctx): State<Ctx>, q: RawQuery) -> ApiResult {
    let p = Params::new(q, &["chain_id"])?;
    let rows: Vec<ValidatorRow> = sqlx::query_as(
        "SELECT chain_id, '0x' || encode(validator, 'hex') AS validator, active, stake::text AS stake,
                revenue_claimed::text AS revenue_claimed
         FROM validator WHERE ($1::bigint IS NULL OR chain_id = $1) ORDER BY validator.chain_id, validator.validator",
    )
    .bind(p.chain_id()?)
    .fetch_all(&ctx.pool)
    .await?;
    ok(json!({ "items": rows }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_documents_exactly_the_served_routes() {
        let doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json parses");
        let mut documented: Vec<&str> = doc["paths"].as_object().expect("paths").keys().map(String::as_str).collect();
        let mut served = ROUTES.to_vec();
        documented.sort_unstable();
        served.sort_unstable();
        assert_eq!(documented, served);
    }

    #[test]
    fn inputs_are_validated_with_messages() {
        assert_eq!(parse_uint("video_id", "0x10").map_err(|e| e.message), Ok("16".to_string()));
        assert_eq!(parse_uint("video_id", "0x00ff").map_err(|e| e.message), Ok("255".to_string()));
        assert_eq!(parse_uint("video_id", "007").map_err(|e| e.message), Ok("7".to_string()));
        assert!(parse_uint("video_id", "-1").is_err_and(|e| e.status == StatusCode::BAD_REQUEST));
        assert!(parse_uint("video_id", &"9".repeat(80)).is_err());
        assert!(parse_uint("video_id", &format!("0x{}", "f".repeat(65))).is_err());
        for loose in ["", "0x", "0X10", "0b101", "0o17", "1_000", "+5", " 5", "5 ", "1e3", "0x_1", "0xg"] {
            assert!(parse_uint("video_id", loose).is_err(), "{loose:?} must be refused");
        }
        assert!(parse_address("owner", "0x12").is_err_and(|e| e.message.contains("40 hex digits")));
        let bare = "70997970c51812dc3a010c7d01b50e0d17dc79c8";
        assert!(parse_address("owner", bare).is_err(), "an address without 0x is refused");
        assert!(parse_address("owner", &format!("0x{bare}")).is_ok());
        assert!(parse_address("owner", &format!("0X{bare}")).is_err());
        for bad in ["0", "-1", "+1", "0x1", "1_0", "9223372036854775808", "01234567890123456789"] {
            assert!(parse_chain_id(bad).is_err(), "chain_id {bad:?} must be refused");
        }
        assert_eq!(parse_chain_id("9223372036854775807").map_err(|e| e.message), Ok(i64::MAX));
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let p = Params(pairs(&[("cursor", &alloy::hex::encode("1:5"))]));
        assert_eq!(p.cursor().map_err(|e| e.message), Ok((Some(1), Some("5".to_string()))));
        let p = Params(pairs(&[("cursor", "zz"), ("limit", "0")]));
        assert!(p.cursor().is_err() && p.limit().is_err());
        for cursor in [alloy::hex::encode("1:0x5"), alloy::hex::encode("0:5"), alloy::hex::encode("1:5").to_uppercase()]
        {
            assert!(Params(pairs(&[("cursor", &cursor)])).cursor().is_err(), "cursor {cursor:?}");
        }
        for limit in ["+5", "05x", "1000", "0x10"] {
            assert!(Params(pairs(&[("limit", limit)])).limit().is_err(), "limit {limit:?}");
        }
        let duplicated = Params::new(Ok(Query(pairs(&[("limit", "5"), ("limit", "6")]))), &["limit"]);
        assert!(duplicated.is_err_and(|e| e.message.contains("more than once")));
    }
}

//! The dApp query API (axum, JSON): videos, rounds, campaigns, revenue, collateral, validators and
//! per-chain sync status, read from the derived tables the writer keeps current.
//!
//! The OpenAPI document is derived from the handlers themselves (utoipa): each handler's path,
//! parameter struct and response type make its entry, and each parameter's schema is its parser's
//! own pattern and bounds ([`types`]). Bad input is a 400 with a message, an unknown id a 404, a
//! database outage or a saturated API a 503 with `Retry-After`; never a panic.
//!
//! The API reads through its own connection pool ([`connect`]) with a statement timeout, so a
//! flood of requests queues or is refused here and never starves the writer's connections.

mod cache;
mod listing;
mod live;
mod types;

use crate::metrics as m;
use alloy::primitives::U256;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use listing::Listing;
use metrics_exporter_prometheus::PrometheusHandle;
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{FromRow, PgPool};
use std::str::FromStr;
use std::sync::LazyLock;
use std::time::Duration;
use tokio::sync::broadcast;
use types::{
    Address, AddressCursor, ChainId, DecimalU256, Hash32, HexAddress, HexBytes32, HolderCursor, IdCursor, Limit,
    SlashStatus, Uint256,
};
use utoipa::openapi::OpenApi;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The OpenAPI document as committed beside the crate (`indexer/openapi.json`), for readers
/// without a running server; a unit test keeps it equal to [`openapi`].
pub const COMMITTED_OPENAPI: &str = include_str!("../../openapi.json");

// Every ORDER BY below names its view: the SELECT lists render ids as text under the same names,
// and an unqualified name would sort by that text ("10" before "9"), skipping or repeating rows
// across pages and defeating the indexes.

/// Share holders listed with a video (the largest first); the rest are paged at `.../holders`.
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
    /// Chain ids whose indexed block moved ([`live`]).
    indexed: broadcast::Sender<i64>,
    /// A video's player, `{playback_id}` replaced ([`Site::player_url`]).
    player_url: Option<std::sync::Arc<str>>,
}

/// What the API serves beside its JSON reads.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// A directory of static files served at `/` for every path that is not a route: the built
    /// dApp and its `config.json`.
    pub web_dir: Option<std::path::PathBuf>,
    /// Where a video plays, `{playback_id}` replaced: the `animation_url` of its ERC-721 metadata.
    pub player_url: Option<String>,
}

/// The routes with their documentation, as utoipa collects them from the handlers.
fn documented() -> OpenApiRouter<Ctx> {
    OpenApiRouter::with_openapi(info())
        .routes(routes!(health))
        .routes(routes!(render_metrics))
        .routes(routes!(openapi_document))
        .routes(routes!(chains))
        .routes(routes!(videos))
        .routes(routes!(video))
        .routes(routes!(video_holders))
        .routes(routes!(video_metadata))
        .routes(routes!(rounds))
        .routes(routes!(round))
        .routes(routes!(round_preferences))
        .routes(routes!(round_live))
        .routes(routes!(campaigns))
        .routes(routes!(revenue))
        .routes(routes!(collateral))
        .routes(routes!(slashes))
        .routes(routes!(validators))
        .routes(routes!(messages))
}

fn info() -> OpenApi {
    let mut doc = OpenApi::default();
    doc.info.title = "TensorFlix indexer API".into();
    doc.info.version = "1.0.0".into();
    doc.info.description = Some(
        "Read-only JSON API over the TensorFlix contracts' events on every indexed chain. Amounts and ids are \
         uint256 decimal strings; addresses and hashes are 0x-prefixed lowercase hex. Every row carries the block \
         it comes from; compare it with /v1/chains finalized_block to know whether it is final. Lists are paged: \
         pass next_cursor back as cursor until it is null. Errors are {\"error\": {\"status\", \"message\"}}: 400 \
         for bad input (a parameter outside its pattern or bounds, an unknown parameter, or one given twice), \
         404 for unknown ids, 503 with Retry-After when the database is unreachable, busy or the API saturated."
            .into(),
    );
    doc.info.license = None;
    doc.info.contact = None;
    doc.servers = Some(vec![utoipa::openapi::Server::new("http://127.0.0.1:8080")]);
    doc
}

static OPENAPI: LazyLock<String> = LazyLock::new(|| {
    let mut doc = documented().into_openapi();
    with_error_responses(&mut doc);
    serde_json::to_string_pretty(&doc).expect("the OpenAPI document serializes") + "\n"
});

/// The OpenAPI document of the served routes (served at `/openapi.json`).
pub fn openapi() -> &'static str {
    &OPENAPI
}

/// Adds the answers every `/v1` route can give: 400 for bad input and 503 with `Retry-After`.
fn with_error_responses(doc: &mut OpenApi) {
    use utoipa::openapi::header::HeaderBuilder;
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    let error = || ContentBuilder::new().schema(Some(Ref::from_schema_name("Error"))).build();
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/v1/") {
            continue;
        }
        if let Some(op) = item.get.as_mut() {
            op.responses.responses.insert(
                "400".into(),
                ResponseBuilder::new()
                    .description("Bad input: a parameter outside its pattern or bounds, an unknown parameter, or one given twice.")
                    .content("application/json", error())
                    .build()
                    .into(),
            );
            op.responses.responses.insert(
                "503".into(),
                ResponseBuilder::new()
                    .description("Database unavailable, the query hit the statement timeout, or the API is saturated; retry after Retry-After seconds.")
                    .content("application/json", error())
                    .header(
                        "Retry-After",
                        HeaderBuilder::new()
                            .schema(Some(utoipa::openapi::schema::ObjectBuilder::new().schema_type(utoipa::openapi::Type::Integer)))
                            .description(Some("Seconds to wait before retrying."))
                            .build(),
                    )
                    .build()
                    .into(),
            );
        }
    }
}

/// The router over `pool`; `metrics` renders `/metrics` when a recorder is installed; `site` adds
/// the dApp's files and the player behind the videos' metadata.
///
/// Spawns the task that listens for the writer's commits (it must run inside a tokio runtime).
pub fn router(pool: PgPool, metrics: Option<PrometheusHandle>, site: Site) -> Router {
    let not_found = || async { ApiError::not_found("no such route; see /openapi.json") };
    let documented = documented();
    let documented = match &site.web_dir {
        Some(dir) => documented.fallback_service(
            tower_http::services::ServeDir::new(dir).not_found_service(axum::routing::any(not_found)),
        ),
        None => documented.fallback(not_found),
    };
    let (router, _) = documented.split_for_parts();
    let (indexed, mut commits) = broadcast::channel(1024);
    tokio::spawn(live::listen(pool.clone(), indexed.clone()));
    let cache = cache::ResponseCache::new();
    let generations = cache.clone();
    tokio::spawn(async move {
        // A lagging receiver missed commits: moving on is all it needs to do too.
        while !matches!(commits.recv().await, Err(broadcast::error::RecvError::Closed)) {
            generations.advance();
        }
    });
    let player_url = site.player_url.map(std::sync::Arc::from);
    router
        .with_state(Ctx { pool, metrics, indexed, player_url })
        .layer(axum::middleware::from_fn_with_state(cache, cache::layer))
}

/// An API error: a status and a message, rendered as `{"error": {"status": .., "message": ..}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

/// An error response.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
struct ErrorDetail {
    /// The HTTP status.
    status: u16,
    /// What was wrong, for a human.
    message: String,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
    fn not_found(message: impl Into<String>) -> Self {
        Self { status: StatusCode::NOT_FOUND, message: message.into() }
    }
    fn conflict(message: impl Into<String>) -> Self {
        Self { status: StatusCode::CONFLICT, message: message.into() }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let class = format!("{}xx", self.status.as_u16() / 100);
        metrics::counter!(m::API_REQUESTS, "status" => class).increment(1);
        let body = Json(ErrorBody { error: ErrorDetail { status: self.status.as_u16(), message: self.message } });
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

type ApiResult<T> = Result<Json<T>, ApiError>;

fn ok<T>(v: T) -> ApiResult<T> {
    metrics::counter!(m::API_REQUESTS, "status" => "2xx").increment(1);
    Ok(Json(v))
}

/// A query string as the route's parameter struct: unknown and repeated parameters are refused by
/// serde (`deny_unknown_fields`, and a field given twice is a duplicate), each value by its type.
fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    Ok(q?.0)
}

fn path<T>(p: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    Ok(p?.0)
}

/// A route that takes no query parameters.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct NoParams {}

/// A page of items, in the listing's order.
#[derive(Serialize, ToSchema)]
struct Page<T: ToSchema> {
    items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
}

/// The first `limit` of `rows` (fetched with one extra) and the cursor after the last of them
/// (`None` on the last page).
fn paginate<T>(mut rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next = if more { rows.last().map(cursor) } else { None };
    (rows, next)
}

fn page<T: ToSchema>(rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> String) -> ApiResult<Page<T>> {
    let (items, next_cursor) = paginate(rows, limit, cursor);
    ok(Page { items, next_cursor })
}

/// Whether the API is serving and its chains are current.
#[derive(Serialize, ToSchema)]
struct Health {
    /// `degraded` while any chain is connecting, backfilling, stalled or halted: its data is behind.
    status: HealthStatus,
    /// `ok`: the database answered.
    database: String,
    halted_chains: Vec<String>,
    not_live_chains: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
enum HealthStatus {
    Ok,
    Degraded,
}

/// Liveness: database reachable; degraded while any chain is not live (connecting, backfilling,
/// stalled or halted).
#[utoipa::path(get, path = "/health", tag = "ops", responses(
    (status = 200, description = "OK", body = Health),
    (status = 503, description = "Database unavailable; retry after Retry-After seconds.", body = ErrorBody),
))]
async fn health(State(ctx): State<Ctx>) -> ApiResult<Health> {
    let chains: Vec<(String, String)> =
        sqlx::query_as("SELECT name, status FROM chain_status ORDER BY chain_id").fetch_all(&ctx.pool).await?;
    let names = |keep: fn(&str) -> bool| -> Vec<String> {
        chains.iter().filter(|(_, s)| keep(s)).map(|(n, _)| n.clone()).collect()
    };
    let (halted_chains, not_live_chains) = (names(|s| s == "halted"), names(|s| s != "live"));
    let status = if not_live_chains.is_empty() { HealthStatus::Ok } else { HealthStatus::Degraded };
    ok(Health { status, database: "ok".into(), halted_chains, not_live_chains })
}

/// Prometheus metrics: events indexed, head/indexed block and lag, reorgs, RPC and database errors,
/// time per stage, API requests.
#[utoipa::path(get, path = "/metrics", tag = "ops", responses(
    (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
))]
async fn render_metrics(State(ctx): State<Ctx>) -> Response {
    ctx.metrics.map(|h| h.render()).unwrap_or_default().into_response()
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "ops", responses(
    (status = 200, description = "The OpenAPI document", body = Object, content_type = "application/json"),
))]
async fn openapi_document() -> Response {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi()).into_response()
}

/// A chain's sync state.
#[derive(Serialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
enum ChainState {
    /// The RPC has not answered yet (see `error`).
    Connecting,
    /// Catching up.
    Backfill,
    /// Following the head.
    Live,
    /// The node has not answered for 15 s, or the head has not moved for longer than the
    /// network's `indexer.stall_after_s`.
    Stalled,
    /// A reorg deeper than the window, or the node answered malformed data 8 times in a row (it
    /// keeps retrying and resumes by itself).
    Halted,
}

/// A chain's sync status.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Chain)]
struct ChainRow {
    chain_id: i64,
    name: String,
    head_block: i64,
    indexed_block: i64,
    lag_blocks: i64,
    confirmations: i64,
    /// Rows at or below this block are final; rows above it may still be reorged out.
    finalized_block: i64,
    status: ChainState,
    /// Why the chain is not live, if it is not.
    error: Option<String>,
    reorgs: i64,
    #[schema(format = DateTime)]
    updated_at: String,
    /// When the node last answered (a head poll or a commit), UTC.
    #[schema(format = DateTime)]
    checked_at: Option<String>,
    /// When head_block last changed, UTC.
    #[schema(format = DateTime)]
    last_head_at: Option<String>,
    /// The tfx-indexer process (its --instance, by default host/pid) holding the chain's lease:
    /// several processes may share one database, and each chain is written by one of them at a time.
    writer: Option<String>,
    /// The ERC-20 ad campaigns, revenue and claims are in (AdRevenue.token()), or the zero address
    /// for the chain's native coin (AVAX, ETH, DOT; 18 decimals through the Ethereum RPC), or on
    /// Solana the SPL mint (32 bytes); null until the indexer has read it from the contract.
    ad_token: Option<HexAddress>,
    /// The symbol to show ad amounts with (the ERC-20's, or the native coin's; an SPL mint has none
    /// on-chain, so the start of its address, as explorers show it); null until read.
    ad_symbol: Option<String>,
    /// The decimals of ad amounts: they are integers of 10^-ad_decimals ad_symbol.
    #[schema(maximum = 255)]
    ad_decimals: Option<i16>,
    /// The ERC-20 collateral and slashes are in (MinerCollateral.asset()), or the zero address for
    /// the native coin, or on Solana the SPL mint; null until read.
    collateral_asset: Option<HexAddress>,
    /// The symbol to show collateral amounts with; null until read.
    collateral_symbol: Option<String>,
    /// The decimals of collateral amounts.
    #[schema(maximum = 255)]
    collateral_decimals: Option<i16>,
}

/// Every configured chain.
#[derive(Serialize, ToSchema)]
struct Chains {
    items: Vec<ChainRow>,
}

/// Sync status per chain: head, indexed block, lag, finality.
#[utoipa::path(get, path = "/v1/chains", tag = "dapp", params(NoParams), responses(
    (status = 200, description = "OK", body = Chains),
))]
async fn chains(State(ctx): State<Ctx>, q: Result<Query<NoParams>, QueryRejection>) -> ApiResult<Chains> {
    query(q)?;
    let items: Vec<ChainRow> = sqlx::query_as(
        "SELECT chain_id, name, head_block, indexed_block, greatest(head_block - indexed_block, 0) AS lag_blocks,
                confirmations, greatest(head_block - confirmations, 0) AS finalized_block, status, error, reorgs,
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS updated_at,
                to_char(checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS checked_at,
                to_char(head_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS last_head_at, writer,
                '0x' || encode(ad_token, 'hex') AS ad_token, ad_symbol, ad_decimals,
                '0x' || encode(collateral_asset, 'hex') AS collateral_asset, collateral_symbol, collateral_decimals
         FROM chain_status ORDER BY chain_id",
    )
    .fetch_all(&ctx.pool)
    .await?;
    ok(Chains { items })
}

const VIDEO_COLUMNS: &str = "chain_id, video_id::text AS video_id, '0x' || encode(creator, 'hex') AS creator,
    '0x' || encode(content_hash, 'hex') AS content_hash, playback_id, royalty_bps, minted_block, minted_time,
    '0x' || encode(owner, 'hex') AS owner, share_supply::text AS share_supply, share_supply > 0 AS fractionalized,
    cumulative_revenue::text AS cumulative_revenue";

/// A video NFT.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Video)]
struct VideoRow {
    chain_id: i64,
    /// The video's id: its content hash as a number.
    video_id: DecimalU256,
    creator: HexAddress,
    content_hash: HexBytes32,
    playback_id: String,
    royalty_bps: i32,
    minted_block: i64,
    minted_time: Option<i64>,
    /// The NFT's holder (the shares contract while fractionalized).
    owner: Option<HexAddress>,
    share_supply: DecimalU256,
    fractionalized: bool,
    /// All ad revenue ever settled to the video: its live on-chain valuation.
    cumulative_revenue: DecimalU256,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct VideosQuery {
    /// EIP-155 chain id filter.
    #[param(inline)]
    chain_id: Option<ChainId>,
    /// Creator filter.
    #[param(inline)]
    creator: Option<Address>,
    /// Current NFT owner filter.
    #[param(inline)]
    owner: Option<Address>,
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<IdCursor>,
}

/// Videos, filtered by creator or owner, in (chain_id, video_id) order.
#[utoipa::path(get, path = "/v1/videos", tag = "dapp", params(VideosQuery), responses(
    (status = 200, description = "OK", body = Page<VideoRow>),
))]
async fn videos(State(ctx): State<Ctx>, q: Result<Query<VideosQuery>, QueryRejection>) -> ApiResult<Page<VideoRow>> {
    let q = query(q)?;
    let limit = Limit::or_default(q.limit);
    let rows: Vec<VideoRow> = Listing::new(format!("SELECT {VIDEO_COLUMNS} FROM video"))
        .eq("chain_id", q.chain_id.map(|c| c.0), "")
        .eq("creator", q.creator.map(|a| a.0), "")
        .eq("owner", q.owner.map(|a| a.0), "")
        .after("video_id", q.cursor.map(|c| (c.chain_id, c.id)), "::numeric")
        .fetch("video.chain_id, video.video_id", limit + 1, &ctx.pool)
        .await?;
    page(rows, limit, |v| IdCursor::after(v.chain_id, &v.video_id.0))
}

/// A share holder of a fractionalized video.
#[derive(Serialize, Deserialize, FromRow, ToSchema)]
#[schema(as = Holder)]
struct HolderRow {
    holder: HexAddress,
    balance: DecimalU256,
}

/// A settlement of ad revenue into a video, and the video's valuation after it.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(as = Valuation)]
struct ValuationRow {
    block_number: i64,
    block_time: Option<i64>,
    campaign_id: DecimalU256,
    amount: DecimalU256,
    cumulative_revenue: DecimalU256,
}

/// A video with its largest share holders and valuation history.
#[derive(Serialize, FromRow, ToSchema)]
struct VideoDetail {
    #[sqlx(flatten)]
    video: VideoRow,
    /// The 20 largest holders; the rest at `/v1/videos/{chain_id}/{video_id}/holders`.
    #[sqlx(json)]
    holders: Vec<HolderRow>,
    /// Whether there are holders beyond those listed.
    #[sqlx(skip)]
    more_holders: bool,
    /// The newest 500 settlements, oldest first.
    #[sqlx(json)]
    valuation_history: Vec<ValuationRow>,
    /// The video across chains, from the cross-chain messages delivered to indexed chains.
    #[sqlx(flatten)]
    cross_chain: CrossChainVideo,
}

/// A video across chains.
#[derive(Serialize, FromRow, ToSchema)]
struct CrossChainVideo {
    /// For a twin: the chain it was registered from (its home), which reserved its id here.
    home_chain: Option<i64>,
    /// For a home video: the chains its registration reserved its id on.
    registered_on: Vec<i64>,
    /// The newest valuation received from each other chain.
    #[sqlx(json)]
    remote_valuations: Vec<RemoteValuationRow>,
    /// This chain's cumulative revenue plus every remote figure: the video's global valuation.
    global_valuation: DecimalU256,
    /// The newest 500 remote figures received here, oldest first: with `valuation_history`, the
    /// valuation over time per chain and in total.
    #[sqlx(json)]
    remote_history: Vec<RemoteValuationPoint>,
}

/// A remote valuation as it was received here.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(as = RemoteValuationPoint)]
struct RemoteValuationPoint {
    origin: i64,
    cumulative_revenue: DecimalU256,
    /// The origin's block the figure was read at.
    source_block: i64,
    /// The block of this chain that received it, and its time.
    block_number: i64,
    block_time: Option<i64>,
}

/// A video's cumulative revenue on another chain, as last received here.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(as = RemoteValuation)]
struct RemoteValuationRow {
    origin: i64,
    cumulative_revenue: DecimalU256,
    /// The origin's block the figure was read at.
    source_block: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct VideoKey {
    /// EIP-155 chain id.
    #[param(inline)]
    chain_id: ChainId,
    /// The video's id (its content hash).
    #[param(inline)]
    video_id: Uint256,
}

async fn video_row(pool: &PgPool, key: &VideoKey) -> Result<VideoRow, ApiError> {
    let sql = format!("SELECT {VIDEO_COLUMNS} FROM video WHERE chain_id = $1 AND video_id = $2::numeric");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(key.chain_id.0)
        .bind(&key.video_id.0)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no video {} on chain {}", key.video_id.0, key.chain_id.0)))
}

/// Share holders of a video, largest first, from `after` on.
async fn holders(
    pool: &PgPool,
    key: &VideoKey,
    after: Option<HolderCursor>,
    limit: i64,
) -> Result<Vec<HolderRow>, ApiError> {
    Ok(Listing::new(
        "SELECT '0x' || encode(holder, 'hex') AS holder, balance::text AS balance FROM share_balance".to_owned(),
    )
    .eq("chain_id", Some(key.chain_id.0), "")
    .eq("video_id", Some(key.video_id.0.clone()), "::numeric")
    .when(after, |sql, c| {
        sql.push("(share_balance.balance < ")
            .push_bind(c.balance.clone())
            .push("::numeric OR (share_balance.balance = ");
        sql.push_bind(c.balance).push("::numeric AND share_balance.holder > ").push_bind(c.holder).push("))");
    })
    .fetch("share_balance.balance DESC, share_balance.holder", limit, pool)
    .await?)
}

/// A video as wallets and marketplaces read it: the ERC-721 metadata JSON (OpenSea's fields)
/// that VideoNft's `tokenURI` points at once its base URI is set to `<API>/v1/metadata/{chain_id}/`.
#[derive(Serialize, ToSchema)]
struct VideoMetadata {
    /// `TensorFlix video 0x<first bytes of the content hash>`.
    name: String,
    description: String,
    /// The player for the video's playback id, when the API was started with `--player-url`.
    animation_url: Option<String>,
    /// Creator, royalty, playback id, content hash and valuation (cumulative revenue), as
    /// `{trait_type, value}`.
    attributes: Vec<MetadataAttribute>,
}

/// One ERC-721 metadata attribute.
#[derive(Serialize, ToSchema)]
struct MetadataAttribute {
    trait_type: &'static str,
    value: String,
}

/// A video's ERC-721 metadata (VideoNft's `tokenURI`).
#[utoipa::path(get, path = "/v1/metadata/{chain_id}/{video_id}", tag = "dapp", params(VideoKey, NoParams), responses(
    (status = 200, description = "OK", body = VideoMetadata),
    (status = 404, description = "No such video on that chain", body = ErrorBody),
))]
async fn video_metadata(
    State(ctx): State<Ctx>,
    p: Result<Path<VideoKey>, PathRejection>,
    q: Result<Query<NoParams>, QueryRejection>,
) -> ApiResult<VideoMetadata> {
    query(q)?;
    let key = path(p)?;
    let v = video_row(&ctx.pool, &key).await?;
    let hash = &v.content_hash.0;
    let attribute = |trait_type, value: &str| MetadataAttribute { trait_type, value: value.to_owned() };
    ok(VideoMetadata {
        name: format!("TensorFlix video {}", &hash[..hash.len().min(14)]),
        description: format!(
            "An AI-made video minted on TensorFlix (chain {}) by {}: its id is the keccak-256 of the file, \
             its valuation the ad revenue it has earned.",
            v.chain_id, v.creator.0
        ),
        animation_url: ctx.player_url.as_deref().map(|url| url.replace("{playback_id}", &v.playback_id)),
        attributes: vec![
            attribute("creator", &v.creator.0),
            attribute("royalty_bps", &v.royalty_bps.to_string()),
            attribute("playback_id", &v.playback_id),
            attribute("content_hash", hash),
            attribute("valuation", &v.cumulative_revenue.0),
        ],
    })
}

/// A video with its share holders and valuation history.
#[utoipa::path(get, path = "/v1/videos/{chain_id}/{video_id}", tag = "dapp", params(VideoKey, NoParams), responses(
    (status = 200, description = "OK", body = VideoDetail),
    (status = 404, description = "No such video on that chain", body = ErrorBody),
))]
async fn video(
    State(ctx): State<Ctx>,
    p: Result<Path<VideoKey>, PathRejection>,
    q: Result<Query<NoParams>, QueryRejection>,
) -> ApiResult<VideoDetail> {
    query(q)?;
    let key = path(p)?;
    // One statement: at 2,000 requests/s every extra round trip costs more than the reads. The
    // global valuation is the local figure plus every remote one, summed exactly in `numeric`. The
    // limits are literals: a generic plan for `LIMIT $n` sorts every holder (see `Listing::fetch`).
    let holders = TOP_HOLDERS + 1;
    let sql = format!(
        "WITH remote AS (
             SELECT DISTINCT ON (origin) origin, cumulative_revenue, source_block
             FROM valuation_received WHERE chain_id = $1 AND video_id = $2::numeric AND applied
             ORDER BY origin, source_block DESC
         )
         SELECT {VIDEO_COLUMNS},
             (SELECT coalesce(json_agg(json_build_object('holder', '0x' || encode(holder, 'hex'),
                                                         'balance', balance::text)
                                       ORDER BY balance DESC, holder), '[]')
              FROM (SELECT holder, balance FROM share_balance WHERE chain_id = $1 AND video_id = $2::numeric
                    ORDER BY balance DESC, holder LIMIT {holders}) top) AS holders,
             (SELECT coalesce(json_agg(json_build_object('block_number', block_number, 'block_time', block_time,
                                                         'campaign_id', campaign_id::text, 'amount', amount::text,
                                                         'cumulative_revenue', cumulative_revenue::text)
                                       ORDER BY block_number, log_index), '[]')
              FROM (SELECT * FROM video_valuation WHERE chain_id = $1 AND video_id = $2::numeric
                    ORDER BY block_number DESC, log_index DESC LIMIT {VALUATION_POINTS}) newest) AS valuation_history,
             (SELECT home_chain::bigint FROM video_registration_received
              WHERE chain_id = $1 AND video_id = $2::numeric AND reserved LIMIT 1) AS home_chain,
             ARRAY(SELECT DISTINCT chain_id FROM video_registration_received
                   WHERE video_id = $2::numeric AND home_chain = $1 AND reserved ORDER BY chain_id) AS registered_on,
             (SELECT coalesce(json_agg(json_build_object('origin', origin::bigint,
                                                         'cumulative_revenue', cumulative_revenue::text,
                                                         'source_block', source_block::bigint)
                                       ORDER BY origin), '[]')
              FROM remote) AS remote_valuations,
             (video.cumulative_revenue + coalesce((SELECT sum(cumulative_revenue) FROM remote), 0))::text
                 AS global_valuation,
             (SELECT coalesce(json_agg(json_build_object('origin', origin::bigint,
                                                         'cumulative_revenue', cumulative_revenue::text,
                                                         'source_block', source_block::bigint,
                                                         'block_number', block_number, 'block_time', block_time)
                                       ORDER BY block_number, log_index), '[]')
              FROM (SELECT * FROM valuation_received WHERE chain_id = $1 AND video_id = $2::numeric AND applied
                    ORDER BY block_number DESC, log_index DESC LIMIT {VALUATION_POINTS}) newest) AS remote_history
         FROM video WHERE chain_id = $1 AND video_id = $2::numeric"
    );
    let mut detail: VideoDetail = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(key.chain_id.0)
        .bind(&key.video_id.0)
        .fetch_optional(&ctx.pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no video {} on chain {}", key.video_id.0, key.chain_id.0)))?;
    detail.more_holders = detail.holders.len() as i64 > TOP_HOLDERS;
    detail.holders.truncate(TOP_HOLDERS as usize);
    ok(detail)
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PageQuery<C: ToSchema> {
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<C>,
}

/// Every share holder of a video, largest balance first (then by address).
#[utoipa::path(get, path = "/v1/videos/{chain_id}/{video_id}/holders", tag = "dapp",
    params(VideoKey, PageQuery<HolderCursor>), responses(
    (status = 200, description = "OK", body = Page<HolderRow>),
    (status = 404, description = "No such video on that chain", body = ErrorBody),
))]
async fn video_holders(
    State(ctx): State<Ctx>,
    p: Result<Path<VideoKey>, PathRejection>,
    q: Result<Query<PageQuery<HolderCursor>>, QueryRejection>,
) -> ApiResult<Page<HolderRow>> {
    let q = query(q)?;
    let key = path(p)?;
    let limit = Limit::or_default(q.limit);
    let rows = holders(&ctx.pool, &key, q.cursor, limit + 1).await?;
    if rows.is_empty() {
        // An empty page of an unknown video is a 404; of a known one, the end of its holders.
        video_row(&ctx.pool, &key).await?;
    }
    page(rows, limit, |h| HolderCursor::after(&h.balance.0, &h.holder.0))
}

const ROUND_COLUMNS: &str =
    "chain_id, round_id::text AS round_id, '0x' || encode(organizer, 'hex') AS organizer, start_time,
    end_time, weight_mode, created_block, candidates, voters, total_weight::text AS total_weight, finalized_block,
    winner, winning_tally::text AS winning_tally, tied";

/// How a round weighs votes.
#[derive(Serialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
enum WeightMode {
    /// Every voter weighs 1.
    OneAccountOneVote,
    /// A voter weighs their validator stake at the round's start.
    StakeWeighted,
}

/// A voting round.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Round)]
struct RoundRow {
    chain_id: i64,
    round_id: DecimalU256,
    organizer: HexAddress,
    start_time: i64,
    end_time: i64,
    weight_mode: WeightMode,
    created_block: i64,
    candidates: i64,
    voters: i64,
    total_weight: DecimalU256,
    finalized_block: Option<i64>,
    /// The winning candidate's index; 4294967295 when no vote was cast.
    winner: Option<i64>,
    winning_tally: Option<DecimalU256>,
    tied: Option<bool>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct RoundsQuery {
    /// EIP-155 chain id filter.
    #[param(inline)]
    chain_id: Option<ChainId>,
    /// Organizer filter.
    #[param(inline)]
    organizer: Option<Address>,
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<IdCursor>,
}

/// Voting rounds with turnout and (once finalized) results, in (chain_id, round_id) order.
#[utoipa::path(get, path = "/v1/rounds", tag = "dapp", params(RoundsQuery), responses(
    (status = 200, description = "OK", body = Page<RoundRow>),
))]
async fn rounds(State(ctx): State<Ctx>, q: Result<Query<RoundsQuery>, QueryRejection>) -> ApiResult<Page<RoundRow>> {
    let q = query(q)?;
    let limit = Limit::or_default(q.limit);
    let rows: Vec<RoundRow> = Listing::new(format!("SELECT {ROUND_COLUMNS} FROM round"))
        .eq("chain_id", q.chain_id.map(|c| c.0), "")
        .eq("organizer", q.organizer.map(|a| a.0), "")
        .after("round_id", q.cursor.map(|c| (c.chain_id, c.id)), "::numeric")
        .fetch("round.chain_id, round.round_id", limit + 1, &ctx.pool)
        .await?;
    page(rows, limit, |r| IdCursor::after(r.chain_id, &r.round_id.0))
}

/// A candidate's live tally.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(as = Tally)]
struct TallyRow {
    candidate_index: i32,
    /// The candidate: a video id or a prompt hash.
    candidate: HexBytes32,
    votes: i64,
    tally: DecimalU256,
}

impl TallyRow {
    fn weight(&self) -> U256 {
        U256::from_str_radix(&self.tally.0, 10).unwrap_or_default()
    }

    /// The candidate read as a video id (decimal), as `video_minted` keys videos.
    fn candidate_id(&self) -> String {
        U256::from_str_radix(self.candidate.0.trim_start_matches("0x"), 16).unwrap_or_default().to_string()
    }
}

/// A round with its tallies.
#[derive(Serialize, ToSchema)]
struct RoundDetail {
    round: RoundRow,
    tallies: Vec<TallyRow>,
    /// The leading candidate's index by VoteTally's rule (highest tally, lowest index on a tie);
    /// null before the first vote.
    leader: Option<i32>,
    /// The indexed chains its finalized result was mirrored to.
    mirrored_on: Vec<MirrorRow>,
}

/// [`RoundDetail`] as its one statement returns it.
#[derive(FromRow)]
struct RoundDetailRow {
    #[sqlx(flatten)]
    round: RoundRow,
    #[sqlx(json)]
    tallies: Vec<TallyRow>,
    #[sqlx(json)]
    mirrored_on: Vec<MirrorRow>,
}

/// A round's result as received on another chain.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(as = MirroredResult)]
struct MirrorRow {
    chain_id: i64,
    winner: i64,
    total_weight: DecimalU256,
    /// The origin's block the result was read at.
    source_block: i64,
}

#[derive(Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct RoundKey {
    /// EIP-155 chain id.
    #[param(inline)]
    chain_id: ChainId,
    /// The round's id.
    #[param(inline)]
    round_id: Uint256,
}

/// A round with live tallies per candidate and the current leader.
#[utoipa::path(get, path = "/v1/rounds/{chain_id}/{round_id}", tag = "dapp", params(RoundKey, NoParams), responses(
    (status = 200, description = "OK", body = RoundDetail),
    (status = 404, description = "No such round on that chain", body = ErrorBody),
))]
async fn round(
    State(ctx): State<Ctx>,
    p: Result<Path<RoundKey>, PathRejection>,
    q: Result<Query<NoParams>, QueryRejection>,
) -> ApiResult<RoundDetail> {
    query(q)?;
    let detail = round_detail(&ctx.pool, &path(p)?).await?;
    ok(detail)
}

/// A round, its tallies and where its result was mirrored, in one statement: at 2,000
/// requests/s every extra round trip costs more than the reads.
async fn round_detail(pool: &PgPool, key: &RoundKey) -> Result<RoundDetail, ApiError> {
    let (chain, id) = (key.chain_id.0, &key.round_id.0);
    let sql = format!(
        "SELECT {ROUND_COLUMNS},
             (SELECT coalesce(json_agg(json_build_object(
                         'candidate_index', candidate_index, 'candidate', '0x' || encode(candidate, 'hex'),
                         'votes', votes, 'tally', tally::text) ORDER BY candidate_index), '[]')
              FROM round_tally WHERE chain_id = $1 AND round_id = $2::numeric) AS tallies,
             (SELECT coalesce(json_agg(json_build_object(
                         'chain_id', chain_id, 'winner', winner, 'total_weight', total_weight::text,
                         'source_block', source_block::bigint) ORDER BY chain_id), '[]')
              FROM vote_result_received WHERE origin = $1 AND round_id = $2::numeric) AS mirrored_on
         FROM round WHERE chain_id = $1 AND round_id = $2::numeric"
    );
    let RoundDetailRow { round, tallies, mirrored_on } = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(chain)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no round {id} on chain {chain}")))?;
    let leader = tallies
        .iter()
        .filter(|t| t.votes > 0)
        .max_by(|a, b| a.weight().cmp(&b.weight()).then(b.candidate_index.cmp(&a.candidate_index)))
        .map(|t| t.candidate_index);
    Ok(RoundDetail { round, tallies, leader, mirrored_on })
}

/// The round as it changes: a server-sent-event stream whose `round` events each carry the whole
/// `RoundDetail`, the first at once and then each time a commit of its chain changed it (a vote
/// indexed, the result finalized, a reorg unwound). Comment lines keep idle connections open.
#[utoipa::path(get, path = "/v1/rounds/{chain_id}/{round_id}/live", tag = "dapp", params(RoundKey, NoParams),
    responses(
    (status = 200, description = "`event: round` with a RoundDetail per change", body = RoundDetail, content_type = "text/event-stream"),
    (status = 404, description = "No such round on that chain", body = ErrorBody),
))]
async fn round_live(
    State(ctx): State<Ctx>,
    p: Result<Path<RoundKey>, PathRejection>,
    q: Result<Query<NoParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    query(q)?;
    let key = path(p)?;
    // Subscribed before the first read, so that no commit falls between the two.
    let indexed = ctx.indexed.subscribe();
    let first = serde_json::to_string(&round_detail(&ctx.pool, &key).await?).expect("strings and integers serialize");
    metrics::counter!(m::API_REQUESTS, "status" => "2xx").increment(1);
    struct Stream {
        pool: PgPool,
        key: RoundKey,
        indexed: broadcast::Receiver<i64>,
        shown: String,
        pending: Option<String>,
    }
    let start = Stream { pool: ctx.pool, key, indexed, shown: first.clone(), pending: Some(first) };
    let events = futures::stream::unfold(start, |mut s| async move {
        loop {
            if let Some(json) = s.pending.take() {
                return Some((Ok::<_, std::convert::Infallible>(Event::default().event("round").data(json)), s));
            }
            tokio::select! {
                chain = s.indexed.recv() => match chain {
                    Ok(c) if c != s.key.chain_id.0 && c != live::EVERY_CHAIN => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                    // This chain, every chain, or notifications this stream fell behind on.
                    _ => {}
                },
                () = tokio::time::sleep(live::FALLBACK) => {}
            }
            // A failed read (the database away, a timeout) is retried at the next wake-up.
            if let Ok(detail) = round_detail(&s.pool, &s.key).await {
                let json = serde_json::to_string(&detail).expect("strings and integers serialize");
                if json != s.shown {
                    s.shown.clone_from(&json);
                    s.pending = Some(json);
                }
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()).into_response())
}

/// One preference of a finalized round's voters: a candidate that drew more weight than another.
#[derive(Serialize, ToSchema)]
struct PreferencePair {
    chain_id: i64,
    round_id: DecimalU256,
    chosen: PreferenceSide,
    rejected: PreferenceSide,
    /// All weight cast in the round.
    total_weight: DecimalU256,
}

/// A candidate in a preference pair.
#[derive(Serialize, Clone, ToSchema)]
struct PreferenceSide {
    candidate_index: i32,
    /// The candidate: a video id (its content hash) or a prompt hash.
    candidate: HexBytes32,
    votes: i64,
    /// The weight cast for it.
    weight: DecimalU256,
    /// When the candidate is a video minted on this chain: its content hash ...
    content_hash: Option<HexBytes32>,
    /// ... and its playback id.
    playback_id: Option<String>,
}

/// A finalized round as preference data for fine-tuning (JSON Lines, one `PreferencePair` per
/// line): every ordered pair of candidates where the first drew strictly more weight, the
/// heavier first. Candidates with equal weight express no preference and are not paired.
#[utoipa::path(get, path = "/v1/rounds/{chain_id}/{round_id}/preferences", tag = "dapp", params(RoundKey, NoParams),
    responses(
    (status = 200, description = "One PreferencePair per line", body = PreferencePair, content_type = "application/x-ndjson"),
    (status = 404, description = "No such round on that chain", body = ErrorBody),
    (status = 409, description = "The round is not finalized yet", body = ErrorBody),
))]
async fn round_preferences(
    State(ctx): State<Ctx>,
    p: Result<Path<RoundKey>, PathRejection>,
    q: Result<Query<NoParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    query(q)?;
    let key = path(p)?;
    let RoundDetail { round, mut tallies, .. } = round_detail(&ctx.pool, &key).await?;
    if round.finalized_block.is_none() {
        return Err(ApiError::conflict(format!(
            "round {} on chain {} is not finalized",
            key.round_id.0, key.chain_id.0
        )));
    }
    let ids: Vec<String> = tallies.iter().map(|t| t.candidate_id()).collect();
    let videos: Vec<(String, HexBytes32, String)> = sqlx::query_as(
        "SELECT video_id::text, '0x' || encode(content_hash, 'hex'), playback_id FROM video_minted
         WHERE chain_id = $1 AND video_id = ANY($2::numeric[])",
    )
    .bind(key.chain_id.0)
    .bind(&ids)
    .fetch_all(&ctx.pool)
    .await?;
    tallies.sort_by(|a, b| b.weight().cmp(&a.weight()).then(a.candidate_index.cmp(&b.candidate_index)));
    let sides: Vec<(U256, PreferenceSide)> = tallies
        .into_iter()
        .map(|t| {
            let (weight, id) = (t.weight(), t.candidate_id());
            let video = videos.iter().find(|(v, ..)| *v == id);
            let side = PreferenceSide {
                candidate_index: t.candidate_index,
                content_hash: video.map(|(_, hash, _)| hash.clone()),
                playback_id: video.map(|(.., playback)| playback.clone()),
                candidate: t.candidate,
                votes: t.votes,
                weight: t.tally,
            };
            (weight, side)
        })
        .collect();
    let mut body = String::new();
    for (i, (heavier, chosen)) in sides.iter().enumerate() {
        for (lighter, rejected) in sides.iter().skip(i + 1) {
            if heavier > lighter {
                let pair = PreferencePair {
                    chain_id: key.chain_id.0,
                    round_id: DecimalU256(key.round_id.0.clone()),
                    chosen: chosen.clone(),
                    rejected: rejected.clone(),
                    total_weight: round.total_weight.clone(),
                };
                body.push_str(&serde_json::to_string(&pair).expect("strings and integers serialize"));
                body.push('\n');
            }
        }
    }
    metrics::counter!(m::API_REQUESTS, "status" => "2xx").increment(1);
    Ok(([(axum::http::header::CONTENT_TYPE, "application/x-ndjson")], body).into_response())
}

/// An ad campaign: a per-second payment stream from an advertiser to a video.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Campaign)]
struct CampaignRow {
    chain_id: i64,
    campaign_id: DecimalU256,
    video_id: DecimalU256,
    advertiser: HexAddress,
    rate_per_second: DecimalU256,
    opened_block: i64,
    opened_time: Option<i64>,
    funded: DecimalU256,
    /// Streamed into the video so far.
    settled: DecimalU256,
    refunded: DecimalU256,
    remaining: DecimalU256,
    paused: bool,
    cancelled: bool,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CampaignsQuery {
    /// EIP-155 chain id filter.
    #[param(inline)]
    chain_id: Option<ChainId>,
    /// Video filter.
    #[param(inline)]
    video_id: Option<Uint256>,
    /// Advertiser filter.
    #[param(inline)]
    advertiser: Option<Address>,
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<IdCursor>,
}

/// Ad campaigns: funding, settled (streamed into the video) and remaining amounts, in
/// (chain_id, campaign_id) order.
#[utoipa::path(get, path = "/v1/campaigns", tag = "dapp", params(CampaignsQuery), responses(
    (status = 200, description = "OK", body = Page<CampaignRow>),
))]
async fn campaigns(
    State(ctx): State<Ctx>,
    q: Result<Query<CampaignsQuery>, QueryRejection>,
) -> ApiResult<Page<CampaignRow>> {
    let q = query(q)?;
    let limit = Limit::or_default(q.limit);
    let rows: Vec<CampaignRow> = Listing::new(
        "SELECT chain_id, campaign_id::text AS campaign_id, video_id::text AS video_id,
                '0x' || encode(advertiser, 'hex') AS advertiser, rate_per_second::text AS rate_per_second, opened_block,
                opened_time, funded::text AS funded, settled::text AS settled, refunded::text AS refunded,
                remaining::text AS remaining, paused, cancelled
         FROM campaign"
            .to_owned(),
    )
    .eq("chain_id", q.chain_id.map(|c| c.0), "")
    .eq("video_id", q.video_id.map(|v| v.0), "::numeric")
    .eq("advertiser", q.advertiser.map(|a| a.0), "")
    .after("campaign_id", q.cursor.map(|c| (c.chain_id, c.id)), "::numeric")
    .fetch("campaign.chain_id, campaign.campaign_id", limit + 1, &ctx.pool)
    .await?;
    page(rows, limit, |c| IdCursor::after(c.chain_id, &c.campaign_id.0))
}

/// An account's revenue from one video.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Revenue)]
struct RevenueRow {
    video_id: DecimalU256,
    /// What AdRevenue would pay the account now.
    claimable: DecimalU256,
    claimed: DecimalU256,
}

/// A page of an account's revenue, by video id.
#[derive(Serialize, ToSchema)]
struct RevenuePage {
    chain_id: i64,
    account: HexAddress,
    videos: Vec<RevenueRow>,
    /// Pass as `cursor` for the next page; null on the last page.
    next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct AccountKey {
    /// EIP-155 chain id.
    #[param(inline)]
    chain_id: ChainId,
    /// The account.
    #[param(inline)]
    address: Address,
}

/// Ad revenue an account can claim now, and has claimed, per video it created, received or claimed
/// from (paged by video id; creator cut, owner revenue and share dividends, computed exactly as
/// AdRevenue does).
#[utoipa::path(get, path = "/v1/accounts/{chain_id}/{address}/revenue", tag = "dapp",
    params(AccountKey, PageQuery<IdCursor>), responses(
    (status = 200, description = "OK", body = RevenuePage),
))]
async fn revenue(
    State(ctx): State<Ctx>,
    p: Result<Path<AccountKey>, PathRejection>,
    q: Result<Query<PageQuery<IdCursor>>, QueryRejection>,
) -> ApiResult<RevenuePage> {
    let q = query(q)?;
    let key = path(p)?;
    let limit = Limit::or_default(q.limit);
    let (chain, account) = (key.chain_id.0, key.address);
    // The cursor is a position in (chain_id, video_id) order, like every other listing's. With the
    // account fixed that is a position in revenue_position's (chain_id, account, video_id) index,
    // and written so, a page starts at the cursor in that index instead of walking up to it.
    let rows: Vec<RevenueRow> = Listing::new(
        "SELECT video_id::text AS video_id, claimable::text AS claimable, claimed::text AS claimed FROM revenue_account"
            .to_owned(),
    )
    .eq("chain_id", Some(chain), "")
    .eq("account", Some(account.0.clone()), "")
    .when(q.cursor, |sql, c| {
        sql.push("(chain_id, account, video_id) > (").push_bind(c.chain_id).push(", ");
        sql.push_bind(account.0.clone()).push(", ").push_bind(c.id).push("::numeric)");
    })
    .fetch("revenue_account.video_id", limit + 1, &ctx.pool)
    .await?;
    let (videos, next_cursor) = paginate(rows, limit, |r| IdCursor::after(chain, &r.video_id.0));
    ok(RevenuePage { chain_id: chain, account: HexAddress(account.hex()), videos, next_cursor })
}

const SLASH_COLUMNS: &str = "chain_id, slash_id::text AS slash_id, '0x' || encode(miner, 'hex') AS miner,
    '0x' || encode(proposer, 'hex') AS proposer, amount::text AS amount, reason, '0x' || encode(evidence_hash, 'hex') AS evidence_hash,
    proposed_block, proposed_time, approvals, '0x' || encode(counter_evidence_hash, 'hex') AS counter_evidence_hash, status,
    executed_amount::text AS executed_amount";

/// A slash proposal against a miner's collateral.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Slash)]
struct SlashRow {
    chain_id: i64,
    slash_id: DecimalU256,
    miner: HexAddress,
    proposer: HexAddress,
    amount: DecimalU256,
    /// 1 non-AI content, 2 illicit content, 3 bot engagement.
    reason: i16,
    evidence_hash: HexBytes32,
    proposed_block: i64,
    proposed_time: Option<i64>,
    approvals: i32,
    counter_evidence_hash: Option<HexBytes32>,
    status: SlashStatus,
    executed_amount: Option<DecimalU256>,
}

/// A miner's collateral.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Position)]
struct PositionRow {
    deposited: DecimalU256,
    unbonding_requested: DecimalU256,
    withdrawn: DecimalU256,
    slashed: DecimalU256,
    /// Bonded now: deposited, less withdrawn and slashed.
    held: DecimalU256,
}

/// A miner's collateral and the slashes against it.
#[derive(Serialize, ToSchema)]
struct CollateralDetail {
    chain_id: i64,
    miner: HexAddress,
    position: PositionRow,
    slashes: Vec<SlashRow>,
    /// Unix time until which a slash executed on another chain froze withdrawals here (null: never
    /// frozen).
    frozen_until: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct MinerKey {
    /// EIP-155 chain id.
    #[param(inline)]
    chain_id: ChainId,
    /// The miner.
    #[param(inline)]
    miner: Address,
}

/// A miner's collateral position and the slashes against it.
#[utoipa::path(get, path = "/v1/collateral/{chain_id}/{miner}", tag = "dapp", params(MinerKey, NoParams), responses(
    (status = 200, description = "OK", body = CollateralDetail),
    (status = 404, description = "No collateral activity for that miner on that chain", body = ErrorBody),
))]
async fn collateral(
    State(ctx): State<Ctx>,
    p: Result<Path<MinerKey>, PathRejection>,
    q: Result<Query<NoParams>, QueryRejection>,
) -> ApiResult<CollateralDetail> {
    query(q)?;
    let key = path(p)?;
    let (chain, miner) = (key.chain_id.0, key.miner);
    let position: Option<PositionRow> = sqlx::query_as(
        "SELECT deposited::text AS deposited, unbonding_requested::text AS unbonding_requested, withdrawn::text AS withdrawn,
                slashed::text AS slashed, held::text AS held
         FROM collateral_position WHERE chain_id = $1 AND miner = $2",
    )
    .bind(chain)
    .bind(&miner.0)
    .fetch_optional(&ctx.pool)
    .await?;
    let frozen_until: Option<i64> =
        sqlx::query_scalar("SELECT max(until) FROM withdrawals_frozen WHERE chain_id = $1 AND miner = $2")
            .bind(chain)
            .bind(&miner.0)
            .fetch_one(&ctx.pool)
            .await?;
    // A miner slashed elsewhere is frozen here before it ever bonds: that is activity too.
    let position = match (position, frozen_until) {
        (Some(p), _) => p,
        (None, Some(_)) => {
            let zero = || DecimalU256("0".into());
            PositionRow {
                deposited: zero(),
                unbonding_requested: zero(),
                withdrawn: zero(),
                slashed: zero(),
                held: zero(),
            }
        }
        (None, None) => {
            return Err(ApiError::not_found(format!("no collateral activity for {} on chain {chain}", miner.hex())));
        }
    };
    let sql = format!("SELECT {SLASH_COLUMNS} FROM slash WHERE chain_id = $1 AND miner = $2 ORDER BY slash.slash_id");
    let slashes: Vec<SlashRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(chain).bind(&miner.0).fetch_all(&ctx.pool).await?;
    ok(CollateralDetail { chain_id: chain, miner: HexAddress(miner.hex()), position, slashes, frozen_until })
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SlashesQuery {
    /// EIP-155 chain id filter.
    #[param(inline)]
    chain_id: Option<ChainId>,
    /// Miner filter.
    #[param(inline)]
    miner: Option<Address>,
    /// Status filter.
    #[param(inline)]
    status: Option<SlashStatus>,
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<IdCursor>,
}

/// Slash proposals and their status, in (chain_id, slash_id) order.
#[utoipa::path(get, path = "/v1/slashes", tag = "dapp", params(SlashesQuery), responses(
    (status = 200, description = "OK", body = Page<SlashRow>),
))]
async fn slashes(State(ctx): State<Ctx>, q: Result<Query<SlashesQuery>, QueryRejection>) -> ApiResult<Page<SlashRow>> {
    let q = query(q)?;
    let limit = Limit::or_default(q.limit);
    let rows: Vec<SlashRow> = Listing::new(format!("SELECT {SLASH_COLUMNS} FROM slash"))
        .eq("chain_id", q.chain_id.map(|c| c.0), "")
        .eq("miner", q.miner.map(|a| a.0), "")
        .eq("status", q.status, "")
        .after("slash_id", q.cursor.map(|c| (c.chain_id, c.id)), "::numeric")
        .fetch("slash.chain_id, slash.slash_id", limit + 1, &ctx.pool)
        .await?;
    page(rows, limit, |s| IdCursor::after(s.chain_id, &s.slash_id.0))
}

/// A validator of MinerCollateral.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = Validator)]
struct ValidatorRow {
    chain_id: i64,
    validator: HexAddress,
    /// Registered now.
    active: bool,
    stake: DecimalU256,
    revenue_claimed: DecimalU256,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ValidatorsQuery {
    /// EIP-155 chain id filter.
    #[param(inline)]
    chain_id: Option<ChainId>,
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<AddressCursor>,
}

/// Validators: membership, stake, site revenue claimed, in (chain_id, address) order.
#[utoipa::path(get, path = "/v1/validators", tag = "dapp", params(ValidatorsQuery), responses(
    (status = 200, description = "OK", body = Page<ValidatorRow>),
))]
async fn validators(
    State(ctx): State<Ctx>,
    q: Result<Query<ValidatorsQuery>, QueryRejection>,
) -> ApiResult<Page<ValidatorRow>> {
    let q = query(q)?;
    let limit = Limit::or_default(q.limit);
    let rows: Vec<ValidatorRow> = Listing::new(
        "SELECT chain_id, '0x' || encode(validator, 'hex') AS validator, active, stake::text AS stake,
                revenue_claimed::text AS revenue_claimed
         FROM validator"
            .to_owned(),
    )
    .eq("chain_id", q.chain_id.map(|c| c.0), "")
    .after("validator", q.cursor.map(|c| (c.chain_id, c.address)), "")
    .fetch("validator.chain_id, validator.validator", limit + 1, &ctx.pool)
    .await?;
    page(rows, limit, |v| AddressCursor::after(v.chain_id, &v.validator.0))
}

/// A cross-chain message's type.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
enum MessageType {
    /// A video's registration from its home chain (reserves its id for its creator).
    VideoRegistered,
    /// A finalized round's result.
    VoteResult,
    /// A video's cumulative revenue on its origin.
    Valuation,
    /// An executed slash (freezes the miner's withdrawals on the destination).
    SlashNotice,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
enum MessageStatus {
    /// Dispatched; no relayer sharing this database has picked it up.
    Dispatched,
    /// Picked up; its dispatch block is not final yet.
    Seen,
    /// Final; collecting attester signatures.
    Final,
    /// Enough signatures gathered; not submitted yet.
    Attested,
    /// A delivery transaction is out.
    Submitted,
    /// The destination's Mailbox consumed it.
    Delivered,
    /// The destination can never take it (`last_error` says why).
    Failed,
}

/// A cross-chain message and its life: dispatched, signed k of n, delivered.
#[derive(Serialize, FromRow, ToSchema)]
#[schema(as = CrossChainMessage)]
struct MessageRow {
    /// The origin chain (= `origin`).
    chain_id: i64,
    origin: i64,
    destination: i64,
    /// Position among the origin's messages to this destination.
    nonce: i64,
    message_type: MessageType,
    message_id: HexBytes32,
    /// The dispatch's place on the origin (block number x 2^20 + log index): the listing's order.
    position: DecimalU256,
    /// Dispatch block on the origin.
    source_block: i64,
    /// Its unix time, when known.
    dispatched_time: Option<i64>,
    status: MessageStatus,
    /// Valid signatures of the destination's current attester set gathered ...
    signatures: i32,
    /// ... of this many attesters.
    attesters: i32,
    /// Delivered events on the destination (a Mailbox consumes an id once: 0 or 1).
    deliveries: i64,
    delivery_block: Option<i64>,
    delivery_tx: Option<HexBytes32>,
    delivered_time: Option<i64>,
    /// The delivery's gas, as the relayer's receipt reported it.
    gas_used: Option<i64>,
    /// Why the last delivery attempt was refused.
    last_error: Option<String>,
    /// From the dispatch block being final to the delivery's inclusion, as the relayer saw it.
    relay_latency_ms: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct MessagesQuery {
    /// One message, by id.
    #[param(inline)]
    id: Option<Hash32>,
    /// Origin chain id filter.
    #[param(inline)]
    origin: Option<ChainId>,
    /// Destination chain id filter.
    #[param(inline)]
    destination: Option<ChainId>,
    /// Type filter.
    #[param(inline, rename = "type")]
    #[serde(rename = "type")]
    kind: Option<MessageType>,
    /// Status filter.
    #[param(inline)]
    status: Option<MessageStatus>,
    #[param(inline)]
    limit: Option<Limit>,
    #[param(inline)]
    cursor: Option<IdCursor>,
}

/// Cross-chain messages, filterable by route, type and status, in dispatch order per origin.
#[utoipa::path(get, path = "/v1/messages", tag = "dapp", params(MessagesQuery), responses(
    (status = 200, description = "OK", body = Page<MessageRow>),
))]
async fn messages(
    State(ctx): State<Ctx>,
    q: Result<Query<MessagesQuery>, QueryRejection>,
) -> ApiResult<Page<MessageRow>> {
    let q = query(q)?;
    let limit = Limit::or_default(q.limit);
    let rows: Vec<MessageRow> = Listing::new(
        "SELECT chain_id, origin, destination, nonce, message_type, '0x' || encode(message_id, 'hex') AS message_id,
                source_block, dispatched_time, status, signatures, attesters, deliveries, delivery_block,
                '0x' || encode(delivery_tx, 'hex') AS delivery_tx, delivered_time, gas_used, last_error,
                relay_latency_ms, position::text AS position
         FROM message"
            .to_owned(),
    )
    .eq("message_id", q.id.map(|h| h.0), "")
    .eq("origin", q.origin.map(|c| c.0), "")
    .eq("destination", q.destination.map(|c| c.0), "")
    .eq("message_type", q.kind, "::text")
    .eq("status", q.status, "::text")
    .after("position", q.cursor.map(|c| (c.chain_id, c.id)), "::numeric")
    .fetch("message.chain_id, message.position", limit + 1, &ctx.pool)
    .await?;
    page(rows, limit, |r| IdCursor::after(r.chain_id, &r.position.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_document_is_the_served_one() {
        assert!(
            openapi() == COMMITTED_OPENAPI,
            "indexer/openapi.json is stale: regenerate it with `cargo run -p tfx-indexer -- openapi > indexer/openapi.json`"
        );
    }

    #[test]
    fn every_parameter_states_its_pattern_or_bounds() {
        let doc: serde_json::Value = serde_json::from_str(openapi()).expect("JSON");
        let mut checked = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for p in item["get"]["parameters"].as_array().into_iter().flatten() {
                let s = &p["schema"];
                let stated = s["pattern"].is_string()
                    || (s["minimum"].is_number() && s["maximum"].is_number())
                    || s["enum"].is_array()
                    || s["$ref"].is_string();
                assert!(stated, "{path} {}: {s}", p["name"]);
                checked += 1;
            }
        }
        assert!(checked > 30, "{checked}");
    }
}

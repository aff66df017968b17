//! The agents' HTTP endpoints: an attester's signatures (`GET /v1/attestations/{id}`), the vote
//! relay's `POST /v1/votes`, `GET /v1/votes/{id}` and `GET /v1/votes?voter=`, and for every agent
//! `/health` and Prometheus `/metrics`.

use crate::attester::{Attestations, signed};
use crate::votes::{NotQueued, VoteQueue};
use alloy::primitives::{Address, B256};
use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use metrics_exporter_prometheus::PrometheusHandle;
use serde_json::json;
use sqlx::PgPool;

#[derive(Clone)]
struct Attester {
    pool: PgPool,
    address: Address,
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// A 32-byte id as a path names it, or why it is not one.
fn parse_id(what: &str, raw: &str) -> Result<B256, String> {
    raw.strip_prefix("0x")
        .filter(|h| h.len() == 64)
        .and_then(|_| raw.parse::<B256>().ok())
        .ok_or_else(|| format!("{what} {raw:?} is not 0x and 64 hex digits"))
}

async fn attestations(State(s): State<Attester>, Path(raw): Path<String>) -> Response {
    let id = match parse_id("message id", &raw) {
        Ok(id) => id,
        Err(message) => return error(StatusCode::BAD_REQUEST, message),
    };
    match signed(&s.pool, id).await {
        Ok(list) if list.is_empty() => {
            error(StatusCode::NOT_FOUND, format!("{id} is not signed (yet) by {}", s.address))
        }
        Ok(list) => {
            Json(Attestations { message_id: id.to_string(), attester: s.address, attestations: list }).into_response()
        }
        Err(e) => {
            tracing::warn!(error = %e, "attestation query failed");
            error(StatusCode::SERVICE_UNAVAILABLE, "database unavailable, retry")
        }
    }
}

fn common(metrics: Option<PrometheusHandle>) -> axum::Router {
    axum::Router::new().route("/health", get(|| async { Json(json!({ "status": "ok" })) })).route(
        "/metrics",
        get(move || {
            let metrics = metrics.clone();
            async move { metrics.map(|m| m.render()).unwrap_or_default() }
        }),
    )
}

/// An attester's endpoints.
pub fn attester_router(pool: PgPool, address: Address, metrics: Option<PrometheusHandle>) -> axum::Router {
    let api =
        axum::Router::new().route("/v1/attestations/{id}", get(attestations)).with_state(Attester { pool, address });
    common(metrics).merge(api)
}

fn unavailable(e: &dyn std::fmt::Display) -> Response {
    tracing::warn!(error = %e, "vote relay unavailable");
    error(StatusCode::SERVICE_UNAVAILABLE, "the vote relay cannot reach its database or chain now, retry")
}

async fn submit_vote(
    State(q): State<VoteQueue>,
    vote: Result<Json<tfx_evm::votes::SignedVote>, JsonRejection>,
) -> Response {
    let vote = match vote {
        Ok(Json(vote)) => vote,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("not a signed vote: {}", e.body_text())),
    };
    match q.accept(vote).await {
        Ok(state) => (StatusCode::ACCEPTED, Json(state)).into_response(),
        Err(e @ NotQueued::UnknownChain(_)) => {
            error(StatusCode::BAD_REQUEST, format!("{e}; relayed chains: {:?}", q.chain_ids()))
        }
        Err(e @ NotQueued::Refused(_)) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        Err(e @ (NotQueued::Replayed(_) | NotQueued::VoterBusy { .. })) => error(StatusCode::CONFLICT, e.to_string()),
        Err(NotQueued::Unavailable(e)) => unavailable(&e),
    }
}

async fn vote_state(State(q): State<VoteQueue>, Path(raw): Path<String>) -> Response {
    let id = match parse_id("vote id", &raw) {
        Ok(id) => id,
        Err(message) => return error(StatusCode::BAD_REQUEST, message),
    };
    match q.state(id).await {
        Ok(Some(state)) => Json(state).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, format!("no vote {id} was handed to this relay")),
        Err(e) => unavailable(&e),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VoterQuery {
    voter: Address,
    #[serde(default = "default_limit")]
    limit: u16,
}

fn default_limit() -> u16 {
    20
}

async fn votes_of(State(q): State<VoteQueue>, query: Result<Query<VoterQuery>, QueryRejection>) -> Response {
    let query = match query {
        Ok(Query(query)) if (1..=100).contains(&query.limit) => query,
        Ok(_) => return error(StatusCode::BAD_REQUEST, "limit must be 1 to 100"),
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("expected ?voter=0x..&limit=N: {}", e.body_text())),
    };
    match q.by_voter(query.voter, i64::from(query.limit)).await {
        Ok(items) => Json(json!({ "items": items })).into_response(),
        Err(e) => unavailable(&e),
    }
}

/// The vote relay's endpoints. A signed vote is a few hundred bytes: larger bodies are refused
/// before they are read. Any origin may call them: a vote carries its voter's signature, so
/// whichever page hands it in can neither forge nor alter it, and dApps on other origins are the
/// point of a public relay.
pub fn vote_router(queue: VoteQueue, metrics: Option<PrometheusHandle>) -> axum::Router {
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
        .allow_headers([axum::http::header::CONTENT_TYPE]);
    let api = axum::Router::new()
        .route("/v1/votes", post(submit_vote).get(votes_of))
        .route("/v1/votes/{id}", get(vote_state))
        .layer(DefaultBodyLimit::max(4096))
        .layer(cors)
        .with_state(queue);
    common(metrics).merge(api)
}

/// The relayer's endpoints.
pub fn relayer_router(metrics: Option<PrometheusHandle>) -> axum::Router {
    common(metrics)
}

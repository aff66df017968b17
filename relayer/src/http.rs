//! The agents' HTTP endpoints: an attester's signatures (`GET /v1/attestations/{id}`), and for
//! both agents `/health` and Prometheus `/metrics`.

use crate::attester::{Attestations, signed};
use alloy::primitives::{Address, B256};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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

async fn attestations(State(s): State<Attester>, Path(raw): Path<String>) -> Response {
    let id = match raw.strip_prefix("0x").filter(|h| h.len() == 64).and_then(|_| raw.parse::<B256>().ok()) {
        Some(id) => id,
        None => return error(StatusCode::BAD_REQUEST, format!("message id {raw:?} is not 0x and 64 hex digits")),
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

/// The relayer's endpoints.
pub fn relayer_router(metrics: Option<PrometheusHandle>) -> axum::Router {
    common(metrics)
}

//! Repeated reads answered from memory until the next commit. A hot round or video is read
//! thousands of times between two commits of its chain, and each read costs the database the same
//! as the first. Entries are keyed by the request and the *generation*, a counter that every
//! commit notification ([`super::live`]) moves: after a commit new requests miss and read the new
//! state, and the old entries age out. Concurrent misses of one key run one query. Entries also
//! expire after [`super::live::FALLBACK`], which bounds how stale an API process on a replica (which
//! gets no notifications) can be.

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of responses kept.
const CAPACITY_BYTES: u64 = 64 << 20;

/// A response as kept.
#[derive(Clone)]
pub(crate) struct Cached {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl IntoResponse for Cached {
    fn into_response(self) -> Response {
        (self.status, self.headers, self.body).into_response()
    }
}

/// The cache and its generation.
#[derive(Clone)]
pub(crate) struct ResponseCache {
    entries: moka::future::Cache<(u64, String), Cached>,
    generation: Arc<AtomicU64>,
}

impl ResponseCache {
    pub(crate) fn new() -> Self {
        let entries = moka::future::Cache::builder()
            .max_capacity(CAPACITY_BYTES)
            .weigher(|(_, uri): &(u64, String), c: &Cached| u32::try_from(uri.len() + c.body.len()).unwrap_or(u32::MAX))
            .time_to_live(super::live::FALLBACK)
            .build();
        Self { entries, generation: Arc::default() }
    }

    /// Something was committed: what was read before may have changed.
    pub(crate) fn advance(&self) {
        self.generation.fetch_add(1, Ordering::Release);
    }
}

/// Which requests are kept: the `/v1` reads, except the chains' sync status (it moves with every
/// head poll, not only with commits) and event streams.
fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET && path.starts_with("/v1/") && path != "/v1/chains" && !path.ends_with("/live")
}

/// The middleware: a hit is answered at once; a miss runs the handler, and a 200 is kept.
pub(crate) async fn layer(State(cache): State<ResponseCache>, request: Request, next: Next) -> Response {
    if !cacheable(&request) {
        return next.run(request).await;
    }
    let key = (cache.generation.load(Ordering::Acquire), request.uri().to_string());
    let hit = std::sync::atomic::AtomicBool::new(true);
    // Anything but a 200 is handed to the caller (and to any that waited on the same key) and not
    // kept.
    let answer = cache
        .entries
        .try_get_with(key, async {
            hit.store(false, Ordering::Relaxed);
            let (parts, body) = next.run(request).await.into_parts();
            // Every response is bounded (pages of at most 100 rows, at most 2,016 preference pairs).
            let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
                let failed = StatusCode::INTERNAL_SERVER_ERROR;
                return Err(Cached { status: failed, headers: HeaderMap::new(), body: Bytes::new() });
            };
            let response = Cached { status: parts.status, headers: parts.headers, body };
            if response.status == StatusCode::OK { Ok(response) } else { Err(response) }
        })
        .await;
    if hit.load(Ordering::Relaxed) && answer.is_ok() {
        metrics::counter!(crate::metrics::API_CACHE_HITS).increment(1);
        metrics::counter!(crate::metrics::API_REQUESTS, "status" => "2xx").increment(1);
    }
    match answer {
        Ok(response) => response.into_response(),
        Err(response) => Cached::clone(&response).into_response(),
    }
}

//! The JSON-RPC front of the local devnets (`solana-devnet`, `polkadot-hub-devnet`): one POST
//! endpoint that answers single and batched JSON-RPC 2.0 calls from a [`Node`], for any origin (as
//! anvil and Agave's RPC do, so the dApp in a browser reads the chains directly), until Ctrl-C.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// A JSON-RPC error: code, message and the node's details.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    /// JSON-RPC error code.
    pub code: i64,
    /// What went wrong.
    pub message: String,
    /// The node's details (a reverted call's data, a refused transaction's error and log).
    pub data: Option<Value>,
}

impl RpcError {
    /// Invalid parameters (-32602).
    pub fn invalid(message: impl Into<String>) -> Self {
        Self { code: -32602, message: message.into(), data: None }
    }

    /// The JSON-RPC error object.
    pub fn to_json(&self) -> Value {
        let mut e = json!({ "code": self.code, "message": self.message });
        if let Some(data) = &self.data {
            e["data"] = data.clone();
        }
        e
    }
}

/// A chain that answers JSON-RPC calls, one at a time.
pub trait Node: Send + 'static {
    /// Answers one call.
    fn handle(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError>;
}

/// Serves `node` on `listen` (printing the address it bound) until Ctrl-C.
pub async fn serve(listen: &str, node: impl Node) -> std::io::Result<()> {
    let node = Arc::new(Mutex::new(node));
    let app = Router::new().route("/", post(rpc)).with_state(node).layer(tower_http::cors::CorsLayer::permissive());
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("Listening on {}", listener.local_addr()?);
    axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.unwrap_or(()) }).await
}

async fn rpc<N: Node>(State(node): State<Arc<Mutex<N>>>, Json(body): Json<Value>) -> Json<Value> {
    let mut node = node.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Json(match body {
        Value::Array(calls) => Value::Array(calls.iter().map(|c| answer(&mut *node, c)).collect()),
        call => answer(&mut *node, &call),
    })
}

/// The response object to one call.
pub fn answer(node: &mut impl Node, call: &Value) -> Value {
    let id = call.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = call.get("method").and_then(Value::as_str) else {
        return json!({ "jsonrpc": "2.0", "id": id, "error": { "code": -32600, "message": "no method" } });
    };
    let params = call.get("params").and_then(Value::as_array).cloned().unwrap_or_default();
    match node.handle(method, &params) {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(e) => json!({ "jsonrpc": "2.0", "id": id, "error": e.to_json() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;

    impl Node for Echo {
        fn handle(&mut self, method: &str, params: &[Value]) -> Result<Value, RpcError> {
            match method {
                "echo" => Ok(json!(params)),
                _ => Err(RpcError { code: -32601, message: format!("method {method} is not served"), data: None }),
            }
        }
    }

    #[test]
    fn answers_results_errors_and_calls_without_a_method() {
        let ok = answer(&mut Echo, &json!({ "jsonrpc": "2.0", "id": 7, "method": "echo", "params": [1] }));
        assert_eq!(ok, json!({ "jsonrpc": "2.0", "id": 7, "result": [1] }));
        let unknown = answer(&mut Echo, &json!({ "id": "a", "method": "nope" }));
        assert_eq!(unknown["error"]["code"], -32601);
        assert_eq!(unknown["id"], "a");
        let bad = answer(&mut Echo, &json!({ "id": 1 }));
        assert_eq!(bad["error"]["code"], -32600);
    }
}

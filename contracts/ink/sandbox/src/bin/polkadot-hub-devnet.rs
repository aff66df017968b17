//! `polkadot-hub-devnet`: a local Polkadot Hub (pallet-revive) behind the Ethereum JSON-RPC, for
//! `cargo xtask up`, the deployer and the indexer, as anvil serves the EVM chains.

use axum::{Json, Router, extract::State, routing::post};
use clap::Parser;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tfx_ink_sandbox::rpc::Devnet;

#[derive(Parser)]
#[command(about = "A local Polkadot Hub (pallet-revive) serving the Ethereum JSON-RPC")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:9944")]
    listen: String,
    /// Chain id the RPC reports and transactions must be signed for.
    #[arg(long, default_value_t = 420_420_420)]
    chain_id: u64,
    /// Accounts funded at genesis (repeat the flag).
    #[arg(long = "fund")]
    funded: Vec<alloy_primitives::Address>,
}

type Shared = Arc<Mutex<Devnet>>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let devnet: Shared = Arc::new(Mutex::new(Devnet::new(args.chain_id, &args.funded)));
    // Any origin, as anvil answers by default: the dApp in a browser reads the chain directly.
    let cors = tower_http::cors::CorsLayer::permissive();
    let app = Router::new().route("/", post(rpc)).with_state(devnet).layer(cors);
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    println!("Listening on {}", listener.local_addr()?);
    axum::serve(listener, app).with_graceful_shutdown(async { tokio::signal::ctrl_c().await.unwrap_or(()) }).await
}

async fn rpc(State(devnet): State<Shared>, Json(body): Json<Value>) -> Json<Value> {
    let mut devnet = devnet.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    Json(match body {
        Value::Array(calls) => Value::Array(calls.iter().map(|c| answer(&mut devnet, c)).collect()),
        call => answer(&mut devnet, &call),
    })
}

fn answer(devnet: &mut Devnet, call: &Value) -> Value {
    let id = call.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = call.get("method").and_then(Value::as_str) else {
        return json!({ "jsonrpc": "2.0", "id": id, "error": { "code": -32600, "message": "no method" } });
    };
    let params = call.get("params").and_then(Value::as_array).cloned().unwrap_or_default();
    match devnet.handle(method, &params) {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(e) => json!({ "jsonrpc": "2.0", "id": id, "error": e.to_json() }),
    }
}

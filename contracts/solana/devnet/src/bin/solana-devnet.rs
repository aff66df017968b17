//! `solana-devnet`: a local Solana cluster with the TensorFlix programs, behind Solana's JSON-RPC,
//! for `cargo xtask up`, the deployer, `flix` and the indexer, as anvil serves the EVM chains.

use axum::{Json, Router, extract::State, routing::post};
use clap::Parser;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tfx_solana_devnet::Devnet;

#[derive(Parser)]
#[command(about = "A local Solana cluster (Agave's SVM) with the TensorFlix programs, serving Solana's JSON-RPC")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8899")]
    listen: String,
}

type Shared = Arc<Mutex<Devnet>>;

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let devnet: Shared = Arc::new(Mutex::new(Devnet::new()));
    // One thread: the programs reach the runtime through syscall stubs that keep the running
    // instruction in a thread-local.
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(serve(args, devnet))
}

async fn serve(args: Args, devnet: Shared) -> std::io::Result<()> {
    // Any origin, as Agave's RPC answers: the dApp in a browser reads the cluster directly.
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

//! `flix`: the TensorFlix command line for every user of the chain layer: creators, voters,
//! organizers, advertisers, share holders, miners and validators.
//!
//! Addresses come from `deployments/<chain>.json` (written by `tfx-deploy`); the RPC URL from
//! `--rpc`, else `TFX_RPC_URL`, else the chain's network file. Keys come from an environment
//! variable or a keystore, never from an argument. Amounts are in the token's smallest unit.

mod commands;
mod context;

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    let json = cli.global.json;
    match commands::run(cli).await {
        Ok(out) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else if let serde_json::Value::Object(map) = out {
                for (k, v) in map {
                    match v {
                        serde_json::Value::String(s) => println!("{k}: {s}"),
                        other => println!("{k}: {other}"),
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

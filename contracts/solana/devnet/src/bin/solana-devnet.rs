//! `solana-devnet`: a local Solana cluster with the TensorFlix programs, behind Solana's JSON-RPC,
//! for `cargo xtask up`, the deployer, `flix` and the indexer, as anvil serves the EVM chains.

use clap::Parser;
use tfx_solana_devnet::Devnet;

#[derive(Parser)]
#[command(about = "A local Solana cluster (Agave's SVM) with the TensorFlix programs, serving Solana's JSON-RPC")]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8899")]
    listen: String,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    // One thread: the programs reach the runtime through syscall stubs that keep the running
    // instruction in a thread-local.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(tfx_devnet_rpc::serve(&args.listen, Devnet::new()))
}

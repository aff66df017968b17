//! `polkadot-hub-devnet`: a local Polkadot Hub (pallet-revive) behind the Ethereum JSON-RPC, for
//! `cargo xtask up`, the deployer and the indexer, as anvil serves the EVM chains.

use clap::Parser;
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

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    tfx_devnet_rpc::serve(&args.listen, Devnet::new(args.chain_id, &args.funded)).await
}

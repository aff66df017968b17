//! `cargo xtask <task>`: the project's developer tasks, so that no task runner needs installing.
//!
//! Every task installs what it needs first: the pinned npm toolchain (Foundry, solc-js, OpenZeppelin)
//! into `node_modules/`, and Node.js from Debian when the machine has none.

mod bench;
mod bench_api;
mod bench_indexer;
mod devnet;
mod flood;
mod ink;
mod tasks;
mod tools;
mod web;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "TensorFlix developer tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Run a local devnet (Avalanche + Ethereum anvil chains, a local Polkadot Hub), deploy the suites, run
    /// the demo, keep running.
    Up {
        /// Skip the demo scenario.
        #[arg(long)]
        no_demo: bool,
        /// Stop after the demo instead of waiting for Ctrl-C.
        #[arg(long)]
        exit_after_demo: bool,
    },
    /// Run every test: forge (unit, fuzz, invariant, gas snapshot), ABI freshness, Rust unit and e2e tests.
    Test,
    /// Regenerate the committed interface artifacts: the EVM ABIs in abi/evm and the Solana IDLs in
    /// abi/solana (or only check them with --check).
    Abi {
        /// Fail if the committed artifacts differ from what the sources compile to.
        #[arg(long)]
        check: bool,
    },
    /// Build the ink! contracts with cargo-contract into abi/ink and record the build in
    /// abi/ink/manifest.json (or only check them with --check).
    Ink {
        /// Fail on a stale or hand-edited artifact; builds only when an input changed since the
        /// recorded build.
        #[arg(long)]
        check: bool,
        /// With --check: rebuild and compare even when no input changed.
        #[arg(long, requires = "check")]
        rebuild: bool,
    },
    /// Type-check and bundle the dApp (web/) into web/dist.
    Web,
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        which: Bench,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// Gas of every user action (receipt gasUsed) into bench/results/gas.json.
    Gas,
    /// Indexer backfill throughput, COPY ceiling and live lag into bench/results/indexer.json.
    Indexer {
        /// Events to generate and backfill.
        #[arg(long, default_value_t = 1_000_000)]
        events: u64,
        /// Blocks mined one at a time to measure live lag.
        #[arg(long, default_value_t = 300)]
        live_blocks: u64,
    },
    /// Cross-chain delivery latency after finality and delivery gas into bench/results/relayer.json.
    Relayer {
        /// Messages per route (two routes).
        #[arg(long, default_value_t = 20)]
        messages: u64,
    },
    /// Query API latency under a fixed request rate (oha) while a backfill writes, into
    /// bench/results/api.json.
    Api {
        /// Votes in the hot round.
        #[arg(long, default_value_t = 1_000_000)]
        votes: u64,
        /// Requests per second offered to each endpoint.
        #[arg(long, default_value_t = 2_000)]
        rate: u64,
        /// Seconds of load per endpoint.
        #[arg(long, default_value_t = 30)]
        seconds: u64,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = tools::workspace_root();
    std::env::set_current_dir(&root)?;
    match cli.task {
        Task::Up { no_demo, exit_after_demo } => devnet::up(&root, !no_demo, exit_after_demo),
        Task::Test => tasks::test(&root),
        Task::Abi { check } => tasks::abi(&root, check),
        Task::Web => web::build(&root).map(|dist| println!("web: built {}", dist.display())),
        Task::Ink { check: false, .. } => ink::write(&root),
        Task::Ink { check: true, rebuild } => ink::check(&root, rebuild),
        Task::Bench { which: Bench::Gas } => tasks::bench_gas(&root),
        Task::Bench { which: Bench::Relayer { messages } } => tasks::bench_relayer(&root, messages),
        Task::Bench { which: Bench::Indexer { events, live_blocks } } => {
            bench_indexer::indexer_bench(&root, events, live_blocks)
        }
        Task::Bench { which: Bench::Api { votes, rate, seconds } } => bench_api::api_bench(&root, votes, rate, seconds),
    }
}

//! The user commands, grouped by role.

mod solana;

use crate::context::{Context, Global};
use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tfx_abi::evm::{AdRevenue, TestStablecoin};
use tfx_evm::alloy::primitives::{Address, B256, Bytes, U256, keccak256};
use tfx_evm::alloy::providers::Provider;
use tfx_evm::alloy::rpc::types::TransactionReceipt;
use tfx_evm::alloy::signers::SignerSync;
use tfx_evm::alloy::sol_types::SolValue;
use tfx_evm::votes::{SignedVote, VoteRelay};
use tfx_evm::{read, send};

/// TensorFlix command line.
#[derive(Parser, Debug)]
#[command(name = "flix", version, about)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Creators: mint and fractionalize videos.
    #[command(subcommand)]
    Video(Video),
    /// Organizers: create, finalize and inspect voting rounds.
    #[command(subcommand)]
    Round(Round),
    /// Voters and relayers: cast, sign and relay votes.
    #[command(subcommand)]
    Vote(Vote),
    /// Advertisers: fund per-second ad streams to videos.
    #[command(subcommand)]
    Ad(Ad),
    /// Creators and share holders: claim and inspect revenue.
    #[command(subcommand)]
    Revenue(Revenue),
    /// Miners and validators: collateral, slashing, site revenue.
    #[command(subcommand)]
    Collateral(Collateral),
    /// Anyone: publish a fact of this chain to another chain through the Mailbox.
    #[command(subcommand)]
    Message(Message),
    /// Devnet stablecoin faucet: TestStablecoin, or on Solana the devnet's stablecoin mint, whose
    /// authority (the deployer's keypair) must sign.
    Faucet {
        /// Amount in the smallest unit (tUSD has 6 decimals).
        #[arg(long)]
        amount: u128,
        /// Recipient (default: you): a 0x address, or base 58 on Solana.
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum Message {
    /// Register a video minted here (its home chain) on another chain: its id is reserved there
    /// for its creator.
    RegisterVideo {
        /// Video id (content hash).
        #[arg(long)]
        video: B256,
        /// Destination chain name (its record in the deployments directory).
        #[arg(long)]
        to: String,
    },
    /// Mirror a finalized round's result to another chain.
    VoteResult {
        /// Round id.
        #[arg(long)]
        round: u64,
        /// Destination chain name.
        #[arg(long)]
        to: String,
    },
    /// Send a video's cumulative revenue here to another chain (when the router's policy says it
    /// is due: grown by the step, or grown at all after the interval).
    Valuation {
        /// Video id.
        #[arg(long)]
        video: B256,
        /// Destination chain name.
        #[arg(long)]
        to: String,
    },
    /// Send an executed slash to another chain, freezing the miner's withdrawals there.
    Slash {
        /// Slash id.
        #[arg(long)]
        slash: u64,
        /// Destination chain name.
        #[arg(long)]
        to: String,
    },
    /// Messages sent from this chain, newest first page, from the indexer API.
    List {
        /// Only those to this chain.
        #[arg(long)]
        to: Option<String>,
        /// Only those in this status (dispatched, seen, final, attested, submitted, delivered, failed).
        #[arg(long)]
        status: Option<String>,
    },
    /// One message's life: dispatch, signatures k of n, delivery, latency.
    Show {
        /// Message id.
        #[arg(long)]
        id: B256,
    },
}

#[derive(Subcommand, Debug)]
enum Video {
    /// Mint a video NFT; its id is the content hash. Commits first, waits out VideoNft's minimum
    /// commitment age, then reveals (re-running after an interruption reuses the commitment).
    Mint {
        /// Content hash (0x + 64 hex) or a video file to hash with keccak256.
        #[arg(long)]
        content: String,
        /// Stream/playback id (e.g. Livepeer playbackId).
        #[arg(long)]
        playback_id: String,
        /// Royalty in basis points (max 2500).
        #[arg(long, default_value_t = 500)]
        royalty_bps: u16,
    },
    /// Lock a video you own and receive `supply` transferable shares (ERC-1155 id = video id).
    Fractionalize {
        #[arg(long)]
        video: B256,
        #[arg(long)]
        supply: u128,
    },
    /// Transfer a video NFT you own (AdRevenue settles its streams to you first).
    Transfer {
        #[arg(long)]
        video: B256,
        /// The new owner: a 0x address, or base 58 on Solana.
        #[arg(long)]
        to: String,
    },
    /// Transfer shares of a video.
    TransferShares {
        #[arg(long)]
        video: B256,
        /// The receiver: a 0x address, or base 58 on Solana.
        #[arg(long)]
        to: String,
        #[arg(long)]
        amount: u128,
    },
    /// Burn the whole share supply of a video you hold entirely and take the video back.
    Redeem {
        #[arg(long)]
        video: B256,
    },
    /// Show a video: creator, owner, playback id, share supply, valuation; where the chain has a
    /// cross-chain layer, also its home chain (for a twin) and its global valuation.
    Show {
        #[arg(long)]
        video: B256,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Mode {
    /// One account, one vote.
    OneAccountOneVote,
    /// Weighted by stake-token voting power at the round's start.
    StakeWeighted,
}

#[derive(Subcommand, Debug)]
enum Round {
    /// Create a round over candidates (video ids or prompt hashes, 0x + 64 hex).
    Create {
        #[arg(long, value_delimiter = ',', required = true)]
        candidates: Vec<B256>,
        /// Seconds from now until voting opens.
        #[arg(long, default_value_t = 0)]
        start_in: u64,
        /// Voting duration in seconds.
        #[arg(long)]
        duration: u64,
        #[arg(long, value_enum, default_value = "one-account-one-vote")]
        mode: Mode,
    },
    /// Close a round after its end and record the winner.
    Finalize {
        #[arg(long)]
        round: u64,
    },
    /// Write a finalized round's preference data (JSON Lines from the indexer API: every pair of
    /// candidates where one drew more weight, with weights, content hashes and playback ids), for
    /// fine-tuning on the community's votes.
    Export {
        #[arg(long)]
        round: u64,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Show a round with its live or final tallies, or with `--origin` the result of a round of
    /// another chain as mirrored here.
    Show {
        #[arg(long)]
        round: u64,
        /// The chain the round ran on (its name in the deployments directory).
        #[arg(long)]
        origin: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum Vote {
    /// Vote directly from your account.
    Cast {
        #[arg(long)]
        round: u64,
        /// Candidate index within the round.
        #[arg(long)]
        candidate: u32,
    },
    /// Sign a vote offline for a relayer; prints the signed vote as JSON. EVM chains: an EIP-712
    /// signature. Solana: the vote's transaction with the relayer as its fee payer, signed by you,
    /// valid while its blockhash is recent (about a minute).
    Sign {
        #[arg(long)]
        round: u64,
        #[arg(long)]
        candidate: u32,
        /// EVM: any number you have not invalidated; the round id when omitted. Withdraw the signed
        /// vote before it is relayed with `vote cancel --nonce N`.
        #[arg(long)]
        nonce: Option<u64>,
        /// EVM: validity in seconds from now (default a day).
        #[arg(long)]
        valid_for: Option<u64>,
        /// Solana: the relayer that will pay the fee (base 58).
        #[arg(long)]
        relayer: Option<String>,
    },
    /// Invalidate one of your nonces: signed votes carrying it can no longer be cast.
    Cancel {
        #[arg(long)]
        nonce: u64,
    },
    /// Submit signed votes (JSON files from `vote sign`, one vote or an array each) in batches;
    /// entries that would revert are reported and left out, and entries the batch skipped on chain
    /// (front-run meanwhile) are reported with their error. On Solana each vote is its voter's own
    /// transaction: checked to be only a vote this relayer pays for, then co-signed and sent.
    Relay {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// EVM: votes per transaction.
        #[arg(long, default_value_t = 100)]
        batch_size: usize,
    },
}

#[derive(Subcommand, Debug)]
enum Ad {
    /// Open a campaign streaming `rate` per second to a video from `deposit` (approves as needed).
    Open {
        #[arg(long)]
        video: B256,
        #[arg(long)]
        rate: u128,
        #[arg(long)]
        deposit: u128,
    },
    /// Add to a campaign's deposit.
    TopUp {
        #[arg(long)]
        campaign: u64,
        #[arg(long)]
        amount: u128,
    },
    /// Pause or resume a campaign.
    Pause {
        #[arg(long)]
        campaign: u64,
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        paused: bool,
    },
    /// Cancel a campaign; the unstreamed remainder is refunded.
    Cancel {
        #[arg(long)]
        campaign: u64,
    },
    /// Distribute what a campaign has streamed so far (anyone may).
    Settle {
        #[arg(long)]
        campaign: u64,
    },
}

#[derive(Subcommand, Debug)]
enum Revenue {
    /// Claim everything a video owes you.
    Claim {
        #[arg(long)]
        video: B256,
    },
    /// Show a video's valuation and an account's claimable revenue.
    Show {
        #[arg(long)]
        video: B256,
        /// Account (default: you): a 0x address, or base 58 on Solana.
        #[arg(long)]
        account: Option<String>,
    },
}

/// Why a miner is slashed, numbered as the contracts' `SlashReason` (0 is no reason).
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Reason {
    NonAiContent = 1,
    IllicitContent = 2,
    BotEngagement = 3,
}

#[derive(Subcommand, Debug)]
enum Collateral {
    /// Bond collateral as a miner (approves the ERC-20 as needed).
    Deposit {
        #[arg(long)]
        amount: u128,
    },
    /// With --amount: start unbonding that much. Without: withdraw what has finished unbonding.
    Withdraw {
        #[arg(long)]
        amount: Option<u128>,
    },
    /// Validators: propose slashing a miner with an evidence hash (0x + 64 hex).
    ProposeSlash {
        /// The miner: a 0x address, or base 58 on Solana.
        #[arg(long)]
        miner: String,
        #[arg(long)]
        amount: u128,
        #[arg(long, value_enum)]
        reason: Reason,
        #[arg(long)]
        evidence: B256,
    },
    /// Validators: approve a slash proposal.
    Approve {
        #[arg(long)]
        slash: u64,
    },
    /// Miners: dispute a slash within the dispute window.
    Dispute {
        #[arg(long)]
        slash: u64,
        #[arg(long)]
        evidence: B256,
    },
    /// Execute an approved slash after its dispute window (anyone may).
    Execute {
        #[arg(long)]
        slash: u64,
    },
    /// Show a miner's bond (default: you) or a slash proposal.
    Show {
        /// The miner: a 0x address, or base 58 on Solana.
        #[arg(long)]
        miner: Option<String>,
        #[arg(long, conflicts_with = "miner")]
        slash: Option<u64>,
    },
}

fn tx(receipt: &TransactionReceipt) -> Value {
    json!({ "tx": receipt.transaction_hash.to_string(), "block": receipt.block_number, "gas_used": receipt.gas_used })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Value::Object(a), Value::Object(b)) = (&mut a, b) {
        a.extend(b);
    }
    a
}

/// A `0x` hash as given, or the keccak-256 of a file read in chunks: a video of several GB never
/// sits in memory (the web page hashes the same way, and gets the same hash).
fn content_hash(content: &str) -> Result<B256> {
    use std::io::Read;
    if let Ok(h) = content.parse::<B256>() {
        return Ok(h);
    }
    let unreadable = || format!("--content {content:?} is neither a 0x hash nor a readable file");
    let mut file = std::fs::File::open(content).with_context(unreadable)?;
    let mut hasher = tfx_evm::alloy::primitives::Keccak256::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        match file.read(&mut chunk).with_context(unreadable)? {
            0 => return Ok(hasher.finalize()),
            n => hasher.update(&chunk[..n]),
        }
    }
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Runs a command and returns what it reports.
pub(crate) async fn run(cli: Cli) -> Result<Value> {
    let ctx = Context::load(cli.global)?;
    if ctx.deployment.suite == tfx_core::ContractSuite::Anchor {
        return solana::run(&ctx, cli.command).await;
    }
    match cli.command {
        Command::Video(c) => video(&ctx, c).await,
        Command::Round(c) => round(&ctx, c).await,
        Command::Vote(c) => vote(&ctx, c).await,
        Command::Ad(c) => ad(&ctx, c).await,
        Command::Revenue(c) => revenue(&ctx, c).await,
        Command::Collateral(c) => collateral(&ctx, c).await,
        Command::Message(c) => message(&ctx, c).await,
        Command::Faucet { amount, to } => {
            let to = to.map(|t| evm_address("--to", &t)).transpose()?;
            let (s, me) = ctx.connect(true).await?;
            let to = to.unwrap_or(me);
            let coin = s.stablecoin.as_ref().with_context(|| {
                format!("{} has no stablecoin: its ads and collateral use the native coin", ctx.deployment.chain)
            })?;
            let r = send("faucet", coin.faucet(to, U256::from(amount))).await?;
            Ok(merge(json!({ "to": to.to_string(), "amount": amount.to_string() }), tx(&r)))
        }
    }
}

async fn video(ctx: &Context, c: Video) -> Result<Value> {
    match c {
        Video::Mint { content, playback_id, royalty_bps } => {
            let hash = content_hash(&content)?;
            let (s, me) = ctx.connect(true).await?;
            let mut out = json!({ "video": hash.to_string(), "playback_id": playback_id });
            // A simulation catches what no commitment can fix (already minted, bad playback id or
            // royalty, reserved for someone else) before anything is sent.
            let probe = s.videos.mint(hash, playback_id.clone(), royalty_bps, B256::ZERO);
            if let Err(e) = probe.call().await {
                let reason = tfx_evm::describe_revert(&e);
                if !reason.starts_with("VideoNftUnknownCommitment") {
                    bail!("mint: {reason}");
                }
            }
            let salt = if read("reservationOf", s.videos.reservationOf(hash.into())).await? == me {
                out["reserved"] = true.into();
                B256::ZERO
            } else {
                let (salt, commit) = commit_mint(ctx, &s, me, hash).await?;
                out["commit_tx"] = commit;
                salt
            };
            let r = reveal_mint(&s, hash, &playback_id, royalty_bps, salt).await?;
            Ok(merge(out, tx(&r)))
        }
        Video::Fractionalize { video, supply } => {
            let (s, me) = ctx.connect(true).await?;
            let data: Bytes = U256::from(supply).abi_encode().into();
            let call = s.videos.safeTransferFrom_1(me, *s.shares.address(), video.into(), data);
            let r = send("fractionalize", call).await?;
            Ok(merge(json!({ "video": video.to_string(), "supply": supply.to_string() }), tx(&r)))
        }
        Video::Transfer { video, to } => {
            let to = evm_address("--to", &to)?;
            let (s, me) = ctx.connect(true).await?;
            let r = send("transfer", s.videos.transferFrom(me, to, video.into())).await?;
            Ok(merge(json!({ "video": video.to_string(), "to": to.to_string() }), tx(&r)))
        }
        Video::TransferShares { video, to, amount } => {
            let to = evm_address("--to", &to)?;
            let (s, me) = ctx.connect(true).await?;
            let call = s.shares.safeTransferFrom(me, to, video.into(), U256::from(amount), Bytes::new());
            let r = send("transfer shares", call).await?;
            Ok(merge(json!({ "video": video.to_string(), "to": to.to_string(), "amount": amount.to_string() }), tx(&r)))
        }
        Video::Redeem { video } => {
            let (s, me) = ctx.connect(true).await?;
            let r = send("redeem", s.shares.redeem(video.into())).await?;
            Ok(merge(json!({ "video": video.to_string(), "owner": me.to_string() }), tx(&r)))
        }
        Video::Show { video } => {
            let (s, _) = ctx.connect(false).await?;
            let id: U256 = video.into();
            let v = read(&format!("video {video}"), s.videos.videoOf(id)).await?;
            let supply = read("totalSupply", s.shares.totalSupply(id)).await?;
            let valuation = read("cumulativeRevenue", s.ads.cumulativeRevenue(id)).await?;
            let mut out = json!({
                "video": video.to_string(), "creator": v.creator.to_string(), "owner": v.owner.to_string(),
                "playback_id": v.playbackId, "royalty_bps": v.royaltyBps, "minted_at": v.mintedAt.to_string(),
                "share_supply": supply.to_string(), "valuation": valuation.to_string(),
            });
            if let Some(router) = &s.router {
                let reg = read("registrationOf", router.registrationOf(id)).await?;
                if reg.homeChain != 0 {
                    out["home_chain"] = reg.homeChain.into();
                    out["registered_creator"] = reg.creator.to_string().into();
                }
                let g = read("globalValuation", router.globalValuation(id)).await?;
                out["global_valuation"] = json!({
                    "total": g.total.to_string(),
                    "chains": std::iter::once(json!({ "chain_id": ctx.deployment.chain_id, "cumulative_revenue": g.local.to_string() }))
                        .chain(g.remote.iter().map(|r| json!({
                            "chain_id": r.chain, "cumulative_revenue": r.cumulativeRevenue.to_string(),
                            "source_block": r.sourceBlock,
                        })))
                        .collect::<Vec<_>>(),
                });
            }
            Ok(out)
        }
    }
}

/// Records the mint commitment unless it is already live, and waits until it may be revealed. The
/// salt is derived from the creator's key and the content hash: secret, and the same on a re-run.
async fn commit_mint(ctx: &Context, s: &tfx_evm::Suite, me: Address, hash: B256) -> Result<(B256, Value)> {
    let signer = ctx.signer()?;
    let seed = keccak256([b"tensorflix mint salt".as_slice(), hash.as_slice()].concat());
    let salt = keccak256(signer.sign_hash_sync(&seed)?.as_bytes());
    let commitment = keccak256((me, salt, keccak256(hash.abi_encode())).abi_encode());
    let min_age: u64 = read("commitMinAge", s.videos.commitMinAge()).await?.to();
    let max_age: u64 = read("commitMaxAge", s.videos.commitMaxAge()).await?.to();
    let mut at: u64 = read("commitmentTime", s.videos.commitmentTime(commitment)).await?.to();
    let mut commit = Value::Null;
    if at == 0 || chain_time(s).await? > at + max_age {
        let r = send("commit mint", s.videos.commitMint(commitment)).await?;
        commit = tx(&r);
        at = read("commitmentTime", s.videos.commitmentTime(commitment)).await?.to();
    }
    // The commit block is at most the head, so this waits at most the minimum age.
    let wait = (at + min_age).saturating_sub(chain_time(s).await?);
    if wait > 0 {
        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    }
    Ok((salt, commit))
}

/// The head block's time: the chain's clock, which on a devnet may run ahead of this machine's
/// (`evm_increaseTime`).
async fn chain_time(s: &tfx_evm::Suite) -> Result<u64> {
    let head = s.videos.provider().get_block_by_number(Default::default()).await?.context("no head block")?;
    Ok(head.header.timestamp)
}

/// Sends the mint, retrying for a while if the chain's clock has not reached the reveal time the
/// wall clock already has (a block is stamped when it is mined).
async fn reveal_mint(
    s: &tfx_evm::Suite,
    hash: B256,
    playback_id: &str,
    royalty_bps: u16,
    salt: B256,
) -> Result<TransactionReceipt> {
    let mut tries = 0;
    loop {
        match send("mint", s.videos.mint(hash, playback_id.to_string(), royalty_bps, salt)).await {
            Err(e) if tries < 120 && e.to_string().contains("VideoNftCommitmentTooNew") => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
            r => return Ok(r?),
        }
    }
}

async fn round(ctx: &Context, c: Round) -> Result<Value> {
    match c {
        Round::Create { candidates, start_in, duration, mode } => {
            if duration == 0 {
                bail!("--duration must be > 0");
            }
            let (s, _) = ctx.connect(true).await?;
            let start = chain_time(&s).await?.max(now()) + start_in;
            let mode = match mode {
                Mode::OneAccountOneVote => 0u8,
                Mode::StakeWeighted => 1u8,
            };
            let call = s.tally.createRound(candidates.clone(), to_u40(start)?, to_u40(start + duration)?, mode);
            let r = send("create round", call).await?;
            let id = read("roundCount", s.tally.roundCount()).await?;
            Ok(merge(
                json!({ "round": id.to_string(), "start": start, "end": start + duration, "candidates": candidates.len() }),
                tx(&r),
            ))
        }
        Round::Finalize { round } => {
            let (s, _) = ctx.connect(true).await?;
            let r = send("finalize", s.tally.finalize(U256::from(round))).await?;
            let info = read("round", s.tally.round(U256::from(round))).await?;
            Ok(merge(json!({ "round": round, "winner": winner(info.winner) }), tx(&r)))
        }
        Round::Export { round, out } => {
            let path = format!("/v1/rounds/{}/{round}/preferences", ctx.deployment.chain_id);
            let jsonl = ctx.api_text(&path).await?;
            std::fs::write(&out, &jsonl).with_context(|| format!("writing {}", out.display()))?;
            Ok(json!({ "round": round, "pairs": jsonl.lines().count(), "out": out.display().to_string() }))
        }
        Round::Show { round, origin: Some(origin) } => {
            let (s, _) = ctx.connect(false).await?;
            let router = s.router.as_ref().with_context(|| format!("{} has no StudioRouter", ctx.deployment.chain))?;
            let chain = ctx.chain_id_of(&origin)?;
            let r = read("remoteRound", router.remoteRound(chain, U256::from(round))).await?;
            Ok(json!({
                "round": round, "origin": chain, "received": r.sourceBlock != 0, "winner": winner(r.winner),
                "tallies_hash": r.talliesHash.to_string(), "total_weight": r.totalWeight.to_string(),
                "source_block": r.sourceBlock,
            }))
        }
        Round::Show { round, origin: None } => {
            let (s, _) = ctx.connect(false).await?;
            let id = U256::from(round);
            let info = read(&format!("round {round}"), s.tally.round(id)).await?;
            let candidates = read("candidates", s.tally.candidates(id)).await?;
            let tallies = read("tallies", s.tally.tallies(id)).await?;
            Ok(json!({
                "round": round, "start": info.start.to_string(), "end": info.end.to_string(),
                "mode": if info.mode == 0 { "one-account-one-vote" } else { "stake-weighted" },
                "finalized": info.finalized, "winner": winner(info.winner),
                "candidates": candidates.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                "tallies": tallies.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
            }))
        }
    }
}

fn winner(w: u32) -> Value {
    if w == u32::MAX { Value::Null } else { json!(w) }
}

fn to_u40(v: u64) -> Result<tfx_evm::alloy::primitives::aliases::U40> {
    tfx_evm::alloy::primitives::aliases::U40::try_from(v).context("time does not fit 40 bits")
}

async fn vote(ctx: &Context, c: Vote) -> Result<Value> {
    match c {
        Vote::Cast { round, candidate } => {
            let (s, me) = ctx.connect(true).await?;
            let r = send("vote", s.tally.vote(U256::from(round), candidate)).await?;
            Ok(merge(json!({ "round": round, "candidate": candidate, "voter": me.to_string() }), tx(&r)))
        }
        Vote::Sign { round, candidate, nonce, valid_for, relayer } => {
            if relayer.is_some() {
                bail!("--relayer applies to Solana: an EVM chain's signed vote names no relayer, anyone may relay it");
            }
            let domain = (ctx.deployment.chain_id, ctx.address("VoteTally")?);
            let v = SignedVote::sign(
                &ctx.signer()?,
                domain,
                (round, candidate),
                nonce.unwrap_or(round),
                now() + valid_for.unwrap_or(86_400),
            )?;
            Ok(serde_json::to_value(v)?)
        }
        Vote::Cancel { nonce } => {
            let (s, me) = ctx.connect(true).await?;
            let r = send(
                "invalidate nonce",
                s.tally.invalidateNonces(U256::from(nonce >> 8), U256::from(1) << (nonce & 0xff)),
            )
            .await?;
            Ok(merge(json!({ "voter": me.to_string(), "nonce": nonce, "cancelled": true }), tx(&r)))
        }
        Vote::Relay { files, batch_size } => relay(ctx, files, batch_size.clamp(1, 200)).await,
    }
}

/// The signed votes in `files` (`vote sign`'s output: one vote or an array each), with the file
/// each came from.
fn signed_votes(files: &[PathBuf]) -> Result<Vec<(&Path, Value)>> {
    let mut votes = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        let parsed: Value = serde_json::from_str(&text).with_context(|| format!("{}: not JSON", f.display()))?;
        let items = if let Value::Array(a) = parsed { a } else { vec![parsed] };
        votes.extend(items.into_iter().map(|item| (f.as_path(), item)));
    }
    Ok(votes)
}

async fn relay(ctx: &Context, files: Vec<PathBuf>, batch_size: usize) -> Result<Value> {
    let votes = signed_votes(&files)?
        .into_iter()
        .map(|(f, item)| serde_json::from_value(item).with_context(|| format!("{}: not a signed vote", f.display())))
        .collect::<Result<Vec<SignedVote>>>()?;
    let (s, _) = ctx.connect(true).await?;
    let relay = VoteRelay::new(s.tally.clone(), ctx.deployment.chain_id);
    let (outcomes, receipts) = relay.relay(&votes, batch_size, now()).await?;
    let rejected: Vec<Value> = votes
        .iter()
        .zip(&outcomes)
        .filter_map(|(v, o)| o.as_ref().map(|r| json!({ "voter": v.voter.to_string(), "error": r.to_string() })))
        .collect();
    let relayed = outcomes.iter().filter(|o| o.is_none()).count();
    Ok(json!({ "relayed": relayed, "rejected": rejected, "transactions": receipts.iter().map(tx).collect::<Vec<_>>() }))
}

/// What paying `amount` of `asset` to `spender` takes: for the native coin (`address(0)`) the call's
/// value, for an ERC-20 an allowance (approved here when short) and no value.
async fn payment(s: &tfx_evm::Suite, me: Address, spender: Address, asset: Address, amount: u128) -> Result<U256> {
    if asset.is_zero() {
        return Ok(U256::from(amount));
    }
    let token = TestStablecoin::new(asset, s.ads.provider().clone());
    if read("allowance", token.allowance(me, spender)).await? < U256::from(amount) {
        send("approve", token.approve(spender, U256::MAX)).await?;
    }
    Ok(U256::ZERO)
}

async fn ad(ctx: &Context, c: Ad) -> Result<Value> {
    let (s, me) = ctx.connect(true).await?;
    match c {
        Ad::Open { video, rate, deposit } => {
            let value = payment(&s, me, *s.ads.address(), read("token", s.ads.token()).await?, deposit).await?;
            let r = send("open campaign", s.ads.openCampaign(video.into(), rate, deposit).value(value)).await?;
            let id = read("campaignCount", s.ads.campaignCount()).await?;
            Ok(merge(json!({ "campaign": id.to_string(), "video": video.to_string() }), tx(&r)))
        }
        Ad::TopUp { campaign, amount } => {
            let value = payment(&s, me, *s.ads.address(), read("token", s.ads.token()).await?, amount).await?;
            let r = send("top up", s.ads.topUp(U256::from(campaign), amount).value(value)).await?;
            Ok(merge(json!({ "campaign": campaign }), tx(&r)))
        }
        Ad::Pause { campaign, paused } => {
            let r = send("pause", s.ads.setCampaignPaused(U256::from(campaign), paused)).await?;
            Ok(merge(json!({ "campaign": campaign, "paused": paused }), tx(&r)))
        }
        Ad::Cancel { campaign } => {
            let r = send("cancel", s.ads.cancel(U256::from(campaign))).await?;
            let refund = r
                .decoded_log::<AdRevenue::CampaignCancelled>()
                .context("the cancel receipt has no CampaignCancelled event")?
                .data
                .refund;
            Ok(merge(json!({ "campaign": campaign, "refund": refund.to_string() }), tx(&r)))
        }
        Ad::Settle { campaign } => {
            let r = send("settle", s.ads.settle(U256::from(campaign))).await?;
            Ok(merge(json!({ "campaign": campaign }), tx(&r)))
        }
    }
}

async fn revenue(ctx: &Context, c: Revenue) -> Result<Value> {
    match c {
        Revenue::Claim { video } => {
            let (s, me) = ctx.connect(true).await?;
            let amount = read("claimable", s.ads.claimable(video.into(), me)).await?;
            let r = send("claim", s.ads.claim(video.into())).await?;
            Ok(merge(json!({ "video": video.to_string(), "claimed": amount.to_string() }), tx(&r)))
        }
        Revenue::Show { video, account } => {
            let (s, me) = ctx.connect(false).await?;
            let account = match account {
                Some(a) => a.parse::<Address>().with_context(|| format!("--account {a:?}: not a 0x address"))?,
                None => me,
            };
            Ok(json!({
                "video": video.to_string(),
                "valuation": read("cumulativeRevenue", s.ads.cumulativeRevenue(video.into())).await?.to_string(),
                "account": account.to_string(),
                "claimable": read("claimable", s.ads.claimable(video.into(), account)).await?.to_string(),
            }))
        }
    }
}

async fn collateral(ctx: &Context, c: Collateral) -> Result<Value> {
    let read_only = matches!(c, Collateral::Show { .. });
    let (s, me) = ctx.connect(!read_only).await?;
    let mc = &s.collateral;
    match c {
        Collateral::Deposit { amount } => {
            let value = payment(&s, me, *mc.address(), read("asset", mc.asset()).await?, amount).await?;
            let r = send("deposit", mc.deposit(amount).value(value)).await?;
            Ok(merge(json!({ "miner": me.to_string(), "deposited": amount.to_string() }), tx(&r)))
        }
        Collateral::Withdraw { amount: Some(amount) } => {
            let r = send("request withdrawal", mc.requestWithdrawal(amount)).await?;
            let b = read("bondOf", mc.bondOf(me)).await?;
            Ok(merge(json!({ "unbonding": b.unbonding.to_string(), "release_at": b.releaseAt.to_string() }), tx(&r)))
        }
        Collateral::Withdraw { amount: None } => {
            let r = send("withdraw", mc.withdraw()).await?;
            Ok(merge(json!({ "miner": me.to_string() }), tx(&r)))
        }
        Collateral::ProposeSlash { miner, amount, reason, evidence } => {
            let miner = evm_address("--miner", &miner)?;
            let reason = reason as u8;
            let r = send("propose slash", mc.proposeSlash(miner, amount, reason, evidence)).await?;
            let id = read("slashCount", mc.slashCount()).await?;
            Ok(merge(json!({ "slash": id.to_string(), "miner": miner.to_string() }), tx(&r)))
        }
        Collateral::Approve { slash } => {
            let r = send("approve slash", mc.approveSlash(U256::from(slash))).await?;
            let p = read("slashOf", mc.slashOf(U256::from(slash))).await?;
            Ok(merge(json!({ "slash": slash, "approvals": p.approvals }), tx(&r)))
        }
        Collateral::Dispute { slash, evidence } => {
            let r = send("dispute slash", mc.disputeSlash(U256::from(slash), evidence)).await?;
            Ok(merge(json!({ "slash": slash, "status": "disputed" }), tx(&r)))
        }
        Collateral::Execute { slash } => {
            let r = send("execute slash", mc.executeSlash(U256::from(slash))).await?;
            let p = read("slashOf", mc.slashOf(U256::from(slash))).await?;
            Ok(merge(json!({ "slash": slash, "slashed": p.amount.to_string(), "miner": p.miner.to_string() }), tx(&r)))
        }
        Collateral::Show { slash: Some(slash), .. } => {
            let p = read(&format!("slash {slash}"), mc.slashOf(U256::from(slash))).await?;
            Ok(json!({
                "slash": slash, "miner": p.miner.to_string(), "amount": p.amount.to_string(),
                "status": status_name(p.status), "approvals": p.approvals, "evidence": p.evidenceHash.to_string(),
                "blocks_withdrawals": p.blocksWithdrawals,
            }))
        }
        Collateral::Show { miner, slash: None } => {
            let miner = miner.map(|m| evm_address("--miner", &m)).transpose()?.unwrap_or(me);
            let b = read("bondOf", mc.bondOf(miner)).await?;
            let frozen_until = read("frozenUntil", mc.frozenUntil(miner)).await?;
            Ok(json!({
                "miner": miner.to_string(), "bonded": b.bonded.to_string(), "unbonding": b.unbonding.to_string(),
                "release_at": b.releaseAt.to_string(), "open_slashes": b.openSlashes,
                "frozen_until": frozen_until.to_string(),
            }))
        }
    }
}

/// What `flix message` publishes.
enum Fact {
    Video(B256),
    Round(u64),
    Valuation(B256),
    Slash(u64),
}

async fn message(ctx: &Context, c: Message) -> Result<Value> {
    let (fact, to) = match c {
        Message::List { to, status } => {
            let mut path = format!("/v1/messages?limit=100&origin={}", ctx.deployment.chain_id);
            if let Some(to) = to {
                path.push_str(&format!("&destination={}", ctx.chain_id_of(&to)?));
            }
            if let Some(status) = status {
                path.push_str(&format!("&status={status}"));
            }
            return Ok(json!({ "messages": ctx.api_get(&path).await?["items"] }));
        }
        Message::Show { id } => {
            let page = ctx.api_get(&format!("/v1/messages?id={id}")).await?;
            return page["items"].get(0).cloned().with_context(|| format!("no message {id} indexed"));
        }
        Message::RegisterVideo { video, to } => (Fact::Video(video), to),
        Message::VoteResult { round, to } => (Fact::Round(round), to),
        Message::Valuation { video, to } => (Fact::Valuation(video), to),
        Message::Slash { slash, to } => (Fact::Slash(slash), to),
    };
    let to = ctx.chain_id_of(&to)?;
    let (s, _) = ctx.connect(true).await?;
    let router = s.router.as_ref().with_context(|| format!("{} has no StudioRouter deployed", ctx.deployment.chain))?;
    let (kind, r) = match fact {
        Fact::Video(video) => {
            ("video_registered", send("register video", router.registerVideo(video.into(), to)).await?)
        }
        Fact::Round(round) => {
            ("vote_result", send("publish vote result", router.publishVoteResult(U256::from(round), to)).await?)
        }
        Fact::Valuation(video) => {
            ("valuation", send("publish valuation", router.publishValuation(video.into(), to)).await?)
        }
        Fact::Slash(slash) => {
            ("slash_notice", send("publish slash", router.publishSlash(U256::from(slash), to)).await?)
        }
    };
    let dispatched = r
        .inner
        .logs()
        .iter()
        .find_map(|l| l.log_decode::<tfx_abi::evm::Mailbox::Dispatched>().ok())
        .context("the transaction dispatched no message")?;
    let d = dispatched.inner.data;
    Ok(merge(json!({ "message": d.id.to_string(), "type": kind, "destination": to, "nonce": d.nonce }), tx(&r)))
}

/// An account argument on an EVM chain.
fn evm_address(flag: &str, value: &str) -> Result<Address> {
    value.parse().with_context(|| format!("{flag} {value:?}: not a 0x address"))
}

fn status_name(s: u8) -> &'static str {
    match s {
        1 => "pending",
        2 => "disputed",
        3 => "upheld",
        4 => "executed",
        5 => "rejected",
        _ => "none",
    }
}

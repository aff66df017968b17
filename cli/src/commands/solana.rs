//! The commands on a chain running the Anchor suite (Solana): what its programs offer so far
//! (VideoNft, VideoShares, VoteTally, AdRevenue, MinerCollateral), built from the committed IDLs by
//! `tfx-solana`. Keys are Solana CLI keypair files (`--keypair`, or `TFX_SOLANA_KEYPAIR`);
//! addresses are base 58; ids (content hashes, candidates) are the same 0x hashes as on the EVM
//! chains.

use super::{
    Ad, Collateral, Command, Mode, Revenue, Round, Video, Vote, content_hash, merge, now, round, signed_votes,
    status_name,
};
use crate::context::Context;
use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tfx_evm::alloy::primitives::{B256, U256};
use tfx_solana::shares::Shares;
use tfx_solana::{Idl, Instruction, Keypair, Landed, Pubkey, RpcClient, Transaction, Val, spl, votes};

/// Runs `command` against the Solana chain of `ctx`.
pub(super) async fn run(ctx: &Context, command: Command) -> Result<Value> {
    let s = Solana {
        ctx,
        rpc: RpcClient::new(ctx.rpc_url()?),
        videos: Idl::video_nft(),
        shares: Shares::default(),
        votes: Idl::vote_tally(),
        ads: Idl::ad_revenue(),
        collateral: Idl::miner_collateral(),
    };
    match command {
        Command::Video(Video::Mint { content, playback_id, royalty_bps }) => {
            s.mint(content_hash(&content)?, &playback_id, royalty_bps).await
        }
        Command::Video(Video::Transfer { video, to }) => {
            let to = address("--to", &to)?;
            let me = s.key()?.pubkey();
            let record = s.video(video).await?;
            let seller = record.field("owner").and_then(Val::as_pubkey).context("the video's owner")?;
            // AdRevenue settles the video first and credits the seller: its credit account.
            let credit = s.ads.pda(&[b"credit", video.as_slice(), &seller.0]);
            let args = json!({ "video_id": video.to_string(), "to": to });
            let ix = s.videos.instruction(
                "transfer",
                &args,
                &[("authority", me), ("payer", me), ("seller_credit", credit)],
            )?;
            let landed = s.send(ix, &s.videos).await?;
            Ok(merge(json!({ "video": video.to_string(), "to": to.to_string() }), tx(&landed)))
        }
        Command::Video(Video::Fractionalize { video, supply }) => {
            let key = s.key()?;
            let ixs = s.shares.fractionalize(&key.pubkey(), &video.0, amount_u64(supply)?)?;
            let landed = s.rpc.send(&ixs, &[&key], &[&s.videos, &s.shares.shares, &s.ads]).await?;
            Ok(merge(json!({ "video": video.to_string(), "supply": supply.to_string() }), tx(&landed)))
        }
        Command::Video(Video::TransferShares { video, to, amount }) => {
            let to = address("--to", &to)?;
            let ix = s.shares.transfer(&s.key()?.pubkey(), &video.0, &to, amount_u64(amount)?)?;
            let landed = s.send(ix, &s.shares.shares).await?;
            Ok(merge(
                json!({ "video": video.to_string(), "to": to.to_string(), "amount": amount.to_string() }),
                tx(&landed),
            ))
        }
        Command::Video(Video::Redeem { video }) => {
            let me = s.key()?.pubkey();
            let landed = s.send(s.shares.redeem(&me, &video.0)?, &s.shares.shares).await?;
            Ok(merge(json!({ "video": video.to_string(), "owner": me.to_string() }), tx(&landed)))
        }
        Command::Video(Video::Show { video }) => {
            let v = s.video(video).await?;
            let revenue = s.account(&s.ads, "VideoRevenue", &s.ads.pda(&[b"video", video.as_slice()])).await?;
            let supply = s.account(&s.shares.shares, "ShareSupply", &s.shares.supply(&video.0)).await?;
            Ok(json!({
                "share_supply": supply.map_or(0, |r| number(&r, "supply")).to_string(),
                "valuation": revenue.map_or(0, |r| number(&r, "cumulative_revenue")).to_string(),
                "video": video.to_string(),
                "creator": pubkey(&v, "creator"),
                "owner": pubkey(&v, "owner"),
                "playback_id": text(&v, "playback_id"),
                "royalty_bps": number(&v, "royalty_bps"),
                "minted_at": number(&v, "minted_at"),
            }))
        }
        Command::Round(Round::Create { candidates, start_in, duration, mode }) => {
            if duration == 0 {
                bail!("--duration must be > 0");
            }
            let config = s
                .account(&s.votes, "Config", &s.votes.pda(&[b"config"]))
                .await?
                .context("VoteTally is not initialized")?;
            let id = number(&config, "round_count") + 1;
            let start = now() + start_in;
            let mode = match mode {
                Mode::OneAccountOneVote => "OneAccountOneVote",
                Mode::StakeWeighted => "StakeWeighted",
            };
            let args = json!({
                "candidates": candidates.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "start": start, "end": start + duration, "mode": mode,
            });
            let me = s.key()?.pubkey();
            let round = s.votes.pda(&[b"round", &id.to_le_bytes()]);
            let ix = s.votes.instruction(
                "create_round",
                &args,
                &[("organizer_signer", me), ("payer", me), ("round", round)],
            )?;
            let landed = s.send(ix, &s.votes).await?;
            Ok(merge(json!({ "round": id, "start": start, "end": start + duration }), tx(&landed)))
        }
        Command::Round(Round::Finalize { round }) => {
            let ix = s.votes.instruction("finalize", &json!({ "round_id": round }), &[])?;
            let landed = s.send(ix, &s.votes).await?;
            let r = s.round(round).await?;
            Ok(merge(json!({ "round": round, "winner": winner(&r) }), tx(&landed)))
        }
        Command::Round(Round::Show { round, origin: None }) => {
            let r = s.round(round).await?;
            let list = |field: &str| match r.field(field) {
                Some(Val::List(items)) => items
                    .iter()
                    .map(|v| match v {
                        Val::Bytes(b) => json!(B256::from_slice(b).to_string()),
                        other => json!(other.as_u128().unwrap_or_default().to_string()),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let mode = match r.field("mode") {
                Some(Val::Variant(0, _)) => "one-account-one-vote",
                _ => "stake-weighted",
            };
            Ok(json!({
                "round": round, "start": number(&r, "start").to_string(), "end": number(&r, "end").to_string(),
                "mode": mode, "finalized": r.field("finalized") == Some(&Val::Bool(true)), "winner": winner(&r),
                "candidates": list("candidates"), "tallies": list("tallies"),
            }))
        }
        // The API's export reads the indexer, whatever the chain.
        Command::Round(export @ Round::Export { .. }) => round(ctx, export).await,
        Command::Vote(Vote::Cast { round, candidate }) => {
            let me = s.key()?.pubkey();
            let args = json!({ "round_id": round, "candidate": candidate });
            let ix = s.votes.instruction("vote", &args, &[("voter", me), ("payer", me)])?;
            let landed = s.send(ix, &s.votes).await?;
            Ok(merge(json!({ "round": round, "candidate": candidate, "voter": me.to_string() }), tx(&landed)))
        }
        Command::Vote(Vote::Sign { round, candidate, nonce, valid_for, relayer }) => {
            if nonce.is_some() || valid_for.is_some() {
                bail!(
                    "--nonce and --valid-for apply to EVM chains: a vote signed on Solana is valid while its \
                     blockhash is recent (about a minute), and its ballot account stops a replay"
                );
            }
            let relayer =
                relayer.context("on Solana the relayer pays the fee and co-signs: pass --relayer <base58>")?;
            let relayer = address("--relayer", &relayer)?;
            let key = s.key()?;
            let me = key.pubkey();
            let signed = votes::sign_vote(&s.votes, &key, &relayer, round, candidate, s.rpc.latest_blockhash().await?)?;
            Ok(json!({
                "round": round, "candidate": candidate, "voter": me.to_string(), "relayer": relayer.to_string(),
                "transaction": signed.to_base64(),
            }))
        }
        Command::Vote(Vote::Cancel { .. }) => bail!(
            "a vote signed on Solana cannot be cancelled on chain, nor needs to be: it lapses once its blockhash \
             is no longer recent (about a minute)"
        ),
        Command::Vote(Vote::Relay { files, .. }) => {
            let key = s.key()?;
            let (mut relayed, mut rejected, mut transactions) = (0, Vec::new(), Vec::new());
            for (file, vote) in signed_votes(&files)? {
                match s.relay(&key, &vote).await {
                    Ok(landed) => {
                        relayed += 1;
                        transactions.push(tx(&landed));
                    }
                    Err(e) => rejected.push(json!({
                        "file": file.display().to_string(), "voter": vote["voter"], "error": format!("{e:#}"),
                    })),
                }
            }
            Ok(json!({ "relayed": relayed, "rejected": rejected, "transactions": transactions }))
        }
        Command::Ad(c) => s.ad(c).await,
        Command::Collateral(c) => s.collateral(c).await,
        Command::Faucet { amount, to } => {
            let key = s.key()?;
            let me = key.pubkey();
            let to = match to {
                Some(t) => address("--to", &t)?,
                None => me,
            };
            let mint = s.ad_token().await?;
            let account = spl::associated_token_address(&to, &mint);
            let amount = amount_u64(amount)?;
            let ixs =
                [spl::create_associated_token_account(&me, &to, &mint), spl::mint_to(&mint, &account, &me, amount)];
            let landed = s.rpc.send(&ixs, &[&key], &[]).await.with_context(|| {
                format!(
                    "minting the stablecoin {mint}: only its mint authority may (on a devnet, the deployer's keypair)"
                )
            })?;
            Ok(merge(json!({ "to": to.to_string(), "amount": amount.to_string() }), tx(&landed)))
        }
        Command::Revenue(Revenue::Claim { video }) => {
            let key = s.key()?;
            let me = key.pubkey();
            let mint = s.ad_token().await?;
            let to = spl::associated_token_address(&me, &mint);
            // Revenue from when the claimant owned the video, and as a share holder, if it did.
            let credit = s.optional(s.ads.pda(&[b"credit", video.as_slice(), &me.0])).await?;
            let holder = s.optional(s.ads.pda(&[b"holder", video.as_slice(), &me.0])).await?;
            let holding = s.optional(s.shares.holding(&video.0, &me)).await?;
            let accounts = [
                ("claimant", me),
                ("mint", mint),
                ("to", to),
                ("credit", credit),
                ("holder", holder),
                ("holding", holding),
            ];
            let claim = s.ads.instruction("claim", &json!({ "video_id": video.to_string() }), &accounts)?;
            let ixs = [spl::create_associated_token_account(&me, &me, &mint), claim];
            let before = s.rpc.token_balance(&to).await?;
            let landed = s.rpc.send(&ixs, &[&key], &[&s.ads]).await?;
            let balance = s.rpc.token_balance(&to).await?;
            Ok(merge(
                json!({
                    "video": video.to_string(), "to": to.to_string(),
                    "claimed": (balance - before).to_string(), "balance": balance.to_string(),
                }),
                tx(&landed),
            ))
        }
        Command::Revenue(Revenue::Show { video, account }) => {
            let account: Pubkey = match account {
                Some(a) => address("--account", &a)?,
                None => s.key()?.pubkey(),
            };
            let r = s.account(&s.ads, "VideoRevenue", &s.ads.pda(&[b"video", video.as_slice()])).await?;
            let r = r.with_context(|| format!("video {video} has no ad revenue on {}", ctx.deployment.chain))?;
            let credit = s.account(&s.ads, "Credit", &s.ads.pda(&[b"credit", video.as_slice(), &account.0])).await?;
            let mut claimable = credit.map_or(0, |c| number(&c, "amount"));
            if r.field("creator").and_then(Val::as_pubkey) == Some(account) {
                claimable += number(&r, "creator_credit");
            }
            if r.field("owner").and_then(Val::as_pubkey) == Some(account) {
                claimable += number(&r, "owner_credit");
            }
            let holder =
                s.account(&s.ads, "HolderRevenue", &s.ads.pda(&[b"holder", video.as_slice(), &account.0])).await?;
            if let Some(holder) = holder {
                let holding = s.account(&s.shares.shares, "Holding", &s.shares.holding(&video.0, &account)).await?;
                claimable += dividends(&r, &holder, holding.map_or(0, |h| number(&h, "balance")));
            }
            Ok(json!({
                "video": video.to_string(), "account": account.to_string(),
                "valuation": number(&r, "cumulative_revenue").to_string(), "claimable": claimable.to_string(),
            }))
        }
        _ => bail!(
            "{} runs the Anchor suite, which has no router yet: cross-chain messages and a twin's history need it \
             (README, \"Solana\")",
            ctx.deployment.chain
        ),
    }
}

struct Solana<'a> {
    ctx: &'a Context,
    rpc: RpcClient,
    videos: Idl,
    shares: Shares,
    votes: Idl,
    ads: Idl,
    collateral: Idl,
}

impl Solana<'_> {
    async fn video(&self, video: B256) -> Result<Val> {
        let v = self.account(&self.videos, "Video", &self.videos.pda(&[b"video", video.as_slice()])).await?;
        let v = v.filter(|v| v.field("minted_at").and_then(Val::as_u128).unwrap_or(0) != 0);
        v.with_context(|| format!("no video {video} on {}", self.ctx.deployment.chain))
    }

    /// The ad token AdRevenue streams.
    async fn ad_token(&self) -> Result<Pubkey> {
        let config = self.account(&self.ads, "Config", &self.ads.pda(&[b"config"])).await?;
        config.and_then(|c| c.field("mint").and_then(Val::as_pubkey)).context("AdRevenue is not initialized")
    }

    /// The advertisers' commands. Amounts come from and go back to the advertiser's associated
    /// token account of the ad token.
    async fn ad(&self, c: Ad) -> Result<Value> {
        let key = self.key()?;
        let me = key.pubkey();
        let mint = self.ad_token().await?;
        let tokens = spl::associated_token_address(&me, &mint);
        // The video a campaign streams to (its revenue record is that video's PDA).
        let campaign_video = |id: u64| async move {
            let c = self.account(&self.ads, "Campaign", &self.ads.pda(&[b"campaign", &id.to_le_bytes()])).await?;
            let c = c.with_context(|| format!("no campaign {id}"))?;
            let video: [u8; 32] = c
                .field("video_id")
                .and_then(Val::as_bytes)
                .and_then(|b| b.try_into().ok())
                .context("campaign's video")?;
            Ok::<_, anyhow::Error>(video)
        };
        let revenue = |video: [u8; 32]| self.ads.pda(&[b"video", &video]);
        let (ixs, mut out): (Vec<Instruction>, Value) = match c {
            Ad::Open { video, rate, deposit } => {
                let config = self
                    .account(&self.ads, "Config", &self.ads.pda(&[b"config"]))
                    .await?
                    .context("AdRevenue is not initialized")?;
                let id = number(&config, "campaign_count") + 1;
                let args = json!({ "video_id": video.to_string(), "rate_per_second": amount_u64(rate)?, "deposit": amount_u64(deposit)? });
                let campaign = self.ads.pda(&[b"campaign", &id.to_le_bytes()]);
                let accounts =
                    [("advertiser", me), ("mint", mint), ("advertiser_tokens", tokens), ("campaign", campaign)];
                (
                    vec![self.ads.instruction("open_campaign", &args, &accounts)?],
                    json!({ "campaign": id, "video": video.to_string() }),
                )
            }
            Ad::TopUp { campaign, amount: a } => {
                let args = json!({ "campaign_id": campaign, "amount": amount_u64(a)? });
                let accounts = [
                    ("advertiser", me),
                    ("mint", mint),
                    ("advertiser_tokens", tokens),
                    ("revenue", revenue(campaign_video(campaign).await?)),
                ];
                (vec![self.ads.instruction("top_up", &args, &accounts)?], json!({ "campaign": campaign }))
            }
            Ad::Pause { campaign, paused } => {
                let args = json!({ "campaign_id": campaign, "paused": paused });
                let accounts = [("advertiser", me), ("revenue", revenue(campaign_video(campaign).await?))];
                (
                    vec![self.ads.instruction("set_campaign_paused", &args, &accounts)?],
                    json!({ "campaign": campaign, "paused": paused }),
                )
            }
            Ad::Cancel { campaign } => {
                let args = json!({ "campaign_id": campaign });
                let accounts = [
                    ("advertiser", me),
                    ("mint", mint),
                    ("refund_to", tokens),
                    ("revenue", revenue(campaign_video(campaign).await?)),
                ];
                let ixs = vec![
                    spl::create_associated_token_account(&me, &me, &mint),
                    self.ads.instruction("cancel", &args, &accounts)?,
                ];
                (ixs, json!({ "campaign": campaign }))
            }
            Ad::Settle { campaign } => {
                let args = json!({ "video_id": B256::from(campaign_video(campaign).await?).to_string() });
                (vec![self.ads.instruction("settle_video", &args, &[])?], json!({ "campaign": campaign }))
            }
        };
        let landed = self.rpc.send(&ixs, &[&key], &[&self.ads]).await?;
        out = merge(out, tx(&landed));
        Ok(out)
    }

    /// The miners' and validators' commands. Collateral comes from and goes back to the caller's
    /// associated token account of the collateral mint.
    async fn collateral(&self, c: Collateral) -> Result<Value> {
        let mc = &self.collateral;
        let config = self.account(mc, "Config", &mc.pda(&[b"config"])).await?;
        let config = config.context("MinerCollateral is not initialized")?;
        let mint = config.field("mint").and_then(Val::as_pubkey).context("the collateral mint")?;
        let miner_of = |slash: &Val| slash.field("miner").and_then(Val::as_pubkey).context("the slash's miner");
        let me = || self.key().map(|k| k.pubkey());
        let tokens = |me: Pubkey| spl::associated_token_address(&me, &mint);
        // The instructions, the report, and the slash whose state after the transaction the report
        // adds (an approval's count, an execution's take).
        let (ixs, out, after): (Vec<Instruction>, Value, Option<u64>) = match c {
            Collateral::Show { slash, miner } => return self.show_collateral(&config, slash, miner).await,
            Collateral::Deposit { amount: a } => {
                let me = me()?;
                let accounts = [("miner", me), ("mint", mint), ("miner_tokens", tokens(me))];
                let ix = mc.instruction("deposit", &json!({ "amount": amount_u64(a)? }), &accounts)?;
                (vec![ix], json!({ "miner": me.to_string(), "deposited": a.to_string() }), None)
            }
            Collateral::Withdraw { amount: Some(a) } => {
                let me = me()?;
                let ix =
                    mc.instruction("request_withdrawal", &json!({ "amount": amount_u64(a)? }), &[("miner", me)])?;
                (vec![ix], json!({ "miner": me.to_string(), "unbonding_requested": a.to_string() }), None)
            }
            Collateral::Withdraw { amount: None } => {
                let me = me()?;
                let ix =
                    mc.instruction("withdraw", &json!({}), &[("miner", me), ("mint", mint), ("to", tokens(me))])?;
                let ixs = vec![spl::create_associated_token_account(&me, &me, &mint), ix];
                (ixs, json!({ "miner": me.to_string() }), None)
            }
            Collateral::ProposeSlash { miner, amount: a, reason, evidence } => {
                let miner = address("--miner", &miner)?;
                let id = number(&config, "slash_count") + 1;
                let args = json!({
                    "miner": miner, "amount": amount_u64(a)?, "reason": format!("{reason:?}"),
                    "evidence_hash": evidence.to_string(),
                });
                let slash = mc.pda(&[b"slash", &id.to_le_bytes()]);
                let ix = mc.instruction("propose_slash", &args, &[("proposer", me()?), ("slash", slash)])?;
                (vec![ix], json!({ "slash": id.to_string(), "miner": miner.to_string() }), None)
            }
            Collateral::Approve { slash } => {
                let miner = miner_of(&self.slash(slash).await?)?;
                let accounts = [("approver", me()?), ("bond", self.bond(&miner))];
                let ix = mc.instruction("approve_slash", &json!({ "slash_id": slash }), &accounts)?;
                (vec![ix], json!({ "slash": slash }), Some(slash))
            }
            Collateral::Dispute { slash, evidence } => {
                let args = json!({ "slash_id": slash, "counter_evidence_hash": evidence.to_string() });
                let ix = mc.instruction("dispute_slash", &args, &[("miner", me()?)])?;
                (vec![ix], json!({ "slash": slash, "status": "disputed" }), None)
            }
            Collateral::Execute { slash } => {
                let miner = miner_of(&self.slash(slash).await?)?;
                let treasury = config.field("treasury").and_then(Val::as_pubkey).context("the treasury")?;
                let accounts = [("bond", self.bond(&miner)), ("mint", mint), ("treasury", treasury)];
                let ix = mc.instruction("execute_slash", &json!({ "slash_id": slash }), &accounts)?;
                (vec![ix], json!({ "slash": slash, "miner": miner.to_string() }), Some(slash))
            }
        };
        let landed = self.rpc.send(&ixs, &[&self.key()?], &[mc]).await?;
        let mut out = merge(out, tx(&landed));
        if let Some(id) = after {
            // Approving and executing change only the slash: the slot bookkeeping read above holds.
            let s = self.slash(id).await?;
            out["approvals"] = approvals(&config, id, &s).into();
            if status_name(number(&s, "status") as u8) == "executed" {
                out["slashed"] = number(&s, "amount").to_string().into();
            }
        }
        Ok(out)
    }

    /// A slash proposal, or a miner's bond (default: the caller's).
    async fn show_collateral(&self, config: &Val, slash: Option<u64>, miner: Option<String>) -> Result<Value> {
        let mc = &self.collateral;
        if let Some(id) = slash {
            let s = self.slash(id).await?;
            return Ok(json!({
                "slash": id, "miner": pubkey(&s, "miner"), "amount": number(&s, "amount").to_string(),
                "status": status_name(number(&s, "status") as u8), "approvals": approvals(config, id, &s),
                "evidence": s.field("evidence_hash").and_then(Val::as_bytes).map(|b| B256::from_slice(b).to_string()),
                "blocks_withdrawals": s.field("blocking") == Some(&Val::Bool(true)),
            }));
        }
        let miner = match miner {
            Some(m) => address("--miner", &m)?,
            None => self.key()?.pubkey(),
        };
        // No bond yet reads as an empty one, as the EVM suite's `bondOf`.
        let b = self.account(mc, "Bond", &self.bond(&miner)).await?.unwrap_or(Val::Struct(Vec::new()));
        Ok(json!({
            "miner": miner.to_string(), "bonded": number(&b, "bonded").to_string(),
            "unbonding": number(&b, "unbonding").to_string(), "release_at": number(&b, "release_at").to_string(),
            "open_slashes": number(&b, "open_slashes"), "frozen_until": number(&b, "frozen_until").to_string(),
        }))
    }

    /// Co-signs and sends a vote's transaction that a voter signed for `relayer`, once
    /// [`votes::cosign_vote`] finds it is only what a relayer agreed to pay for.
    async fn relay(&self, relayer: &Keypair, vote: &Value) -> Result<Landed> {
        let wire = vote["transaction"]
            .as_str()
            .context("no \"transaction\": not a vote signed for Solana (`flix vote sign --relayer ..`)")?;
        let (signed, instructions) = votes::cosign_vote(&self.votes, Transaction::from_base64(wire)?, relayer)?;
        Ok(self.rpc.send_transaction(&signed, &instructions, &[&self.votes]).await?)
    }

    /// `address` for an optional account of an AdRevenue instruction: itself if it exists, else
    /// the program id, Anchor's "none".
    async fn optional(&self, address: Pubkey) -> Result<Pubkey> {
        Ok(match self.rpc.account(&address).await? {
            Some(_) => address,
            None => self.ads.address,
        })
    }

    /// `miner`'s bond account.
    fn bond(&self, miner: &Pubkey) -> Pubkey {
        self.collateral.pda(&[b"bond", &miner.0])
    }

    async fn slash(&self, id: u64) -> Result<Val> {
        let mc = &self.collateral;
        let slash = self.account(mc, "Slash", &mc.pda(&[b"slash", &id.to_le_bytes()])).await?;
        slash.with_context(|| format!("no slash {id} on {}", self.ctx.deployment.chain))
    }

    fn key(&self) -> Result<Keypair> {
        let path = self.ctx.global.keypair.as_ref().context(
            "a Solana chain signs with a keypair file: pass --keypair or set TFX_SOLANA_KEYPAIR (solana-keygen writes one)",
        )?;
        Keypair::read(path).with_context(|| format!("reading the keypair {}", path.display()))
    }

    async fn send(&self, ix: tfx_solana::Instruction, idl: &Idl) -> Result<Landed> {
        Ok(self.rpc.send(&[ix], &[&self.key()?], &[idl]).await?)
    }

    async fn account(&self, idl: &Idl, kind: &str, address: &Pubkey) -> Result<Option<Val>> {
        match self.rpc.account(address).await? {
            Some(a) => Ok(Some(idl.decode_account(kind, &a.data)?)),
            None => Ok(None),
        }
    }

    async fn round(&self, id: u64) -> Result<Val> {
        let address = self.votes.pda(&[b"round", &id.to_le_bytes()]);
        self.account(&self.votes, "Round", &address).await?.with_context(|| format!("no round {id}"))
    }

    /// The chain's clock: the time of its latest block.
    async fn chain_time(&self) -> Result<u64> {
        let slot = self.rpc.slot().await?;
        let time = self.rpc.call("getBlockTime", json!([slot])).await?;
        time.as_u64().context("getBlockTime: no time for the latest slot")
    }

    /// Mints `hash`: without a commitment when the id is reserved for this creator, else commits
    /// (unless a live commitment exists: a re-run reuses it), waits out the minimum age and reveals.
    async fn mint(&self, hash: B256, playback_id: &str, royalty_bps: u16) -> Result<Value> {
        let key = self.key()?;
        let me = key.pubkey();
        let video = self.account(&self.videos, "Video", &self.videos.pda(&[b"video", hash.as_slice()])).await?;
        if video.as_ref().and_then(|v| v.field("minted_at")).and_then(Val::as_u128).unwrap_or(0) != 0 {
            bail!("mint: video {hash} is already minted (AlreadyMinted)");
        }
        let mut out = json!({ "video": hash.to_string(), "playback_id": playback_id });
        let reserved = video.as_ref().and_then(|v| v.field("creator")).and_then(Val::as_pubkey);
        let salt: [u8; 32] = Sha256::new()
            .chain_update(b"tensorflix mint salt")
            .chain_update(&key.to_bytes()[..32])
            .chain_update(hash)
            .finalize()
            .into();
        let commitment = if reserved == Some(me) {
            out["reserved"] = true.into();
            None
        } else {
            let c: [u8; 32] = Sha256::new().chain_update(me.0).chain_update(salt).chain_update(hash).finalize().into();
            Some(self.commit(c, &mut out).await?)
        };
        let args = json!({
            "content_hash": hash.to_string(), "playback_id": playback_id, "royalty_bps": royalty_bps,
            "salt": B256::from(salt).to_string(),
        });
        let mut accounts = vec![("creator", me)];
        accounts.extend(commitment.map(|c| ("commitment", c)));
        let ix = self.videos.instruction("mint", &args, &accounts)?;
        // The wall clock may pass the reveal time before a block does.
        for _ in 0..120 {
            match self.rpc.send(std::slice::from_ref(&ix), &[&key], &[&self.videos]).await {
                Err(tfx_solana::Error::Program { name, .. }) if name == "CommitmentTooNew" => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                landed => return Ok(merge(out, tx(&landed?))),
            }
        }
        bail!("mint: the commitment never became old enough")
    }

    /// Records `commitment` unless it is live, and waits until it may be revealed; its account.
    async fn commit(&self, commitment: [u8; 32], out: &mut Value) -> Result<Pubkey> {
        let config = self.account(&self.videos, "Config", &self.videos.pda(&[b"config"])).await?;
        let config = config.context("VideoNft is not initialized")?;
        let (min_age, max_age) = (number(&config, "commit_min_age"), number(&config, "commit_max_age"));
        let record = self.videos.pda(&[b"commit", &commitment]);
        let existing = self.account(&self.videos, "Commitment", &record).await?;
        let mut at = existing.as_ref().map_or(0, |c| number(c, "committed_at"));
        if at == 0 || self.chain_time().await? > at + max_age {
            let me = self.key()?.pubkey();
            let ix = self.videos.instruction(
                "commit_mint",
                &json!({ "commitment": B256::from(commitment).to_string() }),
                &[("committer", me)],
            )?;
            let landed = self.send(ix, &self.videos).await?;
            out["commit_tx"] = tx(&landed);
            let committed =
                self.account(&self.videos, "Commitment", &record).await?.context("the commitment landed")?;
            at = number(&committed, "committed_at");
        }
        let wait = (at + min_age).saturating_sub(self.chain_time().await?);
        if wait > 0 {
            tokio::time::sleep(Duration::from_secs(wait)).await;
        }
        Ok(record)
    }
}

fn tx(landed: &Landed) -> Value {
    json!({ "tx": landed.signature, "slot": landed.slot })
}

fn pubkey(v: &Val, field: &str) -> Value {
    v.field(field).and_then(Val::as_pubkey).map_or(Value::Null, |p| json!(p.to_string()))
}

fn text(v: &Val, field: &str) -> Value {
    match v.field(field) {
        Some(Val::Text(s)) => json!(s),
        _ => Value::Null,
    }
}

/// An account argument (`flag`) on Solana.
fn address(flag: &str, value: &str) -> Result<Pubkey> {
    value.parse().with_context(|| format!("{flag} {value:?}: a Solana address (base 58)"))
}

/// An amount argument on Solana, where token amounts are 64-bit.
fn amount_u64(amount: u128) -> Result<u64> {
    u64::try_from(amount).context("amounts on Solana fit 64 bits")
}

/// A holder's unclaimed share revenue, as AdRevenue's `VideoRevenue::dividends` computes it (the
/// program crate is not a dependency of this workspace): the accumulator times the balance plus the
/// correction, modulo 2^256, in units of 2^-128, less what was withdrawn.
fn dividends(revenue: &Val, holder: &Val, balance: u64) -> u64 {
    let wide = |v: &Val, field: &str| {
        let limbs: Vec<u64> = match v.field(field) {
            Some(Val::List(items)) => items.iter().map(|l| l.as_u128().unwrap_or(0) as u64).collect(),
            _ => Vec::new(),
        };
        U256::from_limbs(<[u64; 4]>::try_from(limbs).unwrap_or_default())
    };
    let accumulated =
        wide(revenue, "revenue_per_share").wrapping_mul(U256::from(balance)).wrapping_add(wide(holder, "correction"));
    u64::try_from(accumulated >> 128).unwrap_or(u64::MAX).saturating_sub(number(holder, "withdrawn"))
}

fn number(v: &Val, field: &str) -> u64 {
    v.field(field).and_then(Val::as_u128).map_or(0, |n| n as u64)
}

/// The approvals of slash `id` that count, as the program counts them: slots still registered,
/// taken before the proposal was made.
fn approvals(config: &Val, id: u64, slash: &Val) -> u32 {
    let words = |v: Option<&Val>| match v {
        Some(Val::List(items)) => items.iter().map(|w| w.as_u128().unwrap_or(0)).collect(),
        _ => Vec::new(),
    };
    let (approvers, occupied) = (words(slash.field("approvers")), words(config.field("occupied_slots")));
    let joined = words(config.field("slot_joined_at"));
    let bit = |words: &[u128], slot: usize| words.get(slot / 64).is_some_and(|w| w >> (slot % 64) & 1 == 1);
    (0..256)
        .filter(|s| bit(&approvers, *s) && bit(&occupied, *s) && joined.get(*s).is_some_and(|j| *j < u128::from(id)))
        .count() as u32
}

fn winner(round: &Val) -> Value {
    match number(round, "winner") {
        n if n == u64::from(u32::MAX) => Value::Null,
        n => json!(n),
    }
}

//! AdRevenue on Solana: the rules of `contracts/evm/src/AdRevenue.sol`, the Solana way.
//!
//! - Advertisers open campaigns (`["campaign", id]`) streaming `rate_per_second` of the ad token
//!   to one video from a deposit held in the program's vault (an SPL token account whose authority
//!   is the config PDA), until the deposit runs out, the campaign is paused or cancelled.
//! - A video's revenue record (`["video", video_id]`) holds its streaming campaigns inline (at most
//!   [`MAX_ACTIVE_CAMPAIGNS`]), so settling a video needs that one account: anyone may settle, and
//!   every top-up, pause, cancel, new campaign and NFT transfer settles first. What streamed while
//!   an account owned the video is credited to that account whenever anyone settles.
//! - Settled revenue is split: the creator's cut (its rounding remainder carried to the next
//!   settlement) to the video's creator, the rest to the video's owner, or pro rata to its share
//!   holders while it is fractionalized. The cumulative settled revenue is the video's on-chain
//!   valuation.
//! - VideoNft calls [`ad_revenue::on_video_transfer`] before a video changes owner, signing with
//!   its config PDA: the revenue streamed until then is settled and the seller's share moves to
//!   the seller's credit (`["credit", video_id, account]`), claimable at any time.
//! - VideoShares reports every share movement the same way ([`ad_revenue::on_fractionalize`],
//!   [`ad_revenue::on_shares_transfer`], [`ad_revenue::on_redeem`]). Holder revenue uses a
//!   revenue-per-share accumulator (256 bits, units of 2^-128) with per-holder corrections
//!   (`["holder", video_id, account]`, ERC-2222 style), as the EVM suite: a share transfer moves the correction with the shares, so
//!   it never changes what was already distributed.
//!
//! Every state change is an `emit_cpi!` event named and shaped as the EVM suite's.

// Anchor's macros generate public modules and account structs without docs.
#![allow(missing_docs)]

use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};
use ruint::aliases::U256;
use tfx_solana_vault::{pay, pull};

declare_id!("AUBgDNGxqfkSKMu2MwfkqM8naJUPtr8GwZiDFLJr1k5V");

/// Most campaigns streaming to one video at once (bounds the work of a settlement).
pub const MAX_ACTIVE_CAMPAIGNS: usize = 16;
/// Basis points in a whole.
pub const BPS: u64 = 10_000;
/// The revenue-per-share accumulator's fixed-point unit: 2^128, the EVM suite's `MAGNITUDE`, so
/// that holders' revenue rounds the same on every chain (and the indexer's figures, computed with
/// the EVM suite's unit, are this program's to the unit).
const MAGNITUDE_BITS: usize = 128;

/// VideoShares' program id: its config PDA signs share movement reports.
pub const VIDEO_SHARES: Pubkey = tfx_video_shares::ID;

/// Seeds of the program's accounts.
pub mod seeds {
    /// The one configuration account, also the vault's authority.
    pub const CONFIG: &[u8] = b"config";
    /// The token account holding deposits and unclaimed revenue.
    pub const VAULT: &[u8] = b"vault";
    /// A video's revenue record: `["video", video_id]`.
    pub const VIDEO: &[u8] = b"video";
    /// A campaign: `["campaign", id as u64 little-endian]`.
    pub const CAMPAIGN: &[u8] = b"campaign";
    /// An account's revenue carried over from a video it sold: `["credit", video_id, account]`.
    pub const CREDIT: &[u8] = b"credit";
    /// An account's share-holder revenue record of a video: `["holder", video_id, account]`.
    pub const HOLDER: &[u8] = b"holder";
}

#[program]
pub mod ad_revenue {
    use super::*;

    /// Creates the configuration and the vault of `mint` (the ad token); `admin` pauses and sets
    /// the creator's cut.
    pub fn initialize(ctx: Context<Initialize>, creator_cut_bps: u16) -> Result<()> {
        require!(u64::from(creator_cut_bps) <= BPS, AdRevenueError::InvalidCreatorCut);
        let config = &mut ctx.accounts.config;
        config.admin = ctx.accounts.admin.key();
        config.mint = ctx.accounts.mint.key();
        config.creator_cut_bps = creator_cut_bps;
        config.paused = false;
        config.campaign_count = 0;
        config.bump = ctx.bumps.config;
        emit_cpi!(CreatorCutSet { creator_cut_bps });
        Ok(())
    }

    /// Sets the creator's cut of future settlements. Admin only.
    pub fn set_creator_cut(ctx: Context<Admin>, creator_cut_bps: u16) -> Result<()> {
        require!(u64::from(creator_cut_bps) <= BPS, AdRevenueError::InvalidCreatorCut);
        ctx.accounts.config.creator_cut_bps = creator_cut_bps;
        emit_cpi!(CreatorCutSet { creator_cut_bps });
        Ok(())
    }

    /// Stops (`true`) or allows new campaigns and top-ups; claims and cancels stay open. Admin only.
    pub fn set_paused(ctx: Context<Admin>, paused: bool) -> Result<()> {
        ctx.accounts.config.paused = paused;
        Ok(())
    }

    /// Opens campaign `config.campaign_count + 1`, streaming `rate_per_second` to `video_id`
    /// from `deposit`, pulled from the advertiser's token account.
    pub fn open_campaign(
        ctx: Context<OpenCampaign>,
        video_id: [u8; 32],
        rate_per_second: u64,
        deposit: u64,
    ) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require!(!config.paused, AdRevenueError::Paused);
        require!(rate_per_second > 0 && deposit > 0, AdRevenueError::ZeroAmount);
        let video = &ctx.accounts.video;
        require!(video.minted_at != 0, AdRevenueError::UnknownVideo);
        let now = Clock::get()?.unix_timestamp;
        let revenue = &mut ctx.accounts.revenue;
        if revenue.video_id == [0; 32] {
            revenue.video_id = video_id;
            revenue.creator = video.creator;
            revenue.owner = video.owner;
            revenue.bump = ctx.bumps.revenue;
        }
        config.campaign_count += 1;
        let campaign_id = config.campaign_count;
        let settled = revenue.make_room(now, config.creator_cut_bps)?;
        revenue.streams.push(Stream { campaign_id, rate_per_second, remaining: deposit, last_settled: now });
        let campaign = &mut ctx.accounts.campaign;
        campaign.advertiser = ctx.accounts.advertiser.key();
        campaign.video_id = video_id;
        campaign.rate_per_second = rate_per_second;
        campaign.remaining = 0;
        campaign.streaming = true;
        campaign.paused = false;
        campaign.cancelled = false;
        campaign.bump = ctx.bumps.campaign;
        let a = &ctx.accounts;
        pull(&a.token_program, &a.advertiser_tokens, &a.mint, &a.vault, &a.advertiser, deposit)?;
        for e in settled {
            emit_cpi!(e);
        }
        emit_cpi!(CampaignOpened {
            campaign_id,
            video_id,
            advertiser: ctx.accounts.advertiser.key(),
            rate_per_second,
            deposit,
        });
        Ok(())
    }

    /// Adds `amount` to a campaign's deposit; streaming continues from now. Advertiser only.
    pub fn top_up(ctx: Context<TopUp>, campaign_id: u64, amount: u64) -> Result<()> {
        require!(!ctx.accounts.config.paused, AdRevenueError::Paused);
        require!(amount > 0, AdRevenueError::ZeroAmount);
        let now = Clock::get()?.unix_timestamp;
        let bps = ctx.accounts.config.creator_cut_bps;
        let revenue = &mut ctx.accounts.revenue;
        let campaign = &mut ctx.accounts.campaign;
        let mut settled = revenue.settle(now, bps);
        let remaining = revenue.take(campaign_id, campaign) + amount;
        if campaign.paused {
            campaign.remaining = remaining;
        } else {
            settled.extend(revenue.make_room(now, bps)?);
            revenue.streams.push(Stream {
                campaign_id,
                rate_per_second: campaign.rate_per_second,
                remaining,
                last_settled: now,
            });
            campaign.streaming = true;
        }
        let a = &ctx.accounts;
        pull(&a.token_program, &a.advertiser_tokens, &a.mint, &a.vault, &a.advertiser, amount)?;
        for e in settled {
            emit_cpi!(e);
        }
        emit_cpi!(CampaignToppedUp { campaign_id, amount, remaining });
        Ok(())
    }

    /// Stops (`paused == true`) or resumes a campaign's stream. Advertiser only.
    pub fn set_campaign_paused(ctx: Context<ChangeCampaign>, campaign_id: u64, paused: bool) -> Result<()> {
        let campaign = &mut ctx.accounts.campaign;
        require!(campaign.paused != paused, AdRevenueError::PauseUnchanged);
        let now = Clock::get()?.unix_timestamp;
        let bps = ctx.accounts.config.creator_cut_bps;
        let revenue = &mut ctx.accounts.revenue;
        let mut settled = revenue.settle(now, bps);
        let remaining = revenue.take(campaign_id, campaign);
        campaign.paused = paused;
        if paused || remaining == 0 {
            campaign.remaining = remaining;
        } else {
            settled.extend(revenue.make_room(now, bps)?);
            revenue.streams.push(Stream {
                campaign_id,
                rate_per_second: campaign.rate_per_second,
                remaining,
                last_settled: now,
            });
            campaign.streaming = true;
        }
        for e in settled {
            emit_cpi!(e);
        }
        emit_cpi!(CampaignPaused { campaign_id, paused });
        Ok(())
    }

    /// Ends a campaign: settles what has streamed and refunds the rest to `refund_to` (any token
    /// account of the ad token: the EVM suite's `cancelTo`). Advertiser only.
    pub fn cancel(ctx: Context<Cancel>, campaign_id: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let bps = ctx.accounts.config.creator_cut_bps;
        let revenue = &mut ctx.accounts.revenue;
        let campaign = &mut ctx.accounts.campaign;
        let settled = revenue.settle(now, bps);
        let refund = revenue.take(campaign_id, campaign);
        campaign.remaining = 0;
        campaign.cancelled = true;
        let a = &ctx.accounts;
        pay(&a.token_program, &a.vault, &a.mint, &a.refund_to, a.config.to_account_info(), a.config.bump, refund)?;
        for e in settled {
            emit_cpi!(e);
        }
        emit_cpi!(CampaignCancelled { campaign_id, refund });
        Ok(())
    }

    /// Distributes what every streaming campaign of the video has streamed. Anyone may call it.
    pub fn settle_video(ctx: Context<SettleVideo>, video_id: [u8; 32]) -> Result<()> {
        // The record's seeds are the id; naming it keeps the argument and the PDA's seed one thing.
        debug_assert_eq!(ctx.accounts.revenue.video_id, video_id);
        let now = Clock::get()?.unix_timestamp;
        let settled = ctx.accounts.revenue.settle(now, ctx.accounts.config.creator_cut_bps);
        for e in settled {
            emit_cpi!(e);
        }
        Ok(())
    }

    /// Pays the claimant everything the video owes it (creator cut, owner revenue, revenue from
    /// when it owned the video, share-holder revenue) into `to`, any token account of the ad token. Settles first.
    pub fn claim(ctx: Context<Claim>, video_id: [u8; 32]) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let claimant = ctx.accounts.claimant.key();
        let revenue = &mut ctx.accounts.revenue;
        let settled = revenue.settle(now, ctx.accounts.config.creator_cut_bps);
        let mut amount = 0;
        if revenue.creator == claimant {
            amount += std::mem::take(&mut revenue.creator_credit);
        }
        if revenue.owner == claimant {
            amount += std::mem::take(&mut revenue.owner_credit);
        }
        if let Some(credit) = ctx.accounts.credit.as_mut() {
            amount += std::mem::take(&mut credit.amount);
        }
        if let Some(holder) = ctx.accounts.holder.as_mut() {
            // Without its shares a holder's correction reads as a fortune: the two come together.
            let holding = ctx.accounts.holding.as_ref().ok_or(AdRevenueError::HoldingMissing)?;
            let dividends = revenue.dividends(holding.balance, holder);
            holder.withdrawn += dividends;
            amount += dividends;
        }
        require!(amount > 0, AdRevenueError::NothingToClaim);
        let a = &ctx.accounts;
        pay(&a.token_program, &a.vault, &a.mint, &a.to, a.config.to_account_info(), a.config.bump, amount)?;
        for e in settled {
            emit_cpi!(e);
        }
        emit_cpi!(RevenueClaimed { video_id, account: claimant, amount });
        Ok(())
    }

    /// VideoNft's hook before a video moves from `from` to `to`: settles the video, moves the
    /// seller's unclaimed owner revenue to its credit, and makes `to` the owner revenue accrues to.
    /// Only VideoNft can call it (its config PDA signs).
    pub fn on_video_transfer(
        ctx: Context<OnVideoTransfer>,
        video_id: [u8; 32],
        from: Pubkey,
        to: Pubkey,
    ) -> Result<()> {
        debug_assert_eq!(ctx.accounts.revenue.video_id, video_id);
        let now = Clock::get()?.unix_timestamp;
        let revenue = &mut ctx.accounts.revenue;
        require_keys_eq!(revenue.owner, from, AdRevenueError::NotOwner);
        let settled = revenue.settle(now, ctx.accounts.config.creator_cut_bps);
        let credit = &mut ctx.accounts.seller_credit;
        credit.amount += std::mem::take(&mut revenue.owner_credit);
        credit.bump = ctx.bumps.seller_credit;
        revenue.owner = to;
        for e in settled {
            emit_cpi!(e);
        }
        Ok(())
    }

    /// VideoShares' report that `owner` locked the video and holds `supply` new shares: settles
    /// the video (creating its record if no campaign did) and restarts the accumulator, as nobody
    /// held shares until now. Only VideoShares can call it (its config PDA signs).
    pub fn on_fractionalize(
        ctx: Context<OnFractionalize>,
        video_id: [u8; 32],
        owner: Pubkey,
        supply: u64,
    ) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let revenue = &mut ctx.accounts.revenue;
        if revenue.video_id == [0; 32] {
            revenue.video_id = video_id;
            revenue.creator = ctx.accounts.video.creator;
            revenue.owner = ctx.accounts.video.owner;
            revenue.bump = ctx.bumps.revenue;
        }
        let settled = revenue.settle(now, ctx.accounts.config.creator_cut_bps);
        revenue.share_supply = supply;
        revenue.revenue_per_share = [0; 4];
        ctx.accounts.holder.bump = ctx.bumps.holder;
        debug_assert_ne!(owner, Pubkey::default());
        for e in settled {
            emit_cpi!(e);
        }
        Ok(())
    }

    /// VideoShares' report that `value` shares are about to move from `from` to `to`: settles the
    /// video, then moves the corrections with the shares. Only VideoShares can call it.
    pub fn on_shares_transfer(
        ctx: Context<OnSharesTransfer>,
        video_id: [u8; 32],
        from: Pubkey,
        to: Pubkey,
        value: u64,
    ) -> Result<()> {
        debug_assert_eq!(ctx.accounts.revenue.video_id, video_id);
        require_keys_neq!(from, to, AdRevenueError::SelfTransfer);
        let now = Clock::get()?.unix_timestamp;
        let revenue = &mut ctx.accounts.revenue;
        let settled = revenue.settle(now, ctx.accounts.config.creator_cut_bps);
        let magnified = revenue.magnified(value);
        let sender = &mut ctx.accounts.from_holder;
        sender.correction = (U256::from_limbs(sender.correction).wrapping_add(magnified)).into_limbs();
        let receiver = &mut ctx.accounts.to_holder;
        receiver.correction = (U256::from_limbs(receiver.correction).wrapping_sub(magnified)).into_limbs();
        receiver.bump = ctx.bumps.to_holder;
        for e in settled {
            emit_cpi!(e);
        }
        Ok(())
    }

    /// VideoShares' report that `holder` burns the whole supply (`value`) to redeem the video:
    /// settles it first, so the holders' revenue until now stays theirs. Only VideoShares can
    /// call it.
    pub fn on_redeem(ctx: Context<OnRedeem>, video_id: [u8; 32], holder: Pubkey, value: u64) -> Result<()> {
        debug_assert_eq!(ctx.accounts.revenue.video_id, video_id);
        debug_assert_ne!(holder, Pubkey::default());
        let now = Clock::get()?.unix_timestamp;
        let revenue = &mut ctx.accounts.revenue;
        let settled = revenue.settle(now, ctx.accounts.config.creator_cut_bps);
        revenue.share_supply -= value;
        let magnified = revenue.magnified(value);
        let record = &mut ctx.accounts.holder_record;
        record.correction = (U256::from_limbs(record.correction).wrapping_add(magnified)).into_limbs();
        for e in settled {
            emit_cpi!(e);
        }
        Ok(())
    }
}

/// The program's configuration.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Pauses and sets the creator's cut.
    pub admin: Pubkey,
    /// The ad token every campaign streams.
    pub mint: Pubkey,
    /// The creator's cut of settled revenue, in basis points; the rest goes to the owner.
    pub creator_cut_bps: u16,
    /// Whether new campaigns and top-ups are stopped.
    pub paused: bool,
    /// Campaigns ever opened; ids run from 1.
    pub campaign_count: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// A campaign streaming to a video.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Stream {
    /// The campaign.
    pub campaign_id: u64,
    /// Tokens per second.
    pub rate_per_second: u64,
    /// Deposit not streamed yet.
    pub remaining: u64,
    /// When it was last settled.
    pub last_settled: i64,
}

/// A video's revenue: its streaming campaigns and what it owes.
#[account]
#[derive(InitSpace)]
pub struct VideoRevenue {
    /// The video.
    pub video_id: [u8; 32],
    /// Its creator (the cut's recipient), read from VideoNft at the first campaign.
    pub creator: Pubkey,
    /// Who owner revenue accrues to now (VideoNft reports every transfer).
    pub owner: Pubkey,
    /// All revenue ever settled: the video's valuation.
    pub cumulative_revenue: u64,
    /// The creator cut's rounding remainder, in basis-point units, carried to the next settlement.
    pub cut_carry: u16,
    /// The creator's unclaimed cut.
    pub creator_credit: u64,
    /// The current owner's unclaimed revenue (while the video is not fractionalized).
    pub owner_credit: u64,
    /// Shares of the video in existence (VideoShares reports them); zero: not fractionalized.
    pub share_supply: u64,
    /// Holder revenue per share since the video was fractionalized, in units of 2^-128: a 256-bit
    /// number, its 64-bit limbs least significant first.
    pub revenue_per_share: [u64; 4],
    /// The campaigns streaming now (exhausted ones until a settlement prunes them).
    #[max_len(MAX_ACTIVE_CAMPAIGNS)]
    pub streams: Vec<Stream>,
    /// The PDA's bump.
    pub bump: u8,
}

impl VideoRevenue {
    /// Moves what every stream has streamed since it was last settled into the video's revenue,
    /// credits it (creator cut, then the holders' part in one distribution, as the EVM suite) and
    /// prunes spent streams; one event per stream that streamed anything.
    pub fn settle(&mut self, now: i64, creator_cut_bps: u16) -> Vec<RevenueSettled> {
        let mut events = Vec::new();
        let mut holders = 0;
        for s in &mut self.streams {
            let elapsed = u64::try_from(now - s.last_settled).unwrap_or(0);
            let due = elapsed.saturating_mul(s.rate_per_second).min(s.remaining);
            s.last_settled = now;
            if due == 0 {
                continue;
            }
            s.remaining -= due;
            let scaled = u128::from(due) * u128::from(creator_cut_bps) + u128::from(self.cut_carry);
            let cut = (scaled / u128::from(BPS)) as u64;
            self.cut_carry = (scaled % u128::from(BPS)) as u16;
            self.cumulative_revenue += due;
            self.creator_credit += cut;
            holders += due - cut;
            events.push(RevenueSettled {
                campaign_id: s.campaign_id,
                video_id: self.video_id,
                amount: due,
                creator_amount: cut,
                cumulative_revenue: self.cumulative_revenue,
            });
        }
        self.streams.retain(|s| s.remaining > 0);
        self.distribute(holders);
        events
    }

    /// Credits the holders' part of a settlement: to the owner, or per share while fractionalized
    /// (division dust, below one unit per 2^64, stays in the vault).
    fn distribute(&mut self, amount: u64) {
        match self.share_supply {
            _ if amount == 0 => {}
            0 => self.owner_credit += amount,
            supply => {
                let increment = (U256::from(amount) << MAGNITUDE_BITS) / U256::from(supply);
                self.revenue_per_share = (U256::from_limbs(self.revenue_per_share) + increment).into_limbs();
            }
        }
    }

    /// `value` shares' worth of the accumulator: what a correction moves when they change hands.
    fn magnified(&self, value: u64) -> U256 {
        U256::from_limbs(self.revenue_per_share).wrapping_mul(U256::from(value))
    }

    /// What a holder of `balance` shares with record `holder` has earned and not withdrawn.
    ///
    /// As ERC-2222 in the EVM suite: accumulator times balance plus correction, over 2^128. The
    /// arithmetic is modulo 2^256 with corrections in two's complement: the sum is what the holder
    /// accumulated, at most the video's whole revenue times 2^128, so it comes out exact.
    pub fn dividends(&self, balance: u64, holder: &HolderRevenue) -> u64 {
        let accumulated = self.magnified(balance).wrapping_add(U256::from_limbs(holder.correction));
        u64::try_from(accumulated >> MAGNITUDE_BITS).unwrap_or(u64::MAX) - holder.withdrawn
    }

    /// Settles when the stream list is full, which prunes spent streams; refuses a new stream if
    /// it is still full.
    fn make_room(&mut self, now: i64, creator_cut_bps: u16) -> Result<Vec<RevenueSettled>> {
        if self.streams.len() < MAX_ACTIVE_CAMPAIGNS {
            return Ok(Vec::new());
        }
        let settled = self.settle(now, creator_cut_bps);
        require!(self.streams.len() < MAX_ACTIVE_CAMPAIGNS, AdRevenueError::TooManyCampaigns);
        Ok(settled)
    }

    /// Takes `campaign` out of the stream list (settled first by the caller); its unstreamed
    /// deposit. A streaming campaign missing from the list was spent and pruned.
    fn take(&mut self, campaign_id: u64, campaign: &mut Campaign) -> u64 {
        if !std::mem::take(&mut campaign.streaming) {
            return campaign.remaining;
        }
        match self.streams.iter().position(|s| s.campaign_id == campaign_id) {
            Some(i) => self.streams.remove(i).remaining,
            None => 0,
        }
    }
}

/// A campaign. While it streams, its unstreamed deposit lives in its video's stream list.
#[account]
#[derive(InitSpace)]
pub struct Campaign {
    /// Who opened it: tops up, pauses and cancels.
    pub advertiser: Pubkey,
    /// The video it streams to.
    pub video_id: [u8; 32],
    /// Tokens per second.
    pub rate_per_second: u64,
    /// Unstreamed deposit while not streaming (paused, cancelled); while streaming see the video.
    pub remaining: u64,
    /// Whether it is in its video's stream list.
    pub streaming: bool,
    /// Whether its advertiser paused it.
    pub paused: bool,
    /// Whether it ended.
    pub cancelled: bool,
    /// The PDA's bump.
    pub bump: u8,
}

/// Revenue an account earned from a video while it owned it.
#[account]
#[derive(InitSpace)]
pub struct Credit {
    /// Unclaimed.
    pub amount: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// An account's share-holder revenue record of one video (ERC-2222's per-holder state).
#[account]
#[derive(InitSpace)]
pub struct HolderRevenue {
    /// The magnified correction, a 256-bit two's complement number (limbs least significant
    /// first): added to when shares leave, taken from when they arrive, by the accumulator's value
    /// at that moment.
    pub correction: [u64; 4],
    /// Dividends already claimed.
    pub withdrawn: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// Accounts of [`ad_revenue::initialize`].
#[event_cpi]
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Pays for the accounts and becomes the admin.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration.
    #[account(init, payer = admin, space = 8 + Config::INIT_SPACE, seeds = [seeds::CONFIG], bump)]
    pub config: Account<'info, Config>,
    /// The ad token.
    pub mint: Account<'info, Mint>,
    /// Holds deposits and unclaimed revenue; its authority is the config PDA.
    #[account(init, payer = admin, seeds = [seeds::VAULT], bump, token::mint = mint, token::authority = config)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of the admin's instructions.
#[event_cpi]
#[derive(Accounts)]
pub struct Admin<'info> {
    /// The admin.
    pub admin: Signer<'info>,
    /// The configuration, naming the admin.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = admin @ AdRevenueError::Unauthorized)]
    pub config: Account<'info, Config>,
}

/// Accounts of [`ad_revenue::open_campaign`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct OpenCampaign<'info> {
    /// The advertiser, paying the campaign's rent.
    #[account(mut)]
    pub advertiser: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Account<'info, Config>,
    /// The video, as VideoNft records it.
    #[account(seeds = [tfx_video_nft::seeds::VIDEO, &video_id], bump = video.bump, seeds::program = tfx_video_nft::ID)]
    pub video: Account<'info, tfx_video_nft::Video>,
    /// The video's revenue record, created by its first campaign.
    #[account(
        init_if_needed,
        payer = advertiser,
        space = 8 + VideoRevenue::INIT_SPACE,
        seeds = [seeds::VIDEO, &video_id],
        bump,
    )]
    pub revenue: Account<'info, VideoRevenue>,
    /// The new campaign.
    #[account(
        init,
        payer = advertiser,
        space = 8 + Campaign::INIT_SPACE,
        seeds = [seeds::CAMPAIGN, &(config.campaign_count + 1).to_le_bytes()],
        bump,
    )]
    pub campaign: Account<'info, Campaign>,
    /// The ad token.
    pub mint: Account<'info, Mint>,
    /// Where the deposit comes from.
    #[account(mut, token::mint = mint, token::authority = advertiser)]
    pub advertiser_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`ad_revenue::top_up`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(campaign_id: u64)]
pub struct TopUp<'info> {
    /// The campaign's advertiser.
    pub advertiser: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Account<'info, Config>,
    /// The campaign.
    #[account(
        mut,
        seeds = [seeds::CAMPAIGN, &campaign_id.to_le_bytes()],
        bump = campaign.bump,
        has_one = advertiser @ AdRevenueError::NotAdvertiser,
        constraint = !campaign.cancelled @ AdRevenueError::CampaignCancelled,
    )]
    pub campaign: Account<'info, Campaign>,
    /// Its video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &campaign.video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
    /// The ad token.
    pub mint: Account<'info, Mint>,
    /// Where the top-up comes from.
    #[account(mut, token::mint = mint, token::authority = advertiser)]
    pub advertiser_tokens: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`ad_revenue::set_campaign_paused`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(campaign_id: u64)]
pub struct ChangeCampaign<'info> {
    /// The campaign's advertiser.
    pub advertiser: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The campaign.
    #[account(
        mut,
        seeds = [seeds::CAMPAIGN, &campaign_id.to_le_bytes()],
        bump = campaign.bump,
        has_one = advertiser @ AdRevenueError::NotAdvertiser,
        constraint = !campaign.cancelled @ AdRevenueError::CampaignCancelled,
    )]
    pub campaign: Account<'info, Campaign>,
    /// Its video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &campaign.video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
}

/// Accounts of [`ad_revenue::cancel`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(campaign_id: u64)]
pub struct Cancel<'info> {
    /// The campaign's advertiser.
    pub advertiser: Signer<'info>,
    /// The configuration: the vault's authority.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Account<'info, Config>,
    /// The campaign.
    #[account(
        mut,
        seeds = [seeds::CAMPAIGN, &campaign_id.to_le_bytes()],
        bump = campaign.bump,
        has_one = advertiser @ AdRevenueError::NotAdvertiser,
        constraint = !campaign.cancelled @ AdRevenueError::CampaignCancelled,
    )]
    pub campaign: Account<'info, Campaign>,
    /// Its video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &campaign.video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
    /// The ad token.
    pub mint: Account<'info, Mint>,
    /// Receives the refund.
    #[account(mut, token::mint = mint)]
    pub refund_to: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`ad_revenue::settle_video`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct SettleVideo<'info> {
    /// The configuration (the creator's cut).
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
}

/// Accounts of [`ad_revenue::claim`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct Claim<'info> {
    /// Who claims.
    pub claimant: Signer<'info>,
    /// The configuration: the vault's authority.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = mint)]
    pub config: Account<'info, Config>,
    /// The video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
    /// The claimant's revenue from when it owned the video, if it did.
    #[account(mut, seeds = [seeds::CREDIT, &video_id, claimant.key().as_ref()], bump = credit.bump)]
    pub credit: Option<Account<'info, Credit>>,
    /// The claimant's share-holder record, if it ever held shares of the video (with `holding`).
    #[account(mut, seeds = [seeds::HOLDER, &video_id, claimant.key().as_ref()], bump = holder.bump)]
    pub holder: Option<Account<'info, HolderRevenue>>,
    /// The claimant's shares of the video in VideoShares, if it holds any.
    #[account(
        seeds = [tfx_video_shares::seeds::SHARES, &video_id, claimant.key().as_ref()],
        bump = holding.bump,
        seeds::program = VIDEO_SHARES,
    )]
    pub holding: Option<Account<'info, tfx_video_shares::Holding>>,
    /// The ad token.
    pub mint: Account<'info, Mint>,
    /// Receives the revenue.
    #[account(mut, token::mint = mint)]
    pub to: Account<'info, TokenAccount>,
    /// The vault.
    #[account(mut, seeds = [seeds::VAULT], bump)]
    pub vault: Account<'info, TokenAccount>,
    /// The SPL token program.
    pub token_program: Program<'info, Token>,
}

/// Accounts of [`ad_revenue::on_video_transfer`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32], from: Pubkey)]
pub struct OnVideoTransfer<'info> {
    /// VideoNft's config PDA, signing: only VideoNft reports transfers.
    #[account(seeds = [tfx_video_nft::seeds::CONFIG], bump, seeds::program = tfx_video_nft::ID)]
    pub videos: Signer<'info>,
    /// The configuration (the creator's cut).
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
    /// The seller's credit.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + Credit::INIT_SPACE,
        seeds = [seeds::CREDIT, &video_id, from.as_ref()],
        bump,
    )]
    pub seller_credit: Account<'info, Credit>,
    /// Pays the credit's rent: whoever signed the transfer.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`ad_revenue::on_fractionalize`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32], owner: Pubkey)]
pub struct OnFractionalize<'info> {
    /// VideoShares' config PDA, signing: only VideoShares reports share movements.
    #[account(seeds = [tfx_video_shares::seeds::CONFIG], bump, seeds::program = VIDEO_SHARES)]
    pub shares: Signer<'info>,
    /// The configuration (the creator's cut).
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video, as VideoNft records it (its creator, for a new record).
    #[account(seeds = [tfx_video_nft::seeds::VIDEO, &video_id], bump = video.bump, seeds::program = tfx_video_nft::ID)]
    pub video: Account<'info, tfx_video_nft::Video>,
    /// The video's revenue record, created here if no campaign did.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + VideoRevenue::INIT_SPACE,
        seeds = [seeds::VIDEO, &video_id],
        bump,
    )]
    pub revenue: Account<'info, VideoRevenue>,
    /// The owner's holder record.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + HolderRevenue::INIT_SPACE,
        seeds = [seeds::HOLDER, &video_id, owner.as_ref()],
        bump,
    )]
    pub holder: Account<'info, HolderRevenue>,
    /// Pays new records' rent: whoever signed the fractionalization.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`ad_revenue::on_shares_transfer`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32], from: Pubkey, to: Pubkey)]
pub struct OnSharesTransfer<'info> {
    /// VideoShares' config PDA, signing.
    #[account(seeds = [tfx_video_shares::seeds::CONFIG], bump, seeds::program = VIDEO_SHARES)]
    pub shares: Signer<'info>,
    /// The configuration (the creator's cut).
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
    /// The sender's holder record.
    #[account(mut, seeds = [seeds::HOLDER, &video_id, from.as_ref()], bump = from_holder.bump)]
    pub from_holder: Account<'info, HolderRevenue>,
    /// The receiver's holder record.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + HolderRevenue::INIT_SPACE,
        seeds = [seeds::HOLDER, &video_id, to.as_ref()],
        bump,
    )]
    pub to_holder: Account<'info, HolderRevenue>,
    /// Pays the receiver's record's rent: the sender.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`ad_revenue::on_redeem`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32], holder: Pubkey)]
pub struct OnRedeem<'info> {
    /// VideoShares' config PDA, signing.
    #[account(seeds = [tfx_video_shares::seeds::CONFIG], bump, seeds::program = VIDEO_SHARES)]
    pub shares: Signer<'info>,
    /// The configuration (the creator's cut).
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's revenue record.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = revenue.bump)]
    pub revenue: Account<'info, VideoRevenue>,
    /// The redeemer's holder record.
    #[account(mut, seeds = [seeds::HOLDER, &video_id, holder.as_ref()], bump = holder_record.bump)]
    pub holder_record: Account<'info, HolderRevenue>,
}

/// A campaign was opened (the EVM suite's `CampaignOpened`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignOpened {
    /// The campaign.
    pub campaign_id: u64,
    /// Its video.
    pub video_id: [u8; 32],
    /// Its advertiser.
    pub advertiser: Pubkey,
    /// Tokens per second.
    pub rate_per_second: u64,
    /// The deposit.
    pub deposit: u64,
}

/// A campaign's deposit grew (the EVM suite's `CampaignToppedUp`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignToppedUp {
    /// The campaign.
    pub campaign_id: u64,
    /// Added.
    pub amount: u64,
    /// Unstreamed after it.
    pub remaining: u64,
}

/// A campaign stopped or resumed streaming (the EVM suite's `CampaignPaused`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignPaused {
    /// The campaign.
    pub campaign_id: u64,
    /// Whether it is paused now.
    pub paused: bool,
}

/// A campaign ended with a refund (the EVM suite's `CampaignCancelled`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignCancelled {
    /// The campaign.
    pub campaign_id: u64,
    /// What went back to the advertiser.
    pub refund: u64,
}

/// Streamed revenue was distributed (the EVM suite's `RevenueSettled`).
#[event]
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct RevenueSettled {
    /// The campaign it streamed from.
    pub campaign_id: u64,
    /// The video.
    pub video_id: [u8; 32],
    /// Streamed since the last settlement.
    pub amount: u64,
    /// The creator's cut of it.
    pub creator_amount: u64,
    /// The video's all-time revenue: its valuation.
    pub cumulative_revenue: u64,
}

/// An account withdrew its revenue from a video (the EVM suite's `RevenueClaimed`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct RevenueClaimed {
    /// The video.
    pub video_id: [u8; 32],
    /// Who claimed.
    pub account: Pubkey,
    /// How much.
    pub amount: u64,
}

/// The creator's cut changed (the EVM suite's `CreatorCutSet`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct CreatorCutSet {
    /// Basis points.
    pub creator_cut_bps: u16,
}

/// AdRevenue's errors, named as the EVM suite's (`AdRevenue...` without the prefix).
#[error_code]
pub enum AdRevenueError {
    /// The video was never minted.
    #[msg("the video was never minted")]
    UnknownVideo,
    /// Only the campaign's advertiser may do this.
    #[msg("only the campaign's advertiser may do this")]
    NotAdvertiser,
    /// The campaign was cancelled.
    #[msg("the campaign was cancelled")]
    CampaignCancelled,
    /// The campaign is already in that pause state.
    #[msg("the campaign is already in that state")]
    PauseUnchanged,
    /// A rate, deposit or top-up of zero.
    #[msg("amounts must be positive")]
    ZeroAmount,
    /// A creator cut above 100%.
    #[msg("the creator cut is above 10000 basis points")]
    InvalidCreatorCut,
    /// Nothing to claim.
    #[msg("nothing to claim")]
    NothingToClaim,
    /// The video already streams from the most campaigns at once.
    #[msg("the video already streams from 16 campaigns")]
    TooManyCampaigns,
    /// New campaigns and top-ups are paused.
    #[msg("paused")]
    Paused,
    /// Not the admin.
    #[msg("only the admin may do this")]
    Unauthorized,
    /// A transfer report from an account that is not the video's owner here.
    #[msg("the transfer's seller is not the video's owner")]
    NotOwner,
    /// A share movement report from a holder to itself (VideoShares never sends one).
    #[msg("a share transfer to the sender itself")]
    SelfTransfer,
    /// A claim naming the claimant's holder record but not its shares.
    #[msg("a holder's claim names its shares in VideoShares too")]
    HoldingMissing,
}

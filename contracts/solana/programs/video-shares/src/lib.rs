//! VideoShares on Solana: the rules of `contracts/evm/src/VideoShares.sol`, the Solana way.
//!
//! - A video's owner fractionalizes it: the video goes into the program's custody (its config
//!   PDA, which the owner approves in VideoNft in the same transaction, as an ERC-721 operator)
//!   and `supply` shares are recorded to the owner (`["shares", video_id, holder]`).
//! - Shares move by `transfer`, signed by their holder. Whoever holds the whole supply redeems
//!   the video: the shares are burned and the video comes back to them.
//! - Every movement (fractionalize, transfer, redeem) is reported to AdRevenue before balances
//!   move, signed by the config PDA, as the EVM suite's share hook: AdRevenue settles the video's
//!   streams and moves the holders' revenue corrections with the shares.
//!
//! Shares are balances this program records rather than an SPL mint per video because every
//! movement must settle the video's revenue first (the review's F1 class). SPL Token moves
//! balances without telling anyone; Token-2022's transfer hook runs after the move, with the
//! holder's signature dropped, and every wallet would have to resolve the hook's extra accounts
//! (AdRevenue's record of the video and of both holders) to send one share.
//!
//! Every state change is an `emit_cpi!` event named and shaped as the EVM suite's (ERC-1155's
//! `TransferSingle` as [`SharesTransferred`]).

// Anchor's macros generate public modules and account structs without docs.
#![allow(missing_docs)]

use anchor_lang::prelude::*;
use tfx_solana_vault::{ReportAccount, report};
use tfx_video_nft::Video;

declare_id!("5Rg68ghk4us8HEZ7mvt6BTvG9Yrd9MS7NXSHUx6DUGty");

/// AdRevenue's program id, told of every share movement (the EVM suite's revenue hook).
pub const AD_REVENUE: Pubkey = tfx_video_nft::AD_REVENUE;

/// Seeds of the program's accounts.
pub mod seeds {
    /// The one configuration account: custodian of fractionalized videos, signer of reports.
    pub const CONFIG: &[u8] = b"config";
    /// A video's share supply: `["video", video_id]`.
    pub const VIDEO: &[u8] = b"video";
    /// A holder's shares of a video: `["shares", video_id, holder]`.
    pub const SHARES: &[u8] = b"shares";
}

/// AdRevenue's seed of its holder records, which instructions here name by the signer's key
/// (AdRevenue's crate depends on this one, so it is spelled here).
const HOLDER_SEED: &[u8] = b"holder";

#[program]
pub mod video_shares {
    use super::*;

    /// Creates the configuration, the custodian of fractionalized videos.
    pub fn initialize(ctx: Context<Initialize>) -> Result<()> {
        ctx.accounts.config.bump = ctx.bumps.config;
        Ok(())
    }

    /// Locks the signer's video `video_id` here and records `supply` shares of it to the signer.
    /// The owner approves the config PDA for the video in VideoNft first (same transaction).
    pub fn fractionalize(ctx: Context<Fractionalize>, video_id: [u8; 32], supply: u64) -> Result<()> {
        require!(supply > 0, VideoSharesError::InvalidSupply);
        let owner = ctx.accounts.owner.key();
        require_keys_eq!(ctx.accounts.nft.video.owner, owner, VideoSharesError::NotOwner);
        let a = &ctx.accounts;
        let custody = a.config.key();
        a.nft.transfer(video_id, custody, &a.config, &a.owner, &a.revenue, &a.system_program)?;
        let args = borsh::to_vec(&(video_id, owner, supply))?;
        let accounts = vec![
            (a.config.to_account_info(), false, true),
            (a.revenue.config.to_account_info(), false, false),
            (a.nft.video.to_account_info(), false, false),
            (a.revenue.record.to_account_info(), true, false),
            (a.holder_revenue.to_account_info(), true, false),
            (a.owner.to_account_info(), true, true),
            (a.system_program.to_account_info(), false, false),
        ];
        a.revenue.report("on_fractionalize", &args, accounts, a.config.bump)?;
        ctx.accounts.supply.supply = supply;
        ctx.accounts.supply.bump = ctx.bumps.supply;
        let holding = &mut ctx.accounts.holding;
        holding.balance += supply;
        holding.bump = ctx.bumps.holding;
        emit_cpi!(VideoFractionalized { video_id, owner, supply });
        emit_cpi!(SharesTransferred { operator: owner, video_id, from: Pubkey::default(), to: owner, amount: supply });
        Ok(())
    }

    /// Moves `amount` of the signer's shares of `video_id` to `to`.
    pub fn transfer(ctx: Context<TransferShares>, video_id: [u8; 32], to: Pubkey, amount: u64) -> Result<()> {
        require!(to != Pubkey::default(), VideoSharesError::InvalidReceiver);
        let from = ctx.accounts.holder.key();
        let held = ctx.accounts.from_shares.balance;
        require!(held >= amount, VideoSharesError::InsufficientBalance);
        if from != to {
            let a = &ctx.accounts;
            let args = borsh::to_vec(&(video_id, from, to, amount))?;
            let accounts = vec![
                (a.config.to_account_info(), false, true),
                (a.revenue.config.to_account_info(), false, false),
                (a.revenue.record.to_account_info(), true, false),
                (a.from_revenue.to_account_info(), true, false),
                (a.to_revenue.to_account_info(), true, false),
                (a.holder.to_account_info(), true, true),
                (a.system_program.to_account_info(), false, false),
            ];
            a.revenue.report("on_shares_transfer", &args, accounts, a.config.bump)?;
            ctx.accounts.from_shares.balance = held - amount;
            let receiver = &mut ctx.accounts.to_shares;
            receiver.balance += amount;
            receiver.bump = ctx.bumps.to_shares;
        }
        emit_cpi!(SharesTransferred { operator: from, video_id, from, to, amount });
        Ok(())
    }

    /// Burns the signer's whole supply of `video_id` and gives the video back to the signer.
    pub fn redeem(ctx: Context<Redeem>, video_id: [u8; 32]) -> Result<()> {
        let supply = ctx.accounts.supply.supply;
        require!(supply != 0, VideoSharesError::NotFractionalized);
        let held = ctx.accounts.holding.balance;
        require!(held == supply, VideoSharesError::IncompleteSupply);
        let holder = ctx.accounts.holder.key();
        let a = &ctx.accounts;
        let args = borsh::to_vec(&(video_id, holder, supply))?;
        let accounts = vec![
            (a.config.to_account_info(), false, true),
            (a.revenue.config.to_account_info(), false, false),
            (a.revenue.record.to_account_info(), true, false),
            (a.holder_revenue.to_account_info(), true, false),
        ];
        a.revenue.report("on_redeem", &args, accounts, a.config.bump)?;
        a.nft.transfer(video_id, holder, &a.config, &a.holder, &a.revenue, &a.system_program)?;
        ctx.accounts.holding.balance = 0;
        ctx.accounts.supply.supply = 0;
        emit_cpi!(SharesTransferred {
            operator: holder,
            video_id,
            from: holder,
            to: Pubkey::default(),
            amount: supply
        });
        emit_cpi!(VideoRedeemed { video_id, holder });
        Ok(())
    }
}

/// The program's configuration; its PDA holds fractionalized videos.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// The PDA's bump.
    pub bump: u8,
}

/// A video's share supply (zero: not fractionalized, or redeemed).
#[account]
#[derive(InitSpace)]
pub struct ShareSupply {
    /// Shares in existence.
    pub supply: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// A holder's shares of one video.
#[account]
#[derive(InitSpace)]
pub struct Holding {
    /// Shares held.
    pub balance: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// AdRevenue's accounts every report names. AdRevenue checks their seeds itself; and a
/// composite takes no instruction arguments (Anchor hands it what the outer struct left unread).
#[derive(Accounts)]
pub struct RevenueAccounts<'info> {
    /// CHECK: AdRevenue's configuration (AdRevenue checks its seeds).
    pub config: UncheckedAccount<'info>,
    /// CHECK: AdRevenue's record of the video (AdRevenue checks its seeds and data).
    #[account(mut)]
    pub record: UncheckedAccount<'info>,
    /// CHECK: AdRevenue's `emit_cpi!` authority (AdRevenue checks its seeds).
    pub events: UncheckedAccount<'info>,
    /// CHECK: the AdRevenue program.
    #[account(address = AD_REVENUE)]
    pub program: UncheckedAccount<'info>,
}

impl<'info> RevenueAccounts<'info> {
    /// Reports a share movement to AdRevenue, with its event accounts appended.
    fn report(&self, name: &str, args: &[u8], mut accounts: Vec<ReportAccount<'info>>, bump: u8) -> Result<()> {
        accounts.push((self.events.to_account_info(), false, false));
        accounts.push((self.program.to_account_info(), false, false));
        report(AD_REVENUE, name, args, accounts, bump)
    }
}

/// VideoNft's accounts of a move into or out of custody (and AdRevenue's seller credit, which
/// VideoNft's transfer reports to). VideoNft checks their seeds in that transfer, which every
/// instruction naming them makes.
#[derive(Accounts)]
pub struct NftAccounts<'info> {
    /// CHECK: VideoNft's configuration (VideoNft checks its seeds).
    pub config: UncheckedAccount<'info>,
    /// The video, as VideoNft records it (VideoNft checks that its seeds are the video id's).
    #[account(mut)]
    pub video: Account<'info, Video>,
    /// CHECK: AdRevenue's credit of the video's current owner (VideoNft checks its seeds).
    #[account(mut)]
    pub seller_credit: UncheckedAccount<'info>,
    /// CHECK: VideoNft's `emit_cpi!` authority (VideoNft checks its seeds).
    pub events: UncheckedAccount<'info>,
    /// The VideoNft program.
    pub program: Program<'info, tfx_video_nft::program::VideoNft>,
}

impl<'info> NftAccounts<'info> {
    /// Moves the video to `to`, the config PDA (`custody`) signing as its owner or approved
    /// operator; `payer` pays AdRevenue's seller credit if it is new.
    fn transfer(
        &self,
        video_id: [u8; 32],
        to: Pubkey,
        custody: &Account<'info, Config>,
        payer: &Signer<'info>,
        revenue: &RevenueAccounts<'info>,
        system_program: &Program<'info, System>,
    ) -> Result<()> {
        let accounts = tfx_video_nft::cpi::accounts::Transfer {
            authority: custody.to_account_info(),
            payer: payer.to_account_info(),
            config: self.config.to_account_info(),
            video: self.video.to_account_info(),
            revenue: revenue.record.to_account_info(),
            seller_credit: self.seller_credit.to_account_info(),
            revenue_config: revenue.config.to_account_info(),
            revenue_events: revenue.events.to_account_info(),
            ad_revenue: revenue.program.to_account_info(),
            system_program: system_program.to_account_info(),
            event_authority: self.events.to_account_info(),
            program: self.program.to_account_info(),
        };
        let bump = [custody.bump];
        let signer: &[&[&[u8]]] = &[&[seeds::CONFIG, &bump]];
        tfx_video_nft::cpi::transfer(CpiContext::new_with_signer(tfx_video_nft::ID, accounts, signer), video_id, to)
    }
}

/// Accounts of [`video_shares::initialize`].
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Pays for the configuration.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The configuration.
    #[account(init, payer = payer, space = 8 + Config::INIT_SPACE, seeds = [seeds::CONFIG], bump)]
    pub config: Account<'info, Config>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`video_shares::fractionalize`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct Fractionalize<'info> {
    /// The video's owner, paying the new accounts' rent.
    #[account(mut)]
    pub owner: Signer<'info>,
    /// The configuration: takes the video into custody.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's share supply.
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + ShareSupply::INIT_SPACE,
        seeds = [seeds::VIDEO, &video_id],
        bump,
    )]
    pub supply: Account<'info, ShareSupply>,
    /// The owner's shares.
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + Holding::INIT_SPACE,
        seeds = [seeds::SHARES, &video_id, owner.key().as_ref()],
        bump,
    )]
    pub holding: Account<'info, Holding>,
    /// CHECK: AdRevenue's record of the owner as a holder (its seeds are checked); AdRevenue
    /// creates it.
    #[account(mut, seeds = [HOLDER_SEED, &video_id, owner.key().as_ref()], bump, seeds::program = AD_REVENUE)]
    pub holder_revenue: UncheckedAccount<'info>,
    /// VideoNft's accounts of the move into custody.
    pub nft: NftAccounts<'info>,
    /// AdRevenue's accounts.
    pub revenue: RevenueAccounts<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`video_shares::transfer`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32], to: Pubkey)]
pub struct TransferShares<'info> {
    /// The sender, paying the receiver's accounts' rent when they are new.
    #[account(mut)]
    pub holder: Signer<'info>,
    /// The configuration: signs the report.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The sender's shares.
    #[account(mut, seeds = [seeds::SHARES, &video_id, holder.key().as_ref()], bump = from_shares.bump)]
    pub from_shares: Account<'info, Holding>,
    /// The receiver's shares (the sender's own, for a transfer to oneself: a no-op, as ERC-1155).
    #[account(
        init_if_needed,
        dup,
        payer = holder,
        space = 8 + Holding::INIT_SPACE,
        seeds = [seeds::SHARES, &video_id, to.as_ref()],
        bump,
    )]
    pub to_shares: Account<'info, Holding>,
    /// CHECK: AdRevenue's record of the sender as a holder (its seeds are checked).
    #[account(mut, seeds = [HOLDER_SEED, &video_id, holder.key().as_ref()], bump, seeds::program = AD_REVENUE)]
    pub from_revenue: UncheckedAccount<'info>,
    /// CHECK: AdRevenue's record of the receiver as a holder (its seeds are checked); AdRevenue
    /// creates it.
    #[account(mut, dup, seeds = [HOLDER_SEED, &video_id, to.as_ref()], bump, seeds::program = AD_REVENUE)]
    pub to_revenue: UncheckedAccount<'info>,
    /// AdRevenue's accounts.
    pub revenue: RevenueAccounts<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`video_shares::redeem`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct Redeem<'info> {
    /// The holder of the whole supply, paying VideoNft's and AdRevenue's new accounts' rent.
    #[account(mut)]
    pub holder: Signer<'info>,
    /// The configuration: gives the video back.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's share supply.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = supply.bump)]
    pub supply: Account<'info, ShareSupply>,
    /// The holder's shares.
    #[account(mut, seeds = [seeds::SHARES, &video_id, holder.key().as_ref()], bump = holding.bump)]
    pub holding: Account<'info, Holding>,
    /// CHECK: AdRevenue's record of the holder (its seeds are checked).
    #[account(mut, seeds = [HOLDER_SEED, &video_id, holder.key().as_ref()], bump, seeds::program = AD_REVENUE)]
    pub holder_revenue: UncheckedAccount<'info>,
    /// VideoNft's accounts of the move out of custody.
    pub nft: NftAccounts<'info>,
    /// AdRevenue's accounts.
    pub revenue: RevenueAccounts<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// A video was locked and split into shares (the EVM suite's `VideoFractionalized`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct VideoFractionalized {
    /// The video.
    pub video_id: [u8; 32],
    /// Its owner, who holds every share now.
    pub owner: Pubkey,
    /// Shares created.
    pub supply: u64,
}

/// The whole supply was burned and the video returned (the EVM suite's `VideoRedeemed`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct VideoRedeemed {
    /// The video.
    pub video_id: [u8; 32],
    /// Who holds it now.
    pub holder: Pubkey,
}

/// Shares moved (ERC-1155's `TransferSingle`; from the default key: created, to it: burned).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct SharesTransferred {
    /// Who signed the movement.
    pub operator: Pubkey,
    /// The video.
    pub video_id: [u8; 32],
    /// The sender.
    pub from: Pubkey,
    /// The receiver.
    pub to: Pubkey,
    /// Shares moved.
    pub amount: u64,
}

/// VideoShares' errors, named as the EVM suite's (`VideoShares...` without the prefix).
#[error_code]
pub enum VideoSharesError {
    /// A supply of zero.
    #[msg("the share supply must be positive")]
    InvalidSupply,
    /// The video is not fractionalized.
    #[msg("the video is not fractionalized")]
    NotFractionalized,
    /// The redeemer does not hold the whole supply.
    #[msg("redeeming needs the whole share supply")]
    IncompleteSupply,
    /// The signer does not own the video.
    #[msg("the signer does not own this video")]
    NotOwner,
    /// More shares than the sender holds (ERC-1155's `ERC1155InsufficientBalance`).
    #[msg("the sender holds fewer shares")]
    InsufficientBalance,
    /// The receiver is the default key (ERC-1155's `ERC1155InvalidReceiver`).
    #[msg("the receiver must not be the default key")]
    InvalidReceiver,
}

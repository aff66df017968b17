//! VideoNft on Solana: the rules of `contracts/evm/src/VideoNft.sol`, the Solana way.
//!
//! - A video is a PDA keyed by its content hash (`["video", content_hash]`), as its EVM token id
//!   is the content hash: creator, owner, playback id, royalty, mint time.
//! - Mints are committed first and revealed after `commit_min_age` (within `commit_max_age`), so a
//!   content hash seen in a pending transaction cannot be minted first by someone else: the
//!   commitment (`["commit", commitment]`) binds the creator, a salt and the content hash.
//! - A registrar reserves a video id for its creator (the cross-chain twin of a video minted on
//!   another chain); the reserved creator mints it without a commitment, nobody else can.
//! - Ownership moves by `transfer`, signed by the owner or the one account it approved for that
//!   video; an approval is cleared by the transfer. A video goes to VideoShares only through its
//!   `fractionalize` (the EVM suite's `safeTransferFrom` rule). Royalties (`royalty_of`) go to the creator
//!   whoever owns the video.
//! - An admin pauses minting and transfers, and sets the metadata base URI.
//!
//! Every state change is an `emit_cpi!` event.

// Anchor's macros generate public modules and account structs without docs.
#![allow(missing_docs)]

use anchor_lang::prelude::*;
use solana_sha256_hasher::hashv;

declare_id!("7HYTh63F2r4ssYwoM5KGBX6S5PGp8syyi5GyWVsELMY5");

/// Highest royalty, in basis points (25%).
pub const MAX_ROYALTY_BPS: u16 = 2_500;
/// Longest playback id, in bytes.
pub const MAX_PLAYBACK_ID_LENGTH: usize = 64;
/// Longest metadata base URI, in bytes.
pub const MAX_BASE_URI_LENGTH: usize = 200;
/// Longest commitment lifetime a deployment may choose (30 days).
pub const MAX_COMMIT_AGE_BOUND: i64 = 30 * 86_400;

/// AdRevenue's program id: a transfer settles the video's ad revenue there first (the EVM suite's
/// revenue hook). The programs know each other by their ids, fixed at build like every program id.
pub const AD_REVENUE: Pubkey = pubkey!("AUBgDNGxqfkSKMu2MwfkqM8naJUPtr8GwZiDFLJr1k5V");

/// VideoShares' config PDA (`["config"]` of its program id), which holds fractionalized videos
/// and takes one in only by signing (its `fractionalize`), so a plain transfer cannot lock a video
/// without shares. Spelled out rather than derived at each transfer (a PDA search costs compute
/// units on every call); a test checks it against VideoShares' id.
pub const VIDEO_SHARES_CUSTODY: Pubkey = pubkey!("Dpixc8WfC6fAonKyGtvgpC2Ao9jCDo9iwFfig32qhMq8");

/// Seeds of the program's accounts.
pub mod seeds {
    /// The one configuration account.
    pub const CONFIG: &[u8] = b"config";
    /// A video: `["video", content_hash]`.
    pub const VIDEO: &[u8] = b"video";
    /// A mint commitment: `["commit", commitment]`.
    pub const COMMIT: &[u8] = b"commit";
}

/// The commitment a creator publishes before minting `content_hash` with `salt`.
pub fn mint_commitment(creator: &Pubkey, salt: &[u8; 32], content_hash: &[u8; 32]) -> [u8; 32] {
    hashv(&[creator.as_ref(), salt, content_hash]).to_bytes()
}

#[program]
pub mod video_nft {
    use super::*;

    /// Creates the configuration: `admin` administers, pauses and registers; commitments are
    /// revealable from `commit_min_age` to `commit_max_age` seconds after they were made.
    pub fn initialize(ctx: Context<Initialize>, commit_min_age: i64, commit_max_age: i64) -> Result<()> {
        require!(
            commit_min_age > 0 && commit_max_age > commit_min_age && commit_max_age <= MAX_COMMIT_AGE_BOUND,
            VideoNftError::InvalidCommitAges
        );
        let config = &mut ctx.accounts.config;
        config.admin = ctx.accounts.admin.key();
        config.commit_min_age = commit_min_age;
        config.commit_max_age = commit_max_age;
        config.paused = false;
        config.total_supply = 0;
        config.base_uri = String::new();
        config.bump = ctx.bumps.config;
        Ok(())
    }

    /// Sets the metadata base URI: a video's metadata is at `<base><content hash as hex>`.
    pub fn set_base_uri(ctx: Context<Admin>, base_uri: String) -> Result<()> {
        require!(base_uri.len() <= MAX_BASE_URI_LENGTH, VideoNftError::BaseUriTooLong);
        ctx.accounts.config.base_uri = base_uri.clone();
        emit_cpi!(BaseUriSet { base_uri });
        Ok(())
    }

    /// Stops minting and transfers.
    pub fn pause(ctx: Context<Admin>) -> Result<()> {
        require!(!ctx.accounts.config.paused, VideoNftError::Paused);
        ctx.accounts.config.paused = true;
        emit_cpi!(Paused { by: ctx.accounts.admin.key() });
        Ok(())
    }

    /// Resumes minting and transfers.
    pub fn unpause(ctx: Context<Admin>) -> Result<()> {
        require!(ctx.accounts.config.paused, VideoNftError::NotPaused);
        ctx.accounts.config.paused = false;
        emit_cpi!(Unpaused { by: ctx.accounts.admin.key() });
        Ok(())
    }

    /// Publishes a mint commitment ([`mint_commitment`]). A live commitment cannot be renewed
    /// (that would move its reveal window); an expired one can.
    pub fn commit_mint(ctx: Context<CommitMint>, commitment: [u8; 32]) -> Result<()> {
        require!(!ctx.accounts.config.paused, VideoNftError::Paused);
        let now = Clock::get()?.unix_timestamp;
        let record = &mut ctx.accounts.record;
        require!(
            record.committed_at == 0 || now > record.committed_at + ctx.accounts.config.commit_max_age,
            VideoNftError::AlreadyCommitted
        );
        record.committed_at = now;
        record.bump = ctx.bumps.record;
        emit_cpi!(MintCommitted { commitment, committer: ctx.accounts.committer.key(), committed_at: now });
        Ok(())
    }

    /// Reserves `video_id` for `creator` (a video minted on another chain). Admin only.
    pub fn reserve(ctx: Context<Reserve>, video_id: [u8; 32], creator: Pubkey) -> Result<()> {
        require!(video_id != [0; 32], VideoNftError::InvalidContentHash);
        let video = &mut ctx.accounts.video;
        require!(video.minted_at == 0, VideoNftError::AlreadyMinted);
        video.creator = creator;
        video.bump = ctx.bumps.video;
        emit_cpi!(VideoReserved { video_id, creator });
        Ok(())
    }

    /// Mints the video `content_hash` to its creator: revealing the commitment made with `salt`,
    /// or without one when the id was reserved for this creator.
    pub fn mint(
        ctx: Context<Mint>,
        content_hash: [u8; 32],
        playback_id: String,
        royalty_bps: u16,
        salt: [u8; 32],
    ) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require!(!config.paused, VideoNftError::Paused);
        require!(content_hash != [0; 32], VideoNftError::InvalidContentHash);
        require!((1..=MAX_PLAYBACK_ID_LENGTH).contains(&playback_id.len()), VideoNftError::InvalidPlaybackId);
        require!(royalty_bps <= MAX_ROYALTY_BPS, VideoNftError::RoyaltyTooHigh);
        let creator = ctx.accounts.creator.key();
        let now = Clock::get()?.unix_timestamp;
        let video = &mut ctx.accounts.video;
        require!(video.minted_at == 0, VideoNftError::AlreadyMinted);
        let reserved = video.creator != Pubkey::default();
        if reserved {
            require_keys_eq!(video.creator, creator, VideoNftError::Reserved);
        } else {
            let commitment = ctx.accounts.commitment.as_ref().ok_or(VideoNftError::UnknownCommitment)?;
            let expected = Pubkey::find_program_address(
                &[seeds::COMMIT, &mint_commitment(&creator, &salt, &content_hash)],
                &crate::ID,
            )
            .0;
            require_keys_eq!(commitment.key(), expected, VideoNftError::UnknownCommitment);
            let at = commitment.committed_at;
            require!(at != 0 && now <= at + config.commit_max_age, VideoNftError::UnknownCommitment);
            require!(now >= at + config.commit_min_age, VideoNftError::CommitmentTooNew);
            commitment.close(ctx.accounts.creator.to_account_info())?;
        }
        video.creator = creator;
        video.owner = creator;
        video.approved = None;
        video.royalty_bps = royalty_bps;
        video.minted_at = now;
        video.playback_id = playback_id.clone();
        video.bump = ctx.bumps.video;
        config.total_supply += 1;
        emit_cpi!(VideoMinted { video_id: content_hash, creator, playback_id, royalty_bps });
        // ERC-721's mint `Transfer` from zero: ownership history starts at the mint.
        emit_cpi!(VideoTransferred { video_id: content_hash, from: Pubkey::default(), to: creator });
        Ok(())
    }

    /// Lets `operator` transfer the video once (`None` withdraws the approval). Owner only.
    pub fn approve(ctx: Context<Approve>, video_id: [u8; 32], operator: Option<Pubkey>) -> Result<()> {
        let video = &mut ctx.accounts.video;
        require!(video.minted_at != 0, VideoNftError::NonexistentVideo);
        require_keys_eq!(video.owner, ctx.accounts.owner.key(), VideoNftError::NotOwner);
        video.approved = operator;
        emit_cpi!(Approval { video_id, owner: video.owner, operator });
        Ok(())
    }

    /// Moves the video from its owner to `to`, signed by the owner or its approved operator.
    pub fn transfer(ctx: Context<Transfer>, video_id: [u8; 32], to: Pubkey) -> Result<()> {
        require!(!ctx.accounts.config.paused, VideoNftError::Paused);
        require!(to != Pubkey::default(), VideoNftError::InvalidReceiver);
        let video = &mut ctx.accounts.video;
        require!(video.minted_at != 0, VideoNftError::NonexistentVideo);
        let signer = ctx.accounts.authority.key();
        require!(signer == video.owner || video.approved == Some(signer), VideoNftError::InsufficientApproval);
        require!(to != VIDEO_SHARES_CUSTODY || signer == VIDEO_SHARES_CUSTODY, VideoNftError::UseFractionalize);
        let from = video.owner;
        ctx.accounts.settle_revenue(video_id, from, to)?;
        let video = &mut ctx.accounts.video;
        video.owner = to;
        video.approved = None;
        emit_cpi!(VideoTransferred { video_id, from, to });
        Ok(())
    }
}

/// The program's configuration.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Pauses, sets the base URI and reserves ids.
    pub admin: Pubkey,
    /// Seconds a commitment must wait before it is revealed.
    pub commit_min_age: i64,
    /// Seconds after which a commitment can no longer be revealed.
    pub commit_max_age: i64,
    /// Whether minting and transfers are stopped.
    pub paused: bool,
    /// Videos minted.
    pub total_supply: u64,
    /// The metadata base URI.
    #[max_len(MAX_BASE_URI_LENGTH)]
    pub base_uri: String,
    /// The PDA's bump.
    pub bump: u8,
}

/// A published mint commitment.
#[account]
#[derive(InitSpace)]
pub struct Commitment {
    /// When it was made.
    pub committed_at: i64,
    /// The PDA's bump.
    pub bump: u8,
}

/// A video, or a reservation of its id before it is minted.
#[account]
#[derive(InitSpace)]
pub struct Video {
    /// Its creator (for a reservation: who may mint it).
    pub creator: Pubkey,
    /// Its owner (default until minted).
    pub owner: Pubkey,
    /// The one account the owner allowed to transfer it.
    pub approved: Option<Pubkey>,
    /// Royalty on sales, in basis points, paid to the creator.
    pub royalty_bps: u16,
    /// When it was minted; 0 for a reservation.
    pub minted_at: i64,
    /// Its stream or playback id.
    #[max_len(MAX_PLAYBACK_ID_LENGTH)]
    pub playback_id: String,
    /// The PDA's bump.
    pub bump: u8,
}

impl Video {
    /// The royalty on a sale at `sale_price`, and who receives it (EIP-2981's `royaltyInfo`).
    pub fn royalty_of(&self, sale_price: u64) -> (Pubkey, u64) {
        (self.creator, (u128::from(sale_price) * u128::from(self.royalty_bps) / 10_000) as u64)
    }
}

/// Accounts of [`video_nft::initialize`].
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Pays for the configuration and becomes its admin.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration.
    #[account(init, payer = admin, space = 8 + Config::INIT_SPACE, seeds = [seeds::CONFIG], bump)]
    pub config: Account<'info, Config>,
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
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = admin @ VideoNftError::Unauthorized)]
    pub config: Account<'info, Config>,
}

/// Accounts of [`video_nft::commit_mint`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(commitment: [u8; 32])]
pub struct CommitMint<'info> {
    /// Who commits, paying the commitment's rent (refunded to the creator at the reveal).
    #[account(mut)]
    pub committer: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The commitment's account.
    #[account(
        init_if_needed,
        payer = committer,
        space = 8 + Commitment::INIT_SPACE,
        seeds = [seeds::COMMIT, &commitment],
        bump,
    )]
    pub record: Account<'info, Commitment>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`video_nft::reserve`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct Reserve<'info> {
    /// The admin (the EVM suite's registrar), paying the video account's rent.
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The configuration, naming the admin.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = admin @ VideoNftError::Unauthorized)]
    pub config: Account<'info, Config>,
    /// The video's account.
    #[account(
        init_if_needed,
        payer = admin,
        space = 8 + Video::INIT_SPACE,
        seeds = [seeds::VIDEO, &video_id],
        bump,
    )]
    pub video: Account<'info, Video>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`video_nft::mint`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(content_hash: [u8; 32])]
pub struct Mint<'info> {
    /// The creator, paying the video account's rent.
    #[account(mut)]
    pub creator: Signer<'info>,
    /// The configuration.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video's account.
    #[account(
        init_if_needed,
        payer = creator,
        space = 8 + Video::INIT_SPACE,
        seeds = [seeds::VIDEO, &content_hash],
        bump,
    )]
    pub video: Account<'info, Video>,
    /// The commitment revealed; none for a reserved id. Its address is checked against the
    /// creator, salt and content hash; it is closed, its rent going to the creator.
    #[account(mut)]
    pub commitment: Option<Account<'info, Commitment>>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`video_nft::approve`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct Approve<'info> {
    /// The video's owner.
    pub owner: Signer<'info>,
    /// The video.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = video.bump)]
    pub video: Account<'info, Video>,
}

/// Accounts of [`video_nft::transfer`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(video_id: [u8; 32])]
pub struct Transfer<'info> {
    /// The owner, or the operator it approved.
    pub authority: Signer<'info>,
    /// Pays the seller's revenue credit in AdRevenue (the authority, unless that is a PDA).
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The configuration (paused or not); signs the report to AdRevenue.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The video.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump = video.bump)]
    pub video: Account<'info, Video>,
    /// AdRevenue's record of the video, settled before ownership moves when it exists.
    /// CHECK: AdRevenue's PDA for the video (its seeds are checked); AdRevenue checks its data.
    #[account(mut, seeds = [seeds::VIDEO, &video_id], bump, seeds::program = AD_REVENUE)]
    pub revenue: UncheckedAccount<'info>,
    /// AdRevenue's credit of the seller for this video.
    /// CHECK: AdRevenue's PDA (its seeds are checked); AdRevenue creates it.
    #[account(mut, seeds = [b"credit", &video_id, video.owner.as_ref()], bump, seeds::program = AD_REVENUE)]
    pub seller_credit: UncheckedAccount<'info>,
    /// CHECK: AdRevenue's configuration (its seeds are checked).
    #[account(seeds = [seeds::CONFIG], bump, seeds::program = AD_REVENUE)]
    pub revenue_config: UncheckedAccount<'info>,
    /// CHECK: AdRevenue's `emit_cpi!` authority (its seeds are checked).
    #[account(seeds = [b"__event_authority"], bump, seeds::program = AD_REVENUE)]
    pub revenue_events: UncheckedAccount<'info>,
    /// CHECK: the AdRevenue program.
    #[account(address = AD_REVENUE)]
    pub ad_revenue: UncheckedAccount<'info>,
    /// The system program (AdRevenue creates the credit).
    pub system_program: Program<'info, System>,
}

impl Transfer<'_> {
    /// Has AdRevenue settle the video before it changes owner, when it has a revenue record:
    /// what streamed until now is the seller's. Signed by the config PDA, which is how AdRevenue
    /// knows the report comes from here.
    fn settle_revenue(&self, video_id: [u8; 32], from: Pubkey, to: Pubkey) -> Result<()> {
        if self.revenue.owner != &AD_REVENUE || self.revenue.data_is_empty() {
            return Ok(());
        }
        let mut args = video_id.to_vec();
        args.extend_from_slice(from.as_ref());
        args.extend_from_slice(to.as_ref());
        let accounts = vec![
            (self.config.to_account_info(), false, true),
            (self.revenue_config.to_account_info(), false, false),
            (self.revenue.to_account_info(), true, false),
            (self.seller_credit.to_account_info(), true, false),
            (self.payer.to_account_info(), true, true),
            (self.system_program.to_account_info(), false, false),
            (self.revenue_events.to_account_info(), false, false),
            (self.ad_revenue.to_account_info(), false, false),
        ];
        tfx_solana_vault::report(AD_REVENUE, "on_video_transfer", &args, accounts, self.config.bump)?;
        Ok(())
    }
}

/// A creator committed to a mint (the EVM suite's `MintCommitted`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct MintCommitted {
    /// The commitment.
    pub commitment: [u8; 32],
    /// Who published it.
    pub committer: Pubkey,
    /// When.
    pub committed_at: i64,
}

/// A video id was reserved for its creator (the EVM suite's `VideoReserved`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct VideoReserved {
    /// The video id (its content hash).
    pub video_id: [u8; 32],
    /// Who may mint it.
    pub creator: Pubkey,
}

/// A video was minted (the EVM suite's `VideoMinted`; the id is the content hash).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct VideoMinted {
    /// The video id (its content hash).
    pub video_id: [u8; 32],
    /// Its creator and first owner.
    pub creator: Pubkey,
    /// Its playback id.
    pub playback_id: String,
    /// Its royalty in basis points.
    pub royalty_bps: u16,
}

/// A video changed owner (the EVM suite's ERC-721 `Transfer`; from the default key: minted).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct VideoTransferred {
    /// The video id.
    pub video_id: [u8; 32],
    /// The previous owner.
    pub from: Pubkey,
    /// The new owner.
    pub to: Pubkey,
}

/// An owner approved an operator for one video, or withdrew it (ERC-721 `Approval`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Approval {
    /// The video id.
    pub video_id: [u8; 32],
    /// Its owner.
    pub owner: Pubkey,
    /// The operator, or none.
    pub operator: Option<Pubkey>,
}

/// The metadata base URI changed (the EVM suite's `BaseURISet`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct BaseUriSet {
    /// The new base.
    pub base_uri: String,
}

/// Minting and transfers stopped.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Paused {
    /// The admin.
    pub by: Pubkey,
}

/// Minting and transfers resumed.
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Unpaused {
    /// The admin.
    pub by: Pubkey,
}

/// The program's errors, named as the EVM suite's `VideoNft*` and ERC-721 errors.
#[error_code]
pub enum VideoNftError {
    /// The content hash is zero.
    #[msg("the content hash must not be zero")]
    InvalidContentHash,
    /// The video exists already.
    #[msg("this video is already minted")]
    AlreadyMinted,
    /// The playback id is empty or longer than 64 bytes.
    #[msg("the playback id must be 1 to 64 bytes")]
    InvalidPlaybackId,
    /// The royalty is above 25%.
    #[msg("the royalty exceeds 2500 basis points")]
    RoyaltyTooHigh,
    /// No live commitment matches the reveal.
    #[msg("no live commitment matches this creator, salt and content hash")]
    UnknownCommitment,
    /// The commitment is younger than the minimum age.
    #[msg("the commitment is too new to reveal")]
    CommitmentTooNew,
    /// The commitment is still live.
    #[msg("this commitment is already live")]
    AlreadyCommitted,
    /// The id is reserved for another creator.
    #[msg("this video id is reserved for another creator")]
    Reserved,
    /// The commit ages are out of bounds.
    #[msg("commit ages must satisfy 0 < min < max <= 30 days")]
    InvalidCommitAges,
    /// The video does not exist.
    #[msg("no such video")]
    NonexistentVideo,
    /// The signer may not transfer the video.
    #[msg("the signer is neither the owner nor its approved operator")]
    InsufficientApproval,
    /// The receiver is the zero key.
    #[msg("the receiver must not be the zero key")]
    InvalidReceiver,
    /// The signer does not own the video.
    #[msg("the signer does not own this video")]
    NotOwner,
    /// Minting and transfers are paused.
    #[msg("minting and transfers are paused")]
    Paused,
    /// Not paused.
    #[msg("not paused")]
    NotPaused,
    /// The signer is not the admin.
    #[msg("only the admin may do this")]
    Unauthorized,
    /// The base URI is longer than 200 bytes.
    #[msg("the base URI exceeds 200 bytes")]
    BaseUriTooLong,
    /// A plain transfer to VideoShares, which would lock the video without shares.
    #[msg("send a video to VideoShares with its fractionalize instruction")]
    UseFractionalize,
}

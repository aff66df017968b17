//! Instructions of the AdRevenue program, built from its Anchor account and argument types.

use crate::SYSTEM_PROGRAM;
use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_instruction::Instruction;
use tfx_ad_revenue::{ID, accounts, instruction, seeds};

program_helpers!(tfx_ad_revenue);

/// The ad token's SPL Token program.
const TOKEN_PROGRAM: Pubkey = anchor_spl::token::ID;

/// The configuration account (the vault's authority).
pub fn config() -> Pubkey {
    pda(&[seeds::CONFIG])
}

/// The vault holding deposits and unclaimed revenue.
pub fn vault() -> Pubkey {
    pda(&[seeds::VAULT])
}

/// A video's revenue record.
pub fn revenue(video_id: &[u8; 32]) -> Pubkey {
    pda(&[seeds::VIDEO, video_id])
}

/// Campaign `id`.
pub fn campaign(id: u64) -> Pubkey {
    pda(&[seeds::CAMPAIGN, &id.to_le_bytes()])
}

/// `account`'s credit from when it owned `video_id`.
pub fn credit(video_id: &[u8; 32], account: &Pubkey) -> Pubkey {
    pda(&[seeds::CREDIT, video_id, account.as_ref()])
}

/// `account`'s share-holder record of `video_id`.
pub fn holder(video_id: &[u8; 32], account: &Pubkey) -> Pubkey {
    pda(&[seeds::HOLDER, video_id, account.as_ref()])
}

/// `initialize` over the ad token `mint`.
pub fn initialize(admin: &Pubkey, mint: &Pubkey, creator_cut_bps: u16) -> Instruction {
    ix(
        accounts::Initialize {
            admin: *admin,
            config: config(),
            mint: *mint,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Initialize { creator_cut_bps },
    )
}

fn admin_accounts(admin: &Pubkey) -> accounts::Admin {
    accounts::Admin { admin: *admin, config: config(), event_authority: event_authority(), program: ID }
}

/// `set_creator_cut`.
pub fn set_creator_cut(admin: &Pubkey, creator_cut_bps: u16) -> Instruction {
    ix(admin_accounts(admin), instruction::SetCreatorCut { creator_cut_bps })
}

/// `set_paused`.
pub fn set_paused(admin: &Pubkey, paused: bool) -> Instruction {
    ix(admin_accounts(admin), instruction::SetPaused { paused })
}

/// `open_campaign` as campaign `id` (the next one), paid from `advertiser_tokens`.
#[allow(clippy::too_many_arguments)]
pub fn open_campaign(
    advertiser: &Pubkey,
    mint: &Pubkey,
    advertiser_tokens: &Pubkey,
    id: u64,
    video_id: &[u8; 32],
    rate_per_second: u64,
    deposit: u64,
) -> Instruction {
    ix(
        accounts::OpenCampaign {
            advertiser: *advertiser,
            config: config(),
            video: crate::video_nft::video(video_id),
            revenue: revenue(video_id),
            campaign: campaign(id),
            mint: *mint,
            advertiser_tokens: *advertiser_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::OpenCampaign { video_id: *video_id, rate_per_second, deposit },
    )
}

/// `top_up`.
pub fn top_up(
    advertiser: &Pubkey,
    mint: &Pubkey,
    advertiser_tokens: &Pubkey,
    id: u64,
    video_id: &[u8; 32],
    amount: u64,
) -> Instruction {
    ix(
        accounts::TopUp {
            advertiser: *advertiser,
            config: config(),
            campaign: campaign(id),
            revenue: revenue(video_id),
            mint: *mint,
            advertiser_tokens: *advertiser_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::TopUp { campaign_id: id, amount },
    )
}

/// `set_campaign_paused`.
pub fn set_campaign_paused(advertiser: &Pubkey, id: u64, video_id: &[u8; 32], paused: bool) -> Instruction {
    ix(
        accounts::ChangeCampaign {
            advertiser: *advertiser,
            config: config(),
            campaign: campaign(id),
            revenue: revenue(video_id),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::SetCampaignPaused { campaign_id: id, paused },
    )
}

/// `cancel`, refunding into `refund_to`.
pub fn cancel(advertiser: &Pubkey, mint: &Pubkey, refund_to: &Pubkey, id: u64, video_id: &[u8; 32]) -> Instruction {
    ix(
        accounts::Cancel {
            advertiser: *advertiser,
            config: config(),
            campaign: campaign(id),
            revenue: revenue(video_id),
            mint: *mint,
            refund_to: *refund_to,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Cancel { campaign_id: id },
    )
}

/// `settle_video`.
pub fn settle_video(video_id: &[u8; 32]) -> Instruction {
    ix(
        accounts::SettleVideo {
            config: config(),
            revenue: revenue(video_id),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::SettleVideo { video_id: *video_id },
    )
}

/// `claim` into `to`; `with_credit` passes the claimant's credit from a past ownership,
/// `as_holder` its share-holder record and shares.
pub fn claim(
    claimant: &Pubkey,
    mint: &Pubkey,
    to: &Pubkey,
    video_id: &[u8; 32],
    with_credit: bool,
    as_holder: bool,
) -> Instruction {
    ix(
        accounts::Claim {
            claimant: *claimant,
            config: config(),
            revenue: revenue(video_id),
            credit: with_credit.then(|| credit(video_id, claimant)),
            holder: as_holder.then(|| holder(video_id, claimant)),
            holding: as_holder.then(|| crate::video_shares::holding(video_id, claimant)),
            mint: *mint,
            to: *to,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Claim { video_id: *video_id },
    )
}

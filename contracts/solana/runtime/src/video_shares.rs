//! Instructions of the VideoShares program, built from its Anchor account and argument types.

use crate::SYSTEM_PROGRAM;
use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_instruction::Instruction;
use tfx_video_shares::{ID, accounts, instruction, seeds};

program_helpers!(tfx_video_shares);

/// The configuration account: the custodian of fractionalized videos.
pub fn config() -> Pubkey {
    pda(&[seeds::CONFIG])
}

/// `video_id`'s share supply.
pub fn supply(video_id: &[u8; 32]) -> Pubkey {
    pda(&[seeds::VIDEO, video_id])
}

/// `holder`'s shares of `video_id`.
pub fn holding(video_id: &[u8; 32], holder: &Pubkey) -> Pubkey {
    pda(&[seeds::SHARES, video_id, holder.as_ref()])
}

/// `initialize`.
pub fn initialize(payer: &Pubkey) -> Instruction {
    ix(
        accounts::Initialize { payer: *payer, config: config(), system_program: SYSTEM_PROGRAM },
        instruction::Initialize {},
    )
}

/// AdRevenue's accounts of every report.
fn revenue_accounts(video_id: &[u8; 32]) -> accounts::RevenueAccounts {
    accounts::RevenueAccounts {
        config: crate::ad_revenue::config(),
        record: crate::ad_revenue::revenue(video_id),
        events: tfx_ad_revenue::EVENT_AUTHORITY_AND_BUMP.0,
        program: tfx_ad_revenue::ID,
    }
}

/// VideoNft's accounts of a custody move of `video_id`, now owned by `owner`.
fn nft_accounts(video_id: &[u8; 32], owner: &Pubkey) -> accounts::NftAccounts {
    accounts::NftAccounts {
        config: crate::video_nft::config(),
        video: crate::video_nft::video(video_id),
        seller_credit: crate::ad_revenue::credit(video_id, owner),
        events: tfx_video_nft::EVENT_AUTHORITY_AND_BUMP.0,
        program: tfx_video_nft::ID,
    }
}

/// `owner` fractionalizes `video_id` into `supply` shares: VideoNft's `approve` of the custodian,
/// then `fractionalize`, to be sent in one transaction.
pub fn fractionalize(owner: &Pubkey, video_id: &[u8; 32], supply: u64) -> [Instruction; 2] {
    let approve = crate::video_nft::approve(owner, video_id, Some(config()));
    let fractionalize = ix(
        accounts::Fractionalize {
            owner: *owner,
            config: config(),
            supply: self::supply(video_id),
            holding: holding(video_id, owner),
            holder_revenue: crate::ad_revenue::holder(video_id, owner),
            nft: nft_accounts(video_id, owner),
            revenue: revenue_accounts(video_id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Fractionalize { video_id: *video_id, supply },
    );
    [approve, fractionalize]
}

/// `transfer` of `amount` shares of `video_id` from `holder` to `to`.
pub fn transfer(holder: &Pubkey, video_id: &[u8; 32], to: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::TransferShares {
            holder: *holder,
            config: config(),
            from_shares: holding(video_id, holder),
            to_shares: holding(video_id, to),
            from_revenue: crate::ad_revenue::holder(video_id, holder),
            to_revenue: crate::ad_revenue::holder(video_id, to),
            revenue: revenue_accounts(video_id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Transfer { video_id: *video_id, to: *to, amount },
    )
}

/// `redeem` of `video_id` by `holder`, who holds the whole supply.
pub fn redeem(holder: &Pubkey, video_id: &[u8; 32]) -> Instruction {
    ix(
        accounts::Redeem {
            holder: *holder,
            config: config(),
            supply: supply(video_id),
            holding: holding(video_id, holder),
            holder_revenue: crate::ad_revenue::holder(video_id, holder),
            nft: nft_accounts(video_id, &config()),
            revenue: revenue_accounts(video_id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Redeem { video_id: *video_id },
    )
}

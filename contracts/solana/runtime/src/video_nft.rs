//! Instructions of the VideoNft program, built from its Anchor account and argument types.

use crate::SYSTEM_PROGRAM;
use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_instruction::Instruction;
use tfx_video_nft::{ID, accounts, instruction, mint_commitment, seeds};

program_helpers!(tfx_video_nft);

/// The configuration account.
pub fn config() -> Pubkey {
    pda(&[seeds::CONFIG])
}

/// The video `content_hash`.
pub fn video(content_hash: &[u8; 32]) -> Pubkey {
    pda(&[seeds::VIDEO, content_hash])
}

/// The account of a mint commitment.
pub fn commitment(commitment: &[u8; 32]) -> Pubkey {
    pda(&[seeds::COMMIT, commitment])
}

/// `initialize`.
pub fn initialize(admin: &Pubkey, commit_min_age: i64, commit_max_age: i64) -> Instruction {
    ix(
        accounts::Initialize { admin: *admin, config: config(), system_program: SYSTEM_PROGRAM },
        instruction::Initialize { commit_min_age, commit_max_age },
    )
}

fn admin_accounts(admin: &Pubkey) -> accounts::Admin {
    accounts::Admin { admin: *admin, config: config(), event_authority: event_authority(), program: ID }
}

/// `set_base_uri`.
pub fn set_base_uri(admin: &Pubkey, base_uri: &str) -> Instruction {
    ix(admin_accounts(admin), instruction::SetBaseUri { base_uri: base_uri.into() })
}

/// `pause`.
pub fn pause(admin: &Pubkey) -> Instruction {
    ix(admin_accounts(admin), instruction::Pause {})
}

/// `unpause`.
pub fn unpause(admin: &Pubkey) -> Instruction {
    ix(admin_accounts(admin), instruction::Unpause {})
}

/// `commit_mint` of `creator`'s future mint of `content_hash` with `salt`.
pub fn commit_mint(committer: &Pubkey, creator: &Pubkey, salt: &[u8; 32], content_hash: &[u8; 32]) -> Instruction {
    let value = mint_commitment(creator, salt, content_hash);
    ix(
        accounts::CommitMint {
            committer: *committer,
            config: config(),
            record: commitment(&value),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::CommitMint { commitment: value },
    )
}

/// `reserve`.
pub fn reserve(admin: &Pubkey, video_id: &[u8; 32], creator: &Pubkey) -> Instruction {
    ix(
        accounts::Reserve {
            admin: *admin,
            config: config(),
            video: video(video_id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Reserve { video_id: *video_id, creator: *creator },
    )
}

/// `mint`, revealing the commitment of (`creator`, `salt`, `content_hash`), or with `reserved`
/// naming no commitment at all.
pub fn mint(
    creator: &Pubkey,
    content_hash: &[u8; 32],
    playback_id: &str,
    royalty_bps: u16,
    salt: &[u8; 32],
    reserved: bool,
) -> Instruction {
    ix(
        accounts::Mint {
            creator: *creator,
            config: config(),
            video: video(content_hash),
            commitment: (!reserved).then(|| commitment(&mint_commitment(creator, salt, content_hash))),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Mint { content_hash: *content_hash, playback_id: playback_id.into(), royalty_bps, salt: *salt },
    )
}

/// `approve` (`None` withdraws the approval).
pub fn approve(owner: &Pubkey, video_id: &[u8; 32], operator: Option<Pubkey>) -> Instruction {
    ix(
        accounts::Approve { owner: *owner, video: video(video_id), event_authority: event_authority(), program: ID },
        instruction::Approve { video_id: *video_id, operator },
    )
}

/// `transfer` from its owner `seller`, signed by the seller or its approved operator (who pays
/// AdRevenue's new credit of the seller). AdRevenue's accounts ride along: the program settles the
/// video's revenue there before ownership moves.
pub fn transfer(authority: &Pubkey, seller: &Pubkey, video_id: &[u8; 32], to: &Pubkey) -> Instruction {
    ix(
        accounts::Transfer {
            authority: *authority,
            payer: *authority,
            config: config(),
            video: video(video_id),
            revenue: crate::ad_revenue::revenue(video_id),
            seller_credit: crate::ad_revenue::credit(video_id, seller),
            revenue_config: crate::ad_revenue::config(),
            revenue_events: tfx_ad_revenue::EVENT_AUTHORITY_AND_BUMP.0,
            ad_revenue: tfx_ad_revenue::ID,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Transfer { video_id: *video_id, to: *to },
    )
}

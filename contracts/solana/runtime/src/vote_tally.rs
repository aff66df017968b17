//! Instructions of the VoteTally program, built from its Anchor account and argument types.

use crate::SYSTEM_PROGRAM;
use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_instruction::Instruction;
use tfx_vote_tally::{ID, WeightMode, accounts, instruction, seeds};

program_helpers!(tfx_vote_tally);

/// The stake mint's SPL Token program.
pub const TOKEN_PROGRAM: Pubkey = anchor_spl::token::ID;

/// The configuration account.
pub fn config() -> Pubkey {
    pda(&[seeds::CONFIG])
}

/// An organizer's grant.
pub fn organizer(account: &Pubkey) -> Pubkey {
    pda(&[seeds::ORGANIZER, account.as_ref()])
}

/// Round `id`.
pub fn round(id: u64) -> Pubkey {
    pda(&[seeds::ROUND, &id.to_le_bytes()])
}

/// `voter`'s ballot in round `id`.
pub fn ballot(id: u64, voter: &Pubkey) -> Pubkey {
    pda(&[seeds::BALLOT, &id.to_le_bytes(), voter.as_ref()])
}

/// `owner`'s stake position.
pub fn stake_position(owner: &Pubkey) -> Pubkey {
    pda(&[seeds::STAKE, owner.as_ref()])
}

/// The stake vault.
pub fn vault() -> Pubkey {
    pda(&[seeds::VAULT])
}

/// `initialize`: `admin` becomes admin and first organizer; `stake_mint` weighs staked rounds.
pub fn initialize(admin: &Pubkey, stake_mint: &Pubkey) -> Instruction {
    ix(
        accounts::Initialize {
            admin: *admin,
            config: config(),
            organizer: organizer(admin),
            stake_mint: *stake_mint,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Initialize {},
    )
}

/// `grant_organizer`.
pub fn grant_organizer(admin: &Pubkey, account: &Pubkey) -> Instruction {
    ix(
        accounts::GrantOrganizer {
            admin: *admin,
            config: config(),
            organizer: organizer(account),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::GrantOrganizer { account: *account },
    )
}

/// `revoke_organizer`.
pub fn revoke_organizer(admin: &Pubkey, account: &Pubkey) -> Instruction {
    ix(
        accounts::RevokeOrganizer {
            admin: *admin,
            config: config(),
            organizer: organizer(account),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::RevokeOrganizer { account: *account },
    )
}

/// `create_round` as round `id` (the next one: `config.round_count + 1`).
pub fn create_round(
    organizer_signer: &Pubkey,
    payer: &Pubkey,
    id: u64,
    candidates: Vec<[u8; 32]>,
    start: i64,
    end: i64,
    mode: WeightMode,
) -> Instruction {
    ix(
        accounts::CreateRound {
            organizer_signer: *organizer_signer,
            organizer: organizer(organizer_signer),
            payer: *payer,
            config: config(),
            round: round(id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::CreateRound { candidates, start, end, mode },
    )
}

/// `vote`, signed by `voter` and paid by `payer` (the voter itself or a relayer).
pub fn vote(voter: &Pubkey, payer: &Pubkey, round_id: u64, candidate: u32, staked: bool) -> Instruction {
    ix(vote_accounts(voter, payer, round_id, staked), instruction::Vote { round_id, candidate })
}

/// `relay_vote`: entry `index` of a relayer's batch, skipped if the voter has voted already.
pub fn relay_vote(
    voter: &Pubkey,
    payer: &Pubkey,
    round_id: u64,
    candidate: u32,
    index: u32,
    staked: bool,
) -> Instruction {
    ix(vote_accounts(voter, payer, round_id, staked), instruction::RelayVote { round_id, candidate, index })
}

fn vote_accounts(voter: &Pubkey, payer: &Pubkey, round_id: u64, staked: bool) -> accounts::Vote {
    accounts::Vote {
        voter: *voter,
        payer: *payer,
        round: round(round_id),
        ballot: ballot(round_id, voter),
        stake: staked.then(|| stake_position(voter)),
        system_program: SYSTEM_PROGRAM,
        event_authority: event_authority(),
        program: ID,
    }
}

/// `finalize`.
pub fn finalize(round_id: u64) -> Instruction {
    ix(
        accounts::Finalize { round: round(round_id), event_authority: event_authority(), program: ID },
        instruction::Finalize { round_id },
    )
}

/// `stake` from `owner_tokens`.
pub fn stake(owner: &Pubkey, stake_mint: &Pubkey, owner_tokens: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::Stake {
            owner: *owner,
            config: config(),
            position: stake_position(owner),
            stake_mint: *stake_mint,
            owner_tokens: *owner_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Stake { amount },
    )
}

/// `unstake` into `owner_tokens`.
pub fn unstake(owner: &Pubkey, stake_mint: &Pubkey, owner_tokens: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::Unstake {
            owner: *owner,
            config: config(),
            position: stake_position(owner),
            stake_mint: *stake_mint,
            owner_tokens: *owner_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Unstake { amount },
    )
}

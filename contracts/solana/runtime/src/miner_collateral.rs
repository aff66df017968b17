//! Instructions of the MinerCollateral program, built from its Anchor account and argument types.

use crate::SYSTEM_PROGRAM;
use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_instruction::Instruction;
use tfx_miner_collateral::{ID, Params, Roles, SlashReason, accounts, instruction, seeds};

program_helpers!(tfx_miner_collateral);

/// The collateral's SPL Token program.
const TOKEN_PROGRAM: Pubkey = anchor_spl::token::ID;

/// The configuration account (the vault's authority).
pub fn config() -> Pubkey {
    pda(&[seeds::CONFIG])
}

/// The vault holding collateral, stake and undistributed revenue.
pub fn vault() -> Pubkey {
    pda(&[seeds::VAULT])
}

/// `miner`'s bond.
pub fn bond(miner: &Pubkey) -> Pubkey {
    pda(&[seeds::BOND, miner.as_ref()])
}

/// `validator`'s record.
pub fn validator(validator: &Pubkey) -> Pubkey {
    pda(&[seeds::VALIDATOR, validator.as_ref()])
}

/// Slash proposal `id`.
pub fn slash(id: u64) -> Pubkey {
    pda(&[seeds::SLASH, &id.to_le_bytes()])
}

/// `initialize` over the collateral `mint`, slashing into `treasury`.
pub fn initialize(admin: &Pubkey, mint: &Pubkey, treasury: &Pubkey, params: Params) -> Instruction {
    ix(
        accounts::Initialize {
            admin: *admin,
            config: config(),
            mint: *mint,
            vault: vault(),
            treasury: *treasury,
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Initialize { params },
    )
}

fn govern(authority: &Pubkey) -> accounts::Govern {
    accounts::Govern { authority: *authority, config: config(), event_authority: event_authority(), program: ID }
}

/// `set_params`, signed by the validator manager.
pub fn set_params(authority: &Pubkey, params: Params) -> Instruction {
    ix(govern(authority), instruction::SetParams { params })
}

/// `set_roles`, signed by the admin.
pub fn set_roles(authority: &Pubkey, roles: Roles) -> Instruction {
    ix(govern(authority), instruction::SetRoles { roles })
}

/// `set_paused`, signed by the pauser.
pub fn set_paused(authority: &Pubkey, paused: bool) -> Instruction {
    ix(govern(authority), instruction::SetPaused { paused })
}

/// `set_treasury`, signed by the admin.
pub fn set_treasury(authority: &Pubkey, treasury: &Pubkey) -> Instruction {
    ix(
        accounts::SetTreasury {
            authority: *authority,
            config: config(),
            treasury: *treasury,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::SetTreasury {},
    )
}

/// `deposit` from `miner_tokens`.
pub fn deposit(miner: &Pubkey, mint: &Pubkey, miner_tokens: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::Deposit {
            miner: *miner,
            config: config(),
            bond: bond(miner),
            mint: *mint,
            miner_tokens: *miner_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Deposit { amount },
    )
}

/// `request_withdrawal`.
pub fn request_withdrawal(miner: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::MinerBond {
            miner: *miner,
            config: config(),
            bond: bond(miner),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::RequestWithdrawal { amount },
    )
}

/// `withdraw` into `to`.
pub fn withdraw(miner: &Pubkey, mint: &Pubkey, to: &Pubkey) -> Instruction {
    ix(
        accounts::Withdraw {
            miner: *miner,
            config: config(),
            bond: bond(miner),
            mint: *mint,
            to: *to,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Withdraw {},
    )
}

/// `freeze_withdrawals`, signed by the freezer.
pub fn freeze_withdrawals(freezer: &Pubkey, miner: &Pubkey, until: i64) -> Instruction {
    ix(
        accounts::FreezeWithdrawals {
            freezer: *freezer,
            config: config(),
            bond: bond(miner),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::FreezeWithdrawals { miner: *miner, until },
    )
}

/// `propose_slash` as proposal `id` (the next one).
pub fn propose_slash(
    proposer: &Pubkey,
    id: u64,
    miner: &Pubkey,
    amount: u64,
    reason: SlashReason,
    evidence_hash: [u8; 32],
) -> Instruction {
    ix(
        accounts::ProposeSlash {
            proposer: *proposer,
            config: config(),
            validator_record: validator(proposer),
            bond: bond(miner),
            slash: slash(id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::ProposeSlash { miner: *miner, amount, reason, evidence_hash },
    )
}

/// `approve_slash` of proposal `id` against `miner`.
pub fn approve_slash(approver: &Pubkey, id: u64, miner: &Pubkey) -> Instruction {
    ix(
        accounts::ApproveSlash {
            approver: *approver,
            config: config(),
            validator_record: validator(approver),
            slash: slash(id),
            bond: bond(miner),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::ApproveSlash { slash_id: id },
    )
}

/// `dispute_slash`, signed by the miner.
pub fn dispute_slash(miner: &Pubkey, id: u64, counter_evidence_hash: [u8; 32]) -> Instruction {
    ix(
        accounts::DisputeSlash {
            miner: *miner,
            config: config(),
            slash: slash(id),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::DisputeSlash { slash_id: id, counter_evidence_hash },
    )
}

/// `resolve_dispute`, signed by the dispute resolver.
pub fn resolve_dispute(resolver: &Pubkey, id: u64, miner: &Pubkey, upheld: bool) -> Instruction {
    ix(
        accounts::ChangeSlash {
            authority: *resolver,
            config: config(),
            slash: slash(id),
            bond: bond(miner),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::ResolveDispute { slash_id: id, upheld },
    )
}

/// `execute_slash`, paying `treasury`.
pub fn execute_slash(id: u64, miner: &Pubkey, mint: &Pubkey, treasury: &Pubkey) -> Instruction {
    ix(
        accounts::ExecuteSlash {
            config: config(),
            slash: slash(id),
            bond: bond(miner),
            mint: *mint,
            treasury: *treasury,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::ExecuteSlash { slash_id: id },
    )
}

/// `expire_slash`.
pub fn expire_slash(id: u64, miner: &Pubkey) -> Instruction {
    ix(
        accounts::ExpireSlash {
            config: config(),
            slash: slash(id),
            bond: bond(miner),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::ExpireSlash { slash_id: id },
    )
}

/// `add_validator`, signed by the validator manager.
pub fn add_validator(manager: &Pubkey, key: &Pubkey) -> Instruction {
    ix(
        accounts::AddValidator {
            authority: *manager,
            config: config(),
            validator_record: validator(key),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::AddValidator { validator: *key },
    )
}

/// `remove_validator`, signed by the validator manager.
pub fn remove_validator(manager: &Pubkey, key: &Pubkey) -> Instruction {
    ix(
        accounts::RemoveValidator {
            authority: *manager,
            config: config(),
            validator_record: validator(key),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::RemoveValidator { validator: *key },
    )
}

/// `stake` from `validator_tokens`.
pub fn stake(key: &Pubkey, mint: &Pubkey, validator_tokens: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::Stake {
            authority: *key,
            config: config(),
            validator_record: validator(key),
            mint: *mint,
            validator_tokens: *validator_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Stake { amount },
    )
}

/// `activate_stake` of `key`.
pub fn activate_stake(key: &Pubkey) -> Instruction {
    ix(
        accounts::ActivateStake {
            config: config(),
            validator_record: validator(key),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::ActivateStake { validator: *key },
    )
}

/// `unstake`.
pub fn unstake(key: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::ValidatorAction {
            authority: *key,
            config: config(),
            validator_record: validator(key),
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Unstake { amount },
    )
}

fn payout(key: &Pubkey, mint: &Pubkey, to: &Pubkey) -> accounts::ValidatorPayout {
    accounts::ValidatorPayout {
        authority: *key,
        config: config(),
        validator_record: validator(key),
        mint: *mint,
        to: *to,
        vault: vault(),
        token_program: TOKEN_PROGRAM,
        event_authority: event_authority(),
        program: ID,
    }
}

/// `withdraw_stake` into `to`.
pub fn withdraw_stake(key: &Pubkey, mint: &Pubkey, to: &Pubkey) -> Instruction {
    ix(payout(key, mint, to), instruction::WithdrawStake {})
}

/// `claim_validator_revenue` into `to`.
pub fn claim_validator_revenue(key: &Pubkey, mint: &Pubkey, to: &Pubkey) -> Instruction {
    ix(payout(key, mint, to), instruction::ClaimValidatorRevenue {})
}

/// `deposit_site_revenue` from `from_tokens`.
pub fn deposit_site_revenue(from: &Pubkey, mint: &Pubkey, from_tokens: &Pubkey, amount: u64) -> Instruction {
    ix(
        accounts::DepositSiteRevenue {
            from: *from,
            config: config(),
            mint: *mint,
            from_tokens: *from_tokens,
            vault: vault(),
            token_program: TOKEN_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::DepositSiteRevenue { amount },
    )
}

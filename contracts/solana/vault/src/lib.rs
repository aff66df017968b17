//! The vault every TensorFlix program that holds tokens keeps: one SPL token account whose
//! authority is the program's config PDA (`["config"]`). Tokens come in signed by their owner and
//! go out signed by the config PDA, always with `transfer_checked` (the mint's decimals are checked,
//! so a token account of another mint cannot stand in).

use anchor_lang::prelude::*;
use anchor_spl::token::{self, Mint, Token, TokenAccount, TransferChecked};

/// The config PDA's seed, the vault's authority in every program.
pub const CONFIG_SEED: &[u8] = b"config";

/// Pulls `amount` from `from` into `vault`, signed by `from`'s owner.
pub fn pull<'info>(
    program: &Program<'info, Token>,
    from: &Account<'info, TokenAccount>,
    mint: &Account<'info, Mint>,
    vault: &Account<'info, TokenAccount>,
    owner: &Signer<'info>,
    amount: u64,
) -> Result<()> {
    let accounts = TransferChecked {
        from: from.to_account_info(),
        mint: mint.to_account_info(),
        to: vault.to_account_info(),
        authority: owner.to_account_info(),
    };
    token::transfer_checked(CpiContext::new(program.key(), accounts), amount, mint.decimals)
}

/// Pays `amount` out of `vault` into `to`, signed by the config PDA (`config`, its `bump`); nothing
/// moves for zero.
pub fn pay<'info>(
    program: &Program<'info, Token>,
    vault: &Account<'info, TokenAccount>,
    mint: &Account<'info, Mint>,
    to: &Account<'info, TokenAccount>,
    config: AccountInfo<'info>,
    bump: u8,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    let bump = [bump];
    let signer: &[&[&[u8]]] = &[&[CONFIG_SEED, &bump]];
    let accounts = TransferChecked {
        from: vault.to_account_info(),
        mint: mint.to_account_info(),
        to: to.to_account_info(),
        authority: config,
    };
    token::transfer_checked(CpiContext::new_with_signer(program.key(), accounts, signer), amount, mint.decimals)
}

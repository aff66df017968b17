//! The vault every TensorFlix program that holds tokens keeps: one SPL token account whose
//! authority is the program's config PDA (`["config"]`). Tokens come in signed by their owner and
//! go out signed by the config PDA, always with `transfer_checked` (the mint's decimals are checked,
//! so a token account of another mint cannot stand in).
//!
//! [`report`] is the other thing every program that owns something does alike: it tells another
//! program of a change, signed by its config PDA.

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program::invoke_signed;
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

/// An account of a [`report`]: the account, whether the callee writes it, whether it signs.
pub type ReportAccount<'info> = (AccountInfo<'info>, bool, bool);

/// Calls the Anchor instruction `name` of `program` with Borsh-encoded `args`, this program's
/// config PDA (`bump`) signing: how VideoNft and VideoShares tell AdRevenue that a video or its
/// shares are about to move. The callee depends on the caller's crate (it reads the caller's
/// accounts), so the caller cannot use the callee's generated CPI client. `accounts` are in the
/// order of the callee's accounts struct, `emit_cpi!`'s event authority and program last.
pub fn report<'info>(
    program: Pubkey,
    name: &str,
    args: &[u8],
    accounts: Vec<ReportAccount<'info>>,
    bump: u8,
) -> Result<()> {
    let mut data = solana_sha256_hasher::hashv(&[b"global:", name.as_bytes()]).to_bytes()[..8].to_vec();
    data.extend_from_slice(args);
    let metas = accounts
        .iter()
        .map(|(info, writable, signer)| match writable {
            true => AccountMeta::new(info.key(), *signer),
            false => AccountMeta::new_readonly(info.key(), *signer),
        })
        .collect();
    let infos: Vec<AccountInfo> = accounts.into_iter().map(|(info, _, _)| info).collect();
    let bump = [bump];
    invoke_signed(&Instruction { program_id: program, accounts: metas, data }, &infos, &[&[CONFIG_SEED, &bump]])?;
    Ok(())
}

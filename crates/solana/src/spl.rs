//! The native programs and SPL programs the suite's transactions call besides its own: the system
//! program's account creation, SPL Token mints and accounts, associated token accounts.

use crate::tx::{AccountMeta, Instruction, Pubkey};

/// The SPL Token program.
pub const TOKEN_PROGRAM: Pubkey = Pubkey(five8_const::decode_32_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"));
/// The Associated Token Account program.
pub const ASSOCIATED_TOKEN_PROGRAM: Pubkey =
    Pubkey(five8_const::decode_32_const("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"));
/// Bytes of an SPL Token mint.
pub const MINT_LEN: u64 = 82;

/// The decimals of a mint, from its account data (after the optional mint authority and the
/// supply), or `None` when the data is no SPL mint.
pub fn mint_decimals(data: &[u8]) -> Option<u8> {
    (data.len() as u64 == MINT_LEN).then(|| data[44])
}

/// The system program's `CreateAccount`: `new` (which signs) gets `space` bytes and `lamports`,
/// owned by `owner`.
pub fn create_account(payer: &Pubkey, new: &Pubkey, lamports: u64, space: u64, owner: &Pubkey) -> Instruction {
    let mut data = 0u32.to_le_bytes().to_vec();
    data.extend_from_slice(&lamports.to_le_bytes());
    data.extend_from_slice(&space.to_le_bytes());
    data.extend_from_slice(&owner.0);
    Instruction { program_id: Pubkey::SYSTEM_PROGRAM, accounts: vec![writable(payer, true), writable(new, true)], data }
}

/// SPL Token's `InitializeMint2`, without a freeze authority.
pub fn initialize_mint(mint: &Pubkey, authority: &Pubkey, decimals: u8) -> Instruction {
    let mut data = vec![20, decimals];
    data.extend_from_slice(&authority.0);
    data.push(0);
    Instruction { program_id: TOKEN_PROGRAM, accounts: vec![writable(mint, false)], data }
}

/// SPL Token's `MintTo`.
pub fn mint_to(mint: &Pubkey, to: &Pubkey, authority: &Pubkey, amount: u64) -> Instruction {
    let mut data = vec![7];
    data.extend_from_slice(&amount.to_le_bytes());
    Instruction {
        program_id: TOKEN_PROGRAM,
        accounts: vec![writable(mint, false), writable(to, false), readonly(authority, true)],
        data,
    }
}

/// `owner`'s associated token account of `mint`.
pub fn associated_token_address(owner: &Pubkey, mint: &Pubkey) -> Pubkey {
    Pubkey::pda(&[&owner.0, &TOKEN_PROGRAM.0, &mint.0], &ASSOCIATED_TOKEN_PROGRAM)
}

/// Creates `owner`'s associated token account of `mint` unless it exists (`CreateIdempotent`).
pub fn create_associated_token_account(payer: &Pubkey, owner: &Pubkey, mint: &Pubkey) -> Instruction {
    Instruction {
        program_id: ASSOCIATED_TOKEN_PROGRAM,
        accounts: vec![
            writable(payer, true),
            writable(&associated_token_address(owner, mint), false),
            readonly(owner, false),
            readonly(mint, false),
            readonly(&Pubkey::SYSTEM_PROGRAM, false),
            readonly(&TOKEN_PROGRAM, false),
        ],
        data: vec![1],
    }
}

fn writable(key: &Pubkey, signer: bool) -> AccountMeta {
    AccountMeta { pubkey: *key, is_signer: signer, is_writable: true }
}

fn readonly(key: &Pubkey, signer: bool) -> AccountMeta {
    AccountMeta { pubkey: *key, is_signer: signer, is_writable: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn const_addresses_match_base58() {
        assert_eq!(TOKEN_PROGRAM.to_string(), "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
        assert_eq!(ASSOCIATED_TOKEN_PROGRAM.to_string(), "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    }
}

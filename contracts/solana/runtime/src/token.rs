//! SPL Token accounts for tests and local deployments, through the real SPL Token program.

use crate::{Failed, Runtime};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::program_pack::Pack;
use anchor_lang::solana_program::system_instruction;
use anchor_spl::token::spl_token;
use solana_keypair::Keypair;
use solana_signer::Signer;

impl Runtime {
    /// A new mint with `decimals`, whose mint authority is `authority`.
    pub fn create_mint(&mut self, authority: &Keypair, decimals: u8) -> Result<Pubkey, Failed> {
        let mint = Keypair::new();
        let rent = self.svm.minimum_balance_for_rent_exemption(spl_token::state::Mint::LEN);
        let create = system_instruction::create_account(
            &authority.pubkey(),
            &mint.pubkey(),
            rent,
            spl_token::state::Mint::LEN as u64,
            &spl_token::ID,
        );
        let init = spl_token::instruction::initialize_mint2(
            &spl_token::ID,
            &mint.pubkey(),
            &authority.pubkey(),
            None,
            decimals,
        )
        .expect("initialize_mint2");
        self.send(&[create, init], &[authority, &mint])?;
        Ok(mint.pubkey())
    }

    /// A new token account of `mint` owned by `owner`, paid by `payer`.
    pub fn create_token_account(&mut self, payer: &Keypair, mint: &Pubkey, owner: &Pubkey) -> Result<Pubkey, Failed> {
        let account = Keypair::new();
        let rent = self.svm.minimum_balance_for_rent_exemption(spl_token::state::Account::LEN);
        let create = system_instruction::create_account(
            &payer.pubkey(),
            &account.pubkey(),
            rent,
            spl_token::state::Account::LEN as u64,
            &spl_token::ID,
        );
        let init = spl_token::instruction::initialize_account3(&spl_token::ID, &account.pubkey(), mint, owner)
            .expect("initialize_account3");
        self.send(&[create, init], &[payer, &account])?;
        Ok(account.pubkey())
    }

    /// Mints `amount` of `mint` into `to`.
    pub fn mint_to(&mut self, authority: &Keypair, mint: &Pubkey, to: &Pubkey, amount: u64) -> Result<(), Failed> {
        let ix = spl_token::instruction::mint_to(&spl_token::ID, mint, to, &authority.pubkey(), &[], amount)
            .expect("mint_to");
        self.send(&[ix], &[authority]).map(drop)
    }

    /// A token account's balance (0 when it does not exist).
    pub fn token_balance(&self, account: &Pubkey) -> u64 {
        self.svm
            .get_account(account)
            .and_then(|a| spl_token::state::Account::unpack(&a.data).ok())
            .map_or(0, |a| a.amount)
    }
}

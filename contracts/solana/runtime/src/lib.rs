//! The TensorFlix programs inside Agave's runtime, as the tests, the deploy plan and the indexer's
//! Solana tests drive them.
//!
//! No SBF toolchain is reachable from the package registries here (README, "Solana"), so the
//! programs run natively as builtins of LiteSVM, which embeds Agave's SVM: the real transaction
//! processor, account and rent rules, signature checks, CPI and the real SPL Token programs (SBF
//! binaries shipped with LiteSVM). Only our programs' own code runs natively instead of in the VM;
//! [`native`] is the glue between the two.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::{AnchorDeserialize, Discriminator};
use litesvm::LiteSVM;
use litesvm::types::{FailedTransactionMetadata, TransactionMetadata};
use solana_clock::Clock;
use solana_instruction::Instruction;
use solana_instruction_error::InstructionError;
use solana_keypair::Keypair;
use solana_message::Message;
use solana_signer::Signer;
use solana_transaction::Transaction;
use solana_transaction_error::TransactionError;

pub use anchor_lang;
pub use litesvm;

/// The helpers every program's instruction builders use, bound to that program: its PDAs, an
/// instruction from Anchor's account and argument structs, and its `emit_cpi!` event authority.
macro_rules! program_helpers {
    ($program:ident) => {
        fn pda(seeds: &[&[u8]]) -> Pubkey {
            crate::pda(&$program::ID, seeds)
        }

        fn ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
            crate::instruction($program::ID, accounts, data)
        }

        fn event_authority() -> Pubkey {
            $program::EVENT_AUTHORITY_AND_BUMP.0
        }
    };
}

pub mod ad_revenue;
pub mod mailbox;
pub mod miner_collateral;
pub mod native;
pub mod token;
pub mod video_nft;
pub mod video_shares;
pub mod vote_tally;

/// The system program, which every instruction creating an account names.
pub(crate) const SYSTEM_PROGRAM: Pubkey = anchor_lang::system_program::ID;

/// `program`'s PDA for `seeds`.
pub(crate) fn pda(program: &Pubkey, seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, program).0
}

/// An Anchor instruction from its accounts and arguments structs.
pub(crate) fn instruction(
    program: Pubkey,
    accounts: impl anchor_lang::ToAccountMetas,
    data: impl anchor_lang::InstructionData,
) -> Instruction {
    Instruction { program_id: program, accounts: accounts.to_account_metas(None), data: data.data() }
}

/// Lamports given to each account [`Runtime::funded`] creates.
pub const FUNDING: u64 = 100_000_000_000;

/// Loads an Anchor program's `entry` as a builtin that [`native::run`]s it.
///
/// Anchor's `entry` wants the accounts slice and the accounts' data to share one lifetime
/// (`&'info [AccountInfo<'info>]`); `run` hands them over with two, the data's outliving the
/// slice's. `AccountInfo` is invariant in its lifetime, so no safe conversion shortens it.
macro_rules! builtin {
    ($entry:path) => {{
        fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
            // SAFETY: only shortens the accounts' lifetime to the slice's, which `run` keeps
            // alive for the whole instruction; `entry` returns before either ends.
            let accounts: &[AccountInfo] = unsafe { std::mem::transmute(accounts) };
            $entry(program_id, accounts, data)
        }
        // One compute unit, as a builtin's flat cost: native code is not metered.
        solana_program_runtime::declare_process_instruction!(Builtin, 1, |invoke_context| {
            crate::native::run(process, invoke_context)
        });
        Builtin::vm
    }};
}

/// A fresh chain with the TensorFlix programs loaded.
pub struct Runtime {
    /// The SVM, for what the helpers below do not cover.
    pub svm: LiteSVM,
}

impl Default for Runtime {
    fn default() -> Self {
        Self::new()
    }
}

impl Runtime {
    /// A chain at slot 0 with the default programs (SPL Token, Token-2022, Associated Token) and ours.
    pub fn new() -> Self {
        native::install();
        let mut svm = LiteSVM::new();
        svm.add_builtin(tfx_ad_revenue::ID, builtin!(tfx_ad_revenue::entry));
        svm.add_builtin(tfx_mailbox::ID, builtin!(tfx_mailbox::entry));
        svm.add_builtin(tfx_miner_collateral::ID, builtin!(tfx_miner_collateral::entry));
        svm.add_builtin(tfx_video_nft::ID, builtin!(tfx_video_nft::entry));
        svm.add_builtin(tfx_video_shares::ID, builtin!(tfx_video_shares::entry));
        svm.add_builtin(tfx_vote_tally::ID, builtin!(tfx_vote_tally::entry));
        Self { svm }
    }

    /// A new keypair holding [`FUNDING`] lamports.
    pub fn funded(&mut self) -> Keypair {
        let key = Keypair::new();
        self.svm.airdrop(&key.pubkey(), FUNDING).expect("airdrop");
        key
    }

    /// Sends `instructions` in one transaction paid by `signers[0]`, on a fresh blockhash so
    /// that identical transactions stay distinct.
    pub fn send(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> Result<Sent, Failed> {
        self.svm.expire_blockhash();
        let tx = self.transaction(instructions, signers);
        self.submit(tx)
    }

    /// A signed transaction paid by `signers[0]` on the current blockhash, not yet sent.
    pub fn transaction(&self, instructions: &[Instruction], signers: &[&Keypair]) -> Transaction {
        let payer = signers.first().expect("a fee payer").pubkey();
        let message = Message::new(instructions, Some(&payer));
        Transaction::new(signers, message, self.svm.latest_blockhash())
    }

    /// Submits a signed transaction as it is.
    pub fn submit(&mut self, tx: Transaction) -> Result<Sent, Failed> {
        match self.svm.send_transaction(tx) {
            Ok(meta) => Ok(Sent(meta)),
            Err(failed) => Err(Failed(Box::new(failed))),
        }
    }

    /// The chain's clock.
    pub fn clock(&self) -> Clock {
        self.svm.get_sysvar::<Clock>()
    }

    /// Moves the chain's time to `unix_timestamp` (and its slot on by one).
    pub fn set_time(&mut self, unix_timestamp: i64) {
        let mut clock = self.clock();
        clock.unix_timestamp = unix_timestamp;
        clock.slot += 1;
        self.svm.set_sysvar(&clock);
    }

    /// Moves the chain's time on by `seconds`.
    pub fn advance(&mut self, seconds: i64) {
        self.set_time(self.clock().unix_timestamp + seconds);
    }

    /// Reads an Anchor account, `None` when it does not exist or is not a `T`.
    pub fn account<T: anchor_lang::AccountDeserialize>(&self, address: &Pubkey) -> Option<T> {
        let account = self.svm.get_account(address)?;
        T::try_deserialize(&mut account.data.as_slice()).ok()
    }
}

/// A transaction the runtime executed.
#[derive(Debug)]
pub struct Sent(pub TransactionMetadata);

impl Sent {
    /// The `emit_cpi!` events of type `E`, in order.
    pub fn events<E: AnchorDeserialize + Discriminator>(&self) -> Vec<E> {
        event_payloads(&self.0).filter_map(decode::<E>).collect()
    }
}

/// The data of every self-invocation carrying an Anchor CPI event, in execution order.
pub fn event_payloads(meta: &TransactionMetadata) -> impl Iterator<Item = &[u8]> {
    meta.inner_instructions
        .iter()
        .flatten()
        .filter_map(|inner| inner.instruction.data.strip_prefix(anchor_lang::event::EVENT_IX_TAG_LE))
}

/// Decodes an event payload (discriminator, then Borsh) as `E`.
pub fn decode<E: AnchorDeserialize + Discriminator>(payload: &[u8]) -> Option<E> {
    let body = payload.strip_prefix(E::DISCRIMINATOR)?;
    E::try_from_slice(body).ok()
}

/// A transaction the runtime refused or that failed.
#[derive(Debug)]
pub struct Failed(pub Box<FailedTransactionMetadata>);

impl Failed {
    /// The Anchor or program error code of the failing instruction, if it failed with one.
    pub fn code(&self) -> Option<u32> {
        match &self.0.err {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        }
    }

    /// The runtime's error.
    pub fn error(&self) -> &TransactionError {
        &self.0.err
    }

    /// The transaction's log, for assertion messages.
    pub fn logs(&self) -> String {
        self.0.meta.logs.join("\n")
    }
}

/// Asserts that `result` failed with the program error `expected` (an Anchor error enum value or
/// code), printing the runtime's error and the transaction's log when it did not.
#[track_caller]
pub fn assert_fails_with<T: std::fmt::Debug>(result: Result<T, Failed>, expected: impl Into<u32>) {
    let failed = result.expect_err("the transaction should fail");
    assert_eq!(failed.code(), Some(expected.into()), "{:?}\n{}", failed.error(), failed.logs());
}

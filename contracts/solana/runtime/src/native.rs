//! Programs compiled for the host, run inside Agave's runtime.
//!
//! Without an SBF toolchain (README, "Solana") a program runs as a builtin: the runtime calls a
//! host function with the invoke context where it would start a VM. Two pieces of glue make an
//! Anchor program's `entry` run there as it would in the VM:
//! - [`run`] serializes the instruction's accounts exactly as the SBF loader does, hands the
//!   program the `AccountInfo`s over that buffer, and writes what the program changed (lamports,
//!   data, owner) back into the transaction, where the runtime checks it as for any program;
//! - the syscall stubs ([`install`]) take what native program code asks of the runtime (CPI,
//!   sysvars, return data, logs, stack height) to the invoke context of the instruction running
//!   now. Programs reach them through `solana_sysvar::program_stubs`, which the Solana crates call
//!   off-chain where they would make a syscall on-chain.
//!
//! The runtime runs a transaction's instructions, CPIs included, on one thread, so the running
//! invoke context is kept in a thread-local.

use anchor_lang::prelude::{AccountInfo, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::program_error::ProgramError;
use solana_instruction::Instruction;
use solana_instruction::error::UNSUPPORTED_SYSVAR;
use solana_instruction_error::InstructionError;
use solana_program_entrypoint::{SUCCESS, deserialize};
use solana_program_runtime::invoke_context::InvokeContext;
use solana_program_runtime::serialization::serialize_parameters;
use solana_program_runtime::stable_log;
use solana_svm_log_collector::ic_msg;
use solana_svm_timings::ExecuteTimings;
use solana_sysvar::program_stubs::{SyscallStubs, set_syscall_stubs};
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Once};

/// A native program's entry point (what `entrypoint!` would wrap on-chain).
pub type Entry = fn(&Pubkey, &[AccountInfo], &[u8]) -> ProgramResult;

thread_local! {
    /// The invoke context of the builtin running on this thread, as an address.
    static CURRENT: Cell<usize> = const { Cell::new(0) };
}

/// The invoke context of the running builtin.
fn current<'a>() -> &'a mut InvokeContext<'static, 'static> {
    let address = CURRENT.get();
    assert_ne!(address, 0, "a syscall outside a running builtin");
    // SAFETY: set by `run` from the live invoke context of the instruction running on this thread,
    // which outlives every syscall its program makes.
    unsafe { &mut *(address as *mut InvokeContext<'static, 'static>) }
}

/// Installs the syscall stubs, process-wide, once.
pub(crate) fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        set_syscall_stubs(Box::new(Stubs));
    });
}

/// Runs `entry` as the current instruction of `invoke_context`.
pub fn run(entry: Entry, invoke_context: &mut InvokeContext) -> Result<(), InstructionError> {
    CURRENT.set(invoke_context as *mut InvokeContext as usize);
    let log = invoke_context.get_log_collector();
    let mask_rent_epoch = invoke_context.get_feature_set().mask_out_rent_epoch_in_vm_serialization;
    let instruction = invoke_context.transaction_context.get_current_instruction_context()?;
    let program_id = *instruction.get_program_key()?;
    stable_log::program_invoke(&log, &program_id, invoke_context.get_stack_height());
    // No VM: neither the stricter ABI constraints nor direct mapping apply.
    let (mut buffer, ..) = serialize_parameters(&instruction, false, false, mask_rent_epoch)?;
    // SAFETY: the buffer is the SBF loader's serialization of this instruction, which is what
    // `deserialize` reads; it lives until the write-back below is done.
    let (id, accounts, data) = unsafe { deserialize(buffer.as_slice_mut().as_mut_ptr()) };
    let outcome = match catch_unwind(AssertUnwindSafe(|| entry(id, &accounts, data))) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(InstructionError::from(u64::from(error))),
        Err(_) => Err(InstructionError::ProgramFailedToComplete),
    };
    if let Err(error) = &outcome {
        stable_log::program_failure(&log, &program_id, error);
        return outcome;
    }
    stable_log::program_success(&log, &program_id);
    // A CPI may have moved the instruction context: read it again.
    let instruction = invoke_context.transaction_context.get_current_instruction_context()?;
    for index in 0..instruction.get_number_of_instruction_accounts() {
        let mut account = instruction.try_borrow_instruction_account(index)?;
        if !account.is_writable() {
            continue;
        }
        let Some(info) = accounts.iter().find(|a| a.key == account.get_key()) else { continue };
        if account.get_lamports() != info.lamports() {
            account.set_lamports(info.lamports())?;
        }
        if account.can_data_be_resized(info.data_len()).is_ok() {
            account.set_data_from_slice(&info.data.borrow())?;
        }
        // Last: lamports and data may change only while the program still owns the account.
        if account.get_owner() != info.owner {
            account.set_owner(info.owner.as_ref())?;
        }
    }
    Ok(())
}

/// An instruction error as a program sees a failed CPI; the few with no program-error form end
/// the calling program, as they end the transaction on-chain.
fn to_program_error(error: InstructionError) -> ProgramError {
    ProgramError::try_from(error.clone()).unwrap_or_else(|_| panic!("cross-program invocation failed: {error}"))
}

/// Writes a sysvar the runtime holds to `address`.
fn write_sysvar<T: Clone>(sysvar: Result<Arc<T>, InstructionError>, address: *mut u8) -> u64 {
    match sysvar {
        Ok(value) => {
            // SAFETY: the program passes the address of a `T` it owns, as to the syscall.
            unsafe { std::ptr::write(address.cast::<T>(), T::clone(&value)) };
            SUCCESS
        }
        Err(_) => UNSUPPORTED_SYSVAR,
    }
}

struct Stubs;

impl SyscallStubs for Stubs {
    fn sol_log(&self, message: &str) {
        ic_msg!(current(), "Program log: {}", message);
    }

    fn sol_invoke_signed(&self, instruction: &Instruction, infos: &[AccountInfo], seeds: &[&[&[u8]]]) -> ProgramResult {
        let invoke_context = current();
        let log = invoke_context.get_log_collector();
        let caller = invoke_context
            .transaction_context
            .get_current_instruction_context()
            .and_then(|c| c.get_program_key().copied())
            .map_err(to_program_error)?;
        stable_log::program_invoke(&log, &instruction.program_id, invoke_context.get_stack_height());
        let signers =
            seeds.iter().map(|s| Pubkey::create_program_address(s, &caller)).collect::<Result<Vec<_>, _>>()?;
        invoke_context.prepare_next_instruction(instruction.clone(), &signers).map_err(to_program_error)?;
        let written = share_with_callee(invoke_context, infos).map_err(to_program_error)?;
        let mut units = 0;
        invoke_context.process_instruction(&mut units, &mut ExecuteTimings::default()).map_err(to_program_error)?;
        take_from_callee(invoke_context, infos, &written)?;
        stable_log::program_success(&log, &instruction.program_id);
        Ok(())
    }

    fn sol_get_clock_sysvar(&self, address: *mut u8) -> u64 {
        write_sysvar(current().get_sysvar_cache().get_clock(), address)
    }

    fn sol_get_epoch_schedule_sysvar(&self, address: *mut u8) -> u64 {
        write_sysvar(current().get_sysvar_cache().get_epoch_schedule(), address)
    }

    fn sol_get_epoch_rewards_sysvar(&self, address: *mut u8) -> u64 {
        write_sysvar(current().get_sysvar_cache().get_epoch_rewards(), address)
    }

    fn sol_get_rent_sysvar(&self, address: *mut u8) -> u64 {
        write_sysvar(current().get_sysvar_cache().get_rent(), address)
    }

    fn sol_get_last_restart_slot(&self, address: *mut u8) -> u64 {
        write_sysvar(current().get_sysvar_cache().get_last_restart_slot(), address)
    }

    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        let (program, data) = current().transaction_context.get_return_data();
        Some((*program, data.to_vec()))
    }

    fn sol_set_return_data(&self, data: &[u8]) {
        let transaction_context = &mut current().transaction_context;
        let caller = transaction_context.get_current_instruction_context().and_then(|c| c.get_program_key().copied());
        let set = caller.and_then(|caller| transaction_context.set_return_data(caller, data.to_vec()));
        set.unwrap_or_else(|error| panic!("set_return_data: {error}"));
    }

    fn sol_get_stack_height(&self) -> u64 {
        current().get_stack_height() as u64
    }
}

/// Before a CPI: the caller's view of each account the callee takes (its `AccountInfo`s, which
/// the caller may have changed) into the transaction. Returns, for each account the callee may
/// write, its index in the transaction and in `infos`.
fn share_with_callee(
    invoke_context: &mut InvokeContext,
    infos: &[AccountInfo],
) -> Result<Vec<(u16, usize)>, InstructionError> {
    let transaction_context = &invoke_context.transaction_context;
    let caller = transaction_context.get_current_instruction_context()?;
    let callee = transaction_context.get_next_instruction_context()?;
    let mut written = Vec::new();
    for account in callee.instruction_accounts() {
        let key = transaction_context.get_key_of_account_at_index(account.index_in_transaction)?;
        let position = infos.iter().position(|i| i.key == key).ok_or(InstructionError::MissingAccount)?;
        let info = &infos[position];
        let mut borrowed = caller.try_borrow_instruction_account(
            caller.get_index_of_account_in_instruction(account.index_in_transaction)?,
        )?;
        if borrowed.get_lamports() != info.lamports() {
            borrowed.set_lamports(info.lamports())?;
        }
        let data = info.try_borrow_data().map_err(|_| InstructionError::AccountBorrowFailed)?;
        match borrowed.can_data_be_resized(data.len()) {
            Ok(()) => borrowed.set_data_from_slice(&data)?,
            Err(error) if borrowed.get_data() != *data => return Err(error),
            Err(_) => {}
        }
        if borrowed.get_owner() != info.owner {
            borrowed.set_owner(info.owner.as_ref())?;
        }
        if account.is_writable() {
            written.push((account.index_in_transaction, position));
        }
    }
    Ok(written)
}

/// After a CPI: what the callee wrote, back into the caller's `AccountInfo`s.
fn take_from_callee(invoke_context: &InvokeContext, infos: &[AccountInfo], written: &[(u16, usize)]) -> ProgramResult {
    let caller = invoke_context.transaction_context.get_current_instruction_context().map_err(to_program_error)?;
    for &(in_transaction, position) in written {
        let index = caller.get_index_of_account_in_instruction(in_transaction).map_err(to_program_error)?;
        let account = caller.try_borrow_instruction_account(index).map_err(to_program_error)?;
        let info = &infos[position];
        **info.try_borrow_mut_lamports()? = account.get_lamports();
        if info.owner != account.get_owner() {
            info.assign(account.get_owner());
        }
        let data = account.get_data();
        if info.data_len() != data.len() {
            info.resize(data.len())?;
        }
        info.try_borrow_mut_data()?.copy_from_slice(data);
    }
    Ok(())
}

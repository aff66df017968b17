//! Instructions of the Mailbox program, built from its Anchor account and argument types.

use crate::SYSTEM_PROGRAM;
use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, ToAccountMetas};
use solana_instruction::Instruction;
use tfx_mailbox::{ID, accounts, instruction, seeds};

program_helpers!(tfx_mailbox);

/// The configuration account.
pub fn config() -> Pubkey {
    pda(&[seeds::CONFIG])
}

/// The route from `origin`.
pub fn route(origin: u64) -> Pubkey {
    pda(&[seeds::SENDER, &origin.to_be_bytes()])
}

/// The nonce account towards `destination`.
pub fn nonce(destination: u64) -> Pubkey {
    pda(&[seeds::NONCE, &destination.to_be_bytes()])
}

/// The delivery record of message `id`.
pub fn delivered(id: &[u8; 32]) -> Pubkey {
    pda(&[seeds::DELIVERED, id])
}

/// `initialize`.
pub fn initialize(governor: &Pubkey, local_domain: u64) -> Instruction {
    ix(
        accounts::Initialize { governor: *governor, config: config(), system_program: SYSTEM_PROGRAM },
        instruction::Initialize { local_domain },
    )
}

fn govern(governor: &Pubkey) -> accounts::Govern {
    accounts::Govern { governor: *governor, config: config(), event_authority: event_authority(), program: ID }
}

/// `set_recipient`.
pub fn set_recipient(governor: &Pubkey, recipient: &Pubkey) -> Instruction {
    ix(govern(governor), instruction::SetRecipient { recipient: *recipient })
}

/// `rotate_attesters`.
pub fn rotate_attesters(governor: &Pubkey, attesters: Vec<[u8; 20]>, threshold: u8) -> Instruction {
    ix(govern(governor), instruction::RotateAttesters { attesters, threshold })
}

/// `enroll_remote_sender`.
pub fn enroll_remote_sender(governor: &Pubkey, origin: u64, sender: [u8; 32]) -> Instruction {
    ix(
        accounts::EnrollRemoteSender {
            governor: *governor,
            config: config(),
            route: route(origin),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::EnrollRemoteSender { origin, sender },
    )
}

/// `dispatch`, signed by `sender` (the configured recipient) and paid by `payer`.
pub fn dispatch(sender: &Pubkey, payer: &Pubkey, destination: u64, message_type: u8, body: Vec<u8>) -> Instruction {
    ix(
        accounts::Dispatch {
            sender: *sender,
            payer: *payer,
            config: config(),
            nonce: nonce(destination),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Dispatch { destination, message_type, body },
    )
}

/// `deliver` of `message`, naming the route of its header's origin (`None`: name none).
pub fn deliver(
    payer: &Pubkey,
    message: &[u8],
    route_of: Option<u64>,
    version: u64,
    signatures: Vec<Vec<u8>>,
) -> Instruction {
    let id = tfx_mailbox::message_id(message);
    ix(
        accounts::Deliver {
            payer: *payer,
            config: config(),
            route: route_of.map(route),
            delivered: delivered(&id),
            system_program: SYSTEM_PROGRAM,
            event_authority: event_authority(),
            program: ID,
        },
        instruction::Deliver { id, message: message.to_vec(), version, signatures },
    )
}

//! Mailbox on Solana: `contracts/evm/src/Mailbox.sol`'s messages and m-of-n attestation.
//!
//! The wire format is the EVM suite's, byte for byte, so the same attesters sign the same ids:
//! `version u8 | origin u64 | destination u64 | nonce u64 | sender bytes32 | type u8 | body`
//! (big-endian integers, 58 header bytes), id = keccak256 of it. Attesters are secp256k1 keys (EVM
//! addresses): a signature is checked with the `secp256k1_recover` syscall over the EIP-712 digest
//! of `Attestation(bytes32 id, uint64 setVersion)`. Solana has no chain id or 20-byte contract
//! address for EIP-712's domain, so this Mailbox's domain is `EIP712Domain(string name,string
//! version,uint256 chainId,bytes32 salt)` with the Mailbox's route domain as `chainId` and its
//! program id as `salt`: a signature counts here only, as on the EVM chains.
//!
//! - Outbound: the configured recipient (the suite's router; a PDA it signs with through CPI)
//!   dispatches; each destination has its own nonce (`["nonce", destination]`).
//! - Inbound: anyone delivers a message with signatures of at least `threshold` members of the
//!   current attester set, in strictly ascending signer order; the id is consumed once
//!   (`["delivered", id]`). Applying a delivered message to the suite (the EVM `handle`) needs the
//!   router program, which is not built yet: delivery records and announces it.
//! - The lessons of past bridges hold as on the EVM chains: signatures are checked against the
//!   stored set only (Wormhole), a threshold is a strict majority (Ronin), no default value proves
//!   anything (Nomad), and a message never names what it is applied to (Poly Network).

// Anchor's macros generate public modules and account structs without docs.
#![allow(missing_docs)]

use anchor_lang::prelude::*;
use solana_keccak_hasher::hashv as keccak;
use solana_secp256k1_recover::secp256k1_recover;

declare_id!("HFcX8sdsehkVdAbXkaQN7pVjdvtom7ZYpAoTwA2o9hVZ");

/// Version of the message encoding this Mailbox writes and reads.
pub const VERSION: u8 = 1;
/// Header bytes before a message's body.
pub const HEADER: usize = 58;
/// Most attesters in a set.
pub const MAX_ATTESTERS: usize = 32;
/// Longest message body this Mailbox dispatches.
pub const MAX_BODY: usize = 512;
/// Highest message type (the EVM suite's `MessageType.SlashNotice`).
pub const MAX_TYPE: u8 = 4;
/// Half the secp256k1 group order: larger `s` values are the malleable twins, refused.
const HALF_N: [u8; 32] = [
    0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x5D, 0x57, 0x6E,
    0x73, 0x57, 0xA4, 0x50, 0x1D, 0xDF, 0xE9, 0x2F, 0x46, 0x68, 0x1B, 0x20, 0xA0,
];

/// Seeds of the program's accounts.
pub mod seeds {
    /// The one configuration account.
    pub const CONFIG: &[u8] = b"config";
    /// The next nonce towards a destination: `["nonce", destination as u64 big-endian]`.
    pub const NONCE: &[u8] = b"nonce";
    /// The sender enrolled for an origin: `["sender", origin]`.
    pub const SENDER: &[u8] = b"sender";
    /// A delivered message: `["delivered", id]`.
    pub const DELIVERED: &[u8] = b"delivered";
}

/// The canonical encoding of a message.
pub fn encode(origin: u64, destination: u64, nonce: u64, sender: &[u8; 32], message_type: u8, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(HEADER + body.len());
    m.push(VERSION);
    m.extend_from_slice(&origin.to_be_bytes());
    m.extend_from_slice(&destination.to_be_bytes());
    m.extend_from_slice(&nonce.to_be_bytes());
    m.extend_from_slice(sender);
    m.push(message_type);
    m.extend_from_slice(body);
    m
}

/// A message's id: keccak256 of its canonical encoding.
pub fn message_id(message: &[u8]) -> [u8; 32] {
    keccak(&[message]).to_bytes()
}

/// The EIP-712 digest attesters sign for message `id` under set `version`, for the Mailbox of
/// route domain `local_domain` (see the crate docs for its domain).
pub fn attestation_digest(local_domain: u64, id: &[u8; 32], version: u64) -> [u8; 32] {
    let word = |n: u64| {
        let mut w = [0u8; 32];
        w[24..].copy_from_slice(&n.to_be_bytes());
        w
    };
    let domain_type = keccak(&[b"EIP712Domain(string name,string version,uint256 chainId,bytes32 salt)"]).to_bytes();
    let domain = keccak(&[
        &domain_type,
        &keccak(&[b"TensorFlix Mailbox"]).to_bytes(),
        &keccak(&[b"1"]).to_bytes(),
        &word(local_domain),
        crate::ID.as_ref(),
    ])
    .to_bytes();
    let attestation_type = keccak(&[b"Attestation(bytes32 id,uint64 setVersion)"]).to_bytes();
    let message = keccak(&[&attestation_type, id, &word(version)]).to_bytes();
    keccak(&[b"\x19\x01", &domain, &message]).to_bytes()
}

/// The EVM address that signed `digest` with `signature` (`r || s || v`, v 27 or 28), refusing
/// the high-`s` twins.
pub fn recover(digest: &[u8; 32], signature: &[u8]) -> Option<[u8; 20]> {
    let (rs, v) = match signature {
        [rs @ .., v] if rs.len() == 64 && (*v == 27 || *v == 28) => (rs, *v - 27),
        _ => return None,
    };
    if rs[32..] > HALF_N[..] {
        return None;
    }
    let key = secp256k1_recover(digest, v, rs).ok()?;
    let hash = keccak(&[&key.to_bytes()]).to_bytes();
    hash[12..].try_into().ok()
}

#[program]
pub mod mailbox {
    use super::*;

    /// Creates the configuration: `governor` governs; this chain is `local_domain` in routes.
    pub fn initialize(ctx: Context<Initialize>, local_domain: u64) -> Result<()> {
        require!(local_domain != 0, MailboxError::InvalidRoute);
        let config = &mut ctx.accounts.config;
        config.governor = ctx.accounts.governor.key();
        config.local_domain = local_domain;
        config.recipient = Pubkey::default();
        config.set_version = 0;
        config.threshold = 0;
        config.attesters = Vec::new();
        config.bump = ctx.bumps.config;
        Ok(())
    }

    /// Sets the one account allowed to dispatch: the suite's router (its PDA).
    pub fn set_recipient(ctx: Context<Govern>, recipient: Pubkey) -> Result<()> {
        ctx.accounts.config.recipient = recipient;
        emit_cpi!(RecipientSet { recipient });
        Ok(())
    }

    /// Replaces the attester set (EVM addresses); the version increments and older sets' signatures
    /// stop counting at once. `threshold` must be a strict majority.
    pub fn rotate_attesters(ctx: Context<Govern>, attesters: Vec<[u8; 20]>, threshold: u8) -> Result<()> {
        let n = attesters.len();
        require!(
            n > 0 && n <= MAX_ATTESTERS && usize::from(threshold) * 2 > n && usize::from(threshold) <= n,
            MailboxError::InvalidAttesterSet
        );
        for (i, a) in attesters.iter().enumerate() {
            require!(*a != [0; 20] && !attesters[..i].contains(a), MailboxError::InvalidAttesterSet);
        }
        let config = &mut ctx.accounts.config;
        config.set_version += 1;
        config.attesters = attesters.clone();
        config.threshold = threshold;
        emit_cpi!(AttesterSetRotated { version: config.set_version, attesters, threshold });
        Ok(())
    }

    /// Enrolls `sender` as the one sender accepted from `origin` (zero removes the route).
    pub fn enroll_remote_sender(ctx: Context<EnrollRemoteSender>, origin: u64, sender: [u8; 32]) -> Result<()> {
        require!(origin != 0 && origin != ctx.accounts.config.local_domain, MailboxError::InvalidRoute);
        ctx.accounts.route.sender = sender;
        ctx.accounts.route.bump = ctx.bumps.route;
        emit_cpi!(RemoteSenderEnrolled { origin, sender });
        Ok(())
    }

    /// Leaves a message for `destination`, from the configured recipient only.
    pub fn dispatch(ctx: Context<Dispatch>, destination: u64, message_type: u8, body: Vec<u8>) -> Result<()> {
        let config = &ctx.accounts.config;
        let sender = ctx.accounts.sender.key();
        require!(config.recipient != Pubkey::default() && sender == config.recipient, MailboxError::Unauthorized);
        require!(destination != 0 && destination != config.local_domain, MailboxError::InvalidRoute);
        require!((1..=MAX_TYPE).contains(&message_type), MailboxError::UnknownType);
        require!(body.len() <= MAX_BODY, MailboxError::Malformed);
        let counter = &mut ctx.accounts.nonce;
        let nonce = counter.next;
        counter.next += 1;
        counter.bump = ctx.bumps.nonce;
        let message = encode(config.local_domain, destination, nonce, &sender.to_bytes(), message_type, &body);
        let id = message_id(&message);
        emit_cpi!(Dispatched { id, destination, nonce, sender, message_type, message });
        Ok(())
    }

    /// Delivers `message` with `signatures` (65 bytes each) of attester set `version`, the current
    /// one, in strictly ascending signer order. Anyone may send it; the signatures are the
    /// authority. `id` must be the message's keccak256 (it names the delivery record).
    pub fn deliver(
        ctx: Context<Deliver>,
        id: [u8; 32],
        message: Vec<u8>,
        version: u64,
        signatures: Vec<Vec<u8>>,
    ) -> Result<()> {
        let config = &ctx.accounts.config;
        require!(message.len() >= HEADER && message[0] == VERSION, MailboxError::Malformed);
        require!(message_id(&message) == id, MailboxError::Malformed);
        let field = |at: usize| u64::from_be_bytes(message[at..at + 8].try_into().expect("8 bytes"));
        let (origin, destination, nonce) = (field(1), field(9), field(17));
        let sender: [u8; 32] = message[25..57].try_into().expect("32 bytes");
        let message_type = message[57];
        require!(destination == config.local_domain, MailboxError::WrongDestination);
        let route = ctx.accounts.route.as_ref().ok_or(MailboxError::UnknownSender)?;
        // The route account must be the origin's own: another origin's sender proves nothing.
        let own = Pubkey::create_program_address(&[seeds::SENDER, &origin.to_be_bytes(), &[route.bump]], &crate::ID)
            .map_err(|_| error!(MailboxError::UnknownSender))?;
        require_keys_eq!(route.key(), own, MailboxError::UnknownSender);
        require!(route.sender != [0; 32] && route.sender == sender, MailboxError::UnknownSender);
        require!((1..=MAX_TYPE).contains(&message_type), MailboxError::UnknownType);
        let record = &mut ctx.accounts.delivered;
        require!(!record.delivered, MailboxError::AlreadyDelivered);
        require!(version == config.set_version, MailboxError::WrongSetVersion);
        let need = usize::from(config.threshold);
        // An unset set (version 0) has threshold 0: refuse instead of accepting zero signatures.
        require!(need > 0 && signatures.len() >= need, MailboxError::NotEnoughSignatures);
        let digest = attestation_digest(config.local_domain, &id, version);
        let mut last = [0u8; 20];
        for (i, signature) in signatures.iter().enumerate() {
            let signer = recover(&digest, signature).filter(|s| config.attesters.contains(s));
            let Some(signer) = signer else {
                msg!("signature {} does not recover to a current attester", i);
                return err!(MailboxError::InvalidSignature);
            };
            if signer <= last {
                msg!("signature {} is not in ascending signer order", i);
                return err!(MailboxError::SignersNotAscending);
            }
            last = signer;
        }
        record.delivered = true;
        record.bump = ctx.bumps.delivered;
        emit_cpi!(Delivered { id, origin, nonce, message_type, set_version: version });
        Ok(())
    }
}

/// The Mailbox's configuration and current attester set.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Rotates attesters, enrolls senders, sets the recipient.
    pub governor: Pubkey,
    /// This chain's id in routes.
    pub local_domain: u64,
    /// The one account allowed to dispatch.
    pub recipient: Pubkey,
    /// Version of the current set; 0 until the first rotation (nothing verifies then).
    pub set_version: u64,
    /// Signatures the current set needs.
    pub threshold: u8,
    /// The current attesters' EVM addresses.
    #[max_len(MAX_ATTESTERS)]
    pub attesters: Vec<[u8; 20]>,
    /// The PDA's bump.
    pub bump: u8,
}

/// The next nonce towards one destination.
#[account]
#[derive(InitSpace)]
pub struct Nonce {
    /// The nonce the next message gets.
    pub next: u64,
    /// The PDA's bump.
    pub bump: u8,
}

/// The sender enrolled for one origin.
#[account]
#[derive(InitSpace)]
pub struct Route {
    /// The suite's router there, left-padded to 32 bytes; zero: none.
    pub sender: [u8; 32],
    /// The PDA's bump.
    pub bump: u8,
}

/// Whether one message was delivered.
#[account]
#[derive(InitSpace)]
pub struct DeliveryRecord {
    /// Set by its delivery.
    pub delivered: bool,
    /// The PDA's bump.
    pub bump: u8,
}

/// Accounts of [`mailbox::initialize`].
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// Pays for the configuration and becomes its governor.
    #[account(mut)]
    pub governor: Signer<'info>,
    /// The configuration.
    #[account(init, payer = governor, space = 8 + Config::INIT_SPACE, seeds = [seeds::CONFIG], bump)]
    pub config: Account<'info, Config>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of the governor's instructions.
#[event_cpi]
#[derive(Accounts)]
pub struct Govern<'info> {
    /// The governor.
    pub governor: Signer<'info>,
    /// The configuration, naming the governor.
    #[account(mut, seeds = [seeds::CONFIG], bump = config.bump, has_one = governor @ MailboxError::Unauthorized)]
    pub config: Account<'info, Config>,
}

/// Accounts of [`mailbox::enroll_remote_sender`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(origin: u64)]
pub struct EnrollRemoteSender<'info> {
    /// The governor, paying the route's rent.
    #[account(mut)]
    pub governor: Signer<'info>,
    /// The configuration, naming the governor.
    #[account(seeds = [seeds::CONFIG], bump = config.bump, has_one = governor @ MailboxError::Unauthorized)]
    pub config: Account<'info, Config>,
    /// The route from `origin`.
    #[account(
        init_if_needed,
        payer = governor,
        space = 8 + Route::INIT_SPACE,
        seeds = [seeds::SENDER, &origin.to_be_bytes()],
        bump,
    )]
    pub route: Account<'info, Route>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`mailbox::dispatch`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(destination: u64)]
pub struct Dispatch<'info> {
    /// The configured recipient (the router's PDA, signing through CPI).
    pub sender: Signer<'info>,
    /// Pays the nonce account's rent the first time.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The nonce towards `destination`.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + Nonce::INIT_SPACE,
        seeds = [seeds::NONCE, &destination.to_be_bytes()],
        bump,
    )]
    pub nonce: Account<'info, Nonce>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Accounts of [`mailbox::deliver`].
#[event_cpi]
#[derive(Accounts)]
#[instruction(id: [u8; 32])]
pub struct Deliver<'info> {
    /// Whoever delivers, paying the delivery record's rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The configuration.
    #[account(seeds = [seeds::CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The route from the message's origin; checked against the header's origin by its seeds.
    /// None when no sender was ever enrolled there.
    pub route: Option<Account<'info, Route>>,
    /// The message's delivery record.
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + DeliveryRecord::INIT_SPACE,
        seeds = [seeds::DELIVERED, &id],
        bump,
    )]
    pub delivered: Account<'info, DeliveryRecord>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// A message left for another chain (the EVM suite's `Dispatched`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Dispatched {
    /// The message id.
    pub id: [u8; 32],
    /// Its destination.
    pub destination: u64,
    /// Its nonce towards that destination.
    pub nonce: u64,
    /// The dispatcher.
    pub sender: Pubkey,
    /// Its type.
    pub message_type: u8,
    /// The canonical encoding attesters sign.
    pub message: Vec<u8>,
}

/// A message delivered here (the EVM suite's `Delivered`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct Delivered {
    /// The message id.
    pub id: [u8; 32],
    /// Its origin.
    pub origin: u64,
    /// Its nonce.
    pub nonce: u64,
    /// Its type.
    pub message_type: u8,
    /// The attester set that signed it.
    pub set_version: u64,
}

/// The attester set changed (the EVM suite's `AttesterSetRotated`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct AttesterSetRotated {
    /// The new set's version.
    pub version: u64,
    /// Its members.
    pub attesters: Vec<[u8; 20]>,
    /// Signatures it needs.
    pub threshold: u8,
}

/// A remote sender was enrolled (the EVM suite's `RemoteSenderEnrolled`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct RemoteSenderEnrolled {
    /// The origin.
    pub origin: u64,
    /// Its accepted sender.
    pub sender: [u8; 32],
}

/// The dispatching recipient changed (the EVM suite's `RecipientSet`).
#[event]
#[derive(Debug, PartialEq, Eq)]
pub struct RecipientSet {
    /// The new recipient.
    pub recipient: Pubkey,
}

/// The program's errors, named as the EVM suite's `Mailbox*` errors.
#[error_code]
pub enum MailboxError {
    /// The signer may not do this.
    #[msg("unauthorized")]
    Unauthorized,
    /// Not a version-1 message, or its id does not match.
    #[msg("malformed message")]
    Malformed,
    /// The message is for another chain.
    #[msg("the message is for another destination")]
    WrongDestination,
    /// Nobody, or someone else, is enrolled as the origin's sender.
    #[msg("the sender is not enrolled for this origin")]
    UnknownSender,
    /// The type is 0 or above the highest known.
    #[msg("unknown message type")]
    UnknownType,
    /// The message was delivered already.
    #[msg("the message was already delivered")]
    AlreadyDelivered,
    /// The signatures are for another set version than the current one.
    #[msg("the signatures are not of the current attester set")]
    WrongSetVersion,
    /// Fewer signatures than the threshold, or no set at all.
    #[msg("not enough signatures")]
    NotEnoughSignatures,
    /// A signature does not recover to a current attester.
    #[msg("a signature does not recover to a current attester")]
    InvalidSignature,
    /// Signers repeat or are out of order.
    #[msg("signers must be in strictly ascending order")]
    SignersNotAscending,
    /// Empty, too large, not a majority, or a zero or repeated member.
    #[msg("invalid attester set")]
    InvalidAttesterSet,
    /// A route to or from this chain itself, or chain 0.
    #[msg("invalid route")]
    InvalidRoute,
}

#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix Mailbox for Polkadot Hub, the ink! 6 port of `contracts/evm/src/Mailbox.sol`.
//!
//! Same semantics: outbound, the suite's recipient contract (the only dispatcher) leaves a message
//! for another chain; it gets the next nonce of that destination and is emitted in its canonical
//! encoding (version 1, packed: `version u8 | origin u64 | destination u64 | nonce u64 | sender
//! bytes32 | type u8 | body`; the id is its keccak256). Inbound, anyone may `deliver` a message with
//! signatures of at least `threshold` of the current attesters, in strictly increasing signer order;
//! the Mailbox checks them against the set it stores, consumes the id once, and hands the body to
//! the recipient, which applies it through one fixed handler per type. An attester signs the EIP-712
//! struct `Attestation(bytes32 id, uint64 setVersion)` in this Mailbox's domain (`TensorFlix
//! Mailbox` v1, the chain id the runtime reports, this contract's address), the same digest as on
//! the EVM chains, so the attesters and the relayer treat both alike.
//!
//! Where Polkadot Hub differs, and what this port chose:
//! - **ABI**: Solidity ABI (`abi = "sol"`): the same selectors, events (topic 0, topics and data)
//!   and errors as the EVM contract, so the indexer, `flix` and the relayer use abi/evm/Mailbox.json.
//!   The message type is the `uint8` of Solidity's `MessageType`; a value beyond the last type is
//!   refused with `MailboxUnknownType` where Solidity's ABI decoder reverts without data.
//! - **Roles**: one admin holds the governor role (rotate attesters, enroll senders, set the
//!   recipient); an unauthorized call names `GOVERNOR_ROLE`, as the EVM contract's would.
//! - **Signatures**: recovered through the `ecrecover` precompile, 65-byte `r || s || v` (v 27 or 28)
//!   or EIP-2098's 64 bytes, low `s` only, as OpenZeppelin's ECDSA accepts (`tfx_ink_sol::eip712`).
//! - **Storage** holds explicit values only, never `Mapping::contains`/`remove`.

#[ink::contract]
pub mod mailbox {
    use ink::U256;
    use ink::env::hash::Keccak256;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::interfaces::{MessageRecipient, MessageRecipientRef};
    use tfx_ink_sol::{Outputs, eip712, keccak_words};

    /// Version of the message encoding this Mailbox writes and reads.
    pub const VERSION: u8 = 1;
    /// Most attesters in a set (bounds `deliver`'s loop).
    pub const MAX_ATTESTERS: u32 = 32;
    /// The last message type (`SlashNotice`); 0 is `None`, never a message.
    pub const LAST_TYPE: u8 = 4;
    /// Bytes before the body.
    pub const HEADER: usize = 58;

    const GOVERNOR_ROLE: [u8; 32] = ink::keccak_256!("GOVERNOR_ROLE");
    /// `keccak256("Attestation(bytes32 id,uint64 setVersion)")`
    const ATTESTATION_TYPEHASH: [u8; 32] = ink::keccak_256!("Attestation(bytes32 id,uint64 setVersion)");
    const NAME_HASH: [u8; 32] = ink::keccak_256!("TensorFlix Mailbox");
    const VERSION_HASH: [u8; 32] = ink::keccak_256!("1");

    /// A message left for `destination`; `message` is its canonical encoding and `id` its keccak256.
    #[ink(event)]
    pub struct Dispatched {
        /// Message id.
        #[ink(topic)]
        pub id: FixedBytes<32>,
        /// Destination chain.
        #[ink(topic)]
        pub destination: u64,
        /// Its nonce on that route.
        pub nonce: u64,
        /// The dispatching contract.
        #[ink(topic)]
        pub sender: Address,
        /// Message type.
        pub message_type: u8,
        /// Canonical encoding.
        pub message: DynBytes,
    }

    /// A message from `origin` was accepted with signatures of attester set `set_version` and
    /// applied by the recipient.
    #[ink(event)]
    pub struct Delivered {
        /// Message id.
        #[ink(topic)]
        pub id: FixedBytes<32>,
        /// Origin chain.
        #[ink(topic)]
        pub origin: u64,
        /// Its nonce on that route.
        pub nonce: u64,
        /// Message type.
        pub message_type: u8,
        /// The attester set that signed.
        pub set_version: u64,
    }

    /// Governance replaced the attester set.
    #[ink(event)]
    pub struct AttesterSetRotated {
        /// The new set's version.
        #[ink(topic)]
        pub version: u64,
        /// Its members.
        pub attesters: Vec<Address>,
        /// Signatures it needs.
        pub threshold: u8,
    }

    /// Governance enrolled (or, with zero, removed) the contract that may send from `origin`.
    #[ink(event)]
    pub struct RemoteSenderEnrolled {
        /// Origin chain.
        #[ink(topic)]
        pub origin: u64,
        /// The sender there, left-padded.
        pub sender: FixedBytes<32>,
    }

    /// Governance set the local contract that dispatches and applies messages.
    #[ink(event)]
    pub struct RecipientSet {
        /// The recipient.
        pub recipient: Address,
    }

    /// The Solidity contract's custom errors, with its selectors.
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Only the recipient contract may dispatch.
        MailboxUnauthorized(Address),
        /// Too short, or another encoding version.
        MailboxMalformed,
        /// The message is for another chain.
        MailboxWrongDestination(u64),
        /// Nobody is enrolled as sender on the origin, or another sender is.
        MailboxUnknownSender(u64, FixedBytes<32>),
        /// Not a handled message type.
        MailboxUnknownType(u8),
        /// Delivered already.
        MailboxAlreadyDelivered(FixedBytes<32>),
        /// Signed for another set version than the current one: (signed, current).
        MailboxWrongSetVersion(u64, u64),
        /// Fewer signatures than the threshold: (given, threshold).
        MailboxNotEnoughSignatures(U256, U256),
        /// Signature `index` does not recover to a current attester.
        MailboxInvalidSignature(U256),
        /// Signers must ascend strictly (which rules out duplicates).
        MailboxSignersNotAscending(U256),
        /// 1..=32 distinct non-zero members and a threshold above half of them.
        MailboxInvalidAttesterSet,
        /// Destination and origin must differ from this chain (and from 0).
        MailboxInvalidRoute(u64),
        /// Caller lacks the role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// `eip712Domain()`'s return values (EIP-5267).
    pub type Eip712Domain = Outputs<(
        FixedBytes<1>,
        ink::prelude::string::String,
        ink::prelude::string::String,
        U256,
        Address,
        FixedBytes<32>,
        Vec<U256>,
    )>;

    /// The contract.
    #[ink(storage)]
    pub struct Mailbox {
        admin: Address,
        local_domain: u64,
        recipient: Address,
        set_version: u64,
        threshold: u8,
        attesters: Vec<Address>,
        is_attester: Mapping<(u64, Address), bool>,
        nonces: Mapping<u64, u64>,
        remote_senders: Mapping<u64, [u8; 32]>,
        delivered: Mapping<[u8; 32], bool>,
    }

    impl Mailbox {
        /// A Mailbox governed by `governor`, for this chain (its id from the runtime).
        #[ink(constructor)]
        pub fn new(governor: Address) -> Self {
            Self {
                admin: governor,
                local_domain: eip712::chain_id().low_u64(),
                recipient: Address::zero(),
                set_version: 0,
                threshold: 0,
                attesters: Vec::new(),
                is_attester: Mapping::default(),
                nonces: Mapping::default(),
                remote_senders: Mapping::default(),
                delivered: Mapping::default(),
            }
        }

        /// Leaves a message for `destination`. Only the recipient contract may call it.
        #[ink(message)]
        pub fn dispatch(&mut self, destination: u64, message_type: u8, body: DynBytes) -> Result<FixedBytes<32>> {
            let caller = self.env().caller();
            if caller != self.recipient || caller == Address::zero() {
                return Err(Error::MailboxUnauthorized(caller));
            }
            if destination == self.local_domain || destination == 0 {
                return Err(Error::MailboxInvalidRoute(destination));
            }
            if message_type == 0 || message_type > LAST_TYPE {
                return Err(Error::MailboxUnknownType(message_type));
            }
            let nonce = self.nonces.get(destination).unwrap_or(0);
            self.nonces.insert(destination, &nonce.checked_add(1).ok_or_else(overflow)?);
            let sender = FixedBytes(tfx_ink_sol::address_word(&caller));
            let message = encode(self.local_domain, destination, nonce, &sender, message_type, &body.0);
            let id = FixedBytes(self.keccak(&message));
            self.env().emit_event(Dispatched {
                id,
                destination,
                nonce,
                sender: caller,
                message_type,
                message: DynBytes(message),
            });
            Ok(id)
        }

        /// Delivers `message` with `signatures` of attester set `version` (the current one), in
        /// strictly increasing signer order. Anyone may call it; the signatures are the authority.
        /// A recipient's revert is this call's revert, with its data.
        #[ink(message)]
        pub fn deliver(&mut self, message: DynBytes, version: u64, signatures: Vec<DynBytes>) -> Result<()> {
            let (origin, nonce, message_type) = self.check_route(&message.0)?;
            let id = self.keccak(&message.0);
            if self.delivered.get(id).unwrap_or(false) {
                return Err(Error::MailboxAlreadyDelivered(FixedBytes(id)));
            }
            self.verify(&id, version, &signatures)?;

            self.delivered.insert(id, &true);
            self.env().emit_event(Delivered { id: FixedBytes(id), origin, nonce, message_type, set_version: version });
            let mut recipient: MessageRecipientRef = self.recipient.into();
            if let Err(revert) = recipient.handle(origin, message_type, DynBytes(message.0[HEADER..].to_vec())) {
                revert.bubble();
            }
            Ok(())
        }

        /// Replaces the attester set; the version increments and signatures of older sets stop
        /// counting at once, including for messages they already signed. Governor only.
        #[ink(message, name = "rotateAttesters")]
        pub fn rotate_attesters(&mut self, attesters: Vec<Address>, new_threshold: u8) -> Result<()> {
            self.only_governor()?;
            let n = attesters.len();
            let t = usize::from(new_threshold);
            if n == 0 || n > MAX_ATTESTERS as usize || t * 2 <= n || t > n {
                return Err(Error::MailboxInvalidAttesterSet);
            }
            let version = self.set_version.checked_add(1).ok_or_else(overflow)?;
            for a in &attesters {
                if *a == Address::zero() || self.is_attester.get((version, *a)).unwrap_or(false) {
                    return Err(Error::MailboxInvalidAttesterSet);
                }
                self.is_attester.insert((version, *a), &true);
            }
            self.set_version = version;
            self.threshold = new_threshold;
            self.attesters = attesters.clone();
            self.env().emit_event(AttesterSetRotated { version, attesters, threshold: new_threshold });
            Ok(())
        }

        /// Enrolls `sender` (the suite's recipient contract there, left-padded) as the one contract
        /// whose messages from `origin` are accepted; zero removes the route. Governor only.
        #[ink(message, name = "enrollRemoteSender")]
        pub fn enroll_remote_sender(&mut self, origin: u64, sender: FixedBytes<32>) -> Result<()> {
            self.only_governor()?;
            if origin == self.local_domain || origin == 0 {
                return Err(Error::MailboxInvalidRoute(origin));
            }
            self.remote_senders.insert(origin, &sender.0);
            self.env().emit_event(RemoteSenderEnrolled { origin, sender });
            Ok(())
        }

        /// Sets the suite contract that dispatches and applies messages. Governor only.
        #[ink(message, name = "setRecipient")]
        pub fn set_recipient(&mut self, recipient: Address) -> Result<()> {
            self.only_governor()?;
            self.recipient = recipient;
            self.env().emit_event(RecipientSet { recipient });
            Ok(())
        }

        /// The canonical encoding of a message.
        #[ink(message, name = "encode")]
        pub fn encode_message(
            &self,
            origin: u64,
            destination: u64,
            nonce: u64,
            sender: FixedBytes<32>,
            message_type: u8,
            body: DynBytes,
        ) -> DynBytes {
            DynBytes(encode(origin, destination, nonce, &sender, message_type, &body.0))
        }

        /// The EIP-712 digest attesters sign for message `id` under set `version`.
        #[ink(message, name = "attestationDigest")]
        pub fn attestation_digest(&self, id: FixedBytes<32>, version: u64) -> FixedBytes<32> {
            let struct_hash = keccak_words(&[ATTESTATION_TYPEHASH, id.0, U256::from(version).to_big_endian()]);
            FixedBytes(eip712::typed_digest(&self.domain_separator().0, &struct_hash))
        }

        /// The EIP-712 domain separator, over the chain id the runtime reports now.
        #[ink(message, name = "DOMAIN_SEPARATOR")]
        pub fn domain_separator(&self) -> FixedBytes<32> {
            FixedBytes(eip712::domain_separator(NAME_HASH, VERSION_HASH, &self.env().address()))
        }

        /// EIP-5267: the domain attesters sign for (name, version, chain id, contract).
        #[ink(message, name = "eip712Domain")]
        pub fn eip712_domain(&self) -> Eip712Domain {
            Outputs((
                FixedBytes([0x0f]),
                "TensorFlix Mailbox".into(),
                "1".into(),
                eip712::chain_id(),
                self.env().address(),
                FixedBytes([0; 32]),
                Vec::new(),
            ))
        }

        /// EIP-712 type hash of what attesters sign.
        #[ink(message, name = "ATTESTATION_TYPEHASH")]
        pub fn attestation_typehash(&self) -> FixedBytes<32> {
            FixedBytes(ATTESTATION_TYPEHASH)
        }

        /// Version of the message encoding.
        #[ink(message, name = "VERSION")]
        pub fn version(&self) -> u8 {
            VERSION
        }

        /// Most attesters in a set.
        #[ink(message, name = "MAX_ATTESTERS")]
        pub fn max_attesters(&self) -> U256 {
            U256::from(MAX_ATTESTERS)
        }

        /// This chain's id in message routes.
        #[ink(message, name = "localDomain")]
        pub fn local_domain(&self) -> u64 {
            self.local_domain
        }

        /// The suite contract that dispatches and applies messages.
        #[ink(message)]
        pub fn recipient(&self) -> Address {
            self.recipient
        }

        /// Version of the current attester set; 0 until the first rotation (nothing verifies then).
        #[ink(message, name = "setVersion")]
        pub fn set_version(&self) -> u64 {
            self.set_version
        }

        /// Signatures the current set needs.
        #[ink(message)]
        pub fn threshold(&self) -> u8 {
            self.threshold
        }

        /// The current attesters.
        #[ink(message)]
        pub fn attesters(&self) -> Vec<Address> {
            self.attesters.clone()
        }

        /// Whether `account` is in attester set `version`.
        #[ink(message, name = "isAttester")]
        pub fn is_attester(&self, version: u64, account: Address) -> bool {
            self.is_attester.get((version, account)).unwrap_or(false)
        }

        /// The nonce the next message to `destination` gets.
        #[ink(message, name = "nonceOf")]
        pub fn nonce_of(&self, destination: u64) -> u64 {
            self.nonces.get(destination).unwrap_or(0)
        }

        /// The contract enrolled as sender on `origin` (zero: none).
        #[ink(message, name = "remoteSender")]
        pub fn remote_sender(&self, origin: u64) -> FixedBytes<32> {
            FixedBytes(self.remote_senders.get(origin).unwrap_or([0; 32]))
        }

        /// Whether message `id` was delivered here.
        #[ink(message)]
        pub fn delivered(&self, id: FixedBytes<32>) -> bool {
            self.delivered.get(id.0).unwrap_or(false)
        }

        fn only_governor(&self) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(GOVERNOR_ROLE)));
            }
            Ok(())
        }

        fn keccak(&self, data: &[u8]) -> [u8; 32] {
            self.env().hash_bytes::<Keccak256>(data)
        }

        /// Parses the header and refuses what this Mailbox must not deliver: another version or
        /// destination, a sender not enrolled for its origin, an unknown type.
        fn check_route(&self, message: &[u8]) -> Result<(u64, u64, u8)> {
            if message.len() < HEADER || message[0] != VERSION {
                return Err(Error::MailboxMalformed);
            }
            let word = |at: usize| {
                let mut b = [0u8; 8];
                b.copy_from_slice(&message[at..at + 8]);
                u64::from_be_bytes(b)
            };
            let (origin, destination, nonce) = (word(1), word(9), word(17));
            let mut sender = [0u8; 32];
            sender.copy_from_slice(&message[25..57]);
            let message_type = message[57];
            if destination != self.local_domain {
                return Err(Error::MailboxWrongDestination(destination));
            }
            let enrolled = self.remote_senders.get(origin).unwrap_or([0; 32]);
            if enrolled == [0; 32] || enrolled != sender {
                return Err(Error::MailboxUnknownSender(origin, FixedBytes(sender)));
            }
            if message_type == 0 || message_type > LAST_TYPE {
                return Err(Error::MailboxUnknownType(message_type));
            }
            Ok((origin, nonce, message_type))
        }

        /// Every signature must recover (low `s` only) to a member of the stored current set, in
        /// strictly increasing order; at least `threshold` of them.
        fn verify(&self, id: &[u8; 32], version: u64, signatures: &[DynBytes]) -> Result<()> {
            let current = self.set_version;
            if version != current {
                return Err(Error::MailboxWrongSetVersion(version, current));
            }
            let need = usize::from(self.threshold);
            // An unset set (version 0) has threshold 0: refuse instead of accepting zero signatures.
            if need == 0 || signatures.len() < need {
                return Err(Error::MailboxNotEnoughSignatures(U256::from(signatures.len()), U256::from(need)));
            }
            let digest = self.attestation_digest(FixedBytes(*id), version).0;
            let mut last = Address::zero();
            for (i, sig) in signatures.iter().enumerate() {
                let signer = eip712::recover(&digest, &sig.0)
                    .filter(|s| self.is_attester(version, *s))
                    .ok_or(Error::MailboxInvalidSignature(U256::from(i)))?;
                if signer <= last {
                    return Err(Error::MailboxSignersNotAscending(U256::from(i)));
                }
                last = signer;
            }
            Ok(())
        }
    }

    /// `version | origin | destination | nonce | sender | type | body`, packed.
    fn encode(
        origin: u64,
        destination: u64,
        nonce: u64,
        sender: &FixedBytes<32>,
        message_type: u8,
        body: &[u8],
    ) -> Vec<u8> {
        let mut m = Vec::with_capacity(HEADER + body.len());
        m.push(VERSION);
        m.extend_from_slice(&origin.to_be_bytes());
        m.extend_from_slice(&destination.to_be_bytes());
        m.extend_from_slice(&nonce.to_be_bytes());
        m.extend_from_slice(&sender.0);
        m.push(message_type);
        m.extend_from_slice(body);
        m
    }

    fn overflow() -> Error {
        Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW))
    }
}

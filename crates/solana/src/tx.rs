//! Keys, program-derived addresses and legacy transactions in Solana's wire format.

use crate::Error;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use curve25519_dalek::edwards::CompressedEdwardsY;
use ed25519_dalek::{Signer as _, SigningKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A 32-byte Solana address, shown in base 58.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pubkey(pub [u8; 32]);

impl Pubkey {
    /// The system program.
    pub const SYSTEM_PROGRAM: Pubkey = Pubkey([0; 32]);

    /// `program`'s address for `seeds` and the bump that took it off the curve (Solana's
    /// `find_program_address`).
    pub fn find_program_address(seeds: &[&[u8]], program: &Pubkey) -> (Pubkey, u8) {
        (0..=u8::MAX)
            .rev()
            .find_map(|bump| {
                let mut hasher = Sha256::new();
                seeds.iter().for_each(|s| hasher.update(s));
                hasher.update([bump]);
                hasher.update(program.0);
                hasher.update(b"ProgramDerivedAddress");
                let hash: [u8; 32] = hasher.finalize().into();
                let on_curve = CompressedEdwardsY(hash).decompress().is_some();
                (!on_curve).then_some((Pubkey(hash), bump))
            })
            .expect("a bump off the curve exists for all but a negligible fraction of seeds")
    }

    /// `program`'s address for `seeds`.
    pub fn pda(seeds: &[&[u8]], program: &Pubkey) -> Pubkey {
        Self::find_program_address(seeds, program).0
    }
}

impl fmt::Display for Pubkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bs58::encode(self.0).into_string())
    }
}

impl fmt::Debug for Pubkey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Pubkey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let mut bytes = [0u8; 32];
        match bs58::decode(s).onto(&mut bytes) {
            Ok(32) => Ok(Pubkey(bytes)),
            _ => Err(Error::Invalid(format!("{s:?} is not a base-58 Solana address"))),
        }
    }
}

impl Serialize for Pubkey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Pubkey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// An ed25519 keypair.
pub struct Keypair(SigningKey);

impl Keypair {
    /// A fresh random keypair.
    pub fn generate() -> Self {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).expect("the OS random source");
        Self(SigningKey::from_bytes(&seed))
    }

    /// From a 32-byte secret seed.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self(SigningKey::from_bytes(seed))
    }

    /// From the 64 bytes of the Solana CLI's keypair format (seed, then public key).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let bytes: &[u8; 64] = bytes.try_into().map_err(|_| Error::Invalid("a keypair is 64 bytes".into()))?;
        SigningKey::from_keypair_bytes(bytes).map(Self).map_err(|e| Error::Invalid(format!("keypair: {e}")))
    }

    /// Reads a Solana CLI keypair file (a JSON array of 64 bytes, as `solana-keygen` writes).
    pub fn read(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        let bytes: Vec<u8> =
            serde_json::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
        Self::from_bytes(&bytes)
    }

    /// Writes a Solana CLI keypair file, the format [`Keypair::read`] reads.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_string(&self.to_bytes().to_vec()).expect("bytes serialize");
        std::fs::write(path, text).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
    }

    /// The 64 bytes of the Solana CLI's keypair format.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.0.to_keypair_bytes()
    }

    /// Its address.
    pub fn pubkey(&self) -> Pubkey {
        Pubkey(self.0.verifying_key().to_bytes())
    }

    fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// An account an instruction reads or writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMeta {
    /// Its address.
    pub pubkey: Pubkey,
    /// Whether the transaction carries its signature.
    pub is_signer: bool,
    /// Whether the instruction may write it.
    pub is_writable: bool,
}

/// One program call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The program called.
    pub program_id: Pubkey,
    /// Its accounts, in the program's order.
    pub accounts: Vec<AccountMeta>,
    /// Its data (for Anchor: the discriminator, then the Borsh arguments).
    pub data: Vec<u8>,
}

/// Reads Solana's compact-u16 length prefix off the front of `input`.
fn read_short_vec(input: &mut &[u8]) -> Result<usize, Error> {
    let mut len = 0usize;
    for i in 0..3 {
        let (&byte, rest) = input.split_first().ok_or_else(|| truncated("a length"))?;
        *input = rest;
        len |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(len);
        }
    }
    Err(Error::Invalid("a length prefix longer than three bytes".into()))
}

/// Takes `n` bytes off the front of `input`.
fn take<'a>(input: &mut &'a [u8], n: usize, what: &str) -> Result<&'a [u8], Error> {
    if input.len() < n {
        return Err(truncated(what));
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

fn truncated(what: &str) -> Error {
    Error::Invalid(format!("a transaction cut short in {what}"))
}

/// Solana's compact-u16 length prefix.
fn short_vec(out: &mut Vec<u8>, mut len: usize) {
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A legacy transaction message, compiled: its accounts ordered as the runtime wants them
/// (writable signers, read-only signers, writable others, read-only others; the fee payer first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    keys: Vec<AccountMeta>,
    instructions: Vec<(u8, Vec<u8>, Vec<u8>)>,
    recent_blockhash: [u8; 32],
}

impl Message {
    /// Compiles `instructions`, paid by `payer`, valid while `recent_blockhash` is recent.
    pub fn new(instructions: &[Instruction], payer: &Pubkey, recent_blockhash: [u8; 32]) -> Result<Self, Error> {
        let mut keys: Vec<AccountMeta> = vec![AccountMeta { pubkey: *payer, is_signer: true, is_writable: true }];
        let mut add = |meta: &AccountMeta| match keys.iter_mut().find(|k| k.pubkey == meta.pubkey) {
            Some(k) => {
                k.is_signer |= meta.is_signer;
                k.is_writable |= meta.is_writable;
            }
            None => keys.push(meta.clone()),
        };
        for ix in instructions {
            add(&AccountMeta { pubkey: ix.program_id, is_signer: false, is_writable: false });
            ix.accounts.iter().for_each(&mut add);
        }
        // A stable sort keeps the payer first and the instructions' order within each class.
        keys.sort_by_key(|k| (!k.is_signer, !k.is_writable));
        if keys.len() > usize::from(u8::MAX) {
            return Err(Error::Invalid(format!("{} accounts: a legacy message holds at most 255", keys.len())));
        }
        let index = |key: &Pubkey| keys.iter().position(|k| k.pubkey == *key).expect("added above") as u8;
        let instructions = instructions
            .iter()
            .map(|ix| (index(&ix.program_id), ix.accounts.iter().map(|a| index(&a.pubkey)).collect(), ix.data.clone()))
            .collect();
        Ok(Self { keys, instructions, recent_blockhash })
    }

    /// The accounts whose signatures the transaction needs, in order.
    pub fn signers(&self) -> impl Iterator<Item = &Pubkey> {
        self.keys.iter().filter(|k| k.is_signer).map(|k| &k.pubkey)
    }

    /// The message's bytes, which each signer signs.
    pub fn serialize(&self) -> Vec<u8> {
        let count = |signer: bool, writable: bool| {
            self.keys.iter().filter(|k| k.is_signer == signer && k.is_writable == writable).count() as u8
        };
        let mut out = vec![self.signers().count() as u8, count(true, false), count(false, false)];
        short_vec(&mut out, self.keys.len());
        self.keys.iter().for_each(|k| out.extend_from_slice(&k.pubkey.0));
        out.extend_from_slice(&self.recent_blockhash);
        short_vec(&mut out, self.instructions.len());
        for (program, accounts, data) in &self.instructions {
            out.push(*program);
            short_vec(&mut out, accounts.len());
            out.extend_from_slice(accounts);
            short_vec(&mut out, data.len());
            out.extend_from_slice(data);
        }
        out
    }
}

/// A transaction: its message's bytes and one signature slot per account the message needs a
/// signature of (all zero until that account signs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    signatures: Vec<[u8; 64]>,
    message: Vec<u8>,
}

impl Transaction {
    /// Signs `message` with `signers`, which must be exactly the accounts it needs signatures of
    /// (in any order).
    pub fn sign(message: &Message, signers: &[&Keypair]) -> Result<Self, Error> {
        let tx = Self::sign_partial(message, signers)?;
        if let Some(missing) = tx.unsigned().first() {
            return Err(Error::Invalid(format!("missing the signature of {missing}")));
        }
        Ok(tx)
    }

    /// Signs `message` with the `signers` at hand and leaves the other slots for their accounts
    /// to fill ([`Transaction::add_signature`]): a voter signs a vote whose fee a relayer pays.
    pub fn sign_partial(message: &Message, signers: &[&Keypair]) -> Result<Self, Error> {
        let bytes = message.serialize();
        let needed: Vec<&Pubkey> = message.signers().collect();
        if let Some(extra) = signers.iter().find(|k| !needed.contains(&&k.pubkey())) {
            return Err(Error::Invalid(format!("{} signs, but the transaction does not need it", extra.pubkey())));
        }
        let signatures = needed
            .iter()
            .map(|key| signers.iter().find(|k| k.pubkey() == **key).map_or([0; 64], |k| k.sign(&bytes)))
            .collect();
        Ok(Self { signatures, message: bytes })
    }

    /// Fills `signer`'s slot.
    pub fn add_signature(&mut self, signer: &Keypair) -> Result<(), Error> {
        let slot = self
            .signers()?
            .iter()
            .position(|k| *k == signer.pubkey())
            .ok_or_else(|| Error::Invalid(format!("the transaction needs no signature of {}", signer.pubkey())))?;
        self.signatures[slot] = signer.sign(&self.message);
        Ok(())
    }

    /// The accounts whose signatures the message needs, in slot order.
    pub fn signers(&self) -> Result<Vec<Pubkey>, Error> {
        let (keys, header) = self.keys()?;
        Ok(keys.into_iter().take(usize::from(header[0])).collect())
    }

    /// The accounts whose slots are still empty.
    pub fn unsigned(&self) -> Vec<Pubkey> {
        let signers = self.signers().unwrap_or_default();
        signers.into_iter().zip(&self.signatures).filter(|(_, s)| **s == [0; 64]).map(|(k, _)| k).collect()
    }

    /// Checks every filled slot's signature over the message.
    pub fn verify(&self) -> Result<(), Error> {
        for (key, signature) in self.signers()?.iter().zip(&self.signatures) {
            if *signature == [0; 64] {
                continue;
            }
            let bad = || Error::Invalid(format!("the signature of {key} does not verify"));
            let key = ed25519_dalek::VerifyingKey::from_bytes(&key.0).map_err(|_| bad())?;
            key.verify_strict(&self.message, &ed25519_dalek::Signature::from_bytes(signature)).map_err(|_| bad())?;
        }
        Ok(())
    }

    /// The message's instructions, with each account's signer and writable flags as the message
    /// grants them.
    pub fn instructions(&self) -> Result<Vec<Instruction>, Error> {
        let (keys, header) = self.keys()?;
        let [signed, readonly_signed, readonly_unsigned] = header.map(usize::from);
        let meta = |i: usize| -> Result<AccountMeta, Error> {
            let pubkey = *keys.get(i).ok_or_else(|| Error::Invalid(format!("account index {i} out of range")))?;
            let is_signer = i < signed;
            let is_writable = if is_signer { i < signed - readonly_signed } else { i < keys.len() - readonly_unsigned };
            Ok(AccountMeta { pubkey, is_signer, is_writable })
        };
        let start = 3 + short_vec_len(keys.len()) + 32 * keys.len() + 32;
        let mut input = self.message.get(start..).ok_or_else(|| truncated("the recent blockhash"))?;
        (0..read_short_vec(&mut input)?)
            .map(|_| {
                let program = take(&mut input, 1, "an instruction")?[0];
                let n = read_short_vec(&mut input)?;
                let accounts = take(&mut input, n, "an instruction's accounts")?
                    .iter()
                    .map(|i| meta(usize::from(*i)))
                    .collect::<Result<Vec<_>, _>>()?;
                let n = read_short_vec(&mut input)?;
                let data = take(&mut input, n, "an instruction's data")?.to_vec();
                Ok(Instruction { program_id: meta(usize::from(program))?.pubkey, accounts, data })
            })
            .collect()
    }

    /// The message's account keys and its three-byte header.
    fn keys(&self) -> Result<(Vec<Pubkey>, [u8; 3]), Error> {
        let mut input = self.message.as_slice();
        let header: [u8; 3] = take(&mut input, 3, "the header")?.try_into().expect("3 bytes");
        let n = read_short_vec(&mut input)?;
        let keys = (0..n)
            .map(|_| take(&mut input, 32, "the account keys").map(|k| Pubkey(k.try_into().expect("32 bytes"))))
            .collect::<Result<Vec<_>, _>>()?;
        let [signed, readonly_signed, readonly_unsigned] = header.map(usize::from);
        if signed > keys.len() || readonly_signed > signed || readonly_unsigned > keys.len() - signed {
            return Err(Error::Invalid("a message header that names more accounts than the message has".into()));
        }
        Ok((keys, header))
    }

    /// Parses a transaction's wire bytes (legacy messages only, as this crate writes them).
    pub fn deserialize(bytes: &[u8]) -> Result<Self, Error> {
        let mut input = bytes;
        let n = read_short_vec(&mut input)?;
        let signatures = (0..n)
            .map(|_| take(&mut input, 64, "the signatures").map(|s| s.try_into().expect("64 bytes")))
            .collect::<Result<Vec<_>, _>>()?;
        if input.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(Error::Invalid("a versioned message; only legacy ones are read".into()));
        }
        let tx = Self { signatures, message: input.to_vec() };
        if tx.signers()?.len() != tx.signatures.len() {
            return Err(Error::Invalid("as many signatures as the message needs, or a malformed message".into()));
        }
        tx.instructions()?;
        Ok(tx)
    }

    /// The wire bytes in base 64, as `sendTransaction` and wallets pass transactions around.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.serialize())
    }

    /// Parses [`Transaction::to_base64`]'s text.
    pub fn from_base64(text: &str) -> Result<Self, Error> {
        Self::deserialize(&BASE64.decode(text.trim()).map_err(|e| Error::Invalid(format!("not base 64: {e}")))?)
    }

    /// The first signature, which names the transaction.
    pub fn signature(&self) -> String {
        bs58::encode(self.signatures[0]).into_string()
    }

    /// The wire bytes (`sendTransaction`'s payload).
    pub fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + 64 * self.signatures.len() + self.message.len());
        short_vec(&mut out, self.signatures.len());
        self.signatures.iter().for_each(|s| out.extend_from_slice(s));
        out.extend_from_slice(&self.message);
        out
    }
}

/// How many bytes the compact-u16 prefix of `len` takes.
fn short_vec_len(len: usize) -> usize {
    let mut out = Vec::new();
    short_vec(&mut out, len);
    out.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_u16_matches_solana() {
        for (len, bytes) in
            [(0usize, vec![0u8]), (0x7f, vec![0x7f]), (0x80, vec![0x80, 0x01]), (0x3fff, vec![0xff, 0x7f])]
        {
            let mut out = Vec::new();
            short_vec(&mut out, len);
            assert_eq!(out, bytes, "{len}");
        }
    }

    #[test]
    fn program_addresses_match_anchor() {
        // vote_tally's config PDA, as anchor computes it for the committed IDL's program id.
        let program: Pubkey = "3W1vxEeVHJJ7nJ1u7dQCeu15U2uE6StdM1LBvy15uAme".parse().expect("ok");
        let (config, _) = Pubkey::find_program_address(&[b"config"], &program);
        assert_ne!(config, program);
        assert!(CompressedEdwardsY(config.0).decompress().is_none());
    }

    #[test]
    fn accounts_are_ordered_signers_first_and_merged() {
        let payer = Keypair::from_seed(&[1; 32]);
        let voter = Keypair::from_seed(&[2; 32]);
        let program = Pubkey([9; 32]);
        let ix = Instruction {
            program_id: program,
            accounts: vec![
                AccountMeta { pubkey: Pubkey([7; 32]), is_signer: false, is_writable: true },
                AccountMeta { pubkey: voter.pubkey(), is_signer: true, is_writable: false },
                AccountMeta { pubkey: payer.pubkey(), is_signer: true, is_writable: false },
            ],
            data: vec![1, 2, 3],
        };
        let message = Message::new(&[ix], &payer.pubkey(), [0; 32]).expect("ok");
        let signers: Vec<_> = message.signers().copied().collect();
        assert_eq!(signers, vec![payer.pubkey(), voter.pubkey()]);
        let bytes = message.serialize();
        assert_eq!(&bytes[..3], &[2, 1, 1], "two signers, one read-only; the program read-only");
        let tx = Transaction::sign(&message, &[&voter, &payer]).expect("ok");
        assert!(Transaction::sign(&message, &[&payer]).is_err(), "the voter's signature is required");
        assert_eq!(tx.serialize()[0], 2);
    }

    #[test]
    fn a_partly_signed_transaction_travels_and_is_completed_by_its_payer() {
        let (payer, voter) = (Keypair::from_seed(&[1; 32]), Keypair::from_seed(&[2; 32]));
        let ix = Instruction {
            program_id: Pubkey([9; 32]),
            accounts: vec![
                AccountMeta { pubkey: voter.pubkey(), is_signer: true, is_writable: false },
                AccountMeta { pubkey: payer.pubkey(), is_signer: true, is_writable: true },
                AccountMeta { pubkey: Pubkey([7; 32]), is_signer: false, is_writable: true },
            ],
            data: vec![1, 2, 3],
        };
        let message = Message::new(std::slice::from_ref(&ix), &payer.pubkey(), [5; 32]).expect("ok");
        let signed = Transaction::sign_partial(&message, &[&voter]).expect("the voter signs");
        let mut tx = Transaction::deserialize(&signed.serialize()).expect("parses");
        assert_eq!(tx, signed);
        assert_eq!(tx.unsigned(), vec![payer.pubkey()]);
        assert_eq!(tx.instructions().expect("decompiles"), vec![ix], "accounts keep their flags");
        tx.verify().expect("the voter's signature verifies");
        assert!(tx.add_signature(&Keypair::from_seed(&[3; 32])).is_err(), "a stranger has no slot");
        tx.add_signature(&payer).expect("the payer signs");
        assert_eq!(tx, Transaction::sign(&message, &[&payer, &voter]).expect("ok"), "the same as signing at once");

        let mut forged = signed.serialize();
        *forged.last_mut().expect("data") ^= 1;
        let forged = Transaction::deserialize(&forged).expect("still parses");
        assert!(forged.verify().is_err(), "a changed message voids the voter's signature");
        let wire = signed.serialize();
        for cut in 0..wire.len() {
            assert!(Transaction::deserialize(&wire[..cut]).is_err(), "cut at {cut}");
        }
        // Whatever a byte of the header, the key count or an instruction's index says, reading the
        // transaction answers, and never panics.
        for at in 0..wire.len().min(200) {
            for value in [0u8, 1, 2, 3, 0x7f, 0x80, 0xff] {
                let mut bytes = wire.clone();
                bytes[at] = value;
                if let Ok(tx) = Transaction::deserialize(&bytes) {
                    let _ = (tx.instructions(), tx.verify(), tx.unsigned());
                }
            }
        }
    }
}

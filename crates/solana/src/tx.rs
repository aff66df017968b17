//! Keys, program-derived addresses and legacy transactions in Solana's wire format.

use crate::Error;
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

/// A signed transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    signatures: Vec<[u8; 64]>,
    message: Vec<u8>,
}

impl Transaction {
    /// Signs `message` with `signers`, which must be exactly the accounts it needs signatures of
    /// (in any order).
    pub fn sign(message: &Message, signers: &[&Keypair]) -> Result<Self, Error> {
        let bytes = message.serialize();
        let signatures = message
            .signers()
            .map(|key| {
                signers
                    .iter()
                    .find(|k| k.pubkey() == *key)
                    .map(|k| k.sign(&bytes))
                    .ok_or_else(|| Error::Invalid(format!("missing the signature of {key}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if signers.len() != signatures.len() {
            return Err(Error::Invalid("a signer that the transaction does not need".into()));
        }
        Ok(Self { signatures, message: bytes })
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
}

//! What an attester signs: the EIP-712 struct `Attestation(bytes32 id, uint64 setVersion)` in the
//! destination Mailbox's domain (name, version, the destination's chain id, the Mailbox's address).
//! A signature therefore counts on one chain, at one Mailbox, for one attester-set version.

use alloy::primitives::{Address, B256, Signature};
use alloy::signers::SignerSync;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::{Eip712Domain, SolStruct, eip712_domain};

alloy::sol! {
    /// The signed statement.
    struct Attestation {
        bytes32 id;
        uint64 setVersion;
    }
}

/// Where a signature counts: a destination chain's Mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Domain {
    /// The destination's chain id.
    pub chain_id: u64,
    /// Its Mailbox.
    pub mailbox: Address,
}

impl Domain {
    fn eip712(self) -> Eip712Domain {
        eip712_domain! {
            name: "TensorFlix Mailbox",
            version: "1",
            chain_id: self.chain_id,
            verifying_contract: self.mailbox,
        }
    }

    /// The digest attesters sign for message `id` under set `version` (the Mailbox's
    /// `attestationDigest`).
    pub fn digest(self, id: B256, version: u64) -> B256 {
        Attestation { id, setVersion: version }.eip712_signing_hash(&self.eip712())
    }
}

/// Signs message `id` for set `version` at `domain`: 65 bytes, `r | s | v` with low `s` and
/// `v` in {27, 28}, as the Mailbox's ECDSA check reads them.
pub fn sign(key: &PrivateKeySigner, domain: Domain, id: B256, version: u64) -> Result<Vec<u8>, alloy::signers::Error> {
    Ok(key.sign_hash_sync(&domain.digest(id, version))?.as_bytes().to_vec())
}

/// The address a signature recovers to, if it is a well-formed low-`s` signature.
pub fn recover(domain: Domain, id: B256, version: u64, signature: &[u8]) -> Option<Address> {
    let sig = Signature::from_raw(signature).ok()?;
    // The Mailbox refuses high-s (malleable) signatures; so must the relayer's count.
    if sig.normalize_s().is_some() {
        return None;
    }
    sig.recover_address_from_prehash(&domain.digest(id, version)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_recover_only_in_their_domain_and_version() {
        let key = PrivateKeySigner::random();
        let domain = Domain { chain_id: 1, mailbox: Address::repeat_byte(7) };
        let id = B256::repeat_byte(9);
        let sig = sign(&key, domain, id, 3).expect("sign");
        assert_eq!(sig.len(), 65);
        assert_eq!(recover(domain, id, 3, &sig), Some(key.address()));
        assert_ne!(recover(domain, id, 4, &sig), Some(key.address()));
        let elsewhere = Domain { chain_id: 43_114, ..domain };
        assert_ne!(recover(elsewhere, id, 3, &sig), Some(key.address()));
        assert_eq!(recover(domain, id, 3, &sig[..64]), None);
    }
}

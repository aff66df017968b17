//! EIP-712 domains and ECDSA signer recovery as OpenZeppelin's `EIP712` and `ECDSA` do them, for the
//! contracts that accept Ethereum-key signatures (VoteTally's relayed votes, the Mailbox's
//! attestations): same digests, same accepted signature forms, so a signature made for the Solidity
//! contract's domain on one chain is made the same way for the ink! contract's on Polkadot Hub.

use ink::U256;
use ink::env::hash::Keccak256;
use ink::primitives::Address;

/// `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`
const DOMAIN_TYPEHASH: [u8; 32] =
    ink::keccak_256!("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

/// ink!'s off-chain engine has no chain id; contracts' off-chain tests sign for this one.
#[cfg(not(target_arch = "riscv64"))]
pub const OFF_CHAIN_CHAIN_ID: u64 = 420_420_420;

/// The EIP-155 chain id, from the runtime (pallet-revive's `chain_id`, the EVM's CHAINID).
#[cfg(target_arch = "riscv64")]
pub fn chain_id() -> U256 {
    use pallet_revive_uapi::{HostFn, HostFnImpl};
    let mut word = [0u8; 32];
    HostFnImpl::chain_id(&mut word);
    U256::from_little_endian(&word)
}

/// The EIP-155 chain id: [`OFF_CHAIN_CHAIN_ID`] off-chain.
#[cfg(not(target_arch = "riscv64"))]
pub fn chain_id() -> U256 {
    U256::from(OFF_CHAIN_CHAIN_ID)
}

fn keccak(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    ink::env::hash_bytes::<Keccak256>(data, &mut out);
    out
}

/// The domain separator of contract `verifying` named `name` at `version`, on this chain.
pub fn domain_separator(name_hash: [u8; 32], version_hash: [u8; 32], verifying: &Address) -> [u8; 32] {
    crate::keccak_words(&[
        DOMAIN_TYPEHASH,
        name_hash,
        version_hash,
        chain_id().to_big_endian(),
        crate::address_word(verifying),
    ])
}

/// `keccak256("\x19\x01" || domain || structHash)`: what a wallet signs for typed data.
pub fn typed_digest(domain: &[u8; 32], struct_hash: &[u8; 32]) -> [u8; 32] {
    let mut message = [0u8; 66];
    message[..2].copy_from_slice(b"\x19\x01");
    message[2..34].copy_from_slice(domain);
    message[34..].copy_from_slice(struct_hash);
    keccak(&message)
}

/// The Ethereum address that signed `digest`, for a 65-byte `r || s || v` signature with `v` 27 or
/// 28, or a 64-byte EIP-2098 `r || vs`, and a low `s`, as OpenZeppelin's ECDSA accepts; `None` for
/// anything else, and for a signature that recovers no key.
pub fn recover(digest: &[u8; 32], signature: &[u8]) -> Option<Address> {
    /// secp256k1 n / 2: a larger `s` is the malleable twin of a valid signature.
    const HALF_N: [u8; 32] = [
        0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57,
        0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
    ];
    let mut sig = [0u8; 65];
    match signature.len() {
        65 => {
            sig.copy_from_slice(signature);
            sig[64] = match sig[64] {
                27 | 28 => sig[64] - 27,
                _ => return None,
            };
        }
        64 => {
            sig[..64].copy_from_slice(signature);
            sig[64] = sig[32] >> 7;
            sig[32] &= 0x7f;
        }
        _ => return None,
    }
    if sig[32..64] > HALF_N[..] {
        return None;
    }
    ecrecover(digest, &sig)
}

/// Recovery through Polkadot Hub's `ecrecover` precompile (0x01) with the EVM's input layout (hash,
/// v, r, s; the signer's address back). ink! 6.0.0-beta.1's `ecdsa_recover` sends that precompile the
/// signature first, which pallet-revive's precompile reads as another hash: every signature would be
/// refused on-chain (measured on pallet-revive 0.12 in `contracts/ink/sandbox`).
#[cfg(target_arch = "riscv64")]
fn ecrecover(digest: &[u8; 32], sig: &[u8; 65]) -> Option<Address> {
    use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
    const ECRECOVER: [u8; 20] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let mut input = [0u8; 128];
    input[..32].copy_from_slice(digest);
    input[63] = sig[64] + 27;
    input[64..].copy_from_slice(&sig[..64]);
    let mut word = [0u8; 32];
    let mut output = &mut word[..];
    HostFnImpl::call(
        CallFlags::empty(),
        &ECRECOVER,
        u64::MAX,
        u64::MAX,
        &[u8::MAX; 32],
        &[0; 32],
        &input,
        Some(&mut output),
    )
    .ok()?;
    // An invalid signature returns no data.
    (output.len() == 32).then(|| Address::from_slice(&word[12..]))
}

/// ink!'s off-chain engine has no precompiles but recovers keys itself.
#[cfg(not(target_arch = "riscv64"))]
fn ecrecover(digest: &[u8; 32], sig: &[u8; 65]) -> Option<Address> {
    let mut pubkey = [0u8; 33];
    ink::env::ecdsa_recover(sig, digest, &mut pubkey).ok()?;
    let mut address = [0u8; 20];
    ink::env::ecdsa_to_eth_address(&pubkey, &mut address).ok()?;
    Some(Address::from(address))
}

//! The Mailbox's canonical message encoding (version 1), the same on every chain family:
//! `version u8 | origin u64 | destination u64 | nonce u64 | sender bytes32 | type u8 | body`, packed,
//! big-endian; the id is its keccak256 (contracts/evm/src/Mailbox.sol).

use alloy::primitives::{B256, keccak256};

/// The encoding version this crate reads.
pub const VERSION: u8 = 1;
/// Bytes before the body.
pub const HEADER: usize = 58;

/// What a message carries; each type has one fixed handler on the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// A video's registration from its home chain: reserves its id for its creator.
    VideoRegistered = 1,
    /// A finalized round's result.
    VoteResult = 2,
    /// A video's cumulative revenue on the source chain.
    Valuation = 3,
    /// An executed slash: freezes the miner's withdrawals.
    SlashNotice = 4,
}

impl MessageType {
    /// The type's byte, or `None` for one no Mailbox handles.
    pub fn from_u8(v: u8) -> Option<Self> {
        Some(match v {
            1 => Self::VideoRegistered,
            2 => Self::VoteResult,
            3 => Self::Valuation,
            4 => Self::SlashNotice,
            _ => return None,
        })
    }

    /// The name the API and `flix` use.
    pub fn name(self) -> &'static str {
        match self {
            Self::VideoRegistered => "video_registered",
            Self::VoteResult => "vote_result",
            Self::Valuation => "valuation",
            Self::SlashNotice => "slash_notice",
        }
    }
}

/// Why bytes are not a message this crate can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    /// Shorter than the header.
    #[error("message of {0} bytes is shorter than the {HEADER}-byte header")]
    Short(usize),
    /// Another encoding version.
    #[error("message version {0}, expected {VERSION}")]
    Version(u8),
    /// A type byte no Mailbox handles.
    #[error("unknown message type {0}")]
    Type(u8),
}

/// A parsed message; it keeps its encoding, so its id is the id the chains compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Source chain id.
    pub origin: u64,
    /// Destination chain id.
    pub destination: u64,
    /// Position among the origin's messages to this destination.
    pub nonce: u64,
    /// The dispatching contract on the origin, left-padded.
    pub sender: B256,
    /// What it carries.
    pub kind: MessageType,
    encoded: Vec<u8>,
}

impl Message {
    /// Parses a canonical encoding.
    pub fn decode(bytes: &[u8]) -> Result<Self, MessageError> {
        if bytes.len() < HEADER {
            return Err(MessageError::Short(bytes.len()));
        }
        if bytes[0] != VERSION {
            return Err(MessageError::Version(bytes[0]));
        }
        let u64_at = |at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[at..at + 8]);
            u64::from_be_bytes(w)
        };
        Ok(Self {
            origin: u64_at(1),
            destination: u64_at(9),
            nonce: u64_at(17),
            sender: B256::from_slice(&bytes[25..57]),
            kind: MessageType::from_u8(bytes[57]).ok_or(MessageError::Type(bytes[57]))?,
            encoded: bytes.to_vec(),
        })
    }

    /// The message id: keccak256 of the encoding.
    pub fn id(&self) -> B256 {
        keccak256(&self.encoded)
    }

    /// The canonical encoding.
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }

    /// The type's payload (its ABI-encoded tuple).
    pub fn body(&self) -> &[u8] {
        &self.encoded[HEADER..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(kind: u8) -> Vec<u8> {
        let mut m = vec![VERSION];
        m.extend_from_slice(&43_114u64.to_be_bytes());
        m.extend_from_slice(&1u64.to_be_bytes());
        m.extend_from_slice(&7u64.to_be_bytes());
        m.extend_from_slice(&[0xAB; 32]);
        m.push(kind);
        m.extend_from_slice(&[0x11; 64]);
        m
    }

    #[test]
    fn parses_the_header_and_keeps_the_encoding() {
        let bytes = sample(3);
        let m = Message::decode(&bytes).expect("valid");
        assert_eq!((m.origin, m.destination, m.nonce, m.kind), (43_114, 1, 7, MessageType::Valuation));
        assert_eq!(m.sender, B256::repeat_byte(0xAB));
        assert_eq!(m.body(), &[0x11; 64]);
        assert_eq!(m.id(), keccak256(&bytes));
    }

    #[test]
    fn refuses_what_no_mailbox_reads() {
        assert_eq!(Message::decode(&sample(3)[..57]), Err(MessageError::Short(57)));
        assert_eq!(Message::decode(&sample(0)), Err(MessageError::Type(0)));
        assert_eq!(Message::decode(&sample(5)), Err(MessageError::Type(5)));
        let mut v2 = sample(1);
        v2[0] = 2;
        assert_eq!(Message::decode(&v2), Err(MessageError::Version(2)));
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IMailbox: events and errors of the cross-chain mailbox
interface IMailbox {
    /// @notice What a message carries; each type has one fixed handler on the destination.
    enum MessageType {
        /// Not a type: refused.
        None,
        /// (videoId, creator, royaltyBps, homeChain): reserve the id for its creator.
        VideoRegistered,
        /// (roundId, winner, talliesHash, totalWeight, finalizedBlock): a finalized round's result.
        VoteResult,
        /// (videoId, cumulativeRevenue, sourceBlock): a video's revenue on the source chain.
        Valuation,
        /// (miner, slashId, amount, evidenceHash): an executed slash; freezes the miner's withdrawals.
        SlashNotice
    }

    /// @notice A message left for `destination`; `message` is its canonical encoding (see
    /// {Mailbox-encode}) and `id` its keccak256.
    event Dispatched(
        bytes32 indexed id, uint64 indexed destination, uint64 nonce, address indexed sender, MessageType messageType, bytes message
    );
    /// @notice A message from `origin` was accepted with signatures of attester set `setVersion` and
    /// applied by the recipient.
    event Delivered(bytes32 indexed id, uint64 indexed origin, uint64 nonce, MessageType messageType, uint64 setVersion);
    /// @notice Governance replaced the attester set: `threshold` of `attesters` must sign from now on.
    event AttesterSetRotated(uint64 indexed version, address[] attesters, uint8 threshold);
    /// @notice Governance enrolled (or, with zero, removed) the contract that may send from `origin`.
    event RemoteSenderEnrolled(uint64 indexed origin, bytes32 sender);
    /// @notice Governance set the local contract that dispatches and applies messages.
    event RecipientSet(address recipient);

    /// @notice Only the recipient contract may dispatch, only the Mailbox may call it back.
    error MailboxUnauthorized(address caller);
    /// @notice The message does not parse (too short) or names a version this Mailbox does not read.
    error MailboxMalformed();
    /// @notice The message is for another chain.
    error MailboxWrongDestination(uint64 destination);
    /// @notice Nobody is enrolled as sender on `origin`, or `sender` is not the one enrolled.
    error MailboxUnknownSender(uint64 origin, bytes32 sender);
    /// @notice The message's type is not one of {MessageType}'s handled types.
    error MailboxUnknownType(uint8 messageType);
    /// @notice The message was already delivered.
    error MailboxAlreadyDelivered(bytes32 id);
    /// @notice The attestation names another attester set version than the current one.
    error MailboxWrongSetVersion(uint64 signed, uint64 current);
    /// @notice Fewer valid signatures than the threshold.
    error MailboxNotEnoughSignatures(uint256 valid, uint256 threshold);
    /// @notice Signature `index` does not recover to a current attester (bad, malleable, or foreign key).
    error MailboxInvalidSignature(uint256 index);
    /// @notice Signers must be given in strictly increasing address order (which also rules out duplicates).
    error MailboxSignersNotAscending(uint256 index);
    /// @notice An attester set must have 1..{Mailbox-MAX_ATTESTERS} distinct non-zero members and a
    /// threshold above half of them.
    error MailboxInvalidAttesterSet();
    /// @notice Destination and origin must differ from this chain.
    error MailboxInvalidRoute(uint64 chain);
}

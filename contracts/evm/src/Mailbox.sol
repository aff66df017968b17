// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IMailbox} from "./interfaces/IMailbox.sol";
import {IMessageRecipient} from "./interfaces/IMessageRecipient.sol";

/// @title Mailbox: the suite's cross-chain messages, out and in, under m-of-n attestation
/// @notice Outbound, the suite's own {IMessageRecipient} contract (the only dispatcher) leaves a
/// message for another chain; it gets the next nonce of that destination and is emitted in its
/// canonical encoding. Inbound, anyone may {deliver} a message with signatures of at least
/// `threshold` of the current attesters; the Mailbox checks them, consumes the id once, and hands
/// the body to the same recipient contract, which applies it through one fixed handler per type.
/// A message never names the contract it is applied to.
///
/// Canonical encoding (version 1), packed, 58 bytes of header then the body:
/// `version u8 | origin u64 | destination u64 | nonce u64 | sender bytes32 | type u8 | body`.
/// The id is its keccak256. An attester signs the EIP-712 struct `Attestation(bytes32 id, uint64
/// setVersion)` in this Mailbox's domain (name, version, the destination's chain id and this
/// contract's address), so a signature counts only here, only for the set that was current when it
/// was made.
/// @dev Lessons of past bridges, each a named test: signatures are checked against the set stored
/// here, never one the caller supplies (Wormhole); a threshold is always a majority of at least one
/// key (Ronin); nothing is proven by default: an unset set, a zero signer or a zero id proves
/// nothing (Nomad); the destination contract is fixed by governance, never by the message (Poly).
contract Mailbox is IMailbox, AccessControl, EIP712 {
    /// @notice Role that rotates attesters, enrolls remote senders and sets the recipient.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    /// @notice EIP-712 type hash of what attesters sign.
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256("Attestation(bytes32 id,uint64 setVersion)");
    /// @notice Version of the message encoding this Mailbox writes and reads.
    uint8 public constant VERSION = 1;
    /// @notice Most attesters in a set (bounds {deliver}'s loop).
    uint256 public constant MAX_ATTESTERS = 32;
    uint256 private constant HEADER = 58;

    /// @notice This chain's id in message routes (its EIP-155 chain id).
    uint64 public immutable localDomain;
    /// @notice The suite contract that dispatches and applies messages.
    IMessageRecipient public recipient;
    /// @notice Version of the current attester set; 0 until the first rotation (nothing verifies then).
    uint64 public setVersion;
    /// @notice Signatures the current set needs.
    uint8 public threshold;

    address[] private _attesters;
    mapping(uint64 version => mapping(address attester => bool)) private _isAttester;
    mapping(uint64 destination => uint64) private _nonces;
    mapping(uint64 origin => bytes32 sender) private _remoteSenders;
    mapping(bytes32 id => bool) private _delivered;

    /// @param governor receives DEFAULT_ADMIN_ROLE and GOVERNOR_ROLE.
    constructor(address governor) EIP712("TensorFlix Mailbox", "1") {
        localDomain = uint64(block.chainid);
        _grantRole(DEFAULT_ADMIN_ROLE, governor);
        _grantRole(GOVERNOR_ROLE, governor);
    }

    /// @notice Leaves a message for `destination`. Only the recipient contract may call it.
    /// @return id the message id.
    function dispatch(uint64 destination, MessageType messageType, bytes calldata body) external returns (bytes32 id) {
        if (msg.sender != address(recipient) || msg.sender == address(0)) revert MailboxUnauthorized(msg.sender);
        if (destination == localDomain || destination == 0) revert MailboxInvalidRoute(destination);
        if (messageType == MessageType.None) revert MailboxUnknownType(uint8(messageType));
        uint64 nonce = _nonces[destination]++;
        bytes memory message = encode(localDomain, destination, nonce, bytes32(uint256(uint160(msg.sender))), messageType, body);
        id = keccak256(message);
        emit Dispatched(id, destination, nonce, msg.sender, messageType, message);
    }

    /// @notice Delivers `message` with `signatures` of attester set `version` (the current one), in
    /// strictly increasing signer order. Anyone may call it; the signatures are the authority.
    function deliver(bytes calldata message, uint64 version, bytes[] calldata signatures) external {
        (uint64 origin, uint64 nonce, MessageType messageType) = _checkRoute(message);
        bytes32 id = keccak256(message);
        if (_delivered[id]) revert MailboxAlreadyDelivered(id);
        _verify(id, version, signatures);

        _delivered[id] = true;
        emit Delivered(id, origin, nonce, messageType, version);
        recipient.handle(origin, messageType, message[HEADER:]);
    }

    /// @notice Replaces the attester set; the version increments and signatures of older sets stop
    /// counting at once, including for messages they already signed.
    function rotateAttesters(address[] calldata attesters, uint8 newThreshold) external onlyRole(GOVERNOR_ROLE) {
        uint256 n = attesters.length;
        if (n == 0 || n > MAX_ATTESTERS || uint256(newThreshold) * 2 <= n || newThreshold > n) {
            revert MailboxInvalidAttesterSet();
        }
        uint64 version = ++setVersion;
        for (uint256 i; i < n; ++i) {
            address a = attesters[i];
            if (a == address(0) || _isAttester[version][a]) revert MailboxInvalidAttesterSet();
            _isAttester[version][a] = true;
        }
        _attesters = attesters;
        threshold = newThreshold;
        emit AttesterSetRotated(version, attesters, newThreshold);
    }

    /// @notice Enrolls `sender` (the suite's recipient contract there, left-padded) as the one
    /// contract whose messages from `origin` are accepted; zero removes the route.
    function enrollRemoteSender(uint64 origin, bytes32 sender) external onlyRole(GOVERNOR_ROLE) {
        if (origin == localDomain || origin == 0) revert MailboxInvalidRoute(origin);
        _remoteSenders[origin] = sender;
        emit RemoteSenderEnrolled(origin, sender);
    }

    /// @notice Sets the suite contract that dispatches and applies messages.
    function setRecipient(IMessageRecipient newRecipient) external onlyRole(GOVERNOR_ROLE) {
        recipient = newRecipient;
        emit RecipientSet(address(newRecipient));
    }

    /// @notice The canonical encoding of a message (see the contract's notice).
    function encode(
        uint64 origin,
        uint64 destination,
        uint64 nonce,
        bytes32 sender,
        MessageType messageType,
        bytes calldata body
    ) public pure returns (bytes memory) {
        return abi.encodePacked(VERSION, origin, destination, nonce, sender, uint8(messageType), body);
    }

    /// @notice The EIP-712 digest attesters sign for message `id` under set `version`.
    function attestationDigest(bytes32 id, uint64 version) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(ATTESTATION_TYPEHASH, id, version)));
    }

    /// @notice The current attesters.
    function attesters() external view returns (address[] memory) {
        return _attesters;
    }

    /// @notice Whether `account` is in attester set `version`.
    function isAttester(uint64 version, address account) external view returns (bool) {
        return _isAttester[version][account];
    }

    /// @notice The nonce the next message to `destination` gets.
    function nonceOf(uint64 destination) external view returns (uint64) {
        return _nonces[destination];
    }

    /// @notice The contract enrolled as sender on `origin` (zero: none).
    function remoteSender(uint64 origin) external view returns (bytes32) {
        return _remoteSenders[origin];
    }

    /// @notice Whether message `id` was delivered here.
    function delivered(bytes32 id) external view returns (bool) {
        return _delivered[id];
    }

    /// @notice The EIP-712 domain separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @dev Parses the header and refuses what this Mailbox must not deliver: another version or
    /// destination, a sender not enrolled for its origin, an unknown type.
    function _checkRoute(bytes calldata message)
        private
        view
        returns (uint64 origin, uint64 nonce, MessageType messageType)
    {
        if (message.length < HEADER || uint8(message[0]) != VERSION) revert MailboxMalformed();
        origin = uint64(bytes8(message[1:9]));
        uint64 destination = uint64(bytes8(message[9:17]));
        nonce = uint64(bytes8(message[17:25]));
        bytes32 sender = bytes32(message[25:57]);
        uint8 rawType = uint8(message[57]);
        if (destination != localDomain) revert MailboxWrongDestination(destination);
        bytes32 enrolled = _remoteSenders[origin];
        if (enrolled == bytes32(0) || enrolled != sender) revert MailboxUnknownSender(origin, sender);
        if (rawType == 0 || rawType > uint8(type(MessageType).max)) revert MailboxUnknownType(rawType);
        messageType = MessageType(rawType);
    }

    /// @dev Every signature must recover (low-s only, no zero signer) to a member of the stored
    /// current set, in strictly increasing order; at least `threshold` of them.
    function _verify(bytes32 id, uint64 version, bytes[] calldata signatures) private view {
        uint64 current = setVersion;
        if (version != current) revert MailboxWrongSetVersion(version, current);
        uint256 need = threshold;
        // An unset set (version 0) has threshold 0: refuse instead of accepting zero signatures.
        if (need == 0 || signatures.length < need) revert MailboxNotEnoughSignatures(signatures.length, need);
        bytes32 digest = attestationDigest(id, version);
        address last;
        for (uint256 i; i < signatures.length; ++i) {
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, signatures[i]);
            if (err != ECDSA.RecoverError.NoError || !_isAttester[version][signer]) revert MailboxInvalidSignature(i);
            if (signer <= last) revert MailboxSignersNotAscending(i);
            last = signer;
        }
    }
}

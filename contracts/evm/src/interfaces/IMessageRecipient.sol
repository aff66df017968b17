// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IMailbox} from "./IMailbox.sol";

/// @title IMessageRecipient: what the Mailbox hands a delivered message to
interface IMessageRecipient {
    /// @notice Applies a delivered message's `body` from chain `origin`. Called by the Mailbox only,
    /// after it checked the attestation and consumed the id.
    function handle(uint64 origin, IMailbox.MessageType messageType, bytes calldata body) external;
}

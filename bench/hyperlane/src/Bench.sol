// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

// What the comparison deploys: Hyperlane's Mailbox, the factory of its static 2-of-3 message-id
// multisig ISM (the production route: a MetaProxy clone per validator set) and a hook to
// initialize the Mailbox with.
import {Mailbox} from "@hyperlane-xyz/core/contracts/Mailbox.sol";
import {StaticMessageIdMultisigIsmFactory} from "@hyperlane-xyz/core/contracts/isms/multisig/StaticMultisigIsm.sol";
import {TestPostDispatchHook} from "@hyperlane-xyz/core/contracts/test/TestPostDispatchHook.sol";

/// @notice Receives a delivered message and does nothing, on either Mailbox: both transports are
/// measured with the same recipient cost (one call, no state), so only the transports differ.
contract NoopRecipient {
    /// @dev Hyperlane's IMessageRecipient.
    function handle(uint32, bytes32, bytes calldata) external payable {}

    /// @dev TensorFlix's IMessageRecipient (`IMailbox.MessageType` is a uint8 in the ABI).
    function handle(uint64, uint8, bytes calldata) external {}
}

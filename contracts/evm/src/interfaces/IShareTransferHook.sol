// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IShareTransferHook: told of every share movement before balances change
/// @notice {AdRevenue} implements it so that revenue already distributed stays with whoever held the
/// shares at distribution time, whatever transfers follow.
interface IShareTransferHook {
    /// @notice Called by {VideoShares} before `value` shares of `videoId` move from `from` to `to`
    /// (`from == 0` on fractionalize, `to == 0` on redeem).
    function onSharesTransfer(address from, address to, uint256 videoId, uint256 value) external;
}

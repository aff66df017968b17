// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IVideoTransferHook: told of every video NFT transfer before ownership changes
/// @notice {AdRevenue} implements it to settle the video's streams first, so that revenue streamed
/// while `from` owned the video is credited to `from`.
interface IVideoTransferHook {
    /// @notice Called by {VideoNft} before `videoId` moves from `from` to `to` (never on mint).
    function onVideoTransfer(address from, address to, uint256 videoId) external;
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IVideoShares: events and errors of fractional video ownership
interface IVideoShares {
    /// @notice `owner` locked `videoId` and received `supply` shares.
    event VideoFractionalized(uint256 indexed videoId, address indexed owner, uint256 supply);
    /// @notice `holder` burned the whole supply of `videoId` and took the NFT back.
    event VideoRedeemed(uint256 indexed videoId, address indexed holder);
    /// @notice The revenue hook was wired, once.
    event RevenueHookSet(address hook);

    /// @notice Only the video NFT contract may send NFTs here.
    error VideoSharesUnexpectedNft(address nftContract);
    /// @notice The share supply must be between 1 and {VideoShares-MAX_SUPPLY}.
    error VideoSharesInvalidSupply(uint256 supply);
    /// @notice Redeeming needs the whole supply.
    error VideoSharesIncompleteSupply(uint256 held, uint256 supply);
    /// @notice The video is not fractionalized.
    error VideoSharesNotFractionalized(uint256 videoId);
    /// @notice The revenue hook is already set.
    error VideoSharesHookAlreadySet();
    /// @notice The hook address is zero.
    error VideoSharesInvalidHook();

    /// @notice Share supply of `videoId` (0 when not fractionalized).
    function totalSupply(uint256 videoId) external view returns (uint256);
    /// @notice Shares of `videoId` held by `account`.
    function balanceOf(address account, uint256 videoId) external view returns (uint256);
}

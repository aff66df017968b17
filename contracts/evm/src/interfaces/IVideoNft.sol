// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IVideoNft: events and errors of the TensorFlix video NFT (shared by every chain's port)
/// @notice A video's id is its content hash read as a uint256, so one file is one NFT per chain and
/// the same video has the same id on every chain.
interface IVideoNft {
    /// @notice One mint request of {VideoNft-mintBatch}.
    struct MintRequest {
        bytes32 contentHash;
        string playbackId;
        uint16 royaltyBps;
    }

    /// @notice A creator minted a video. `videoId == uint256(contentHash)`.
    event VideoMinted(
        uint256 indexed videoId, address indexed creator, bytes32 contentHash, string playbackId, uint16 royaltyBps
    );

    /// @notice The content hash is zero.
    error VideoNftInvalidContentHash();
    /// @notice A video with this content hash is already minted.
    error VideoNftAlreadyMinted(uint256 videoId);
    /// @notice The playback id is empty or longer than {VideoNft-MAX_PLAYBACK_ID_LENGTH} bytes.
    error VideoNftInvalidPlaybackId();
    /// @notice The royalty exceeds {VideoNft-MAX_ROYALTY_BPS}.
    error VideoNftRoyaltyTooHigh(uint16 royaltyBps, uint16 maxBps);
    /// @notice A batch mint was called with no requests or more than {VideoNft-MAX_BATCH}.
    error VideoNftInvalidBatchSize(uint256 size);

    /// @notice Creator of `videoId`, or the zero address if it was never minted.
    function creatorOf(uint256 videoId) external view returns (address);
}

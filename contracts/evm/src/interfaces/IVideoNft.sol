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
    /// @notice A mint commitment was recorded; it can be revealed from `committedAt + minAge`.
    event MintCommitted(bytes32 indexed commitment, address indexed committer, uint40 committedAt);
    /// @notice `videoId` may only be minted by `creator` (a registration from the video's home chain).
    event VideoReserved(uint256 indexed videoId, address indexed creator);
    /// @notice The share contract and the revenue hook were wired, once.
    event HooksSet(address shares, address revenueHook);
    /// @notice Every video's {VideoNft-tokenURI} now starts with `baseURI` (an ERC-721 metadata JSON
    /// per video, served by the indexer API). `BatchMetadataUpdate` is emitted beside it.
    event BaseURISet(string baseURI);
    /// @notice ERC-4906: the metadata of ids `_fromTokenId` to `_toTokenId` changed; marketplaces
    /// refresh them. (Declared here rather than by inheriting OpenZeppelin's IERC4906, which
    /// re-declares IERC721 and would make every ERC-721 override name both.)
    event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId);

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
    /// @notice No commitment matches (caller, salt, content hashes), or it is older than the maximum age.
    error VideoNftUnknownCommitment(bytes32 commitment);
    /// @notice The commitment is younger than the minimum age; it can be revealed from `revealableAt`.
    error VideoNftCommitmentTooNew(bytes32 commitment, uint64 revealableAt);
    /// @notice This commitment is already recorded and still live.
    error VideoNftAlreadyCommitted(bytes32 commitment);
    /// @notice The id is reserved for another creator.
    error VideoNftReserved(uint256 videoId, address creator);
    /// @notice Minimum and maximum commitment ages must satisfy `0 < min < max <= 30 days`.
    error VideoNftInvalidCommitAges(uint64 minAge, uint64 maxAge);
    /// @notice Hooks are missing, already set, or zero.
    error VideoNftInvalidHooks();
    /// @notice A plain `transferFrom` to the share contract would lock the video without shares.
    error VideoNftUseSafeTransfer(address shares);

    /// @notice Creator of `videoId`, or the zero address if it was never minted.
    function creatorOf(uint256 videoId) external view returns (address);
}

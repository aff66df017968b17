// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IVideoNft} from "./interfaces/IVideoNft.sol";

/// @title VideoNft: every AI-made video is an ERC-721 with creator, content hash, playback id and royalty
/// @notice Anyone can mint their own videos; the token id is the content hash, which makes a file
/// mintable once per chain. Royalties (ERC-2981) always go to the creator.
/// @dev Gas: a mint writes one slot for {creator, royalty, mint time}, one for the playback id and the
/// creator's balance. The owner slot is only written on the first transfer: an unset owner means the
/// creator still holds the token (the ERC721A idea, through OpenZeppelin's `_ownerOf`/`_update` hooks).
/// Burning is not supported, so an owner slot never returns to zero once written.
contract VideoNft is IVideoNft, ERC721, IERC2981, AccessControl, Pausable {
    /// @notice Role allowed to pause minting and transfers.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Highest royalty a creator may set: 25%.
    uint16 public constant MAX_ROYALTY_BPS = 2_500;
    /// @notice Longest playback id in bytes (Livepeer playback ids are 16 characters).
    uint256 public constant MAX_PLAYBACK_ID_LENGTH = 64;
    /// @notice Largest batch accepted by {mintBatch}.
    uint256 public constant MAX_BATCH = 100;

    struct Video {
        address creator;
        uint16 royaltyBps;
        uint40 mintedAt;
    }

    mapping(uint256 videoId => Video) private _videos;
    mapping(uint256 videoId => string) private _playbackIds;
    mapping(uint256 videoId => address) private _transferredOwners;
    mapping(address owner => uint256) private _balanceOf;
    uint256 private _totalSupply;

    /// @param admin receives DEFAULT_ADMIN_ROLE and PAUSER_ROLE.
    constructor(address admin) ERC721("TensorFlix Video", "FLIXV") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @notice Mints the caller's video.
    /// @param contentHash hash of the video file; becomes the token id.
    /// @param playbackId stream/playback id of the video (e.g. a Livepeer playbackId).
    /// @param royaltyBps ERC-2981 royalty in basis points, paid to the caller as creator.
    /// @return videoId the new token id, `uint256(contentHash)`.
    function mint(bytes32 contentHash, string calldata playbackId, uint16 royaltyBps)
        external
        whenNotPaused
        returns (uint256 videoId)
    {
        videoId = _mintVideo(msg.sender, contentHash, playbackId, royaltyBps);
        unchecked {
            _balanceOf[msg.sender] += 1;
            _totalSupply += 1;
        }
    }

    /// @notice Mints several of the caller's videos in one transaction.
    /// @param requests one entry per video, at most {MAX_BATCH}.
    /// @return videoIds the new token ids, in request order.
    function mintBatch(MintRequest[] calldata requests) external whenNotPaused returns (uint256[] memory videoIds) {
        uint256 n = requests.length;
        if (n == 0 || n > MAX_BATCH) revert VideoNftInvalidBatchSize(n);
        videoIds = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            MintRequest calldata r = requests[i];
            videoIds[i] = _mintVideo(msg.sender, r.contentHash, r.playbackId, r.royaltyBps);
        }
        unchecked {
            _balanceOf[msg.sender] += n;
            _totalSupply += n;
        }
    }

    /// @notice Pauses minting and transfers.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes minting and transfers.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @inheritdoc IVideoNft
    function creatorOf(uint256 videoId) external view returns (address) {
        return _videos[videoId].creator;
    }

    /// @notice Full record of a minted video; reverts for unknown ids.
    function videoOf(uint256 videoId)
        external
        view
        returns (address creator, address owner, bytes32 contentHash, string memory playbackId, uint16 royaltyBps, uint40 mintedAt)
    {
        owner = _requireOwned(videoId);
        Video memory v = _videos[videoId];
        return (v.creator, owner, bytes32(videoId), _playbackIds[videoId], v.royaltyBps, v.mintedAt);
    }

    /// @notice Playback id of `videoId`; reverts for unknown ids.
    function playbackIdOf(uint256 videoId) external view returns (string memory) {
        _requireOwned(videoId);
        return _playbackIds[videoId];
    }

    /// @notice Number of videos minted.
    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    /// @inheritdoc ERC721
    function balanceOf(address owner) public view override returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _balanceOf[owner];
    }

    /// @inheritdoc IERC2981
    function royaltyInfo(uint256 videoId, uint256 salePrice) external view returns (address receiver, uint256 amount) {
        Video memory v = _videos[videoId];
        return (v.creator, salePrice * v.royaltyBps / 10_000);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165, AccessControl) returns (bool) {
        return interfaceId == type(IERC2981).interfaceId || ERC721.supportsInterface(interfaceId)
            || AccessControl.supportsInterface(interfaceId);
    }

    function _mintVideo(address creator, bytes32 contentHash, string calldata playbackId, uint16 royaltyBps)
        private
        returns (uint256 videoId)
    {
        if (contentHash == bytes32(0)) revert VideoNftInvalidContentHash();
        uint256 len = bytes(playbackId).length;
        if (len == 0 || len > MAX_PLAYBACK_ID_LENGTH) revert VideoNftInvalidPlaybackId();
        if (royaltyBps > MAX_ROYALTY_BPS) revert VideoNftRoyaltyTooHigh(royaltyBps, MAX_ROYALTY_BPS);
        videoId = uint256(contentHash);
        if (_videos[videoId].creator != address(0)) revert VideoNftAlreadyMinted(videoId);

        _videos[videoId] = Video(creator, royaltyBps, uint40(block.timestamp));
        _playbackIds[videoId] = playbackId;
        emit Transfer(address(0), creator, videoId);
        emit VideoMinted(videoId, creator, contentHash, playbackId, royaltyBps);
    }

    function _ownerOf(uint256 videoId) internal view override returns (address) {
        address owner = _transferredOwners[videoId];
        return owner != address(0) ? owner : _videos[videoId].creator;
    }

    /// @dev Only transfers reach here: mints go through {_mintVideo} and burning does not exist.
    function _update(address to, uint256 videoId, address auth) internal override whenNotPaused returns (address from) {
        from = _ownerOf(videoId);
        if (auth != address(0)) _checkAuthorized(from, auth, videoId);
        if (from == address(0)) revert ERC721NonexistentToken(videoId);
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));

        _approve(address(0), videoId, address(0), false);
        unchecked {
            _balanceOf[from] -= 1;
            _balanceOf[to] += 1;
        }
        _transferredOwners[videoId] = to;
        emit Transfer(from, to, videoId);
    }
}

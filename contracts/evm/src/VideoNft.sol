// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IVideoNft} from "./interfaces/IVideoNft.sol";
import {IVideoTransferHook} from "./interfaces/IVideoTransferHook.sol";

/// @title VideoNft: every AI-made video is an ERC-721 with creator, content hash, playback id and royalty
/// @notice Anyone can mint their own videos; the token id is the content hash, which makes a file
/// mintable once per chain. Royalties (ERC-2981) always go to the creator.
///
/// Minting is commit-reveal, as ENS registers names: a creator first records
/// `mintCommitment(creator, salt, contentHashes)` with {commitMint}, and reveals it with {mint} or
/// {mintBatch} between `commitMinAge` and `commitMaxAge` seconds later. The commitment hides the content
/// hash and binds it to the creator, so whoever sees a pending mint in the mempool learns the hash too
/// late: its own commitment would be younger than the minimum age when the creator's mint lands.
/// A `REGISTRAR_ROLE` holder (the cross-chain registration handler) can {reserve} an id for its creator
/// on its home chain; a reserved id is minted by that creator alone, without a commitment.
/// Every transfer first tells the revenue hook ({AdRevenue}), which settles the video's streams so that
/// revenue streamed while the seller held the video stays with the seller.
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
    /// @notice Role allowed to reserve ids for their creators (the cross-chain registration handler).
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @notice Longest commitment age any deployment may choose.
    uint40 public constant MAX_COMMIT_AGE_BOUND = 30 days;

    /// @notice A commitment is revealable this many seconds after it was recorded, not sooner.
    uint40 public immutable commitMinAge;
    /// @notice A commitment is revealable until this many seconds after it was recorded.
    uint40 public immutable commitMaxAge;
    /// @notice The share contract; a plain `transferFrom` to it is refused (see {transferFrom}).
    address public shares;
    /// @notice Told of every transfer before ownership changes; set once with {setHooks}.
    IVideoTransferHook public revenueHook;

    /// @dev `mintedAt == 0` with a creator set is a reservation.
    struct Video {
        address creator;
        uint16 royaltyBps;
        uint40 mintedAt;
    }

    mapping(uint256 videoId => Video) private _videos;
    mapping(bytes32 commitment => uint40 committedAt) private _commitments;
    mapping(uint256 videoId => string) private _playbackIds;
    mapping(uint256 videoId => address) private _transferredOwners;
    mapping(address owner => uint256) private _balanceOf;
    uint256 private _totalSupply;
    string private _baseTokenURI;

    /// @param admin receives DEFAULT_ADMIN_ROLE, PAUSER_ROLE and REGISTRAR_ROLE.
    /// @param commitMinAge_ seconds a commitment must age before it is revealed: longer than a pending
    /// transaction takes to be included (ENS uses 60 s).
    /// @param commitMaxAge_ seconds after which an unrevealed commitment lapses.
    constructor(address admin, uint40 commitMinAge_, uint40 commitMaxAge_) ERC721("TensorFlix Video", "FLIXV") {
        if (commitMinAge_ == 0 || commitMaxAge_ <= commitMinAge_ || commitMaxAge_ > MAX_COMMIT_AGE_BOUND) {
            revert VideoNftInvalidCommitAges(commitMinAge_, commitMaxAge_);
        }
        commitMinAge = commitMinAge_;
        commitMaxAge = commitMaxAge_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, admin);
    }

    /// @notice Wires the share contract and the revenue hook; callable once.
    /// @param shares_ the {VideoShares} contract.
    /// @param hook the {AdRevenue} contract.
    function setHooks(address shares_, IVideoTransferHook hook) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (shares_ == address(0) || address(hook) == address(0) || address(revenueHook) != address(0)) {
            revert VideoNftInvalidHooks();
        }
        shares = shares_;
        revenueHook = hook;
        emit HooksSet(shares_, address(hook));
    }

    /// @notice Points every video's {tokenURI} at `baseURI` followed by its id in decimal: the
    /// indexer API's `/v1/metadata/{chain_id}/` serves an ERC-721 metadata JSON there (name,
    /// description, playback as `animation_url`, creator, royalty and valuation), which wallets
    /// and marketplaces show. Empty turns metadata off.
    function setBaseURI(string calldata baseURI) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _baseTokenURI = baseURI;
        emit BaseURISet(baseURI);
        emit BatchMetadataUpdate(0, type(uint256).max);
    }

    /// @notice What {tokenURI} starts with (see {setBaseURI}).
    function baseURI() external view returns (string memory) {
        return _baseTokenURI;
    }

    /// @notice Records a mint commitment, `mintCommitment(creator, salt, contentHashes)`.
    function commitMint(bytes32 commitment) external whenNotPaused {
        uint40 at = _commitments[commitment];
        if (at != 0 && block.timestamp <= at + commitMaxAge) revert VideoNftAlreadyCommitted(commitment);
        uint40 now_ = uint40(block.timestamp);
        _commitments[commitment] = now_;
        emit MintCommitted(commitment, msg.sender, now_);
    }

    /// @notice Reserves `videoId` for `creator`: nobody else can mint it here. For the cross-chain
    /// registration of a video minted on its home chain.
    function reserve(uint256 videoId, address creator) external onlyRole(REGISTRAR_ROLE) {
        if (videoId == 0) revert VideoNftInvalidContentHash();
        Video storage v = _videos[videoId];
        if (v.mintedAt != 0) revert VideoNftAlreadyMinted(videoId);
        v.creator = creator;
        emit VideoReserved(videoId, creator);
    }

    /// @notice Mints the caller's video, revealing its commitment.
    /// @param contentHash hash of the video file; becomes the token id.
    /// @param playbackId stream/playback id of the video (e.g. a Livepeer playbackId).
    /// @param royaltyBps ERC-2981 royalty in basis points, paid to the caller as creator.
    /// @param salt the commitment's secret; ignored when the id is reserved for the caller.
    /// @return videoId the new token id, `uint256(contentHash)`.
    function mint(bytes32 contentHash, string calldata playbackId, uint16 royaltyBps, bytes32 salt)
        external
        whenNotPaused
        returns (uint256 videoId)
    {
        bool reserved = _mintVideo(msg.sender, contentHash, playbackId, royaltyBps);
        if (!reserved) _reveal(mintCommitment(msg.sender, salt, keccak256(abi.encode(contentHash))));
        unchecked {
            _balanceOf[msg.sender] += 1;
            _totalSupply += 1;
        }
        return uint256(contentHash);
    }

    /// @notice Mints several of the caller's videos in one transaction, revealing one commitment over
    /// all their content hashes (none is needed when every id is reserved for the caller).
    /// @param requests one entry per video, at most {MAX_BATCH}.
    /// @param salt the commitment's secret.
    /// @return videoIds the new token ids, in request order.
    function mintBatch(MintRequest[] calldata requests, bytes32 salt)
        external
        whenNotPaused
        returns (uint256[] memory videoIds)
    {
        uint256 n = requests.length;
        if (n == 0 || n > MAX_BATCH) revert VideoNftInvalidBatchSize(n);
        videoIds = new uint256[](n);
        bool allReserved = true;
        for (uint256 i; i < n; ++i) {
            MintRequest calldata r = requests[i];
            if (!_mintVideo(msg.sender, r.contentHash, r.playbackId, r.royaltyBps)) allReserved = false;
            videoIds[i] = uint256(r.contentHash);
        }
        if (!allReserved) _reveal(mintCommitment(msg.sender, salt, keccak256(abi.encode(videoIds))));
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
    function creatorOf(uint256 videoId) public view returns (address) {
        Video memory v = _videos[videoId];
        return v.mintedAt != 0 ? v.creator : address(0);
    }

    /// @notice The creator an unminted id is reserved for (zero when not reserved or already minted).
    function reservationOf(uint256 videoId) external view returns (address) {
        Video memory v = _videos[videoId];
        return v.mintedAt == 0 ? v.creator : address(0);
    }

    /// @notice When `commitment` was recorded (0 if never).
    function commitmentTime(bytes32 commitment) external view returns (uint40) {
        return _commitments[commitment];
    }

    /// @notice The commitment a creator records before minting: `contentHashesDigest` is
    /// `keccak256(abi.encode(contentHashes))` over the request's content hashes in order (for one
    /// video, `keccak256(abi.encode(contentHash))`).
    function mintCommitment(address creator, bytes32 salt, bytes32 contentHashesDigest) public pure returns (bytes32) {
        return keccak256(abi.encode(creator, salt, contentHashesDigest));
    }

    /// @notice ERC-721 transfer. Refuses the share contract as recipient: only {safeTransferFrom} with
    /// the share supply as data fractionalizes; a plain transfer would lock the video with no shares.
    function transferFrom(address from, address to, uint256 videoId) public override {
        if (to == shares && to != address(0)) revert VideoNftUseSafeTransfer(to);
        _transferChecked(from, to, videoId);
    }

    /// @inheritdoc ERC721
    function safeTransferFrom(address from, address to, uint256 videoId, bytes memory data) public override {
        _transferChecked(from, to, videoId);
        ERC721Utils.checkOnERC721Received(_msgSender(), from, to, videoId, data);
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
        return (creatorOf(videoId), salePrice * v.royaltyBps / 10_000);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165, AccessControl) returns (bool) {
        // 0x49064906 is ERC-4906 as the EIP fixes it: its interface has only events.
        return interfaceId == type(IERC2981).interfaceId || interfaceId == bytes4(0x49064906)
            || ERC721.supportsInterface(interfaceId) || AccessControl.supportsInterface(interfaceId);
    }

    /// @dev {ERC721-tokenURI} appends the id to this.
    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
    }

    /// @return reserved whether the id was reserved for `creator` (then no commitment is needed).
    function _mintVideo(address creator, bytes32 contentHash, string calldata playbackId, uint16 royaltyBps)
        private
        returns (bool reserved)
    {
        if (contentHash == bytes32(0)) revert VideoNftInvalidContentHash();
        uint256 len = bytes(playbackId).length;
        if (len == 0 || len > MAX_PLAYBACK_ID_LENGTH) revert VideoNftInvalidPlaybackId();
        if (royaltyBps > MAX_ROYALTY_BPS) revert VideoNftRoyaltyTooHigh(royaltyBps, MAX_ROYALTY_BPS);
        uint256 videoId = uint256(contentHash);
        Video memory v = _videos[videoId];
        if (v.mintedAt != 0) revert VideoNftAlreadyMinted(videoId);
        if (v.creator != address(0)) {
            if (v.creator != creator) revert VideoNftReserved(videoId, v.creator);
            reserved = true;
        }

        _videos[videoId] = Video(creator, royaltyBps, uint40(block.timestamp));
        _playbackIds[videoId] = playbackId;
        emit Transfer(address(0), creator, videoId);
        emit VideoMinted(videoId, creator, contentHash, playbackId, royaltyBps);
    }

    /// @dev Consumes a commitment aged within `[commitMinAge, commitMaxAge]`.
    function _reveal(bytes32 commitment) private {
        uint40 at = _commitments[commitment];
        if (at == 0 || block.timestamp > at + commitMaxAge) revert VideoNftUnknownCommitment(commitment);
        if (block.timestamp < at + commitMinAge) revert VideoNftCommitmentTooNew(commitment, at + commitMinAge);
        delete _commitments[commitment];
    }

    /// @dev OpenZeppelin's `transferFrom` body, shared by both transfer entry points.
    function _transferChecked(address from, address to, uint256 videoId) private {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        address previousOwner = _update(to, videoId, _msgSender());
        if (previousOwner != from) revert ERC721IncorrectOwner(from, videoId, previousOwner);
    }

    function _ownerOf(uint256 videoId) internal view override returns (address) {
        address owner = _transferredOwners[videoId];
        return owner != address(0) ? owner : creatorOf(videoId);
    }

    /// @dev Only transfers reach here: mints go through {_mintVideo} and burning does not exist. The
    /// revenue hook runs before ownership changes, so it settles revenue to the seller.
    function _update(address to, uint256 videoId, address auth) internal override whenNotPaused returns (address from) {
        from = _ownerOf(videoId);
        if (auth != address(0)) _checkAuthorized(from, auth, videoId);
        if (from == address(0)) revert ERC721NonexistentToken(videoId);
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        IVideoTransferHook hook = revenueHook;
        if (address(hook) == address(0)) revert VideoNftInvalidHooks();
        hook.onVideoTransfer(from, to, videoId);

        _approve(address(0), videoId, address(0), false);
        unchecked {
            _balanceOf[from] -= 1;
            _balanceOf[to] += 1;
        }
        _transferredOwners[videoId] = to;
        emit Transfer(from, to, videoId);
    }
}

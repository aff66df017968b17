// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IVideoShares} from "./interfaces/IVideoShares.sol";
import {IShareTransferHook} from "./interfaces/IShareTransferHook.sol";

/// @title VideoShares: fractional ownership of videos as ERC-1155 share ids
/// @notice Sending a video NFT here with `safeTransferFrom(owner, shares, videoId, abi.encode(supply))`
/// locks it and mints `supply` shares with token id == video id to the sender, in one transaction.
/// Whoever gathers the whole supply can {redeem} the NFT.
/// @dev ERC-1155 rather than an ERC-20 clone per video: fractionalizing costs storage writes instead of
/// a contract deployment, share ids equal video ids across every contract, and one hook sees every
/// share movement (see {IShareTransferHook}).
contract VideoShares is IVideoShares, ERC1155, IERC721Receiver, AccessControl {
    /// @notice Largest share supply of one video (keeps revenue-per-share arithmetic in range).
    uint256 public constant MAX_SUPPLY = type(uint128).max;

    /// @notice The video NFT contract whose tokens are fractionalized here.
    IERC721 public immutable videos;
    /// @notice Told of every share movement; set once by the admin after deployment.
    IShareTransferHook public revenueHook;

    mapping(uint256 videoId => uint256) private _supply;

    /// @param videoNft the {VideoNft} contract.
    /// @param admin may set the revenue hook once.
    constructor(IERC721 videoNft, address admin) ERC1155("") {
        videos = videoNft;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Wires the revenue contract that accounts share-holder revenue; callable once.
    /// @param hook the {AdRevenue} contract.
    function setRevenueHook(IShareTransferHook hook) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(hook) == address(0)) revert VideoSharesInvalidHook();
        if (address(revenueHook) != address(0)) revert VideoSharesHookAlreadySet();
        revenueHook = hook;
        emit RevenueHookSet(address(hook));
    }

    /// @notice Fractionalizes a video sent by `safeTransferFrom`; `data` is `abi.encode(uint256 supply)`.
    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address from, uint256 videoId, bytes calldata data)
        external
        returns (bytes4)
    {
        if (msg.sender != address(videos)) revert VideoSharesUnexpectedNft(msg.sender);
        if (address(revenueHook) == address(0)) revert VideoSharesInvalidHook();
        uint256 supply = abi.decode(data, (uint256));
        if (supply == 0 || supply > MAX_SUPPLY) revert VideoSharesInvalidSupply(supply);
        _supply[videoId] = supply;
        _mint(from, videoId, supply, "");
        emit VideoFractionalized(videoId, from, supply);
        return IERC721Receiver.onERC721Received.selector;
    }

    /// @notice Burns the caller's whole supply of `videoId` and returns the NFT to the caller.
    /// @param videoId a fractionalized video.
    function redeem(uint256 videoId) external {
        uint256 supply = _supply[videoId];
        if (supply == 0) revert VideoSharesNotFractionalized(videoId);
        uint256 held = balanceOf(msg.sender, videoId);
        if (held != supply) revert VideoSharesIncompleteSupply(held, supply);
        _burn(msg.sender, videoId, supply);
        delete _supply[videoId];
        emit VideoRedeemed(videoId, msg.sender);
        videos.safeTransferFrom(address(this), msg.sender, videoId);
    }

    /// @inheritdoc IVideoShares
    function totalSupply(uint256 videoId) external view returns (uint256) {
        return _supply[videoId];
    }

    /// @inheritdoc IVideoShares
    function balanceOf(address account, uint256 videoId)
        public
        view
        override(ERC1155, IVideoShares)
        returns (uint256)
    {
        return ERC1155.balanceOf(account, videoId);
    }

    /// @inheritdoc AccessControl
    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return interfaceId == type(IERC721Receiver).interfaceId || ERC1155.supportsInterface(interfaceId)
            || AccessControl.supportsInterface(interfaceId);
    }

    /// @dev The hook runs before balances move, so it can account against the old balances. It is always
    /// set here: no share exists before it is wired (see {onERC721Received}).
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        IShareTransferHook hook = revenueHook;
        if (from != to) {
            for (uint256 i; i < ids.length; ++i) {
                hook.onSharesTransfer(from, to, ids[i], values[i]);
            }
        }
        super._update(from, to, ids, values);
    }
}

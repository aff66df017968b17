// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {IVideoNft} from "../src/interfaces/IVideoNft.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

contract VideoNftTest is Fixture {
    /// @dev Commits a batch's content hashes, waits out the minimum age and reveals.
    function mintBatch(address who, IVideoNft.MintRequest[] memory reqs) internal returns (uint256[] memory) {
        uint256[] memory ids = new uint256[](reqs.length);
        for (uint256 i; i < reqs.length; ++i) {
            ids[i] = uint256(reqs[i].contentHash);
        }
        bytes32 salt = keccak256("batch");
        vm.prank(who);
        nft.commitMint(nft.mintCommitment(who, salt, keccak256(abi.encode(ids))));
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.prank(who);
        return nft.mintBatch(reqs, salt);
    }

    function test_mint_recordsVideo() public {
        bytes32 salt = commit(creator, HASH);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.expectEmit(address(nft));
        emit IVideoNft.VideoMinted(uint256(HASH), creator, HASH, PLAYBACK, 500);
        vm.prank(creator);
        uint256 id = nft.mint(HASH, PLAYBACK, 500, salt);

        vm.assertEq(id, uint256(HASH), "id is the content hash");
        (address c, address owner, bytes32 h, string memory playback, uint16 royalty, uint40 mintedAt) = nft.videoOf(id);
        vm.assertEq(c, creator, "creator");
        vm.assertEq(owner, creator, "owner");
        vm.assertEq(h, HASH, "hash");
        vm.assertEq(playback, PLAYBACK, "playback");
        vm.assertEq(royalty, 500, "royalty");
        vm.assertEq(mintedAt, block.timestamp, "minted at");
        vm.assertEq(nft.ownerOf(id), creator, "ownerOf");
        vm.assertEq(nft.balanceOf(creator), 1, "balance");
        vm.assertEq(nft.totalSupply(), 1, "supply");
        vm.assertEq(nft.creatorOf(id), creator, "creatorOf");
        vm.assertEq(nft.playbackIdOf(id), PLAYBACK, "playbackIdOf");
    }

    function test_mint_royaltyInfoPaysCreator() public {
        uint256 id = mintVideo(creator, HASH);
        (address receiver, uint256 amount) = nft.royaltyInfo(id, 10_000);
        vm.assertEq(receiver, creator, "receiver");
        vm.assertEq(amount, 500, "5%");
    }

    function test_mint_revertsOnZeroHash() public {
        vm.expectRevert(IVideoNft.VideoNftInvalidContentHash.selector);
        nft.mint(bytes32(0), PLAYBACK, 0, 0);
    }

    function test_mint_revertsOnDuplicate() public {
        mintVideo(creator, HASH);
        bytes32 salt = commit(holder, HASH);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftAlreadyMinted.selector, uint256(HASH)));
        vm.prank(holder);
        nft.mint(HASH, PLAYBACK, 500, salt);
    }

    function test_mint_revertsOnBadPlaybackId() public {
        vm.expectRevert(IVideoNft.VideoNftInvalidPlaybackId.selector);
        nft.mint(HASH, "", 0, 0);
        vm.expectRevert(IVideoNft.VideoNftInvalidPlaybackId.selector);
        nft.mint(HASH, string(new bytes(65)), 0, 0);
    }

    function test_mint_revertsOnRoyaltyTooHigh() public {
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftRoyaltyTooHigh.selector, 2_501, 2_500));
        nft.mint(HASH, PLAYBACK, 2_501, 0);
    }

    function test_mint_revertsWhenPaused() public {
        bytes32 salt = commit(creator, HASH);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.prank(admin);
        nft.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(creator);
        nft.mint(HASH, PLAYBACK, 500, salt);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        nft.commitMint(HASH);
    }

    function test_pause_onlyPauser() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, creator, nft.PAUSER_ROLE())
        );
        vm.prank(creator);
        nft.pause();
    }

    function test_unpause_allowsMinting() public {
        vm.startPrank(admin);
        nft.pause();
        nft.unpause();
        vm.stopPrank();
        mintVideo(creator, HASH);
    }

    function test_mintBatch_mintsAll() public {
        IVideoNft.MintRequest[] memory reqs = new IVideoNft.MintRequest[](3);
        for (uint256 i; i < 3; ++i) {
            reqs[i] = IVideoNft.MintRequest(keccak256(abi.encode(i)), PLAYBACK, uint16(i * 100));
        }
        uint256[] memory ids = mintBatch(creator, reqs);
        vm.assertEq(ids.length, 3, "ids");
        vm.assertEq(nft.balanceOf(creator), 3, "balance");
        vm.assertEq(nft.totalSupply(), 3, "supply");
        (,,,, uint16 royalty,) = nft.videoOf(ids[2]);
        vm.assertEq(royalty, 200, "per-request royalty");
    }

    function test_mintBatch_revertsOnBadSize() public {
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftInvalidBatchSize.selector, 0));
        nft.mintBatch(new IVideoNft.MintRequest[](0), 0);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftInvalidBatchSize.selector, 101));
        nft.mintBatch(new IVideoNft.MintRequest[](101), 0);
    }

    function test_mintBatch_isAtomic() public {
        IVideoNft.MintRequest[] memory reqs = new IVideoNft.MintRequest[](2);
        reqs[0] = IVideoNft.MintRequest(HASH, PLAYBACK, 0);
        reqs[1] = IVideoNft.MintRequest(HASH, PLAYBACK, 0);
        uint256[] memory ids = new uint256[](2);
        (ids[0], ids[1]) = (uint256(HASH), uint256(HASH));
        vm.prank(creator);
        nft.commitMint(nft.mintCommitment(creator, 0, keccak256(abi.encode(ids))));
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftAlreadyMinted.selector, uint256(HASH)));
        vm.prank(creator);
        nft.mintBatch(reqs, 0);
        vm.assertEq(nft.totalSupply(), 0, "nothing minted");
    }

    function test_transfer_movesOwnershipAndClearsApproval() public {
        uint256 id = mintVideo(creator, HASH);
        vm.prank(creator);
        nft.approve(advertiser, id);
        vm.prank(creator);
        nft.transferFrom(creator, holder, id);
        vm.assertEq(nft.ownerOf(id), holder, "owner");
        vm.assertEq(nft.balanceOf(creator), 0, "from balance");
        vm.assertEq(nft.balanceOf(holder), 1, "to balance");
        vm.assertEq(nft.getApproved(id), address(0), "approval cleared");
        vm.assertEq(nft.creatorOf(id), creator, "creator unchanged");
        (address receiver,) = nft.royaltyInfo(id, 1);
        vm.assertEq(receiver, creator, "royalty stays with creator");
    }

    function test_transfer_byApprovedOperator() public {
        uint256 id = mintVideo(creator, HASH);
        vm.prank(creator);
        nft.setApprovalForAll(advertiser, true);
        vm.prank(advertiser);
        nft.transferFrom(creator, holder, id);
        vm.assertEq(nft.ownerOf(id), holder, "owner");
    }

    function test_transfer_revertsUnauthorized() public {
        uint256 id = mintVideo(creator, HASH);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, holder, id));
        vm.prank(holder);
        nft.transferFrom(creator, holder, id);
    }

    function test_transfer_revertsForUnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 7));
        nft.transferFrom(creator, holder, 7);
    }

    function test_transfer_revertsToZero() public {
        uint256 id = mintVideo(creator, HASH);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        vm.prank(creator);
        nft.transferFrom(creator, address(0), id);
    }

    function test_transfer_revertsWhenPaused() public {
        uint256 id = mintVideo(creator, HASH);
        vm.prank(admin);
        nft.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(creator);
        nft.transferFrom(creator, holder, id);
    }

    function test_views_revertForUnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        nft.ownerOf(9);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        nft.videoOf(9);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        nft.playbackIdOf(9);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOwner.selector, address(0)));
        nft.balanceOf(address(0));
    }

    function test_tokenURI_isTheBaseAndTheDecimalId() public {
        uint256 id = mintVideo(creator, HASH);
        vm.assertEq(nft.tokenURI(id), "", "no metadata until a base is set");
        string memory base = "https://api.example/v1/metadata/43114/";
        vm.expectEmit(address(nft));
        emit IVideoNft.BaseURISet(base);
        vm.expectEmit(address(nft));
        emit IVideoNft.BatchMetadataUpdate(0, type(uint256).max);
        vm.prank(admin);
        nft.setBaseURI(base);
        vm.assertEq(nft.baseURI(), base, "baseURI");
        vm.assertEq(nft.tokenURI(id), string.concat(base, vm.toString(id)), "base + decimal id");
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        nft.tokenURI(9);
    }

    function test_setBaseURI_onlyAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, creator, bytes32(0))
        );
        vm.prank(creator);
        nft.setBaseURI("https://squatter.example/");
    }

    function test_supportsInterface() public view {
        vm.assertTrue(nft.supportsInterface(type(IERC2981).interfaceId), "2981");
        vm.assertTrue(nft.supportsInterface(type(IERC721).interfaceId), "721");
        vm.assertTrue(nft.supportsInterface(0x49064906), "4906");
        vm.assertFalse(nft.supportsInterface(0xdeadbeef), "other");
    }

    function testFuzz_mint_anyValidInput(address who, bytes32 h, uint16 royalty, uint8 len) public {
        vm.assume(who != address(0) && h != bytes32(0) && who.code.length == 0);
        royalty = uint16(bound(royalty, 0, 2_500));
        len = uint8(bound(len, 1, 64));
        vm.assume(nft.reservationOf(uint256(h)) == address(0));
        bytes32 salt = commit(who, h);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.prank(who);
        uint256 id = nft.mint(h, string(new bytes(len)), royalty, salt);
        vm.assertEq(nft.ownerOf(id), who, "owner");
        vm.assertEq(bytes(nft.playbackIdOf(id)).length, len, "playback length");
        (, uint256 amount) = nft.royaltyInfo(id, 1e18);
        vm.assertEq(amount, 1e18 * uint256(royalty) / 10_000, "royalty");
    }
}

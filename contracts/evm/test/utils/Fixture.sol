// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {VideoNft} from "../../src/VideoNft.sol";
import {VideoShares} from "../../src/VideoShares.sol";
import {VoteTally} from "../../src/VoteTally.sol";
import {AdRevenue} from "../../src/AdRevenue.sol";
import {MinerCollateral} from "../../src/MinerCollateral.sol";
import {FlixToken} from "../../src/FlixToken.sol";
import {TestStablecoin} from "../../src/TestStablecoin.sol";
import {IMinerCollateral} from "../../src/interfaces/IMinerCollateral.sol";

/// @dev The whole suite wired as `deploy` wires it, with named actors.
abstract contract Fixture is Test {
    address internal admin = address(0xA11CE);
    address internal creator = address(0xC4EA7);
    address internal advertiser = address(0xAD);
    address internal holder = address(0x401D);
    address internal treasury = address(0x7EA5);
    address internal miner = address(0x313E);
    address internal v1 = address(0x1001);
    address internal v2 = address(0x1002);
    address internal v3 = address(0x1003);

    uint16 internal constant CREATOR_CUT_BPS = 1_000;
    uint40 internal constant COMMIT_MIN_AGE = 60;
    uint40 internal constant COMMIT_MAX_AGE = 1 days;
    bytes32 internal constant HASH = keccak256("video-1.mp4");
    string internal constant PLAYBACK = "f5eese9wwl88k4g8";

    VideoNft internal nft;
    VideoShares internal shares;
    VoteTally internal tally;
    AdRevenue internal ads;
    MinerCollateral internal collateral;
    FlixToken internal flix;
    TestStablecoin internal usd;

    /// @dev One chain's suite.
    struct Suite {
        VideoNft nft;
        VideoShares shares;
        VoteTally tally;
        AdRevenue ads;
        MinerCollateral collateral;
    }

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        flix = new FlixToken(admin, 1_000_000 ether);
        usd = new TestStablecoin();
        Suite memory s = newSuite();
        (nft, shares, tally, ads, collateral) = (s.nft, s.shares, s.tally, s.ads, s.collateral);
    }

    /// @dev A suite wired as `deploy` wires it, over the fixture's tokens.
    function newSuite() internal returns (Suite memory s) {
        s.nft = new VideoNft(admin, COMMIT_MIN_AGE, COMMIT_MAX_AGE);
        s.shares = new VideoShares(IERC721(address(s.nft)), admin);
        s.ads = new AdRevenue(IERC20(address(usd)), s.nft, s.shares, CREATOR_CUT_BPS, admin);
        vm.startPrank(admin);
        s.shares.setRevenueHook(s.ads);
        s.nft.setHooks(address(s.shares), s.ads);
        vm.stopPrank();
        s.tally = new VoteTally(flix, admin);
        s.collateral = new MinerCollateral(IERC20(address(usd)), treasury, defaultParams(), admin);
    }

    function defaultParams() internal pure returns (IMinerCollateral.Params memory) {
        return IMinerCollateral.Params({
            unbondingPeriod: 7 days,
            disputeWindow: 2 days,
            proposalTtl: 14 days,
            slashCapPeriod: 1 days,
            slashCapPerPeriod: 1_000e6,
            approvalThreshold: 2,
            stakeWarmup: 1 hours
        });
    }

    /// @dev Commits, waits out the minimum age and mints, as a creator does.
    function mintVideo(address who, bytes32 contentHash) internal returns (uint256 id) {
        bytes32 salt = commit(who, contentHash);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.prank(who);
        id = nft.mint(contentHash, PLAYBACK, 500, salt);
    }

    function commit(address who, bytes32 contentHash) internal returns (bytes32 salt) {
        salt = keccak256(abi.encode("salt", who, contentHash));
        vm.prank(who);
        nft.commitMint(nft.mintCommitment(who, salt, keccak256(abi.encode(contentHash))));
    }

    function fractionalize(address owner, uint256 id, uint256 supply) internal {
        vm.prank(owner);
        nft.safeTransferFrom(owner, address(shares), id, abi.encode(supply));
    }

    function fund(address who, uint256 amount, address spender) internal {
        usd.faucet(who, amount);
        vm.prank(who);
        usd.approve(spender, type(uint256).max);
    }
}

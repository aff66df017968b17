// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {AdRevenue} from "../src/AdRevenue.sol";
import {IAdRevenue} from "../src/interfaces/IAdRevenue.sol";
import {IVideoShares} from "../src/interfaces/IVideoShares.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

contract AdRevenueTest is Fixture {
    uint256 internal id;

    function setUp() public override {
        super.setUp();
        id = mintVideo(creator, HASH);
        fund(advertiser, 1_000_000e6, address(ads));
    }

    function open(uint128 rate, uint128 deposit) internal returns (uint256 cid) {
        vm.prank(advertiser);
        cid = ads.openCampaign(id, rate, deposit);
    }

    function test_open_pullsDepositAndEmits() public {
        vm.expectEmit(address(ads));
        emit IAdRevenue.CampaignOpened(1, id, advertiser, 10, 1_000);
        uint256 cid = open(10, 1_000);
        vm.assertEq(cid, 1, "first id");
        vm.assertEq(usd.balanceOf(address(ads)), 1_000, "deposit held");
        AdRevenue.Campaign memory c = ads.campaign(cid);
        vm.assertEq(c.advertiser, advertiser, "advertiser");
        vm.assertEq(c.remaining, 1_000, "remaining");
        vm.assertEq(c.videoId, id, "video");
    }

    function test_open_revertsOnZeroOrUnknown() public {
        vm.startPrank(advertiser);
        vm.expectRevert(IAdRevenue.AdRevenueZeroAmount.selector);
        ads.openCampaign(id, 0, 1);
        vm.expectRevert(IAdRevenue.AdRevenueZeroAmount.selector);
        ads.openCampaign(id, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueUnknownVideo.selector, 5));
        ads.openCampaign(5, 1, 1);
        vm.stopPrank();
    }

    function test_open_revertsWhenPaused() public {
        vm.prank(admin);
        ads.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        open(1, 1);
    }

    function test_settle_splitsCreatorAndOwner() public {
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 30);
        vm.expectEmit(address(ads));
        emit IAdRevenue.RevenueSettled(cid, id, 300, 30, 300);
        ads.settle(cid);
        // creator is also the NFT owner here: cut + holder part
        vm.assertEq(ads.claimable(id, creator), 300, "creator gets everything as sole owner");
        vm.assertEq(ads.cumulativeRevenue(id), 300, "valuation");
        vm.assertEq(ads.campaign(cid).remaining, 700, "remaining");
    }

    function test_settle_stopsAtDeposit() public {
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 1_000);
        ads.settle(cid);
        vm.assertEq(ads.cumulativeRevenue(id), 1_000, "capped at deposit");
        vm.assertEq(ads.pendingRevenue(cid), 0, "nothing pending");
    }

    function test_settle_revertsForUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueUnknownCampaign.selector, 3));
        ads.settle(3);
    }

    function test_settle_creatorCutGoesToCreatorAfterSale() public {
        vm.prank(creator);
        nft.transferFrom(creator, holder, id);
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 100);
        ads.settle(cid);
        vm.assertEq(ads.claimable(id, creator), 100, "10% cut");
        vm.assertEq(ads.claimable(id, holder), 900, "owner gets the rest");
    }

    function test_shares_proRata() public {
        fractionalize(creator, id, 100);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 25, "");
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 100);
        ads.settle(cid);
        vm.assertEq(ads.claimable(id, holder), 225, "25% of 900");
        vm.assertEq(ads.claimable(id, creator), 100 + 675, "cut + 75% of 900");
    }

    function test_shares_transferAfterSettleKeepsEarned() public {
        fractionalize(creator, id, 100);
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 100);
        ads.settle(cid);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 100, "");
        vm.assertEq(ads.claimable(id, creator), 1_000, "earned before transfer stays");
        vm.assertEq(ads.claimable(id, holder), 0, "buyer earns only later revenue");
        vm.warp(block.timestamp + 10);
        ads.settle(cid);
        vm.assertEq(ads.claimable(id, holder), 0, "deposit exhausted");
    }

    function test_claim_paysAndResets() public {
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 50);
        ads.settle(cid);
        vm.expectEmit(address(ads));
        emit IAdRevenue.RevenueClaimed(id, creator, 500);
        vm.prank(creator);
        ads.claim(id);
        vm.assertEq(usd.balanceOf(creator), 500, "paid");
        vm.assertEq(ads.claimable(id, creator), 0, "reset");
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueNothingToClaim.selector, id, creator));
        vm.prank(creator);
        ads.claim(id);
    }

    function test_claim_dividendsThenMore() public {
        fractionalize(creator, id, 4);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 2, "");
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 40);
        ads.settle(cid);
        vm.prank(holder);
        vm.assertEq(ads.claim(id), 180, "half of 360");
        vm.warp(block.timestamp + 40);
        ads.settle(cid);
        vm.prank(holder);
        vm.assertEq(ads.claim(id), 180, "second half");
    }

    function test_topUp_settlesThenAdds() public {
        uint256 cid = open(10, 100);
        vm.warp(block.timestamp + 50);
        vm.prank(advertiser);
        ads.topUp(cid, 500);
        vm.assertEq(ads.cumulativeRevenue(id), 100, "settled first");
        vm.assertEq(ads.campaign(cid).remaining, 500, "topped up");
        vm.warp(block.timestamp + 10);
        vm.assertEq(ads.pendingRevenue(cid), 100, "streams from top-up time");
    }

    function test_topUp_onlyAdvertiser() public {
        uint256 cid = open(10, 100);
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueNotAdvertiser.selector, cid, holder));
        vm.prank(holder);
        ads.topUp(cid, 1);
        vm.expectRevert(IAdRevenue.AdRevenueZeroAmount.selector);
        vm.prank(advertiser);
        ads.topUp(cid, 0);
    }

    function test_pause_stopsStreaming() public {
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 10);
        vm.prank(advertiser);
        ads.setCampaignPaused(cid, true);
        vm.warp(block.timestamp + 50);
        vm.assertEq(ads.pendingRevenue(cid), 0, "paused");
        vm.prank(advertiser);
        ads.setCampaignPaused(cid, false);
        vm.warp(block.timestamp + 5);
        ads.settle(cid);
        vm.assertEq(ads.cumulativeRevenue(id), 150, "10s + 5s streamed");
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenuePauseUnchanged.selector, cid, false));
        vm.prank(advertiser);
        ads.setCampaignPaused(cid, false);
    }

    function test_cancel_refundsRemainder() public {
        uint256 cid = open(10, 1_000);
        vm.warp(block.timestamp + 30);
        uint256 before = usd.balanceOf(advertiser);
        vm.expectEmit(address(ads));
        emit IAdRevenue.CampaignCancelled(cid, 700);
        vm.prank(advertiser);
        ads.cancel(cid);
        vm.assertEq(usd.balanceOf(advertiser) - before, 700, "refund");
        vm.assertEq(ads.cumulativeRevenue(id), 300, "streamed part kept");
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueCampaignCancelled.selector, cid));
        vm.prank(advertiser);
        ads.cancel(cid);
        vm.warp(block.timestamp + 30);
        vm.assertEq(ads.pendingRevenue(cid), 0, "nothing after cancel");
    }

    function test_hook_onlyShares() public {
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueNotShares.selector, address(this)));
        ads.onSharesTransfer(address(0), holder, id, 1);
    }

    function test_setCreatorCut() public {
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueInvalidCreatorCut.selector, 10_001));
        vm.prank(admin);
        ads.setCreatorCut(10_001);
        vm.prank(admin);
        ads.setCreatorCut(0);
        vm.assertEq(ads.creatorCutBps(), 0, "set");
    }

    function test_redeem_returnsNftAndRevenueGoesToOwner() public {
        fractionalize(creator, id, 10);
        vm.assertEq(nft.ownerOf(id), address(shares), "locked");
        vm.prank(creator);
        shares.redeem(id);
        vm.assertEq(nft.ownerOf(id), creator, "returned");
        vm.assertEq(shares.totalSupply(id), 0, "burned");
    }

    function test_redeem_needsWholeSupply() public {
        fractionalize(creator, id, 10);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 1, "");
        vm.expectRevert(abi.encodeWithSelector(IVideoShares.VideoSharesIncompleteSupply.selector, 9, 10));
        vm.prank(creator);
        shares.redeem(id);
        vm.expectRevert(abi.encodeWithSelector(IVideoShares.VideoSharesNotFractionalized.selector, 1));
        shares.redeem(1);
    }

    function test_fractionalize_rejectsBadSupplyAndForeignNft() public {
        vm.expectRevert(abi.encodeWithSelector(IVideoShares.VideoSharesInvalidSupply.selector, 0));
        fractionalize(creator, id, 0);
        vm.expectRevert(abi.encodeWithSelector(IVideoShares.VideoSharesUnexpectedNft.selector, address(this)));
        shares.onERC721Received(address(this), creator, id, abi.encode(1));
    }

    function test_setRevenueHook_once() public {
        vm.expectRevert(IVideoShares.VideoSharesHookAlreadySet.selector);
        vm.prank(admin);
        shares.setRevenueHook(ads);
    }

    function testFuzz_claimsSumToStreamed(uint32 elapsed, uint64 supply, uint64 moved) public {
        supply = uint64(bound(supply, 1, type(uint64).max));
        moved = uint64(bound(moved, 0, supply));
        fractionalize(creator, id, supply);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, moved, "");
        uint256 cid = open(1e6, 500_000e6);
        vm.warp(block.timestamp + bound(elapsed, 1, 1_000_000));
        ads.settle(cid);
        uint256 a = ads.claimable(id, creator);
        uint256 b = ads.claimable(id, holder);
        uint256 streamed = ads.cumulativeRevenue(id);
        vm.assertLe(a + b, streamed, "never more than streamed");
        vm.assertGe(a + b + 2, streamed, "at most rounding dust left");
    }
}

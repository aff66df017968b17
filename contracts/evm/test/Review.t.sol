// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {IVideoNft} from "../src/interfaces/IVideoNft.sol";
import {IAdRevenue} from "../src/interfaces/IAdRevenue.sol";
import {IVoteTally} from "../src/interfaces/IVoteTally.sol";
import {IMinerCollateral} from "../src/interfaces/IMinerCollateral.sol";
import {MinerCollateral} from "../src/MinerCollateral.sol";
import {AdRevenue} from "../src/AdRevenue.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

/// @dev One test per finding of the outside review (issue 11), named `test_f<point>_...`. Each
/// reproduced the problem on the code before its fix (README, "Security review").
contract ReviewFindingsTest is Fixture {
    IMinerCollateral.SlashReason internal constant BOT = IMinerCollateral.SlashReason.BotEngagement;
    address internal attacker = address(0xBAD);

    function openCampaign(uint256 id, uint128 rate, uint128 deposit) internal returns (uint256 cid) {
        fund(advertiser, deposit, address(ads));
        vm.prank(advertiser);
        cid = ads.openCampaign(id, rate, deposit);
    }

    // ----- 1. revenue follows holding time -----

    function test_f1_shareBuyerDoesNotTakeTheBacklog() public {
        uint256 id = mintVideo(creator, HASH);
        fractionalize(creator, id, 100);
        uint256 cid = openCampaign(id, 1e6, 100_000e6);
        vm.warp(block.timestamp + 100_000);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 50, "");
        ads.settle(cid);
        vm.assertEq(ads.claimable(id, holder), 0, "the buyer held for no time");
        vm.assertEq(ads.claimable(id, creator), 100_000e6, "the seller held for all of it");
        vm.warp(block.timestamp + 10);
        ads.settleVideo(id);
        vm.assertEq(ads.claimable(id, holder), 0, "deposit was spent before the sale");
    }

    function test_f1_nftBuyerDoesNotTakeTheBacklog() public {
        uint256 id = mintVideo(creator, HASH);
        vm.prank(creator);
        nft.transferFrom(creator, holder, id);
        uint256 cid = openCampaign(id, 10, 1_000);
        vm.warp(block.timestamp + 60);
        vm.prank(holder);
        nft.transferFrom(holder, attacker, id);
        vm.warp(block.timestamp + 40);
        ads.settle(cid);
        vm.assertEq(ads.claimable(id, holder), 540, "the seller's 60 s, less the cut");
        vm.assertEq(ads.claimable(id, attacker), 360, "the buyer's 40 s, less the cut");
        vm.assertEq(ads.claimable(id, creator), 100, "10% cut");
    }

    function test_f1_everyStreamingCampaignSettlesBeforeATransfer() public {
        uint256 id = mintVideo(creator, HASH);
        fractionalize(creator, id, 4);
        uint256 a = openCampaign(id, 10, 1_000);
        uint256 b = openCampaign(id, 20, 1_000);
        uint256 c = openCampaign(id, 30, 1_000);
        vm.prank(advertiser);
        ads.setCampaignPaused(c, true);
        vm.warp(block.timestamp + 10);
        vm.expectEmit(address(ads));
        emit IAdRevenue.RevenueSettled(b, id, 200, 20, 200);
        vm.expectEmit(address(ads));
        emit IAdRevenue.RevenueSettled(a, id, 100, 10, 300);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 2, "");
        vm.assertEq(ads.claimable(id, creator), 300, "all of the 10 s before the transfer");
        vm.assertEq(ads.activeCampaigns(id).length, 2, "the paused campaign is not streaming");
    }

    function test_f1_redeemAndFractionalizeSettleFirst() public {
        uint256 id = mintVideo(creator, HASH);
        uint256 cid = openCampaign(id, 10, 10_000);
        vm.warp(block.timestamp + 10);
        fractionalize(creator, id, 10);
        vm.assertEq(ads.claimable(id, creator), 100, "owner revenue before fractionalizing");
        vm.warp(block.timestamp + 10);
        vm.prank(creator);
        shares.redeem(id);
        vm.assertEq(ads.claimable(id, creator), 200, "share revenue before redeeming");
        vm.assertEq(ads.campaign(cid).remaining, 9_800, "settled twice");
    }

    function test_f1_streamingCampaignsPerVideoAreCapped() public {
        uint256 id = mintVideo(creator, HASH);
        uint256 max = ads.MAX_ACTIVE_CAMPAIGNS();
        for (uint256 i; i < max; ++i) {
            openCampaign(id, 1, i == 0 ? 5 : 1_000);
        }
        fund(advertiser, 1_000, address(ads));
        vm.expectRevert(abi.encodeWithSelector(IAdRevenue.AdRevenueTooManyCampaigns.selector, id, max));
        vm.prank(advertiser);
        ads.openCampaign(id, 1, 1_000);
        vm.warp(block.timestamp + 5);
        openCampaign(id, 1, 1_000);
        vm.assertEq(ads.activeCampaigns(id).length, max, "the spent campaign made room");
    }

    // ----- 2. content-hash squatting -----

    function test_f2_frontRunnerCannotMintASeenHash() public {
        bytes32 salt = commit(creator, HASH);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        // The creator's reveal is in the mempool: the attacker now knows the hash.
        bytes32 mine = keccak256("attacker salt");
        bytes32 c = nft.mintCommitment(attacker, mine, keccak256(abi.encode(HASH)));
        vm.startPrank(attacker);
        nft.commitMint(c);
        vm.expectRevert(
            abi.encodeWithSelector(IVideoNft.VideoNftCommitmentTooNew.selector, c, uint40(block.timestamp) + COMMIT_MIN_AGE)
        );
        nft.mint(HASH, PLAYBACK, 0, mine);
        bytes32 copied = nft.mintCommitment(attacker, salt, keccak256(abi.encode(HASH)));
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftUnknownCommitment.selector, copied));
        nft.mint(HASH, PLAYBACK, 0, salt);
        vm.stopPrank();
        vm.prank(creator);
        nft.mint(HASH, PLAYBACK, 500, salt);
        vm.assertEq(nft.creatorOf(uint256(HASH)), creator, "the creator minted");
    }

    function test_f2_mintNeedsALiveCommitment() public {
        bytes32 none = nft.mintCommitment(creator, 0, keccak256(abi.encode(HASH)));
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftUnknownCommitment.selector, none));
        vm.prank(creator);
        nft.mint(HASH, PLAYBACK, 0, 0);
        bytes32 salt = commit(creator, HASH);
        bytes32 c = nft.mintCommitment(creator, salt, keccak256(abi.encode(HASH)));
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftAlreadyCommitted.selector, c));
        vm.prank(attacker);
        nft.commitMint(c);
        vm.warp(block.timestamp + COMMIT_MAX_AGE + 1);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftUnknownCommitment.selector, c));
        vm.prank(creator);
        nft.mint(HASH, PLAYBACK, 0, salt);
    }

    function test_f2_reservedIdOnlyForItsCreator() public {
        vm.expectEmit(address(nft));
        emit IVideoNft.VideoReserved(uint256(HASH), creator);
        vm.prank(admin);
        nft.reserve(uint256(HASH), creator);
        vm.assertEq(nft.reservationOf(uint256(HASH)), creator, "reserved");
        vm.assertEq(nft.creatorOf(uint256(HASH)), address(0), "not minted");
        bytes32 salt = commit(attacker, HASH);
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftReserved.selector, uint256(HASH), creator));
        vm.prank(attacker);
        nft.mint(HASH, PLAYBACK, 0, salt);
        vm.prank(creator);
        nft.mint(HASH, PLAYBACK, 0, 0);
        vm.assertEq(nft.ownerOf(uint256(HASH)), creator, "minted without a commitment");
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftAlreadyMinted.selector, uint256(HASH)));
        vm.prank(admin);
        nft.reserve(uint256(HASH), attacker);
    }

    // ----- 3. MinerCollateral -----

    function collateralSetUp(uint128 deposit) internal {
        fund(miner, deposit, address(collateral));
        vm.startPrank(admin);
        collateral.addValidator(v1);
        collateral.addValidator(v2);
        collateral.addValidator(v3);
        vm.stopPrank();
        vm.prank(miner);
        collateral.deposit(deposit);
    }

    function test_f3_aLoneProposalHoldsNothingBack() public {
        collateralSetUp(1_000e6);
        vm.prank(miner);
        collateral.requestWithdrawal(1_000e6);
        vm.warp(block.timestamp + 7 days);
        vm.prank(v1);
        collateral.proposeSlash(miner, 1, BOT, "e");
        vm.prank(miner);
        collateral.withdraw();
        vm.assertEq(usd.balanceOf(miner), 1_000e6, "withdrawn despite one validator's proposal");
    }

    function test_f3_aQuorumHoldEndsWithTheProposal() public {
        collateralSetUp(1_000e6);
        vm.prank(miner);
        collateral.requestWithdrawal(1_000e6);
        vm.prank(v1);
        uint256 sid = collateral.proposeSlash(miner, 1, BOT, "e");
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.assertTrue(collateral.slashOf(sid).blocksWithdrawals, "quorum holds");
        vm.warp(block.timestamp + 7 days);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashPending.selector, miner, 1));
        vm.prank(miner);
        collateral.withdraw();
        vm.warp(block.timestamp + 7 days);
        collateral.expireSlash(sid);
        vm.prank(miner);
        collateral.withdraw();
    }

    function test_f3_removedValidatorsApprovalsStopCounting() public {
        collateralSetUp(1_000e6);
        vm.prank(v1);
        uint256 sid = collateral.proposeSlash(miner, 10e6, BOT, "e");
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.prank(admin);
        collateral.removeValidator(v2);
        vm.assertEq(collateral.slashOf(sid).approvals, 1, "only v1 counts");
        vm.assertFalse(collateral.hasApproved(sid, v2), "removed");
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotEnoughApprovals.selector, 1, 2));
        collateral.executeSlash(sid);
        // v2's slot goes to a new validator, which inherits nothing and cannot approve older proposals.
        address v4 = address(0x1004);
        vm.prank(admin);
        collateral.addValidator(v4);
        vm.assertEq(collateral.slashOf(sid).approvals, 1, "the slot's old approval stays void");
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralApprovalBeforeJoining.selector, sid, v4));
        vm.prank(v4);
        collateral.approveSlash(sid);
        vm.prank(v3);
        collateral.approveSlash(sid);
        collateral.executeSlash(sid);
        vm.assertEq(usd.balanceOf(treasury), 10e6, "executed with two current validators");
    }

    function test_f3_proposalAboveTheCapIsRefused() public {
        collateralSetUp(10_000e6);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashAboveCap.selector, 2_000e6, 1_000e6));
        vm.prank(v1);
        collateral.proposeSlash(miner, 2_000e6, BOT, "e");
    }

    function test_f3_justInTimeStakeEarnsNothing() public {
        collateralSetUp(1);
        fund(v1, 1_000e6, address(collateral));
        fund(v2, 100_000e6, address(collateral));
        fund(admin, 1_000e6, address(collateral));
        vm.prank(v1);
        collateral.stake(1_000e6);
        vm.warp(block.timestamp + 30 days);
        collateral.activateStake(v1);
        vm.prank(v2);
        collateral.stake(100_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(IMinerCollateral.MinerCollateralStillWarmingUp.selector, uint40(block.timestamp + 1 hours))
        );
        collateral.activateStake(v2);
        vm.prank(admin);
        collateral.depositSiteRevenue(1_000e6);
        vm.warp(block.timestamp + 1 hours);
        collateral.activateStake(v2);
        vm.assertEq(collateral.validatorOf(v2).revenueOwed, 0, "stake added in the same block earns nothing");
        vm.assertEq(collateral.validatorOf(v1).revenueOwed, 1_000e6, "the warmed-up stake earns all");
    }

    function test_f3_lowerCapGivesATypedError() public {
        collateralSetUp(10_000e6);
        uint256[2] memory sids;
        for (uint256 i; i < 2; ++i) {
            vm.prank(v1);
            sids[i] = collateral.proposeSlash(miner, 500e6, BOT, "e");
            vm.prank(v2);
            collateral.approveSlash(sids[i]);
        }
        vm.warp(block.timestamp + 2 days);
        collateral.executeSlash(sids[0]);
        IMinerCollateral.Params memory p = defaultParams();
        p.slashCapPerPeriod = 100e6;
        vm.prank(admin);
        collateral.setParams(p);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashCapExceeded.selector, 500e6, 0));
        collateral.executeSlash(sids[1]);
    }

    function test_f3_paramsCannotOverflowTimes() public {
        IMinerCollateral.Params memory p = defaultParams();
        p.unbondingPeriod = type(uint40).max - 1;
        p.proposalTtl = type(uint40).max - 1;
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        vm.prank(admin);
        collateral.setParams(p);
        p = defaultParams();
        p.proposalTtl = p.disputeWindow + p.slashCapPeriod - 1;
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        vm.prank(admin);
        collateral.setParams(p);
        p = defaultParams();
        p.approvalThreshold = 1;
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        vm.prank(admin);
        collateral.setParams(p);
    }

    function test_f3_pauseIsAnEmergencyBrakeOnSlashing() public {
        collateralSetUp(1_000e6);
        vm.prank(v1);
        uint256 sid = collateral.proposeSlash(miner, 10e6, BOT, "e");
        vm.prank(admin);
        collateral.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(v1);
        collateral.proposeSlash(miner, 10e6, BOT, "e");
        vm.prank(miner);
        collateral.disputeSlash(sid, "counter");
        vm.prank(admin);
        collateral.resolveDispute(sid, true);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        collateral.executeSlash(sid);
        vm.prank(miner);
        collateral.requestWithdrawal(100e6);
    }

    // ----- 4. AdRevenue -----

    function test_f4_creatorCutRemainderIsCarried() public {
        uint256 id = mintVideo(creator, HASH);
        vm.prank(creator);
        nft.transferFrom(creator, holder, id);
        uint256 cid = openCampaign(id, 9, 1_000e6);
        for (uint256 i; i < 100; ++i) {
            vm.warp(block.timestamp + 1);
            ads.settle(cid);
        }
        vm.assertEq(ads.claimable(id, creator), 90, "10% of 900");
        vm.assertEq(ads.claimable(id, holder), 810, "the rest");
    }

    function test_f4_refractionalizeWithAHugeSupply() public {
        uint256 id = mintVideo(creator, HASH);
        fractionalize(creator, id, 1);
        uint256 cid = openCampaign(id, 1_000e6, 1_000_000e6);
        vm.warp(block.timestamp + 1_000);
        ads.settle(cid);
        vm.prank(creator);
        shares.redeem(id);
        fractionalize(creator, id, 1e27);
        vm.prank(creator);
        shares.safeTransferFrom(creator, holder, id, 5e26, "");
        vm.assertEq(ads.claimable(id, creator), 1_000_000e6, "everything streamed while it held");
        vm.assertEq(ads.claimable(id, holder), 0, "nothing streamed since");
    }

    // ----- 5. VoteTally -----

    function round() internal returns (uint256 rid) {
        bytes32[] memory c = new bytes32[](2);
        (c[0], c[1]) = (keccak256("a"), keccak256("b"));
        vm.prank(admin);
        rid = tally.createRound(c, uint40(block.timestamp), uint40(block.timestamp + 1 days), IVoteTally.WeightMode.OneAccountOneVote);
    }

    function signed(uint256 key, uint256 rid, uint32 cand, uint256 nonce) internal view returns (IVoteTally.SignedVote memory) {
        address voter = vm.addr(key);
        uint256 deadline = block.timestamp + 3 days;
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(key, tally.voteDigest(rid, cand, voter, nonce, deadline));
        return IVoteTally.SignedVote(rid, cand, voter, nonce, deadline, abi.encodePacked(r, s, sv));
    }

    function test_f5_frontRunEntryIsSkippedNotTheBatch() public {
        uint256 rid = round();
        IVoteTally.SignedVote[] memory vs = new IVoteTally.SignedVote[](2);
        vs[0] = signed(0xA11CE5, rid, 0, 0);
        vs[1] = signed(0xB0B, rid, 1, 0);
        tally.voteBySig(vs[0]);
        bytes[] memory results = tally.voteBySigBatch(vs);
        vm.assertEq(
            keccak256(results[0]),
            keccak256(abi.encodeWithSelector(IVoteTally.VoteTallyAlreadyVoted.selector, rid, vm.addr(0xA11CE5))),
            "the front-run entry is reported"
        );
        vm.assertEq(tally.tallies(rid)[1], 1, "the other entry counted");
    }

    function test_f5_unrelayedVoteDoesNotBlockLaterOnes() public {
        uint256 r1 = round();
        signed(0xA11CE5, r1, 0, 0);
        vm.warp(block.timestamp + 2 days);
        uint256 r2 = round();
        tally.voteBySig(signed(0xA11CE5, r2, 0, 0));
        vm.assertTrue(tally.hasVoted(r2, vm.addr(0xA11CE5)), "the later vote counted");
    }

    function test_f5_voterCanWithdrawASignedVote() public {
        uint256 rid = round();
        IVoteTally.SignedVote memory v = signed(0xA11CE5, rid, 0, 300);
        vm.expectEmit(address(tally));
        emit IVoteTally.NoncesInvalidated(v.voter, 1, 1 << 44);
        vm.prank(v.voter);
        tally.invalidateNonces(1, 1 << 44);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyNonceInvalidated.selector, v.voter, 300));
        tally.voteBySig(v);
        tally.voteBySig(signed(0xA11CE5, rid, 1, 301));
    }

    function test_f5_compactSignaturesAreAccepted() public {
        uint256 rid = round();
        IVoteTally.SignedVote memory v = signed(0xA11CE5, rid, 1, 0);
        (bytes32 r, bytes32 s) = abi.decode(v.signature, (bytes32, bytes32));
        uint8 sv = uint8(v.signature[64]);
        bytes32 vs = bytes32(uint256(s) | (uint256(sv - 27) << 255));
        v.signature = abi.encodePacked(r, vs);
        tally.voteBySig(v);
        vm.assertEq(tally.tallies(rid)[1], 1, "counted");
    }

    function test_f5_duplicateCandidatesAreRefused() public {
        bytes32[] memory c = new bytes32[](3);
        (c[0], c[1], c[2]) = (HASH, keccak256("x"), HASH);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyDuplicateCandidate.selector, HASH, 0, 2));
        vm.prank(admin);
        tally.createRound(c, uint40(block.timestamp), uint40(block.timestamp + 1 days), IVoteTally.WeightMode.OneAccountOneVote);
    }

    // ----- 6. VideoShares -----

    function test_f6_plainTransferToSharesIsRefused() public {
        uint256 id = mintVideo(creator, HASH);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftUseSafeTransfer.selector, address(shares)));
        vm.prank(creator);
        nft.transferFrom(creator, address(shares), id);
        vm.assertEq(nft.ownerOf(id), creator, "still the creator's");
    }
}

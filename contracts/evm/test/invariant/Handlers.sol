// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {VideoNft} from "../../src/VideoNft.sol";
import {VideoShares} from "../../src/VideoShares.sol";
import {VoteTally} from "../../src/VoteTally.sol";
import {AdRevenue} from "../../src/AdRevenue.sol";
import {MinerCollateral} from "../../src/MinerCollateral.sol";
import {TestStablecoin} from "../../src/TestStablecoin.sol";
import {IVoteTally} from "../../src/interfaces/IVoteTally.sol";
import {IMinerCollateral} from "../../src/interfaces/IMinerCollateral.sol";

/// @dev Shared actor set: handlers act as one of a few accounts so state accumulates on them.
abstract contract Actors is Test {
    address[] internal actors;

    constructor() {
        for (uint256 i; i < 5; ++i) {
            actors.push(address(uint160(0xBEEF00 + i)));
        }
    }

    function actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 i) external view returns (address) {
        return actors[i];
    }
}

contract VideoHandler is Actors {
    VideoNft public immutable nft;
    VideoShares public immutable shares;
    AdRevenue public immutable ads;
    TestStablecoin public immutable usd;

    uint256[] public videoIds;
    uint256[] public campaignIds;
    uint256 public ghostMinted;
    bool public ghostTransferMovedClaims;

    constructor(VideoNft nft_, VideoShares shares_, AdRevenue ads_, TestStablecoin usd_) {
        (nft, shares, ads, usd) = (nft_, shares_, ads_, usd_);
        for (uint256 i; i < actors.length; ++i) {
            vm.prank(actors[i]);
            usd.approve(address(ads), type(uint256).max);
        }
    }

    function videoCount() external view returns (uint256) {
        return videoIds.length;
    }

    function campaignCount() external view returns (uint256) {
        return campaignIds.length;
    }

    function mint(uint256 actorSeed, bytes32 h) external {
        if (h == bytes32(0) || nft.creatorOf(uint256(h)) != address(0)) return;
        vm.prank(actor(actorSeed));
        videoIds.push(nft.mint(h, "playback", 500));
        ghostMinted += 1;
    }

    function transferVideo(uint256 videoSeed, uint256 toSeed) external {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        address owner = nft.ownerOf(id);
        if (owner == address(shares)) return;
        vm.prank(owner);
        nft.transferFrom(owner, actor(toSeed), id);
    }

    function fractionalize(uint256 videoSeed, uint256 supply) external {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        address owner = nft.ownerOf(id);
        if (owner == address(shares)) return;
        vm.prank(owner);
        nft.safeTransferFrom(owner, address(shares), id, abi.encode(bound(supply, 1, 1e24)));
    }

    function transferShares(uint256 videoSeed, uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        (address from, address to) = (actor(fromSeed), actor(toSeed));
        uint256 bal = shares.balanceOf(from, id);
        if (bal == 0) return;
        amount = bound(amount, 1, bal);
        uint256 before = ads.claimable(id, from) + ads.claimable(id, to);
        uint256 fromBefore = ads.claimable(id, from);
        vm.prank(from);
        shares.safeTransferFrom(from, to, id, amount, "");
        if (ads.claimable(id, from) != fromBefore && from != to) ghostTransferMovedClaims = true;
        if (ads.claimable(id, from) + ads.claimable(id, to) != before) ghostTransferMovedClaims = true;
    }

    function open(uint256 actorSeed, uint256 videoSeed, uint128 rate, uint128 deposit) external {
        if (videoIds.length == 0) return;
        address a = actor(actorSeed);
        rate = uint128(bound(rate, 1, 1e9));
        deposit = uint128(bound(deposit, 1, 1e15));
        usd.faucet(a, deposit);
        vm.prank(a);
        campaignIds.push(ads.openCampaign(videoIds[videoSeed % videoIds.length], rate, deposit));
    }

    function topUp(uint256 campaignSeed, uint128 amount) external {
        if (campaignIds.length == 0) return;
        uint256 cid = campaignIds[campaignSeed % campaignIds.length];
        AdRevenue.Campaign memory c = ads.campaign(cid);
        if (c.cancelled) return;
        amount = uint128(bound(amount, 1, 1e15));
        usd.faucet(c.advertiser, amount);
        vm.prank(c.advertiser);
        ads.topUp(cid, amount);
    }

    function togglePause(uint256 campaignSeed) external {
        if (campaignIds.length == 0) return;
        uint256 cid = campaignIds[campaignSeed % campaignIds.length];
        AdRevenue.Campaign memory c = ads.campaign(cid);
        if (c.cancelled) return;
        vm.prank(c.advertiser);
        ads.setCampaignPaused(cid, !c.paused);
    }

    function cancel(uint256 campaignSeed) external {
        if (campaignIds.length == 0) return;
        uint256 cid = campaignIds[campaignSeed % campaignIds.length];
        AdRevenue.Campaign memory c = ads.campaign(cid);
        if (c.cancelled) return;
        vm.prank(c.advertiser);
        ads.cancel(cid);
    }

    function settle(uint256 campaignSeed) external {
        if (campaignIds.length == 0) return;
        ads.settle(campaignIds[campaignSeed % campaignIds.length]);
    }

    function claim(uint256 actorSeed, uint256 videoSeed) external {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        address a = actor(actorSeed);
        if (ads.claimable(id, a) == 0) return;
        vm.prank(a);
        ads.claim(id);
    }

    function warp(uint32 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 3 days));
    }
}

contract VoteHandler is Actors {
    VoteTally public immutable tally;
    address public immutable organizer;

    uint256[] public roundIds;
    mapping(uint256 => uint256) public ghostWeightCast;
    mapping(uint256 => mapping(address => uint256)) public ghostVotesBy;
    mapping(uint256 => uint256[]) internal _finalTallies;
    bool public ghostDoubleVote;

    constructor(VoteTally tally_, address organizer_) {
        (tally, organizer) = (tally_, organizer_);
    }

    function roundCount() external view returns (uint256) {
        return roundIds.length;
    }

    function finalTallies(uint256 rid) external view returns (uint256[] memory) {
        return _finalTallies[rid];
    }

    function create(uint8 n, uint32 duration) external {
        n = uint8(bound(n, 2, 8));
        bytes32[] memory c = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            c[i] = bytes32(i + 1);
        }
        vm.prank(organizer);
        roundIds.push(
            tally.createRound(
                c, uint40(block.timestamp), uint40(block.timestamp + bound(duration, 1, 2 days)), IVoteTally.WeightMode.OneAccountOneVote
            )
        );
    }

    function vote(uint256 roundSeed, uint256 actorSeed, uint32 candidate) external {
        if (roundIds.length == 0) return;
        uint256 rid = roundIds[roundSeed % roundIds.length];
        address a = actor(actorSeed);
        VoteTally.Round memory r = tally.round(rid);
        candidate = uint32(bound(candidate, 0, r.candidateCount - 1));
        vm.prank(a);
        try tally.vote(rid, candidate) {
            ghostWeightCast[rid] += 1;
            if (++ghostVotesBy[rid][a] > 1) ghostDoubleVote = true;
        } catch {}
    }

    function finalize(uint256 roundSeed) external {
        if (roundIds.length == 0) return;
        uint256 rid = roundIds[roundSeed % roundIds.length];
        try tally.finalize(rid) {
            _finalTallies[rid] = tally.tallies(rid);
        } catch {}
    }

    function warp(uint32 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 1 days));
    }
}

contract CollateralHandler is Actors {
    MinerCollateral public immutable collateral;
    TestStablecoin public immutable usd;
    address[3] internal validators;

    uint256[] public slashIds;
    mapping(uint256 period => uint256) public ghostSlashedInPeriod;
    uint256[] public periods;
    bool public ghostSlashMismatch;

    constructor(MinerCollateral collateral_, TestStablecoin usd_, address[3] memory validators_) {
        (collateral, usd, validators) = (collateral_, usd_, validators_);
        for (uint256 i; i < actors.length; ++i) {
            vm.prank(actors[i]);
            usd.approve(address(collateral), type(uint256).max);
        }
    }

    function periodCount() external view returns (uint256) {
        return periods.length;
    }

    function deposit(uint256 actorSeed, uint128 amount) external {
        address m = actor(actorSeed);
        amount = uint128(bound(amount, 1, 1_000e6));
        usd.faucet(m, amount);
        vm.prank(m);
        collateral.deposit(amount);
    }

    function requestWithdrawal(uint256 actorSeed, uint128 amount) external {
        address m = actor(actorSeed);
        uint128 bonded = collateral.bondOf(m).bonded;
        if (bonded == 0) return;
        vm.prank(m);
        collateral.requestWithdrawal(uint128(bound(amount, 1, bonded)));
    }

    function withdraw(uint256 actorSeed) external {
        vm.prank(actor(actorSeed));
        try collateral.withdraw() {} catch {}
    }

    function propose(uint256 actorSeed, uint256 validatorSeed, uint128 amount) external {
        address m = actor(actorSeed);
        MinerCollateral.Bond memory b = collateral.bondOf(m);
        uint256 slashable = uint256(b.bonded) + b.unbonding;
        if (slashable == 0) return;
        vm.prank(validators[validatorSeed % 3]);
        slashIds.push(
            collateral.proposeSlash(m, uint128(bound(amount, 1, slashable)), IMinerCollateral.SlashReason.NonAiContent, "e")
        );
    }

    function approve(uint256 slashSeed, uint256 validatorSeed) external {
        if (slashIds.length == 0) return;
        vm.prank(validators[validatorSeed % 3]);
        try collateral.approveSlash(slashIds[slashSeed % slashIds.length]) {} catch {}
    }

    function dispute(uint256 slashSeed) external {
        if (slashIds.length == 0) return;
        uint256 sid = slashIds[slashSeed % slashIds.length];
        vm.prank(collateral.slashOf(sid).miner);
        try collateral.disputeSlash(sid, "c") {} catch {}
    }

    function execute(uint256 slashSeed) external {
        if (slashIds.length == 0) return;
        uint256 sid = slashIds[slashSeed % slashIds.length];
        MinerCollateral.SlashProposal memory s = collateral.slashOf(sid);
        MinerCollateral.Bond memory b = collateral.bondOf(s.miner);
        uint256 slashable = uint256(b.bonded) + b.unbonding;
        uint256 before = collateral.totalSlashed();
        try collateral.executeSlash(sid) {
            uint256 taken = collateral.totalSlashed() - before;
            uint256 expected = s.amount < slashable ? s.amount : slashable;
            MinerCollateral.Bond memory a = collateral.bondOf(s.miner);
            if (taken != expected || uint256(a.bonded) + a.unbonding != slashable - taken) ghostSlashMismatch = true;
            uint256 p = block.timestamp / 1 days;
            if (ghostSlashedInPeriod[p] == 0) periods.push(p);
            ghostSlashedInPeriod[p] += taken;
        } catch {}
    }

    function expire(uint256 slashSeed) external {
        if (slashIds.length == 0) return;
        try collateral.expireSlash(slashIds[slashSeed % slashIds.length]) {} catch {}
    }

    function warp(uint32 secs) external {
        vm.warp(block.timestamp + bound(secs, 1, 3 days));
    }
}

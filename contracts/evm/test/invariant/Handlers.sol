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
    /// @dev Revenue each account earned by holding, from the streams observed over every warp, in
    /// 1e18 fixed point, and what it claimed; compared with the contract by {checkHoldingTime}.
    mapping(uint256 videoId => mapping(address => uint256)) public ghostEarned18;
    mapping(uint256 videoId => mapping(address => uint256)) public ghostClaimed;
    uint256 public ghostActions;
    bool public ghostUnfair;

    constructor(VideoNft nft_, VideoShares shares_, AdRevenue ads_, TestStablecoin usd_) {
        (nft, shares, ads, usd) = (nft_, shares_, ads_, usd_);
        for (uint256 i; i < actors.length; ++i) {
            vm.prank(actors[i]);
            usd.approve(address(ads), type(uint256).max);
        }
    }

    modifier counted() {
        ghostActions += 1;
        _;
    }

    function videoCount() external view returns (uint256) {
        return videoIds.length;
    }

    function campaignCount() external view returns (uint256) {
        return campaignIds.length;
    }

    function mint(uint256 actorSeed, bytes32 h) external counted {
        if (h == bytes32(0) || nft.creatorOf(uint256(h)) != address(0)) return;
        address a = actor(actorSeed);
        bytes32 salt = keccak256(abi.encode(a, h));
        vm.prank(a);
        nft.commitMint(nft.mintCommitment(a, salt, keccak256(abi.encode(h))));
        _advance(nft.commitMinAge());
        vm.prank(a);
        videoIds.push(nft.mint(h, "playback", 500, salt));
        ghostMinted += 1;
    }

    function transferVideo(uint256 videoSeed, uint256 toSeed) external counted {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        address owner = nft.ownerOf(id);
        if (owner == address(shares)) return;
        vm.prank(owner);
        nft.transferFrom(owner, actor(toSeed), id);
    }

    function fractionalize(uint256 videoSeed, uint256 supply) external counted {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        address owner = nft.ownerOf(id);
        if (owner == address(shares)) return;
        vm.prank(owner);
        nft.safeTransferFrom(owner, address(shares), id, abi.encode(bound(supply, 1, 1e24)));
    }

    function transferShares(uint256 videoSeed, uint256 fromSeed, uint256 toSeed, uint256 amount) external counted {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        (address from, address to) = (actor(fromSeed), actor(toSeed));
        uint256 bal = shares.balanceOf(from, id);
        if (bal == 0) return;
        amount = bound(amount, 1, bal);
        // A transfer settles the video first; what was claimable at that point must not move.
        ads.settleVideo(id);
        uint256 before = ads.claimable(id, from) + ads.claimable(id, to);
        uint256 fromBefore = ads.claimable(id, from);
        vm.prank(from);
        shares.safeTransferFrom(from, to, id, amount, "");
        if (ads.claimable(id, from) != fromBefore && from != to) ghostTransferMovedClaims = true;
        if (ads.claimable(id, from) + ads.claimable(id, to) != before) ghostTransferMovedClaims = true;
    }

    function open(uint256 actorSeed, uint256 videoSeed, uint128 rate, uint128 deposit) external counted {
        if (videoIds.length == 0) return;
        address a = actor(actorSeed);
        rate = uint128(bound(rate, 1, 1e9));
        deposit = uint128(bound(deposit, 1, 1e15));
        usd.faucet(a, deposit);
        vm.prank(a);
        campaignIds.push(ads.openCampaign(videoIds[videoSeed % videoIds.length], rate, deposit));
    }

    function topUp(uint256 campaignSeed, uint128 amount) external counted {
        if (campaignIds.length == 0) return;
        uint256 cid = campaignIds[campaignSeed % campaignIds.length];
        AdRevenue.Campaign memory c = ads.campaign(cid);
        if (c.cancelled) return;
        amount = uint128(bound(amount, 1, 1e15));
        usd.faucet(c.advertiser, amount);
        vm.prank(c.advertiser);
        ads.topUp(cid, amount);
    }

    function togglePause(uint256 campaignSeed) external counted {
        if (campaignIds.length == 0) return;
        uint256 cid = campaignIds[campaignSeed % campaignIds.length];
        AdRevenue.Campaign memory c = ads.campaign(cid);
        if (c.cancelled) return;
        vm.prank(c.advertiser);
        ads.setCampaignPaused(cid, !c.paused);
    }

    function cancel(uint256 campaignSeed) external counted {
        if (campaignIds.length == 0) return;
        uint256 cid = campaignIds[campaignSeed % campaignIds.length];
        AdRevenue.Campaign memory c = ads.campaign(cid);
        if (c.cancelled) return;
        vm.prank(c.advertiser);
        ads.cancel(cid);
    }

    function settle(uint256 campaignSeed) external counted {
        if (campaignIds.length == 0) return;
        ads.settle(campaignIds[campaignSeed % campaignIds.length]);
    }

    function claim(uint256 actorSeed, uint256 videoSeed) external counted {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        address a = actor(actorSeed);
        if (ads.claimable(id, a) == 0) return;
        vm.prank(a);
        ghostClaimed[id][a] += ads.claim(id);
    }

    function redeem(uint256 videoSeed) external counted {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        uint256 supply = shares.totalSupply(id);
        if (supply == 0) return;
        for (uint256 i; i < actors.length; ++i) {
            if (shares.balanceOf(actors[i], id) == supply) {
                vm.prank(actors[i]);
                shares.redeem(id);
                return;
            }
        }
    }

    /// @dev Time passes with no transaction: whatever streams meanwhile belongs to the holders of this
    /// interval, pro-rata, and the creator's cut to the creator.
    function warp(uint32 secs) external counted {
        _advance(bound(secs, 1, 3 days));
    }

    function _advance(uint256 secs) internal {
        uint256[] memory before = new uint256[](campaignIds.length);
        for (uint256 i; i < campaignIds.length; ++i) {
            before[i] = ads.pendingRevenue(campaignIds[i]);
        }
        vm.warp(block.timestamp + secs);
        uint256 cut = ads.creatorCutBps();
        for (uint256 i; i < campaignIds.length; ++i) {
            uint256 streamed = ads.pendingRevenue(campaignIds[i]) - before[i];
            if (streamed == 0) continue;
            uint256 id = ads.campaign(campaignIds[i]).videoId;
            ghostEarned18[id][nft.creatorOf(id)] += streamed * cut * 1e18 / 10_000;
            uint256 holders18 = streamed * (10_000 - cut) * 1e18 / 10_000;
            uint256 supply = shares.totalSupply(id);
            if (supply == 0) {
                ghostEarned18[id][nft.ownerOf(id)] += holders18;
                continue;
            }
            for (uint256 a; a < actors.length; ++a) {
                ghostEarned18[id][actors[a]] += holders18 * shares.balanceOf(actors[a], id) / supply;
            }
        }
    }

    /// @dev Settles a video and compares every account's revenue (claimable + claimed) with what the
    /// ghost says it earned while holding. Each settlement may round by one unit per account (the cut's
    /// carried remainder, the per-share accumulator's floor), hence the tolerance.
    function checkHoldingTime(uint256 videoSeed) external {
        if (videoIds.length == 0) return;
        uint256 id = videoIds[videoSeed % videoIds.length];
        ads.settleVideo(id);
        uint256 tolerance = 2 + ghostActions;
        for (uint256 a; a < actors.length; ++a) {
            address who = actors[a];
            uint256 got = ads.claimable(id, who) + ghostClaimed[id][who];
            uint256 expected = ghostEarned18[id][who] / 1e18;
            if (got + tolerance < expected || got > expected + tolerance) ghostUnfair = true;
        }
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
    mapping(uint256 slashId => bool) public ghostReachedQuorum;
    uint256 internal ghostRotations;
    mapping(uint256 period => uint256) public ghostSlashedInPeriod;
    uint256[] public periods;
    bool public ghostSlashMismatch;

    address internal immutable admin;

    constructor(MinerCollateral collateral_, TestStablecoin usd_, address[3] memory validators_, address admin_) {
        (collateral, usd, validators, admin) = (collateral_, usd_, validators_, admin_);
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
        (,,,, uint128 cap,,) = collateral.params();
        uint256 most = slashable < cap ? slashable : cap;
        vm.prank(validators[validatorSeed % 3]);
        slashIds.push(
            collateral.proposeSlash(m, uint128(bound(amount, 1, most)), IMinerCollateral.SlashReason.NonAiContent, "e")
        );
    }

    function approve(uint256 slashSeed, uint256 validatorSeed) external {
        if (slashIds.length == 0) return;
        uint256 sid = slashIds[slashSeed % slashIds.length];
        vm.prank(validators[validatorSeed % 3]);
        try collateral.approveSlash(sid) {
            (,,,,, uint16 threshold,) = collateral.params();
            if (collateral.slashOf(sid).approvals >= threshold) ghostReachedQuorum[sid] = true;
        } catch {}
    }

    /// @dev Replaces a validator by a new account: the old one's approvals must stop counting.
    function rotateValidator(uint256 validatorSeed) external {
        uint256 i = validatorSeed % 3;
        vm.startPrank(admin);
        collateral.removeValidator(validators[i]);
        validators[i] = address(uint160(0xA000 + ++ghostRotations));
        collateral.addValidator(validators[i]);
        vm.stopPrank();
    }

    /// @dev The proposals that hold `miner`'s withdrawals: open ones a quorum approved.
    function quorumHolds(address miner) external view returns (uint256 n) {
        for (uint256 i; i < slashIds.length; ++i) {
            MinerCollateral.SlashProposal memory s = collateral.slashOf(slashIds[i]);
            bool open = s.status == IMinerCollateral.SlashStatus.Pending || s.status == IMinerCollateral.SlashStatus.Disputed
                || s.status == IMinerCollateral.SlashStatus.Upheld;
            if (s.miner == miner && open && ghostReachedQuorum[slashIds[i]]) ++n;
        }
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

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {VideoHandler, VoteHandler, CollateralHandler} from "./Handlers.sol";
import {AdRevenue} from "../../src/AdRevenue.sol";
import {VoteTally} from "../../src/VoteTally.sol";
import {MinerCollateral} from "../../src/MinerCollateral.sol";

contract VideoAndRevenueInvariants is Fixture {
    VideoHandler internal h;

    function setUp() public override {
        super.setUp();
        h = new VideoHandler(nft, shares, ads, usd);
        targetContract(address(h));
    }

    function invariant_supplyAndOwnershipConsistent() public view {
        vm.assertEq(nft.totalSupply(), h.ghostMinted(), "supply == mints");
        uint256 sum = nft.balanceOf(address(shares));
        for (uint256 i; i < h.actorCount(); ++i) {
            sum += nft.balanceOf(h.actorAt(i));
        }
        vm.assertEq(sum, nft.totalSupply(), "balances add up to supply");
        for (uint256 i; i < h.videoCount(); ++i) {
            uint256 id = h.videoIds(i);
            address owner = nft.ownerOf(id);
            vm.assertTrue(owner != address(0), "every video owned");
            vm.assertEq(owner == address(shares), shares.totalSupply(id) != 0, "locked iff fractionalized");
        }
    }

    function invariant_balanceCoversUnclaimedAndUnstreamed() public view {
        uint256 owed;
        for (uint256 i; i < h.campaignCount(); ++i) {
            owed += ads.campaign(h.campaignIds(i)).remaining;
        }
        for (uint256 v; v < h.videoCount(); ++v) {
            uint256 id = h.videoIds(v);
            for (uint256 a; a < h.actorCount(); ++a) {
                owed += ads.claimable(id, h.actorAt(a));
            }
        }
        vm.assertGe(usd.balanceOf(address(ads)), owed, "balance >= unclaimed + unstreamed");
    }

    function invariant_shareTransfersNeverMoveClaims() public view {
        vm.assertFalse(h.ghostTransferMovedClaims(), "claims unaffected by share transfers");
    }

    function invariant_revenueFollowsHoldingTime() public view {
        vm.assertFalse(h.ghostUnfair(), "each account earned what streamed while it held");
    }
}

contract VoteInvariants is Fixture {
    VoteHandler internal h;

    function setUp() public override {
        super.setUp();
        h = new VoteHandler(tally, admin);
        targetContract(address(h));
    }

    function invariant_oneVotePerVoterPerRound() public view {
        vm.assertFalse(h.ghostDoubleVote(), "one vote per (round, voter)");
    }

    function invariant_tallySumEqualsCastWeight() public view {
        for (uint256 i; i < h.roundCount(); ++i) {
            uint256 rid = h.roundIds(i);
            uint256[] memory t = tally.tallies(rid);
            uint256 sum;
            for (uint256 c; c < t.length; ++c) {
                sum += t[c];
            }
            vm.assertEq(sum, h.ghostWeightCast(rid), "sum of tallies == cast weight");
        }
    }

    function invariant_finalizedRoundsNeverChange() public view {
        for (uint256 i; i < h.roundCount(); ++i) {
            uint256 rid = h.roundIds(i);
            VoteTally.Round memory r = tally.round(rid);
            if (!r.finalized) continue;
            uint256[] memory fin = h.finalTallies(rid);
            uint256[] memory now_ = tally.tallies(rid);
            for (uint256 c; c < fin.length; ++c) {
                vm.assertEq(now_[c], fin[c], "finalized tally unchanged");
            }
        }
    }
}

contract CollateralInvariants is Fixture {
    CollateralHandler internal h;

    function setUp() public override {
        super.setUp();
        vm.startPrank(admin);
        collateral.addValidator(v1);
        collateral.addValidator(v2);
        collateral.addValidator(v3);
        vm.stopPrank();
        h = new CollateralHandler(collateral, usd, [v1, v2, v3], admin);
        targetContract(address(h));
    }

    function invariant_collateralConserved() public view {
        uint256 held;
        for (uint256 i; i < h.actorCount(); ++i) {
            MinerCollateral.Bond memory b = collateral.bondOf(h.actorAt(i));
            held += uint256(b.bonded) + b.unbonding;
        }
        vm.assertEq(
            collateral.totalDeposited(),
            held + collateral.totalWithdrawn() + collateral.totalSlashed(),
            "deposits == held + withdrawn + slashed"
        );
        vm.assertEq(usd.balanceOf(address(collateral)), held, "token balance == held");
        vm.assertEq(usd.balanceOf(treasury), collateral.totalSlashed(), "slashed went to treasury");
    }

    function invariant_onlyQuorumApprovedProposalsHoldWithdrawals() public view {
        for (uint256 i; i < h.actorCount(); ++i) {
            address m = h.actorAt(i);
            vm.assertEq(collateral.bondOf(m).openSlashes, h.quorumHolds(m), "holds == open quorum-approved proposals");
        }
    }

    function invariant_slashesTakeFromUnbondingToo() public view {
        vm.assertFalse(h.ghostSlashMismatch(), "slash took exactly min(amount, bonded + unbonding)");
    }

    function invariant_slashesWithinCaps() public view {
        (,,,, uint128 cap,,) = collateral.params();
        for (uint256 i; i < h.periodCount(); ++i) {
            uint256 p = h.periods(i);
            vm.assertLe(h.ghostSlashedInPeriod(p), cap, "per-period cap");
            vm.assertEq(collateral.slashedInPeriodOf(p * 1 days), h.ghostSlashedInPeriod(p), "contract agrees");
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {VoteTally} from "../src/VoteTally.sol";
import {IVoteTally} from "../src/interfaces/IVoteTally.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

contract VoteTallyTest is Fixture {
    uint256 internal constant ALICE_KEY = 0xA11CE5;
    uint256 internal constant BOB_KEY = 0xB0B;
    address internal alice;
    address internal bob;

    function setUp() public override {
        super.setUp();
        alice = vm.addr(ALICE_KEY);
        bob = vm.addr(BOB_KEY);
    }

    function candidates(uint256 n) internal pure returns (bytes32[] memory c) {
        c = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            c[i] = keccak256(abi.encode("candidate", i));
        }
    }

    function create(IVoteTally.WeightMode mode) internal returns (uint256 rid) {
        vm.prank(admin);
        rid = tally.createRound(candidates(3), uint40(block.timestamp), uint40(block.timestamp + 1 days), mode);
    }

    function signed(uint256 key, uint256 rid, uint32 cand, uint256 nonce, uint256 deadline)
        internal
        view
        returns (IVoteTally.SignedVote memory v)
    {
        address voter = vm.addr(key);
        (uint8 sv, bytes32 r, bytes32 s) = vm.sign(key, tally.voteDigest(rid, cand, voter, nonce, deadline));
        v = IVoteTally.SignedVote(rid, cand, voter, nonce, deadline, abi.encodePacked(r, s, sv));
    }

    function test_createRound_emitsAndStores() public {
        bytes32[] memory c = candidates(3);
        vm.expectEmit(address(tally));
        emit IVoteTally.RoundCreated(
            1, admin, uint40(block.timestamp), uint40(block.timestamp + 1 days), IVoteTally.WeightMode.OneAccountOneVote, c
        );
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        VoteTally.Round memory r = tally.round(rid);
        vm.assertEq(r.candidateCount, 3, "count");
        vm.assertEq(tally.candidates(rid)[2], c[2], "candidate");
        vm.assertEq(r.winner, tally.NO_WINNER(), "no winner yet");
    }

    function test_createRound_rejectsBadInput() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidCandidates.selector, 1));
        tally.createRound(candidates(1), uint40(block.timestamp), uint40(block.timestamp + 1), IVoteTally.WeightMode.OneAccountOneVote);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidCandidates.selector, 65));
        tally.createRound(candidates(65), uint40(block.timestamp), uint40(block.timestamp + 1), IVoteTally.WeightMode.OneAccountOneVote);
        bytes32[] memory c = candidates(2);
        c[1] = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidCandidates.selector, 2));
        tally.createRound(c, uint40(block.timestamp), uint40(block.timestamp + 1), IVoteTally.WeightMode.OneAccountOneVote);
        uint40 t = uint40(block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidWindow.selector, t, t - 1));
        tally.createRound(candidates(2), t - 5, t - 1, IVoteTally.WeightMode.OneAccountOneVote);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidWindow.selector, t, t));
        tally.createRound(candidates(2), t, t, IVoteTally.WeightMode.OneAccountOneVote);
        vm.stopPrank();
    }

    function test_createRound_pastStartOpensNow() public {
        vm.prank(admin);
        uint256 rid = tally.createRound(
            candidates(2), uint40(block.timestamp - 100), uint40(block.timestamp + 10), IVoteTally.WeightMode.OneAccountOneVote
        );
        vm.assertEq(tally.round(rid).start, block.timestamp, "clamped to now");
    }

    function test_createRound_onlyOrganizer() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, tally.ORGANIZER_ROLE())
        );
        vm.prank(alice);
        tally.createRound(candidates(2), uint40(block.timestamp), uint40(block.timestamp + 1), IVoteTally.WeightMode.OneAccountOneVote);
    }

    function test_vote_countsOnce() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        vm.expectEmit(address(tally));
        emit IVoteTally.VoteCast(rid, alice, 1, 1);
        vm.prank(alice);
        tally.vote(rid, 1);
        vm.assertTrue(tally.hasVoted(rid, alice), "voted");
        vm.assertEq(tally.tallies(rid)[1], 1, "tally");
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyAlreadyVoted.selector, rid, alice));
        vm.prank(alice);
        tally.vote(rid, 2);
    }

    function test_vote_rejectsUnknownRoundAndCandidate() public {
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyUnknownRound.selector, 9));
        tally.vote(9, 0);
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyUnknownCandidate.selector, rid, 3));
        tally.vote(rid, 3);
    }

    function test_vote_respectsWindow() public {
        vm.prank(admin);
        uint256 rid = tally.createRound(
            candidates(2), uint40(block.timestamp + 10), uint40(block.timestamp + 20), IVoteTally.WeightMode.OneAccountOneVote
        );
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyNotStarted.selector, rid, block.timestamp + 10));
        tally.vote(rid, 0);
        vm.warp(block.timestamp + 20);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyEnded.selector, rid, block.timestamp));
        tally.vote(rid, 0);
    }

    function test_vote_stakeWeightedUsesSnapshot() public {
        vm.prank(admin);
        flix.transfer(alice, 40 ether);
        vm.prank(alice);
        flix.delegate(alice);
        vm.warp(block.timestamp + 1);
        uint256 rid = create(IVoteTally.WeightMode.StakeWeighted);
        // stake acquired after the round opened does not count
        vm.prank(admin);
        flix.transfer(alice, 60 ether);
        vm.warp(block.timestamp + 1);
        vm.prank(alice);
        tally.vote(rid, 0);
        vm.assertEq(tally.tallies(rid)[0], 40 ether, "snapshot weight");
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyNoWeight.selector, rid, bob));
        vm.prank(bob);
        tally.vote(rid, 0);
    }

    function test_voteBySig_relayed() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        IVoteTally.SignedVote memory v = signed(ALICE_KEY, rid, 2, 0, block.timestamp + 1 hours);
        vm.prank(bob);
        tally.voteBySig(v);
        vm.assertEq(tally.tallies(rid)[2], 1, "counted");
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyAlreadyVoted.selector, rid, alice));
        tally.voteBySig(v);
    }

    function test_voteBySig_rejectsBadSignature() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        IVoteTally.SignedVote memory v = signed(BOB_KEY, rid, 2, 0, block.timestamp + 1 hours);
        v.voter = alice;
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidSignature.selector, alice));
        tally.voteBySig(v);
        v = signed(ALICE_KEY, rid, 2, 0, block.timestamp + 1 hours);
        v.candidate = 1;
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidSignature.selector, alice));
        tally.voteBySig(v);
        v.signature = hex"1234";
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidSignature.selector, alice));
        tally.voteBySig(v);
    }

    function test_voteBySig_rejectsExpired() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        IVoteTally.SignedVote memory v = signed(ALICE_KEY, rid, 0, 0, block.timestamp - 1);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallySignatureExpired.selector, block.timestamp - 1));
        tally.voteBySig(v);
    }

    function test_voteBySig_cannotDoubleVoteWithDirect() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        vm.prank(alice);
        tally.vote(rid, 0);
        IVoteTally.SignedVote memory v = signed(ALICE_KEY, rid, 1, 0, block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyAlreadyVoted.selector, rid, alice));
        tally.voteBySig(v);
    }

    function test_voteBySigBatch() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        IVoteTally.SignedVote[] memory vs = new IVoteTally.SignedVote[](2);
        vs[0] = signed(ALICE_KEY, rid, 0, 0, block.timestamp + 1);
        vs[1] = signed(BOB_KEY, rid, 0, 0, block.timestamp + 1);
        tally.voteBySigBatch(vs);
        vm.assertEq(tally.tallies(rid)[0], 2, "both counted");
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyInvalidBatchSize.selector, 0));
        tally.voteBySigBatch(new IVoteTally.SignedVote[](0));
    }

    function test_voteBySigBatch_skipsAndReportsFailedEntries() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        IVoteTally.SignedVote[] memory vs = new IVoteTally.SignedVote[](3);
        vs[0] = signed(ALICE_KEY, rid, 0, 0, block.timestamp + 1);
        vs[1] = signed(ALICE_KEY, rid, 1, 1, block.timestamp + 1);
        vs[2] = signed(BOB_KEY, rid, 2, 0, block.timestamp - 1);
        bytes memory dup = abi.encodeWithSelector(IVoteTally.VoteTallyAlreadyVoted.selector, rid, alice);
        bytes memory expired = abi.encodeWithSelector(IVoteTally.VoteTallySignatureExpired.selector, block.timestamp - 1);
        vm.expectEmit(address(tally));
        emit IVoteTally.VoteCast(rid, alice, 0, 1);
        vm.expectEmit(address(tally));
        emit IVoteTally.SignedVoteRejected(rid, alice, 1, dup);
        vm.expectEmit(address(tally));
        emit IVoteTally.SignedVoteRejected(rid, bob, 2, expired);
        bytes[] memory results = tally.voteBySigBatch(vs);
        vm.assertEq(results[0].length, 0, "first cast");
        vm.assertEq(keccak256(results[1]), keccak256(dup), "second: already voted");
        vm.assertEq(keccak256(results[2]), keccak256(expired), "third: expired");
        vm.assertEq(tally.tallies(rid)[0], 1, "only the first counted");
    }

    function test_finalize_picksWinner() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        vm.prank(alice);
        tally.vote(rid, 2);
        vm.prank(bob);
        tally.vote(rid, 2);
        vm.prank(admin);
        tally.vote(rid, 0);
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyNotEnded.selector, rid, block.timestamp + 1 days));
        tally.finalize(rid);
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(tally));
        emit IVoteTally.RoundFinalized(rid, 2, 2, 3, false);
        vm.assertEq(tally.finalize(rid), 2, "winner");
        vm.assertTrue(tally.round(rid).finalized, "finalized");
        vm.expectRevert(abi.encodeWithSelector(IVoteTally.VoteTallyAlreadyFinalized.selector, rid));
        tally.finalize(rid);
    }

    function test_finalize_tieGoesToLowestIndex() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        vm.prank(alice);
        tally.vote(rid, 2);
        vm.prank(bob);
        tally.vote(rid, 1);
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(tally));
        emit IVoteTally.RoundFinalized(rid, 1, 1, 2, true);
        tally.finalize(rid);
    }

    function test_finalize_noVotes() public {
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        vm.warp(block.timestamp + 1 days);
        vm.assertEq(tally.finalize(rid), tally.NO_WINNER(), "no winner");
    }

    function testFuzz_tallySumsEqualVotes(uint8 voters, uint256 seed) public {
        voters = uint8(bound(voters, 1, 40));
        uint256 rid = create(IVoteTally.WeightMode.OneAccountOneVote);
        for (uint256 i; i < voters; ++i) {
            vm.prank(address(uint160(0x5000 + i)));
            tally.vote(rid, uint32(uint256(keccak256(abi.encode(seed, i))) % 3));
        }
        uint256[] memory t = tally.tallies(rid);
        vm.assertEq(t[0] + t[1] + t[2], voters, "sum of tallies");
    }
}

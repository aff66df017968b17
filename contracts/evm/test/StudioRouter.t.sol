// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {Attesters} from "./utils/Attesters.sol";
import {Vm} from "./utils/Test.sol";
import {Mailbox} from "../src/Mailbox.sol";
import {StudioRouter} from "../src/StudioRouter.sol";
import {IMailbox} from "../src/interfaces/IMailbox.sol";
import {IStudioRouter} from "../src/interfaces/IStudioRouter.sol";
import {IVideoNft} from "../src/interfaces/IVideoNft.sol";
import {IVoteTally} from "../src/interfaces/IVoteTally.sol";
import {IMinerCollateral} from "../src/interfaces/IMinerCollateral.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @dev Two chains' suites in one EVM (the chain id switched between them), each with its Mailbox
/// and router, 2-of-3 attesters, every message carried as the relayer carries it.
contract StudioRouterTest is Fixture, Attesters {
    uint64 internal constant A = 43114;
    uint64 internal constant B = 1;
    address internal squatter = address(0x5CA7);

    Suite internal b;
    Mailbox internal boxA;
    Mailbox internal boxB;
    StudioRouter internal routerA;
    StudioRouter internal routerB;

    function policy() internal pure returns (IStudioRouter.Policy memory) {
        return IStudioRouter.Policy({
            valuationStep: 1_000,
            valuationInterval: 1 hours,
            freezeWindow: 3 days,
            freezePeriod: 1 days,
            maxFreezesPerPeriod: 1
        });
    }

    function setUp() public override {
        vm.chainId(A);
        super.setUp();
        (boxA, routerA) = wire(Suite(nft, shares, tally, ads, collateral));
        vm.chainId(B);
        b = newSuite();
        (boxB, routerB) = wire(b);
        vm.startPrank(admin);
        boxA.enrollRemoteSender(B, bytes32(uint256(uint160(address(routerB)))));
        boxB.enrollRemoteSender(A, bytes32(uint256(uint160(address(routerA)))));
        vm.stopPrank();
        vm.chainId(A);
    }

    function wire(Suite memory s) internal returns (Mailbox box, StudioRouter router) {
        box = new Mailbox(admin);
        router = new StudioRouter(box, s.nft, s.tally, s.ads, s.collateral, policy(), admin);
        address[] memory set = makeKeys(1, 3);
        vm.startPrank(admin);
        box.setRecipient(router);
        box.rotateAttesters(set, 2);
        s.nft.grantRole(s.nft.REGISTRAR_ROLE(), address(router));
        s.collateral.grantRole(s.collateral.FREEZER_ROLE(), address(router));
        vm.stopPrank();
    }

    /// @dev The message of the last `Dispatched` among the recorded logs.
    function dispatched() internal returns (bytes memory message) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics[0] == IMailbox.Dispatched.selector) {
                (,, message) = abi.decode(logs[i - 1].data, (uint64, IMailbox.MessageType, bytes));
                return message;
            }
        }
        revert("nothing dispatched");
    }

    /// @dev Carries `message` to `to` on chain `chain` with two attesters' signatures, then returns to A.
    function carry(bytes memory message, Mailbox to, uint64 chain) internal {
        vm.chainId(chain);
        to.deliver(message, 1, attest(to, message, indexes(0, 2)));
        vm.chainId(A);
    }

    function signed(bytes memory message, Mailbox to, uint64 chain) internal returns (bytes[] memory sigs) {
        vm.chainId(chain);
        sigs = attest(to, message, indexes(0, 2));
    }

    // ----- VideoRegistered -----

    function test_registration_reservesTheIdForItsCreatorOnTheOtherChain() public {
        uint256 id = mintVideo(creator, HASH);
        vm.recordLogs();
        routerA.registerVideo(id, B);
        carry(dispatched(), boxB, B);

        vm.chainId(B);
        vm.assertEq(b.nft.reservationOf(id), creator, "reserved on B");
        IStudioRouter.Registration memory r = routerB.registrationOf(id);
        vm.assertEq(r.homeChain, A, "home chain");
        vm.assertEq(r.creator, creator, "creator");
        vm.assertEq(r.royaltyBps, 500, "royalty");
        // A squatter who saw the content hash on A cannot mint it on B ...
        vm.prank(squatter);
        vm.expectRevert(abi.encodeWithSelector(IVideoNft.VideoNftReserved.selector, id, creator));
        b.nft.mint(HASH, PLAYBACK, 500, bytes32(0));
        // ... its creator mints the twin there without a commitment ...
        vm.prank(creator);
        b.nft.mint(HASH, PLAYBACK, 500, bytes32(0));
        vm.assertEq(b.nft.ownerOf(id), creator, "twin minted");
        // ... and the twin is not a home video: only A registers it.
        vm.expectRevert(abi.encodeWithSelector(IStudioRouter.StudioRouterNotHomeVideo.selector, id));
        routerB.registerVideo(id, A);
        vm.chainId(A);
        vm.expectRevert();
        routerA.registerVideo(id, B);
    }

    function test_registration_afterASquatMintIsRecordedAndStillDelivered() public {
        vm.chainId(B);
        bytes32 salt = keccak256("squat");
        vm.prank(squatter);
        b.nft.commitMint(b.nft.mintCommitment(squatter, salt, keccak256(abi.encode(HASH))));
        vm.warp(block.timestamp + COMMIT_MIN_AGE);
        vm.prank(squatter);
        uint256 id = b.nft.mint(HASH, PLAYBACK, 500, salt);
        vm.chainId(A);
        mintVideo(creator, HASH);
        vm.recordLogs();
        bytes32 mid = routerA.registerVideo(id, B);
        bytes memory m = dispatched();
        vm.expectEmit(address(routerB));
        emit IStudioRouter.VideoRegistrationReceived(id, A, creator, 500, false, squatter);
        carry(m, boxB, B);
        vm.assertTrue(boxB.delivered(mid), "delivered, not stuck");
        vm.assertEq(routerB.registrationOf(id).homeChain, 0, "the squat is not a twin of A's video");
    }

    function test_registration_onlyOfMintedVideos() public {
        vm.expectRevert();
        routerA.registerVideo(uint256(HASH), B);
    }

    // ----- VoteResult -----

    function test_voteResult_isMirrored() public {
        bytes32[] memory c = new bytes32[](2);
        (c[0], c[1]) = (keccak256("one"), keccak256("two"));
        vm.prank(admin);
        uint256 rid = tally.createRound(c, 0, uint40(block.timestamp + 100), IVoteTally.WeightMode.OneAccountOneVote);
        vm.prank(holder);
        tally.vote(rid, 1);
        vm.expectRevert(abi.encodeWithSelector(IStudioRouter.StudioRouterRoundNotFinal.selector, rid));
        routerA.publishVoteResult(rid, B);
        vm.warp(block.timestamp + 100);
        tally.finalize(rid);
        vm.roll(77);
        vm.recordLogs();
        routerA.publishVoteResult(rid, B);
        carry(dispatched(), boxB, B);
        IStudioRouter.RemoteRound memory r = routerB.remoteRound(A, rid);
        uint256[] memory t = tally.tallies(rid);
        vm.assertEq(r.winner, 1, "winner");
        vm.assertEq(r.totalWeight, 1, "total");
        vm.assertEq(r.talliesHash, keccak256(abi.encode(t)), "tallies hash");
        vm.assertEq(r.sourceBlock, 77, "source block");
        vm.expectRevert();
        routerA.publishVoteResult(rid, B);
    }

    // ----- Valuation -----

    function earn(uint256 id, uint256 secs) internal {
        vm.warp(block.timestamp + secs);
        ads.settleVideo(id);
    }

    function test_valuation_globalFigureAndPublishingPolicy() public {
        uint256 id = mintVideo(creator, HASH);
        fund(advertiser, 1_000_000, address(ads));
        vm.prank(advertiser);
        ads.openCampaign(id, 10, 1_000_000);
        earn(id, 200); // 2,000
        vm.recordLogs();
        routerA.publishValuation(id, B);
        bytes memory first = dispatched();
        earn(id, 50); // 2,500: grew by 500 < step, and within the interval
        vm.expectRevert(abi.encodeWithSelector(IStudioRouter.StudioRouterValuationNotDue.selector, id, B, 2_500, 2_000));
        routerA.publishValuation(id, B);
        earn(id, 50); // 3,000: grew by the step
        vm.roll(block.number + 5);
        vm.recordLogs();
        routerA.publishValuation(id, B);
        bytes memory second = dispatched();

        // Delivered out of order: the newer figure stands.
        carry(second, boxB, B);
        vm.expectEmit(address(routerB));
        emit IStudioRouter.ValuationReceived(id, A, 2_000, 1, false);
        carry(first, boxB, B);
        vm.chainId(B);
        (uint256 local, IStudioRouter.RemoteValuation[] memory remote, uint256 total) = routerB.globalValuation(id);
        vm.assertEq(local, 0, "nothing earned on B");
        vm.assertEq(remote.length, 1, "one other chain");
        vm.assertEq(remote[0].chain, A, "from A");
        vm.assertEq(remote[0].cumulativeRevenue, 3_000, "A's newest");
        vm.assertEq(total, 3_000, "global");
        vm.chainId(A);

        earn(id, 1); // grew by 10 only, but an hour later it is due anyway
        vm.warp(block.timestamp + 1 hours);
        routerA.publishValuation(id, B);
    }

    // ----- SlashNotice -----

    function slashOnA(uint128 amount) internal returns (uint256 sid) {
        vm.startPrank(admin);
        if (!collateral.validatorOf(v1).registered) {
            collateral.addValidator(v1);
            collateral.addValidator(v2);
        }
        vm.stopPrank();
        fund(miner, amount, address(collateral));
        vm.prank(miner);
        collateral.deposit(amount);
        vm.prank(v1);
        sid = collateral.proposeSlash(miner, amount, IMinerCollateral.SlashReason.BotEngagement, keccak256("evidence"));
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.warp(block.timestamp + 2 days);
        collateral.executeSlash(sid);
    }

    function test_slashNotice_freezesWithdrawalsOnTheOtherChainForABoundedWindow() public {
        vm.chainId(B);
        fund(miner, 500e6, address(b.collateral));
        vm.startPrank(miner);
        b.collateral.deposit(500e6);
        b.collateral.requestWithdrawal(500e6);
        vm.stopPrank();
        vm.chainId(A);

        // Caught on A a day before its unbonding on B completes.
        vm.warp(block.timestamp + 4 days);
        uint256 sid = slashOnA(100e6);
        vm.recordLogs();
        routerA.publishSlash(sid, B);
        carry(dispatched(), boxB, B);
        uint40 until = uint40(block.timestamp) + 3 days;
        vm.chainId(B);
        vm.assertEq(b.collateral.frozenUntil(miner), until, "frozen");
        vm.warp(b.collateral.bondOf(miner).releaseAt);
        vm.assertLe(block.timestamp, until - 1, "released, but still frozen");
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralFrozen.selector, until));
        vm.prank(miner);
        b.collateral.withdraw();
        vm.warp(until);
        vm.prank(miner);
        b.collateral.withdraw();
        vm.assertEq(b.collateral.totalWithdrawn(), 500e6, "the freeze lifted by itself");
    }

    function test_slashNotice_overTheRateLimitIsRefusedUntilTheNextPeriod() public {
        uint256 first = slashOnA(10e6);
        uint256 second = slashOnA(10e6);
        vm.recordLogs();
        routerA.publishSlash(first, B);
        bytes memory m1 = dispatched();
        vm.recordLogs();
        routerA.publishSlash(second, B);
        bytes memory m2 = dispatched();
        carry(m1, boxB, B);
        bytes[] memory sigs = signed(m2, boxB, B);
        uint256 period = block.timestamp / 1 days;
        vm.expectRevert(abi.encodeWithSelector(IStudioRouter.StudioRouterFreezeRateLimited.selector, A, period));
        boxB.deliver(m2, 1, sigs);
        vm.assertFalse(boxB.delivered(keccak256(m2)), "not consumed: deliverable later");
        vm.warp((period + 1) * 1 days);
        boxB.deliver(m2, 1, sigs);
        vm.assertEq(routerB.freezesIn(A, period + 1), 1, "counted in its period");
    }

    function test_slashNotice_onlyOfExecutedSlashes() public {
        vm.prank(admin);
        collateral.addValidator(v1);
        fund(miner, 10e6, address(collateral));
        vm.prank(miner);
        collateral.deposit(10e6);
        vm.prank(v1);
        uint256 sid = collateral.proposeSlash(miner, 10e6, IMinerCollateral.SlashReason.BotEngagement, keccak256("e"));
        vm.expectRevert(abi.encodeWithSelector(IStudioRouter.StudioRouterSlashNotExecuted.selector, sid));
        routerA.publishSlash(sid, B);
    }

    // ----- handlers -----

    function test_handle_onlyFromTheMailbox() public {
        vm.expectRevert(abi.encodeWithSelector(IStudioRouter.StudioRouterNotMailbox.selector, address(this)));
        routerA.handle(B, IMailbox.MessageType.SlashNotice, abi.encode(miner, 1, 1, bytes32(0)));
        bytes32 role = collateral.FREEZER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, miner, role));
        vm.prank(miner);
        collateral.freezeWithdrawals(miner, 1);
    }
}

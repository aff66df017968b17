// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./utils/Fixture.sol";
import {MinerCollateral} from "../src/MinerCollateral.sol";
import {IMinerCollateral} from "../src/interfaces/IMinerCollateral.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

contract MinerCollateralTest is Fixture {
    bytes32 internal constant EVIDENCE = keccak256("evidence");
    IMinerCollateral.SlashReason internal constant BOT = IMinerCollateral.SlashReason.BotEngagement;

    function setUp() public override {
        super.setUp();
        fund(miner, 10_000e6, address(collateral));
        vm.startPrank(admin);
        collateral.addValidator(v1);
        collateral.addValidator(v2);
        collateral.addValidator(v3);
        vm.stopPrank();
        vm.prank(miner);
        collateral.deposit(1_000e6);
    }

    function propose(uint128 amount) internal returns (uint256 sid) {
        vm.prank(v1);
        sid = collateral.proposeSlash(miner, amount, BOT, EVIDENCE);
    }

    function test_deposit_bonds() public view {
        vm.assertEq(collateral.bondOf(miner).bonded, 1_000e6, "bonded");
        vm.assertEq(collateral.totalDeposited(), 1_000e6, "total");
        vm.assertEq(usd.balanceOf(address(collateral)), 1_000e6, "held");
    }

    function test_deposit_rejectsZeroAndNativeValue() public {
        vm.startPrank(miner);
        vm.expectRevert(IMinerCollateral.MinerCollateralZeroAmount.selector);
        collateral.deposit(0);
        vm.deal(miner, 1);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralBadValue.selector, 1));
        collateral.deposit{value: 1}(1);
        vm.stopPrank();
    }

    function test_withdraw_afterUnbonding() public {
        vm.prank(miner);
        collateral.requestWithdrawal(400e6);
        MinerCollateral.Bond memory b = collateral.bondOf(miner);
        vm.assertEq(b.bonded, 600e6, "bonded");
        vm.assertEq(b.unbonding, 400e6, "unbonding");
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotReleased.selector, b.releaseAt));
        vm.prank(miner);
        collateral.withdraw();
        vm.warp(b.releaseAt);
        uint256 before = usd.balanceOf(miner);
        vm.prank(miner);
        collateral.withdraw();
        vm.assertEq(usd.balanceOf(miner) - before, 400e6, "paid");
        vm.assertEq(collateral.totalWithdrawn(), 400e6, "total withdrawn");
    }

    function test_requestWithdrawal_rejectsTooMuch() public {
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralInsufficientBond.selector, 1_000e6, 1_001e6));
        vm.prank(miner);
        collateral.requestWithdrawal(1_001e6);
    }

    function test_slash_fullFlow() public {
        uint256 sid = propose(100e6);
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.expectRevert(
            abi.encodeWithSelector(IMinerCollateral.MinerCollateralDisputeWindowOpen.selector, block.timestamp + 2 days)
        );
        collateral.executeSlash(sid);
        vm.warp(block.timestamp + 2 days);
        vm.expectEmit(address(collateral));
        emit IMinerCollateral.SlashExecuted(sid, miner, 100e6, treasury);
        collateral.executeSlash(sid);
        vm.assertEq(usd.balanceOf(treasury), 100e6, "treasury funded");
        vm.assertEq(collateral.bondOf(miner).bonded, 900e6, "bond reduced");
        vm.assertEq(uint8(collateral.slashOf(sid).status), uint8(IMinerCollateral.SlashStatus.Executed), "executed");
        vm.expectRevert(
            abi.encodeWithSelector(
                IMinerCollateral.MinerCollateralWrongStatus.selector, sid, IMinerCollateral.SlashStatus.Executed
            )
        );
        collateral.executeSlash(sid);
    }

    function test_slash_needsThreshold() public {
        uint256 sid = propose(100e6);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotEnoughApprovals.selector, 1, 2));
        collateral.executeSlash(sid);
    }

    function test_slash_onlyValidatorsPropose() public {
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotValidator.selector, holder));
        vm.prank(holder);
        collateral.proposeSlash(miner, 1, BOT, EVIDENCE);
        vm.startPrank(v1);
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidReason.selector);
        collateral.proposeSlash(miner, 1, IMinerCollateral.SlashReason.None, EVIDENCE);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashTooLarge.selector, 1_001e6, 1_000e6));
        collateral.proposeSlash(miner, 1_001e6, BOT, EVIDENCE);
        vm.expectRevert(IMinerCollateral.MinerCollateralZeroAmount.selector);
        collateral.proposeSlash(miner, 0, BOT, EVIDENCE);
        vm.stopPrank();
    }

    function test_approve_once() public {
        uint256 sid = propose(1e6);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralAlreadyApproved.selector, sid, v1));
        vm.prank(v1);
        collateral.approveSlash(sid);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralUnknownSlash.selector, 99));
        vm.prank(v2);
        collateral.approveSlash(99);
    }

    function test_dispute_rejected() public {
        uint256 sid = propose(100e6);
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotMiner.selector, sid, holder));
        vm.prank(holder);
        collateral.disputeSlash(sid, EVIDENCE);
        vm.prank(miner);
        collateral.disputeSlash(sid, keccak256("counter"));
        vm.warp(block.timestamp + 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMinerCollateral.MinerCollateralWrongStatus.selector, sid, IMinerCollateral.SlashStatus.Disputed
            )
        );
        collateral.executeSlash(sid);
        vm.prank(admin);
        collateral.resolveDispute(sid, false);
        vm.assertEq(collateral.bondOf(miner).openSlashes, 0, "closed");
        vm.assertEq(collateral.bondOf(miner).bonded, 1_000e6, "untouched");
    }

    function test_dispute_upheldExecutes() public {
        uint256 sid = propose(100e6);
        vm.prank(miner);
        collateral.disputeSlash(sid, keccak256("counter"));
        vm.prank(admin);
        collateral.resolveDispute(sid, true);
        vm.prank(v2);
        collateral.approveSlash(sid);
        collateral.executeSlash(sid);
        vm.assertEq(collateral.totalSlashed(), 100e6, "slashed without waiting");
    }

    function test_dispute_windowCloses() public {
        uint256 sid = propose(100e6);
        vm.warp(block.timestamp + 2 days);
        vm.expectRevert(
            abi.encodeWithSelector(IMinerCollateral.MinerCollateralDisputeWindowClosed.selector, block.timestamp)
        );
        vm.prank(miner);
        collateral.disputeSlash(sid, EVIDENCE);
    }

    function test_resolveDispute_onlyResolverAndDisputed() public {
        uint256 sid = propose(1e6);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMinerCollateral.MinerCollateralWrongStatus.selector, sid, IMinerCollateral.SlashStatus.Pending
            )
        );
        vm.prank(admin);
        collateral.resolveDispute(sid, true);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, v1, collateral.DISPUTE_RESOLVER_ROLE()
            )
        );
        vm.prank(v1);
        collateral.resolveDispute(sid, true);
    }

    function test_unbonding_stillSlashable_andWithdrawBlocked() public {
        vm.prank(miner);
        collateral.requestWithdrawal(1_000e6);
        uint256 sid = propose(300e6);
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.warp(block.timestamp + 7 days);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashPending.selector, miner, 1));
        vm.prank(miner);
        collateral.withdraw();
        collateral.executeSlash(sid);
        vm.assertEq(collateral.bondOf(miner).unbonding, 700e6, "taken from unbonding");
        vm.prank(miner);
        collateral.withdraw();
        vm.assertEq(usd.balanceOf(miner), 9_000e6 + 700e6, "rest withdrawn");
    }

    function test_slashCap_perPeriod() public {
        vm.prank(miner);
        collateral.deposit(1_000e6);
        uint256 a = propose(600e6);
        uint256 b = propose(400e6);
        uint256 c = propose(1e6);
        vm.startPrank(v2);
        collateral.approveSlash(a);
        collateral.approveSlash(b);
        collateral.approveSlash(c);
        vm.stopPrank();
        vm.warp(block.timestamp + 2 days);
        collateral.executeSlash(a);
        collateral.executeSlash(b);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashCapExceeded.selector, 1e6, 0));
        collateral.executeSlash(c);
        vm.warp(block.timestamp + 1 days);
        collateral.executeSlash(c);
        vm.assertEq(collateral.totalSlashed(), 1_001e6, "the cap delayed c to the next period");
    }

    function test_slashCap_countsWhatIsTaken() public {
        uint256 a = propose(600e6);
        uint256 b = propose(600e6);
        vm.startPrank(v2);
        collateral.approveSlash(a);
        collateral.approveSlash(b);
        vm.stopPrank();
        vm.warp(block.timestamp + 2 days);
        collateral.executeSlash(a);
        collateral.executeSlash(b);
        vm.assertEq(collateral.totalSlashed(), 1_000e6, "only what was bonded");
        vm.assertEq(collateral.slashedInPeriodOf(block.timestamp), 1_000e6, "the cap is charged what was taken");
    }

    function test_expire() public {
        uint256 sid = propose(1e6);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotExpired.selector, block.timestamp + 14 days));
        collateral.expireSlash(sid);
        vm.warp(block.timestamp + 14 days);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralExpired.selector, block.timestamp));
        vm.prank(v2);
        collateral.approveSlash(sid);
        collateral.expireSlash(sid);
        vm.assertEq(collateral.bondOf(miner).openSlashes, 0, "closed");
    }

    function test_validators_shareRevenueByStake() public {
        fund(v1, 300e6, address(collateral));
        fund(v2, 100e6, address(collateral));
        fund(holder, 1_000e6, address(collateral));
        vm.prank(v1);
        collateral.stake(300e6);
        vm.prank(v2);
        collateral.stake(100e6);
        vm.warp(block.timestamp + 1 hours);
        collateral.activateStake(v1);
        collateral.activateStake(v2);
        vm.prank(holder);
        collateral.depositSiteRevenue(400e6);
        vm.prank(v1);
        vm.assertEq(collateral.claimValidatorRevenue(), 300e6, "75%");
        vm.assertEq(collateral.validatorOf(v2).revenueOwed, 100e6, "25% pending");
        vm.prank(v2);
        collateral.unstake(100e6);
        vm.prank(holder);
        collateral.depositSiteRevenue(300e6);
        vm.assertEq(collateral.validatorOf(v1).revenueOwed, 300e6, "unbonding stake earns nothing");
        vm.warp(block.timestamp + 7 days);
        vm.prank(v2);
        collateral.withdrawStake();
        vm.assertEq(usd.balanceOf(v2), 100e6, "stake back");
    }

    function test_validators_revenueNeedsStake() public {
        fund(holder, 1, address(collateral));
        vm.expectRevert(IMinerCollateral.MinerCollateralNoStake.selector);
        vm.prank(holder);
        collateral.depositSiteRevenue(1);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotValidator.selector, holder));
        vm.prank(holder);
        collateral.stake(1);
    }

    function test_removeValidator_unbondsStake() public {
        fund(v1, 10e6, address(collateral));
        vm.prank(v1);
        collateral.stake(10e6);
        vm.prank(admin);
        collateral.removeValidator(v1);
        vm.assertEq(collateral.validatorCount(), 2, "count");
        vm.assertEq(collateral.totalValidatorStake(), 0, "unbonding");
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralNotValidator.selector, v1));
        vm.prank(v1);
        collateral.proposeSlash(miner, 1, BOT, EVIDENCE);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralAlreadyValidator.selector, v2));
        vm.prank(admin);
        collateral.addValidator(v2);
    }

    function test_params_validated() public {
        IMinerCollateral.Params memory p = defaultParams();
        p.approvalThreshold = 0;
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        vm.prank(admin);
        collateral.setParams(p);
        p = defaultParams();
        p.unbondingPeriod = p.disputeWindow;
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        vm.prank(admin);
        collateral.setParams(p);
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        vm.prank(admin);
        collateral.setTreasury(address(0));
    }

    function test_nativeCollateral() public {
        MinerCollateral native = new MinerCollateral(IERC20(address(0)), treasury, defaultParams(), admin);
        vm.deal(miner, 5 ether);
        vm.startPrank(miner);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralBadValue.selector, 1 ether));
        native.deposit{value: 1 ether}(2 ether);
        native.deposit{value: 2 ether}(2 ether);
        native.requestWithdrawal(2 ether);
        vm.warp(block.timestamp + 7 days);
        native.withdraw();
        vm.stopPrank();
        vm.assertEq(miner.balance, 5 ether, "round trip");
    }

    function testFuzz_slashNeverExceedsSlashable(uint128 deposit, uint128 unbond, uint128 amount) public {
        deposit = uint128(bound(deposit, 1, 5_000e6));
        unbond = uint128(bound(unbond, 0, deposit));
        address m = address(0xF00D);
        fund(m, deposit, address(collateral));
        vm.startPrank(m);
        collateral.deposit(deposit);
        if (unbond != 0) collateral.requestWithdrawal(unbond);
        vm.stopPrank();
        amount = uint128(bound(amount, 1, deposit));
        if (amount > 1_000e6) {
            vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralSlashAboveCap.selector, amount, 1_000e6));
            vm.prank(v1);
            collateral.proposeSlash(m, amount, BOT, EVIDENCE);
            return;
        }
        vm.prank(v1);
        uint256 sid = collateral.proposeSlash(m, amount, BOT, EVIDENCE);
        vm.prank(v2);
        collateral.approveSlash(sid);
        vm.warp(block.timestamp + 2 days);
        collateral.executeSlash(sid);
        MinerCollateral.Bond memory b = collateral.bondOf(m);
        vm.assertEq(uint256(b.bonded) + b.unbonding + amount, deposit, "conserved");
    }

    function test_freeze_holdsReleasedCollateralUntilItLiftsByItself() public {
        vm.startPrank(admin);
        collateral.grantRole(collateral.FREEZER_ROLE(), admin);
        vm.stopPrank();
        vm.prank(miner);
        collateral.requestWithdrawal(400e6);
        uint40 releaseAt = collateral.bondOf(miner).releaseAt;
        uint40 until = releaseAt + 1 days;
        vm.expectEmit(address(collateral));
        emit IMinerCollateral.WithdrawalsFrozen(miner, until);
        vm.prank(admin);
        collateral.freezeWithdrawals(miner, until);
        // An earlier freeze changes nothing.
        vm.prank(admin);
        collateral.freezeWithdrawals(miner, releaseAt);
        vm.assertEq(collateral.frozenUntil(miner), until, "extends only");
        vm.warp(releaseAt);
        vm.expectRevert(abi.encodeWithSelector(IMinerCollateral.MinerCollateralFrozen.selector, until));
        vm.prank(miner);
        collateral.withdraw();
        vm.warp(until);
        vm.prank(miner);
        collateral.withdraw();
        vm.assertEq(collateral.totalWithdrawn(), 400e6, "lifted by itself");
    }

    function test_freeze_onlyTheFreezerAndAtMostAYear() public {
        bytes32 role = collateral.FREEZER_ROLE();
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, v1, role));
        vm.prank(v1);
        collateral.freezeWithdrawals(miner, uint40(block.timestamp + 1));
        vm.startPrank(admin);
        collateral.grantRole(role, admin);
        vm.expectRevert(IMinerCollateral.MinerCollateralInvalidParams.selector);
        collateral.freezeWithdrawals(miner, uint40(block.timestamp + 365 days + 1));
        vm.stopPrank();
    }
}

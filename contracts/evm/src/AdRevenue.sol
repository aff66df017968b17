// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAdRevenue} from "./interfaces/IAdRevenue.sol";
import {IVideoNft} from "./interfaces/IVideoNft.sol";
import {IVideoShares} from "./interfaces/IVideoShares.sol";
import {IShareTransferHook} from "./interfaces/IShareTransferHook.sol";

/// @title AdRevenue: advertisers stream a stablecoin per second to videos; creators and holders pull it
/// @notice A campaign streams `ratePerSecond` from its deposit to one video until the deposit runs out,
/// it is paused or cancelled. Streamed revenue is distributed when a campaign is settled (by anyone, and
/// implicitly on top-up, pause and cancel): the creator cut to the video's creator, the rest pro-rata to
/// the video's share holders at that moment, or to the NFT owner while the video is not fractionalized.
/// A video's cumulative settled revenue is its on-chain valuation.
/// @dev Holder revenue uses a revenue-per-share accumulator with per-holder corrections (ERC-2222
/// style): a share transfer moves the correction with the shares, so transfers never change what was
/// already distributed. Fee-on-transfer and rebasing tokens are not supported.
contract AdRevenue is IAdRevenue, IShareTransferHook, AccessControl, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role allowed to pause opening and topping up campaigns (claims and cancels stay open).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    uint256 private constant MAGNITUDE = 2 ** 128;

    struct Campaign {
        address advertiser;
        uint40 lastSettled;
        bool paused;
        bool cancelled;
        uint128 ratePerSecond;
        uint128 remaining;
        uint256 videoId;
    }

    /// @notice The token every campaign streams (a stablecoin).
    IERC20 public immutable token;
    /// @notice The video NFT contract.
    IVideoNft public immutable videos;
    /// @notice The fractional share contract.
    IVideoShares public immutable shares;
    /// @notice Creator's cut of streamed revenue in basis points; the rest goes to holders.
    uint16 public creatorCutBps;
    /// @notice Number of campaigns ever opened; campaign ids run from 1.
    uint256 public campaignCount;

    mapping(uint256 campaignId => Campaign) private _campaigns;
    mapping(uint256 videoId => uint256) private _cumulativeRevenue;
    mapping(uint256 videoId => uint256) private _revenuePerShare;
    mapping(uint256 videoId => mapping(address => int256)) private _corrections;
    mapping(uint256 videoId => mapping(address => uint256)) private _withdrawnDividends;
    mapping(uint256 videoId => mapping(address => uint256)) private _credited;

    /// @param token_ the streamed stablecoin.
    /// @param videos_ the {VideoNft} contract.
    /// @param shares_ the {VideoShares} contract; must be wired to this contract with `setRevenueHook`.
    /// @param creatorCutBps_ the creator's cut in basis points.
    /// @param admin receives DEFAULT_ADMIN_ROLE and PAUSER_ROLE.
    constructor(IERC20 token_, IVideoNft videos_, IVideoShares shares_, uint16 creatorCutBps_, address admin) {
        token = token_;
        videos = videos_;
        shares = shares_;
        _setCreatorCut(creatorCutBps_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @notice Opens a campaign streaming `ratePerSecond` to `videoId`, funded by pulling `deposit` from the
    /// caller (approve this contract first).
    /// @return campaignId the new campaign's id.
    function openCampaign(uint256 videoId, uint128 ratePerSecond, uint128 deposit)
        external
        whenNotPaused
        nonReentrant
        returns (uint256 campaignId)
    {
        if (ratePerSecond == 0 || deposit == 0) revert AdRevenueZeroAmount();
        if (videos.creatorOf(videoId) == address(0)) revert AdRevenueUnknownVideo(videoId);
        campaignId = ++campaignCount;
        _campaigns[campaignId] = Campaign({
            advertiser: msg.sender,
            lastSettled: uint40(block.timestamp),
            paused: false,
            cancelled: false,
            ratePerSecond: ratePerSecond,
            remaining: deposit,
            videoId: videoId
        });
        emit CampaignOpened(campaignId, videoId, msg.sender, ratePerSecond, deposit);
        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @notice Adds `amount` to a campaign's deposit; streaming continues from now.
    function topUp(uint256 campaignId, uint128 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert AdRevenueZeroAmount();
        Campaign storage c = _advertiserCampaign(campaignId);
        _settle(campaignId, c);
        uint128 remaining = c.remaining + amount;
        c.remaining = remaining;
        emit CampaignToppedUp(campaignId, amount, remaining);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Stops (`paused == true`) or resumes a campaign's stream.
    function setCampaignPaused(uint256 campaignId, bool paused) external {
        Campaign storage c = _advertiserCampaign(campaignId);
        if (c.paused == paused) revert AdRevenuePauseUnchanged(campaignId, paused);
        _settle(campaignId, c);
        c.paused = paused;
        c.lastSettled = uint40(block.timestamp);
        emit CampaignPaused(campaignId, paused);
    }

    /// @notice Ends a campaign: settles what has streamed and refunds the rest to the advertiser.
    function cancel(uint256 campaignId) external nonReentrant {
        Campaign storage c = _advertiserCampaign(campaignId);
        _settle(campaignId, c);
        uint128 refund = c.remaining;
        c.remaining = 0;
        c.cancelled = true;
        emit CampaignCancelled(campaignId, refund);
        if (refund != 0) token.safeTransfer(c.advertiser, refund);
    }

    /// @notice Distributes what a campaign has streamed since it was last settled. Anyone may call it.
    function settle(uint256 campaignId) external {
        _settle(campaignId, _existingCampaign(campaignId));
    }

    /// @notice Pays the caller everything `videoId` owes it: creator cut, owner revenue and share dividends.
    /// @return amount the amount transferred.
    function claim(uint256 videoId) external nonReentrant returns (uint256 amount) {
        uint256 credited = _credited[videoId][msg.sender];
        uint256 dividends = _dividendsOf(videoId, msg.sender);
        amount = credited + dividends;
        if (amount == 0) revert AdRevenueNothingToClaim(videoId, msg.sender);
        if (credited != 0) _credited[videoId][msg.sender] = 0;
        if (dividends != 0) _withdrawnDividends[videoId][msg.sender] += dividends;
        emit RevenueClaimed(videoId, msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IShareTransferHook
    function onSharesTransfer(address from, address to, uint256 videoId, uint256 value) external {
        if (msg.sender != address(shares)) revert AdRevenueNotShares(msg.sender);
        int256 magnified = (_revenuePerShare[videoId] * value).toInt256();
        if (from != address(0)) _corrections[videoId][from] += magnified;
        if (to != address(0)) _corrections[videoId][to] -= magnified;
    }

    /// @notice Sets the creator's cut of future settlements.
    function setCreatorCut(uint16 creatorCutBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCreatorCut(creatorCutBps_);
    }

    /// @notice Stops new campaigns and top-ups.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Allows new campaigns and top-ups again.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    /// @notice What `account` can claim from `videoId` now (settled revenue only).
    function claimable(uint256 videoId, address account) external view returns (uint256) {
        return _credited[videoId][account] + _dividendsOf(videoId, account);
    }

    /// @notice All revenue ever settled to `videoId`: its on-chain valuation.
    function cumulativeRevenue(uint256 videoId) external view returns (uint256) {
        return _cumulativeRevenue[videoId];
    }

    /// @notice A campaign's state; reverts for unknown ids.
    function campaign(uint256 campaignId) external view returns (Campaign memory) {
        return _existingCampaign(campaignId);
    }

    /// @notice What a campaign has streamed since its last settlement (what {settle} would distribute now).
    function pendingRevenue(uint256 campaignId) public view returns (uint256) {
        Campaign storage c = _campaigns[campaignId];
        if (c.paused || c.cancelled) return 0;
        uint256 due = (block.timestamp - c.lastSettled) * c.ratePerSecond;
        return due < c.remaining ? due : c.remaining;
    }

    function _existingCampaign(uint256 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.advertiser == address(0)) revert AdRevenueUnknownCampaign(campaignId);
    }

    function _advertiserCampaign(uint256 campaignId) private view returns (Campaign storage c) {
        c = _existingCampaign(campaignId);
        if (c.advertiser != msg.sender) revert AdRevenueNotAdvertiser(campaignId, msg.sender);
        if (c.cancelled) revert AdRevenueCampaignCancelled(campaignId);
    }

    function _settle(uint256 campaignId, Campaign storage c) private {
        uint256 due = pendingRevenue(campaignId);
        c.lastSettled = uint40(block.timestamp);
        if (due == 0) return;
        // pendingRevenue caps `due` at `remaining`, a uint128, so the cast cannot truncate.
        // forge-lint: disable-next-line(unsafe-typecast)
        c.remaining -= uint128(due);

        uint256 videoId = c.videoId;
        uint256 creatorAmount = due * creatorCutBps / 10_000;
        _credited[videoId][videos.creatorOf(videoId)] += creatorAmount;
        uint256 holderAmount = due - creatorAmount;
        uint256 supply = shares.totalSupply(videoId);
        if (supply == 0) {
            _credited[videoId][IERC721(address(videos)).ownerOf(videoId)] += holderAmount;
        } else {
            // Division dust (below one unit per MAGNITUDE) stays in the contract.
            _revenuePerShare[videoId] += holderAmount * MAGNITUDE / supply;
        }
        uint256 cumulative = _cumulativeRevenue[videoId] + due;
        _cumulativeRevenue[videoId] = cumulative;
        emit RevenueSettled(campaignId, videoId, due, creatorAmount, cumulative);
    }

    function _dividendsOf(uint256 videoId, address account) private view returns (uint256) {
        int256 accumulated = (_revenuePerShare[videoId] * shares.balanceOf(account, videoId)).toInt256()
            + _corrections[videoId][account];
        // Corrections only move value between holders, so the accumulated total is never negative.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(accumulated) / MAGNITUDE - _withdrawnDividends[videoId][account];
    }

    function _setCreatorCut(uint16 bps) private {
        if (bps > 10_000) revert AdRevenueInvalidCreatorCut(bps);
        creatorCutBps = bps;
        emit CreatorCutSet(bps);
    }
}

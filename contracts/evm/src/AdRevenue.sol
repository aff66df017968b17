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
import {IVideoTransferHook} from "./interfaces/IVideoTransferHook.sol";

/// @title AdRevenue: advertisers stream a stablecoin per second to videos; creators and holders pull it
/// @notice A campaign streams `ratePerSecond` from its deposit to one video until the deposit runs out,
/// it is paused or cancelled. Streamed revenue is distributed when a campaign is settled: by anyone
/// ({settle}, {settleVideo}), on top-up, pause and cancel, and before every change of who holds the
/// video: an NFT transfer, a share transfer, fractionalize and redeem all settle every streaming
/// campaign of the video first. So what streamed while an account held a position is credited to that
/// account, whenever anyone settles. The creator cut goes to the video's creator, the rest pro-rata to
/// the video's share holders, or to the NFT owner while the video is not fractionalized. A video's
/// cumulative settled revenue is its on-chain valuation.
/// @dev Holder revenue uses a revenue-per-share accumulator with per-holder corrections (ERC-2222
/// style): a share transfer moves the correction with the shares, so transfers never change what was
/// already distributed. The accumulator restarts at zero when a video is fractionalized (nobody holds
/// shares then), so a tiny supply followed by a huge one cannot overflow it.
/// Settling before balances move costs O(streaming campaigns of the video), hence at most
/// {MAX_ACTIVE_CAMPAIGNS} stream at once per video; paused campaigns do not count, and exhausted ones
/// are pruned when a new campaign needs the room. The hooks get everything they need from their
/// arguments and this contract's own state (the creator is cached at the first campaign, the share
/// supply mirrored from the share hook), so they never call back into the contract that called them.
/// The creator cut's rounding remainder is carried to the next settlement of the video instead of
/// being dropped. Fee-on-transfer and rebasing tokens are not supported.
contract AdRevenue is
    IAdRevenue,
    IShareTransferHook,
    IVideoTransferHook,
    AccessControl,
    Pausable,
    ReentrancyGuardTransient
{
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @notice Role allowed to pause opening and topping up campaigns (claims and cancels stay open).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Most campaigns streaming to one video at once (bounds the work before a transfer).
    uint256 public constant MAX_ACTIVE_CAMPAIGNS = 16;
    uint256 private constant MAGNITUDE = 2 ** 128;
    uint256 private constant BPS = 10_000;

    /// @notice A campaign as {campaign} returns it.
    struct Campaign {
        address advertiser;
        uint40 lastSettled;
        bool paused;
        bool cancelled;
        uint128 ratePerSecond;
        uint128 remaining;
        uint256 videoId;
    }

    /// @dev A campaign as stored: the fields of {Campaign} plus its link in the video's list of
    /// streaming campaigns, packed into the first slot.
    struct StoredCampaign {
        address advertiser;
        uint40 lastSettled;
        bool paused;
        bool cancelled;
        uint32 nextActive;
        bool active;
        uint128 ratePerSecond;
        uint128 remaining;
        uint256 videoId;
    }

    /// @dev Per-video stream state, one slot: written once per settlement.
    struct VideoState {
        uint128 cumulativeRevenue;
        uint32 firstActive;
        uint8 activeCount;
        uint16 cutCarry;
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

    mapping(uint256 campaignId => StoredCampaign) private _campaigns;
    mapping(uint256 videoId => VideoState) private _videoStates;
    mapping(uint256 videoId => address) private _creators;
    mapping(uint256 videoId => uint256) private _shareSupply;
    mapping(uint256 videoId => uint256) private _revenuePerShare;
    mapping(uint256 videoId => mapping(address => int256)) private _corrections;
    mapping(uint256 videoId => mapping(address => uint256)) private _withdrawnDividends;
    mapping(uint256 videoId => mapping(address => uint256)) private _credited;

    /// @param token_ the streamed stablecoin.
    /// @param videos_ the {VideoNft} contract; must be wired to this contract with `setHooks`.
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
        if (_creators[videoId] == address(0)) {
            address creator = videos.creatorOf(videoId);
            if (creator == address(0)) revert AdRevenueUnknownVideo(videoId);
            _creators[videoId] = creator;
        }
        campaignId = ++campaignCount;
        if (campaignId > type(uint32).max) revert AdRevenueCampaignIdOverflow();
        StoredCampaign storage c = _campaigns[campaignId];
        (c.advertiser, c.lastSettled, c.ratePerSecond, c.remaining, c.videoId) =
            (msg.sender, uint40(block.timestamp), ratePerSecond, deposit, videoId);
        _link(videoId, campaignId, c);
        emit CampaignOpened(campaignId, videoId, msg.sender, ratePerSecond, deposit);
        token.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @notice Adds `amount` to a campaign's deposit; streaming continues from now.
    function topUp(uint256 campaignId, uint128 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert AdRevenueZeroAmount();
        StoredCampaign storage c = _advertiserCampaign(campaignId);
        _settleOne(campaignId, c);
        uint128 remaining = c.remaining + amount;
        c.remaining = remaining;
        if (!c.active && !c.paused) _link(c.videoId, campaignId, c);
        emit CampaignToppedUp(campaignId, amount, remaining);
        token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Stops (`paused == true`) or resumes a campaign's stream.
    function setCampaignPaused(uint256 campaignId, bool paused) external {
        StoredCampaign storage c = _advertiserCampaign(campaignId);
        if (c.paused == paused) revert AdRevenuePauseUnchanged(campaignId, paused);
        _settleOne(campaignId, c);
        c.paused = paused;
        c.lastSettled = uint40(block.timestamp);
        if (paused) {
            if (c.active) _unlink(c.videoId, campaignId, c);
        } else if (!c.active && c.remaining != 0) {
            _link(c.videoId, campaignId, c);
        }
        emit CampaignPaused(campaignId, paused);
    }

    /// @notice Ends a campaign: settles what has streamed and refunds the rest to the advertiser.
    function cancel(uint256 campaignId) external nonReentrant {
        _cancel(campaignId, msg.sender);
    }

    /// @notice {cancel}, refunding to `to` (for advertisers that cannot receive the token themselves).
    function cancelTo(uint256 campaignId, address to) external nonReentrant {
        _cancel(campaignId, to);
    }

    /// @notice Distributes what a campaign has streamed since it was last settled. Anyone may call it.
    function settle(uint256 campaignId) external {
        _settleOne(campaignId, _existingCampaign(campaignId));
    }

    /// @notice Distributes what every streaming campaign of `videoId` has streamed. Anyone may call it.
    function settleVideo(uint256 videoId) external {
        _settleVideo(videoId, address(0));
    }

    /// @notice Pays the caller everything `videoId` owes it: creator cut, owner revenue and share dividends.
    /// @return amount the amount transferred.
    function claim(uint256 videoId) external nonReentrant returns (uint256 amount) {
        return _claim(videoId, msg.sender);
    }

    /// @notice {claim}, paying `to` (for holders that cannot receive the token themselves).
    function claimTo(uint256 videoId, address to) external nonReentrant returns (uint256 amount) {
        return _claim(videoId, to);
    }

    /// @inheritdoc IShareTransferHook
    /// @dev Fractionalize (`from == 0`) mints the whole supply and redeem (`to == 0`) burns it, so the
    /// mirrored supply is `value` or zero.
    function onSharesTransfer(address from, address to, uint256 videoId, uint256 value) external {
        if (msg.sender != address(shares)) revert AdRevenueNotShares(msg.sender);
        _settleVideo(videoId, address(0));
        if (from == address(0)) {
            _shareSupply[videoId] = value;
            _revenuePerShare[videoId] = 0;
        } else if (to == address(0)) {
            _shareSupply[videoId] -= value;
        }
        int256 magnified = (_revenuePerShare[videoId] * value).toInt256();
        if (from != address(0)) _corrections[videoId][from] += magnified;
        if (to != address(0)) _corrections[videoId][to] -= magnified;
    }

    /// @inheritdoc IVideoTransferHook
    function onVideoTransfer(address from, address, uint256 videoId) external {
        if (msg.sender != address(videos)) revert AdRevenueNotVideos(msg.sender);
        _settleVideo(videoId, from);
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
        return _videoStates[videoId].cumulativeRevenue;
    }

    /// @notice The campaigns streaming to `videoId` now (exhausted ones until they are pruned).
    function activeCampaigns(uint256 videoId) external view returns (uint256[] memory ids) {
        VideoState storage vs = _videoStates[videoId];
        ids = new uint256[](vs.activeCount);
        uint32 cid = vs.firstActive;
        for (uint256 i; cid != 0; ++i) {
            ids[i] = cid;
            cid = _campaigns[cid].nextActive;
        }
    }

    /// @notice A campaign's state; reverts for unknown ids.
    function campaign(uint256 campaignId) external view returns (Campaign memory) {
        StoredCampaign storage c = _existingCampaign(campaignId);
        return Campaign(c.advertiser, c.lastSettled, c.paused, c.cancelled, c.ratePerSecond, c.remaining, c.videoId);
    }

    /// @notice What a campaign has streamed since its last settlement (what {settle} would distribute now).
    function pendingRevenue(uint256 campaignId) public view returns (uint256) {
        StoredCampaign storage c = _campaigns[campaignId];
        if (c.paused || c.cancelled) return 0;
        uint256 due = (block.timestamp - c.lastSettled) * c.ratePerSecond;
        return due < c.remaining ? due : c.remaining;
    }

    function _cancel(uint256 campaignId, address to) private {
        StoredCampaign storage c = _advertiserCampaign(campaignId);
        _settleOne(campaignId, c);
        if (c.active) _unlink(c.videoId, campaignId, c);
        uint128 refund = c.remaining;
        c.remaining = 0;
        c.cancelled = true;
        emit CampaignCancelled(campaignId, refund);
        if (refund != 0) token.safeTransfer(to, refund);
    }

    function _claim(uint256 videoId, address to) private returns (uint256 amount) {
        uint256 credited = _credited[videoId][msg.sender];
        uint256 dividends = _dividendsOf(videoId, msg.sender);
        amount = credited + dividends;
        if (amount == 0) revert AdRevenueNothingToClaim(videoId, msg.sender);
        if (credited != 0) _credited[videoId][msg.sender] = 0;
        if (dividends != 0) _withdrawnDividends[videoId][msg.sender] += dividends;
        emit RevenueClaimed(videoId, msg.sender, amount);
        token.safeTransfer(to, amount);
    }

    function _existingCampaign(uint256 campaignId) private view returns (StoredCampaign storage c) {
        c = _campaigns[campaignId];
        if (c.advertiser == address(0)) revert AdRevenueUnknownCampaign(campaignId);
    }

    function _advertiserCampaign(uint256 campaignId) private view returns (StoredCampaign storage c) {
        c = _existingCampaign(campaignId);
        if (c.advertiser != msg.sender) revert AdRevenueNotAdvertiser(campaignId, msg.sender);
        if (c.cancelled) revert AdRevenueCampaignCancelled(campaignId);
    }

    /// @dev Settles one campaign and distributes its revenue; drops it from the streaming list once
    /// its deposit is spent.
    function _settleOne(uint256 campaignId, StoredCampaign storage c) private {
        uint256 videoId = c.videoId;
        VideoState storage vs = _videoStates[videoId];
        (uint256 due, uint256 cut) = _accrue(campaignId, c, vs);
        if (c.active && c.remaining == 0) _unlink(videoId, campaignId, c);
        _distribute(videoId, cut, due - cut, address(0));
    }

    /// @dev Settles every streaming campaign of a video, pruning spent ones, and distributes the total
    /// once. `owner` is the NFT owner when the caller knows it (the transfer hook), else zero.
    function _settleVideo(uint256 videoId, address owner) private {
        VideoState storage vs = _videoStates[videoId];
        uint256 cutTotal;
        uint256 dueTotal;
        uint32 prev;
        uint32 cid = vs.firstActive;
        while (cid != 0) {
            StoredCampaign storage c = _campaigns[cid];
            uint32 next = c.nextActive;
            (uint256 due, uint256 cut) = _accrue(cid, c, vs);
            (dueTotal, cutTotal) = (dueTotal + due, cutTotal + cut);
            if (c.remaining == 0) {
                _unlinkAfter(vs, prev, c);
            } else {
                prev = cid;
            }
            cid = next;
        }
        _distribute(videoId, cutTotal, dueTotal - cutTotal, owner);
    }

    /// @dev Moves what a campaign streamed since its last settlement into the video's revenue and
    /// returns it with the creator's cut (the cut's remainder carried in the video's state).
    function _accrue(uint256 campaignId, StoredCampaign storage c, VideoState storage vs)
        private
        returns (uint256 due, uint256 cut)
    {
        due = pendingRevenue(campaignId);
        c.lastSettled = uint40(block.timestamp);
        if (due == 0) return (0, 0);
        // pendingRevenue caps `due` at `remaining`, a uint128, so the cast cannot truncate.
        // forge-lint: disable-next-line(unsafe-typecast)
        c.remaining -= uint128(due);
        uint256 scaled = due * creatorCutBps + vs.cutCarry;
        cut = scaled / BPS;
        // The remainder of a division by BPS is below BPS, so it fits in uint16.
        // forge-lint: disable-next-line(unsafe-typecast)
        vs.cutCarry = uint16(scaled % BPS);
        uint128 cumulative = (uint256(vs.cumulativeRevenue) + due).toUint128();
        vs.cumulativeRevenue = cumulative;
        emit RevenueSettled(campaignId, c.videoId, due, cut, cumulative);
    }

    function _distribute(uint256 videoId, uint256 creatorAmount, uint256 holderAmount, address owner) private {
        if (creatorAmount != 0) _credited[videoId][_creators[videoId]] += creatorAmount;
        if (holderAmount == 0) return;
        uint256 supply = _shareSupply[videoId];
        if (supply == 0) {
            if (owner == address(0)) owner = IERC721(address(videos)).ownerOf(videoId);
            _credited[videoId][owner] += holderAmount;
        } else {
            // Division dust (below one unit per MAGNITUDE) stays in the contract.
            _revenuePerShare[videoId] += holderAmount * MAGNITUDE / supply;
        }
    }

    /// @dev Puts a campaign at the head of its video's streaming list, pruning spent campaigns when
    /// the list is full.
    function _link(uint256 videoId, uint256 campaignId, StoredCampaign storage c) private {
        VideoState storage vs = _videoStates[videoId];
        if (vs.activeCount >= MAX_ACTIVE_CAMPAIGNS) {
            _settleVideo(videoId, address(0));
            if (vs.activeCount >= MAX_ACTIVE_CAMPAIGNS) revert AdRevenueTooManyCampaigns(videoId, MAX_ACTIVE_CAMPAIGNS);
        }
        (c.nextActive, c.active) = (vs.firstActive, true);
        // Campaign ids are checked to fit in uint32 when opened.
        // forge-lint: disable-next-line(unsafe-typecast)
        vs.firstActive = uint32(campaignId);
        vs.activeCount += 1;
    }

    function _unlink(uint256 videoId, uint256 campaignId, StoredCampaign storage c) private {
        VideoState storage vs = _videoStates[videoId];
        uint32 prev;
        for (uint32 cid = vs.firstActive; cid != campaignId; cid = _campaigns[cid].nextActive) {
            prev = cid;
        }
        _unlinkAfter(vs, prev, c);
    }

    /// @dev Removes `c`, which follows `prev` (zero: `c` is the head), from its video's streaming list.
    function _unlinkAfter(VideoState storage vs, uint32 prev, StoredCampaign storage c) private {
        uint32 next = c.nextActive;
        if (prev == 0) vs.firstActive = next;
        else _campaigns[prev].nextActive = next;
        (c.nextActive, c.active) = (0, false);
        vs.activeCount -= 1;
    }

    function _dividendsOf(uint256 videoId, address account) private view returns (uint256) {
        int256 accumulated = (_revenuePerShare[videoId] * shares.balanceOf(account, videoId)).toInt256()
            + _corrections[videoId][account];
        // Corrections only move value between holders, so the accumulated total is never negative.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(accumulated) / MAGNITUDE - _withdrawnDividends[videoId][account];
    }

    function _setCreatorCut(uint16 bps) private {
        if (bps > BPS) revert AdRevenueInvalidCreatorCut(bps);
        creatorCutBps = bps;
        emit CreatorCutSet(bps);
    }
}

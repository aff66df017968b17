// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IAdRevenue: events and errors of ad-revenue streams
interface IAdRevenue {
    /// @notice An advertiser opened a campaign streaming `ratePerSecond` to `videoId` from `deposit`.
    event CampaignOpened(
        uint256 indexed campaignId, uint256 indexed videoId, address indexed advertiser, uint128 ratePerSecond, uint128 deposit
    );
    /// @notice The advertiser added `amount` to the campaign's deposit.
    event CampaignToppedUp(uint256 indexed campaignId, uint128 amount, uint128 remaining);
    /// @notice The campaign stopped (`paused == true`) or resumed streaming.
    event CampaignPaused(uint256 indexed campaignId, bool paused);
    /// @notice The campaign ended; `refund` (the unstreamed remainder) went back to the advertiser.
    event CampaignCancelled(uint256 indexed campaignId, uint128 refund);
    /// @notice `amount` streamed from a campaign to its video: `creatorAmount` to the creator, the rest to
    /// holders. `cumulativeRevenue` is the video's all-time revenue: its live on-chain valuation.
    event RevenueSettled(
        uint256 indexed campaignId, uint256 indexed videoId, uint256 amount, uint256 creatorAmount, uint256 cumulativeRevenue
    );
    /// @notice `account` withdrew `amount` of its revenue from `videoId`.
    event RevenueClaimed(uint256 indexed videoId, address indexed account, uint256 amount);
    /// @notice The creator's cut of streamed revenue changed.
    event CreatorCutSet(uint16 creatorCutBps);

    /// @notice The video was never minted.
    error AdRevenueUnknownVideo(uint256 videoId);
    /// @notice The campaign does not exist.
    error AdRevenueUnknownCampaign(uint256 campaignId);
    /// @notice Only the campaign's advertiser may do this.
    error AdRevenueNotAdvertiser(uint256 campaignId, address caller);
    /// @notice The campaign was cancelled.
    error AdRevenueCampaignCancelled(uint256 campaignId);
    /// @notice The campaign is already in the requested pause state.
    error AdRevenuePauseUnchanged(uint256 campaignId, bool paused);
    /// @notice Zero rate or zero amount.
    error AdRevenueZeroAmount();
    /// @notice The creator cut exceeds 100%.
    error AdRevenueInvalidCreatorCut(uint16 creatorCutBps);
    /// @notice Nothing to claim.
    error AdRevenueNothingToClaim(uint256 videoId, address account);
    /// @notice Only the share contract may report share transfers.
    error AdRevenueNotShares(address caller);
    /// @notice Only the video NFT contract may report video transfers.
    error AdRevenueNotVideos(address caller);
    /// @notice The video already streams from {AdRevenue-MAX_ACTIVE_CAMPAIGNS} campaigns.
    error AdRevenueTooManyCampaigns(uint256 videoId, uint256 max);
    /// @notice Campaign ids are exhausted (more than 2^32 campaigns).
    error AdRevenueCampaignIdOverflow();
}

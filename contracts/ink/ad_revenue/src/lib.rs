#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix AdRevenue for Polkadot Hub, the ink! 6 port of `contracts/evm/src/AdRevenue.sol`.
//!
//! Same semantics: a campaign streams `ratePerSecond` from its deposit to one video until the
//! deposit runs out, it is paused or cancelled. Streamed revenue is distributed when a campaign is
//! settled (by anyone, on top-up, pause and cancel) and before every change of who holds the video:
//! VideoNft and VideoShares report every NFT and share movement here first, and every streaming
//! campaign of the video (at most `MAX_ACTIVE_CAMPAIGNS`) is settled before balances move. So what
//! streamed while an account held a position is credited to that account. The creator cut (its
//! rounding remainder carried to the next settlement) goes to the video's creator, the rest pro-rata
//! to the share holders, or to the NFT owner while the video is not fractionalized; the
//! revenue-per-share accumulator restarts at zero when the video is fractionalized. A video's
//! cumulative settled revenue is its on-chain valuation. Built with the Solidity ABI: every event is
//! the EVM contract's log byte for byte, calls and errors keep their selectors.
//!
//! Where Polkadot Hub differs, and what this port chose:
//! - **Asset**: the native coin (DOT), sent as the call's value: `openCampaign` and `topUp` are
//!   payable and the value must equal the amount (`AdRevenueBadValue` otherwise), claims and refunds
//!   are native transfers. `claimTo` and `cancelTo` pay a named recipient, for callers that cannot
//!   take the native coin themselves (a multisig or DAO contract).
//! - **Hooks** carry what they need (the seller, the mirrored share supply, the creator cached at the
//!   first campaign): pallet-revive refuses re-entry into a contract on the call stack, so a hook
//!   never calls back into VideoNft or VideoShares.
//! - **Storage** holds explicit values only (a claimed credit is written as zero), never
//!   `Mapping::remove`, which goes through a precompile a runtime may lack. An advertiser funds a campaign in one transaction instead of approve +
//!   open, as MinerCollateral does on this chain; a stablecoin would come through the assets
//!   pallet's ERC-20 precompile, which the product does not use yet.
//! - **Holder corrections** (`int256` in Solidity) are kept as two's-complement `U256`: they only
//!   move value between holders, so the accumulated sum they correct is never negative and the
//!   wrapping arithmetic is exact.
//! - **Reentrancy**: pallet-revive refuses to re-enter a contract on the call stack unless the call
//!   allows it, and no call this contract makes does; the EVM contract needs `nonReentrant` instead.
//! - **Roles**: one admin holds `DEFAULT_ADMIN_ROLE` and `PAUSER_ROLE`.
//! - `campaign(id)` returns the campaign's fields as a tuple (the same ABI words as the struct).
//!
//! Its tests run the built artifact on pallet-revive with VideoNft and VideoShares
//! (`contracts/ink/sandbox`), mirroring `contracts/evm/test/AdRevenue.t.sol`.

#[ink::contract]
pub mod ad_revenue {
    use ink::U256;
    use ink::prelude::vec::Vec;
    use ink::sol::FixedBytes;
    use ink::storage::Mapping;
    use tfx_ink_sol::Uint40;
    use tfx_ink_sol::interfaces::{VideoNft, VideoNftRef, VideoShares, VideoSharesRef};

    /// Highest creator cut, basis points (100%).
    pub const MAX_BPS: u16 = 10_000;
    /// Most campaigns streaming to one video at once.
    pub const MAX_ACTIVE_CAMPAIGNS: u8 = 16;
    const DEFAULT_ADMIN_ROLE: [u8; 32] = [0; 32];
    const PAUSER_ROLE: [u8; 32] = ink::keccak_256!("PAUSER_ROLE");
    /// `int256` max: the Solidity contract's SafeCast bound on magnified revenue.
    const INT256_MAX: U256 = U256([u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 1]);

    /// A campaign, as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Campaign {
        /// Who funds it and may top up, pause and cancel it.
        pub advertiser: Address,
        /// Streamed revenue is distributed up to this time, unix seconds.
        pub last_settled: u64,
        /// Stopped by the advertiser.
        pub paused: bool,
        /// Ended; the rest was refunded.
        pub cancelled: bool,
        /// Value streamed per second.
        pub rate_per_second: u128,
        /// Deposit not streamed yet.
        pub remaining: u128,
        /// The video it pays.
        pub video_id: U256,
        /// The next campaign in the video's list of streaming campaigns (0: none).
        pub next_active: u32,
        /// Whether it is in that list.
        pub active: bool,
    }

    /// A video's streams.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct VideoState {
        /// All revenue ever settled.
        pub cumulative_revenue: U256,
        /// First streaming campaign (0: none).
        pub first_active: u32,
        /// Streaming campaigns.
        pub active_count: u8,
        /// The creator cut's rounding remainder, in basis-point units.
        pub cut_carry: u16,
    }

    /// An advertiser opened a campaign streaming `rate_per_second` to `video_id` from `deposit`.
    #[ink(event)]
    pub struct CampaignOpened {
        /// Campaign id.
        #[ink(topic)]
        pub campaign_id: U256,
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// Advertiser.
        #[ink(topic)]
        pub advertiser: Address,
        /// Value per second.
        pub rate_per_second: u128,
        /// Deposit.
        pub deposit: u128,
    }

    /// The advertiser added `amount` to the campaign's deposit.
    #[ink(event)]
    pub struct CampaignToppedUp {
        /// Campaign id.
        #[ink(topic)]
        pub campaign_id: U256,
        /// Added.
        pub amount: u128,
        /// Deposit left afterwards.
        pub remaining: u128,
    }

    /// The campaign stopped (`paused == true`) or resumed streaming.
    #[ink(event)]
    pub struct CampaignPaused {
        /// Campaign id.
        #[ink(topic)]
        pub campaign_id: U256,
        /// New state.
        pub paused: bool,
    }

    /// The campaign ended; `refund` went back to the advertiser.
    #[ink(event)]
    pub struct CampaignCancelled {
        /// Campaign id.
        #[ink(topic)]
        pub campaign_id: U256,
        /// Unstreamed remainder returned.
        pub refund: u128,
    }

    /// `amount` streamed from a campaign to its video; `cumulative_revenue` is the video's valuation.
    #[ink(event)]
    pub struct RevenueSettled {
        /// Campaign id.
        #[ink(topic)]
        pub campaign_id: U256,
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// Streamed since the last settlement.
        pub amount: U256,
        /// The creator's cut of it.
        pub creator_amount: U256,
        /// All revenue the video ever settled.
        pub cumulative_revenue: U256,
    }

    /// `account` withdrew `amount` of its revenue from `video_id`.
    #[ink(event)]
    pub struct RevenueClaimed {
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// Who was paid.
        #[ink(topic)]
        pub account: Address,
        /// Paid.
        pub amount: U256,
    }

    /// The creator's cut of streamed revenue changed.
    #[ink(event)]
    pub struct CreatorCutSet {
        /// New cut, basis points.
        pub creator_cut_bps: u16,
    }

    /// OpenZeppelin `Paused`.
    #[ink(event)]
    pub struct Paused {
        /// Who paused.
        pub account: Address,
    }

    /// OpenZeppelin `Unpaused`.
    #[ink(event)]
    pub struct Unpaused {
        /// Who unpaused.
        pub account: Address,
    }

    /// The Solidity contract's errors (its own and OpenZeppelin's), and the native-value ones.
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// The video was never minted.
        AdRevenueUnknownVideo(U256),
        /// The campaign does not exist.
        AdRevenueUnknownCampaign(U256),
        /// Only the campaign's advertiser may do this: (campaign, caller).
        AdRevenueNotAdvertiser(U256, Address),
        /// The campaign was cancelled.
        AdRevenueCampaignCancelled(U256),
        /// The campaign is already in the requested pause state.
        AdRevenuePauseUnchanged(U256, bool),
        /// Zero rate or zero amount.
        AdRevenueZeroAmount,
        /// The creator cut exceeds 100%.
        AdRevenueInvalidCreatorCut(u16),
        /// Nothing to claim: (video, account).
        AdRevenueNothingToClaim(U256, Address),
        /// Only the share contract may report share transfers.
        AdRevenueNotShares(Address),
        /// Only the video NFT contract may report video transfers.
        AdRevenueNotVideos(Address),
        /// The video already streams from the most campaigns: (video, max).
        AdRevenueTooManyCampaigns(U256, U256),
        /// Campaign ids are exhausted.
        AdRevenueCampaignIdOverflow,
        /// The call's value is not the amount it funds (Polkadot Hub only).
        AdRevenueBadValue(U256),
        /// A native transfer failed: (to, amount) (Polkadot Hub only).
        AdRevenueTransferFailed(Address, U256),
        /// Magnified revenue beyond `int256`.
        SafeCastOverflowedUintToInt(U256),
        /// Paused.
        EnforcedPause,
        /// Not paused.
        ExpectedPause,
        /// Caller lacks the role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The contract.
    #[ink(storage)]
    pub struct AdRevenue {
        admin: Address,
        paused: bool,
        videos: Address,
        shares: Address,
        creator_cut_bps: u16,
        campaign_count: U256,
        campaigns: Mapping<U256, Campaign>,
        video_states: Mapping<U256, VideoState>,
        creators: Mapping<U256, Address>,
        share_supply: Mapping<U256, U256>,
        revenue_per_share: Mapping<U256, U256>,
        corrections: Mapping<(U256, Address), U256>,
        withdrawn_dividends: Mapping<(U256, Address), U256>,
        credited: Mapping<(U256, Address), U256>,
    }

    impl AdRevenue {
        /// Streams to the videos of `videos` whose shares live in `shares` (which must name this
        /// contract its revenue hook); `admin` may change the cut and pause.
        #[ink(constructor)]
        pub fn new(videos: Address, shares: Address, creator_cut_bps: u16, admin: Address) -> Result<Self> {
            let mut this = Self {
                admin,
                paused: false,
                videos,
                shares,
                creator_cut_bps: 0,
                campaign_count: U256::zero(),
                campaigns: Mapping::default(),
                video_states: Mapping::default(),
                creators: Mapping::default(),
                share_supply: Mapping::default(),
                revenue_per_share: Mapping::default(),
                corrections: Mapping::default(),
                withdrawn_dividends: Mapping::default(),
                credited: Mapping::default(),
            };
            this.set_cut(creator_cut_bps)?;
            Ok(this)
        }

        /// Opens a campaign streaming `rate_per_second` to `video_id`, funded by the call's value,
        /// which must be `deposit`. Returns the campaign id.
        #[ink(message, payable, name = "openCampaign")]
        pub fn open_campaign(&mut self, video_id: U256, rate_per_second: u128, deposit: u128) -> Result<U256> {
            self.not_paused()?;
            if rate_per_second == 0 || deposit == 0 {
                return Err(Error::AdRevenueZeroAmount);
            }
            if self.creators.get(video_id).unwrap_or_default() == Address::zero() {
                let creator = self.videos_ref().creatorOf(video_id);
                if creator == Address::zero() {
                    return Err(Error::AdRevenueUnknownVideo(video_id));
                }
                self.creators.insert(video_id, &creator);
            }
            self.expect_value(deposit)?;
            let campaign_id = self.campaign_count + 1;
            if campaign_id > U256::from(u32::MAX) {
                return Err(Error::AdRevenueCampaignIdOverflow);
            }
            self.campaign_count = campaign_id;
            let advertiser = self.env().caller();
            let mut c = Campaign {
                advertiser,
                last_settled: self.env().block_timestamp(),
                paused: false,
                cancelled: false,
                rate_per_second,
                remaining: deposit,
                video_id,
                next_active: 0,
                active: false,
            };
            self.link(campaign_id, &mut c)?;
            self.campaigns.insert(campaign_id, &c);
            self.env().emit_event(CampaignOpened { campaign_id, video_id, advertiser, rate_per_second, deposit });
            Ok(campaign_id)
        }

        /// Adds the call's value, which must be `amount`, to a campaign's deposit; streaming
        /// continues from now.
        #[ink(message, payable, name = "topUp")]
        pub fn top_up(&mut self, campaign_id: U256, amount: u128) -> Result<()> {
            self.not_paused()?;
            if amount == 0 {
                return Err(Error::AdRevenueZeroAmount);
            }
            let mut c = self.advertiser_campaign(campaign_id)?;
            self.expect_value(amount)?;
            self.settle_one(campaign_id, &mut c)?;
            c.remaining = c.remaining.checked_add(amount).ok_or_else(overflow)?;
            if !c.active && !c.paused {
                self.link(campaign_id, &mut c)?;
            }
            self.campaigns.insert(campaign_id, &c);
            self.env().emit_event(CampaignToppedUp { campaign_id, amount, remaining: c.remaining });
            Ok(())
        }

        /// Stops (`paused == true`) or resumes a campaign's stream.
        #[ink(message, name = "setCampaignPaused")]
        pub fn set_campaign_paused(&mut self, campaign_id: U256, paused: bool) -> Result<()> {
            let mut c = self.advertiser_campaign(campaign_id)?;
            if c.paused == paused {
                return Err(Error::AdRevenuePauseUnchanged(campaign_id, paused));
            }
            self.settle_one(campaign_id, &mut c)?;
            c.paused = paused;
            c.last_settled = self.env().block_timestamp();
            if paused && c.active {
                self.unlink(campaign_id, &mut c);
            } else if !paused && !c.active && c.remaining != 0 {
                self.link(campaign_id, &mut c)?;
            }
            self.campaigns.insert(campaign_id, &c);
            self.env().emit_event(CampaignPaused { campaign_id, paused });
            Ok(())
        }

        /// Ends a campaign: settles what has streamed and refunds the rest to the advertiser.
        #[ink(message)]
        pub fn cancel(&mut self, campaign_id: U256) -> Result<()> {
            let to = self.env().caller();
            self.cancel_paying(campaign_id, to)
        }

        /// `cancel`, refunding to `to` (for advertisers that cannot take the native coin).
        #[ink(message, name = "cancelTo")]
        pub fn cancel_to(&mut self, campaign_id: U256, to: Address) -> Result<()> {
            self.cancel_paying(campaign_id, to)
        }

        /// Distributes what a campaign has streamed since it was last settled. Anyone may call it.
        #[ink(message)]
        pub fn settle(&mut self, campaign_id: U256) -> Result<()> {
            let mut c = self.existing_campaign(campaign_id)?;
            self.settle_one(campaign_id, &mut c)?;
            self.campaigns.insert(campaign_id, &c);
            Ok(())
        }

        /// Distributes what every streaming campaign of `video_id` has streamed. Anyone may call it.
        #[ink(message, name = "settleVideo")]
        pub fn settle_video(&mut self, video_id: U256) -> Result<()> {
            self.settle_streams(video_id, None)
        }

        /// Pays the caller everything `video_id` owes it: creator cut, owner revenue and dividends.
        #[ink(message)]
        pub fn claim(&mut self, video_id: U256) -> Result<U256> {
            let to = self.env().caller();
            self.claim_paying(video_id, to)
        }

        /// `claim`, paying `to` (for holders that cannot take the native coin themselves).
        #[ink(message, name = "claimTo")]
        pub fn claim_to(&mut self, video_id: U256, to: Address) -> Result<U256> {
            self.claim_paying(video_id, to)
        }

        /// `IVideoTransferHook`: settles the video's streams to the seller (VideoNft only).
        #[ink(message, name = "onVideoTransfer")]
        pub fn on_video_transfer(&mut self, from: Address, _to: Address, video_id: U256) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.videos {
                return Err(Error::AdRevenueNotVideos(caller));
            }
            self.settle_streams(video_id, Some(from))
        }

        /// `IShareTransferHook`: settles the video's streams, then moves the holder corrections with
        /// the shares (VideoShares only). Fractionalize mints the whole supply and redeem burns it.
        #[ink(message, name = "onSharesTransfer")]
        pub fn on_shares_transfer(&mut self, from: Address, to: Address, video_id: U256, value: U256) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.shares {
                return Err(Error::AdRevenueNotShares(caller));
            }
            self.settle_streams(video_id, None)?;
            if from == Address::zero() {
                self.share_supply.insert(video_id, &value);
                self.revenue_per_share.insert(video_id, &U256::zero());
            } else if to == Address::zero() {
                let supply = self.share_supply.get(video_id).unwrap_or_default();
                self.share_supply.insert(video_id, &supply.saturating_sub(value));
            }
            let magnified = self.magnified(video_id, value)?;
            if from != Address::zero() {
                let c = self.corrections.get((video_id, from)).unwrap_or_default();
                self.corrections.insert((video_id, from), &c.overflowing_add(magnified).0);
            }
            if to != Address::zero() {
                let c = self.corrections.get((video_id, to)).unwrap_or_default();
                self.corrections.insert((video_id, to), &c.overflowing_sub(magnified).0);
            }
            Ok(())
        }

        /// Sets the creator's cut of future settlements. Admin only.
        #[ink(message, name = "setCreatorCut")]
        pub fn set_creator_cut(&mut self, creator_cut_bps: u16) -> Result<()> {
            self.only_admin(DEFAULT_ADMIN_ROLE)?;
            self.set_cut(creator_cut_bps)
        }

        /// Stops new campaigns and top-ups (claims and cancels stay open).
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.only_admin(PAUSER_ROLE)?;
            self.not_paused()?;
            self.paused = true;
            self.env().emit_event(Paused { account: self.env().caller() });
            Ok(())
        }

        /// Allows new campaigns and top-ups again.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.only_admin(PAUSER_ROLE)?;
            if !self.paused {
                return Err(Error::ExpectedPause);
            }
            self.paused = false;
            self.env().emit_event(Unpaused { account: self.env().caller() });
            Ok(())
        }

        /// Whether the contract is paused.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.paused
        }

        /// What `account` can claim from `video_id` now (settled revenue only).
        #[ink(message)]
        pub fn claimable(&self, video_id: U256, account: Address) -> Result<U256> {
            let credited = self.credited.get((video_id, account)).unwrap_or_default();
            credited.checked_add(self.dividends_of(video_id, account)?).ok_or_else(overflow)
        }

        /// All revenue ever settled to `video_id`: its on-chain valuation.
        #[ink(message, name = "cumulativeRevenue")]
        pub fn cumulative_revenue(&self, video_id: U256) -> U256 {
            self.video_states.get(video_id).unwrap_or_default().cumulative_revenue
        }

        /// The campaigns streaming to `video_id` now (spent ones until they are pruned).
        #[ink(message, name = "activeCampaigns")]
        pub fn active_campaigns(&self, video_id: U256) -> Vec<U256> {
            let mut ids = Vec::new();
            let mut cid = self.video_states.get(video_id).unwrap_or_default().first_active;
            while cid != 0 {
                ids.push(U256::from(cid));
                cid = self.campaigns.get(U256::from(cid)).map(|c| c.next_active).unwrap_or_default();
            }
            ids
        }

        /// A campaign: (advertiser, lastSettled, paused, cancelled, ratePerSecond, remaining, videoId).
        #[ink(message)]
        pub fn campaign(&self, campaign_id: U256) -> Result<(Address, Uint40, bool, bool, u128, u128, U256)> {
            let c = self.existing_campaign(campaign_id)?;
            Ok((
                c.advertiser,
                Uint40(c.last_settled),
                c.paused,
                c.cancelled,
                c.rate_per_second,
                c.remaining,
                c.video_id,
            ))
        }

        /// What a campaign has streamed since its last settlement (what `settle` would distribute).
        #[ink(message, name = "pendingRevenue")]
        pub fn pending_revenue(&self, campaign_id: U256) -> U256 {
            self.campaigns.get(campaign_id).map(|c| self.pending(&c)).unwrap_or_default()
        }

        /// The creator's cut, basis points.
        #[ink(message, name = "creatorCutBps")]
        pub fn creator_cut_bps(&self) -> u16 {
            self.creator_cut_bps
        }

        /// Campaigns ever opened; ids run from 1.
        #[ink(message, name = "campaignCount")]
        pub fn campaign_count(&self) -> U256 {
            self.campaign_count
        }

        /// The streamed asset: `address(0)`, the native coin (the EVM contract names its ERC-20).
        #[ink(message)]
        pub fn token(&self) -> Address {
            Address::zero()
        }

        /// The video NFT contract.
        #[ink(message)]
        pub fn videos(&self) -> Address {
            self.videos
        }

        /// The fractional share contract.
        #[ink(message)]
        pub fn shares(&self) -> Address {
            self.shares
        }

        fn videos_ref(&self) -> VideoNftRef {
            self.videos.into()
        }

        fn shares_ref(&self) -> VideoSharesRef {
            self.shares.into()
        }

        fn pending(&self, c: &Campaign) -> U256 {
            if c.paused || c.cancelled {
                return U256::zero();
            }
            let elapsed = self.env().block_timestamp().saturating_sub(c.last_settled);
            let due = U256::from(elapsed) * U256::from(c.rate_per_second);
            due.min(U256::from(c.remaining))
        }

        fn existing_campaign(&self, campaign_id: U256) -> Result<Campaign> {
            self.campaigns.get(campaign_id).ok_or(Error::AdRevenueUnknownCampaign(campaign_id))
        }

        fn advertiser_campaign(&self, campaign_id: U256) -> Result<Campaign> {
            let c = self.existing_campaign(campaign_id)?;
            let caller = self.env().caller();
            if c.advertiser != caller {
                return Err(Error::AdRevenueNotAdvertiser(campaign_id, caller));
            }
            if c.cancelled {
                return Err(Error::AdRevenueCampaignCancelled(campaign_id));
            }
            Ok(c)
        }

        /// Settles one campaign and distributes its revenue, dropping it from the streaming list once
        /// its deposit is spent; the caller stores `c`.
        fn settle_one(&mut self, campaign_id: U256, c: &mut Campaign) -> Result<()> {
            let video_id = c.video_id;
            let mut vs = self.video_states.get(video_id).unwrap_or_default();
            let (due, cut) = self.accrue(campaign_id, c, &mut vs)?;
            self.video_states.insert(video_id, &vs);
            if c.active && c.remaining == 0 {
                self.unlink(campaign_id, c);
            }
            self.distribute(video_id, cut, due - cut, None)
        }

        /// Settles every streaming campaign of a video, pruning spent ones, and distributes the
        /// total once. `owner` is the NFT owner when the caller knows it (the transfer hook).
        fn settle_streams(&mut self, video_id: U256, owner: Option<Address>) -> Result<()> {
            let mut vs = self.video_states.get(video_id).unwrap_or_default();
            let (mut due_total, mut cut_total) = (U256::zero(), U256::zero());
            let (mut prev, mut cid) = (0u32, vs.first_active);
            while cid != 0 {
                let id = U256::from(cid);
                let mut c = self.existing_campaign(id)?;
                let next = c.next_active;
                let (due, cut) = self.accrue(id, &mut c, &mut vs)?;
                due_total = due_total.checked_add(due).ok_or_else(overflow)?;
                cut_total = cut_total.checked_add(cut).ok_or_else(overflow)?;
                if c.remaining == 0 {
                    self.unlink_after(&mut vs, prev, &mut c)?;
                } else {
                    prev = cid;
                }
                self.campaigns.insert(id, &c);
                cid = next;
            }
            self.video_states.insert(video_id, &vs);
            self.distribute(video_id, cut_total, due_total - cut_total, owner)
        }

        /// Moves what `c` streamed since its last settlement into the video's revenue; returns it
        /// with the creator's cut (the cut's remainder carried in `vs`).
        fn accrue(&mut self, campaign_id: U256, c: &mut Campaign, vs: &mut VideoState) -> Result<(U256, U256)> {
            let due = self.pending(c);
            c.last_settled = self.env().block_timestamp();
            if due.is_zero() {
                return Ok((due, due));
            }
            // `pending` caps `due` at `remaining`, a u128.
            c.remaining -= due.low_u128();
            let scaled = due
                .checked_mul(U256::from(self.creator_cut_bps))
                .and_then(|x| x.checked_add(U256::from(vs.cut_carry)))
                .ok_or_else(overflow)?;
            let cut = scaled / U256::from(MAX_BPS);
            vs.cut_carry = (scaled % U256::from(MAX_BPS)).low_u32() as u16;
            vs.cumulative_revenue = vs.cumulative_revenue.checked_add(due).ok_or_else(overflow)?;
            self.env().emit_event(RevenueSettled {
                campaign_id,
                video_id: c.video_id,
                amount: due,
                creator_amount: cut,
                cumulative_revenue: vs.cumulative_revenue,
            });
            Ok((due, cut))
        }

        fn distribute(
            &mut self,
            video_id: U256,
            creator_amount: U256,
            holder_amount: U256,
            owner: Option<Address>,
        ) -> Result<()> {
            if !creator_amount.is_zero() {
                let creator = self.creators.get(video_id).unwrap_or_default();
                self.credit(video_id, creator, creator_amount)?;
            }
            if holder_amount.is_zero() {
                return Ok(());
            }
            let supply = self.share_supply.get(video_id).unwrap_or_default();
            if supply.is_zero() {
                let owner = match owner {
                    Some(o) => o,
                    None => self.videos_ref().ownerOf(video_id),
                };
                self.credit(video_id, owner, holder_amount)
            } else {
                // Division dust (below one unit per 2^128) stays in the contract.
                let rps = self.revenue_per_share.get(video_id).unwrap_or_default();
                let added = holder_amount.checked_mul(U256::one() << 128).ok_or_else(overflow)? / supply;
                self.revenue_per_share.insert(video_id, &rps.checked_add(added).ok_or_else(overflow)?);
                Ok(())
            }
        }

        /// Puts a campaign at the head of its video's streaming list, pruning spent campaigns when
        /// the list is full; the caller stores `c`.
        fn link(&mut self, campaign_id: U256, c: &mut Campaign) -> Result<()> {
            let video_id = c.video_id;
            if self.video_states.get(video_id).unwrap_or_default().active_count >= MAX_ACTIVE_CAMPAIGNS {
                self.settle_streams(video_id, None)?;
            }
            let mut vs = self.video_states.get(video_id).unwrap_or_default();
            if vs.active_count >= MAX_ACTIVE_CAMPAIGNS {
                return Err(Error::AdRevenueTooManyCampaigns(video_id, U256::from(MAX_ACTIVE_CAMPAIGNS)));
            }
            (c.next_active, c.active) = (vs.first_active, true);
            vs.first_active = campaign_id.low_u32();
            vs.active_count += 1;
            self.video_states.insert(video_id, &vs);
            Ok(())
        }

        /// Removes `c` from its video's streaming list; the caller stores `c`.
        fn unlink(&mut self, campaign_id: U256, c: &mut Campaign) {
            let mut vs = self.video_states.get(c.video_id).unwrap_or_default();
            let (mut prev, mut cid) = (0u32, vs.first_active);
            while cid != 0 && U256::from(cid) != campaign_id {
                prev = cid;
                cid = self.campaigns.get(U256::from(cid)).map(|p| p.next_active).unwrap_or_default();
            }
            // The list holds `c` whenever `c.active`, so the walk found it.
            let _ = self.unlink_after(&mut vs, prev, c);
            self.video_states.insert(c.video_id, &vs);
        }

        /// Removes `c`, which follows `prev` (0: `c` is the head), from the list of `vs`.
        fn unlink_after(&mut self, vs: &mut VideoState, prev: u32, c: &mut Campaign) -> Result<()> {
            if prev == 0 {
                vs.first_active = c.next_active;
            } else {
                let prev_id = U256::from(prev);
                let mut p = self.existing_campaign(prev_id)?;
                p.next_active = c.next_active;
                self.campaigns.insert(prev_id, &p);
            }
            (c.next_active, c.active) = (0, false);
            vs.active_count -= 1;
            Ok(())
        }

        fn cancel_paying(&mut self, campaign_id: U256, to: Address) -> Result<()> {
            let mut c = self.advertiser_campaign(campaign_id)?;
            self.settle_one(campaign_id, &mut c)?;
            if c.active {
                self.unlink(campaign_id, &mut c);
            }
            let refund = c.remaining;
            c.remaining = 0;
            c.cancelled = true;
            self.campaigns.insert(campaign_id, &c);
            self.env().emit_event(CampaignCancelled { campaign_id, refund });
            self.pay(to, U256::from(refund))
        }

        fn claim_paying(&mut self, video_id: U256, to: Address) -> Result<U256> {
            let account = self.env().caller();
            let credited = self.credited.get((video_id, account)).unwrap_or_default();
            let dividends = self.dividends_of(video_id, account)?;
            let amount = credited.checked_add(dividends).ok_or_else(overflow)?;
            if amount.is_zero() {
                return Err(Error::AdRevenueNothingToClaim(video_id, account));
            }
            self.credited.insert((video_id, account), &U256::zero());
            if !dividends.is_zero() {
                let withdrawn = self.withdrawn_dividends.get((video_id, account)).unwrap_or_default();
                self.withdrawn_dividends.insert((video_id, account), &(withdrawn + dividends));
            }
            self.env().emit_event(RevenueClaimed { video_id, account, amount });
            self.pay(to, amount)?;
            Ok(amount)
        }

        fn credit(&mut self, video_id: U256, account: Address, amount: U256) -> Result<()> {
            let credited = self.credited.get((video_id, account)).unwrap_or_default();
            self.credited.insert((video_id, account), &credited.checked_add(amount).ok_or_else(overflow)?);
            Ok(())
        }

        /// `revenuePerShare * value`, within `int256` as the Solidity contract's SafeCast demands.
        fn magnified(&self, video_id: U256, value: U256) -> Result<U256> {
            let rps = self.revenue_per_share.get(video_id).unwrap_or_default();
            match rps.checked_mul(value) {
                Some(m) if m <= INT256_MAX => Ok(m),
                Some(m) => Err(Error::SafeCastOverflowedUintToInt(m)),
                None => Err(Error::SafeCastOverflowedUintToInt(U256::MAX)),
            }
        }

        fn dividends_of(&self, video_id: U256, account: Address) -> Result<U256> {
            let held = self.shares_ref().balanceOf(account, video_id);
            let correction = self.corrections.get((video_id, account)).unwrap_or_default();
            let accumulated = self.magnified(video_id, held)?.overflowing_add(correction).0;
            let withdrawn = self.withdrawn_dividends.get((video_id, account)).unwrap_or_default();
            Ok((accumulated >> 128) - withdrawn)
        }

        fn expect_value(&self, amount: u128) -> Result<()> {
            let value = self.env().transferred_value();
            if value != U256::from(amount) {
                return Err(Error::AdRevenueBadValue(value));
            }
            Ok(())
        }

        fn pay(&mut self, to: Address, amount: U256) -> Result<()> {
            if amount.is_zero() {
                return Ok(());
            }
            self.env().transfer(to, amount).map_err(|_| Error::AdRevenueTransferFailed(to, amount))
        }

        fn set_cut(&mut self, creator_cut_bps: u16) -> Result<()> {
            if creator_cut_bps > MAX_BPS {
                return Err(Error::AdRevenueInvalidCreatorCut(creator_cut_bps));
            }
            self.creator_cut_bps = creator_cut_bps;
            self.env().emit_event(CreatorCutSet { creator_cut_bps });
            Ok(())
        }

        fn not_paused(&self) -> Result<()> {
            if self.paused { Err(Error::EnforcedPause) } else { Ok(()) }
        }

        fn only_admin(&self, role: [u8; 32]) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(role)));
            }
            Ok(())
        }
    }

    fn overflow() -> Error {
        Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW))
    }
}

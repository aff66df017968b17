//! AdRevenue and VideoShares in the Agave runtime, test for test with
//! `contracts/evm/test/AdRevenue.t.sol` (VideoShares has no forge file of its own: its tests are
//! AdRevenue's share tests) and the AdRevenue and VideoShares tests of `Review.t.sol` (F1, F4,
//! F6). An unknown campaign or video record is Anchor's `AccountNotInitialized` (its PDA does not
//! exist).

use anchor_lang::error::ErrorCode as AnchorError;
use anchor_lang::prelude::Pubkey;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;
use tfx_ad_revenue::{
    AdRevenueError, BPS, Campaign, CampaignCancelled, CampaignOpened, CampaignPaused, CampaignToppedUp, CreatorCutSet,
    Credit, HolderRevenue, MAX_ACTIVE_CAMPAIGNS, RevenueClaimed, RevenueSettled, VideoRevenue,
};
use tfx_solana_runtime::ad_revenue as ads;
use tfx_solana_runtime::video_nft as nft;
use tfx_solana_runtime::video_shares as shares;
use tfx_solana_runtime::{Runtime, Sent, assert_fails_with};
use tfx_video_nft::VideoNftError;
use tfx_video_shares::{Holding, SharesTransferred, VideoFractionalized, VideoRedeemed, VideoSharesError};

const HASH: [u8; 32] = [0x11; 32];
const CUT_BPS: u16 = 1_000;
const FUNDS: u64 = 1_000_000_000_000;

struct Suite {
    rt: Runtime,
    admin: Keypair,
    creator: Keypair,
    holder: Keypair,
    advertiser: Keypair,
    mint: Pubkey,
    advertiser_tokens: Pubkey,
    next_campaign: u64,
}

impl Suite {
    fn new() -> Self {
        let mut rt = Runtime::new();
        rt.set_time(1_800_000_000);
        let admin = rt.funded();
        let (creator, holder, advertiser) = (rt.funded(), rt.funded(), rt.funded());
        rt.send(&[nft::initialize(&admin.pubkey(), 1, 3_600)], &[&admin]).expect("videos");
        let mint = rt.create_mint(&admin, 6).expect("ad token");
        let advertiser_tokens = rt.create_token_account(&advertiser, &mint, &advertiser.pubkey()).expect("account");
        rt.mint_to(&admin, &mint, &advertiser_tokens, FUNDS).expect("funds");
        rt.send(&[ads::initialize(&admin.pubkey(), &mint, CUT_BPS)], &[&admin]).expect("initialize");
        rt.send(&[shares::initialize(&admin.pubkey())], &[&admin]).expect("shares");
        let mut s = Self { rt, admin, creator, holder, advertiser, mint, advertiser_tokens, next_campaign: 1 };
        let creator = s.creator.insecure_clone();
        s.mint_video(&creator, &HASH);
        s
    }

    fn mint_video(&mut self, who: &Keypair, hash: &[u8; 32]) {
        let salt = [0x5A; 32];
        self.rt.send(&[nft::commit_mint(&who.pubkey(), &who.pubkey(), &salt, hash)], &[who]).expect("commit");
        self.rt.advance(1);
        self.rt.send(&[nft::mint(&who.pubkey(), hash, "playback", 500, &salt, false)], &[who]).expect("mint");
    }

    fn open(&mut self, rate: u64, deposit: u64) -> Result<Sent, tfx_solana_runtime::Failed> {
        let a = self.advertiser.pubkey();
        let ix = ads::open_campaign(&a, &self.mint, &self.advertiser_tokens, self.next_campaign, &HASH, rate, deposit);
        let sent = self.rt.send(&[ix], &[&self.advertiser])?;
        self.next_campaign += 1;
        Ok(sent)
    }

    fn settle(&mut self) -> Sent {
        let payer = self.admin.insecure_clone();
        self.rt.send(&[ads::settle_video(&HASH)], &[&payer]).expect("settle")
    }

    fn transfer(&mut self, from: &Keypair, to: &Pubkey) {
        let ix = nft::transfer(&from.pubkey(), &from.pubkey(), &HASH, to);
        self.rt.send(&[ix], &[from]).expect("transfer");
    }

    fn revenue(&self) -> VideoRevenue {
        self.rt.account(&ads::revenue(&HASH)).expect("revenue record")
    }

    /// What `account` could claim now from settled revenue (`claimable` of the EVM suite).
    fn claimable(&self, account: &Pubkey) -> u64 {
        let r = self.revenue();
        let credit = self.rt.account::<Credit>(&ads::credit(&HASH, account)).map_or(0, |c| c.amount);
        let dividends = self
            .rt
            .account::<HolderRevenue>(&ads::holder(&HASH, account))
            .map_or(0, |h| r.dividends(self.shares_of(account), &h));
        credit
            + dividends
            + if r.creator == *account { r.creator_credit } else { 0 }
            + if r.owner == *account { r.owner_credit } else { 0 }
    }

    /// `account`'s shares of the video.
    fn shares_of(&self, account: &Pubkey) -> u64 {
        self.rt.account::<Holding>(&shares::holding(&HASH, account)).map_or(0, |h| h.balance)
    }

    fn fractionalize(&mut self, owner: &Keypair, supply: u64) -> Result<Sent, tfx_solana_runtime::Failed> {
        self.rt.send(&shares::fractionalize(&owner.pubkey(), &HASH, supply), &[owner])
    }

    fn send_shares(&mut self, from: &Keypair, to: &Pubkey, amount: u64) -> Result<Sent, tfx_solana_runtime::Failed> {
        self.rt.send(&[shares::transfer(&from.pubkey(), &HASH, to, amount)], &[from])
    }

    fn redeem(&mut self, holder: &Keypair) -> Result<Sent, tfx_solana_runtime::Failed> {
        self.rt.send(&[shares::redeem(&holder.pubkey(), &HASH)], &[holder])
    }

    fn nft_owner(&self) -> Pubkey {
        self.rt.account::<tfx_video_nft::Video>(&nft::video(&HASH)).expect("video").owner
    }

    /// A campaign's unstreamed deposit.
    fn remaining(&self, id: u64) -> u64 {
        let c: Campaign = self.rt.account(&ads::campaign(id)).expect("campaign");
        match c.streaming {
            true => self.revenue().streams.iter().find(|s| s.campaign_id == id).map_or(0, |s| s.remaining),
            false => c.remaining,
        }
    }

    /// Claims into a fresh token account of `who`; the amount paid.
    fn claim(&mut self, who: &Keypair) -> Result<u64, tfx_solana_runtime::Failed> {
        let to = self.rt.create_token_account(who, &self.mint, &who.pubkey()).expect("account");
        let with_credit = self.rt.svm.get_account(&ads::credit(&HASH, &who.pubkey())).is_some();
        let as_holder = self.rt.svm.get_account(&ads::holder(&HASH, &who.pubkey())).is_some();
        self.rt.send(&[ads::claim(&who.pubkey(), &self.mint, &to, &HASH, with_credit, as_holder)], &[who])?;
        Ok(self.rt.token_balance(&to))
    }
}

#[test]
fn open_pulls_deposit_and_emits() {
    let mut s = Suite::new();
    let sent = s.open(10, 1_000).expect("open");
    let opened = CampaignOpened {
        campaign_id: 1,
        video_id: HASH,
        advertiser: s.advertiser.pubkey(),
        rate_per_second: 10,
        deposit: 1_000,
    };
    assert_eq!(sent.events::<CampaignOpened>(), vec![opened]);
    assert_eq!(s.rt.token_balance(&ads::vault()), 1_000, "deposit held");
    let c: Campaign = s.rt.account(&ads::campaign(1)).expect("campaign");
    assert_eq!((c.advertiser, c.video_id), (s.advertiser.pubkey(), HASH), "advertiser and video");
    assert_eq!(s.remaining(1), 1_000, "remaining");
}

#[test]
fn open_reverts_on_zero_or_unknown() {
    let mut s = Suite::new();
    assert_fails_with(s.open(0, 1), AdRevenueError::ZeroAmount);
    assert_fails_with(s.open(1, 0), AdRevenueError::ZeroAmount);
    let a = s.advertiser.pubkey();
    let unknown = ads::open_campaign(&a, &s.mint, &s.advertiser_tokens, 1, &[5; 32], 1, 1);
    assert_fails_with(s.rt.send(&[unknown], &[&s.advertiser]), AnchorError::AccountNotInitialized);
    // A reserved id is a record without a video yet.
    s.rt.send(&[nft::reserve(&s.admin.pubkey(), &[6; 32], &s.creator.pubkey())], &[&s.admin]).expect("reserve");
    let reserved = ads::open_campaign(&a, &s.mint, &s.advertiser_tokens, 1, &[6; 32], 1, 1);
    assert_fails_with(s.rt.send(&[reserved], &[&s.advertiser]), AdRevenueError::UnknownVideo);
}

#[test]
fn open_reverts_when_paused() {
    let mut s = Suite::new();
    s.rt.send(&[ads::set_paused(&s.admin.pubkey(), true)], &[&s.admin]).expect("pause");
    assert_fails_with(s.open(1, 1), AdRevenueError::Paused);
    let not_admin = ads::set_paused(&s.holder.pubkey(), false);
    assert_fails_with(s.rt.send(&[not_admin], &[&s.holder]), AdRevenueError::Unauthorized);
}

#[test]
fn settle_splits_creator_and_owner() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    s.rt.advance(30);
    let settled = s.settle().events::<RevenueSettled>();
    let expected =
        RevenueSettled { campaign_id: 1, video_id: HASH, amount: 300, creator_amount: 30, cumulative_revenue: 300 };
    assert_eq!(settled, vec![expected]);
    assert_eq!(s.claimable(&s.creator.pubkey()), 300, "creator gets everything as sole owner");
    assert_eq!(s.revenue().cumulative_revenue, 300, "valuation");
    assert_eq!(s.remaining(1), 700, "remaining");
}

#[test]
fn settle_stops_at_deposit() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    s.rt.advance(1_000);
    s.settle();
    assert_eq!(s.revenue().cumulative_revenue, 1_000, "capped at deposit");
    assert_eq!(s.remaining(1), 0, "nothing pending");
    assert!(s.revenue().streams.is_empty(), "the spent stream is pruned");
}

#[test]
fn settle_reverts_for_unknown() {
    let mut s = Suite::new();
    let admin = s.admin.insecure_clone();
    assert_fails_with(s.rt.send(&[ads::settle_video(&[3; 32])], &[&admin]), AnchorError::AccountNotInitialized);
}

#[test]
fn settle_creator_cut_goes_to_creator_after_sale() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    s.transfer(&creator, &holder);
    s.open(10, 1_000).expect("open");
    s.rt.advance(100);
    s.settle();
    assert_eq!(s.claimable(&creator.pubkey()), 100, "10% cut");
    assert_eq!(s.claimable(&holder), 900, "owner gets the rest");
}

#[test]
fn sale_mid_stream_settles_first() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    s.open(10, 1_000).expect("open");
    s.rt.advance(40);
    s.transfer(&creator, &holder.pubkey());
    assert_eq!(s.revenue().cumulative_revenue, 400, "the transfer settled what streamed before it");
    assert_eq!(s.claimable(&creator.pubkey()), 400, "cut and owner share until the sale");
    assert_eq!(s.claimable(&holder.pubkey()), 0, "the buyer earns only what streams after");
    s.rt.advance(30);
    s.settle();
    assert_eq!(s.claimable(&holder.pubkey()), 270, "90% of 300 since the sale");
    assert_eq!(s.claim(&creator).expect("creator claims"), 430, "400 before the sale and the cut of 300 after");
    assert_eq!(s.claim(&holder).expect("holder claims"), 270);
}

/// The review's F1: a transfer settles every streaming campaign of the video first (a paused one
/// streams nothing), so the seller keeps all that streamed while it owned the video.
#[test]
fn f1_every_streaming_campaign_settles_before_a_transfer() {
    let mut s = Suite::new();
    for rate in [10, 20, 30] {
        s.open(rate, 1_000).expect("open");
    }
    let a = s.advertiser.pubkey();
    s.rt.send(&[ads::set_campaign_paused(&a, 3, &HASH, true)], &[&s.advertiser.insecure_clone()]).expect("pause");
    s.rt.advance(10);
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    let ix = nft::transfer(&creator.pubkey(), &creator.pubkey(), &HASH, &holder);
    let sent = s.rt.send(&[ix], &[&creator]).expect("transfer");
    let mut settled: Vec<(u64, u64, u64)> =
        sent.events::<RevenueSettled>().iter().map(|e| (e.campaign_id, e.amount, e.creator_amount)).collect();
    settled.sort();
    assert_eq!(settled, vec![(1, 100, 10), (2, 200, 20)], "both streaming campaigns, before the owner changed");
    assert_eq!(s.claimable(&creator.pubkey()), 300, "all of the 10 s before the transfer");
    assert_eq!(s.revenue().streams.len(), 2, "the paused campaign is not streaming");
}

/// The review's F4: the creator cut's rounding remainder is carried, not lost, across settlements.
#[test]
fn f4_creator_cut_remainder_is_carried() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    s.transfer(&creator, &holder);
    s.open(9, 1_000_000).expect("open");
    for _ in 0..100 {
        s.rt.advance(1);
        s.settle();
    }
    assert_eq!(s.claimable(&creator.pubkey()), 90, "10% of 900");
    assert_eq!(s.claimable(&holder), 810, "the rest");
}

#[test]
fn shares_pro_rata() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    s.fractionalize(&creator, 100).expect("fractionalize");
    s.send_shares(&creator, &holder, 25).expect("send shares");
    s.open(10, 1_000).expect("open");
    s.rt.advance(100);
    s.settle();
    assert_eq!(s.claimable(&holder), 225, "25% of 900");
    assert_eq!(s.claimable(&creator.pubkey()), 100 + 675, "cut + 75% of 900");
    assert_eq!(s.claim(&s.holder.insecure_clone()).expect("holder claims"), 225);
    assert_eq!(s.claim(&creator).expect("creator claims"), 775);
    assert_eq!(s.claimable(&holder), 0, "withdrawn");
}

/// A holder's record without its shares would read its correction alone, which for a holder that
/// bought shares after revenue accrued is a huge number: the claim is refused, not paid.
#[test]
fn a_holder_claims_with_its_shares_or_not_at_all() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    s.fractionalize(&creator, 100).expect("fractionalize");
    s.open(10, 1_000).expect("open");
    s.rt.advance(50);
    s.send_shares(&creator, &holder.pubkey(), 50).expect("send shares");
    s.rt.advance(10);
    let to = s.rt.create_token_account(&holder, &s.mint, &holder.pubkey()).expect("account");
    let mut ix = ads::claim(&holder.pubkey(), &s.mint, &to, &HASH, false, true);
    let holding = shares::holding(&HASH, &holder.pubkey());
    let slot = ix.accounts.iter_mut().find(|a| a.pubkey == holding).expect("the holding is named");
    slot.pubkey = tfx_ad_revenue::ID;
    slot.is_writable = false;
    assert_fails_with(s.rt.send(&[ix], &[&holder]), AdRevenueError::HoldingMissing);
    assert_eq!(s.rt.token_balance(&to), 0, "nothing paid");
    // Half of 90% of the 10 s since it bought, 45, less the accumulator's division dust (90/100 per
    // share is no whole number of 2^-64 units): rounded down, never up.
    assert_eq!(s.claim(&holder).expect("claims with its shares"), 44);
}

#[test]
fn shares_transfer_after_settle_keeps_earned() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    s.fractionalize(&creator, 100).expect("fractionalize");
    s.open(10, 1_000).expect("open");
    s.rt.advance(100);
    s.settle();
    let sent = s.send_shares(&creator, &holder, 100).expect("send shares");
    let moved = SharesTransferred {
        operator: creator.pubkey(),
        video_id: HASH,
        from: creator.pubkey(),
        to: holder,
        amount: 100,
    };
    assert_eq!(sent.events::<SharesTransferred>(), vec![moved]);
    assert_eq!(s.claimable(&creator.pubkey()), 1_000, "earned before transfer stays");
    assert_eq!(s.claimable(&holder), 0, "buyer earns only later revenue");
    s.rt.advance(10);
    s.settle();
    assert_eq!(s.claimable(&holder), 0, "deposit exhausted");
}

#[test]
fn shares_transfer_needs_the_balance_and_a_receiver() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    s.fractionalize(&creator, 10).expect("fractionalize");
    assert_fails_with(s.send_shares(&creator, &holder.pubkey(), 11), VideoSharesError::InsufficientBalance);
    assert_fails_with(s.send_shares(&creator, &Pubkey::default(), 1), VideoSharesError::InvalidReceiver);
    assert_fails_with(s.send_shares(&holder, &creator.pubkey(), 1), AnchorError::AccountNotInitialized);
    s.send_shares(&creator, &creator.pubkey(), 4).expect("to oneself: a no-op, as ERC-1155");
    assert_eq!(s.shares_of(&creator.pubkey()), 10);
}

#[test]
fn hook_only_shares() {
    let mut s = Suite::new();
    let (creator, thief) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    s.fractionalize(&creator, 10).expect("fractionalize");
    let accounts = tfx_ad_revenue::accounts::OnSharesTransfer {
        shares: thief.pubkey(),
        config: ads::config(),
        revenue: ads::revenue(&HASH),
        from_holder: ads::holder(&HASH, &creator.pubkey()),
        to_holder: ads::holder(&HASH, &thief.pubkey()),
        payer: thief.pubkey(),
        system_program: anchor_lang::system_program::ID,
        event_authority: tfx_ad_revenue::EVENT_AUTHORITY_AND_BUMP.0,
        program: tfx_ad_revenue::ID,
    };
    let args = tfx_ad_revenue::instruction::OnSharesTransfer {
        video_id: HASH,
        from: creator.pubkey(),
        to: thief.pubkey(),
        value: 10,
    };
    let ix = solana_instruction::Instruction {
        program_id: tfx_ad_revenue::ID,
        accounts: anchor_lang::ToAccountMetas::to_account_metas(&accounts, None),
        data: anchor_lang::InstructionData::data(&args),
    };
    assert_fails_with(s.rt.send(&[ix], &[&thief]), AnchorError::ConstraintSeeds);
}

#[test]
fn redeem_returns_nft_and_revenue_goes_to_owner() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let sent = s.fractionalize(&creator, 10).expect("fractionalize");
    let locked = VideoFractionalized { video_id: HASH, owner: creator.pubkey(), supply: 10 };
    assert_eq!(sent.events::<VideoFractionalized>(), vec![locked]);
    assert_eq!(s.nft_owner(), shares::config(), "locked");
    let sent = s.redeem(&creator).expect("redeem");
    assert_eq!(sent.events::<VideoRedeemed>(), vec![VideoRedeemed { video_id: HASH, holder: creator.pubkey() }]);
    assert_eq!(s.nft_owner(), creator.pubkey(), "returned");
    assert_eq!(s.shares_of(&creator.pubkey()), 0, "burned");
    let supply: tfx_video_shares::ShareSupply = s.rt.account(&shares::supply(&HASH)).expect("supply");
    assert_eq!(supply.supply, 0, "burned");
    s.open(10, 1_000).expect("open");
    s.rt.advance(10);
    s.settle();
    assert_eq!(s.claimable(&creator.pubkey()), 100, "the owner again takes the holders' part");
}

#[test]
fn redeem_needs_whole_supply() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    assert_fails_with(s.redeem(&creator), AnchorError::AccountNotInitialized);
    s.fractionalize(&creator, 10).expect("fractionalize");
    s.send_shares(&creator, &holder, 1).expect("send shares");
    assert_fails_with(s.redeem(&creator), VideoSharesError::IncompleteSupply);
    s.send_shares(&s.holder.insecure_clone(), &creator.pubkey(), 1).expect("back");
    s.redeem(&creator).expect("redeem");
    assert_fails_with(s.redeem(&creator), VideoSharesError::NotFractionalized);
}

#[test]
fn fractionalize_rejects_bad_supply_and_a_video_not_owned() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    assert_fails_with(s.fractionalize(&creator, 0), VideoSharesError::InvalidSupply);
    let [_, fractionalize] = shares::fractionalize(&holder.pubkey(), &HASH, 10);
    assert_fails_with(s.rt.send(&[fractionalize], &[&holder]), VideoSharesError::NotOwner);
    let [_, fractionalize] = shares::fractionalize(&creator.pubkey(), &HASH, 10);
    assert_fails_with(s.rt.send(&[fractionalize], &[&creator]), VideoNftError::InsufficientApproval);
    assert_eq!(s.nft_owner(), creator.pubkey(), "still the creator's");
}

/// The review's F1: a share buyer does not take what streamed before it bought.
#[test]
fn f1_share_buyer_does_not_take_the_backlog() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    s.fractionalize(&creator, 100).expect("fractionalize");
    s.open(1_000_000, 100_000_000_000).expect("open");
    s.rt.advance(100_000);
    s.send_shares(&creator, &holder, 50).expect("send shares");
    s.settle();
    assert_eq!(s.claimable(&holder), 0, "the buyer held for no time");
    assert_eq!(s.claimable(&creator.pubkey()), 100_000_000_000, "the seller held for all of it");
    s.rt.advance(10);
    s.settle();
    assert_eq!(s.claimable(&holder), 0, "deposit was spent before the sale");
}

/// The review's F1: fractionalizing and redeeming settle first.
#[test]
fn f1_redeem_and_fractionalize_settle_first() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    s.open(10, 10_000).expect("open");
    s.rt.advance(10);
    s.fractionalize(&creator, 10).expect("fractionalize");
    assert_eq!(s.claimable(&creator.pubkey()), 100, "owner revenue before fractionalizing");
    s.rt.advance(10);
    s.redeem(&creator).expect("redeem");
    assert_eq!(s.claimable(&creator.pubkey()), 200, "share revenue before redeeming");
    assert_eq!(s.remaining(1), 9_800, "settled twice");
    assert_eq!(s.claim(&creator).expect("claim"), 200, "owner, credit and share revenue in one claim");
}

/// The review's F4: a refractionalized video restarts the accumulator, so the largest supply after
/// a supply of one cannot overflow it.
#[test]
fn f4_refractionalize_with_a_huge_supply() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
    s.fractionalize(&creator, 1).expect("fractionalize");
    s.open(1_000_000_000, 1_000_000_000_000).expect("open");
    s.rt.advance(1_000);
    s.settle();
    s.redeem(&creator).expect("redeem");
    s.fractionalize(&creator, u64::MAX).expect("fractionalize again");
    s.send_shares(&creator, &holder, u64::MAX / 2).expect("send shares");
    assert_eq!(s.claimable(&creator.pubkey()), 1_000_000_000_000, "everything streamed while it held");
    assert_eq!(s.claimable(&holder), 0, "nothing streamed since");
}

/// The review's F6: a plain transfer to VideoShares would lock the video without shares.
#[test]
fn f6_plain_transfer_to_shares_is_refused() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let ix = nft::transfer(&creator.pubkey(), &creator.pubkey(), &HASH, &shares::config());
    assert_fails_with(s.rt.send(&[ix], &[&creator]), VideoNftError::UseFractionalize);
    assert_eq!(s.nft_owner(), creator.pubkey(), "still the creator's");
}

#[test]
fn claim_pays_and_resets() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    s.open(10, 1_000).expect("open");
    s.rt.advance(50);
    s.settle();
    let to = s.rt.create_token_account(&creator, &s.mint, &creator.pubkey()).expect("account");
    let sent =
        s.rt.send(&[ads::claim(&creator.pubkey(), &s.mint, &to, &HASH, false, false)], &[&creator]).expect("claim");
    let claimed = RevenueClaimed { video_id: HASH, account: creator.pubkey(), amount: 500 };
    assert_eq!(sent.events::<RevenueClaimed>(), vec![claimed]);
    assert_eq!(s.rt.token_balance(&to), 500, "paid");
    assert_eq!(s.claimable(&creator.pubkey()), 0, "reset");
    // No time passed since: a claim (which settles first) finds nothing.
    assert_fails_with(s.claim(&creator), AdRevenueError::NothingToClaim);
}

#[test]
fn top_up_settles_then_adds() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    s.rt.advance(50);
    let a = s.advertiser.pubkey();
    let ix = ads::top_up(&a, &s.mint, &s.advertiser_tokens, 1, &HASH, 500);
    let sent = s.rt.send(&[ix], &[&s.advertiser]).expect("top up");
    assert_eq!(
        sent.events::<CampaignToppedUp>(),
        vec![CampaignToppedUp { campaign_id: 1, amount: 500, remaining: 1_000 }]
    );
    assert_eq!(sent.events::<RevenueSettled>().len(), 1, "settled first");
    assert_eq!(s.revenue().cumulative_revenue, 500);
    assert_eq!(s.rt.token_balance(&ads::vault()), 1_500);
}

#[test]
fn top_up_only_advertiser() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    let holder = s.holder.insecure_clone();
    let tokens = s.rt.create_token_account(&holder, &s.mint, &holder.pubkey()).expect("account");
    let ix = ads::top_up(&holder.pubkey(), &s.mint, &tokens, 1, &HASH, 1);
    assert_fails_with(s.rt.send(&[ix], &[&holder]), AdRevenueError::NotAdvertiser);
    let pause = ads::set_campaign_paused(&holder.pubkey(), 1, &HASH, true);
    assert_fails_with(s.rt.send(&[pause], &[&holder]), AdRevenueError::NotAdvertiser);
}

#[test]
fn pause_stops_streaming() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    s.rt.advance(10);
    let pause = |paused| ads::set_campaign_paused(&s.advertiser.pubkey(), 1, &HASH, paused);
    let (stop, resume) = (pause(true), pause(false));
    let sent = s.rt.send(std::slice::from_ref(&stop), &[&s.advertiser]).expect("pause");
    assert_eq!(sent.events::<CampaignPaused>(), vec![CampaignPaused { campaign_id: 1, paused: true }]);
    s.rt.advance(100);
    s.settle();
    assert_eq!(s.revenue().cumulative_revenue, 100, "nothing streams while paused");
    assert_fails_with(s.rt.send(&[stop], &[&s.advertiser]), AdRevenueError::PauseUnchanged);
    s.rt.send(&[resume], &[&s.advertiser]).expect("resume");
    s.rt.advance(10);
    s.settle();
    assert_eq!(s.revenue().cumulative_revenue, 200, "streaming again from the resume");
    assert_eq!(s.remaining(1), 800);
}

#[test]
fn cancel_refunds_remainder() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    s.rt.advance(30);
    let before = s.rt.token_balance(&s.advertiser_tokens);
    let a = s.advertiser.pubkey();
    let cancel = ads::cancel(&a, &s.mint, &s.advertiser_tokens, 1, &HASH);
    let sent = s.rt.send(std::slice::from_ref(&cancel), &[&s.advertiser]).expect("cancel");
    assert_eq!(sent.events::<CampaignCancelled>(), vec![CampaignCancelled { campaign_id: 1, refund: 700 }]);
    assert_eq!(s.rt.token_balance(&s.advertiser_tokens), before + 700, "refunded");
    assert_eq!(s.claimable(&s.creator.pubkey()), 300, "what streamed stays earned");
    s.rt.advance(30);
    assert_fails_with(s.rt.send(&[cancel], &[&s.advertiser]), AdRevenueError::CampaignCancelled);
    let top_up = ads::top_up(&a, &s.mint, &s.advertiser_tokens, 1, &HASH, 1);
    assert_fails_with(s.rt.send(&[top_up], &[&s.advertiser]), AdRevenueError::CampaignCancelled);
    assert_eq!(s.rt.token_balance(&ads::vault()), 300, "only the earned revenue is held");
}

#[test]
fn set_creator_cut() {
    let mut s = Suite::new();
    let admin = s.admin.pubkey();
    let sent = s.rt.send(&[ads::set_creator_cut(&admin, 2_000)], &[&s.admin]).expect("set");
    assert_eq!(sent.events::<CreatorCutSet>(), vec![CreatorCutSet { creator_cut_bps: 2_000 }]);
    assert_fails_with(
        s.rt.send(&[ads::set_creator_cut(&admin, 10_001)], &[&s.admin]),
        AdRevenueError::InvalidCreatorCut,
    );
    let holder = s.holder.pubkey();
    assert_fails_with(s.rt.send(&[ads::set_creator_cut(&holder, 1)], &[&s.holder]), AdRevenueError::Unauthorized);
}

#[test]
fn at_most_sixteen_campaigns_stream_at_once() {
    let mut s = Suite::new();
    for _ in 0..MAX_ACTIVE_CAMPAIGNS - 1 {
        s.open(1, 1_000_000).expect("open");
    }
    s.open(1, 5).expect("the sixteenth, spent in five seconds");
    assert_fails_with(s.open(1, 1), AdRevenueError::TooManyCampaigns);
    s.rt.advance(5);
    s.open(1, 1).expect("the spent one is pruned to make room");
    assert_eq!(s.revenue().streams.len(), MAX_ACTIVE_CAMPAIGNS);
}

#[test]
fn only_video_nft_reports_transfers() {
    let mut s = Suite::new();
    s.open(10, 1_000).expect("open");
    let thief = s.holder.insecure_clone();
    let accounts = tfx_ad_revenue::accounts::OnVideoTransfer {
        videos: thief.pubkey(),
        config: ads::config(),
        revenue: ads::revenue(&HASH),
        seller_credit: ads::credit(&HASH, &s.creator.pubkey()),
        payer: thief.pubkey(),
        system_program: anchor_lang::system_program::ID,
        event_authority: tfx_ad_revenue::EVENT_AUTHORITY_AND_BUMP.0,
        program: tfx_ad_revenue::ID,
    };
    let args =
        tfx_ad_revenue::instruction::OnVideoTransfer { video_id: HASH, from: s.creator.pubkey(), to: thief.pubkey() };
    let ix = solana_instruction::Instruction {
        program_id: tfx_ad_revenue::ID,
        accounts: anchor_lang::ToAccountMetas::to_account_metas(&accounts, None),
        data: anchor_lang::InstructionData::data(&args),
    };
    assert_fails_with(s.rt.send(&[ix], &[&thief]), AnchorError::ConstraintSeeds);
    assert_eq!(s.revenue().owner, s.creator.pubkey(), "owner revenue still accrues to the owner");
}

#[test]
fn video_nft_calls_ad_revenue_by_its_id_and_instruction() {
    assert_eq!(tfx_video_nft::AD_REVENUE, tfx_ad_revenue::ID);
    assert_eq!(tfx_video_nft::VIDEO_SHARES_CUSTODY, shares::config(), "VideoShares' config PDA, spelled out");
    let discriminator = <tfx_ad_revenue::instruction::OnVideoTransfer as anchor_lang::Discriminator>::DISCRIMINATOR;
    let hashed = solana_sha256_hasher::hashv(&[b"global:on_video_transfer"]).to_bytes();
    assert_eq!(discriminator, &hashed[..8]);
}

/// One step of a random life of a video with one campaign streaming.
#[derive(Debug, Clone)]
enum Op {
    Wait(i64),
    /// The current owner sells to account `n`.
    Sell(usize),
    Settle,
    /// Account `n` claims.
    Claim(usize),
    TopUp(u64),
    Pause,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1..200i64).prop_map(Op::Wait),
        (0..3usize).prop_map(Op::Sell),
        Just(Op::Settle),
        (0..3usize).prop_map(Op::Claim),
        (1..5_000u64).prop_map(Op::TopUp),
        Just(Op::Pause),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The vault holds exactly what is unclaimed plus what is unstreamed; claims plus what is
    /// unclaimed equal the valuation; each owner's revenue follows the time it held the video.
    #[test]
    fn balance_covers_unclaimed_and_unstreamed_and_revenue_follows_holding_time(ops in prop::collection::vec(op(), 1..24)) {
        let mut s = Suite::new();
        let people = [s.creator.insecure_clone(), s.holder.insecure_clone(), s.admin.insecure_clone()];
        let rate = 7;
        s.open(rate, 1_000_000).expect("open");
        let (mut owner, mut paused, mut claimed) = (0usize, false, [0u64; 3]);
        // Seconds each account held the video while the campaign streamed, and settlements made.
        let (mut held, mut settlements) = ([0i64; 3], 1u64);
        for op in ops {
            match op {
                Op::Wait(t) => {
                    s.rt.advance(t);
                    if !paused {
                        held[owner] += t;
                    }
                }
                Op::Sell(to) if to != owner => {
                    let (from, to_key) = (people[owner].insecure_clone(), people[to].pubkey());
                    s.transfer(&from, &to_key);
                    owner = to;
                    settlements += 1;
                }
                Op::Sell(_) => {}
                Op::Settle => {
                    s.settle();
                    settlements += 1;
                }
                Op::Claim(who) => {
                    if let Ok(amount) = s.claim(&people[who]) {
                        claimed[who] += amount;
                    }
                    settlements += 1;
                }
                Op::TopUp(amount) => {
                    let a = s.advertiser.pubkey();
                    let ix = ads::top_up(&a, &s.mint, &s.advertiser_tokens, 1, &HASH, amount);
                    s.rt.send(&[ix], &[&s.advertiser]).expect("top up");
                    settlements += 1;
                }
                Op::Pause => {
                    paused = !paused;
                    let ix = ads::set_campaign_paused(&s.advertiser.pubkey(), 1, &HASH, paused);
                    s.rt.send(&[ix], &[&s.advertiser]).expect("pause or resume");
                    settlements += 1;
                }
            }
        }
        s.settle();
        let r = s.revenue();
        let unclaimed: u64 = people.iter().map(|p| s.claimable(&p.pubkey())).sum();
        prop_assert_eq!(s.rt.token_balance(&ads::vault()), unclaimed + s.remaining(1), "balance = unclaimed + unstreamed");
        prop_assert_eq!(claimed.iter().sum::<u64>() + unclaimed, r.cumulative_revenue, "every settled token is claimed or claimable");
        prop_assert_eq!(r.cumulative_revenue, rate * held.iter().sum::<i64>() as u64, "streamed = rate x streaming time");
        // The creator's cuts sum to the cut of the total (the remainder is carried, not dropped).
        let cuts = r.cumulative_revenue * u64::from(CUT_BPS) / BPS;
        for (i, p) in people.iter().enumerate() {
            let owner_share = rate * held[i] as u64 * (BPS - u64::from(CUT_BPS)) / BPS;
            let expected = owner_share + if i == 0 { cuts } else { 0 };
            let got = s.claimable(&p.pubkey()) + claimed[i];
            prop_assert!(got.abs_diff(expected) <= settlements, "account {}: {} vs {} ({} settlements)", i, got, expected, settlements);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// `testFuzz_claimsSumToStreamed`: whatever the supply and split, the two holders' claims sum
    /// to what streamed, less at most rounding dust.
    #[test]
    fn claims_sum_to_streamed(elapsed in 1..1_000_000i64, supply in 1..=u64::MAX, moved in any::<u64>()) {
        let mut s = Suite::new();
        let (creator, holder) = (s.creator.insecure_clone(), s.holder.pubkey());
        let moved = moved % supply.saturating_add(1);
        s.fractionalize(&creator, supply).expect("fractionalize");
        s.send_shares(&creator, &holder, moved).expect("send shares");
        s.open(1_000_000, 500_000_000_000).expect("open");
        s.rt.advance(elapsed);
        s.settle();
        let (a, b) = (s.claimable(&creator.pubkey()), s.claimable(&holder));
        let streamed = s.revenue().cumulative_revenue;
        prop_assert!(a + b <= streamed, "never more than streamed");
        prop_assert!(a + b + 2 >= streamed, "at most rounding dust left");
    }
}

/// One step of a random life of a fractionalized video with one campaign streaming.
#[derive(Debug, Clone)]
enum ShareOp {
    Wait(i64),
    /// Account `from` sends `amount` of its shares (modulo its balance) to account `to`.
    Send(usize, usize, u64),
    Settle,
    Claim(usize),
}

fn share_op() -> impl Strategy<Value = ShareOp> {
    prop_oneof![
        (1..200i64).prop_map(ShareOp::Wait),
        (0..3usize, 0..3usize, any::<u64>()).prop_map(|(f, t, a)| ShareOp::Send(f, t, a)),
        Just(ShareOp::Settle),
        (0..3usize).prop_map(ShareOp::Claim),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Holder revenue follows share-holding time: each account earns the holders' part of what
    /// streamed while it held shares, pro rata, within rounding. A share transfer never moves
    /// what is already claimable (the EVM suite's `invariant_shareTransfersNeverMoveClaims`), and
    /// the vault always covers what is unclaimed plus what is unstreamed.
    #[test]
    fn share_revenue_follows_holding_time(supply in 1..1_000_000u64, ops in prop::collection::vec(share_op(), 1..24)) {
        let mut s = Suite::new();
        let people = [s.creator.insecure_clone(), s.holder.insecure_clone(), s.admin.insecure_clone()];
        s.fractionalize(&people[0], supply).expect("fractionalize");
        let rate = 1_000;
        s.open(rate, 1_000_000_000).expect("open");
        let mut balances = [supply, 0, 0];
        // Each account's exact share of the holders' revenue, in units of 1/supply.
        let mut earned = [0u128; 3];
        let (mut claimed, mut settlements) = ([0u64; 3], 1u64);
        let holders_per_second = u128::from(rate) * u128::from(BPS - u64::from(CUT_BPS)) / u128::from(BPS);
        for op in ops {
            match op {
                ShareOp::Wait(t) => {
                    s.rt.advance(t);
                    for (e, b) in earned.iter_mut().zip(balances) {
                        *e += holders_per_second * t as u128 * u128::from(b);
                    }
                }
                // An account that never held shares has no record to send from.
                ShareOp::Send(from, _, _) if s.rt.svm.get_account(&shares::holding(&HASH, &people[from].pubkey())).is_none() => {}
                ShareOp::Send(from, to, amount) => {
                    let amount = amount % (balances[from] + 1);
                    s.settle();
                    let before: Vec<u64> = people.iter().map(|p| s.claimable(&p.pubkey())).collect();
                    let (sender, receiver) = (people[from].insecure_clone(), people[to].pubkey());
                    s.send_shares(&sender, &receiver, amount).expect("send shares");
                    let after: Vec<u64> = people.iter().map(|p| s.claimable(&p.pubkey())).collect();
                    prop_assert_eq!(before, after, "a share transfer moved what was claimable");
                    balances[from] -= amount;
                    balances[to] += amount;
                    settlements += 1;
                }
                ShareOp::Settle => {
                    s.settle();
                    settlements += 1;
                }
                ShareOp::Claim(who) => {
                    if let Ok(amount) = s.claim(&people[who]) {
                        claimed[who] += amount;
                    }
                    settlements += 1;
                }
            }
        }
        s.settle();
        for (i, p) in people.iter().enumerate() {
            prop_assert_eq!(s.shares_of(&p.pubkey()), balances[i], "account {} shares", i);
        }
        let unclaimed: u64 = people.iter().map(|p| s.claimable(&p.pubkey())).sum();
        prop_assert!(s.rt.token_balance(&ads::vault()) >= unclaimed + s.remaining(1), "the vault covers unclaimed + unstreamed");
        let streamed = s.revenue().cumulative_revenue;
        let cuts = streamed * u64::from(CUT_BPS) / BPS;
        for (i, p) in people.iter().enumerate() {
            let expected = (earned[i] / u128::from(supply)) as u64 + if i == 0 { cuts } else { 0 };
            let got = s.claimable(&p.pubkey()) + claimed[i];
            prop_assert!(got.abs_diff(expected) <= settlements + 1, "account {}: {} vs {} ({} settlements)", i, got, expected, settlements);
        }
    }
}

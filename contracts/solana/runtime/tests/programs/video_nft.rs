//! VideoNft in the Agave runtime, test for test with `contracts/evm/test/VideoNft.t.sol`.
//!
//! Not mirrored: `mintBatch` (a Solana transaction carries several `mint` instructions, each
//! revealing its own commitment, and is atomic as a whole: `a_transaction_of_mints_is_atomic`),
//! `supportsInterface` and `tokenURI` (no ERC-165 on Solana; the base URI is stored and read as
//! account data), and `balanceOf` (an indexer counts owners' videos).

use anchor_lang::error::ErrorCode as AnchorError;
use anchor_lang::prelude::Pubkey;
use proptest::prelude::*;
use solana_keypair::Keypair;
use solana_signer::Signer;
use tfx_solana_runtime::video_nft as nft;
use tfx_solana_runtime::{Failed, Runtime, assert_fails_with};
use tfx_video_nft::{BaseUriSet, Config, MintCommitted, Video, VideoMinted, VideoNftError, VideoTransferred};

const MIN_AGE: i64 = 60;
const MAX_AGE: i64 = 3_600;
const HASH: [u8; 32] = [0x11; 32];
const PLAYBACK: &str = "playback0001";

struct Suite {
    rt: Runtime,
    admin: Keypair,
    creator: Keypair,
    holder: Keypair,
    operator: Keypair,
}

impl Suite {
    fn new() -> Self {
        let mut rt = Runtime::new();
        rt.set_time(1_800_000_000);
        let admin = rt.funded();
        let (creator, holder, operator) = (rt.funded(), rt.funded(), rt.funded());
        rt.send(&[nft::initialize(&admin.pubkey(), MIN_AGE, MAX_AGE)], &[&admin]).expect("initialize");
        Self { rt, admin, creator, holder, operator }
    }

    fn commit(&mut self, who: &Keypair, hash: &[u8; 32]) -> [u8; 32] {
        let salt = [0x5A; 32];
        self.rt.send(&[nft::commit_mint(&who.pubkey(), &who.pubkey(), &salt, hash)], &[who]).expect("commit");
        salt
    }

    fn mint_with(
        &mut self,
        who: &Keypair,
        hash: &[u8; 32],
        playback: &str,
        royalty: u16,
        salt: &[u8; 32],
    ) -> Result<Vec<VideoMinted>, Failed> {
        let ix = nft::mint(&who.pubkey(), hash, playback, royalty, salt, false);
        Ok(self.rt.send(&[ix], &[who])?.events())
    }

    /// Commits, waits out the minimum age and mints with a 5% royalty.
    fn mint_video(&mut self, who: &Keypair, hash: &[u8; 32]) {
        let salt = self.commit(who, hash);
        self.rt.advance(MIN_AGE);
        self.mint_with(who, hash, PLAYBACK, 500, &salt).expect("mint");
    }

    fn video(&self, hash: &[u8; 32]) -> Video {
        self.rt.account(&nft::video(hash)).expect("video account")
    }

    fn supply(&self) -> u64 {
        self.rt.account::<Config>(&nft::config()).expect("config").total_supply
    }
}

#[test]
fn mint_records_video() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let salt = s.commit(&creator, &HASH);
    s.rt.advance(MIN_AGE);
    let ix = nft::mint(&creator.pubkey(), &HASH, PLAYBACK, 500, &salt, false);
    let sent = s.rt.send(&[ix], &[&creator]).expect("mint");
    let expected =
        VideoMinted { video_id: HASH, creator: creator.pubkey(), playback_id: PLAYBACK.into(), royalty_bps: 500 };
    assert_eq!(sent.events::<VideoMinted>(), vec![expected]);
    let from_nobody = VideoTransferred { video_id: HASH, from: Pubkey::default(), to: creator.pubkey() };
    assert_eq!(sent.events::<VideoTransferred>(), vec![from_nobody], "ERC-721's mint Transfer");
    let v = s.video(&HASH);
    assert_eq!((v.creator, v.owner), (creator.pubkey(), creator.pubkey()), "creator and owner");
    assert_eq!((v.playback_id.as_str(), v.royalty_bps), (PLAYBACK, 500), "playback and royalty");
    assert_eq!(v.minted_at, s.rt.clock().unix_timestamp, "minted at");
    assert_eq!(s.supply(), 1, "supply");
    assert!(
        s.rt.svm
            .get_account(&nft::commitment(&tfx_video_nft::mint_commitment(&creator.pubkey(), &salt, &HASH)))
            .is_none_or(|a| a.lamports == 0),
        "the commitment is closed"
    );
}

#[test]
fn mint_royalty_info_pays_creator() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    s.mint_video(&creator, &HASH);
    assert_eq!(s.video(&HASH).royalty_of(10_000), (creator.pubkey(), 500), "5%");
}

#[test]
fn mint_reverts_on_zero_hash() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    // Named without a commitment account, so that the program's own checks run.
    let ix = nft::mint(&creator.pubkey(), &[0; 32], PLAYBACK, 0, &[0; 32], true);
    assert_fails_with(s.rt.send(&[ix], &[&creator]), VideoNftError::InvalidContentHash);
}

#[test]
fn mint_reverts_on_duplicate() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    s.mint_video(&creator, &HASH);
    let salt = s.commit(&holder, &HASH);
    s.rt.advance(MIN_AGE);
    assert_fails_with(s.mint_with(&holder, &HASH, PLAYBACK, 0, &salt), VideoNftError::AlreadyMinted);
}

#[test]
fn mint_reverts_on_bad_playback_id() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let salt = s.commit(&creator, &HASH);
    s.rt.advance(MIN_AGE);
    assert_fails_with(s.mint_with(&creator, &HASH, "", 0, &salt), VideoNftError::InvalidPlaybackId);
    assert_fails_with(s.mint_with(&creator, &HASH, &"x".repeat(65), 0, &salt), VideoNftError::InvalidPlaybackId);
}

#[test]
fn mint_reverts_on_royalty_too_high() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let salt = s.commit(&creator, &HASH);
    s.rt.advance(MIN_AGE);
    assert_fails_with(s.mint_with(&creator, &HASH, PLAYBACK, 2_501, &salt), VideoNftError::RoyaltyTooHigh);
}

#[test]
fn mint_reverts_when_paused() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let salt = s.commit(&creator, &HASH);
    s.rt.advance(MIN_AGE);
    s.rt.send(&[nft::pause(&s.admin.pubkey())], &[&s.admin]).expect("pause");
    assert_fails_with(s.mint_with(&creator, &HASH, PLAYBACK, 0, &salt), VideoNftError::Paused);
    let other = [0x22; 32];
    let commit = nft::commit_mint(&creator.pubkey(), &creator.pubkey(), &salt, &other);
    assert_fails_with(s.rt.send(&[commit], &[&creator]), VideoNftError::Paused);
}

#[test]
fn pause_only_pauser() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    assert_fails_with(s.rt.send(&[nft::pause(&creator.pubkey())], &[&creator]), VideoNftError::Unauthorized);
}

#[test]
fn unpause_allows_minting() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let admin = s.admin.pubkey();
    s.rt.send(&[nft::pause(&admin)], &[&s.admin]).expect("pause");
    s.rt.send(&[nft::unpause(&admin)], &[&s.admin]).expect("unpause");
    s.mint_video(&creator, &HASH);
    assert_eq!(s.supply(), 1);
}

#[test]
fn a_commitment_is_revealable_only_inside_its_window() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let salt = s.commit(&creator, &HASH);
    assert_fails_with(s.mint_with(&creator, &HASH, PLAYBACK, 0, &salt), VideoNftError::CommitmentTooNew);
    // A live commitment cannot be renewed to move its window.
    let again = nft::commit_mint(&creator.pubkey(), &creator.pubkey(), &salt, &HASH);
    assert_fails_with(s.rt.send(std::slice::from_ref(&again), &[&creator]), VideoNftError::AlreadyCommitted);
    s.rt.advance(MAX_AGE + 1);
    assert_fails_with(s.mint_with(&creator, &HASH, PLAYBACK, 0, &salt), VideoNftError::UnknownCommitment);
    // An expired one can be made again.
    let renewed: Vec<MintCommitted> = s.rt.send(&[again], &[&creator]).expect("recommit").events();
    assert_eq!(renewed[0].committed_at, s.rt.clock().unix_timestamp);
}

#[test]
fn a_commitment_binds_its_creator_salt_and_hash() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    let salt = s.commit(&creator, &HASH);
    s.rt.advance(MIN_AGE);
    // Someone who saw the content hash cannot mint it under the creator's commitment...
    let theft = nft::mint(&holder.pubkey(), &HASH, PLAYBACK, 0, &salt, false);
    assert_fails_with(s.rt.send(&[theft], &[&holder]), AnchorError::AccountNotInitialized);
    // ...nor pass the creator's commitment account for their own mint.
    let mut forged = nft::mint(&holder.pubkey(), &HASH, PLAYBACK, 0, &salt, false);
    forged.accounts[3].pubkey = nft::commitment(&tfx_video_nft::mint_commitment(&creator.pubkey(), &salt, &HASH));
    assert_fails_with(s.rt.send(&[forged], &[&holder]), VideoNftError::UnknownCommitment);
    // A mint naming no commitment for an id nobody reserved is refused.
    let bare = nft::mint(&holder.pubkey(), &HASH, PLAYBACK, 0, &salt, true);
    assert_fails_with(s.rt.send(&[bare], &[&holder]), VideoNftError::UnknownCommitment);
    s.mint_with(&creator, &HASH, PLAYBACK, 0, &salt).expect("the creator mints");
}

#[test]
fn a_reserved_id_is_minted_by_its_creator_alone_without_a_commitment() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    let reserve = nft::reserve(&s.admin.pubkey(), &HASH, &creator.pubkey());
    s.rt.send(&[reserve], &[&s.admin]).expect("reserve");
    let bare = |who: &Keypair| nft::mint(&who.pubkey(), &HASH, PLAYBACK, 100, &[0; 32], true);
    assert_fails_with(s.rt.send(&[bare(&holder)], &[&holder]), VideoNftError::Reserved);
    s.rt.send(&[bare(&creator)], &[&creator]).expect("the reserved creator mints");
    assert_eq!(s.video(&HASH).owner, creator.pubkey());
    let late = nft::reserve(&s.admin.pubkey(), &HASH, &holder.pubkey());
    assert_fails_with(s.rt.send(&[late], &[&s.admin]), VideoNftError::AlreadyMinted);
    let by_creator = nft::reserve(&creator.pubkey(), &[0x33; 32], &creator.pubkey());
    assert_fails_with(s.rt.send(&[by_creator], &[&creator]), VideoNftError::Unauthorized);
}

#[test]
fn a_transaction_of_mints_is_atomic() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let other = [0x44; 32];
    let salt = s.commit(&creator, &HASH);
    s.commit(&creator, &other);
    s.rt.advance(MIN_AGE);
    let good = nft::mint(&creator.pubkey(), &HASH, PLAYBACK, 0, &salt, false);
    let bad = nft::mint(&creator.pubkey(), &other, PLAYBACK, 9_999, &salt, false);
    assert_fails_with(s.rt.send(&[good.clone(), bad], &[&creator]), VideoNftError::RoyaltyTooHigh);
    assert_eq!(s.supply(), 0, "nothing minted");
    let both = [good, nft::mint(&creator.pubkey(), &other, PLAYBACK, 0, &salt, false)];
    s.rt.send(&both, &[&creator]).expect("both");
    assert_eq!(s.supply(), 2);
}

#[test]
fn transfer_moves_ownership_and_clears_approval() {
    let mut s = Suite::new();
    let (creator, holder, operator) =
        (s.creator.insecure_clone(), s.holder.insecure_clone(), s.operator.insecure_clone());
    s.mint_video(&creator, &HASH);
    s.rt.send(&[nft::approve(&creator.pubkey(), &HASH, Some(operator.pubkey()))], &[&creator]).expect("approve");
    let moved: Vec<VideoTransferred> =
        s.rt.send(&[nft::transfer(&creator.pubkey(), &creator.pubkey(), &HASH, &holder.pubkey())], &[&creator])
            .expect("transfer")
            .events();
    assert_eq!(moved, vec![VideoTransferred { video_id: HASH, from: creator.pubkey(), to: holder.pubkey() }]);
    let v = s.video(&HASH);
    assert_eq!(v.owner, holder.pubkey(), "owner");
    assert_eq!(v.approved, None, "approval cleared");
    assert_eq!(v.creator, creator.pubkey(), "creator unchanged");
    assert_eq!(v.royalty_of(1).0, creator.pubkey(), "royalty stays with the creator");
}

#[test]
fn transfer_by_approved_operator() {
    let mut s = Suite::new();
    let (creator, holder, operator) =
        (s.creator.insecure_clone(), s.holder.insecure_clone(), s.operator.insecure_clone());
    s.mint_video(&creator, &HASH);
    s.rt.send(&[nft::approve(&creator.pubkey(), &HASH, Some(operator.pubkey()))], &[&creator]).expect("approve");
    s.rt.send(&[nft::transfer(&operator.pubkey(), &creator.pubkey(), &HASH, &holder.pubkey())], &[&operator])
        .expect("transfer");
    assert_eq!(s.video(&HASH).owner, holder.pubkey(), "owner");
    // The approval was for one transfer: the operator cannot move it on.
    let again = nft::transfer(&operator.pubkey(), &holder.pubkey(), &HASH, &operator.pubkey());
    assert_fails_with(s.rt.send(&[again], &[&operator]), VideoNftError::InsufficientApproval);
}

#[test]
fn transfer_reverts_unauthorized() {
    let mut s = Suite::new();
    let (creator, holder) = (s.creator.insecure_clone(), s.holder.insecure_clone());
    s.mint_video(&creator, &HASH);
    let steal = nft::transfer(&holder.pubkey(), &creator.pubkey(), &HASH, &holder.pubkey());
    assert_fails_with(s.rt.send(&[steal], &[&holder]), VideoNftError::InsufficientApproval);
    let approve = nft::approve(&holder.pubkey(), &HASH, Some(holder.pubkey()));
    assert_fails_with(s.rt.send(&[approve], &[&holder]), VideoNftError::NotOwner);
}

#[test]
fn transfer_reverts_for_unknown_token() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let ix = nft::transfer(&creator.pubkey(), &creator.pubkey(), &[7; 32], &s.holder.pubkey());
    assert_fails_with(s.rt.send(&[ix], &[&creator]), AnchorError::AccountNotInitialized);
    // A reserved id exists as an account but is no video yet.
    s.rt.send(&[nft::reserve(&s.admin.pubkey(), &[8; 32], &creator.pubkey())], &[&s.admin]).expect("reserve");
    // Its record's owner is nobody yet: that is the seller a client derives AdRevenue's credit from.
    let ix = nft::transfer(&creator.pubkey(), &Pubkey::default(), &[8; 32], &s.holder.pubkey());
    assert_fails_with(s.rt.send(&[ix], &[&creator]), VideoNftError::NonexistentVideo);
}

#[test]
fn transfer_reverts_to_zero() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    s.mint_video(&creator, &HASH);
    let ix = nft::transfer(&creator.pubkey(), &creator.pubkey(), &HASH, &anchor_lang::prelude::Pubkey::default());
    assert_fails_with(s.rt.send(&[ix], &[&creator]), VideoNftError::InvalidReceiver);
}

#[test]
fn transfer_reverts_when_paused() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    s.mint_video(&creator, &HASH);
    s.rt.send(&[nft::pause(&s.admin.pubkey())], &[&s.admin]).expect("pause");
    let ix = nft::transfer(&creator.pubkey(), &creator.pubkey(), &HASH, &s.holder.pubkey());
    assert_fails_with(s.rt.send(&[ix], &[&creator]), VideoNftError::Paused);
}

#[test]
fn set_base_uri_is_stored_and_announced() {
    let mut s = Suite::new();
    let base = "https://api.example/v1/metadata/solana/";
    let set: Vec<BaseUriSet> =
        s.rt.send(&[nft::set_base_uri(&s.admin.pubkey(), base)], &[&s.admin]).expect("set").events();
    assert_eq!(set, vec![BaseUriSet { base_uri: base.into() }]);
    assert_eq!(s.rt.account::<Config>(&nft::config()).expect("config").base_uri, base);
}

#[test]
fn set_base_uri_only_admin() {
    let mut s = Suite::new();
    let creator = s.creator.insecure_clone();
    let ix = nft::set_base_uri(&creator.pubkey(), "https://squatter.example/");
    assert_fails_with(s.rt.send(&[ix], &[&creator]), VideoNftError::Unauthorized);
}

#[test]
fn initialize_refuses_bad_commit_ages() {
    for (min, max) in [(0, 10), (10, 10), (10, 30 * 86_400 + 1)] {
        let mut rt = Runtime::new();
        let admin = rt.funded();
        let failed = rt.send(&[nft::initialize(&admin.pubkey(), min, max)], &[&admin]);
        assert_fails_with(failed, VideoNftError::InvalidCommitAges);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Any valid hash, royalty and playback length mints, owned by its creator, with its royalty.
    #[test]
    fn mint_any_valid_input(hash in any::<[u8; 32]>().prop_filter("non-zero", |h| *h != [0; 32]), royalty in 0u16..=2_500, len in 1usize..=64) {
        let mut s = Suite::new();
        let creator = s.rt.funded();
        let salt = s.commit(&creator, &hash);
        s.rt.advance(MIN_AGE);
        s.mint_with(&creator, &hash, &"p".repeat(len), royalty, &salt).expect("mint");
        let v = s.video(&hash);
        prop_assert_eq!(v.owner, creator.pubkey());
        prop_assert_eq!(v.playback_id.len(), len);
        prop_assert_eq!(v.royalty_of(1_000_000_000).1, 1_000_000_000 * u64::from(royalty) / 10_000);
    }
}

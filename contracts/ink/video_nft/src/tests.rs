//! `contracts/evm/test/VideoNft.t.sol`, case for case, on ink!'s off-chain engine.

use crate::video_nft::*;
use ink::U256;
use ink::env::DefaultEnvironment;
use ink::env::test;
use ink::primitives::Address;
use ink::sol::FixedBytes;

const T0: u64 = 1_700_000_000;
const PLAYBACK: &str = "f5eese9wwl88k4g8";

fn hash(n: u8) -> FixedBytes<32> {
    FixedBytes([n; 32])
}

fn id(n: u8) -> U256 {
    U256::from_big_endian(&[n; 32])
}

fn admin() -> Address {
    test::default_accounts().alice
}

fn creator() -> Address {
    test::default_accounts().bob
}

fn holder() -> Address {
    test::default_accounts().charlie
}

fn as_caller(a: Address) {
    test::set_caller(a);
}

fn deploy() -> VideoNft {
    test::set_block_timestamp::<DefaultEnvironment>(T0);
    as_caller(admin());
    VideoNft::new(admin())
}

fn minted(n: u8) -> VideoNft {
    let mut nft = deploy();
    as_caller(creator());
    nft.mint(hash(n), PLAYBACK.into(), 500).expect("mint");
    nft
}

#[ink::test]
fn mint_records_video() {
    let nft = minted(1);
    assert_eq!(
        nft.video_of(id(1)),
        Ok(tfx_ink_sol::Outputs((creator(), creator(), hash(1), PLAYBACK.into(), 500, T0)))
    );
    assert_eq!(nft.owner_of(id(1)), Ok(creator()));
    assert_eq!(nft.balance_of(creator()), Ok(U256::one()));
    assert_eq!(nft.total_supply(), U256::one());
    assert_eq!(nft.creator_of(id(1)), creator());
    assert_eq!(nft.playback_id_of(id(1)), Ok(PLAYBACK.into()));
    assert_eq!(test::recorded_events().len(), 2, "Transfer and VideoMinted");
}

#[ink::test]
fn mint_royalty_info_pays_creator() {
    let nft = minted(1);
    assert_eq!(nft.royalty_info(id(1), U256::from(10_000)), (creator(), U256::from(500)));
}

#[ink::test]
fn mint_reverts_on_zero_hash() {
    let mut nft = deploy();
    assert_eq!(nft.mint(FixedBytes([0; 32]), PLAYBACK.into(), 0), Err(Error::VideoNftInvalidContentHash));
}

#[ink::test]
fn mint_reverts_on_duplicate() {
    let mut nft = minted(1);
    as_caller(holder());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0), Err(Error::VideoNftAlreadyMinted(id(1))));
}

#[ink::test]
fn mint_reverts_on_bad_playback_id() {
    let mut nft = deploy();
    assert_eq!(nft.mint(hash(1), String::new(), 0), Err(Error::VideoNftInvalidPlaybackId));
    assert_eq!(nft.mint(hash(1), "x".repeat(65), 0), Err(Error::VideoNftInvalidPlaybackId));
}

#[ink::test]
fn mint_reverts_on_royalty_too_high() {
    let mut nft = deploy();
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 2_501), Err(Error::VideoNftRoyaltyTooHigh(2_501, 2_500)));
}

#[ink::test]
fn mint_reverts_when_paused() {
    let mut nft = deploy();
    nft.pause().expect("pause");
    as_caller(creator());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0), Err(Error::EnforcedPause));
}

#[ink::test]
fn pause_only_pauser() {
    let mut nft = deploy();
    as_caller(creator());
    assert!(matches!(nft.pause(), Err(Error::AccessControlUnauthorizedAccount(a, _)) if a == creator()));
}

#[ink::test]
fn unpause_allows_minting() {
    let mut nft = deploy();
    nft.pause().expect("pause");
    nft.unpause().expect("unpause");
    assert_eq!(nft.unpause(), Err(Error::ExpectedPause));
    as_caller(creator());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0), Ok(id(1)));
}

fn request(n: u8) -> MintRequest {
    MintRequest { content_hash: hash(n), playback_id: PLAYBACK.into(), royalty_bps: 100 }
}

#[ink::test]
fn mint_batch_mints_all() {
    let mut nft = deploy();
    as_caller(creator());
    assert_eq!(nft.mint_batch(vec![request(1), request(2), request(3)]), Ok(vec![id(1), id(2), id(3)]));
    assert_eq!(nft.balance_of(creator()), Ok(U256::from(3)));
    assert_eq!(nft.total_supply(), U256::from(3));
    assert_eq!(nft.owner_of(id(3)), Ok(creator()));
}

#[ink::test]
fn mint_batch_reverts_on_bad_size() {
    let mut nft = deploy();
    assert_eq!(nft.mint_batch(vec![]), Err(Error::VideoNftInvalidBatchSize(U256::zero())));
    let too_many = (0..=100).map(|i| request(i as u8)).collect();
    assert_eq!(nft.mint_batch(too_many), Err(Error::VideoNftInvalidBatchSize(U256::from(101))));
}

#[ink::test]
fn mint_batch_is_atomic() {
    let mut nft = deploy();
    as_caller(creator());
    let bad = MintRequest { royalty_bps: 9_999, ..request(3) };
    assert_eq!(nft.mint_batch(vec![request(1), request(2), bad]), Err(Error::VideoNftRoyaltyTooHigh(9_999, 2_500)));
    assert_eq!(nft.mint_batch(vec![request(1), request(1)]), Err(Error::VideoNftAlreadyMinted(id(1))));
    assert_eq!(nft.owner_of(id(1)), Err(Error::ERC721NonexistentToken(id(1))));
    assert_eq!(nft.total_supply(), U256::zero());
}

#[ink::test]
fn transfer_moves_ownership_and_clears_approval() {
    let mut nft = minted(1);
    nft.approve(holder(), id(1)).expect("approve");
    nft.transfer_from(creator(), holder(), id(1)).expect("transfer");
    assert_eq!(nft.owner_of(id(1)), Ok(holder()));
    assert_eq!(nft.get_approved(id(1)), Ok(Address::zero()));
    assert_eq!(nft.balance_of(creator()), Ok(U256::zero()));
    assert_eq!(nft.balance_of(holder()), Ok(U256::one()));
    assert_eq!(nft.creator_of(id(1)), creator(), "the creator stays the royalty receiver");
}

#[ink::test]
fn transfer_by_approved_operator() {
    let mut nft = minted(1);
    nft.set_approval_for_all(admin(), true).expect("operator");
    as_caller(admin());
    assert_eq!(nft.transfer_from(creator(), holder(), id(1)), Ok(()));
}

#[ink::test]
fn transfer_reverts_unauthorized() {
    let mut nft = minted(1);
    as_caller(holder());
    assert_eq!(nft.transfer_from(creator(), holder(), id(1)), Err(Error::ERC721InsufficientApproval(holder(), id(1))));
}

#[ink::test]
fn transfer_reverts_for_unknown_token() {
    let mut nft = minted(1);
    assert_eq!(nft.transfer_from(creator(), holder(), id(9)), Err(Error::ERC721NonexistentToken(id(9))));
}

#[ink::test]
fn transfer_reverts_to_zero() {
    let mut nft = minted(1);
    assert_eq!(
        nft.transfer_from(creator(), Address::zero(), id(1)),
        Err(Error::ERC721InvalidReceiver(Address::zero()))
    );
}

#[ink::test]
fn transfer_reverts_when_paused() {
    let mut nft = minted(1);
    as_caller(admin());
    nft.pause().expect("pause");
    as_caller(creator());
    assert_eq!(nft.transfer_from(creator(), holder(), id(1)), Err(Error::EnforcedPause));
}

#[ink::test]
fn views_revert_for_unknown_token() {
    let nft = deploy();
    assert_eq!(nft.owner_of(id(1)), Err(Error::ERC721NonexistentToken(id(1))));
    assert_eq!(nft.video_of(id(1)), Err(Error::ERC721NonexistentToken(id(1))));
    assert_eq!(nft.playback_id_of(id(1)), Err(Error::ERC721NonexistentToken(id(1))));
    assert_eq!(nft.balance_of(Address::zero()), Err(Error::ERC721InvalidOwner(Address::zero())));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, failure_persistence: None, ..Default::default() })]

    /// `testFuzz_mint_anyValidInput`: any non-zero hash, 1..=64-byte playback id and royalty up to
    /// the maximum mints, with the id equal to the hash.
    #[test]
    fn mint_any_valid_input(who in proptest::array::uniform20(1u8..), h in proptest::array::uniform32(proptest::num::u8::ANY), royalty in 0u16..=2_500, len in 1usize..=64) {
        proptest::prop_assume!(h != [0u8; 32]);
        test::run_test::<DefaultEnvironment, _>(|_| {
            let mut nft = deploy();
            as_caller(Address::from(who));
            let minted = nft.mint(FixedBytes(h), "p".repeat(len), royalty);
            assert_eq!(minted, Ok(U256::from_big_endian(&h)));
            assert_eq!(nft.owner_of(U256::from_big_endian(&h)), Ok(Address::from(who)));
            Ok(())
        })
        .expect("off-chain run");
    }
}

/// The exact logs of a mint and a transfer, committed as `abi/ink/vectors/video_nft.json` for the
/// indexer's decoder test.
#[ink::test]
fn event_vectors_match_the_committed_file() {
    use tfx_ink_sol::vectors::{check, hex0x, json};
    let mut nft = minted(1);
    nft.transfer_from(creator(), holder(), id(1)).expect("transfer");
    let a = |x: Address| hex0x(x.as_bytes());
    check(
        "video_nft",
        vec![
            json!({ "event": "Transfer", "from": a(Address::zero()), "to": a(creator()), "tokenId": id(1).to_string() }),
            json!({
                "event": "VideoMinted", "videoId": id(1).to_string(), "creator": a(creator()),
                "contentHash": hex0x(&[1; 32]), "playbackId": PLAYBACK, "royaltyBps": 500,
            }),
            json!({ "event": "Transfer", "from": a(creator()), "to": a(holder()), "tokenId": id(1).to_string() }),
        ],
    );
}

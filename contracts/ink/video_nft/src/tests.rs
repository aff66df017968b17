//! `contracts/evm/test/VideoNft.t.sol`, case for case, on ink!'s off-chain engine, for what needs
//! no other contract. Transfers call AdRevenue first, so they are tested on pallet-revive
//! (`contracts/ink/sandbox/tests/video_nft.rs`).

use crate::video_nft::*;
use ink::U256;
use ink::env::DefaultEnvironment;
use ink::env::test;
use ink::primitives::Address;
use ink::sol::FixedBytes;
use tfx_ink_sol::Uint40;

const T0: u64 = 1_700_000_000;
const MIN_AGE: u64 = 60;
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

fn now() -> u64 {
    ink::env::block_timestamp::<DefaultEnvironment>()
}

fn deploy() -> VideoNft {
    test::set_block_timestamp::<DefaultEnvironment>(T0);
    as_caller(admin());
    VideoNft::new(admin(), Uint40(MIN_AGE), Uint40(86_400)).expect("valid ages")
}

fn salt() -> FixedBytes<32> {
    FixedBytes([0x5a; 32])
}

/// `keccak256(abi.encode(contentHash))` for one video, `keccak256(abi.encode(uint256[] ids))` for a batch.
fn digest(hashes: &[FixedBytes<32>]) -> FixedBytes<32> {
    if let [one] = hashes {
        return FixedBytes(tfx_ink_sol::keccak_words(&[one.0]));
    }
    let mut words = vec![U256::from(32).to_big_endian(), U256::from(hashes.len()).to_big_endian()];
    words.extend(hashes.iter().map(|h| h.0));
    FixedBytes(tfx_ink_sol::keccak_words(&words))
}

/// Commits `hashes` as `who` and waits out the minimum age.
fn commit(nft: &mut VideoNft, who: Address, hashes: &[FixedBytes<32>]) {
    as_caller(who);
    nft.commit_mint(nft.mint_commitment(who, salt(), digest(hashes))).expect("commit");
    test::set_block_timestamp::<DefaultEnvironment>(now() + MIN_AGE);
}

fn mint(nft: &mut VideoNft, who: Address, h: FixedBytes<32>, royalty: u16) -> Result<U256> {
    commit(nft, who, &[h]);
    nft.mint(h, PLAYBACK.into(), royalty, salt())
}

fn minted(n: u8) -> VideoNft {
    let mut nft = deploy();
    mint(&mut nft, creator(), hash(n), 500).expect("mint");
    nft
}

#[ink::test]
fn mint_records_video() {
    let nft = minted(1);
    assert_eq!(
        nft.video_of(id(1)),
        Ok(tfx_ink_sol::Outputs((creator(), creator(), hash(1), PLAYBACK.into(), 500, T0 + MIN_AGE)))
    );
    assert_eq!(nft.owner_of(id(1)), Ok(creator()));
    assert_eq!(nft.balance_of(creator()), Ok(U256::one()));
    assert_eq!(nft.total_supply(), U256::one());
    assert_eq!(nft.creator_of(id(1)), creator());
    assert_eq!(nft.playback_id_of(id(1)), Ok(PLAYBACK.into()));
    assert_eq!(test::recorded_events().len(), 3, "MintCommitted, Transfer and VideoMinted");
}

#[ink::test]
fn mint_royalty_info_pays_creator() {
    let nft = minted(1);
    assert_eq!(nft.royalty_info(id(1), U256::from(10_000)), Ok((creator(), U256::from(500))));
}

#[ink::test]
fn mint_reverts_on_zero_hash() {
    let mut nft = deploy();
    assert_eq!(nft.mint(FixedBytes([0; 32]), PLAYBACK.into(), 0, salt()), Err(Error::VideoNftInvalidContentHash));
}

#[ink::test]
fn mint_reverts_on_duplicate() {
    let mut nft = minted(1);
    assert_eq!(mint(&mut nft, holder(), hash(1), 0), Err(Error::VideoNftAlreadyMinted(id(1))));
}

#[ink::test]
fn mint_reverts_on_bad_playback_id() {
    let mut nft = deploy();
    assert_eq!(nft.mint(hash(1), String::new(), 0, salt()), Err(Error::VideoNftInvalidPlaybackId));
    assert_eq!(nft.mint(hash(1), "x".repeat(65), 0, salt()), Err(Error::VideoNftInvalidPlaybackId));
}

#[ink::test]
fn mint_reverts_on_royalty_too_high() {
    let mut nft = deploy();
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 2_501, salt()), Err(Error::VideoNftRoyaltyTooHigh(2_501, 2_500)));
}

#[ink::test]
fn mint_reverts_when_paused() {
    let mut nft = deploy();
    commit(&mut nft, creator(), &[hash(1)]);
    as_caller(admin());
    nft.pause().expect("pause");
    as_caller(creator());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0, salt()), Err(Error::EnforcedPause));
    assert_eq!(nft.commit_mint(hash(9)), Err(Error::EnforcedPause));
}

#[ink::test]
fn pause_only_pauser() {
    let mut nft = deploy();
    as_caller(creator());
    let pauser = FixedBytes(ink::keccak_256!("PAUSER_ROLE"));
    assert_eq!(nft.pause(), Err(Error::AccessControlUnauthorizedAccount(creator(), pauser)));
}

#[ink::test]
fn unpause_allows_minting() {
    let mut nft = deploy();
    nft.pause().expect("pause");
    nft.unpause().expect("unpause");
    assert_eq!(nft.unpause(), Err(Error::ExpectedPause));
    assert_eq!(mint(&mut nft, creator(), hash(1), 0), Ok(id(1)));
}

fn request(n: u8) -> MintRequest {
    MintRequest { content_hash: hash(n), playback_id: PLAYBACK.into(), royalty_bps: 100 }
}

#[ink::test]
fn mint_batch_mints_all() {
    let mut nft = deploy();
    commit(&mut nft, creator(), &[hash(1), hash(2), hash(3)]);
    assert_eq!(nft.mint_batch(vec![request(1), request(2), request(3)], salt()), Ok(vec![id(1), id(2), id(3)]));
    assert_eq!(nft.balance_of(creator()), Ok(U256::from(3)));
    assert_eq!(nft.total_supply(), U256::from(3));
    assert_eq!(nft.owner_of(id(3)), Ok(creator()));
}

#[ink::test]
fn mint_batch_reverts_on_bad_size() {
    let mut nft = deploy();
    assert_eq!(nft.mint_batch(vec![], salt()), Err(Error::VideoNftInvalidBatchSize(U256::zero())));
    let too_many = (0..=100).map(|i| request(i as u8)).collect();
    assert_eq!(nft.mint_batch(too_many, salt()), Err(Error::VideoNftInvalidBatchSize(U256::from(101))));
}

#[ink::test]
fn mint_batch_is_atomic() {
    let mut nft = deploy();
    as_caller(creator());
    let bad = MintRequest { royalty_bps: 9_999, ..request(3) };
    assert_eq!(
        nft.mint_batch(vec![request(1), request(2), bad], salt()),
        Err(Error::VideoNftRoyaltyTooHigh(9_999, 2_500))
    );
    assert_eq!(nft.mint_batch(vec![request(1), request(1)], salt()), Err(Error::VideoNftAlreadyMinted(id(1))));
    assert_eq!(nft.owner_of(id(1)), Err(Error::ERC721NonexistentToken(id(1))));
    assert_eq!(nft.total_supply(), U256::zero());
}

/// `test_f2_frontRunnerCannotMintASeenHash`: a commitment made after seeing the reveal is too young,
/// and the creator's own salt is worthless from another account.
#[ink::test]
fn front_runner_cannot_mint_a_seen_hash() {
    let mut nft = deploy();
    commit(&mut nft, creator(), &[hash(1)]);
    let attacker = holder();
    as_caller(attacker);
    let mine = nft.mint_commitment(attacker, FixedBytes([7; 32]), digest(&[hash(1)]));
    nft.commit_mint(mine).expect("commit");
    assert_eq!(
        nft.mint(hash(1), PLAYBACK.into(), 0, FixedBytes([7; 32])),
        Err(Error::VideoNftCommitmentTooNew(mine, now() + MIN_AGE))
    );
    let copied = nft.mint_commitment(attacker, salt(), digest(&[hash(1)]));
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0, salt()), Err(Error::VideoNftUnknownCommitment(copied)));
    as_caller(creator());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 500, salt()), Ok(id(1)));
}

/// `test_f2_mintNeedsALiveCommitment`.
#[ink::test]
fn mint_needs_a_live_commitment() {
    let mut nft = deploy();
    as_caller(creator());
    let none = nft.mint_commitment(creator(), FixedBytes([0; 32]), digest(&[hash(1)]));
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0, FixedBytes([0; 32])), Err(Error::VideoNftUnknownCommitment(none)));
    let c = nft.mint_commitment(creator(), salt(), digest(&[hash(1)]));
    nft.commit_mint(c).expect("commit");
    as_caller(holder());
    assert_eq!(nft.commit_mint(c), Err(Error::VideoNftAlreadyCommitted(c)));
    test::set_block_timestamp::<DefaultEnvironment>(now() + 86_401);
    as_caller(creator());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0, salt()), Err(Error::VideoNftUnknownCommitment(c)));
}

/// `test_f2_reservedIdOnlyForItsCreator`.
#[ink::test]
fn reserved_id_only_for_its_creator() {
    let mut nft = deploy();
    nft.reserve(id(1), creator()).expect("reserve");
    assert_eq!(nft.reservation_of(id(1)), creator());
    assert_eq!(nft.creator_of(id(1)), Address::zero());
    assert_eq!(mint(&mut nft, holder(), hash(1), 0), Err(Error::VideoNftReserved(id(1), creator())));
    as_caller(creator());
    assert_eq!(nft.mint(hash(1), PLAYBACK.into(), 0, FixedBytes([0; 32])), Ok(id(1)));
    as_caller(admin());
    assert_eq!(nft.reserve(id(1), holder()), Err(Error::VideoNftAlreadyMinted(id(1))));
    as_caller(holder());
    let registrar = FixedBytes(ink::keccak_256!("REGISTRAR_ROLE"));
    assert_eq!(nft.reserve(id(2), holder()), Err(Error::AccessControlUnauthorizedAccount(holder(), registrar)));
}

#[ink::test]
fn commit_ages_are_bounded() {
    as_caller(admin());
    assert!(matches!(VideoNft::new(admin(), Uint40(0), Uint40(10)), Err(Error::VideoNftInvalidCommitAges(..))));
    assert!(matches!(VideoNft::new(admin(), Uint40(10), Uint40(10)), Err(Error::VideoNftInvalidCommitAges(..))));
    assert!(matches!(
        VideoNft::new(admin(), Uint40(1), Uint40(31 * 86_400)),
        Err(Error::VideoNftInvalidCommitAges(..))
    ));
}

#[ink::test]
fn transfers_need_the_hooks_and_refuse_plain_transfers_to_shares() {
    let mut nft = minted(1);
    assert_eq!(nft.transfer_from(creator(), holder(), id(1)), Err(Error::VideoNftInvalidHooks));
    as_caller(admin());
    let (shares, hook) = (test::default_accounts().django, test::default_accounts().eve);
    nft.set_hooks(shares, hook).expect("wire");
    assert_eq!(nft.set_hooks(shares, hook), Err(Error::VideoNftInvalidHooks));
    as_caller(creator());
    assert_eq!(nft.transfer_from(creator(), shares, id(1)), Err(Error::VideoNftUseSafeTransfer(shares)));
}

#[ink::test]
fn approvals_follow_openzeppelin() {
    let mut nft = minted(1);
    as_caller(holder());
    assert_eq!(nft.approve(holder(), id(1)), Err(Error::ERC721InvalidApprover(holder())));
    assert_eq!(nft.set_approval_for_all(Address::zero(), true), Err(Error::ERC721InvalidOperator(Address::zero())));
    as_caller(creator());
    nft.set_approval_for_all(admin(), true).expect("operator");
    as_caller(admin());
    nft.approve(holder(), id(1)).expect("an operator approves");
    assert_eq!(nft.get_approved(id(1)), Ok(holder()));
    as_caller(creator());
    nft.set_approval_for_all(admin(), false).expect("revoke");
    assert!(!nft.is_approved_for_all(creator(), admin()));
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
            commit(&mut nft, Address::from(who), &[FixedBytes(h)]);
            let minted = nft.mint(FixedBytes(h), "p".repeat(len), royalty, salt());
            assert_eq!(minted, Ok(U256::from_big_endian(&h)));
            assert_eq!(nft.owner_of(U256::from_big_endian(&h)), Ok(Address::from(who)));
            Ok(())
        })
        .expect("off-chain run");
    }
}

/// The exact logs of a commitment, a mint and a reservation, committed as
/// `abi/ink/vectors/video_nft.json` for the indexer's decoder test.
#[ink::test]
fn event_vectors_match_the_committed_file() {
    use tfx_ink_sol::vectors::{check, hex0x, json};
    let mut nft = minted(1);
    as_caller(admin());
    nft.reserve(id(2), holder()).expect("reserve");
    let a = |x: Address| hex0x(x.as_bytes());
    let commitment = nft.mint_commitment(creator(), salt(), digest(&[hash(1)]));
    check(
        "video_nft",
        vec![
            json!({
                "event": "MintCommitted", "commitment": hex0x(&commitment.0), "committer": a(creator()),
                "committedAt": T0,
            }),
            json!({ "event": "Transfer", "from": a(Address::zero()), "to": a(creator()), "tokenId": id(1).to_string() }),
            json!({
                "event": "VideoMinted", "videoId": id(1).to_string(), "creator": a(creator()),
                "contentHash": hex0x(&[1; 32]), "playbackId": PLAYBACK, "royaltyBps": 500,
            }),
            json!({ "event": "VideoReserved", "videoId": id(2).to_string(), "creator": a(holder()) }),
        ],
    );
}

#[ink::test]
fn token_uri_is_the_base_and_the_decimal_id() {
    let mut nft = minted(7);
    assert_eq!(nft.token_uri(id(7)), Ok(String::new()), "no metadata until a base is set");
    as_caller(creator());
    assert_eq!(
        nft.set_base_uri("https://squatter.example/".into()),
        Err(Error::AccessControlUnauthorizedAccount(creator(), FixedBytes([0; 32])))
    );
    as_caller(admin());
    let base = "https://api.example/v1/metadata/420420420/";
    nft.set_base_uri(base.into()).expect("the admin sets the base");
    assert_eq!(nft.base_uri(), base);
    assert_eq!(nft.token_uri(id(7)), Ok(format!("{base}{}", id(7))));
    assert_eq!(nft.token_uri(U256::from(9)), Err(Error::ERC721NonexistentToken(U256::from(9))));
}

#[ink::test]
fn supports_interface() {
    let nft = deploy();
    for erc in [[0x01, 0xff, 0xc9, 0xa7], [0x80, 0xac, 0x58, 0xcd], [0x5b, 0x5e, 0x13, 0x9f], [0x2a, 0x55, 0x20, 0x5a]] {
        assert!(nft.supports_interface(FixedBytes(erc)), "{erc:x?}");
    }
    assert!(nft.supports_interface(FixedBytes([0x49, 0x06, 0x49, 0x06])), "4906");
    assert!(!nft.supports_interface(FixedBytes([0xde, 0xad, 0xbe, 0xef])), "other");
}

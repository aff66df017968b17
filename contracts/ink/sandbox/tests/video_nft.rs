//! VideoNft's artifact on pallet-revive: commit-reveal minting through the Solidity ABI, and
//! transfers, which settle the video's streams in AdRevenue first.

use alloy_primitives::{B256, U256, keccak256};
use alloy_sol_types::SolEvent;
use tfx_ink_sandbox::CallError;
use tfx_ink_sandbox::abi::{VideoNft, evm};
use tfx_ink_sandbox::suite::{COMMIT_MIN_AGE, Suite, admin, creator, error_of, holder};

#[test]
fn a_dapp_mints_and_reads_through_the_evm_abi() {
    let mut s = Suite::new();
    let hash = B256::repeat_byte(7);
    let salt = B256::repeat_byte(9);
    let commitment = s.chain.view(
        s.nft,
        &evm::VideoNft::mintCommitmentCall { creator: creator(), salt, contentHashesDigest: keccak256(hash) },
    );
    s.chain.transact(creator(), s.nft, &evm::VideoNft::commitMintCall { commitment }).expect("commit");
    s.chain.warp(COMMIT_MIN_AGE);
    let mint = evm::VideoNft::mintCall { contentHash: hash, playbackId: "f5eese9w".into(), royaltyBps: 500, salt };
    let id = s.chain.send(creator(), s.nft, &mint).expect("mint");
    assert_eq!(id, U256::from_be_bytes(hash.0));

    let video = s.chain.view(s.nft, &evm::VideoNft::videoOfCall { videoId: id });
    assert_eq!((video.creator, video.owner, video.contentHash), (creator(), creator(), hash));
    assert_eq!((video.playbackId.as_str(), video.royaltyBps), ("f5eese9w", 500));
    assert_eq!(video.mintedAt.to::<u64>(), s.chain.now(), "block time in seconds");
    let royalty = s.chain.view(s.nft, &evm::VideoNft::royaltyInfoCall { videoId: id, salePrice: U256::from(10_000) });
    assert_eq!((royalty.receiver, royalty.amount), (creator(), U256::from(500)));

    let logs = s.chain.take_logs();
    let committed = evm::VideoNft::MintCommitted::decode_log(&logs[0]).expect("MintCommitted");
    assert_eq!((committed.commitment, committed.committer), (commitment, creator()));
    let minted = evm::VideoNft::VideoMinted::decode_log(&logs[2]).expect("VideoMinted");
    assert_eq!((minted.videoId, minted.creator, minted.royaltyBps), (id, creator(), 500));
}

#[test]
fn a_duplicate_mint_reverts_with_the_custom_error_and_changes_nothing() {
    let mut s = Suite::new();
    let hash = B256::repeat_byte(7);
    let id = s.mint(creator(), hash);
    s.commit(holder(), hash).expect("commit");
    s.chain.warp(COMMIT_MIN_AGE);
    s.chain.take_logs();
    let err: evm::VideoNft::VideoNftErrors = error_of(s.reveal(holder(), hash, 0));
    assert_eq!(
        err,
        evm::VideoNft::VideoNftErrors::VideoNftAlreadyMinted(evm::VideoNft::VideoNftAlreadyMinted { videoId: id })
    );
    assert!(s.chain.take_logs().is_empty(), "a revert emits nothing");
    assert_eq!(s.chain.view(s.nft, &VideoNft::totalSupplyCall {}), U256::ONE);
}

#[test]
fn transfers_move_ownership_and_balances() {
    let mut s = Suite::new();
    let id = s.mint(creator(), B256::repeat_byte(7));
    s.chain.take_logs();
    s.transfer_video(creator(), holder(), id).expect("transfer");
    assert_eq!(s.chain.view(s.nft, &VideoNft::ownerOfCall { token_id: id }), holder());
    assert_eq!(s.chain.view(s.nft, &VideoNft::balanceOfCall { owner: holder() }), U256::ONE);
    assert_eq!(s.chain.view(s.nft, &VideoNft::balanceOfCall { owner: creator() }), U256::ZERO);
    assert_eq!(s.chain.view(s.nft, &VideoNft::creatorOfCall { video_id: id }), creator(), "the creator stays");
    let transfers: Vec<evm::VideoNft::VideoNftEvents> = s.events(s.nft);
    assert_eq!(
        transfers,
        [evm::VideoNft::VideoNftEvents::Transfer(evm::VideoNft::Transfer {
            from: creator(),
            to: holder(),
            tokenId: id
        })]
    );
    let err: evm::VideoNft::VideoNftErrors = error_of(s.transfer_video(creator(), holder(), id).map(|()| 0));
    assert_eq!(
        err,
        evm::VideoNft::VideoNftErrors::ERC721InsufficientApproval(evm::VideoNft::ERC721InsufficientApproval {
            operator: creator(),
            tokenId: id
        })
    );
    let err: evm::VideoNft::VideoNftErrors =
        error_of(s.transfer_video(holder(), alloy_primitives::Address::ZERO, id).map(|()| 0));
    assert_eq!(
        err,
        evm::VideoNft::VideoNftErrors::ERC721InvalidReceiver(evm::VideoNft::ERC721InvalidReceiver {
            receiver: alloy_primitives::Address::ZERO
        })
    );
    assert!(matches!(s.transfer_video(holder(), creator(), U256::from(5)), Err(CallError::Reverted(_))));
}

#[test]
fn token_uri_is_the_base_and_the_decimal_id_and_only_the_admin_sets_the_base() {
    let mut s = Suite::new();
    let id = s.mint(creator(), B256::repeat_byte(7));
    assert_eq!(s.chain.view(s.nft, &evm::VideoNft::tokenURICall { tokenId: id }), "", "no metadata until a base");
    let base = "https://api.example/v1/metadata/420420420/";
    let set = evm::VideoNft::setBaseURICall { baseURI: base.into() };
    let err: evm::VideoNft::VideoNftErrors = error_of(s.chain.transact(creator(), s.nft, &set));
    assert_eq!(
        err,
        evm::VideoNft::VideoNftErrors::AccessControlUnauthorizedAccount(
            evm::VideoNft::AccessControlUnauthorizedAccount { account: creator(), neededRole: B256::ZERO }
        )
    );
    s.chain.take_logs();
    s.chain.transact(admin(), s.nft, &set).expect("the admin sets the base");
    let events: Vec<evm::VideoNft::VideoNftEvents> = s.events(s.nft);
    assert_eq!(
        events,
        [
            evm::VideoNft::VideoNftEvents::BaseURISet(evm::VideoNft::BaseURISet { baseURI: base.into() }),
            evm::VideoNft::VideoNftEvents::BatchMetadataUpdate(evm::VideoNft::BatchMetadataUpdate {
                _fromTokenId: U256::ZERO,
                _toTokenId: U256::MAX
            }),
        ]
    );
    assert_eq!(s.chain.view(s.nft, &evm::VideoNft::baseURICall {}), base);
    assert_eq!(s.chain.view(s.nft, &evm::VideoNft::tokenURICall { tokenId: id }), format!("{base}{id}"));
    let missing: evm::VideoNft::VideoNftErrors =
        error_of(s.chain.send(admin(), s.nft, &evm::VideoNft::tokenURICall { tokenId: U256::from(9) }));
    assert_eq!(
        missing,
        evm::VideoNft::VideoNftErrors::ERC721NonexistentToken(evm::VideoNft::ERC721NonexistentToken {
            tokenId: U256::from(9)
        })
    );
}

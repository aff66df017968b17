//! VideoNft's artifact on pallet-revive.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolConstructor, SolEvent};
use tfx_ink_sandbox::abi::{VideoNft, evm};
use tfx_ink_sandbox::{CallError, Chain};

fn deploy(chain: &mut Chain) -> Address {
    let admin = Chain::account(0);
    let args = VideoNft::constructorCall { admin }.abi_encode();
    chain.deploy(admin, Chain::artifact("video_nft"), args, U256::ZERO).expect("instantiate")
}

#[test]
fn a_dapp_mints_and_reads_through_the_evm_abi() {
    let mut chain = Chain::new();
    let nft = deploy(&mut chain);
    let creator = Chain::account(1);
    chain.warp(90);
    let hash = B256::repeat_byte(7);
    let mint = evm::VideoNft::mintCall { contentHash: hash, playbackId: "f5eese9w".into(), royaltyBps: 500 };
    let id = chain.send(creator, nft, &mint).expect("mint");
    assert_eq!(id, U256::from_be_bytes(hash.0));

    let video = chain.view(nft, &evm::VideoNft::videoOfCall { videoId: id });
    assert_eq!((video.creator, video.owner, video.contentHash), (creator, creator, hash));
    assert_eq!((video.playbackId.as_str(), video.royaltyBps), ("f5eese9w", 500));
    assert_eq!(video.mintedAt.to::<u64>(), chain.now(), "block time in seconds");
    let royalty = chain.view(nft, &evm::VideoNft::royaltyInfoCall { videoId: id, salePrice: U256::from(10_000) });
    assert_eq!((royalty.receiver, royalty.amount), (creator, U256::from(500)));

    let logs = chain.take_logs();
    let minted = evm::VideoNft::VideoMinted::decode_log(&logs[1]).expect("VideoMinted");
    assert_eq!((minted.videoId, minted.creator, minted.royaltyBps), (id, creator, 500));
}

#[test]
fn a_duplicate_mint_reverts_with_the_custom_error_and_changes_nothing() {
    let mut chain = Chain::new();
    let nft = deploy(&mut chain);
    let mint = VideoNft::mintCall { content_hash: B256::repeat_byte(7), playback_id: "p".into(), royalty_bps: 0 };
    chain.send(Chain::account(1), nft, &mint).expect("first mint");
    chain.take_logs();
    let err = chain.send(Chain::account(2), nft, &mint).expect_err("duplicate");
    let id = U256::from_be_bytes([7; 32]);
    assert_eq!(
        err.decode::<evm::VideoNft::VideoNftErrors>(),
        Some(evm::VideoNft::VideoNftErrors::VideoNftAlreadyMinted(evm::VideoNft::VideoNftAlreadyMinted {
            videoId: id
        }))
    );
    assert!(chain.take_logs().is_empty(), "a revert emits nothing");
    assert_eq!(chain.view(nft, &VideoNft::totalSupplyCall {}), U256::ONE);
    assert!(matches!(err, CallError::Reverted(_)));
}

//! The Solidity interfaces the contracts call one another through, as ink! contract references
//! (`ink::contract_ref!(Trait)` from an address). Method names are the Solidity ones, so the selectors
//! are too, and any contract with that interface answers, ink! or Solidity.
#![allow(non_snake_case)]

use crate::{Outputs, Revert, Uint40};
use ink::U256;
use ink::prelude::string::String;
use ink::prelude::vec::Vec;
use ink::primitives::Address;
use ink::sol::{DynBytes, FixedBytes};

/// `IERC721Receiver`.
#[ink::contract_ref(abi = "sol")]
pub trait Erc721Receiver {
    /// Accepts the NFT by returning this function's selector; a revert's data is handed back.
    #[ink(message)]
    fn onERC721Received(
        &mut self,
        operator: Address,
        from: Address,
        token_id: U256,
        data: DynBytes,
    ) -> Result<FixedBytes<4>, Revert>;
}

/// `IERC1155Receiver`.
#[ink::contract_ref(abi = "sol")]
pub trait Erc1155Receiver {
    /// Accepts `value` of `id` by returning this function's selector.
    #[ink(message)]
    fn onERC1155Received(
        &mut self,
        operator: Address,
        from: Address,
        id: U256,
        value: U256,
        data: DynBytes,
    ) -> Result<FixedBytes<4>, Revert>;

    /// Accepts a batch by returning this function's selector.
    #[ink(message)]
    fn onERC1155BatchReceived(
        &mut self,
        operator: Address,
        from: Address,
        ids: Vec<U256>,
        values: Vec<U256>,
        data: DynBytes,
    ) -> Result<FixedBytes<4>, Revert>;
}

/// `videoOf`'s return values: (creator, owner, content hash, playback id, royalty bps, minted at).
pub type VideoView = Outputs<(Address, Address, FixedBytes<32>, String, u16, Uint40)>;

/// What VideoShares, AdRevenue and StudioRouter ask of VideoNft.
#[ink::contract_ref(abi = "sol")]
pub trait VideoNft {
    /// Creator of a video (zero when unminted).
    #[ink(message)]
    fn creatorOf(&self, video_id: U256) -> Address;

    /// A minted video's record; an unminted id's revert data is handed back.
    #[ink(message)]
    fn videoOf(&self, video_id: U256) -> Result<VideoView, Revert>;

    /// Reserves `video_id` for `creator` (the registrar's call); a revert's data is handed back.
    #[ink(message)]
    fn reserve(&mut self, video_id: U256, creator: Address) -> Result<(), Revert>;

    /// Owner of a video (reverts when unminted).
    #[ink(message)]
    fn ownerOf(&self, video_id: U256) -> Address;

    /// ERC-721 transfer with the receiver check; a revert's data is handed back.
    #[ink(message)]
    fn safeTransferFrom(&mut self, from: Address, to: Address, token_id: U256, data: DynBytes) -> Result<(), Revert>;
}

/// `IVideoTransferHook`: told of every video transfer before ownership changes.
#[ink::contract_ref(abi = "sol")]
pub trait VideoTransferHook {
    /// `video_id` moves from `from` to `to` (never called on mint); a revert's data is handed back.
    #[ink(message)]
    fn onVideoTransfer(&mut self, from: Address, to: Address, video_id: U256) -> Result<(), Revert>;
}

/// What AdRevenue asks of VideoShares.
#[ink::contract_ref(abi = "sol")]
pub trait VideoShares {
    /// Share supply of a video (0 when not fractionalized).
    #[ink(message)]
    fn totalSupply(&self, video_id: U256) -> U256;

    /// Shares of a video an account holds.
    #[ink(message)]
    fn balanceOf(&self, account: Address, video_id: U256) -> U256;
}

/// `IShareTransferHook`: told of every share movement before balances change.
#[ink::contract_ref(abi = "sol")]
pub trait ShareTransferHook {
    /// `value` shares of `video_id` move from `from` to `to` (zero on mint and burn); a revert's data
    /// is handed back.
    #[ink(message)]
    fn onSharesTransfer(&mut self, from: Address, to: Address, video_id: U256, value: U256) -> Result<(), Revert>;
}

/// What StudioRouter asks of VoteTally.
#[ink::contract_ref(abi = "sol")]
pub trait VoteTally {
    /// (start, end, mode, candidate count, finalized, winner); an unknown round's revert data is
    /// handed back.
    #[ink(message)]
    fn round(&self, round_id: U256) -> Result<(u64, u64, u8, u32, bool, u32), Revert>;

    /// A round's tallies by candidate index.
    #[ink(message)]
    fn tallies(&self, round_id: U256) -> Result<Vec<U256>, Revert>;
}

/// What StudioRouter asks of AdRevenue.
#[ink::contract_ref(abi = "sol")]
pub trait AdRevenue {
    /// Everything a video's campaigns ever streamed to it and settled: its valuation here.
    #[ink(message)]
    fn cumulativeRevenue(&self, video_id: U256) -> U256;
}

/// `slashOf`'s return values: (miner, status, reason, approvals, proposed at, amount, evidence
/// hash, blocks withdrawals); the status is `SlashStatus`'s `uint8`.
pub type SlashView = (Address, u8, u8, u16, u64, u128, FixedBytes<32>, bool);

/// What StudioRouter asks of MinerCollateral.
#[ink::contract_ref(abi = "sol")]
pub trait MinerCollateral {
    /// A slash proposal; an unknown id's revert data is handed back.
    #[ink(message)]
    fn slashOf(&self, slash_id: U256) -> Result<SlashView, Revert>;

    /// Freezes `miner`'s withdrawals until `until` (the freezer's call); a revert's data is handed back.
    #[ink(message)]
    fn freezeWithdrawals(&mut self, miner: Address, until: Uint40) -> Result<(), Revert>;
}

/// What StudioRouter asks of the Mailbox.
#[ink::contract_ref(abi = "sol")]
pub trait Mailbox {
    /// Leaves a message for `destination`; its id, or the revert data.
    #[ink(message)]
    fn dispatch(&mut self, destination: u64, message_type: u8, body: DynBytes) -> Result<FixedBytes<32>, Revert>;

    /// This chain's id in message routes.
    #[ink(message)]
    fn localDomain(&self) -> u64;
}

/// `IMessageRecipient`: the suite contract the Mailbox hands each delivered message to.
#[ink::contract_ref(abi = "sol")]
pub trait MessageRecipient {
    /// Applies a message of `message_type` from `origin`; a revert's data is handed back.
    #[ink(message)]
    fn handle(&mut self, origin: u64, message_type: u8, body: DynBytes) -> Result<(), Revert>;
}

/// `IERC721Receiver.onERC721Received.selector`.
pub const ERC721_RECEIVED: [u8; 4] = [0x15, 0x0b, 0x7a, 0x02];
/// `IERC1155Receiver.onERC1155Received.selector`.
pub const ERC1155_RECEIVED: [u8; 4] = [0xf2, 0x3a, 0x6e, 0x61];
/// `IERC1155Receiver.onERC1155BatchReceived.selector`.
pub const ERC1155_BATCH_RECEIVED: [u8; 4] = [0xbc, 0x19, 0x7c, 0x81];

//! The Solidity interfaces the contracts call one another through, as ink! contract references
//! (`ink::contract_ref!(Trait)` from an address). Method names are the Solidity ones, so the selectors
//! are too, and any contract with that interface answers, ink! or Solidity.
#![allow(non_snake_case)]

use crate::Revert;
use ink::U256;
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
        ids: ink::prelude::vec::Vec<U256>,
        values: ink::prelude::vec::Vec<U256>,
        data: DynBytes,
    ) -> Result<FixedBytes<4>, Revert>;
}

/// What VideoShares and AdRevenue ask of VideoNft.
#[ink::contract_ref(abi = "sol")]
pub trait VideoNft {
    /// Creator of a video (zero when unminted).
    #[ink(message)]
    fn creatorOf(&self, video_id: U256) -> Address;

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

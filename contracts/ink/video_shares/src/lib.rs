#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix VideoShares for Polkadot Hub, the ink! 6 port of `contracts/evm/src/VideoShares.sol`.
//!
//! Same semantics: sending a video NFT here with `safeTransferFrom(owner, shares, videoId,
//! abi.encode(supply))` locks it and mints `supply` shares (token id = video id) to the sender in
//! the same transaction; shares move as ERC-1155 balances; whoever gathers the whole supply can
//! `redeem` the NFT. Every share movement is reported to the revenue hook (AdRevenue) before
//! balances change, which keeps dividends with the shares that earned them. Built with the Solidity
//! ABI: `TransferSingle`, `TransferBatch`, `ApprovalForAll`, `VideoFractionalized`, `VideoRedeemed`
//! and `RevenueHookSet` are the EVM contract's logs byte for byte; calls and errors have the same
//! selectors. Where it differs:
//! - **Roles**: one admin (the EVM contract's `DEFAULT_ADMIN_ROLE`), who may wire the hook once.
//! - **Receivers**: a contract receiving shares must answer `onERC1155Received` /
//!   `onERC1155BatchReceived` with the selector, as in OpenZeppelin: a receiver's revert data is
//!   re-raised as is, a revert without data or a wrong answer is `ERC1155InvalidReceiver`. The hook's
//!   and the NFT's reverts bubble up the same way.
//! - **Storage** holds explicit values only (an operator set to `false`, a redeemed supply set to
//!   zero), never `Mapping::contains`/`remove`, which go through a precompile a runtime may lack.
//!
//! Its tests run the built artifact on pallet-revive with the other contracts
//! (`contracts/ink/sandbox`): every path here calls another contract, which ink!'s off-chain engine
//! cannot execute in the Solidity ABI.

#[ink::contract]
pub mod video_shares {
    use ink::U256;
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::{string::String, vec::Vec};
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::interfaces::{
        ERC721_RECEIVED, ERC1155_BATCH_RECEIVED, ERC1155_RECEIVED, Erc1155Receiver, Erc1155ReceiverRef,
        ShareTransferHook, ShareTransferHookRef, VideoNft, VideoNftRef,
    };

    /// Largest share supply of one video (keeps revenue-per-share arithmetic in range).
    pub const MAX_SUPPLY: u128 = u128::MAX;
    /// `AccessControl.DEFAULT_ADMIN_ROLE`.
    const DEFAULT_ADMIN_ROLE: [u8; 32] = [0; 32];
    const INTERFACES: [[u8; 4]; 4] = [
        [0x01, 0xff, 0xc9, 0xa7], // ERC-165
        [0xd9, 0xb6, 0x7a, 0x26], // ERC-1155
        [0x0e, 0x89, 0x34, 0x1c], // ERC-1155 metadata URI
        ERC721_RECEIVED,
    ];

    /// ERC-1155 `TransferSingle`.
    #[ink(event)]
    pub struct TransferSingle {
        /// Who moved the shares (the NFT contract on fractionalization).
        #[ink(topic)]
        pub operator: Address,
        /// From (zero on mint).
        #[ink(topic)]
        pub from: Address,
        /// To (zero on burn).
        #[ink(topic)]
        pub to: Address,
        /// Video id.
        pub id: U256,
        /// Shares.
        pub value: U256,
    }

    /// ERC-1155 `TransferBatch`.
    #[ink(event)]
    pub struct TransferBatch {
        /// Who moved the shares.
        #[ink(topic)]
        pub operator: Address,
        /// From.
        #[ink(topic)]
        pub from: Address,
        /// To.
        #[ink(topic)]
        pub to: Address,
        /// Video ids.
        pub ids: Vec<U256>,
        /// Shares per id.
        pub values: Vec<U256>,
    }

    /// ERC-1155 `ApprovalForAll`.
    #[ink(event)]
    pub struct ApprovalForAll {
        /// Holder.
        #[ink(topic)]
        pub account: Address,
        /// Operator.
        #[ink(topic)]
        pub operator: Address,
        /// Granted or revoked.
        pub approved: bool,
    }

    /// `owner` locked `video_id` and received `supply` shares.
    #[ink(event)]
    pub struct VideoFractionalized {
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// Previous NFT owner, now holder of the whole supply.
        #[ink(topic)]
        pub owner: Address,
        /// Shares minted.
        pub supply: U256,
    }

    /// `holder` burned the whole supply of `video_id` and took the NFT back.
    #[ink(event)]
    pub struct VideoRedeemed {
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// New NFT owner.
        #[ink(topic)]
        pub holder: Address,
    }

    /// The revenue hook was wired, once.
    #[ink(event)]
    pub struct RevenueHookSet {
        /// The AdRevenue contract.
        pub hook: Address,
    }

    /// The Solidity contract's errors (its own and OpenZeppelin's).
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Only the video NFT contract may send NFTs here.
        VideoSharesUnexpectedNft(Address),
        /// The share supply must be between 1 and `MAX_SUPPLY`.
        VideoSharesInvalidSupply(U256),
        /// Redeeming needs the whole supply: (held, supply).
        VideoSharesIncompleteSupply(U256, U256),
        /// The video is not fractionalized.
        VideoSharesNotFractionalized(U256),
        /// The revenue hook is already set.
        VideoSharesHookAlreadySet,
        /// The hook address is zero (or not set yet).
        VideoSharesInvalidHook,
        /// (sender, balance, needed, id).
        ERC1155InsufficientBalance(Address, U256, U256, U256),
        /// The zero address as sender.
        ERC1155InvalidSender(Address),
        /// The zero address, or a contract that does not accept shares, as receiver.
        ERC1155InvalidReceiver(Address),
        /// (operator, owner): the caller may not move the owner's shares.
        ERC1155MissingApprovalForAll(Address, Address),
        /// The zero address as operator.
        ERC1155InvalidOperator(Address),
        /// (ids length, values or accounts length).
        ERC1155InvalidArrayLength(U256, U256),
        /// Caller lacks the role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The contract.
    #[ink(storage)]
    pub struct VideoShares {
        admin: Address,
        videos: Address,
        revenue_hook: Address,
        supply: Mapping<U256, U256>,
        balances: Mapping<(U256, Address), U256>,
        operators: Mapping<(Address, Address), bool>,
    }

    impl VideoShares {
        /// Shares of the videos of `video_nft`; `admin` may set the revenue hook once.
        #[ink(constructor)]
        pub fn new(video_nft: Address, admin: Address) -> Self {
            Self {
                admin,
                videos: video_nft,
                revenue_hook: Address::zero(),
                supply: Mapping::default(),
                balances: Mapping::default(),
                operators: Mapping::default(),
            }
        }

        /// Wires the revenue contract that accounts share-holder revenue; callable once.
        #[ink(message, name = "setRevenueHook")]
        pub fn set_revenue_hook(&mut self, hook: Address) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(DEFAULT_ADMIN_ROLE)));
            }
            if hook == Address::zero() {
                return Err(Error::VideoSharesInvalidHook);
            }
            if self.revenue_hook != Address::zero() {
                return Err(Error::VideoSharesHookAlreadySet);
            }
            self.revenue_hook = hook;
            self.env().emit_event(RevenueHookSet { hook });
            Ok(())
        }

        /// Fractionalizes a video sent by `safeTransferFrom`; `data` is `abi.encode(uint256 supply)`.
        #[ink(message, name = "onERC721Received")]
        pub fn on_erc721_received(
            &mut self,
            _operator: Address,
            from: Address,
            video_id: U256,
            data: DynBytes,
        ) -> Result<FixedBytes<4>> {
            let caller = self.env().caller();
            if caller != self.videos {
                return Err(Error::VideoSharesUnexpectedNft(caller));
            }
            if self.revenue_hook == Address::zero() {
                return Err(Error::VideoSharesInvalidHook);
            }
            // abi.decode(data, (uint256)): the first word; shorter data is no supply at all.
            let supply = data.0.get(..32).map(U256::from_big_endian).unwrap_or_default();
            if supply.is_zero() || supply > U256::from(MAX_SUPPLY) {
                return Err(Error::VideoSharesInvalidSupply(supply));
            }
            self.supply.insert(video_id, &supply);
            self.move_shares(caller, Address::zero(), from, &[video_id], &[supply])?;
            self.env().emit_event(VideoFractionalized { video_id, owner: from, supply });
            self.check_received(caller, Address::zero(), from, &[video_id], &[supply], DynBytes(Vec::new()))?;
            Ok(FixedBytes(ERC721_RECEIVED))
        }

        /// Burns the caller's whole supply of `video_id` and returns the NFT to the caller.
        #[ink(message)]
        pub fn redeem(&mut self, video_id: U256) -> Result<()> {
            let supply = self.supply.get(video_id).unwrap_or_default();
            if supply.is_zero() {
                return Err(Error::VideoSharesNotFractionalized(video_id));
            }
            let holder = self.env().caller();
            let held = self.balance(holder, video_id);
            if held != supply {
                return Err(Error::VideoSharesIncompleteSupply(held, supply));
            }
            self.move_shares(holder, holder, Address::zero(), &[video_id], &[supply])?;
            self.supply.insert(video_id, &U256::zero());
            self.env().emit_event(VideoRedeemed { video_id, holder });
            let mut videos: VideoNftRef = self.videos.into();
            // The NFT's own error (a paused collection, say) is the redeem's error, as on the EVM.
            match videos
                .call_mut()
                .safeTransferFrom(self.env().address(), holder, video_id, DynBytes(Vec::new()))
                .try_invoke()
            {
                Ok(Ok(Ok(()))) => Ok(()),
                Ok(Ok(Err(revert))) => revert.bubble(),
                _ => Err(Error::VideoSharesUnexpectedNft(self.videos)),
            }
        }

        /// Moves `value` shares of `id` from `from` to `to` (the caller must be `from` or its operator).
        #[ink(message, name = "safeTransferFrom")]
        pub fn safe_transfer_from(
            &mut self,
            from: Address,
            to: Address,
            id: U256,
            value: U256,
            data: DynBytes,
        ) -> Result<()> {
            self.transfer(from, to, &[id], &[value], data)
        }

        /// Moves several share ids at once.
        #[ink(message, name = "safeBatchTransferFrom")]
        pub fn safe_batch_transfer_from(
            &mut self,
            from: Address,
            to: Address,
            ids: Vec<U256>,
            values: Vec<U256>,
            data: DynBytes,
        ) -> Result<()> {
            self.transfer(from, to, &ids, &values, data)
        }

        /// Lets `operator` move all of the caller's shares (or stops it).
        #[ink(message, name = "setApprovalForAll")]
        pub fn set_approval_for_all(&mut self, operator: Address, approved: bool) -> Result<()> {
            if operator == Address::zero() {
                return Err(Error::ERC1155InvalidOperator(operator));
            }
            let account = self.env().caller();
            self.operators.insert((account, operator), &approved);
            self.env().emit_event(ApprovalForAll { account, operator, approved });
            Ok(())
        }

        /// Whether `operator` may move all of `account`'s shares.
        #[ink(message, name = "isApprovedForAll")]
        pub fn is_approved_for_all(&self, account: Address, operator: Address) -> bool {
            self.operators.get((account, operator)).unwrap_or_default()
        }

        /// Shares of `id` held by `account`.
        #[ink(message, name = "balanceOf")]
        pub fn balance_of(&self, account: Address, id: U256) -> U256 {
            self.balance(account, id)
        }

        /// `balanceOf` for each (account, id) pair.
        #[ink(message, name = "balanceOfBatch")]
        pub fn balance_of_batch(&self, accounts: Vec<Address>, ids: Vec<U256>) -> Result<Vec<U256>> {
            if accounts.len() != ids.len() {
                return Err(Error::ERC1155InvalidArrayLength(U256::from(ids.len()), U256::from(accounts.len())));
            }
            Ok(accounts.iter().zip(&ids).map(|(a, id)| self.balance(*a, *id)).collect())
        }

        /// Share supply of `video_id` (0 when not fractionalized).
        #[ink(message, name = "totalSupply")]
        pub fn total_supply(&self, video_id: U256) -> U256 {
            self.supply.get(video_id).unwrap_or_default()
        }

        /// ERC-1155 metadata URI: none, as in the EVM contract (video metadata lives in VideoNft).
        #[ink(message)]
        pub fn uri(&self, _id: U256) -> String {
            String::new()
        }

        /// ERC-165.
        #[ink(message, name = "supportsInterface")]
        pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
            INTERFACES.contains(&interface_id.0)
        }

        /// The video NFT contract whose tokens are fractionalized here.
        #[ink(message)]
        pub fn videos(&self) -> Address {
            self.videos
        }

        /// The revenue hook (zero until wired).
        #[ink(message, name = "revenueHook")]
        pub fn revenue_hook(&self) -> Address {
            self.revenue_hook
        }

        fn balance(&self, account: Address, id: U256) -> U256 {
            self.balances.get((id, account)).unwrap_or_default()
        }

        fn transfer(
            &mut self,
            from: Address,
            to: Address,
            ids: &[U256],
            values: &[U256],
            data: DynBytes,
        ) -> Result<()> {
            if ids.len() != values.len() {
                return Err(Error::ERC1155InvalidArrayLength(U256::from(ids.len()), U256::from(values.len())));
            }
            let operator = self.env().caller();
            if from != operator && !self.is_approved_for_all(from, operator) {
                return Err(Error::ERC1155MissingApprovalForAll(operator, from));
            }
            if to == Address::zero() {
                return Err(Error::ERC1155InvalidReceiver(to));
            }
            if from == Address::zero() {
                return Err(Error::ERC1155InvalidSender(from));
            }
            self.move_shares(operator, from, to, ids, values)?;
            self.check_received(operator, from, to, ids, values, data)
        }

        /// Balances move after the hook has accounted them (it reads the old balances), and only
        /// once every debit is known to be covered.
        fn move_shares(
            &mut self,
            operator: Address,
            from: Address,
            to: Address,
            ids: &[U256],
            values: &[U256],
        ) -> Result<()> {
            if from != Address::zero() {
                for (id, value) in ids.iter().zip(values) {
                    let balance = self.balance(from, *id);
                    if balance < *value {
                        return Err(Error::ERC1155InsufficientBalance(from, balance, *value, *id));
                    }
                }
            }
            if from != to {
                let mut hook: ShareTransferHookRef = self.revenue_hook.into();
                for (id, value) in ids.iter().zip(values) {
                    match hook.call_mut().onSharesTransfer(from, to, *id, *value).try_invoke() {
                        Ok(Ok(Ok(()))) => {}
                        Ok(Ok(Err(revert))) => revert.bubble(),
                        _ => return Err(Error::VideoSharesInvalidHook),
                    }
                }
            }
            for (id, value) in ids.iter().zip(values) {
                if from != Address::zero() {
                    let balance = self.balance(from, *id);
                    self.balances.insert((*id, from), &(balance - *value));
                }
                if to != Address::zero() {
                    let balance = self
                        .balance(to, *id)
                        .checked_add(*value)
                        .ok_or(Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW)))?;
                    self.balances.insert((*id, to), &balance);
                }
            }
            if let ([id], [value]) = (ids, values) {
                self.env().emit_event(TransferSingle { operator, from, to, id: *id, value: *value });
            } else {
                self.env().emit_event(TransferBatch { operator, from, to, ids: ids.to_vec(), values: values.to_vec() });
            }
            Ok(())
        }

        fn check_received(
            &mut self,
            operator: Address,
            from: Address,
            to: Address,
            ids: &[U256],
            values: &[U256],
            data: DynBytes,
        ) -> Result<()> {
            if !self.env().is_contract(&to) {
                return Ok(());
            }
            let mut receiver: Erc1155ReceiverRef = to.into();
            let answer = if let ([id], [value]) = (ids, values) {
                receiver.call_mut().onERC1155Received(operator, from, *id, *value, data).try_invoke()
            } else {
                receiver
                    .call_mut()
                    .onERC1155BatchReceived(operator, from, ids.to_vec(), values.to_vec(), data)
                    .try_invoke()
            };
            let expected = if ids.len() == 1 { ERC1155_RECEIVED } else { ERC1155_BATCH_RECEIVED };
            match answer {
                Ok(Ok(Ok(FixedBytes(selector)))) if selector == expected => Ok(()),
                Ok(Ok(Err(revert))) if !revert.0.is_empty() => revert.bubble(),
                _ => Err(Error::ERC1155InvalidReceiver(to)),
            }
        }
    }
}

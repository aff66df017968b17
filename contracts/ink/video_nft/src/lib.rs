#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix VideoNft for Polkadot Hub, the ink! 6 port of `contracts/evm/src/VideoNft.sol`.
//!
//! Same semantics: a video's id *is* its content hash (one file, one NFT, the same id on every
//! chain); minting records creator, playback id and royalty (at most 25%, always paid to the
//! creator); transfers follow ERC-721 (owner, approved account or operator); the admin can pause
//! minting and transfers. Built with the Solidity ABI: `VideoMinted`, `Transfer`, `Approval` and
//! `ApprovalForAll` are the EVM contract's logs byte for byte, and the calls and errors have the
//! same selectors, except:
//! - `mintedAt` is a `uint64` (Rust has no `uint40`), in seconds (pallet-revive's block time, as on the EVM);
//! - `safeTransferFrom` has only its `bytes data` form (ink! 6 rejects two messages of one name); pass
//!   empty data for the three-argument call.
//! - Roles are one admin (admin and pauser in the EVM contract's AccessControl).

#[ink::contract]
pub mod video_nft {
    use ink::U256;
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::string::String;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::Outputs;
    use tfx_ink_sol::interfaces::{ERC721_RECEIVED, Erc721Receiver, Erc721ReceiverRef};

    /// Highest royalty, basis points.
    pub const MAX_ROYALTY_BPS: u16 = 2_500;
    /// Longest playback id, bytes.
    pub const MAX_PLAYBACK_ID_LENGTH: usize = 64;
    /// Most videos per `mintBatch`.
    pub const MAX_BATCH: usize = 100;

    /// What is stored per video.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Video {
        /// Minter, royalty receiver.
        pub creator: Address,
        /// Royalty, basis points.
        pub royalty_bps: u16,
        /// Mint time, unix seconds.
        pub minted_at: u64,
        /// Stream/playback id.
        pub playback_id: String,
    }

    /// One video of a `mintBatch`.
    #[derive(Debug, Clone, PartialEq, Eq, ink::SolDecode, ink::SolEncode)]
    pub struct MintRequest {
        /// Content hash (the video id).
        pub content_hash: FixedBytes<32>,
        /// Stream/playback id.
        pub playback_id: String,
        /// Royalty, basis points.
        pub royalty_bps: u16,
    }

    /// ERC-721 `Transfer`.
    #[ink(event)]
    pub struct Transfer {
        /// From (zero on mint).
        #[ink(topic)]
        pub from: Address,
        /// To.
        #[ink(topic)]
        pub to: Address,
        /// Video id.
        #[ink(topic)]
        pub token_id: U256,
    }

    /// ERC-721 `Approval`.
    #[ink(event)]
    pub struct Approval {
        /// Owner.
        #[ink(topic)]
        pub owner: Address,
        /// Approved account.
        #[ink(topic)]
        pub approved: Address,
        /// Video id.
        #[ink(topic)]
        pub token_id: U256,
    }

    /// ERC-721 `ApprovalForAll`.
    #[ink(event)]
    pub struct ApprovalForAll {
        /// Owner.
        #[ink(topic)]
        pub owner: Address,
        /// Operator.
        #[ink(topic)]
        pub operator: Address,
        /// Granted or revoked.
        pub approved: bool,
    }

    /// A video was minted.
    #[ink(event)]
    pub struct VideoMinted {
        /// Video id (= content hash).
        #[ink(topic)]
        pub video_id: U256,
        /// Creator.
        #[ink(topic)]
        pub creator: Address,
        /// Content hash.
        pub content_hash: FixedBytes<32>,
        /// Playback id.
        pub playback_id: String,
        /// Royalty, basis points.
        pub royalty_bps: u16,
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

    /// The Solidity contract's errors (its own and OpenZeppelin's).
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Zero content hash.
        VideoNftInvalidContentHash,
        /// Empty or too long playback id.
        VideoNftInvalidPlaybackId,
        /// Royalty above the maximum.
        VideoNftRoyaltyTooHigh(u16, u16),
        /// This content hash is minted already.
        VideoNftAlreadyMinted(U256),
        /// Zero or too many requests.
        VideoNftInvalidBatchSize(U256),
        /// No such video.
        ERC721NonexistentToken(U256),
        /// The zero address as owner.
        ERC721InvalidOwner(Address),
        /// The zero address as receiver.
        ERC721InvalidReceiver(Address),
        /// `from` is not the owner.
        ERC721IncorrectOwner(Address, U256, Address),
        /// The caller may not move this video.
        ERC721InsufficientApproval(Address, U256),
        /// Paused.
        EnforcedPause,
        /// Not paused.
        ExpectedPause,
        /// Caller lacks the role (the admin's).
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// `videoOf`'s return values: creator, owner, content hash, playback id, royalty bps, minted at.
    pub type VideoView = Outputs<(Address, Address, FixedBytes<32>, String, u16, u64)>;

    /// The contract.
    #[ink(storage)]
    pub struct VideoNft {
        admin: Address,
        paused: bool,
        videos: Mapping<U256, Video>,
        transferred_owners: Mapping<U256, Address>,
        balances: Mapping<Address, U256>,
        token_approvals: Mapping<U256, Address>,
        operators: Mapping<(Address, Address), ()>,
        total_supply: U256,
    }

    const PAUSER_ROLE: [u8; 32] = ink::keccak_256!("PAUSER_ROLE");

    impl VideoNft {
        /// A collection administered (and pausable) by `admin`.
        #[ink(constructor)]
        pub fn new(admin: Address) -> Self {
            Self {
                admin,
                paused: false,
                videos: Mapping::default(),
                transferred_owners: Mapping::default(),
                balances: Mapping::default(),
                token_approvals: Mapping::default(),
                operators: Mapping::default(),
                total_supply: U256::zero(),
            }
        }

        /// Mints the video `content_hash` to the caller; returns its id.
        #[ink(message)]
        pub fn mint(&mut self, content_hash: FixedBytes<32>, playback_id: String, royalty_bps: u16) -> Result<U256> {
            self.not_paused()?;
            let creator = self.env().caller();
            let id = self.mint_video(creator, content_hash, playback_id, royalty_bps)?;
            self.credit(creator, U256::one());
            Ok(id)
        }

        /// Mints several videos to the caller, all or none.
        #[ink(message, name = "mintBatch")]
        pub fn mint_batch(&mut self, requests: Vec<MintRequest>) -> Result<Vec<U256>> {
            self.not_paused()?;
            if requests.is_empty() || requests.len() > MAX_BATCH {
                return Err(Error::VideoNftInvalidBatchSize(U256::from(requests.len())));
            }
            let creator = self.env().caller();
            // Validate everything first: a failing request must leave no video behind.
            for (i, r) in requests.iter().enumerate() {
                self.check_mint(&r.content_hash, &r.playback_id, r.royalty_bps)?;
                if requests[..i].iter().any(|p| p.content_hash == r.content_hash) {
                    return Err(Error::VideoNftAlreadyMinted(U256::from_big_endian(&r.content_hash.0)));
                }
            }
            let n = U256::from(requests.len());
            let ids = requests
                .into_iter()
                .map(|r| self.mint_video(creator, r.content_hash, r.playback_id, r.royalty_bps))
                .collect::<Result<Vec<_>>>()?;
            self.credit(creator, n);
            Ok(ids)
        }

        /// Moves `token_id` from `from` to `to`; the caller must be the owner, approved or an operator.
        #[ink(message, name = "transferFrom")]
        pub fn transfer_from(&mut self, from: Address, to: Address, token_id: U256) -> Result<()> {
            self.not_paused()?;
            if to == Address::zero() {
                return Err(Error::ERC721InvalidReceiver(to));
            }
            let owner = self.owner(token_id)?;
            let caller = self.env().caller();
            let authorized = caller == owner
                || self.token_approvals.get(token_id) == Some(caller)
                || self.operators.contains((owner, caller));
            if !authorized {
                return Err(Error::ERC721InsufficientApproval(caller, token_id));
            }
            if owner != from {
                return Err(Error::ERC721IncorrectOwner(from, token_id, owner));
            }
            self.token_approvals.remove(token_id);
            let from_balance = self.balances.get(from).unwrap_or_default();
            self.balances.insert(from, &(from_balance - U256::one()));
            let to_balance = self.balances.get(to).unwrap_or_default();
            self.balances.insert(to, &(to_balance + U256::one()));
            self.transferred_owners.insert(token_id, &to);
            self.env().emit_event(Transfer { from, to, token_id });
            Ok(())
        }

        /// `transferFrom`, then, when `to` is a contract, its `onERC721Received(caller, from, token_id,
        /// data)` must return that function's selector (a revert or any other answer reverts the
        /// transfer with `ERC721InvalidReceiver`). This is how a video enters VideoShares.
        #[ink(message, name = "safeTransferFrom")]
        pub fn safe_transfer_from(&mut self, from: Address, to: Address, token_id: U256, data: DynBytes) -> Result<()> {
            self.transfer_from(from, to, token_id)?;
            if !self.env().is_contract(&to) {
                return Ok(());
            }
            let mut receiver: Erc721ReceiverRef = to.into();
            let answer = receiver.call_mut().onERC721Received(self.env().caller(), from, token_id, data).try_invoke();
            match answer {
                Ok(Ok(FixedBytes(selector))) if selector == ERC721_RECEIVED => Ok(()),
                _ => Err(Error::ERC721InvalidReceiver(to)),
            }
        }

        /// Lets `to` move `token_id` (the zero address clears it). Owner or operator only.
        #[ink(message)]
        pub fn approve(&mut self, to: Address, token_id: U256) -> Result<()> {
            let owner = self.owner(token_id)?;
            let caller = self.env().caller();
            if caller != owner && !self.operators.contains((owner, caller)) {
                return Err(Error::ERC721InsufficientApproval(caller, token_id));
            }
            self.token_approvals.insert(token_id, &to);
            self.env().emit_event(Approval { owner, approved: to, token_id });
            Ok(())
        }

        /// Lets `operator` move all of the caller's videos (or stops it).
        #[ink(message, name = "setApprovalForAll")]
        pub fn set_approval_for_all(&mut self, operator: Address, approved: bool) -> Result<()> {
            let owner = self.env().caller();
            if approved {
                self.operators.insert((owner, operator), &());
            } else {
                self.operators.remove((owner, operator));
            }
            self.env().emit_event(ApprovalForAll { owner, operator, approved });
            Ok(())
        }

        /// Stops minting and transfers. Admin only.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.only_admin()?;
            self.not_paused()?;
            self.paused = true;
            self.env().emit_event(Paused { account: self.env().caller() });
            Ok(())
        }

        /// Resumes minting and transfers. Admin only.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.only_admin()?;
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

        /// The owner of `token_id`.
        #[ink(message, name = "ownerOf")]
        pub fn owner_of(&self, token_id: U256) -> Result<Address> {
            self.owner(token_id)
        }

        /// Videos `owner` holds.
        #[ink(message, name = "balanceOf")]
        pub fn balance_of(&self, owner: Address) -> Result<U256> {
            if owner == Address::zero() {
                return Err(Error::ERC721InvalidOwner(owner));
            }
            Ok(self.balances.get(owner).unwrap_or_default())
        }

        /// The approved account of `token_id`.
        #[ink(message, name = "getApproved")]
        pub fn get_approved(&self, token_id: U256) -> Result<Address> {
            self.owner(token_id)?;
            Ok(self.token_approvals.get(token_id).unwrap_or_default())
        }

        /// Whether `operator` may move all of `owner`'s videos.
        #[ink(message, name = "isApprovedForAll")]
        pub fn is_approved_for_all(&self, owner: Address, operator: Address) -> bool {
            self.operators.contains((owner, operator))
        }

        /// Videos minted.
        #[ink(message, name = "totalSupply")]
        pub fn total_supply(&self) -> U256 {
            self.total_supply
        }

        /// The creator of `video_id` (zero if unminted).
        #[ink(message, name = "creatorOf")]
        pub fn creator_of(&self, video_id: U256) -> Address {
            self.videos.get(video_id).map(|v| v.creator).unwrap_or_default()
        }

        /// (creator, owner, content hash, playback id, royalty bps, minted at).
        #[ink(message, name = "videoOf")]
        pub fn video_of(&self, video_id: U256) -> Result<VideoView> {
            let owner = self.owner(video_id)?;
            let v = self.videos.get(video_id).ok_or(Error::ERC721NonexistentToken(video_id))?;
            Ok(Outputs((
                v.creator,
                owner,
                FixedBytes(video_id.to_big_endian()),
                v.playback_id,
                v.royalty_bps,
                v.minted_at,
            )))
        }

        /// The playback id of `video_id`.
        #[ink(message, name = "playbackIdOf")]
        pub fn playback_id_of(&self, video_id: U256) -> Result<String> {
            self.videos.get(video_id).map(|v| v.playback_id).ok_or(Error::ERC721NonexistentToken(video_id))
        }

        /// ERC-2981: the creator receives `royalty_bps` of `sale_price`.
        #[ink(message, name = "royaltyInfo")]
        pub fn royalty_info(&self, video_id: U256, sale_price: U256) -> (Address, U256) {
            let v = self.videos.get(video_id);
            let (creator, bps) = v.map(|v| (v.creator, v.royalty_bps)).unwrap_or_default();
            (creator, sale_price * U256::from(bps) / U256::from(10_000))
        }

        fn owner(&self, token_id: U256) -> Result<Address> {
            self.transferred_owners
                .get(token_id)
                .or_else(|| self.videos.get(token_id).map(|v| v.creator))
                .ok_or(Error::ERC721NonexistentToken(token_id))
        }

        fn not_paused(&self) -> Result<()> {
            if self.paused { Err(Error::EnforcedPause) } else { Ok(()) }
        }

        fn only_admin(&self) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(PAUSER_ROLE)));
            }
            Ok(())
        }

        fn check_mint(&self, content_hash: &FixedBytes<32>, playback_id: &str, royalty_bps: u16) -> Result<U256> {
            if content_hash.0 == [0u8; 32] {
                return Err(Error::VideoNftInvalidContentHash);
            }
            if playback_id.is_empty() || playback_id.len() > MAX_PLAYBACK_ID_LENGTH {
                return Err(Error::VideoNftInvalidPlaybackId);
            }
            if royalty_bps > MAX_ROYALTY_BPS {
                return Err(Error::VideoNftRoyaltyTooHigh(royalty_bps, MAX_ROYALTY_BPS));
            }
            let id = U256::from_big_endian(&content_hash.0);
            if self.videos.contains(id) {
                return Err(Error::VideoNftAlreadyMinted(id));
            }
            Ok(id)
        }

        fn mint_video(
            &mut self,
            creator: Address,
            content_hash: FixedBytes<32>,
            playback_id: String,
            royalty_bps: u16,
        ) -> Result<U256> {
            let id = self.check_mint(&content_hash, &playback_id, royalty_bps)?;
            let minted_at = self.env().block_timestamp();
            self.videos.insert(id, &Video { creator, royalty_bps, minted_at, playback_id: playback_id.clone() });
            self.env().emit_event(Transfer { from: Address::zero(), to: creator, token_id: id });
            self.env().emit_event(VideoMinted { video_id: id, creator, content_hash, playback_id, royalty_bps });
            Ok(id)
        }

        fn credit(&mut self, creator: Address, n: U256) {
            let balance = self.balances.get(creator).unwrap_or_default();
            self.balances.insert(creator, &(balance + n));
            self.total_supply += n;
        }
    }
}

#[cfg(test)]
mod tests;

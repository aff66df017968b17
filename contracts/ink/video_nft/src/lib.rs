#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix VideoNft for Polkadot Hub, the ink! 6 port of `contracts/evm/src/VideoNft.sol`.
//!
//! Same semantics: a video's id *is* its content hash (one file, one NFT, the same id on every
//! chain); minting is commit-reveal (`commitMint`, then `mint`/`mintBatch` between the minimum and
//! maximum commitment age), so a pending mint cannot be front-run; a registrar can reserve an id for
//! its creator (the cross-chain registration); minting records creator, playback id and royalty (at
//! most 25%, always paid to the creator); transfers follow ERC-721 (owner, approved account or
//! operator), tell AdRevenue first (it settles the video's streams to the seller) and refuse a
//! plain `transferFrom` to VideoShares; the admin can pause minting and transfers. Built with the
//! Solidity ABI: the events are the EVM contract's logs byte for byte, and the calls and errors
//! have the same selectors, except:
//! - `mintedAt` is a `uint64` (Rust has no `uint40`), in seconds (pallet-revive's block time, as on the EVM);
//! - `safeTransferFrom` has only its `bytes data` form (ink! 6 rejects two messages of one name); pass
//!   empty data for the three-argument call.
//! - Roles are one admin (admin, pauser and registrar in the EVM contract's AccessControl) and one
//!   registrar account beside it (the suite's router, set by `setRegistrar`, where Solidity grants
//!   `REGISTRAR_ROLE`); an unauthorized call names the role the EVM contract would have required.
//!
//! Storage holds explicit values only (an approval cleared to the zero address, an operator set to
//! `false`): `Mapping::contains` and `remove` go through pallet-revive's Storage precompile, and on a
//! runtime without it they would answer `false` and do nothing.

#[ink::contract]
pub mod video_nft {
    use ink::U256;
    use ink::codegen::TraitCallBuilder;
    use ink::prelude::format;
    use ink::prelude::string::String;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::interfaces::{
        ERC721_RECEIVED, Erc721Receiver, Erc721ReceiverRef, VideoTransferHook, VideoTransferHookRef,
    };
    use tfx_ink_sol::{Outputs, Uint40, address_word, keccak_words};

    /// Highest royalty, basis points.
    pub const MAX_ROYALTY_BPS: u16 = 2_500;
    /// Longest playback id, bytes.
    pub const MAX_PLAYBACK_ID_LENGTH: usize = 64;
    /// Most videos per `mintBatch`.
    pub const MAX_BATCH: usize = 100;
    /// Longest commitment age any deployment may choose, seconds.
    pub const MAX_COMMIT_AGE_BOUND: u64 = 30 * 86_400;
    const DEFAULT_ADMIN_ROLE: [u8; 32] = [0; 32];
    const PAUSER_ROLE: [u8; 32] = ink::keccak_256!("PAUSER_ROLE");
    const REGISTRAR_ROLE: [u8; 32] = ink::keccak_256!("REGISTRAR_ROLE");

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

    /// A mint commitment was recorded.
    #[ink(event)]
    pub struct MintCommitted {
        /// The commitment.
        #[ink(topic)]
        pub commitment: FixedBytes<32>,
        /// Who recorded it.
        #[ink(topic)]
        pub committer: Address,
        /// When, unix seconds.
        pub committed_at: Uint40,
    }

    /// The account that may reserve ids besides the admin (the suite's router) was set.
    #[ink(event)]
    pub struct RegistrarSet {
        /// The registrar.
        pub registrar: Address,
    }

    /// An id was reserved for its creator.
    #[ink(event)]
    pub struct VideoReserved {
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// The only account that may mint it.
        #[ink(topic)]
        pub creator: Address,
    }

    /// The share contract and revenue hook were wired.
    #[ink(event)]
    pub struct HooksSet {
        /// VideoShares.
        pub shares: Address,
        /// AdRevenue.
        pub revenue_hook: Address,
    }

    /// Every video's `tokenURI` now starts with `base_uri` (`BaseURISet(string)`).
    #[ink(event)]
    pub struct BaseURISet {
        /// The new base.
        pub base_uri: String,
    }

    /// ERC-4906: the metadata of videos `from_token_id` to `to_token_id` changed (marketplaces refresh).
    #[ink(event)]
    pub struct BatchMetadataUpdate {
        /// First id.
        pub from_token_id: U256,
        /// Last id.
        pub to_token_id: U256,
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
        /// No live commitment matches.
        VideoNftUnknownCommitment(FixedBytes<32>),
        /// The commitment is younger than the minimum age: (commitment, revealable at).
        VideoNftCommitmentTooNew(FixedBytes<32>, u64),
        /// The commitment is recorded and live.
        VideoNftAlreadyCommitted(FixedBytes<32>),
        /// Reserved for another creator: (video, creator).
        VideoNftReserved(U256, Address),
        /// Bad commitment ages: (min, max).
        VideoNftInvalidCommitAges(u64, u64),
        /// Hooks missing, already set, or zero.
        VideoNftInvalidHooks,
        /// A plain transfer to the share contract.
        VideoNftUseSafeTransfer(Address),
        /// No such video.
        ERC721NonexistentToken(U256),
        /// The zero address as owner.
        ERC721InvalidOwner(Address),
        /// The zero address as receiver, or a receiver that refused.
        ERC721InvalidReceiver(Address),
        /// `from` is not the owner.
        ERC721IncorrectOwner(Address, U256, Address),
        /// The caller may not move this video.
        ERC721InsufficientApproval(Address, U256),
        /// The caller may not approve for this video.
        ERC721InvalidApprover(Address),
        /// The zero address as operator.
        ERC721InvalidOperator(Address),
        /// Paused.
        EnforcedPause,
        /// Not paused.
        ExpectedPause,
        /// Caller lacks the role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// `videoOf`'s return values: creator, owner, content hash, playback id, royalty bps, minted at.
    pub type VideoView = Outputs<(Address, Address, FixedBytes<32>, String, u16, u64)>;

    /// The contract.
    #[ink(storage)]
    pub struct VideoNft {
        admin: Address,
        registrar: Address,
        paused: bool,
        commit_min_age: u64,
        commit_max_age: u64,
        shares: Address,
        revenue_hook: Address,
        videos: Mapping<U256, Video>,
        reservations: Mapping<U256, Address>,
        commitments: Mapping<[u8; 32], u64>,
        transferred_owners: Mapping<U256, Address>,
        balances: Mapping<Address, U256>,
        token_approvals: Mapping<U256, Address>,
        operators: Mapping<(Address, Address), bool>,
        total_supply: U256,
        base_uri: String,
    }

    impl VideoNft {
        /// A collection administered (and pausable) by `admin`, whose mint commitments are
        /// revealable from `commit_min_age` to `commit_max_age` seconds after they are recorded.
        #[ink(constructor)]
        pub fn new(admin: Address, commit_min_age: Uint40, commit_max_age: Uint40) -> Result<Self> {
            let (min, max) = (commit_min_age.0, commit_max_age.0);
            if min == 0 || max <= min || max > MAX_COMMIT_AGE_BOUND {
                return Err(Error::VideoNftInvalidCommitAges(commit_min_age.0, commit_max_age.0));
            }
            Ok(Self {
                admin,
                registrar: Address::zero(),
                paused: false,
                commit_min_age: min,
                commit_max_age: max,
                shares: Address::zero(),
                revenue_hook: Address::zero(),
                videos: Mapping::default(),
                reservations: Mapping::default(),
                commitments: Mapping::default(),
                transferred_owners: Mapping::default(),
                balances: Mapping::default(),
                token_approvals: Mapping::default(),
                operators: Mapping::default(),
                total_supply: U256::zero(),
                base_uri: String::new(),
            })
        }

        /// Wires VideoShares and the revenue hook (AdRevenue), once. Admin only.
        #[ink(message, name = "setHooks")]
        pub fn set_hooks(&mut self, shares: Address, hook: Address) -> Result<()> {
            self.only_admin(DEFAULT_ADMIN_ROLE)?;
            if shares == Address::zero() || hook == Address::zero() || self.revenue_hook != Address::zero() {
                return Err(Error::VideoNftInvalidHooks);
            }
            self.shares = shares;
            self.revenue_hook = hook;
            self.env().emit_event(HooksSet { shares, revenue_hook: hook });
            Ok(())
        }

        /// Sets the account that may reserve ids besides the admin (the suite's router). Admin only.
        #[ink(message, name = "setRegistrar")]
        pub fn set_registrar(&mut self, registrar: Address) -> Result<()> {
            self.only_admin(DEFAULT_ADMIN_ROLE)?;
            self.registrar = registrar;
            self.env().emit_event(RegistrarSet { registrar });
            Ok(())
        }

        /// Points every video's `tokenURI` at `base_uri` followed by its id in decimal (the indexer
        /// API's ERC-721 metadata); empty turns metadata off. Admin only.
        #[ink(message, name = "setBaseURI")]
        pub fn set_base_uri(&mut self, base_uri: String) -> Result<()> {
            self.only_admin(DEFAULT_ADMIN_ROLE)?;
            self.base_uri.clone_from(&base_uri);
            self.env().emit_event(BaseURISet { base_uri });
            self.env().emit_event(BatchMetadataUpdate { from_token_id: U256::zero(), to_token_id: U256::MAX });
            Ok(())
        }

        /// ERC-721 metadata: the collection's name.
        #[ink(message)]
        pub fn name(&self) -> String {
            String::from("TensorFlix Video")
        }

        /// ERC-721 metadata: the collection's symbol.
        #[ink(message)]
        pub fn symbol(&self) -> String {
            String::from("FLIXV")
        }

        /// ERC-165, for the interfaces wallets and marketplaces ask an ERC-721 about: ERC-165,
        /// ERC-721, ERC-721 metadata, ERC-2981 royalties and ERC-4906 metadata updates. (No
        /// AccessControl: this port has one admin.)
        #[ink(message, name = "supportsInterface")]
        pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
            const SUPPORTED: [[u8; 4]; 5] =
                [[0x01, 0xff, 0xc9, 0xa7], [0x80, 0xac, 0x58, 0xcd], [0x5b, 0x5e, 0x13, 0x9f], [0x2a, 0x55, 0x20, 0x5a], [
                    0x49, 0x06, 0x49, 0x06,
                ]];
            SUPPORTED.contains(&interface_id.0)
        }

        /// What `tokenURI` starts with.
        #[ink(message, name = "baseURI")]
        pub fn base_uri(&self) -> String {
            self.base_uri.clone()
        }

        /// ERC-721 metadata: the base followed by the id in decimal, or empty without a base.
        #[ink(message, name = "tokenURI")]
        pub fn token_uri(&self, video_id: U256) -> Result<String> {
            self.owner(video_id)?;
            if self.base_uri.is_empty() {
                return Ok(String::new());
            }
            Ok(format!("{}{}", self.base_uri, video_id))
        }

        /// The account that may reserve ids besides the admin (zero: none).
        #[ink(message)]
        pub fn registrar(&self) -> Address {
            self.registrar
        }

        /// Records a mint commitment, `mintCommitment(creator, salt, contentHashesDigest)`.
        #[ink(message, name = "commitMint")]
        pub fn commit_mint(&mut self, commitment: FixedBytes<32>) -> Result<()> {
            self.not_paused()?;
            let now = self.env().block_timestamp();
            let at = self.commitments.get(commitment.0).unwrap_or_default();
            if at != 0 && now <= at + self.commit_max_age {
                return Err(Error::VideoNftAlreadyCommitted(commitment));
            }
            self.commitments.insert(commitment.0, &now);
            self.env().emit_event(MintCommitted {
                commitment,
                committer: self.env().caller(),
                committed_at: Uint40(now),
            });
            Ok(())
        }

        /// Reserves `video_id` for `creator`: nobody else can mint it here. The registrar or the
        /// admin only.
        #[ink(message)]
        pub fn reserve(&mut self, video_id: U256, creator: Address) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin && (caller != self.registrar || self.registrar == Address::zero()) {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(REGISTRAR_ROLE)));
            }
            if video_id.is_zero() {
                return Err(Error::VideoNftInvalidContentHash);
            }
            if self.videos.get(video_id).is_some() {
                return Err(Error::VideoNftAlreadyMinted(video_id));
            }
            self.reservations.insert(video_id, &creator);
            self.env().emit_event(VideoReserved { video_id, creator });
            Ok(())
        }

        /// Mints the video `content_hash` to the caller, revealing its commitment (or needing none
        /// when the id is reserved for the caller); returns its id.
        #[ink(message)]
        pub fn mint(
            &mut self,
            content_hash: FixedBytes<32>,
            playback_id: String,
            royalty_bps: u16,
            salt: FixedBytes<32>,
        ) -> Result<U256> {
            self.not_paused()?;
            let creator = self.env().caller();
            let (id, reserved) = self.check_mint(creator, &content_hash, &playback_id, royalty_bps)?;
            if !reserved {
                self.reveal(Self::commitment_of(creator, salt, keccak_words(&[content_hash.0])))?;
            }
            self.mint_video(id, creator, content_hash, playback_id, royalty_bps);
            self.credit(creator, U256::one())?;
            Ok(id)
        }

        /// Mints several videos to the caller, all or none, revealing one commitment over all their
        /// content hashes (none is needed when every id is reserved for the caller).
        #[ink(message, name = "mintBatch")]
        pub fn mint_batch(&mut self, requests: Vec<MintRequest>, salt: FixedBytes<32>) -> Result<Vec<U256>> {
            self.not_paused()?;
            if requests.is_empty() || requests.len() > MAX_BATCH {
                return Err(Error::VideoNftInvalidBatchSize(U256::from(requests.len())));
            }
            let creator = self.env().caller();
            // Validate everything first: a failing request must leave no video behind.
            let mut all_reserved = true;
            let mut ids = Vec::with_capacity(requests.len());
            for (i, r) in requests.iter().enumerate() {
                let (id, reserved) = self.check_mint(creator, &r.content_hash, &r.playback_id, r.royalty_bps)?;
                if requests[..i].iter().any(|p| p.content_hash == r.content_hash) {
                    return Err(Error::VideoNftAlreadyMinted(id));
                }
                all_reserved &= reserved;
                ids.push(id);
            }
            if !all_reserved {
                // keccak256(abi.encode(uint256[] ids)): the offset word, the length, the elements.
                let mut words = Vec::with_capacity(ids.len() + 2);
                words.push(U256::from(32).to_big_endian());
                words.push(U256::from(ids.len()).to_big_endian());
                words.extend(ids.iter().map(|id| id.to_big_endian()));
                self.reveal(Self::commitment_of(creator, salt, keccak_words(&words)))?;
            }
            let n = U256::from(requests.len());
            for (r, id) in requests.into_iter().zip(&ids) {
                self.mint_video(*id, creator, r.content_hash, r.playback_id, r.royalty_bps);
            }
            self.credit(creator, n)?;
            Ok(ids)
        }

        /// Moves `token_id` from `from` to `to`; the caller must be the owner, approved or an
        /// operator. Refuses VideoShares as recipient: only `safeTransferFrom` with the share supply
        /// as data fractionalizes.
        #[ink(message, name = "transferFrom")]
        pub fn transfer_from(&mut self, from: Address, to: Address, token_id: U256) -> Result<()> {
            if to == self.shares && to != Address::zero() {
                return Err(Error::VideoNftUseSafeTransfer(to));
            }
            self.transfer(from, to, token_id)
        }

        /// `transferFrom`, then, when `to` is a contract, its `onERC721Received(caller, from, token_id,
        /// data)` must return that function's selector: its revert is bubbled up, any other answer
        /// reverts with `ERC721InvalidReceiver`, as OpenZeppelin does. This is how a video enters
        /// VideoShares.
        #[ink(message, name = "safeTransferFrom")]
        pub fn safe_transfer_from(&mut self, from: Address, to: Address, token_id: U256, data: DynBytes) -> Result<()> {
            self.transfer(from, to, token_id)?;
            if !self.env().is_contract(&to) {
                return Ok(());
            }
            let mut receiver: Erc721ReceiverRef = to.into();
            let answer = receiver.call_mut().onERC721Received(self.env().caller(), from, token_id, data).try_invoke();
            match answer {
                Ok(Ok(Ok(FixedBytes(selector)))) if selector == ERC721_RECEIVED => Ok(()),
                Ok(Ok(Err(revert))) if !revert.0.is_empty() => revert.bubble(),
                _ => Err(Error::ERC721InvalidReceiver(to)),
            }
        }

        /// Lets `to` move `token_id` (the zero address clears it). Owner or operator only.
        #[ink(message)]
        pub fn approve(&mut self, to: Address, token_id: U256) -> Result<()> {
            let owner = self.owner(token_id)?;
            let caller = self.env().caller();
            if caller != owner && !self.is_approved_for_all(owner, caller) {
                return Err(Error::ERC721InvalidApprover(caller));
            }
            self.token_approvals.insert(token_id, &to);
            self.env().emit_event(Approval { owner, approved: to, token_id });
            Ok(())
        }

        /// Lets `operator` move all of the caller's videos (or stops it).
        #[ink(message, name = "setApprovalForAll")]
        pub fn set_approval_for_all(&mut self, operator: Address, approved: bool) -> Result<()> {
            if operator == Address::zero() {
                return Err(Error::ERC721InvalidOperator(operator));
            }
            let owner = self.env().caller();
            self.operators.insert((owner, operator), &approved);
            self.env().emit_event(ApprovalForAll { owner, operator, approved });
            Ok(())
        }

        /// Stops minting and transfers. Admin only.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<()> {
            self.only_admin(PAUSER_ROLE)?;
            self.not_paused()?;
            self.paused = true;
            self.env().emit_event(Paused { account: self.env().caller() });
            Ok(())
        }

        /// Resumes minting and transfers. Admin only.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<()> {
            self.only_admin(PAUSER_ROLE)?;
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
            self.operators.get((owner, operator)).unwrap_or_default()
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

        /// The creator an unminted id is reserved for (zero when not reserved or already minted).
        #[ink(message, name = "reservationOf")]
        pub fn reservation_of(&self, video_id: U256) -> Address {
            if self.videos.get(video_id).is_some() {
                return Address::zero();
            }
            self.reservations.get(video_id).unwrap_or_default()
        }

        /// When `commitment` was recorded (0 if never).
        #[ink(message, name = "commitmentTime")]
        pub fn commitment_time(&self, commitment: FixedBytes<32>) -> Uint40 {
            Uint40(self.commitments.get(commitment.0).unwrap_or_default())
        }

        /// The commitment a creator records before minting (see the Solidity contract).
        #[ink(message, name = "mintCommitment")]
        pub fn mint_commitment(
            &self,
            creator: Address,
            salt: FixedBytes<32>,
            content_hashes_digest: FixedBytes<32>,
        ) -> FixedBytes<32> {
            Self::commitment_of(creator, salt, content_hashes_digest.0)
        }

        /// Seconds a commitment must age before it is revealed.
        #[ink(message, name = "commitMinAge")]
        pub fn commit_min_age(&self) -> Uint40 {
            Uint40(self.commit_min_age)
        }

        /// Seconds after which an unrevealed commitment lapses.
        #[ink(message, name = "commitMaxAge")]
        pub fn commit_max_age(&self) -> Uint40 {
            Uint40(self.commit_max_age)
        }

        /// The share contract (zero until wired).
        #[ink(message)]
        pub fn shares(&self) -> Address {
            self.shares
        }

        /// The revenue hook (zero until wired).
        #[ink(message, name = "revenueHook")]
        pub fn revenue_hook(&self) -> Address {
            self.revenue_hook
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
        pub fn royalty_info(&self, video_id: U256, sale_price: U256) -> Result<(Address, U256)> {
            let v = self.videos.get(video_id);
            let (creator, bps) = v.map(|v| (v.creator, v.royalty_bps)).unwrap_or_default();
            let amount = sale_price.checked_mul(U256::from(bps)).ok_or_else(overflow)?;
            Ok((creator, amount / U256::from(10_000)))
        }

        fn commitment_of(creator: Address, salt: FixedBytes<32>, digest: [u8; 32]) -> FixedBytes<32> {
            FixedBytes(keccak_words(&[address_word(&creator), salt.0, digest]))
        }

        /// Consumes a commitment aged within `[commit_min_age, commit_max_age]`.
        fn reveal(&mut self, commitment: FixedBytes<32>) -> Result<()> {
            let now = self.env().block_timestamp();
            let at = self.commitments.get(commitment.0).unwrap_or_default();
            if at == 0 || now > at + self.commit_max_age {
                return Err(Error::VideoNftUnknownCommitment(commitment));
            }
            if now < at + self.commit_min_age {
                return Err(Error::VideoNftCommitmentTooNew(commitment, at + self.commit_min_age));
            }
            self.commitments.insert(commitment.0, &0);
            Ok(())
        }

        /// Ownership moves after the revenue hook has settled the video's streams to `from`.
        fn transfer(&mut self, from: Address, to: Address, token_id: U256) -> Result<()> {
            self.not_paused()?;
            if to == Address::zero() {
                return Err(Error::ERC721InvalidReceiver(to));
            }
            let owner = self.owner(token_id)?;
            let caller = self.env().caller();
            let authorized = caller == owner
                || self.token_approvals.get(token_id) == Some(caller)
                || self.is_approved_for_all(owner, caller);
            if !authorized {
                return Err(Error::ERC721InsufficientApproval(caller, token_id));
            }
            if owner != from {
                return Err(Error::ERC721IncorrectOwner(from, token_id, owner));
            }
            if self.revenue_hook == Address::zero() {
                return Err(Error::VideoNftInvalidHooks);
            }
            let mut hook: VideoTransferHookRef = self.revenue_hook.into();
            match hook.call_mut().onVideoTransfer(from, to, token_id).try_invoke() {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(revert))) => revert.bubble(),
                _ => return Err(Error::VideoNftInvalidHooks),
            }
            self.token_approvals.insert(token_id, &Address::zero());
            let from_balance = self.balances.get(from).unwrap_or_default();
            self.balances.insert(from, &(from_balance - U256::one()));
            let to_balance = self.balances.get(to).unwrap_or_default();
            self.balances.insert(to, &(to_balance + U256::one()));
            self.transferred_owners.insert(token_id, &to);
            self.env().emit_event(Transfer { from, to, token_id });
            Ok(())
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

        fn only_admin(&self, role: [u8; 32]) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(role)));
            }
            Ok(())
        }

        /// Validates a mint request; returns the id and whether it is reserved for `creator` (then
        /// no commitment is needed).
        fn check_mint(
            &self,
            creator: Address,
            content_hash: &FixedBytes<32>,
            playback_id: &str,
            royalty_bps: u16,
        ) -> Result<(U256, bool)> {
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
            if self.videos.get(id).is_some() {
                return Err(Error::VideoNftAlreadyMinted(id));
            }
            let reserved_for = self.reservations.get(id).unwrap_or_default();
            if reserved_for != Address::zero() && reserved_for != creator {
                return Err(Error::VideoNftReserved(id, reserved_for));
            }
            Ok((id, reserved_for == creator))
        }

        fn mint_video(
            &mut self,
            id: U256,
            creator: Address,
            content_hash: FixedBytes<32>,
            playback_id: String,
            royalty_bps: u16,
        ) {
            let minted_at = self.env().block_timestamp();
            self.videos.insert(id, &Video { creator, royalty_bps, minted_at, playback_id: playback_id.clone() });
            self.env().emit_event(Transfer { from: Address::zero(), to: creator, token_id: id });
            self.env().emit_event(VideoMinted { video_id: id, creator, content_hash, playback_id, royalty_bps });
        }

        fn credit(&mut self, creator: Address, n: U256) -> Result<()> {
            let balance = self.balances.get(creator).unwrap_or_default().checked_add(n).ok_or_else(overflow)?;
            self.balances.insert(creator, &balance);
            self.total_supply = self.total_supply.checked_add(n).ok_or_else(overflow)?;
            Ok(())
        }
    }

    fn overflow() -> Error {
        Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW))
    }
}

#[cfg(test)]
mod tests;

#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix StudioRouter for Polkadot Hub, the ink! 6 port of `contracts/evm/src/StudioRouter.sol`.
//!
//! Same semantics: outbound, anyone may publish a fact of this chain's suite to another chain (a
//! video's registration, a finalized round's result, a video's valuation, an executed slash); the
//! router reads the fact from the suite's own contracts, so a caller chooses only when and where it
//! goes, never what it says. Inbound, the Mailbox hands it attested messages and it applies each
//! type through its one handler:
//! - VideoRegistered reserves the id for its creator in VideoNft and records the home chain;
//! - VoteResult is recorded per origin and round;
//! - Valuation keeps the newest figure per origin chain; `globalValuation` adds them to this chain's;
//! - SlashNotice freezes the miner's withdrawals in MinerCollateral for `freezeWindow`, at most
//!   `maxFreezesPerPeriod` per origin and period.
//!
//! Bodies are the Solidity router's `abi.encode` tuples and the events are its logs byte for byte,
//! so attesters, relayer and indexer treat both suites alike. Where Polkadot Hub differs:
//! - **Roles**: the router needs VideoNft's registrar and MinerCollateral's freezer account
//!   (`setRegistrar`, `setFreezer`, where Solidity grants roles) and to be the Mailbox's recipient;
//!   one governor sets the policy, and an unauthorized call names `GOVERNOR_ROLE`.
//! - **Bodies**: a body that is not exactly its tuple's words, or whose words do not decode as its
//!   types (a dirty address word, say), is `StudioRouterMalformedBody`, where Solidity's decoder
//!   reverts without data for the second kind.
//! - **Storage** holds explicit values only, never `Mapping::contains`/`remove`.

#[ink::contract]
pub mod studio_router {
    use ink::U256;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::interfaces::{
        AdRevenue, AdRevenueRef, Mailbox, MailboxRef, MinerCollateral, MinerCollateralRef, VideoNft, VideoNftRef,
        VoteTally, VoteTallyRef,
    };
    use tfx_ink_sol::{Outputs, Uint40, address_word, keccak_words};

    /// `MessageType.VideoRegistered`.
    pub const VIDEO_REGISTERED: u8 = 1;
    /// `MessageType.VoteResult`.
    pub const VOTE_RESULT: u8 = 2;
    /// `MessageType.Valuation`.
    pub const VALUATION: u8 = 3;
    /// `MessageType.SlashNotice`.
    pub const SLASH_NOTICE: u8 = 4;
    /// `SlashStatus.Executed`.
    const EXECUTED: u8 = 4;
    /// The longest freeze window or rate-limit period a policy may set.
    const YEAR: u64 = 365 * 86_400;

    const GOVERNOR_ROLE: [u8; 32] = ink::keccak_256!("GOVERNOR_ROLE");

    /// When valuations are published and how slash notices freeze; in calls and events the
    /// Solidity `Policy` tuple.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Policy {
        /// Publish a valuation once it grew by this much since the last one sent to that chain ...
        pub valuation_step: U256,
        /// ... or once this long passed since then and it grew at all.
        pub valuation_interval: u64,
        /// How long a slash notice freezes the miner's withdrawals here.
        pub freeze_window: u64,
        /// Length of a rate-limit period for freezes.
        pub freeze_period: u64,
        /// Most freezes one origin chain may cause per period.
        pub max_freezes_per_period: u32,
    }

    type PolicyTuple = (U256, u64, u64, u64, u32);
    const POLICY_SOL_NAME: &str = "(uint256,uint40,uint40,uint40,uint32)";

    impl<'a> ink::SolEncode<'a> for Policy {
        type SolType = PolicyTuple;
        const SOL_NAME: &'static str = POLICY_SOL_NAME;

        fn to_sol_type(&'a self) -> PolicyTuple {
            let p = self;
            (p.valuation_step, p.valuation_interval, p.freeze_window, p.freeze_period, p.max_freezes_per_period)
        }
    }

    impl ink::SolDecode for Policy {
        type SolType = PolicyTuple;
        const SOL_NAME: &'static str = POLICY_SOL_NAME;

        fn from_sol_type(value: PolicyTuple) -> core::result::Result<Self, ink::sol::Error> {
            let (valuation_step, valuation_interval, freeze_window, freeze_period, max_freezes_per_period) = value;
            if [valuation_interval, freeze_window, freeze_period].iter().any(|t| *t >= 1 << 40) {
                return Err(ink::sol::Error);
            }
            Ok(Self { valuation_step, valuation_interval, freeze_window, freeze_period, max_freezes_per_period })
        }
    }

    /// A video registered from its home chain: (home chain, creator, royalty bps).
    pub type Registration = (u64, Address, u16);
    /// A finalized round of another chain: (winner, tallies hash, total weight, source block).
    pub type RemoteRound = (u32, FixedBytes<32>, U256, u64);
    /// A video's cumulative revenue on another chain: (chain, cumulative revenue, source block).
    pub type RemoteValuation = (u64, U256, u64);
    /// `globalValuation`'s return values: (this chain's, each other chain's newest, their sum).
    pub type GlobalValuation = Outputs<(U256, Vec<RemoteValuation>, U256)>;

    /// A video from `home_chain` is reserved here for its creator (or `reserved` is false: the id
    /// was already minted here, by `minted_by`).
    #[ink(event)]
    pub struct VideoRegistrationReceived {
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// Its home chain.
        #[ink(topic)]
        pub home_chain: u64,
        /// Its creator there.
        pub creator: Address,
        /// Its royalty.
        pub royalty_bps: u16,
        /// Whether the id is now reserved here.
        pub reserved: bool,
        /// Who minted it here first (zero: nobody).
        pub minted_by: Address,
    }

    /// A finalized round of `origin` is mirrored here.
    #[ink(event)]
    pub struct VoteResultReceived {
        /// Origin chain.
        #[ink(topic)]
        pub origin: u64,
        /// Its round id.
        #[ink(topic)]
        pub round_id: U256,
        /// Winning candidate index.
        pub winner: u32,
        /// keccak256 of the ABI-encoded tallies.
        pub tallies_hash: FixedBytes<32>,
        /// Weight cast.
        pub total_weight: U256,
        /// The origin's block when it was published.
        pub source_block: u64,
    }

    /// `origin` reported `cumulative_revenue` for a video at `source_block` (`applied` false: an
    /// older report than the one held, kept out).
    #[ink(event)]
    pub struct ValuationReceived {
        /// Video id.
        #[ink(topic)]
        pub video_id: U256,
        /// Origin chain.
        #[ink(topic)]
        pub origin: u64,
        /// Its cumulative revenue there.
        pub cumulative_revenue: U256,
        /// The origin's block of that figure.
        pub source_block: u64,
        /// Whether it replaced the figure held.
        pub applied: bool,
    }

    /// A slash executed on `origin` froze `miner`'s withdrawals here until `until`.
    #[ink(event)]
    pub struct SlashNoticeReceived {
        /// Origin chain.
        #[ink(topic)]
        pub origin: u64,
        /// The slash id there.
        #[ink(topic)]
        pub slash_id: U256,
        /// The miner.
        #[ink(topic)]
        pub miner: Address,
        /// Amount slashed there.
        pub amount: U256,
        /// Evidence hash.
        pub evidence_hash: FixedBytes<32>,
        /// End of the freeze here.
        pub until: Uint40,
    }

    /// Governance changed the policy.
    #[ink(event)]
    pub struct PolicySet {
        /// The new policy.
        pub policy: Policy,
    }

    /// The Solidity contract's custom errors, with its selectors.
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Only the Mailbox may deliver.
        StudioRouterNotMailbox(Address),
        /// The video was not minted here, or it is a twin of a video registered from another chain.
        StudioRouterNotHomeVideo(U256),
        /// That item was already sent to that chain.
        StudioRouterAlreadySent(FixedBytes<32>, u64),
        /// The round is not finalized.
        StudioRouterRoundNotFinal(U256),
        /// The slash has not executed.
        StudioRouterSlashNotExecuted(U256),
        /// Not grown enough, or not for long enough: (video, destination, cumulative, last sent).
        StudioRouterValuationNotDue(U256, u64, U256, U256),
        /// A registration claims a home chain other than the chain it came from.
        StudioRouterWrongHome(u64, u64),
        /// `origin` used up its freezes for this period.
        StudioRouterFreezeRateLimited(u64, U256),
        /// A body does not decode as its type.
        StudioRouterMalformedBody,
        /// Policy out of bounds (a zero period or window, or a window beyond a year).
        StudioRouterInvalidPolicy,
        /// Caller lacks the role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The contract.
    #[ink(storage)]
    pub struct StudioRouter {
        governor: Address,
        mailbox: Address,
        videos: Address,
        votes: Address,
        revenue: Address,
        collateral: Address,
        policy: Policy,
        sent: Mapping<([u8; 32], u64), bool>,
        valuation_sent: Mapping<(U256, u64), (U256, u64)>,
        registrations: Mapping<U256, Registration>,
        remote_rounds: Mapping<(u64, U256), (u32, [u8; 32], U256, u64)>,
        remote_valuations: Mapping<U256, Vec<RemoteValuation>>,
        freezes: Mapping<(u64, u64), u32>,
    }

    impl StudioRouter {
        /// The router of this chain's suite, behind `mailbox`, governed by `governor`.
        #[ink(constructor)]
        pub fn new(
            mailbox: Address,
            videos: Address,
            votes: Address,
            revenue: Address,
            collateral: Address,
            policy: Policy,
            governor: Address,
        ) -> Result<Self> {
            check_policy(&policy)?;
            Self::env().emit_event(PolicySet { policy });
            Ok(Self {
                governor,
                mailbox,
                videos,
                votes,
                revenue,
                collateral,
                policy,
                sent: Mapping::default(),
                valuation_sent: Mapping::default(),
                registrations: Mapping::default(),
                remote_rounds: Mapping::default(),
                remote_valuations: Mapping::default(),
                freezes: Mapping::default(),
            })
        }

        // ----- outbound -----

        /// Registers a video minted here (its home chain) on `destination`.
        #[ink(message, name = "registerVideo")]
        pub fn register_video(&mut self, video_id: U256, destination: u64) -> Result<FixedBytes<32>> {
            let videos: VideoNftRef = self.videos.into();
            let (creator, _, _, _, royalty_bps, _) = videos.videoOf(video_id).unwrap_or_else(|r| r.bubble()).0;
            if self.registrations.get(video_id).is_some_and(|r| r.0 != 0) {
                return Err(Error::StudioRouterNotHomeVideo(video_id));
            }
            self.once(VIDEO_REGISTERED, video_id, destination)?;
            let mut mailbox: MailboxRef = self.mailbox.into();
            let home = mailbox.localDomain();
            let body = words(&[
                video_id.to_big_endian(),
                address_word(&creator),
                U256::from(royalty_bps).to_big_endian(),
                U256::from(home).to_big_endian(),
            ]);
            Ok(self.dispatch(&mut mailbox, destination, VIDEO_REGISTERED, body))
        }

        /// Sends a finalized round's result to `destination`.
        #[ink(message, name = "publishVoteResult")]
        pub fn publish_vote_result(&mut self, round_id: U256, destination: u64) -> Result<FixedBytes<32>> {
            let votes: VoteTallyRef = self.votes.into();
            let (_, _, _, _, finalized, winner) = votes.round(round_id).unwrap_or_else(|r| r.bubble());
            if !finalized {
                return Err(Error::StudioRouterRoundNotFinal(round_id));
            }
            let tallies = votes.tallies(round_id).unwrap_or_else(|r| r.bubble());
            let mut total = U256::zero();
            for t in &tallies {
                total = total.checked_add(*t).ok_or_else(overflow)?;
            }
            self.once(VOTE_RESULT, round_id, destination)?;
            // keccak256(abi.encode(uint256[])): offset, length, elements.
            let mut encoded = Vec::with_capacity(tallies.len() + 2);
            encoded.push(U256::from(32).to_big_endian());
            encoded.push(U256::from(tallies.len()).to_big_endian());
            encoded.extend(tallies.iter().map(|t| t.to_big_endian()));
            let body = words(&[
                round_id.to_big_endian(),
                U256::from(winner).to_big_endian(),
                keccak_words(&encoded),
                total.to_big_endian(),
                U256::from(self.block()).to_big_endian(),
            ]);
            let mut mailbox: MailboxRef = self.mailbox.into();
            Ok(self.dispatch(&mut mailbox, destination, VOTE_RESULT, body))
        }

        /// Sends a video's cumulative revenue here to `destination`, when the policy says it is due.
        #[ink(message, name = "publishValuation")]
        pub fn publish_valuation(&mut self, video_id: U256, destination: u64) -> Result<FixedBytes<32>> {
            let revenue: AdRevenueRef = self.revenue.into();
            let cumulative = revenue.cumulativeRevenue(video_id);
            let (last, at) = self.valuation_sent.get((video_id, destination)).unwrap_or_default();
            let now = self.env().block_timestamp();
            let p = self.policy;
            if cumulative <= last
                || (cumulative - last < p.valuation_step && now < at.saturating_add(p.valuation_interval))
            {
                return Err(Error::StudioRouterValuationNotDue(video_id, destination, cumulative, last));
            }
            self.valuation_sent.insert((video_id, destination), &(cumulative, now));
            let body = words(&[
                video_id.to_big_endian(),
                cumulative.to_big_endian(),
                U256::from(self.block()).to_big_endian(),
            ]);
            let mut mailbox: MailboxRef = self.mailbox.into();
            Ok(self.dispatch(&mut mailbox, destination, VALUATION, body))
        }

        /// Sends an executed slash to `destination`, which freezes the miner's withdrawals there.
        #[ink(message, name = "publishSlash")]
        pub fn publish_slash(&mut self, slash_id: U256, destination: u64) -> Result<FixedBytes<32>> {
            let collateral: MinerCollateralRef = self.collateral.into();
            let (miner, status, _, _, _, amount, evidence_hash, _) =
                collateral.slashOf(slash_id).unwrap_or_else(|r| r.bubble());
            if status != EXECUTED {
                return Err(Error::StudioRouterSlashNotExecuted(slash_id));
            }
            self.once(SLASH_NOTICE, slash_id, destination)?;
            let body = words(&[
                address_word(&miner),
                slash_id.to_big_endian(),
                U256::from(amount).to_big_endian(),
                evidence_hash.0,
            ]);
            let mut mailbox: MailboxRef = self.mailbox.into();
            Ok(self.dispatch(&mut mailbox, destination, SLASH_NOTICE, body))
        }

        // ----- inbound -----

        /// Applies a message the Mailbox delivered. The Mailbox only.
        #[ink(message)]
        pub fn handle(&mut self, origin: u64, message_type: u8, body: DynBytes) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.mailbox {
                return Err(Error::StudioRouterNotMailbox(caller));
            }
            match message_type {
                VIDEO_REGISTERED => self.on_registration(origin, &body.0),
                VOTE_RESULT => self.on_vote_result(origin, &body.0),
                VALUATION => self.on_valuation(origin, &body.0),
                _ => self.on_slash_notice(origin, &body.0),
            }
        }

        /// Sets the policy. Governor only.
        #[ink(message, name = "setPolicy")]
        pub fn set_policy(&mut self, policy: Policy) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.governor {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(GOVERNOR_ROLE)));
            }
            check_policy(&policy)?;
            self.policy = policy;
            self.env().emit_event(PolicySet { policy });
            Ok(())
        }

        // ----- views -----

        /// Where a video was registered from (zero home chain: not a twin of another chain's video).
        #[ink(message, name = "registrationOf")]
        pub fn registration_of(&self, video_id: U256) -> Registration {
            self.registrations.get(video_id).unwrap_or((0, Address::zero(), 0))
        }

        /// The result of round `round_id` of chain `origin` (zero source block: not received).
        #[ink(message, name = "remoteRound")]
        pub fn remote_round(&self, origin: u64, round_id: U256) -> RemoteRound {
            let (winner, tallies_hash, total_weight, source_block) =
                self.remote_rounds.get((origin, round_id)).unwrap_or_default();
            (winner, FixedBytes(tallies_hash), total_weight, source_block)
        }

        /// A video's valuation across chains: this chain's cumulative revenue, the newest figure
        /// received from each other chain (with its source block), and their sum.
        #[ink(message, name = "globalValuation")]
        pub fn global_valuation(&self, video_id: U256) -> Result<GlobalValuation> {
            let revenue: AdRevenueRef = self.revenue.into();
            let local = revenue.cumulativeRevenue(video_id);
            let remote = self.remote_valuations.get(video_id).unwrap_or_default();
            let mut total = local;
            for r in &remote {
                total = total.checked_add(r.1).ok_or_else(overflow)?;
            }
            Ok(Outputs((local, remote, total)))
        }

        /// Freezes `origin` caused in rate-limit period `period` (`block.timestamp / freezePeriod`).
        #[ink(message, name = "freezesIn")]
        pub fn freezes_in(&self, origin: u64, period: U256) -> U256 {
            if period > U256::from(u64::MAX) {
                return U256::zero();
            }
            U256::from(self.freezes.get((origin, period.low_u64())).unwrap_or_default())
        }

        /// Current policy: (valuation step, valuation interval, freeze window, freeze period, most
        /// freezes per period).
        #[ink(message)]
        pub fn policy(&self) -> (U256, Uint40, Uint40, Uint40, u32) {
            let p = self.policy;
            (
                p.valuation_step,
                Uint40(p.valuation_interval),
                Uint40(p.freeze_window),
                Uint40(p.freeze_period),
                p.max_freezes_per_period,
            )
        }

        /// The Mailbox.
        #[ink(message)]
        pub fn mailbox(&self) -> Address {
            self.mailbox
        }

        /// VideoNft.
        #[ink(message)]
        pub fn videos(&self) -> Address {
            self.videos
        }

        /// VoteTally.
        #[ink(message)]
        pub fn votes(&self) -> Address {
            self.votes
        }

        /// AdRevenue.
        #[ink(message)]
        pub fn revenue(&self) -> Address {
            self.revenue
        }

        /// MinerCollateral.
        #[ink(message)]
        pub fn collateral(&self) -> Address {
            self.collateral
        }

        // ----- internals -----

        fn on_registration(&mut self, origin: u64, body: &[u8]) -> Result<()> {
            let (video_id, creator, royalty_bps, home_chain) = decode::<(U256, Address, u16, u64)>(body, 4)?;
            if home_chain != origin {
                return Err(Error::StudioRouterWrongHome(origin, home_chain));
            }
            let mut videos: VideoNftRef = self.videos.into();
            let minted_by = videos.creatorOf(video_id);
            // Minted here before the registration arrived, or registered first from a third chain:
            // the first claim stands and this one is recorded in the event (a squatter is then
            // visible on chain) rather than reverted, which would leave the message undeliverable.
            let reserved = minted_by == Address::zero() && self.registrations.get(video_id).is_none_or(|r| r.0 == 0);
            if reserved {
                self.registrations.insert(video_id, &(home_chain, creator, royalty_bps));
                videos.reserve(video_id, creator).unwrap_or_else(|r| r.bubble());
            }
            self.env().emit_event(VideoRegistrationReceived {
                video_id,
                home_chain,
                creator,
                royalty_bps,
                reserved,
                minted_by,
            });
            Ok(())
        }

        fn on_vote_result(&mut self, origin: u64, body: &[u8]) -> Result<()> {
            let (round_id, winner, tallies_hash, total_weight, source_block) =
                decode::<(U256, u32, FixedBytes<32>, U256, u64)>(body, 5)?;
            self.remote_rounds.insert((origin, round_id), &(winner, tallies_hash.0, total_weight, source_block));
            self.env().emit_event(VoteResultReceived {
                origin,
                round_id,
                winner,
                tallies_hash,
                total_weight,
                source_block,
            });
            Ok(())
        }

        fn on_valuation(&mut self, origin: u64, body: &[u8]) -> Result<()> {
            let (video_id, cumulative_revenue, source_block) = decode::<(U256, U256, u64)>(body, 3)?;
            let mut all = self.remote_valuations.get(video_id).unwrap_or_default();
            // Messages of one route may be delivered out of order: keep the newest.
            let applied = match all.iter_mut().find(|v| v.0 == origin) {
                None => {
                    all.push((origin, cumulative_revenue, source_block));
                    true
                }
                Some(held) if source_block > held.2 => {
                    (held.1, held.2) = (cumulative_revenue, source_block);
                    true
                }
                Some(_) => false,
            };
            if applied {
                self.remote_valuations.insert(video_id, &all);
            }
            self.env().emit_event(ValuationReceived { video_id, origin, cumulative_revenue, source_block, applied });
            Ok(())
        }

        fn on_slash_notice(&mut self, origin: u64, body: &[u8]) -> Result<()> {
            let (miner, slash_id, amount, evidence_hash) = decode::<(Address, U256, U256, FixedBytes<32>)>(body, 4)?;
            let p = self.policy;
            let now = self.env().block_timestamp();
            let period = now / p.freeze_period;
            let used = self.freezes.get((origin, period)).unwrap_or_default();
            if used >= p.max_freezes_per_period {
                return Err(Error::StudioRouterFreezeRateLimited(origin, U256::from(period)));
            }
            self.freezes.insert((origin, period), &(used + 1));
            let until = Uint40(now.checked_add(p.freeze_window).ok_or_else(overflow)?);
            self.env().emit_event(SlashNoticeReceived { origin, slash_id, miner, amount, evidence_hash, until });
            let mut collateral: MinerCollateralRef = self.collateral.into();
            collateral.freezeWithdrawals(miner, until).unwrap_or_else(|r| r.bubble());
            Ok(())
        }

        /// Each item goes to each destination once.
        fn once(&mut self, message_type: u8, item: U256, destination: u64) -> Result<()> {
            let key = keccak_words(&[U256::from(message_type).to_big_endian(), item.to_big_endian()]);
            if self.sent.get((key, destination)).unwrap_or(false) {
                return Err(Error::StudioRouterAlreadySent(FixedBytes(key), destination));
            }
            self.sent.insert((key, destination), &true);
            Ok(())
        }

        /// Hands the body to the Mailbox; its revert (a bad route, say) is this call's revert.
        fn dispatch(
            &self,
            mailbox: &mut MailboxRef,
            destination: u64,
            message_type: u8,
            body: Vec<u8>,
        ) -> FixedBytes<32> {
            mailbox.dispatch(destination, message_type, DynBytes(body)).unwrap_or_else(|r| r.bubble())
        }

        fn block(&self) -> u64 {
            u64::from(self.env().block_number())
        }
    }

    /// A body of exactly `count` ABI words that decodes as `T`.
    fn decode<T: ink::sol::SolParamsDecode>(body: &[u8], count: usize) -> Result<T> {
        if body.len() != count * 32 {
            return Err(Error::StudioRouterMalformedBody);
        }
        ink::sol::decode_sequence::<T>(body).map_err(|_| Error::StudioRouterMalformedBody)
    }

    fn words(w: &[[u8; 32]]) -> Vec<u8> {
        w.concat()
    }

    fn check_policy(p: &Policy) -> Result<()> {
        if p.freeze_period == 0 || p.freeze_window == 0 || p.freeze_window > YEAR || p.freeze_period > YEAR {
            return Err(Error::StudioRouterInvalidPolicy);
        }
        Ok(())
    }

    fn overflow() -> Error {
        Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW))
    }
}

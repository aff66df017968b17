#![cfg_attr(not(feature = "std"), no_std, no_main)]

//! TensorFlix VoteTally for Polkadot Hub, the ink! 6 port of `contracts/evm/src/VoteTally.sol`.
//!
//! Same semantics: organizers open rounds of 2..=64 candidates over a window `[start, end)`; a
//! voter votes once per round, directly or through a relayer with an EIP-712 signature; after the
//! end anyone finalizes, the highest tally winning and a tie going to the lowest candidate index.
//!
//! Where Polkadot Hub differs, and what this port chose:
//! - **ABI**: built with the Solidity ABI (`abi = "sol"`), so `RoundCreated`, `VoteCast` and
//!   `RoundFinalized` are byte for byte the EVM contract's logs (same topic 0, same topics, same data)
//!   and the indexer reads this contract through Polkadot Hub's Ethereum RPC with the EVM decoder.
//!   Calls and errors have the Solidity selectors too (window bounds are the `Uint40` newtype, which
//!   names itself `uint40`), so a dApp or `flix` drives this contract with the EVM contract's ABI;
//!   storage keeps them as `u64`, which returns in the same 32-byte word as a uint40.
//! - **Time**: seconds, as the EVM contracts and the indexer use: pallet-revive's `now` is the EVM's
//!   `block.timestamp` (the pallet divides the runtime's millisecond clock by 1000).
//! - **Relayed votes**: pallet-revive accounts are H160, so a voter signs the same EIP-712 `Vote`
//!   message as on the EVM (domain `TensorFlix VoteTally` v1, the chain id the runtime reports, this
//!   contract's address) with an Ethereum key, in the 65-byte `(r, s, v)` form with `v` 27 or 28 or
//!   EIP-2098's 64-byte `(r, vs)`; the contract recovers the signer through the `ecrecover`
//!   precompile. A vote signed for another chain or deployment recovers to another address and is
//!   refused. Contract (ERC-1271) signers are not supported.
//! - **Nonces** are unordered and never consumed, as in the EVM contract: the round's one vote per
//!   voter stops a replay, and `invalidateNonces` withdraws a signed vote before it is relayed.
//! - **Batches**: `voteBySigBatch` skips an entry that fails and reports it (`SignedVoteRejected`
//!   and the per-entry result), as the EVM contract does.
//! - **Roles**: one admin, who grants the organizer role (`setOrganizer`, which emits
//!   OpenZeppelin's `RoleGranted`/`RoleRevoked` for `ORGANIZER_ROLE`); unauthorized calls fail with
//!   `AccessControlUnauthorizedAccount` naming the role the EVM contract would have required.
//! - **Stake weighting**: the EVM contract reads `FlixToken.getPastVotes`; FlixToken is not deployed
//!   on Polkadot Hub yet, so stake-weighted rounds are refused here (`VoteTallyWeightModeUnsupported`)
//!   rather than weighted by a balance that could be borrowed for the vote.

#[ink::contract]
pub mod vote_tally {
    use ink::U256;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::{Outputs, Uint40, address_word, eip712, keccak_words};

    /// Most candidates per round.
    pub const MAX_CANDIDATES: u32 = 64;
    /// Most signed votes per batch.
    pub const MAX_BATCH: u32 = 200;
    /// `winner` of a round nobody voted in.
    pub const NO_WINNER: u32 = u32::MAX;
    /// One account, one vote.
    pub const ONE_ACCOUNT_ONE_VOTE: u8 = 0;
    /// Weighted by stake at the round's start (EVM only, see the crate docs).
    pub const STAKE_WEIGHTED: u8 = 1;

    /// A round's state.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Round {
        /// Voting opens, unix seconds.
        pub start: u64,
        /// Voting closes (exclusive), unix seconds.
        pub end: u64,
        /// Weight mode.
        pub mode: u8,
        /// Number of candidates.
        pub candidate_count: u32,
        /// Whether the result is final.
        pub finalized: bool,
        /// Winning candidate index, or [`NO_WINNER`].
        pub winner: u32,
    }

    /// A vote signed by `voter` (EIP-712 `Vote`), as `voteBySig` and `voteBySigBatch` take it: the
    /// Solidity `SignedVote` tuple, so both calls have the EVM contract's selectors.
    #[derive(Debug, Clone, PartialEq, Eq, ink::SolDecode, ink::SolEncode)]
    pub struct SignedVote {
        /// Round id.
        pub round_id: U256,
        /// Candidate index.
        pub candidate: u32,
        /// The signer.
        pub voter: Address,
        /// Any nonce the signer has not invalidated.
        pub nonce: U256,
        /// Latest time the vote may be counted, unix seconds.
        pub deadline: U256,
        /// 65-byte `r || s || v` or 64-byte `r || vs` signature.
        pub signature: DynBytes,
    }

    /// A round was opened (topic 0: `RoundCreated(uint256,address,uint40,uint40,uint8,bytes32[])`).
    #[ink(event)]
    pub struct RoundCreated {
        /// Round id.
        #[ink(topic)]
        pub round_id: U256,
        /// Organizer.
        #[ink(topic)]
        pub organizer: Address,
        /// Opens, unix seconds.
        pub start: Uint40,
        /// Closes, unix seconds.
        pub end: Uint40,
        /// Weight mode.
        pub mode: u8,
        /// Candidate ids (video ids or prompt hashes).
        pub candidates: Vec<FixedBytes<32>>,
    }

    /// A vote was counted.
    #[ink(event)]
    pub struct VoteCast {
        /// Round id.
        #[ink(topic)]
        pub round_id: U256,
        /// Voter.
        #[ink(topic)]
        pub voter: Address,
        /// Candidate index.
        pub candidate: u32,
        /// Weight counted.
        pub weight: U256,
    }

    /// Entry `index` of a batch was skipped with the error `reason`.
    #[ink(event)]
    pub struct SignedVoteRejected {
        /// Round id.
        #[ink(topic)]
        pub round_id: U256,
        /// Voter.
        #[ink(topic)]
        pub voter: Address,
        /// Position in the batch.
        pub index: U256,
        /// The error, Solidity-encoded.
        pub reason: DynBytes,
    }

    /// `voter` invalidated the nonces of `mask` in word `word_pos`.
    #[ink(event)]
    pub struct NoncesInvalidated {
        /// Voter.
        #[ink(topic)]
        pub voter: Address,
        /// Bitmap word.
        pub word_pos: U256,
        /// Bits invalidated.
        pub mask: U256,
    }

    /// OpenZeppelin `RoleGranted` (the organizer role).
    #[ink(event)]
    pub struct RoleGranted {
        /// Role id.
        #[ink(topic)]
        pub role: FixedBytes<32>,
        /// Account.
        #[ink(topic)]
        pub account: Address,
        /// Granted by.
        #[ink(topic)]
        pub sender: Address,
    }

    /// OpenZeppelin `RoleRevoked` (the organizer role).
    #[ink(event)]
    pub struct RoleRevoked {
        /// Role id.
        #[ink(topic)]
        pub role: FixedBytes<32>,
        /// Account.
        #[ink(topic)]
        pub account: Address,
        /// Revoked by.
        #[ink(topic)]
        pub sender: Address,
    }

    /// A round's result became final.
    #[ink(event)]
    pub struct RoundFinalized {
        /// Round id.
        #[ink(topic)]
        pub round_id: U256,
        /// Winner, or [`NO_WINNER`].
        pub winner: u32,
        /// The winner's tally.
        pub winning_tally: U256,
        /// All weight cast.
        pub total_weight: U256,
        /// Whether another candidate had the winning tally.
        pub tied: bool,
    }

    /// The Solidity contract's custom errors, with its selectors.
    #[derive(Debug, PartialEq, Eq)]
    #[ink::error]
    pub enum Error {
        /// Fewer than 2 or more than 64 candidates, or a zero candidate id.
        VoteTallyInvalidCandidates(U256),
        /// A candidate id appears twice: (id, first index, second index).
        VoteTallyDuplicateCandidate(FixedBytes<32>, U256, U256),
        /// `end <= start`.
        VoteTallyInvalidWindow(u64, u64),
        /// No such round.
        VoteTallyUnknownRound(U256),
        /// No such candidate in the round.
        VoteTallyUnknownCandidate(U256, u32),
        /// The round has not started.
        VoteTallyNotStarted(U256, u64),
        /// The round is over.
        VoteTallyEnded(U256, u64),
        /// The round is still open.
        VoteTallyNotEnded(U256, u64),
        /// Finalized already.
        VoteTallyAlreadyFinalized(U256),
        /// The voter voted in this round already.
        VoteTallyAlreadyVoted(U256, Address),
        /// The signature does not recover to the voter.
        VoteTallyInvalidSignature(Address),
        /// The signed vote's deadline passed.
        VoteTallySignatureExpired(U256),
        /// The voter invalidated this nonce.
        VoteTallyNonceInvalidated(Address, U256),
        /// Zero or more than 200 signed votes.
        VoteTallyInvalidBatchSize(U256),
        /// Stake-weighted rounds need the stake token (EVM chains only for now).
        VoteTallyWeightModeUnsupported(u8),
        /// Caller lacks the role.
        AccessControlUnauthorizedAccount(Address, FixedBytes<32>),
        /// Arithmetic overflow (`Panic(0x11)`, as Solidity reports it).
        Panic(U256),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The contract.
    #[ink(storage)]
    pub struct VoteTally {
        admin: Address,
        organizers: Mapping<Address, bool>,
        round_count: U256,
        rounds: Mapping<U256, Round>,
        candidates: Mapping<U256, Vec<FixedBytes<32>>>,
        tallies: Mapping<(U256, u32), U256>,
        voted: Mapping<(U256, Address), bool>,
        invalidated_nonces: Mapping<(Address, U256), U256>,
    }

    /// `eip712Domain()`'s return values (EIP-5267): fields, name, version, chain id, verifying
    /// contract, salt, extensions.
    pub type Eip712Domain = Outputs<(
        FixedBytes<1>,
        ink::prelude::string::String,
        ink::prelude::string::String,
        U256,
        Address,
        FixedBytes<32>,
        Vec<U256>,
    )>;

    const DEFAULT_ADMIN_ROLE: [u8; 32] = [0; 32];
    const ORGANIZER_ROLE: [u8; 32] = ink::keccak_256!("ORGANIZER_ROLE");
    /// `keccak256("Vote(uint256 roundId,uint32 candidate,address voter,uint256 nonce,uint256 deadline)")`
    const VOTE_TYPEHASH: [u8; 32] =
        ink::keccak_256!("Vote(uint256 roundId,uint32 candidate,address voter,uint256 nonce,uint256 deadline)");
    const NAME_HASH: [u8; 32] = ink::keccak_256!("TensorFlix VoteTally");
    const VERSION_HASH: [u8; 32] = ink::keccak_256!("1");

    fn word_u256(v: U256) -> [u8; 32] {
        v.to_big_endian()
    }

    fn word_u64(v: u64) -> [u8; 32] {
        word_u256(U256::from(v))
    }

    impl VoteTally {
        /// A tally whose admin (and first organizer) is the caller. Its EIP-712 domain takes the
        /// chain id from the runtime at every call, so a vote signed for another chain never counts.
        #[ink(constructor)]
        pub fn new() -> Self {
            let admin = Self::env().caller();
            let mut organizers = Mapping::default();
            organizers.insert(admin, &true);
            Self {
                admin,
                organizers,
                round_count: U256::zero(),
                rounds: Mapping::default(),
                candidates: Mapping::default(),
                tallies: Mapping::default(),
                voted: Mapping::default(),
                invalidated_nonces: Mapping::default(),
            }
        }

        /// Grants (or revokes) the organizer role. Admin only.
        #[ink(message, name = "setOrganizer")]
        pub fn set_organizer(&mut self, account: Address, enabled: bool) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(DEFAULT_ADMIN_ROLE)));
            }
            if self.is_organizer(account) == enabled {
                return Ok(());
            }
            self.organizers.insert(account, &enabled);
            let (role, sender) = (FixedBytes(ORGANIZER_ROLE), caller);
            if enabled {
                self.env().emit_event(RoleGranted { role, account, sender });
            } else {
                self.env().emit_event(RoleRevoked { role, account, sender });
            }
            Ok(())
        }

        /// Opens a round; a `start` in the past opens it now. Organizers only.
        #[ink(message, name = "createRound")]
        pub fn create_round(
            &mut self,
            candidate_ids: Vec<FixedBytes<32>>,
            start: Uint40,
            end: Uint40,
            mode: u8,
        ) -> Result<U256> {
            let caller = self.env().caller();
            if !self.is_organizer(caller) {
                return Err(Error::AccessControlUnauthorizedAccount(caller, FixedBytes(ORGANIZER_ROLE)));
            }
            let n = candidate_ids.len() as u32;
            if !(2..=MAX_CANDIDATES).contains(&n) || candidate_ids.iter().any(|c| c.0 == [0u8; 32]) {
                return Err(Error::VoteTallyInvalidCandidates(U256::from(n)));
            }
            for (i, c) in candidate_ids.iter().enumerate() {
                if let Some(j) = candidate_ids[..i].iter().position(|p| p == c) {
                    return Err(Error::VoteTallyDuplicateCandidate(*c, U256::from(j), U256::from(i)));
                }
            }
            if mode != ONE_ACCOUNT_ONE_VOTE {
                return Err(Error::VoteTallyWeightModeUnsupported(mode));
            }
            let (start, end) = (start.0.max(self.now()), end.0);
            if end <= start {
                return Err(Error::VoteTallyInvalidWindow(start, end));
            }
            let round_id = self.round_count.checked_add(U256::one()).ok_or_else(overflow)?;
            self.round_count = round_id;
            let round = Round { start, end, mode, candidate_count: n, finalized: false, winner: NO_WINNER };
            self.rounds.insert(round_id, &round);
            self.candidates.insert(round_id, &candidate_ids);
            self.env().emit_event(RoundCreated {
                round_id,
                organizer: caller,
                start: Uint40(start),
                end: Uint40(end),
                mode,
                candidates: candidate_ids,
            });
            Ok(round_id)
        }

        /// Votes for `candidate` in `round_id` as the caller.
        #[ink(message)]
        pub fn vote(&mut self, round_id: U256, candidate: u32) -> Result<()> {
            let voter = self.env().caller();
            self.count(round_id, candidate, voter)
        }

        /// Counts a vote `voter` signed (EIP-712 `Vote`), submitted by anyone.
        #[ink(message, name = "voteBySig")]
        pub fn vote_by_sig(&mut self, vote: SignedVote) -> Result<()> {
            self.check_signature(&vote)?;
            self.count(vote.round_id, vote.candidate, vote.voter)
        }

        /// Counts up to 200 signed votes; an entry that fails is skipped with a
        /// `SignedVoteRejected` event. Returns one result per entry: empty when it was cast, else the
        /// Solidity-encoded error it failed with.
        #[ink(message, name = "voteBySigBatch")]
        pub fn vote_by_sig_batch(&mut self, votes: Vec<SignedVote>) -> Result<Vec<DynBytes>> {
            if votes.is_empty() || votes.len() > MAX_BATCH as usize {
                return Err(Error::VoteTallyInvalidBatchSize(U256::from(votes.len())));
            }
            let mut results = Vec::with_capacity(votes.len());
            for (i, v) in votes.into_iter().enumerate() {
                match self.check_signature(&v).and_then(|()| self.count(v.round_id, v.candidate, v.voter)) {
                    Ok(()) => results.push(DynBytes(Vec::new())),
                    Err(e) => {
                        let reason = DynBytes(ink::sol::SolErrorEncode::encode(&e));
                        let index = U256::from(i);
                        let (round_id, voter) = (v.round_id, v.voter);
                        self.env().emit_event(SignedVoteRejected { round_id, voter, index, reason: reason.clone() });
                        results.push(reason);
                    }
                }
            }
            Ok(results)
        }

        /// Invalidates the caller's nonces `256 * word_pos + i` for every bit `i` of `mask`.
        #[ink(message, name = "invalidateNonces")]
        pub fn invalidate_nonces(&mut self, word_pos: U256, mask: U256) -> Result<()> {
            let voter = self.env().caller();
            let word = self.invalidated_nonces.get((voter, word_pos)).unwrap_or_default();
            self.invalidated_nonces.insert((voter, word_pos), &(word | mask));
            self.env().emit_event(NoncesInvalidated { voter, word_pos, mask });
            Ok(())
        }

        /// Finalizes a round after its end: highest tally wins, a tie goes to the lowest index.
        #[ink(message)]
        pub fn finalize(&mut self, round_id: U256) -> Result<u32> {
            let mut r = self.existing(round_id)?;
            if r.finalized {
                return Err(Error::VoteTallyAlreadyFinalized(round_id));
            }
            if self.now() < r.end {
                return Err(Error::VoteTallyNotEnded(round_id, r.end));
            }
            let (mut best, mut total, mut tied, mut winner) = (U256::zero(), U256::zero(), false, NO_WINNER);
            for i in 0..r.candidate_count {
                let t = self.tallies.get((round_id, i)).unwrap_or_default();
                total = total.checked_add(t).ok_or_else(overflow)?;
                if t > best {
                    (best, winner, tied) = (t, i, false);
                } else if t == best && !t.is_zero() {
                    tied = true;
                }
            }
            r.finalized = true;
            r.winner = winner;
            self.rounds.insert(round_id, &r);
            self.env().emit_event(RoundFinalized { round_id, winner, winning_tally: best, total_weight: total, tied });
            Ok(winner)
        }

        /// A round: (start, end, mode, candidate count, finalized, winner).
        #[ink(message)]
        pub fn round(&self, round_id: U256) -> Result<(u64, u64, u8, u32, bool, u32)> {
            let r = self.existing(round_id)?;
            Ok((r.start, r.end, r.mode, r.candidate_count, r.finalized, r.winner))
        }

        /// A round's candidate ids.
        #[ink(message)]
        pub fn candidates(&self, round_id: U256) -> Result<Vec<FixedBytes<32>>> {
            self.existing(round_id)?;
            Ok(self.candidates.get(round_id).unwrap_or_default())
        }

        /// A round's tallies, by candidate index.
        #[ink(message)]
        pub fn tallies(&self, round_id: U256) -> Result<Vec<U256>> {
            let r = self.existing(round_id)?;
            Ok((0..r.candidate_count).map(|i| self.tallies.get((round_id, i)).unwrap_or_default()).collect())
        }

        /// Whether `account` may open rounds.
        #[ink(message, name = "isOrganizer")]
        pub fn is_organizer(&self, account: Address) -> bool {
            self.organizers.get(account).unwrap_or_default()
        }

        /// Whether `voter` voted in `round_id`.
        #[ink(message, name = "hasVoted")]
        pub fn has_voted(&self, round_id: U256, voter: Address) -> bool {
            self.voted.get((round_id, voter)).unwrap_or_default()
        }

        /// Whether `voter` invalidated `nonce`.
        #[ink(message, name = "isNonceInvalidated")]
        pub fn is_nonce_invalidated(&self, voter: Address, nonce: U256) -> bool {
            let word = self.invalidated_nonces.get((voter, nonce >> 8)).unwrap_or_default();
            !(word & (U256::one() << (nonce.low_u32() & 0xff))).is_zero()
        }

        /// Rounds opened so far (the last round's id).
        #[ink(message, name = "roundCount")]
        pub fn round_count(&self) -> U256 {
            self.round_count
        }

        /// The EIP-712 digest a voter signs.
        #[ink(message, name = "voteDigest")]
        pub fn vote_digest(
            &self,
            round_id: U256,
            candidate: u32,
            voter: Address,
            nonce: U256,
            deadline: U256,
        ) -> FixedBytes<32> {
            let struct_hash = keccak_words(&[
                VOTE_TYPEHASH,
                word_u256(round_id),
                word_u64(u64::from(candidate)),
                address_word(&voter),
                word_u256(nonce),
                word_u256(deadline),
            ]);
            FixedBytes(eip712::typed_digest(&self.domain_separator().0, &struct_hash))
        }

        /// The EIP-712 domain separator, over the chain id the runtime reports now.
        #[ink(message, name = "DOMAIN_SEPARATOR")]
        pub fn domain_separator(&self) -> FixedBytes<32> {
            FixedBytes(eip712::domain_separator(NAME_HASH, VERSION_HASH, &self.env().address()))
        }

        /// EIP-5267: the domain a wallet shows and signs for (name, version, chain id, contract).
        #[ink(message, name = "eip712Domain")]
        pub fn eip712_domain(&self) -> Eip712Domain {
            Outputs((
                FixedBytes([0x0f]),
                "TensorFlix VoteTally".into(),
                "1".into(),
                eip712::chain_id(),
                self.env().address(),
                FixedBytes([0; 32]),
                Vec::new(),
            ))
        }

        /// The block time in seconds, as pallet-revive reports it.
        fn now(&self) -> u64 {
            self.env().block_timestamp()
        }

        fn existing(&self, round_id: U256) -> Result<Round> {
            self.rounds.get(round_id).ok_or(Error::VoteTallyUnknownRound(round_id))
        }

        /// Deadline, signer and nonce of a signed vote (the order the Solidity contract checks them).
        fn check_signature(&self, v: &SignedVote) -> Result<()> {
            if U256::from(self.now()) > v.deadline {
                return Err(Error::VoteTallySignatureExpired(v.deadline));
            }
            let digest = self.vote_digest(v.round_id, v.candidate, v.voter, v.nonce, v.deadline);
            if eip712::recover(&digest.0, v.signature.as_ref()) != Some(v.voter) {
                return Err(Error::VoteTallyInvalidSignature(v.voter));
            }
            if self.is_nonce_invalidated(v.voter, v.nonce) {
                return Err(Error::VoteTallyNonceInvalidated(v.voter, v.nonce));
            }
            Ok(())
        }

        fn count(&mut self, round_id: U256, candidate: u32, voter: Address) -> Result<()> {
            self.check_vote(round_id, candidate, voter)?;
            self.record_vote(round_id, candidate, voter)
        }

        fn check_vote(&self, round_id: U256, candidate: u32, voter: Address) -> Result<()> {
            let r = self.existing(round_id)?;
            let now = self.now();
            if now < r.start {
                return Err(Error::VoteTallyNotStarted(round_id, r.start));
            }
            if now >= r.end || r.finalized {
                return Err(Error::VoteTallyEnded(round_id, r.end));
            }
            if candidate >= r.candidate_count {
                return Err(Error::VoteTallyUnknownCandidate(round_id, candidate));
            }
            if self.has_voted(round_id, voter) {
                return Err(Error::VoteTallyAlreadyVoted(round_id, voter));
            }
            Ok(())
        }

        fn record_vote(&mut self, round_id: U256, candidate: u32, voter: Address) -> Result<()> {
            let weight = U256::one();
            let tally =
                self.tallies.get((round_id, candidate)).unwrap_or_default().checked_add(weight).ok_or_else(overflow)?;
            self.voted.insert((round_id, voter), &true);
            self.tallies.insert((round_id, candidate), &tally);
            self.env().emit_event(VoteCast { round_id, voter, candidate, weight });
            Ok(())
        }
    }

    fn overflow() -> Error {
        Error::Panic(U256::from(tfx_ink_sol::PANIC_OVERFLOW))
    }
}

#[cfg(test)]
mod tests;

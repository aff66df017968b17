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
//!   message as on the EVM (domain `TensorFlix VoteTally` v1, the chain id given at instantiation,
//!   this contract's address) with an Ethereum key; the contract recovers the signer with the
//!   `ecdsa_recover` host function. Contract (ERC-1271) signers are not supported.
//! - **Batches**: `voteBySigBatch` checks every vote against the state the batch would build before
//!   writing anything, so a bad vote leaves no trace (the EVM contract relies on the revert).
//! - **Stake weighting**: the EVM contract reads `FlixToken.getPastVotes`; FlixToken is not deployed
//!   on Polkadot Hub yet, so stake-weighted rounds are refused here (`VoteTallyWeightModeUnsupported`)
//!   rather than weighted by a balance that could be borrowed for the vote.

#[ink::contract]
pub mod vote_tally {
    use ink::U256;
    use ink::env::hash::Keccak256;
    use ink::prelude::vec::Vec;
    use ink::sol::{DynBytes, FixedBytes};
    use ink::storage::Mapping;
    use tfx_ink_sol::Uint40;

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
        /// The signer's nonce.
        pub nonce: U256,
        /// Latest time the vote may be counted, unix seconds.
        pub deadline: U256,
        /// 65-byte `r || s || v` signature.
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
        /// Caller lacks the organizer role.
        VoteTallyNotOrganizer(Address),
        /// Fewer than 2 or more than 64 candidates, or a zero candidate id.
        VoteTallyInvalidCandidates(U256),
        /// `end <= start`.
        VoteTallyInvalidWindow(Uint40, Uint40),
        /// No such round.
        VoteTallyUnknownRound(U256),
        /// No such candidate in the round.
        VoteTallyUnknownCandidate(U256, u32),
        /// The round has not started.
        VoteTallyNotStarted(U256, Uint40),
        /// The round is over.
        VoteTallyEnded(U256, Uint40),
        /// The round is still open.
        VoteTallyNotEnded(U256, Uint40),
        /// Finalized already.
        VoteTallyAlreadyFinalized(U256),
        /// The voter voted in this round already.
        VoteTallyAlreadyVoted(U256, Address),
        /// The signature does not recover to the voter.
        VoteTallyInvalidSignature(Address),
        /// The signed vote's deadline passed.
        VoteTallySignatureExpired(U256),
        /// The signed vote's nonce is not the voter's next one.
        VoteTallyInvalidNonce(Address, U256),
        /// Zero or more than 200 signed votes.
        VoteTallyInvalidBatchSize(U256),
        /// Stake-weighted rounds need the stake token (EVM chains only for now).
        VoteTallyWeightModeUnsupported(u8),
    }

    /// Message result.
    pub type Result<T> = core::result::Result<T, Error>;

    /// The contract.
    #[ink(storage)]
    pub struct VoteTally {
        admin: Address,
        organizers: Mapping<Address, ()>,
        chain_id: U256,
        round_count: U256,
        rounds: Mapping<U256, Round>,
        candidates: Mapping<U256, Vec<FixedBytes<32>>>,
        tallies: Mapping<(U256, u32), U256>,
        voted: Mapping<(U256, Address), ()>,
        nonces: Mapping<Address, U256>,
    }

    /// `keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")`
    const DOMAIN_TYPEHASH: [u8; 32] =
        ink::keccak_256!("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// `keccak256("Vote(uint256 roundId,uint32 candidate,address voter,uint256 nonce,uint256 deadline)")`
    const VOTE_TYPEHASH: [u8; 32] =
        ink::keccak_256!("Vote(uint256 roundId,uint32 candidate,address voter,uint256 nonce,uint256 deadline)");
    const NAME_HASH: [u8; 32] = ink::keccak_256!("TensorFlix VoteTally");
    const VERSION_HASH: [u8; 32] = ink::keccak_256!("1");

    fn word_u256(v: U256) -> [u8; 32] {
        v.to_big_endian()
    }

    fn word_address(a: Address) -> [u8; 32] {
        let mut w = [0u8; 32];
        w[12..].copy_from_slice(a.as_bytes());
        w
    }

    fn word_u64(v: u64) -> [u8; 32] {
        word_u256(U256::from(v))
    }

    impl VoteTally {
        /// A tally whose admin (and first organizer) is the caller. `chain_id` is the chain's
        /// EIP-155 id as its Ethereum RPC reports it: it goes into the EIP-712 domain.
        #[ink(constructor)]
        pub fn new(chain_id: U256) -> Self {
            let admin = Self::env().caller();
            let mut organizers = Mapping::default();
            organizers.insert(admin, &());
            Self {
                admin,
                organizers,
                chain_id,
                round_count: U256::zero(),
                rounds: Mapping::default(),
                candidates: Mapping::default(),
                tallies: Mapping::default(),
                voted: Mapping::default(),
                nonces: Mapping::default(),
            }
        }

        /// Grants (or revokes) the organizer role. Admin only.
        #[ink(message, name = "setOrganizer")]
        pub fn set_organizer(&mut self, account: Address, enabled: bool) -> Result<()> {
            let caller = self.env().caller();
            if caller != self.admin {
                return Err(Error::VoteTallyNotOrganizer(caller));
            }
            if enabled {
                self.organizers.insert(account, &());
            } else {
                self.organizers.remove(account);
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
            if !self.organizers.contains(caller) {
                return Err(Error::VoteTallyNotOrganizer(caller));
            }
            let n = candidate_ids.len() as u32;
            if !(2..=MAX_CANDIDATES).contains(&n) || candidate_ids.iter().any(|c| c.0 == [0u8; 32]) {
                return Err(Error::VoteTallyInvalidCandidates(U256::from(n)));
            }
            if mode != ONE_ACCOUNT_ONE_VOTE {
                return Err(Error::VoteTallyWeightModeUnsupported(mode));
            }
            let (start, end) = (start.0.max(self.now()), end.0);
            if end <= start {
                return Err(Error::VoteTallyInvalidWindow(Uint40(start), Uint40(end)));
            }
            let round_id = self.round_count + U256::one();
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
            self.vote_by_sig_batch(ink::prelude::vec![vote])
        }

        /// Counts up to 200 signed votes, all or none.
        #[ink(message, name = "voteBySigBatch")]
        pub fn vote_by_sig_batch(&mut self, votes: Vec<SignedVote>) -> Result<()> {
            if votes.is_empty() || votes.len() > MAX_BATCH as usize {
                return Err(Error::VoteTallyInvalidBatchSize(U256::from(votes.len())));
            }
            // Check the whole batch against the state it would build before writing anything: a
            // bad vote anywhere then leaves no trace, whatever the caller does with the error.
            let mut nonces: Vec<(Address, U256)> = Vec::new();
            let mut counted: Vec<(U256, Address)> = Vec::new();
            for v in &votes {
                let i = match nonces.iter().position(|(a, _)| *a == v.voter) {
                    Some(i) => i,
                    None => {
                        nonces.push((v.voter, self.nonces(v.voter)));
                        nonces.len() - 1
                    }
                };
                self.check_signature(v, nonces[i].1)?;
                nonces[i].1 += U256::one();
                self.check_vote(v.round_id, v.candidate, v.voter)?;
                if counted.contains(&(v.round_id, v.voter)) {
                    return Err(Error::VoteTallyAlreadyVoted(v.round_id, v.voter));
                }
                counted.push((v.round_id, v.voter));
            }
            for (voter, next) in nonces {
                self.nonces.insert(voter, &next);
            }
            for v in votes {
                self.record_vote(v.round_id, v.candidate, v.voter);
            }
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
                return Err(Error::VoteTallyNotEnded(round_id, Uint40(r.end)));
            }
            let (mut best, mut total, mut tied, mut winner) = (U256::zero(), U256::zero(), false, NO_WINNER);
            for i in 0..r.candidate_count {
                let t = self.tallies.get((round_id, i)).unwrap_or_default();
                total += t;
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
            self.organizers.contains(account)
        }

        /// Whether `voter` voted in `round_id`.
        #[ink(message, name = "hasVoted")]
        pub fn has_voted(&self, round_id: U256, voter: Address) -> bool {
            self.voted.contains((round_id, voter))
        }

        /// The next nonce `voter` must sign.
        #[ink(message)]
        pub fn nonces(&self, voter: Address) -> U256 {
            self.nonces.get(voter).unwrap_or_default()
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
            let mut data = Vec::with_capacity(6 * 32);
            for w in [
                VOTE_TYPEHASH,
                word_u256(round_id),
                word_u64(u64::from(candidate)),
                word_address(voter),
                word_u256(nonce),
                word_u256(deadline),
            ] {
                data.extend_from_slice(&w);
            }
            let struct_hash = self.keccak(&data);
            let mut message = Vec::with_capacity(66);
            message.extend_from_slice(b"\x19\x01");
            message.extend_from_slice(&self.domain_separator().0);
            message.extend_from_slice(&struct_hash);
            FixedBytes(self.keccak(&message))
        }

        /// The EIP-712 domain separator.
        #[ink(message, name = "DOMAIN_SEPARATOR")]
        pub fn domain_separator(&self) -> FixedBytes<32> {
            let mut data = Vec::with_capacity(5 * 32);
            for w in
                [DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, word_u256(self.chain_id), word_address(self.env().address())]
            {
                data.extend_from_slice(&w);
            }
            FixedBytes(self.keccak(&data))
        }

        fn keccak(&self, data: &[u8]) -> [u8; 32] {
            self.env().hash_bytes::<Keccak256>(data)
        }

        /// The block time in seconds, as pallet-revive reports it.
        fn now(&self) -> u64 {
            self.env().block_timestamp()
        }

        fn existing(&self, round_id: U256) -> Result<Round> {
            self.rounds.get(round_id).ok_or(Error::VoteTallyUnknownRound(round_id))
        }

        /// Deadline, signer and nonce of a signed vote (the order the Solidity contract checks them).
        fn check_signature(&self, v: &SignedVote, expected_nonce: U256) -> Result<()> {
            if U256::from(self.now()) > v.deadline {
                return Err(Error::VoteTallySignatureExpired(v.deadline));
            }
            let digest = self.vote_digest(v.round_id, v.candidate, v.voter, v.nonce, v.deadline);
            if self.recover(&digest.0, v.signature.as_ref()) != Some(v.voter) {
                return Err(Error::VoteTallyInvalidSignature(v.voter));
            }
            if v.nonce != expected_nonce {
                return Err(Error::VoteTallyInvalidNonce(v.voter, expected_nonce));
            }
            Ok(())
        }

        /// The Ethereum address that signed `digest`, for a 65-byte `r || s || v` signature with
        /// `v` of 27/28 (or 0/1) and a low `s`, as OpenZeppelin's ECDSA accepts.
        fn recover(&self, digest: &[u8; 32], signature: &[u8]) -> Option<Address> {
            /// secp256k1 n / 2: a larger `s` is the malleable twin of a valid signature.
            const HALF_N: [u8; 32] = [
                0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x5d,
                0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
            ];
            let mut sig: [u8; 65] = signature.try_into().ok()?;
            if sig[32..64] > HALF_N[..] {
                return None;
            }
            sig[64] = match sig[64] {
                27 | 28 => sig[64] - 27,
                0 | 1 => sig[64],
                _ => return None,
            };
            self.ecrecover(digest, &sig)
        }

        /// Recovery through Polkadot Hub's `ecrecover` precompile (0x01) with the EVM's input
        /// layout (hash, v, r, s; the signer's address back). ink! 6.0.0-beta.1's `ecdsa_recover`
        /// sends that precompile the signature first, which pallet-revive's precompile reads as
        /// another hash: every signature would be refused on-chain (measured on pallet-revive 0.12
        /// in `contracts/ink/sandbox`).
        #[cfg(target_arch = "riscv64")]
        fn ecrecover(&self, digest: &[u8; 32], sig: &[u8; 65]) -> Option<Address> {
            use pallet_revive_uapi::{CallFlags, HostFn, HostFnImpl};
            const ECRECOVER: [u8; 20] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
            let mut input = [0u8; 128];
            input[..32].copy_from_slice(digest);
            input[63] = sig[64] + 27;
            input[64..].copy_from_slice(&sig[..64]);
            let mut word = [0u8; 32];
            let mut output = &mut word[..];
            HostFnImpl::call(
                CallFlags::empty(),
                &ECRECOVER,
                u64::MAX,
                u64::MAX,
                &[u8::MAX; 32],
                &[0; 32],
                &input,
                Some(&mut output),
            )
            .ok()?;
            // An invalid signature returns no data.
            (output.len() == 32).then(|| Address::from_slice(&word[12..]))
        }

        /// ink!'s off-chain engine has no precompiles but recovers keys itself.
        #[cfg(not(target_arch = "riscv64"))]
        fn ecrecover(&self, digest: &[u8; 32], sig: &[u8; 65]) -> Option<Address> {
            let pubkey = self.env().ecdsa_recover(sig, digest).ok()?;
            self.env().ecdsa_to_eth_address(&pubkey).ok().map(Address::from)
        }

        fn count(&mut self, round_id: U256, candidate: u32, voter: Address) -> Result<()> {
            self.check_vote(round_id, candidate, voter)?;
            self.record_vote(round_id, candidate, voter);
            Ok(())
        }

        fn check_vote(&self, round_id: U256, candidate: u32, voter: Address) -> Result<()> {
            let r = self.existing(round_id)?;
            let now = self.now();
            if now < r.start {
                return Err(Error::VoteTallyNotStarted(round_id, Uint40(r.start)));
            }
            if now >= r.end || r.finalized {
                return Err(Error::VoteTallyEnded(round_id, Uint40(r.end)));
            }
            if candidate >= r.candidate_count {
                return Err(Error::VoteTallyUnknownCandidate(round_id, candidate));
            }
            if self.voted.contains((round_id, voter)) {
                return Err(Error::VoteTallyAlreadyVoted(round_id, voter));
            }
            Ok(())
        }

        fn record_vote(&mut self, round_id: U256, candidate: u32, voter: Address) {
            let weight = U256::one();
            self.voted.insert((round_id, voter), &());
            let tally = self.tallies.get((round_id, candidate)).unwrap_or_default();
            self.tallies.insert((round_id, candidate), &(tally + weight));
            self.env().emit_event(VoteCast { round_id, voter, candidate, weight });
        }
    }
}

#[cfg(test)]
mod tests;

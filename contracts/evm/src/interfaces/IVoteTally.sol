// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IVoteTally: events and errors of voting rounds
interface IVoteTally {
    /// @notice How a vote is weighted.
    enum WeightMode {
        /// Every account's vote weighs 1.
        OneAccountOneVote,
        /// A vote weighs the voter's stake-token voting power at the round's start.
        StakeWeighted
    }

    /// @notice A vote signed off-chain (EIP-712) and submitted by anyone. `nonce` is any number the voter
    /// has not invalidated (see {VoteTally-invalidateNonces}); `signature` is 65 bytes `(r, s, v)`, 64
    /// bytes `(r, vs)` (EIP-2098), or whatever an ERC-1271 wallet accepts.
    struct SignedVote {
        uint256 roundId;
        uint32 candidate;
        address voter;
        uint256 nonce;
        uint256 deadline;
        bytes signature;
    }

    /// @notice An organizer created a round over `candidates` (video ids or prompt hashes).
    event RoundCreated(
        uint256 indexed roundId, address indexed organizer, uint40 start, uint40 end, WeightMode mode, bytes32[] candidates
    );
    /// @notice `voter` gave `weight` to the candidate at index `candidate`.
    event VoteCast(uint256 indexed roundId, address indexed voter, uint32 candidate, uint256 weight);
    /// @notice Entry `index` of a {VoteTally-voteBySigBatch} was skipped; `reason` is the error it
    /// would have reverted with alone (e.g. `VoteTallyAlreadyVoted`).
    event SignedVoteRejected(uint256 indexed roundId, address indexed voter, uint256 index, bytes reason);
    /// @notice `voter` invalidated the nonces set in `mask` of bitmap word `wordPos`.
    event NoncesInvalidated(address indexed voter, uint256 wordPos, uint256 mask);
    /// @notice The round closed; `winner` is the candidate index with the highest tally, the lowest index
    /// among equals (`tied` says whether there were equals); `winner == NO_WINNER` when nobody voted.
    event RoundFinalized(uint256 indexed roundId, uint32 winner, uint256 winningTally, uint256 totalWeight, bool tied);

    /// @notice Fewer than 2 or more than {VoteTally-MAX_CANDIDATES} candidates, or a zero candidate id.
    error VoteTallyInvalidCandidates(uint256 count);
    /// @notice The same candidate id appears twice in a round, at indexes `first` and `second`.
    error VoteTallyDuplicateCandidate(bytes32 candidate, uint256 first, uint256 second);
    /// @notice The round ends before it starts (`end <= start`, start clamped to now).
    error VoteTallyInvalidWindow(uint64 start, uint64 end);
    /// @notice The round does not exist.
    error VoteTallyUnknownRound(uint256 roundId);
    /// @notice The candidate index is out of range.
    error VoteTallyUnknownCandidate(uint256 roundId, uint32 candidate);
    /// @notice The round has not started yet.
    error VoteTallyNotStarted(uint256 roundId, uint64 start);
    /// @notice The round's voting period is over.
    error VoteTallyEnded(uint256 roundId, uint64 end);
    /// @notice The round has not ended yet (finalize).
    error VoteTallyNotEnded(uint256 roundId, uint64 end);
    /// @notice The round is already finalized.
    error VoteTallyAlreadyFinalized(uint256 roundId);
    /// @notice The voter already voted in this round.
    error VoteTallyAlreadyVoted(uint256 roundId, address voter);
    /// @notice The voter had no voting power at the round's start.
    error VoteTallyNoWeight(uint256 roundId, address voter);
    /// @notice The signature does not recover to the stated voter.
    error VoteTallyInvalidSignature(address voter);
    /// @notice The signed vote's deadline has passed.
    error VoteTallySignatureExpired(uint256 deadline);
    /// @notice The voter invalidated this nonce.
    error VoteTallyNonceInvalidated(address voter, uint256 nonce);
    /// @notice A batch of signed votes was empty or larger than {VoteTally-MAX_BATCH}.
    error VoteTallyInvalidBatchSize(uint256 size);
}

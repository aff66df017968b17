// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IVoteTally} from "./interfaces/IVoteTally.sol";

/// @title VoteTally: voting rounds over videos or prompts, with direct and relayed (EIP-712) votes
/// @notice Organizers create rounds with 2..{MAX_CANDIDATES} candidates, a window `[start, end)` and a
/// weight mode. Every account votes at most once per round, directly ({vote}) or through a relayer
/// ({voteBySig}, {voteBySigBatch}) with a signature over (round, candidate, nonce, deadline).
/// Stake-weighted rounds read the stake token's voting power at the last second before `start`,
/// so stake moved after a round opens cannot change its weights. Anyone finalizes a round after `end`.
/// @dev Signatures go through {SignatureChecker}, so smart-contract wallets (ERC-1271) can vote by
/// signature too.
contract VoteTally is IVoteTally, AccessControl, EIP712, Nonces {
    /// @notice Role allowed to create rounds.
    bytes32 public constant ORGANIZER_ROLE = keccak256("ORGANIZER_ROLE");
    /// @notice EIP-712 type hash of a vote.
    bytes32 public constant VOTE_TYPEHASH =
        keccak256("Vote(uint256 roundId,uint32 candidate,address voter,uint256 nonce,uint256 deadline)");
    /// @notice Most candidates in one round (bounds {finalize}).
    uint256 public constant MAX_CANDIDATES = 64;
    /// @notice Most signed votes in one {voteBySigBatch}.
    uint256 public constant MAX_BATCH = 200;
    /// @notice Winner index reported when a round got no votes.
    uint32 public constant NO_WINNER = type(uint32).max;

    struct Round {
        uint40 start;
        uint40 end;
        WeightMode mode;
        uint32 candidateCount;
        bool finalized;
        uint32 winner;
    }

    /// @notice The stake token whose checkpoints weigh stake-weighted rounds (ERC20Votes, timestamp clock).
    IVotes public immutable stakeToken;
    /// @notice Number of rounds ever created; round ids run from 1.
    uint256 public roundCount;

    mapping(uint256 roundId => Round) private _rounds;
    mapping(uint256 roundId => bytes32[]) private _candidates;
    mapping(uint256 roundId => mapping(uint256 candidate => uint256)) private _tallies;
    mapping(uint256 roundId => mapping(address voter => bool)) private _voted;

    /// @param stakeToken_ ERC20Votes token with a timestamp clock.
    /// @param admin receives DEFAULT_ADMIN_ROLE and ORGANIZER_ROLE.
    constructor(IVotes stakeToken_, address admin) EIP712("TensorFlix VoteTally", "1") {
        stakeToken = stakeToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ORGANIZER_ROLE, admin);
    }

    /// @notice Creates a round.
    /// @param candidateIds video ids or prompt hashes; votes name them by index.
    /// @param start first second of voting; a past time means now.
    /// @param end first second after voting.
    /// @param mode how votes are weighted.
    /// @return roundId the new round's id.
    function createRound(bytes32[] calldata candidateIds, uint40 start, uint40 end, WeightMode mode)
        external
        onlyRole(ORGANIZER_ROLE)
        returns (uint256 roundId)
    {
        uint256 n = candidateIds.length;
        if (n < 2 || n > MAX_CANDIDATES) revert VoteTallyInvalidCandidates(n);
        for (uint256 i; i < n; ++i) {
            if (candidateIds[i] == bytes32(0)) revert VoteTallyInvalidCandidates(n);
        }
        // A start in the past opens the round now, so clients need not predict the block time.
        if (start < block.timestamp) start = uint40(block.timestamp);
        if (end <= start) revert VoteTallyInvalidWindow(start, end);
        roundId = ++roundCount;
        // n <= MAX_CANDIDATES, so the cast cannot truncate.
        // forge-lint: disable-next-line(unsafe-typecast)
        _rounds[roundId] = Round(start, end, mode, uint32(n), false, NO_WINNER);
        _candidates[roundId] = candidateIds;
        emit RoundCreated(roundId, msg.sender, start, end, mode, candidateIds);
    }

    /// @notice Casts the caller's vote for the candidate at index `candidate`.
    function vote(uint256 roundId, uint32 candidate) external {
        _vote(roundId, candidate, msg.sender);
    }

    /// @notice Casts a vote signed by `v.voter` (EIP-712 `Vote`), submitted by anyone.
    function voteBySig(SignedVote calldata v) external {
        _voteBySig(v);
    }

    /// @notice Casts many signed votes atomically: one bad entry reverts the batch with its error, so a
    /// relayer should simulate entries first (the `flix vote relay` command does).
    function voteBySigBatch(SignedVote[] calldata votes) external {
        uint256 n = votes.length;
        if (n == 0 || n > MAX_BATCH) revert VoteTallyInvalidBatchSize(n);
        for (uint256 i; i < n; ++i) {
            _voteBySig(votes[i]);
        }
    }

    /// @notice Closes a round after its end and records the winner. Anyone may call it.
    /// @return winner the winning candidate index, or {NO_WINNER}.
    function finalize(uint256 roundId) external returns (uint32 winner) {
        Round storage r = _existingRound(roundId);
        if (r.finalized) revert VoteTallyAlreadyFinalized(roundId);
        if (block.timestamp < r.end) revert VoteTallyNotEnded(roundId, r.end);
        uint256 best;
        uint256 total;
        bool tied;
        winner = NO_WINNER;
        mapping(uint256 => uint256) storage roundTallies = _tallies[roundId];
        for (uint32 i; i < r.candidateCount; ++i) {
            uint256 t = roundTallies[i];
            total += t;
            if (t > best) {
                (best, winner, tied) = (t, i, false);
            } else if (t == best && t != 0) {
                tied = true;
            }
        }
        r.finalized = true;
        r.winner = winner;
        emit RoundFinalized(roundId, winner, best, total, tied);
    }

    /// @notice A round's parameters and state.
    function round(uint256 roundId) external view returns (Round memory) {
        return _existingRound(roundId);
    }

    /// @notice A round's candidates in index order.
    function candidates(uint256 roundId) external view returns (bytes32[] memory) {
        _existingRound(roundId);
        return _candidates[roundId];
    }

    /// @notice A round's tallies in candidate order (live before finalization, final after).
    function tallies(uint256 roundId) external view returns (uint256[] memory out) {
        Round storage r = _existingRound(roundId);
        out = new uint256[](r.candidateCount);
        for (uint256 i; i < out.length; ++i) {
            out[i] = _tallies[roundId][i];
        }
    }

    /// @notice Whether `voter` voted in `roundId`.
    function hasVoted(uint256 roundId, address voter) external view returns (bool) {
        return _voted[roundId][voter];
    }

    /// @notice The EIP-712 digest a voter signs for a vote.
    function voteDigest(uint256 roundId, uint32 candidate, address voter, uint256 nonce, uint256 deadline)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(VOTE_TYPEHASH, roundId, candidate, voter, nonce, deadline)));
    }

    /// @notice The EIP-712 domain separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _voteBySig(SignedVote calldata v) private {
        if (block.timestamp > v.deadline) revert VoteTallySignatureExpired(v.deadline);
        bytes32 digest = voteDigest(v.roundId, v.candidate, v.voter, v.nonce, v.deadline);
        if (!SignatureChecker.isValidSignatureNow(v.voter, digest, v.signature)) {
            revert VoteTallyInvalidSignature(v.voter);
        }
        uint256 expected = _useNonce(v.voter);
        if (v.nonce != expected) revert VoteTallyInvalidNonce(v.voter, expected);
        _vote(v.roundId, v.candidate, v.voter);
    }

    function _vote(uint256 roundId, uint32 candidate, address voter) private {
        Round storage r = _existingRound(roundId);
        if (block.timestamp < r.start) revert VoteTallyNotStarted(roundId, r.start);
        if (block.timestamp >= r.end || r.finalized) revert VoteTallyEnded(roundId, r.end);
        if (candidate >= r.candidateCount) revert VoteTallyUnknownCandidate(roundId, candidate);
        if (_voted[roundId][voter]) revert VoteTallyAlreadyVoted(roundId, voter);
        uint256 weight = 1;
        if (r.mode == WeightMode.StakeWeighted) {
            weight = stakeToken.getPastVotes(voter, r.start - 1);
            if (weight == 0) revert VoteTallyNoWeight(roundId, voter);
        }
        _voted[roundId][voter] = true;
        _tallies[roundId][candidate] += weight;
        emit VoteCast(roundId, voter, candidate, weight);
    }

    function _existingRound(uint256 roundId) private view returns (Round storage r) {
        r = _rounds[roundId];
        if (r.end == 0) revert VoteTallyUnknownRound(roundId);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IVoteTally} from "./interfaces/IVoteTally.sol";

/// @title VoteTally: voting rounds over videos or prompts, with direct and relayed (EIP-712) votes
/// @notice Organizers create rounds with 2..{MAX_CANDIDATES} candidates, a window `[start, end)` and a
/// weight mode. Every account votes at most once per round, directly ({vote}) or through a relayer
/// ({voteBySig}, {voteBySigBatch}) with a signature over (round, candidate, nonce, deadline).
/// Stake-weighted rounds read the stake token's voting power at the last second before `start`,
/// so stake moved after a round opens cannot change its weights. Anyone finalizes a round after `end`.
///
/// Nonces are unordered, as in Permit2: a signed vote names the round it counts in, and the round's
/// one-vote-per-voter flag is what stops a replay, so a nonce is never consumed and votes signed for
/// different rounds never wait on one another. The nonce lets a voter withdraw a signed vote that
/// has not been relayed yet ({invalidateNonces}). A batch skips entries that fail (already voted,
/// expired, bad signature...) and reports each with its error, so one front-run entry cannot revert
/// the other votes of the batch.
/// @dev Signatures go through {SignatureChecker}, so smart-contract wallets (ERC-1271) can vote by
/// signature too; EOAs may also sign in EIP-2098's 64-byte form.
contract VoteTally is IVoteTally, AccessControl, EIP712 {
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
    mapping(address voter => mapping(uint256 wordPos => uint256)) private _invalidatedNonces;

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
            bytes32 id = candidateIds[i];
            if (id == bytes32(0)) revert VoteTallyInvalidCandidates(n);
            for (uint256 j; j < i; ++j) {
                if (candidateIds[j] == id) revert VoteTallyDuplicateCandidate(id, j, i);
            }
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
        _revertWith(_vote(roundId, candidate, msg.sender));
    }

    /// @notice Casts a vote signed by `v.voter` (EIP-712 `Vote`), submitted by anyone.
    function voteBySig(SignedVote calldata v) external {
        _revertWith(_voteBySig(v));
    }

    /// @notice Casts many signed votes. An entry that fails is skipped with a {SignedVoteRejected} event
    /// instead of reverting the batch.
    /// @return results one entry per vote: empty when it was cast, else the error data it failed with.
    function voteBySigBatch(SignedVote[] calldata votes) external returns (bytes[] memory results) {
        uint256 n = votes.length;
        if (n == 0 || n > MAX_BATCH) revert VoteTallyInvalidBatchSize(n);
        results = new bytes[](n);
        for (uint256 i; i < n; ++i) {
            bytes memory err = _voteBySig(votes[i]);
            if (err.length != 0) {
                results[i] = err;
                emit SignedVoteRejected(votes[i].roundId, votes[i].voter, i, err);
            }
        }
    }

    /// @notice Invalidates the caller's nonces `256 * wordPos + i` for every bit `i` set in `mask`:
    /// signed votes carrying them can no longer be cast.
    function invalidateNonces(uint256 wordPos, uint256 mask) external {
        _invalidatedNonces[msg.sender][wordPos] |= mask;
        emit NoncesInvalidated(msg.sender, wordPos, mask);
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

    /// @notice Whether `voter` invalidated `nonce`.
    function isNonceInvalidated(address voter, uint256 nonce) public view returns (bool) {
        return _invalidatedNonces[voter][nonce >> 8] & (uint256(1) << (nonce & 0xff)) != 0;
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

    /// @return err empty when the vote was cast, else the error it failed with.
    function _voteBySig(SignedVote calldata v) private returns (bytes memory err) {
        if (block.timestamp > v.deadline) return abi.encodeWithSelector(VoteTallySignatureExpired.selector, v.deadline);
        bytes32 digest = voteDigest(v.roundId, v.candidate, v.voter, v.nonce, v.deadline);
        if (!_validSignature(v.voter, digest, v.signature)) {
            return abi.encodeWithSelector(VoteTallyInvalidSignature.selector, v.voter);
        }
        if (isNonceInvalidated(v.voter, v.nonce)) {
            return abi.encodeWithSelector(VoteTallyNonceInvalidated.selector, v.voter, v.nonce);
        }
        return _vote(v.roundId, v.candidate, v.voter);
    }

    function _validSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        if (signature.length == 64 && signer.code.length == 0) {
            (address recovered, ECDSA.RecoverError e,) =
                ECDSA.tryRecover(digest, bytes32(signature[:32]), bytes32(signature[32:]));
            return e == ECDSA.RecoverError.NoError && recovered == signer;
        }
        return SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature);
    }

    /// @return err empty when the vote was cast, else the error it failed with.
    function _vote(uint256 roundId, uint32 candidate, address voter) private returns (bytes memory err) {
        Round storage r = _rounds[roundId];
        if (r.end == 0) return abi.encodeWithSelector(VoteTallyUnknownRound.selector, roundId);
        if (block.timestamp < r.start) return abi.encodeWithSelector(VoteTallyNotStarted.selector, roundId, r.start);
        if (block.timestamp >= r.end || r.finalized) {
            return abi.encodeWithSelector(VoteTallyEnded.selector, roundId, r.end);
        }
        if (candidate >= r.candidateCount) {
            return abi.encodeWithSelector(VoteTallyUnknownCandidate.selector, roundId, candidate);
        }
        if (_voted[roundId][voter]) return abi.encodeWithSelector(VoteTallyAlreadyVoted.selector, roundId, voter);
        uint256 weight = 1;
        if (r.mode == WeightMode.StakeWeighted) {
            weight = stakeToken.getPastVotes(voter, r.start - 1);
            if (weight == 0) return abi.encodeWithSelector(VoteTallyNoWeight.selector, roundId, voter);
        }
        _voted[roundId][voter] = true;
        _tallies[roundId][candidate] += weight;
        emit VoteCast(roundId, voter, candidate, weight);
    }

    /// @dev Reverts with `err` verbatim unless it is empty.
    function _revertWith(bytes memory err) private pure {
        if (err.length != 0) {
            assembly ("memory-safe") {
                revert(add(err, 0x20), mload(err))
            }
        }
    }

    function _existingRound(uint256 roundId) private view returns (Round storage r) {
        r = _rounds[roundId];
        if (r.end == 0) revert VoteTallyUnknownRound(roundId);
    }
}

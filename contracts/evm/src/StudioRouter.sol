// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IMailbox} from "./interfaces/IMailbox.sol";
import {IMessageRecipient} from "./interfaces/IMessageRecipient.sol";
import {IStudioRouter} from "./interfaces/IStudioRouter.sol";
import {IMinerCollateral} from "./interfaces/IMinerCollateral.sol";
import {Mailbox} from "./Mailbox.sol";
import {VideoNft} from "./VideoNft.sol";
import {VoteTally} from "./VoteTally.sol";
import {AdRevenue} from "./AdRevenue.sol";
import {MinerCollateral} from "./MinerCollateral.sol";

/// @title StudioRouter: the suite's side of the Mailbox; what crosses chains, and what it does here
/// @notice Outbound, anyone may publish a fact of this chain's suite to another chain: a video's
/// registration, a finalized round's result, a video's valuation, an executed slash. The router reads
/// the fact from the suite's own contracts, so a caller chooses only when and where it goes, never
/// what it says. Inbound, the Mailbox hands it attested messages and it applies each type through its
/// one handler:
/// - VideoRegistered reserves the id for its creator in VideoNft (nobody else can mint that content
///   hash here; the creator can mint the twin) and records the home chain;
/// - VoteResult is recorded per origin and round;
/// - Valuation keeps the newest figure per origin chain; {globalValuation} adds them to this chain's;
/// - SlashNotice freezes the miner's withdrawals in MinerCollateral for `freezeWindow`, at most
///   `maxFreezesPerPeriod` per origin and period, so a compromised quorum cannot freeze every miner.
/// @dev Needs VideoNft's REGISTRAR_ROLE and MinerCollateral's FREEZER_ROLE, and to be the Mailbox's
/// recipient. Valuations are published when they grew by `valuationStep` since the last one sent to
/// that chain, or grew at all and `valuationInterval` passed: small growth crosses at a bounded
/// rate, large growth at once.
contract StudioRouter is IStudioRouter, IMessageRecipient, AccessControl {
    /// @notice Role that sets the policy.
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");

    Mailbox public immutable mailbox;
    VideoNft public immutable videos;
    VoteTally public immutable votes;
    AdRevenue public immutable revenue;
    MinerCollateral public immutable collateral;
    /// @notice Current policy.
    Policy public policy;

    struct Sent {
        uint256 amount;
        uint40 at;
    }

    mapping(bytes32 key => mapping(uint64 destination => bool)) private _sent;
    mapping(uint256 videoId => mapping(uint64 destination => Sent)) private _valuationSent;
    mapping(uint256 videoId => Registration) private _registrations;
    mapping(uint64 origin => mapping(uint256 roundId => RemoteRound)) private _remoteRounds;
    mapping(uint256 videoId => RemoteValuation[]) private _remoteValuations;
    mapping(uint64 origin => mapping(uint256 period => uint256)) private _freezes;

    constructor(
        Mailbox mailbox_,
        VideoNft videos_,
        VoteTally votes_,
        AdRevenue revenue_,
        MinerCollateral collateral_,
        Policy memory policy_,
        address governor
    ) {
        (mailbox, videos, votes, revenue, collateral) = (mailbox_, videos_, votes_, revenue_, collateral_);
        _setPolicy(policy_);
        _grantRole(DEFAULT_ADMIN_ROLE, governor);
        _grantRole(GOVERNOR_ROLE, governor);
    }

    // ----- outbound -----

    /// @notice Registers a video minted here (its home chain) on `destination`.
    function registerVideo(uint256 videoId, uint64 destination) external returns (bytes32 id) {
        (address creator,,,, uint16 royaltyBps,) = videos.videoOf(videoId);
        if (_registrations[videoId].homeChain != 0) revert StudioRouterNotHomeVideo(videoId);
        _once(keccak256(abi.encode(IMailbox.MessageType.VideoRegistered, videoId)), destination);
        id = _dispatch(
            destination, IMailbox.MessageType.VideoRegistered, abi.encode(videoId, creator, royaltyBps, mailbox.localDomain())
        );
    }

    /// @notice Sends a finalized round's result to `destination`.
    function publishVoteResult(uint256 roundId, uint64 destination) external returns (bytes32 id) {
        VoteTally.Round memory r = votes.round(roundId);
        if (!r.finalized) revert StudioRouterRoundNotFinal(roundId);
        uint256[] memory t = votes.tallies(roundId);
        uint256 total;
        for (uint256 i; i < t.length; ++i) {
            total += t[i];
        }
        _once(keccak256(abi.encode(IMailbox.MessageType.VoteResult, roundId)), destination);
        id = _dispatch(
            destination,
            IMailbox.MessageType.VoteResult,
            abi.encode(roundId, r.winner, keccak256(abi.encode(t)), total, uint64(block.number))
        );
    }

    /// @notice Sends a video's cumulative revenue here to `destination`, when the policy says it is due.
    function publishValuation(uint256 videoId, uint64 destination) external returns (bytes32 id) {
        uint256 cumulative = revenue.cumulativeRevenue(videoId);
        Sent storage last = _valuationSent[videoId][destination];
        Policy memory p = policy;
        if (
            cumulative <= last.amount
                || (cumulative - last.amount < p.valuationStep && block.timestamp < uint256(last.at) + p.valuationInterval)
        ) revert StudioRouterValuationNotDue(videoId, destination, cumulative, last.amount);
        (last.amount, last.at) = (cumulative, uint40(block.timestamp));
        id = _dispatch(destination, IMailbox.MessageType.Valuation, abi.encode(videoId, cumulative, uint64(block.number)));
    }

    /// @notice Sends an executed slash to `destination`, which freezes the miner's withdrawals there.
    function publishSlash(uint256 slashId, uint64 destination) external returns (bytes32 id) {
        MinerCollateral.SlashProposal memory s = collateral.slashOf(slashId);
        if (s.status != IMinerCollateral.SlashStatus.Executed) revert StudioRouterSlashNotExecuted(slashId);
        _once(keccak256(abi.encode(IMailbox.MessageType.SlashNotice, slashId)), destination);
        id = _dispatch(
            destination, IMailbox.MessageType.SlashNotice, abi.encode(s.miner, slashId, uint256(s.amount), s.evidenceHash)
        );
    }

    // ----- inbound -----

    /// @inheritdoc IMessageRecipient
    function handle(uint64 origin, IMailbox.MessageType messageType, bytes calldata body) external {
        if (msg.sender != address(mailbox)) revert StudioRouterNotMailbox(msg.sender);
        if (messageType == IMailbox.MessageType.VideoRegistered) {
            _onRegistration(origin, body);
        } else if (messageType == IMailbox.MessageType.VoteResult) {
            _onVoteResult(origin, body);
        } else if (messageType == IMailbox.MessageType.Valuation) {
            _onValuation(origin, body);
        } else {
            _onSlashNotice(origin, body);
        }
    }

    /// @notice Sets the policy.
    function setPolicy(Policy calldata policy_) external onlyRole(GOVERNOR_ROLE) {
        _setPolicy(policy_);
    }

    // ----- views -----

    /// @notice Where a video was registered from (zero home chain: not a twin of another chain's video).
    function registrationOf(uint256 videoId) external view returns (Registration memory) {
        return _registrations[videoId];
    }

    /// @notice The result of round `roundId` of chain `origin` (zero source block: not received).
    function remoteRound(uint64 origin, uint256 roundId) external view returns (RemoteRound memory) {
        return _remoteRounds[origin][roundId];
    }

    /// @notice A video's valuation across chains: this chain's cumulative revenue, the newest figure
    /// received from each other chain (with its source block), and their sum.
    function globalValuation(uint256 videoId)
        external
        view
        returns (uint256 local, RemoteValuation[] memory remote, uint256 total)
    {
        local = revenue.cumulativeRevenue(videoId);
        remote = _remoteValuations[videoId];
        total = local;
        for (uint256 i; i < remote.length; ++i) {
            total += remote[i].cumulativeRevenue;
        }
    }

    /// @notice Freezes `origin` caused in rate-limit period `period` (`block.timestamp / freezePeriod`).
    function freezesIn(uint64 origin, uint256 period) external view returns (uint256) {
        return _freezes[origin][period];
    }

    // ----- internals -----

    function _onRegistration(uint64 origin, bytes calldata body) private {
        _expectLength(body, 4);
        (uint256 videoId, address creator, uint16 royaltyBps, uint64 homeChain) =
            abi.decode(body, (uint256, address, uint16, uint64));
        if (homeChain != origin) revert StudioRouterWrongHome(origin, homeChain);
        address mintedBy = videos.creatorOf(videoId);
        // Minted here before the registration arrived, or registered first from a third chain: the
        // first claim stands and this one is recorded in the event (a squatter is then visible on
        // chain) rather than reverted, which would leave the message undeliverable for ever.
        bool reserved = mintedBy == address(0) && _registrations[videoId].homeChain == 0;
        if (reserved) {
            _registrations[videoId] = Registration(homeChain, creator, royaltyBps);
            videos.reserve(videoId, creator);
        }
        emit VideoRegistrationReceived(videoId, homeChain, creator, royaltyBps, reserved, mintedBy);
    }

    function _onVoteResult(uint64 origin, bytes calldata body) private {
        _expectLength(body, 5);
        (uint256 roundId, uint32 winner, bytes32 talliesHash, uint256 totalWeight, uint64 sourceBlock) =
            abi.decode(body, (uint256, uint32, bytes32, uint256, uint64));
        _remoteRounds[origin][roundId] = RemoteRound(winner, talliesHash, totalWeight, sourceBlock);
        emit VoteResultReceived(origin, roundId, winner, talliesHash, totalWeight, sourceBlock);
    }

    function _onValuation(uint64 origin, bytes calldata body) private {
        _expectLength(body, 3);
        (uint256 videoId, uint256 cumulative, uint64 sourceBlock) = abi.decode(body, (uint256, uint256, uint64));
        RemoteValuation[] storage all = _remoteValuations[videoId];
        uint256 i;
        while (i < all.length && all[i].chain != origin) ++i;
        // Messages of one route may be delivered out of order: keep the newest.
        bool applied = i == all.length || sourceBlock > all[i].sourceBlock;
        if (i == all.length) {
            all.push(RemoteValuation(origin, cumulative, sourceBlock));
        } else if (applied) {
            (all[i].cumulativeRevenue, all[i].sourceBlock) = (cumulative, sourceBlock);
        }
        emit ValuationReceived(videoId, origin, cumulative, sourceBlock, applied);
    }

    function _onSlashNotice(uint64 origin, bytes calldata body) private {
        _expectLength(body, 4);
        (address miner, uint256 slashId, uint256 amount, bytes32 evidenceHash) =
            abi.decode(body, (address, uint256, uint256, bytes32));
        Policy memory p = policy;
        uint256 period = block.timestamp / p.freezePeriod;
        uint256 used = _freezes[origin][period];
        if (used >= p.maxFreezesPerPeriod) revert StudioRouterFreezeRateLimited(origin, period);
        _freezes[origin][period] = used + 1;
        uint40 until = uint40(block.timestamp) + p.freezeWindow;
        emit SlashNoticeReceived(origin, slashId, miner, amount, evidenceHash, until);
        collateral.freezeWithdrawals(miner, until);
    }

    /// @dev Every body is a static tuple of `words` ABI words.
    function _expectLength(bytes calldata body, uint256 words) private pure {
        if (body.length != words * 32) revert StudioRouterMalformedBody();
    }

    function _once(bytes32 key, uint64 destination) private {
        if (_sent[key][destination]) revert StudioRouterAlreadySent(key, destination);
        _sent[key][destination] = true;
    }

    function _dispatch(uint64 destination, IMailbox.MessageType messageType, bytes memory body) private returns (bytes32) {
        return mailbox.dispatch(destination, messageType, body);
    }

    function _setPolicy(Policy memory p) private {
        if (p.freezePeriod == 0 || p.freezeWindow == 0 || p.freezeWindow > 365 days || p.freezePeriod > 365 days) {
            revert StudioRouterInvalidPolicy();
        }
        policy = p;
        emit PolicySet(p);
    }
}

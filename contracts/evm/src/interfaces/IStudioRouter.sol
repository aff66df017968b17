// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IStudioRouter: events, errors and records of the suite's cross-chain state
interface IStudioRouter {
    /// @notice A video registered from its home chain.
    struct Registration {
        uint64 homeChain;
        address creator;
        uint16 royaltyBps;
    }

    /// @notice A finalized round of another chain, as its VoteTally reported it.
    struct RemoteRound {
        uint32 winner;
        bytes32 talliesHash;
        uint256 totalWeight;
        uint64 sourceBlock;
    }

    /// @notice A video's cumulative revenue on another chain at `sourceBlock`.
    struct RemoteValuation {
        uint64 chain;
        uint256 cumulativeRevenue;
        uint64 sourceBlock;
    }

    /// @notice When valuations are published and how slash notices freeze.
    struct Policy {
        /// Publish a valuation once it grew by this much since the last one sent to that chain ...
        uint256 valuationStep;
        /// ... or once this long passed since then and it grew at all.
        uint40 valuationInterval;
        /// How long a slash notice freezes the miner's withdrawals here.
        uint40 freezeWindow;
        /// Length of a rate-limit period for freezes.
        uint40 freezePeriod;
        /// Most freezes one origin chain may cause per period.
        uint32 maxFreezesPerPeriod;
    }

    /// @notice A video from `homeChain` is reserved here for its creator (or `reserved` is false:
    /// the id was already minted here, by `mintedBy`).
    event VideoRegistrationReceived(
        uint256 indexed videoId, uint64 indexed homeChain, address creator, uint16 royaltyBps, bool reserved, address mintedBy
    );
    /// @notice A finalized round of `origin` is mirrored here.
    event VoteResultReceived(
        uint64 indexed origin, uint256 indexed roundId, uint32 winner, bytes32 talliesHash, uint256 totalWeight, uint64 sourceBlock
    );
    /// @notice `origin` reported `cumulativeRevenue` for a video at `sourceBlock` (`applied` false: an
    /// older report than the one held, kept out).
    event ValuationReceived(
        uint256 indexed videoId, uint64 indexed origin, uint256 cumulativeRevenue, uint64 sourceBlock, bool applied
    );
    /// @notice A slash executed on `origin` froze `miner`'s withdrawals here until `until`.
    event SlashNoticeReceived(
        uint64 indexed origin, uint256 indexed slashId, address indexed miner, uint256 amount, bytes32 evidenceHash, uint40 until
    );
    /// @notice Governance changed the policy.
    event PolicySet(Policy policy);

    /// @notice Only the Mailbox may deliver.
    error StudioRouterNotMailbox(address caller);
    /// @notice The video was not minted here, or it is a twin of a video registered from another chain.
    error StudioRouterNotHomeVideo(uint256 videoId);
    /// @notice That item was already sent to that chain.
    error StudioRouterAlreadySent(bytes32 key, uint64 destination);
    /// @notice The round is not finalized.
    error StudioRouterRoundNotFinal(uint256 roundId);
    /// @notice The slash has not executed.
    error StudioRouterSlashNotExecuted(uint256 slashId);
    /// @notice The valuation has not grown enough, or not for long enough, since the last one sent.
    error StudioRouterValuationNotDue(uint256 videoId, uint64 destination, uint256 cumulative, uint256 lastSent);
    /// @notice A registration claims a home chain other than the chain it came from.
    error StudioRouterWrongHome(uint64 origin, uint64 homeChain);
    /// @notice `origin` used up its freezes for this period; deliver again in the next one.
    error StudioRouterFreezeRateLimited(uint64 origin, uint256 period);
    /// @notice A body does not decode as its type.
    error StudioRouterMalformedBody();
    /// @notice Policy out of bounds (a zero period or window, or a window beyond a year).
    error StudioRouterInvalidPolicy();
}

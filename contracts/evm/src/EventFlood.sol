// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IVoteTally} from "./interfaces/IVoteTally.sol";

/// @title EventFlood
/// @notice Devnet-only load generator for the indexer's tests and benchmark: emits VoteTally's
/// `VoteCast` event, byte for byte, `count` times per call, so a million real-shaped events cost a
/// few dozen transactions. Registered in a devnet deployment in VoteTally's place; never deployed to
/// a real network (tfx-deploy does not know it).
contract EventFlood {
    /// @notice Emits `count` votes in round `roundId` from voters `firstVoter`, `firstVoter + 1`, ...
    function flood(uint256 roundId, uint160 firstVoter, uint256 count) external {
        for (uint256 i; i < count; ++i) {
            // forge-lint: disable-next-line(unsafe-typecast)
            emit IVoteTally.VoteCast(roundId, address(firstVoter + uint160(i)), uint32(i % 4), i + 1);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title FlixToken: the stake/governance token whose checkpoints weigh stake-weighted vote rounds
/// @notice Fixed supply minted once; holders must delegate (to themselves) for their balance to count.
/// @dev Timestamp clock (ERC-6372), so rounds snapshot by time, identically on every chain.
contract FlixToken is ERC20, ERC20Permit, ERC20Votes {
    /// @param holder receives the whole supply.
    /// @param supply total supply in wei units.
    constructor(address holder, uint256 supply) ERC20("TensorFlix", "FLIX") ERC20Permit("TensorFlix") {
        _mint(holder, supply);
    }

    /// @inheritdoc Votes
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    /// @inheritdoc Votes
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestStablecoin: a 6-decimal USD stand-in with an open faucet, deployed on devnets only
/// @notice Real networks configure an existing stablecoin instead (see deploy/networks/*.toml).
contract TestStablecoin is ERC20 {
    /// @notice Largest amount one {faucet} call mints.
    uint256 public constant FAUCET_LIMIT = 1_000_000e6;

    /// @notice The amount exceeds {FAUCET_LIMIT}.
    error TestStablecoinFaucetLimit(uint256 amount);

    constructor() ERC20("Test USD", "tUSD") {}

    /// @notice Mints `amount` to `to`: devnet funds for advertisers.
    function faucet(address to, uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert TestStablecoinFaucetLimit(amount);
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}

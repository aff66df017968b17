// The suite's ABIs, bundled from the committed artifacts in abi/evm/ (the same files the Rust
// bindings are generated from): the page has no copy of its own to drift. Only the `abi` key of
// each is imported, so the bytecode stays out of the bundle.

import type { Abi } from "viem";
import { abi as adRevenue } from "../../abi/evm/AdRevenue.json";
import { abi as minerCollateral } from "../../abi/evm/MinerCollateral.json";
import { abi as testStablecoin } from "../../abi/evm/TestStablecoin.json";
import { abi as videoNft } from "../../abi/evm/VideoNft.json";
import { abi as videoShares } from "../../abi/evm/VideoShares.json";
import { abi as voteTally } from "../../abi/evm/VoteTally.json";

export const abi = {
  VideoNft: videoNft as Abi,
  VideoShares: videoShares as Abi,
  VoteTally: voteTally as Abi,
  AdRevenue: adRevenue as Abi,
  MinerCollateral: minerCollateral as Abi,
  // Any ERC-20 (the ad token and the collateral asset): decimals, symbol, balanceOf, allowance, approve.
  ERC20: testStablecoin as Abi,
} as const;

/** Every error any suite contract can revert with, so a revert from any call decodes by name. */
export const errors: Abi = Object.values(abi).flatMap((a) => a.filter((item) => item.type === "error"));

/** VoteTally's EIP-712 vote, as `VOTE_TYPEHASH` and `flix vote sign` define it. */
export const voteTypes = {
  Vote: [
    { name: "roundId", type: "uint256" },
    { name: "candidate", type: "uint32" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export const VOTE_DOMAIN_NAME = "TensorFlix VoteTally";
export const VOTE_DOMAIN_VERSION = "1";

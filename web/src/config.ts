// What the page is served with: `config.json` beside `index.html`, written by whoever deploys the
// page (`cargo xtask up` writes the devnet's from the deployment records). The page holds no
// address of its own: chains, contracts and services all come from here, so one build serves
// every network.

import type { Address } from "viem";

/** A contract suite on one chain, as `deployments/<chain>.json` records it. */
export interface ChainConfig {
  chain_id: number;
  name: string;
  /** The chain's JSON-RPC for reads, and offered to the wallet when it does not know the chain. */
  rpc_url: string;
  /** The native coin: what gas, and native-coin campaigns or collateral, are paid in. */
  native: { symbol: string; decimals: number };
  /** Contract name -> address (`VideoNft`, `VideoShares`, `VoteTally`, `AdRevenue`, `MinerCollateral`, ...). */
  contracts: Record<string, Address>;
}

export interface Config {
  /** The indexer API's base URL; empty means the page's own origin. */
  api: string;
  /** The vote relay's base URL (`tfx-relayer votes`), for gasless votes; empty when none runs. */
  vote_relay: string;
  /** Where a video plays: `{playback_id}` is replaced. */
  player_url: string;
  chains: ChainConfig[];
}

export async function loadConfig(): Promise<Config> {
  const response = await fetch("config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: ${response.status} (the page is served without its configuration)`);
  const config = (await response.json()) as Config;
  if (!Array.isArray(config.chains) || config.chains.length === 0) throw new Error("config.json names no chain");
  return config;
}

export function chainById(config: Config, chainId: number): ChainConfig | undefined {
  return config.chains.find((c) => c.chain_id === chainId);
}

export function contract(chain: ChainConfig, name: string): Address {
  const address = chain.contracts[name];
  if (!address) throw new Error(`${chain.name} has no ${name}`);
  return address;
}

// What every page is handed: the configuration, the API, the chain the page is on, the wallet,
// and a way to run a user's action with its progress and outcome shown plainly.

import type { Api, ChainStatus } from "./api";
import type { ChainConfig, Config } from "./config";
import { type Unit, unitOf } from "./units";
import { UserFacingError, type Wallet, describe, reader } from "./wallet";

export interface App {
  config: Config;
  api: Api;
  /** The chain the page shows and writes to. */
  chain: ChainConfig;
  /** The indexer's view of that chain (`/v1/chains`), when it has one. */
  status?: ChainStatus;
  wallet: Wallet | null;
  /** Registers what to stop when the page is left (streams, timers). */
  onLeave(stop: () => void): void;
  navigate(hash: string): void;
}

export function requireWallet(app: App): Wallet {
  if (!app.wallet) throw new UserFacingError("Connect a wallet first (top right).");
  return app.wallet;
}

/** What the chain's campaigns, revenue and claims are in. */
export const adUnit = (app: App): Unit =>
  unitOf(app.chain, app.status?.ad_token ?? null, app.status?.ad_symbol ?? null, app.status?.ad_decimals ?? null);
/** What the chain's collateral and slashes are in. */
export const collateralUnit = (app: App): Unit =>
  unitOf(
    app.chain,
    app.status?.collateral_asset ?? null,
    app.status?.collateral_symbol ?? null,
    app.status?.collateral_decimals ?? null,
  );

type Status = HTMLElement & { set(kind: "busy" | "ok" | "error", text: string): void };

/**
 * Runs a user's action: shows `busy` while it runs, then what it returned, or the error as a
 * person should read it (the contract's error by name, a rejected signature, a wrong chain).
 */
export async function act(line: Status, busy: string, action: () => Promise<string>): Promise<boolean> {
  line.set("busy", busy);
  try {
    line.set("ok", await action());
    return true;
  } catch (e) {
    line.set("error", describe(e));
    return false;
  }
}

/**
 * Waits until the indexer has indexed the chain's head as it is now, so that what a write just
 * mined shows on the page once it is re-read; gives up quietly after `timeoutMs` (the page then
 * shows what the indexer has). Runs only after a write, never on a timer.
 */
export async function indexedHead(app: App, timeoutMs = 10_000): Promise<void> {
  // Uncached: viem keeps a block number for 4 s, which can predate the write just mined.
  const head = Number(await reader(app.chain).getBlockNumber({ cacheTime: 0 }));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const status = (await app.api.chains()).find((c) => c.chain_id === app.chain.chain_id);
    if (status && status.indexed_block >= head) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The chain's clock, in unix seconds: rounds end, streams run and windows close by block time,
 * which a devnet may move ahead of this machine's clock. Read from the head block once, then
 * advanced by the local clock; never behind the local clock, since a real chain's head is only
 * a block old.
 */
export async function chainClock(app: App): Promise<() => number> {
  const head = await reader(app.chain).getBlock();
  const offset = Number(head.timestamp) - Date.now() / 1000;
  return () => Date.now() / 1000 + Math.max(0, offset);
}

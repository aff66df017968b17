// Amounts in their token's units, as the indexer reports them in /v1/chains: which token a
// chain's campaigns and collateral are in (`ad_token`, `collateral_asset`; the zero address is the
// chain's native coin) with its symbol and decimals, read by the indexer from the ERC-20 or from
// the network file. Until the indexer has read them, amounts show in the native coin
// (config.json's `native`).

import { type Address, type Hex, formatUnits, parseUnits, toHex, zeroAddress } from "viem";
import type { ChainConfig } from "./config";

export interface Unit {
  /** The ERC-20, or the zero address for the native coin. */
  token: Address;
  symbol: string;
  decimals: number;
}

export function unitOf(chain: ChainConfig, token: string | null, symbol: string | null, decimals: number | null): Unit {
  if (token === null || symbol === null || decimals === null) return { token: zeroAddress, ...chain.native };
  return { token: token as Address, symbol, decimals };
}

/** `1234.5 tUSD`, with at most 6 decimals shown. */
export function show(amount: string | bigint, unit: Unit): string {
  const text = formatUnits(BigInt(amount), unit.decimals);
  const [whole, fraction = ""] = text.split(".");
  const trimmed = fraction.slice(0, 6).replace(/0+$/, "");
  return `${BigInt(whole).toLocaleString("en-US")}${trimmed ? `.${trimmed}` : ""} ${unit.symbol}`;
}

/** Parses what a person typed (`12.5`) into base units, or says why not. */
export function parse(typed: string, unit: Unit): bigint {
  if (!/^\d+(\.\d+)?$/.test(typed.trim())) throw new Error(`"${typed}" is not an amount of ${unit.symbol}`);
  return parseUnits(typed.trim(), unit.decimals);
}

export function shortAddress(a: string): string {
  return `${a.slice(0, 6)}…${a.slice(-4)}`;
}

export function shortHash(h: string): string {
  return `${h.slice(0, 10)}…${h.slice(-6)}`;
}

/** A video id as the API and the contracts key it (a number) written as its 0x content hash. */
export function videoHash(id: string | bigint): Hex {
  return toHex(BigInt(id), { size: 32 });
}

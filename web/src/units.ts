// Amounts in their token's units. The indexer reports which token a chain's campaigns and
// collateral are in (`ad_token`, `collateral_asset` in /v1/chains); the zero address is the
// chain's native coin (config.json's `native`), any other is an ERC-20 read once for its decimals
// and symbol.

import { type Address, type Hex, formatUnits, parseUnits, toHex, zeroAddress } from "viem";
import type { ChainConfig } from "./config";
import { abi } from "./contracts";
import { reader } from "./wallet";

export interface Unit {
  /** The ERC-20, or the zero address for the native coin. */
  token: Address;
  symbol: string;
  decimals: number;
}

const known = new Map<string, Promise<Unit>>();

export function unitOf(chain: ChainConfig, token: string | null): Promise<Unit> {
  const address = (token ?? zeroAddress) as Address;
  const key = `${chain.chain_id}:${address}`;
  let unit = known.get(key);
  if (!unit) {
    unit =
      address === zeroAddress
        ? Promise.resolve({ token: address, ...chain.native })
        : Promise.all([
            reader(chain).readContract({ address, abi: abi.ERC20, functionName: "symbol" }) as Promise<string>,
            reader(chain).readContract({ address, abi: abi.ERC20, functionName: "decimals" }) as Promise<number>,
          ]).then(([symbol, decimals]) => ({ token: address, symbol, decimals: Number(decimals) }));
    known.set(key, unit);
  }
  return unit;
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

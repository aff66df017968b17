// The browser wallet: any EIP-1193 provider, found through EIP-6963 announcements (several
// wallets side by side) or `window.ethereum`. Writes go through the wallet; reads go to the
// chain's own RPC from config.json, so a page without a wallet still shows everything.

import {
  type Abi,
  type Address,
  type Chain,
  type EIP1193Provider,
  type Hash,
  type PublicClient,
  type WalletClient,
  BaseError,
  ContractFunctionRevertedError,
  UserRejectedRequestError,
  createPublicClient,
  createWalletClient,
  custom,
  decodeErrorResult,
  http,
} from "viem";
import type { ChainConfig } from "./config";
import { errors } from "./contracts";

interface Announced {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: EIP1193Provider;
}

/** Wallets that announced themselves (EIP-6963), plus `window.ethereum` when none did. */
export function discoverWallets(onChange: (wallets: Announced[]) => void): void {
  const found = new Map<string, Announced>();
  window.addEventListener("eip6963:announceProvider", (event) => {
    const detail = (event as CustomEvent<Announced>).detail;
    found.set(detail.info.uuid, detail);
    onChange([...found.values()]);
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  // Wallets that predate EIP-6963 only inject window.ethereum; give announcements a moment first.
  setTimeout(() => {
    const injected = (window as unknown as { ethereum?: EIP1193Provider }).ethereum;
    if (found.size === 0 && injected) {
      found.set("injected", { info: { uuid: "injected", name: "Browser wallet", icon: "", rdns: "" }, provider: injected });
      onChange([...found.values()]);
    }
  }, 150);
}

export function viemChain(c: ChainConfig): Chain {
  return {
    id: c.chain_id,
    name: c.name,
    nativeCurrency: { name: c.native.symbol, symbol: c.native.symbol, decimals: c.native.decimals },
    rpcUrls: { default: { http: [c.rpc_url] } },
  };
}

const readers = new Map<number, PublicClient>();

/** Reads on `chain` through its configured RPC. */
export function reader(chain: ChainConfig): PublicClient {
  let client = readers.get(chain.chain_id);
  if (!client) {
    client = createPublicClient({ chain: viemChain(chain), transport: http(chain.rpc_url) });
    readers.set(chain.chain_id, client);
  }
  return client;
}

/** A failure worth showing as it is: the wallet said no, the chain is wrong, the contract refused. */
export class UserFacingError extends Error {}

/** The message a person should see for `e`: the contract's error by name, a rejection, or the node's reason. */
export function describe(e: unknown): string {
  if (e instanceof UserFacingError) return e.message;
  if (e instanceof BaseError) {
    if (e.walk((x) => x instanceof UserRejectedRequestError) || (e as { code?: number }).code === 4001) {
      return "You rejected the request in your wallet; nothing was sent.";
    }
    const reverted = e.walk((x) => x instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (reverted?.data?.errorName) {
      const args = reverted.data.args?.map(String).join(", ") ?? "";
      return `The contract refused: ${reverted.data.errorName}(${args})`;
    }
    const raw = (reverted?.raw ?? (e.walk((x) => typeof (x as { data?: unknown }).data === "string") as { data?: Hash } | null)?.data);
    if (raw && raw.length >= 10) {
      try {
        const decoded = decodeErrorResult({ abi: errors, data: raw });
        return `The contract refused: ${decoded.errorName}(${decoded.args?.map(String).join(", ") ?? ""})`;
      } catch {
        // Not one of the suite's errors: fall through to the node's message.
      }
    }
    return e.shortMessage || e.message;
  }
  if (typeof e === "object" && e && "code" in e && (e as { code: number }).code === 4001) {
    return "You rejected the request in your wallet; nothing was sent.";
  }
  return e instanceof Error ? e.message : String(e);
}

/** A connected wallet: its account and the chain it is on. */
export class Wallet {
  private client: WalletClient;
  account: Address;
  chainId: number;

  private constructor(
    readonly provider: EIP1193Provider,
    readonly name: string,
    account: Address,
    chainId: number,
  ) {
    this.client = createWalletClient({ transport: custom(provider) });
    this.account = account;
    this.chainId = chainId;
  }

  static async connect(w: Announced, onChange: () => void): Promise<Wallet> {
    const accounts = (await w.provider.request({ method: "eth_requestAccounts" })) as Address[];
    if (!accounts.length) throw new UserFacingError("The wallet shared no account.");
    const chainId = Number(await w.provider.request({ method: "eth_chainId" }));
    const wallet = new Wallet(w.provider, w.info.name, accounts[0], chainId);
    w.provider.on?.("accountsChanged", (a: Address[]) => {
      if (a.length) wallet.account = a[0];
      onChange();
    });
    w.provider.on?.("chainChanged", (id: string) => {
      wallet.chainId = Number(id);
      onChange();
    });
    return wallet;
  }

  /** Asks the wallet to move to `chain`, offering to add it when the wallet does not know it. */
  async switchTo(chain: ChainConfig): Promise<void> {
    const hex = `0x${chain.chain_id.toString(16)}`;
    try {
      await this.provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hex }] });
    } catch (e) {
      if ((e as { code?: number }).code !== 4902) throw e;
      await this.provider.request({
        method: "wallet_addEthereumChain",
        params: [
          {
            chainId: hex,
            chainName: chain.name,
            nativeCurrency: { name: chain.native.symbol, symbol: chain.native.symbol, decimals: chain.native.decimals },
            rpcUrls: [chain.rpc_url],
          },
        ],
      });
    }
    this.chainId = Number(await this.provider.request({ method: "eth_chainId" }));
  }

  /** Refuses plainly, before anything is signed, when the wallet is on another chain than `chain`. */
  requireChain(chain: ChainConfig): void {
    if (this.chainId !== chain.chain_id) {
      throw new UserFacingError(
        `Your wallet is on chain ${this.chainId}, this page on ${chain.name} (${chain.chain_id}): switch the wallet's chain first.`,
      );
    }
  }

  /**
   * Simulates `fn` on `chain`, has the wallet send it, and waits for the receipt. A call that
   * would revert is refused here, with the contract's error, before the wallet is asked.
   *
   * The gas limit is the node's estimate plus a quarter, as `flix` sends: an estimate is the least
   * gas that succeeds in the pending block, and a transaction mined a block later can take a
   * costlier branch (a stream settled over one more second writing a first credit slot) and run
   * out of gas without a reason.
   */
  async write(chain: ChainConfig, address: Address, abi: Abi, fn: string, args: unknown[], value?: bigint): Promise<Hash> {
    this.requireChain(chain);
    const rpc = reader(chain);
    const call = { address, abi, functionName: fn, args, account: this.account, value };
    const { request } = await rpc.simulateContract(call);
    const estimate = await rpc.estimateContractGas(call);
    const gas = estimate + estimate / 4n;
    const hash = await this.client.writeContract({ ...request, gas, chain: viemChain(chain), account: this.account });
    const receipt = await rpc.waitForTransactionReceipt({ hash, pollingInterval: 250 });
    if (receipt.status !== "success") throw new UserFacingError(`Transaction ${hash} reverted.`);
    return hash;
  }

  /** Has the wallet sign EIP-712 typed data (`eth_signTypedData_v4`). */
  signTypedData(args: Parameters<WalletClient["signTypedData"]>[0]): Promise<Hash> {
    return this.client.signTypedData(args);
  }
}

// Paying a contract in the chain's unit: the native coin goes as the call's value; an ERC-20 is
// approved first when the allowance is short (the two transactions advertisers and miners expect
// on the EVM chains; one on Polkadot Hub, where the ink! suite takes DOT as value).

import { type Address, maxUint256, zeroAddress } from "viem";
import type { App } from "./app";
import { abi } from "./contracts";
import type { Unit } from "./units";
import { UserFacingError, type Wallet, reader } from "./wallet";

/** Makes `amount` payable to `spender`; returns the value the paying call must carry. */
export async function payment(app: App, wallet: Wallet, unit: Unit, spender: Address, amount: bigint): Promise<bigint> {
  const rpc = reader(app.chain);
  if (unit.token === zeroAddress) {
    const balance = await rpc.getBalance({ address: wallet.account });
    if (balance < amount) throw new UserFacingError(`Insufficient ${unit.symbol}: you hold less than the amount (plus gas).`);
    return amount;
  }
  const balance = (await rpc.readContract({ address: unit.token, abi: abi.ERC20, functionName: "balanceOf", args: [wallet.account] })) as bigint;
  if (balance < amount) throw new UserFacingError(`Insufficient ${unit.symbol}: you hold less than the amount.`);
  const allowance = (await rpc.readContract({ address: unit.token, abi: abi.ERC20, functionName: "allowance", args: [wallet.account, spender] })) as bigint;
  if (allowance < amount) await wallet.write(app.chain, unit.token, abi.ERC20, "approve", [spender, maxUint256]);
  return 0n;
}

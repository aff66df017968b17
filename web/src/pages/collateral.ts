// Miners and validators: a miner's collateral (bonded, unbonding with its countdown, slashed,
// frozen by another chain's slash), deposits and withdrawals; slashes with their dispute window
// and time to live counting down, and the validators' propose, approve, dispute and execute.

import { type Hex, isAddress, isHex } from "viem";
import { type App, act, chainClock, collateralUnit, requireWallet } from "../app";
import { ApiError, type Collateral, type Slash } from "../api";
import { contract } from "../config";
import { abi } from "../contracts";
import { duration, field, fill, h, input, status } from "../dom";
import { payment } from "../pay";
import { type Unit, parse, shortAddress, shortHash, show } from "../units";
import { UserFacingError, reader } from "../wallet";

const REASONS = ["", "non-AI content", "illicit content", "bot engagement"];

function none(app: App, miner: string): Collateral {
  const zero = { deposited: "0", unbonding_requested: "0", withdrawn: "0", slashed: "0", held: "0" };
  return { chain_id: app.chain.chain_id, miner: miner.toLowerCase(), position: zero, slashes: [], frozen_until: null };
}

interface Params {
  unbondingPeriod: number;
  disputeWindow: number;
  proposalTtl: number;
}

export async function collateralPage(app: App, root: HTMLElement): Promise<void> {
  const wallet = requireWallet(app);
  const mc = contract(app.chain, "MinerCollateral");
  const rpc = reader(app.chain);
  const [clock, unit, mine, open, rawParams, bond] = await Promise.all([
    chainClock(app),
    collateralUnit(app),
    // An account that never bonded has no position yet: the API answers 404, the page shows zeros.
    app.api.collateral(app.chain.chain_id, wallet.account.toLowerCase()).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return none(app, wallet.account);
      throw e;
    }),
    app.api.slashes(app.chain.chain_id, "pending"),
    rpc.readContract({ address: mc, abi: abi.MinerCollateral, functionName: "params" }) as Promise<readonly [number, number, number]>,
    rpc.readContract({ address: mc, abi: abi.MinerCollateral, functionName: "bondOf", args: [wallet.account] }) as Promise<{ bonded: bigint; unbonding: bigint; releaseAt: number; openSlashes: number }>,
  ]);
  const params: Params = { unbondingPeriod: Number(rawParams[0]), disputeWindow: Number(rawParams[1]), proposalTtl: Number(rawParams[2]) };
  const line = status();
  const countdowns: { el: HTMLElement; at: number; label: string }[] = [];
  const countdown = (at: number, label: string) => {
    const el = h("span", { class: "countdown" });
    countdowns.push({ el, at, label });
    return el;
  };

  const deposit = (e: Event) => {
    e.preventDefault();
    const typed = ((e.target as HTMLFormElement).elements.namedItem("amount") as HTMLInputElement).value;
    return act(line, "Depositing…", async () => {
      const amount = parse(typed, unit);
      const value = await payment(app, wallet, unit, mc, amount);
      await wallet.write(app.chain, mc, abi.MinerCollateral, "deposit", [amount], value);
      return `Bonded ${show(amount, unit)} more.`;
    });
  };
  const unbond = (e: Event) => {
    e.preventDefault();
    const typed = ((e.target as HTMLFormElement).elements.namedItem("amount") as HTMLInputElement).value;
    return act(line, "Requesting withdrawal…", async () => {
      const amount = parse(typed, unit);
      await wallet.write(app.chain, mc, abi.MinerCollateral, "requestWithdrawal", [amount]);
      return `Unbonding ${show(amount, unit)}; withdrawable in ${duration(params.unbondingPeriod)}.`;
    });
  };
  const withdraw = () =>
    act(line, "Withdrawing…", async () => {
      await wallet.write(app.chain, mc, abi.MinerCollateral, "withdraw", []);
      return "Withdrawn.";
    });
  const propose = (e: Event) => {
    e.preventDefault();
    const f = (e.target as HTMLFormElement).elements;
    const miner = (f.namedItem("miner") as HTMLInputElement).value.trim();
    const typed = (f.namedItem("amount") as HTMLInputElement).value;
    const reason = Number((f.namedItem("reason") as HTMLSelectElement).value);
    const evidence = (f.namedItem("evidence") as HTMLInputElement).value.trim();
    return act(line, "Proposing the slash…", async () => {
      if (!isAddress(miner)) throw new UserFacingError(`"${miner}" is not an address.`);
      if (!isHex(evidence) || evidence.length !== 66) throw new UserFacingError("The evidence hash is 0x and 64 hex digits.");
      await wallet.write(app.chain, mc, abi.MinerCollateral, "proposeSlash", [miner, parse(typed, unit), reason, evidence as Hex]);
      return `Slash of ${shortAddress(miner)} proposed; it needs its approvals, then its dispute window.`;
    });
  };
  const slashAction = (fn: string, s: Slash, extra: unknown[] = []) =>
    act(line, `${fn}…`, async () => {
      await wallet.write(app.chain, mc, abi.MinerCollateral, fn, [BigInt(s.slash_id), ...extra]);
      return `${fn} of slash #${s.slash_id}: done.`;
    });
  const dispute = (s: Slash) => {
    const counter = prompt("Counter-evidence hash (0x and 64 hex digits)?");
    if (counter) void slashAction("disputeSlash", s, [counter]);
  };

  const slashRow = (s: Slash, u: Unit) => {
    const proposed = s.proposed_time ?? 0;
    return h(
      "tr",
      { "data-slash": s.slash_id },
      h("td", {}, `#${s.slash_id}`),
      h("td", { class: "mono" }, shortAddress(s.miner)),
      h("td", {}, show(s.amount, u)),
      h("td", {}, REASONS[s.reason] ?? String(s.reason)),
      h("td", { class: "mono" }, shortHash(s.evidence_hash)),
      h("td", { "data-approvals": s.approvals }, `${s.approvals} approval(s)`),
      h("td", { "data-status": s.status }, s.status),
      h("td", {}, s.status === "pending" ? countdown(proposed + params.disputeWindow, "disputable for") : ""),
      h("td", {}, s.status === "pending" ? countdown(proposed + params.proposalTtl, "expires in") : ""),
      h(
        "td",
        {},
        s.status === "pending" || s.status === "upheld"
          ? h("span", {}, h("button", { "data-slash-action": "approve", onclick: () => slashAction("approveSlash", s) }, "Approve"), " ", h("button", { "data-slash-action": "execute", onclick: () => slashAction("executeSlash", s) }, "Execute"), " ", s.miner === wallet.account.toLowerCase() ? h("button", { onclick: () => dispute(s) }, "Dispute") : null)
          : "",
      ),
    );
  };
  const p = mine.position;
  const now = clock();
  fill(
    root,
    h("h1", {}, `Collateral on ${app.chain.name}`),
    h("h2", {}, "Your position (miners)"),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Bonded"), h("dd", { "data-bonded": bond.bonded.toString() }, show(bond.bonded, unit)),
      h("dt", {}, "Unbonding"), h("dd", {}, show(bond.unbonding, unit), bond.unbonding > 0n ? " — " : null, bond.unbonding > 0n ? (Number(bond.releaseAt) > now ? countdown(Number(bond.releaseAt), "withdrawable in") : "withdrawable now") : null),
      h("dt", {}, "Slashed"), h("dd", {}, show(p.slashed, unit)),
      h("dt", {}, "Withdrawn"), h("dd", {}, show(p.withdrawn, unit)),
      mine.frozen_until && mine.frozen_until > now ? h("dt", {}, "Frozen") : null,
      mine.frozen_until && mine.frozen_until > now ? h("dd", {}, countdown(mine.frozen_until, "a slash on another chain froze withdrawals for")) : null,
    ),
    h(
      "div",
      { class: "forms" },
      h("form", { class: "card", "data-form": "deposit", onsubmit: deposit }, h("h3", {}, "Deposit"), field(`Amount (${unit.symbol})`, input("amount", { value: "1" })), h("button", { type: "submit" }, "Deposit")),
      h("form", { class: "card", "data-form": "unbond", onsubmit: unbond }, h("h3", {}, "Request withdrawal"), field(`Amount (${unit.symbol})`, input("amount")), h("button", { type: "submit" }, "Start unbonding")),
      h("div", { class: "card" }, h("h3", {}, "Withdraw"), h("button", { onclick: withdraw }, "Withdraw unbonded")),
    ),
    h("h2", {}, "Your slashes"),
    mine.slashes.length ? h("table", {}, h("tbody", {}, ...mine.slashes.map((s) => slashRow(s, unit)))) : h("p", { class: "empty" }, "None."),
    h("h2", {}, "Open slash proposals (validators)"),
    open.items.length ? h("table", { "data-table": "open-slashes" }, h("tbody", {}, ...open.items.map((s) => slashRow(s, unit)))) : h("p", { class: "empty" }, "None open."),
    h(
      "form",
      { class: "card", "data-form": "propose-slash", onsubmit: propose },
      h("h3", {}, "Propose a slash"),
      field("Miner", input("miner", { placeholder: "0x…" })),
      field(`Amount (${unit.symbol})`, input("amount", { value: "1" })),
      field("Reason", h("select", { name: "reason" }, ...[1, 2, 3].map((r) => h("option", { value: r }, REASONS[r])))),
      field("Evidence hash", input("evidence", { placeholder: "0x + 64 hex" })),
      h("button", { type: "submit" }, "Propose"),
    ),
    line,
  );
  const tick = () => {
    const t = clock();
    for (const c of countdowns) c.el.textContent = c.at > t ? `${c.label} ${duration(c.at - t)}` : `${c.label.split(" ")[0]} ended`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  app.onLeave(() => clearInterval(timer));
}

// Advertisers and holders: an advertiser's campaigns streaming second by second (spent and
// remaining tick on the page between indexed settlements) with top-up, pause and cancel; a
// holder's claimable revenue per video, and claims.

import type { Abi, Address } from "viem";
import { type App, act, adUnit, chainClock, requireWallet } from "../app";
import type { Campaign } from "../api";
import { contract } from "../config";
import { abi } from "../contracts";
import { fill, h, status } from "../dom";
import { payment } from "../pay";
import { type Unit, parse, shortHash, show, videoHash } from "../units";
import { UserFacingError, type Wallet, reader } from "../wallet";

/** Spent and remaining now: what the index last saw, advanced at the rate since the chain's clock moved. */
function streamed(c: Campaign, onChain: { remaining: bigint; lastSettled: number; paused: boolean }, now: number): { spent: bigint; remaining: bigint } {
  const funded = BigInt(c.funded), refunded = BigInt(c.refunded);
  const pending = onChain.paused || c.cancelled ? 0n : BigInt(Math.max(0, Math.floor(now) - onChain.lastSettled)) * BigInt(c.rate_per_second);
  const remaining = pending > onChain.remaining ? 0n : onChain.remaining - pending;
  return { spent: funded - refunded - remaining, remaining };
}

export async function campaignsPage(app: App, root: HTMLElement): Promise<void> {
  const wallet = requireWallet(app);
  const [page, unit, clock] = await Promise.all([app.api.campaigns(app.chain.chain_id, `&advertiser=${wallet.account.toLowerCase()}`), adUnit(app), chainClock(app)]);
  const line = status();
  const rows = await Promise.all(page.items.map((c) => campaignRow(app, c, unit, line, clock())));
  fill(
    root,
    h("h1", {}, `Your campaigns on ${app.chain.name}`),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ...["Campaign", "Video", "Rate", "Spent", "Remaining", "", ""].map((t) => h("th", {}, t)))), h("tbody", {}, ...rows.map((r) => r.row)))
      : h("p", { class: "empty" }, "No campaign yet: open one from a video's page."),
    line,
  );
  // The stream ticks every second from the chain's own state, read once.
  const tick = setInterval(() => rows.forEach((r) => r.tick(clock())), 1000);
  app.onLeave(() => clearInterval(tick));
}

async function campaignRow(app: App, c: Campaign, unit: Unit, line: ReturnType<typeof status>, now: number) {
  const adRevenue = contract(app.chain, "AdRevenue");
  const stored = (await reader(app.chain).readContract({ address: adRevenue, abi: abi.AdRevenue, functionName: "campaign", args: [BigInt(c.campaign_id)] })) as { remaining: bigint; lastSettled: number; paused: boolean };
  const onChain = { remaining: BigInt(stored.remaining), lastSettled: Number(stored.lastSettled), paused: Boolean(stored.paused) };
  const spent = h("td", { "data-spent": "" }), remaining = h("td", { "data-remaining": "" });
  const tick = (now: number) => {
    const s = streamed(c, onChain, now);
    spent.textContent = show(s.spent, unit);
    remaining.textContent = show(s.remaining, unit);
  };
  tick(now);
  const id = BigInt(c.campaign_id);
  const topUp = () => {
    const typed = prompt(`Top up campaign #${c.campaign_id} by how many ${unit.symbol}?`);
    if (!typed) return;
    return act(line, "Topping up…", async () => {
      const wallet = requireWallet(app);
      wallet.requireChain(app.chain);
      const amount = parse(typed, unit);
      const value = await payment(app, wallet, unit, adRevenue, amount);
      await wallet.write(app.chain, adRevenue, abi.AdRevenue, "topUp", [id, amount], value);
      return `Campaign #${c.campaign_id} topped up by ${show(amount, unit)}.`;
    });
  };
  const pause = () =>
    act(line, onChain.paused ? "Resuming…" : "Pausing…", async () => {
      await requireWallet(app).write(app.chain, adRevenue, abi.AdRevenue, "setCampaignPaused", [id, !onChain.paused]);
      return `Campaign #${c.campaign_id} ${onChain.paused ? "resumed" : "paused"}.`;
    });
  const cancel = () =>
    act(line, "Cancelling…", async () => {
      await requireWallet(app).write(app.chain, adRevenue, abi.AdRevenue, "cancel", [id]);
      return `Campaign #${c.campaign_id} cancelled; the unstreamed rest is refunded.`;
    });
  const row = h(
    "tr",
    { "data-campaign": c.campaign_id },
    h("td", {}, `#${c.campaign_id}`),
    h("td", {}, h("a", { href: `#/video/${videoHash(c.video_id)}`, class: "mono" }, shortHash(videoHash(c.video_id)))),
    h("td", {}, `${show(c.rate_per_second, unit)}/s`),
    spent,
    remaining,
    h("td", {}, c.cancelled ? "cancelled" : onChain.paused ? "paused" : "streaming"),
    h("td", {}, c.cancelled ? "" : h("span", {}, h("button", { onclick: topUp }, "Top up"), " ", h("button", { onclick: pause }, onChain.paused ? "Resume" : "Pause"), " ", h("button", { onclick: cancel }, "Cancel"))),
  );
  return { row, tick };
}

/** What streams to `videoId` and is not settled yet, as the account's part of it would be credited. */
interface Accrual {
  /// Base units a second, while streaming.
  perSecond: bigint;
  /// Settled-but-unclaimed plus what had streamed at `since` (chain seconds).
  base: bigint;
  since: number;
  /// Each campaign's unstreamed deposit caps what it still adds.
  cap: bigint;
}

/**
 * The account's claimable of a video, ticking: the contract's settled `claimable`, plus its part
 * of what the video's streaming campaigns have streamed since they were last settled (the
 * creator's cut to the creator, the rest pro rata to the shares or to the NFT's owner), exactly as
 * the next settlement will credit it, up to rounding.
 */
async function accrual(app: App, videoId: bigint, account: string, now: number): Promise<Accrual> {
  const rpc = reader(app.chain);
  const ads = contract(app.chain, "AdRevenue");
  const read = (address: Address, of: Abi, functionName: string, args: unknown[] = []) =>
    rpc.readContract({ address, abi: of, functionName, args });
  const [settled, cutBps, ids, detail] = await Promise.all([
    read(ads, abi.AdRevenue, "claimable", [videoId, account]) as Promise<bigint>,
    read(ads, abi.AdRevenue, "creatorCutBps") as Promise<number>,
    read(ads, abi.AdRevenue, "activeCampaigns", [videoId]) as Promise<bigint[]>,
    app.api.video(app.chain.chain_id, videoHash(videoId)),
  ]);
  const v = detail.video;
  const me = account.toLowerCase();
  const shares = v.fractionalized
    ? ((await read(contract(app.chain, "VideoShares"), abi.VideoShares, "balanceOf", [account, videoId])) as bigint)
    : 0n;
  // Of each unit streamed: the creator's cut if the account is the creator, and its pro-rata part of the rest.
  const rest = 10_000n - BigInt(cutBps);
  const numerator = (v.creator === me ? BigInt(cutBps) * BigInt(v.share_supply === "0" ? 1 : v.share_supply) : 0n) + rest * (v.fractionalized ? shares : v.owner === me ? 1n : 0n);
  const denominator = 10_000n * (v.fractionalized ? BigInt(v.share_supply) : 1n);
  let perSecond = 0n, streamed = 0n, cap = 0n;
  for (const id of ids) {
    const c = (await read(ads, abi.AdRevenue, "campaign", [id])) as { ratePerSecond: bigint; remaining: bigint; lastSettled: number; paused: boolean };
    if (c.paused) continue;
    const elapsed = BigInt(Math.max(0, Math.floor(now) - Number(c.lastSettled)));
    const done = elapsed * c.ratePerSecond > c.remaining ? c.remaining : elapsed * c.ratePerSecond;
    streamed += done;
    cap += c.remaining - done;
    if (done < c.remaining) perSecond += c.ratePerSecond;
  }
  const part = (x: bigint) => (x * numerator) / denominator;
  return { perSecond: part(perSecond), base: settled + part(streamed), since: now, cap: part(cap) };
}

/**
 * Settles the video's streams so that what streamed up to now is credited, then claims the
 * account's part; refuses plainly when there is nothing to claim. Returns the amount claimed.
 */
export async function settleAndClaim(app: App, wallet: Wallet, videoId: bigint): Promise<bigint> {
  const adRevenue = contract(app.chain, "AdRevenue");
  await wallet.write(app.chain, adRevenue, abi.AdRevenue, "settleVideo", [videoId]);
  const args = [videoId, wallet.account];
  const amount = (await reader(app.chain).readContract({ address: adRevenue, abi: abi.AdRevenue, functionName: "claimable", args })) as bigint;
  if (amount === 0n) throw new UserFacingError("Nothing to claim from this video for your account.");
  await wallet.write(app.chain, adRevenue, abi.AdRevenue, "claim", [videoId]);
  return amount;
}

export async function revenuePage(app: App, root: HTMLElement): Promise<void> {
  const wallet = requireWallet(app);
  const [page, unit, clock] = await Promise.all([app.api.revenue(app.chain.chain_id, wallet.account.toLowerCase()), adUnit(app), chainClock(app)]);
  const line = status();
  const claim = (videoId: string) =>
    act(line, "Settling and claiming…", async () => {
      const amount = await settleAndClaim(app, wallet, BigInt(videoId));
      return `Claimed ${show(amount, unit)} from video ${shortHash(videoHash(videoId))}.`;
    });
  const rows = await Promise.all(
    page.videos.map(async (r) => {
      const a = await accrual(app, BigInt(r.video_id), wallet.account, clock());
      const cell = h("td", { "data-claimable": "" });
      const tick = (now: number) => {
        const more = BigInt(Math.max(0, Math.floor(now - a.since))) * a.perSecond;
        cell.textContent = show(a.base + (more > a.cap ? a.cap : more), unit);
      };
      tick(clock());
      const row = h(
        "tr",
        { "data-revenue": r.video_id },
        h("td", {}, h("a", { href: `#/video/${videoHash(r.video_id)}`, class: "mono" }, shortHash(videoHash(r.video_id)))),
        cell,
        h("td", {}, a.perSecond > 0n ? `+${show(a.perSecond, unit)}/s` : ""),
        h("td", {}, show(r.claimed, unit)),
        h("td", {}, h("button", { "data-action": "claim", onclick: () => claim(r.video_id) }, "Claim")),
      );
      return { row, tick };
    }),
  );
  fill(
    root,
    h("h1", {}, `Your revenue on ${app.chain.name}`),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ...["Video", "Claimable now", "Streaming", "Claimed", ""].map((t) => h("th", {}, t)))), h("tbody", {}, ...rows.map((r) => r.row)))
      : h("p", { class: "empty" }, "No revenue yet: hold a video or its shares."),
    h("p", { class: "hint" }, "Claimable now counts what has streamed up to this second; claiming settles the video's streams first."),
    line,
  );
  const timer = setInterval(() => rows.forEach((r) => r.tick(clock())), 1000);
  app.onLeave(() => clearInterval(timer));
}

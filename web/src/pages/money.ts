// Advertisers and holders: an advertiser's campaigns streaming second by second (spent and
// remaining tick on the page between indexed settlements) with top-up, pause and cancel; a
// holder's claimable revenue per video, and claims.

import { type App, act, adUnit, chainClock, requireWallet } from "../app";
import type { Campaign } from "../api";
import { contract } from "../config";
import { abi } from "../contracts";
import { fill, h, status } from "../dom";
import { payment } from "../pay";
import { type Unit, parse, shortHash, show } from "../units";
import { reader } from "../wallet";

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
    h("td", {}, h("a", { href: `#/video/0x${BigInt(c.video_id).toString(16).padStart(64, "0")}`, class: "mono" }, shortHash(`0x${BigInt(c.video_id).toString(16).padStart(64, "0")}`))),
    h("td", {}, `${show(c.rate_per_second, unit)}/s`),
    spent,
    remaining,
    h("td", {}, c.cancelled ? "cancelled" : onChain.paused ? "paused" : "streaming"),
    h("td", {}, c.cancelled ? "" : h("span", {}, h("button", { onclick: topUp }, "Top up"), " ", h("button", { onclick: pause }, onChain.paused ? "Resume" : "Pause"), " ", h("button", { onclick: cancel }, "Cancel"))),
  );
  return { row, tick };
}

export async function revenuePage(app: App, root: HTMLElement): Promise<void> {
  const wallet = requireWallet(app);
  const [page, unit] = await Promise.all([app.api.revenue(app.chain.chain_id, wallet.account.toLowerCase()), adUnit(app)]);
  const line = status();
  const adRevenue = contract(app.chain, "AdRevenue");
  const claim = (videoId: string) =>
    act(line, "Claiming…", async () => {
      await requireWallet(app).write(app.chain, adRevenue, abi.AdRevenue, "claim", [BigInt(videoId)]);
      return `Claimed from video ${shortHash(`0x${BigInt(videoId).toString(16)}`)}.`;
    });
  fill(
    root,
    h("h1", {}, `Your revenue on ${app.chain.name}`),
    page.videos.length
      ? h(
          "table",
          {},
          h("thead", {}, h("tr", {}, ...["Video", "Claimable", "Claimed", ""].map((t) => h("th", {}, t)))),
          h("tbody", {}, ...page.videos.map((r) => h("tr", { "data-revenue": r.video_id }, h("td", { class: "mono" }, shortHash(`0x${BigInt(r.video_id).toString(16).padStart(64, "0")}`)), h("td", { "data-claimable": r.claimable }, show(r.claimable, unit)), h("td", {}, show(r.claimed, unit)), h("td", {}, BigInt(r.claimable) > 0n ? h("button", { onclick: () => claim(r.video_id) }, "Claim") : "")))),
        )
      : h("p", { class: "empty" }, "No revenue yet: hold a video or its shares."),
    h("p", { class: "hint" }, "Claimable counts settled revenue; a video's page settles its streams and claims in one go."),
    line,
  );
}

// Creators, holders and advertisers around a video: the gallery with valuations, a video's page
// (playback, valuation chart, holders, campaigns, and what its owner, holders and advertisers can
// do there), and minting from a file hashed in the browser.

import { type Hex, encodeAbiParameters, isAddress, keccak256, toHex } from "viem";
import { type App, act, adUnit, indexedHead, requireWallet } from "../app";
import type { VideoDetail } from "../api";
import { chainById, contract } from "../config";
import { abi } from "../contracts";
import { field, fill, h, input, status } from "../dom";
import { contentHash } from "../hash";
import { payment } from "../pay";
import { settleAndClaim } from "./money";
import { type Unit, parse, shortAddress, shortHash, show } from "../units";
import { UserFacingError, reader } from "../wallet";

function player(app: App, playbackId: string): string {
  return app.config.player_url.replace("{playback_id}", encodeURIComponent(playbackId));
}

/** The gallery: every video, or with `filter` the connected account's (`created` or `owned`). */
export async function videosPage(app: App, root: HTMLElement, filter?: string): Promise<void> {
  const me = app.wallet?.account.toLowerCase();
  const query = me && filter === "created" ? `&creator=${me}` : me && filter === "owned" ? `&owner=${me}` : "";
  const [page, unit] = await Promise.all([app.api.videos(app.chain.chain_id, query), adUnit(app)]);
  const tab = (href: string, label: string, on: boolean) => h("a", { href, class: on ? "tab on" : "tab" }, label);
  fill(
    root,
    h("h1", {}, `Videos on ${app.chain.name}`),
    h(
      "p",
      { class: "tabs" },
      tab("#/videos", "All", !query),
      me ? tab("#/videos/created", "Created by me", filter === "created") : null,
      me ? tab("#/videos/owned", "Owned by me", filter === "owned") : null,
      h("a", { href: "#/mint", class: "button" }, "Mint a video"),
    ),
    page.items.length
      ? h(
          "div",
          { class: "gallery" },
          ...page.items.map((v) =>
            h(
              "a",
              { class: "card video", href: `#/video/${v.content_hash}`, "data-video": v.content_hash },
              h("strong", { class: "mono" }, shortHash(v.content_hash)),
              h("span", {}, `by ${shortAddress(v.creator)}`),
              h("span", { class: "valuation" }, `valuation ${show(v.cumulative_revenue, unit)}`),
              h("span", {}, v.fractionalized ? `${v.share_supply} shares` : `owner ${shortAddress(v.owner)}`),
            ),
          ),
        )
      : h("p", { class: "empty" }, "No video minted yet."),
  );
}

interface Point {
  t: number;
  value: bigint;
}

interface Series {
  label: string;
  points: Point[];
}

/**
 * The video's valuation over time: this chain's settlements, each other chain's figures as they
 * were received here, and (when there are remote figures) their sum, the global valuation. Points
 * whose block time is unknown are left out.
 */
function valuationSeries(app: App, detail: VideoDetail): Series[] {
  const timed = <T extends { block_time: number | null; cumulative_revenue: string }>(rows: T[]): (T & { t: number; value: bigint })[] =>
    rows.filter((r) => r.block_time !== null).map((r) => ({ ...r, t: r.block_time as number, value: BigInt(r.cumulative_revenue) }));
  const series: Series[] = [{ label: app.chain.name, points: timed(detail.valuation_history) }];
  const remote = new Map<number, Point[]>();
  for (const r of timed(detail.cross_chain.remote_history)) {
    const points = remote.get(r.origin) ?? [];
    points.push(r);
    remote.set(r.origin, points);
  }
  for (const [origin, points] of remote) series.push({ label: chainById(app.config, origin)?.name ?? `chain ${origin}`, points });
  if (remote.size > 0) {
    const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
    const at = (s: Series, t: number): bigint => s.points.filter((p) => p.t <= t).at(-1)?.value ?? 0n;
    series.push({ label: "global", points: times.map((t) => ({ t, value: series.reduce((sum, s) => sum + at(s, t), 0n) })) });
  }
  return series;
}

/** Step lines over time, one per series, with a legend of each one's latest figure. */
function chart(series: Series[], unit: Unit): HTMLElement {
  const drawn = series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) return h("p", { class: "empty" }, "No revenue settled yet.");
  const all = drawn.flatMap((s) => s.points);
  const max = all.reduce((m, p) => (p.value > m ? p.value : m), 1n);
  const first = Math.min(...all.map((p) => p.t));
  const last = Math.max(...all.map((p) => p.t));
  const span = Math.max(1, last - first);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 400 120");
  svg.setAttribute("class", "chart");
  drawn.forEach((s, i) => {
    let d = "M 1 118";
    for (const p of s.points) d += ` H ${(((p.t - first) / span) * 398 + 1).toFixed(1)} V ${118 - Number((p.value * 110n) / max)}`;
    d += " H 399";
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("class", `series-${i}`);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${s.label}: ${show(s.points[s.points.length - 1].value, unit)}`;
    path.append(title);
    svg.append(path);
  });
  const legend = h(
    "ul",
    { class: "legend" },
    ...drawn.map((s, i) => h("li", { class: `series-${i}`, "data-series": s.label }, `${s.label} ${show(s.points[s.points.length - 1].value, unit)}`)),
  );
  return h("figure", { class: "valuation" }, svg, legend);
}

/**
 * A video's page. After a write it draws itself again from the indexer once the write is indexed,
 * with the write's outcome (`notice`) still shown.
 */
export async function videoPage(app: App, root: HTMLElement, id: string, notice?: string): Promise<void> {
  const chain = app.chain.chain_id;
  const [detail, unit, campaigns] = await Promise.all([app.api.video(chain, id), adUnit(app), app.api.campaigns(chain, `&video_id=${id}`)]);
  const v = detail.video;
  const videoId = BigInt(v.video_id);
  const line = status();
  if (notice) line.set("ok", notice);
  let left = false;
  app.onLeave(() => (left = true));
  const write = async (busy: string, action: () => Promise<string>): Promise<void> => {
    if (!(await act(line, busy, action))) return;
    await indexedHead(app);
    if (!left) await videoPage(app, root, id, line.textContent ?? undefined);
  };
  const me = app.wallet?.account.toLowerCase();
  const holding = detail.holders.find((x) => x.holder === me);
  const cross = detail.cross_chain;

  const fractionalize = (e: Event) => {
    e.preventDefault();
    const supply = (e.target as HTMLFormElement).elements.namedItem("supply") as HTMLInputElement;
    return write("Fractionalizing…", async () => {
      const wallet = requireWallet(app);
      const data = encodeAbiParameters([{ type: "uint256" }], [BigInt(supply.value)]);
      await wallet.write(app.chain, contract(app.chain, "VideoNft"), abi.VideoNft, "safeTransferFrom", [wallet.account, contract(app.chain, "VideoShares"), videoId, data]);
      return `Split into ${supply.value} shares, all yours.`;
    });
  };
  const transferShares = (e: Event) => {
    e.preventDefault();
    const f = (e.target as HTMLFormElement).elements;
    const to = (f.namedItem("to") as HTMLInputElement).value.trim();
    const amount = (f.namedItem("amount") as HTMLInputElement).value;
    return write("Transferring shares…", async () => {
      if (!isAddress(to)) throw new UserFacingError(`"${to}" is not an address.`);
      const wallet = requireWallet(app);
      await wallet.write(app.chain, contract(app.chain, "VideoShares"), abi.VideoShares, "safeTransferFrom", [wallet.account, to, videoId, BigInt(amount), "0x"]);
      return `Sent ${amount} shares to ${shortAddress(to)}.`;
    });
  };
  const openCampaign = (e: Event) => {
    e.preventDefault();
    const f = (e.target as HTMLFormElement).elements;
    const rate = (f.namedItem("rate") as HTMLInputElement).value;
    const deposit = (f.namedItem("deposit") as HTMLInputElement).value;
    return write("Opening the campaign…", async () => {
      const wallet = requireWallet(app);
      wallet.requireChain(app.chain);
      const [perSecond, amount] = [parse(rate, unit), parse(deposit, unit)];
      const adRevenue = contract(app.chain, "AdRevenue");
      const value = await payment(app, wallet, unit, adRevenue, amount);
      await wallet.write(app.chain, adRevenue, abi.AdRevenue, "openCampaign", [videoId, perSecond, amount], value);
      return `Campaign open: ${show(perSecond, unit)} per second from ${show(amount, unit)}.`;
    });
  };
  const claim = () =>
    write("Claiming…", async () => {
      const amount = await settleAndClaim(app, requireWallet(app), videoId);
      return `Claimed ${show(amount, unit)}.`;
    });

  const isOwner = !v.fractionalized && v.owner === me;
  fill(
    root,
    h("h1", { class: "mono" }, shortHash(v.content_hash)),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Creator"), h("dd", { class: "mono" }, v.creator),
      h("dt", {}, "Play"), h("dd", {}, h("a", { href: player(app, v.playback_id), target: "_blank", rel: "noopener" }, v.playback_id)),
      h("dt", {}, "Royalty"), h("dd", {}, `${v.royalty_bps / 100}%`),
      h("dt", {}, "Owner"), h("dd", { class: "mono" }, v.fractionalized ? `${v.share_supply} shares` : v.owner),
      h("dt", {}, "Valuation here"), h("dd", { "data-valuation": v.cumulative_revenue }, show(v.cumulative_revenue, unit)),
      h("dt", {}, "Global valuation"),
      h("dd", {}, show(cross.global_valuation, unit), cross.remote_valuations.length ? ` (with ${cross.remote_valuations.map((r) => `chain ${r.origin} at block ${r.source_block}`).join(", ")})` : ""),
      cross.home_chain !== null ? h("dt", {}, "Home chain") : null,
      cross.home_chain !== null ? h("dd", {}, String(cross.home_chain)) : null,
    ),
    h("h2", {}, "Valuation"),
    chart(valuationSeries(app, detail), unit),
    h("h2", {}, "Holders"),
    detail.holders.length
      ? h("table", {}, h("tbody", {}, ...detail.holders.map((x) => h("tr", {}, h("td", { class: "mono" }, x.holder), h("td", {}, x.balance)))))
      : h("p", { class: "empty" }, "Not fractionalized."),
    h("h2", {}, "Campaigns"),
    campaigns.items.length
      ? h("table", {}, h("tbody", {}, ...campaigns.items.map((c) => h("tr", {}, h("td", {}, `#${c.campaign_id}`), h("td", { class: "mono" }, shortAddress(c.advertiser)), h("td", {}, `${show(c.rate_per_second, unit)}/s`), h("td", {}, `${show(c.remaining, unit)} left`), h("td", {}, c.cancelled ? "cancelled" : c.paused ? "paused" : "streaming")))))
      : h("p", { class: "empty" }, "No campaign."),
    h("div", { class: "forms" },
      isOwner
        ? h("form", { class: "card", "data-form": "fractionalize", onsubmit: fractionalize }, h("h3", {}, "Fractionalize"), field("Shares", input("supply", { type: "number", min: 1, value: 1000 })), h("button", { type: "submit" }, "Split into shares"))
        : null,
      holding
        ? h("form", { class: "card", "data-form": "transfer-shares", onsubmit: transferShares }, h("h3", {}, `Transfer shares (you hold ${holding.balance})`), field("To", input("to", { placeholder: "0x…" })), field("Amount", input("amount", { type: "number", min: 1 })), h("button", { type: "submit" }, "Transfer"))
        : null,
      h("form", { class: "card", "data-form": "open-campaign", onsubmit: openCampaign }, h("h3", {}, "Advertise on this video"), field(`Rate (${unit.symbol} per second)`, input("rate", { value: "0.01" })), field(`Deposit (${unit.symbol})`, input("deposit", { value: "10" })), h("button", { type: "submit" }, "Open campaign")),
      me ? h("div", { class: "card" }, h("h3", {}, "Your revenue"), h("button", { "data-action": "claim", onclick: claim }, "Settle and claim")) : null,
    ),
    line,
  );
}

export function mintPage(app: App, root: HTMLElement): void {
  const file = h("input", { type: "file", name: "file" });
  const hashOut = h("code", { "data-content-hash": "" });
  const playback = input("playback", { placeholder: "playback id, e.g. f5eese9wwl88k4g8" });
  const royalty = input("royalty", { type: "number", min: 0, max: 10000, value: 500 });
  const line = status();
  let hash: Hex | null = null;
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    hash = null;
    hashOut.textContent = "hashing…";
    hash = await contentHash(f, (done, total) => (hashOut.textContent = `hashing… ${Math.floor((done / Math.max(total, 1)) * 100)}%`));
    hashOut.textContent = hash;
  });
  const mint = (e: Event) => {
    e.preventDefault();
    return act(line, "Committing the mint…", async () => {
      const wallet = requireWallet(app);
      wallet.requireChain(app.chain);
      if (!hash) throw new UserFacingError("Pick the video file first (its hash is the video's id).");
      if (!playback.value.trim()) throw new UserFacingError("Enter the playback id.");
      const nft = contract(app.chain, "VideoNft");
      const rpc = reader(app.chain);
      // Commit-reveal: the commitment hides the content hash until it may be revealed, so nobody
      // watching the mempool can mint the file first. The salt is random and kept in this tab.
      const salt = keccak256(toHex(crypto.getRandomValues(new Uint8Array(32))));
      const commitment = keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }, { type: "bytes32" }], [wallet.account, salt, keccak256(encodeAbiParameters([{ type: "bytes32" }], [hash]))]));
      await wallet.write(app.chain, nft, abi.VideoNft, "commitMint", [commitment]);
      const minAge = Number(await rpc.readContract({ address: nft, abi: abi.VideoNft, functionName: "commitMinAge" }));
      const at = Number(await rpc.readContract({ address: nft, abi: abi.VideoNft, functionName: "commitmentTime", args: [commitment] }));
      for (;;) {
        const head = Number((await rpc.getBlock()).timestamp);
        if (head >= at + minAge) break;
        line.set("busy", `Committed; revealing in ${at + minAge - head} s…`);
        await new Promise((r) => setTimeout(r, 500));
      }
      line.set("busy", "Revealing the mint…");
      await wallet.write(app.chain, nft, abi.VideoNft, "mint", [hash, playback.value.trim(), Number(royalty.value), salt]);
      return `Minted ${shortHash(hash)}.`;
    });
  };
  fill(
    root,
    h("h1", {}, `Mint a video on ${app.chain.name}`),
    h("form", { class: "card", "data-form": "mint", onsubmit: mint },
      field("Video file", file),
      h("p", {}, "Content hash: ", hashOut),
      field("Playback id", playback),
      field("Royalty (basis points)", royalty),
      h("button", { type: "submit" }, "Mint"),
      line,
    ),
  );
}

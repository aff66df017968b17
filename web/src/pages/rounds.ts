// Voters and organizers: open rounds with live tallies pushed from the indexer (server-sent
// events, no polling), a vote by transaction or gasless (an EIP-712 signature handed to the vote
// relay), the voter's own vote and its inclusion, finalization and the preference export.

import { type Address, type Hash, type Hex, keccak256, toHex } from "viem";
import { type App, act, chainClock, requireWallet } from "../app";
import type { RoundDetail } from "../api";
import { contract } from "../config";
import { VOTE_DOMAIN_NAME, abi, voteTypes } from "../contracts";
import { duration, field, fill, h, input, status } from "../dom";
import { shortAddress, shortHash } from "../units";
import { UserFacingError, reader } from "../wallet";

const NO_WINNER = 4294967295;

export async function roundsPage(app: App, root: HTMLElement): Promise<void> {
  const [page, clock] = await Promise.all([app.api.rounds(app.chain.chain_id), chainClock(app)]);
  const now = clock();
  const rows = page.items.map((r) =>
    h(
      "tr",
      { "data-round": r.round_id },
      h("td", {}, h("a", { href: `#/round/${r.round_id}` }, `#${r.round_id}`)),
      h("td", {}, r.candidates),
      h("td", {}, r.voters),
      h("td", {}, r.weight_mode),
      h("td", {}, roundState(r.start_time, r.end_time, r.finalized_block, now)),
    ),
  );
  fill(
    root,
    h("h1", {}, `Rounds on ${app.chain.name}`),
    rows.length
      ? h("table", {}, h("thead", {}, h("tr", {}, ...["Round", "Candidates", "Voters", "Weights", "State"].map((t) => h("th", {}, t)))), h("tbody", {}, ...rows))
      : h("p", { class: "empty" }, "No round yet."),
    createRoundForm(app),
  );
}

function roundState(start: number, end: number, finalized: number | null, now: number): string {
  if (finalized !== null) return "final";
  if (now < start) return `starts in ${duration(start - now)}`;
  if (now < end) return `open, ${duration(end - now)} left`;
  return "ended, not finalized";
}

function createRoundForm(app: App): HTMLElement {
  const candidates = input("candidates", { placeholder: "video ids (0x…) or prompts, comma-separated" });
  const minutes = input("minutes", { type: "number", min: 1, value: 60 });
  const mode = h("select", { name: "mode" }, h("option", { value: "0" }, "one account, one vote"), h("option", { value: "1" }, "stake-weighted"));
  const line = status();
  const submit = async (e: Event) => {
    e.preventDefault();
    await act(line, "Creating the round…", async () => {
      const wallet = requireWallet(app);
      const ids = candidates.value.split(/[,\n]/).map((c) => c.trim()).filter(Boolean).map(candidateId);
      if (ids.length < 2) throw new UserFacingError("A round needs at least two candidates.");
      const head = await reader(app.chain).getBlock();
      const start = Number(head.timestamp) + 1;
      const end = start + Number(minutes.value) * 60;
      await wallet.write(app.chain, contract(app.chain, "VoteTally"), abi.VoteTally, "createRound", [ids, start, end, Number(mode.value)]);
      return "Round created; it appears in the list once indexed.";
    });
  };
  return h(
    "form",
    { class: "card", "data-form": "create-round", onsubmit: submit },
    h("h2", {}, "Create a round (organizers)"),
    field("Candidates", candidates),
    field("Duration (minutes)", minutes),
    field("Weights", mode),
    h("button", { type: "submit" }, "Create round"),
    line,
  );
}

/** A candidate as typed: a 32-byte id, or any text hashed into one (a prompt). */
function candidateId(typed: string): Hex {
  return /^0x[0-9a-fA-F]{64}$/.test(typed) ? (typed as Hex) : keccak256(toHex(typed));
}

export async function roundPage(app: App, root: HTMLElement, id: string): Promise<void> {
  const tallyBody = h("tbody");
  const summary = h("p", { class: "summary" });
  const mine = h("p", { class: "mine", "data-mine": "" });
  const line = status();
  const actions = h("div", { class: "actions" });
  let current: RoundDetail | null = null;
  const clock = await chainClock(app);

  const show = (d: RoundDetail) => {
    current = d;
    const r = d.round;
    const now = clock();
    const final = r.finalized_block !== null;
    summary.textContent =
      `${r.voters} voter(s), total weight ${r.total_weight}, ${r.weight_mode}; ` +
      roundState(r.start_time, r.end_time, r.finalized_block, now) +
      (final ? `; winner: ${r.winner === NO_WINNER ? "none (no vote)" : `#${r.winner}${r.tied ? " (tie, lowest index)" : ""}`}` : "");
    fill(
      tallyBody,
      ...d.tallies.map((t) =>
        h(
          "tr",
          { "data-candidate": t.candidate_index, class: d.leader === t.candidate_index ? "leader" : "" },
          h("td", {}, `#${t.candidate_index}`),
          h("td", { class: "mono" }, shortHash(t.candidate)),
          h("td", { "data-votes": "" }, t.votes),
          h("td", { "data-tally": "" }, t.tally),
          h("td", {}, final || now >= r.end_time ? "" : voteButtons(t.candidate_index)),
        ),
      ),
    );
    fill(
      actions,
      !final && now >= r.end_time ? h("button", { "data-action": "finalize", onclick: finalize }, "Finalize") : null,
      final ? h("a", { href: app.api.url(`/v1/rounds/${app.chain.chain_id}/${id}/preferences`), download: `round-${app.chain.chain_id}-${id}.jsonl`, class: "button" }, "Download preferences (JSONL)") : null,
    );
    void showMine();
  };

  const voteButtons = (candidate: number) =>
    h(
      "span",
      {},
      h("button", { "data-vote": candidate, onclick: () => voteDirect(candidate) }, "Vote"),
      " ",
      app.config.vote_relay ? h("button", { "data-vote-gasless": candidate, onclick: () => voteGasless(candidate) }, "Vote gasless") : null,
    );

  const tally = contract(app.chain, "VoteTally");
  const voteDirect = (candidate: number) =>
    act(line, "Sending your vote…", async () => {
      const hash = await requireWallet(app).write(app.chain, tally, abi.VoteTally, "vote", [BigInt(id), candidate]);
      return `Vote for #${candidate} included in ${shortHash(hash)}.`;
    });

  const voteGasless = (candidate: number) =>
    act(line, "Sign the vote in your wallet…", async () => {
      const wallet = requireWallet(app);
      wallet.requireChain(app.chain);
      const rpc = reader(app.chain);
      // The domain as the contract states it (EIP-5267): right on every suite and chain.
      const [, name, version, chainId, verifyingContract] = (await rpc.readContract({ address: tally, abi: abi.VoteTally, functionName: "eip712Domain" })) as [Hex, string, string, bigint, Address];
      if (name !== VOTE_DOMAIN_NAME) throw new UserFacingError(`Unexpected vote domain "${name}".`);
      // One vote per voter and round: the round id is a natural unordered nonce (as `flix vote sign`).
      const nonce = BigInt(id);
      const deadline = BigInt(Math.floor(clock()) + 600);
      const message = { roundId: BigInt(id), candidate, voter: wallet.account, nonce, deadline };
      const signature = await wallet.signTypedData({ account: wallet.account, domain: { name, version, chainId, verifyingContract }, types: voteTypes, primaryType: "Vote", message });
      return submitSigned(app, line, { chain_id: app.chain.chain_id, vote_tally: tally, round: Number(id), candidate, voter: wallet.account, nonce: Number(nonce), deadline: Number(deadline), signature });
    });

  const finalize = () =>
    act(line, "Finalizing…", async () => {
      const hash = await requireWallet(app).write(app.chain, tally, abi.VoteTally, "finalize", [BigInt(id)]);
      return `Finalized in ${shortHash(hash)}.`;
    });

  const showMine = async () => {
    if (!app.wallet || !current) return fill(mine);
    const voted = (await reader(app.chain).readContract({ address: tally, abi: abi.VoteTally, functionName: "hasVoted", args: [BigInt(id), app.wallet.account] })) as boolean;
    mine.dataset.mine = voted ? "voted" : "not-voted";
    mine.textContent = voted ? `Your vote (${shortAddress(app.wallet.account)}) is on chain.` : "You have not voted in this round.";
  };

  fill(
    root,
    h("h1", {}, `Round #${id} on ${app.chain.name}`),
    summary,
    h("table", { class: "tallies" }, h("thead", {}, h("tr", {}, ...["", "Candidate", "Votes", "Weight", ""].map((t) => h("th", {}, t)))), tallyBody),
    mine,
    actions,
    line,
  );
  show(await app.api.round(app.chain.chain_id, id));
  // Every change the indexer commits is pushed here as the whole round.
  const live = new EventSource(app.api.url(`/v1/rounds/${app.chain.chain_id}/${id}/live`));
  live.addEventListener("round", (e) => show(JSON.parse((e as MessageEvent<string>).data) as RoundDetail));
  app.onLeave(() => live.close());
}

interface SignedVote {
  chain_id: number;
  vote_tally: Address;
  round: number;
  candidate: number;
  voter: Address;
  nonce: number;
  deadline: number;
  signature: Hash;
}

/** Hands a signed vote to the relay, then follows it until it is cast or rejected. */
async function submitSigned(app: App, line: ReturnType<typeof status>, vote: SignedVote): Promise<string> {
  const base = app.config.vote_relay.replace(/\/$/, "");
  const answer = await fetch(`${base}/v1/votes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(vote) }).catch((e: Error) => {
    throw new UserFacingError(`The vote relay is unreachable: ${e.message}`);
  });
  const body = (await answer.json()) as { id?: string; status?: string; error?: string; tx_hash?: string | null };
  if (!answer.ok) throw new UserFacingError(`The vote relay refused the vote: ${body.error ?? answer.status}`);
  line.set("busy", `Signed vote ${shortHash(body.id ?? "")} queued at the relay…`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const state = (await (await fetch(`${base}/v1/votes/${body.id}`)).json()) as { status: string; error?: string; tx_hash?: string };
    if (state.status === "cast") return `Gasless vote for #${vote.candidate} cast by the relay in ${shortHash(state.tx_hash ?? "")}.`;
    if (state.status === "rejected") throw new UserFacingError(`The relay could not cast the vote: ${state.error}`);
    line.set("busy", `Signed vote ${state.status} at the relay…`);
  }
}

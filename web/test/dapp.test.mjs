// The dApp in a real headless Chromium against the real devnet the Rust test started (anvil,
// deployed suite, indexer + API serving the page, vote relay). One scenario per role, each
// asserted on the page and on chain; then the error paths; then the latency from a mined vote to
// its tally on the page. Run by tests/tests/dapp.rs, which passes everything in TFX_DAPP.

import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { createPublicClient, encodeFunctionData, http, keccak256, toHex } from "viem";

const env = JSON.parse(process.env.TFX_DAPP);
const chain = env.config.chains[0];
const rpc = createPublicClient({ transport: http(chain.rpc_url) });
const abi = (name) => JSON.parse(readFileSync(new URL(`../../abi/evm/${name}.json`, import.meta.url))).abi;
const [VoteTally, VideoNft, VideoShares, AdRevenue, MinerCollateral] = ["VoteTally", "VideoNft", "VideoShares", "AdRevenue", "MinerCollateral"].map(abi);
const at = (name) => chain.contracts[name];
const lower = (a) => a.toLowerCase();

async function node(method, params = []) {
  const r = await fetch(chain.rpc_url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = await r.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

const browser = await chromium.launch({
  executablePath: env.chromium,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
// A failing step must not leave the browser, and its profile directory, behind.
for (const event of ["unhandledRejection", "uncaughtException"]) {
  process.on(event, async (e) => {
    console.error(e);
    await browser.close().catch(() => {});
    process.exit(1);
  });
}
const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
const walletSource = readFileSync(new URL("./wallet.js", import.meta.url), "utf8").trim().replace(/;$/, "");
await context.addInitScript({ content: `(${walletSource})(${JSON.stringify({ chains: env.config.chains, account: env.accounts.admin })});` });
const page = await context.newPage();
const consoleErrors = [];
// The signed votes the page hands to the relay, to replay one.
const handedIn = [];
page.on("request", (r) => r.method() === "POST" && r.url().endsWith("/v1/votes") && handedIn.push(r.postData()));
page.on("pageerror", (e) => consoleErrors.push(String(e)));

/** Shows `route` (`#/videos`) and waits until its view has loaded. */
async function open(route) {
  if (page.url() === "about:blank") await page.goto(`${env.url}/${route}`);
  // A hash change renders asynchronously: mark the view stale first, then render now.
  else await page.evaluate((r) => {
    document.querySelector("main").dataset.loaded = "false";
    history.replaceState(null, "", r);
    dispatchEvent(new HashChangeEvent("hashchange"));
  }, route);
  await page.waitForSelector('main[data-loaded="true"]');
  const failed = page.locator('main > [data-status="error"]');
  if (await failed.count()) throw new Error(`${route} did not load: ${await failed.textContent()}`);
}
const reload = () => open(new URL(page.url()).hash);
async function as(account) {
  await page.evaluate((a) => window.__wallet.setAccount(a), account);
  await page.waitForSelector(`[data-account="${lower(account)}"]`);
  await page.waitForSelector('main[data-loaded="true"]');
}
/** Waits for the page's status line to settle; returns [kind, text]. */
async function outcome(scope = "main") {
  const line = page.locator(`${scope} [data-status]`).last();
  await page.waitForFunction((el) => el && (el.dataset.status === "ok" || el.dataset.status === "error"), await line.elementHandle(), { timeout: 60_000 });
  return [await line.getAttribute("data-status"), await line.textContent()];
}
async function expectOk(what) {
  const [kind, text] = await outcome();
  assert.equal(kind, "ok", `${what}: ${text}`);
  return text;
}
async function expectError(what, pattern) {
  const [kind, text] = await outcome();
  assert.equal(kind, "error", `${what} should fail plainly, got: ${text}`);
  assert.match(text, pattern, what);
  return text;
}
async function shot(name) {
  if (!env.screenshots) return;
  mkdirSync(env.screenshots, { recursive: true });
  await page.screenshot({ path: `${env.screenshots}/${name}.png`, fullPage: true });
}
const read = (address, abi, functionName, args = []) => rpc.readContract({ address, abi, functionName, args });
const step = (text) => console.log(`dapp: ${text}`);

// --- connect
await open("#/videos");
await page.click("[data-connect]");
await page.waitForSelector(`[data-account="${lower(env.accounts.admin)}"]`);

// --- creator: mint from a file hashed in the browser, fractionalize, transfer shares
step("creator mints, fractionalizes and transfers shares");
await as(env.accounts.creator);
await open("#/mint");
const film = Buffer.from(`an AI-made film, ${Date.now()}\n`.repeat(40_000));
await page.setInputFiles('[data-form="mint"] input[type=file]', { name: "film.mp4", mimeType: "video/mp4", buffer: film });
const hash = keccak256(film);
await page.waitForFunction((h) => document.querySelector("[data-content-hash]")?.textContent === h, hash);
await page.fill('[data-form="mint"] input[name=playback]', "dappplayback0001");
await shot("mint");
await page.click('[data-form="mint"] button[type=submit]');
await expectOk("mint");
assert.equal(lower(await read(at("VideoNft"), VideoNft, "creatorOf", [BigInt(hash)])), lower(env.accounts.creator), "minted to the creator");
/** Polls `probe` every 100 ms until it returns something truthy, which it returns; fails after 30 s. */
async function until(what, probe) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const found = await probe();
    if (found) return found;
  }
  throw new Error(`${what}: not within 30 s`);
}
const api = async (path) => {
  const r = await fetch(`${env.url}${path}`);
  return r.ok ? r.json() : null;
};
await until("the minted video is indexed", () => api(`/v1/videos/${chain.chain_id}/${hash}`));
await open("#/videos/created");
assert.equal(await page.locator(`[data-video="${hash}"]`).count(), 1, "the creator's own videos list it");
await shot("videos");
await open(`#/video/${hash}`);
await page.fill('[data-form="fractionalize"] input[name=supply]', "1000");
await page.click('[data-form="fractionalize"] button[type=submit]');
await expectOk("fractionalize");
assert.equal(await read(at("VideoShares"), VideoShares, "balanceOf", [env.accounts.creator, BigInt(hash)]), 1000n);
// The page draws itself again once the write is indexed: the shares are there to transfer.
await page.waitForSelector('[data-form="transfer-shares"]', { timeout: 30_000 });
await page.fill('[data-form="transfer-shares"] input[name=to]', env.accounts.holder);
await page.fill('[data-form="transfer-shares"] input[name=amount]', "250");
await page.click('[data-form="transfer-shares"] button[type=submit]');
await expectOk("transfer shares");
assert.equal(await read(at("VideoShares"), VideoShares, "balanceOf", [env.accounts.holder, BigInt(hash)]), 250n);

step("a wallet or marketplace reads the video's ERC-721 metadata through tokenURI");
const setBase = await node("eth_sendTransaction", [{ from: env.accounts.admin, to: at("VideoNft"), data: encodeFunctionData({ abi: VideoNft, functionName: "setBaseURI", args: [env.metadataBase] }) }]);
await rpc.waitForTransactionReceipt({ hash: setBase, pollingInterval: 20 });
const tokenUri = await read(at("VideoNft"), VideoNft, "tokenURI", [BigInt(hash)]);
assert.equal(tokenUri, `${env.metadataBase}${BigInt(hash)}`);
const metadata = await (await fetch(tokenUri)).json();
assert.match(metadata.name, /^TensorFlix video 0x/);
assert.equal(metadata.animation_url, env.config.player_url.replace("{playback_id}", "dappplayback0001"));
const trait = (t) => metadata.attributes.find((a) => a.trait_type === t)?.value;
assert.equal(trait("creator"), lower(env.accounts.creator));
assert.equal(trait("content_hash"), hash);

// --- advertiser: open a campaign (approve + open), watch it stream, then holders claim
step("advertiser opens a campaign and watches it stream");
await as(env.accounts.advertiser);
await open(`#/video/${hash}`);
await page.fill('[data-form="open-campaign"] input[name=rate]', "1");
await page.fill('[data-form="open-campaign"] input[name=deposit]', "100");
await page.click('[data-form="open-campaign"] button[type=submit]');
await expectOk("open campaign");
await until("the campaign is indexed", async () => (await api(`/v1/campaigns?chain_id=${chain.chain_id}&advertiser=${lower(env.accounts.advertiser)}`))?.items.length);
await open("#/campaigns");
const remaining = page.locator("[data-remaining]").first();
const before = await remaining.textContent();
await page.waitForFunction((b) => document.querySelector("[data-remaining]")?.textContent !== b, before, { timeout: 10_000 });
await shot("campaigns");
step("holder settles and claims");
await node("evm_increaseTime", [20]);
await node("evm_mine");
await as(env.accounts.holder);
await open(`#/video/${hash}`);
await page.click('[data-action="claim"]');
const claimed = await expectOk("claim");
assert.match(claimed, /Claimed/);
// The page draws itself again once the claim is indexed, with the revenue settled into the video.
await page.waitForFunction(() => BigInt(document.querySelector("[data-valuation]")?.dataset.valuation ?? "0") > 0n, null, { timeout: 30_000 });
assert.match(await page.locator("[data-status]").last().textContent(), /Claimed/, "the outcome stays shown");
await shot("video");
step("the holder's revenue ticks while the campaign streams, and claims from there");
await until("the claim is indexed", async () =>
  (await api(`/v1/accounts/${chain.chain_id}/${lower(env.accounts.holder)}/revenue`)).videos.some((v) => BigInt(v.claimed) > 0n),
);
await open("#/revenue");
const ticking = page.locator(`[data-revenue="${BigInt(hash)}"] [data-claimable]`);
const first = await ticking.textContent();
await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was, [`[data-revenue="${BigInt(hash)}"] [data-claimable]`, first], { timeout: 10_000 });
await shot("revenue");
await page.click(`[data-revenue="${BigInt(hash)}"] [data-action="claim"]`);
await expectOk("claim from the revenue page");

// --- organizer and voters: create a round, vote directly and gaslessly, watch live tallies
step("organizer creates a round; voters vote directly and gaslessly");
await as(env.accounts.admin);
await open("#/rounds");
const prompt = "a film about lighthouses";
await page.fill('[data-form="create-round"] input[name=candidates]', `${hash}, ${prompt}`);
await page.fill('[data-form="create-round"] input[name=minutes]', "1");
await page.click('[data-form="create-round"] button[type=submit]');
await expectOk("create round");
const rounds = async () => (await (await fetch(`${env.url}/v1/rounds?chain_id=${chain.chain_id}`)).json()).items;
const round = await until("the new round is indexed", async () =>
  (await rounds()).find((r) => r.organizer === lower(env.accounts.admin) && r.candidates === 2 && r.finalized_block === null),
);
await node("evm_increaseTime", [2]);
await node("evm_mine");
await as(env.accounts.voters[0]);
await open(`#/round/${round.round_id}`);
await page.click('[data-vote="0"]');
await expectOk("direct vote");
await page.waitForFunction(() => document.querySelector('[data-candidate="0"] [data-votes]')?.textContent === "1");
assert.equal(await read(at("VoteTally"), VoteTally, "hasVoted", [BigInt(round.round_id), env.accounts.voters[0]]), true);
await page.waitForSelector('[data-mine="voted"]');

step("a rejected signature changes nothing");
await as(env.accounts.voters[1]);
await page.evaluate(() => window.__wallet.rejectNext());
await page.click('[data-vote-gasless="1"]');
await expectError("rejected signature", /rejected the request/);
assert.equal(await read(at("VoteTally"), VoteTally, "hasVoted", [BigInt(round.round_id), env.accounts.voters[1]]), false);

await page.click('[data-vote-gasless="1"]');
const cast = await expectOk("gasless vote");
assert.match(cast, /cast by the relay/);
await page.waitForFunction(() => document.querySelector('[data-candidate="1"] [data-votes]')?.textContent === "1");
assert.equal(await read(at("VoteTally"), VoteTally, "hasVoted", [BigInt(round.round_id), env.accounts.voters[1]]), true);
await shot("round");

step("the relay refuses a replayed vote, and a second vote by the same voter");
const replayed = await fetch(`${env.config.vote_relay}/v1/votes`, { method: "POST", headers: { "content-type": "application/json" }, body: handedIn.at(-1) });
assert.equal(replayed.status, 409, "the very same signed vote handed in again");
assert.match((await replayed.json()).error, /relayed before/);
await page.click('[data-vote-gasless="0"]');
await expectError("a second gasless vote in the round", /refused.*(AlreadyVoted|Nonce)/);

step("an expired signed vote is refused by the relay");
const expired = await page.evaluate(async ({ relay, vote }) => (await fetch(`${relay}/v1/votes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(vote) })).json(), { relay: env.config.vote_relay, vote: env.expiredVote });
assert.match(expired.error ?? "", /expired/, JSON.stringify(expired));

step("wrong chain is shown plainly and nothing is sent");
await page.evaluate(() => window.__wallet.setChain(1));
await page.waitForSelector("[data-wrong-chain]:not([hidden])");
await page.click('[data-vote="0"]');
await expectError("vote on the wrong chain", /switch the wallet's chain/);
await page.click("[data-switch-chain]");
await page.waitForSelector("[data-wrong-chain][hidden]", { state: "attached" });

step("insufficient balance is refused before anything is sent");
await as(env.accounts.poor);
await open(`#/video/${hash}`);
await page.fill('[data-form="open-campaign"] input[name=deposit]', "1000000000000");
await page.click('[data-form="open-campaign"] button[type=submit]');
await expectError("campaign beyond the balance", /Insufficient/);

// --- latency: a vote mined -> its tally on the page, through the indexer and the live stream
step("latency: mined vote -> tally on the page");
await as(env.accounts.admin);
await open(`#/round/${round.round_id}`);
const samples = [];
for (let i = 0; i < env.latencyVotes; i++) {
  const voter = toHex(BigInt(keccak256(toHex(`tfx-dapp-voter-${i}-${Date.now()}`))) >> 96n, { size: 20 });
  await node("anvil_impersonateAccount", [voter]);
  await node("anvil_setBalance", [voter, "0x56bc75e2d63100000"]);
  const expected = String(2 + i);
  const started = performance.now();
  const tx = await node("eth_sendTransaction", [{ from: voter, to: at("VoteTally"), data: encodeFunctionData({ abi: VoteTally, functionName: "vote", args: [BigInt(round.round_id), 0] }) }]);
  await rpc.waitForTransactionReceipt({ hash: tx, pollingInterval: 20 });
  await page.waitForFunction((n) => document.querySelector('[data-candidate="0"] [data-votes]')?.textContent === n, expected, { polling: "raf", timeout: 30_000 });
  samples.push(performance.now() - started);
}
samples.sort((a, b) => a - b);
const pct = (p) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];

// --- finalize and export
step("finalize and export preferences");
await node("evm_increaseTime", [120]);
await node("evm_mine");
await reload();
await page.click(`[data-action="finalize"]`);
await expectOk("finalize");
await page.waitForSelector("a[download]");
const prefs = await (await fetch(await page.getAttribute("a[download]", "href").then((h) => new URL(h, env.url).href))).text();
assert.ok(prefs.trim().split("\n").every((l) => JSON.parse(l).chosen.candidate_index === 0), prefs);

// --- miner and validators: deposit, propose, approve, execute a slash
step("miner deposits; validators propose, approve and execute a slash");
await as(env.accounts.miner);
await open("#/collateral");
await page.fill('[data-form="deposit"] input[name=amount]', "50");
await page.click('[data-form="deposit"] button[type=submit]');
await expectOk("deposit");
const bonded = (await read(at("MinerCollateral"), MinerCollateral, "bondOf", [env.accounts.miner])).bonded;
assert.ok(bonded > 0n);
await as(env.accounts.validators[0]);
await open("#/collateral");
await page.fill('[data-form="propose-slash"] input[name=miner]', env.accounts.miner);
await page.fill('[data-form="propose-slash"] input[name=amount]', "5");
await page.fill('[data-form="propose-slash"] input[name=evidence]', keccak256(toHex("a non-AI video, frame by frame")));
await page.click('[data-form="propose-slash"] button[type=submit]');
await expectOk("propose slash");
const slash = await until("the slash is indexed", async () => (await api(`/v1/slashes?chain_id=${chain.chain_id}&miner=${lower(env.accounts.miner)}`)).items[0]);
for (const v of env.accounts.validators) {
  await as(v);
  await open("#/collateral");
  const approved = await read(at("MinerCollateral"), MinerCollateral, "hasApproved", [BigInt(slash.slash_id), v]);
  if (approved) continue;
  await page.click(`[data-table="open-slashes"] [data-slash="${slash.slash_id}"] [data-slash-action="approve"]`);
  await expectOk("approve slash");
}
await shot("collateral");
await node("evm_increaseTime", [env.disputeWindow + 1]);
await node("evm_mine");
await reload();
await page.click(`[data-table="open-slashes"] [data-slash="${slash.slash_id}"] [data-slash-action="execute"]`);
await expectOk("execute slash");
const after = await read(at("MinerCollateral"), MinerCollateral, "slashOf", [BigInt(slash.slash_id)]);
assert.equal(Number(after.status), env.executedStatus, `slash executed: ${JSON.stringify(after, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);

assert.deepEqual(consoleErrors, [], "no uncaught error in the page");
await browser.close();
const bundle = readFileSync(new URL("../dist/app.js", import.meta.url));
const { gzipSync } = await import("node:zlib");
const result = { votes: samples.length, tally_visible_p50_ms: Math.round(pct(50)), tally_visible_p99_ms: Math.round(pct(99)), bundle_gzip_bytes: gzipSync(bundle).length };
console.log(`dapp: ${JSON.stringify(result)}`);
if (env.out) writeFileSync(env.out, `${JSON.stringify(result, null, 2)}\n`);

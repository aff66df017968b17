// The page: a header with the chain switcher and the wallet, and one view per hash route.

import { Api, ApiError } from "./api";
import type { App } from "./app";
import { type Config, chainById, loadConfig } from "./config";
import { fill, h } from "./dom";
import { campaignsPage, revenuePage } from "./pages/money";
import { collateralPage } from "./pages/collateral";
import { roundPage, roundsPage } from "./pages/rounds";
import { mintPage, videoPage, videosPage } from "./pages/videos";
import { shortAddress } from "./units";
import { Wallet, describe, discoverWallets } from "./wallet";

const NAV: [string, string][] = [
  ["#/videos", "Videos"],
  ["#/rounds", "Rounds"],
  ["#/mint", "Mint"],
  ["#/campaigns", "My campaigns"],
  ["#/revenue", "My revenue"],
  ["#/collateral", "Collateral"],
];

async function main(): Promise<void> {
  const root = document.getElementById("app")!;
  let config: Config;
  try {
    config = await loadConfig();
  } catch (e) {
    fill(root, h("p", { class: "status error" }, describe(e)));
    return;
  }
  const api = new Api(config.api);
  const saved = Number(localStorage.getItem("tfx.chain"));
  let leave: (() => void)[] = [];
  const app: App = {
    config,
    api,
    chain: chainById(config, saved) ?? config.chains[0],
    wallet: null,
    onLeave: (stop) => leave.push(stop),
    navigate: (hash) => (location.hash = hash),
  };

  const chainSelect = h("select", { "data-chain-select": "", "aria-label": "Chain" }, ...config.chains.map((c) => h("option", { value: c.chain_id, selected: c.chain_id === app.chain.chain_id }, `${c.name} (${c.chain_id})`)));
  const walletBox = h("div", { class: "wallet" });
  const warning = h("div", { class: "warning", "data-wrong-chain": "", hidden: true });
  const view = h("main", { id: "view" });
  fill(
    root,
    h("header", {}, h("strong", { class: "brand" }, "TensorFlix"), h("nav", {}, ...NAV.map(([href, label]) => h("a", { href }, label))), chainSelect, walletBox),
    warning,
    view,
  );

  const showWallet = (wallets: Parameters<Parameters<typeof discoverWallets>[0]>[0]) => {
    if (app.wallet) {
      fill(walletBox, h("span", { "data-account": app.wallet.account.toLowerCase() }, `${app.wallet.name}: ${shortAddress(app.wallet.account)}`));
    } else if (wallets.length === 0) {
      fill(walletBox, h("span", { class: "hint" }, "No wallet found: install one to write; reading works without."));
    } else {
      fill(walletBox, ...wallets.map((w) => h("button", { "data-connect": w.info.rdns || w.info.uuid, onclick: () => connect(w) }, `Connect ${w.info.name}`)));
    }
    const wrong = app.wallet && app.wallet.chainId !== app.chain.chain_id;
    warning.hidden = !wrong;
    if (wrong) {
      fill(warning, `Your wallet is on chain ${app.wallet!.chainId}; this page is on ${app.chain.name} (${app.chain.chain_id}). `, h("button", { "data-switch-chain": "", onclick: () => switchWallet() }, `Switch wallet to ${app.chain.name}`));
    }
  };
  let wallets: Parameters<typeof showWallet>[0] = [];
  const connect = async (w: (typeof wallets)[number]) => {
    try {
      app.wallet = await Wallet.connect(w, () => {
        showWallet(wallets);
        void render();
      });
      showWallet(wallets);
      void render();
    } catch (e) {
      fill(walletBox, h("span", { class: "status error" }, describe(e)));
    }
  };
  const switchWallet = async () => {
    try {
      await app.wallet!.switchTo(app.chain);
      showWallet(wallets);
    } catch (e) {
      fill(warning, h("span", { class: "status error" }, describe(e)));
    }
  };
  discoverWallets((found) => {
    wallets = found;
    showWallet(wallets);
  });
  showWallet(wallets);

  chainSelect.addEventListener("change", () => {
    app.chain = chainById(config, Number(chainSelect.value)) ?? app.chain;
    localStorage.setItem("tfx.chain", String(app.chain.chain_id));
    showWallet(wallets);
    void render();
  });

  const render = async () => {
    leave.forEach((stop) => stop());
    leave = [];
    const [route, id] = location.hash.replace(/^#\//, "").split("/");
    view.dataset.route = route || "videos";
    view.dataset.loaded = "false";
    try {
      app.status = (await api.chains()).find((c) => c.chain_id === app.chain.chain_id);
      switch (route) {
        case "video": await videoPage(app, view, id); break;
        case "mint": mintPage(app, view); break;
        case "rounds": await roundsPage(app, view); break;
        case "round": await roundPage(app, view, id); break;
        case "campaigns": await campaignsPage(app, view); break;
        case "revenue": await revenuePage(app, view); break;
        case "collateral": await collateralPage(app, view); break;
        default: await videosPage(app, view, id);
      }
    } catch (e) {
      fill(view, h("p", { class: "status error", "data-status": "error" }, e instanceof ApiError ? `The indexer API answered ${e.status}: ${e.message}` : describe(e)));
    }
    view.dataset.loaded = "true";
  };
  window.addEventListener("hashchange", () => void render());
  await render();
}

void main();

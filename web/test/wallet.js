// A test EIP-1193 wallet, injected into the page before its scripts run. It is backed by the
// anvil dev accounts (unlocked on the node), so the page's own signing and sending code runs
// unchanged: eth_sendTransaction and eth_signTypedData_v4 go to the chain, which signs with the
// account's key. `window.__wallet` lets the test switch account or chain and reject the next
// signature, as a person would in a real wallet.
(({ chains, account }) => {
  const listeners = {};
  const state = { account, chainId: chains[0].chain_id, rejectNext: false };
  const emit = (event, value) => (listeners[event] || []).forEach((f) => f(value));
  const rpcOf = (id) => chains.find((c) => c.chain_id === id)?.rpc_url;
  const signing = new Set(["eth_sendTransaction", "eth_signTypedData_v4", "personal_sign", "eth_sign"]);
  let id = 0;
  const provider = {
    isTest: true,
    on: (event, f) => (listeners[event] = [...(listeners[event] || []), f]),
    removeListener: (event, f) => (listeners[event] = (listeners[event] || []).filter((g) => g !== f)),
    async request({ method, params = [] }) {
      switch (method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [state.account];
        case "eth_chainId":
          return `0x${state.chainId.toString(16)}`;
        case "wallet_switchEthereumChain": {
          const target = Number(params[0].chainId);
          if (!rpcOf(target)) throw Object.assign(new Error("Unrecognized chain"), { code: 4902 });
          state.chainId = target;
          emit("chainChanged", params[0].chainId);
          return null;
        }
      }
      if (signing.has(method) && state.rejectNext) {
        state.rejectNext = false;
        throw Object.assign(new Error("User rejected the request."), { code: 4001 });
      }
      const response = await fetch(rpcOf(state.chainId) ?? "http://127.0.0.1:1", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
      });
      const body = await response.json();
      if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
      return body.result;
    },
  };
  window.__wallet = {
    setAccount(a) {
      state.account = a;
      emit("accountsChanged", [a]);
    },
    setChain(chainId) {
      state.chainId = chainId;
      emit("chainChanged", `0x${chainId.toString(16)}`);
    },
    rejectNext() {
      state.rejectNext = true;
    },
  };
  const info = { uuid: "9f1d0f7e-tfx-test-wallet", name: "Test Wallet", icon: "data:,", rdns: "xyz.tensorflix.testwallet" };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
});

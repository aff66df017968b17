// A few DOM helpers: the page is small enough that a framework would weigh more than it saves.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

/** `h("button", { class: "primary", onclick: f }, "Vote")`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces `el`'s content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A status line that shows progress, success or a clear error, and is found by tests as `[data-status]`. */
export function status(): HTMLElement & { set(kind: "busy" | "ok" | "error", text: string): void } {
  const el = h("p", { class: "status", "data-status": "idle", role: "status" }) as unknown as HTMLElement & {
    set(kind: "busy" | "ok" | "error", text: string): void;
  };
  el.set = (kind, text) => {
    el.dataset.status = kind;
    el.className = `status ${kind}`;
    el.textContent = text;
  };
  return el;
}

/** A labelled input. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return h("label", {}, h("span", {}, label), input);
}

export function input(name: string, attrs: Attrs = {}): HTMLInputElement {
  return h("input", { name, autocomplete: "off", ...attrs });
}

/** Seconds as `2d 3h`, `4m 05s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400), hr = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${hr}h`;
  if (hr) return `${hr}h ${m}m`;
  return `${m}m ${String(s % 60).padStart(2, "0")}s`;
}

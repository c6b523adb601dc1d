// DOM helpers. Everything that comes from the database or an article is untrusted: it only ever
// becomes text (textContent, attribute values) — never HTML — and links must be http(s).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "href") { const u = safeUrl(v); if (u) el.setAttribute("href", u); }
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// An absolute http(s) URL, or null: no javascript:, data:, vbscript: or relative tricks.
export function safeUrl(value) {
  if (typeof value !== "string" || !value) return null;
  try {
    const u = new URL(value, window.location.href);
    if ((u.protocol === "http:" || u.protocol === "https:") && /^https?:\/\//i.test(value.trim())) return u.href;
    if (value.startsWith("/") && !value.startsWith("//") && u.origin === window.location.origin) return u.href;
  } catch (_) { /* not a URL */ }
  return null;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

export function fmtNum(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en"); }

// JSON over fetch, and the filter state that the URL carries.

export const FILTERS = ["start", "end", "country", "admin1", "event_type", "sub_event_type", "actor", "min_fatalities", "q", "scope"];

export class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

export async function getJSON(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  const url = qs.toString() ? `${path}?${qs}` : path;
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  return parse(r);
}

export async function postJSON(path, body, token) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  return parse(r);
}

async function parse(r) {
  let data = null;
  try { data = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) {
    let detail = data && data.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
    throw new ApiError(r.status, detail ? String(detail) : `HTTP ${r.status}`);
  }
  return data;
}

// Filters from the page URL (only known keys, trimmed).
export function readFilters(search = window.location.search) {
  const p = new URLSearchParams(search);
  const f = {};
  for (const k of FILTERS) { const v = (p.get(k) || "").trim(); if (v) f[k] = v; }
  return f;
}

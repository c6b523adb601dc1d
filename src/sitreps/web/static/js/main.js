// The dashboard: filter bar ⇄ URL, map, timeline, table and the side panel (event view, a marker's
// event list, or the ingest form). Every view reads the same filters; the URL is the state.
import { getJSON, readFilters, FILTERS } from "./api.js";
import { EventMap } from "./map.js";
import { Timeline } from "./timeline.js";
import { EventTable } from "./table.js";
import { loadEvent, renderEvent, renderCell } from "./event.js";
import { renderIngest } from "./ingest.js";
import { h, clear, fmtNum } from "./dom.js";

const $ = (sel) => document.querySelector(sel);
const form = $("#filters");
const side = $("#side");
const status = $("#status");
let config, facets, map, timeline, table;
let state = fromUrl();

function fromUrl() {
  const p = new URLSearchParams(window.location.search);
  return { filters: readFilters(), event: p.get("event") || null, view: p.get("map") || null,
    sort: p.get("sort") || "event_date", dir: p.get("dir") || "desc", offset: Number(p.get("offset")) || 0 };
}

function toUrl(push) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
  if (state.sort !== "event_date") p.set("sort", state.sort);
  if (state.dir !== "desc") p.set("dir", state.dir);
  if (state.offset) p.set("offset", state.offset);
  if (state.event) p.set("event", state.event);
  if (state.view) p.set("map", state.view);
  const url = `${window.location.pathname}${p.toString() ? `?${p}` : ""}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

// --- filter bar ---------------------------------------------------------------------------------

function option(value, label, selected) {
  const o = h("option", { value }, label);
  if (selected) o.selected = true;
  return o;
}

function fillSelect(sel, items, current, allLabel) {
  clear(sel).append(option("", allLabel, !current));
  let found = !current;
  for (const [value, label] of items) { sel.append(option(value, label, value === current)); found ||= value === current; }
  if (!found) sel.append(option(current, `${current} (no events)`, true));
}

async function fillAdmin1() {
  const sel = form.elements.admin1;
  if (!state.filters.country) { fillSelect(sel, [], "", "All (choose a country)"); sel.disabled = true; return; }
  try {
    const f = await getJSON("/api/dashboard/facets", { country: state.filters.country });
    fillSelect(sel, f.admin1.map((a) => [a.admin1, `${a.admin1} (${fmtNum(a.events)})`]), state.filters.admin1 || "", "All");
    sel.disabled = false;
  } catch (err) { say(`Admin1 list: ${err.message}`); }
}

function fillSubTypes() {
  const t = facets.types.find((x) => x.event_type === state.filters.event_type);
  const subs = t ? t.sub_event_types : facets.types.flatMap((x) => x.sub_event_types);
  fillSelect(form.elements.sub_event_type, subs.map((s) => [s.name, s.events ? `${s.name} (${fmtNum(s.events)})` : s.name]),
    state.filters.sub_event_type || "", "All");
}

function fillForm() {
  const f = state.filters;
  fillSelect(form.elements.country, facets.countries.map((c) => [c.iso2, `${c.country || c.iso2} (${fmtNum(c.events)})`]),
    f.country || "", "All");
  fillSelect(form.elements.event_type, facets.types.map((t) => [t.event_type, t.events ? `${t.event_type} (${fmtNum(t.events)})` : t.event_type]),
    f.event_type || "", "All");
  fillSubTypes();
  const dl = $("#actor-list");
  clear(dl).append(...facets.actors.map((a) => h("option", { value: a.name }, `${fmtNum(a.events)} events`)));
  for (const k of ["start", "end", "actor", "min_fatalities", "q", "scope"]) form.elements[k].value = f[k] || "";
}

function readForm() {
  const f = {};
  for (const k of FILTERS) {
    const el = form.elements[k];
    const v = el && !el.disabled ? String(el.value).trim() : "";
    if (v) f[k] = v;
  }
  if (f.q && f.q.length < 2) delete f.q;
  return f;
}

async function applyFilters(filters, { push = true } = {}) {
  const countryChanged = filters.country !== state.filters.country;
  const typeChanged = filters.event_type !== state.filters.event_type;
  state.filters = filters;
  if (countryChanged) { delete state.filters.admin1; await fillAdmin1(); }
  if (typeChanged) {
    const t = facets.types.find((x) => x.event_type === filters.event_type);
    if (t && filters.sub_event_type && !t.sub_event_types.some((s) => s.name === filters.sub_event_type)) delete state.filters.sub_event_type;
    fillSubTypes();
  }
  state.offset = 0;
  table.setState({ offset: 0 });
  toUrl(push);
  if (countryChanged && filters.country) { try { await fitToData(); } catch (_) { /* the views report errors */ } }
  await refreshAll();
}

// Fit the map to the events matching the filters (one coarse cluster query).
async function fitToData() {
  const all = await getJSON("/api/dashboard/clusters", { ...state.filters, zoom: 0 });
  let b = null;
  for (const c of all.clusters) {
    const [w, s, e, n] = c.bounds;
    b = b ? [Math.min(b[0], w), Math.min(b[1], s), Math.max(b[2], e), Math.max(b[3], n)] : [w, s, e, n];
  }
  if (b || !state.view) map.fit(b);
}

async function refreshAll() {
  document.body.dataset.state = "loading";
  await Promise.all([map.setFilters(state.filters), timeline.setFilters(state.filters), table.setFilters(state.filters)]);
  document.body.dataset.state = "ready";
}

function say(msg) { status.textContent = msg; }

// --- side panel ---------------------------------------------------------------------------------

function home() {
  clear(side);
  const parts = [h("h2", { id: "side-title" }, "Explore the events"),
    h("p", {}, "Click a marker, a table row or a cluster to see the event and the sentences it was coded from. " +
      "Drag across the timeline to choose dates. The address bar keeps the filters: copy it to share this view."),
    h("p", { class: "muted" }, `${fmtNum(facets.countries.reduce((a, c) => a + c.events, 0))} located events in ` +
      `${fmtNum(facets.countries.length)} countries.`)];
  const top = [...facets.countries].sort((a, b) => b.events - a.events).slice(0, 12);
  if (top.length) {
    parts.push(h("h3", {}, "Countries"), h("ul", { class: "cell-list" }, top.map((c) => h("li", {},
      h("button", { type: "button", class: "link", onclick: () => { form.elements.country.value = c.iso2; applyFilters({ ...state.filters, country: c.iso2 }); } },
        `${c.country || c.iso2}: ${fmtNum(c.events)} event${c.events === 1 ? "" : "s"}`)))));
  }
  if (config.write_enabled) parts.push(h("button", { type: "button", onclick: () => openIngest(true) }, "Add an article…"));
  else parts.push(h("p", { class: "muted" }, "Adding articles is disabled on this server (no SITREPS_TOKEN)."));
  side.append(...parts);
  side.dataset.view = "home";
}

async function openEvent(id, { push = true, focus = true } = {}) {
  state.event = id;
  toUrl(push);
  side.dataset.view = "loading";
  try {
    const e = await loadEvent(id);
    if (state.event !== id) return;
    clear(side).append(renderEvent(e, { onClose: closePanel }));
    side.dataset.view = "event";
    side.scrollTop = 0;
    if (focus) $("#event-title").focus();
  } catch (err) {
    clear(side).append(h("p", { role: "alert" }, `Event ${id}: ${err.message}`));
    side.dataset.view = "error";
  }
}

async function openCell(cell) {
  try {
    const el = await renderCell(cell, state.filters, { onOpen: (id) => openEvent(id), onClose: closePanel });
    clear(side).append(el);
    side.dataset.view = "cell";
    $("#cell-title").focus();
  } catch (err) { say(`Events here: ${err.message}`); }
}

function openIngest(focus) {
  clear(side).append(renderIngest({
    onOpen: (id) => openEvent(id),
    onClose: closePanel,
    onStored: async () => { facets = await getJSON("/api/dashboard/facets"); fillForm(); await refreshAll(); },
  }));
  side.dataset.view = "ingest";
  if (focus) $("#ingest-title").focus();
}

function closePanel() {
  const had = state.event;
  state.event = null;
  if (had) toUrl(true);
  home();
}

// --- start ---------------------------------------------------------------------------------------

async function boot() {
  [config, facets] = await Promise.all([getJSON("/api/dashboard/config"), getJSON("/api/dashboard/facets")]);
  fillForm();
  await fillAdmin1();
  table = new EventTable($("#events-table"), $("#pager"), {
    onOpen: (id) => openEvent(id),
    onSort: ({ sort, dir, offset }) => { Object.assign(state, { sort, dir, offset }); toUrl(false); },
  });
  table.setState(state);
  timeline = new Timeline($("#timeline"), {
    legend: $("#legend"), caption: $("#timeline-caption"),
    onRange: (start, end) => {
      form.elements.start.value = start;
      form.elements.end.value = end;
      applyFilters({ ...state.filters, start, end });
    },
  });
  map = new EventMap($("#map"), {
    config,
    onEvent: (id) => openEvent(id),
    onCell: (c) => openCell(c),
    onView: (v) => { state.view = v; toUrl(false); },
    status: (msg) => { $("#map-status").textContent = msg; },
  });
  map.filters = { ...state.filters };
  if (!map.setView(state.view)) await fitToData();
  await refreshAll();
  if (state.event) await openEvent(state.event, { push: false, focus: false });
  else home();

  form.addEventListener("submit", (ev) => { ev.preventDefault(); applyFilters(readForm()); });
  form.addEventListener("change", (ev) => {
    if (ev.target.name === "q" || ev.target.name === "actor") return;  // applied on Enter or blur (below)
    applyFilters(readForm());
  });
  for (const k of ["q", "actor"]) {
    form.elements[k].addEventListener("change", () => applyFilters(readForm()));
  }
  $("#reset").addEventListener("click", () => {
    form.reset();
    for (const k of ["start", "end", "actor", "min_fatalities", "q"]) form.elements[k].value = "";
    applyFilters({});
  });
  $("#clear-dates").addEventListener("click", () => {
    const f = { ...state.filters }; delete f.start; delete f.end;
    form.elements.start.value = ""; form.elements.end.value = "";
    applyFilters(f);
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && side.dataset.view !== "home" && !ev.target.closest("input, textarea, select")) closePanel();
  });
  window.addEventListener("popstate", async () => {
    const prev = state;
    state = fromUrl();
    fillForm();
    if (prev.filters.country !== state.filters.country) await fillAdmin1();
    else form.elements.admin1.value = state.filters.admin1 || "";
    table.setState(state);
    if (state.view && state.view !== prev.view) map.setView(state.view);
    await refreshAll();
    if (state.event) await openEvent(state.event, { push: false });
    else home();
  });
  document.documentElement.dataset.ready = "1";
}

boot().catch((err) => { say(`The dashboard could not start: ${err.message}`); document.documentElement.dataset.ready = "error"; });

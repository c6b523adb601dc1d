// The event view: reconciled fields, conflicts between sources, and every report's sentence with
// the trigger, actors, place, date and numbers marked. Article text is untrusted: text nodes only.
import { getJSON } from "./api.js";
import { colorOf } from "./colors.js";
import { h, fmtNum } from "./dom.js";

const PRECISION_TIME = { 1: "day", 2: "week", 3: "month" };
const PRECISION_GEO = { 1: "town", 2: "near a town", 3: "region" };
const SCOPES = { incident: "one incident", aggregate: "a summary of many events", statement: "an event condemned in a statement" };
const ROLE_LABEL = { trigger: "trigger", actor1: "actor 1", actor2: "actor 2", assoc_actor_1: "associated actor 1",
  assoc_actor_2: "associated actor 2", place: "place", date: "date", number: "number" };

export async function loadEvent(id) { return getJSON(`/events/${encodeURIComponent(id)}`); }

// Spans inside the evidence text: API offsets are into the article body; the evidence starts at
// evidence.start. A span whose text does not match its offsets is looked up by text instead.
export function evidenceSpans(m) {
  const text = m.evidence ? m.evidence.text || "" : "";
  const base = m.evidence ? m.evidence.start || 0 : 0;
  const out = [];
  const add = (span, role, kind) => {
    if (!span || !span.text) return;
    let s = span.start != null ? span.start - base : -1;
    if (s < 0 || text.slice(s, s + span.text.length) !== span.text) s = text.indexOf(span.text);
    if (s < 0) return;
    out.push({ start: s, end: s + span.text.length, role, kind });
  };
  const find = (needle, role) => {
    if (!needle) return false;
    const s = text.toLowerCase().indexOf(String(needle).toLowerCase());
    if (s >= 0) out.push({ start: s, end: s + String(needle).length, role, kind: role });
    return s >= 0;
  };
  add(m.trigger, "trigger", "trigger");
  for (const a of m.actors || []) add(a.span, a.role, "actor");
  if (m.place) add(m.place.span, "place", "place");
  if (m.date) find(m.date.expression, "date");
  if (!find(m.fatalities_text, "number") && m.fatalities_text) {
    // "at least 5 members" is a paraphrase: mark the figure itself
    const fig = /\d+(?:[.,]\d+)*/.exec(m.fatalities_text);
    const re = fig ? new RegExp(`(?<![\\d])${fig[0].replace(/[.]/g, "\\.")}(?![\\d])`) : null;
    const hit = re ? re.exec(text) : null;
    if (hit) out.push({ start: hit.index, end: hit.index + hit[0].length, role: "number", kind: "number" });
  }
  return nest(out);
}

// Spans as a tree: a span inside another (a figure inside an actor phrase) nests; one that
// straddles a boundary is dropped.
function nest(spans) {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const root = { start: 0, end: Infinity, children: [] };
  const stack = [root];
  for (const s of spans) {
    while (stack.length > 1 && s.start >= stack[stack.length - 1].end) stack.pop();
    const parent = stack[stack.length - 1];
    const last = parent.children[parent.children.length - 1];
    if (s.end > parent.end || (last && s.start < last.end)) continue;
    const node = { ...s, children: [] };
    parent.children.push(node);
    stack.push(node);
  }
  return root.children;
}

function renderSpans(el, text, from, to, spans) {
  let at = from;
  for (const s of spans) {
    if (s.start > at) el.append(text.slice(at, s.start));
    const mark = h("mark", { class: `hl hl-${s.kind}`, dataset: { role: s.role }, title: ROLE_LABEL[s.role] || s.role });
    renderSpans(mark, text, s.start, s.end, s.children);
    el.append(mark);
    at = s.end;
  }
  if (at < to) el.append(text.slice(at, to));
}

export function highlighted(m) {
  const text = m.evidence ? m.evidence.text || "" : "";
  const q = h("blockquote", { class: "evidence" });
  renderSpans(q, text, 0, text.length, evidenceSpans(m));
  return q;
}

function row(dl, term, ...value) {
  const vals = value.flat().filter((v) => v !== null && v !== undefined && v !== "");
  if (!vals.length) return;
  dl.append(h("dt", {}, term), h("dd", {}, ...vals));
}

function actorLine(name, assoc) {
  if (!name && !assoc) return null;
  return [name || "—", assoc ? ` (with ${assoc})` : ""];
}

function articleBlock(a) {
  if (!a) return h("p", { class: "muted" }, "Article unknown");
  const title = a.title || "(untitled article)";
  const link = a.url ? h("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank" }, title) : null;
  const head = h("h4", { class: "article-title" }, link && link.hasAttribute("href") ? link : title);
  const meta = [a.publisher, a.original_source && a.original_source !== a.publisher ? `original: ${a.original_source}` : null,
    a.published].filter(Boolean).join(" · ");
  const urlText = a.url && !(link && link.hasAttribute("href")) ? h("p", { class: "muted" }, `Link not shown (not http/https): ${a.url}`) : null;
  return h("div", { class: "article" }, head, meta ? h("p", { class: "muted" }, meta) : null, urlText);
}

export function renderEvent(e, { onClose }) {
  const title = `${e.sub_event_type || e.event_type || "Event"} — ${e.location || "unknown place"}`;
  const sw = h("span", { class: "swatch", "aria-hidden": "true" });
  sw.style.background = colorOf(e.event_type || "Other");
  const dl = h("dl", { class: "fields" });
  const prov = e.provenance || {};
  const src = (k) => (prov[k] !== undefined && e.mentions && e.mentions.length > 1 ? h("span", { class: "prov" }, ` (report ${prov[k] + 1})`) : null);
  row(dl, "Date", e.event_date || "undated", e.time_precision ? ` (precision: ${PRECISION_TIME[e.time_precision] || e.time_precision})` : "", src("date"));
  row(dl, "Type", e.event_type || "—", e.sub_event_type ? ` / ${e.sub_event_type}` : "", src("sub_event_type"));
  row(dl, "Disorder", e.disorder_type);
  row(dl, "Reported as", SCOPES[e.scope] || e.scope);
  row(dl, "PLOVER", e.plover, e.plover_mode ? ` (${e.plover_mode})` : "");
  row(dl, "Actor 1", actorLine(e.actor1, e.assoc_actor_1), src("actor1"));
  row(dl, "Actor 2", actorLine(e.actor2, e.assoc_actor_2), src("actor2"));
  row(dl, "Place", [e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(", "),
    e.geo_precision ? ` (precision: ${PRECISION_GEO[e.geo_precision] || e.geo_precision})` : "", src("place"));
  if (e.latitude != null) row(dl, "Coordinates", `${e.latitude}, ${e.longitude}`);
  row(dl, "Fatalities", e.fatalities == null ? "not reported" : fmtNum(e.fatalities), src("fatalities"));
  row(dl, "Attribution", e.attribution || "none stated", src("attribution"));
  row(dl, "Modality", e.modality);
  row(dl, "Reports", `${e.n_reports} independent, ${e.n_articles} article${e.n_articles === 1 ? "" : "s"}, ${e.n_mentions} sentence${e.n_mentions === 1 ? "" : "s"}`);
  row(dl, "Sources", (e.sources || []).join("; "));
  const conflicts = Object.entries(e.conflicts || {});
  const conflictBox = conflicts.length
    ? h("div", { class: "conflicts", role: "note" }, h("h3", {}, "Sources disagree"),
      h("ul", {}, conflicts.map(([k, v]) => h("li", {}, `${k}: ${(Array.isArray(v) ? v : [v]).join(" vs ")}`))))
    : h("p", { class: "muted" }, "No conflicts between sources.");
  const legend = h("p", { class: "hl-legend" }, "Marked: ",
    ["trigger", "actor", "place", "date", "number"].map((k) => [h("mark", { class: `hl hl-${k}` }, k), " "]));
  const mentions = h("ol", { class: "mentions" }, (e.mentions || []).map((m, i) => {
    const facts = h("dl", { class: "facts" });
    row(facts, "Trigger", m.trigger ? m.trigger.text : null, m.event_type ? ` → ${m.sub_event_type || m.event_type}` : "");
    row(facts, "Actors", (m.actors || []).map((a) => `${ROLE_LABEL[a.role] || a.role}: ${a.name}${a.known ? "" : " (described)"}`).join("; "));
    if (m.place) row(facts, "Place", `${m.place.qualifier ? `${m.place.qualifier} ` : ""}${m.place.name}`, m.place.admin1 ? `, ${m.place.admin1}` : "");
    if (m.date) row(facts, "Date", m.date.date || "—", m.date.expression ? ` (“${m.date.expression}”)` : "", m.date.from_publication ? " (from the publication date)" : "");
    row(facts, "Numbers", [m.fatalities != null ? `${m.fatalities} killed` : null, m.injuries != null ? `${m.injuries} injured` : null,
      m.arrested != null ? `${m.arrested} arrested` : null].filter(Boolean).join(", "));
    row(facts, "Modality", m.modality, m.counted ? "" : " (not counted)");
    row(facts, "Attribution", m.attribution);
    return h("li", { class: "mention", dataset: { mentionId: m.id } },
      h("h3", { class: "report-n" }, `Report sentence ${i + 1}`), articleBlock(m.article), highlighted(m), facts);
  }));
  return h("article", { class: "event-view", "aria-labelledby": "event-title", dataset: { eventId: e.id } },
    h("div", { class: "panel-head" },
      h("h2", { id: "event-title", tabindex: "-1" }, sw, title),
      h("button", { type: "button", class: "close", onclick: onClose, "aria-label": "Close the event view" }, "×")),
    e.notes ? h("p", { class: "notes" }, e.notes) : null,
    dl, conflictBox, h("h3", {}, "Reports"), legend, mentions);
}

// A list of the events behind one map marker (several events at one point).
export async function renderCell(cell, filters, { onOpen, onClose }) {
  const [w, s, e, n] = cell.bounds;
  const eps = 1e-4;
  const bbox = [w - eps, s - eps, e + eps, n + eps].map((x) => x.toFixed(5)).join(",");
  const data = await getJSON("/events", { ...filters, bbox, limit: 200 });
  const title = `${fmtNum(cell.count)} events ${cell.location ? `at ${cell.location}` : "here"}`;
  return h("section", { class: "cell-view", "aria-labelledby": "cell-title" },
    h("div", { class: "panel-head" }, h("h2", { id: "cell-title", tabindex: "-1" }, title),
      h("button", { type: "button", class: "close", onclick: onClose, "aria-label": "Close the list" }, "×")),
    h("ul", { class: "cell-list" }, data.events.map((ev) => {
      const sw = h("span", { class: "swatch", "aria-hidden": "true" });
      sw.style.background = colorOf(ev.event_type || "Other");
      return h("li", {}, h("button", { type: "button", class: "link", dataset: { eventId: ev.id }, onclick: () => onOpen(ev.id) },
        sw, `${ev.event_date || "undated"} · ${ev.sub_event_type || ev.event_type || "event"} · ${ev.location || ""}` +
        (ev.fatalities ? ` · ${ev.fatalities} fatalities` : "")));
    })),
    data.next ? h("p", { class: "muted" }, "More events here: zoom the timeline or add filters.") : null);
}

// Ingest one article from the browser: POST /articles with the bearer token, then show the events
// coded from it. The token stays in this tab (sessionStorage), never in the URL.
import { postJSON, getJSON } from "./api.js";
import { colorOf } from "./colors.js";
import { h, clear } from "./dom.js";

let uid = 0;
function field(label, input, hint) {
  const id = `ingest-${++uid}`;
  input.id = id;
  const hintEl = hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hintEl);
}

export function renderIngest({ onOpen, onStored, onClose }) {
  const text = h("textarea", { name: "text", rows: 8 });
  const url = h("input", { name: "url", type: "url", placeholder: "https://…" });
  const title = h("input", { name: "title", type: "text", maxlength: 1000 });
  const published = h("input", { name: "published", type: "date" });
  const country = h("input", { name: "country", type: "text", maxlength: 100 });
  const token = h("input", { name: "token", type: "password", autocomplete: "off", required: true });
  token.value = sessionStorage.getItem("sitreps-token") || "";
  const status = h("p", { class: "ingest-status", role: "status", "aria-live": "polite" });
  const results = h("ul", { class: "cell-list ingest-results" });
  const submit = h("button", { type: "submit" }, "Code and store");
  const form = h("form", { class: "ingest-form", novalidate: true },
    field("Article text (HTML, Markdown or plain text)", text, "Paste the article, or give a URL below instead."),
    field("…or its URL", url),
    field("Title (optional)", title),
    field("Published (optional)", published, "Relative dates (“on Sunday”) are resolved against it."),
    field("Country focus (optional)", country),
    field("Write token", token, "The server's SITREPS_TOKEN; kept in this tab only."),
    submit, status, results);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clear(results);
    const body = {};
    if (text.value.trim() && url.value.trim()) { status.textContent = "Give either the text or a URL, not both."; return; }
    if (text.value.trim()) body.text = text.value;
    else if (url.value.trim()) body.url = url.value.trim();
    else { status.textContent = "Paste the article text or give its URL."; text.focus(); return; }
    if (!token.value) { status.textContent = "The write token is needed."; token.focus(); return; }
    if (title.value.trim()) body.title = title.value.trim();
    if (published.value) body.published = published.value;
    if (country.value.trim()) body.country = country.value.trim();
    sessionStorage.setItem("sitreps-token", token.value);
    submit.disabled = true;
    status.textContent = "Coding the article…";
    try {
      const out = await postJSON("/articles", body, token.value);
      const n = out.event_ids.length;
      status.textContent = `${out.status === "duplicate" ? "Already stored" : "Stored"}: ${n} event${n === 1 ? "" : "s"} coded.`;
      form.dataset.articleId = out.article_id;
      for (const id of out.event_ids) {
        const e = await getJSON(`/events/${encodeURIComponent(id)}`);
        const sw = h("span", { class: "swatch", "aria-hidden": "true" });
        sw.style.background = colorOf(e.event_type || "Other");
        results.append(h("li", {}, h("button", { type: "button", class: "link", dataset: { eventId: id }, onclick: () => onOpen(id) },
          sw, `${e.event_date || "undated"} · ${e.sub_event_type || e.event_type || "event"} · ${e.location || "no place"}` +
          (e.fatalities ? ` · ${e.fatalities} fatalities` : ""))));
      }
      onStored(out);
    } catch (err) {
      status.textContent = err.status === 401 ? "Wrong token (401)." : `Not stored: ${err.message}`;
    } finally {
      submit.disabled = false;
    }
  });
  return h("section", { class: "ingest-view", "aria-labelledby": "ingest-title" },
    h("div", { class: "panel-head" }, h("h2", { id: "ingest-title", tabindex: "-1" }, "Add an article"),
      h("button", { type: "button", class: "close", onclick: onClose, "aria-label": "Close the form" }, "×")),
    form);
}

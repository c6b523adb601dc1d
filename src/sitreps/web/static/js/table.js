// The event table: server-sorted, paged, one row per event; a row opens the event view.
import { getJSON } from "./api.js";
import { colorOf } from "./colors.js";
import { h, clear, fmtNum } from "./dom.js";

const COLUMNS = [
  ["event_date", "Date"], ["event_type", "Type"], ["sub_event_type", "Sub-event type"], ["actor1", "Actor 1"],
  ["actor2", "Actor 2"], ["location", "Location"], ["admin1", "Admin1"], ["country", "Country"],
  ["fatalities", "Fatalities"], ["n_reports", "Reports"],
];
const NUMERIC = new Set(["fatalities", "n_reports"]);

export class EventTable {
  constructor(table, pager, { onOpen, onSort, pageSize = 25 }) {
    this.table = table;
    this.pager = pager;
    this.onOpen = onOpen;
    this.onSort = onSort;
    this.pageSize = pageSize;
    this.seq = 0;
    this.sort = "event_date";
    this.dir = "desc";
    this.offset = 0;
    this.thead = table.createTHead();
    this.tbody = table.createTBody();
    const tr = this.thead.insertRow();
    for (const [key, label] of COLUMNS) {
      const btn = h("button", { type: "button", class: "sort", dataset: { sort: key },
        onclick: () => this.toggle(key) }, label, h("span", { class: "sort-ind", "aria-hidden": "true" }));
      tr.append(h("th", { scope: "col", dataset: { col: key }, class: NUMERIC.has(key) ? "num" : null }, btn));
    }
  }

  setState({ sort, dir, offset }) {
    if (sort) this.sort = sort;
    if (dir) this.dir = dir;
    this.offset = Math.max(0, Number(offset) || 0);
  }

  toggle(key) {
    if (this.sort === key) this.dir = this.dir === "asc" ? "desc" : "asc";
    else { this.sort = key; this.dir = key === "event_date" || NUMERIC.has(key) ? "desc" : "asc"; }
    this.offset = 0;
    this.onSort({ sort: this.sort, dir: this.dir, offset: 0 });
    this.refresh();
  }

  async setFilters(filters) { this.filters = { ...filters }; await this.refresh(); }

  async refresh() {
    const seq = ++this.seq;
    this.table.dataset.state = "loading";
    this.table.setAttribute("aria-busy", "true");
    try {
      const data = await getJSON("/api/dashboard/table", { ...this.filters, sort: this.sort, dir: this.dir,
        limit: this.pageSize, offset: this.offset });
      if (seq !== this.seq) return;
      this.draw(data);
    } catch (err) {
      if (seq !== this.seq) return;
      clear(this.tbody).append(h("tr", {}, h("td", { colspan: COLUMNS.length }, `Could not load events: ${err.message}`)));
    } finally {
      if (seq === this.seq) { this.table.dataset.state = "ready"; this.table.setAttribute("aria-busy", "false"); }
    }
  }

  draw(data) {
    for (const th of this.thead.querySelectorAll("th")) {
      const key = th.dataset.col;
      if (key === this.sort) th.setAttribute("aria-sort", this.dir === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      th.querySelector(".sort-ind").textContent = key === this.sort ? (this.dir === "asc" ? " ▲" : " ▼") : "";
    }
    clear(this.tbody);
    if (!data.events.length) {
      this.tbody.append(h("tr", {}, h("td", { colspan: COLUMNS.length, class: "empty" }, "No events match the filters.")));
    }
    for (const e of data.events) {
      const open = h("button", { type: "button", class: "link", onclick: () => this.onOpen(e.id),
        "aria-label": `Open event: ${e.sub_event_type || e.event_type || "event"} at ${e.location || "unknown place"} on ${e.event_date || "unknown date"}` },
        e.event_date || "undated");
      const sw = h("span", { class: "swatch", "aria-hidden": "true" });
      sw.style.background = colorOf(e.event_type || "Other");
      const tr = h("tr", { dataset: { eventId: e.id, type: e.event_type || "" } },
        h("td", {}, open),
        h("td", {}, sw, e.event_type || "—"),
        h("td", {}, e.sub_event_type || "—"),
        h("td", {}, e.actor1 || ""),
        h("td", {}, e.actor2 || ""),
        h("td", {}, e.location || ""),
        h("td", {}, e.admin1 || ""),
        h("td", {}, e.country || ""),
        h("td", { class: "num" }, e.fatalities ?? ""),
        h("td", { class: "num" }, e.n_reports ?? ""));
      tr.addEventListener("click", (ev) => { if (!ev.target.closest("button")) this.onOpen(e.id); });
      this.tbody.append(tr);
    }
    this.table.dataset.total = data.total;
    const from = data.total ? data.offset + 1 : 0, to = data.offset + data.events.length;
    const prev = h("button", { type: "button", disabled: data.offset === 0,
      onclick: () => this.go(Math.max(0, data.offset - this.pageSize)) }, "← Previous");
    const next = h("button", { type: "button", disabled: to >= data.total,
      onclick: () => this.go(data.offset + this.pageSize) }, "Next →");
    clear(this.pager).append(prev, h("span", { class: "count", "aria-live": "polite" },
      `${fmtNum(from)}–${fmtNum(to)} of ${fmtNum(data.total)} events`), next);
  }

  go(offset) {
    this.offset = offset;
    this.onSort({ sort: this.sort, dir: this.dir, offset });
    this.refresh();
  }
}

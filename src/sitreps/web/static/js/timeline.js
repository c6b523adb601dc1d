// Stacked bars of events per day/week/month and type; drag across the bars (or click one) to set
// the date range of every other view. The timeline itself always shows the whole span.
import { getJSON } from "./api.js";
import { colorOf } from "./colors.js";
import { svg, h, clear, fmtNum } from "./dom.js";

const DAY = 86400000;
const toMs = (iso) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms) => new Date(ms).toISOString().slice(0, 10);

export class Timeline {
  constructor(root, { onRange, legend, caption }) {
    this.root = root;
    this.onRange = onRange;
    this.legend = legend;
    this.caption = caption;
    this.data = null;
    this.seq = 0;
    this.drag = null;
    root.addEventListener("pointerdown", (e) => this.down(e));
    root.addEventListener("pointermove", (e) => this.move(e));
    root.addEventListener("pointerup", (e) => this.up(e));
    root.addEventListener("pointercancel", () => { this.drag = null; this.drawBrush(); });
    new ResizeObserver(() => this.data && this.draw()).observe(root);
  }

  async setFilters(filters) {
    const seq = ++this.seq;
    this.root.dataset.state = "loading";
    try {
      const data = await getJSON("/api/dashboard/timeline", filters);
      if (seq !== this.seq) return;
      this.data = data;
      this.draw();
    } catch (err) {
      if (seq === this.seq) this.caption.textContent = `Timeline: ${err.message}`;
    } finally {
      if (seq === this.seq) this.root.dataset.state = "ready";
    }
  }

  geometry() {
    const width = Math.max(300, this.root.clientWidth || 800);
    const height = 130, left = 36, right = 10, top = 8, bottom = 22;
    const lo = toMs(this.data.min), hi = toMs(this.data.max) + DAY;
    const x = (ms) => left + ((ms - lo) / Math.max(DAY, hi - lo)) * (width - left - right);
    const inv = (px) => lo + ((px - left) / (width - left - right)) * (hi - lo);
    return { width, height, left, right, top, bottom, lo, hi, x, inv };
  }

  draw() {
    const d = this.data;
    clear(this.root);
    clear(this.legend);
    if (!d.buckets.length) {
      this.root.setAttribute("viewBox", "0 0 300 40");
      this.root.append(svg("text", { x: 10, y: 24, class: "tl-empty" }, "No dated events match the filters."));
      this.caption.textContent = "No dated events.";
      return;
    }
    const g = this.geometry();
    this.g = g;
    this.root.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
    this.root.setAttribute("width", g.width);
    this.root.setAttribute("height", g.height);
    const max = Math.max(...d.buckets.map((b) => b.total));
    const y = (n) => g.height - g.bottom - (n / max) * (g.height - g.top - g.bottom);
    // axis: baseline, max label, a few date ticks
    this.root.append(
      svg("line", { x1: g.left, x2: g.width - g.right, y1: g.height - g.bottom, y2: g.height - g.bottom, class: "tl-axis" }),
      svg("text", { x: g.left - 4, y: g.top + 8, class: "tl-tick", "text-anchor": "end" }, fmtNum(max)),
      svg("text", { x: g.left - 4, y: g.height - g.bottom, class: "tl-tick", "text-anchor": "end" }, "0"),
    );
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const ms = g.lo + ((g.hi - g.lo - DAY) * i) / ticks;
      this.root.append(svg("text", { x: g.x(ms), y: g.height - 6, class: "tl-tick", "text-anchor": i === 0 ? "start" : i === ticks ? "end" : "middle" }, toIso(ms)));
    }
    const bars = svg("g", { class: "tl-bars" });
    for (const b of d.buckets) {
      const x0 = g.x(toMs(b.start)), x1 = g.x(toMs(b.end) + DAY);
      const w = Math.max(2, x1 - x0 - 1);
      const grp = svg("g", { class: "tl-bar", dataset: { start: b.start, end: b.end, count: b.total } },
        svg("title", {}, `${b.start === b.end ? b.start : `${b.start} – ${b.end}`}: ${b.total} event${b.total === 1 ? "" : "s"}\n` +
          Object.entries(b.counts).map(([t, n]) => `${t}: ${n}`).join("\n")));
      let acc = 0;
      for (const t of d.types) {
        const n = b.counts[t];
        if (!n) continue;
        grp.append(svg("rect", { x: x0, width: w, y: y(acc + n), height: Math.max(1, y(acc) - y(acc + n)), fill: colorOf(t), dataset: { type: t } }));
        acc += n;
      }
      bars.append(grp);
    }
    this.root.append(bars);
    this.brush = svg("rect", { class: "tl-brush", y: g.top - 4, height: g.height - g.top - g.bottom + 4, x: 0, width: 0 });
    this.root.append(this.brush);
    this.drawBrush();
    for (const t of d.types) this.legend.append(h("li", {}, h("span", { class: "swatch", "aria-hidden": "true", style: null }), t));
    [...this.legend.querySelectorAll(".swatch")].forEach((s, i) => { s.style.background = colorOf(d.types[i]); });
    const total = d.buckets.reduce((a, b) => a + b.total, 0);
    this.caption.textContent = `${fmtNum(total)} dated events per ${d.bucket}, ${d.min} to ${d.max}` +
      (d.undated ? ` (${fmtNum(d.undated)} undated not shown)` : "") + ". Drag across the bars to filter by date.";
    this.root.setAttribute("aria-label", `Timeline: ${this.caption.textContent}`);
  }

  drawBrush() {
    if (!this.brush || !this.g) return;
    const g = this.g;
    let a, b;
    if (this.drag) { a = Math.min(this.drag.x0, this.drag.x1); b = Math.max(this.drag.x0, this.drag.x1); }
    else {
      const [s, e] = this.data.selected;
      if (!s && !e) { this.brush.setAttribute("width", 0); this.brush.removeAttribute("data-active"); return; }
      a = s ? g.x(toMs(s)) : g.left;
      b = e ? g.x(toMs(e) + DAY) : g.width - g.right;
      a = Math.max(g.left, a); b = Math.min(g.width - g.right, b);
    }
    this.brush.setAttribute("x", a);
    this.brush.setAttribute("width", Math.max(0, b - a));
    this.brush.dataset.active = "1";
  }

  px(e) {
    const r = this.root.getBoundingClientRect();
    return ((e.clientX - r.left) / r.width) * this.g.width;
  }

  down(e) {
    if (!this.g || e.button !== 0) return;
    this.root.setPointerCapture(e.pointerId);
    const x = this.px(e);
    this.drag = { x0: x, x1: x };
    this.drawBrush();
  }

  move(e) {
    if (!this.drag) return;
    this.drag.x1 = Math.max(this.g.left, Math.min(this.g.width - this.g.right, this.px(e)));
    this.drawBrush();
  }

  up(e) {
    if (!this.drag) return;
    const { x0, x1 } = this.drag;
    this.drag = null;
    const g = this.g;
    if (Math.abs(x1 - x0) < 3) {  // a click: that bar's bucket
      const bar = e.target.closest && e.target.closest(".tl-bar");
      if (bar) this.onRange(bar.dataset.start, bar.dataset.end);
      else this.drawBrush();
      return;
    }
    const a = g.inv(Math.min(x0, x1)), b = g.inv(Math.max(x0, x1));
    const start = toIso(Math.floor(a / DAY) * DAY);
    const end = toIso(Math.max(Math.floor(a / DAY) * DAY, Math.ceil(b / DAY) * DAY - DAY));
    this.onRange(start, end);
  }
}

// The map: country outlines from the package (no tiles unless SITREPS_TILE_URL is set) and one
// marker per grid cell from /api/dashboard/clusters, so the DOM holds at most a few hundred markers.
import { getJSON } from "./api.js";
import { colorOf, TYPE_ORDER } from "./colors.js";
import { h, fmtNum } from "./dom.js";

const L = window.L;

export class EventMap {
  constructor(el, { config, onEvent, onCell, onView, status }) {
    this.onEvent = onEvent;
    this.onCell = onCell;
    this.onView = onView;
    this.status = status;
    this.filters = {};
    this.seq = 0;
    this.map = L.map(el, { minZoom: 1, maxZoom: 13, worldCopyJump: false, zoomSnap: 1, keyboard: true,
      maxBounds: [[-85, -200], [85, 200]], maxBoundsViscosity: 0.8 });
    this.map.attributionControl.setPrefix(false);
    this.map.getContainer().setAttribute("aria-label", "Map of events: use the arrow keys to pan, + and - to zoom, Tab to reach the markers");
    const renderer = L.canvas({ padding: 0.2 });
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { attribution: config.tile_attribution || "", maxZoom: 18 }).addTo(this.map);
    }
    this.outlines = L.layerGroup().addTo(this.map);
    this.markers = L.layerGroup().addTo(this.map);
    this.outlinesReady = getJSON("/static/world.geojson").then((fc) => {
      L.geoJSON(fc, {
        renderer, interactive: false,
        style: { color: "#7d8a99", weight: 0.8, fillColor: config.tile_url ? "transparent" : "#f4f1ea", fillOpacity: config.tile_url ? 0 : 1 },
      }).addTo(this.outlines);
      this.map.attributionControl.addAttribution("Outlines: Natural Earth");
    }).catch(() => { this.map.attributionControl.addAttribution("Country outlines unavailable"); });
    this.map.on("moveend", () => { this.onView(this.view()); this.refresh(); });
  }

  view() {
    const c = this.map.getCenter();
    return `${this.map.getZoom()}/${c.lat.toFixed(3)}/${c.lng.toFixed(3)}`;
  }

  setView(v) {
    const m = /^(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(v || "");
    if (!m) return false;
    this.map.setView([+m[2], +m[3]], +m[1], { animate: false });
    return true;
  }

  fit(bounds) {
    if (!bounds) { this.map.setView([20, 20], 2, { animate: false }); return; }
    const [w, s, e, n] = bounds;
    this.map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: 7, animate: false });
  }

  bbox() {
    const b = this.map.getBounds().pad(0.25);
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const w = clamp(b.getWest(), -180, 180), e = clamp(b.getEast(), -180, 180);
    const s = clamp(b.getSouth(), -90, 90), n = clamp(b.getNorth(), -90, 90);
    return [w, s, e, n].map((x) => x.toFixed(4)).join(",");
  }

  async setFilters(filters) { this.filters = { ...filters }; await this.refresh(); }

  async refresh() {
    const seq = ++this.seq;
    const el = this.map.getContainer();
    el.setAttribute("aria-busy", "true");
    el.dataset.state = "loading";
    try {
      const data = await getJSON("/api/dashboard/clusters", { ...this.filters, bbox: this.bbox(), zoom: this.map.getZoom() });
      if (seq !== this.seq) return;
      this.draw(data);
      const shown = data.events, n = data.clusters.length;
      this.status(`${fmtNum(shown)} event${shown === 1 ? "" : "s"} in view in ${fmtNum(n)} marker${n === 1 ? "" : "s"}` +
        (data.unlocated ? `; ${fmtNum(data.unlocated)} without coordinates` : ""));
    } catch (err) {
      if (seq !== this.seq) return;
      this.markers.clearLayers();
      this.status(`Map: ${err.message}`);
    } finally {
      if (seq === this.seq) { el.setAttribute("aria-busy", "false"); el.dataset.state = "ready"; }
    }
  }

  draw(data) {
    this.markers.clearLayers();
    for (const c of data.clusters) {
      const single = c.count === 1;
      const label = single
        ? `${c.sub_event_type || c.event_type} at ${c.location || "unknown place"}, ${c.start || "undated"}` +
          `${c.fatalities ? `, ${c.fatalities} fatalities` : ""}`
        : `${c.count} events ${c.location ? `at ${c.location}` : `in ${c.n_locations} places (${c.locations.join(", ")}${c.n_locations > c.locations.length ? ", …" : ""})`}` +
          `${c.fatalities ? `, ${c.fatalities} fatalities` : ""}: ` +
          Object.entries(c.types).map(([t, n]) => `${n} ${t}`).join(", ");
      const size = single ? Math.min(40, 12 + 4 * Math.sqrt(c.fatalities || 0)) : Math.min(58, 24 + 6 * Math.log2(c.count));
      const dot = h("span", { class: single ? "ev-dot" : "ev-cluster", "aria-hidden": "true" }, single ? "" : h("span", { class: "n" }, fmtNum(c.count)));
      dot.style.width = dot.style.height = `${size}px`;
      if (single) dot.style.background = colorOf(c.event_type);
      else dot.style.background = conic(c.types, c.count);
      const marker = L.marker([c.lat, c.lon], {
        icon: L.divIcon({ html: dot, className: "ev-icon", iconSize: [size, size] }),
        keyboard: true, title: label, riseOnHover: true,
      });
      marker.on("click", () => this.activate(c));
      this.markers.addLayer(marker);
      const el = marker.getElement();
      if (!el) continue;
      el.setAttribute("aria-label", label);
      Object.assign(el.dataset, {
        kind: single ? "event" : "cluster", lat: c.lat, lon: c.lon, count: c.count, fatalities: c.fatalities,
        types: Object.keys(c.types).join("|"), location: c.location || "", locations: c.locations.join("|"),
      });
      if (single) { el.dataset.eventId = c.id; el.dataset.type = c.event_type; }
      el.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); ev.stopPropagation(); this.activate(c); }
      });
    }
  }

  activate(c) {
    if (c.count === 1) { this.onEvent(c.id); return; }
    const [w, s, e, n] = c.bounds;
    const tiny = (e - w) < 1e-3 && (n - s) < 1e-3;
    if (tiny || this.map.getZoom() >= this.map.getMaxZoom()) { this.onCell(c); return; }
    this.map.fitBounds([[s, w], [n, e]], { padding: [60, 60], maxZoom: this.map.getZoom() + 3 });
  }
}

function conic(types, total) {
  let acc = 0;
  const stops = [];
  const entries = Object.entries(types).sort((a, b) => TYPE_ORDER.indexOf(a[0]) - TYPE_ORDER.indexOf(b[0]));
  for (const [t, n] of entries) {
    const from = (acc / total) * 360; acc += n; const to = (acc / total) * 360;
    stops.push(`${colorOf(t)} ${from.toFixed(1)}deg ${to.toFixed(1)}deg`);
  }
  return `conic-gradient(${stops.join(", ")})`;
}

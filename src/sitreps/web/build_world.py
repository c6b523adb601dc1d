"""Build ``static/world.geojson``, the dashboard's offline country outlines, once.

Source: the per-country ``geoJSON`` outlines shipped in the ``countryinfo`` package (MIT; the
outlines come from the public-domain Natural Earth data via johan/world.geo.json). Coordinates are
snapped to a 0.05° grid, repeated points and degenerate rings dropped, and the result written as
compact GeoJSON with ``iso2`` and ``name`` properties; outlines that are mere bounding boxes
(Andorra, Palestine) are left out. Countries that ``countryinfo`` ships without
an outline are listed in ``static/world.SOURCE.md`` and simply not drawn.

Gaps: ``--fill countries-50m.json`` (the Natural Earth 1:50m TopoJSON of the npm package
``world-atlas`` 2.0.2, ISC licence: ``npm pack world-atlas@2``) adds the countries that
``countryinfo`` has no usable outline for (Myanmar, Hungary, Serbia, Palestine, small islands…),
matched by ISO 3166 numeric code.

Run: ``.venv/bin/python -m sitreps.web.build_world [--fill PATH]`` (the output is committed;
nothing runs at install or serve time).
"""

from __future__ import annotations

import json
from pathlib import Path

STEP = 0.05
OUT = Path(__file__).parent / "static" / "world.geojson"
NO_NUMERIC = {"Kosovo": "XK"}  # Natural Earth units without an ISO 3166 numeric code that ACLED codes


def _snap(v: float) -> float:
    return round(round(v / STEP) * STEP, 2)


def _ring(ring: list) -> list | None:
    out: list[list[float]] = []
    for lon, lat, *_ in ring:
        p = [_snap(lon), _snap(lat)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len({tuple(p) for p in out}) < 3:
        return None
    return [*out, out[0]]


def _polygon(rings: list) -> list | None:
    outer = _ring(rings[0]) if rings else None
    if outer is None:
        return None
    return [outer, *(r for r in map(_ring, rings[1:]) if r)]


def _is_box(ring: list) -> bool:
    return len(ring) <= 5 and len({x for x, _ in ring}) <= 2 and len({y for _, y in ring}) <= 2


def build() -> tuple[dict, list[str]]:
    import countryinfo

    data = Path(countryinfo.__file__).parent / "data"
    features, missing, seen = [], [], set()
    for path in sorted(data.glob("*.json")):
        rec = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (rec.get("ISO") or {}).get("alpha2") or ""
        name = rec.get("name") or path.stem
        gj = rec.get("geoJSON") or {}
        geoms = [f.get("geometry") for f in gj.get("features", []) if f.get("geometry")]
        if not geoms:
            missing.append(f"{name} ({iso2 or '?'})")
            continue
        if iso2 in seen:
            continue
        seen.add(iso2)
        polys = []
        for g in geoms:
            parts = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            polys.extend(p for p in map(_polygon, parts) if p)
        if not polys:
            missing.append(f"{name} ({iso2}, too small at {STEP}°)")
            continue
        if all(_is_box(p[0]) for p in polys):  # a bounding box, not an outline (Palestine overlaps Israel)
            missing.append(f"{name} ({iso2}, a bounding box only)")
            continue
        geom = (
            {"type": "Polygon", "coordinates": polys[0]}
            if len(polys) == 1
            else {"type": "MultiPolygon", "coordinates": polys}
        )
        features.append({"type": "Feature", "properties": {"iso2": iso2, "name": name}, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}, missing


def _topo_features(path: Path) -> list[tuple[str, str, dict]]:
    """(iso2, name, geometry) of every country in a world-atlas TopoJSON file."""
    import pycountry

    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append([x * sx + tx, y * sy + ty])
        arcs.append(pts)

    def ring(idx: list[int]) -> list:
        out: list = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    feats = []
    for g in topo["objects"]["countries"]["geometries"]:
        name = g.get("properties", {}).get("name")
        c = pycountry.countries.get(numeric=str(g.get("id") or "").zfill(3)) if g.get("id") else None
        iso2 = c.alpha_2 if c else NO_NUMERIC.get(name)
        if iso2 is None or g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        coords = [[ring(r) for r in poly] for poly in polys]
        feats.append((iso2, name or iso2, {"type": "MultiPolygon", "coordinates": coords}))
    return feats


def fill(fc: dict, missing: list[str], path: Path) -> list[str]:
    """Add the countries of ``path`` (world-atlas TopoJSON) that ``fc`` lacks; returns those added."""
    have = {f["properties"]["iso2"] for f in fc["features"]}
    added = []
    for iso2, name, geom in _topo_features(path):
        if iso2 in have:
            continue
        polys = [p for p in map(_polygon, geom["coordinates"]) if p]
        if not polys:
            continue
        have.add(iso2)
        added.append(f"{name} ({iso2})")
        fc["features"].append({"type": "Feature", "properties": {"iso2": iso2, "name": name},
                               "geometry": {"type": "MultiPolygon", "coordinates": polys}})  # fmt: skip
    fc["features"].sort(key=lambda f: f["properties"]["iso2"])
    return added


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fill", type=Path, help="world-atlas countries-50m.json, for the gaps")
    args = ap.parse_args()
    fc, missing = build()
    if args.fill:
        print("added from", args.fill.name + ":", ", ".join(fill(fc, missing, args.fill)))
    OUT.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(fc['features'])} countries, {OUT.stat().st_size // 1024} KiB")
    print("without an outline in countryinfo:", ", ".join(missing))


if __name__ == "__main__":
    main()

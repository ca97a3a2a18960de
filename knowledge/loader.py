"""Load and validate benchmark.yml, refusing bad data with a message that names the field."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

DEFAULT_PATH = Path(__file__).with_name("benchmark.yml")
LEVELS: Tuple[str, ...] = ("junior", "mid", "senior", "staff")
SOURCE_FIELDS: Tuple[str, ...] = ("title", "scope", "basis", "note")  # text quoted by the answers (and a whole-number year)
TIP_KEYS: Tuple[str, ...] = (  # named by knowledge/answers.py; the tip_topic synonyms are checked against the file by a test
    "remote_london_rates",
    "gpu_experience",
    "competing_offers",
    "show_ml_value",
    "benchmark_ml_engineering",
)


class BenchmarkError(ValueError):
    """The data file is missing, unreadable or inconsistent; the message names the field."""


@dataclass(frozen=True)
class Range:
    low: int
    high: int
    open_ended: bool = False
    plus: Optional[str] = None  # e.g. "equity": an extra on top, not a higher ceiling


@dataclass(frozen=True)
class Level:
    key: str
    title: str
    years_min: int
    years_max: Optional[int]


@dataclass(frozen=True)
class RegionAlias:
    """A place that is not one band region ('remote', 'the UK') and the bands it stands for."""

    key: str
    name: str
    bands: Tuple[str, ...]
    remote: bool = False


@dataclass(frozen=True)
class EmployerGroup:
    key: str
    name: str
    sector: str
    pay: Range


@dataclass(frozen=True)
class Tip:
    key: str
    title: str
    advice: str


@dataclass(frozen=True)
class Driver:
    key: str
    name: str
    summary: str


@dataclass(frozen=True)
class Benchmark:
    source: Dict[str, object]
    levels: Dict[str, Level]
    regions: Dict[str, str]  # band region key -> display name, in table order
    reference_region: str  # the band quoted to remote workers and in the headline figures
    region_aliases: Dict[str, RegionAlias]
    bands: Dict[Tuple[str, str], Range]
    employers: Dict[str, EmployerGroup]
    premium_pct: Tuple[int, int]
    premium_caveat: str
    average_mid_level: Range
    drivers: List[Driver]
    top_skills: List[str]
    market_growth: str
    mlops_vs_devops: str
    tips: Dict[str, Tip] = field(default_factory=dict)

    def place_values(self) -> Tuple[str, ...]:
        """Every region value the NLU may send: band regions and their aliases."""
        return tuple(self.regions) + tuple(self.region_aliases)

    def bands_for(self, place: Optional[str]) -> List[str]:
        """Band regions for a remembered place: a region, an alias, or regions joined by '+'."""
        if not place:
            return []
        if place in self.region_aliases:
            return list(self.region_aliases[place].bands)
        named = place.split("+")
        return [key for key in self.regions if key in named]

    def place_for(self, values: Sequence[str]) -> Optional[str]:
        """One place for the regions a message names: a remote alias wins ('remote from Cardiff'),
        otherwise the union of their bands, named by the alias that covers exactly those bands."""
        values = [v for v in values if v in self.regions or v in self.region_aliases]
        if not values:
            return None
        remote = [v for v in values if v in self.region_aliases and self.region_aliases[v].remote]
        if remote:
            return remote[0]
        union = [key for key in self.regions if any(key in self.bands_for(v) for v in values)]
        if len(union) == 1:
            return union[0]
        if len(set(values)) == 1:
            return values[0]
        named = [a.key for a in self.region_aliases.values() if list(a.bands) == union and not a.remote]
        return named[0] if named else "+".join(union)

    def is_remote(self, place: Optional[str]) -> bool:
        return place in self.region_aliases and self.region_aliases[place].remote


def _get(mapping: object, key: str, where: str) -> object:
    if not isinstance(mapping, dict) or key not in mapping:
        raise BenchmarkError(f"benchmark data: missing field '{where}.{key}'" if where else f"benchmark data: missing field '{key}'")
    return mapping[key]


def _text(mapping: object, key: str, where: str) -> str:
    value = _get(mapping, key, where)
    if not isinstance(value, str) or not value.strip():
        raise BenchmarkError(f"benchmark data: '{where}.{key}' must be non-empty text")
    return value.strip()


def _money(mapping: object, key: str, where: str) -> int:
    value = _get(mapping, key, where)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BenchmarkError(f"benchmark data: '{where}.{key}' must be a positive whole number of pounds, got {value!r}")
    return value


def _range(mapping: object, where: str) -> Range:
    low, high = _money(mapping, "low", where), _money(mapping, "high", where)
    if low >= high:
        raise BenchmarkError(f"benchmark data: '{where}' has low {low} not below high {high}")
    open_ended = mapping.get("open_ended", False)  # type: ignore[union-attr]
    if not isinstance(open_ended, bool):
        raise BenchmarkError(f"benchmark data: '{where}.open_ended' must be true or false")
    plus = mapping.get("plus")  # type: ignore[union-attr]
    if plus is not None and (not isinstance(plus, str) or not plus.strip()):
        raise BenchmarkError(f"benchmark data: '{where}.plus' must be text naming what comes on top (e.g. equity)")
    return Range(low, high, open_ended, plus)


def _levels(raw: object) -> Dict[str, Level]:
    """Levels in order, their experience spans joined end to end (0–2, 2–5, 5–8, 8+): no gap, no
    overlap, only the last open-ended, so any number of years finds a level."""
    levels: Dict[str, Level] = {}
    previous: Optional[Level] = None
    for key in LEVELS:
        where = f"levels.{key}"
        entry = _get(raw, key, "levels")
        level = Level(
            key,
            _text(entry, "title", where),
            _whole_years(entry, "years_min", where),
            _whole_years(entry, "years_max", where, optional=True),
        )
        if level.years_max is not None and level.years_max <= level.years_min:
            raise BenchmarkError(f"benchmark data: '{where}.years_max' must be above years_min")
        if previous is None and level.years_min != 0:
            raise BenchmarkError(f"benchmark data: '{where}.years_min' must be 0 (the first level starts at no experience)")
        if previous is not None and previous.years_max != level.years_min:
            raise BenchmarkError(f"benchmark data: '{where}.years_min' must equal the previous level's years_max (no gap or overlap)")
        levels[key] = previous = level
    if previous is not None and previous.years_max is not None:
        raise BenchmarkError(f"benchmark data: 'levels.{previous.key}.years_max' must be null (the top level has no ceiling)")
    return levels


def _bands(raw: object, regions: Sequence[str]) -> Dict[Tuple[str, str], Range]:
    bands: Dict[Tuple[str, str], Range] = {}
    for region in regions:
        previous: Optional[Range] = None
        for level in LEVELS:
            where = f"bands.{level}.{region}"
            band = _range(_get(_get(raw, level, "bands"), region, f"bands.{level}"), where)
            if previous and (band.low <= previous.low or band.high <= previous.high):
                raise BenchmarkError(f"benchmark data: '{where}' must rise above the level below it")
            bands[(level, region)] = band
            previous = band
    for level in LEVELS:
        if len({bands[(level, region)].open_ended for region in regions}) > 1:
            raise BenchmarkError(f"benchmark data: 'bands.{level}' open_ended differs between regions")
    return bands


def _regions(raw: object) -> Tuple[Dict[str, str], str]:
    """Band regions (key -> name, in file order) and the one marked `reference`."""
    if not isinstance(raw, dict) or not raw:
        raise BenchmarkError("benchmark data: 'regions' must list at least one band region")
    names, reference = {}, []
    for key, entry in raw.items():
        names[str(key)] = _text(entry, "name", f"regions.{key}")
        flag = entry.get("reference", False)
        if not isinstance(flag, bool):
            raise BenchmarkError(f"benchmark data: 'regions.{key}.reference' must be true or false")
        if flag:
            reference.append(str(key))
    if len(reference) != 1:
        raise BenchmarkError(f"benchmark data: 'regions' must mark exactly one region `reference: true`, found {len(reference)}")
    return names, reference[0]


def _region_aliases(raw: object, regions: Dict[str, str]) -> Dict[str, RegionAlias]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BenchmarkError("benchmark data: 'region_aliases' must map names to {name, bands}")
    aliases = {}
    for key, entry in raw.items():
        where = f"region_aliases.{key}"
        if key in regions:
            raise BenchmarkError(f"benchmark data: '{where}' has the key of a band region")
        bands = _get(entry, "bands", where)
        if not isinstance(bands, list) or not bands or any(not isinstance(band, str) or band not in regions for band in bands):
            raise BenchmarkError(f"benchmark data: '{where}.bands' must list band regions from 'regions'")
        remote = entry.get("remote", False)
        if not isinstance(remote, bool):
            raise BenchmarkError(f"benchmark data: '{where}.remote' must be true or false")
        aliases[str(key)] = RegionAlias(str(key), _text(entry, "name", where), tuple(r for r in regions if r in bands), remote)
    return aliases


def _employers(raw: object) -> Dict[str, EmployerGroup]:
    if not isinstance(raw, dict) or not raw:
        raise BenchmarkError("benchmark data: 'employer_groups' must list at least one group")
    groups = {}
    for key, entry in raw.items():
        where = f"employer_groups.{key}"
        if _get(entry, "pay_basis", where) != "total_comp":
            raise BenchmarkError(f"benchmark data: '{where}.pay_basis' must be total_comp (the employer table is total compensation)")
        groups[key] = EmployerGroup(key, _text(entry, "name", where), _text(entry, "sector", where), _range(entry, where))
    return groups


def load_benchmark(path: Optional[os.PathLike] = None) -> Benchmark:
    """Read and validate the data file; PAYBAND_BENCHMARK overrides the default path."""
    path = Path(path or os.environ.get("PAYBAND_BENCHMARK") or DEFAULT_PATH)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BenchmarkError(f"benchmark data: cannot read {path}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise BenchmarkError(f"benchmark data: {path} is not valid YAML: {error}") from error
    source = _get(raw, "source", "")
    for key in SOURCE_FIELDS:
        _text(source, key, "source")
    year = _get(source, "year", "source")
    if isinstance(year, bool) or not isinstance(year, int):
        raise BenchmarkError(f"benchmark data: 'source.year' must be a whole number, got {year!r}")
    premium = _get(raw, "devops_premium", "")
    low_pct, high_pct = _get(premium, "low_pct", "devops_premium"), _get(premium, "high_pct", "devops_premium")
    if not (isinstance(low_pct, int) and isinstance(high_pct, int) and 0 < low_pct < high_pct):
        raise BenchmarkError("benchmark data: 'devops_premium' needs whole-number low_pct < high_pct")
    regions, reference = _regions(_get(raw, "regions", ""))
    return Benchmark(
        source=dict(source),
        levels=_levels(_get(raw, "levels", "")),
        regions=regions,
        reference_region=reference,
        region_aliases=_region_aliases(raw.get("region_aliases"), regions),
        bands=_bands(_get(raw, "bands", ""), list(regions)),
        employers=_employers(_get(raw, "employer_groups", "")),
        premium_pct=(low_pct, high_pct),
        premium_caveat=_text(premium, "caveat", "devops_premium"),
        average_mid_level=_range(_get(raw, "average_mid_level", ""), "average_mid_level"),
        drivers=[
            Driver(_text(d, "key", f"pay_drivers[{i}]"), _text(d, "name", f"pay_drivers[{i}]"), _text(d, "summary", f"pay_drivers[{i}]"))
            for i, d in enumerate(_list(raw, "pay_drivers"))
        ],
        top_skills=[_item_text(s, f"top_skills[{i}]") for i, s in enumerate(_list(raw, "top_skills"))],
        market_growth=_text(raw, "market_growth", ""),
        mlops_vs_devops=_text(raw, "mlops_vs_devops", ""),
        tips=_tips(_list(raw, "tips")),
    )


def _list(mapping: object, key: str) -> list:
    value = _get(mapping, key, "")
    if not isinstance(value, list) or not value:
        raise BenchmarkError(f"benchmark data: '{key}' must be a non-empty list")
    return value


def _item_text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BenchmarkError(f"benchmark data: '{where}' must be non-empty text")
    return value


def _tips(raw: list) -> Dict[str, Tip]:
    tips = {}
    for i, entry in enumerate(raw):
        where = f"tips[{i}]"
        tip = Tip(_text(entry, "key", where), _text(entry, "title", where), _text(entry, "advice", where))
        if tip.key in tips:
            raise BenchmarkError(f"benchmark data: '{where}.key' repeats '{tip.key}'")
        tips[tip.key] = tip
    missing = [key for key in TIP_KEYS if key not in tips]
    if missing:
        raise BenchmarkError(f"benchmark data: 'tips' has no tip with key '{missing[0]}' (the answers name it)")
    return tips


def _whole_years(mapping: object, key: str, where: str, optional: bool = False) -> Optional[int]:
    value = _get(mapping, key, where)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BenchmarkError(f"benchmark data: '{where}.{key}' must be a whole number of years, got {value!r}")
    return value

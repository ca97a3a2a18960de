"""Reply text for every benchmark question, composed from the data file alone.

Band figures are always labelled base salary and employer figures total
compensation, because mixing the two is the easiest way to mislead.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple, Union

from knowledge import reply as reply_parts
from knowledge import rules
from knowledge.formatting import money, money_range
from knowledge.loader import LEVELS, Benchmark, Range
from knowledge.queries import devops_premium, employers_ranked
from knowledge.reply import Part, Reply


def _level_title(bm: Benchmark, level: str) -> str:
    return bm.levels[level].title


def experience(bm: Benchmark, level: str) -> str:
    """'0–2 years', '8+ years'."""
    spec = bm.levels[level]
    return f"{spec.years_min}+ years" if spec.years_max is None else f"{spec.years_min}–{spec.years_max} years"


Years = Union[float, Tuple[float, float]]  # a point, or a span read from 'a handful of years'


def _boundary_note(levels: Sequence[str], years: Optional[Years]) -> Reply:
    if years is None or len(levels) < 2:
        return Reply()
    if isinstance(years, tuple):
        return _says(f"{_years(years)} of experience spans two levels, so here are both:")
    return _says(f"{_years(years)} of experience sits on the boundary between two levels, so here are both:")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _years(years: Years) -> str:
    if isinstance(years, tuple):
        return f"{_number(years[0])}{chr(8211)}{_number(years[1])} years"
    return f"{_number(years)} year" if _number(years) == "1" else f"{_number(years)} years"


def understood(readings: Sequence[str]) -> Reply:
    """One line that shows how Payband read a typo or an informal phrase, so a wrong guess is visible."""
    return _says("I read " + "; ".join(readings) + ".")


def reading(said: str, meant: str) -> str:
    return f"'{said}' as {meant}"


def experience_reading(said: str, years: Years, about: bool = True) -> str:
    """'a handful of years' is about 3–5 years of experience; a bare '4' is exactly 4 years."""
    return reading(said, f"{'about ' if about else ''}{_years(years)} of experience")


def _base_note(bm: Benchmark) -> str:
    return f"Base salary, from the {bm.source['title']} ({bm.source['scope']})."


def band(bm: Benchmark, levels: Sequence[str], regions: Sequence[str], years: Optional[Years] = None) -> Reply:
    """One line per (level, region) pair, labelled as base salary."""
    reply = _boundary_note(levels, years)
    reply.add(
        *(
            reply_parts.text(
                f"{_level_title(bm, level)} ({experience(bm, level)}), {bm.regions[region]}: {money_range(bm.bands[(level, region)])}"
            )
            for level in levels
            for region in regions
        )
    )
    footnote = _base_note(bm)
    if any(bm.bands[(level, region)].open_ended for level in levels for region in regions):
        footnote += " The '+' means the benchmark sets no ceiling for this band."
    return reply.add(reply_parts.note(footnote))


def options_side_by_side(bm: Benchmark, options: Sequence[Tuple[str, str]]) -> Reply:
    """Roles the user is weighing ('staff in Bristol or senior in London'): each one's band, and for two,
    how far apart their bottoms (and tops, when both have one) are."""
    reply = reply_parts.of(
        *(
            reply_parts.text(
                f"{_level_title(bm, level)} ({experience(bm, level)}), {bm.regions[region]}: {money_range(bm.bands[(level, region)])}"
            )
            for level, region in options
        )
    )
    if len(options) == 2:
        (name_a, a), (name_b, b) = ((_option_title(bm, o), bm.bands[o]) for o in options)
        ends = [("bottom", a.low, b.low)] + ([("top", a.high, b.high)] if not (a.open_ended or b.open_ended) else [])
        for end, end_a, end_b in ends:
            if end_a == end_b:
                reply.add(
                    reply_parts.text(
                        f"Both bands start at {money(end_a)}." if end == "bottom" else f"Both bands top out at {money(end_a)}."
                    )
                )
            else:
                more, less = (name_a, name_b) if end_a > end_b else (name_b, name_a)
                reply.add(reply_parts.text(f"At the {end} of the band, {more} pays {money(abs(end_a - end_b))} more than {less}."))
    footnote = _base_note(bm)
    if any(bm.bands[option].open_ended for option in options):
        footnote += " The '+' means the benchmark sets no ceiling for this band."
    return reply.add(reply_parts.note(footnote))


def _option_title(bm: Benchmark, option: Tuple[str, str]) -> str:
    level, region = option
    return f"{bm.levels[level].title.split()[0]} in {bm.regions[region]}"


def remote_note(bm: Benchmark, levels: Sequence[str]) -> Reply:
    """For remote workers: the reference (London) band as a negotiating point."""
    tip = bm.tips["remote_london_rates"]
    reference = bm.regions[bm.reference_region]
    return reply_parts.of(
        reply_parts.text(
            f"Working remotely? The {reference} band ({_reference_bands(bm, levels)}) is a fair reference. {tip.title}: {tip.advice}"
        )
    )


def _reference_bands(bm: Benchmark, levels: Sequence[str]) -> str:
    return ", ".join(f"{_level_title(bm, level)} {money_range(bm.bands[(level, bm.reference_region)])}" for level in levels)


def band_table(bm: Benchmark, levels: Sequence[str] = LEVELS, regions: Optional[Sequence[str]] = None) -> Reply:
    """Levels down, regions across: for 'London vs rest of UK' and 'all levels' questions."""
    regions = list(regions or bm.regions)
    rows = [
        [_level_title(bm, level), experience(bm, level)] + [money_range(bm.bands[(level, region)]) for region in regions]
        for level in levels
    ]
    reply = reply_parts.of(reply_parts.table(["Level", "Experience"] + [bm.regions[r] for r in regions], rows))
    others = [r for r in regions if r != bm.reference_region]
    if bm.reference_region in regions and others and len(levels) < len(LEVELS):
        reply.add(*(reply_parts.text(_reference_gap(bm, level, others)) for level in levels))
    return reply.add(reply_parts.note(_base_note(bm)))


def _reference_gap(bm: Benchmark, level: str, others: Sequence[str]) -> str:
    """'Mid-level MLOps Engineer: London pays £12,000 more at the bottom of the band' (than each other region)."""
    low = bm.bands[(level, bm.reference_region)].low
    reference = bm.regions[bm.reference_region]
    if len(others) == 1:
        return f"{_level_title(bm, level)}: {reference} pays {money(low - bm.bands[(level, others[0])].low)} more at the bottom of the band"
    gaps = ", ".join(f"{money(low - bm.bands[(level, r)].low)} more than {bm.regions[r]}" for r in others)
    return f"{_level_title(bm, level)}: at the bottom of the band {reference} pays {gaps}"


def offer(bm: Benchmark, amount: int, levels: Sequence[str], region: str, years: Optional[Years] = None, percent: bool = False) -> Reply:
    """Below / within / above the band, where in it, and a counter-offer grounded in the tips."""
    reply = reply_parts.of(reply_parts.text(f"Checked {money(amount)} base salary against the benchmark."))
    if years is not None and len(levels) > 1:
        where = "spans" if isinstance(years, tuple) else "sits on the boundary between"
        reply.add(reply_parts.text(f"{_years(years)} {where} two levels, so here it is against both."))
    advice_tips: List[str] = []
    for level in levels:
        band_range = bm.bands[(level, region)]
        label = f"{_level_title(bm, level)}, {bm.regions[region]} ({money_range(band_range)})"
        reply.add(reply_parts.text(f"Against {label}: {_where(band_range, amount, percent)}."))
        reply.add(reply_parts.text(rules.counter_advice(band_range, amount)))
        advice_tips += _OFFER_TIPS[rules.counter(band_range, amount).case]
    if region != bm.reference_region:
        reference = bm.regions[bm.reference_region]
        reply.add(
            reply_parts.text(
                f"If the role is remote or hybrid, the {reference} band ({_reference_bands(bm, levels)}) is a fair reference point."
            )
        )
        advice_tips.append("remote_london_rates")
    reply.add(reply_parts.heading("What to lean on:"), tips_list(bm, dict.fromkeys(advice_tips)))
    return reply.add(
        reply_parts.note(
            "These are benchmark figures for advertised roles, not a promise of what an employer will agree to. " + str(bm.source["note"])
        )
    )


# The benchmark tips that back each counter case (rules.counter): below the band, lean on the benchmark
# and on shown value; in the lower half, value and other offers; higher up, scarce skills.
_OFFER_TIPS = {
    "below": ["benchmark_ml_engineering", "show_ml_value"],
    "lower": ["show_ml_value", "competing_offers"],
    "upper": ["gpu_experience", "show_ml_value"],
    "none": ["gpu_experience"],
}


def _where(band: Range, amount: float, percent: bool = False) -> str:
    """'£8,000 below the bottom of the band', 'within the band, in its second quarter, below the midpoint'
    ('within the band, 25% of the way up, in its second quarter, ...' when a percent was asked for)."""
    where = rules.position(band, amount)
    if where.place == "below":
        return f"{money(where.gap)} below the bottom of the band"
    if where.place == "within":
        return f"within the band, {f'{where.percent}% of the way up, ' if percent else ''}{rules.quarter_phrase(where.quarter)}"
    if band.open_ended:
        return (
            f"{money(where.gap)} above the {money(band.high)} the benchmark quotes, in a band it leaves open-ended, "
            "so this is a top-end offer rather than an outlier"
        )
    return f"{money(where.gap)} above the top of the band, a strong offer on base salary"


def premium_rate(bm: Benchmark) -> Reply:
    """The premium itself, before Payband asks for the salary to apply it to."""
    low_pct, high_pct = bm.premium_pct
    return _says(f"The benchmark puts the MLOps premium over an equivalent DevOps role at {low_pct}–{high_pct}%.")


def premium(bm: Benchmark, devops_salary: int, levels: Sequence[str] = (), regions: Sequence[str] = ()) -> Reply:
    """The DevOps salary lifted by the MLOps premium, with the source's caveat; with a level and place,
    where each end of that range lands in the MLOps band."""
    low, high = devops_premium(bm, devops_salary)
    low_pct, high_pct = bm.premium_pct
    reply = reply_parts.of(
        reply_parts.text(
            f"On {money(devops_salary)} as a DevOps engineer, the benchmark's {low_pct}–{high_pct}% MLOps premium puts an equivalent MLOps role at "
            f"{money(low)} {chr(8211)} {money(high)} base salary."
        )
    )
    for level in levels:
        for region in regions:
            band = bm.bands[(level, region)]
            name = f"{_level_title(bm, level)} band for {bm.regions[region]} ({money_range(band)})"
            reply.add(
                reply_parts.text(
                    f"Against the {name}: {money(low)} is {rules.short_position(band, low)}, {money(high)} is {rules.short_position(band, high)}"
                    + (" — the whole range lands inside the band." if band.low <= low and high <= band.high else ".")
                )
            )
    reply.add(reply_parts.note(bm.premium_caveat))
    if not (levels and regions):
        reply.add(reply_parts.text("Ask me for the band for your level and place to see how that compares."))
    return reply


def employer(bm: Benchmark, key: str) -> Reply:
    group = bm.employers[key]
    return _says(
        f"{group.name} ({group.sector}): {money_range(group.pay)} total compensation "
        "(base plus bonus and equity — not comparable with the base-salary bands)."
    )


def employer_table(bm: Benchmark) -> Reply:
    """The employer groups ranked by the top of their total-comp range."""
    rows = [[str(n), g.name, g.sector, money_range(g.pay)] for n, g in enumerate(employers_ranked(bm), 1)]
    return reply_parts.of(reply_parts.table(["#", "Employer", "Sector", "Total comp"], rows))


def employer_ranking(bm: Benchmark, extreme: Optional[str] = None) -> Reply:
    """The ranked table; with `extreme` ("highest" or "lowest") the group at that end named first."""
    heading = "Top-paying employers for MLOps engineers, ranked by the top of the range. Total compensation, not base salary:"
    out = reply_parts.of(reply_parts.heading(heading)) + employer_table(bm)
    if extreme is None:
        return out
    ranked = employers_ranked(bm)
    if extreme == "lowest":
        group = ranked[-1]
        lowest_floor = min(g.pay.low for g in ranked)
        floors = [g.name for g in ranked if g.pay.low == lowest_floor]
        lead = f"Lowest paying: {group.name} ({group.sector}), {money_range(group.pay)}, has the lowest top of the range."
        lead += f" The lowest starting figure, {money(lowest_floor)}, is shared by {_and(floors)}." if len(floors) > 1 else ""
    else:
        group = ranked[0]
        lead = f"Highest paying: {group.name} ({group.sector}), {money_range(group.pay)}, has the highest top of the range."
    return reply_parts.of(reply_parts.text(lead)) + out


def _and(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def range_note(low: int, high: int, bm: Optional[Benchmark] = None, level: Optional[str] = None, region: Optional[str] = None) -> Reply:
    """An offer quoted as a range (an advert's, a recruiter's) is judged by its bottom: that is what the
    employer can settle on. With the band, where the range's top lands too: 'even its top is below the band'."""
    said = (
        f"You gave a range ({money(low)} {chr(8211)} {money(high)}); I've checked the bottom of it, {money(low)}, "
        "since that is the figure the employer can settle on."
    )
    if bm is not None and (level, region) in bm.bands and high != low:
        name = f"{bm.levels[level].title} band for {bm.regions[region]}"
        said += f" Its top, {money(high)}, is {rules.position_phrase(bm.bands[(level, region)], high, name)}."
    return _says(said)


def tips_list(bm: Benchmark, keys: Iterable[str]) -> Part:
    return reply_parts.bullets((bm.tips[key].title, bm.tips[key].advice) for key in keys)


def tips(bm: Benchmark, topic: Optional[str] = None) -> Reply:
    """One tip when the question names a topic, otherwise all of them."""
    if topic in bm.tips:
        return reply_parts.of(tips_list(bm, [topic]))
    return reply_parts.of(reply_parts.heading(f"{len(bm.tips)} ways to negotiate an MLOps salary:"), tips_list(bm, bm.tips))


def not_covered(names: Sequence[str]) -> str:
    """Employers the benchmark doesn't list, named in a comparison, so none is silently dropped."""
    if len(names) == 1:
        return f"{names[0]} isn't covered by the benchmark (it isn't one of its employer groups), so I have no figure to compare; here is what I have for the rest."
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} aren't covered by the benchmark (they aren't among its employer groups), so I have no figures to compare; here is what I have for the rest."


def devops_yardstick(bm: Benchmark) -> Reply:
    """'Is DevOps pay the right yardstick for me?': no — the benchmark's first tip is to measure against ML
    engineering; the premium over DevOps is context, not the ceiling."""
    tip = bm.tips["benchmark_ml_engineering"]
    low, high = bm.premium_pct
    return reply_parts.of(
        reply_parts.text(f"Not as your ceiling. {tip.title}: {tip.advice}"),
        reply_parts.text(
            f"DevOps pay is still useful context: the benchmark puts MLOps {low}–{high}% above an equivalent DevOps role, "
            "so a DevOps salary plus that premium is a floor for the conversation, not the top of it."
        ),
    )


def faq(bm: Benchmark, topic: str) -> Reply:
    """Answers for the FAQ topics; figures come from the bands and the stated average."""
    if topic == "average":
        levels = _reference_bands(bm, [level for level in LEVELS if level != "mid"])
        return _says(
            f"The UK average for a mid-level MLOps engineer is about {money_range(bm.average_mid_level)} base salary. "
            f"For other levels the benchmark gives ranges rather than averages; its headline ({bm.regions[bm.reference_region]}) figures are: {levels}. "
            "Ask for a level and place to get the exact band."
        )
    if topic == "mlops_vs_devops":
        low, high = bm.premium_pct
        return _says(
            f"{bm.mlops_vs_devops} The benchmark puts the premium at {low}–{high}%. Tell me your DevOps salary and I'll work out the range."
        )
    if topic == "top_skills":
        return reply_parts.of(
            reply_parts.heading("Skills that push MLOps pay higher:"),
            reply_parts.bullets(bm.top_skills),
            reply_parts.text("Engineers who can both build the platform and understand the models on it earn the most."),
        )
    if topic == "growth":
        return _says(bm.market_growth)
    if topic == "drivers":
        return reply_parts.of(reply_parts.heading("What moves MLOps pay:"), reply_parts.bullets((d.name, d.summary) for d in bm.drivers))
    if topic == "source":
        src = bm.source
        return _says(
            f"All figures come from the {src['title']} ({src['year']}). It is based on {src['basis']}, "
            f"and its salary bands are {src['scope']}; the employer table is total compensation. {src['note']}"
        )
    raise KeyError(topic)


def _says(sentence: str) -> Reply:
    return reply_parts.of(reply_parts.text(sentence))

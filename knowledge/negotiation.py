"""Negotiation replies: total compensation, where a base sits in its band, two offers side by side, a
counter-offer email and lines for the call.

Every figure shown is the user's ("your figure"), a benchmark figure (labelled base salary for bands,
total compensation for employer groups) or worked out from those by a rule the reply states. A base is
only ever compared with a base band and a total only with the employer groups' total-compensation
ranges. Region and level names come from the benchmark, so nothing here knows which regions exist.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple, Union

from knowledge import reply as r
from knowledge import rules
from knowledge.compensation import (
    ASSUMPTION,
    OfferTerms,
    Problem,
    TotalComp,
    percent,
    problems,
    signed_money,
    total_comp,
)
from knowledge.formatting import money, money_range
from knowledge.loader import Benchmark, EmployerGroup, Range
from knowledge.parsing import plausible_salary

OPENING_WITH_OFFER = "\"Thanks for the offer — I'm excited about the role, and I'd like to talk through the package so we land on something that works for both of us.\""
OPENING_BEFORE_OFFER = '"Thanks for making the time — I\'m excited about the role and keen to hear how you see the package."'
Offer = Union[int, float, OfferTerms]

# Reasons for a counter, in Payband's words, keyed by the benchmark tip each one draws on. The GPU and
# achievement lines carry a bracket for the specifics only the user knows.
EMAIL_REASONS = {
    "benchmark_ml_engineering": (
        "The role needs ML systems knowledge (model serving, experiment tracking, retraining pipelines) on top of the "
        "infrastructure work, so I'm weighing it against ML engineering pay rather than general DevOps pay."
    ),
    "show_ml_value": (
        "In my current role I [a concrete result, e.g. cut model deployment time from days to hours], and I'd bring "
        "the same focus on measurable outcomes to your ML platform."
    ),
    "gpu_experience": (
        "I have hands-on experience running GPU clusters for large training jobs ([cluster size, throughput or cost "
        "saved]), which is still hard to find in the UK."
    ),
}
REASONS_BY_CASE = {
    "below": ("benchmark_ml_engineering", "show_ml_value"),
    "lower": ("show_ml_value", "benchmark_ml_engineering"),
    "upper": ("show_ml_value", "gpu_experience", "benchmark_ml_engineering"),
    "none": ("show_ml_value",),
}


# ---------------------------------------------------------------------------------------------
# Shared wording


def _levels(levels: Union[str, Sequence[str]]) -> List[str]:
    return [levels] if isinstance(levels, str) else list(levels)


def _band_name(bm: Benchmark, level: str, region: str) -> str:
    return f"{bm.levels[level].title} band for {bm.regions[region]}"


def _band_label(bm: Benchmark, level: str, region: str) -> str:
    """'Mid-level MLOps Engineer band for London (£68,000 – £100,000 base salary, from the benchmark)'."""
    return f"{_band_name(bm, level, region)} ({money_range(bm.bands[(level, region)])} base salary, from the benchmark)"


def _source_note(bm: Benchmark) -> r.Part:
    return r.note(
        f"Band figures are base salary and employer figures are total compensation, both from the {bm.source['title']} "
        f"({bm.source['year']}). Figures marked 'your figure' are the ones you gave; everything else is worked out from "
        "those as shown."
    )


def _base_against_band(bm: Benchmark, base: float, level: str, region: str) -> str:
    band = bm.bands[(level, region)]
    return f"{money(base)} (your figure) is {rules.position_phrase(band, base, _band_name(bm, level, region))}."


def position_sentence(bm: Benchmark, base: float, level: str, region: str) -> str:
    """'£95,000 (your figure) is 22% of the way up the … band': where a figure sits, for any answer that marks it."""
    return _base_against_band(bm, base, level, region)


def _short_position(band: Range, base: Optional[float]) -> str:
    """Table cell: '25% up', '£8,000 below', '£10,000 above'."""
    return rules.short_position(band, base) if plausible_salary(base) else "—"


def _offer_name(terms: OfferTerms, n: int) -> str:
    label = terms.label or f"Offer {n}"
    if label.lower().startswith("offer"):
        return label
    name = re.sub(r"^(?:the|a|an)\s+", "", label, flags=re.I)  # "the bank one" -> "the bank one offer", not "the the ..."
    name = re.sub(r"\s+one$", "", name, flags=re.I)
    return f"the {name} offer"


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _problem_reply(terms: OfferTerms, found: Sequence[Problem]) -> r.Reply:
    what = f"{_offer_name(terms, 1)}" if terms.label else "this offer"
    return r.of(
        r.text(f"Before I can total {what}, I need to check a few things:"),
        r.bullets([p.message for p in found]),
        r.text("Once those are sorted I'll add it up line by line and compare it with the benchmark."),
    )


# ---------------------------------------------------------------------------------------------
# Employer groups (total compensation only)


def _comparable(tc: TotalComp, group: EmployerGroup) -> Tuple[int, str]:
    """The part of the total to set against a group's range, and why: sign-on is a one-off, and a range
    quoted 'plus equity' leaves equity out."""
    amount, why = tc.ongoing, "leaving sign-on aside" if tc.ongoing != tc.total else ""
    if group.pay.plus and "equity" in group.pay.plus.lower():
        equity = sum(line.amount for line in tc.lines if line.name == "Equity")
        if equity:
            amount -= equity
            why = ", ".join(filter(None, [why, "without equity, since the benchmark quotes this group before equity"]))
    return amount, why


def _employer_sentence(tc: TotalComp, group: EmployerGroup) -> str:
    amount, why = _comparable(tc, group)
    where = rules.position(group.pay, amount)
    rng = f"{group.name}: {money_range(group.pay)} total compensation in the benchmark"
    lead = f"Your total of {money(amount)} a year" + (f" ({why})" if why else "")
    if where.place == "within":
        return f"{lead} is {where.percent}% of the way up the range for {rng}."
    if where.place == "below":
        return f"{lead} is {money(where.gap)} below the bottom of the range for {rng}."
    if group.pay.open_ended:
        return f"{lead} is {money(where.gap)} above the top figure quoted for {rng}, a range the benchmark leaves open at the top."
    return f"{lead} is {money(where.gap)} above the top of the range for {rng}."


def _employer_context(bm: Benchmark, tc: TotalComp, employer: Optional[str]) -> str:
    """The named employer's group if known; otherwise which groups' total-comp ranges include the total."""
    if employer in bm.employers:
        return _employer_sentence(tc, bm.employers[employer])
    inside = []
    for group in bm.employers.values():
        amount, _ = _comparable(tc, group)
        if group.pay.low <= amount <= group.pay.high:
            before_equity = f"; your {money(amount)} before equity" if amount < tc.ongoing else ""  # the range is quoted before it
            inside.append(f"{group.name} ({money_range(group.pay)}{before_equity})")
    if inside and len(inside) == len(bm.employers):  # naming every group says nothing: count them, point at the table
        return (
            f"Your total falls within the total-compensation range of all {len(inside)} employer groups in the benchmark "
            '(ask "who pays the most?" for the table).'
        )
    if inside:
        return (
            "Against the benchmark's employer groups (total compensation), your total falls within the ranges for: "
            + "; ".join(inside)
            + "."
        )
    lowest = min(group.pay.low for group in bm.employers.values())
    if tc.ongoing < lowest:
        return (
            f"Your total is below every employer group's total-compensation range in the benchmark; the lowest starts at {money(lowest)}."
        )
    return "Your total is above the quoted top of every employer group's total-compensation range in the benchmark."


# ---------------------------------------------------------------------------------------------
# Total compensation


def _total_label(totals: Sequence[Optional[TotalComp]]) -> str:
    """A sign-on counted once makes the total a year-one figure: say so wherever a total is shown."""
    return "Total, year one" if any(tc and tc.sign_on_in_year_one_only for tc in totals) else "Total a year"


def _breakdown_table(tc: TotalComp) -> r.Part:
    rows = [[line.name, money(line.amount), f"{line.source}: {line.how}"] for line in tc.lines]
    label = _total_label([tc])
    rows.append([label, money(tc.total), "the lines above added up"])
    if tc.total != tc.ongoing:
        rows.append(["Total without sign-on", money(tc.ongoing), "the total less the sign-on line"])
    return r.table(["Component", "Per year", "Where it comes from"], rows)


def total_comp_reply(bm: Benchmark, terms: OfferTerms, level: Optional[str] = None, region: Optional[str] = None) -> r.Reply:
    """The offer added up line by line; its base against the base band and its total against employer groups."""
    found = problems(terms)
    if found:
        return _problem_reply(terms, found)
    tc = total_comp(terms)
    what = _offer_name(terms, 1) if terms.label else "your offer"
    period = "in year one" if tc.sign_on_in_year_one_only else "a year"
    out = r.of(
        r.text(f"Total compensation for {what}: {money(tc.total)} {period}, built from your figures."),
        _breakdown_table(tc),
    )
    if tc.assumptions:
        out.add(r.text("Assumption: " + " ".join(tc.assumptions) + " Tell me if that's wrong and I'll redo it."))
    if level in bm.levels and region in bm.regions:
        band_said = "Base salary against the base band: " + _base_against_band(bm, terms.base, level, region)
        counter = rules.counter_advice(bm.bands[(level, region)], terms.base)  # the same counter as the offer check
        out.add(r.text(f"{band_said} {counter}"))
    out.add(r.text(_employer_context(bm, tc, terms.employer)))
    return out.add(_source_note(bm))


# ---------------------------------------------------------------------------------------------
# Band position


def _band_chart(bm: Benchmark, amount: float, levels: Sequence[str], region: str) -> r.Part:
    groups = [
        {
            "label": bm.levels[level].title,
            "bars": [
                {
                    "label": bm.regions[region],
                    "low": bm.bands[(level, region)].low,
                    "high": bm.bands[(level, region)].high,
                    "open_ended": bm.bands[(level, region)].open_ended,
                }
            ],
        }
        for level in levels
    ]
    caption = f"Base salary from the {bm.source['title']}; the marker is your figure."
    return r.chart(
        f"Your figure against the {bm.regions[region]} band",
        groups,
        caption,
        {"label": f"Your figure {money(amount)}", "value": int(round(amount))},
    )


def band_position_reply(bm: Benchmark, amount: float, levels: Union[str, Sequence[str]], region: str) -> r.Reply:
    """'£76,000 (your figure) is 25% of the way up the ... band (£68,000 – £100,000), in its second quarter, below the midpoint.'"""
    if not plausible_salary(amount):
        shown = signed_money(amount) if isinstance(amount, (int, float)) else repr(amount)
        return r.of(r.text(f"{shown} is outside the base salaries I can place in a band — what is the base salary on the offer?"))
    levels = _levels(levels)
    out = r.of(*(r.text(_base_against_band(bm, amount, level, region)) for level in levels))
    return out.add(_band_chart(bm, amount, levels, region), _source_note(bm))


# ---------------------------------------------------------------------------------------------
# Comparing offers


def _bonus_cell(terms: OfferTerms, tc: Optional[TotalComp]) -> str:
    if "bonus" in terms.unknown:
        return "mentioned, no figure"
    line = _line(tc, "Bonus")
    if terms.bonus_pct is not None:
        return f"{percent(terms.bonus_pct)} = {money(line.amount)}" if line else percent(terms.bonus_pct)
    if terms.bonus_amount is not None:
        return signed_money(terms.bonus_amount)
    return "none stated"


def _equity_cell(terms: OfferTerms, tc: Optional[TotalComp]) -> str:
    if "equity" in terms.unknown:
        return "mentioned, no figure"
    line = _line(tc, "Equity")
    if terms.equity_total is not None and terms.equity_years:
        shown = f"{signed_money(terms.equity_total)} over {terms.equity_years:g} years"
        return f"{money(line.amount)} ({shown})" if line else shown
    if terms.equity_per_year is not None:
        return signed_money(terms.equity_per_year) + (" (read as yearly)" if terms.equity_yearly_assumed else "")
    return "none stated"


def _sign_on_cell(terms: OfferTerms, tc: Optional[TotalComp]) -> str:
    if "sign-on" in terms.unknown:
        return "mentioned, no figure"
    if terms.sign_on is None:
        return "none stated"
    line = _line(tc, "Sign-on bonus")
    if line is None:
        return signed_money(terms.sign_on)
    if line.source == ASSUMPTION:
        return f"{money(line.amount)} in year one only"
    return f"{money(line.amount)} a year for {terms.sign_on_years:g} years"


def _line(tc: Optional[TotalComp], name: str):
    return next((line for line in tc.lines if line.name == name), None) if tc else None


def _comparison_rows(
    bm: Benchmark, offers: Sequence[OfferTerms], totals: List[Optional[TotalComp]], levels: Sequence[str], regions: Sequence[str]
) -> List[List[str]]:
    rows = [
        ["Base salary"] + [signed_money(o.base) if o.base is not None else "not given" for o in offers],
        ["Bonus"] + [_bonus_cell(o, tc) for o, tc in zip(offers, totals, strict=True)],
        ["Equity a year"] + [_equity_cell(o, tc) for o, tc in zip(offers, totals, strict=True)],
        ["Sign-on"] + [_sign_on_cell(o, tc) for o, tc in zip(offers, totals, strict=True)],
        [_total_label(totals)] + [money(tc.total) if tc else "can't total yet" for tc in totals],
    ]
    if any(tc and tc.total != tc.ongoing for tc in totals):
        rows.append(["Total without sign-on"] + [money(tc.ongoing) if tc else "—" for tc in totals])
    if len(set(regions)) > 1 and all(regions):
        rows.append(["Place"] + [bm.regions[region] for region in regions])
    for level in levels if all(regions) else ():
        cells = [_short_position(bm.bands[(level, region)], o.base) for o, region in zip(offers, regions, strict=True)]
        rows.append([f"Base vs {bm.levels[level].title} band"] + cells)
    return rows


def _known_ongoing(terms: OfferTerms) -> Optional[int]:
    """The total of what is known when the only gaps are components mentioned without a figure."""
    known = replace(terms, unknown=())
    return None if problems(known) else total_comp(known).ongoing


def _usable_base(terms: OfferTerms) -> bool:
    return plausible_salary(terms.base)


def _aside(a: OfferTerms, b: OfferTerms) -> str:
    """'Leaving sign-on aside, ' only when there is a sign-on to leave aside."""
    return "Leaving sign-on aside, " if a.sign_on is not None or b.sign_on is not None else ""


def _pair_verdict(a: OfferTerms, b: OfferTerms, ta: Optional[TotalComp], tb: Optional[TotalComp], names: Tuple[str, str]) -> List[str]:
    """Plain sentences with computed figures only: the base gap, the total gap, or what an unknown would have to be worth."""
    lines: List[str] = []
    if _usable_base(a) and _usable_base(b):
        if a.base == b.base:
            lines.append(f"Both pay the same base salary, {money(a.base)}.")
        else:
            (hi, lo), gap = (names if a.base > b.base else names[::-1]), abs(a.base - b.base)
            lines.append(f"{_cap(hi)} pays {money(gap)} more a year in base salary than {lo}.")
    if ta and tb:
        lines.append(_total_verdict(ta, tb, names, a.base, b.base, _aside(a, b)))
        return lines
    for mine, tc_other, (me, them) in ((a, tb, names), (b, ta, names[::-1])):
        known = _known_ongoing(mine) if tc_other and mine.unknown else None
        if known is not None:
            gap = tc_other.ongoing - known
            parts = " and ".join(mine.unknown)
            aside = _aside(a, b)
            if gap > 0:
                lines.append(
                    _cap(f"{aside}{me}'s {parts} would have to be worth more than {money(gap)} a year for it to pay more than {them}.")
                )
            elif gap == 0:
                lines.append(_cap(f"{aside}{me} matches {them} before its {parts}, so any value in its {parts} puts it ahead."))
            else:
                lines.append(_cap(f"{aside}{me} pays {money(-gap)} more a year than {them} even before its {parts}."))
            return lines
    lines.append("I can't compare the totals until the questions above are answered.")
    return lines


def _total_verdict(ta: TotalComp, tb: TotalComp, names: Tuple[str, str], base_a: float, base_b: float, aside: str) -> str:
    if ta.ongoing == tb.ongoing:
        text = _cap(f"{aside}both come to {money(ta.ongoing)} a year in total.")
    else:
        (hi, lo), gap = (names if ta.ongoing > tb.ongoing else names[::-1]), abs(ta.ongoing - tb.ongoing)
        high, low = max(ta.ongoing, tb.ongoing), min(ta.ongoing, tb.ongoing)
        text = _cap(f"{aside}{hi} is worth {money(gap)} more a year in total than {lo} ({money(high)} against {money(low)}).")
        if (base_a > base_b) != (ta.ongoing > tb.ongoing) and base_a != base_b:
            text += f" The rest of {hi}'s package more than makes up for its lower base."
    if ta.total != ta.ongoing or tb.total != tb.ongoing:
        text += f" Counting sign-on as in the table: {names[0]} {money(ta.total)}, {names[1]} {money(tb.total)}."
    return text


def _ranking_verdict(totals: List[Optional[TotalComp]], names: List[str]) -> List[str]:
    ranked = sorted(((tc.ongoing, name) for tc, name in zip(totals, names, strict=True) if tc), reverse=True)
    if len(ranked) < 2:
        return ["I can total fewer than two of these offers so far, so I can't rank them yet."]
    (top, top_name), (second, second_name) = ranked[0], ranked[1]
    return [f"Leaving sign-on aside, {top_name} pays the most in total, {money(top - second)} a year more than {second_name}."]


def compare_offers_reply(
    bm: Benchmark, offers: Sequence[OfferTerms], levels: Union[str, Sequence[str]], region: Union[None, str, Sequence[str]]
) -> r.Reply:
    """Offers side by side, each base against its band, each total against its employer group, and a verdict.
    `region` is one place for all of them, or one per offer ('115k in London vs 100k in Leeds'); with no
    level or place the totals are still compared, and the bases wait for them."""
    if not offers:
        return r.of(r.text("I couldn't find an offer in that — could you give me the base salary, and any bonus, equity or sign-on?"))
    if len(offers) == 1:
        level = _levels(levels)[0] if _levels(levels) else None
        place = region if isinstance(region, str) else region[0]
        return r.of(r.text("I found one offer there, so here it is on its own.")) + total_comp_reply(bm, offers[0], level, place)
    levels = _levels(levels)
    totals = [None if problems(o) else total_comp(o) for o in offers]
    names = [_offer_name(o, n) for n, o in enumerate(offers, 1)]
    headers = ["Per year (your figures)"] + [o.label or f"Offer {n}" for n, o in enumerate(offers, 1)]
    regions = [region] * len(offers) if region is None or isinstance(region, str) else list(region)
    out = r.of(r.table(headers, _comparison_rows(bm, offers, totals, levels, regions)))
    if levels and all(regions):
        out.add(
            r.text(
                "Bases are set against the "
                + "; ".join(_band_label(bm, level, place) for level in levels for place in dict.fromkeys(regions))
                + ". Totals are never set against a base band."
            )
        )
    else:  # the totals compare without a band; the bases need the level and place
        out.add(r.text("Tell me the level and place of the roles and I'll set each base against its band as well."))
    for offer, tc, name in zip(offers, totals, names, strict=True):
        if tc is None:
            out.add(r.text(f"{_cap(name)}: " + " ".join(p.message for p in problems(offer))))
        elif offer.employer in bm.employers:
            out.add(r.text(f"{_cap(name)}: " + _employer_sentence(tc, bm.employers[offer.employer])))
        if tc and tc.assumptions:
            out.add(r.text(f"{_cap(name)}, assumption: " + " ".join(tc.assumptions)))
    verdict = (
        _pair_verdict(offers[0], offers[1], totals[0], totals[1], (names[0], names[1]))
        if len(offers) == 2
        else _ranking_verdict(totals, names)
    )
    out.add(r.text("Verdict: " + " ".join(verdict)))
    if any(o.base is not None and o.unknown == () and not problems(o) for o in offers):
        out.add(r.text("Components you didn't mention are counted as nothing."))
    return out.add(_source_note(bm))


# ---------------------------------------------------------------------------------------------
# Counter-offer email


def _offer_base(offer: Offer) -> Optional[float]:
    value = offer.base if isinstance(offer, OfferTerms) else offer
    if not plausible_salary(value):
        return None
    return value


def _ask_paragraph(bm: Benchmark, level: str, region: str, base: float, counter: rules.Counter) -> str:
    band = bm.bands[(level, region)]
    context = (
        f"Published UK benchmarks put base salary for this level ({bm.regions[region]}) at {money_range(band)}, "
        f"with the midpoint at {money(rules.midpoint(band))}."
    )
    if counter.case == "none":
        where = "above that range" if base > band.high else "in the upper part of that range"
        return (
            f"{context} The base salary of {money(base)} is already {where}, so rather than the base, I'd like to ask "
            "whether there is room on the rest of the package: a sign-on bonus, the annual bonus or the equity grant."
        )
    ask = {
        "below": f"The offer of {money(base)} sits below that range, so I'd like to ask for a base salary of {money(counter.amount)}, in line with its midpoint.",
        "lower": f"The offer of {money(base)} sits below the midpoint, so I'd like to ask for a base salary of {money(counter.amount)}, in line with it.",
        "upper": f"The offer of {money(base)} is above the midpoint already; I'd like to ask for {money(counter.amount)}, three quarters of the way up that range, for the reasons below.",
    }[counter.case]
    return f"Before I accept, I'd like to talk about the base salary. {context} {ask}"


def _email(
    bm: Benchmark,
    level: str,
    region: str,
    base: float,
    counter: rules.Counter,
    company: str,
    name: str,
    keys: Sequence[str],
    recipient: str = "[Hiring manager]",
    competing: Optional[float] = None,
) -> str:
    title = bm.levels[level].title
    reasons = "\n".join(f"- {EMAIL_REASONS[key]}" for key in keys)
    lead = "What I'd bring:" if counter.case == "none" else "I think that is justified because:"
    return "\n".join(
        [
            f"Subject: Your offer for the {title} role at {company}",
            "",
            f"Dear {recipient},",
            "",
            f"Thank you for offering me the {title} role at {company}. I've enjoyed getting to know the team and I'm keen to make this work.",
            "",
            _ask_paragraph(bm, level, region, base, counter),
            "",
            *(
                [
                    f"I should also say that I have another offer at {money(competing)} base. {company} is where I'd rather be, "
                    "so I wanted to ask whether you could match it.",
                    "",
                ]
                if competing
                else []
            ),
            lead,
            reasons,
            "",
            "I'm confident we can land on a package that works for both of us, and I'd be glad to talk it through on a call. Thank you again for the offer.",
            "",
            "Kind regards,",
            name,
        ]
    )


def _remote_hint(bm: Benchmark, level: str, region: str) -> Optional[str]:
    """Outside the benchmark's reference region, its band is a reference for remote roles (tip: remote rates);
    the sentence follows 'If the role is remote, '."""
    reference = bm.reference_region
    if region == reference or "remote_london_rates" not in bm.tips:
        return None
    return (
        f"the {_band_label(bm, level, reference)} is also a fair reference (the benchmark's tip '{bm.tips['remote_london_rates'].title}')."
    )


def counter_email_reply(
    bm: Benchmark,
    level: str,
    region: str,
    offer: Offer,
    employer_name: Optional[str] = None,
    user_name: Optional[str] = None,
    recipient: Optional[str] = None,
    prefer: Sequence[str] = (),
    competing: Optional[float] = None,
) -> r.Reply:
    """A ready-to-send counter email, with a line before it saying how the figure was reached.
    `prefer`: tip keys the user asked to mention ('mention my GPU work'), put first among the reasons;
    `competing`: another offer's base the user wants matched, which the email names."""
    base = _offer_base(offer)
    if base is None:
        return r.of(r.text("To draft the email I need the base salary on the offer — what is it?"))
    band = bm.bands[(level, region)]
    counter = rules.counter(band, base)
    wanted = [key for key in prefer if key in EMAIL_REASONS and key in bm.tips]
    keys = list(dict.fromkeys(wanted + [key for key in REASONS_BY_CASE[counter.case] if key in bm.tips]))[:3]
    body = _email(
        bm,
        level,
        region,
        base,
        counter,
        employer_name or "[Company]",
        user_name or "[Your name]",
        keys,
        recipient or "[Hiring manager]",
        competing if competing and competing > base else None,
    )
    how = f"How I got there: your offer of {_base_against_band(bm, base, level, region)} {counter.rule_text}"
    if competing and competing > base:
        how += (
            f" You have another offer at {money(competing)} (your figure), {money(competing - base)} more, and the email asks them to "
            f"match it; the competing offer is {rules.position_phrase(band, competing, _band_name(bm, level, region))}."
        )
    out = r.of(r.text(how))
    extras = ["Fill in the bracketed parts before sending."]
    if "gpu_experience" in keys:
        extras.append(
            "The GPU point is there because scarce skills are what justify the upper part of a band; take it out if it doesn't describe you."
        )
    extras.append("The reasons draw on the benchmark's tips: " + "; ".join(bm.tips[key].title for key in keys) + ".")
    out.add(r.text(" ".join(extras)))
    hint = _remote_hint(bm, level, region)
    if hint:
        out.add(r.text("If the role is remote, " + hint))
    return out.add(r.draft("Counter-offer email", body), _source_note(bm))


# ---------------------------------------------------------------------------------------------
# Call script


def _low_number_line(bm: Benchmark, level: str, region: str, base: Optional[float]) -> str:
    band = bm.bands[(level, region)]
    if base is None:
        ask = money(rules.ask_before_offer(band))
        return (
            f"\"That's lower than I expected. The benchmark band for this level starts at {money(band.low)} base and its "
            f'midpoint is {money(rules.midpoint(band))} — could you get to {ask}?" (the midpoint, rounded up to the next thousand)'
        )
    counter = rules.counter(band, base)
    if counter.amount is None:
        where = "above the band" if base > band.high else "at or past the point three quarters of the way up the band"
        return (
            f"Their {money(base)} is already {where}, so don't push the base: \"Thanks — the base works for me. "
            'Is there flexibility on a sign-on bonus, the bonus or the equity?"'
        )
    if base < band.low:
        gap = money(counter.floor - base)
        return f'"{money(base)} is {gap} under the bottom of the benchmark band for this level, {money(counter.floor)}. Could you get to {money(counter.amount)}?" ({counter.rule_text})'
    return f'"Thanks — could you get to {money(counter.amount)}? That\'s in line with the benchmark band for this level." ({counter.rule_text})'


def _expectations_line(bm: Benchmark, level: str, region: str, base: Optional[float]) -> str:
    """The ask runs from the counter (before an offer: the rounded-up midpoint) to the band's top; an offer
    that already warrants no higher base is accepted on base and the rest of the package is opened."""
    band = bm.bands[(level, region)]
    quoted = f'"For a {bm.levels[level].title} ({bm.regions[region]}), published UK benchmarks put base salary at {money_range(band)}.'
    if base is None:
        low, why = rules.ask_before_offer(band), "the band's midpoint (rounded up to the next thousand)"
    else:
        counter = rules.counter(band, base)
        if counter.amount is None:
            return f"{quoted} The {money(base)} base you've offered works for me; I'd like to talk about the rest of the package.\""
        low, why = counter.amount, "the counter for your offer"
    top_note = " (the top figure the benchmark quotes; the band has no ceiling)" if band.open_ended else ""
    return f"{quoted} I'm looking for a base between {money(low)} and {money(band.high)}.\" That range runs from {why} to the band's top{top_note}."


def _walk_away_line(band: Range, base: Optional[float]) -> str:
    floor = money(rules.floor(band))
    if base is not None and base >= band.low:
        return (
            f"Their offer already clears the bottom of the band for this level, {floor}. If the base were to drop below {floor} "
            "without the difference made up in bonus, equity or sign-on, that is usually a sign to keep looking — your call, "
            "weighed against the role itself."
        )
    return (
        f"If they won't lift the base to at least {floor}, the bottom of the band for this level, and won't make up the difference "
        "in bonus, equity or sign-on, that is usually a sign to keep looking — your call, weighed against the role itself."
    )


def call_script_reply(bm: Benchmark, level: str, region: str, offer: Optional[Offer] = None) -> r.Reply:
    """Short lines for a phone call, anchored on the band: the ask runs from the midpoint to the top."""
    band = bm.bands[(level, region)]
    base = _offer_base(offer) if offer is not None else None
    items = [
        ("Opening", OPENING_WITH_OFFER if base is not None else OPENING_BEFORE_OFFER),
        ("If they ask for your salary expectations", _expectations_line(bm, level, region, base)),
        ("If their first number is low", _low_number_line(bm, level, region, base)),
        (
            "If you need time",
            "\"Thank you — it's a big decision and I'd like to think it over properly. Could I come back to you by [day]?\" "
            "Asking for a day or two is normal.",
        ),
        ("When to walk away", _walk_away_line(band, base)),
    ]
    intro = f"Lines for the call, anchored on the {_band_label(bm, level, region)}. Say them in your own voice."
    if base is not None:
        intro += " " + _base_against_band(bm, base, level, region)
    hint = _remote_hint(bm, level, region)
    if hint:
        items.append(("If the role is remote", hint[:1].upper() + hint[1:]))
    return r.of(r.text(intro), r.bullets(items), _source_note(bm))


# ---------------------------------------------------------------------------------------------
# Walk-away point


def walk_away_reply(
    bm: Benchmark,
    level: str,
    region: str,
    current: Optional[float] = None,
    final: Optional[float] = None,
    offers: Sequence[Tuple[str, float]] = (),
) -> r.Reply:
    """The least base worth accepting (rules.walk_away) and, for a 'final offer' or the offers already
    given (name, base), whether each clears it."""
    band = bm.bands[(level, region)]
    point = rules.walk_away(band, current)
    if point.because_current:
        why = (
            f"what you earn now (your figure), which is above {money(band.low)}, the bottom of the {_band_label(bm, level, region)}: "
            "a move is rarely worth a cut in base"
        )
    else:
        why = f"the bottom of the {_band_label(bm, level, region)}"
        if current is not None:
            why += f"; it is at or above what you earn now, {money(current)} (your figure)"
    out = r.of(r.text(f"Your walk-away point: {money(point.amount)} base, {why}."))
    if final is None:
        out.add(r.text("Below it, only say yes if the bonus, equity or sign-on makes up the gap, in writing."))
        if offers:
            out.add(r.bullets([(name, _against_walk_away(base, point.amount)) for name, base in offers]))
    elif final >= point.amount:
        gap = money(final - point.amount)
        out.add(
            r.text(
                f"Their final {money(final)} (your figure) clears it by {gap}: {_base_against_band(bm, final, level, region)} "
                "On base alone there's no reason in the benchmark to decline; weigh the rest of the package and the role."
            )
        )
    else:
        gap = money(point.amount - final)
        out.add(
            r.text(
                f"Their final {money(final)} (your figure) is {gap} short of it. On base alone that points to declining, "
                f"unless the bonus, equity or sign-on makes up the {gap} a year; if it doesn't, saying no politely keeps the door open."
            )
        )
    return out.add(_source_note(bm))


def _against_walk_away(base: float, point: int) -> str:
    if base >= point:
        return f"{money(base)} base (your figure) clears it by {money(base - point)}."
    return f"{money(base)} base (your figure) is {money(point - base)} short of it."


# ---------------------------------------------------------------------------------------------
# Where to aim inside the band


def aim_reply(bm: Benchmark, level: str, region: str, skills: Sequence[str], scarce_skill: str) -> r.Reply:
    """A target inside the band from the skills the user named (rules.aim), the reason in the benchmark's
    terms, and the tip to lean on."""
    band = bm.bands[(level, region)]
    target = rules.aim(band, len(skills), scarce_skill in skills)
    named = ", ".join(skills)
    if target.point == "top":
        why = (
            f"the benchmark's tip is to aim for the top of the published range for {scarce_skill}"
            if scarce_skill in skills
            else "two or more of the skills the benchmark says push pay higher put you at the top of the band"
        )
        where = f"the top of the {_band_label(bm, level, region)}"
        if band.open_ended:
            where += "; the benchmark sets no ceiling on this band, so this is the figure it quotes, not a limit"
    else:
        why = "one of the skills the benchmark says push pay higher puts you in the upper part of the band"
        where = f"three quarters of the way up the {_band_label(bm, level, region)}, rounded up to the next £1,000"
    tip = bm.tips["gpu_experience" if scarce_skill in skills else "show_ml_value"]
    return r.of(
        r.text(f"Aim for {money(target.amount)} base: {where}."),
        r.text(f"Why: you named {named}; {why}."),
        r.bullets([(tip.title, tip.advice)]),
        _source_note(bm),
    )

"""A seeded generator of offer descriptions as people write them, each with its ground truth.

One to four offers, labelled in a common notation ("A:", "(1)", "1)", "a)", "offer 1 =", "option B",
"first offer", bullets, one per line, "vs", a small pasted table), with their components in any
order and form (£, k, grand, thousand, decimals; bonus as % or £; equity per year or over N years;
sign-on; "no bonus", "flat"). `python -m tests.offer_notation --seed N` prints package N to replay;
tests/test_offer_notation.py reads thousands of them with knowledge/offer_text.read_offers and
reports the recovery rate per notation, and any list label, year or vesting period read as money.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

NOTATIONS = (
    "letter_colon",
    "paren_number",
    "number_paren",
    "number_dot",
    "letter_paren",
    "offer_equals",
    "option",
    "ordinal",
    "bullets",
    "lines",
    "vs",
    "table",
    "one_other",  # "one pays 70 grand plus a 5 grand sign on, the other pays 74 thousand flat"
    "columns",  # a table with one column per offer, one row per component
)
EMPLOYERS = ("at Monzo", "from a bank", "at a Series B startup", "at DeepMind", "from a hedge fund", "at Acme AI")


@dataclass(frozen=True)
class Truth:
    """One offer's components as written: None where the text gives none."""

    base: int
    bonus_pct: Optional[float] = None
    bonus_amount: Optional[int] = None
    equity_per_year: Optional[int] = None
    equity_total: Optional[int] = None
    equity_years: Optional[int] = None
    sign_on: Optional[int] = None


@dataclass
class Package:
    seed: int
    notation: str
    text: str
    offers: List[Truth] = field(default_factory=list)
    label_numbers: Tuple[int, ...] = ()  # numbers in the labels ("(1)", "offer 2"): never money


def _money(rng: random.Random, amount: int) -> str:
    """£95,000 as '£95k', '95k', '£95,000', '95 grand', '95 thousand' or, with a half, '97.5k'."""
    thousands = amount / 1000
    text_k = f"{thousands:g}"
    forms = [f"£{text_k}k", f"{text_k}k", f"£{amount:,}"]
    if float(thousands).is_integer():
        forms += [f"{text_k} grand", f"£{text_k} thousand"]
    return rng.choice(forms)


def _truth(rng: random.Random) -> Truth:
    base = rng.randrange(45, 190) * 1000 + (500 if rng.random() < 0.1 else 0)
    bonus_pct = bonus_amount = equity_per_year = equity_total = equity_years = sign_on = None
    kind = rng.random()
    if kind < 0.35:
        bonus_pct = rng.choice([5, 8, 10, 12.5, 15, 20])
    elif kind < 0.55:
        bonus_amount = rng.randrange(3, 21) * 1000
    kind = rng.random()
    if kind < 0.25:
        equity_per_year = rng.randrange(5, 41) * 1000
    elif kind < 0.5:
        equity_years = rng.choice([2, 3, 4])
        equity_total = rng.randrange(2, 21) * 5000 * equity_years // equity_years
    if rng.random() < 0.3:
        sign_on = rng.randrange(2, 21) * 1000
    return Truth(base, bonus_pct, bonus_amount, equity_per_year, equity_total, equity_years, sign_on)


def _components(rng: random.Random, truth: Truth, employer: Optional[str]) -> str:
    """The offer's components in a random order and wording."""
    parts: List[str] = [rng.choice([f"{_money(rng, truth.base)} base", f"base {_money(rng, truth.base)}", _money(rng, truth.base)])]
    extras: List[str] = []
    if truth.bonus_pct is not None:
        pct = f"{truth.bonus_pct:g}%"
        extras.append(rng.choice([f"{pct} bonus", f"bonus {pct}", f"a {pct} bonus target"]))
    elif truth.bonus_amount is not None:
        extras.append(rng.choice([f"{_money(rng, truth.bonus_amount)} bonus", f"bonus of {_money(rng, truth.bonus_amount)}"]))
    if truth.equity_per_year is not None:
        money = _money(rng, truth.equity_per_year)
        extras.append(rng.choice([f"{money} RSUs a year", f"{money}/yr in RSUs", f"equity {money} per year", f"{money} of stock per year"]))
    elif truth.equity_total is not None:
        money, years = _money(rng, truth.equity_total), truth.equity_years
        extras.append(
            rng.choice(
                [
                    f"{money} RSUs over {years} years",
                    f"{money} of options vesting over {years} yrs",
                    f"options worth {money} over {years} years",
                ]
            )
        )
    if truth.sign_on is not None:
        extras.append(
            rng.choice(
                [
                    f"{_money(rng, truth.sign_on)} sign-on",
                    f"{_money(rng, truth.sign_on)} signing bonus",
                    f"sign-on {_money(rng, truth.sign_on)}",
                ]
            )
        )
    if not extras and rng.random() < 0.4:
        extras.append(rng.choice(["no bonus", "nothing else", "flat"]))
    rng.shuffle(extras)
    joined = parts + extras
    text = joined[0] + "".join(rng.choice([", ", " + ", " and ", " plus "]) + part for part in joined[1:])
    return f"{text} {employer}" if employer else text


_LABELS = {
    "letter_colon": lambda n: f"{'ABCD'[n]}: ",
    "paren_number": lambda n: f"({n + 1}) ",
    "number_paren": lambda n: f"{n + 1}) ",
    "number_dot": lambda n: f"{n + 1}. ",
    "letter_paren": lambda n: f"{'abcd'[n]}) ",
    "offer_equals": lambda n: f"offer {n + 1} = ",
    "option": lambda n: f"option {'ABCD'[n]}: ",
    "ordinal": lambda n: f"{('first', 'second', 'third', 'fourth')[n]} offer: ",
    "bullets": lambda n: "- ",
    "lines": lambda n: "",
}


def generate(seed: int) -> Package:
    """Package `seed`: the same seed always gives the same text and truth."""
    rng = random.Random(seed)
    notation = NOTATIONS[seed % len(NOTATIONS)]
    count = 2 if notation in ("vs", "one_other") else rng.randint(1 if notation in ("lines", "bullets") else 2, 4)
    offers = [_truth(rng) for _ in range(count)]
    employers = [rng.choice(EMPLOYERS) if rng.random() < 0.3 else None for _ in offers]
    opening = rng.choice(["", f"{count} offers - which is best? ", "comparing these: ", "got these offers\n"])
    if notation == "vs":
        text = opening + " vs ".join(_components(rng, t, e) for t, e in zip(offers, employers, strict=True))
    elif notation == "one_other":
        first, second = (_components(rng, t, e) for t, e in zip(offers, employers, strict=True))
        text = (
            opening
            + f"{rng.choice(['one pays', 'one is', 'the first pays'])} {first}, {rng.choice(['the other pays', 'the other is', 'the other one:'])} {second}"
        )
    elif notation == "columns":
        names = [f"Offer {'ABCD'[n]}" for n in range(count)]
        rows = [
            " | ".join(["", *names]),
            " | ".join(["---"] * (count + 1)),
            " | ".join(["Base", *(_money(rng, t.base) for t in offers)]),
            " | ".join(["Bonus", *(_bonus_cell(t) for t in offers)]),
            " | ".join(["Equity", *(_equity_cell(rng, t) for t in offers)]),
        ]
        text = opening + "\n".join(f"| {row} |" for row in rows)
        offers = [Truth(t.base, t.bonus_pct, t.bonus_amount, t.equity_per_year, t.equity_total, t.equity_years) for t in offers]
    elif notation == "table":
        rows = [f"{'ABCD'[n]} | {_money(rng, t.base)} | {_bonus_cell(t)} | {_equity_cell(rng, t)}" for n, t in enumerate(offers)]
        text = opening + "offer | base | bonus | equity\n" + "\n".join(rows)
        offers = [Truth(t.base, t.bonus_pct, t.bonus_amount, t.equity_per_year, t.equity_total, t.equity_years) for t in offers]
    else:
        separator = "\n" if notation in ("bullets", "lines") or rng.random() < 0.5 else " "
        text = opening + separator.join(
            _LABELS[notation](n) + _components(rng, t, e) for n, (t, e) in enumerate(zip(offers, employers, strict=True))
        )
    numbers = tuple(range(1, count + 1)) if notation in ("paren_number", "number_paren", "number_dot", "offer_equals") else ()
    return Package(seed, notation, text, offers, numbers)


def _bonus_cell(truth: Truth) -> str:
    if truth.bonus_pct is not None:
        return f"{truth.bonus_pct:g}%"
    return f"£{truth.bonus_amount // 1000}k" if truth.bonus_amount is not None else "-"


def _equity_cell(rng: random.Random, truth: Truth) -> str:
    if truth.equity_per_year is not None:
        return f"£{truth.equity_per_year // 1000}k/yr"
    if truth.equity_total is not None:
        return f"£{truth.equity_total // 1000}k over {truth.equity_years} yrs"
    return "-"


def read_back(package: Package) -> Dict[str, object]:
    """What the reader recovered against the truth: {'exact': bool, 'label_money': bool, 'got': [...]}."""
    from knowledge.offer_text import read_offers

    got = read_offers(package.text)
    want = [_as_read(t) for t in package.offers]
    seen = [_fields(o) for o in got]
    money = {v for o in got for v in (o.base, o.bonus_amount, o.equity_per_year, o.equity_total, o.sign_on) if v is not None}
    truth_money = {v for t in want for v in (t[0], t[2], t[3], t[4], t[6]) if v is not None}
    label_money = any(v in (n, n * 1000) and v not in truth_money for n in package.label_numbers for v in money)
    return {"exact": seen == want, "label_money": label_money, "got": seen, "want": want}


def _as_read(truth: Truth) -> Tuple:
    return (
        float(truth.base),
        truth.bonus_pct,
        _f(truth.bonus_amount),
        _f(truth.equity_per_year),
        _f(truth.equity_total),
        _f(truth.equity_years),
        _f(truth.sign_on),
    )


def _fields(offer) -> Tuple:
    return (
        offer.base,
        offer.bonus_pct,
        offer.bonus_amount,
        offer.equity_per_year,
        offer.equity_total,
        offer.equity_years,
        offer.sign_on,
    )


def _f(value: Optional[int]) -> Optional[float]:
    return None if value is None else float(value)


def main() -> None:
    parser = argparse.ArgumentParser(description="Print generated offer text N and what the reader makes of it.")
    parser.add_argument("--seed", type=int, required=True)
    package = generate(parser.parse_args().seed)
    result = read_back(package)
    print(f"seed {package.seed} ({package.notation})\n{package.text}\n")
    print("want:", result["want"])
    print("got: ", result["got"])
    print("exact" if result["exact"] else "DIFFERENT", "; a label read as money" if result["label_money"] else "")


if __name__ == "__main__":
    main()

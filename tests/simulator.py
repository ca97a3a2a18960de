"""A seeded generator of whole conversations, and the answer each should end with.

Each conversation starts from a ground truth (a level, a place, an offer, a current job), gives its facts
in a random order over one to several short messages, with corrections, references and small talk in
between, and ends with one ask. The expected figures come from the ground truth through tests/figures.py
(the data file), never from the reply. `python -m tests.simulator --seed N` prints conversation N to
replay; tests/test_simulator.py runs a batch over REST against the real servers.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from typing import List, Tuple

from tests import figures

PLACES = {
    "london": ["London", "Camden", "Croydon", "Shoreditch"],
    "rest_of_uk": ["Leeds", "Manchester", "Cardiff", "Glasgow", "Bristol", "Norwich", "Belfast"],
}
LEVEL_WORDS = {
    "junior": ["junior", "a junior"],
    "mid": ["mid-level", "a mid"],
    "senior": ["senior", "a senior"],
    "staff": ["staff", "a staff engineer"],
}
YEARS_INSIDE = {"junior": [1], "mid": [3, 4], "senior": [6, 7], "staff": [10, 12]}  # never 2, 5 or 8: those sit on two bands
SMALL_TALK = ["thanks", "ok cool", "hmm right", "got it, thanks"]
ASKS = (
    "band",
    "offer_check",
    "band_position",
    "counter_email",
    "call_script",
    "total_comp",
    "devops_premium",
    "next_level",
    "compare_offers",
    "two_places",
    "two_levels",
    "two_roles",
    "offer_places",
)
OFFER_NAMES = (  # how people name two offers, one per message: (first, second, the word that picks the second later)
    ("first: ", "second: ", "the second one"),
    ("offer A: ", "offer B: ", "offer B"),
    ("the bank one: ", "the startup is ", "the startup"),
    ("Acme offered ", "Globex offered ", "the Globex one"),
)
WHERE = {"below": -0.15, "lower": 0.2, "upper": 0.6, "top": 0.85}


@dataclass
class Conversation:
    seed: int
    ask: str
    phenomena: Tuple[str, ...]
    turns: List[str] = field(default_factory=list)
    expect: List[str] = field(default_factory=list)  # every one must be in the last reply
    expect_none: List[str] = field(default_factory=lambda: ["something went wrong", "didn't catch"])


def _offer(rng: random.Random, level: str, region: str) -> int:
    low, high = figures.low(level, region), figures.high(level, region)
    share = WHERE[rng.choice(sorted(WHERE))]
    return int(round((low + share * (high - low)) / 1000) * 1000)


def _level_fact(rng: random.Random, level: str) -> str:
    if rng.random() < 0.4:
        years = rng.choice(YEARS_INSIDE[level])
        return rng.choice([f"{years} years experience", f"I've got {years} years in", f"{years} yrs exp"])
    word = rng.choice(LEVEL_WORDS[level])
    return rng.choice([f"I'm {word}", f"{word} level", f"I'm at {word} level", f"the role is {word}"])


def _place_fact(rng: random.Random, place: str) -> str:
    return rng.choice([f"I'm in {place}", f"based in {place}", f"the role is in {place}", f"{place}"])


def _wrong_place(rng: random.Random, region: str) -> str:
    other = next(r for r in PLACES if r != region)
    return rng.choice(PLACES[other])


def generate(seed: int) -> Conversation:
    """Conversation `seed`: the same seed always gives the same conversation."""
    rng = random.Random(seed)
    ask = ASKS[seed % len(ASKS)]
    level = rng.choice(list(figures.BM.levels))
    region = rng.choice(sorted(PLACES))
    place = rng.choice(PLACES[region])
    offer = _offer(rng, level, region)
    phenomena: List[str] = []
    facts: List[List[str]] = []

    if ask == "compare_offers":
        return _two_offers(rng, seed, level, region, place)
    if ask == "two_roles":
        return _two_roles(rng, seed)
    if ask == "offer_places":
        return _offers_in_two_places(rng, seed, level)
    if ask == "devops_premium":
        salary = rng.choice([55_000, 62_000, 70_000, 80_000])
        facts = [
            [rng.choice(["I work in DevOps", "I'm a devops engineer", "currently working in devops"])],
            [f"currently £{salary // 1000}k"],
        ]
        low, high = figures.premium(salary)
        conversation = Conversation(seed, ask, ())
        closing = rng.choice(["so what would an MLOps job pay me?", "what could I earn in mlops then?"])
        expect = [f"{figures.pounds(low)} – {figures.pounds(high)}"]
        phenomena.append("split facts")
    else:
        level_msg, correcting = _level_fact(rng, level), rng.random() < 0.3
        place_msg = _place_fact(rng, _wrong_place(rng, region) if correcting else place)
        if correcting or rng.random() < 0.5:
            facts = [[level_msg], [place_msg]]
            rng.shuffle(facts)
            phenomena.append("split facts")
        else:
            facts = [[f"{level_msg}, {place}" if rng.random() < 0.5 else f"{rng.choice(LEVEL_WORDS[level])} in {place}"]]
        if correcting:  # a wrong place, then the correction
            facts.append([rng.choice([f"sorry, I meant {place}", f"actually it's {place}", f"no wait, {place}"])])
            phenomena.append("correction")
        conversation = Conversation(seed, ask, ())
        offer_k = f"{offer // 1000}k"
        counter = figures.counter(level, region, offer)
        if ask == "band":
            closing, expect = (
                rng.choice(["what's the band?", "so what should I be earning?", "what's the range for me?"]),
                [figures.span(level, region)],
            )
        elif ask == "next_level" and level != "staff":
            facts.append([rng.choice(["what's my band?", "what's the range?"])])
            nxt = list(figures.BM.levels)[list(figures.BM.levels).index(level) + 1]
            closing, expect = (
                rng.choice(["and the next level?", "and one level up?", "what about the level above that?"]),
                [figures.span(nxt, region)],
            )
            phenomena.append("reference")
        elif ask == "next_level":
            closing, expect = "what's the band?", [figures.span(level, region)]
        elif ask == "two_places":
            other = next(r for r in PLACES if r != region)
            closing = rng.choice([f"and {rng.choice(PLACES[other])} vs there?", f"what about there vs {rng.choice(PLACES[other])}?"])
            facts.append([rng.choice(["what's my band?", "what's the range?"])])
            expect = [figures.span(level, region), figures.span(level, other)]
            phenomena.append("reference")
        elif ask == "two_levels":
            levels = list(figures.BM.levels)
            other = levels[levels.index(level) + 1] if level != levels[-1] else levels[levels.index(level) - 1]
            words = {"junior": "junior", "mid": "mid", "senior": "senior", "staff": "staff"}
            closing = rng.choice([f"compare {words[level]} vs {words[other]} here", f"{words[level]} vs {words[other]} pay here?"])
            expect = [figures.span(level, region), figures.span(other, region)]
        elif ask == "offer_check":
            facts.append([rng.choice([f"they offered {offer_k}", f"got an offer of £{offer:,}", f"offer came in at {offer_k}"])])
            closing = rng.choice(["is that fair?", "is it any good?", "should I take it?"])
            expect = [f"Checked {figures.pounds(offer)} base salary"] + ([f"Counter with {figures.pounds(counter)}"] if counter else [])
        elif ask == "band_position":
            facts.append([rng.choice([f"they offered {offer_k}", f"offer is {offer_k}"])])
            closing = rng.choice(["where does that put me in the band?", "how far up the band is that?"])
            expect = [figures.pounds(offer) + " (your figure) is"]
        elif ask == "counter_email":
            facts.append([rng.choice([f"they offered {offer_k}", f"offer is {offer_k}"])])
            closing = rng.choice(["write me a counter offer email", "can you draft the email to push back?"])
            expect = ["Subject: Your offer", figures.pounds(counter) if counter else "rest of the package"]
        elif ask == "call_script":
            facts.append([rng.choice([f"they offered {offer_k}", f"offer is {offer_k}"])])
            closing = rng.choice(["what do I say on the call?", "how do I handle the phone call?"])
            expect = [f"get to {figures.pounds(counter)}?"] if counter else ["already"]
        else:  # total_comp
            bonus = rng.choice([5, 10, 15])
            facts.append([f"base {offer_k}"])
            facts.append([rng.choice([f"{bonus}% bonus", f"plus a {bonus}% bonus target"])])
            closing = rng.choice(["so what's the total?", "what's that a year all in?"])
            expect = [figures.pounds(offer + offer * bonus // 100)]
            phenomena += [] if "split facts" in phenomena else ["split facts"]
    if rng.random() < 0.25:  # small talk somewhere before the ask
        facts.insert(rng.randrange(len(facts) + 1), [rng.choice(SMALL_TALK)])
        phenomena.append("small talk")
    conversation.turns = [message for group in facts for message in group] + [closing]
    conversation.expect = expect
    conversation.phenomena = tuple(phenomena) or ("one message",)
    return conversation


def _two_offers(rng: random.Random, seed: int, level: str, region: str, place: str) -> Conversation:
    """Two packages named one per message, then both side by side, or one of them picked out by the
    word that names it; the totals come from the figures given."""
    first, second, pick = rng.choice(OFFER_NAMES)
    base_a, base_b = _offer(rng, level, region), _offer(rng, level, region) + 3000
    bonus = rng.choice([10, 15, 20])
    equity, years = rng.choice([(40_000, 4), (60_000, 3), (80_000, 4)])
    turns = [f"{rng.choice(LEVEL_WORDS[level])} in {place}"]
    turns.append(f"{first}{base_a // 1000}k base and {bonus}% bonus")
    turns.append(f"{second}{base_b // 1000}k base with {equity // 1000}k RSUs over {years} years")
    total_a, total_b = base_a + base_a * bonus // 100, base_b + equity // years
    phenomena = ["split facts"]
    if rng.random() < 0.25:
        turns.insert(rng.randrange(2, len(turns) + 1), rng.choice(SMALL_TALK))
        phenomena.append("small talk")
    if rng.random() < 0.5:
        turns.append(rng.choice(["which is worth more a year?", "compare them side by side", "how do both stack up?"]))
        expect = [figures.pounds(total_a), figures.pounds(total_b)]
    else:
        turns.append(f"what's {pick} worth a year all in?")
        expect = [figures.pounds(total_b)]
        phenomena.append("reference")
    conversation = Conversation(seed, "compare_offers", tuple(phenomena), turns, expect)
    return conversation


ROLE_WEIGHED = ("I'm weighing {a} or {b}", "torn between {a} and {b}", "deciding between {a} and {b}", "{a} vs {b}?")


def _two_roles(rng: random.Random, seed: int) -> Conversation:
    """Two roles weighed in one message (different levels, or places), then one picked out ('the latter')
    or both set side by side ('how do those two compare?')."""
    levels = list(figures.BM.levels)
    first = (rng.choice(levels), rng.choice(sorted(PLACES)))
    second = rng.choice([(lv, r) for lv in levels for r in PLACES if (lv, r) != first])
    said = [
        f"{rng.choice(['', 'a '])}{LEVEL_WORDS[lv][0].replace('mid-level', 'mid')} role in {rng.choice(PLACES[r])}"
        for lv, r in (first, second)
    ]
    turns = [rng.choice(ROLE_WEIGHED).format(a=said[0], b=said[1])]
    phenomena = ["reference"]
    if rng.random() < 0.25:
        turns.append(rng.choice(SMALL_TALK))
        phenomena.append("small talk")
    if rng.random() < 0.5:
        index, words = rng.choice([(0, "the former"), (1, "the latter"), (0, "the first one"), (1, "the second one")])
        turns.append(rng.choice([f"give me the band for {words}", f"what's the band for {words}?", f"ok, {words}"]))
        other = (second, first)[index]
        expect = [figures.span(*(first, second)[index])]
        none = [figures.span(*other)] if figures.span(*other) != expect[0] else []
    else:
        turns.append(rng.choice(["how do those two compare?", "which pays more?", "how far apart are they?"]))
        expect, none = [figures.span(*first), figures.span(*second)], []
    conversation = Conversation(seed, "two_roles", tuple(phenomena), turns, expect)
    conversation.expect_none += none
    return conversation


def _offers_in_two_places(rng: random.Random, seed: int, level: str) -> Conversation:
    """Two offers, one per message, each in its own place; then each against its own place's band, or
    one of them checked by its label (in its place, not the place said last)."""
    regions = rng.sample(sorted(PLACES), 2)
    bases = [_offer(rng, level, region) for region in regions]
    names = rng.choice([("option A", "option B"), ("offer A", "offer B"), ("first", "second")])
    turns = [rng.choice([f"I'm {rng.choice(LEVEL_WORDS[level])}", f"{rng.choice(LEVEL_WORDS[level])} level"])]
    for name, region, base in zip(names, regions, bases, strict=True):
        place = rng.choice(PLACES[region])
        turns.append(rng.choice([f"{name} is {place}, {base // 1000}k", f"{name}: {base // 1000}k in {place}"]))
    if rng.random() < 0.5:
        turns.append(rng.choice(["how does each compare with its band?", "where does each sit in its band?"]))
        expect = [figures.span(level, regions[0]), figures.span(level, regions[1])]
    else:
        index = rng.randrange(2)
        label = names[index] if names[index] != "first" else "the first one"
        label = label if names[index] != "second" else "the second one"
        turns.append(rng.choice([f"is {label} fair?", f"is {label} any good?"]))
        expect = [f"Checked {figures.pounds(bases[index])} base salary", figures.span(level, regions[index])]
    return Conversation(seed, "offer_places", ("split facts", "reference"), turns, expect)


def main() -> None:
    parser = argparse.ArgumentParser(description="Print generated conversations to replay.")
    parser.add_argument("--seed", type=int, nargs="+", required=True)
    for seed in parser.parse_args().seed:
        c = generate(seed)
        print(f"seed {seed} ({c.ask}; {', '.join(c.phenomena)})")
        for turn in c.turns:
            print(f"  > {turn}")
        print(f"  expect: {c.expect}")


if __name__ == "__main__":
    main()

"""Which offers a message gives or points at, against the offers already in the case.

A package is read only from package talk (a package intent or topic, pay words such as bonus or
RSUs, an offer's label, or a named offer after another), so a count in another question ('the top
5 employers') never becomes an offer. Then, against the remembered offers, the message either adds
one ('second: ...', 'the startup is 100k + ...' after 'the bank one: ...'), changes one ('what if
the first one's bonus was 15%', 'no, base is 110'), or picks one out ('the bank one', 'offer B',
'the second one'), or all of them ('both', 'each of them')."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import List, Optional, Sequence, Tuple

from actions.slots import MAX_OFFERS, Remembered
from knowledge.compensation import OfferTerms
from knowledge.cues import said
from knowledge.offer_text import name_words, offer_named, read_offers, update_offers
from knowledge.pay_words import BARE_LETTER, OFFER_LABEL, ORDINAL_LABEL, WHICH_OFFER, describes_package

OFFER_TOPICS = ("total_comp", "compare_offers")  # follow-ups may change part of the packages they remembered
OFFER_INTENTS = ("compute_total_comp", "compare_offers")  # packages are read from these, or from text naming pay components
_EVERY_OFFER = re.compile(r"\b(?:both|each|all (?:of )?(?:them|three|my offers)|either|all three|every one)\b", re.I)


def packages(
    text: str,
    intent: Optional[str],
    slots: Remembered,
    aliases,
    earlier_name: Optional[str],
    places: Sequence[str] = (),
    checked_in: Optional[str] = None,
) -> Tuple[List[OfferTerms], bool]:
    """(the packages to work on, whether this message described them). `places` are the band regions this
    message names, in order: one per offer given, or one for a single offer, is that offer's place;
    `checked_in` is the band region of the offer checked before (when it was one place)."""
    topic, pending, case = slots.topic, slots.pending, slots.case
    named_next = bool(offer_named(text)) and bool(case.offers or case.offer_amount)  # "Globex offered 74k" after "Acme offered 70k"
    read = [o for o in read_offers(text, aliases) if o.has_figure]
    package_talk = (
        len(read) > 1  # "1) 44k 2) 48k": offers listed, whatever else the message says
        or intent in OFFER_INTENTS
        or topic in OFFER_TOPICS
        or pending in ("comp_terms", "offers")
        or bool(OFFER_LABEL.search(text))  # "offer B 140k": one of several offers, whatever the topic
        or bool(ORDINAL_LABEL.search(text))  # "first: London, 108k", "second one 112k"
        or named_next
        or describes_package(text)
    )
    given = _placed(read if package_talk else [], places)
    remembered = list(case.offers)
    if (
        not remembered
        and case.offer_amount
        and given
        and (_names_the_next_offer(text, given, [OfferTerms()]) or _another_name(given, case.offer_amount))
    ):
        word, _, letter = (given[0].label or "").partition(" ")
        first = (
            f"{word} A" if word in ("Offer", "Option") and letter[:1] == "B" else earlier_name
        )  # "offer A 130k" checked, then "offer B 140k"
        remembered = [OfferTerms(label=first, base=case.offer_amount, region=checked_in)]  # in the place it was checked in
    if given and remembered:
        added = _named_offer(text, given, remembered)
        if added is not None:
            return added, True
    adds_to_one = len(given) == 1 and given[0].base is None and len(remembered) == 1  # "8% bonus" after "offer: 95k base"
    if given and remembered and (topic in OFFER_TOPICS or adds_to_one or _names_the_next_offer(text, given, remembered)):
        if pending == "offers" or _names_the_next_offer(text, given, remembered):  # "What's the other offer?" / "second: ..."
            given = (remembered + given)[-MAX_OFFERS:]
        else:  # "what if the first one's bonus was 15%", "no, base is 110"
            given = update_offers(remembered, given, text, correcting=said("correction", text)) or given
    elif len(given) == 1 and given[0].base is None and not remembered and case.offer_amount:
        given = [replace(given[0], base=case.offer_amount)]  # "base 104k" checked, then "10% bonus target"
    return (given, True) if given else (remembered, False)


def _placed(given: List[OfferTerms], places: Sequence[str]) -> List[OfferTerms]:
    """'option A is Sheffield, £63k', '115k in London vs 100k in Leeds': each offer with the place named for it."""
    if not given or len(places) != len(given):
        return given
    return [offer if offer.region else replace(offer, region=place) for offer, place in zip(given, places, strict=True)]


def _names_the_next_offer(text: str, given: List[OfferTerms], remembered: List[OfferTerms]) -> bool:
    """'second: a Series B startup, £90k + ...' after one offer: a package of its own, added after the others."""
    if len(given) != 1 or given[0].base is None:
        return False
    return any(i == len(remembered) and pattern.search(text) for i, pattern in WHICH_OFFER)


def _another_name(given: List[OfferTerms], checked: int) -> bool:
    """'a scaleup offered 98k' after 'Monzo offered 105k' was checked: a second offer, named, with its own base."""
    return len(given) == 1 and given[0].base is not None and bool(given[0].label) and given[0].base != checked


def same_offer(a: OfferTerms, b: OfferTerms) -> bool:
    """Two descriptions name the same offer: the same label, employer group or name words."""
    if a.label and b.label and a.label.lower() == b.label.lower():
        return True
    return bool((a.employer and a.employer == b.employer) or (name_words(a.label) & name_words(b.label)))


def _named_offer(text: str, given: List[OfferTerms], remembered: List[OfferTerms]) -> Optional[List[OfferTerms]]:
    """A whole package with a name of its own: the remembered one of that name, given again, or a new
    offer beside the others. None when the message gives no named package."""
    if len(given) != 1 or given[0].base is None or not (given[0].label or given[0].employer):
        return None
    new = given[0]
    for i, old in enumerate(remembered):
        if same_offer(old, new):
            return [new if j == i else o for j, o in enumerate(remembered)]  # "the bank one: 120k + 20%": that offer, restated
    if len(remembered) == 1 and not remembered[0].label and said("correction", text):
        return None  # "sorry, Acme offered 72k": the one offer, corrected
    return (remembered + [new])[-MAX_OFFERS:]


def picked(text: str, offers: Sequence[OfferTerms]) -> Optional[int]:
    """The one remembered offer a message points at ('the bank one', 'offer B', 'the second one'), by
    ordinal or by a word of its name; None when it points at none (or at more than one)."""
    if len(offers) < 2:
        return None
    hits = {i for i, pattern in WHICH_OFFER if pattern.search(text) and i < len(offers)}
    words = set(re.findall(r"[a-z][\w&'-]*", text.lower()))
    hits |= {i for i, offer in enumerate(offers) if name_words(offer.label) & words}
    hits |= {i for i, offer in enumerate(offers) if offer.label and offer.label.lower() in text.lower()}
    letters = {match.upper() for match in BARE_LETTER.findall(text)}  # "and B?", "forget A"
    hits |= {i for i, offer in enumerate(offers) if _letter(offer.label) in letters}
    return hits.pop() if len(hits) == 1 else None


def _letter(label: Optional[str]) -> Optional[str]:
    """'Offer B' -> 'B'; 'B' alone -> 'B'; None for any other label."""
    match = re.fullmatch(r"(?:(?:offer|option)\s+)?([A-D])(?:\s*\(.*\))?", label or "", re.I)
    return match.group(1).upper() if match else None


ORDINALS = ("the first one", "the second one", "the third one", "the fourth one", "the fifth one")  # what a choice button sends


def needs_a_choice(
    offers: Sequence[OfferTerms], chosen: Optional[int], every: bool, amount: Optional[int], last_topic: Optional[str], last_base
) -> bool:
    """Several offers, and a question about one of them that doesn't say which: no figure, no name or
    ordinal, not 'both', and not the follow-up to a question about one offer (whose base is kept)."""
    if len(offers) < 2 or chosen is not None or every or amount is not None:
        return False
    continuing = last_topic in SINGLE_OFFER and last_base is not None and any(o.base == last_base for o in offers)
    return not continuing


SINGLE_OFFER = ("offer", "band_position", "counter_email", "call_script")  # capabilities that work on one offer's base


def every_offer(text: str, offers: Sequence[OfferTerms]) -> bool:
    """'both', 'each of them', 'all three': every remembered offer."""
    return len(offers) > 1 and bool(_EVERY_OFFER.search(text))

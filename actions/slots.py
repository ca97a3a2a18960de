"""What Payband stored in the tracker, read back as typed values.

A slot comes back as whatever JSON the tracker store holds: what this version wrote, what an older
version wrote, or what a client set through a `/intent{"slot": ...}` payload. So nothing read from a
slot is trusted as typed: a value of the wrong shape is dropped with a log line naming the slot and
the type found (never the value: it may be a salary), and the turn goes on as if it were not set.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, fields
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker

from knowledge.case import CASE_FIELDS, ROLES, Case
from knowledge.compensation import OfferTerms
from knowledge.loader import LEVELS, Benchmark
from knowledge.skills import MAX_SKILLS, benchmark_skills

logger = logging.getLogger(__name__)

MAX_OFFERS = 5  # offers remembered at once; more than anyone compares
MAX_OPTIONS = 4  # roles weighed side by side
MAX_NAME = 60  # characters kept of an offer's label or employer
MAX_NUMBER = 1e9  # no figure Payband stores comes near this
PENDING = ("level", "region", "offer_amount", "devops_salary", "comp_terms", "offers", "employer", "start_over", "which_offer", "skills")
_TEXT_FIELDS = ("label", "employer", "region")
_NUMBER_FIELDS = tuple(f.name for f in fields(OfferTerms) if f.name not in (*_TEXT_FIELDS, "unknown", "equity_yearly_assumed"))


CASE_SLOTS = CASE_FIELDS  # one slot per field of the case


@dataclass(frozen=True)
class Remembered:
    """The slots, typed: the user's case, and where the dialogue stands (the capability that answered
    last, the detail Payband asked for). None where a slot is unset or held something unusable."""

    case: Case = Case()
    topic: Optional[str] = None
    pending: Optional[str] = None


def _dropped(tracker: Tracker, slot: str, value: Any) -> None:
    logger.warning("conversation %s: slot %s held a %s Payband cannot use; dropped", tracker.sender_id, slot, type(value).__name__)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and abs(value) <= MAX_NUMBER


def _number(tracker: Tracker, slot: str) -> Optional[float]:
    value = tracker.get_slot(slot)
    if value is None or _is_number(value):
        return None if value is None else float(value)
    _dropped(tracker, slot, value)
    return None


def _whole(tracker: Tracker, slot: str) -> Optional[int]:
    value = _number(tracker, slot)
    return None if value is None else int(value)


def _choice(tracker: Tracker, slot: str, allowed) -> Optional[str]:
    value = tracker.get_slot(slot)
    if value is None or (isinstance(value, str) and value in allowed):
        return value
    _dropped(tracker, slot, value)
    return None


def _place(tracker: Tracker, bm: Benchmark) -> Optional[str]:
    """A remembered place that still names band regions in the data file ('london', 'remote_uk', 'london+rest_of_uk')."""
    value = tracker.get_slot("region")
    if value is None or (isinstance(value, str) and bm.bands_for(value)):
        return value
    _dropped(tracker, "region", value)
    return None


def _text(tracker: Tracker, slot: str) -> Optional[str]:
    value = tracker.get_slot(slot)
    if value is None or isinstance(value, str):
        return value[:MAX_NAME] if value else None
    _dropped(tracker, slot, value)
    return None


def _word(tracker: Tracker, slot: str) -> Optional[str]:
    """A topic: any short snake_case word (the registry decides later whether it knows it)."""
    value = tracker.get_slot(slot)
    if value is None or (isinstance(value, str) and len(value) <= 40 and value.replace("_", "").isalpha()):
        return value
    _dropped(tracker, slot, value)
    return None


def _offer(item: Any, regions) -> Optional[OfferTerms]:
    """One stored offer; None if it is not a mapping or any field has the wrong type. A place that is no
    longer a band region in the data file is left out (the offer's figures still stand)."""
    if not isinstance(item, dict):
        return None
    values: Dict[str, Any] = {}
    for key, value in item.items():
        if key == "region" and isinstance(value, str):
            if value in regions:
                values[key] = value
        elif key in _TEXT_FIELDS and isinstance(value, str):
            values[key] = value[:MAX_NAME]
        elif key in _NUMBER_FIELDS and _is_number(value):
            values[key] = value
        elif key == "unknown" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[key] = tuple(value)
        elif key == "equity_yearly_assumed" and isinstance(value, bool):
            values[key] = value
        elif value is not None:
            return None
    return OfferTerms(**values)


def _offers(tracker: Tracker, bm: Benchmark) -> Tuple[OfferTerms, ...]:
    stored = tracker.get_slot("offers")
    if stored is None:
        return ()
    if not isinstance(stored, list):
        _dropped(tracker, "offers", stored)
        return ()
    offers: List[OfferTerms] = []
    for item in stored[:MAX_OFFERS]:
        offer = _offer(item, bm.regions)
        if offer is None:
            _dropped(tracker, "offers", item)
        else:
            offers.append(offer)
    return tuple(offers)


def _options(tracker: Tracker, bm: Benchmark) -> Tuple[Tuple[Optional[str], Optional[str]], ...]:
    """The roles weighed side by side: [level, region] pairs, each a known level or place or null."""
    stored = tracker.get_slot("options")
    if stored is None:
        return ()
    valid = isinstance(stored, list) and all(
        isinstance(pair, list) and len(pair) == 2 and (pair[0] is None or pair[0] in LEVELS) and (pair[1] is None or pair[1] in bm.regions)
        for pair in stored
    )
    if not valid:
        _dropped(tracker, "options", stored)
        return ()
    return tuple((level, region) for level, region in stored[:MAX_OPTIONS])


def _skills(tracker: Tracker, bm: Benchmark) -> Tuple[str, ...]:
    """Skills the user named: each still one the benchmark names (a renamed one is left out)."""
    stored = tracker.get_slot("skills")
    if stored is None:
        return ()
    if not isinstance(stored, list) or not all(isinstance(skill, str) for skill in stored):
        _dropped(tracker, "skills", stored)
        return ()
    known = benchmark_skills(bm)
    return tuple(skill for skill in stored if skill in known)[:MAX_SKILLS]


def offers_to_slot(offers: List[OfferTerms]) -> List[Dict[str, Any]]:
    """The slot value for these offers: only the fields that are set, so the stored JSON stays small."""
    return [{key: value for key, value in vars(offer).items() if not (value is None or value is False or value == ())} for offer in offers]


def remembered(tracker: Tracker, bm: Benchmark) -> Remembered:
    case = Case(
        level=_choice(tracker, "level", LEVELS),
        years=_number(tracker, "years"),
        years_to=_number(tracker, "years_to"),
        region=_place(tracker, bm),
        place_name=_text(tracker, "place_name"),
        role=_choice(tracker, "role", ROLES),
        current_salary=_whole(tracker, "current_salary"),
        offer_amount=_whole(tracker, "offer_amount"),
        devops_salary=_whole(tracker, "devops_salary"),
        offers=_offers(tracker, bm),
        options=_options(tracker, bm),
        skills=_skills(tracker, bm),
    )
    return Remembered(case, topic=_word(tracker, "topic"), pending=_choice(tracker, "pending", PENDING))

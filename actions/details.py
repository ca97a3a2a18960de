"""What the user has told us so far: this message's entities on top of the remembered slots.

Entity values arrive already normalised by the NLU synonyms (e.g. "Leeds" ->
rest_of_uk); amounts and years are still text and are parsed here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from knowledge.loader import LEVELS, Benchmark
from knowledge.parsing import parse_money, parse_years
from knowledge.queries import levels_for_years

REGION_VALUES = ("london", "rest_of_uk", "remote_uk", "uk")
MAX_TEXT = 2000  # longer messages are cut before any parsing


@dataclass
class Details:
    level: Optional[str] = None
    years: Optional[float] = None
    region: Optional[str] = None
    amount: Optional[int] = None  # an amount in this message
    amount_unreadable: bool = False  # this message had an amount we could not read
    years_unreadable: bool = False
    offer_amount: Optional[int] = None
    devops_salary: Optional[int] = None
    employers: List[str] = field(default_factory=list)
    tip: Optional[str] = None
    foreign_place: Optional[str] = None
    other_role: Optional[str] = None
    new: Dict[str, bool] = field(default_factory=dict)  # which fields this message supplied

    def levels(self, bm: Benchmark) -> List[str]:
        """The level, or the one or two levels that the years of experience fall in."""
        if self.level:
            return [self.level]
        if self.years is not None:
            return levels_for_years(bm, self.years)
        return []

    def regions(self) -> List[str]:
        """Band regions for the remembered place: remote counts as Rest of UK, 'uk' as both."""
        return {"london": ["london"], "rest_of_uk": ["rest_of_uk"], "remote_uk": ["rest_of_uk"], "uk": ["london", "rest_of_uk"]}.get(self.region or "", [])


def _entities(tracker: Tracker) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for entity in tracker.latest_message.get("entities") or []:
        value = entity.get("value")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.setdefault(str(entity.get("entity")), []).append(str(value)[:MAX_TEXT])
    return found


def _number_slot(tracker: Tracker, name: str) -> Optional[float]:
    value = tracker.get_slot(name)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def read_details(tracker: Tracker, bm: Benchmark) -> Details:
    found = _entities(tracker)
    level = tracker.get_slot("level")
    details = Details(
        level=level if level in LEVELS else None,
        years=_number_slot(tracker, "years"),
        region=tracker.get_slot("region") if tracker.get_slot("region") in REGION_VALUES else None,
        offer_amount=_int(_number_slot(tracker, "offer_amount")),
        devops_salary=_int(_number_slot(tracker, "devops_salary")),
    )
    levels = [v for v in found.get("level", []) if v in LEVELS]
    years_text = found.get("years", [])
    if levels:
        details.level, details.years = levels[0], None
        details.new["level"] = True
    if years_text:
        years = parse_years(years_text[0])
        if years is None:
            details.years_unreadable = True
        else:
            details.years = years
            details.level = levels[0] if levels else None
            details.new["years"] = True
    regions = [v for v in found.get("region", []) if v in REGION_VALUES]
    if regions:
        distinct = set(regions)
        if "remote_uk" in distinct:
            details.region = "remote_uk"  # "remote from Cardiff": Rest of UK band plus the London-rates tip
        elif {"london", "rest_of_uk"} <= distinct or "uk" in distinct:
            details.region = "uk"
        else:
            details.region = regions[-1]
        details.new["region"] = True
    amounts = found.get("amount", [])
    if amounts:
        details.amount = parse_money(amounts[0])
        details.amount_unreadable = details.amount is None
    elif tracker.get_slot("pending") in ("offer_amount", "devops_salary"):
        details.amount = _bare_amount(tracker.latest_message.get("text"))
    details.employers = list(dict.fromkeys(v for v in found.get("employer", [])))
    details.tip = (found.get("tip_topic") or [None])[0]
    details.foreign_place = (found.get("foreign_place") or [None])[0]
    details.other_role = (found.get("other_role") or [None])[0]
    return details


def _int(value: Optional[float]) -> Optional[int]:
    return None if value is None else int(value)


def _bare_amount(text: Any) -> Optional[int]:
    """A reply like '95' or 'ninety five' to 'what is the offer?' carries no money entity."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    return parse_money(text)


def remember(details: Details, **extra: Any) -> List[EventType]:
    """Slot events that store what this turn settled, so follow-ups can reuse it."""
    events = [
        SlotSet("level", details.level),
        SlotSet("years", details.years),
        SlotSet("region", details.region),
        SlotSet("offer_amount", details.offer_amount),
        SlotSet("devops_salary", details.devops_salary),
    ]
    events += [SlotSet(name, value) for name, value in extra.items()]
    return events

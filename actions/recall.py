"""'For your senior offer in Manchester (the bank one: £115,000 base, 20% bonus):' — the line that
opens an answer about an offer built from facts given in earlier messages, so the user sees which
of their facts Payband used (and can correct one that is wrong)."""

from __future__ import annotations

from typing import Optional

from actions.details import Details
from actions.offers_said import SINGLE_OFFER
from knowledge import reply as r
from knowledge.case import offer_line
from knowledge.formatting import money
from knowledge.loader import Benchmark

RECALL_OPENING = "For your "  # channels/parts.py compares a later part's answer without this line

ABOUT_AN_OFFER = (*SINGLE_OFFER, "total_comp")  # answers built on one offer


def recalled(bm: Benchmark, details: Details, topic: str) -> Optional[r.Reply]:
    """The opening line, or None when the answer uses nothing remembered (everything was in this message)."""
    if topic not in ABOUT_AN_OFFER:
        return None
    offer = details.offers[details.picked] if details.picked is not None else None
    if offer is None and len(details.offers) == 1 and topic == "total_comp":
        offer = details.offers[0]
    remembered_offer = details.amount is None and not details.offers_new and (offer is not None or details.offer_amount is not None)
    level_known = details.level and not details.new.get("level")
    place_known = details.region and not details.new.get("region")
    if not remembered_offer or not (offer is not None or level_known or place_known):
        return None  # an offer check repeats its own figure, level and band: a second line would say it twice
    level = bm.levels[details.level].title.split()[0].lower() if details.level else None
    if offer is not None and offer.region:
        place = bm.regions[offer.region]
    else:
        place = details.place_name or (bm.regions.get(details.region) if details.region else None)
    what = " ".join(part for part in (level, "offer") if part) + (f" in {place}" if place else "")
    terms = (
        offer_line(bm, offer, details.picked + 1 if details.picked is not None else 1, with_place=False)
        if offer
        else f"{money(details.offer_amount)} base"
    )
    return r.of(r.text(f"{RECALL_OPENING}{what} ({terms}):"))

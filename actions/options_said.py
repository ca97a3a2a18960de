"""Roles the user is weighing side by side, against the options already in the case.

A message that names two or more roles ('staff in Bristol or senior in London', 'junior and mid in
Leeds', 'senior in London or Leeds') makes them the options; a level step ('and the next level?')
makes the level before and the level after the options, so 'how do those two compare?' has two to
compare. A later message points at one ('the latter', 'the first one') or at all of them ('both',
'those two', 'which pays more?'). A message that names one new level and no step drops them: the
user has moved on to one role.
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from actions.slots import MAX_OPTIONS
from knowledge.pay_words import WHICH_OFFER

Option = Tuple[Optional[str], Optional[str]]  # (level, band region): either may be unknown
_THOSE = re.compile(  # every role weighed: "how do those two compare?", "which pays more?", "how far apart are they?"
    r"\b(?:both|those (?:two|2)|these (?:two|2)|the (?:two|2)|each|either)\b|\bwhich (?:one |of (?:them|the two) )?(?:pays|is) "
    r"(?:more|better|higher|best)\b|\bcompare (?:them|those|these)\b|\bhow do (?:they|those|these) compare\b|\bhow far apart\b"
    r"|\bdifference between them\b|\bside by side\b",
    re.I,
)


def weighed(
    levels: Sequence[str], places: Sequence[str], place: Optional[str], stepped_from: Optional[str], before: Sequence[Option] = ()
) -> Optional[Tuple[Option, ...]]:
    """The options this message names: `levels` and `places` are the levels and single band regions it
    names, in order, `place` the one band region known after it (None when it is not one), and
    `stepped_from` the level a step started from; `before` are the options already weighed, which a
    new level or place alone carries over ('London vs the rest for seniors?' / 'and for staff?').
    () drops the options, None leaves them as they are."""
    old_levels, old_places = levels_and_places(before)
    if len(levels) == 1 and not places and not stepped_from and len(old_places) > 1 and len(old_levels) == 1:
        return tuple((levels[0], region) for region in old_places)
    if len(places) == 1 and not levels and len(old_levels) > 1 and len(old_places) == 1:
        return tuple((level, places[0]) for level in old_levels)
    if stepped_from and levels:
        return ((stepped_from, place), (levels[0], place))
    if len(levels) >= 2 and len(places) == len(levels):  # "staff in Bristol or senior in London"
        return tuple(zip(levels, places, strict=True))[:MAX_OPTIONS]
    if len(levels) >= 2:
        return tuple((level, place) for level in levels)[:MAX_OPTIONS]
    if len(levels) == 1 and len(places) >= 2:  # "senior in London or Leeds"
        return tuple((levels[0], region) for region in dict.fromkeys(places))[:MAX_OPTIONS]
    return () if levels else None


def option_picked(text: str, options: Sequence[Option]) -> Optional[Tuple[int, str]]:
    """The one option a message points at ('the latter', 'the first one'), and the words that point;
    None when it points at none, or at more than one."""
    if len(options) < 2:
        return None
    hits = {(i, match.group()) for i, pattern in WHICH_OFFER if (match := pattern.search(text)) and i < len(options)}
    return hits.pop() if len(hits) == 1 else None


def every_option(text: str, options: Sequence[Option]) -> bool:
    """'how do those two compare?', 'which pays more?', 'both': every option, side by side."""
    return len(options) > 1 and bool(_THOSE.search(text))


def all_known(options: Sequence[Option]) -> bool:
    """Two or more roles, each with its level and place: enough to set side by side."""
    return len(options) > 1 and all(level and place for level, place in options)


def levels_and_places(options: Sequence[Option]) -> Tuple[List[str], List[str]]:
    """The distinct levels and places of the options, in order."""
    levels = [level for level, _ in options if level]
    places = [place for _, place in options if place]
    return list(dict.fromkeys(levels)), list(dict.fromkeys(places))

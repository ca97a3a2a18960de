"""Turn the text of a money or experience entity ("90 grand", "seven yrs") into numbers.

Pure functions that never raise on odd input: anything they cannot read
confidently comes back as None, and the caller asks the user again.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

MAX_INPUT = 200  # an entity longer than this is not a number anyone typed on purpose

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_THOUSANDS = re.compile(r"(?<![a-z])(k|grand|thousand|thou)(?![a-z])")
_HALF = re.compile(r"\band a half\b|\bhalf\b|½")

# Annual base salaries outside this are not salaries the benchmark can speak to.
MIN_SALARY, MAX_SALARY = 10_000, 2_000_000


def plausible_salary(value: object) -> bool:
    """A number Payband can treat as an annual salary in pounds (not a bool, NaN, negative or a £5m typo)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and MIN_SALARY <= value <= MAX_SALARY


MAX_YEARS = 60


def words_to_number(text: str) -> Optional[float]:
    """'ninety' -> 90, 'twenty five' -> 25, 'a hundred and ten' -> 110, 'a year' -> 1; None if no number words."""
    current, seen, article = 0, False, False
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in ("a", "an"):
            article = True
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _TENS:
            current += _TENS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
    if seen:
        return float(current)
    return 1.0 if article else None


def _first_number(text: str) -> Optional[float]:
    match = _NUMBER.search(text)
    if match:
        return float(match.group().replace(",", ""))
    return words_to_number(text)


def parse_money(text: object) -> Optional[int]:
    """'£90,000', '90k', '90 grand', '£92.5K', 'ninety thousand' -> pounds a year; None if unreadable.

    A bare number under 1,000 ('90') is read as thousands, the way people
    quote salaries; the reply echoes the pounds so the user sees the reading.
    """
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        return None
    lowered = str(text).lower()[:MAX_INPUT]
    number = _first_number(lowered)
    if number is None:
        return None
    if _THOUSANDS.search(lowered) or number < 1000:
        number *= 1000
    amount = int(round(number))
    return amount if MIN_SALARY <= amount <= MAX_SALARY else None


def parse_years(text: object) -> Optional[float]:
    """'6 years', 'seven yrs', '3 yrs exp', 'two and a half years' -> years; None if unreadable."""
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        return None
    lowered = str(text).lower()[:MAX_INPUT]
    number = _first_number(lowered)
    if number is None and "decade" not in lowered:
        return None
    if re.search(r"\bhalf an? (year|yr)", lowered) and not re.search(r"\d", lowered):
        return 0.5
    if "decade" in lowered and not re.search(r"\d", lowered):
        return 5.0 if "half" in lowered else 10.0
    if re.search(r"\b(months?|mos|mths)\b", lowered):
        number = round(number / 12, 1)
    if _HALF.search(lowered) and number == int(number):
        number += 0.5
    return number if 0 <= number <= MAX_YEARS else None


@dataclass(frozen=True)
class Experience:
    """Years of experience as read: a point (low == high) or a span ('a handful of years' = 3-5)."""

    low: float
    high: float

    @property
    def is_span(self) -> bool:
        return self.high > self.low


_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(?:years?|yrs?)?\s*$")
_JUST_UNDER = re.compile(r"\b(nearly|almost|coming up (on|to)|approaching|just under|under|close to|getting on for|not quite)\b")
_JUST_OVER = re.compile(r"\b(over|just over|more than|a bit over|a little over|north of|a good|and a bit)\b|\+|\bplus\b")


def parse_experience(text: object) -> Optional[Experience]:
    """Experience with the user's hedges kept: '3-5' (a span from the synonyms, e.g. 'a handful
    of years'), 'nearly five years' -> 4-5, 'over 5 years' / '8+ years' -> 5-6 / 8-9,
    'about 5 years' / '5-ish years' -> 5. A span's ends are exclusive when levels are picked."""
    if not isinstance(text, (str, int, float)) or isinstance(text, bool):
        return None
    lowered = str(text).lower()[:MAX_INPUT]
    since = re.search(r"\b(?:since|graduated in)\s+(?:[a-z']+\s+){0,3}((?:19|20)\d\d)\b", lowered)
    if since:  # "since 2019": whole years to this year, and up to one more
        years = datetime.date.today().year - int(since.group(1))
        return Experience(float(years), float(years + 1)) if 0 <= years <= MAX_YEARS else None
    span = _SPAN.match(lowered)
    if span:
        low, high = float(span.group(1)), float(span.group(2))
        return Experience(low, high) if 0 <= low < high <= MAX_YEARS else None
    years = parse_years(lowered)
    if years is None:
        return None
    if _JUST_UNDER.search(lowered) and years >= 1:
        return Experience(years - 1, years)
    if _JUST_OVER.search(lowered) and years < MAX_YEARS:
        return Experience(years, years + 1)
    return Experience(years, years)


MIN_BARE_SALARY = 20_000  # '12' after a band question is more likely a head count than £12,000

# A number with no unit in a message about pay: '95', 'they said 95', '85-90', '100 to 105'.
_BARE = re.compile(
    r"(?<![\d£.,])(\d{2,3}(?:\.\d)?)(?:\s*(?:-|–|to)\s*(\d{2,3}(?:\.\d)?))?(?![\d.,]*\s*(?:%|percent|years?|yrs?|y\b|yoe|months?|people|hours?|days?|weeks?))",
    re.I,
)


def bare_amount(text: object) -> Optional[tuple]:
    """The first unit-less number that reads as a salary in thousands, as (low, high); None if there is none."""
    if not isinstance(text, str):
        return None
    match = _BARE.search(text[:MAX_INPUT])
    if not match:
        return None
    low = parse_money(match.group(1))
    high = parse_money(match.group(2)) if match.group(2) else low
    if low is None or high is None or high < low or low < MIN_BARE_SALARY:
        return None
    return low, high


# Words just before an amount that mark it as the offer's base salary (vs total comp or a current salary).
_OFFER_CUE = re.compile(
    r"(offer\w*( (came|comes|come) in)?|base( salary)?|paying|pay me|salary of|said|says|came back with|back with|got)"
    r"\W*(of|is|at|me|was|for)?\W*£?$",
    re.I,
)
# Words just before an amount that mark it as what the user earns now, not the offer.
_CURRENT_CUE = re.compile(
    r"(i'?m on|i am on|currently( on)?|current( salary)?( is)?|earning|i earn|i get|on|(my )?(pay|salary|base)( is)?|paid)\W*£?$", re.I
)
_RANGE_START = re.compile(r"(\d+(?:[.,]\d+)?)\s*(k|grand)?\s*(-|–|to|and)\s*£?$", re.I)


_RANGE_INSIDE = re.compile(r"£?(\d+(?:\.\d+)?)\s*(k|grand)?\s*(?:-|–|to)\s*£?(\d+(?:\.\d+)?)\s*(k|grand)?", re.I)
_RANGE_JOIN = re.compile(r"^\s*(-|–|to|and)\s*£?$", re.I)
_TOTAL_COMP = re.compile(r"^\s*(total|tc\b|all[- ]in|ote\b|package)", re.I)


def _money_with_unit(number: str, unit_from: str) -> Optional[int]:
    """'85' with the unit of '90k' -> 85,000: "85-90k" means thousands at both ends."""
    return parse_money(number + ("k" if re.search(r"k|grand", unit_from, re.I) else ""))


def pick_offer_amount(text: str, amounts: List[Tuple[int, str]]) -> Tuple[Optional[int], Optional[Tuple[int, int]], bool]:
    """The amount that is the offer ("on 60k, offered 75k" -> 75k; "total 120k, base 90k" -> 90k),
    the (low, high) range when it was given as one ("85-90k", "between 80 and 90k", "80k to 90k"),
    and whether the user called it total compensation rather than base salary."""
    cued = [a for a in amounts if _OFFER_CUE.search(text[max(0, a[0] - 30) : a[0]])]
    if not cued and len(amounts) > 1:  # "they said 65 and i'm on 60": the one that isn't the current salary
        cued = [a for a in amounts if not _CURRENT_CUE.search(text[max(0, a[0] - 20) : a[0]])][:1]
    index = amounts.index(cued[-1]) if cued else len(amounts) - 1 if len(amounts) > 1 else 0
    start, value = amounts[index]
    after = text[start + len(value) : start + len(value) + 20]
    is_total = bool(_TOTAL_COMP.match(after))
    inside = _RANGE_INSIDE.fullmatch(value.strip())
    if inside:
        unit = inside.group(2) or inside.group(4) or ""
        low, high = _money_with_unit(inside.group(1), unit), parse_money(inside.group(3) + (inside.group(4) or ""))
    else:
        low = high = parse_money(value)
        before = _RANGE_START.search(text[max(0, start - 20) : start])
        following = amounts[index + 1] if index + 1 < len(amounts) else None
        if before:
            low = _money_with_unit(before.group(1) + (before.group(2) or ""), value)
        elif following and _RANGE_JOIN.match(text[start + len(value) : following[0]]):
            high = parse_money(following[1])
    if low is not None and high is not None and low < high:
        return low, (low, high), is_total
    return high if high is not None else low, None, is_total


def reply_amount(text: Any, asked: bool) -> Tuple[Optional[int], Optional[Tuple[int, int]]]:
    """A reply like '95', 'they said 95' or '85-90' once pay is the topic carries no money entity:
    its number is read in thousands (and a range at its bottom, as for '85-90k'). Number words
    ('ninety five') count only as the answer to 'what is the offer?'."""
    if not isinstance(text, str):
        return None, None
    found = bare_amount(text)
    if found is None:
        return (parse_money(text) if asked and len(text) <= 40 else None), None
    low, high = found
    return low, ((low, high) if high > low else None)


# What the user does now, said of themselves: "I work in DevOps", "as a devops engineer", "moving from devops",
# "I'm a senior MLOps engineer" (not "MLOps roles" they are looking at, nor "the devops premium").
_ROLES = (
    (
        "devops",
        re.compile(
            r"\b(?:i'?m|i am|i work|i've been|ive been|working|currently|been)\b(?:[\s/]+\w+){0,3}?[\s/]+dev\s?ops\b"
            r"|\bas\s+an?\s+(?:\w+\s+)?dev\s?ops\b|\bfrom\s+dev\s?ops\b|\bdev\s?ops\s+(?:eng\w*|person|lead|sre)\s+here\b",
            re.I,
        ),
    ),
    (
        "mlops",
        re.compile(r"\b(?:i'?m|i am|i work|working|currently)\b(?:\s+\w+){0,3}?\s+mlops\b(?!\s+(?:roles?|jobs?|positions?|market))", re.I),
    ),
)


def current_role(text: Any) -> Optional[str]:
    """'devops' or 'mlops' when the user says what they do now; None otherwise."""
    if not isinstance(text, str):
        return None
    return next((role for role, pattern in _ROLES if pattern.search(text)), None)


# Stricter than _CURRENT_CUE (which only has to tell two amounts apart): a lone "on" ("pushing back on 62k",
# "London, £95,000") does not make an amount the user's own pay.
_CURRENT_WORDS = (
    r"\b(?:i'?m on|im on|i am on|currently(?: on| earning| making| paid| at)?|(?:my )?current(?: salary| pay| base)?(?: is)?"
    r"|my salary(?: is)?|(?:i'?m )?earning|i earn|i make|i'?m making|i get paid|i'?m paid)"
)
_CURRENT_PAY = re.compile(_CURRENT_WORDS + r"\W*£?$", re.I)
_CURRENT_FIGURE = re.compile(_CURRENT_WORDS + r"\W*£?\s*(\d[\d,.]*\s*(?:k|grand)?)", re.I)


def current_in_text(text: Any) -> Optional[int]:
    """The user's own pay in a message with no money entity ("currently 62", "i'm on 62"), in thousands
    as a bare pay reply is read; None if no figure is cued as theirs."""
    if not isinstance(text, str):
        return None
    match = _CURRENT_FIGURE.search(text[:MAX_INPUT])
    if not match:
        return None
    found = bare_amount(match.group(1)) or (parse_money(match.group(1)), None)
    return found[0]


def current_amount(text: str, amounts: List[Tuple[int, str]], loose: bool = False) -> Optional[int]:
    """The amount the user says they earn now ("I'm on 62k", "currently £62k"), if one is cued so; `loose`
    (their job is known) also takes a plain "on £48k"."""
    cue = _CURRENT_CUE if loose else _CURRENT_PAY
    for start, value in amounts:
        before, after = text[max(0, start - 24) : start], text[start + len(value) : start + len(value) + 24]
        if (cue.search(before) or _CURRENT_AFTER.match(after)) and not _OFFER_CUE.search(text[max(0, start - 30) : start]):
            return parse_money(value)
    return None


_CURRENT_AFTER = re.compile(
    r"\s*(?:base\s+|salary\s+)?(?:currently|atm|at the moment|right now|now|at present|these days)\b", re.I
)  # "100k currently"


# "and the next level?", "one level up", "and above that?", "two up"; "the level below", "one down then".
_NOT_A_FIGURE = r"(?!\s+(?:figure|number|amount|offer|salary|pay))"
_COUNT = r"(?:one|two|three|1|2|3|a)"
_LEVEL_UP = re.compile(
    r"\b(?:next|higher)\s+(?:level|lvl|grade|band|one\s+up|one)\b|\b(?:level|lvl)\s+(?:up|above)\b"
    rf"|\b{_COUNT}\s+(?:more\s+)?(?:level\s+)?(?:up|higher|above)\b|\b(?:go\s+)?up\s+{_COUNT}\b"
    rf"|\b(?:the\s+(?:one|level)\s+)?above\s+(?:that|it|this)\b{_NOT_A_FIGURE}|\bstep\s+up\b",
    re.I,
)
_LEVEL_DOWN = re.compile(
    r"\b(?:previous|lower)\s+(?:level|grade|band)\b|\blevel\s+(?:below|down|lower)\b"
    rf"|\b{_COUNT}\s+(?:more\s+)?(?:level\s+)?(?:down|lower|below)\b|\b(?:go\s+)?down\s+{_COUNT}\b"
    rf"|\b(?:the\s+(?:one|level)\s+)?below\s+(?:that|it|this)\b{_NOT_A_FIGURE}|\bstep\s+down\b",
    re.I,
)
_COUNTS = {"two": 2, "2": 2, "three": 3, "3": 3}


def level_step(text: Any) -> Tuple[int, str]:
    """(+n, the words) for n levels up from the one in the conversation, (-n, the words) for down,
    (0, '') when the text asks neither or both."""
    if not isinstance(text, str):
        return 0, ""
    up, down = _LEVEL_UP.search(text), _LEVEL_DOWN.search(text)
    if bool(up) == bool(down):
        return 0, ""
    match = up or down
    count = next((_COUNTS[word] for word in match.group().lower().split() if word in _COUNTS), 1)
    return (count if up else -count), match.group()


_COMPETING = re.compile(
    r"\b(?:match|matching|elsewhere|competing|another (?:offer|company|firm)|other (?:offer|company|firm)|counter[- ]?offer from)\b", re.I
)


def competing_amount(text: str, amounts: List[Tuple[int, str]]) -> Optional[int]:
    """The amount of another offer the user wants matched ('ask them to match the £108k I was offered
    elsewhere'): one with a competing-offer word within a few words of it; None otherwise."""
    for start, value in amounts:
        near = text[max(0, start - 30) : start + len(value) + 30]
        if _COMPETING.search(near):
            return parse_money(value)
    return None

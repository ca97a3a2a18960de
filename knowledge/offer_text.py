"""Read offer terms (base, bonus, equity, sign-on) out of a user's free text.

"88k base with a 10% bonus and £15k RSUs a year" -> one OfferTerms; "offer A ... offer B ..." or
"... vs ..." -> one per offer. Figures are paired with the nearest component word; a figure no word
claims is the base. Odd figures (a £5m base, a 150% bonus, -5k equity) are kept as read, so
compensation.problems() can ask about them instead of them vanishing. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from knowledge.compensation import OfferTerms
from knowledge.parsing import parse_money, pick_offer_amount, words_to_number
from knowledge.pay_words import (
    BULLET,
    COMPANY_ENDINGS,
    COMPANY_NAME,
    COMPONENTS,
    LIST_LABEL,
    MAX_TEXT,
    NOT_COMPANIES,
    NOT_PEOPLE,
    OFFER_LABEL,
    ORDINAL_NUMBER,
    PERSON_NAME,
    SPREAD_OVER_VESTING,
    WHICH_OFFER,
)

MAX_GAP = 25  # characters allowed between a figure and the word that names it

_NUMBER_WORD = r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|a|an"
_TOKEN = re.compile(
    r"(?:(?P<neg>[-−])(?!\s))?(?:£\s?)?(?P<neg2>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<unit>k|grand|thousand|m|mn|mil|million)\b)?(?P<pct>\s?(?:%|percent\b|per cent\b))?",
    re.I,
)
_NOT_MONEY_AFTER = re.compile(
    r"^\+?\s?-?\s?(?:years?|yrs?|months?|mos|x\b|st\b|nd\b|rd\b|th\b|people|days?|weeks?|(?:\w+\s+)?(?:offers?|roles?|jobs?|companies)\b)"
    r"|^\s?(?:-|–|to)\s?\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?|yoe)\b"  # "2-5 years": a span of experience
    r"|^\+?\s?(?:\w+\s+)?(?:models?|engineers?|employees|staff|users|customers|teams?|services|nodes|gpus?|clusters?|countries)\b",
    re.I,
)  # "3 senior offers" counts offers, not pounds
_NOT_MONEY_BEFORE = re.compile(r"\b(?:year|yr|series|level|tier|step)\s*$", re.I)
_LABEL_BEFORE = re.compile(r"\b(?:offer|option|number|no\.)\s*#?\s*$", re.I)  # "is option 2 fair?": a label, not £2,000

_PCT_OF_EQUITY = re.compile(r"\s*(?:of\s+(?:the\s+)?)?(?:equity|stake|shares|options|ownership|of the company)\b", re.I)
_PCT_NOT_BONUS = re.compile(
    r"\s*(?:\w+\s+)?(?:pension|employer contribution|raise|rise|increase|equity|stake|shares|options|ownership|of the company)\b", re.I
)
_NEGATED = re.compile(r"\b(?:no|without|zero|nil|excluding|excl\.?)\s+(?:\w+\s+)?$", re.I)  # "76k no bonus": none, not unknown
_RANGE_JOIN = re.compile(r"\s?(?:to|–|-)\s?", re.I)  # between '85k' and 'to 90k'; '85-90k' leaves nothing between
_BLOCKER = re.compile(r"[,;+|()]|\b(?:and|with|plus|vs|but|or|then)\b", re.I)

_SPLIT = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:to|with))(?=\s|$)", re.I)
_THE_OTHER = re.compile(  # "one pays 70 grand plus a 5 grand sign on, the other pays 74 thousand flat"
    r"\b(?:the\s+)?(?:other|second)(?:\s+(?:one|offer|option|company|role|place))?"
    r"(?=\s*(?:pays|is|offers|offering|gives|has|comes|at|[:=£]|\d))",
    re.I,
)
_SEVERAL = re.compile(r"\b(?:offers|two|three|four|2|3|4)\b.{0,20}\boffers\b|\boffers\b", re.I)
_CLAUSE = re.compile(r"[;\n]|,(?!\d{3})|\s+(?:and|or)\s+(?=[£\d])", re.I)
_FROM = re.compile(r"\b(?:at|from)\s+(?:an?\s+|the\s+)?([a-z][\w&'.-]*)", re.I)
_FROM_STOP = {
    "least", "most", "all", "about", "around", "roughly", "approximately", "approx", "this", "that", "my", "our", "their",
    "level", "mid", "mid-level", "senior", "junior", "staff", "principal", "lead", "base", "bonus", "equity", "year", "first",
    "same", "moment", "minimum", "max", "maximum", "best", "present",
}  # fmt: skip
_PER_YEAR = re.compile(
    r"\b(?:per\s+year|a\s+year|each\s+year|every\s+year|per\s+annum|p\.?\s?a\b\.?|annual(?:ly)?|yearly)|/\s?y(?:ea)?r\b", re.I
)
_OVER_YEARS = re.compile(
    rf"\b(?:over|across|for|spread\s+over|vest(?:ing|ed|s)?(?:\s+over)?)\s+(?P<n>{_NUMBER_WORD})\s*(?:-\s*)?(?:years?|yrs?)\b"
    rf"|\b(?P<m>{_NUMBER_WORD})[- ](?:years?|yrs?)\s+(?:vest|vesting|schedule)",
    re.I,
)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    value: float
    is_pct: bool
    text: str


@dataclass(frozen=True)
class _Keyword:
    start: int
    end: int
    name: str


def _amount(num: str, unit: Optional[str]) -> float:
    """Pounds for '88' + 'k', '95,000', '5' + 'm'; a bare number under 1,000 is thousands, as parse_money reads it."""
    unit = (unit or "").lower()
    number = float(num.replace(",", ""))
    if unit in ("m", "mn", "mil", "million"):
        return number * 1_000_000
    shared = parse_money(num + (unit and "k"))  # the project's reading wherever it can give one
    if shared is not None:
        return float(shared)
    return number * 1000 if unit or number < 1000 else number


def _tokens(text: str) -> List[_Token]:
    found = []
    for match in _TOKEN.finditer(text):
        start, end = match.start(), match.end()
        if _NOT_MONEY_AFTER.match(text[end:]) or _NOT_MONEY_BEFORE.search(text[max(0, start - 12) : start]):
            continue
        if re.fullmatch(r"[1-9]", match.group()) and _LABEL_BEFORE.search(text[max(0, start - 12) : start]):
            continue
        joined = start > 0 and text[start - 1].isalnum()
        if joined and not match.group("neg"):  # inside a word ('b2b', 'x10')
            continue
        value = float(match.group("num").replace(",", "")) if match.group("pct") else _amount(match.group("num"), match.group("unit"))
        negative = bool(match.group("neg2") or (match.group("neg") and not joined))  # '85-90k' is a range, not minus 90k
        found.append(_Token(start, end, -value if negative else value, bool(match.group("pct")), match.group()))
    return _merge_ranges(text, found)


def _joined(between: str, token: _Token) -> bool:
    return bool(_RANGE_JOIN.fullmatch(between)) or (between == "" and token.text[:1] in "-−")


def _merge_ranges(text: str, tokens: List[_Token]) -> List[_Token]:
    """'85-90k' or '85k to 90k' is one figure, its bottom: the figure an employer can settle on (as answers.range_note)."""
    merged: List[_Token] = []
    for token in tokens:
        last = merged[-1] if merged else None
        if last and not (last.is_pct or token.is_pct) and 0 < last.value < token.value and _joined(text[last.end : token.start], token):
            merged[-1] = _Token(last.start, token.end, last.value, False, text[last.start : token.end])
        else:
            merged.append(token)
    return merged


def _keywords(text: str) -> List[_Keyword]:
    """Component words, each span claimed once, so 'signing bonus' does not also count as 'bonus'."""
    taken: List[_Keyword] = []
    for name, pattern in COMPONENTS:
        for match in pattern.finditer(text):
            if not any(k.start < match.end() and match.start() < k.end for k in taken):
                taken.append(_Keyword(match.start(), match.end(), name))
    return sorted((k for k in taken if not _NEGATED.search(text[max(0, k.start - 20) : k.start])), key=lambda k: k.start)


def _gap(text: str, token: _Token, keyword: _Keyword, tokens: List[_Token]) -> Optional[str]:
    """The text between a figure and a word, or None if they are too far apart or something separates them."""
    low, high = (token.end, keyword.start) if token.end <= keyword.start else (keyword.end, token.start)
    between = text[low:high]
    if len(between) > MAX_GAP or _BLOCKER.search(between) or any(low <= t.start < high for t in tokens):
        return None
    return between


def _fits(token: _Token, keyword: _Keyword) -> bool:
    return keyword.name == "bonus" if token.is_pct else True


def _pair(text: str, tokens: List[_Token], keywords: List[_Keyword]) -> Dict[int, _Keyword]:
    """Match figures to component words: forced pairs (only one choice on a side) first, then the closest."""
    candidates = [
        (t, k, len(gap.strip())) for t in tokens for k in keywords if _fits(t, k) and (gap := _gap(text, t, k, tokens)) is not None
    ]
    paired: Dict[int, _Keyword] = {}
    used: set = set()
    while True:
        free = [(t, k, d) for t, k, d in candidates if t.start not in paired and k.start not in used]
        if not free:
            return paired
        token, keyword, _ = min(free, key=lambda c, free=free: (not _forced(free, c[0], c[1]), c[2], c[1].start))
        paired[token.start] = keyword
        used.add(keyword.start)


def _forced(free: List[Tuple[_Token, _Keyword, int]], token: _Token, keyword: _Keyword) -> bool:
    """True when the figure or the word has no other partner left, so pairing them cannot steal a better match."""
    return sum(1 for t, _, _ in free if t is token) == 1 or sum(1 for _, k, _ in free if k is keyword) == 1


_WINDOW_END = r"[,;+|?!]|\.(?!\d)|\s[-–—]\s|\b(?:and|plus|vs|but|what|how|is|does)\b"


def _tail(text: str, token: _Token, tokens: List[_Token]) -> str:
    """Text after a figure up to the next figure, separator or question: where 'a year' or 'over 4 years' would be."""
    following = [t.start for t in tokens if t.start > token.start]
    window = text[token.end : following[0] if following else len(text)]
    cut = re.search(_WINDOW_END, window, re.I)
    return window[: cut.start()] if cut else window


def _head(text: str, token: _Token, tokens: List[_Token]) -> str:
    """Text before a figure back to the last figure or separator: where '3 year vesting' would be."""
    before = [t.end for t in tokens if t.end <= token.start]
    window = text[before[-1] if before else 0 : token.start]
    cuts = list(re.finditer(_WINDOW_END, window, re.I))
    return window[cuts[-1].end() :] if cuts else window


def _years_in(window: str) -> Optional[float]:
    match = _OVER_YEARS.search(window)
    if not match:
        return None
    raw = match.group("n") or match.group("m")
    try:
        return float(raw)
    except ValueError:
        return words_to_number(raw)


def _assign(terms: OfferTerms, name: str, token: _Token, tail: str, head: str = "") -> OfferTerms:
    """Put one figure into the terms; a component already filled keeps its first figure.
    A period is read after the figure ('60k RSUs over 3 years'), else before it ('3 year vesting 60k RSUs')."""
    value = token.value
    if name == "bonus":
        if terms.bonus_pct is not None or terms.bonus_amount is not None:
            return terms
        return replace(terms, bonus_pct=value) if token.is_pct else replace(terms, bonus_amount=value)
    if name == "equity" and terms.equity_per_year is None and terms.equity_total is None:
        years = _years_in(tail) if _years_in(tail) is not None else _years_in(head)
        if years is not None and not _PER_YEAR.search(tail):
            return replace(terms, equity_total=value, equity_years=years)
        return replace(terms, equity_per_year=value, equity_yearly_assumed=not _PER_YEAR.search(tail))
    if name == "sign_on" and terms.sign_on is None:
        return replace(terms, sign_on=value, sign_on_years=_years_in(tail))
    if name == "base" and terms.base is None:
        return replace(terms, base=value)
    return terms


def _base_from_unclaimed(text: str, unclaimed: List[_Token]) -> Optional[float]:
    """A figure no component word claims is the base ('120k + 20k equity'); among several, the offer cue decides."""
    if not unclaimed:
        return None
    if len(unclaimed) > 1:
        picked, _, _ = pick_offer_amount(text, [(t.start, t.text.strip()) for t in unclaimed])
        if picked is not None:
            return float(picked)
    return unclaimed[0].value


_TOTAL_ASKED = re.compile(r"\b(?:the\s+)?total\s+(?:comp\w*\s+)?for\b(?=\s*(?:an?\s+|the\s+)?(?:offer\s+(?:of\s+)?)?£?\d)", re.I)


def _read_terms(text: str) -> Optional[OfferTerms]:
    """One offer's terms from its stretch of text; None if it holds no figure and no component word."""
    text = _TOTAL_ASKED.sub(lambda m: " " * len(m.group()), text)  # "total for 105k + 15%": 105k is the base
    tokens, keywords = _tokens(text), _keywords(text)
    if not tokens and not any(k.name in ("bonus", "equity", "sign_on") for k in keywords):
        return None
    paired = _pair(text, tokens, keywords)
    terms = OfferTerms()
    for token in tokens:
        keyword = paired.get(token.start)
        if keyword is not None and keyword.name != "total":
            terms = _assign(terms, keyword.name, token, _tail(text, token, tokens), _head(text, token, tokens))
    loose_pct = [t for t in tokens if t.is_pct and t.start not in paired]
    unknown_equity = any(_PCT_OF_EQUITY.match(text[t.end :]) for t in loose_pct)  # "0.5% equity": a share we can't price
    loose_pct = [t for t in loose_pct if not _PCT_NOT_BONUS.match(text[t.end :])]
    if loose_pct and not terms.has("bonus"):  # "115k + 10%": a loose percentage of pay is the bonus
        terms = replace(terms, bonus_pct=loose_pct[0].value)
    if terms.base is None:
        unclaimed = [t for t in tokens if t.start not in paired and not t.is_pct]
        base = _base_from_unclaimed(text, unclaimed)
        terms = replace(terms, base=base) if base is not None else terms
    used = {k.start for k in paired.values()}
    mentioned = [k.name.replace("_", "-") for k in keywords if k.start not in used and k.name in ("bonus", "equity", "sign_on")]
    mentioned += ["equity"] if unknown_equity else []
    missing = [name for name in dict.fromkeys(mentioned) if not terms.has(name)]
    if terms.sign_on and terms.sign_on_years is None and terms.equity_years and SPREAD_OVER_VESTING.search(text):
        terms = replace(terms, sign_on_years=terms.equity_years)  # "yearly average over the vesting period, sign-on spread"
    return replace(terms, unknown=tuple(missing))


def _label_mark(mark: str) -> str:
    """'b' -> 'B', 'two' -> 'Two': how a label's letter or number is written back."""
    return mark.upper() if len(mark) == 1 else mark.title()


def _segments(text: str) -> List[Tuple[Optional[str], str]]:
    """Split at 'offer A/B' labels and at 'vs': (label, that offer's text with the label blanked out)."""
    cuts: List[Tuple[int, int, Optional[str]]] = [
        (m.start(), m.end(), f"{m.group(1).title()} {_label_mark(m.group(2))}") for m in OFFER_LABEL.finditer(text)
    ]
    cuts += [(m.start(), m.end(), None) for m in _SPLIT.finditer(text)]
    if not cuts:
        cuts = _list_cuts(text)
    if not cuts:
        cuts = [(m.start(), m.end(), None) for m in _THE_OTHER.finditer(text)]
    if not cuts and _SEVERAL.search(text):
        cuts = _clause_cuts(text)
    cuts.sort()
    pieces: List[Tuple[Optional[str], str]] = []
    start, label = 0, None
    for cut_start, cut_end, cut_label in cuts:
        pieces.append((label, text[start:cut_start]))
        start, label = cut_end, cut_label
    pieces.append((label, text[start:]))
    return pieces


def _list_cuts(text: str) -> List[Tuple[int, int, Optional[str]]]:
    """Offers listed in one message: at list labels ('(1)', 'a)', 'A:', 'first offer:') when two or more
    label offers, else at bullets, else at line breaks when two or more lines each give a figure."""
    labels = [(m.start(), m.end(), f"Offer {_list_mark(m)}") for m in LIST_LABEL.finditer(text)]
    if len(labels) > 1:
        return labels
    bullets = [(m.start(), m.end(), None) for m in BULLET.finditer(text)]
    if len(bullets) > 1:
        return bullets
    lines = [m for m in re.finditer(r"\n+", text)]
    pieces = re.split(r"\n+", text)
    if len([piece for piece in pieces if _tokens(piece)]) > 1:
        return [(m.start(), m.end(), None) for m in lines]
    return []


def _list_mark(match: re.Match) -> str:
    mark = match.group("paren") or match.group("closed") or match.group("dot") or match.group("colon")
    mark = mark or ORDINAL_NUMBER[match.group("ordinal").lower()]
    return mark.upper()


def _clause_cuts(text: str) -> List[Tuple[int, int, Optional[str]]]:
    """'three offers: 115k + 10%, 100k + £25k equity, 105k + 5%': cut at the commas (or 'and') before a
    clause whose own figure no component word claims, i.e. before each new base."""
    cuts = []
    for match in _CLAUSE.finditer(text):
        rest = text[match.end() :]
        clause = _CLAUSE.split(rest, maxsplit=1)[0]
        tokens, keywords = _tokens(clause), _keywords(clause)
        paired = _pair(clause, tokens, keywords)
        if any(not t.is_pct and t.start not in paired for t in tokens) and _tokens(text[: match.start()]):
            cuts.append((match.start(), match.end(), None))
    return cuts


_NAME_ENDS = re.compile(
    r"[,.;:?!()]|\s(?:with|plus|and|for|in|on|which|who|that|is|but|as|paying|offering|vs|or)\b|\s£|\s\d+(?:k|,\d{3})", re.I
)


def _offered_by(text: str) -> Optional[str]:
    """Who an offer is from: 'at Acme', 'at a tier 1 bank' (up to four words, stopping before a figure or 'with')."""
    for match in _FROM.finditer(text):
        word = match.group(1).rstrip(".'")
        if word.lower() not in _FROM_STOP and not any(pattern.fullmatch(word) for _, pattern in COMPONENTS):
            rest = text[match.start(1) :]
            end = _NAME_ENDS.search(rest)
            return " ".join((rest[: end.start()] if end else rest).split()[:4]).rstrip(".'") or word
    return None


_LEADING_NAME = re.compile(  # "the bank one: 115k", "A: 90k", "google: 130k", "Monzo offered 105k", "the startup is 100k"
    r"^\s*(?:and\s+|then\s+|also\s+)?(?P<name>(?:(?:the|a|an)\s+)?[a-z][\w&'.-]*(?:\s+[a-z][\w&'.-]*){0,2}?)(?:\s+one)?"
    r"\s*(?::|=|\s[-–]\s|\s+(?:is|are|pays?|offered|offering|(?:is|are)\s+offering|came\s+in\s+at|said|gave\s+me)\b)",
    re.I,
)
_NOT_OFFER_NAMES = frozenset(
    "base basic salary bonus equity rsus rsu options stock shares sign signing total package offer it that this they he she "
    "which what i my mine no yes so ok okay and then also the a an one other latter former first second third their its "
    "option options choice recruiter hr company job role pay comp tc current currently now in at for from on with of to by "
    "junior mid senior staff principal lead graduate grad level mlops devops engineer".split()
)


def offer_named(text: str) -> Optional[str]:
    """The name a message opens with for the one offer it gives ('the bank one: 115k' -> 'the bank one',
    'B: 95k' -> 'Offer B', 'Monzo offered 105k' -> 'Monzo'); None when it opens with no name."""
    match = _LEADING_NAME.match(text)
    if not match:
        return None
    name = " ".join(match.group("name").split())
    words = [w.lower().strip(".'") for w in name.split()]
    if len(words) == 1 and len(words[0]) == 1 and words[0] in "abcd":
        return f"Offer {words[0].upper()}"
    content = [w for w in words if w not in ("the", "a", "an")]
    if not content or any(w in _NOT_OFFER_NAMES or any(p.fullmatch(w) for _, p in COMPONENTS) for w in content):
        return None
    whole = match.group(0).rstrip(" :=-–")
    return name + (" one" if whole.lower().endswith(" one") and not name.lower().endswith(" one") else "")


def offered_by(label: Optional[str]) -> Optional[str]:
    """The company an offer's label names, for a drafted email: 'Offer B (Brightline)' -> 'Brightline',
    'Helix Labs' -> 'Helix Labs'; None for 'Offer A', 'the bank one', 'first'."""
    if not label:
        return None
    inner = re.fullmatch(r"(?:offer|option)\s+\w+\s*\((.+)\)", label, re.I)
    if inner:
        return inner.group(1).strip() or None
    generic = re.match(r"(?:offer|option|the|first|second|third)\b", label, re.I) or re.search(r"\bone$", label, re.I)
    return None if generic or not label[:1].isupper() else label


def name_words(label: Optional[str]) -> frozenset:
    """The words that pick an offer out by name ('the bank one' -> {'bank'}; 'Offer B (Monzo)' -> {'monzo'})."""
    if not label:
        return frozenset()
    words = re.findall(r"[a-z][\w&'-]*", label.lower())
    return frozenset(w for w in words if w not in _NOT_OFFER_NAMES and w not in ("offer", "one") and len(w) > 1)


def _employer(text: str, aliases: Mapping[str, str]) -> Optional[Tuple[str, str]]:
    """(benchmark key, the name as the user wrote it) for the longest alias found as whole words."""
    for alias in sorted(aliases, key=len, reverse=True):
        if not alias.strip():
            continue
        match = re.search(rf"(?<!\w){re.escape(alias.strip())}(?!\w)", text, re.I)
        if match:
            return aliases[alias], match.group()
    return None


def _label(offer_label: Optional[str], offered_by: Optional[str]) -> Optional[str]:
    if offer_label and offered_by:
        return f"{offer_label} ({offered_by})"
    return offer_label or offered_by


def read_offers(text: object, employer_aliases: Optional[Mapping[str, str]] = None) -> List[OfferTerms]:
    """Every offer described in the text, in order; [] when there is none. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return []
    try:
        return _read_offers(text[:MAX_TEXT], {k.lower(): v for k, v in (employer_aliases or {}).items() if isinstance(k, str)})
    except (ValueError, TypeError, OverflowError, re.error):  # odd input must give 'no offer read', not an error
        return []


_CELL_SPLIT = re.compile(r"\s*(?:\||\t)\s*")
_EMPTY_CELL = re.compile(r"^(?:-+|–|—|none|n/?a|nil|no|0|)$", re.I)
_NAME_COLUMN = re.compile(r"^(?:offer|option|name|company|employer|role|#)?$", re.I)


def _kind(cell: str) -> Optional[str]:
    """The pay component a table's header cell names ('Bonus' -> 'bonus'), else None."""
    return next((name for name, pattern in COMPONENTS if pattern.fullmatch(cell.strip().lower())), None)


def _table_pieces(text: str) -> List[Tuple[Optional[str], str]]:
    """A small table pasted from an email or Slack ('offer | base | bonus | equity', one row per offer):
    each row as (label, 'base 53k, bonus 20%, equity £55k over 2 yrs'), so it is read like any offer.
    [] when the text holds no such table."""
    lines = [line.strip() for line in text.splitlines() if ("|" in line or "\t" in line)]
    if sum(line.startswith("|") for line in lines) > len(lines) / 2:  # "which is best? | | Offer A |": the words before the table
        lines = [line[line.index("|") :] if "|" in line else line for line in lines]
    lines = [line.strip("|").strip() for line in lines]
    lines = [line for line in lines if line and not re.fullmatch(r"[-:|\s]+", line)]  # markdown's --- row
    if len(lines) < 3:
        return []
    rows = [_CELL_SPLIT.split(line) for line in lines]
    if sum(_kind(row[0]) is not None for row in rows[1:]) >= 2:  # one column per offer, one row per component
        rows = [list(column) for column in zip(*[row for row in rows if len(row) == len(rows[0])], strict=True)]
    header = [cell.lower() for cell in rows[0]]
    kinds = [_kind(cell) for cell in header]
    if sum(kind is not None for kind in kinds) < 2:
        return []
    pieces = []
    for cells in rows[1:]:
        if len(cells) != len(header):
            continue
        label = next(
            (cell for cell, kind, name in zip(cells, kinds, header, strict=True) if kind is None and _NAME_COLUMN.match(name)), None
        )
        said = [f"{kind.replace('_', '-')} {cell}" for cell, kind in zip(cells, kinds, strict=True) if kind and not _EMPTY_CELL.match(cell)]
        mark = f"Offer {label.upper()}" if label and re.fullmatch(r"[1-4a-dA-D]", label) else label
        pieces.append((mark or None, ", ".join(said)))
    return pieces


def _read_offers(text: str, aliases: Mapping[str, str]) -> List[OfferTerms]:
    offers = []
    for offer_label, piece in _table_pieces(text) or _segments(text):
        terms = _read_terms(piece)
        if terms is None:
            continue
        found = _employer(piece, aliases)
        offered_by = _offered_by(piece) or (offer_named(piece) if not offer_label else None)
        if found:
            terms = replace(terms, employer=found[0])
            if offered_by is None or found[1].lower().startswith(offered_by.lower()):  # 'at Google DeepMind': the whole name
                offered_by = found[1]
        offers.append(replace(terms, label=_label(offer_label, offered_by)))
    if len(offers) > 1:
        offers = [o if o.label else replace(o, label=f"Offer {n}") for n, o in enumerate(offers, 1)]
    return offers


_COMPANY = re.compile(  # "offered 62k at Acme AI", "offered 105k by Helix Labs", "Helix Labs offered 90k", "an email to Corvid Labs"
    rf"\b(?:at|from|by|join(?:ing)?)\s+{COMPANY_NAME}|{COMPANY_NAME}\s+(?:have\s+|has\s+|just\s+)?(?:offered|(?:are|is)\s+offering|came back)\b"
    rf"|\b(?:to|for)\s+((?:[A-Z][\w&.'-]*\s+){{1,3}}(?:{COMPANY_ENDINGS}))\b"
)


def company_named(text: object, not_these: Sequence[str] = ()) -> Optional[str]:
    """A capitalised name after 'at/from/joining' ('offered 62k at Acme AI' -> 'Acme AI') or before 'offered'
    ('Helix Labs offered 90k'), for a
    drafted email; None when there is none or it is one of `not_these` (places, levels the NLU found)."""
    if not isinstance(text, str):
        return None
    skip = {word.lower() for word in not_these}
    for match in _COMPANY.finditer(text[:MAX_TEXT]):
        name = next(group for group in match.groups() if group).strip(".'-")
        if name and name not in NOT_COMPANIES and name.lower() not in skip and len(name) <= 40:
            return name
    return None


_FIELDS = ("base", "bonus_pct", "bonus_amount", "equity_per_year", "equity_total", "equity_years", "sign_on", "sign_on_years")


def update_offers(
    remembered: Sequence[OfferTerms], said: Sequence[OfferTerms], text: str, correcting: bool = False
) -> Optional[List[OfferTerms]]:
    """A follow-up that changes part of an offer already described ('what if the first one's bonus is
    15%', 'base is 100k' after Payband asked for it, 'no, the base is 110' correcting the one offer):
    the remembered offers with that one updated. None when the message describes offers of its own
    (a base, and not only a base for an offer that lacked one or is being corrected)."""
    if len(said) != 1 or not remembered:
        return None
    new = said[0]
    only_base = new.base is not None and all(getattr(new, f) is None for f in _FIELDS if f != "base")
    index = next((i for i, pattern in WHICH_OFFER if pattern.search(text) and i < len(remembered)), None)
    fixes_one = correcting and len(remembered) == 1
    if new.base is not None and not (only_base and (index is not None or fixes_one or any(o.base is None for o in remembered))):
        return None  # a base of its own: a new package, not a change
    if index is None:
        missing_base = [i for i, o in enumerate(remembered) if o.base is None]
        index = missing_base[0] if only_base and missing_base else 0 if len(remembered) == 1 else None
    if index is None:  # "the options are 48k over 4 years": the one offer whose options had no figure
        lacking = [i for i, o in enumerate(remembered) if any(new.has(name) for name in o.unknown)]
        index = lacking[0] if len(lacking) == 1 else None
    if index is None:
        return None
    old = remembered[index]
    changes = {f: getattr(new, f) for f in _FIELDS if getattr(new, f) is not None}
    if "bonus_pct" in changes or "bonus_amount" in changes:  # a new bonus replaces the old one, % or £
        changes.setdefault("bonus_pct", None)
        changes.setdefault("bonus_amount", None)
    if "equity_per_year" in changes or "equity_total" in changes:
        changes.setdefault("equity_per_year", None)
        changes.setdefault("equity_total", None)
    merged = replace(
        old, **changes, equity_yearly_assumed=new.equity_yearly_assumed if "equity_per_year" in changes else old.equity_yearly_assumed
    )
    merged = replace(merged, unknown=tuple(name for name in old.unknown + new.unknown if not merged.has(name)))
    return [merged if i == index else o for i, o in enumerate(remembered)]


_USER_NAME = re.compile(
    rf"(?i:\b(?:my name is|my name's|this is|sign (?:it|off) (?:as|from)))\s+{PERSON_NAME}\b|(?i:\b(?:i'?m|i am))\s+{PERSON_NAME}(?=\s*(?:[,.;!]|$|\s+and\b))"
)  # "I'm Tom, based in Leeds"; not "I am Happy with it"
_RECIPIENT = re.compile(
    rf"(?i:\b(?:(?:email|e-mail|mail|reply|write|message|note|letter)\s+(?:back\s+)?to|dear|addressed to))\s+{PERSON_NAME}\b"
    rf"(?!\s+(?:[A-Z][\w&.'-]*\s+)*(?:{COMPANY_ENDINGS})\b)"  # "to Corvid Labs" is a company
)


def people_named(text: object, not_these: Sequence[str] = ()) -> Tuple[Optional[str], Optional[str]]:
    """(the user's name, the recipient's) from 'I'm Tom', 'email to Sarah at Wise': capitalised first names
    only, never a place or level the NLU found, so an email leaves a placeholder rather than a wrong name."""
    if not isinstance(text, str):
        return None, None
    skip = {word.lower() for word in not_these} | NOT_PEOPLE

    def first(pattern: re.Pattern) -> Optional[str]:
        for match in pattern.finditer(text[:MAX_TEXT]):
            name = next(group for group in match.groups() if group)
            if name[:1].isupper() and name.lower() not in skip:
                return name
        return None

    return first(_USER_NAME), first(_RECIPIENT)

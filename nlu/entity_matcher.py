"""Finds what exact entity rules miss in messy messages: misspelt levels, places,
employers and tip topics ("seinor", "manchster", "deepmnd"), every UK place in the
gazetteer, informal experience ("a handful of years", "coming up on five years")
and unit-less amounts in money talk ("offer came in at 80").

Pure Python (rapidfuzz for edit distances), no Rasa import: the Rasa component
(nlu/components.py) and the channels' question splitter both use it.

Guards against false matches, measured on ordinary English (tests/test_entity_matcher.py):
- a known English word (spaCy's lexeme probabilities, see build_spacy_pipeline.py)
  or an acronym is never fuzzy-matched: "mind" never becomes "mid", "bridging" never "Bridgend";
- fuzzy matching needs 4+ letters, the same first letter, and at most one edit
  (two from 8 letters); a tie goes to the better-known name (hand-listed, then city,
  town, area, village; a UK place before one abroad), and a tie between two
  equally known different things is no match;
- a place whose name is an ordinary word ("Bath", "Reading") counts only when
  written with a capital inside a sentence or right after "in/at/near/from/...".
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

ROOT = Path(__file__).resolve().parent.parent
ENTITY_DIR = ROOT / "data" / "nlu" / "entities"
GAZETTEER_DIR = ROOT / "nlu" / "gazetteer"
COMMON_WORDS = ROOT / "build" / "common-words.txt"
KNOWN_WORDS = ROOT / "build" / "known-words.txt"
CHAT_WORDS = ROOT / "nlu" / "chat_words.txt"

FUZZY_ENTITIES = ("level", "region", "employer", "tip_topic", "foreign_place")  # vocabularies whose words may be misspelt
MAX_WORDS = 4  # longest place or phrase looked up ("newcastle upon tyne", "city of london")
MIN_FUZZY_LETTERS = 4  # "staf", "wayv"; never a common word, and one edit at most below 8 letters
NOT_PLACES = {"march", "may", "june", "july", "august", "sunday", "monday", "friday"}  # months and days before towns
PLACE_PREPOSITIONS = {"in", "at", "near", "from", "around", "to", "outside", "based", "for", "of", "round", "nr"}

_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z'’]*")
_NUMBER_WORDS = r"\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty"
_YEARS_UNIT = r"(?:years?|yrs?|yoe)"
_SINCE_WHAT = (
    r"(?:graduating|graduation|uni|i graduated|i started|starting out|starting|i left uni)(?:\s+in)?"  # "since graduating in 2021"
)
# "coming up on five years", "nearly 3 yrs", "just over 6 years", "4-ish years", "7 years or so"
_QUALIFIED_YEARS = re.compile(
    rf"\b(?:(?:nearly|almost|coming up (?:on|to)|approaching|just under|under|close to|getting on for|about|around|roughly"
    rf"|approximately|approx|over|just over|more than|a bit over|a little over|north of|a good)\s+(?:{_NUMBER_WORDS})\s*\+?\s*{_YEARS_UNIT}"
    rf"|(?:{_NUMBER_WORDS})\s*-?\s*ish\s+{_YEARS_UNIT}"
    rf"|(?:{_NUMBER_WORDS})\s*{_YEARS_UNIT}\s+or so"
    rf"|\d+(?:\.\d+)?\s*(?:-|–|to)\s*\d+(?:\.\d+)?\s*\+?\s*{_YEARS_UNIT}"
    rf"|(?:{_NUMBER_WORDS}) and a bit\s+{_YEARS_UNIT}"
    rf"|(?:nigh on|just shy of|shy of|barely|only|not even)\s+(?:{_NUMBER_WORDS})\s*{_YEARS_UNIT}"
    rf"|(?:{_NUMBER_WORDS})\s+odd\s+{_YEARS_UNIT}|(?:{_NUMBER_WORDS})\s*{_YEARS_UNIT}\s+give or take"
    rf"|(?:a|one|\d+)\s+years?\s+and\s+a\s+half|(?:since|graduated in)\s+(?:{_SINCE_WHAT}\s+)?(?:19[89]\d|20[0-4]\d))\b",
    re.I,
)
# "nine yeras", "4 yaers": a number and a misspelt "years" (checked by edit distance in _experience)
_TYPO_YEARS = re.compile(rf"\b(?:{_NUMBER_WORDS})\s+(?P<unit>[a-z]{{4,6}})\b", re.I)
# A two- or three-digit number right after money words is thousands of pounds: "offer came in at 80, currently on 72".
_BARE_AMOUNT = re.compile(
    r"\b(?:offer(?:ed)?|offer's|offering|came in at|comes in at|came back with|back with|at|on|of|is|was|earning|earn|paid|paying|pays"
    r"|pay me|said|says|offered me|got|salary(?: of| is)?|base(?: of| is)?|currently)"
    r"\s+£?(?P<number>\d{2,3}(?:\.\d)?(?:\s*(?:-|–|to)\s*\d{2,3}(?:\.\d)?)?)"
    r"(?![\d.,]*\s*(?:%|percent|per|years?|yrs?|y\b|yoe|k\b|grand|thousand|people|hours?|hrs?|days?"
    r"|months?|mins?|minutes?|weeks?|x\b|employees|staff|engineers|gpus?|nodes))"
    r"(?!\s*(?:-|–|to)\s*£?\d)"  # "85-90k": the range entity below covers it
    r"(?![\d.,]*[a-z£])",
    re.I,
)
MIN_BARE_AMOUNT, MAX_BARE_AMOUNT = 20, 999
# "85-90k", "£85k to £90k": one amount entity for the whole range (checked at its bottom)
_MONEY_RANGE = re.compile(r"£?\d+(?:\.\d+)?\s*(?:k|grand)?\s*(?:-|–|to)\s*£?\d+(?:\.\d+)?\s*(?:k|grand)\b", re.I)
STOP_WORDS = {"in", "at", "to", "for", "the", "a", "an", "of", "on", "from", "near", "my", "our", "as", "and", "or", "vs", "is", "i", "im"}


@dataclass(frozen=True)
class Term:
    """A phrase Payband knows: what entity it is, its normalised value and how to show it."""

    entity: str
    value: Optional[str]  # None for lookups (foreign_place): the matched text is the value
    display: str
    ambiguous: bool = False
    rank: int = 0  # which wins when a typo is as close to two names: hand-listed, then cities, towns, areas, villages


KIND_RANK = {"city": 1, "nation": 1, "county": 1, "borough": 1, "alias": 1, "town": 2, "area": 3, "village": 4}


@dataclass(frozen=True)
class Match:
    entity: str
    value: str
    start: int
    end: int
    text: str  # as the user wrote it
    display: str  # the canonical name, e.g. "Manchester"
    fuzzy: bool = False


def normalise(text: str) -> str:
    """Lower case, one space, no dots or curly apostrophes: 'St. Albans' ~ 'st albans', 'Stoke-on-Trent' ~ 'stoke on trent'."""
    text = text.lower().replace("’", "'").replace(".", " ")
    return " ".join(re.split(r"[\s\-_]+", text)).strip()


def _synonym_terms(entity_dir: Path) -> Dict[str, Term]:
    terms: Dict[str, Term] = {}
    for path in sorted(entity_dir.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            examples = [line.strip()[2:].strip() for line in entry["examples"].splitlines() if line.strip().startswith("- ")]
            if "lookup" in entry:
                entity, value = entry["lookup"], None
            else:
                entity, value = path.stem, str(entry["synonym"])
            for example in examples:
                terms.setdefault(normalise(example), Term(entity, value, example))
    return terms


def _gazetteer_terms(gazetteer_dir: Path) -> Dict[str, Term]:
    terms: Dict[str, Term] = {}
    uk = gazetteer_dir / "uk_places.csv"
    if uk.exists():
        with uk.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if normalise(row["name"]) in NOT_PLACES:
                    continue
                rank = KIND_RANK.get(row.get("kind", ""), 4)
                terms.setdefault(normalise(row["name"]), Term("region", row["region"], row["name"], row.get("ambiguous") == "1", rank))
    abroad = gazetteer_dir / "foreign_places.csv"
    if abroad.exists():
        with abroad.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                terms.setdefault(normalise(row["name"]), Term("foreign_place", None, row["name"], row.get("ambiguous") == "1", 5))
    return terms


def read_words(path: Path) -> Set[str]:
    """Whitespace-separated words; '#' starts a comment."""
    if not path.exists():
        return set()
    return {word for line in path.read_text(encoding="utf-8").splitlines() for word in line.split("#")[0].split()}


class EntityMatcher:
    """Exact and typo-tolerant look-up of Payband's vocabulary in free text."""

    def __init__(self, terms: Dict[str, Term], known_words: Set[str]) -> None:
        self.terms = terms
        self.known_words = known_words
        self._fuzzy_keys: Dict[str, List[str]] = {}  # by first letter: the keys a typo may stand for
        for key, term in terms.items():
            if term.entity in FUZZY_ENTITIES and not term.ambiguous and len(key.replace(" ", "")) >= 4:
                self._fuzzy_keys.setdefault(key[0], []).append(key)

    @classmethod
    def from_files(
        cls,
        entity_dir: Path = ENTITY_DIR,
        gazetteer_dir: Path = GAZETTEER_DIR,
        common_words: Path = COMMON_WORDS,
        known_words: Path = KNOWN_WORDS,
    ) -> "EntityMatcher":
        terms = _gazetteer_terms(gazetteer_dir)
        synonyms = _synonym_terms(entity_dir)
        for key, term in synonyms.items():  # the hand-written entity files win; the gazetteer spells names
            display = terms[key].display if key in terms else (term.display.title() if term.entity == "region" else term.display)
            terms[key] = Term(term.entity, term.value, display, rank=5 if term.entity == "foreign_place" else 0)
        words = read_words(common_words)
        for key, term in terms.items():  # a gazetteer place named like a common word is ambiguous whatever its row says
            if term.entity == "region" and key in words and key not in synonyms:
                terms[key] = Term(term.entity, term.value, term.display, True, term.rank)
        return cls(terms, read_words(known_words) | words | read_words(CHAT_WORDS))

    # --- matching ---------------------------------------------------------------------------

    def find(self, text: str, taken: Iterable[Tuple[int, int]] = ()) -> List[Match]:
        """Every entity in `text` outside the `taken` character spans, left to right."""
        spans = list(taken)
        found = self._experience(text, spans) + self._amounts(text, spans)
        found += [
            Match("amount", m.group(), m.start(), m.end(), m.group(), m.group())
            for m in _MONEY_RANGE.finditer(text)
            if not _overlaps(m.start(), m.end(), spans + [(f.start, f.end) for f in found])
        ]
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        i = 0
        while i < len(words):
            match = self._at(text, words, i, spans + [(m.start, m.end) for m in found])
            if match is None:
                i += 1
                continue
            found.append(match)
            i += len(_WORD.findall(text[match.start : match.end]))
        return sorted(found, key=lambda m: m.start)

    def _at(self, text: str, words: List[Tuple[int, int, str]], i: int, taken: List[Tuple[int, int]]) -> Optional[Match]:
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + size - 1][1]
            if _overlaps(start, end, taken):
                continue
            key = normalise(text[start:end])
            term = self.terms.get(key)
            if term is not None and (not term.ambiguous or self._looks_like_place(text, start)):
                return Match(term.entity, term.value or text[start:end], start, end, text[start:end], term.display)
        for size in range(min(3, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + size - 1][1]
            if not _overlaps(start, end, taken):
                match = self._fuzzy(text, start, end, [w[2].lower() for w in words[i : i + size]])
                if match is not None:
                    return match
        return None

    def _fuzzy(self, text: str, start: int, end: int, tokens: List[str]) -> Optional[Match]:
        query = normalise(text[start:end])
        letters = len(query.replace(" ", ""))
        if letters < MIN_FUZZY_LETTERS or any(len(token) < 2 for token in tokens):
            return None
        if tokens[0] in STOP_WORDS or tokens[-1].endswith("'s"):
            return None  # "in leeds" is looked up as "leeds"
        if all(token in self.known_words for token in tokens) and (len(tokens) == 1 or letters < 8):
            return None  # "mind" stays a word; a longer phrase of words may still be a misspelt name ("jp morgen")
        if text[start:end].isupper():
            return None  # an acronym ("CORS") is not a misspelt name
        budget = 1 if letters < 8 or all(token in self.known_words for token in tokens) else 2
        candidates = process.extract(query, self._fuzzy_keys.get(query[0], []), scorer=OSA.distance, score_cutoff=budget, limit=5)
        if not candidates:
            return None
        best = min((score, self.terms[key].rank) for key, score, _ in candidates)
        if best[0] > 1 and len(tokens) == 1 and self._two_words(query):
            return None  # "Northwind", "Brightwave": a name made of two words, not a place two letters off
        closest = [key for key, score, _ in candidates if (score, self.terms[key].rank) == best]
        if len({(self.terms[key].entity, self.terms[key].value) for key in closest}) != 1:
            return None  # two different things are equally close and equally well known: don't guess
        term = self.terms[closest[0]]
        return Match(term.entity, term.value or term.display, start, end, text[start:end], term.display, fuzzy=True)

    def value_of(self, entity: str, text: str) -> Optional[str]:
        """The normalised value a phrase stands for ('deepmind' -> 'deepmind_google'), if Payband knows it."""
        term = self.terms.get(normalise(text))
        return term.value if term is not None and term.entity == entity else None

    def _two_words(self, query: str) -> bool:
        return any(query[:i] in self.known_words and query[i:] in self.known_words for i in range(3, len(query) - 2))

    @staticmethod
    def _looks_like_place(text: str, start: int) -> bool:
        """'in Reading', 'moved to bath', or a capital inside a sentence ('I like Bath')."""
        before = text[:start].rstrip()
        previous = re.search(r"([A-Za-z]+)$", before)
        if previous and previous.group(1).lower() in PLACE_PREPOSITIONS:
            return True
        sentence_start = not before or before[-1] in ".!?\n:;"
        if text[start].isupper() and not sentence_start:
            return True
        alone_before = not before or before[-1] in ",-–(/"
        alone_after = re.match(r"^[A-Za-z'’]+\s*([,?!.)/]|$)", text[start:]) is not None
        return alone_before and alone_after  # "twelve years, reading" or just "bath" as a reply

    def _experience(self, text: str, taken: List[Tuple[int, int]]) -> List[Match]:
        found = [
            Match("years", m.group(), m.start(), m.end(), m.group(), m.group())
            for m in _QUALIFIED_YEARS.finditer(text)
            if not _overlaps(m.start(), m.end(), taken)
        ]
        for m in _TYPO_YEARS.finditer(text):
            unit = m.group("unit").lower()
            if (
                unit not in self.known_words
                and OSA.distance(unit, "years") <= 1
                and not _overlaps(m.start(), m.end(), taken + [(f.start, f.end) for f in found])
            ):
                said = text[m.start() : m.start("unit")] + "years"
                found.append(Match("years", said, m.start(), m.end(), m.group(), said, fuzzy=True))
        return found

    @staticmethod
    def _amounts(text: str, taken: List[Tuple[int, int]]) -> List[Match]:
        found = []
        for m in _BARE_AMOUNT.finditer(text):
            start, end = m.span("number")
            first = float(re.match(r"\d+(?:\.\d)?", m.group("number")).group())
            if MIN_BARE_AMOUNT <= first <= MAX_BARE_AMOUNT and not _overlaps(start, end, taken):
                found.append(Match("amount", m.group("number"), start, end, m.group("number"), m.group("number")))
        return found


def _overlaps(start: int, end: int, spans: Iterable[Tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


@functools.lru_cache(maxsize=1)
def shared_matcher() -> EntityMatcher:
    """One matcher per process: the Rasa component and the channels share it."""
    return EntityMatcher.from_files()

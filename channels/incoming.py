"""What a user typed, made ready for NLU: markup reduced to text, several questions
split into turns, and a pasted page condensed to its question and the details in it.

Every channel runs `prepare()` before Rasa sees the text, so the REST channel and
Slack understand the same things. Pure functions apart from the shared entity
matcher, which tells where the details are.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from typing import Dict, List, Set

from knowledge.loader import Benchmark, load_benchmark
from knowledge.offer_text import read_offers
from knowledge.parsing import plausible_salary
from nlu.entity_matcher import shared_matcher

LONG_TEXT = 500  # characters: longer messages are pasted pages (job adverts, offer letters) and get condensed
PASTED_SENTENCES, PASTED_MIN = 4, 200  # so are shorter ones of four or more sentences or lines
MAX_PARTS = 4  # at most this many questions answered from one message
DETAIL_KINDS = ("level", "years", "region", "employer", "tip_topic", "foreign_place", "amount")

# --- markup -------------------------------------------------------------------------------

_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SLACK_SPECIAL = re.compile(r"<[@!][^>]*>")  # <@U123>, <!here>, <!subteam^S1|@team>: no meaning for Payband
_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~`])(?=\S)(.+?)(?<=\S)\1(?![\w*_~`])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_QUOTE_MARK = re.compile(r"^[ \t]*>+[ \t]?", re.M)
_EMOJI_CODE = re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])")


class _TextOnly(HTMLParser):
    """Keeps the text of an HTML fragment; block-level tags become line breaks."""

    BLOCKS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: List[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser's signature
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str) -> str:
    """Slack markup and HTML reduced to the words a person sees; links keep their label."""
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_CHANNEL.sub(lambda m: "#" + (m.group(1) or "channel"), text)
    text = _SLACK_SPECIAL.sub(" ", text)
    if _TAG.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(text)
    for _ in range(2):  # *_bold italic_*
        text = _EMPHASIS.sub(r"\2", text)
    text = _QUOTE_MARK.sub("", text)  # "> " before a quoted line
    text = _EMOJI_CODE.sub(" ", text)  # ":moneybag:"
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


# --- several questions --------------------------------------------------------------------

_QUESTION_WORDS = r"what|what's|whats|how|who|which|where|is|are|does|do|should|can|could|would|will|any|tell|give|show|list|compare"
_JOIN = re.compile(
    rf"(?:\s*[,;]\s*|\s+)(?:and|plus|also|&|but)\s+(?=(?:also\s+)?(?:{_QUESTION_WORDS})\b)|\s*[,;:]\s*(?:plus|also)\s+|\s*;\s*", re.I
)
_COMMA = re.compile(r"\s*(?:,|\s-)\s+")
_AFTER_QUESTION = re.compile(r"(?<=\?)\s+(?=\S)")
_PAIR = re.compile(r"\s+(?:vs\.?|v\.?|versus|compared (?:to|with)|and|\+|&)\s+|\s*,\s*(?:and\s+)?", re.I)
_AMOUNT = re.compile(r"£\s?\d[\d,.]*\s*(?:k\b|grand\b)?|\b\d+(?:\.\d+)?\s*(?:k|grand)\b", re.I)
_YEARS = re.compile(r"\b\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?|yoe)\b", re.I)
_ASKS = {
    "band": r"\bbands?\b|\branges?\b|\bshould i (?:be )?(?:earn|get|ask)",
    "tips": r"\btips?\b|\badvice\b|\bnegotiat",
    "premium": r"\bpremium\b|\bdevops\b",
    "employers": r"\bemployers?\b|\bwho pays\b|\bpays? (?:the )?most\b|\btop[- ]paying\b",
    "faq": r"\baverage\b|\bskills?\b|\bgrowing\b|\bgrowth\b|\bwhere\b.*\b(?:figures|numbers|data)\b|\bsources?\b|\bcome from\b",
    "offer": r"\bfair\b|\boffer\b|\bany good\b",
}


def details_in(text: str) -> Dict[str, Set[str]]:
    """The details a piece of text names, by kind: {'level': {'senior'}, 'region': {'london'}, ...}."""
    found: Dict[str, Set[str]] = {}
    for match in shared_matcher().find(text):
        found.setdefault(match.entity, set()).add(match.value.lower())
    found.setdefault("amount", set()).update(m.group().lower() for m in _AMOUNT.finditer(text))
    found.setdefault("years", set()).update(m.group().lower() for m in _YEARS.finditer(text))
    return {kind: values for kind, values in found.items() if values}


def _asks(text: str) -> Set[str]:
    return {name for name, pattern in _ASKS.items() if re.search(pattern, text, re.I)}


def _new_in(left: str, right: str) -> Set[str]:
    """The kinds of detail and the asks the second part names that the first didn't."""
    before, after = details_in(left), details_in(right)
    details = {kind for kind, values in after.items() if kind in DETAIL_KINDS and values - before.get(kind, set())}
    return details | (_asks(right) - _asks(left))


def _brings_something_new(left: str, right: str) -> bool:
    """A second question is worth its own turn when it names a detail or asks for a thing the first didn't."""
    return bool(_new_in(left, right))


def _complete(text: str) -> bool:
    return len(re.findall(r"\w+", text)) >= 2


def _split_after_details(sentence: str) -> List[str]:
    """'mid in bristol, any tips for negotiating?': details first, then a different question about them."""
    first = _COMMA.search(sentence)
    if first:
        left, right = sentence[: first.start()], sentence[first.end() :]
        adds_details = _new_in(left, right) & {"level", "region"}  # "... offered 88k, mid level in london. help me write ...": one ask
        if _self_contained(left) and _complete(right) and _asks(right) - _asks(left) - {"offer", "band"} and not adds_details:
            return [left, right]  # not for "senior in london, is 90k fair?", "junior in croydon - what's the range" or "bristol, hybrid"
    return [sentence]


def _split_joined(sentence: str) -> List[str]:
    """'mid band in Cardiff and what does DeepMind pay?' -> two questions; 'is 90k fair and what should I counter?' stays one."""
    pieces: List[str] = []
    offset = 0
    for join in _JOIN.finditer(sentence):
        left, right = sentence[offset : join.start()], sentence[join.end() :]
        if _complete(left) and _complete(right) and _brings_something_new(left, right):
            pieces.append(left)
            offset = join.end()
    pieces.append(sentence[offset:])
    return [p.strip(" ,;:") for p in pieces if p.strip(" ,;:")]


def _self_contained(text: str) -> bool:
    """Enough to answer on its own: a level and a place, a DevOps salary, or an employer."""
    found = details_in(text)
    return ("level" in found and "region" in found) or ("amount" in found and "premium" in _asks(text)) or "employer" in found


def _an_offer(text: str) -> bool:
    """A figure said as an offer: the details after it are that offer's."""
    return "offer" in _asks(text) and "amount" in details_in(text)


def _only_a_role(text: str) -> bool:
    """A level and a place and nothing else: one of two roles weighed side by side."""
    return set(details_in(text)) <= {"level", "region"} and not _asks(text)


def _split_pairs(sentence: str) -> List[str]:
    """'70k as devops + senior in leeds', 'senior in london and what does DeepMind pay': two questions;
    'London vs rest of UK for mids', 'juniors and seniors in Leeds' and two roles weighed ('staff in
    Bristol or a senior one in London', 'senior in Croydon, or staff in Reading') stay one, which the
    bot sets side by side."""
    for pair in _PAIR.finditer(sentence):
        left, right = sentence[: pair.start()], sentence[pair.end() :]
        if _only_a_role(left) and _only_a_role(right):
            continue
        if _an_offer(left) and "amount" not in details_in(right):
            continue  # "Corvid Labs offered 88k, mid level in london. help me write ...": the level and place are the offer's
        if _self_contained(left) and _self_contained(right) and _brings_something_new(left, right):
            return [left] + _split_pairs(right)
    return [sentence]


_STARTS_A_QUESTION = re.compile(rf"^\s*(?:and\s+|also\s+)?(?:{_QUESTION_WORDS}|why|when|whats?)\b", re.I)


def _with_trailing_details(sentences: List[str]) -> List[str]:
    """'where in the band does 76k put me? mid level, london': details after a question belong to it,
    so they are answered together instead of the question first asking for them; so does a remark
    that asks nothing new ('is 60k ok for a mid? offer from Northwind')."""
    joined: List[str] = []
    for sentence in sentences:
        statement = "?" not in sentence and not _STARTS_A_QUESTION.match(sentence)
        is_details = statement and not _asks(sentence) and details_in(sentence)
        is_remark = statement and not details_in(sentence) and not _asks(sentence) - {"offer"}
        if joined and (is_details or is_remark):
            joined[-1] = f"{joined[-1]} {sentence}"
        else:
            joined.append(sentence)
    return joined


_ASKING = re.compile(rf"^\s*(?:{_QUESTION_WORDS}|why|when|whats?|draft|write|total|lowest|chart|graph|draw|help|explain|work out)\b", re.I)
_NUMBERED = re.compile(r"(?:^|(?<=\s))(?:\(?[1-9]\)|[1-9]\.)\s+|^[ \t]*[-•*][ \t]+", re.M)  # "1) … 2) …", "1. …", bullets


def _numbered(text: str) -> List[str]:
    """'1) senior band in London? 2) is 95k fair? 3) any tips': each numbered or bulleted question, in
    order; [] when the text is not such a list (or lists offers, which are one comparison)."""
    marks = list(_NUMBERED.finditer(text))
    if len(marks) < 2:
        return []
    lead = text[: marks[0].start()].strip()
    pieces = [text[m.end() : nxt.start() if nxt else len(text)].strip() for m, nxt in zip(marks, [*marks[1:], None], strict=True)]
    pieces = [p for p in pieces if p]
    if len([p for p in pieces if "?" in p or _ASKING.match(p)]) < 2 and len(read_offers(text)) > 1:
        return []  # "(1) 95k base (2) 100k flat, which is better?": offers listed, one question
    return [f"{lead} {pieces[0]}".strip(), *pieces[1:]] if lead and not lead.endswith("?") else ([lead] if lead else []) + pieces


def split_questions(text: str) -> List[str]:
    """Each question in the message, in order; a message with one question comes back whole."""
    parts: List[str] = []
    numbered = _numbered(text)
    if numbered:
        return numbered[: MAX_PARTS - 1] + ([" ".join(numbered[MAX_PARTS - 1 :])] if len(numbered) >= MAX_PARTS else [])
    for sentence in _with_trailing_details(_AFTER_QUESTION.split(text)):
        if len(read_offers(sentence)) > 1:  # "105k at a fintech vs 98k at a scaleup": one comparison, not two questions
            parts.append(sentence)
            continue
        for joined in _split_joined(sentence):
            for piece in _split_after_details(joined):
                parts.extend(_split_pairs(piece))
    parts = [p for p in parts if p.strip()] or [text]
    if len(parts) > MAX_PARTS:
        parts = parts[: MAX_PARTS - 1] + [" ".join(parts[MAX_PARTS - 1 :])]
    return parts


def _place_kind(value: str) -> str:
    """'remote' for a remote alias, 'uk' for an alias covering several bands, else 'place' (the data file says which)."""
    bm = _benchmark()
    if bm.is_remote(value):
        return "remote"
    return "uk" if value in bm.region_aliases else "place"


@functools.lru_cache(maxsize=1)
def _benchmark() -> Benchmark:
    return load_benchmark()


# --- pasted pages ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_IS_THE_ROLE = re.compile(
    r"^[\s-]*(?:[\w/&-]+\s+){0,2}?(engineer|mlops|ml|platform|role|position|level|developer|dev|eng)\b(?!\w*\s+(team|colleagues|engineers))",
    re.I,
)
_MONEY_RANGE = re.compile(r"£\s?\d[\d,.]*\s*k?\s*(?:-|–|to)\s*£?\s?\d[\d,.]*\s*k?|£\s?\d[\d,.]*\s*k?", re.I)


def condense(text: str) -> str:
    """A pasted advert or letter: the user's question plus the details found anywhere in it
    (not employers: adverts name AWS or GCP as tools, not as the employer).

    'Senior MLOps Engineer ... Manchester ... £70,000 - £85,000 ... is the pay any good?'
    -> 'is the pay any good? (Senior; Manchester; £70,000 - £85,000)'
    """
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]
    questions = [s for s in sentences if s.endswith("?")]
    ask = (questions or sentences or [text])[-1][:300]
    first: Dict[str, str] = {}  # the first of each kind: an advert names its own level and place first
    for match in shared_matcher().find(text):
        if match.entity == "level" and not _IS_THE_ROLE.match(text[match.end : match.end + 40]):
            continue  # "senior stakeholders", "staff discount": only "Senior MLOps Engineer", "senior role"... name the job
        kind = _place_kind(match.value) if match.entity in ("region", "foreign_place") else match.entity
        if kind in ("level", "years", "place", "remote", "uk"):
            first.setdefault(kind, match.text)
    if "years" not in first and _YEARS.search(text):
        first["years"] = _YEARS.search(text).group()
    if "place" in first:
        first.pop("uk", None)  # "UK banks" in an advert for a Manchester role
    notes = [first[kind] for kind in ("level", "years", "place", "remote", "uk") if kind in first]
    money = _MONEY_RANGE.search(text)
    if money and not _MONEY_RANGE.search(ask):
        notes.append(money.group().strip().rstrip(".,"))
    notes = [n for n in notes if n.lower() not in ask.lower()][:8]
    return f"{ask} ({'; '.join(notes)})" if notes else ask


_GREETING = re.compile(
    r"^(?:hi|hey|hello|hiya|heya|yo|morning|good morning|evening|afternoon|alright|howdy|oi)"
    r"(?:\s+(?:there|all|payband|folks|team|mate))?[\s,!.:;-]+(?=\S)",
    re.I,
)


def _without_greeting(text: str) -> str:
    """'hey, mid in london?' is the question; a greeting alone stays a greeting."""
    greeting = _GREETING.match(text)
    if greeting and details_in(text[greeting.end() :]):
        return text[greeting.end() :]
    return text


_TABLE_RULE = re.compile(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|")


def prepare(text: str) -> List[str]:
    """The turns Rasa should see for one incoming message, in order."""
    if text.startswith("/"):
        return [text]  # a button payload ("/give_details{...}"): Rasa's own syntax, passed through
    text = _without_greeting(plain_text(text))
    if not text:
        return []
    pasted = len(text) > LONG_TEXT or (len(text) > PASTED_MIN and len(_SENTENCE_END.split(text)) >= PASTED_SENTENCES)
    table = bool(_TABLE_RULE.search(text)) or text.count("\t") >= 4  # a markdown table's |---| row, or tab-separated cells
    if pasted and table and len(text) <= 2 * LONG_TEXT and len([o for o in read_offers(text) if plausible_salary(o.base)]) > 1:
        return [text]  # offers pasted as a table: each row matters, so nothing is condensed
    if pasted:
        return [condense(text)]
    return split_questions(text)

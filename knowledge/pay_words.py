"""The words people use for pay, in one place, so every reader of pay text agrees on them: the offer
reader (knowledge/offer_text.py), the check that a message is package talk at all, and the action
layer's reading of a message (actions/details.py).

Component words, offer labels and ordinals, company and person names, and the length limit.
"""

from __future__ import annotations

import re
from typing import Sequence, Tuple

MAX_TEXT = 2000  # characters of one message that are parsed; the rest is cut (a pasted advert is cut to this first)

# Pay components, in precedence order: 'signing bonus' is a sign-on, never a second bonus.
COMPONENT_PATTERNS: Sequence[Tuple[str, str]] = (
    (
        "sign_on",
        r"sign(?:ing)?[- ]?on(?:\s+bonus)?|signing(?:\s+bonus)?|joining\s+bonus|golden\s+hello|welcome\s+bonus|sign[- ]?up\s+bonus",
    ),
    ("total", r"total(?:\s+comp(?:ensation)?)?|tc|all[- ]in|package|ote"),
    ("equity", r"equity|rsus?|gsus?|psus?|stock(?:\s+options)?|shares|options"),
    ("bonus", r"bonus(?:es)?"),
    ("base", r"base(?:\s+salary|\s+pay)?|basic(?:\s+salary)?|salary"),
)
COMPONENTS = [(name, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I)) for name, pattern in COMPONENT_PATTERNS]
BEYOND_BASE = ("sign_on", "equity", "bonus")  # components beyond base salary

# "offer A", "offer 2" as a label, and the ordinals that point back at one of several offers.
OFFER_LABEL = re.compile(
    r"\b(offer|option)\s+([a-d]|[1-4]|one|two|three|four)\b(?=\s*(?:[:=\-–—,(]|£|\d|is\b|of\b|at\b|from\b|pays\b|$))", re.I
)
WHICH_OFFER = (
    (0, re.compile(r"\b(?:first|1st|(?:offer|option)\s+(?:a|1|one)|a's|former)\b", re.I)),
    (1, re.compile(r"\b(?:second|2nd|(?:offer|option)\s+(?:b|2|two)|b's|latter|other\s+one)\b", re.I)),
    (2, re.compile(r"\b(?:third|3rd|(?:offer|option)\s+(?:c|3|three))\b", re.I)),
    (3, re.compile(r"\b(?:fourth|4th|(?:offer|option)\s+(?:d|4|four))\b", re.I)),
    (4, re.compile(r"\b(?:fifth|5th)\b", re.I)),
)

# List labels before each offer in one message: "(1) £64k", "2) 61k", "3. 70k", "(b) 55k", "a) 58k", "A: 101k",
# "first offer: 95k"; the group that matches names the offer ("Offer 1", "Offer B"). Bullets and lines are
# cut apart separately (offer_text._segments). A label's number is never money.
LIST_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s:;,.]))(?:"
    r"\((?P<paren>[1-4a-dA-D])\)"
    r"|(?P<closed>[1-4a-dA-D])\)"
    r"|(?P<dot>[1-4])\."
    r"|(?P<colon>[A-D])(?:\s*[:=]|\s+[-–—])"
    r"|(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:offer|option|one)\s*[:=\-–—]"
    r")(?=\s)",
)
ORDINAL_NUMBER = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4"}
BULLET = re.compile(r"(?m)^[ \t]*[-•*▪◦][ \t]+")

# "first: London, 108k", "2nd one - 95k": an offer given under an ordinal, one per message.
ORDINAL_LABEL = re.compile(
    r"^\W*(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)(?:\s+(?:one|offer|option))?\s*(?:[:=\-–,]|is\b|\d|£)", re.I
)
# A lettered offer named by its letter alone: "draft the email for B please", "and B?", "forget A".
BARE_LETTER = re.compile(r"(?<![\w'£-])([A-D]|[b-d])(?![\w'-])")

# Names. A company: capitalised words, with AI/ML allowed inside ('Acme AI'); a person: one first name.
COMPANY_NAME = r"((?:[A-Z][\w&.'-]*)(?:\s+(?:[A-Z][\w&.'-]*|AI|ML))*)"
PERSON_NAME = r"([A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?)"
NOT_COMPANIES = frozenset(
    {"I", "MLOps", "ML", "UK", "The", "A", "An", "My", "Your", "Their", "Our", "Christmas", "Easter"}
    | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    | {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
    | {"They", "We", "He", "She", "It", "You", "Someone", "Somebody", "Recruiter", "Recruiters", "HR", "Company", "Who"}
)
# Words that end a company's name ("Corvid Labs", "Helix AI"): "an email to Corvid Labs" names a company, not a person.
COMPANY_ENDINGS = (
    r"Labs?|AI|ML|Ltd|Limited|plc|PLC|Inc|LLP|Group|Technolog(?:y|ies)|Tech|Systems|Software|Solutions|Analytics|"
    r"Robotics|Health|Bank|Capital|Partners|Data|Cloud|Digital|Studios?|Games|Energy|Ventures|Dynamics|Networks|Intelligence"
)
NOT_PEOPLE = frozenset({"senior", "junior", "mid", "staff", "lead", "principal", "based", "on", "in", "a", "the"})


# "88k + 10%" (a bonus as a percentage after the base), "95k flat", "no bonus": package talk without a component word.
PACKAGE_SHAPES = re.compile(r"\d\s*(?:k|grand)?\s*(?:\+|plus|and)\s*\d+(?:\.\d+)?\s*%|\b(?:flat|no bonus|no equity|nothing else)\b", re.I)


def describes_package(text: object) -> bool:
    """The text names a pay component beyond base salary (bonus, equity, sign-on, a total), or has a
    package's shape ('88k + 10%', '95k flat'), so it is worth reading as a package."""
    if not isinstance(text, str):
        return False
    text = text[:MAX_TEXT]
    if PACKAGE_SHAPES.search(text):
        return True
    for name, pattern in COMPONENTS:
        if name in BEYOND_BASE and pattern.search(text):
            return True
        if name == "total" and any(match.group().lower() != "total" for match in pattern.finditer(text)):
            return True  # 'total comp', 'package', 'TC': a bare 'total' ('total 120k, base 90k') names no component
    return False


# "the yearly average over the vesting period with the sign-on spread": the sign-on spread over the equity's vesting years.
SPREAD_OVER_VESTING = re.compile(
    r"\b(?:yearly|annual|annuali[sz]ed|per[- ]year|a[- ]year)\s+average\b|\baverage\w*\s+(?:per|a|each|every)\s+year\b"
    r"|\baverage\w*\s+over\s+(?:the\s+)?(?:vest\w*|\d+\s+years?)|\bsign[- ]?on\s+spread\b|\bspread\s+(?:it\s+|the\s+sign[- ]?on\s+)?over\s+(?:the\s+)?vest\w*",
    re.I,
)

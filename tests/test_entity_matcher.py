"""The entity matcher on its own (no model): typos, the UK gazetteer, informal years, bare amounts,
and no false matches on ordinary English."""

import re
from pathlib import Path

import pytest
import yaml

from nlu.components import merge
from nlu.entity_matcher import EntityMatcher, Match, shared_matcher

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return shared_matcher()


def found(matcher, text):
    return [(m.entity, m.value) for m in matcher.find(text)]


@pytest.mark.parametrize(
    "text, entity, value",
    [
        ("seinor in leeds", "level", "senior"),
        ("sennior engineer", "level", "senior"),
        ("snior role", "level", "senior"),
        ("juinor position", "level", "junior"),
        ("junoir role", "level", "junior"),
        ("staf role", "level", "staff"),
        ("stafff engineer", "level", "staff"),
        ("princpal engineer", "level", "staff"),
        ("deepmnd", "employer", "deepmind_google"),
        ("wayv", "employer", "autonomous_ai"),
        ("astrazenca", "employer", "pharma_biotech"),
        ("goldman sachss", "employer", "investment_banks"),
    ],
)
def test_misspelt_levels_and_employers(matcher, text, entity, value):
    assert (entity, value) in found(matcher, text)


@pytest.mark.parametrize(
    "typo, place, region",
    [
        ("manchster", "Manchester", "rest_of_uk"),
        ("edinburh", "Edinburgh", "rest_of_uk"),
        ("birmingahm", "Birmingham", "rest_of_uk"),
        ("nottingam", "Nottingham", "rest_of_uk"),
        ("glasgo", "Glasgow", "rest_of_uk"),
        ("cardif", "Cardiff", "rest_of_uk"),
        ("bristl", "Bristol", "rest_of_uk"),
        ("sheffeild", "Sheffield", "rest_of_uk"),
        ("plymoth", "Plymouth", "rest_of_uk"),
        ("swansee", "Swansea", "rest_of_uk"),
        ("belfsat", "Belfast", "rest_of_uk"),
        ("brigton", "Brighton", "rest_of_uk"),
        ("croyden", "Croydon", "london"),
        ("shoreditc", "Shoreditch", "london"),
        ("hackeny", "Hackney", "london"),
        ("aberystwth", "Aberystwyth", "rest_of_uk"),
        ("inverenss", "Inverness", "rest_of_uk"),
        ("lisbrn", "Lisburn", "rest_of_uk"),  # as close to Lisbon: a UK place wins a tie with one abroad
    ],
)
def test_misspelt_places_are_read_and_named(matcher, typo, place, region):
    match = next(m for m in matcher.find(f"senior in {typo}") if m.entity == "region")
    assert (match.value, match.display, match.fuzzy) == (region, place, True)


@pytest.mark.parametrize(
    "place, region",
    [
        ("Truro", "rest_of_uk"),
        ("Aberystwyth", "rest_of_uk"),
        ("Kirkwall", "rest_of_uk"),
        ("Inverness", "rest_of_uk"),
        ("Milton Keynes", "rest_of_uk"),
        ("Stoke-on-Trent", "rest_of_uk"),
        ("St. Albans", "rest_of_uk"),
        ("Watford", "rest_of_uk"),
        ("Slough", "rest_of_uk"),
        ("Guildford", "rest_of_uk"),
        ("Derry", "rest_of_uk"),
        ("Fife", "rest_of_uk"),
        ("Brixton", "london"),
        ("Wimbledon", "london"),
        ("Islington", "london"),
        ("Bromley", "london"),
        ("Harrow", "london"),
        ("Ealing", "london"),
        ("Canary Wharf", "london"),
        ("Uxbridge", "london"),
        ("Romford", "london"),
    ],
)
def test_uk_places_from_the_gazetteer(matcher, place, region):
    assert ("region", region) in found(matcher, f"mid in {place}")


@pytest.mark.parametrize("text", ["Berlin", "Toronto", "Bangalore", "Dublin", "Singapore"])
def test_places_abroad(matcher, text):
    assert [e for e, _ in found(matcher, f"senior in {text}")] == ["level", "foreign_place"]


@pytest.mark.parametrize(
    "text",
    [
        "never mind the gap",
        "mind your step",
        "it's bath time for the kids",
        "reading the offer letter now",
        "i was reading it",
        "a fair deal in march",
        "we went to the street party",
        "hope it goes well",
        "the sale was midweek",
        "bridging the gap",
        "I need CORS headers",
        "a grand day out",
        "stop and think",
        "bury the hatchet",
        "offer from Northwind",  # a company named from two words, two letters off Northwich
        "working at Brightwave",
    ],
)
def test_ordinary_words_are_not_places_or_levels(matcher, text):
    assert [m for m in matcher.find(text) if m.entity in ("region", "level", "employer", "foreign_place")] == []


@pytest.mark.parametrize("text", ["I live in Bath", "moved to reading", "based in Wells", "twelve years, reading", "bath"])
def test_places_named_like_words_count_when_they_read_as_places(matcher, text):
    assert ("region", "rest_of_uk") in found(matcher, text)


@pytest.mark.parametrize(
    "text, span",
    [
        ("coming up on five years in glasgow", "coming up on five years"),
        ("nearly 3 yrs", "nearly 3 yrs"),
        ("two-ish years", "two-ish years"),
        ("about 4 years", "about 4 years"),
        ("2-5 years experience", "2-5 years"),
        ("four and a bit years", "four and a bit years"),
        ("7 years or so", "7 years or so"),
        ("since graduating in 2021, now in Nottingham", "since graduating in 2021"),
        ("graduated in 2022, leeds", "graduated in 2022"),
        ("half a dozen years, Croydon", "half a dozen years"),
    ],
)
def test_hedged_experience_is_one_years_entity(matcher, text, span):
    assert [(m.entity, m.text) for m in matcher.find(text) if m.entity == "years"] == [("years", span)]


@pytest.mark.parametrize(
    "text, amounts",
    [
        ("offer came in at 80, currently on 72", ["80", "72"]),
        ("they said 95", ["95"]),
        ("got 190 on the table", ["190"]),
        ("offer 85-90", ["85-90"]),
        ("they came back with 140", ["140"]),
        ("verbal offer of 80 base, 8 bonus", ["80"]),
        ("we have 30 people on 5 teams", []),
        ("I am 35 years old", []),
        ("on 12 servers at 9am", []),
        ("20% at 10", []),
    ],
)
def test_amounts_without_units_after_money_words(matcher, text, amounts):
    assert [m.value for m in matcher.find(text) if m.entity == "amount"] == amounts


def test_a_hedged_years_phrase_replaces_the_plain_years_inside_it():
    spacy_entities = [
        {"entity": "years", "start": 13, "end": 23, "value": "five years"},
        {"entity": "region", "start": 27, "end": 34, "value": "glasgow"},
    ]
    matches = [
        Match("years", "coming up on five years", 0, 23, "coming up on five years", "coming up on five years"),
        Match("region", "rest_of_uk", 27, 34, "glasgow", "Glasgow"),
    ]
    merged = merge(spacy_entities, matches)
    assert [(e["entity"], e["value"]) for e in merged] == [("years", "coming up on five years"), ("region", "glasgow")]


def test_a_fuzzy_entity_says_what_it_stood_for():
    merged = merge([], [Match("region", "rest_of_uk", 10, 19, "manchster", "Manchester", fuzzy=True)])
    assert merged[0]["fuzzy"] is True and merged[0]["canonical"] == "Manchester"


def _ordinary_english():
    """The README's prose (its quoted examples of typos left out) and every sentence of the benchmark data file."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    texts = [re.sub(r'"[^"\n]*"|`[^`\n]*`|\'[^\'\n]*\'', " ", readme)]

    def walk(node):
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load((ROOT / "knowledge" / "benchmark.yml").read_text(encoding="utf-8")))
    return "\n".join(texts)


def test_no_fuzzy_matches_on_ordinary_english(matcher):
    text = _ordinary_english()
    assert len(re.findall(r"[A-Za-z]+", text)) > 1500
    assert [(m.text, m.display) for m in matcher.find(text) if m.fuzzy] == []


@pytest.fixture(scope="module")
def details_only():
    from nlu.components import DetailsOnlyIntent

    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    settings = next(c for c in config["pipeline"] if c["name"].endswith("DetailsOnlyIntent"))
    return DetailsOnlyIntent({**DetailsOnlyIntent.get_default_config(), **settings})


def _entities(text, *spans):
    return [{"entity": kind, "start": text.index(words), "end": text.index(words) + len(words)} for kind, words in spans]


@pytest.mark.parametrize(
    "text, spans",
    [
        ("senior in london", [("level", "senior"), ("region", "london")]),
        ("the best part of a decade, leeds", [("years", "the best part of a decade"), ("region", "leeds")]),
        ("I've moved to Bristol", [("region", "Bristol")]),
        ("mid lvl at canary warf", [("level", "mid lvl"), ("region", "canary warf")]),
        ("what about edinbrugh", [("region", "edinbrugh")]),  # a follow-up, whatever DIET makes of the typo
        ("how about a staff role", [("level", "staff")]),
    ],
)
def test_details_only_messages_are_give_details(details_only, text, spans):
    assert details_only.details_only(text, _entities(text, *spans))


@pytest.mark.parametrize(
    "text, spans",
    [
        ("what does a senior earn in london", [("level", "senior"), ("region", "london")]),
        ("remind me of my band", []),
        ("is 90k fair", [("amount", "90k")]),
        ("I'm on 70k as a devops engineer", [("amount", "70k")]),
        ('/give_details{"level": "senior"}', [("level", "senior")]),
    ],
)
def test_questions_are_left_to_the_classifier(details_only, text, spans):
    assert not details_only.details_only(text, _entities(text, *spans))


@pytest.mark.parametrize("text, place", [("cheap flights to berln?", "Berlin"), ("a role in barcelna", "Barcelona")])
def test_misspelt_places_abroad_are_named(matcher, text, place):
    assert [(m.entity, m.value) for m in matcher.find(text)] == [("foreign_place", place)]


def test_pieces_of_one_employer_name_are_one_entity(matcher):
    text = "googel deepmind comp"
    spacy_entities = [{"entity": "employer", "start": 7, "end": 15, "value": "deepmind"}]
    merged = merge(spacy_entities, matcher.find(text, [(7, 15)]), matcher.value_of)
    assert [(e["entity"], e["value"], text[e["start"] : e["end"]]) for e in merged] == [("employer", "deepmind_google", "googel deepmind")]


def entities(matcher, text, spacy_found=()):
    from nlu.components import complete

    return [(e["entity"], e["value"]) for e in complete(text, list(spacy_found), matcher)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("roughly what would nine yeras get me", ("years", "nine years")),
        ("4 yaers in", ("years", "4 years")),
        ("jp morgen mlops salary", ("employer", "investment_banks")),
        ("northen ireland", ("region", "rest_of_uk")),
    ],
)
def test_typos_in_years_and_in_multi_word_names(matcher, text, expected):
    assert expected in entities(matcher, text)


def test_a_uk_place_replaces_the_place_abroad_inside_it(matcher):
    # spaCy's rules see "ireland" (abroad); the matcher reads the misspelt whole
    ireland = {"entity": "foreign_place", "start": 8, "end": 15, "value": "ireland"}
    assert entities(matcher, "northen ireland", [ireland]) == [("region", "rest_of_uk")]
    assert entities(matcher, "is ireland any good", [{**ireland, "start": 3, "end": 10}]) == [("foreign_place", "ireland")]


@pytest.mark.parametrize("word", ["hows", "whats", "thats", "dunno"])
def test_chat_shorthand_is_never_a_place(matcher, word):
    assert entities(matcher, f"{word} the mlops market looking") == []


@pytest.mark.parametrize(
    "text, spacy_entity, is_detail",
    [
        ("sorry for the senior moment earlier", ("level", 14, 20), False),
        ("my son starts junior school soon", ("level", 14, 20), False),
        ("whats the principal reason people earn more", ("level", 10, 19), False),
        ("the tv remote is broken", ("region", 7, 13), False),
        ("any tips on remote?", ("region", 12, 18), False),  # the remote-work tip, not a move away from the place given
        ("advice about working remotely", ("region", 21, 29), False),
        ("will there be mlops jobs in 5 years time", ("years", 28, 35), False),
        ("how do i use gpu work as leverage", ("tip_topic", 25, 33), False),
        ("how do i leverage my gpu experience", ("tip_topic", 9, 17), False),
        ("60k rsus vesting over 4 years", ("years", 22, 29), False),
        ("a sign-on of 20k paid over 2 years", ("years", 27, 34), False),
        ("write me a counter offer email", ("tip_topic", 11, 24), False),
        ("can you send me the email", ("region", 8, 12), False),
        ("an email to send hr", ("region", 12, 16), False),
        ("help me put together a written counter offer", ("tip_topic", 31, 44), False),
        ("need a counter offer emial asap", ("tip_topic", 7, 20), False),
        ("we live in send, surrey", ("region", 11, 15), True),
        ("with over 5 years experience", ("years", 5, 17), True),
        ("should i mention a counter offer", ("tip_topic", 19, 32), True),
        # the same words still count elsewhere
        ("senior in leeds", ("level", 0, 6), True),
        ("fully remote, senior", ("region", 6, 12), True),
        ("tips for a senior role, fully remote", ("region", 30, 36), True),
        ("i have 5 years experience", ("years", 7, 14), True),
        ("any leverage tips", ("tip_topic", 4, 12), True),
    ],
)
def test_false_friends_are_not_details(matcher, text, spacy_entity, is_detail):
    kind, start, end = spacy_entity
    given = {"entity": kind, "start": start, "end": end, "value": text[start:end]}
    assert ((kind, text[start:end]) in entities(matcher, text, [given])) is is_detail


@pytest.mark.parametrize("text", ["60k/yr GSUs", "20k rsus a year", "psus vesting", "ote of 120k"])
def test_pay_words_are_never_misspelt_vocabulary(matcher, text):
    assert entities(matcher, text) == []


@pytest.mark.parametrize(
    "text, readable",
    [
        ("asdfghjkl qwv", False),
        ("💰💰💰", False),
        ("???", False),
        ("hellooo", True),  # stretched letters
        ("thnaks", True),  # one slip from a known word
        ("wotcha", True),  # chat words
        ("95", True),  # a number may be an answer
        ("/give_details", True),  # a button payload
        ("'; DROP TABLE events; --", False),  # code: English words, but shell/SQL punctuation and no detail
        ("$(rm -rf /) && cat /etc/passwd", False),
        ("hmm; not sure; what do you think?", True),  # two semicolons are still chat
    ],
)
def test_a_message_with_nothing_readable_loses_its_guessed_intent(matcher, text, readable):
    """UnreadableMessage: no known word, number or detail -> confidence 0, so the FallbackClassifier gives the help text."""
    from rasa.shared.nlu.training_data.message import Message

    from nlu.components import UnreadableMessage

    message = Message(data={"text": text, "intent": {"name": "greet", "confidence": 0.9}})
    UnreadableMessage(matcher.known_words).process([message])
    assert (message.get("intent")["confidence"] > 0) is readable

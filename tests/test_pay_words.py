"""One pay vocabulary (knowledge/pay_words.py): the check that a message is package talk and the offer
reader agree on every component word and on how much text they read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.offer_text import read_offers
from knowledge.pay_words import MAX_TEXT, describes_package

COMPONENT_WORDS = {
    "bonus": ["bonus", "bonuses"],
    "equity": ["equity", "RSUs", "rsu", "GSUs", "PSUs", "stock", "stock options", "shares", "options"],
    "sign_on": ["sign-on", "signing bonus", "sign on bonus", "joining bonus", "golden hello", "welcome bonus", "sign-up bonus"],
}
FIELD = {"bonus": "bonus_amount", "equity": "equity_per_year", "sign_on": "sign_on"}


@pytest.mark.parametrize("component, word", [(c, w) for c, words in COMPONENT_WORDS.items() for w in words])
def test_every_component_word_is_package_talk_and_is_read_as_that_component(component, word):
    text = f"100k base and 20k {word} a year"
    offers = read_offers(text)
    assert describes_package(text), text
    assert len(offers) == 1 and offers[0].base == 100_000 and getattr(offers[0], FIELD[component]) == 20_000, offers


def test_the_issue_example_options_a_year_is_a_package():
    """'options' was read as equity by the offer reader but not seen as package talk, so the package was never read."""
    assert describes_package("100k base and 20k options a year")
    assert read_offers("100k base and 20k options a year")[0].equity_per_year == 20_000


@pytest.mark.parametrize(
    "text", ["total 120k, base 90k", "what's the total for a senior?", "the top 5 employers", "senior in leeds, 95k", "is 90k fair?"]
)
def test_a_bare_total_or_a_lone_salary_is_not_package_talk(text):
    assert not describes_package(text)


@pytest.mark.parametrize("text", ["120k total comp", "the package is 120k", "TC 150k", "an all-in figure of 130k"])
def test_a_named_total_is_package_talk(text):
    assert describes_package(text)


def test_both_readers_cut_a_message_at_the_same_length():
    padding = "x " * ((MAX_TEXT - 40) // 2)
    inside, outside = padding + "base 100k, 10k bonus", padding + "y " * 40 + "base 100k, 10k bonus"
    assert describes_package(inside) and read_offers(inside)[0].bonus_amount == 10_000
    assert not describes_package(outside) and read_offers(outside) == []


_WORDS = st.sampled_from([w for words in COMPONENT_WORDS.values() for w in words] + ["base", "salary", "total", "a year", "over 4 years"])
_FIGURES = st.sampled_from(["20k", "£15,000", "100k", "5", "£88k", "-3k"])


@given(st.lists(st.one_of(_WORDS, _FIGURES, st.text(alphabet="abcxyz ,.+", max_size=6)), max_size=12).map(" ".join))
def test_whenever_the_reader_pairs_a_figure_with_a_component_word_the_message_is_package_talk(text):
    """(A loose percentage, '115k + 10%', is read as a bonus with no component word: not package talk on its own.)"""
    if any(offer.has_terms for offer in read_offers(text)):
        assert describes_package(text), text

"""PartFilter: the replies to one message split into several questions."""

from channels.parts import NOT_UNDERSTOOD, PartFilter
from tests import figures


def test_a_later_part_that_was_not_understood_is_not_shown_but_counts_as_answered():
    parts = PartFilter()
    assert parts.keep("Checked £45,000 base salary", "utter_offer") is True
    parts.next_part()
    assert parts.keep("Sorry, I didn't catch that.", NOT_UNDERSTOOD) is False
    assert parts.answered == 2  # the guard sees a reply for both parts: no apology


def test_the_first_part_not_understood_is_shown():
    assert PartFilter().keep("Sorry, I didn't catch that.", NOT_UNDERSTOOD) is True


def test_an_answer_repeated_by_a_later_part_is_shown_once():
    parts = PartFilter()
    assert parts.keep("Checked £45,000\nwithin the band", None) is True
    parts.next_part()
    assert parts.keep("Checked £45,000 within  the band", None) is False
    assert parts.keep(f"Senior MLOps Engineer, Rest of UK: {figures.span('senior', 'rest_of_uk')}", None) is True


def test_a_later_part_answered_from_the_first_parts_facts_is_still_a_repeat():
    from actions.recall import RECALL_OPENING
    from channels import parts

    assert parts.RECALL_OPENING == RECALL_OPENING  # the channel strips the line the actions write
    answer = "Checked £45,000 base salary against the benchmark.\nCounter with £47,000."
    kept = parts.PartFilter()
    assert kept.keep(answer, None)
    kept.next_part()
    assert not kept.keep("For your junior offer in Leeds (£45,000 base):\n" + answer, None)
    assert kept.keep("For your junior offer in Leeds (£45,000 base):\nSubject: Your offer", None)  # a new answer is shown

"""Every renderer covers every reply part type, so a new part type or a new channel's renderer
cannot silently drop content (the "how to add a channel" checklist in docs/architecture.md)."""

import pytest

from channels.render.slack import slack_message
from channels.render.text import plain_text
from knowledge import reply as r
from knowledge.reply import PART_TYPES, Reply
from tests import figures

FIGURE = figures.pounds(figures.low("senior", "rest_of_uk"))
SENIOR_LONDON = figures.span("senior", "london")
ASK = f"I'd like to ask for {figures.pounds(figures.round_up(figures.mid('mid', 'london')))}."  # the mid London midpoint, rounded up
SAMPLE = {
    "heading": r.heading("Heading words"),
    "text": r.text(f"A sentence with {FIGURE} in it."),
    "table": r.table(["Level", "London"], [["Senior", SENIOR_LONDON]]),
    "bullets": r.bullets([("Titled", "advice words"), "plain bullet"]),
    "chart": r.chart(
        "Chart title",
        [
            {
                "label": "Mid",
                "bars": [
                    {"label": "London", "low": figures.low("mid", "london"), "high": figures.high("mid", "london"), "open_ended": False}
                ],
            }
        ],
    ),
    "draft": r.draft("Counter-offer email", f"Dear [Hiring manager],\n{ASK}"),
    "note": r.note("Base salary, from the benchmark."),
}
MUST_SHOW = {
    "heading": ["Heading words"],
    "text": [FIGURE],
    "table": ["Senior", SENIOR_LONDON],
    "bullets": ["Titled", "advice words", "plain bullet"],
    "chart": ["Chart title", figures.pounds(figures.low("mid", "london"))],
    "draft": [ASK, "[Hiring manager]"],
    "note": ["Base salary, from the benchmark."],
}
RENDERERS = {
    "plain text": plain_text,
    "slack text": lambda reply: slack_message(reply)["text"],
    "slack blocks": lambda reply: "\n".join(
        b["text"]["text"] if b["type"] == "section" else b["elements"][0]["text"] for b in slack_message(reply)["blocks"]
    ),
}


def test_the_sample_covers_every_part_type():
    assert set(SAMPLE) == set(PART_TYPES) == set(MUST_SHOW)


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("kind", PART_TYPES)
def test_each_renderer_shows_each_part_type(renderer, kind):
    shown = RENDERERS[renderer](Reply([SAMPLE[kind]])).replace("&amp;", "&")
    for words in MUST_SHOW[kind]:
        assert words in shown, f"{renderer} lost {words!r} from a {kind} part"


def test_a_reply_survives_the_wire():
    reply = Reply(list(SAMPLE.values()))
    assert Reply.from_json(reply.to_json()) == reply
    with pytest.raises(ValueError):
        Reply.from_json({"parts": [{"type": "marquee", "text": "no"}]})


def test_plain_text_keeps_drafts_between_markers_and_tables_aligned():
    text = plain_text(Reply([SAMPLE["draft"], SAMPLE["table"]]))
    lines = text.splitlines()
    assert lines[0].startswith("----- Counter-offer email") and lines[3].startswith("----- end of Counter-offer email")
    header, rule = lines[5], lines[6]
    assert header.index("London") == rule.index("  -") + 2

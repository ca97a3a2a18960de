"""Negotiation help end to end: REST through the real Rasa server, NLU and action server, and
Slack through signed events and the fake Slack Web API (chart uploaded as a PNG into the thread)."""

import base64
import time
import uuid

from knowledge.reply import Reply
from tests import figures
from tests.support.slack_events import event_callback, mention, post_event

PNG = b"\x89PNG\r\n\x1a\n"
QUARTER_UP = figures.point("mid", "london", 0.25)  # a figure a quarter of the way up the mid London band


def _parts(chat, kind):
    return [p for m in chat.last if m.get("reply") for p in Reply.from_json(m["reply"]).parts if p.type == kind]


def test_total_comp_over_rest(chat):
    reply = chat.say("88k base with a 10% bonus and £15k RSUs a year — what's my total?")
    assert "£111,800" in reply and "£8,800" in reply
    assert _parts(chat, "table"), "the breakdown arrives as a table part in the `reply` field"


def test_band_position_then_chart_with_the_offer_marked(chat):
    reply = chat.say(f"where in the band does {figures.k(QUARTER_UP)} put me as a mid-level in London?")
    assert "25% of the way up" in reply and figures.span("mid", "london") in reply
    image = next(m["image"] for m in chat.last if m.get("image"))
    assert image.startswith("data:image/png;base64,") and base64.b64decode(image.split(",", 1)[1]).startswith(PNG)
    chat.say("can I see all the bands as a graph?")
    assert _parts(chat, "chart")[0].data["chart"]["marker"]["value"] == round(QUARTER_UP)


def test_offer_check_then_counter_email_then_call_script(chat):
    offer = figures.low("senior", "london") - 5_000  # below the band
    assert figures.pounds(offer) in chat.say(f"is {figures.pounds(offer)} fair for a senior in London?")
    email = chat.say("can you draft an email pushing back on their number")
    drafts = _parts(chat, "draft")
    counter = figures.counter("senior", "london", offer)  # the band's midpoint, rounded up
    assert len(drafts) == 1 and figures.pounds(counter) in drafts[0].data["text"] and "----- Counter-offer email" in email
    script = chat.say("how do I handle the phone call?")
    ask_from, ask_to = figures.pounds(counter), figures.pounds(figures.high("senior", "london"))  # from the counter to the top
    assert f"{ask_from} and {ask_to}" in script and figures.pounds(figures.low("senior", "london")) in script


def test_two_offers_side_by_side(chat):
    reply = chat.say("two offers as a senior in leeds: 105k at a fintech vs 98k plus equity at a scaleup")
    assert "£7,000 more a year in base" in reply and "fintech" in reply and "scaleup" in reply


def test_odd_figures_get_a_question_not_a_total(chat):
    reply = chat.say("what's my total comp with a £5m base and a 150% bonus?")
    assert "£5,000,000" in reply and "Total a year" not in reply


def test_slack_chart_is_uploaded_into_the_thread(rasa_server, fake_slack):
    channel, ts = f"C{uuid.uuid4().hex[:8].upper()}", f"{time.time():.6f}"
    post_event(rasa_server, event_callback(mention("show me the salary bands as a chart", channel, ts=ts)))
    upload = fake_slack.wait_for_upload(channel, thread_ts=ts)[0]
    assert upload["data"].startswith(PNG) and "salary" in upload["title"].lower()
    intro = fake_slack.wait_for(channel, thread_ts=ts)[0]
    assert "base-salary bands" in intro["text"]


def test_slack_email_is_one_copyable_block(rasa_server, fake_slack):
    channel, ts = f"C{uuid.uuid4().hex[:8].upper()}", f"{time.time():.6f}"
    offer = figures.low("mid", "rest_of_uk") + 6_000  # in the band's lower half
    text = f"draft a counter offer email: offered {figures.k(offer)}, mid level in leeds"
    post_event(rasa_server, event_callback(mention(text, channel, ts=ts)))
    post = fake_slack.wait_for(channel, thread_ts=ts)[0]
    code = [b["text"]["text"] for b in post["blocks"] if b["type"] == "section" and b["text"]["text"].startswith("```")]
    assert len(code) == 1 and figures.pounds(figures.counter("mid", "rest_of_uk", offer)) in code[0] and "[Your name]" in code[0]


def test_slack_total_comp_is_a_table_in_a_code_block(rasa_server, fake_slack):
    channel, ts = f"C{uuid.uuid4().hex[:8].upper()}", f"{time.time():.6f}"
    post_event(rasa_server, event_callback(mention("88k base with a 10% bonus and £15k RSUs a year, what's my total?", channel, ts=ts)))
    post = fake_slack.wait_for(channel, thread_ts=ts)[0]
    code = [b["text"]["text"] for b in post["blocks"] if b["type"] == "section" and b["text"]["text"].startswith("```")]
    assert code and "£111,800" in code[0] and "Component" in code[0]
    assert any(b["type"] == "context" for b in post["blocks"]), "the source note is a context line"

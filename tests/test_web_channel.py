"""channels/web.py without a server: whose requests are refused, the page files, and the REST
collector's chart alt text the page shows. The page itself, in a real browser: tests/test_web_page.py."""

import asyncio

import pytest

from channels import web
from channels.rest import ReplyCollector
from knowledge.charts import bands_chart
from knowledge.reply import of, text
from tests import figures


def test_allowed_origins_are_read_from_a_comma_or_space_separated_list():
    assert web.parse_origins("https://a.example/, HTTPS://B.example  http://c.example:8080") == {
        "https://a.example",
        "https://b.example",
        "http://c.example:8080",
    }
    assert web.parse_origins("") == frozenset()


@pytest.mark.parametrize(
    "origin, host, allowed, refused",
    [
        (None, "127.0.0.1:5005", "", False),  # curl, the terminal client: no Origin header
        ("http://127.0.0.1:5005", "127.0.0.1:5005", "", False),  # the page itself
        ("https://pay.example", "pay.example", "", False),  # behind a TLS proxy that keeps the Host
        ("http://127.0.0.1:8080", "127.0.0.1", "", True),  # a different port is a different site
        ("https://evil.example", "127.0.0.1:5005", "", True),
        ("null", "127.0.0.1:5005", "", True),  # a sandboxed frame or a file:// page
        ("https://intranet.example", "127.0.0.1:5005", "https://intranet.example", False),
        ("https://INTRANET.example/", "127.0.0.1:5005", "https://intranet.example", False),
        ("https://intranet.example.evil.example", "127.0.0.1:5005", "https://intranet.example", True),
    ],
)
def test_requests_from_other_sites_are_refused_unless_listed(origin, host, allowed, refused):
    assert web.origin_refused(origin, host, web.parse_origins(allowed)) is refused


def test_the_channel_takes_its_list_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_ALLOWED_ORIGINS", "https://intranet.example")
    assert web.PaybandWebInput.from_credentials(None).allowed_origins == {"https://intranet.example"}
    monkeypatch.delenv("WEB_ALLOWED_ORIGINS")
    assert web.PaybandWebInput.from_credentials({}).allowed_origins == frozenset()


def test_the_page_is_three_files_served_with_their_types():
    page = web.load_page()
    assert set(page) == set(web.FILES) == {"", "app.css", "app.js"}
    assert page[""].startswith(b"<!doctype html>") and b'src="app.js"' in page[""] and b'href="app.css"' in page[""]
    assert web.FILES["app.js"][1].startswith("text/javascript") and web.FILES[""][1].startswith("text/html")


def test_the_policy_allows_only_this_sites_files_and_chart_data_urls():
    directives = dict(part.strip().split(" ", 1) for part in web.CSP.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:" and directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and "unsafe" not in web.CSP


def test_a_reply_with_a_chart_comes_with_its_image_and_the_figures_in_words():
    collector = ReplyCollector()
    reply = of(text("The bands:"), bands_chart(figures.BM, marker_amount=76_000)).to_json()
    asyncio.run(collector.send_text_message("web:x", "The bands: ...", reply=reply))
    message = collector.messages[0]
    assert message["image"].startswith("data:image/png;base64,")
    assert figures.span("senior", "london") in message["image_alt"] and figures.pounds(76_000) in message["image_alt"]

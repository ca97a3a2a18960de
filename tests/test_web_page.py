"""The chat page in a real browser: `scripts/web.sh` (what `make web` runs) on ports of its own, and
Debian's headless Chromium driven by Selenium as a person would use the page.

The tests run in file order and share one browser and one server: one user's evening, from a first
question to a counter email, a reload, and the server going away (the last test stops it).
Screenshots go to $WEB_SCREENSHOTS (default results/web/); `make screenshots` writes them to docs/.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import List

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from channels.rest import MAX_MESSAGE_CHARS, TOO_LONG
from channels.web import PAGE_DIR
from knowledge.loader import LEVELS
from tests import figures
from tests.support.browser import AXE, ChatPage, start_chromium

pytestmark = pytest.mark.slow  # starts the servers and a browser

ROOT = Path(__file__).resolve().parent.parent
WEB_PORT, ACTION_PORT = 5505, 5555
ALLOWED = "http://allowed.example"
SCREENSHOTS = ROOT / os.environ.get("WEB_SCREENSHOTS", "results/web")
LEVEL, REGION = "mid", "rest_of_uk"
OFFER = figures.round_up(figures.point(LEVEL, REGION, 0.3))  # in the band's lower half: the counter is the midpoint
UNREACHABLE = "can't be reached"


class WebServer:
    """scripts/web.sh in its own process group; `url` is the page address it printed."""

    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="payband-web-"))
        env = {
            **os.environ,
            "WEB_PORT": str(WEB_PORT),
            "ACTION_PORT": str(ACTION_PORT),
            "TRACKER_DB": str(self.workdir / "conversations.db"),
            "WEB_ALLOWED_ORIGINS": ALLOWED,
            "ACTION_LOG": str(self.workdir / "actions.log"),
        }
        self.process = subprocess.Popen(
            ["scripts/web.sh"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self.lines: List[str] = []
        self.printed = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.printed.wait(300):
            self.stop()
            raise RuntimeError("scripts/web.sh printed no page address in 300 s:\n" + "".join(self.lines[-40:]))
        self.url = re.search(r"Payband chat page:\s+(\S+)", "".join(self.lines)).group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if "Payband chat page:" in line:
                self.printed.set()

    def stop(self) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def web():
    server = WebServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def driver():
    browser = start_chromium()
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def page(web, driver):
    return ChatPage(driver, web.url).open()


def text_of(messages) -> str:
    return "\n".join(m.text for m in messages)


def test_make_web_prints_a_loopback_address_and_serves_the_page_under_a_strict_policy(web):
    assert web.url == f"http://127.0.0.1:{WEB_PORT}/webhooks/web/"
    page = requests.get(web.url, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy and "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and page.headers["X-Content-Type-Options"] == "nosniff"
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
        served = requests.get(web.url + name, timeout=10)
        assert served.headers["Content-Type"].startswith(kind) and served.content == (PAGE_DIR / name).read_bytes()
    no_slash = requests.get(web.url.rstrip("/"), timeout=10, allow_redirects=False)
    assert no_slash.status_code in (301, 302) and no_slash.headers["Location"].endswith("/webhooks/web/")
    size = len(page.content) + sum(len((PAGE_DIR / name).read_bytes()) for name in ("app.css", "app.js"))
    print(f"\nchat page size: {size:,} bytes (HTML {len(page.content):,} + CSS + JS)")


class _Markup(HTMLParser):
    """What the page's HTML loads and runs: scripts, styles, event-handler attributes, addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts, self.handlers, self.addresses, self.styles = 0, [], [], 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        self.addresses += [attrs[name] for name in ("src", "href", "action") if attrs.get(name)]
        self.styles += tag == "style" or "style" in attrs
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


def test_the_page_is_self_contained_and_never_builds_html_from_text():
    markup = _Markup()
    markup.feed((PAGE_DIR / "index.html").read_text())
    assert markup.inline_scripts == 0 and markup.handlers == [] and markup.styles == 0
    assert markup.addresses and all(not re.match(r"(?i)[a-z]+://|//", address) for address in markup.addresses), markup.addresses
    script = (PAGE_DIR / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "http://", "https://"):
        assert sink not in script, f"app.js uses {sink}"
    assert not re.search(r"@import|url\((?!['\"]?data:)", (PAGE_DIR / "app.css").read_text())


def test_the_endpoint_checks_input_as_rest_does_and_refuses_other_sites(web):
    endpoint = web.url + "webhook"
    ask = {"sender": "endpoint-test", "message": "senior in Leeds"}
    reply = requests.post(endpoint, json=ask, timeout=60)
    assert reply.status_code == 200 and figures.span("senior", "rest_of_uk") in reply.json()[0]["text"]
    assert reply.json()[0]["recipient_id"] == "web:endpoint-test"  # a conversation of its own, apart from REST's
    too_long = requests.post(endpoint, json={**ask, "message": "a" * (MAX_MESSAGE_CHARS + 1)}, timeout=30)
    assert too_long.status_code == 200 and too_long.json()[0]["text"] == TOO_LONG
    assert requests.post(endpoint, data=b"{not json", headers={"Content-Type": "application/json"}, timeout=10).status_code == 400
    assert requests.post(endpoint, json={"sender": "x" * 129, "message": "hi"}, timeout=10).status_code == 400
    as_form = requests.post(endpoint, data=json.dumps(ask), headers={"Content-Type": "text/plain"}, timeout=10)
    assert as_form.status_code == 415  # what a form on another site can send without asking first

    elsewhere = requests.post(endpoint, json=ask, headers={"Origin": "https://evil.example"}, timeout=10)
    assert elsewhere.status_code == 403 and "WEB_ALLOWED_ORIGINS" in elsewhere.json()["error"]
    preflight = {
        "Origin": "https://evil.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    assert "Access-Control-Allow-Origin" not in requests.options(endpoint, headers=preflight, timeout=10).headers
    listed = requests.options(endpoint, headers={**preflight, "Origin": ALLOWED}, timeout=10)
    assert listed.headers.get("Access-Control-Allow-Origin") == ALLOWED
    allowed = requests.post(endpoint, json=ask, headers={"Origin": ALLOWED}, timeout=60)
    assert allowed.status_code == 200 and allowed.headers.get("Access-Control-Allow-Origin") == ALLOWED


def test_keyboard_only_a_choice_is_reached_with_tab_and_picked_with_enter(page):
    page.find("#start-over").send_keys(Keys.ENTER)
    assert page.driver.switch_to.active_element == page.box  # start over puts the cursor in the box
    page.say("what should I earn?")
    choices = page.all("#log .choices button")
    assert len(choices) == len(LEVELS)
    page.box.send_keys(Keys.SHIFT, Keys.TAB)  # back from the box: the last choice
    focused = page.driver.switch_to.active_element
    assert focused == choices[-1]
    page.answered_after(lambda: focused.send_keys(Keys.ENTER))
    assert page.last_user_text().endswith("Staff / Principal MLOps Engineer (8+ years)")
    assert page.driver.switch_to.active_element == page.box  # and the cursor is back in the box


def test_band_by_clicking_a_choice_and_typing_its_number(page):
    page.find("#start-over").click()
    assert page.all("#log .msg") == []
    page.driver.execute_script(  # record whether the typing indicator showed while Payband worked
        "window.typingSeen = false; new MutationObserver(() => { if (!document.getElementById('typing').hidden)"
        " window.typingSeen = true; }).observe(document.getElementById('typing'), {attributes: true});"
    )
    asked = page.say("what should I earn?")
    assert "Which level?" in text_of(asked) and page.driver.execute_script("return window.typingSeen")
    level_choice = next(b for b in page.all("#log .choices button") if "Mid-level" in b.text)
    asked = page.answered_after(level_choice.click)
    assert all(not b.is_enabled() for b in page.all("#log .msg.bot")[0].find_elements(By.CSS_SELECTOR, "button"))  # spent choices
    number = next(b.text.split(".")[0] for b in asked[-1].find_elements(By.CSS_SELECTOR, ".choices button") if "Rest of UK" in b.text)
    answered = page.say(number)
    assert page.last_user_text().endswith(f"{number}. Rest of UK")
    assert figures.span(LEVEL, REGION) in text_of(answered)
    log = page.find("#log")
    assert log.get_attribute("role") == "log" and log.get_attribute("aria-live") == "polite"


def test_an_offer_check_renders_its_parts(page):
    answered = page.say(f"is {figures.k(OFFER)} fair?")
    reply = text_of(answered)
    assert figures.pounds(OFFER) in reply and figures.span(LEVEL, REGION) in reply
    assert figures.pounds(figures.counter(LEVEL, REGION, OFFER)) in reply
    last = answered[-1]
    assert last.find_elements(By.CSS_SELECTOR, "h3") and last.find_elements(By.CSS_SELECTOR, "ul li")
    assert last.find_elements(By.CSS_SELECTOR, "p.note")


def test_a_chart_loads_and_its_alt_text_states_the_figures(page):
    answered = page.say("show me a chart")
    image = answered[-1].find_element(By.CSS_SELECTOR, "figure img")
    page.wait(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image))
    page.wait(lambda d: d.execute_script(SCROLLED_TO_THE_END), 10)  # the whole chart in view once it has loaded
    alt = image.get_attribute("alt")
    for level in LEVELS:
        for region in ("london", "rest_of_uk"):
            assert figures.span(level, region) in alt, (level, region, alt)
    assert figures.pounds(OFFER) in alt


def test_offers_side_by_side_are_a_real_table(page):
    second = OFFER + 5000
    answered = page.say(f"offer A is {figures.k(OFFER)}, offer B is {figures.k(second)}, compare them")
    table = answered[-1].find_element(By.CSS_SELECTOR, "table")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "Offer A" in headers and "Offer B" in headers
    cells = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tbody td")]
    assert figures.pounds(OFFER) in cells and figures.pounds(second) in cells


def test_a_counter_email_is_shown_whole_and_copy_puts_it_on_the_clipboard(page, web):
    origin = web.url.split("/webhooks")[0]
    page.driver.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}
    )
    asked = page.say("write me a counter email")
    offer_a = next(b for b in asked[-1].find_elements(By.CSS_SELECTOR, ".choices button") if "Offer A" in b.text)  # which offer?
    answered = page.answered_after(offer_a.click)
    draft = answered[-1].find_element(By.CSS_SELECTOR, ".draft")
    email = draft.find_element(By.CSS_SELECTOR, "pre").text
    assert email.startswith("Subject:") and figures.pounds(figures.counter(LEVEL, REGION, OFFER)) in email
    copy = draft.find_element(By.CSS_SELECTOR, "button")
    assert copy.accessible_name.startswith("Copy")
    copy.click()
    page.wait(lambda d: copy.text == "Copied", 10)
    clipboard = page.driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, (e) => done('ERROR ' + e));"
    )
    assert clipboard.strip() == email.strip()
    page.wait(lambda d: "copied" in page.find("#status").get_attribute("textContent"), 5)  # said to a screen reader too


def test_reload_shows_the_conversation_and_continues_it(page):
    shown_before = len(page.all("#log .msg.bot"))
    conversation = page.driver.execute_script("return localStorage.getItem('payband.conversation')")
    page.driver.refresh()
    page.wait(lambda d: len(page.all("#log .msg.bot")) >= shown_before)
    assert page.driver.execute_script("return localStorage.getItem('payband.conversation')") == conversation
    answered = page.say("what about one level up?")  # Payband must still know the level, the place and the offer
    reply = text_of(answered)
    assert figures.span("senior", REGION) in reply and figures.pounds(OFFER) in reply


def test_markup_typed_by_a_user_is_shown_as_text_and_runs_nothing(page):
    attack = '<img src=x onerror="window.pwned = 1"><script>window.pwned = 2</script>'
    page.say(attack)
    assert page.last_user_text().endswith(attack)
    assert page.driver.execute_script("return window.pwned") is None
    assert not page.all("#log img[src='x']") and not page.all("#log script")


SCROLLED_TO_THE_END = """
const box = document.querySelector('.scroller').getBoundingClientRect();
const last = document.querySelector('#log').lastElementChild.getBoundingClientRect();
return last.bottom <= box.bottom + 1;
"""
SPLIT_WORDS = """
const split = [];
for (const cell of document.querySelectorAll('#log td, #log th')) {
  const text = cell.firstChild;
  if (!text || text.nodeType !== Node.TEXT_NODE) continue;
  const words = /[^\\s-]+/g;  // a line may break after a hyphen, never inside a word or a figure
  let m;
  while ((m = words.exec(text.data))) {
    const range = document.createRange();
    range.setStart(text, m.index);
    range.setEnd(text, m.index + m[0].length);
    if (range.getClientRects().length > 1) split.push(m[0]);
  }
}
return split;
"""


def _axe_serious(results: dict) -> list:
    assert "error" not in results, results
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_accessible_and_readable_at_360_px_and_on_a_desktop(page):
    assert AXE.exists(), "axe-core is not installed: make browser-tools"
    page.say("who pays the most?")  # the widest table Payband sends
    page.say("show me a chart")  # the page now holds every kind of part: choices, tables, chart, draft, notes
    page.wait(lambda d: d.execute_script(SCROLLED_TO_THE_END), 10)  # once the image has loaded too
    report = {}
    for width, height in ((1280, 900), (360, 780)):
        page.driver.set_window_size(width, height)
        results = page.axe()
        report[width] = results
        assert _axe_serious(results) == [], json.dumps(results["violations"], indent=1)
        wide, high = page.driver.execute_script(
            "const e = document.documentElement; return [e.scrollWidth - innerWidth, e.scrollHeight - innerHeight]"
        )
        assert wide <= 0 and high <= 0, f"at {width} px the page itself scrolls ({wide} px sideways, {high} px down)"
        assert page.driver.execute_script(SPLIT_WORDS) == [], f"table words split across lines at {width} px"
        overflowing = page.driver.execute_script(
            "return [...document.querySelectorAll('.table-wrap')].filter((w) => w.scrollWidth > w.clientWidth).length"
        )
        assert overflowing == 0, f"{overflowing} table(s) wider than their message at {width} px"
    print("\naxe-core " + json.dumps({w: {"violations": r["violations"], "passes": r["passes"]} for w, r in report.items()}))
    labelled = page.driver.execute_script(
        "return Array.from(document.querySelectorAll('button, textarea')).every((c) => (c.labels && c.labels.length) || c.textContent.trim())"
    )
    assert labelled


def test_reduced_motion_stops_the_typing_animation(page):
    dot = "return getComputedStyle(document.querySelector('#typing .dots span')).animationName"
    assert page.driver.execute_script(dot) == "blink"
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    assert page.driver.execute_script(dot) == "none"
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_start_over_while_waiting_drops_the_old_conversations_reply(page):
    page.driver.execute_script(  # hold Payband's reply back for 1.5 s, so Start over comes first
        "const fetchNow = window.fetch; window.fetch = (...args) => new Promise((done) => setTimeout(() => done(fetchNow(...args)), 1500));"
    )
    old = page.driver.execute_script("return localStorage.getItem('payband.conversation')")
    page.box.send_keys("senior in Leeds", Keys.ENTER)
    page.wait(lambda d: page.find("#typing").is_displayed(), 5)
    page.find("#start-over").click()
    time.sleep(2.5)
    assert page.all("#log .msg") == [] and not page.find("#typing").is_displayed()
    assert page.driver.execute_script("return localStorage.getItem('payband.conversation')") not in (None, old)
    assert page.driver.execute_script("return localStorage.getItem('payband.transcript')") is None
    page.driver.refresh()  # the page's own fetch again


def test_screenshots_at_360_px_and_1280_px(page):
    """A fresh conversation with a band, an offer check and its chart, for docs/ (make screenshots)."""
    page.driver.set_window_size(1280, 900)
    page.find("#start-over").click()
    page.say("senior in Manchester, what's the band?")
    page.say(f"they offered me {figures.k(figures.low('senior', 'rest_of_uk') + 7000)}, chart it against the band")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.driver.execute_script("document.activeElement.blur()")  # no focus ring or hover in the picture
    ActionChains(page.driver).move_to_element(page.find("h1")).perform()
    question, chart = page.all("#log .msg.user")[-1], page.all("#log figure img")[-1]
    for width, height, shown, where in ((1280, 1000, question, "start"), (360, 780, chart, "end")):  # on a phone: the chart
        page.driver.set_window_size(width, height)
        page.driver.execute_script(f"arguments[0].scrollIntoView({{block: '{where}'}})", shown)
        shot = SCREENSHOTS / f"web-{width}.png"
        page.driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    page.driver.set_window_size(1280, 900)


def test_when_the_server_stops_the_page_says_so_and_keeps_the_message(page, web):
    assert web.stop() == 0  # Ctrl-C/SIGTERM stops make web cleanly
    time.sleep(0.5)
    page.box.clear()
    page.box.send_keys("is 90k fair for senior?", Keys.ENTER)
    page.wait(lambda d: page.all("#log .msg.error"), 30)
    assert UNREACHABLE in page.all("#log .msg.error")[-1].text
    assert page.box.get_attribute("value") == "is 90k fair for senior?"  # nothing typed is lost
    assert not page.find("#typing").is_displayed()

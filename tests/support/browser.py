"""A real headless Chromium on the chat page, driven as a person would (tests/test_web_page.py).

Debian's chromium and chromium-driver (`make services` installs them) with Selenium; the driver
path is given, so Selenium never tries to download one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import List

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"
REPLY_SECONDS = 60


def start_chromium(width: int = 1280, height: int = 900) -> webdriver.Chrome:
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not look for a driver online
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--window-size={width},{height}",
        f"--user-data-dir={tempfile.mkdtemp(prefix='payband-chromium-')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    return driver


class ChatPage:
    """The page in one browser tab: type, click, wait for Payband's answer, read what is shown."""

    def __init__(self, driver: webdriver.Chrome, url: str) -> None:
        self.driver, self.url = driver, url

    def open(self) -> "ChatPage":
        self.driver.get(self.url)
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")
        return self

    def wait(self, condition, seconds: float = REPLY_SECONDS):
        return WebDriverWait(self.driver, seconds).until(condition)

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str) -> List[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    @property
    def box(self) -> WebElement:
        return self.find("#message")

    def bot_messages(self) -> List[WebElement]:
        return self.all("#log .msg.bot")

    def answered_after(self, action) -> List[WebElement]:
        """Do `action` (a click, keys), then wait until Payband's reply is shown; the new bot messages."""
        before = len(self.bot_messages())
        errors_before = len(self.all("#log .msg.error"))
        action()
        try:
            self.wait(lambda d: len(self.bot_messages()) > before or len(self.all("#log .msg.error")) > errors_before)
            self.wait(lambda d: not self.find("#typing").is_displayed())
        except TimeoutException as error:
            raise AssertionError(f"no reply within {REPLY_SECONDS} s; the page shows:\n{self.find('#log').text[-2000:]}") from error
        return self.bot_messages()[before:]

    def say(self, text: str) -> List[WebElement]:
        """Type a message into the box and press Enter, as a person would."""

        def type_and_send() -> None:
            self.box.clear()
            self.box.send_keys(text)
            self.box.send_keys(Keys.ENTER)

        return self.answered_after(type_and_send)

    def last_user_text(self) -> str:
        return self.all("#log .msg.user")[-1].text

    def axe(self) -> dict:
        """axe-core's results for the page as it is now (rules for WCAG 2.1 A/AA and best practice)."""
        self.driver.execute_script(AXE.read_text(encoding="utf-8"))
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
            ".then((r) => done({violations: r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map((n) => n.target.join(' '))})), passes: r.passes.length}))"
            ".catch((e) => done({error: String(e)}));"
        )

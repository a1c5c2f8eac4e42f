"""The HTML report in a real browser: Debian's /usr/bin/chromium driven by Playwright.

Only `executable_path` is used: no browser is ever downloaded (`playwright install` is never run).
Without chromium or the playwright package these tests skip, saying which is missing; .ci/run
installs chromium where it can.

Each page is opened as the file a person double-clicks (file://), at a desktop width (1280 px)
and a phone width (390 px). Screenshots go to the test's tmp_path (`--basetemp` to keep them).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.hostile import cli
from tests.html_pages import HOSTILE_CELL, HOSTILE_IMAGE, HOSTILE_LINK, hostile_folder

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "examples" / "groupbuy-bad"
CHROMIUM = Path(os.environ.get("JDCHECK_CHROMIUM", "/usr/bin/chromium"))

if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it as root)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install '.[test]')")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


class Opened:
    """A page opened from a file, with everything the browser did while loading it."""

    def __init__(self, browser, path: Path, width: int, *, javascript: bool = True):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(self.url, wait_until="load")

    def text(self) -> str:
        return " ".join(self.page.inner_text("body").split())

    def dom_text(self) -> str:
        """All the text, also of sections the browser has not laid out yet (content-visibility)."""
        return " ".join(self.page.text_content("main").split())

    def images(self) -> list[dict]:
        return self.page.eval_on_selector_all(
            "img", "els => els.map(e => ({alt: e.alt, complete: e.complete, natural: e.naturalWidth, shown: e.clientWidth}))")

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url and not url.startswith("data:")]

    def close(self) -> None:
        self.context.close()


def write_page(tmp_path: Path, *args) -> Path:
    target = tmp_path / "report.html"
    result = cli(*args, "--format", "html", "--output", target)
    assert result.code in (0, 1), result.err
    return target


def findings_of(*args) -> list[dict]:
    document = json.loads(cli(*args, "--format", "json").out)
    if "reports" in document:
        return [f for report in document["reports"] for f in report["findings"]]
    return document["findings"]


@pytest.mark.parametrize("width", [1280, 390])
def test_groupbuy_bad_in_the_browser(browser, tmp_path, width):
    path = write_page(tmp_path, "groupbuy", BAD)
    opened = Opened(browser, path, width)
    try:
        text = opened.text()
        for finding in findings_of("groupbuy", BAD):
            assert finding["code"] in text
            assert " ".join(finding["message"].split()) in text, finding["code"]
        images = opened.images()
        assert len(images) == 4
        for image in images:
            assert image["complete"] and image["natural"] > 0, image
            assert 0 < image["shown"] <= 240
        assert opened.console_errors == []
        assert opened.outside_requests() == []
        assert opened.dialogs == []
        # the page itself never scrolls sideways; only the wide sheet scrolls inside its frame
        assert opened.page.evaluate("document.documentElement.scrollWidth") <= width
        opened.page.screenshot(path=str(tmp_path / f"groupbuy-bad-{width}.png"), full_page=True)
    finally:
        opened.close()


def test_readable_without_javascript(browser, tmp_path):
    path = write_page(tmp_path, "groupbuy", BAD, "--lang", "en")
    opened = Opened(browser, path, 1280, javascript=False)
    try:
        text = opened.text()
        assert "FAILED" in text and "P001" in text and "Spreadsheet" in text
        assert all(image["natural"] > 0 for image in opened.images())
    finally:
        opened.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_hostile_names_and_cells_stay_text_in_the_browser(browser, tmp_path, width):
    folder = hostile_folder(tmp_path / "drive")
    path = write_page(tmp_path, "check", folder, "--type", "groupbuy", "--today", "2026-11-25")
    opened = Opened(browser, path, width)
    try:
        text = opened.text()
        assert HOSTILE_IMAGE in text and HOSTILE_CELL in text and HOSTILE_LINK in text
        assert opened.page.evaluate("document.querySelectorAll('script').length") == 0
        assert opened.page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror]').length") == 0
        assert opened.page.evaluate("[...document.links].filter(a => a.protocol === 'javascript:').length") == 0
        assert opened.dialogs == [] and opened.console_errors == [] and opened.outside_requests() == []
    finally:
        opened.close()


def test_batch_page_in_the_browser(browser, tmp_path):
    root = tmp_path / "drive"
    for name in ("groupbuy-bad", "groupbuy-ok", "homepage-bad", "channel-bad", "platform-bad"):
        shutil.copytree(ROOT / "examples" / name, root / name)
    path = write_page(tmp_path, "batch", root)
    opened = Opened(browser, path, 390)
    try:
        text = opened.dom_text()
        for finding in findings_of("batch", root):
            assert " ".join(finding["message"].split()) in text, finding["code"]
        assert all(image["natural"] > 0 for image in opened.images())
        assert opened.console_errors == [] and opened.outside_requests() == []
        opened.page.click("text=homepage-bad")
        assert opened.page.evaluate("location.hash") != ""
        section = opened.page.evaluate("location.hash.slice(1)")
        assert opened.page.is_visible(f"[id='{section}']")
        assert "homepage-bad" in opened.page.inner_text(f"[id='{section}'] h2")
        opened.page.screenshot(path=str(tmp_path / "batch-390.png"), full_page=True)
    finally:
        opened.close()

"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

What a person sees: the flagged words highlighted, a click on a finding bringing both sides
into view, the filters, the keys, the print layout, and no script error. `make test` installs
Chromium when run as root (CI); elsewhere these tests skip without it, except under CI=true,
where a missing browser fails them. The seed article's report and its screenshot are kept in
test-artifacts/ (or $CHECKER_TEST_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.api import check_paths
from checker.report.formatters import render

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("CHECKER_TEST_ARTIFACTS") or ROOT / "test-artifacts")
CHROMIUM = os.environ.get("CHECKER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")

FACTS = """\
name: harbour
description: invented facts for the report tests
facts:
  - id: varnholt-bridge-opening
    statement: The Varnholt Bridge opened in 1931.
    sources: ["https://example.org/varnholt?a=1&b=2"]
    as_of: "2026-01-15"
"""


def _filler(topic: str) -> str:
    return "\n\n".join(f"Paragraph {i} talks about the {topic} over the estuary, the ferries and the gulls that "
                       "follow them." for i in range(1, 25))


HARBOUR = ("# Harbour notes\n\nThe Varnholt Bridge opened in 1926, local papers said at the time.\n\n"
           + _filler("weather") + "\n\nThe Kestrel ferry line carried 40,000 passengers in 2019.\n\n"
           + _filler("tides") + "\n\nAccording to the operator, the Kestrel ferry line carried 95,000 passengers "
           "in 2019.\n\nEngineers say <script>window.__pwned = 1</script> and <img src=x "
           "onerror=\"window.__pwned = 2\"> are just words here.\n")
QUIET = "# Quiet\n\nNothing here contradicts anything. The pier was painted blue.\n"

IN_PANE = """(el) => {
  const r = el.getBoundingClientRect();
  const pane = el.closest('#findings, #here, #there').getBoundingClientRect();
  return r.height > 0 && r.top >= pane.top && r.bottom <= pane.bottom;
}"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium under CI: `make test` installs Debian's chromium when run as root")
        pytest.skip("no Chromium: `make test` as root installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Chromium refuses to run as root with its sandbox on (CI runs as root).
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox"] if os.geteuid() == 0 else [])
        yield browser
        browser.close()


class Page:
    """A report opened from file://, with every console error, script error and request recorded."""

    def __init__(self, browser: Any, path: Path, *, width: int = 1400, height: int = 800) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.set_default_timeout(5_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())

    def in_pane(self, selector: str) -> bool:
        return bool(self.page.eval_on_selector(selector, IN_PANE))

    def texts(self, selector: str) -> list[str]:
        return [str(t) for t in self.page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")]

    def visible_cards(self) -> list[str]:
        return [str(r) for r in self.page.eval_on_selector_all(
            ".card", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.rule)")]


@pytest.fixture(scope="module")
def harbour_report(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Path:
    folder = tmp_path_factory.mktemp("harbour")
    (folder / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    (folder / "quiet.md").write_text(QUIET, encoding="utf-8")
    (folder / "facts.yml").write_text(FACTS, encoding="utf-8")
    report = check_paths([folder / "harbour.md", folder / "quiet.md"], references=[folder / "facts.yml"],
                         embedder=embedder)
    assert [(f.rule, f.severity.label, f.text) for f in report.findings] == [
        ("date-mismatch", "error", "opened in 1926"),
        ("number-mismatch", "info", "95,000 passengers"),
    ]
    path = folder / "report.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    return path


def test_the_seed_report_shows_its_finding_both_spans_and_the_source(chromium: Any, embedder: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths as a user in the repository sees them
    report = check_paths(["examples/ukraine-talks.txt"], references=["references"], embedder=embedder)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "seed-report.html"
    path.write_text(render(report, "html"), encoding="utf-8")
    view = Page(chromium, path)
    page = view.page
    assert page.locator(".card").count() == 1
    assert page.inner_text("#position") == "Finding 1 of 1"
    # This side: the flagged words, highlighted and scrolled into the article pane.
    assert view.texts("#here mark.active") == ["2022 annexation of Crimea"]
    assert view.in_pane("#here mark.active")
    # The other side: the first sentence it contradicts, in the second pane, and the reference fact.
    assert view.texts("#there-doc mark.active")[0].startswith("Trump indicated that Crimea, the Ukrainian peninsula")
    assert view.in_pane("#there-doc mark.active")
    source = page.locator("#there-facts a")
    assert source.get_attribute("href") == "https://en.wikipedia.org/wiki/Annexation_of_Crimea_by_the_Russian_Federation"
    assert source.is_visible()
    assert "crimea-annexation-2014 references/russia-ukraine.yml:40" in page.inner_text("#there-facts")
    assert "the annexation of Crimea: 2022 here, 2014 at line 23 and line 54" in page.inner_text(".card .message")
    screenshot = ARTIFACTS / "seed-report.png"
    page.screenshot(path=str(screenshot))
    print(f"\nseed report screenshot: {screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert view.errors == []
    assert all(url.startswith("file://") for url in view.requests), view.requests


def test_a_click_on_a_finding_scrolls_to_both_of_its_spans(chromium: Any, harbour_report: Path) -> None:
    view = Page(chromium, harbour_report)
    page = view.page
    page.click(".card[data-rule='number-mismatch']")
    assert page.get_attribute(".card.selected", "data-rule") == "number-mismatch"
    assert view.texts("#here mark.active") == ["95,000 passengers"]
    assert view.in_pane("#here mark.active")
    assert view.texts("#there-doc mark.active") == ["The Kestrel ferry line carried 40,000 passengers in 2019."]
    assert view.in_pane("#there-doc mark.active")
    assert page.inner_text("#position") == "Finding 2 of 2"
    # Back to the first: its other side is a reference fact, with its as_of and its source.
    page.click(".card[data-rule='date-mismatch']")
    assert view.texts("#here mark.active") == ["opened in 1926"]
    assert view.in_pane("#here mark.active")
    assert page.locator("#there-doc mark").count() == 0
    facts = page.inner_text("#there-facts")
    assert "varnholt-bridge-opening" in facts and "as of 2026-01-15" in facts
    assert page.get_attribute("#there-facts a", "href") == "https://example.org/varnholt?a=1&b=2"
    # A click on a highlight in the article selects its finding.
    page.click("#here mark[data-flag='1']")
    assert page.get_attribute(".card.selected", "data-rule") == "number-mismatch"
    assert view.errors == []


def test_the_filters_and_the_keys(chromium: Any, harbour_report: Path) -> None:
    view = Page(chromium, harbour_report)
    page = view.page
    assert view.visible_cards() == ["date-mismatch", "number-mismatch"]
    assert page.inner_text(".doc-group[data-doc='1'] .count") == "no findings"
    assert page.inner_text(".doc-group[data-doc='0'] .count") == "1 error, 1 info"
    page.keyboard.press("j")
    assert page.get_attribute(".card.selected", "data-rule") == "number-mismatch"
    page.keyboard.press("j")  # wraps round
    assert page.get_attribute(".card.selected", "data-rule") == "date-mismatch"
    page.keyboard.press("k")
    assert page.get_attribute(".card.selected", "data-rule") == "number-mismatch"
    page.uncheck("input[name=severity][value=info]")
    assert view.visible_cards() == ["date-mismatch"]
    assert page.locator(".card.selected").count() == 0  # the selected finding was filtered out
    assert page.inner_text("#position") == "1 finding"
    assert page.get_attribute("#here mark[data-flag='1']", "class") == "sev-info off"
    page.check("input[name=severity][value=info]")
    page.select_option("select[name=rule]", "number-mismatch")
    assert view.visible_cards() == ["number-mismatch"]
    page.keyboard.press("n")  # the rule list has the focus: its keys are its own
    assert page.locator(".card.selected").count() == 0
    page.click("#summary")
    page.keyboard.press("n")
    assert page.get_attribute(".card.selected", "data-rule") == "number-mismatch"
    page.select_option("select[name=rule]", "")
    page.click("button#previous")
    assert page.get_attribute(".card.selected", "data-rule") == "date-mismatch"
    # The article without findings opens from the list.
    page.click(".doc-link[data-doc='1']")
    assert page.is_visible("#doc-1") and not page.is_visible("#doc-0")
    assert view.errors == []


def test_article_text_that_looks_like_markup_stays_text(chromium: Any, harbour_report: Path) -> None:
    view = Page(chromium, harbour_report)
    page = view.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#here script, #here img").count() == 0
    text = page.inner_text("#doc-0 pre")
    assert 'Engineers say <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2">' in text
    assert view.errors == []


def test_the_print_layout_shows_every_article_and_hides_the_controls(chromium: Any, harbour_report: Path) -> None:
    view = Page(chromium, harbour_report)
    page = view.page
    page.emulate_media(media="print")
    assert page.is_visible("#doc-0") and page.is_visible("#doc-1")
    assert not page.is_visible("#filters") and not page.is_visible("#there")
    assert view.visible_cards() == ["date-mismatch", "number-mismatch"]


def test_without_its_script_the_page_still_shows_everything(chromium: Any, harbour_report: Path) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(harbour_report.as_uri())
    assert page.is_visible("#doc-0") and page.is_visible("#doc-1")
    assert page.locator(".card").count() == 2 and page.is_visible(".card[data-rule='number-mismatch']")
    context.close()

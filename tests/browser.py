"""A real browser for the tests that check pages: Debian's headless Chromium, driven by Playwright,
with axe-core (bundled by axe-playwright-python) for the WCAG checks.

tests/conftest.py registers the two fixtures for every test module: `browser`, one Chromium for
the whole test session, and `page`, a fresh page in its own browser context at desktop size
(``page.set_viewport_size(PHONE)`` for a phone). A test module imports only the helpers:

    from tests.browser import axe_violations

    def test_it_has_no_wcag_violations(page):
        page.set_content(html)
        assert axe_violations(page) == []

Both fixtures skip the test, saying why, when Chromium or Playwright is not installed, except
on CI (the CI environment variable set), where they fail instead.
Playwright's own browser download does not work here, so Chromium is Debian's
(``apt-get install chromium``), or the one named by the REPORTGEN_CHROMIUM environment variable.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

__all__ = [
    "CHROMIUM_ARGS",
    "DESKTOP",
    "PHONE",
    "WCAG_TAGS",
    "axe_violations",
    "browser_fixture",
    "chromium_path",
    "describe_violations",
    "idle_scroll_regions",
    "outside_the_column",
    "page_fixture",
    "rgb",
]

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
# axe-core's tags for the WCAG 2.0, 2.1 and 2.2 success criteria at levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 360, "height": 740}

# The page elements (and the <svg> pictures, but not their insides) that stick out of the content
# box of the column that holds them: `selector`. Elements hidden from sight (clipped to nothing or
# not rendered) do not count. Each is described as "tag#id.class width".
_OUTSIDE = """(selector) => {
  const column = document.querySelector(selector);
  const style = getComputedStyle(column);
  const box = column.getBoundingClientRect();
  const left = box.left + parseFloat(style.paddingLeft);
  const right = box.right - parseFloat(style.paddingRight);
  const html = 'http://www.w3.org/1999/xhtml';
  return [...column.querySelectorAll('*')]
    .filter(e => e.namespaceURI === html || e.localName === 'svg')
    .filter(e => e.checkVisibility() && getComputedStyle(e).clipPath !== 'inset(50%)')
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width > 1 && (r.left < left - 0.5 || r.right > right + 0.5))
    .map(([e, r]) => `${e.localName}#${e.id}.${e.getAttribute('class')} ${Math.round(r.width)}`);
}"""
# Elements the keyboard stops at (tabindex 0 or more) that are not links, buttons or form fields
# and whose content does not overflow them: a focusable scroll region with nothing to scroll.
_IDLE = """() => [...document.querySelectorAll('[tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.matches('a[href], button, input, select, textarea, summary'))
  .filter(e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight)
  .map(e => `${e.localName}#${e.id}.${e.getAttribute('class')}`)"""


def chromium_path() -> str | None:
    """The Chromium executable to drive, or None if there is none."""
    named = os.environ.get("REPORTGEN_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(name="browser", scope="session")
def browser_fixture() -> Iterator[Browser]:
    """One headless Chromium for the whole session (starting one takes most of a second)."""
    executable = chromium_path()
    if executable is None:
        _unavailable(
            "Chromium is not installed: run `apt-get install chromium` (Debian), "
            "or set REPORTGEN_CHROMIUM to a Chromium executable"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install playwright axe-playwright-python")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail on CI, where a skipped browser check would pass unseen."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser checks)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(name="page")
def page_fixture(browser: Browser) -> Iterator[Page]:
    """A new page, in its own browser context, at desktop size; closed after the test."""
    context = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    try:
        yield context.new_page()
    finally:
        context.close()


def axe_violations(page: Page, tags: Sequence[str] = WCAG_TAGS) -> list[dict[str, Any]]:
    """axe-core's violations on the page's current document, for the rules with `tags`.

    Each violation is axe's own record: ``id``, ``impact``, ``help``, ``helpUrl``, ``nodes`` (with
    each node's ``target`` selector and ``failureSummary``).
    """
    from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = Axe().run(page, options=options)
    violations: list[dict[str, Any]] = result.response["violations"]
    return violations


def outside_the_column(page: Page, column: str = "main .page-width") -> list[str]:
    """What on the page is wider than, or sticks out of, the column `column` (a CSS selector)."""
    found: list[str] = page.evaluate(_OUTSIDE, column)
    return found


def idle_scroll_regions(page: Page) -> list[str]:
    """The elements the keyboard stops at only to scroll them, though they have nothing to scroll."""
    found: list[str] = page.evaluate(_IDLE)
    return found


def rgb(colour: str) -> str:
    """A "#rrggbb" colour as the browser's computed style writes it: "rgb(r, g, b)"."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def describe_violations(violations: Sequence[dict[str, Any]]) -> str:
    """The violations as readable lines, for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
            )
    return "\n".join(lines)

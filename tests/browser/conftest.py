"""Browser tests drive Debian's Chromium (never a downloaded browser) and watch every request.

Playwright is driven directly: the pytest-playwright plugin does not work with pytest 9.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import LAUNCH
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched with the flags that keep it off the network."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(**LAUNCH)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def host_of(url: str) -> str | None:
    """Return the host a request goes to; None for data: URLs, the page's own host for its blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme == "blob":  # blob:http://127.0.0.1:port/uuid, made by the page itself
        return host_of(url.removeprefix("blob:"))
    return parts.hostname or url


@pytest.fixture
def watched_page(page: Page) -> Iterator[Page]:
    """A page that fails the test on any request leaving 127.0.0.1, any JavaScript error, or any dialog."""
    hosts: set[str | None] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(host_of(request.url)))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    def dialog(opened: Dialog) -> None:  # an alert() would mean markup from the data ran as code
        errors.append(f"dialog: {opened.type} {opened.message}")
        opened.dismiss()

    page.on("dialog", dialog)
    yield page
    assert hosts - {None} <= {"127.0.0.1"}, f"requests left the machine: {hosts}"
    assert errors == [], errors


@pytest.fixture
def screenshot() -> Callable[..., None]:
    """Save a screenshot of the current view under tests/screenshots/ (git-ignored)."""

    def save(page: Page, name: str, full_page: bool = False) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return save

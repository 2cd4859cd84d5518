"""What the explorer's browser tests read off the page: the panel's heading and sections, and the Cytoscape graph."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


def heading(page: Page) -> Locator:
    """The side panel's heading (the name of what it shows)."""
    return page.locator("#panel-body h2")


def section(page: Page, title: str) -> Locator:
    """The list under a heading of the side panel."""
    return page.locator(f'#panel-body h3:text-is("{title}") + *')


def js(page: Page, expression: str) -> object:
    """Evaluate an expression in the page with `cy`, the explorer's Cytoscape instance, in scope."""
    return page.evaluate(f"() => {{ const cy = window.stackatlasExplorer.cy; return {expression}; }}")

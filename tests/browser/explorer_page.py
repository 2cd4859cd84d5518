"""What the explorer's browser tests read off the page: the panel's heading and sections, and the Cytoscape graph.

Also how they open it, and the overview they compare the drawing with.
"""

from __future__ import annotations

from typing import Any

import requests
from playwright.sync_api import Locator, Page, expect


def settled(page: Page) -> None:
    """Wait until the explorer has shown what the URL asks for and the layout has stopped."""
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-state", "ready")
    expect(graph).to_have_attribute("data-layout", "done")


def open_explorer(page: Page, url: str) -> None:
    """Open the explorer and wait until it has settled."""
    page.goto(url)
    settled(page)


def overview(live_server: str) -> dict[str, Any]:
    """The groups the explorer opens on, from the API."""
    body: dict[str, Any] = requests.get(f"{live_server}/api/overview", timeout=10).json()
    return body


def heading(page: Page) -> Locator:
    """The side panel's heading (the name of what it shows)."""
    return page.locator("#panel-body h2")


def section(page: Page, title: str) -> Locator:
    """The list under a heading of the side panel."""
    return page.locator(f'#panel-body h3:text-is("{title}") + *')


def js(page: Page, expression: str) -> object:
    """Evaluate an expression in the page with `cy`, the explorer's Cytoscape instance, in scope."""
    return page.evaluate(f"() => {{ const cy = window.stackatlasExplorer.cy; return {expression}; }}")


def off_canvas(page: Page, selector: str) -> list[str]:
    """The ids of the drawn nodes matching a Cytoscape selector that are not wholly inside the canvas."""
    outside = js(
        page,
        f"""cy.nodes({selector!r}).filter((n) => {{ const b = n.renderedBoundingBox({{ includeLabels: false }});
          return !(b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height()); }}).map((n) => n.id())""",
    )
    assert isinstance(outside, list)
    return outside


def on_canvas(page: Page, node_id: str) -> bool:
    """Whether a node is drawn inside the canvas."""
    drawn = js(page, f"cy.getElementById({node_id!r}).nonempty()") is True
    return drawn and off_canvas(page, f"[id = {node_id!r}]") == []


# What the canvas shows of each node (its body; its label, where a label is drawn; each where it is on the canvas),
# and the pairs of nodes whose shown parts overlap: body on body, label on body, label on label.
OVERLAPS = """(nodes) => {
  const only = { includeOverlays: false, includeUnderlays: false, includeOutlines: false };
  const boxes = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const parts = nodes.map((n) => {
    const drawn = n.numericStyle('font-size') * cy.zoom() >= n.numericStyle('min-zoomed-font-size')
      && n.numericStyle('text-opacity') > 0;
    const body = n.renderedBoundingBox({ ...only, includeLabels: false });
    body.round = n.pstyle('shape').strValue === 'ellipse';
    const label = drawn ? n.renderedBoundingBox({ ...only, includeNodes: false, includeLabels: true }) : null;
    const screen = { x1: 0, y1: 0, x2: cy.width(), y2: cy.height() };  // off the canvas nothing is seen
    return [n.id(), [body, label].filter((part) => part && boxes(part, screen))]; });
  const disc = (d) => [(d.x1 + d.x2) / 2, (d.y1 + d.y2) / 2, (d.x2 - d.x1) / 2];
  const near = (d, b) => { const [x, y, r] = disc(d);  // a disc and a box: the box's nearest point inside the disc
    const dx = x - Math.max(b.x1, Math.min(x, b.x2)), dy = y - Math.max(b.y1, Math.min(y, b.y2));
    return dx * dx + dy * dy < r * r; };
  const over = (a, b) => {
    if (a.round && b.round) {
      const [x, y, r] = disc(a), [u, v, s] = disc(b);
      return (x - u) ** 2 + (y - v) ** 2 < (r + s) ** 2; }
    return a.round ? near(a, b) : b.round ? near(b, a) : boxes(a, b); };
  const clash = (p, q) => p.some((a) => q.some((b) => over(a, b)));
  return parts.flatMap(([a, p], i) => parts.slice(i + 1).filter(([, q]) => clash(p, q)).map(([b]) => [a, b]));
}"""

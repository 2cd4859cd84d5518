// @ts-check
// Labels by level of detail: no label is drawn over another label or over another node, at any zoom, on any
// screen. Cytoscape draws every label large enough to read (min-zoomed-font-size) wherever it falls, so after
// each change of the view this places labels greedily, the most important first (the selected node, the answers
// and the terms they match, the groups, the most connected frameworks), and hides those that would collide. Zoom
// in and there is room for more. Two kinds are always drawn: the selected node's (the one the user asked for)
// and a closed group's, inside its disc (overview.js packs the discs so that their labels never reach a
// neighbour). #graph[data-labels] says "pending" while a pass is due and "placed" after it.

import { byImportance, labelsToHide, overlap, rankOf } from "./label-placement.js";
/** @typedef {import("./state.js").State} State */

export const HIDDEN = "label-hidden"; // graph-style.js draws its text transparent: the box Cytoscape measures stays
const DELAY_MS = 60; // after the last change: a layout or a pinch moves the view many times a second

const BODY = { includeLabels: false, includeOverlays: false, includeUnderlays: false, includeOutlines: false };
const LABEL = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false,
  includeUnderlays: false, includeOutlines: false };

// The nodes, most important first (label-placement.js's order); each node's key worked out once. The more
// connected is the overview's degree, else the drawn one.
/** @param {any[]} nodes Cytoscape nodes */
function nodesByImportance(nodes) {
  const keyed = nodes.map((node) => ({
    node,
    rank: rankOf({ selected: node.selected(), lit: node.hasClass("answer") || node.hasClass("term"),
      group: node.data("type") === "group", hub: node.hasClass("hub"), faded: node.hasClass("faded") }),
    degree: node.data("degree") ?? node.degree(false),
    label: String(node.data("label")),
  }));
  return byImportance(keyed).map((entry) => entry.node);
}

// Whether an element is drawn anywhere near the screen, from its position alone (cheap: no bounding box). A label
// reaches at most text-max-width (120, 260 for a group) from it, at the zoom.
const NEAR_PX = 280;
function nearScreen(ele, screen, zoom) {
  const at = ele.isNode() ? ele.renderedPosition() : ele.renderedMidpoint();
  const reach = NEAR_PX * Math.max(zoom, 1);
  return at.x > screen.x1 - reach && at.x < screen.x2 + reach && at.y > screen.y1 - reach && at.y < screen.y2 + reach;
}

// Whether Cytoscape draws the element's label at this zoom at all.
function drawnAt(ele, zoom) {
  const label = ele.pstyle("label");
  if (!label || !label.strValue || !ele.visible()) return false;
  return ele.numericStyle("font-size") * zoom >= ele.numericStyle("min-zoomed-font-size");
}

/** Decide which labels are drawn, now: the most important first, any that would collide hidden. @param {State} state */
export function placeLabels(state) {
  const { cy, dom } = state;
  clearTimeout(state.labelTimer);
  const started = performance.now();
  const zoom = cy.zoom();
  const screen = { x1: 0, y1: 0, x2: cy.width(), y2: cy.height() };
  // Off screen, nothing is an obstacle or seen: only what is near the screen is measured at all. An open group's
  // frame is large, its label on its top edge far from its centre: the few frames are all measured.
  const near = cy.elements().filter((ele) => (ele.isNode() && ele.isParent()) || nearScreen(ele, screen, zoom));
  // An open group's frame holds its frameworks: it is no obstacle, only its own label is.
  const bodies = near.nodes().filter((node) => !node.isParent() && node.visible())
    .map((node) => ({
      id: node.id(), box: node.renderedBoundingBox(BODY), round: node.pstyle("shape").strValue === "ellipse",
    }))
    .filter((body) => overlap(body.box, screen));
  const candidates = [...nodesByImportance(near.nodes().toArray()), ...near.edges().toArray()]
    .filter((ele) => drawnAt(ele, zoom))
    .map((ele) => ({
      ele,
      id: ele.id(),
      box: ele.renderedBoundingBox(LABEL),
      // Always named: the selected node, and a closed group (overview.js sizes and packs it to hold its label).
      always: ele.isNode() && (ele.selected() || (ele.data("type") === "group" && !ele.isParent())),
    }));
  const hidden = labelsToHide(candidates, bodies, screen).map((candidate) => candidate.ele);
  // Said before the changes below: their own class events say "pending" again, and the pass they bring, "placed".
  dom.container.dataset.labels = "placed";
  // Only what changes is touched: a class change is a change of the view (an answer lit up) and brings a pass of
  // its own, which then finds nothing to change.
  const hide = cy.collection(hidden);
  cy.batch(() => {
    cy.elements(`.${HIDDEN}`).difference(hide).removeClass(HIDDEN);
    hide.filter((ele) => !ele.hasClass(HIDDEN)).addClass(HIDDEN);
  });
  performance.measure("stackatlas:labels", { start: started }); // the pass's own time (bench/browser.py reads it)
}

/** Place the labels again shortly after the view or what is drawn changes. @param {State} state */
export function watchLabels(state) {
  const { cy, dom } = state;
  const schedule = () => {
    dom.container.dataset.labels = "pending";
    clearTimeout(state.labelTimer);
    state.labelTimer = setTimeout(() => placeLabels(state), DELAY_MS);
  };
  cy.on("viewport add remove select unselect position class", schedule);
  // Cytoscape also says "resize" whenever an attribute of its container changes (data-labels, among others):
  // only a change of size counts.
  let size = "";
  cy.on("resize", () => {
    const now = `${cy.width()}x${cy.height()}`;
    if (now !== size) schedule();
    size = now;
  });
}

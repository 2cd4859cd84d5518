// @ts-check
// The view on the drawing: fitting it to the canvas no larger than readable, and centring the selected node. This
// module is the one writer of state.fitted (state.js).

/** @typedef {import("./state.js").State} State */

const MAX_FIT_ZOOM = 1.3;
const NARROW_PX = 600; // a canvas narrower than this (a phone) gets larger type and a tighter layout
const READABLE_ZOOM = 0.75; // the selected node is shown at least this large: its label drawn and readable

/** The canvas's size and whether it is narrow; while it is hidden (a phone showing the list), the window's,
 * about the size it will have when shown. */
export function canvasSize(container) {
  const hidden = container.clientWidth === 0 || container.clientHeight === 0;
  const width = hidden ? window.innerWidth : container.clientWidth;
  const height = hidden ? window.innerHeight : container.clientHeight;
  return { width, height, narrow: width < NARROW_PX, hidden };
}

function centreOf(nodes) {
  const box = nodes.boundingBox();
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

/** The point of the drawing in the middle of the canvas. */
export function viewportCentre(cy) {
  const extent = cy.extent();
  return { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 };
}

// Fit the drawing (or `fitTo`) to the canvas, no larger than readable, say the layout is done, centre the selected
// (unless the user has just opened or closed a group: then it is the group they want to see).
/** @param {State} state */
export function fitAndCentre(state, fitTo, padding, centre = true) {
  const { cy, dom } = state;
  const shown = fitTo && fitTo.nonempty() ? fitTo : null;
  if (shown) fit(state, shown, 50);
  else fit(state, null, padding || 0, !padding); // fcose has fitted the drawing itself
  dom.container.dataset.layout = "done";
  const selected = cy.nodes(":selected");
  if (selected.nonempty() && centre) centreOn(state, selected);
}

// Fit `eles` (or everything) to the canvas, no larger than readable; remembered, to fit again if the canvas resizes.
/** @param {State} state */
export function fit(state, eles, padding, fitted = false) {
  const { cy, dom } = state;
  if (cy.nodes().empty()) return;
  if (!fitted) cy.fit(eles || undefined, padding);
  // A few nodes fitted to the screen would be drawn huge: keep them at a readable size.
  const { narrow } = canvasSize(dom.container);
  const most = narrow ? MAX_FIT_ZOOM / 1.3 : MAX_FIT_ZOOM; // on a phone the type is already larger
  if (cy.zoom() > most) cy.zoom({ level: most, position: centreOf(eles || cy.nodes()) });
  rememberFit(state, eles, padding || 36);
}

/** Remember what the view is fitted to (`eles`, or everything when null), to fit it again if the canvas resizes.
 * @param {State} state
 */
export function rememberFit(state, eles, padding) {
  state.fitted = { eles, padding };
}

/** The user has panned or zoomed: the view is theirs, not fitted to anything. @param {State} state */
export function forgetFit(state) {
  state.fitted = null;
}

/** Put the selected node in the middle of the canvas, zoomed in far enough to read it; #graph[data-centred] names it.
 * @param {State} state
 */
export function centreOn(state, node) {
  const { cy, dom } = state;
  delete dom.container.dataset.centred;
  if (dom.container.dataset.layout === "running") return; // the layout centres it when it stops
  if (canvasSize(dom.container).hidden) return; // centred when shown (graph-view.js's ResizeObserver)
  const level = Math.min(Math.max(cy.zoom(), READABLE_ZOOM), cy.maxZoom());
  cy.stop(true, false);
  // The node's own centre, not its bounding box's (which holds its label below it): in the middle at any size.
  const at = node.position();
  const pan = { x: cy.width() / 2 - at.x * level, y: cy.height() / 2 - at.y * level };
  cy.animate({ zoom: level, pan }, {
    duration: state.reducedMotion ? 0 : 300,
    complete: () => {
      if (node.selected()) dom.container.dataset.centred = node.id();
    },
  });
}

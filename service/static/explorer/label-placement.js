// @ts-check
// Which labels to draw, as geometry only (labels.js measures the drawing and applies the answer): the most important
// first, a label hidden when it would fall on a label already placed or on another node's body. No DOM, no
// Cytoscape: boxes in screen pixels in, the labels to hide out.

/** @typedef {{ x1: number, y1: number, x2: number, y2: number }} Box */
/** @typedef {{ id: string, box: Box, round: boolean }} Body  a node's drawn body; `round`: an ellipse */
/** @typedef {{ id: string, box: Box, always: boolean }} Candidate  a label; `always`: drawn whatever it covers */
/** @typedef {{ rank: number, degree: number, label: string }} Ranked  a node's importance (rankOf), degree, label */

/** Whether two boxes overlap (touching edges do not). @param {Box} a @param {Box} b */
export const overlap = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * Whether a box falls on a node's body. A round node is an obstacle as a disc, not as its bounding square (two
 * discs side by side on a diagonal).
 * @param {Body} body
 * @param {Box} box
 */
export function hits(body, box) {
  if (!body.round) return overlap(body.box, box);
  const { x1, y1, x2, y2 } = body.box;
  const [cx, cy, r] = [(x1 + x2) / 2, (y1 + y2) / 2, (x2 - x1) / 2];
  const dx = cx - Math.max(box.x1, Math.min(cx, box.x2));
  const dy = cy - Math.max(box.y1, Math.min(cy, box.y2));
  return dx * dx + dy * dy < r * r;
}

/**
 * A node's rank, lower first: the selected node, the answers and the terms they match, the groups, the most
 * connected frameworks (hubs), the others, the faded.
 * @param {{ selected: boolean, lit: boolean, group: boolean, hub: boolean, faded: boolean }} node
 */
export function rankOf({ selected, lit, group, hub, faded }) {
  if (selected) return 0;
  if (lit) return 1;
  if (group) return 2;
  if (hub) return 3;
  return faded ? 5 : 4;
}

/**
 * The entries most important first: by rank, then the more connected, then by label.
 * @template {Ranked} T
 * @param {T[]} entries
 * @returns {T[]}
 */
export function byImportance(entries) {
  return [...entries].sort((a, b) => a.rank - b.rank || b.degree - a.degree || a.label.localeCompare(b.label));
}

/**
 * Place labels greedily in the order given: a label off `screen` is neither drawn nor an obstacle; one that would
 * cover a label placed before it or another node's body is hidden, unless it is always drawn. The hidden ones.
 * @template {Candidate} T
 * @param {T[]} candidates
 * @param {Body[]} bodies
 * @param {Box} screen
 * @returns {T[]}
 */
export function labelsToHide(candidates, bodies, screen) {
  /** @type {Box[]} */
  const placed = [];
  const hidden = [];
  for (const candidate of candidates) {
    const { box } = candidate;
    if (!overlap(box, screen)) continue; // off screen: drawn nowhere the user looks, and no obstacle
    const clash = !candidate.always && (placed.some((other) => overlap(other, box))
      || bodies.some((body) => body.id !== candidate.id && hits(body, box)));
    if (clash) hidden.push(candidate);
    else placed.push(box);
  }
  return hidden;
}

// @ts-check
// The overview the explorer opens on (/api/overview): one node per language, sized by its frameworks and named
// with its most connected ones; a click opens a group into its frameworks (around its language, most connected
// innermost) and closes it again. Frameworks a search, a question or a neighbourhood brings in go into their
// group. Laid out here, in milliseconds, with no force layout: groups are packed as circles, largest nearest the
// middle, what the user brought in first. The graph view (graph-view.js) fits and centres afterwards.

import { getJson } from "./http.js";
import { nodeElement } from "./elements.js";
import { pack, ringOffsets } from "./packing.js";
import { canvasSize } from "./viewport.js";
/** @typedef {import("./state.js").State} State */

const HUBS = 3; // the most connected frameworks of a group: labelled larger, and named on the closed group
const NAMED_FROM = [8, 20]; // a closed group this big names its most connected framework; this big, two
const GROUP_GAP = 16; // between groups
const LABEL_ROOM = 70; // around an open group's outer ring: the labels and the group's border

export const groupKey = (group) => `group:${group.id || "none"}`;
export const frameworksText = (n) => (n === 1 ? "1 framework" : `${n} frameworks`);

/** Fetch the overview once (the answer is the same for the dataset's version) and index it. @param {State} state */
export async function loadOverview(state) {
  const overview = state.overview;
  if (overview.data) return overview;
  const data = await getJson("/api/overview");
  for (const group of data.groups) {
    const key = groupKey(group);
    overview.byKey.set(key, group);
    if (group.id) overview.centreOf.set(group.id, key);
    group.members.forEach((member, rank) => overview.memberOf.set(member.id, { key, member, rank }));
  }
  overview.data = data;
  return overview;
}

/** The group a framework or a language is drawn in (undefined when it is in none). @param {State} state */
export function groupOf(state, id) {
  const found = state.overview.memberOf.get(id);
  return found ? found.key : state.overview.centreOf.get(id);
}

/** Draw every group closed (the overview as it opens). @param {State} state */
export function drawGroups(state) {
  const { cy, overview } = state;
  overview.open.clear();
  cy.batch(() => {
    cy.elements().remove();
    for (const [key, group] of overview.byKey) {
      cy.add({
        group: "nodes",
        data: { id: key, label: group.label, type: "group", types: ["group"], iri: null, size: group.size },
        selectable: false,
        position: { x: 0, y: 0 },
      });
    }
  });
}

/** @param {State} state */
function addMember(state, id) {
  const { cy, overview } = state;
  const found = overview.memberOf.get(id);
  if (found) {
    const element = nodeElement(found.member, { x: 0, y: 0 }, found.key);
    if (found.rank < HUBS) element.classes = `${element.classes} hub`.trim();
    return cy.add(element);
  }
  const key = overview.centreOf.get(id);
  const group = overview.byKey.get(key);
  const language = { id, label: group.label, type: "language", types: ["language"], iri: group.iri };
  return cy.add(nodeElement(language, { x: 0, y: 0 }, key));
}

// The overview's edges whose two ends are drawn (a framework's languages, what it is built on): once each.
/** @param {State} state */
function addEdges(state) {
  const { cy } = state;
  for (const edge of state.overview.data.edges) {
    if (cy.getElementById(edge.id).nonempty()) continue;
    if (cy.getElementById(edge.source).empty() || cy.getElementById(edge.target).empty()) continue;
    cy.add({ group: "edges", data: { ...edge } });
  }
}

/** Bring one framework or language into its group (the group shows what is drawn of it); the node, or empty.
 * @param {State} state
 */
export function revealNode(state, id) {
  const { cy } = state;
  const drawn = cy.getElementById(id);
  if (drawn.nonempty() || groupOf(state, id) === undefined) return drawn;
  let node;
  cy.batch(() => {
    node = addMember(state, id);
    addEdges(state);
  });
  return node;
}

/** Open a group: its language in the middle, every framework around it. @param {State} state */
export function openGroup(state, key) {
  const { cy, overview } = state;
  const group = overview.byKey.get(key);
  if (!group) return;
  cy.batch(() => {
    if (group.id && cy.getElementById(group.id).empty()) addMember(state, group.id);
    for (const member of group.members) if (cy.getElementById(member.id).empty()) addMember(state, member.id);
    addEdges(state);
  });
  overview.open.add(key);
}

/** Close a group back into one node. @param {State} state */
export function closeGroup(state, key) {
  state.cy.getElementById(key).children().remove();
  state.overview.open.delete(key);
}

/** Open the group of a framework or language if it is not open; its key (undefined when it is in no group).
 * @param {State} state
 */
export function openGroupOf(state, id) {
  const key = groupOf(state, id);
  if (key !== undefined && !state.overview.open.has(key)) openGroup(state, key);
  return key;
}

/** @param {State} state */
export const isOpen = (state, key) => state.overview.open.has(key);

// --- Layout ----------------------------------------------------------------------------------------------------------

// What a closed group says on the canvas: its language, how many frameworks, the most connected of them (a line
// each, so that the label stays about as narrow as the disc and the overview packs tight enough to read).
// On a phone (scale > 1) a disc says only its language and its number: the whole landscape is fitted into a small
// canvas, and the widest line sets how far it is zoomed out; its frameworks are in the list.
function describeClosed(node, group, scale) {
  const named = scale > 1 ? 0 : NAMED_FROM.filter((least) => group.size >= least).length;
  const count = scale > 1 ? String(group.size) : frameworksText(group.size);
  const lines = [group.label, count, ...group.members.slice(0, named).map((m) => m.label)];
  const fontSize = Math.round((13 + 1.1 * Math.sqrt(group.size)) * scale);
  const diameter = Math.round((34 + 15 * Math.sqrt(group.size)) * Math.min(scale, 1.15));
  node.data({ display: lines.join("\n"), fontSize, diameter });
  return Math.max(diameter / 2, textRadius(lines, fontSize)) + 3;
}

// How far from the disc's centre its label reaches: each line measured in the type Cytoscape draws it in (bold
// system-ui, lines 1.15 apart, centred), the farthest corner of any line. The groups are packed as circles this
// large, so that no label reaches into a neighbouring disc.
const LINE_HEIGHT = 1.15;
const LABEL_PAD = 2; // Cytoscape's text-background-padding around a label
const MEASURE = document.createElement("canvas").getContext("2d"); // measures text only, never drawn
function textRadius(lines, fontSize) {
  const context = MEASURE;
  context.font = `600 ${fontSize}px system-ui, sans-serif`;
  const lineHeight = fontSize * LINE_HEIGHT;
  return Math.max(...lines.map((line, i) => {
    const halfWidth = context.measureText(line).width / 2 + LABEL_PAD;
    const reach = Math.abs(i - (lines.length - 1) / 2) * lineHeight + lineHeight / 2 + LABEL_PAD;
    return Math.hypot(halfWidth, reach);
  }));
}

function describeOpen(node, group, scale) {
  const shown = node.children('[type = "framework"]').length;
  const count = frameworksText(group.size);
  const text = shown >= group.size ? `${group.label} · ${count}` : `${group.label} · ${shown} of ${count} shown`;
  node.data({ display: text, fontSize: Math.round(16 * scale) });
}

function ringBlock(nodes, stretch) {
  const { offsets, radius } = ringOffsets(nodes.length, ...stretch);
  return {
    r: radius + LABEL_ROOM,
    place: (x, y) => nodes.forEach((node, i) => node.position({ x: x + offsets[i].x, y: y + offsets[i].y })),
  };
}

/** Place every drawn node: the loose ones (brought in by a question or a neighbourhood), open groups, closed ones.
 * @param {State} state
 */
export function arrange(state) {
  const { cy, dom, overview } = state;
  const { width, height, narrow } = canvasSize(dom.container);
  const scale = narrow ? 1.35 : 1;
  overview.arrangedFor = `${width}x${height}`; // shown after being hidden at another size: arranged again
  const aspect = width / height;
  const stretch = aspect >= 1 ? [Math.min(aspect, 1.6), 1] : [1, Math.min(1 / aspect, 1.6)];
  const rank = (node) => {
    if (overview.centreOf.has(node.id())) return -1;
    const found = overview.memberOf.get(node.id());
    return found ? found.rank : Number.MAX_SAFE_INTEGER;
  };
  const byRank = (a, b) => rank(a) - rank(b) || a.data("label").localeCompare(b.data("label"));
  const blocks = [];
  const loose = cy.nodes().filter((node) => node.isOrphan() && node.data("type") !== "group");
  if (loose.nonempty()) {
    // The selected node, or the one most joined to what is drawn, in the middle.
    const sorted = loose.toArray().sort((a, b) => Number(b.selected()) - Number(a.selected())
      || b.degree(false) - a.degree(false) || a.data("label").localeCompare(b.data("label")));
    blocks.push(ringBlock(sorted, [1, 1]));
  }
  const closed = [];
  cy.batch(() => {
    for (const [key, group] of overview.byKey) {
      const node = cy.getElementById(key);
      if (node.empty()) continue;
      if (node.isParent()) {
        describeOpen(node, group, scale);
        blocks.push(ringBlock(node.children().toArray().sort(byRank), stretch));
      } else {
        const r = describeClosed(node, group, scale);
        closed.push({ r, place: (x, y) => node.position({ x, y }) });
      }
    }
    pack([...blocks, ...closed], GROUP_GAP, Math.min(Math.max(width / height, 0.5), 2));
    for (const block of [...blocks, ...closed]) block.place(block.x, block.y);
  });
}

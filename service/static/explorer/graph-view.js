// @ts-check
// The drawing: the Cytoscape instance (vendored UMD scripts, read from window); the overview the page opens on
// (overview.js: groups by language, opened and closed on a click), views from /api/graph added into it, laying
// out (the overview's own placement; fcose for a query's graph), selecting, lighting answers, expanding, clusters'
// colours. Its style is graph-style.js's, the view on it viewport.js's, the legend and "in view" list legend.js's,
// which labels are drawn labels.js's.

import { confirmInline, setStatus } from "./dom.js";
import { nodeElement } from "./elements.js";
import { CLUSTER_COLORS, graphStyle } from "./graph-style.js";
import { enc, getJson, HttpError } from "./http.js";
import { watchLabels } from "./labels.js";
import { drawLegend, updateInView } from "./legend.js";
import { onPhone } from "./phone.js";
import {
  arrange, closeGroup, drawGroups, frameworksText, groupOf, isOpen, loadOverview, openGroup, openGroupOf, revealNode,
} from "./overview.js";
import { canvasSize, centreOn, fit, fitAndCentre, forgetFit, rememberFit, viewportCentre } from "./viewport.js";
/** @typedef {import("./state.js").State} State */

const EXPAND_CONFIRM = 15; // more new neighbours than this: say how many and ask first

/** Whether the overview is drawn (rather than a query's graph). @param {State} state */
const inOverview = (state) => state.mode === "start" && state.overview.data !== null;

/** Make the Cytoscape instance in #graph (state.cy); clicks select (or open and close a group), double-clicks expand.
 * @param {State} state
 */
export function createGraph(state) {
  const cytoscape = window.cytoscape; // the vendored UMD build (vendor/README.md)
  cytoscape.use(window.cytoscapeFcose);
  const cy = cytoscape({
    container: state.dom.container,
    style: graphStyle(state.dom.container),
    minZoom: 0.15,
    maxZoom: 3,
    boxSelectionEnabled: false,
    selectionType: "single",
  });
  state.cy = cy;
  // The canvas changes size with the page (the legend below it grows, a phone turns): Cytoscape is told,
  // or it would centre and fit in the size it had at the start; the selected node stays in the middle, and
  // a drawing fitted to the canvas is fitted again (unless the user has panned or zoomed since).
  let wasHidden = canvasSize(state.dom.container).hidden;
  new ResizeObserver(() => {
    cy.resize();
    const { width, height, hidden } = canvasSize(state.dom.container);
    const shownAgain = wasHidden && !hidden;
    wasHidden = hidden;
    if (hidden) return;
    // Shown after being hidden (a phone's Graph button) at a size the overview was not packed for: packed again
    // to the canvas's shape, then fitted to what was fitted (the answers, an open group), the selected centred.
    if (shownAgain && inOverview(state) && state.overview.arrangedFor !== `${width}x${height}`) {
      const fitted = state.fitted && state.fitted.eles ? state.fitted.eles.filter((ele) => ele.inside()) : null;
      relayout(state, false, fitted);
      return;
    }
    const selected = cy.nodes(":selected");
    if (selected.nonempty()) centreOn(state, selected);
    else if (state.fitted) {
      const { eles, padding } = state.fitted;
      const still = eles ? eles.filter((ele) => ele.inside()) : null;
      fit(state, still && still.nonempty() ? still : null, padding);
    }
  }).observe(state.dom.container);
  watchLabels(state);
  cy.on("scrollzoom pinchzoom dragpan", () => forgetFit(state));
  cy.on("add remove", () => updateInView(state));
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.data("type") === "group") state.go.toggleGroup(node.id());
    else state.go.focus(node.id(), false);
  });
  cy.on("dbltap", "node", (event) => expand(state, event.target.id()));
  return cy;
}

/** Add the nodes and edges of an /api/graph answer that are not drawn yet, new nodes next to `anchor`.
 * @param {State} state
 */
export function addView(state, view, anchor) {
  const { cy } = state;
  const around = anchor && anchor.nonempty() ? anchor.position() : viewportCentre(cy);
  const added = [];
  cy.batch(() => {
    for (const node of view.nodes) {
      if (cy.getElementById(node.id).nonempty()) continue;
      if (inOverview(state) && groupOf(state, node.id) !== undefined) {
        added.push(revealNode(state, node.id)); // a framework or language goes into its group
        continue;
      }
      const position = { x: around.x + (Math.random() - 0.5) * 80, y: around.y + (Math.random() - 0.5) * 80 };
      added.push(cy.add(nodeElement(node, position)));
    }
    for (const edge of view.edges) {
      if (cy.getElementById(edge.id).nonempty()) continue;
      if (cy.getElementById(edge.source).empty() || cy.getElementById(edge.target).empty()) continue;
      cy.add({ group: "edges", data: { ...edge } });
    }
  });
  if (state.clusters) paintClusters(state);
  return cy.collection(added);
}

/** Lay the graph out again (keeping positions unless `randomize`), then fit it, or `fitTo` if given.
 * @param {State} state
 */
export function relayout(state, randomize, fitTo) {
  const { cy, dom } = state;
  const container = dom.container;
  if (state.layoutRun) state.layoutRun.stop();
  if (cy.nodes().empty()) {
    container.dataset.layout = "done";
    return;
  }
  if (inOverview(state)) {
    // The overview places its few dozen groups and what is open of them itself, at once: no force layout.
    arrange(state);
    fitAndCentre(state, fitTo, 30);
    return;
  }
  container.dataset.layout = "running";
  const { narrow } = canvasSize(container);
  const run = cy.layout({
    name: "fcose",
    randomize,
    quality: "default",
    animate: !state.reducedMotion && cy.nodes().length < 400,
    animationDuration: 450,
    fit: true,
    padding: 36,
    nodeRepulsion: () => (narrow ? 4500 : 6500),
    // A similarity edge is as short as the two frameworks are alike, so clusters come together.
    idealEdgeLength: (edge) => (narrow ? 55 : 75) * (edge.hasClass("similar") ? 1.6 - 2 * edge.data("score") : 1),
    nodeSeparation: narrow ? 50 : 70,
    packComponents: true,
    nodeDimensionsIncludeLabels: true,
  });
  state.layoutRun = run;
  run.one("layoutstop", () => {
    // A wide drawing in a tall canvas (a phone) is turned on its side to use the height.
    const box = cy.nodes().boundingBox();
    const canvas = canvasSize(container);
    if (canvas.height > canvas.width && box.w > box.h * 1.2) {
      cy.nodes().positions((node) => ({ x: node.position("y"), y: node.position("x") }));
      cy.fit(undefined, 30);
    }
    fitAndCentre(state, fitTo);
  });
  run.run();
}

/** Draw the start view: the overview, every language a group of its frameworks, all closed. @param {State} state */
export async function showStart(state) {
  const { data } = await loadOverview(state);
  // What the status line says while it has nothing else to say (explorer.css shows it when the line is empty).
  const languages = data.groups.filter((group) => group.id).length;
  state.dom.status.dataset.hint = `${frameworksText(data.frameworks)} in ${languages} languages: `
    + "click a disc to open it into its frameworks.";
  state.mode = "start";
  state.shownConstruct = null;
  drawGroups(state);
  relayout(state, false);
}

/** Forget what is drawn: the next state shown draws the overview afresh (Reset). @param {State} state */
export function forgetDrawing(state) {
  state.mode = null;
}

/** Open a group of the overview into its frameworks, or close it again; fit the view to what changed. Returns the
 * group when it opened it (undefined otherwise).
 * @param {State} state
 */
export function toggleGroup(state, key) {
  const { cy } = state;
  const group = state.overview.byKey.get(key);
  if (!group || !inOverview(state)) return undefined;
  if (state.layoutRun) state.layoutRun.stop();
  if (isOpen(state, key)) {
    closeGroup(state, key);
    arrange(state);
    fitAndCentre(state, null, 30, false);
    setStatus(state, `${group.label} closed.`);
  } else {
    openGroup(state, key);
    if (state.clusters) paintClusters(state);
    arrange(state);
    fitAndCentre(state, cy.getElementById(key), 30, false);
    const also = group.also === 1 ? `; 1 more written partly in ${group.label} is in another group`
      : group.also ? `; ${group.also} more written partly in ${group.label} are in other groups` : "";
    // On a phone, two lines: no "also", and where the group's figures went (the list, which is hidden).
    if (onPhone()) {
      setStatus(state, `${group.label}: ${frameworksText(group.size)}, the most connected nearest the middle. `
        + "Tap the group again to close it; List shows their figures.");
    } else {
      setStatus(state, `${group.label}: ${frameworksText(group.size)}, the most connected nearest the middle${also}. `
        + "Click the group again to close it.");
    }
  }
  updateInView(state);
  return isOpen(state, key) ? group : undefined;
}

/** Draw a view of nodes and edges from scratch: a query's graph, `drawn` saying which query and what it gave.
 * @param {State} state
 */
export function showView(state, view, drawn) {
  state.mode = "construct";
  state.shownConstruct = drawn;
  delete state.dom.status.dataset.hint; // the overview's: no discs here
  state.cy.elements().remove();
  addView(state, view, null);
  relayout(state, true);
}

/** Colour each drawn framework by its cluster (state.clusters). @param {State} state */
export function paintClusters(state) {
  const colourOf = new Map();
  state.clusters.clusters.forEach((cluster, i) => {
    const colour = CLUSTER_COLORS[i % CLUSTER_COLORS.length];
    for (const member of cluster.members) colourOf.set(member, [colour, cluster.label]);
  });
  state.cy.batch(() => {
    for (const node of state.cy.nodes('[type = "framework"]')) {
      const found = colourOf.get(node.id());
      if (!found) continue;
      node.data({ clusterColor: found[0], cluster: found[1] });
      node.addClass("clustered");
    }
  });
}

/** @param {State} state */
export function unpaintClusters(state) {
  state.cy.batch(() => {
    state.cy.edges(".similar").remove();
    state.cy.nodes(".clustered").removeClass("clustered");
  });
}

/** Select a node, bringing in its neighbourhood if it is not drawn, and bring it into view; the node.
 * @param {State} state
 */
export async function selectNode(state, id) {
  const { cy } = state;
  let node = cy.getElementById(id);
  if (node.empty() && inOverview(state)) {
    const key = openGroupOf(state, id); // a framework or a language: its whole group, around it
    if (key !== undefined) {
      relayout(state, false, cy.getElementById(key));
      node = cy.getElementById(id);
    }
  }
  if (node.empty()) {
    if (!state.vocab.isSlug(id)) throw new HttpError(404, `Nothing called ${id} is drawn.`);
    const view = await getJson("/api/graph?focus=" + enc(id));
    addView(state, view, null);
    relayout(state, false);
    node = cy.getElementById(id);
  }
  cy.elements(":selected").unselect();
  node.select();
  centreOn(state, node);
  return node;
}

/** @param {State} state */
export function unselectAll(state) {
  state.cy.elements(":selected").unselect();
  delete state.dom.container.dataset.centred;
}

/** @param {State} state */
export function clearHighlights(state) {
  state.cy.batch(() => {
    state.cy.edges(".why-added").remove();
    state.cy.elements().removeClass("answer term faded why");
  });
}

/** @param {State} state */
function ensureNode(state, item, type, added) {
  const { cy } = state;
  let node = cy.getElementById(item.id);
  if (node.empty() && inOverview(state)) {
    node = revealNode(state, item.id); // an answer goes into its group, which shows it among what is drawn
    if (node.nonempty()) added.push(node);
  }
  if (node.empty()) {
    const drawn = { id: item.id, label: item.label, iri: item.iri, type, types: [type] };
    node = cy.add(nodeElement(drawn, viewportCentre(cy)));
    added.push(node);
  }
  return node;
}

/** Light up the answers and the terms of the question, each answer joined to each term by why it matches.
 * @param {State} state
 */
export function highlight(state, results, allConstraints) {
  const { cy, vocab } = state;
  clearHighlights(state);
  const added = [];
  // "According to the article" limits which claims count; it is said in the panel, not drawn.
  const constraints = allConstraints.filter((term) => term.kind !== "source");
  cy.batch(() => {
    for (const term of constraints) ensureNode(state, term, vocab.why(term.kind).type, added).addClass("term");
    for (const result of results) {
      const node = ensureNode(state, result, "framework", added).addClass("answer");
      for (const term of constraints) {
        if (term.id === result.id) continue;
        const direct = node.edgesWith(cy.getElementById(term.id));
        if (direct.nonempty()) {
          direct.addClass("why");
        } else {
          cy.add({
            group: "edges",
            data: { id: `why ${result.id} ${term.id}`, source: result.id, target: term.id, label: vocab.why(term.kind).verb },
            classes: "why why-added",
          });
        }
      }
    }
    const lit = cy.nodes(".answer, .term");
    // A group holding answers is not faded: a compound node's opacity is its children's too.
    if (lit.nonempty()) cy.elements().not(lit.union(lit.parents()).union(cy.edges(".why"))).addClass("faded");
  });
  const lit = cy.nodes(".answer, .term");
  if (added.length) relayout(state, false, lit);
  else if (lit.nonempty()) {
    rememberFit(state, lit, 50); // fitted again to the answers if the canvas resizes (or is shown)
    cy.animate({ fit: { eles: lit, padding: 50 } }, { duration: state.reducedMotion ? 0 : 350 });
  }
  drawLegend(state);
}

/** Bring in a node's neighbours (asking first when there are many). @param {State} state */
export async function expand(state, id) {
  const { cy, vocab } = state;
  const node = cy.getElementById(id);
  if (node.empty() || !vocab.isSlug(id)) return;
  const label = node.data("label");
  try {
    const view = await getJson("/api/graph?focus=" + enc(id));
    const fresh = view.nodes.filter((other) => cy.getElementById(other.id).empty());
    if (!fresh.length) {
      setStatus(state, `All ${view.total_neighbours} neighbours of ${label} are already shown.`);
      return;
    }
    const question = `${label} has ${view.total_neighbours} neighbours; ${fresh.length} are not shown yet. `
      + "Show them all?";
    if (fresh.length > EXPAND_CONFIRM && !(await confirmInline(state, question))) return;
    addView(state, view, node);
    relayout(state, false);
    setStatus(state, `Added ${fresh.length} neighbours of ${label}.`);
  } catch (error) {
    state.go.error(error);
  }
}

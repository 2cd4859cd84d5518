// The drawing: Cytoscape.js (vendored UMD scripts, read from window) with its style; the overview the page
// opens on (overview.js: groups by language, opened and closed on a click), views from /api/graph added into
// it, laying out (the overview's own placement; fcose for a query's graph), the legend and the "in view" list,
// selecting, lighting answers, expanding.

import { confirmInline, h, linkButton, setStatus } from "./dom.js";
import { nodeElement, TYPES, typeLabel } from "./elements.js";
import { HIDDEN as HIDDEN_LABEL, watchLabels } from "./labels.js";
import { enc, getJson, HttpError } from "./http.js";
import {
  arrange, closeGroup, drawGroups, frameworksText, groupOf, isOpen, loadOverview, openGroup, openGroupOf, revealNode,
} from "./overview.js";

export { TYPES, typeLabel };

const EXPAND_CONFIRM = 15; // more new neighbours than this: say how many and ask first
const MAX_FIT_ZOOM = 1.3;
const READABLE_ZOOM = 0.75; // the selected node is shown at least this large: its label drawn and readable
// No text is drawn smaller than this on screen (Cytoscape's min-zoomed-font-size): a label too small to read is
// left out until the user zooms in; large, selected and answer nodes have larger type, so they keep theirs longer.
export const READABLE_PX = 10;
// The same shapes for the legend's swatches (CSS has no hexagon).
const SWATCH_CLIP = {
  hexagon: "polygon(25% 5%, 75% 5%, 100% 50%, 75% 95%, 25% 95%, 0 50%)",
  "round-tag": "polygon(0 0, 70% 0, 100% 50%, 70% 100%, 0 100%)",
  diamond: "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
  triangle: "polygon(50% 0, 100% 100%, 0 100%)",
  rhomboid: "polygon(25% 0, 100% 0, 75% 100%, 0 100%)",
  octagon: "polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)",
};
// Clusters colour frameworks only, so their colours differ from the framework blue.
const CLUSTER_COLORS = ["#7b61ff", "#e8590c", "#2b8a3e", "#c2255c", "#1098ad", "#5c940d", "#862e9c", "#a61e4d"];

function graphStyle(container) {
  // On a phone the whole graph is fitted into a small canvas and zoomed out: larger type stays readable.
  const scale = container.clientWidth < 600 ? 1.35 : 1;
  const styles = [
    {
      selector: "node",
      style: {
        label: "data(label)", "font-size": 12 * scale, "font-family": "system-ui, sans-serif", color: "#1d2330",
        "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 120,
        "text-background-color": "#fbfcfe", "text-background-opacity": 0.85, "text-background-padding": 2,
        "text-background-shape": "round-rectangle", "border-width": 1.5, "border-color": "#ffffff",
        "min-zoomed-font-size": READABLE_PX,
      },
    },
  ];
  for (const [name, type] of Object.entries(TYPES)) {
    styles.push({
      selector: `node[type = "${name}"]`,
      style: { "background-color": type.color, shape: type.shape, width: type.size, height: type.size },
    });
  }
  styles.push(
    { selector: 'node[type = "framework"]', style: { "font-size": 14 * scale, "font-weight": 600 } },
    // In the overview a framework is as large as it is connected; the most connected of a group read first.
    { selector: "node[degree]", style: { width: "mapData(degree, 0, 30, 28, 58)", height: "mapData(degree, 0, 30, 28, 58)" } },
    { selector: "node.hub", style: { "font-size": 17 * scale } },
    // A closed group: a disc sized by its frameworks, named inside; an open one: a dashed frame named on top.
    {
      selector: 'node[type = "group"]',
      style: {
        label: "data(display)", width: "data(diameter)", height: "data(diameter)", "font-size": "data(fontSize)",
        "background-color": TYPES.group.color, "border-width": 2, "border-color": "#c98a00", color: "#3b2a00",
        "text-valign": "center", "text-halign": "center", "text-margin-y": 0, "text-wrap": "wrap",
        "text-max-width": 260, "font-weight": 600, "text-background-opacity": 0, "line-height": 1.15,
      },
    },
    {
      selector: 'node[type = "group"]:parent',
      style: {
        shape: "round-rectangle", "background-color": "#fff7e6", "background-opacity": 0.6, "border-style": "dashed",
        "border-width": 1.5, "border-color": "#d9a441", "text-valign": "top", "text-margin-y": -4, padding: 18,
        "text-background-opacity": 0.85,
      },
    },
    // Node.js is a framework and a runtime: drawn as a framework with a runtime-coloured ring.
    { selector: "node.runtime", style: { "border-width": 4, "border-color": TYPES.runtime.color } },
    {
      selector: "edge",
      style: {
        width: 1.4, "line-color": "#b3bccb", "target-arrow-color": "#b3bccb", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier", label: "data(label)", "font-size": 9 * scale, color: "#5b6475",
        "text-rotation": "autorotate", "text-background-color": "#fbfcfe", "text-background-opacity": 0.9,
        "text-background-padding": 1, "min-zoomed-font-size": READABLE_PX,
      },
    },
    { selector: "node.clustered", style: { "background-color": "data(clusterColor)" } },
    {
      selector: "edge.similar",
      style: {
        "line-style": "dashed", "line-color": "#7b61ff", "target-arrow-shape": "none", color: "#4b36c4",
        width: "mapData(score, 0, 0.3, 1, 5)",
      },
    },
    {
      selector: "node.answer",
      style: {
        "underlay-color": "#ffd43b", "underlay-padding": 9, "underlay-opacity": 0.9, "underlay-shape": "ellipse",
        "font-size": 16 * scale, "font-weight": 700,
      },
    },
    {
      selector: "node.term",
      style: {
        "underlay-color": "#1d2330", "underlay-padding": 7, "underlay-opacity": 0.18, "underlay-shape": "ellipse",
      },
    },
    {
      selector: "edge.why",
      style: {
        "line-color": "#1d2330", "target-arrow-color": "#1d2330", width: 2.4, "line-style": "dashed",
        color: "#1d2330", "font-weight": 600,
      },
    },
    { selector: ".faded", style: { opacity: 0.16 } },
    // A label that would fall on another label or node (labels.js): not drawn, still measured.
    { selector: `.${HIDDEN_LABEL}`, style: { "text-opacity": 0 } },
    // The selected node: a dark border and a ring around it, its label drawn over its neighbours'.
    {
      selector: "node:selected",
      style: {
        "border-width": 4, "border-color": "#1d2330", "outline-width": 5, "outline-color": "#1d2330",
        "outline-offset": 4, "outline-opacity": 0.8, "font-size": 18 * scale, "font-weight": 700,
        "text-background-opacity": 1, "z-index": 20,
      },
    },
  );
  return styles;
}

/** Make the Cytoscape instance in #graph (state.cy); clicks select (or open and close a group), double-clicks expand. */
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
  let wasHidden = state.dom.container.clientWidth === 0;
  new ResizeObserver(() => {
    cy.resize();
    const hidden = state.dom.container.clientWidth === 0 || state.dom.container.clientHeight === 0;
    const shownAgain = wasHidden && !hidden;
    wasHidden = hidden;
    // Shown after being hidden (a phone's Graph button): the overview packs its groups to the canvas's shape,
    // which it did not know while hidden.
    if (shownAgain && inOverview(state)) {
      relayout(state, false);
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
  cy.on("scrollzoom pinchzoom dragpan", () => { state.fitted = null; });
  cy.on("add remove", () => updateInView(state));
  cy.on("tap", "node", (event) => {
    const node = event.target;
    if (node.data("type") === "group") state.go.toggleGroup(node.id());
    else state.go.focus(node.id(), false);
  });
  cy.on("dbltap", "node", (event) => expand(state, event.target.id()));
  return cy;
}

function centreOf(nodes) {
  const box = nodes.boundingBox();
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

function viewportCentre(cy) {
  const extent = cy.extent();
  return { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 };
}

const inOverview = (state) => state.mode === "start" && state.overview.data !== null;

/** Add the nodes and edges of an /api/graph answer that are not drawn yet, new nodes next to `anchor`. */
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

/** Lay the graph out again (keeping positions unless `randomize`), then fit it, or `fitTo` if given. */
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
  const narrow = container.clientWidth < 600;
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
    if (container.clientHeight > container.clientWidth && box.w > box.h * 1.2) {
      cy.nodes().positions((node) => ({ x: node.position("y"), y: node.position("x") }));
      cy.fit(undefined, 30);
    }
    fitAndCentre(state, fitTo);
  });
  run.run();
}

// Fit the drawing (or `fitTo`) to the canvas, no larger than readable, say the layout is done, centre the selected
// (unless the user has just opened or closed a group: then it is the group they want to see).
function fitAndCentre(state, fitTo, padding, centre = true) {
  const { cy, dom } = state;
  const shown = fitTo && fitTo.nonempty() ? fitTo : null;
  if (shown) fit(state, shown, 50);
  else fit(state, null, padding || 0, !padding); // fcose has fitted the drawing itself
  dom.container.dataset.layout = "done";
  const selected = cy.nodes(":selected");
  if (selected.nonempty() && centre) centreOn(state, selected);
}

// Fit `eles` (or everything) to the canvas, no larger than readable; remembered, to fit again if the canvas resizes.
function fit(state, eles, padding, fitted = false) {
  const { cy, dom } = state;
  if (cy.nodes().empty()) return;
  if (!fitted) cy.fit(eles || undefined, padding);
  // A few nodes fitted to the screen would be drawn huge: keep them at a readable size.
  const narrow = dom.container.clientWidth < 600;
  const most = narrow ? MAX_FIT_ZOOM / 1.3 : MAX_FIT_ZOOM; // on a phone the type is already larger
  if (cy.zoom() > most) cy.zoom({ level: most, position: centreOf(eles || cy.nodes()) });
  state.fitted = { eles, padding: padding || 36 };
}

/** Draw the start view: the overview, every language a group of its frameworks, all closed. */
export async function showStart(state) {
  await loadOverview(state);
  state.mode = "start";
  state.shownConstruct = null;
  drawGroups(state);
  relayout(state, false);
}

/** Open a group of the overview into its frameworks, or close it again; fit the view to what changed. Returns the
 * group when it opened it (undefined otherwise). */
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
    setStatus(state, `${group.label}: ${frameworksText(group.size)}, the most connected nearest the middle${also}. `
      + "Click the group again to close it.");
  }
  updateInView(state);
  return isOpen(state, key) ? group : undefined;
}

/** Draw a view of nodes and edges from scratch (a query's graph). */
export function showView(state, view) {
  state.cy.elements().remove();
  addView(state, view, null);
  relayout(state, true);
}

// What is drawn, as a list: for keyboards and screen readers, which cannot use the canvas.
function updateInView(state) {
  clearTimeout(state.inViewTimer);
  state.inViewTimer = setTimeout(() => {
    const { cy, dom } = state;
    const nodes = cy.nodes().sort((a, b) => a.data("label").localeCompare(b.data("label")));
    const groups = nodes.filter((node) => node.data("type") === "group");
    dom.inViewCount.textContent = `${nodes.length} nodes, ${cy.edges().length} edges`;
    dom.container.dataset.nodes = String(nodes.length);
    dom.container.dataset.groups = String(groups.length);
    dom.container.dataset.open = [...state.overview.open].sort().join(" ");
    // The list is drawn again: a keyboard user who opened a group from it keeps their place.
    const active = document.activeElement;
    const kept = active && dom.inViewList.contains(active) ? active.closest("li").dataset.id : null;
    dom.inViewList.replaceChildren(...nodes.map((node) => h("li", { "data-id": node.id() }, ...inViewItem(state, node))));
    const again = kept && [...dom.inViewList.children].find((item) => item.dataset.id === kept);
    if (again) again.querySelector("button").focus({ preventScroll: true });
    drawLegend(state);
  }, 30);
}

// A group is a button that opens or closes it (aria-expanded says which); any other node, one that selects it.
function inViewItem(state, node) {
  if (node.data("type") !== "group") {
    return [linkButton(node.data("label"), () => state.go.focus(node.id(), true)), " ",
      h("span", { class: "muted", text: typeLabel(node.data("type")) })];
  }
  const button = h("button", {
    type: "button", class: "link", "aria-expanded": isOpen(state, node.id()) ? "true" : "false",
    text: `${node.data("label")} · ${frameworksText(node.data("size"))}`,
    onclick: () => state.go.toggleGroup(node.id()),
  });
  return [button, " ", h("span", { class: "muted", text: "Language group" })];
}

export function drawLegend(state) {
  const { cy, clusters } = state;
  const present = new Set(cy.nodes().map((node) => node.data("type")));
  const items = Object.entries(TYPES)
    .filter(([name]) => present.has(name))
    .map(([, type]) => {
      const swatch = h("span", { class: "swatch" });
      swatch.style.background = type.color;
      swatch.style.borderRadius = type.shape === "ellipse" ? "50%" : type.shape === "round-rectangle" ? "3px" : "0";
      if (SWATCH_CLIP[type.shape]) swatch.style.clipPath = SWATCH_CLIP[type.shape];
      return h("span", { class: "item" }, swatch, type.label);
    });
  const line = (kind, text) => h("span", { class: "item" }, h("span", { class: `swatch line ${kind}` }), text);
  if (cy.edges(".why").nonempty()) items.push(line("why", "why it matches"));
  if (clusters) {
    items.push(line("similar", "similar (score)"));
    items.push(
      h("div", { class: "clusters" }, clusters.clusters.map((cluster, i) => {
        const swatch = h("span", { class: "swatch" });
        swatch.style.background = CLUSTER_COLORS[i % CLUSTER_COLORS.length];
        // A button: the cluster's measured figures in the panel (figures-panel.js, through state.go).
        return h("button", { type: "button", class: "item cluster link", "data-cluster": cluster.id,
          onclick: () => state.go.cluster(cluster) }, swatch, cluster.label);
      })),
    );
  }
  // Drawn again: a keyboard user on a cluster's button keeps their place.
  const kept = state.dom.legend.contains(document.activeElement) ? document.activeElement.dataset.cluster : null;
  state.dom.legend.replaceChildren(...items);
  if (kept) state.dom.legend.querySelector(`button[data-cluster="${CSS.escape(kept)}"]`)?.focus();
}

/** Colour each drawn framework by its cluster (state.clusters). */
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

export function unpaintClusters(state) {
  state.cy.batch(() => {
    state.cy.edges(".similar").remove();
    state.cy.nodes(".clustered").removeClass("clustered");
  });
}

/** Select a node, bringing in its neighbourhood if it is not drawn, and bring it into view; the node. */
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

/** Put the selected node in the middle of the canvas, zoomed in far enough to read it; #graph[data-centred] names it. */
function centreOn(state, node) {
  const { cy, dom } = state;
  delete dom.container.dataset.centred;
  if (dom.container.dataset.layout === "running") return; // the layout centres it when it stops
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

export function unselectAll(state) {
  state.cy.elements(":selected").unselect();
  delete state.dom.container.dataset.centred;
}

export function clearHighlights(state) {
  state.cy.batch(() => {
    state.cy.edges(".why-added").remove();
    state.cy.elements().removeClass("answer term faded why");
  });
}

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

/** Light up the answers and the terms of the question, each answer joined to each term by why it matches. */
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
    state.fitted = null;
    cy.animate({ fit: { eles: lit, padding: 50 } }, { duration: state.reducedMotion ? 0 : 350 });
  }
  drawLegend(state);
}

/** Bring in a node's neighbours (asking first when there are many). */
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

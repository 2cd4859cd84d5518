// @ts-check
// The graph explorer at /: start-up. Reads the server's config, makes the one shared state, wires the parts
// (graph view and its overview, panel, search, ask, filters, clusters, exports, URL state) and shows what the
// URL asks for.
//
// Every text that comes from the data reaches the page as text (dom.js), never as markup; Cytoscape draws
// labels on a canvas, which shows them as text too.

import { findParts, setStatus } from "./dom.js";
import { askAnswer, initAsk, syncAsk } from "./ask.js";
import { initClusters, toggleClusters } from "./clusters.js";
import { showConstruct } from "./construct.js";
import { initExports } from "./exports.js";
import { filterAnswer, hasFilters, initFilters, syncFilters } from "./filters.js";
import {
  clearHighlights, createGraph, expand, forgetDrawing, highlight, selectNode, showStart, toggleGroup, unselectAll,
} from "./graph-view.js";
import { drawLegend } from "./legend.js";
import {
  answersPanel, constructPanel, countText, showDetails, showError, showPanel, showWelcome,
} from "./panel.js";
import { clusterPanel, groupPanel } from "./figures-panel.js";
import { initPhone, onPhone, switchView } from "./phone.js";
import { initSearch } from "./search.js";
import { createState } from "./state.js";
import { navigate, readUrl, setShown } from "./url-state.js";
import { makeVocab } from "./vocab.js";
/** @typedef {import("./state.js").State} State */

/** Show what a state asks for: the graph (the overview or a query's), then answers, then a selected node.
 * @param {State} state
 */
async function apply(state, shown) {
  const run = ++state.applied;
  const stale = () => run !== state.applied; // the user has moved on (back button, a new question)
  const { container } = state.dom;
  setShown(state, shown);
  container.dataset.state = "loading";
  switchView(state, shown.view || "list"); // on a phone: what is asked for is shown in the list, unless ?view=graph
  syncAsk(state, shown);
  syncFilters(state, shown);
  setStatus(state, shown.q ? "Asking…" : hasFilters(state, shown) ? "Filtering…" : "");
  try {
    if (shown.construct) {
      const drawn = state.mode === "construct" && state.shownConstruct && state.shownConstruct.query === shown.construct;
      if (!drawn) await showConstruct(state, shown.construct);
    } else if (state.mode !== "start") {
      await showStart(state);
    }
    const found = shown.q ? await askAnswer(shown) : await filterAnswer(state, shown);
    if (stale()) return;
    clearHighlights(state);
    state.shownAnswer = found;
    if (found) {
      highlight(state, found.answer.results, found.constraints);
      setStatus(state, countText(found.answer.results.length));
    }
    unselectAll(state);
    if (shown.focus) await focusNode(state, shown.focus, false);
    else if (state.shownAnswer) showPanel(state, answersPanel(state));
    else if (shown.construct) showPanel(state, constructPanel(state));
    else showWelcome(state);
  } catch (error) {
    if (!stale()) showError(state, error);
  }
  if (stale()) return;
  drawLegend(state);
  container.dataset.state = "ready";
}

/** @param {State} state */
async function focusNode(state, id, focusPanel) {
  const node = await selectNode(state, id);
  await showDetails(state, node, focusPanel);
}

/** Select a node and show its details; record it in the URL. @param {State} state */
function goFocus(state, id, fromKeyboard) {
  const shown = state.current.focus === id && state.cy.getElementById(id).selected();
  const { view, ...rest } = state.current; // on a phone the details replace the graph; Graph shows it again, centred
  switchView(state, "list");
  navigate(state, { ...rest, focus: id });
  if (!shown) focusNode(state, id, fromKeyboard).catch((error) => showError(state, error));
}

/** On a phone, show the list or the graph and record it in the URL (the back button goes back to the other).
 * @param {State} state
 */
function goView(state, view) {
  if (onPhone() && (state.current.view || "list") !== view) {
    const { view: _, ...rest } = state.current;
    navigate(state, view === "graph" ? { ...rest, view } : rest);
  }
  switchView(state, view);
}

/** Open or close a group of the overview; an opened group's figures go to the panel, a closed one's leave it.
 * @param {State} state
 */
function showGroup(state, key) {
  const group = toggleGroup(state, key);
  const { panelBody } = state.dom;
  if (group) {
    const back = state.shownAnswer ? () => showPanel(state, answersPanel(state)) : null;
    showPanel(state, groupPanel(group, back));
    panelBody.dataset.group = key;
  } else if (panelBody.dataset.group === key) {
    if (state.shownAnswer) showPanel(state, answersPanel(state));
    else showWelcome(state);
  }
}

/** @param {State} state */
function go(state, shown) {
  navigate(state, shown);
  return apply(state, shown);
}

function start() {
  const config = JSON.parse(document.getElementById("explorer-config").textContent);
  const dom = findParts();
  const state = createState(config, dom, makeVocab(config));
  state.go = {
    focus: (id, fromKeyboard) => goFocus(state, id, fromKeyboard),
    ask: (question) => go(state, { q: question }),
    home: () => go(state, {}),
    show: (shown) => go(state, shown),
    expand: (id) => {
      goView(state, "graph");
      return expand(state, id);
    },
    view: (view) => goView(state, view),
    toggleGroup: (key) => showGroup(state, key),
    cluster: (cluster) => {
      goView(state, "list");
      const back = state.shownAnswer ? () => showPanel(state, answersPanel(state)) : null;
      showPanel(state, clusterPanel(cluster, back), { focus: true });
    },
    error: (error) => showError(state, error),
  };
  const cy = createGraph(state);
  window.stackatlasExplorer = { cy }; // for the console and the browser tests

  initSearch(state);
  initAsk(state);
  initFilters(state);
  initClusters(state);
  initExports(state);
  initPhone(state);

  window.addEventListener("popstate", () => apply(state, readUrl(state)));
  dom.clustersButton.addEventListener("click", () => goView(state, "graph")); // the clusters are drawn
  dom.resetButton.addEventListener("click", async () => {
    if (state.clusters) await toggleClusters(state);
    forgetDrawing(state);
    // On a phone, Reset in the graph shows the overview there.
    await go(state, dom.explorer.dataset.view === "graph" && onPhone() ? { view: "graph" } : {});
  });

  // Links in the overview work without JavaScript; with it they stay on this page.
  dom.panel.addEventListener("click", (event) => {
    const link = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("a[data-ask], a[data-focus]"));
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (link.dataset.ask) state.go.ask(link.dataset.ask);
    else state.go.focus(link.dataset.focus, true);
  });

  // Close an open menu when clicking elsewhere or pressing Escape.
  const openMenus = () => /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll("details.menu[open]"));
  document.addEventListener("click", (event) => {
    for (const menu of openMenus()) {
      if (!menu.contains(/** @type {Node} */ (event.target))) menu.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of openMenus()) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  apply(state, readUrl(state));
}

start();

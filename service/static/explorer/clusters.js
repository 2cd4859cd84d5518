// @ts-check
// Clusters (/api/clusters): frameworks coloured by cluster, joined to their most similar by dashed edges.

import { setStatus } from "./dom.js";
import { enc, getJson } from "./http.js";
import { paintClusters, relayout, unpaintClusters } from "./graph-view.js";
import { drawLegend } from "./legend.js";
/** @typedef {import("./state.js").State} State */

const SIMILAR_EDGES = 2; // similarity edges drawn per framework when clusters are on

/** @param {State} state */
async function drawSimilarity(state) {
  const { cy, vocab } = state;
  const frameworks = cy.nodes('[type = "framework"]').filter((node) => vocab.isSlug(node.id()));
  const answers = await Promise.all(frameworks.map((node) =>
    getJson(`/api/frameworks/${enc(node.id())}/similar?k=${SIMILAR_EDGES}`).catch(() => null)));
  cy.batch(() => {
    answers.forEach((answer, i) => {
      if (!answer) return;
      const from = frameworks[i].id();
      for (const match of answer.results) {
        const [a, b] = [from, match.id].sort();
        const id = `similar ${a} ${b}`;
        if (cy.getElementById(id).nonempty() || cy.getElementById(match.id).empty()) continue;
        const data = { id, source: a, target: b, score: match.score, label: match.score.toFixed(2) };
        cy.add({ group: "edges", data, classes: "similar" });
      }
    });
  });
  state.dom.container.dataset.similar = String(cy.edges(".similar").length);
}

/** Turn clusters on (fetching them) or off. @param {State} state */
export async function toggleClusters(state) {
  const button = state.dom.clustersButton;
  if (state.clusters) {
    state.clusters = null;
    button.setAttribute("aria-pressed", "false");
    unpaintClusters(state);
    delete state.dom.container.dataset.similar;
    drawLegend(state);
    setStatus(state, "");
    return;
  }
  button.setAttribute("aria-pressed", "true");
  try {
    state.clusters = await getJson("/api/clusters");
  } catch (error) {
    button.setAttribute("aria-pressed", "false");
    setStatus(state, error.status === 404 ? "Clusters are not available from this server." : error.message, true);
    return;
  }
  paintClusters(state);
  drawLegend(state);
  await drawSimilarity(state);
  relayout(state, true); // afresh: similarity edges pull each cluster together
  const count = state.clusters.clusters.length;
  setStatus(state, `${count} clusters; dashed edges join each framework to its ${SIMILAR_EDGES} most similar.`);
}

/** @param {State} state */
export function initClusters(state) {
  state.dom.clustersButton.addEventListener("click", () => toggleClusters(state));
}

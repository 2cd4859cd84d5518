// @ts-check
// Export the view: the picture (PNG), the visible graph as JSON, and as Turtle (the server's export query).

import { download, setStatus } from "./dom.js";
import { postSparql } from "./http.js";
/** @typedef {import("./state.js").State} State */

function visibleGraph(cy) {
  return {
    nodes: cy.nodes().map((node) => ({
      id: node.id(), label: node.data("label"), type: node.data("type"), iri: node.data("iri"),
    })),
    edges: cy.edges().map((edge) => ({
      source: edge.source().id(), target: edge.target().id(),
      predicate: edge.data("predicate") || null, label: edge.data("label") || null,
    })),
  };
}

/** @param {State} state */
async function exportAs(state, kind) {
  const { cy } = state;
  state.dom.exportMenu.open = false;
  if (kind === "png") {
    download("stackatlas-graph.png", cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }));
  } else if (kind === "json") {
    const json = JSON.stringify(visibleGraph(cy), null, 2);
    download("stackatlas-graph.json", new Blob([json], { type: "application/json" }));
  } else if (kind === "ttl") {
    if (cy.nodes().filter((node) => node.data("iri")).empty()) {
      setStatus(state, "Nothing with an IRI to export.", true);
      return;
    }
    const iris = [...new Set(cy.nodes().map((node) => node.data("iri")).filter(Boolean))];
    const response = await postSparql(state.vocab.query("export", iris), "text/turtle");
    if (!response.ok) {
      setStatus(state, `Export failed (${response.status}).`, true);
      return;
    }
    download("stackatlas-graph.ttl", new Blob([await response.text()], { type: "text/turtle" }));
    // The service cuts a long answer at its row limit: say so rather than pass a part off as the whole.
    if (response.headers.get("X-StackAtlas-Truncated") === "true") {
      const limit = response.headers.get("X-StackAtlas-Row-Limit");
      setStatus(state, `Exported the first ${limit} statements only: the service's row limit cut the rest. `
        + "Focus on fewer nodes, or use stackatlas export for everything.", true);
      return;
    }
  }
  setStatus(state, "Exported.");
}

/** @param {State} state */
export function initExports(state) {
  for (const button of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-export]"))) {
    button.addEventListener("click", () => exportAs(state, button.dataset.export).catch(state.go.error));
  }
}

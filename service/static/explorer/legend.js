// @ts-check
// Beside the canvas: the legend below it (the types drawn, the lines, the clusters as buttons) and the "in view"
// list in the panel (what is drawn, as buttons: for keyboards and screen readers, which cannot use the canvas).

import { h, linkButton } from "./dom.js";
import { TYPES, typeLabel } from "./elements.js";
import { CLUSTER_COLORS } from "./graph-style.js";
import { frameworksText, isOpen } from "./overview.js";
/** @typedef {import("./state.js").State} State */

// The same shapes for the legend's swatches (CSS has no hexagon).
const SWATCH_CLIP = {
  hexagon: "polygon(25% 5%, 75% 5%, 100% 50%, 75% 95%, 25% 95%, 0 50%)",
  "round-tag": "polygon(0 0, 70% 0, 100% 50%, 70% 100%, 0 100%)",
  diamond: "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
  triangle: "polygon(50% 0, 100% 100%, 0 100%)",
  rhomboid: "polygon(25% 0, 100% 0, 75% 100%, 0 100%)",
  octagon: "polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%)",
};

// What is drawn, as a list: for keyboards and screen readers, which cannot use the canvas.
/** Write the "in view" list again shortly after what is drawn changes. @param {State} state */
export function updateInView(state) {
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
    const items = /** @type {HTMLElement[]} */ ([...dom.inViewList.children]);
    const again = kept && items.find((item) => item.dataset.id === kept);
    if (again) again.querySelector("button").focus({ preventScroll: true });
    drawLegend(state);
  }, 30);
}

// A group is a button that opens or closes it (aria-expanded says which); any other node, one that selects it.
/** @param {State} state */
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

/** Draw the legend: the node types drawn, the kinds of line, and while clusters are on each cluster as a button.
 * @param {State} state
 */
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
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const kept = state.dom.legend.contains(active) ? active.dataset.cluster : null;
  state.dom.legend.replaceChildren(...items);
  const button = kept ? state.dom.legend.querySelector(`button[data-cluster="${CSS.escape(kept)}"]`) : null;
  if (button) /** @type {HTMLButtonElement} */ (button).focus();
}

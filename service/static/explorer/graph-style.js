// @ts-check
// The drawing's style for Cytoscape: node types, the overview's groups, answers, the selected node, clusters, and
// labels that are drawn only where they can be read (min-zoomed-font-size) and where they fit (labels.js).

import { TYPES } from "./elements.js";
import { HIDDEN as HIDDEN_LABEL } from "./labels.js";
import { canvasSize } from "./viewport.js";

// No text is drawn smaller than this on screen (Cytoscape's min-zoomed-font-size): a label too small to read is
// left out until the user zooms in; large, selected and answer nodes have larger type, so they keep theirs longer.
const READABLE_PX = 10;
// Clusters colour frameworks only, so their colours differ from the framework blue.
export const CLUSTER_COLORS = ["#7b61ff", "#e8590c", "#2b8a3e", "#c2255c", "#1098ad", "#5c940d", "#862e9c", "#a61e4d"];

/** The stylesheet, its type larger on a narrow canvas (a phone), where the drawing is zoomed out further. */
export function graphStyle(container) {
  // On a phone the whole graph is fitted into a small canvas and zoomed out: larger type stays readable.
  const scale = canvasSize(container).narrow ? 1.35 : 1;
  /** @type {{ selector: string, style: Record<string, unknown> }[]} */
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

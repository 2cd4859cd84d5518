// @ts-check
// What a drawn node is: the node types (colour, shape, size) and the Cytoscape element made from a node of
// /api/graph or /api/overview. Read by the graph view, the overview and the panel; no state of its own.

// Node types: colour (Okabe–Ito, safe for colour-blindness), and a shape so colour is not the only cue.
// A group (the overview) is a language and its frameworks, drawn as one node until it is opened.
export const TYPES = {
  group: { label: "Language group (size: its frameworks)", color: "#fbe3b0", shape: "ellipse", size: 60 },
  framework: { label: "Framework", color: "#0072b2", shape: "ellipse", size: 44 },
  runtime: { label: "Runtime", color: "#009e73", shape: "round-rectangle", size: 34 },
  language: { label: "Language", color: "#e69f00", shape: "hexagon", size: 38 },
  use_case: { label: "Use case", color: "#cc79a7", shape: "round-tag", size: 28 },
  aspect: { label: "Aspect", color: "#d55e00", shape: "diamond", size: 28 },
  audience: { label: "Audience", color: "#56b4e9", shape: "triangle", size: 30 },
  feature: { label: "Feature", color: "#8c7a00", shape: "rhomboid", size: 24 },
  style: { label: "Style", color: "#6b6b6b", shape: "octagon", size: 28 },
  other: { label: "Other", color: "#9aa3b2", shape: "ellipse", size: 20 },
};

export const typeLabel = (type) => (TYPES[type] || TYPES.other).label;

/** A Cytoscape node from a server's node ({id, label, type, types, iri, degree?}), inside `parent` if given. */
export function nodeElement(node, position, parent) {
  const types = node.types || [node.type];
  const data = { id: node.id, label: node.label, type: TYPES[node.type] ? node.type : "other", types, iri: node.iri };
  if (typeof node.degree === "number") data.degree = node.degree;
  if (parent) data.parent = parent;
  return {
    group: "nodes",
    data,
    classes: node.type !== "runtime" && types.includes("runtime") ? "runtime" : "",
    position,
  };
}

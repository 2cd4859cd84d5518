// @ts-check
// A CONSTRUCT or DESCRIBE query drawn as a graph (/?construct=...): its N-Triples parsed into nodes and edges,
// the labels and types it did not carry looked up with the server's query.

import { HttpError, postSparql } from "./http.js";
import { showView } from "./graph-view.js";
import { parseNTriples } from "./ntriples.js";
/** @typedef {import("./state.js").State} State */

function termId(vocab, term) {
  if (term.kind === "blank") return "_:" + term.value;
  return term.value.startsWith(vocab.base) ? term.value.slice(vocab.base.length) : term.value;
}

/** Run a query and draw its triples (graph-view.js's showView: state.mode becomes "construct"). @param {State} state */
export async function showConstruct(state, query) {
  const { vocab, cy } = state;
  const response = await postSparql(query, "application/n-triples");
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = JSON.parse(text).error.message;
    } catch (ignored) {
      // not the JSON error shape: keep the start of the text
    }
    if (response.status === 406) message = "Only CONSTRUCT and DESCRIBE queries can be drawn as a graph. " + message;
    throw new HttpError(response.status, message);
  }
  const triples = parseNTriples(text);
  const typeOf = new Map(vocab.types.map((type, rank) => [type.iri, [rank, type.name]]));
  const nodes = new Map();
  const node = (term) => {
    const id = termId(vocab, term);
    if (!nodes.has(id)) {
      nodes.set(id, { id, iri: term.kind === "iri" ? term.value : null, label: null, ranks: [], props: [] });
    }
    return nodes.get(id);
  };
  const edges = [];
  for (const [subject, predicate, object] of triples) {
    const from = node(subject);
    if (object.kind === "literal") {
      const naming = vocab.labelPredicates.includes(predicate.value) && (!from.label || object.lang === "en");
      if (naming) from.label = object.value;
      else from.props.push([vocab.compact(predicate.value), object.value]);
    } else if (predicate.value === vocab.rdfType) {
      if (typeOf.has(object.value)) from.ranks.push(typeOf.get(object.value));
      else from.props.push(["rdf:type", vocab.compact(object.value)]);
    } else {
      const to = node(object);
      const name = vocab.compact(predicate.value);
      edges.push({
        id: `${from.id} ${predicate.value} ${to.id}`, source: from.id, target: to.id,
        predicate: name, label: name.replace(/^[^:]*:/, ""),
      });
    }
  }
  await describeNodes(state, nodes, typeOf);
  const view = {
    nodes: [...nodes.values()].map((n) => {
      const types = n.ranks.sort((a, b) => a[0] - b[0]).map((rank) => rank[1]);
      const label = n.label || (n.iri ? vocab.compact(n.iri) : n.id);
      return { id: n.id, iri: n.iri, label, type: types[0] || "other", types, props: n.props };
    }),
    edges,
  };
  showView(state, view, {
    query, triples: triples.length, nodes: view.nodes.length, edges: edges.length,
    truncated: response.headers.get("X-StackAtlas-Truncated"),
  });
  for (const item of view.nodes) cy.getElementById(item.id).data("props", item.props);
}

/** Fill in the labels and types a query's answer did not carry (a DESCRIBE gives none for its objects).
 * @param {State} state
 */
async function describeNodes(state, nodes, typeOf) {
  const { vocab } = state;
  const wanted = [...nodes.values()].filter((n) => n.iri && vocab.isSafeIri(n.iri) && (!n.label || !n.ranks.length));
  if (!wanted.length || wanted.length > 500) return;
  let answer;
  try {
    const response = await postSparql(vocab.query("labels", wanted.map((n) => n.iri)),
      "application/sparql-results+json");
    if (!response.ok) return;
    answer = await response.json();
  } catch (error) {
    return; // the drawing still works with IRIs for names
  }
  const byIri = new Map(wanted.map((n) => [n.iri, n]));
  for (const row of answer.results.bindings) {
    const found = byIri.get(row.s.value);
    if (row.label && !found.label) found.label = row.label.value;
    const rank = row.type && typeOf.get(row.type.value);
    if (rank && !found.ranks.some((known) => known[1] === rank[1])) found.ranks.push(rank);
  }
}

"""What the explorer draws: the start view and the neighbourhood of a resource, as nodes and edges.

The explorer shows facts about frameworks, not the data model behind them: a pro or a con is an
assessment node with an aspect, but on screen it is one edge, Flask "praised for" Documentation.
Each kind of edge is a SPARQL path from `LINKS`; the panel and `/id/<slug>` show the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from service import vocab
from service.knowledge.answers import GraphEdge, GraphNode, GraphView, NodeType, SearchMatch
from service.knowledge.catalog import Term
from service.query.engine import Source, is_true, select


@dataclass(frozen=True)
class Link:
    """A kind of edge: its key, the SPARQL path it follows, and how it reads."""

    key: str
    path: str
    label: str


LINKS: tuple[Link, ...] = (
    Link("language", "sa:language", "language"),
    Link("built_on", "sa:builtOn", "built on"),
    Link("runs_on", "sa:runsOn", "runs on"),
    Link("part_of", "sa:partOf", "part of"),
    Link("suited_for", "sa:suitedFor", "suited to"),
    Link("style", "sa:style", "style"),
    Link("feature", "sa:hasFeature", "has feature"),
    Link("recommended_for", "sa:recommendedFor", "recommended for"),
    Link("praised_for", "sa:hasPro/sa:aspect", "praised for"),
    Link("criticised_for", "sa:hasCon/sa:aspect", "criticised for"),
    Link("broader", "skos:broader", "kind of"),
    Link("related", "skos:related", "related to"),
)
_LINK = {link.key: link for link in LINKS}

# Node types, most telling first: Node.js is both a framework and a runtime and is drawn as a framework.
NODE_TYPES: tuple[tuple[str, str], ...] = (
    ("framework", vocab.FRAMEWORK),
    ("runtime", vocab.RUNTIME),
    ("language", vocab.PROGRAMMING_LANGUAGE),
    ("use_case", vocab.USE_CASE),
    ("aspect", vocab.ASPECT),
    ("audience", vocab.AUDIENCE),
    ("feature", vocab.FEATURE),
    ("style", vocab.ARCHITECTURAL_STYLE),
)
_TYPE_OF = {iri: name for name, iri in NODE_TYPES}
# The start view: every framework, runtime and language, and how they are tied together.
START_TYPES = ("framework", "runtime", "language")
START_LINKS = ("language", "built_on", "runs_on")
MAX_DEPTH = 2
MAX_NODES = 500  # a neighbourhood stops growing here and says it was cut

# The prefixes the explorer's queries use, and the node types as a VALUES list (overview.py reads them too).
PREFIXES = vocab.sparql_prefixes(("rdfs", "sa", "skos"))
TYPE_VALUES = " ".join(f"<{iri}>" for _, iri in NODE_TYPES)


@dataclass(frozen=True)
class Node:
    """A resource on screen: its slug (or IRI outside the project), label, type and IRI."""

    iri: str
    label: str
    types: tuple[str, ...]

    @property
    def id(self) -> str:
        """Return the slug, or the IRI for resources outside the project's base."""
        return vocab.slug_or_iri(self.iri)

    @property
    def type(self) -> NodeType:
        """Return the most telling of the node's types ("other" when it has none we draw)."""
        return self.types[0] if self.types else "other"  # type: ignore[return-value]  # types come from NODE_TYPES

    def as_json(self) -> GraphNode:
        """Describe the node for Cytoscape."""
        return {"id": self.id, "label": self.label, "type": self.type, "types": list(self.types), "iri": self.iri}


@dataclass(frozen=True)
class Edge:
    """A statement on screen: subject, kind of link, object."""

    source: str
    link: Link
    target: str

    def as_json(self) -> GraphEdge:
        """Describe the edge for Cytoscape (ends by node id)."""
        source, target = vocab.slug_or_iri(self.source), vocab.slug_or_iri(self.target)
        return {
            "id": f"{source} {self.link.key} {target}",
            "source": source,
            "target": target,
            "predicate": self.link.path,
            "label": self.link.label,
        }


@dataclass
class View:
    """Nodes and edges to draw; for a neighbourhood, its centre and how many neighbours it has."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    focus: str | None = None
    total_neighbours: int = 0
    truncated: bool = False

    def add_edge(self, edge: Edge) -> None:
        """Add an edge (once)."""
        self.edges.setdefault((edge.source, edge.link.key, edge.target), edge)

    def as_json(self) -> GraphView:
        """Describe the view for the API: Cytoscape-ready nodes and edges."""
        return {
            "focus": vocab.slug_or_iri(self.focus) if self.focus else None,
            "nodes": [node.as_json() for node in sorted(self.nodes.values(), key=_node_order)],
            "edges": [edge.as_json() for _, edge in sorted(self.edges.items())],
            "total_neighbours": self.total_neighbours,
            "truncated": self.truncated,
        }


def _node_order(node: Node) -> tuple[str, str]:
    return (node.label.casefold(), node.iri)


def start_view(source: Source) -> View:
    """Return every framework, runtime and language, with the edges between them."""
    view = View()
    wanted = " ".join(f"<{iri}>" for name, iri in NODE_TYPES if name in START_TYPES)
    query = PREFIXES + _START_NODES.replace("?wanted_types", wanted).replace("?all_types", TYPE_VALUES)
    for node in _nodes(select(source, query), "node"):
        view.nodes[node.iri] = node
    for row in select(source, PREFIXES + _all_links_query(START_LINKS)):
        subject, obj = row["s"].value, row["o"].value
        if subject in view.nodes and obj in view.nodes:
            view.add_edge(Edge(subject, _LINK[row["kind"].value], obj))
    return view


def neighbourhood(source: Source, iri: str, depth: int = 1, limit: int = MAX_NODES) -> View | None:
    """Return a resource and what lies within `depth` edges of it, or None if the graph has no such node."""
    around = _links_around(source, iri)
    centre = describe(source, iri)
    if centre is None and not around:
        return None
    view = View(nodes={iri: centre or Node(iri, vocab.compact(iri), ())}, focus=iri)
    view.total_neighbours = len({other.iri for _, other in around})
    frontier = [iri]
    for _ in range(min(depth, MAX_DEPTH)):
        found: list[str] = []
        for here in frontier:
            for edge, other in around if here == iri else _links_around(source, here):
                if other.iri not in view.nodes:
                    if len(view.nodes) >= limit:
                        view.truncated = True
                        continue
                    view.nodes[other.iri] = other
                    found.append(other.iri)
                view.add_edge(edge)
        frontier = found
    return view


def describe(source: Source, iri: str) -> Node | None:
    """Return a resource as a node, or None if the graph gives it neither a label nor a type we draw."""
    rows = list(select(source, PREFIXES + _DESCRIBE.replace("?all_types", TYPE_VALUES), {"this": iri}))
    labels = [row["label"].value for row in rows if row["label"] is not None]
    types = _types(row["type"] for row in rows)
    if not labels and not types:
        return None
    return Node(iri, min(labels, default=vocab.compact(iri)), types)


def _links_around(source: Source, iri: str) -> list[tuple[Edge, Node]]:
    """Return every edge we draw that touches a resource, with the node at its other end."""
    rows = list(select(source, PREFIXES + _around_query(), {"this": iri}))
    others = {node.iri: node for node in _nodes(rows, "other")}
    found = []
    for row in rows:
        other, link = row["other"].value, _LINK[row["kind"].value]
        edge = Edge(iri, link, other) if is_true(row["forward"].value) else Edge(other, link, iri)
        found.append((edge, others[other]))
    return found


def _nodes(rows: Iterable[Any], variable: str) -> list[Node]:
    """Gather one node per IRI from rows with ?<variable>, ?label and ?type (labels and types repeat)."""
    labels: dict[str, list[str]] = {}
    types: dict[str, list[Any]] = {}
    for row in rows:
        iri = row[variable].value
        labels.setdefault(iri, [])
        if row["label"] is not None:
            labels[iri].append(row["label"].value)
        types.setdefault(iri, []).append(row["type"])
    # The smallest label wins, so that a resource with labels in several languages is drawn the same every time.
    return [Node(iri, min(found, default=vocab.compact(iri)), _types(types[iri])) for iri, found in labels.items()]


def _types(terms: Iterable[Any]) -> tuple[str, ...]:
    present = {term.value for term in terms if term is not None}
    return tuple(name for name, iri in NODE_TYPES if iri in present)


def _around_query() -> str:
    # The paths are constants of this module, never request data; ?this is bound by the engine.
    branches = []
    for link in LINKS:
        branches.append(f'{{ ?this {link.path} ?other BIND(true AS ?forward) BIND("{link.key}" AS ?kind) }}')
        branches.append(f'{{ ?other {link.path} ?this BIND(false AS ?forward) BIND("{link.key}" AS ?kind) }}')
    return (
        "SELECT DISTINCT ?this ?kind ?forward ?other ?label ?type WHERE {\n  "
        + "\n  UNION ".join(branches)
        + "\n  FILTER(isIRI(?other) && ?other != ?this)"
        + "\n  OPTIONAL { ?other rdfs:label ?label }"
        + f"\n  OPTIONAL {{ VALUES ?type {{ {TYPE_VALUES} }} ?other a ?type }}\n}}"
    )


def _all_links_query(keys: Sequence[str]) -> str:
    branches = [f'{{ ?s {_LINK[key].path} ?o BIND("{key}" AS ?kind) }}' for key in keys]
    return "SELECT DISTINCT ?s ?kind ?o WHERE {\n  " + "\n  UNION ".join(branches) + "\n}"


_START_NODES = """
SELECT DISTINCT ?node ?label ?type WHERE {
  VALUES ?wanted { ?wanted_types }
  ?node a ?wanted .
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { VALUES ?type { ?all_types } ?node a ?type }
}"""

# ?this is in every branch: bound by the engine in process, or joined with a trailing VALUES by a remote store.
_DESCRIBE = """
SELECT ?this ?label ?type WHERE {
  { ?this rdfs:label ?label } UNION { VALUES ?type { ?all_types } ?this a ?type }
}"""


# --- Finding a node by any of its names ------------------------------------------------------------------------------


def search(terms: Iterable[Term], text: str, limit: int = 10) -> list[SearchMatch]:
    """Return the resources whose label or synonym matches `text`, best matches first, once each."""
    wanted = text.strip().casefold()
    if not wanted:
        return []
    drawn_as: dict[str, Term] = {}  # a resource in several facets (Node.js) is listed under the one drawn
    best: dict[str, tuple[int, bool, int, str]] = {}
    for term in terms:
        if term.iri not in drawn_as or _facet_rank(term.facet) < _facet_rank(drawn_as[term.iri].facet):
            drawn_as[term.iri] = term
        for name in (term.label, *term.names):
            rank = _match_rank(name.casefold(), wanted)
            # Of a resource's names, the best match wins; then its label; then the shortest name.
            key = (rank, name != term.label, len(name), name) if rank is not None else None
            if key is not None and (term.iri not in best or key < best[term.iri]):
                best[term.iri] = key

    def order(iri: str) -> tuple[int, int, str]:
        return (best[iri][0], _facet_rank(drawn_as[iri].facet), drawn_as[iri].label.casefold())

    chosen = [drawn_as[iri] for iri in sorted(best, key=order)[:limit]]
    return [
        {"id": term.slug, "label": term.label, "iri": term.iri, "type": term.facet, "matched": best[term.iri][3]}
        for term in chosen
    ]


def _match_rank(name: str, wanted: str) -> int | None:
    """Rank a name against what was typed: 0 the same, 1 starts with it, 2 a word starts with it, 3 contains it."""
    if name == wanted:
        return 0
    if name.startswith(wanted):
        return 1
    if any(word.startswith(wanted) for word in name.replace("-", " ").split()):
        return 2
    return 3 if wanted in name else None


def _facet_rank(facet: str) -> int:
    order = [name for name, _ in NODE_TYPES]
    return order.index(facet) if facet in order else len(order)

"""The shapes of the answers, declared once: `as_json()` returns them (mypy checks it), and the OpenAPI document's
schemas are made from them (service/web/schemas.py, by pydantic): a bound is `Annotated[int, Ge(0)]`, an enum a
`Literal`, an optional key `NotRequired`."""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from annotated_types import Ge, Le
from typing_extensions import TypedDict  # pydantic reads typing's own TypedDict only from Python 3.12

# What a node is drawn as: one of neighbourhood.NODE_TYPES' names, or "other" (tests/knowledge/test_answers.py).
NodeType = Literal["framework", "runtime", "language", "use_case", "aspect", "audience", "feature", "style", "other"]


class GraphNode(TypedDict):
    """A node as the explorer draws it."""

    id: str
    label: str
    type: NodeType
    types: NotRequired[list[str]]
    iri: str


class GraphEdge(TypedDict):
    """An edge as the explorer draws it, its ends by node id."""

    id: str
    source: str
    target: str
    predicate: str
    label: str


class GraphView(TypedDict):
    """Nodes and edges to draw; for a neighbourhood, its centre, how many neighbours it has, and whether it was cut."""

    focus: str | None
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    total_neighbours: Annotated[int, Ge(0)]
    truncated: bool


class OverviewMember(GraphNode):
    """A framework of a group, drawn as a node, with how many resources the explorer's edges join it to."""

    degree: Annotated[int, Ge(0)]


class OverviewGroup(TypedDict):
    """The frameworks of one language (id and iri null: no language recorded), most connected first."""

    id: str | None
    label: str
    iri: str | None
    size: Annotated[int, Ge(1)]
    also: Annotated[int, Ge(0)]
    members: list[OverviewMember]


class OverviewView(TypedDict):
    """Every framework in the group of its language, groups largest first, with the edges to draw among them."""

    by: Literal["language"]
    frameworks: Annotated[int, Ge(0)]
    groups: list[OverviewGroup]
    edges: list[GraphEdge]


class SimilarMatch(TypedDict):
    """A framework like another: how alike (0 to 1), and in words what they share and what they do not."""

    id: str
    label: str
    iri: str
    score: Annotated[float, Ge(0), Le(1)]
    shared: list[str]
    different: list[str]


class SimilarList(TypedDict):
    """The frameworks most like one, best first; `note` says why there are none when the graph knows too little."""

    id: str
    results: list[SimilarMatch]
    note: NotRequired[str]


class ClusterShape(TypedDict):
    """Frameworks that belong together, labelled by what most of them share."""

    id: str
    label: str
    members: list[str]


class UnclusteredShape(TypedDict):
    """The frameworks no cluster holds, and why."""

    reason: str
    members: list[str]


class ClusterList(TypedDict):
    """Groups of frameworks that belong together, and those in none."""

    clusters: list[ClusterShape]
    unclustered: UnclusteredShape

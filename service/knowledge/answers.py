"""The shapes of the answers, declared once: `as_json()` returns them (mypy checks it), and the OpenAPI document's
schemas are made from them (service/web/schemas.py, by pydantic): a bound is `Annotated[int, Ge(0)]`, an enum a
`Literal`, an optional key `NotRequired`, a string's format `Format("date")`. The record's shapes are in
record_answers.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, NotRequired

from annotated_types import Ge, Le
from typing_extensions import TypedDict  # pydantic reads typing's own TypedDict only from Python 3.12


@dataclass(frozen=True)
class Format:
    """The format a string is in (OpenAPI's "format"), said beside its type: `Annotated[str, Format("date")]`."""

    name: str

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        """Add the format to the schema pydantic makes of the string (pydantic calls it; nothing imports pydantic)."""
        made: dict[str, Any] = handler(schema)
        made["format"] = self.name
        return made


IsoDate = Annotated[str, Format("date")]
Json = dict[str, Any]  # a part whose keys the document does not list


class Resource(TypedDict):
    """A resource as the API names it: its slug (or IRI outside the project's base), label and IRI."""

    id: str
    label: str
    iri: str


class WhySource(TypedDict, total=False):
    """The source a reason comes from."""

    id: str
    label: str


class Why(TypedDict):
    """Why a framework matches: the statement, in words, and its source."""

    triple: list[str]
    text: str
    source: NotRequired[WhySource | None]


class FrameworkSummary(Resource):
    """A framework of a list, with why it is there and, when ranked, its score."""

    why: list[Why]
    score: NotRequired[float]


class Constraint(Resource):
    """A term a list is filtered on: its kind (facet), the words matched, and what it means."""

    kind: str
    matched: str
    means: str
    negated: NotRequired[bool]
    any_of: NotRequired[int]


class ErrorBody(TypedDict):
    """What went wrong: the HTTP status, in words, and the nearest names when a name was not known."""

    status: int
    message: str
    suggestions: NotRequired[list[str]]
    parameter: NotRequired[str]  # the request's parameter at fault
    limit: NotRequired[int]  # the bound it passed (how many values a filter takes)


class Error(TypedDict):
    """Every error of /api."""

    error: ErrorBody


class Condition(TypedDict):
    """A status a list is filtered on (supported, lts, maintained), wanted or not, and what it means on the date."""

    name: str
    value: bool
    means: str


class FrameworkList(TypedDict):
    """Frameworks meeting every filter, the SPARQL that found them, and how they were ranked."""

    results: list[FrameworkSummary]
    sparql: str
    filters: list[Constraint]
    ranking: NotRequired[Json]
    as_of: NotRequired[IsoDate]
    conditions: NotRequired[list[Condition]]


class ConflictShape(TypedDict):
    """Where sources disagree about one field of a framework, each value with its sources."""

    framework: Resource
    field: str
    values: list[Json]


class ConflictList(TypedDict):
    """Every disagreement between sources (of one framework, when asked)."""

    results: list[ConflictShape]


class VocabularyTerm(Resource):
    """A term of a vocabulary, its other names, and how many frameworks its filter lists."""

    synonyms: list[str]
    frameworks: int


class TermList(TypedDict):
    """The terms of one vocabulary."""

    results: list[VocabularyTerm]


class UseCase(Resource):
    """A use case and those narrower than it."""

    narrower: list[UseCase]


class UseCaseTree(TypedDict):
    """The use cases as a forest (skos:broader)."""

    results: list[UseCase]


class SearchMatch(TypedDict):
    """A resource whose label or synonym matches, and what matched."""

    id: str
    label: str
    iri: str
    type: str
    matched: str


class SearchResults(TypedDict):
    """The resources matching part of a name, best first."""

    query: str
    results: list[SearchMatch]


class PathStep(TypedDict, total=False):
    """A resource on a path, and the statement that leads to it."""

    id: str
    label: str
    iri: str
    predicate: str
    direction: str


Paths = TypedDict("Paths", {"from": NotRequired[str], "to": NotRequired[str], "paths": list[list[PathStep]]})


class ChartedFramework(Resource):
    """A framework of a chart: whether it was measured, and its best figure at each level."""

    measured: bool
    levels: list[Json]


class FigureTable(TypedDict):
    """The figures of several frameworks side by side, with the metrics, levels and runs."""

    metrics: list[Json]
    levels: list[int]
    default_level: int | None
    frameworks: list[ChartedFramework]
    runs: list[Json]
    compared: NotRequired[Json]


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

"""The shapes of a framework's record and of an answer to a question, declared once (as answers.py's): the record
with its claims, release cycles, maintenance and survey figures; the answer with its reading and comparison."""

from __future__ import annotations

from typing import Any, Literal, NotRequired

from typing_extensions import TypedDict  # pydantic reads typing's own TypedDict only from Python 3.12

from service.knowledge.answers import ConflictShape, Constraint, FrameworkSummary, IsoDate, Json, Resource


class Claim(Resource):
    """A value the graph claims of a framework (its language, a use case...), with the sections that say it."""

    sources: list[Any]


class Assessment(Resource):
    """A pro or con of a framework: what it says, the aspects it is about, its source."""

    kind: Literal["pro", "con"]
    description: str
    aspects: list[Resource]
    source: Json


class Description(TypedDict):
    """A description of a framework, by the property that gives it and its source."""

    text: str
    property: str
    source: Json


class ReleaseCycle(Resource):
    """A release cycle: its dates (or what the file says instead: "ended", "not announced"), support and source."""

    of: Resource
    cycle: str
    release_date: str | None
    active_support_until: NotRequired[str | None]
    security_support_until: str | None
    extended_support_until: NotRequired[str | None]
    end_of_life: str
    lts: bool
    latest_version: NotRequired[str | None]
    latest_release_date: NotRequired[str | None]
    supported_runtime_versions: NotRequired[str | None]
    supported_runtime: NotRequired[Resource | None]
    supported: bool | None
    active_support: NotRequired[bool | None]
    source: Json


class RuntimeCycles(TypedDict):
    """The release cycles of the runtime a framework runs on."""

    runtime: Resource
    cycles: list[ReleaseCycle]


class ReleaseCycles(TypedDict):
    """A framework's release cycles as of a date, those supported, its runtime's, and the rule applied."""

    as_of: IsoDate
    cycles: list[ReleaseCycle]
    supported: list[str]
    runtime: list[RuntimeCycles]
    rule: str


class Evidence(TypedDict):
    """A dated sign of a project's activity (a release, a commit), and whether it is recent."""

    kind: str
    date: str
    text: str
    source: Json
    recent: NotRequired[bool]


class Maintained(TypedDict):
    """Whether a project is maintained as of a date, on what evidence, by what rule."""

    as_of: IsoDate
    maintained: bool | None
    status: Literal["yes", "no", "unknown"]
    evidence: list[Evidence]
    rule: str


class SurveyYear(TypedDict):
    """One year of a survey: the shares who worked with, want to work with, and admire a framework."""

    year: int
    worked_with: NotRequired[float | None]
    want_to_work_with: NotRequired[float | None]
    admired: NotRequired[float | None]
    offered: NotRequired[bool]
    count: NotRequired[int | None]
    respondents: NotRequired[int | None]
    answer: NotRequired[str | None]


class SurveyFigures(TypedDict):
    """A framework's survey figures by year, the latest, and their caveats."""

    by_year: list[SurveyYear]
    latest_year: int | None
    latest: NotRequired[SurveyYear | None]
    survey_latest_year: NotRequired[int | None]
    caveats: list[str]
    source: Json | None


class Framework(Resource):
    """Everything the graph says about one framework, each claim with its sources."""

    language: list[Claim]
    use_cases: list[Claim]
    built_on: list[Claim]
    runs_on: list[Claim]
    part_of: NotRequired[list[Claim]]
    features: NotRequired[list[Claim]]
    style: NotRequired[list[Claim]]
    licence: NotRequired[list[Claim]]
    homepage: NotRequired[list[Claim]]
    repository: NotRequired[list[Claim]]
    benchmark_classification: NotRequired[list[Claim]]
    benchmarked_with: NotRequired[list[Claim]]
    benchmarked_orm: NotRequired[list[Claim]]
    benchmarked_platform: NotRequired[list[Claim]]
    benchmarked_on: NotRequired[list[Claim]]
    kind: NotRequired[list[Claim]]
    description: NotRequired[str | None]
    types: NotRequired[list[str]]
    pros: list[Assessment]
    cons: list[Assessment]
    recommendations: list[Json]
    used_by: NotRequired[list[Resource]]
    links: NotRequired[Json]
    sources: NotRequired[list[Resource]]
    benchmark_setups: NotRequired[list[Json]]
    figures: NotRequired[Json]
    conflicts: NotRequired[list[ConflictShape]]
    descriptions: NotRequired[list[Description]]
    as_of: NotRequired[IsoDate]
    release_cycles: NotRequired[ReleaseCycles]
    maintained: NotRequired[Maintained]
    popularity: NotRequired[SurveyFigures | None]


class Interpretation(TypedDict):
    """How a question was read: its intent, the constraints found, the words ignored or corrected."""

    intent: NotRequired[str]
    constraints: list[Constraint]
    ignored: list[str]
    corrections: NotRequired[list[Json]]
    notes: NotRequired[list[str]]
    count: NotRequired[bool]
    summary: NotRequired[str | None]


class ComparedLifecycles(TypedDict):
    """The support of compared frameworks on the answer's date."""

    as_of: IsoDate
    frameworks: list[Json]


class ComparedPopularity(TypedDict):
    """The survey shares of compared frameworks side by side."""

    frameworks: list[Json]
    caveats: list[str]
    source: NotRequired[Json | None]


class Comparison(TypedDict):
    """Frameworks side by side: their traits, similarity scores, support and survey shares."""

    frameworks: list[Resource]
    traits: list[Json]
    scores: list[Json]
    links: Json
    lifecycle: NotRequired[ComparedLifecycles]
    popularity: NotRequired[ComparedPopularity]


Asked = Literal["latest", "end_of_life", "supported", "lts", "maintained", "cycles"]


class LifecycleAnswer(TypedDict):
    """The answer to a question about a framework's releases or maintenance, in words and as cycles."""

    framework: Resource
    asked: Asked
    cycle: NotRequired[str | None]
    as_of: IsoDate
    answer: Any
    text: str
    cycles: list[ReleaseCycle]
    runtime: list[Json]
    maintained: NotRequired[Maintained]


class Answer(TypedDict):
    """The answer to a question: what was answered (a list, a record, a comparison...), the reading and the SPARQL."""

    question: str
    kind: NotRequired[Literal["list", "all", "record", "comparison", "lifecycle", "nothing"]]
    as_of: NotRequired[IsoDate]
    lifecycle: NotRequired[LifecycleAnswer]
    ranking: NotRequired[Json]
    interpretation: Interpretation
    sparql: str | None
    results: list[FrameworkSummary]
    count: NotRequired[int]
    record: NotRequired[Framework]
    part: NotRequired[Json]
    comparison: NotRequired[Comparison]
    links: NotRequired[Json]
    message: NotRequired[str]
    suggestions: NotRequired[Json]

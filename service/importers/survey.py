"""Import the Stack Overflow Developer Survey's web-framework table: shares per year as observations."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from service.importers.graphfile import GraphFile, boolean, english, integer, node, progress, sa, term
from service.importers.pins import Pin
from service.importers.snapshot import ImportFailure, Snapshot
from service.importers.sources import SOURCES, declare_dataset, declare_file, generated_graph
from service.importers.tables import Target, known_slugs, read_targets
from service.loading.load import bundled_data

OUTPUT = "popularity.trig"
CROSSWALK = "survey.csv"
FOLDER = "metrics/stackoverflow_developer_survey"
TABLE = f"{FOLDER}/so-results.csv"
README = f"{FOLDER}/README.md"
COLUMNS = ("Year", "Framework")
# Each measure: its concept's slug, and the table's columns holding its count and its share.
MEASURES = {
    "worked-with": ("Current_Popularity", "Current_Popularity_Percent"),
    "want-to-work-with": ("Desired_Popularity", "Desired_Popularity_Percent"),
    "admired": ("Loved", "Loved_Percent"),
}
WORDING = {"worked-with": "worked with", "want-to-work-with": "want to work with", "admired": "admired"}
# The survey the table is computed from: its own licence travels with every figure.
SURVEY = "source/stack-overflow-developer-survey"
SURVEY_URL = "https://survey.stackoverflow.co/"
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
# A row of the README's totals table: | 2025 | 22970 |
TOTAL_ROW = re.compile(r"\|\s*(?P<year>\d{4})\s*\|\s*(?P<total>\d+)\s*\|")
CAVEATS = (
    "Each share is a fraction of the respondents who answered the survey's web-framework question that year "
    "(their number is given with every figure), not of all developers nor of everyone who took the survey; "
    "respondents chose to take part, so they are not a random sample of developers.",
    "The table counts a framework wherever its name appears inside an answer, ignoring case: its ASP.NET row "
    "counts ASP.NET Core and the older ASP.NET together (the graph puts it on ASP.NET Core), its Express row "
    "every answer containing that word, its Next row Next.js and its Rails row Ruby on Rails.",
    "A zero in the table means the framework was not among the answers offered that year, not that nobody "
    "used it: the graph records such a year as not offered (sa:offered false), with no share.",
    "Front-end frameworks and content management systems (React, Angular, Vue, Svelte, WordPress...) are "
    "answers to the same question: back-end shares sit beside them, and the graph imports only the "
    "frameworks it describes.",
    "Admired is the share of those who worked with a framework who want to go on working with it (the "
    "table's Loved column): its base is that framework's own users, not all respondents.",
    "The answers offered change from year to year, so a share can move because the list changed.",
)


def import_survey(snapshot: Snapshot, tables: Path, pin: Pin) -> bytes:
    """Read the survey table and its README and return the TriG of the observations the crosswalk allows."""
    crosswalk_path = tables / CROSSWALK
    targets = read_targets(crosswalk_path, "framework", known_slugs(bundled_data(), (OUTPUT, "lifecycles.trig")))
    graph = generated_graph("survey", pin)
    dataset = ox.NamedNode(declare_dataset(graph, pin))
    _declare_survey(graph, dataset)
    respondents = _respondents(snapshot)
    section = declare_file(graph, dataset.value, pin, TABLE)
    rows = _rows(snapshot)
    names = {row["Framework"] for _line, row in rows}
    for name, target in targets.items():
        if name not in names:
            raise ImportFailure(str(crosswalk_path), f"{name!r} is not a framework of {TABLE}", target.line)
    for line, row in progress(rows, "Stack Overflow survey: reading the table", len(rows)):
        name = row["Framework"]
        if name not in targets:
            raise ImportFailure(TABLE, f"{name!r} is not in the crosswalk {crosswalk_path}; add a reviewed row", line)
        if targets[name].slug:
            _observe(graph, section, line, row, targets[name], respondents)
    return graph.serialize()


def _declare_survey(graph: GraphFile, dataset: ox.NamedNode) -> None:
    # The table is public domain; the survey answers it counts are Stack Overflow's, under the ODbL.
    survey = node(SURVEY)
    graph.describe(
        SOURCES,
        survey,
        [
            (term("rdf:type"), sa("Source")),
            (term("rdfs:label"), english("Stack Overflow Annual Developer Survey")),
            (term("dct:title"), english("Stack Overflow Annual Developer Survey")),
            (term("dct:publisher"), english("Stack Overflow")),
            (term("dct:license"), ox.NamedNode(ODBL)),
            (term("schema:url"), ox.NamedNode(SURVEY_URL)),
        ],
    )
    graph.add(SOURCES, dataset, term("dct:source"), survey)
    for caveat in CAVEATS:
        graph.add(SOURCES, dataset, sa("caveat"), english(caveat))


def _respondents(snapshot: Snapshot) -> dict[int, int]:
    totals = {int(m["year"]): int(m["total"]) for m in TOTAL_ROW.finditer(snapshot.text(README))}
    if not totals:
        raise ImportFailure(README, "no | year | total | rows: the respondents of each year are unknown")
    return totals


def _rows(snapshot: Snapshot) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(snapshot.text(TABLE), newline=""))
    header = tuple(reader.fieldnames or ())
    needed = COLUMNS + tuple(column for pair in MEASURES.values() for column in pair)
    missing = [column for column in needed if column not in header]
    if missing:
        raise ImportFailure(TABLE, f"the header lacks {', '.join(missing)}", 1)
    try:
        return [(reader.line_num, {k: (v or "").strip() for k, v in row.items()}) for row in reader]
    except csv.Error as error:
        raise ImportFailure(TABLE, str(error), reader.line_num) from None


def _number(row: dict[str, str], column: str, line: int) -> int:
    text = row[column]
    if not text.isdigit():
        raise ImportFailure(TABLE, f"{column} {text!r} is not a count", line)
    return int(text)


def _share(row: dict[str, str], column: str, line: int) -> ox.Literal:
    text = row[column]
    try:
        share = Decimal(text)
    except InvalidOperation:
        share = Decimal("NaN")
    if not share.is_finite() or not 0 <= share <= 1:
        raise ImportFailure(TABLE, f"{column} {text!r} is not a fraction between 0 and 1", line)
    # The digits the table gives, as an xsd:decimal (never an exponent).
    return ox.Literal(format(share, "f"), datatype=term("xsd:decimal"))


def observation_node(year: int, slug: str, measure: str) -> ox.NamedNode:
    """Return the IRI of one figure: a framework's share for one measure in one year."""
    return node(f"survey/{year}/{slug}/{measure}")


def _observe(
    graph: GraphFile, section: str, line: int, row: dict[str, str], target: Target, respondents: dict[int, int]
) -> None:
    year_text = row["Year"]
    if not year_text.isdigit():
        raise ImportFailure(TABLE, f"Year {year_text!r} is not a year", line)
    year = int(year_text)
    if year not in respondents:
        raise ImportFailure(TABLE, f"{README} gives no number of respondents for {year}", line)
    worked, wanted = (_number(row, MEASURES[m][0], line) for m in ("worked-with", "want-to-work-with"))
    offered = worked > 0 or wanted > 0
    for measure, (count_column, share_column) in MEASURES.items():
        observation = observation_node(year, target.slug, measure)
        statements: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
            (term("rdf:type"), sa("SurveyObservation")),
            (term("rdfs:label"), english(f"{row['Framework']}, {WORDING[measure]}: Stack Overflow survey {year}")),
            (sa("framework"), node(target.slug)),
            (sa("surveyYear"), integer(year)),
            (sa("surveyMeasure"), node(f"survey-measure/{measure}")),
            (sa("surveyAnswer"), ox.Literal(row["Framework"])),
            (sa("respondents"), integer(respondents[year])),
        ]
        if not offered:
            statements.append((sa("offered"), boolean(False)))
        elif measure == "admired" and worked == 0:
            continue  # nobody worked with it: admired has no base that year
        else:
            statements.append((sa("count"), integer(_number(row, count_column, line))))
            statements.append((sa("share"), _share(row, share_column, line)))
        graph.describe(section, observation, statements)

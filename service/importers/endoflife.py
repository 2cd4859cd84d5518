"""Import endoflife.date: the release cycles of the frameworks, languages and runtimes the graph has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import yaml

from service.importers.graphfile import GraphFile, boolean, english, node, path_slug, progress, sa, term
from service.importers.pins import Pin
from service.importers.snapshot import ImportFailure, Snapshot
from service.importers.sources import SOURCES, declare_dataset, declare_file, generated_graph
from service.importers.tables import Target, known_slugs, read_targets
from service.loading.load import bundled_data

OUTPUT = "lifecycles.trig"
CROSSWALK = "endoflife.csv"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A custom field naming the versions of a language or runtime a cycle supports (supportedPHPVersions,
# supportedPhpVersions...): the word between "supported" and "Versions", in lower case, and its slug.
SUPPORTED_FIELD = re.compile(r"supported(?P<runtime>[A-Za-z]+)Versions")
RUNTIMES: dict[str, str | None] = {
    "python": "python",
    "php": "php",
    "java": "java",
    "ruby": "ruby",
    "node": "nodejs",
    "nodejs": "nodejs",
    "go": "go",
    "elixir": "elixir",
    "erlang": "erlang",
    # Jakarta EE is a set of specifications, not a language or runtime of the graph: read and left out.
    "jakartaee": None,
}
# Fields of a release read as the contract models them: date-or-flag fields and their two properties.
SUPPORT_FIELDS = {
    "eoas": ("activeSupportUntil", "activeSupportEnded"),
    "eol": ("securitySupportUntil", "securitySupportEnded"),
    "eoes": ("extendedSupportUntil", "extendedSupportEnded"),
}
# Fields of a release that carry nothing the graph models: a page link, a code name, a display label or
# setting, the PEP of Python's release schedule, the servlet and JSP specification versions a server
# implements, and the lowest Java a server needs (a minimum, not the supported range).
IGNORED_FIELDS = frozenset(
    {"link", "codename", "releaseLabel", "staleReleaseThresholdDays"}
    | {"pep", "servletVersion", "jspVersion", "minJvmVersion"}
)
CAVEAT = (
    "endoflife.date is kept by volunteers from each project's announcements: its dates are those of the "
    "product file at the pinned commit, and a later announcement is not in them. An end of security support "
    "given as true means ended on a date the file does not give; false means no end announced."
)


@dataclass(frozen=True)
class Value:
    """A scalar of the front matter, as the file writes it, with its line in the file."""

    text: str
    line: int


def import_endoflife(snapshot: Snapshot, tables: Path, pin: Pin) -> bytes:
    """Read the product files the crosswalk names and return the TriG of their release cycles."""
    crosswalk_path = tables / CROSSWALK
    targets = read_targets(crosswalk_path, "product", known_slugs(bundled_data(), (OUTPUT, "popularity.trig")))
    graph = generated_graph("endoflife", pin)
    dataset = declare_dataset(graph, pin)
    graph.add(SOURCES, ox.NamedNode(dataset), sa("caveat"), english(CAVEAT))
    products, left_out = _cycles_left_out(targets, crosswalk_path)
    slugs_seen: dict[str, str] = {}
    for product, target in progress(sorted(products.items()), "endoflife.date: reading product files", len(products)):
        path = f"products/{product}.md"
        if path not in snapshot.files:
            raise ImportFailure(str(crosswalk_path), f"{product!r}: no {path} in the snapshot", target.line)
        if not target.slug:
            continue  # reviewed: nothing of this product lands on the graph (the note says why)
        if target.slug in slugs_seen:
            other = slugs_seen[target.slug]
            raise ImportFailure(
                str(crosswalk_path), f"{target.slug!r} is also {other!r}'s: one product each", target.line
            )
        slugs_seen[target.slug] = product
        section = declare_file(graph, dataset, pin, path)
        _read_product(graph, section, snapshot, path, target, left_out.get(product, {}), crosswalk_path)
    return graph.serialize()


def _cycles_left_out(
    targets: dict[str, Target], crosswalk_path: Path
) -> tuple[dict[str, Target], dict[str, dict[str, Target]]]:
    # A row `product#cycle` with no slug leaves one release cycle out: a product file may list the cycles of
    # another piece of software (apache-struts lists Struts 1's beside Struts 2's), which land nowhere.
    products = {name: target for name, target in targets.items() if "#" not in name}
    left_out: dict[str, dict[str, Target]] = {}
    for name, target in targets.items():
        product, _, cycle = name.partition("#")
        if not cycle:
            continue
        if target.slug or not products.get(product, Target("", 0, "")).slug:
            raise ImportFailure(
                str(crosswalk_path),
                f"{name!r}: a release cycle row leaves the cycle of a mapped product out; give it no slug",
                target.line,
            )
        left_out.setdefault(product, {})[cycle] = target
    return products, left_out


def cycle_node(slug: str, cycle: str) -> ox.NamedNode:
    """Return the IRI of one release cycle of a framework, language or runtime (`cycle/django/4.2`)."""
    return node(f"cycle/{slug}/{path_slug(cycle)}")


def front_matter(snapshot: Snapshot, path: str) -> yaml.Node:
    """Return the YAML node tree of a product file's front matter (between its first two `---` lines)."""
    text = snapshot.text(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ImportFailure(path, "no front matter: the file must start with ---", 1)
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ImportFailure(path, "the front matter has no closing ---", 1) from None
    try:
        document = yaml.compose("\n".join(lines[1:end]), Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ImportFailure(path, f"not YAML: {problem}", mark.line + 2 if mark else None) from None
    if not isinstance(document, yaml.MappingNode):
        raise ImportFailure(path, "the front matter is not a YAML mapping", 2)
    return document


def _line(item: yaml.Node) -> int:
    # The front matter starts on the file's second line; marks count from 0.
    return int(item.start_mark.line) + 2


def _pairs(mapping: yaml.MappingNode, path: str) -> Iterator[tuple[str, yaml.Node]]:
    for key, value in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            raise ImportFailure(path, "a key that is not a plain name", _line(key))
        yield key.value, value


def _scalar(item: yaml.Node, path: str, name: str) -> Value:
    if not isinstance(item, yaml.ScalarNode):
        raise ImportFailure(path, f"{name} must be a single value", _line(item))
    return Value(item.value.strip(), _line(item))


def _read_product(
    graph: GraphFile,
    section: str,
    snapshot: Snapshot,
    path: str,
    target: Target,
    left_out: dict[str, Target],
    crosswalk_path: Path,
) -> None:
    fields = dict(_pairs(front_matter(snapshot, path), path))
    title = _scalar(fields["title"], path, "title").text if "title" in fields else path
    releases = fields.get("releases")
    if not isinstance(releases, yaml.SequenceNode) or not releases.value:
        raise ImportFailure(path, "`releases` must be a list of release cycles", _line(releases) if releases else None)
    seen: set[ox.NamedNode] = set()
    skipped: set[str] = set()
    for release in releases.value:
        if not isinstance(release, yaml.MappingNode):
            raise ImportFailure(path, "a release must be a mapping of fields", _line(release))
        name = next((_scalar(v, path, k).text for k, v in _pairs(release, path) if k == "releaseCycle"), None)
        if name in left_out:
            skipped.add(name)
            continue  # reviewed: another software's cycle (the row's note says whose)
        cycle = _read_release(graph, section, path, title, target.slug, release)
        # Two names that make one IRI (4.2 twice, or "1 x" and "1-x") would merge two cycles into one.
        if cycle_node(target.slug, cycle) in seen:
            raise ImportFailure(path, f"release cycle {cycle!r} is listed twice", _line(release))
        seen.add(cycle_node(target.slug, cycle))
    for name, row in left_out.items():
        if name not in skipped:
            raise ImportFailure(str(crosswalk_path), f"release cycle {name!r} is not in {path}", row.line)


def _read_release(graph: GraphFile, section: str, path: str, title: str, slug: str, release: yaml.MappingNode) -> str:
    fields = {name: value for name, value in _pairs(release, path)}
    if "releaseCycle" not in fields:
        raise ImportFailure(path, "a release without releaseCycle", _line(release))
    name = _scalar(fields.pop("releaseCycle"), path, "releaseCycle").text
    cycle = cycle_node(slug, name)
    statements: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (term("rdf:type"), sa("ReleaseCycle")),
        (sa("cycleOf"), node(slug)),
        (term("rdfs:label"), english(f"{title} {name}")),
        (sa("cycleName"), ox.Literal(name)),
    ]
    for field, item in sorted(fields.items()):
        if field in IGNORED_FIELDS:
            continue
        value = _scalar(item, path, field)
        statements.extend(_statements(path, field, value))
    graph.describe(section, cycle, statements)
    return name


def _statements(path: str, field: str, value: Value) -> list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]:
    if field in ("releaseDate", "latestReleaseDate"):
        return [(sa(field), _date(path, field, value))]
    if field in SUPPORT_FIELDS:
        until, ended = SUPPORT_FIELDS[field]
        flag = _flag(value)
        if flag is not None:
            return [(sa(ended), boolean(flag))]
        if DATE.fullmatch(value.text):
            return [(sa(until), _date(path, field, value))]
        raise ImportFailure(path, f"{field} {value.text!r} is neither a date (YYYY-MM-DD), true nor false", value.line)
    if field == "lts":
        flag = _flag(value)
        if flag is not None:
            return [(sa("lts"), boolean(flag))]
        if DATE.fullmatch(value.text):  # long-term support from that date on
            return [(sa("lts"), boolean(True)), (sa("ltsFrom"), _date(path, field, value))]
        raise ImportFailure(path, f"lts {value.text!r} is neither a date (YYYY-MM-DD), true nor false", value.line)
    if field == "latest":
        return [(sa("latestVersion"), ox.Literal(value.text))]
    supported = SUPPORTED_FIELD.fullmatch(field)
    if supported:
        word = supported["runtime"].lower()
        if word not in RUNTIMES:
            raise ImportFailure(path, f"{field}: versions of what? add {word!r} to RUNTIMES in {__name__}", value.line)
        runtime = RUNTIMES[word]
        if runtime is None:
            return []
        return [(sa("supportedRuntimeVersions"), ox.Literal(value.text)), (sa("supportedRuntime"), node(runtime))]
    raise ImportFailure(path, f"unknown release field {field!r}: model it or list it in IGNORED_FIELDS", value.line)


def _flag(value: Value) -> bool | None:
    return {"true": True, "false": False}.get(value.text.lower())


def _date(path: str, field: str, value: Value) -> ox.Literal:
    try:
        date.fromisoformat(value.text)
    except ValueError:
        raise ImportFailure(path, f"{field} {value.text!r} is not a date (YYYY-MM-DD)", value.line) from None
    if not DATE.fullmatch(value.text):  # fromisoformat also reads 20230403
        raise ImportFailure(path, f"{field} {value.text!r} is not a date (YYYY-MM-DD)", value.line)
    return ox.Literal(value.text, datatype=term("xsd:date"))

"""Import the TechEmpower Framework Benchmarks: every test entry as a set-up, and what its framework's tests support."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from service.importers.graphfile import (
    GraphFile,
    boolean,
    english,
    node,
    path_slug,
    progress,
    sa,
    term,
)
from service.importers.pins import Pin
from service.importers.snapshot import ImportFailure, Snapshot
from service.importers.sources import CROSSWALK_SECTION, declare_dataset, declare_file, generated_graph, label_new_iris
from service.importers.tables import Crosswalk, Values

SOURCE = "techempower"
# The fields of a test entry that describe its set-up, with the property each becomes.
SETUP_FIELDS = {
    "classification": "benchmarkClassification",
    "orm": "ormClass",
    "database": "database",
    "webserver": "webServer",
    "platform": "platform",
    "approach": "approach",
}
# What a framework's tests that are not broken support about the framework itself.
FRAMEWORK_FIELDS = {
    "classification": "benchmarkClassification",
    "database": "benchmarkedWith",
    "orm": "benchmarkedOrm",
    "webserver": "benchmarkedOn",
    "platform": "benchmarkedPlatform",
}
PLATFORM_CLASS = "platform"


@dataclass
class Support:
    """What the working tests of one folder say about one framework."""

    values: dict[str, set[ox.NamedNode]] = field(default_factory=lambda: defaultdict(set))
    classes: set[str] = field(default_factory=set)
    languages: set[ox.NamedNode] = field(default_factory=set)
    not_a_framework: bool = False
    binding: bool = False  # the folder uses the framework from another language: its languages stay on the set-ups
    curated_framework: str = ""  # the crosswalk note of a row that types it a framework by our curation
    folder_languages: set[ox.NamedNode] = field(default_factory=set)  # broken tests included


def line_of(text: str, after: str, key: str) -> int | None:
    """Return the line of the first `"key"` inside the test entry `"after": {` of a JSON text (for error messages)."""
    # The entry's own opening (`"name": {`), not an earlier key or value that spells the same word.
    opening = re.search(rf'"{re.escape(after)}"\s*:\s*\{{', text)
    start = opening.start() if opening else 0
    at = text.find(f'"{key}"', start)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def import_techempower(snapshot: Snapshot, tables: Path, pin: Pin) -> bytes:
    """Read every benchmark_config.json of the snapshot and return the TriG of what they say."""
    crosswalk = Crosswalk.read(tables / "techempower.csv")
    values = Values.read(tables / "values.csv")
    graph = generated_graph("techempower", pin)
    dataset = declare_dataset(graph, pin)
    configs = snapshot.glob("frameworks/*/*/benchmark_config.json")
    if not configs:
        raise ImportFailure(
            str(snapshot.origin), "no frameworks/<Language>/<name>/benchmark_config.json in the snapshot"
        )
    seen: set[str] = set()
    touched: set[str] = set()
    for path in progress(configs, "TechEmpower: reading test configurations", len(configs)):
        section = declare_file(graph, dataset, pin, path)
        supports = _read_config(graph, snapshot, path, section, crosswalk, values, seen, touched)
        for slug, support in supports.items():
            _state_support(graph, section, node(slug), support)
    crosswalk.check_covers(seen)
    label_new_iris(graph, tables, touched)
    return graph.serialize()


@dataclass(frozen=True)
class _Entry:
    """One test entry of a benchmark_config.json, with where it is."""

    path: str
    text: str
    section: str
    test_id: str
    name: str
    fields: dict[str, Any]

    def line(self, key: str) -> int | None:
        """Return the line of one of the entry's keys in its file."""
        return line_of(self.text, self.name, key)


def _read_entry(graph: GraphFile, entry: _Entry, framework: ox.NamedNode, values: Values, support: Support) -> None:
    # The entry is a set-up of its own; the framework's claims gather in `support`, from working set-ups only.
    folder_id = entry.test_id.split("#", 1)[0]
    section, fields = entry.section, entry.fields
    setup = node(f"techempower/{path_slug(folder_id)}/{path_slug(entry.name)}")
    broken = "broken" in (fields.get("tags") or [])
    graph.add(section, setup, term("rdf:type"), sa("BenchmarkSetup"))
    graph.add(section, setup, sa("setupOf"), framework)
    graph.add(section, setup, term("dct:identifier"), ox.Literal(entry.test_id))
    graph.add(section, setup, term("dct:source"), ox.NamedNode(section))
    folder = folder_id.split("/", 1)[1]
    graph.add(section, setup, term("rdfs:label"), english(str(fields.get("display_name") or f"{folder} {entry.name}")))
    if broken:
        graph.add(section, setup, sa("broken"), boolean(True))
    language = values.concept("language", fields.get("language"), entry.path, entry.line("language"))
    if language is not None:
        language_iri = graph.add_concept("language", language, str(fields["language"]))
        graph.add(section, setup, sa("language"), language_iri)
        support.folder_languages.add(language_iri)
        if not broken:
            support.languages.add(language_iri)
    for field_name, prop in SETUP_FIELDS.items():
        concept = values.concept(field_name, fields.get(field_name), entry.path, entry.line(field_name))
        if concept is None:
            continue
        iri = graph.add_concept(field_name, concept, str(fields[field_name]).strip())
        graph.add(section, setup, sa(prop), iri)
        if broken:
            continue  # kept and marked, but no claim about the framework rests on it
        if field_name == "classification":
            support.classes.add(concept.slug)
        if field_name in FRAMEWORK_FIELDS:
            support.values[field_name].add(iri)


def _read_config(
    graph: GraphFile,
    snapshot: Snapshot,
    path: str,
    section: str,
    crosswalk: Crosswalk,
    values: Values,
    seen: set[str],
    touched: set[str],
) -> dict[str, Support]:
    text = snapshot.text(path)
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailure(path, f"not JSON: {error.msg}", error.lineno) from None
    _frameworks, language_folder, folder, _name = path.split("/")
    folder_id = f"{language_folder}/{folder}"
    seen.add(folder_id)
    entries = config.get("tests") if isinstance(config, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ImportFailure(path, "`tests` must be a list of objects of test entries", line_of(text, "tests", "tests"))
    supports: dict[str, Support] = defaultdict(Support)
    for test_name, entry in ((name, e) for group in entries for name, e in group.items()):
        test_id = f"{folder_id}#{test_name}"
        seen.add(test_id)
        if not isinstance(entry, dict):
            raise ImportFailure(path, f"test {test_name!r} is not an object", line_of(text, test_name, test_name))
        mapping = crosswalk.rows.get(test_id) or crosswalk.lookup(folder_id, path)
        touched.add(mapping.slug)
        support = supports[mapping.slug]
        support.not_a_framework |= mapping.not_a_framework
        support.binding |= mapping.binding
        if mapping.kind == "framework":
            support.curated_framework = mapping.note
        entry_in = _Entry(path, text, section, test_id, test_name, entry)
        _read_entry(graph, entry_in, node(mapping.slug), values, support)
    return supports


def _state_support(graph: GraphFile, section: str, framework: ox.NamedNode, support: Support) -> None:
    # Only working tests speak for the framework; a folder whose working tests are all
    # Platform benchmarks a server or a runtime, not a framework.
    if support.curated_framework and not (support.classes - {PLATFORM_CLASS}):
        # Our review knows it as a framework where the dataset's working tests do not say so:
        # the claim is the curation's, in its own graph.
        graph.add(CROSSWALK_SECTION, framework, term("rdf:type"), sa("Framework"))
        for language in sorted(support.folder_languages if not support.binding else (), key=str):
            graph.add(CROSSWALK_SECTION, framework, sa("language"), language)
    if not support.classes and not support.languages:
        return
    is_framework = bool(support.classes - {PLATFORM_CLASS}) and not support.not_a_framework
    if is_framework:
        graph.add(section, framework, term("rdf:type"), sa("Framework"))
    else:
        graph.add(section, framework, term("rdf:type"), term("doap:Project"))
        graph.add(section, framework, term("rdf:type"), term("schema:SoftwareApplication"))
    # A folder using the framework from another language (ASP.NET Core from Visual Basic) says
    # nothing of the framework's own language: the set-ups keep theirs.
    for language in sorted(support.languages if not support.binding else (), key=str):
        graph.add(section, framework, sa("language"), language)
    for field_name, iris in support.values.items():
        if field_name == "classification" and support.not_a_framework:
            # TechEmpower's class describes the test; our review says the software is no framework at all.
            continue
        if field_name == "classification" and is_framework:
            iris = {iri for iri in iris if not iri.value.endswith("/" + PLATFORM_CLASS)}
        for iri in iris:
            graph.add(section, framework, sa(FRAMEWORK_FIELDS[field_name]), iri)

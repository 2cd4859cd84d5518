"""Collect the statements of an import and write them as one deterministic TriG file."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import click
import pyoxigraph as ox

from service import vocab
from service.importers.snapshot import ImportFailure
from service.importers.tables import Concept

XSD = vocab.PREFIXES["xsd"]
QB = "http://purl.org/linked-data/cube#"
SPDX = "https://spdx.org/licenses/"
# The curation graph holding what the project adds to make the datasets usable: labels of new
# IRIs and the normalised value lists (the spellings stay as labels of the concepts).
DATASET_VALUES_GRAPH = vocab.CURATION + "/dataset-values"

# Each normalised field: the slug prefix of its concepts, their class, and the scheme holding them.
SCHEMES: dict[str, tuple[str, str, str, str]] = {
    "classification": ("benchmark-class/", "BenchmarkClassification", "benchmark-classes", "Benchmark classifications"),
    "orm": ("orm/", "OrmClass", "orm-classes", "ORM classes"),
    "database": ("database/", "Database", "databases", "Databases"),
    "webserver": ("server/", "WebServer", "web-servers", "Web servers"),
    "platform": ("platform/", "Platform", "platforms", "Platforms"),
    "approach": ("approach/", "BenchmarkApproach", "benchmark-approaches", "Benchmark approaches"),
    "language": ("", "ProgrammingLanguage", "languages", "Programming languages"),
}

Term = ox.NamedNode | ox.Literal
T = TypeVar("T")


def sa(name: str) -> ox.NamedNode:
    """Return an ontology term."""
    return ox.NamedNode(vocab.ONTOLOGY + name)


def term(prefixed: str) -> ox.NamedNode:
    """Return the IRI of a prefixed name such as `dct:source`."""
    prefix, local = prefixed.split(":", 1)
    return ox.NamedNode(vocab.PREFIXES[prefix] + local)


def node(slug: str) -> ox.NamedNode:
    """Return the IRI of a resource by its slug."""
    return ox.NamedNode(vocab.iri_for(slug))


def path_slug(path: str) -> str:
    """Return a slug for a file or folder path (`C++` becomes `Cpp`: slugs keep to letters, digits, - _ .)."""
    return re.sub(r"[^A-Za-z0-9._/-]", lambda m: {"+": "p", "#": "sharp"}.get(m.group(), "-"), path)


def english(text: str) -> ox.Literal:
    """Return an English literal."""
    return ox.Literal(text, language="en")


def decimal(value: float) -> ox.Literal:
    """Return an xsd:decimal with exactly the digits the float prints as (no exponent)."""
    return ox.Literal(format(Decimal(repr(value)), "f"), datatype=ox.NamedNode(XSD + "decimal"))


def integer(value: int) -> ox.Literal:
    """Return an xsd:integer."""
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def boolean(value: bool) -> ox.Literal:
    """Return an xsd:boolean."""
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))


def concept_node(field: str, concept: Concept) -> ox.NamedNode:
    """Return the IRI of a normalised value of a field."""
    return node(SCHEMES[field][0] + concept.slug)


class GraphFile:
    """The quads one import produces, written sorted so the same input gives the same bytes."""

    def __init__(self, header: str):
        self.header = header
        self.quads: set[ox.Quad] = set()

    def add(self, graph: str, subject: ox.NamedNode, predicate: ox.NamedNode, value: Term) -> None:
        """Add one statement to a named graph."""
        self.quads.add(ox.Quad(subject, predicate, value, ox.NamedNode(graph)))

    def describe(self, graph: str, subject: ox.NamedNode, statements: Iterable[tuple[ox.NamedNode, Term]]) -> None:
        """Add several statements about one subject to a named graph."""
        for predicate, value in statements:
            self.add(graph, subject, predicate, value)

    def add_concept(self, field: str, concept: Concept, spelling: str) -> ox.NamedNode:
        """Declare a normalised value (label, scheme, the spelling met) in the curation; return its IRI."""
        iri = concept_node(field, concept)
        _prefix, class_name, scheme, scheme_label = SCHEMES[field]
        if not concept.label:  # defined in the hand-written vocabulary (the graph's languages)
            return iri
        graph = DATASET_VALUES_GRAPH
        self.add(graph, node(scheme), term("rdf:type"), term("skos:ConceptScheme"))
        self.add(graph, node(scheme), term("skos:prefLabel"), english(scheme_label))
        self.add(graph, iri, term("rdf:type"), sa(class_name))
        self.add(graph, iri, term("skos:inScheme"), node(scheme))
        self.add(graph, iri, term("skos:prefLabel"), english(concept.label))
        if spelling != concept.label:
            # A spelling that differs only in case is hidden: it helps a search, not a reader.
            kind = "skos:hiddenLabel" if spelling.lower() == concept.label.lower() else "skos:altLabel"
            self.add(graph, iri, term(kind), english(spelling))
        return iri

    def serialize(self) -> bytes:
        """Return the TriG text: a header comment, then every quad in a stable order."""
        ordered = sorted(self.quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        body = ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=dict(vocab.PREFIXES) | {"qb": QB, "spdx": SPDX})
        assert body is not None  # no output file given: the bytes come back
        header = "".join(f"# {line}\n" if line else "#\n" for line in self.header.splitlines())
        return header.encode() + b"\n" + body


def write_atomically(path: Path, content: bytes) -> None:
    """Write a file whole or not at all: a failed import never leaves half a graph."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(content)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ImportFailure(str(path), f"cannot write: {error.strerror or error}") from None


def progress(items: Iterable[T], label: str, length: int) -> Iterator[T]:
    """Yield items while showing progress: a bar on a terminal, start and end lines in a log."""
    if sys.stderr.isatty():
        with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
            yield from bar
        return
    click.echo(f"{label}: {length} ...", err=True)
    yield from items
    click.echo(f"{label}: done", err=True)

"""Read the ontology and data files into a store, infer, validate, merge the default graph, and version the result."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from service import vocab
from service.loading import verdicts
from service.loading.infer import materialise
from service.loading.merge import (
    each_triple_once,
    inferred_predicates,
    merge_default_graph,
    merge_store,
    typed_in_one_graph_each,
)
from service.query.engine import Source, reads_union, select
from service.query.store import Dataset, RemoteStore

if TYPE_CHECKING:
    from service.loading.validate import ValidationReport

log = logging.getLogger(__name__)

# Validation (rdflib, pyshacl) is imported when it is used: a big graph served with VALIDATE off starts without it.

# File extensions accepted by --data, with the parser for each.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
QUAD_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}

# The dataset's version, written into the data it loads, so a store loaded from an export can read it back.
HAS_VERSION = vocab.PREFIXES["dct"] + "hasVersion"
VERSION_QUERY = f"SELECT ?v WHERE {{ <{vocab.DATASET}> <{HAS_VERSION}> ?v }} LIMIT 1"


class DataError(Exception):
    """A data file that cannot be used; the message names the file and, when known, the line."""

    def __init__(self, path: Path, reason: str, line: int | None = None, column: int | None = None):
        self.path, self.reason, self.line, self.column = path, reason, line, column
        where = str(path)
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {reason}")


class InvalidDataError(Exception):
    """Data that parses but breaks the SHACL shapes."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(report.describe())


def _nothing_to_prepare() -> None:
    return None


@dataclass(frozen=True)
class Derivation:
    """Data computed from the loaded graph and added to it in a named graph of its own, so SPARQL sees it too.

    Loading knows how to add it, not what it is: the knowledge layer hands `load_dataset` its derivations
    (similarity as data, say), so this package never imports what the graph knows.
    """

    graph: str  # the named graph it is written into
    quads: Callable[[ox.Store], Iterable[ox.Quad]]  # computed from the merged graph; none: nothing is added
    done: str  # what the loading log says once it is added
    prepare: Callable[[], object] = _nothing_to_prepare  # run while the files parse (importing what it needs, say)


def _bundled(folder: str) -> Path:
    # An installed wheel carries ontology/ and graph_data/ inside the package (pyproject.toml maps them
    # in); a checkout, or an editable install of one, has them beside it. Both are folders on disk
    # (the package is never imported from a zip), and the loaders need real paths to walk.
    package = Path(str(resources.files("service")))
    inside = package / folder
    return inside if inside.is_dir() else package.parent / folder


def bundled_data() -> Path:
    """Return the folder of the data bundled with the package."""
    return _bundled("graph_data")


def ontology_file() -> Path:
    """Return the bundled ontology (Turtle)."""
    return _bundled("ontology") / "stackatlas.ttl"


def shapes_file() -> Path:
    """Return the bundled SHACL shapes (Turtle)."""
    return _bundled("ontology") / "shapes.ttl"


def data_files(path: Path) -> list[Path]:
    """List the RDF files at a path: the file itself, or every known file under a folder."""
    if not path.exists():
        raise DataError(path, "no such file or folder")
    if path.is_file():
        if path.suffix.lower() not in FORMATS:
            raise DataError(path, f"unknown RDF format; use one of {', '.join(sorted(FORMATS))}")
        return [path]
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
    if not found:
        raise DataError(path, f"no RDF files ({', '.join(sorted(FORMATS))}) in this folder")
    return found


def load_dataset(
    data: Path | None = None,
    *,
    check: bool = True,
    trust_verdict: bool = True,
    derived: Sequence[Derivation] = (),
    version: str | None = None,
) -> Dataset:
    """Load the ontology and the data (bundled unless a path is given), infer, validate, and add what is derived.

    With `trust_verdict`, data that passed before (same content, shapes and inference rules) is not validated again.
    `version` is the files' content version when the caller has it (else it is computed while they parse).
    """
    files = data_files(data if data is not None else bundled_data())
    step = _Steps()
    size = sum(path.stat().st_size for path in files) / 2**20
    log.info("parsing %d file(s), %.1f MB ...", len(files), size)
    with ThreadPoolExecutor(max_workers=2) as background:
        # Hashed, and the derivations prepared (similarity imports numpy and scipy: a quarter of a second),
        # while parsing: pyoxigraph releases the GIL as it loads.
        hashing = background.submit(content_version, [ontology_file(), *files]) if version is None else None
        for derivation in derived:
            background.submit(derivation.prepare)
        store = ox.Store()
        load_file(store, ontology_file(), graph=vocab.ONTOLOGY_GRAPH)
        for path in files:
            load_file(store, path, graph=vocab.FILE_GRAPH_BASE + path.name)
        known = hashing.result() if hashing is not None else str(version)
    step.done(f"parsed {len(files)} file(s), {len(store):,} quads (version {known})")
    log.info("inferring (RDFS and SKOS closures) ...")
    written = inferred_predicates(store)
    with ThreadPoolExecutor(max_workers=1) as checking:
        # What inference cannot change is checked for repeats while it runs (pyoxigraph releases the GIL): the
        # triples of the predicates it never writes, and whether a resource is typed in two graphs. Beside it
        # rather than after, even on a busy machine: the store is smaller before it, so the checks cost less,
        # and two threads get more of a shared machine than one (docs/performance.md, "A million triples").
        untouched = checking.submit(each_triple_once, store, other_than=written)
        types_apart = checking.submit(typed_in_one_graph_each, store)
        materialise(store)
        step.done("inferred the RDFS and SKOS closures (and checked what it cannot write beside it)")
        # Should inference make a super-property unknown before it (a sub-property of rdfs:subPropertyOf), all.
        everything = not inferred_predicates(store) <= written
        after = None if everything else written - ({vocab.RDF_TYPE} if types_apart.result() else set())
        once = untouched.result() and each_triple_once(store, after)
    # Validation and the derivations read the default graph, so it is made before them and topped up after.
    make_default_graph(store, step, once=once)
    if check:
        check_shapes(store, known, step, trust_verdict=trust_verdict)
    else:
        log.info("SHACL validation skipped: VALIDATE is off (--no-validate); the data is served unchecked")
    for derivation in derived:
        add_derived(store, derivation, step)
    # The version travels with the data, so a remote store loaded from an export can tell it (VERSION_QUERY).
    statement = (ox.NamedNode(vocab.DATASET), ox.NamedNode(HAS_VERSION), ox.Literal(known))
    store.add(ox.Quad(*statement, ox.NamedNode(vocab.SOURCES_GRAPH)))
    if reads_union(store):
        return Dataset(store=store, version=known, files=tuple(files), prefixes=vocab.PREFIXES)
    store.add(ox.Quad(*statement, ox.DefaultGraph()))  # the merge holds it too
    merge = merge_store(store)
    step.done(f"copied the default graph ({len(merge):,} triples) into a store of its own, for queries naming no graph")
    return Dataset(store=store, version=known, files=tuple(files), prefixes=vocab.PREFIXES, merge=merge)


def open_remote(url: str, timeout: float) -> RemoteStore:
    """Open a dataset a SPARQL endpoint holds (an export of this one, say): its version read from it, our prefixes."""
    return RemoteStore(url, timeout, version_query=VERSION_QUERY, prefixes=vocab.PREFIXES)


def make_default_graph(store: ox.Store, step: _Steps, *, once: bool) -> None:
    """Make the default graph the merge of the named graphs: their union if no triple repeats (`once`), else a copy."""
    if once:
        step.done("no triple sits in two graphs: the default graph is read as their union, not copied")
    else:
        merge_default_graph(store)
        step.done("some triples sit in several graphs: merged the named graphs into the default graph")


def add_derived(store: ox.Store, derivation: Derivation, step: _Steps) -> None:
    """Add derived data in its own graph, with its inferred types, to the merge the default graph reads."""
    quads = list(derivation.quads(store))
    if not quads:
        return
    store.extend(quads)
    materialise(store)  # the derived resources get their inferred types too, inside their graph
    if not reads_union(store):
        merge_default_graph(store, derivation.graph)
    elif not each_triple_once(store):  # the derived graph repeats a triple of another: the union is no merge
        merge_default_graph(store)
    step.done(derivation.done)


def check_shapes(store: ox.Store, version: str, step: _Steps | None = None, *, trust_verdict: bool = True) -> None:
    """Validate the store against the shapes unless this very data passed before; raise InvalidDataError if not."""
    key = verdicts.verdict_key(version, shapes_file())
    kept = verdicts.remembered(key, shipped=bundled_data() / verdicts.SHIPPED_NAME) if trust_verdict else None
    if kept is not None:
        log.info(
            "SHACL validation skipped: this data (version %s) conformed to these shapes before (%s)", version, kept
        )
        return
    # Imported here: pyshacl takes 0.1-0.3 s to import (measured), and most starts skip validation (a verdict).
    from service.loading.validate import validate

    log.info("validating against the SHACL shapes (pyshacl; STACKATLAS_VALIDATE=false or --no-validate skips it) ...")
    report = validate(store, shapes_file())
    if not report.conforms:
        raise InvalidDataError(report)
    verdicts.remember(key, version)
    if step is not None:
        step.done("validated against the SHACL shapes (verdict kept: the next start skips it)")


class _Steps:
    """Log each finished loading step with the seconds it took, so a long load says what it is doing."""

    def __init__(self) -> None:
        self._since = time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        log.info("%s in %.2f s", what, now - self._since)
        self._since = now


def count_frameworks(store: Source) -> int:
    """Return how many frameworks the store holds."""
    query = f"SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f a <{vocab.FRAMEWORK}> }}"
    return int(next(iter(select(store, query)))["n"].value)


def load_file(store: ox.Store, path: Path, *, graph: str) -> None:
    """Parse one file into the store; triples outside any named graph go to `graph`."""
    rdf_format = FORMATS[path.suffix.lower()]
    target = ox.NamedNode(graph)
    try:
        if rdf_format in QUAD_FORMATS:
            store.load(path=path, format=rdf_format)
            _move_default_graph(store, target)
        else:
            store.load(path=path, format=rdf_format, to_graph=target)
    except SyntaxError as error:
        raise DataError(path, _reason(error), error.lineno, error.offset) from None
    except (OSError, ValueError) as error:
        raise DataError(path, str(error)) from None


def _move_default_graph(store: ox.Store, target: ox.NamedNode) -> None:
    # Every claim must sit in a named graph (its provenance); a TriG file's default-graph
    # triples are attributed to the file itself.
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default:
        store.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in default)
        store.clear_graph(ox.DefaultGraph())


def _reason(error: SyntaxError) -> str:
    # pyoxigraph puts the position in the message too; keep only the reason.
    message = str(error.msg)
    if message.startswith("Parser error at line") and ": " in message:
        message = message.split(": ", 1)[1]
    return message


def content_version(paths: Iterable[Path]) -> str:
    """Return a short hash of file names and contents: the dataset version used in ETags."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as file:  # streamed: a big file is never copied whole
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()[:16]

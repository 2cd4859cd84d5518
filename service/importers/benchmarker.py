"""Import the-benchmarker/web-frameworks: each entry as a set-up, one run's measured figures as observations."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import yaml

from service.importers.graphfile import GraphFile, boolean, decimal, english, integer, node, progress, sa, term
from service.importers.pins import Pin
from service.importers.snapshot import ImportFailure, Snapshot
from service.importers.sources import declare_dataset, declare_file, generated_graph, label_new_iris
from service.importers.tables import Crosswalk, Mapping, Values

SOURCE = "the-benchmarker"
RESULTS = "data.json"
# Metrics kept as measures (the file's name: ours); -1 means not measured and is left out.
MEASURES = {
    "total_requests_per_s": "requestsPerSecond",
    "percentile50": "latencyP50",
    "percentile75": "latencyP75",
    "percentile90": "latencyP90",
    "percentile99": "latencyP99",
}
SOCKET_ERRORS = ("socket_connection_errors", "socket_read_errors", "socket_write_errors", "request_timeouts")
NOT_MEASURED = -1
# The fields of an entry's `framework` part that name the software itself (left out for a "served-by" row).
SERVER_FIELDS = ("website", "github", "version")
# The host (and port) of a web address: dot-separated DNS labels, at least two.
HOST = re.compile(r"(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]+)?")
CAVEAT = (
    "The-benchmarker measures a minimal routing application (a few routes answering short bodies), "
    "not a realistic workload: the figures compare frameworks' HTTP and routing layers, not applications "
    "built on them. Its data.json does not name the load generator."
)


def import_benchmarker(snapshot: Snapshot, tables: Path, pin: Pin) -> bytes:
    """Read every config.yaml and data.json of the snapshot and return the TriG of what they say."""
    crosswalk = Crosswalk.read(tables / "benchmarker.csv")
    values = Values.read(tables / "values.csv")
    graph = generated_graph("benchmarker", pin)
    dataset = declare_dataset(graph, pin)
    configs = snapshot.glob("*/*/config.yaml")
    if not configs or RESULTS not in snapshot.files:
        raise ImportFailure(str(snapshot.origin), f"no <language>/<framework>/config.yaml or {RESULTS} in the snapshot")
    seen: set[str] = set()
    touched: set[str] = set()
    for path in progress(configs, "the-benchmarker: reading framework configurations", len(configs)):
        entry = path.removesuffix("/config.yaml")
        seen.add(entry)
        mapping = crosswalk.lookup(entry, path)
        touched.add(mapping.slug)
        _read_config(
            graph,
            declare_file(graph, dataset, pin, path),
            snapshot,
            path,
            entry,
            mapping,
            values,
        )
    crosswalk.check_covers(seen)
    _read_results(graph, declare_file(graph, dataset, pin, RESULTS), snapshot, crosswalk, values, seen)
    label_new_iris(graph, tables, touched)
    return graph.serialize()


def setup_node(entry: str) -> ox.NamedNode:
    """Return the IRI of the set-up of one the-benchmarker entry (`python/flask`)."""
    return node(f"the-benchmarker/{entry}")


def _yaml(snapshot: Snapshot, path: str) -> dict[str, Any]:
    try:
        # BaseLoader keeps every scalar as the text the file writes: 3.10 stays "3.10".
        document = yaml.load(snapshot.text(path), Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ImportFailure(
            path, f"not YAML: {getattr(error, 'problem', error)}", mark.line + 1 if mark else None
        ) from None
    if not isinstance(document, dict):
        raise ImportFailure(path, "not a YAML mapping", 1)
    return document


def _homepage(website: str) -> ox.NamedNode | None:
    # The files often leave out the scheme (www.palletsprojects.com/p/flask/): https is meant.
    website = website.strip()
    if not website or website in ("https://", "http://"):
        return None
    url = urlsplit(website if "://" in website else "https://" + website)
    # A malformed address names no page, so it lands nowhere: data.json's https://https://www.goravel.dev/
    # has the host "https". Nothing in the file says what was meant, so it is not repaired either.
    if url.scheme not in ("http", "https") or not HOST.fullmatch(url.netloc):
        return None
    # An empty path is "/" (RFC 3986, 6.2.3): https://gin-gonic.com is the curation's https://gin-gonic.com/.
    return ox.NamedNode(urlunsplit(url._replace(path=url.path or "/")))


def _read_config(
    graph: GraphFile,
    section: str,
    snapshot: Snapshot,
    path: str,
    entry: str,
    mapping: Mapping,
    values: Values,
) -> None:
    document = _yaml(snapshot, path)
    framework_part = document.get("framework") or {}
    if not isinstance(framework_part, dict):
        raise ImportFailure(path, "`framework` must be a mapping")
    framework, setup = node(mapping.slug), setup_node(entry)
    is_framework = not mapping.not_a_framework
    language_code = entry.split("/")[0]
    language = values.concept("language", language_code, path)
    graph.add(section, setup, term("rdf:type"), sa("BenchmarkSetup"))
    graph.add(section, setup, sa("setupOf"), framework)
    graph.add(section, setup, term("rdfs:label"), english(entry.split("/")[1]))
    graph.add(section, setup, term("dct:identifier"), ox.Literal(entry))
    graph.add(section, setup, term("dct:source"), ox.NamedNode(section))
    graph.add(section, framework, term("rdf:type"), sa("Framework") if is_framework else term("doap:Project"))
    if language is not None:
        language_iri = graph.add_concept("language", language, language_code)
        graph.add(section, setup, sa("language"), language_iri)
        graph.add(section, framework, sa("language"), language_iri)
    if mapping.served_by:
        # The website, repository and version are the server's (LaravelS serving Laravel): not the framework's.
        framework_part = {key: value for key, value in framework_part.items() if key not in SERVER_FIELDS}
    version = framework_part.get("version")
    if isinstance(version, str) and version.strip():
        graph.add(section, setup, sa("testedVersion"), ox.Literal(version.strip()))
    homepage = _homepage(str(framework_part.get("website") or ""))
    if homepage is not None:
        graph.add(section, framework, term("doap:homepage"), homepage)
    engines = framework_part.get("engines") or []
    if not isinstance(engines, list):
        raise ImportFailure(path, "`framework.engines` must be a list")
    for engine in engines:
        concept = values.concept("webserver", engine, path)
        if concept is not None:
            server = graph.add_concept("webserver", concept, str(engine))
            graph.add(section, setup, sa("webServer"), server)
            graph.add(section, framework, sa("benchmarkedOn"), server)


def _read_results(
    graph: GraphFile, section: str, snapshot: Snapshot, crosswalk: Crosswalk, values: Values, seen: set[str]
) -> None:
    text = snapshot.text(RESULTS)
    try:
        results = json.loads(text)
        frameworks, metrics = results["frameworks"], results["metrics"]
        updated, hardware = results["updated_at"], results["hardware"]
    except json.JSONDecodeError as error:
        raise ImportFailure(RESULTS, f"not JSON: {error.msg}", error.lineno) from None
    except (KeyError, TypeError) as error:
        raise ImportFailure(RESULTS, f"missing field {error}") from None
    run = _declare_run(graph, section, updated, hardware)
    by_id: dict[int, str] = {}
    for index, item in enumerate(frameworks):
        entry = f"{item.get('language')}/{item.get('label')}"
        if entry not in seen:
            raise ImportFailure(RESULTS, f"frameworks[{index}] {entry!r} has no {entry}/config.yaml in the snapshot")
        mapping = crosswalk.lookup(entry, RESULTS)
        by_id[item["id"]] = entry
        setup, framework = setup_node(entry), node(mapping.slug)
        if mapping.served_by:
            continue  # its version and website are the server's (see _read_config)
        version = item.get("version")
        if version is not None:
            # JSON numbers lose trailing zeros (3.10 arrives as 3.1): keep the text and say so.
            graph.add(section, setup, sa("testedVersion"), ox.Literal(str(version)))
            if not isinstance(version, str):
                graph.add(section, setup, sa("versionFromNumber"), boolean(True))
        homepage = _homepage(str(item.get("website") or ""))
        if homepage is not None:
            graph.add(section, framework, term("doap:homepage"), homepage)
    figures: dict[tuple[str, int], dict[str, float]] = defaultdict(dict)
    for index, metric in enumerate(metrics):
        try:
            if metric["value"] is None:  # as -1: not measured
                continue
            figures[(by_id[metric["framework_id"]], int(metric["level"]))][metric["label"]] = float(metric["value"])
        except (KeyError, TypeError, ValueError) as error:
            raise ImportFailure(RESULTS, f"metrics[{index}] is not a framework's figure ({error})") from None
    for (entry, level), measured in progress(
        sorted(figures.items()), "the-benchmarker: measured figures", len(figures)
    ):
        _observe(graph, section, run, entry, level, measured, node(crosswalk.rows[entry].slug))


def _declare_run(graph: GraphFile, section: str, updated: str, hardware: Any) -> ox.NamedNode:
    # The run is the Data Cube data set of every observation: its date, hardware and caveat.
    run = node(f"the-benchmarker/run/{updated[:10]}")
    graph.add(section, run, term("rdf:type"), sa("BenchmarkRun"))
    graph.add(section, run, term("rdfs:label"), english(f"the-benchmarker run of {updated[:10]}"))
    graph.add(section, run, ox.NamedNode("http://purl.org/linked-data/cube#structure"), sa("benchmarkStructure"))
    when = ox.Literal(updated.replace(" UTC", "Z").replace(" ", "T"), datatype=ox.NamedNode(term("xsd:dateTime").value))
    graph.add(section, run, term("dct:date"), when)
    graph.add(section, run, sa("hardware"), english(_describe_hardware(hardware)))
    graph.add(section, run, sa("caveat"), english(CAVEAT))
    graph.add(section, run, term("dct:source"), ox.NamedNode(section))
    return run


def _observe(
    graph: GraphFile,
    section: str,
    run: ox.NamedNode,
    entry: str,
    level: int,
    measured: dict[str, float],
    framework: ox.NamedNode,
) -> None:
    kept = {name: value for name, value in measured.items() if value != NOT_MEASURED}
    if not any(name in kept for name in MEASURES):
        return
    observation = node(f"the-benchmarker/{entry}/c{level}")
    graph.add(section, observation, term("rdf:type"), ox.NamedNode("http://purl.org/linked-data/cube#Observation"))
    graph.add(section, observation, ox.NamedNode("http://purl.org/linked-data/cube#dataSet"), run)
    graph.add(section, observation, sa("setup"), setup_node(entry))
    graph.add(section, observation, sa("framework"), framework)
    graph.add(section, observation, sa("concurrency"), integer(level))
    for name, prop in MEASURES.items():
        if name in kept:
            graph.add(section, observation, sa(prop), decimal(kept[name]))
    if "http_errors" in kept:
        graph.add(section, observation, sa("httpErrors"), integer(int(kept["http_errors"])))
    socket = [kept[name] for name in SOCKET_ERRORS if name in kept]
    if socket:
        graph.add(section, observation, sa("socketErrors"), integer(int(sum(socket))))


def _describe_hardware(hardware: dict[str, Any]) -> str:
    system = hardware.get("os") or {}
    memory_gib = int(hardware.get("memory", 0)) / 1024 / 1024  # the file gives KiB
    kernel = " ".join(str(system.get(part, "")) for part in ("sysname", "release", "machine"))
    return (
        f"{hardware.get('cpus')} CPUs ({hardware.get('cpu_name')}, as the run reports it), "
        f"{memory_gib:.1f} GiB memory, {kernel}"
    ).strip()

"""The `stackatlas` command: validate, query, export, stats and serve the graph."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from service import settings
from service.graph import vocab
from service.graph.ask import reply
from service.graph.catalog import did_you_mean
from service.graph.engine import construct, select, serialize
from service.graph.knowledge import Knowledge
from service.graph.load import DataError, Dataset, InvalidDataError, load_dataset
from service.graph.remote import EndpointError
from service.graph.store import EmbeddedStore, QueryResult, QuerySyntaxError, UnsupportedFormatError

_SETTING = {setting.name: setting for setting in settings.SETTINGS}
_DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
_GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


class _EchoHandler(logging.Handler):
    """Write log lines to the standard error click has at the moment (CliRunner swaps it per invocation)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def talk_while_loading() -> None:
    """Show each loading step on standard error (serve and validate: long work that should say what it does)."""
    talking = logging.getLogger("service")
    if not any(isinstance(handler, _EchoHandler) for handler in talking.handlers):
        talking.addHandler(_EchoHandler())
    talking.setLevel(logging.INFO)


def quiet_while_loading() -> None:
    """Keep loading steps to warnings (the default: a command's output is its answer)."""
    talking = logging.getLogger("service")
    for handler in [h for h in talking.handlers if isinstance(h, _EchoHandler)]:
        talking.removeHandler(handler)
    talking.setLevel(logging.WARNING)


def data_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --data option (an RDF file or folder replacing the bundled graph)."""
    setting = _SETTING["DATA"]
    return click.option(
        setting.option,
        type=click.Path(path_type=Path),
        envvar=setting.env,
        default=None,
        help=setting.help,
    )(command)


def setting_option(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a command-line option from its setting: name, default, environment variable, help."""
    setting = _SETTING[name]
    if isinstance(setting.default, bool):  # a switch: --access-log / --no-access-log
        flag = setting.option.removeprefix("--")
        return click.option(
            f"--{flag}/--no-{flag}", default=setting.default, envvar=setting.env, show_default=True, help=setting.help
        )
    return click.option(
        setting.option,
        type=type(setting.default) if setting.default is not None else str,
        default=setting.default,
        envvar=setting.env,
        show_default=True,
        help=setting.help,
    )


def open_dataset(data: Path | None, *, check: bool | None = None) -> Dataset:
    """Load the dataset (checked against the shapes unless VALIDATE is off), turning bad input into a clean error."""
    if check is None:
        check = bool(settings.defaults()["VALIDATE"])
    try:
        return load_dataset(data, check=check)
    except DataError as error:
        raise click.ClickException(f"cannot read data: {error}") from None
    except InvalidDataError as error:
        raise click.ClickException(f"the data breaks the shapes.\n{error}") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stackatlas")
def main() -> None:
    """StackAtlas: a knowledge graph of backend web frameworks."""
    quiet_while_loading()  # each command chooses; in one process (tests, CliRunner) a choice never carries over
    try:  # before any command reads them: a STACKATLAS_* value that does not parse is one line, not a traceback
        settings.defaults()
    except settings.SettingError as error:
        raise click.ClickException(str(error)) from None


@main.command("validate", short_help="Check the data against the SHACL shapes.")
@data_option
@click.option(
    "--ship",
    is_flag=True,
    help="After a pass on the bundled graph, write its verdict to graph_data/verdict.txt (it ships with the data).",
)
def validate_command(data: Path | None, ship: bool) -> None:
    """Check the data against the SHACL shapes; exit 1 listing every violation."""
    from service.graph import verdicts
    from service.graph.load import bundled_data, shapes_file

    if ship and data is not None:
        raise click.UsageError("--ship records the bundled graph's verdict: leave out --data")
    talk_while_loading()
    try:
        # Always checked in full here, whatever was remembered; a pass is remembered for the next start.
        dataset = load_dataset(data, check=True, trust_verdict=False)
    except DataError as error:
        raise click.ClickException(f"cannot read data: {error}") from None
    except InvalidDataError as error:
        click.echo(error.report.describe(), err=True)
        sys.exit(1)
    if ship:
        shipped = bundled_data() / verdicts.SHIPPED_NAME
        verdicts.ship(verdicts.verdict_key(dataset.version, shapes_file()), shipped)
        click.echo(f"wrote {shipped}", err=True)
    click.echo(f"OK: {len(dataset.files)} file(s) conform to the shapes (version {dataset.version}).")


@main.group("import", short_help="Rebuild a public dataset's graph file.")
def import_group() -> None:
    """Import a public dataset's snapshot into the graph file graph_data/ ships."""


def _import(name: str, path: Path | None, output: Path | None) -> None:
    from service.importers.run import run_import
    from service.importers.snapshot import ImportFailure

    try:
        target = run_import(name, path, output)
    except ImportFailure as error:
        raise click.ClickException(f"import stopped, nothing written: {error}") from None
    click.echo(f"wrote {target}")


@import_group.command("techempower", short_help="Import TechEmpower's configurations.")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: graph_data/techempower.trig)."
)
def import_techempower_command(path: Path | None, output: Path | None) -> None:
    """Import TechEmpower's benchmark configurations from a checkout or its archive (default: the bundled one)."""
    _import("techempower", path, output)


@import_group.command("benchmarker", short_help="Import the-benchmarker's configs and results.")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--output", "-o", type=click.Path(path_type=Path), help="File to write (default: graph_data/benchmarker.trig)."
)
def import_benchmarker_command(path: Path | None, output: Path | None) -> None:
    """Import the-benchmarker's configurations and measured results from a checkout or its archive."""
    _import("benchmarker", path, output)


@main.command("conflicts", short_help="Where sources disagree about frameworks.")
@data_option
@click.option("--framework", "slug", help="Only this framework's conflicts (a slug such as flask).")
def conflicts_command(data: Path | None, slug: str | None) -> None:
    """List where sources disagree about a framework: language, homepage, class against style, version."""
    knowledge = open_knowledge(data)
    if slug is not None and (not vocab.is_slug(slug) or knowledge.catalog.find("framework", slug) is None):
        raise unknown(knowledge, "framework", slug)
    found = knowledge.conflicts_of(vocab.iri_for(slug) if slug else None)
    for conflict in found:
        click.echo(conflict.describe())
    click.echo(f"{len(found)} conflict(s).", err=True)


@main.command("query", short_help="Run a SPARQL query.")
@click.argument("sparql")
@data_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv", "tsv", "xml", "ttl", "nt", "jsonld"]),
    default="table",
    show_default=True,
    help="table for people; SPARQL results formats for SELECT/ASK; RDF formats for CONSTRUCT/DESCRIBE.",
)
def query_command(sparql: str, data: Path | None, output_format: str) -> None:
    """Run a SPARQL query (use - to read it from standard input) and print the answer."""
    if sparql == "-":
        sparql = sys.stdin.read()
    store = EmbeddedStore(open_dataset(data))
    try:
        result = store.query(sparql)
    except QuerySyntaxError as error:
        position = f" at line {error.line}, column {error.column}" if error.line else ""
        raise click.ClickException(f"malformed query{position}: {error.message}") from None
    if output_format == "table":
        click.echo(render_table(result))
        return
    try:
        sys.stdout.buffer.write(result.serialize(output_format))
    except UnsupportedFormatError as error:
        raise click.ClickException(str(error)) from None
    sys.stdout.flush()


def render_table(result: QueryResult) -> str:
    """Lay a result out as an aligned text table with compact IRIs."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return result.serialize("ttl").decode()
    header = list(result.variables)
    rows = [[_cell(row[var]) if row[var] is not None else "" for var in result.variables] for row in result.rows]
    return format_columns(header, rows) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"


def format_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return rows as text columns under a header and a rule."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return vocab.compact(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


@main.command("export", short_help="Write the whole graph in an RDF format.")
@data_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*_GRAPH_FORMATS, *_DATASET_FORMATS, "graphml"]),
    default="ttl",
    show_default=True,
    help="ttl/nt/jsonld/xml: the union of all graphs; trig/nq: with the named graphs "
    "(provenance); graphml: for Gephi or Cytoscape desktop.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="File to write (default: stdout).")
def export_command(data: Path | None, output_format: str, output: Path | None) -> None:
    """Write the whole graph, with inferences, in an RDF format or GraphML."""
    store = open_dataset(data).store
    if output_format == "graphml":
        import networkx as nx  # here, not at the top: `stackatlas serve` starts without it

        from service.graph.network import knowledge_network

        network = knowledge_network(store)
        target = output if output is not None else sys.stdout.buffer
        nx.write_graphml(network, target)
        return
    if output_format in _DATASET_FORMATS:
        content = serialize(store, _DATASET_FORMATS[output_format])
    else:
        union = construct(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        content = serialize(union, _GRAPH_FORMATS[output_format], vocab.PREFIXES)
    if output is not None:
        output.write_bytes(content)
    else:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()


_STATS = (
    vocab.sparql_prefixes(("sa", "skos", "dct"))
    + """
SELECT
  (COUNT(DISTINCT ?framework) AS ?frameworks) (COUNT(DISTINCT ?language) AS ?languages)
  (COUNT(DISTINCT ?useCase) AS ?use_cases) (COUNT(DISTINCT ?aspect) AS ?aspects)
  (COUNT(DISTINCT ?source) AS ?sources)
WHERE {
  { ?framework a sa:Framework } UNION { ?language a sa:ProgrammingLanguage }
  UNION { ?useCase a sa:UseCase } UNION { ?aspect a sa:Aspect } UNION { ?source a sa:Source }
}"""
)


@main.command("stats", short_help="Count what the graph holds.")
@data_option
def stats_command(data: Path | None) -> None:
    """Count frameworks, languages, use cases, aspects, sources, graphs and triples."""
    dataset = open_dataset(data)
    counts = EmbeddedStore(dataset).query(_STATS).records()[0]
    store = dataset.store
    distinct = select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    triples = next(distinct)["n"].value
    rows = [[name.replace("_", " "), value] for name, value in counts.items()]
    rows += [
        ["named graphs", str(len(list(store.named_graphs())))],
        ["triples (distinct)", triples],
        ["quads in named graphs", str(EmbeddedStore(dataset).triple_count())],
    ]
    click.echo(format_columns(["what", "count"], rows))


@main.command("serve", short_help="Serve the graph over HTTP.")
@data_option
@setting_option("STORE")
@setting_option("HOST")
@setting_option("PORT")
@setting_option("WORKERS")
@setting_option("THREADS")
@setting_option("ACCESS_LOG")
@setting_option("VALIDATE")
def serve_command(
    data: Path | None,
    store: str | None,
    host: str,
    port: int,
    workers: int,
    threads: int,
    access_log: bool,
    validate: bool,
) -> None:
    """Serve the graph over HTTP with granian (the graph is loaded once, before workers fork)."""
    from service import create_app
    from service.server import serve

    talk_while_loading()
    try:
        # The bound address is a setting too: the service description names it when PUBLIC_URL is unset.
        app = create_app(
            {"DATA": str(data) if data else None, "STORE": store, "HOST": host, "PORT": port, "VALIDATE": validate}
        )
    except DataError as error:
        raise click.ClickException(f"cannot read data: {error}") from None
    except InvalidDataError as error:
        raise click.ClickException(f"the data breaks the shapes.\n{error}") from None
    except EndpointError as error:
        raise click.ClickException(f"cannot use the store {store}: {error}") from None
    serve(app, host=host, port=port, workers=workers, threads=threads, access_log=access_log)


def unknown(knowledge: Knowledge, facet: str, slug: str, what: str | None = None) -> click.ClickException:
    """The error for a name the graph does not hold, suggesting the nearest ones (of a facet) as the HTTP API does."""
    close = knowledge.catalog.suggest(facet, slug)
    hint = "." + did_you_mean(close) if close else ""
    return click.ClickException(f"no {what or facet} {slug!r} in the graph{hint}")


def open_knowledge(data: Path | None) -> Knowledge:
    """Load the dataset and what is derived from it to answer questions."""
    return Knowledge(EmbeddedStore(open_dataset(data)))


@main.command("ask", short_help="Answer an English question, with evidence.")
@click.argument("question")
@data_option
@click.option("--sparql", "show_sparql", is_flag=True, help="Also print the SPARQL the question became.")
def ask_command(question: str, data: Path | None, show_sparql: bool) -> None:
    """Answer an English question, e.g. "Python frameworks suited to APIs", with the evidence."""
    knowledge = open_knowledge(data)
    reading = knowledge.lexicon.interpret(question, figures=knowledge.figures)
    if reading.intent == "nothing":
        hints = knowledge.lexicon.suggestions(reading.ignored)
        close = "; ".join(f"{word}: {', '.join(names)}" for word, names in hints["did_you_mean"].items())
        message = "Nothing in the question names a language, use case, aspect, audience or framework."
        if close:
            message += f"\nDid you mean {close}?"
        message += "\nTry: " + " | ".join(hints["examples"])
        raise click.ClickException(message)
    click.echo(f"Read as: {reading.summary}")
    for note in reading.notes:
        click.echo(f"Note: {note}")
    similarity = knowledge.similarity if reading.intent == "comparison" else None
    found = reply(knowledge.catalog, reading, similarity=similarity, figures=knowledge.figures)
    if show_sparql and found["sparql"]:
        click.echo("\n" + found["sparql"])
    click.echo()
    if found["kind"] == "record":
        _echo_record(found["record"], found.get("part"))
        return
    if found["kind"] == "comparison":
        _echo_comparison(found["comparison"])
        return
    for result in found["results"]:
        score = f"  ({result['score']:.2f})" if "score" in result else ""
        click.echo(f"{result['label']}{score}")
        for why in result["why"]:
            source = f"  [{why['source']['label']}]" if why["source"] else ""
            click.echo(f"  - {why['text']}{source}")
    if "count" in found:
        click.echo(f"{found['count']} framework{'s' if found['count'] != 1 else ''}")
    if not found["results"]:
        click.echo("No framework meets all of that.")


def _echo_record(record: dict[str, Any], part: dict[str, Any] | None) -> None:
    click.echo(f"{record['label']}: {record.get('description') or ''}".rstrip(": "))
    shown = part or {key: record.get(key, []) for key in ("language", "use_cases", "pros", "cons")}
    for key, values in shown.items():
        click.echo(f"{key.replace('_', ' ').capitalize()}:")
        for value in values:
            text = f"{value['label']}: {value['description']}" if value.get("description") else value["label"]
            click.echo(f"  - {text}")
    click.echo(f"More: {record['links']['api']}")


def _echo_comparison(compared: dict[str, Any]) -> None:
    for score in compared["scores"]:
        click.echo(f"Similarity of {score['a']} and {score['b']}: {score['score']:.2f}")
    for row in compared["traits"]:
        shared = ", ".join(value["label"] for value in row["shared"])
        click.echo(f"{row['title']}: both {shared}" if shared else f"{row['title']}:")
        for slug, values in row["only"].items():
            if values:
                click.echo(f"  only {slug}: {', '.join(value['label'] for value in values)}")
    click.echo(f"Side by side: {compared['links']['compare']}")


@main.command("path", short_help="Shortest connections between two resources.")
@click.argument("start")
@click.argument("end")
@data_option
@click.option("-k", "count", type=click.IntRange(1, 10), default=3, show_default=True, help="How many paths.")
def path_command(start: str, end: str, data: Path | None, count: int) -> None:
    """Show the shortest connections between two resources, e.g. `stackatlas path flask phoenix`."""
    knowledge = open_knowledge(data)
    paths = knowledge.paths
    for slug in (start, end):
        if not vocab.is_slug(slug) or vocab.iri_for(slug) not in paths:
            raise unknown(knowledge, "framework", slug, what="resource")
    found = paths.paths(vocab.iri_for(start), vocab.iri_for(end), count)
    if not found:
        click.echo("No connection.")
    for steps in found:
        parts = [
            step["label"]
            if "id" in step
            else (f"-{step['label']}->" if step["direction"] == "forward" else f"<-{step['label']}-")
            for step in steps
        ]
        click.echo(" ".join(parts))


@main.command("similar", short_help="The frameworks most like one.")
@click.argument("slug", required=False)
@data_option
@click.option("-k", "count", type=click.IntRange(1, 50), default=5, show_default=True, help="How many.")
@click.option("--table", is_flag=True, help="Instead: a Markdown table of every framework's top 3.")
def similar_command(slug: str | None, data: Path | None, count: int, table: bool) -> None:
    """Show the frameworks most like one (`stackatlas similar flask`), with what they share."""
    if slug is None and not table:
        raise click.UsageError("name a framework (stackatlas similar flask), or ask for --table")
    knowledge = open_knowledge(data)
    index = knowledge.similarity
    if table or slug is None:
        click.echo(index.markdown_table())
        return
    try:
        matches = index.similar(slug, count)
    except KeyError:
        raise unknown(knowledge, "framework", slug) from None
    for match in matches:
        click.echo(f"{match.label}  {match.score:.2f}")
        for reason in match.shared:
            click.echo(f"  + {reason}")


@main.command("clusters", short_help="Groups of frameworks that belong together.")
@data_option
def clusters_command(data: Path | None) -> None:
    """Show the groups of frameworks that belong together, labelled by what they share."""
    for cluster in open_knowledge(data).similarity.clusters():
        click.echo(f"{cluster.label}: {', '.join(cluster.members)}")

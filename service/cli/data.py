"""Commands on the data itself: validate it, import a public dataset, export it, count it."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from service import vocab
from service.cli.options import data_option, open_dataset, output_option, talk_while_loading
from service.cli.tables import format_columns
from service.knowledge.derived import load_known_dataset
from service.loading.load import DataError, InvalidDataError
from service.query.engine import construct, select, serialize
from service.query.formats import DATASET_FORMATS, GRAPH_FORMATS
from service.query.store import EmbeddedStore

# What --format takes for the union of the graphs (a dataset keeps its named graphs: formats.DATASET_FORMATS).
UNION_FORMATS = {name: GRAPH_FORMATS[name][1] for name in ("ttl", "nt", "jsonld", "xml")}
# Where a snapshot comes from when PATH is left out.
_DEFAULT_SNAPSHOT = (
    " PATH: a checkout or its archive (default: the pinned archive in ../shared/sources or $STACKATLAS_SOURCES)."
)
# The public datasets `stackatlas import` rebuilds: the file each writes, and what its command says of itself.
IMPORTERS = {
    "techempower": (
        "techempower.trig",
        "Import TechEmpower's configurations.",
        "Import TechEmpower's benchmark configurations." + _DEFAULT_SNAPSHOT,
    ),
    "benchmarker": (
        "benchmarker.trig",
        "Import the-benchmarker's configs and results.",
        "Import the-benchmarker's configurations and measured results." + _DEFAULT_SNAPSHOT,
    ),
    "endoflife": (
        "lifecycles.trig",
        "Import endoflife.date's release cycles.",
        "Import the release cycles endoflife.date lists for the frameworks, languages and runtimes of the graph."
        + _DEFAULT_SNAPSHOT,
    ),
    "survey": (
        "popularity.trig",
        "Import the Stack Overflow survey table.",
        "Import the web-framework shares of the Stack Overflow Developer Survey, 2018 on (timeline-of-django's table)."
        + _DEFAULT_SNAPSHOT,
    ),
}


@click.command("validate", short_help="Check the data against the SHACL shapes.")
@data_option
@click.option(
    "--ship",
    is_flag=True,
    help="After a pass on the bundled graph, write its verdict to graph_data/verdict.txt (it ships with the data).",
)
def validate_command(data: Path | None, ship: bool) -> None:
    """Check the data against the SHACL shapes; exit 1 listing every violation."""
    from service.loading import verdicts
    from service.loading.load import bundled_data, shapes_file

    if ship and data is not None:
        raise click.UsageError("--ship records the bundled graph's verdict: leave out --data")
    talk_while_loading()
    try:
        # Always checked in full here, whatever was remembered; a pass is remembered for the next start.
        dataset = load_known_dataset(data, check=True, trust_verdict=False)
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


@click.group("import", short_help="Rebuild a public dataset's graph file.")
def import_group() -> None:
    """Import a public dataset's snapshot into the graph file graph_data/ ships."""


def _import_command(name: str, output: str, short_help: str, help_text: str) -> click.Command:
    """The command that rebuilds a dataset's graph file (graph_data/OUTPUT) from a snapshot of that dataset."""

    @click.argument("path", required=False, type=click.Path(path_type=Path))
    @output_option(f"graph_data/{output}")
    def run(path: Path | None, output: Path | None) -> None:
        from service.importers.run import run_import
        from service.importers.snapshot import ImportFailure

        try:
            target = run_import(name, path, output)
        except ImportFailure as error:
            raise click.ClickException(f"import stopped, nothing written: {error}") from None
        click.echo(f"wrote {target}")

    return click.command(name, short_help=short_help, help=help_text)(run)


for _name, (_output, _short, _help) in IMPORTERS.items():
    import_group.add_command(_import_command(_name, _output, _short, _help))


@import_group.command("primary", short_help="Rebuild primary.trig from the reviewed records.")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@output_option("graph_data/primary.trig")
def import_primary(folder: Path | None, output: Path | None) -> None:
    """Turn graph_data/primary/*.yaml (what each framework's own pages and repository files say) into primary.trig."""
    from service.importers.graphfile import write_atomically
    from service.importers.primary import build_primary
    from service.importers.snapshot import ImportFailure
    from service.loading.load import bundled_data

    records = folder or bundled_data() / "primary"
    target = output or bundled_data() / "primary.trig"
    try:
        write_atomically(target, build_primary(records))
    except ImportFailure as error:
        raise click.ClickException(f"import stopped, nothing written: {error}") from None
    click.echo(f"wrote {target}")


@import_group.command("activity", short_help="Print a repository's activity block for a primary record.")
@click.argument("repository", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--url", required=True, help="The repository's public address, as the record cites it.")
def import_activity(repository: Path, url: str) -> None:
    """Print, as YAML, the newest commit, latest tag and the last twelve months' commits and authors of a clone."""
    import yaml

    from service.importers.activity import repository_activity
    from service.importers.snapshot import ImportFailure

    try:
        block = repository_activity(repository, url)
    except ImportFailure as error:
        raise click.ClickException(str(error)) from None
    click.echo(yaml.safe_dump({"activity": block}, sort_keys=False), nl=False)


@click.command("export", short_help="Write the whole graph in an RDF format.")
@data_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*UNION_FORMATS, *DATASET_FORMATS, "graphml"]),
    default="ttl",
    show_default=True,
    help="ttl/nt/jsonld/xml: the union of all graphs; trig/nq: with the named graphs "
    "(provenance); graphml: for Gephi or Cytoscape desktop.",
)
@output_option("stdout")
def export_command(data: Path | None, output_format: str, output: Path | None) -> None:
    """Write the whole graph, with inferences, in an RDF format or GraphML."""
    store = open_dataset(data).store
    if output_format == "graphml":
        import networkx as nx  # here, not at the top: `stackatlas serve` starts without it

        from service.knowledge.network import knowledge_network

        network = knowledge_network(store)
        target = output if output is not None else sys.stdout.buffer
        nx.write_graphml(network, target)
        return
    if output_format in DATASET_FORMATS:
        content = serialize(store, DATASET_FORMATS[output_format])
    else:
        union = construct(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        content = serialize(union, UNION_FORMATS[output_format], vocab.PREFIXES)
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


@click.command("stats", short_help="Count what the graph holds.")
@data_option
def stats_command(data: Path | None) -> None:
    """Count frameworks, languages, use cases, aspects, sources, graphs and triples."""
    dataset = open_dataset(data)
    embedded = EmbeddedStore(dataset)
    counts = embedded.query(_STATS).records()[0]
    store = dataset.store
    distinct = select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    triples = next(distinct)["n"].value
    rows = [[name.replace("_", " "), value] for name, value in counts.items()]
    rows += [
        ["named graphs", str(len(list(store.named_graphs())))],
        ["triples (distinct)", triples],
        ["quads in named graphs", str(embedded.triple_count())],
    ]
    click.echo(format_columns(["what", "count"], rows))

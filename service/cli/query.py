"""Commands that answer: a SPARQL query, an English question, paths, similar frameworks, clusters, conflicts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from service import vocab
from service.cli.options import data_option, open_dataset, open_knowledge, unknown
from service.cli.tables import render_table
from service.knowledge.ask.reading import read_question
from service.knowledge.ask.reply import reply
from service.query.results import UnsupportedFormatError
from service.query.store import EmbeddedStore, QuerySyntaxError


@click.command("query", short_help="Run a SPARQL query.")
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


@click.command("conflicts", short_help="Where sources disagree about frameworks.")
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


@click.command("ask", short_help="Answer an English question, with evidence.")
@click.argument("question")
@data_option
@click.option("--sparql", "show_sparql", is_flag=True, help="Also print the SPARQL the question became.")
def ask_command(question: str, data: Path | None, show_sparql: bool) -> None:
    """Answer an English question, e.g. "Python frameworks suited to APIs", with the evidence."""
    knowledge = open_knowledge(data)
    reading = read_question(knowledge.lexicon, question, figures=knowledge.figures)
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
    found = reply(
        knowledge.catalog,
        reading,
        similarity=similarity,
        figures=knowledge.figures,
        lifecycles=knowledge.lifecycles,
        popularity=knowledge.popularity,
    )
    if show_sparql and found["sparql"]:
        click.echo("\n" + found["sparql"])
    click.echo()
    if found["kind"] == "record":
        _echo_record(found["record"], found.get("part"))
        return
    if found["kind"] == "comparison":
        _echo_comparison(found["comparison"])
        return
    if found["kind"] == "lifecycle":  # the answer in one sentence, then the cycles it rests on
        click.echo(found["lifecycle"]["text"])
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


@click.command("path", short_help="Shortest connections between two resources.")
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


@click.command("similar", short_help="The frameworks most like one.")
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


@click.command("clusters", short_help="Groups of frameworks that belong together.")
@data_option
def clusters_command(data: Path | None) -> None:
    """Show the groups of frameworks that belong together, labelled by what they share."""
    # networkx takes a while to import: only this command pays it.
    from service.knowledge.similarity_clusters import clusters_of

    similarity = open_knowledge(data).similarity
    for cluster in clusters_of(similarity):
        click.echo(f"{cluster.label}: {', '.join(cluster.members)}")
    left_out = similarity.unclustered()
    click.echo(f"({len(left_out.members)} frameworks) {left_out.reason}")

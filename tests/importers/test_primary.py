"""Primary-source records: each claim lands in the graph of the page or file it cites; a bad one names its line."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from service import vocab
from service.importers.primary import PRIMARY, build_primary
from service.importers.snapshot import ImportFailure
from service.loading.load import bundled_data

GRAPH = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:g { id:web a sa:Framework ; rdfs:label "Web" . id:py a sa:ProgrammingLanguage .
       id:apis a sa:UseCase . id:werk a sa:Framework . }
"""
COMMIT = "2ac89889f4cc330eabd50f295dcef02828522c69"
RECORD = f"""\
framework: web
kind: framework
checked: 2026-12-07
sources:
  readme: {{repository: https://github.com/example/web, commit: {COMMIT}, path: README.md}}
  guide: {{url: https://web.example.org/guide/, title: "Web: the guide"}}
facts:
  description: {{text: "A small framework for web APIs.", source: readme}}
  licence: {{value: BSD-3-Clause, source: readme}}
  built_on: [{{value: werk, source: readme}}, {{value: pydantic, label: Pydantic, source: readme}}]
  features: [{{value: openapi, source: guide}}, {{value: dependency-injection, source: guide}}]
  use_cases: [{{value: apis, source: guide}}]
activity:
  repository: https://github.com/example/web
  commit: {COMMIT}
  as_of: 2026-04-08
  latest_tag: {{name: 3.1.3, date: 2026-02-18}}
  commits_12_months: 120
  authors_12_months: 14
"""


def records(tmp_path: Path, text: str, name: str = "web") -> Path:
    """Write a graph folder with one record in its primary/ folder; return that folder."""
    (tmp_path / "graph.trig").write_text(GRAPH)
    folder = tmp_path / "primary"
    folder.mkdir()
    (folder / f"{name}.yaml").write_text(text)
    return folder


def quads(content: bytes) -> list[ox.Quad]:
    return list(ox.parse(content, format=ox.RdfFormat.TRIG))


def objects(found: list[ox.Quad], subject: str, predicate: str, graph: str | None = None) -> set[str]:
    return {
        q.object.value
        for q in found
        if q.subject.value == subject
        and q.predicate.value == predicate
        and (graph is None or q.graph_name.value == graph)
    }


def test_each_claim_sits_in_the_graph_of_the_source_it_cites(tmp_path: Path) -> None:
    found = quads(build_primary(records(tmp_path, RECORD)))
    web, sa, readme, guide = vocab.iri_for("web"), vocab.ONTOLOGY, f"{PRIMARY}/web/readme", f"{PRIMARY}/web/guide"
    assert objects(found, web, vocab.PREFIXES["dct"] + "license", readme) == {"https://spdx.org/licenses/BSD-3-Clause"}
    assert objects(found, web, sa + "hasFeature", guide) == {
        vocab.iri_for(f"feature-{f}") for f in ("openapi", "dependency-injection")
    }
    assert objects(found, web, sa + "builtOn", readme) == {vocab.iri_for("werk"), vocab.iri_for("pydantic")}
    assert objects(found, web, sa + "suitedFor", guide) == {vocab.iri_for("apis")}
    assert objects(found, web, sa + "kind") == {vocab.iri_for("kind/framework")}
    # Software the graph lacked is declared, with its label, where the claim that needs it is.
    assert objects(found, vocab.iri_for("pydantic"), vocab.RDFS_LABEL, readme) == {"Pydantic"}


def test_sources_say_where_a_reader_opens_them(tmp_path: Path) -> None:
    found = quads(build_primary(records(tmp_path, RECORD)))
    readme, guide, schema = f"{PRIMARY}/web/readme", f"{PRIMARY}/web/guide", vocab.PREFIXES["schema"]
    assert objects(found, readme, schema + "url") == {f"https://github.com/example/web/blob/{COMMIT}/README.md"}
    assert objects(found, readme, vocab.ONTOLOGY + "commit") == {COMMIT}
    assert objects(found, guide, schema + "url") == {"https://web.example.org/guide/"}
    assert objects(found, guide, vocab.PREFIXES["dct"] + "isPartOf") == {PRIMARY}


def test_activity_is_stated_as_of_the_snapshot_commit(tmp_path: Path) -> None:
    found = quads(build_primary(records(tmp_path, RECORD)))
    activity, sa = vocab.iri_for("activity/web"), vocab.ONTOLOGY
    assert objects(found, activity, sa + "activityOf", f"{PRIMARY}/web/activity") == {vocab.iri_for("web")}
    assert objects(found, activity, sa + "asOf") == {"2026-04-08"}
    assert objects(found, activity, sa + "commitsLast12Months") == {"120"}
    assert objects(found, activity, sa + "latestTag") == {"3.1.3"}


@pytest.mark.parametrize(
    ("change", "line", "message"),
    (
        (("value: openapi", "value: swagger"), 11, "features value 'swagger' is not one of"),
        (("source: guide}]\nactivity", "source: nowhere}]\nactivity"), 12, "cites 'nowhere'"),
        (("licence: {value: BSD-3-Clause", "licence: {value: BSD 3"), 9, "not an SPDX identifier"),
        ((COMMIT + ", path", "abc123, path"), 5, "40 lower-case hexadecimal"),
        (("kind: framework", "kind: toolkit"), 1, "kind 'toolkit'"),
        (("framework: web", "framework: unknown"), 1, "must be named unknown.yaml"),
        (("as_of: 2026-04-08", "as_of: last week"), 14, "must be a date"),
        (("  features:", "  feature:"), 8, "unknown fact 'feature'"),
        (("{value: werk, source: readme}", "{value: werkzeug, source: readme}"), 10, "give its label"),
        (("checked: 2026-12-07", "checked: a: b"), 3, "not YAML"),
    ),
)
def test_a_bad_record_names_its_file_and_line_and_writes_nothing(
    tmp_path: Path, change: tuple[str, str], line: int, message: str
) -> None:
    assert change[0] in RECORD
    folder = records(tmp_path, RECORD.replace(*change, 1))
    with pytest.raises(ImportFailure) as failure:
        build_primary(folder)
    assert failure.value.where.endswith("web.yaml")
    assert failure.value.line == line
    assert message in failure.value.reason


def test_a_framework_new_to_the_graph_needs_its_label_and_language(tmp_path: Path) -> None:
    text = RECORD.replace("framework: web", "framework: fresh")
    with pytest.raises(ImportFailure, match="needs label and language"):
        build_primary(records(tmp_path, text, "fresh"))
    added = text.replace("framework: fresh\n", "framework: fresh\nlabel: Fresh\nlanguage: [py]\n")
    (tmp_path / "again").mkdir()
    found = quads(build_primary(records(tmp_path / "again", added, "fresh")))
    assert objects(found, vocab.iri_for("fresh"), vocab.ONTOLOGY + "language") == {vocab.iri_for("py")}


def test_the_committed_file_is_what_the_records_make() -> None:
    committed = (bundled_data() / "primary.trig").read_bytes()
    assert build_primary(bundled_data() / "primary") == committed, "run `stackatlas import primary`"


def test_a_fact_a_primary_source_states_has_no_unsourced_copy_in_the_curation(generated) -> None:
    both = generated.store.query(
        """PREFIX dct: <http://purl.org/dc/terms/>
        SELECT DISTINCT ?f ?p WHERE {
          VALUES ?p { dct:license <http://usefulinc.com/ns/doap#homepage> <https://schema.org/codeRepository> }
          GRAPH ?primary { ?f ?p ?a } GRAPH ?curation { ?f ?p ?b }
          FILTER(STRSTARTS(STR(?primary), STR(<https://w3id.org/stackatlas/id/source/primary/>)))
          FILTER(STRSTARTS(STR(?curation), STR(<https://w3id.org/stackatlas/id/source/stackatlas-curation>)))
        }"""
    )
    assert [(row["f"].value, row["p"].value) for row in both] == []


MAINSTREAM = (
    "django",
    "flask",
    "fastapi",
    "rails",
    "laravel",
    "express",
    "spring-boot",
    "nestjs",
    "gin",
    "aspnet-core",
)
RECORDED = {
    "description": "http://purl.org/dc/terms/description",
    "licence": "http://purl.org/dc/terms/license",
    "repository": "https://schema.org/codeRepository",
    "kind": vocab.ONTOLOGY + "kind",
    "features": vocab.ONTOLOGY + "hasFeature",
}


@pytest.mark.parametrize("slug", MAINSTREAM)
def test_the_frameworks_people_weigh_are_described_from_primary_sources(generated, slug: str) -> None:
    for field, predicate in RECORDED.items():
        rows = generated.store.query(
            f"""SELECT ?source ?url WHERE {{
              GRAPH ?source {{ <{vocab.iri_for(slug)}> <{predicate}> ?value }}
              ?source <{vocab.PREFIXES["dct"]}isPartOf> <{PRIMARY}> ; <{vocab.PREFIXES["schema"]}url> ?url .
            }}"""
        )
        assert list(rows), f"{slug} has no {field} from a primary source a reader can open"

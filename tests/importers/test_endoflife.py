"""The endoflife.date importer on small product files the tests write: each release cycle as the contract models it."""

from __future__ import annotations

from pathlib import Path

import pytest
from importers_support import parse_trig, write_table, write_tree

from service import vocab
from service.importers.run import build

GRAPH = vocab.BASE + "source/endoflife-date/products/"
HEAD = vocab.sparql_prefixes()

DJANGO = """---
title: Django
category: framework
customFields:
  - name: supportedPythonVersions
    label: Python

releases:
  - releaseCycle: "4.2"
    lts: true
    releaseDate: 2023-04-03
    eoas: 2023-12-04
    eol: 2026-04-30
    supportedPythonVersions: "3.8 - 3.12"
    latest: "4.2.24"
    latestReleaseDate: 2025-09-03

  - releaseCycle: 3.10
    releaseDate: 2019-12-02
    eoas: true
    eol: true
    eoes: false
    latest: "3.10.1"
    latestReleaseDate: 2020-01-01
---

> Prose the importer never reads.
"""

PHP_FRAMEWORK = """---
title: Laravel
releases:
  - releaseCycle: "12"
    lts: 2025-03-01
    releaseDate: 2025-02-24
    eol: false
    supportedPHPVersions: 8.2 - 8.4
    latest: "12.1.0"
    latestReleaseDate: 2025-03-04
---
"""

CROSSWALK = "product,slug,note\ndjango,django,\nlaravel,laravel,\nstrapi,,not in the graph\n"


@pytest.fixture
def lifecycles(tmp_path: Path, tables: Path):
    snapshot = write_tree(
        tmp_path / "endoflife",
        {"products/django.md": DJANGO, "products/laravel.md": PHP_FRAMEWORK, "products/strapi.md": DJANGO},
    )
    write_table(tables, "endoflife.csv", CROSSWALK)
    return parse_trig(build("endoflife", snapshot, tables))


def cycle(store, slug: str, name: str) -> dict[str, set[str]]:
    iri = f"{vocab.BASE}cycle/{slug}/{name}"
    found: dict[str, set[str]] = {}
    for row in store.query(f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}"):
        name_of = row["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        found.setdefault(name_of, set()).add(row["o"].value)
        found.setdefault("graph", set()).add(row["g"].value)
    return found


def test_a_cycle_with_dates_sits_in_its_product_files_graph(lifecycles) -> None:
    django = cycle(lifecycles, "django", "4.2")
    assert django["graph"] == {GRAPH + "django.md"}
    assert django["type"] == {vocab.ONTOLOGY + "ReleaseCycle"}
    assert django["cycleOf"] == {vocab.BASE + "django"}
    assert django["label"] == {"Django 4.2"}
    assert django["cycleName"] == {"4.2"}
    assert django["releaseDate"] == {"2023-04-03"}
    assert django["activeSupportUntil"] == {"2023-12-04"}
    assert django["securitySupportUntil"] == {"2026-04-30"}
    assert django["lts"] == {"true"}
    assert django["latestVersion"] == {"4.2.24"} and django["latestReleaseDate"] == {"2025-09-03"}
    assert django["supportedRuntimeVersions"] == {"3.8 - 3.12"}
    assert django["supportedRuntime"] == {vocab.BASE + "python"}
    assert "securitySupportEnded" not in django and "ltsFrom" not in django


def test_true_and_false_are_flags_not_dates(lifecycles) -> None:
    # An unquoted 3.10 stays "3.10": the cycle's name is the text the file writes.
    old = cycle(lifecycles, "django", "3.10")
    assert old["cycleName"] == {"3.10"}
    assert old["activeSupportEnded"] == {"true"} and old["securitySupportEnded"] == {"true"}
    assert old["extendedSupportEnded"] == {"false"}
    assert not {"activeSupportUntil", "securitySupportUntil", "extendedSupportUntil", "lts"} & old.keys()
    laravel = cycle(lifecycles, "laravel", "12")
    assert laravel["securitySupportEnded"] == {"false"}


def test_lts_from_a_date_and_any_spelling_of_supported_versions(lifecycles) -> None:
    laravel = cycle(lifecycles, "laravel", "12")
    assert laravel["lts"] == {"true"} and laravel["ltsFrom"] == {"2025-03-01"}
    assert laravel["supportedRuntimeVersions"] == {"8.2 - 8.4"}
    assert laravel["supportedRuntime"] == {vocab.BASE + "php"}


def test_a_product_mapped_to_nothing_adds_nothing(lifecycles) -> None:
    assert not lifecycles.query(f"ASK {{ GRAPH <{GRAPH}strapi.md> {{ ?s ?p ?o }} }}")
    assert not lifecycles.query(HEAD + "ASK { ?s sa:cycleOf id:strapi }", use_default_graph_as_union=True)


def test_the_product_file_and_dataset_are_pinned(lifecycles) -> None:
    # The file as it was read, where a reader can open it.
    url = "https://github.com/endoflife-date/endoflife.date/blob/a70eca337600e7d721dc48112c271f98661d208b/products/django.md"
    query = (
        HEAD
        + f"""ASK {{ <{GRAPH}django.md> a sa:SourceFile ; dct:isPartOf ?d ; schema:url <{url}> .
        ?d a sa:PublicDataset ; sa:commit "a70eca337600e7d721dc48112c271f98661d208b" ;
           dct:license <https://spdx.org/licenses/MIT> ; schema:codeRepository ?repo ; sa:caveat ?caveat }}"""
    )
    assert lifecycles.query(query, use_default_graph_as_union=True)

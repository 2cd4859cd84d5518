"""The TechEmpower importer on small configurations the tests write: set-ups, framework claims, reviewed kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importers_support import parse_trig, write_table, write_tree

from service import vocab
from service.importers.run import build

HEAD = vocab.sparql_prefixes()


def config(language: str, classification: str = "Micro", tags: list[str] | None = None) -> str:
    entry = {
        "json_url": "/json",
        "port": 8080,
        "approach": "Realistic",
        "classification": classification,
        "database": "Postgres",
        "framework": "x",
        "language": language,
        "orm": "Raw",
        "platform": "None",
        "webserver": "None",
        "os": "Linux",
        "database_os": "Linux",
        "display_name": "x",
        "versus": "",
    }
    if tags:
        entry["tags"] = tags
    return json.dumps({"framework": "x", "tests": [{"default": entry}]}, indent=2)


@pytest.fixture
def techempower(tmp_path: Path, tables: Path):
    tree = write_tree(
        tmp_path / "techempower",
        {
            "frameworks/Python/flask/benchmark_config.json": config("Python"),
            "frameworks/CSharp/aspnetcore/benchmark_config.json": config("C#", "Fullstack"),
            "frameworks/VB/aspnetcore/benchmark_config.json": config("VB", "Fullstack"),
            "frameworks/Zig/dusty/benchmark_config.json": config("Zig", "Fullstack"),
        },
    )
    write_table(
        tables,
        "techempower.csv",
        "identifier,iri,kind,note\n"
        "Python/flask,flask,,\n"
        "CSharp/aspnetcore,aspnet-core,,\n"
        "VB/aspnetcore,aspnet-core,binding,used from Visual Basic\n"
        "Zig/dusty,dusty,software,an HTTP library\n",
    )
    return parse_trig(build("techempower", tree, tables))


def ask(store, body: str) -> bool:
    return bool(store.query(HEAD + body, use_default_graph_as_union=True))


def test_a_test_entry_is_a_setup_and_backs_its_frameworks_claims(techempower) -> None:
    graph = f"<{vocab.BASE}source/techempower/frameworks/Python/flask/benchmark_config.json>"
    assert ask(
        techempower,
        f"ASK {{ GRAPH {graph} {{ ?s a sa:BenchmarkSetup ; sa:setupOf id:flask ; "
        'dct:identifier "Python/flask#default" ; sa:language id:python ; sa:database ?db . '
        "id:flask a sa:Framework ; sa:language id:python ; sa:benchmarkedWith ?db ; sa:benchmarkClassification ?c } }",
    )


def test_a_binding_folder_keeps_its_language_on_the_setups_only(techempower) -> None:
    assert ask(techempower, "ASK { ?s sa:setupOf id:aspnet-core ; sa:language id:visual-basic }")
    assert not ask(techempower, "ASK { id:aspnet-core sa:language id:visual-basic }")
    assert ask(techempower, "ASK { id:aspnet-core sa:language id:csharp }")


def test_software_reviewed_as_no_framework_keeps_the_class_on_its_test(techempower) -> None:
    assert ask(techempower, "ASK { ?s sa:setupOf id:dusty ; sa:benchmarkClassification ?c }")
    assert not ask(techempower, "ASK { id:dusty a sa:Framework }")
    assert not ask(techempower, "ASK { id:dusty sa:benchmarkClassification ?c }")
    assert ask(techempower, "ASK { id:dusty a doap:Project }")

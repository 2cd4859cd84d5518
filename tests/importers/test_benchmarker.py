"""The the-benchmarker importer on small entries the tests write: set-ups, figures, and a server's fields kept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importers_support import parse_trig, write_table, write_tree

from service import vocab
from service.importers.run import build

HEAD = vocab.sparql_prefixes()
RESULTS = {
    "updated_at": "2026-02-11 10:00:00 UTC",
    "hardware": {"cpus": 8, "cpu_name": "a CPU", "memory": 16777216, "os": {"sysname": "Linux"}},
    "frameworks": [
        {"id": 1, "language": "php", "label": "laravel", "version": "12.46", "website": "laravel.com"},
        {"id": 2, "language": "php", "label": "laravel-s-laravel", "version": 3.8, "website": None},
    ],
    "metrics": [
        {"framework_id": 1, "level": 64, "label": "total_requests_per_s", "value": 1000.5},
        {"framework_id": 2, "level": 64, "label": "total_requests_per_s", "value": 2000.25},
    ],
}


@pytest.fixture
def benchmarker(tmp_path: Path, tables: Path):
    tree = write_tree(
        tmp_path / "the-benchmarker",
        {
            "php/laravel/config.yaml": "framework:\n  website: laravel.com\n  version: 12.46\n",
            "php/laravel-s-laravel/config.yaml": (
                "framework:\n  github: hhxsv5/laravel-s\n  website: github.com/hhxsv5/laravel-s\n  version: 3.8\n"
                "  engines:\n    - swoole\n"
            ),
            "data.json": json.dumps(RESULTS),
        },
    )
    write_table(
        tables,
        "benchmarker.csv",
        "identifier,iri,kind,note\nphp/laravel,laravel,,\n"
        "php/laravel-s-laravel,laravel,served-by,LaravelS serving Laravel\n",
    )
    return parse_trig(build("benchmarker", tree, tables))


def select(store, body: str) -> list[dict[str, str]]:
    result = store.query(HEAD + f"BASE <{vocab.BASE}>\n" + body, use_default_graph_as_union=True)
    return [{v.value: row[v].value for v in result.variables if row[v] is not None} for row in result]


def test_each_entry_is_a_setup_with_its_version_and_figures(benchmarker) -> None:
    found = select(
        benchmarker,
        "SELECT DISTINCT ?version ?rps WHERE { <the-benchmarker/php/laravel> sa:setupOf id:laravel ;"
        " sa:testedVersion ?version . ?o sa:setup <the-benchmarker/php/laravel> ; sa:concurrency 64 ;"
        " sa:requestsPerSecond ?rps }",
    )
    assert found == [{"version": "12.46", "rps": "1000.5"}]


def test_a_servers_website_and_version_stay_off_the_framework_it_serves(benchmarker) -> None:
    homepages = {r["h"] for r in select(benchmarker, "SELECT ?h WHERE { id:laravel doap:homepage ?h }")}
    assert homepages == {"https://laravel.com/"}
    served = select(
        benchmarker,
        "SELECT ?version ?server WHERE { <the-benchmarker/php/laravel-s-laravel> sa:setupOf id:laravel ;"
        " sa:webServer ?server OPTIONAL { <the-benchmarker/php/laravel-s-laravel> sa:testedVersion ?version } }",
    )
    assert served == [{"server": vocab.BASE + "server/swoole"}]
    # Its figures are still the set-up's: Laravel served by LaravelS.
    assert select(benchmarker, "SELECT ?o WHERE { ?o sa:setup <the-benchmarker/php/laravel-s-laravel> }")

"""Two tiers: the service stateless in front of a real store (Oxigraph, Virtuoso) answers as it does embedded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from virtuoso_support import known_differences_removed

QUESTIONS = (
    "Python frameworks suited to APIs",
    "frameworks with a steep learning curve",
    "which frameworks are good for beginners",
    "Node frameworks",
)


API_PATHS = (
    "/api/frameworks/express",
    "/api/frameworks?language=python&use_case=apis",
    "/api/path?from=flask&to=django",
    "/api/use-cases",
    "/api/languages",
    "/api/frameworks/flask",
    "/api/frameworks?language=javascript",
)


@dataclass(frozen=True)
class Remote:
    """The service in front of one real store, and what of its answers that store cannot give back exactly."""

    base: str
    comparable: Callable[[Any], Any]


# The store's fixture (tests/conftest.py), and what of an answer is compared: all of it in front of Oxigraph;
# decimals to 14 places in front of Virtuoso (it keeps 15 digits, pinned in test_remote_virtuoso.py).
STORES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "oxigraph": ("remote_live_server", lambda answer: answer),
    "virtuoso": ("remote_virtuoso_server", known_differences_removed),
}


@pytest.fixture(params=sorted(STORES))
def remote(request: pytest.FixtureRequest) -> Remote:
    """The two-tier service in front of each real store in turn."""
    fixture, comparable = STORES[request.param]
    return Remote(request.getfixturevalue(fixture), comparable)


def test_same_dataset_version(live_server: str, remote: Remote) -> None:
    embedded = requests.get(f"{live_server}/healthz", timeout=10).json()
    assert requests.get(f"{remote.base}/healthz", timeout=10).json() == embedded


@pytest.mark.parametrize("question", QUESTIONS)
def test_questions_answer_the_same(live_server: str, remote: Remote, question: str) -> None:
    embedded = requests.get(f"{live_server}/api/ask", params={"q": question}, timeout=10).json()
    answer = requests.get(f"{remote.base}/api/ask", params={"q": question}, timeout=10).json()
    assert answer["results"]
    assert remote.comparable(answer) == remote.comparable(embedded)


@pytest.mark.parametrize("path", API_PATHS)
def test_api_answers_the_same(live_server: str, remote: Remote, path: str) -> None:
    embedded = requests.get(live_server + path, timeout=10)
    answer = requests.get(remote.base + path, timeout=10)
    assert answer.status_code == embedded.status_code == 200
    assert remote.comparable(answer.json()) == remote.comparable(embedded.json())


@pytest.mark.parametrize("accept", ("text/turtle", "application/n-triples", "application/ld+json"))
def test_linked_data_is_the_same(live_server: str, remote: Remote, accept: str) -> None:
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld"}[accept]
    graphs = []
    for base in (live_server, remote.base):
        response = requests.get(f"{base}/id/flask", headers={"Accept": accept}, timeout=10)
        assert response.status_code == 200
        graphs.append(rdflib.Graph().parse(data=response.text, format=fmt))
    assert len(graphs[0]) > 20
    assert isomorphic(graphs[0], graphs[1])


def test_linked_data_from_the_remote_store(remote_live_server: str) -> None:
    response = requests.get(f"{remote_live_server}/id/flask", headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200
    assert "id:python" in response.text or "https://w3id.org/stackatlas/id/python" in response.text


def test_unreachable_store_stops_the_server_with_a_clear_message() -> None:
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run(
        [str(Path(sys.executable).parent / "stackatlas"), "serve", "--store", "sparql+http://127.0.0.1:9/query"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot use the store sparql+http://127.0.0.1:9/query: cannot reach the endpoint" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_failing_store_is_a_bad_gateway_not_a_crash(oxigraph_endpoint: str) -> None:
    from service import create_app

    app = create_app({"TESTING": True, "STORE": f"sparql+{oxigraph_endpoint}"})
    app.extensions["stackatlas.store"].source.url = "http://127.0.0.1:9/query"  # the store goes away
    client = app.test_client()
    for url, accept in (
        ("/api/frameworks?language=python", "application/json"),
        ("/id/flask", "text/turtle"),
        ("/sparql?query=ASK%20%7B%7D", "application/sparql-results+json"),
    ):
        response = client.get(url, headers={"Accept": accept})
        assert response.status_code == 502, url
        assert response.get_json()["error"]["message"].startswith("The graph store did not answer")

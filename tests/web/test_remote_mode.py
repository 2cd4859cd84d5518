"""Two tiers: the service stateless in front of an Oxigraph server answers as it does embedded."""

from __future__ import annotations

import pytest
import requests

QUESTIONS = (
    "Python frameworks suited to APIs",
    "frameworks with a steep learning curve",
    "which frameworks are good for beginners",
    "Node frameworks",
)


def test_same_dataset_version(live_server: str, remote_live_server: str) -> None:
    embedded = requests.get(f"{live_server}/healthz", timeout=10).json()
    remote = requests.get(f"{remote_live_server}/healthz", timeout=10).json()
    assert remote == embedded


@pytest.mark.parametrize("question", QUESTIONS)
def test_questions_answer_the_same(live_server: str, remote_live_server: str, question: str) -> None:
    embedded = requests.get(f"{live_server}/api/ask", params={"q": question}, timeout=10).json()
    remote = requests.get(f"{remote_live_server}/api/ask", params={"q": question}, timeout=10).json()
    assert remote["results"]
    assert remote == embedded


@pytest.mark.parametrize(
    "path",
    ("/api/frameworks/express", "/api/frameworks?language=python&use_case=apis", "/api/path?from=flask&to=django",
     "/api/use-cases", "/api/languages"),
)  # fmt: skip
def test_api_answers_the_same(live_server: str, remote_live_server: str, path: str) -> None:
    embedded = requests.get(live_server + path, timeout=10)
    remote = requests.get(remote_live_server + path, timeout=10)
    assert remote.status_code == embedded.status_code == 200
    assert remote.json() == embedded.json()


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
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
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

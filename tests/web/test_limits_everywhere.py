"""Every route's queries go one way to the store: /api/graph and /id/ stop at the time limit and cut at the row
limit as /sparql does, and answer the same errors."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app

TURTLE = {"Accept": "text/turtle"}
NTRIPLES = {"Accept": "application/n-triples"}


@pytest.fixture(scope="module")
def hasty() -> Flask:
    # No time at all: every query a request causes is past its limit once the guard has read it.
    return create_app({"TESTING": True, "QUERY_TIMEOUT": 1e-9, "CACHE_MB": 0})


@pytest.fixture(scope="module")
def short() -> Flask:
    return create_app({"TESTING": True, "MAX_ROWS": 5, "CACHE_MB": 0})


@pytest.mark.parametrize(
    ("path", "headers"),
    (
        ("/api/graph?focus=flask", {}),
        ("/api/graph", {}),
        ("/id/flask", TURTLE),
        ("/api/frameworks?language=python", {}),
        ("/api/ask?q=Python%20frameworks", {}),
    ),
)
def test_a_query_past_its_time_limit_answers_as_on_sparql(hasty: Flask, path: str, headers: dict[str, str]) -> None:
    client: FlaskClient = hasty.test_client()
    sparql = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    response = client.get(path, headers=headers)
    assert (response.status_code, response.headers["Retry-After"]) == (sparql.status_code, "1") == (503, "1")
    assert response.get_json()["error"]["message"].startswith("Query stopped: ")
    assert sparql.get_json()["error"]["message"].startswith("Query stopped: ")


def test_a_huge_resource_document_is_cut_at_the_row_limit_and_says_so(short: Flask, client: FlaskClient) -> None:
    whole = client.get("/id/python", headers=NTRIPLES)
    assert whole.status_code == 200 and "X-StackAtlas-Truncated" not in whole.headers
    assert len(whole.get_data(as_text=True).splitlines()) > 5
    cut = short.test_client().get("/id/python", headers=NTRIPLES)
    assert cut.status_code == 200
    assert len(cut.get_data(as_text=True).splitlines()) == 5
    assert cut.headers["X-StackAtlas-Truncated"] == "true"


def test_a_list_the_knowledge_computes_is_not_cut_at_the_row_limit(short: Flask, client: FlaskClient) -> None:
    # Every framework is listed whatever MAX_ROWS: a list cut without saying so would be wrong, not shorter.
    whole = client.get("/api/frameworks").get_json()["results"]
    assert len(whole) > 5
    assert short.test_client().get("/api/frameworks").get_json()["results"] == whole


@pytest.mark.parametrize("path", ("/api/languages", "/api/aspects", "/api/use-cases"))
def test_the_vocabularies_are_knowledge_and_answer_without_a_query(
    hasty: Flask, client: FlaskClient, path: str
) -> None:
    # Their counts and tree depend only on the dataset: computed once per version, no request's query limit stops them.
    assert hasty.test_client().get(path).get_json() == client.get(path).get_json()

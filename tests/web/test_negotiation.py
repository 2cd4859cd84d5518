"""web/negotiation.py: Accept chooses among what a route offers, by quality, then by the route's own order."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

ROW = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
TRIPLE = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    (
        ("text/html;q=0.5, text/turtle", "text/turtle"),  # the client's quality first
        ("text/turtle;q=0.4, application/ld+json;q=0.9", "application/ld+json"),
        ("application/n-triples, text/turtle", "text/turtle"),  # a tie: the route's order (a page, then Turtle ...)
        ("application/*", "application/n-triples"),  # the first the route offers of that type
        ("text/html;q=0, */*", "text/turtle"),  # q=0 is a refusal, even beside a wildcard
        ("*/*", "text/html"),
        ("", "text/html"),  # no preference at all: the page
    ),
)
def test_a_resource_answers_in_the_type_the_client_prefers(client: FlaskClient, accept: str, mimetype: str) -> None:
    response = client.get("/id/flask", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "accept", "mimetype"),
    (
        (ROW, "text/csv;q=0.9, application/sparql-results+xml", "application/sparql-results+xml"),
        (ROW, "text/*", "application/sparql-results+xml"),  # text/xml comes before text/csv in the offer
        (ROW, "application/*", "application/sparql-results+json"),
        (ROW, "application/json", "application/sparql-results+json"),
        (TRIPLE, "application/json", "application/ld+json"),  # a graph's offer is not a table's
        (TRIPLE, "text/plain", "application/n-triples"),
    ),
)
def test_sparql_offers_one_list_for_tables_and_another_for_graphs(
    client: FlaskClient, query: str, accept: str, mimetype: str
) -> None:
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == mimetype


@pytest.mark.parametrize(
    ("url", "offered"),
    (
        ("/id/flask", "text/html, text/turtle, application/n-triples, application/ld+json, application/rdf+xml"),
        (f"/sparql?query={ROW}", "application/sparql-results+json, application/json, application/sparql-results+xml"),
    ),
)
def test_nothing_acceptable_is_406_naming_what_is_offered(client: FlaskClient, url: str, offered: str) -> None:
    response = client.get(url, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert offered in response.get_json()["error"]["message"]

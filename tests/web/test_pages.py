"""Linked data: every IRI of the graph dereferences to HTML for people and RDF for programs."""

from __future__ import annotations

import pytest
import rdflib
from flask.testing import FlaskClient

FLASK = rdflib.URIRef("https://w3id.org/stackatlas/id/flask")
SA = rdflib.Namespace("https://w3id.org/stackatlas/ontology#")


def test_resource_page_for_browsers(client: FlaskClient) -> None:
    response = client.get("/id/flask", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Flask</h1>" in page
    assert 'href="/id/python"' in page
    assert "Article, section 6: Flask" in page


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    (
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ),
)
def test_resource_as_rdf(client: FlaskClient, accept: str, rdflib_format: str) -> None:
    response = client.get("/id/flask", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)
    assert (FLASK, SA.language, rdflib.URIRef("https://w3id.org/stackatlas/id/python")) in graph
    assert (rdflib.URIRef("https://w3id.org/stackatlas/id/recommendation/faq-beginners"), SA.recommends, FLASK) in graph


@pytest.mark.parametrize(
    "slug",
    (
        "python",
        "apis",
        "learning-curve",
        "beginners",
        "django/con/learning-curve",
        "source/top-backend-frameworks-2025/faq",
        "recommendation/faq-most-secure",
    ),
)
def test_every_kind_of_resource_dereferences(client: FlaskClient, slug: str) -> None:
    assert client.get(f"/id/{slug}").status_code == 200
    assert client.get(f"/id/{slug}", headers={"Accept": "text/turtle"}).status_code == 200


def test_unknown_resource_is_404(client: FlaskClient) -> None:
    response = client.get("/id/nothing-here", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404


def test_unsupported_accept_is_406(client: FlaskClient) -> None:
    response = client.get("/id/flask", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_start_page_lists_frameworks(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/id/spring-boot"' in page
    assert "Spring Boot" in page


@pytest.mark.parametrize("slug", ("%C2%84", "flask%3E%20%3Fp%20%3Fo", "a%20b", "-x"))
def test_malformed_identifiers_are_404_not_errors(client: FlaskClient, slug: str) -> None:
    for url in (f"/id/{slug}", f"/api/frameworks/{slug}"):
        response = client.get(url, headers={"Accept": "text/turtle"})
        assert response.status_code == 404
        assert response.get_json()["error"]["status"] == 404

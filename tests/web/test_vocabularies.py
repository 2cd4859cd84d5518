"""web/vocabularies.py: /api/languages with counts, /api/use-cases as a tree, /api/aspects and the other lists."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


def test_languages_with_counts(client: FlaskClient, select) -> None:
    results = {r["id"]: r for r in client.get("/api/languages").get_json()["results"]}
    for language in ("python", "go"):
        every = select(f"SELECT DISTINCT ?f WHERE {{ ?f a sa:Framework ; sa:language id:{language} }}")
        assert results[language]["frameworks"] == len(every) > 40
    assert "JS" in results["javascript"]["synonyms"]


def test_use_cases_as_tree(client: FlaskClient) -> None:
    tree = {node["id"]: node for node in client.get("/api/use-cases").get_json()["results"]}
    assert {child["id"] for child in tree["apis"]["narrower"]} == {
        "web-apis",
        "api-based-applications",
        "building-apis",
    }
    cms = next(child for child in tree["content-management"]["narrower"] if child["id"] == "cms")
    assert [child["id"] for child in cms["narrower"]] == ["custom-cms"]


def test_aspects(client: FlaskClient) -> None:
    results = {r["id"] for r in client.get("/api/aspects").get_json()["results"]}
    assert {"learning-curve", "performance", "scalability", "security"} <= results


@pytest.mark.parametrize(
    ("route", "facet"),
    (
        ("languages", "language"),
        ("classifications", "classification"),
        ("databases", "database"),
        ("platforms", "platform"),
        ("audiences", "audience"),
    ),
)
def test_each_term_counts_the_frameworks_its_filter_lists(client: FlaskClient, route: str, facet: str) -> None:
    terms = client.get(f"/api/{route}").get_json()["results"]
    assert terms
    for term in terms:
        assert term["iri"] == "https://w3id.org/stackatlas/id/" + term["id"]
        assert term["label"] and term["label"] not in term["synonyms"]
        listed = client.get(f"/api/frameworks?{facet}={term['id']}").get_json()["results"]
        assert term["frameworks"] == len(listed), term["id"]


def test_an_aspect_counts_the_frameworks_its_pro_and_con_filters_list_together(client: FlaskClient) -> None:
    terms = client.get("/api/aspects").get_json()["results"]
    assert terms
    for term in terms:
        listed = {
            framework["id"]
            for facet in ("pro", "con")
            for framework in client.get(f"/api/frameworks?{facet}={term['id']}").get_json()["results"]
        }
        assert term["frameworks"] == len(listed), term["id"]


def test_a_synonym_the_list_gives_is_one_the_filters_take(client: FlaskClient) -> None:
    javascript = next(term for term in client.get("/api/languages").get_json()["results"] if term["id"] == "javascript")
    by_id = client.get("/api/frameworks?language=javascript").get_json()["results"]
    for synonym in javascript["synonyms"]:
        by_synonym = client.get("/api/frameworks", query_string={"language": synonym}).get_json()["results"]
        assert by_synonym == by_id, synonym

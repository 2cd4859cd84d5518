"""web/vocabularies.py: /api/languages with counts, /api/use-cases as a tree, /api/aspects and the other lists."""

from __future__ import annotations

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

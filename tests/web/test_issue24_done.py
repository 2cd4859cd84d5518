"""Issue 24's Done-when questions on the bundled graph, through the app: each answers correctly with its sources.

The expected figures were read off the pinned snapshots in ../shared/sources (endoflife.date a70eca3,
products/django.md: 4.2 released 2023-04-03, eol 2026-04-07; the survey table 808ca27, so-results.csv, 2025:
FastAPI 15.2 %, Flask 14.8 %, Django 13.0 % of respondents worked with it).
"""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

SURVEY_FILE = "metrics/stackoverflow_developer_survey/so-results.csv"


def ask(client: FlaskClient, question: str, **more: str) -> Any:
    response = client.get("/api/ask", query_string={"q": question, **more})
    assert response.status_code == 200
    return response.get_json()


def test_popular_python_frameworks(client: FlaskClient) -> None:
    body = ask(client, "popular Python frameworks")
    assert [r["id"] for r in body["results"]] == ["fastapi", "flask", "django"]
    assert body["ranking"]["year"] == 2025 and body["ranking"]["measure"] == "worked_with"
    assert [round(r["popularity"]["share"], 3) for r in body["results"]] == [0.152, 0.148, 0.130]
    assert body["ranking"]["caveats"]  # shown wherever a figure is
    for result in body["results"]:
        survey = result["why"][-1]
        assert "Stack Overflow Developer Survey 2025" in survey["text"]
        assert survey["caveats"]
        assert survey["source"]["file"] == SURVEY_FILE and len(survey["source"]["commit"]) == 40


def test_is_django_42_still_supported(client: FlaskClient) -> None:
    body = ask(client, "is Django 4.2 still supported?", as_of="2026-12-07")
    assert body["as_of"] == "2026-12-07"
    told = body["lifecycle"]
    assert told["answer"] == "no"
    cycle = told["cycles"][0]
    assert (cycle["release_date"], cycle["security_support_until"], cycle["lts"]) == ("2023-04-03", "2026-04-07", True)
    assert cycle["source"]["file"] == "products/django.md"
    assert cycle["source"]["commit"].startswith("a70eca3")
    why = body["results"][0]["why"][0]
    assert why["triple"][0] == "id:cycle/django/4.2" and why["source"]["url"].endswith("/products/django.md")
    before = ask(client, "is Django 4.2 still supported?", as_of="2026-04-06")
    assert before["lifecycle"]["answer"] == "yes"


def test_typescript_frameworks_with_dependency_injection_and_openapi(client: FlaskClient) -> None:
    body = ask(client, "TypeScript frameworks with dependency injection and OpenAPI")
    found = {r["id"]: r for r in body["results"]}
    assert "nestjs" in found
    for result in found.values():  # both features, each cited
        cited = {why["triple"][2]: why["source"] for why in result["why"]}
        assert cited.get("id:feature-dependency-injection") and cited.get("id:feature-openapi"), result["id"]
    adonis = client.get("/api/frameworks/adonisjs").get_json()
    features = {f["id"] for f in adonis["features"]}
    both = {"feature-dependency-injection", "feature-openapi"} <= features
    assert ("adonisjs" in found) == both  # AdonisJS only if it has both
    nestjs = {why["triple"][2]: why["source"] for why in found["nestjs"]["why"]}
    assert nestjs["id:feature-openapi"]["id"].startswith("source/primary/nestjs/")

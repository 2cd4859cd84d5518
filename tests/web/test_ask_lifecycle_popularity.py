"""/api/ask over HTTP on the fixture graph (tests/data/issue24): popularity, lifecycle, licence, features with AND
and "actively maintained" questions, each answer citing its cycle or survey year, and the date it used."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from issue24_support import FIXTURE

TODAY = "2026-12-07"


@pytest.fixture(scope="module")
def base(start_service: Callable[..., str]) -> Iterator[str]:
    yield start_service([], {"DATA": str(FIXTURE)})


def ask(base: str, question: str, as_of: str | None = TODAY) -> Any:
    params = {"q": question, **({"as_of": as_of} if as_of else {})}
    response = requests.get(base + "/api/ask", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def ids(body: dict[str, Any]) -> list[str]:
    return [result["id"] for result in body["results"]]


def test_popular_python_frameworks_are_ranked_by_the_latest_survey_with_its_caveats(base: str) -> None:
    body = ask(base, "popular Python frameworks")
    assert ids(body) == ["fastapi", "flask", "django"]  # Bottle is not in the survey: not ranked, not listed
    assert body["ranking"]["year"] == 2025
    assert body["ranking"]["unranked"] == 1
    assert body["ranking"]["caveats"]
    reason = body["results"][0]["why"][-1]
    assert "2025" in reason["text"] and reason["caveats"]
    assert reason["source"]["commit"] == "89abcdef0123456789abcdef0123456789abcdef"
    assert any("Stack Overflow survey" in note for note in body["interpretation"]["notes"])


@pytest.mark.parametrize(
    ("question", "expected"),
    (
        ("most popular backend framework", ["fastapi", "aspnet-core", "flask", "django"]),
        ("most admired Python frameworks", ["fastapi", "django", "flask"]),
        ("most popular frameworks in 2024", ["flask", "django", "fastapi"]),
        ("MIT-licensed Go frameworks", ["gin"]),
        ("MIT or BSD-3-Clause licensed Python frameworks", ["django", "fastapi", "flask"]),
        ("actively maintained Python frameworks", ["django", "flask"]),
        ("frameworks with LTS releases", ["django"]),
        ("TypeScript frameworks with dependency injection and OpenAPI", ["nestjs"]),
        ("TypeScript frameworks with dependency injection or OpenAPI", ["nestjs", "adonisjs"]),
    ),
)
def test_questions(base: str, question: str, expected: list[str]) -> None:
    body = ask(base, question)
    assert ids(body) == expected
    assert body["interpretation"]["ignored"] == []


def test_features_joined_by_and_are_all_required_and_each_cited(base: str) -> None:
    body = ask(base, "TypeScript frameworks with dependency injection and OpenAPI")
    constraints = body["interpretation"]["constraints"]
    assert [c.get("any_of") for c in constraints] == [None, None, None]
    nestjs = body["results"][0]
    cited = {why["triple"][2] for why in nestjs["why"]}
    assert {"id:feature-dependency-injection", "id:feature-openapi"} <= cited
    assert all(why["source"]["id"] == "source/primary/nestjs/docs-di" for why in nestjs["why"][1:])


def test_is_django_42_still_supported(base: str) -> None:
    body = ask(base, "is Django 4.2 still supported?")
    assert body["kind"] == "lifecycle"
    assert body["as_of"] == TODAY
    assert body["lifecycle"]["answer"] == "no"
    assert body["lifecycle"]["cycles"][0]["security_support_until"] == "2026-04-30"
    why = body["results"][0]["why"][0]
    assert why["triple"] == ["id:cycle/django/4.2", "sa:securitySupportUntil", "2026-04-30"]
    assert why["source"]["url"].endswith("/products/django.md")
    assert ask(base, "is Django 4.2 still supported?", as_of="2026-04-01")["lifecycle"]["answer"] == "yes"


def test_without_a_date_the_answer_says_today(base: str) -> None:
    body = ask(base, "which Django versions are supported", as_of=None)
    assert len(body["as_of"]) == 10 and body["lifecycle"]["as_of"] == body["as_of"]


def test_a_bad_date_is_400(base: str) -> None:
    response = requests.get(base + "/api/ask", params={"q": "django", "as_of": "yesterday"}, timeout=30)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "as_of"


def test_a_comparison_puts_support_and_popularity_side_by_side(base: str) -> None:
    body = ask(base, "Django vs Flask")
    assert body["kind"] == "comparison"
    support = {row["id"]: row for row in body["comparison"]["lifecycle"]["frameworks"]}
    assert body["comparison"]["lifecycle"]["as_of"] == TODAY
    assert support["django"]["supported"] == ["6.0", "5.2"] and support["flask"]["supported"] == []
    assert support["django"]["latest"] == {"version": "6.0", "date": "2026-12-03", "cycle": "6.0"}
    shares = {row["id"]: row["latest"]["worked_with"] for row in body["comparison"]["popularity"]["frameworks"]}
    assert shares == {"django": 0.119, "flask": 0.133}
    assert body["comparison"]["popularity"]["caveats"]

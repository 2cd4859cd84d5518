"""/api/frameworks and /api/frameworks/<slug> on release cycles, maintenance and the survey, over HTTP, on the
fixture graph (tests/data/issue24): the filters supported, lts, maintained, licence (any of), feature (all of),
as_of, sort=popularity|admired, and the record's release_cycles, maintained and popularity."""

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


def get(base: str, path: str, status: int = 200) -> Any:
    response = requests.get(base + path, timeout=30)
    assert response.status_code == status, response.text
    return response.json()


def ids(body: dict[str, Any]) -> list[str]:
    return [result["id"] for result in body["results"]]


def test_record_lists_cycles_supported_as_of_the_date_asked(base: str) -> None:
    before = get(base, "/api/frameworks/django?as_of=2026-04-01")
    after = get(base, f"/api/frameworks/django?as_of={TODAY}")
    assert (before["as_of"], after["as_of"]) == ("2026-04-01", TODAY)
    assert before["release_cycles"]["supported"] == ["5.2", "4.2"]  # 6.0 not out yet, 4.2 until 2026-04-30
    assert after["release_cycles"]["supported"] == ["6.0", "5.2"]
    django_42 = next(c for c in after["release_cycles"]["cycles"] if c["cycle"] == "4.2")
    expected = {
        "release_date": "2023-04-03",
        "security_support_until": "2026-04-30",
        "lts": True,
        "latest_version": "4.2.24",
        "supported": False,
    }
    assert {key: django_42[key] for key in expected} == expected
    assert django_42["source"]["file"] == "products/django.md"
    assert django_42["source"]["commit"] == "0123456789abcdef0123456789abcdef01234567"


def test_record_without_a_date_is_judged_today_and_says_so(base: str) -> None:
    body = get(base, "/api/frameworks/django")
    assert body["as_of"] == body["release_cycles"]["as_of"] == body["maintained"]["as_of"]
    assert len(body["as_of"]) == 10


def test_aspnet_core_shows_the_dotnet_cycles_as_the_runtimes(base: str) -> None:
    body = get(base, f"/api/frameworks/aspnet-core?as_of={TODAY}")
    assert body["release_cycles"]["cycles"] == []
    runtime = body["release_cycles"]["runtime"][0]
    assert runtime["runtime"]["id"] == "dotnet"
    assert [c["label"] for c in runtime["cycles"]] == [".NET 10", ".NET 9"]
    assert "The table's ASP.NET row also counts ASP.NET Core." in body["popularity"]["caveats"]


def test_record_popularity_and_maintained_with_sources(base: str) -> None:
    body = get(base, f"/api/frameworks/flask?as_of={TODAY}")
    assert body["maintained"]["status"] == "yes"
    assert {e["kind"] for e in body["maintained"]["evidence"]} == {"tag", "commits"}
    assert body["popularity"]["latest"]["worked_with"] == 0.133
    assert body["popularity"]["latest_year"] == 2025
    assert body["popularity"]["source"]["commit"] == "89abcdef0123456789abcdef0123456789abcdef"
    assert body["popularity"]["caveats"]
    assert get(base, f"/api/frameworks/echo?as_of={TODAY}")["maintained"]["status"] == "unknown"


def test_record_description_and_kind_keep_their_sources(base: str) -> None:
    body = get(base, "/api/frameworks/nestjs")
    assert [f["id"] for f in body["features"]] == ["feature-dependency-injection", "feature-openapi"]
    assert body["features"][0]["sources"][0]["id"] == "source/primary/nestjs/docs-di"
    assert [(k["id"], k["label"]) for k in body["kind"]] == [("kind/framework", "Framework")]
    assert body["kind"][0]["sources"][0]["id"] == "source/primary/nestjs/docs-di"
    assert body["description"] == "A test description of NestJS, from its providers page."
    assert [(d["property"], d["source"]["id"]) for d in body["descriptions"]] == [
        ("dct:description", "source/primary/nestjs/docs-di")
    ]
    assert get(base, "/api/frameworks/gin")["kind"] == []  # none given: an empty list, not left out


@pytest.mark.parametrize(
    ("query", "expected"),
    (
        (f"supported=true&as_of={TODAY}", ["django"]),
        ("supported=true&as_of=2000-01-01", []),
        (f"supported=false&as_of={TODAY}", []),  # without cycles the graph cannot say either way
        (f"lts=true&as_of={TODAY}", ["django"]),
        (f"maintained=true&as_of={TODAY}", ["django", "flask"]),
        (f"maintained=false&as_of={TODAY}", ["gin"]),  # echo has no evidence: unknown, in neither list
        ("licence=MIT", ["fastapi", "gin"]),
        ("licence=MIT&licence=BSD-3-Clause", ["django", "fastapi", "flask", "gin"]),  # any of
        ("licence=mit&language=go", ["gin"]),
        ("feature=openapi", ["nestjs"]),
        ("feature=dependency-injection", ["adonisjs", "nestjs"]),
        ("feature=dependency-injection&feature=openapi", ["nestjs"]),  # all of
    ),
)
def test_list_filters(base: str, query: str, expected: list[str]) -> None:
    assert sorted(ids(get(base, "/api/frameworks?" + query))) == expected


def test_status_filters_say_the_date_and_cite_the_cycle(base: str) -> None:
    body = get(base, f"/api/frameworks?supported=true&as_of={TODAY}")
    assert body["as_of"] == TODAY
    assert body["conditions"] == [
        {"name": "supported", "value": True, "means": f"with a release cycle supported as of {TODAY}"}
    ]
    texts = [why["text"] for why in body["results"][0]["why"]]
    assert any(text.startswith("Django 5.2 is supported on 2026-12-07") for text in texts)
    assert all(why["source"] for why in body["results"][0]["why"] if "cycle" in why["triple"][0])


@pytest.mark.parametrize(
    ("query", "ranked"),
    (
        ("language=python&sort=popularity", ["fastapi", "flask", "django"]),
        ("language=python&sort=popularity&year=2024", ["flask", "django", "fastapi"]),
        ("language=python&sort=admired", ["fastapi", "django", "flask"]),
    ),
)
def test_sort_by_the_survey(base: str, query: str, ranked: list[str]) -> None:
    body = get(base, "/api/frameworks?" + query)
    assert ids(body) == [*ranked, "bottle"]  # without a share: after the ranked ones
    assert body["ranking"]["ranked"] == 3
    assert body["ranking"]["caveats"]
    assert body["ranking"]["source"]["file"] == "metrics/stackoverflow_developer_survey/so-results.csv"
    assert body["results"][0]["popularity"]["rank"] == 1
    assert "Stack Overflow Developer Survey" in body["results"][0]["why"][-1]["text"]
    assert body["results"][0]["why"][-1]["caveats"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    (
        ("supported=yes", "supported"),
        ("as_of=2026-02-30", "as_of"),
        ("as_of=07-12-2026", "as_of"),
        ("sort=popularity&year=2019", "year"),
        ("licence=WTFPL", "licence"),
        ("sort=loved", "sort"),
    ),
)
def test_bad_parameters_are_400_naming_the_parameter(base: str, query: str, parameter: str) -> None:
    body = get(base, "/api/frameworks?" + query, status=400)
    assert body["error"]["parameter"] == parameter


def test_the_new_parameters_are_in_the_openapi_document(base: str) -> None:
    document = get(base, "/api/openapi.json")
    listed = {p["name"]: p for p in document["paths"]["/api/frameworks"]["get"]["parameters"]}
    for name in ("supported", "lts", "maintained", "licence", "feature", "as_of", "year", "sort"):
        assert name in listed, name
    assert "popularity" in listed["sort"]["schema"]["enum"]
    assert listed["as_of"]["schema"]["format"] == "date"
    one = {p["name"] for p in document["paths"]["/api/frameworks/{slug}"]["get"]["parameters"]}
    assert "as_of" in one
    assert "ReleaseCycles" in document["components"]["schemas"]


def test_lts_false_keeps_frameworks_with_cycles_only(base: str) -> None:
    assert ids(get(base, f"/api/frameworks?lts=false&as_of={TODAY}")) == []  # Django's are LTS; the rest have none


def test_year_without_a_survey_sort_is_still_checked(base: str) -> None:
    assert get(base, "/api/frameworks?year=1999", status=400)["error"]["parameter"] == "year"

"""web/questions.py: /api/ask, English questions read against the graph's own labels and synonyms, and /api/path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from issue24_support import FIXTURE

# question, expected frameworks. Several use only synonyms from the data (JS, REST APIs,
# web services, online shops, RoR, SPAs, golang...). "according to the article" keeps the claims
# behind an answer to the article's sections.
ARTICLE = " according to the article"
NODE_FRAMEWORKS = {"adonisjs", "express", "fastify", "hapi", "hono", "koa", "nestjs", "sails"}
PHRASINGS = (
    ("Python frameworks suited to APIs" + ARTICLE, {"fastapi", "flask"}),
    ("JavaScript frameworks for real-time apps" + ARTICLE, {"express", "nodejs"}),
    ("which frameworks are good for beginners", {"django", "flask"}),
    ("Java frameworks for building APIs" + ARTICLE, {"spring-boot"}),
    ("secure frameworks", {"aspnet-core", "django", "laravel"}),
    ("frameworks with a steep learning curve" + ARTICLE, {"aspnet-core", "django", "laravel", "spring-boot"}),
    ("JS frameworks for REST APIs" + ARTICLE, {"express"}),
    ("C# frameworks for web services", {"aspnet-core", "fastendpoints", "genhttp"}),
    ("frameworks for online shops", {"django", "rails"}),
    ("what can I use for chat apps" + ARTICLE, {"nodejs", "phoenix"}),
    ("Node frameworks" + ARTICLE, {"express"}),  # NestJS on Node.js is the curation's fact
    ("fast Python frameworks" + ARTICLE, {"fastapi"}),
    ("frameworks for large projects", {"django", "laravel", "nestjs", "spring-boot"}),
    ("Elixir frameworks for live updates", {"phoenix"}),
    ("Ruby frameworks for MVPs", {"rails"}),
    ("PHP frameworks for a CMS", {"laravel"}),
    ("frameworks with poor performance", {"laravel", "nodejs", "rails"}),
    ("frameworks for SPAs", {"act", "express", "flask", "genhttp", "happyx", "oxpecker"}),
    ("well documented Python frameworks" + ARTICLE, {"fastapi", "flask"}),
    ("easy to learn frameworks" + ARTICLE, {"laravel"}),
    ("microframework for prototypes" + ARTICLE, {"flask"}),
    # The whole graph: the article and the project's curation.
    # The article's, the curation's, and those whose own documentation says they are for APIs (issue 24).
    (
        "Python frameworks suited to APIs",
        {
            "aiohttp",
            "connexion",
            "eve",
            "falcon",
            "fastapi",
            "flask",
            "hug",
            "litestar",
            "panther",
            "quart",
            "sanic",
            "starlette",
        },
    ),
    ("microframework for prototypes", {"bottle", "flask", "gin", "sinatra", "slim-php"}),
    (
        "async Python frameworks",
        {
            "aiohttp",
            "blacksheep",
            "connexion",
            "django",
            "falcon",
            "fastapi",
            "heaven",
            "hug",
            "litestar",
            "mrhttp",
            "panther",
            "quart",
            "robyn",
            "sanic",
            "starlette",
            "tornado",
        },
    ),
)
# The whole graph with the imported datasets: what must be there and what must not (the set grows with the data).
WHOLE_GRAPH = (
    ("Node frameworks", NODE_FRAMEWORKS | {"eggjs", "foalts", "loopback"}, {"django", "deno", "nodejs"}),
    ("frameworks built on Node.js", NODE_FRAMEWORKS | {"marblejs", "keystonejs"}, {"django", "nodejs"}),
    ("golang frameworks", {"chi", "echo", "fiber", "gin", "martini", "atreugo"}, {"flask", "actix-web"}),
    ("rustlang web frameworks", {"actix-web", "axum", "rocket", "ntex", "trillium"}, {"gin", "drogon"}),
    ("c plus plus frameworks", {"drogon", "cutelyst", "treefrog", "pistache"}, {"axum", "gin"}),
    ("frameworks built on Starlette", {"fastapi", "fasthtml"}, {"starlette", "flask", "litestar"}),
    (
        "frameworks on the JVM",
        {
            "dropwizard",
            "grails",
            "javalin",
            "ktor",
            "micronaut",
            "play-framework",
            "quarkus",
            "spring-boot",
            "lift",
            "scalatra",
            "jmix",
        },
        {"django", "express", "aspnet-core"},
    ),  # the runtime, not the Java language: Kotlin, Groovy, Scala too
)


@pytest.mark.parametrize(("question", "expected"), PHRASINGS)
def test_phrasing(client: FlaskClient, question: str, expected: set[str]) -> None:
    body = client.get("/api/ask", query_string={"q": question}).get_json()
    assert {result["id"] for result in body["results"]} == expected
    for result in body["results"]:
        assert result["why"], f"{result['id']} has no evidence"


@pytest.mark.parametrize(("question", "must", "must_not"), WHOLE_GRAPH)
def test_phrasing_over_the_whole_graph(client: FlaskClient, question: str, must: set[str], must_not: set[str]) -> None:
    body = client.get("/api/ask", query_string={"q": question}).get_json()
    ids = {result["id"] for result in body["results"]}
    assert must <= ids, f"missing {must - ids}"
    assert not must_not & ids
    for result in body["results"]:
        assert result["why"], f"{result['id']} has no evidence"


def test_frameworks_like_flask_follow_similarity(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "frameworks like Flask"}).get_json()
    assert [c["kind"] for c in body["interpretation"]["constraints"]] == ["similar"]
    ranked = [result["id"] for result in body["results"]]
    assert "bottle" in ranked[:3]
    assert "quart" not in ranked  # built on Flask (its pyproject requires it): an extension, not an alternative
    assert "flask" not in ranked
    scores = [result["score"] for result in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert body["results"][0]["why"][0]["triple"][:2] == ["id:flask", "sa:similarTo"]


def test_answer_shape_and_reading(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "Python frameworks suited to APIs"}).get_json()
    assert body["question"] == "Python frameworks suited to APIs"
    reading = body["interpretation"]
    assert [(c["kind"], c["id"], c["matched"]) for c in reading["constraints"]] == [
        ("language", "python", "Python"),
        ("use_case", "apis", "APIs"),
    ]
    assert reading["ignored"] == []  # every word did something or is grammar (issue 14: only words that did nothing)
    assert reading["summary"] == "frameworks for apps in Python and suited to APIs (or a narrower use case)"
    fastapi = next(result for result in body["results"] if result["id"] == "fastapi")
    texts = [why["text"] for why in fastapi["why"]]
    assert "FastAPI is suited to Building APIs" in texts
    assert "Building APIs is a kind of APIs" in texts


def test_generated_sparql_runs_as_is(client: FlaskClient, store) -> None:
    body = client.get("/api/ask", query_string={"q": "frameworks with a steep learning curve"}).get_json()
    rows = store.query(body["sparql"]).records()
    assert {row["framework"].rsplit("/", 1)[1] for row in rows} == {r["id"] for r in body["results"]}


def test_evidence_for_a_con_quotes_it_with_its_source(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "frameworks with a steep learning curve"}).get_json()
    django = next(result for result in body["results"] if result["id"] == "django")
    (why,) = django["why"]
    assert why["triple"] == ["id:django", "sa:hasCon", "id:django/con/learning-curve"]
    assert why["text"].startswith("Con of Django (Learning curve): ")
    assert why["source"]["label"] == "Article, section 2: Django"


def test_nothing_recognisable_says_so_with_suggestions(client: FlaskClient) -> None:
    # "pyhton" alone is now read as Python (tests/knowledge/ask/test_ask_reading.py); "qwerty" is nothing,
    # "sprong" near two names.
    body = client.get("/api/ask", query_string={"q": "qwerty is it nice"}).get_json()
    assert body["results"] == []
    assert body["sparql"] is None
    assert "nothing to look for" in body["message"]
    assert body["interpretation"]["ignored"] == ["qwerty"]
    assert len(body["suggestions"]["examples"]) >= 3


@pytest.mark.parametrize("query", ("", "q=", "q=%20%20"))
def test_missing_question_is_400(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/ask?{query}")
    assert response.status_code == 400
    assert "q parameter" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("question", "aspect"),
    (
        ("frameworks with a steep learning curve", "Learning curve"),
        ("frameworks with poor configuration", "Configuration"),
    ),
)
def test_a_con_on_two_aspects_is_explained_by_the_one_asked_about(
    client: FlaskClient, question: str, aspect: str
) -> None:
    # Symfony's con is about both its configuration and its learning curve.
    body = client.get("/api/ask", query_string={"q": question}).get_json()
    symfony = next(result for result in body["results"] if result["id"] == "symfony")
    assert [why["text"].split(":")[0] for why in symfony["why"]] == [f"Con of Symfony ({aspect})"]


def test_frameworks_alone_lists_every_framework(client: FlaskClient, select) -> None:
    every = {row["f"].rsplit("/", 1)[1] for row in select("SELECT ?f WHERE { ?f a sa:Framework }")}
    for question in ("frameworks", "all frameworks", "list frameworks"):
        body = client.get("/api/ask", query_string={"q": question}).get_json()
        assert body["kind"] == "all"
        assert body["interpretation"]["summary"] == "every framework"
        assert {result["id"] for result in body["results"]} == every
        assert len(every) > 500  # the curated frameworks and those of the imported datasets


def test_a_typo_is_read_and_said_over_http(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "pyhton frameworks for apis"}).get_json()
    reading = body["interpretation"]
    assert "read 'pyhton' as Python" in reading["notes"]
    assert reading["ignored"] == []
    assert "fastapi" in {result["id"] for result in body["results"]}
    assert "express" not in {result["id"] for result in body["results"]}


def test_exclusion_over_http(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "python frameworks not for apis"}).get_json()
    (_, negated) = body["interpretation"]["constraints"]
    assert negated["negated"] is True and negated["means"].startswith("not suited to APIs")
    assert "FILTER NOT EXISTS" in body["sparql"]
    assert {"fastapi", "flask"}.isdisjoint(result["id"] for result in body["results"])


def test_a_framework_alone_answers_with_its_record(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "what is FastAPI"}).get_json()
    assert body["kind"] == "record"
    record = client.get("/api/frameworks/fastapi").get_json()
    # /api/frameworks adds the benchmark set-ups, figures and conflicts; what ask says is the same as it
    assert body["record"] == {key: record[key] for key in body["record"]}
    assert body["links"]["api"] == "/api/frameworks/fastapi"
    assert [result["id"] for result in body["results"]] == ["fastapi"]
    cons = client.get("/api/ask", query_string={"q": "flask cons"}).get_json()
    assert cons["part"] == {"cons": client.get("/api/frameworks/flask").get_json()["cons"]}


def test_a_comparison_answers_with_a_link_to_compare(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "Flask vs Django"}).get_json()
    assert body["kind"] == "comparison"
    assert body["links"]["compare"] == "/compare?ids=flask,django"
    assert client.get(body["links"]["compare"]).status_code == 200
    (score,) = body["comparison"]["scores"]
    assert 0 < score["score"] < 1
    assert [result["id"] for result in body["results"]] == ["flask", "django"]


def test_a_superlative_over_http_ranks_with_the_run_and_caveat(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "fastest Go frameworks"}).get_json()
    assert body["interpretation"]["rank_by"]["metric"] == "requests_per_second"
    assert "fastest first by requests per second at" in body["interpretation"]["summary"]
    ranking = body["ranking"]
    assert "minimal routing" in ranking["caveat"] and ranking["run"]["date"] and ranking["run"]["hardware"]
    values = [result["figure"]["value"] for result in body["results"]]
    assert len(values) >= 3 and values == sorted(values, reverse=True)
    assert all(result["figure"]["run"]["caveat"] == ranking["caveat"] for result in body["results"])


# /api/path: the shortest paths between two resources of the graph.


def test_path_flask_python_django(client: FlaskClient) -> None:
    body = client.get("/api/path?from=flask&to=django&k=3").get_json()
    first = body["paths"][0]
    assert [step.get("id") for step in first[::2]] == ["flask", "python", "django"]
    assert [(step["predicate"], step["direction"]) for step in first[1::2]] == [
        ("sa:language", "forward"),
        ("sa:language", "backward"),
    ]
    assert len(body["paths"]) == 3


@pytest.mark.parametrize(
    ("query", "status"),
    (
        ("from=flask", 400),
        ("from=flask&to=nowhere", 404),
        ("from=flask&to=django&k=0", 400),
        ("from=flask&to=django&k=x", 400),
    ),
)
def test_path_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/api/path?{query}")
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


# A ranking by a measured figure compares like with like (issue 24): the reason names the runtime of each figure.


def express(body: dict) -> dict:
    return next(result for result in body["results"] if result["id"] == "express")


def test_fastest_says_the_runtime_of_each_figure(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "fastest JavaScript frameworks"}).get_json()
    reason = express(body)["why"][-1]["text"]
    assert "5,698 requests per second at 512 connections (express) on Node.js" in reason
    assert body["ranking"]["compared"]["runtime"] == "own"


# /api/ask over HTTP on the fixture graph (tests/data/issue24): popularity, lifecycle, licence, features with AND
# and "actively maintained" questions, each answer citing its cycle or survey year, and the date it used.


TODAY = "2026-12-07"


@pytest.fixture(scope="module")
def base(start_service: Callable[..., str]) -> Iterator[str]:
    yield start_service([], {"DATA": str(FIXTURE)})


def ask(base: str, question: str, as_of: str | None = TODAY) -> Any:
    params = {"q": question, **({"as_of": as_of} if as_of else {})}
    response = requests.get(base + "/api/ask", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def body_ids(body: dict[str, Any]) -> list[str]:
    return [result["id"] for result in body["results"]]


def test_popular_python_frameworks_are_ranked_by_the_latest_survey_with_its_caveats(base: str) -> None:
    body = ask(base, "popular Python frameworks")
    assert body_ids(body) == ["fastapi", "flask", "django"]  # Bottle is not in the survey: not ranked, not listed
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
    assert body_ids(body) == expected
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

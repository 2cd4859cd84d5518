"""web/frameworks.py: /api/frameworks (filters, rankings), /api/frameworks/<slug> (the record), /similar, /clusters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from issue24_support import FIXTURE


def ids(response) -> list[str]:
    return [result["id"] for result in response.get_json()["results"]]


ARTICLE = "&source=article"
PYTHON_APIS = ["aiohttp", "connexion", "eve", "falcon", "fastapi", "flask", "hug", "litestar", "panther", "quart"]
PYTHON_APIS += ["sanic", "starlette"]
# What the article and the curation say (the others' use cases come from their own documentation).
CURATED_PYTHON_APIS = ["aiohttp", "fastapi", "flask", "litestar", "quart", "sanic", "starlette"]


@pytest.mark.parametrize(
    ("query", "expected"),
    (
        # What the article says (source=article: every claim behind an answer from one of its sections).
        ("language=python" + ARTICLE, ["django", "fastapi", "flask"]),
        ("language=Python&use_case=apis" + ARTICLE, ["fastapi", "flask"]),
        ("language=JS&use_case=real-time" + ARTICLE, ["express", "nodejs"]),
        ("use_case=APIs" + ARTICLE, ["aspnet-core", "express", "fastapi", "flask", "spring-boot"]),
        ("use_case=web%20services" + ARTICLE, ["aspnet-core", "express", "fastapi", "flask", "spring-boot"]),
        ("use_case=content%20management", ["django", "keystonejs", "laravel"]),
        ("con=learning-curve" + ARTICLE, ["aspnet-core", "django", "laravel", "spring-boot"]),
        ("pro=security" + ARTICLE, ["aspnet-core", "django", "laravel"]),
        ("pro=documentation" + ARTICLE, ["fastapi", "flask"]),
        ("audience=beginners", ["django", "flask"]),
        ("audience=beginners&audience=large-scale-projects", ["django"]),
        ("language=python&con=learning-curve", ["django"]),
        # The whole graph: the article and the project's curation.
        ("language=Python&use_case=apis", PYTHON_APIS),
        (
            "language=go&source=curation",
            [
                "buffalo",
                "chi",
                "echo",
                "encore",
                "fiber",
                "gin",
                "go-micro",
                "goa",
                "huma",
                "iris",
                "kratos",
                "martini",
                "revel",
                "ronykit",
            ],
        ),
        (
            "con=learning-curve",
            [
                "actix-web",
                "aspnet-core",
                "axum",
                "django",
                "drogon",
                "fastify",
                "ktor",
                "laravel",
                "spring-boot",
                "symfony",
            ],
        ),
        (
            "source=curation&language=rust",
            ["actix-web", "axum", "leptos", "loco", "pavex", "rocket", "rouille", "thruster"],
        ),
        (
            "source=curation&language=python&use_case=apis" + ARTICLE,
            CURATED_PYTHON_APIS,
        ),  # either source may back a claim
    ),
)
def test_filters(client: FlaskClient, query: str, expected: list[str]) -> None:
    response = client.get(f"/api/frameworks?{query}")
    assert response.status_code == 200
    assert sorted(ids(response)) == expected


def test_a_filter_over_the_whole_graph_counts_every_source(client: FlaskClient, select) -> None:
    body = client.get("/api/frameworks?language=go").get_json()
    found = {result["id"]: result for result in body["results"]}
    every = select("SELECT DISTINCT ?f WHERE { ?f a sa:Framework ; sa:language id:go }")
    assert set(found) == {row["f"].rsplit("/", 1)[1] for row in every}
    assert len(found) > 40
    # A framework only the-benchmarker names says so, down to its file.
    assert [why["source"]["id"] for why in found["aero"]["why"]] == ["source/the-benchmarker/go/aero/config.yaml"]
    assert "source/stackatlas-curation/facts" in {why["source"]["id"] for why in found["gin"]["why"]}


def test_no_filter_lists_every_framework(client: FlaskClient, select) -> None:
    everything = ids(client.get("/api/frameworks"))
    assert len(everything) == len(select("SELECT ?f WHERE { ?f a sa:Framework }")) >= 40
    assert len(ids(client.get("/api/frameworks?source=article"))) == 11  # ten ranked, and NestJS named


def test_filter_response_has_the_sparql_it_ran_and_it_runs(client: FlaskClient, store) -> None:
    body = client.get("/api/frameworks?language=python&use_case=apis&source=article").get_json()
    rows = store.query(body["sparql"]).records()
    assert sorted({row["framework"].rsplit("/", 1)[1] for row in rows}) == ["fastapi", "flask"]


def test_results_say_why(client: FlaskClient) -> None:
    body = client.get("/api/frameworks?use_case=apis&language=java&source=article").get_json()
    (spring,) = body["results"]
    triples = [why["triple"] for why in spring["why"]]
    assert ["id:spring-boot", "sa:suitedFor", "id:api-based-applications"] in triples
    assert ["id:api-based-applications", "skos:broaderTransitive", "id:apis"] in triples
    assert ["id:spring-boot", "sa:language", "id:java"] in triples
    cited = {why["source"]["id"] for why in spring["why"] if why["source"]}
    assert cited == {"source/top-backend-frameworks-2025/spring-boot"}


def test_unknown_filter_value_is_400_with_suggestions(client: FlaskClient) -> None:
    response = client.get("/api/frameworks?language=pyhton")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == "language"
    assert "python" in error["suggestions"]


def test_framework_record(client: FlaskClient) -> None:
    body = client.get("/api/frameworks/flask").get_json()
    assert (body["id"], body["label"], body["iri"]) == ("flask", "Flask", "https://w3id.org/stackatlas/id/flask")
    assert [language["id"] for language in body["language"]] == ["python"]
    assert {pro["aspects"][0]["id"] for pro in body["pros"]} == {"documentation", "flexibility", "prototyping"}
    for claim in body["pros"] + body["cons"]:
        assert claim["description"]
        assert claim["source"]["id"] == "source/top-backend-frameworks-2025/flask"
    assert {use["id"] for use in body["use_cases"]} == {"apis", "mvps", "prototypes", "spas"}
    assert {rec["id"] for rec in body["recommendations"]} == {
        "recommendation/faq-beginners",
        "recommendation/choose-python-teams",
        "recommendation/faq-flask-for-control",
    }


def test_express_runs_on_node_and_node_is_used_by_express(client: FlaskClient) -> None:
    express = client.get("/api/frameworks/express").get_json()
    assert [item["id"] for item in express["built_on"]] == []  # Node.js runs it; Express is not built on it
    assert [item["id"] for item in express["runs_on"]] == ["nodejs"]
    node = client.get("/api/frameworks/nodejs").get_json()
    assert {item["id"] for item in node["used_by"]} >= {"express", "nestjs", "koa", "fastify", "hapi"}
    # Ranked among the frameworks by the article, a runtime by kind, as its own documentation says.
    assert node["types"] == ["sa:Framework", "sa:Runtime"]
    assert [(kind["id"], kind["sources"][0]["id"]) for kind in node["kind"]] == [
        ("kind/runtime", "source/primary/nodejs/about")
    ]


def test_record_has_licence_homepage_and_repository_from_primary_sources(client: FlaskClient) -> None:
    gin = client.get("/api/frameworks/gin").get_json()
    mit = ("https://spdx.org/licenses/MIT", "MIT License")
    assert [(item["iri"], item["label"]) for item in gin["licence"]] == [mit]
    # Each from a file of Gin's repository at a commit (its primary record), not the curation's word.
    assert [s["id"] for s in gin["licence"][0]["sources"]] == ["source/primary/gin/licence"]
    assert [(item["label"], [s["id"] for s in item["sources"]]) for item in gin["repository"]] == [
        ("https://github.com/gin-gonic/gin", ["source/primary/gin/gomod"])
    ]
    # The README writes the homepage without the final slash, the-benchmarker with it: both, each with its source.
    assert [(item["label"], [s["id"] for s in item["sources"]]) for item in gin["homepage"]] == [
        ("https://gin-gonic.com", ["source/primary/gin/readme"]),
        ("https://gin-gonic.com/", ["source/the-benchmarker/data.json", "source/the-benchmarker/go/gin/config.yaml"]),
    ]
    assert not any(s["curated"] for key in ("licence", "homepage", "repository") for s in gin[key][0]["sources"])
    assert [item["id"] for item in gin["built_on"]] == ["go-net-http"]


def test_curated_language_says_so(client: FlaskClient) -> None:
    body = client.get("/api/frameworks/aspnet-core").get_json()
    languages = {language["id"]: [source["id"] for source in language["sources"]] for language in body["language"]}
    # The curation says C# first and the datasets' C# folders agree.
    assert languages["csharp"][0] == "source/stackatlas-curation/facts"
    assert all(
        s.startswith(("source/techempower/frameworks/CSharp/", "source/the-benchmarker/csharp/"))
        for s in languages["csharp"][1:]
    )
    # TechEmpower's VB folder uses ASP.NET Core from Visual Basic: that language stays on its set-ups.
    assert "visual-basic" not in languages


def test_unknown_framework_is_404_with_nearest_slugs(client: FlaskClient) -> None:
    response = client.get("/api/frameworks/flsk")
    assert response.status_code == 404
    assert response.get_json()["error"]["suggestions"][0] == "flask"
    assert client.get("/api/frameworks/python").status_code == 404  # a language, not a framework


def test_similar_endpoint(client: FlaskClient) -> None:
    body = client.get("/api/frameworks/flask/similar?k=3").get_json()
    assert body["id"] == "flask"
    top = body["results"]
    assert "bottle" in [match["id"] for match in top]
    assert "quart" not in [match["id"] for match in top]  # built on Flask: an extension, not an alternative
    assert all(set(match) >= {"id", "label", "score", "shared", "different"} for match in top)
    assert any(reason == "both Python" for match in top for reason in match["shared"])
    assert client.get("/api/frameworks/nope/similar").status_code == 404
    assert client.get("/api/frameworks/flask/similar?k=0").status_code == 400


def test_clusters_endpoint(client: FlaskClient) -> None:
    body = client.get("/api/clusters").get_json()
    clusters, left_out = body["clusters"], body["unclustered"]
    members = sorted(member for cluster in clusters for member in cluster["members"])
    # Every framework once: in a cluster, or among those the graph knows too little about to cluster (with why).
    assert sorted(members + left_out["members"]) == sorted(ids(client.get("/api/frameworks")))
    assert len(members) == len(set(members)) and "knows" not in left_out["reason"] and left_out["reason"]
    assert "flask" in members and "nodejs" in left_out["members"]
    assert all(cluster["id"] and cluster["label"] for cluster in clusters)


def test_conflicts_say_where_sources_disagree_each_value_with_its_sources(client: FlaskClient) -> None:
    every = client.get("/api/conflicts").get_json()["results"]
    assert every
    for conflict in every:
        assert conflict["field"]
        assert len({value["value"] for value in conflict["values"]}) >= 2  # a disagreement: two values at least
        assert all(value["sources"] for value in conflict["values"])
    adonis = client.get("/api/conflicts?framework=adonisjs").get_json()["results"]
    assert adonis == [conflict for conflict in every if conflict["framework"]["id"] == "adonisjs"]
    languages = {
        value["value"] for conflict in adonis if conflict["field"] == "language" for value in conflict["values"]
    }
    assert {"JavaScript", "TypeScript"} <= languages
    assert client.get("/api/conflicts?framework=express").get_json()["results"] == []  # the sources agree on it
    unknown = client.get("/api/conflicts?framework=expres")
    assert unknown.status_code == 404
    assert "express" in unknown.get_json()["error"]["suggestions"]


# Rankings by a measured figure compare like with like (issue 24): each framework by its set-up on its own
# runtime, said in the answer, unless runtime= picks another.


def express(body: dict) -> dict:
    return next(result for result in body["results"] if result["id"] == "express")


def test_express_is_ranked_by_its_node_set_up_by_default(client: FlaskClient) -> None:
    body = client.get("/api/frameworks?language=javascript&sort=requests_per_second&level=512").get_json()
    figure = express(body)["figure"]
    shown = (round(figure["value"]), figure["setup"]["label"], figure["runtime"]["label"])
    assert shown == (5698, "express", "Node.js")
    assert body["ranking"]["compared"]["runtime"] == "own"
    assert "express-bun on Bun, are left out" in body["ranking"]["compared"]["means"]


def test_another_runtime_is_a_choice(client: FlaskClient) -> None:
    on_bun = client.get("/api/frameworks?language=javascript&sort=requests_per_second&level=512&runtime=bun")
    figure = express(on_bun.get_json())["figure"]
    assert (round(figure["value"]), figure["setup"]["label"]) == (17626, "express-bun")
    anywhere = client.get("/api/frameworks?language=javascript&sort=requests_per_second&level=512&runtime=any")
    assert express(anywhere.get_json())["figure"]["setup"]["label"] == "express-bun"


def test_an_unknown_runtime_is_400(client: FlaskClient) -> None:
    response = client.get("/api/frameworks?sort=requests_per_second&runtime=jython")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "runtime"


# /api/frameworks and /api/frameworks/<slug> on release cycles, maintenance and the survey, over HTTP, on the
# fixture graph (tests/data/issue24): the filters supported, lts, maintained, licence (any of), feature (all of),
# as_of, sort=popularity|admired, and the record's release_cycles, maintained and popularity.


TODAY = "2026-12-07"


@pytest.fixture(scope="module")
def base(start_service: Callable[..., str]) -> Iterator[str]:
    yield start_service([], {"DATA": str(FIXTURE)})


def get(base: str, path: str, status: int = 200) -> Any:
    response = requests.get(base + path, timeout=30)
    assert response.status_code == status, response.text
    return response.json()


def body_ids(body: dict[str, Any]) -> list[str]:
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
    assert sorted(body_ids(get(base, "/api/frameworks?" + query))) == expected


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
    assert body_ids(body) == [*ranked, "bottle"]  # without a share: after the ranked ones
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
    assert body_ids(get(base, f"/api/frameworks?lts=false&as_of={TODAY}")) == []  # Django's are LTS; the rest have none


def test_year_without_a_survey_sort_is_still_checked(base: str) -> None:
    assert get(base, "/api/frameworks?year=1999", status=400)["error"]["parameter"] == "year"


# The landscape over HTTP, on the real server: 500+ frameworks in 40+ languages, each record with its sources.


TECHEMPOWER_FLASK = "TechEmpower Framework Benchmarks, frameworks/Python/flask/benchmark_config.json at 57d92fb"
BENCHMARKER_FLASK = "the-benchmarker web-frameworks, python/flask/config.yaml at 6ea7019"


def test_five_hundred_frameworks_in_forty_languages(live_server: str) -> None:
    frameworks = requests.get(f"{live_server}/api/frameworks", timeout=30).json()["results"]
    languages = requests.get(f"{live_server}/api/languages", timeout=30).json()["results"]
    assert len(frameworks) >= 500
    assert len({framework["id"] for framework in frameworks}) == len(frameworks)
    assert len([language for language in languages if language["frameworks"] > 0]) >= 40


def test_every_framework_record_names_a_source(live_server: str) -> None:
    slugs = [f["id"] for f in requests.get(f"{live_server}/api/frameworks", timeout=30).json()["results"]]

    def sources(slug: str) -> tuple[str, list[str]]:
        response = requests.get(f"{live_server}/api/frameworks/{slug}", timeout=30)
        assert response.status_code == 200, slug
        return slug, [source["id"] for source in response.json()["sources"]]

    with ThreadPoolExecutor(max_workers=4) as pool:
        unsourced = [slug for slug, named in pool.map(sources, slugs) if not named]
    assert unsourced == []


def test_flask_names_the_article_techempower_and_the_benchmarker_down_to_the_file(live_server: str) -> None:
    flask = requests.get(f"{live_server}/api/frameworks/flask", timeout=30).json()
    assert {source["id"] for source in flask["sources"]} >= {
        "source/top-backend-frameworks-2025",
        "source/techempower",
        "source/the-benchmarker",
    }
    language_sources = {source["label"] for source in flask["language"][0]["sources"]}
    assert {TECHEMPOWER_FLASK, BENCHMARKER_FLASK} <= language_sources
    setups = {setup["source"]["label"] for setup in flask["benchmark_setups"]}
    assert TECHEMPOWER_FLASK in setups
    # The measured figures name their run, whose caveat says what was measured.
    (run,) = flask["figures"]["runs"]
    assert "minimal routing application" in run["caveat"]
    assert {m["concurrency"] for m in flask["figures"]["measurements"]} == {64, 256, 512}

"""/api/frameworks, /api/frameworks/<slug>, /api/path and the vocabulary lists."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service import create_app


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


def test_openapi_covers_every_api_route(app, client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {
        rule.rule.replace("<slug>", "{slug}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule not in {"/api/", "/api/docs", "/api/openapi.json"}
    }
    assert routes == set(spec["paths"])


def test_docs_page_lists_operations(client: FlaskClient) -> None:
    page = client.get("/api/docs").get_data(as_text=True)
    assert "GET /api/frameworks/{slug}" in page
    assert "/api/openapi.json" in page


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


def test_queries_a_client_shapes_run_under_the_query_time_limit() -> None:
    # A limit no query can meet: /api answers as /sparql does, 503 with Retry-After, never a late answer.
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 0.000001})
    client = app.test_client()
    for url in ("/api/frameworks?language=python", "/api/ask?q=python%20frameworks%20for%20apis"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response.headers["Retry-After"] == "1"
        assert "Query stopped" in response.json["error"]["message"]
    assert client.get("/api/frameworks/flask").status_code == 200  # a record is not shaped by the client

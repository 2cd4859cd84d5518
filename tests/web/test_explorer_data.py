"""web/explorer_data.py: what the explorer draws, as JSON: /api/graph, /api/overview, /api/search, /api/figures."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


# --- /api/graph ------------------------------------------------------------------------------------------------------


def test_start_view_has_every_framework_and_language(client: FlaskClient) -> None:
    body = client.get("/api/graph").get_json()
    types = {node["id"]: node["type"] for node in body["nodes"]}
    every = client.get("/api/frameworks").get_json()["results"]
    by_label = [item["id"] for item in sorted(every, key=lambda item: item["label"].casefold())]
    assert [slug for slug, kind in types.items() if kind == "framework"] == by_label
    assert types["python"] == "language"
    assert types["dotnet"] == "runtime"
    edge = next(edge for edge in body["edges"] if edge["source"] == "flask")
    assert edge == {
        "id": "flask language python",
        "source": "flask",
        "target": "python",
        "predicate": "sa:language",
        "label": "language",
    }
    assert body["focus"] is None


def test_every_edge_joins_drawn_nodes(client: FlaskClient) -> None:
    for url in ("/api/graph", "/api/graph?focus=django", "/api/graph?focus=apis&depth=2"):
        body = client.get(url).get_json()
        drawn = set(ids(body["nodes"]))
        assert all(edge["source"] in drawn and edge["target"] in drawn for edge in body["edges"]), url


def test_neighbourhood_of_a_framework(client: FlaskClient) -> None:
    body = client.get("/api/graph?focus=django").get_json()
    assert body["focus"] == "django"
    assert body["total_neighbours"] == len(body["nodes"]) - 1 >= 22  # 22 from the article alone
    labels = {(edge["source"], edge["label"], edge["target"]) for edge in body["edges"]}
    assert ("django", "criticised for", "learning-curve") in labels
    assert ("django", "praised for", "security") in labels


def test_neighbourhood_of_a_use_case_includes_narrower_ones(client: FlaskClient) -> None:
    body = client.get("/api/graph?focus=apis").get_json()
    labels = {(edge["source"], edge["label"], edge["target"]) for edge in body["edges"]}
    assert ("web-apis", "kind of", "apis") in labels
    assert ("flask", "suited to", "apis") in labels


@pytest.mark.parametrize(
    ("query", "status"),
    (
        ("focus=nothing-here", 404),
        ("focus=flsk", 404),
        ("focus=a%20b", 404),
        ("focus=", 400),
        ("depth=3", 400),
        ("focus=flask&depth=0", 400),
        ("depth=x", 400),
    ),
)
def test_graph_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/api/graph?{query}")
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


def test_unknown_focus_suggests_the_nearest(client: FlaskClient) -> None:
    error = client.get("/api/graph?focus=flsk").get_json()["error"]
    assert "flask" in error["suggestions"]
    assert "Did you mean flask" in error["message"]


# --- /api/overview ---------------------------------------------------------------------------------------------------


def test_overview_puts_every_framework_in_one_language_group(client: FlaskClient) -> None:
    body = client.get("/api/overview").get_json()
    every = {item["id"] for item in client.get("/api/frameworks").get_json()["results"]}
    members = [member["id"] for group in body["groups"] for member in group["members"]]
    assert sorted(members) == sorted(every) and len(members) == len(set(members)) == body["frameworks"]
    sizes = [group["size"] for group in body["groups"]]
    assert sizes == sorted(sizes, reverse=True)  # the largest first
    assert all(group["size"] == len(group["members"]) for group in body["groups"])
    python = next(group for group in body["groups"] if group["id"] == "python")
    assert python["label"] == "Python"
    assert {"flask", "django", "fastapi"} <= {member["id"] for member in python["members"]}
    degrees = [member["degree"] for member in python["members"]]
    assert degrees == sorted(degrees, reverse=True)  # the most connected first


def test_overview_degree_is_the_neighbours_the_explorer_draws(client: FlaskClient) -> None:
    body = client.get("/api/overview").get_json()
    django = next(member for group in body["groups"] for member in group["members"] if member["id"] == "django")
    assert django["degree"] == client.get("/api/graph?focus=django").get_json()["total_neighbours"]
    assert {
        "id": "flask language python",
        "source": "flask",
        "target": "python",
        "predicate": "sa:language",
        "label": "language",
    } in body["edges"]


# --- /api/search -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    (
        ("Flask", "flask"),
        ("rest", "apis"),
        ("js", "javascript"),
        ("begin", "beginners"),
        ("learning c", "learning-curve"),
    ),
)
def test_search_finds_labels_and_synonyms(client: FlaskClient, text: str, first: str) -> None:
    body = client.get("/api/search", query_string={"q": text}).get_json()
    assert body["query"] == text
    assert body["results"][0]["id"] == first


def test_search_result_shape(client: FlaskClient) -> None:
    (result, *_) = client.get("/api/search?q=web%20serv").get_json()["results"]
    assert result == {
        "id": "apis",
        "label": "APIs",
        "iri": "https://w3id.org/stackatlas/id/apis",
        "type": "use_case",
        "matched": "web service",
    }


@pytest.mark.parametrize("query", ("", "q=", f"q={'x' * 101}", "q=a&limit=0", "q=a&limit=51"))
def test_search_errors(client: FlaskClient, query: str) -> None:
    assert client.get(f"/api/search?{query}").status_code == 400


def test_new_routes_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"/api/graph", "/api/search", "/api/overview"} <= set(paths)
    assert paths["/api/overview"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Overview"
    }
    assert paths["/api/graph"]["get"]["parameters"][0]["name"] == "focus"


# --- /api/figures --------------------------------------------------------------------------------------------------


def test_figures_of_several_frameworks_side_by_side(client: FlaskClient) -> None:
    body = client.get("/api/figures?ids=flask,fastapi").get_json()
    assert [f["id"] for f in body["frameworks"]] == ["flask", "fastapi"]
    flask = client.get("/api/frameworks/flask").get_json()["figures"]
    at512 = next(m for m in flask["measurements"] if m["concurrency"] == 512)  # one set-up: its figures are the best
    charted = next(level for level in body["frameworks"][0]["levels"] if level["concurrency"] == 512)
    assert charted["requests_per_second"]["value"] == at512["requests_per_second"]
    assert charted["latency_p99"]["value"] == at512["latency_p99"]
    assert body["runs"] == flask["runs"]  # the run, its hardware and caveat as the framework's record gives them
    assert body["default_level"] == max(body["levels"])
    ranking = client.get("/api/frameworks?sort=requests_per_second").get_json()
    unmeasured = next(result["id"] for result in ranking["results"] if "figure" not in result)
    listed = client.get(f"/api/figures?ids=flask,{unmeasured}").get_json()["frameworks"]
    assert [(f["id"], f["measured"], f["levels"]) for f in listed][1] == (unmeasured, False, [])


def test_figures_refuse_unknown_and_malformed_ids(client: FlaskClient) -> None:
    unknown = client.get("/api/figures?ids=flask,flaks")
    assert unknown.status_code == 404
    assert "flask" in unknown.get_json()["error"]["suggestions"]
    assert client.get("/api/figures?ids=python").status_code == 404  # a language is not a framework
    assert client.get("/api/figures").status_code == 400
    assert client.get("/api/figures?ids=fl%20ask").status_code == 400
    assert client.get("/api/figures?ids=,,").status_code == 400
    assert client.get("/api/figures?ids=" + ",".join(["flask"] * 301)).status_code == 200  # the same one, once
    many = ",".join(term["id"] for term in client.get("/api/frameworks").get_json()["results"][:301])
    assert client.get(f"/api/figures?ids={many}").status_code == 400

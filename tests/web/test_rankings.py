"""Rankings by a measured figure compare like with like (issue 24): each framework by its set-up on its own runtime,
said in the answer, unless runtime= picks another; on the bundled graph, over the app."""

from __future__ import annotations

from flask.testing import FlaskClient


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


def test_fastest_says_the_runtime_of_each_figure(client: FlaskClient) -> None:
    body = client.get("/api/ask", query_string={"q": "fastest JavaScript frameworks"}).get_json()
    reason = express(body)["why"][-1]["text"]
    assert "5,698 requests per second at 512 connections (express) on Node.js" in reason
    assert body["ranking"]["compared"]["runtime"] == "own"

"""web/state.py: the views reach the dataset's knowledge, and the queries a client shapes run bounded."""

from __future__ import annotations

from flask.testing import FlaskClient
from issue24_support import fixture_app

from service import create_app


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


def test_each_app_answers_from_its_own_dataset(client: FlaskClient) -> None:
    # Two apps in one process: each view reaches the knowledge of the app it runs in, never another's.
    fixture = fixture_app().test_client()
    on_fixture = [result["id"] for result in fixture.get("/api/frameworks").get_json()["results"]]
    assert sorted(on_fixture) == [
        "adonisjs",
        "aspnet-core",
        "bottle",
        "django",
        "echo",
        "fastapi",
        "flask",
        "gin",
        "nestjs",
    ]
    assert len(client.get("/api/frameworks").get_json()["results"]) > 500
    assert fixture.get("/healthz").get_json()["version"] != client.get("/healthz").get_json()["version"]
    assert fixture.get("/api/frameworks/express").status_code == 404  # not in the fixture graph
    assert client.get("/api/frameworks/express").status_code == 200


def test_a_request_gives_back_the_query_process_it_took() -> None:
    # One query process: a request that kept it past its end would leave the next waiting QUERY_WAIT, then 503.
    client = create_app({"TESTING": True, "QUERY_PROCESSES": 1, "CACHE_MB": 0}).test_client()
    asked = ["/api/frameworks?language=python", "/api/ask?q=python%20frameworks", "/api/frameworks?language=go"]
    asked += ["/api/frameworks?language=nope", "/api/ask?q=go%20frameworks", "/api/frameworks?language=python"]
    assert [client.get(url).status_code for url in asked] == [200, 200, 200, 400, 200, 200]

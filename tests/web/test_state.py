"""web/state.py: the views reach the dataset's knowledge, and the queries a client shapes run bounded."""

from __future__ import annotations

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

"""web/health.py: GET /healthz reports liveness and the dataset version."""

from __future__ import annotations

from flask.testing import FlaskClient
from issue24_support import fixture_app


def test_healthz_reports_status_and_version(client: FlaskClient, dataset) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": dataset.version}


def test_the_version_is_the_one_the_graph_says_it_is(client: FlaskClient) -> None:
    # What a load balancer sees is what a client's queries read: the dataset's own dcterms:hasVersion.
    query = "SELECT ?v WHERE { <https://w3id.org/stackatlas/id/dataset> <http://purl.org/dc/terms/hasVersion> ?v }"
    (row,) = client.get("/sparql", query_string={"query": query}).get_json()["results"]["bindings"]
    assert client.get("/healthz").get_json()["version"] == row["v"]["value"]


def test_each_dataset_reports_its_own_version(client: FlaskClient) -> None:
    fixture = fixture_app().test_client().get("/healthz").get_json()
    assert fixture["status"] == "ok"
    assert fixture["version"] != client.get("/healthz").get_json()["version"]

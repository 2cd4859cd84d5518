"""/sparql's own rules, through the test client: where the endpoint's URL comes from."""

from __future__ import annotations

import json

import rdflib

from service import create_app

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def described_endpoints(client, host: str) -> set[str]:
    response = client.get("/sparql", headers={"Accept": "text/turtle", "Host": host})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    return {str(endpoint) for endpoint in graph.objects(None, SD.endpoint)}


def editor_endpoint(client, host: str) -> str:
    page = client.get("/sparql", headers={"Accept": "text/html", "Host": host}).text
    start = page.index('"endpoint": ') + len('"endpoint": ')
    return str(json.JSONDecoder().raw_decode(page[start:])[0])


def test_public_url_names_the_endpoint_whatever_the_host_header_says() -> None:
    client = create_app({"TESTING": True, "PUBLIC_URL": "https://atlas.example/base/"}).test_client()
    assert described_endpoints(client, "evil.example") == {"https://atlas.example/base/sparql"}
    assert editor_endpoint(client, "evil.example") == "https://atlas.example/base/sparql"


def test_without_public_url_the_editor_is_relative_and_the_description_names_the_bound_address() -> None:
    client = create_app({"TESTING": True, "HOST": "127.0.0.1", "PORT": 8123}).test_client()
    assert described_endpoints(client, "evil.example") == {"http://127.0.0.1:8123/sparql"}
    assert editor_endpoint(client, "evil.example") == "/sparql"

"""web/sparql.py: /sparql over real HTTP with real clients, embedded and in front of a remote Oxigraph server."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from service import create_app

P = (
    "PREFIX sa: <https://w3id.org/stackatlas/ontology#>\nPREFIX id: <https://w3id.org/stackatlas/id/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
PYTHON_APIS = P + (
    "SELECT DISTINCT ?label WHERE { ?f a sa:Framework ; rdfs:label ?label ; sa:language id:python ;"
    " sa:suitedFor/skos:broaderTransitive? id:apis } ORDER BY ?label"
)
# The Python API frameworks: the article's, the curation's and those their own docs say (ORDER BY ?label: code points).
LABELS = [
    *("Connexion", "Eve", "Falcon", "FastAPI", "Flask", "Litestar", "Panther"),
    *("Quart", "Sanic", "Starlette", "aiohttp", "hug"),
]
FLASK = P + "CONSTRUCT { id:flask ?p ?o } WHERE { id:flask ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
SRX = "{http://www.w3.org/2005/sparql-results#}"
SA = rdflib.Namespace("https://w3id.org/stackatlas/ontology#")
ID = rdflib.Namespace("https://w3id.org/stackatlas/id/")


@pytest.fixture(scope="module", params=("embedded", "remote"))
def endpoint(request: pytest.FixtureRequest) -> str:
    """The /sparql URL of the service, in each of its two modes."""
    base = request.getfixturevalue("live_server" if request.param == "embedded" else "remote_live_server")
    return f"{base}/sparql"


def count(endpoint: str) -> int:
    answer = requests.get(endpoint, params={"query": COUNT}, timeout=30).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_sparqlwrapper_json_and_xml_and_csv(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(PYTHON_APIS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [row["label"]["value"] for row in rows] == LABELS
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert [el.firstChild.data for el in document.getElementsByTagName("literal")] == LABELS  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    text = client.query().convert().decode()  # type: ignore[union-attr]
    assert [row["label"] for row in csv.DictReader(io.StringIO(text))] == LABELS


def test_sparqlwrapper_construct_as_turtle(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(FLASK)
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (ID.flask, SA.language, ID.python) in graph


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    labels = [str(row[0]) for row in graph.query(PYTHON_APIS)]
    assert labels == LABELS
    assert (ID.flask, SA.language, ID.python) in graph


@pytest.mark.parametrize(
    ("query", "accept", "media"),
    (
        (PYTHON_APIS, "application/sparql-results+json", "application/sparql-results+json"),
        (PYTHON_APIS, "application/sparql-results+xml", "application/sparql-results+xml"),
        (PYTHON_APIS, "text/csv", "text/csv"),
        (PYTHON_APIS, "text/tab-separated-values", "text/tab-separated-values"),
        (FLASK, "text/turtle", "text/turtle"),
        (FLASK, "application/n-triples", "application/n-triples"),
        (FLASK, "application/ld+json", "application/ld+json"),
        (FLASK, "application/rdf+xml", "application/rdf+xml"),
    ),
)
def test_every_format_parses_back(endpoint: str, query: str, accept: str, media: str) -> None:
    response = requests.post(endpoint, data={"query": query}, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media
    body = response.text
    if query is FLASK:
        rdflib_format = {
            "text/turtle": "turtle",
            "application/n-triples": "nt",
            "application/ld+json": "json-ld",
            "application/rdf+xml": "xml",
        }[media]
        assert (ID.flask, SA.language, ID.python) in rdflib.Graph().parse(data=body, format=rdflib_format)
        return
    if media.endswith("json"):
        labels = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    elif media.endswith("xml"):
        labels = [el.text or "" for el in ET.fromstring(body).iter(SRX + "literal")]
    elif media == "text/csv":
        labels = [row["label"] for row in csv.DictReader(io.StringIO(body))]
    else:
        labels = [str(rdflib.util.from_n3(line)) for line in body.strip().splitlines()[1:]]
    assert labels == LABELS


def test_direct_post_and_format_override(endpoint: str) -> None:
    response = requests.post(
        endpoint,
        params={"format": "csv"},
        data=PYTHON_APIS.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 200
    assert response.text.splitlines()[1:] == LABELS


def test_named_graph_dataset_is_honoured(endpoint: str) -> None:
    section = "https://w3id.org/stackatlas/id/source/top-backend-frameworks-2025/flask"
    query = "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/stackatlas/ontology#Framework> }"
    answer = requests.get(endpoint, params={"query": query, "default-graph-uri": section}, timeout=30).json()
    assert [b["s"]["value"] for b in answer["results"]["bindings"]] == ["https://w3id.org/stackatlas/id/flask"]


@pytest.mark.parametrize(
    ("method", "kwargs"),
    (
        ("post", {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
        (
            "post",
            {
                "data": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
        ),
        ("post", {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
        ("get", {"params": {"query": "DELETE WHERE { ?s ?p ?o }"}}),
        ("get", {"params": {"update": "CLEAR ALL"}}),
        ("post", {"data": {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}}),
    ),
)
def test_updates_are_refused_and_change_nothing(endpoint: str, method: str, kwargs: dict[str, object]) -> None:
    before = count(endpoint)
    response = requests.request(method, endpoint, timeout=30, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]["message"]
    assert count(endpoint) == before


def test_service_is_refused_before_evaluation(endpoint: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = requests.get(endpoint, params={"query": query}, timeout=30)
    assert response.status_code == 403
    assert "SERVICE is refused" in response.json()["error"]["message"]


def test_malformed_query_is_400_with_position(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["line"], error["column"]) == (1, 25)
    assert error["message"].startswith("Malformed query at line 1, column 25: ")
    assert "Traceback" not in response.text


def test_oversized_body_is_413(endpoint: str) -> None:
    response = requests.post(
        endpoint, data=b"#" * 1_100_000, headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert response.status_code == 413
    assert response.json()["error"]["status"] == 413


def test_unsupported_accept_is_406(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": PYTHON_APIS}, headers={"Accept": "image/png"}, timeout=30)
    assert response.status_code == 406


def test_rows_beyond_the_limit_are_cut_visibly(endpoint: str) -> None:
    response = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["X-StackAtlas-Truncated"] == "true"
    assert response.headers["X-StackAtlas-Row-Limit"] == "500"
    assert len(response.json()["results"]["bindings"]) == 500


def test_runaway_query_is_stopped_while_others_are_served(endpoint: str) -> None:
    base = endpoint.rsplit("/sparql", 1)[0]
    before = count(endpoint)
    outcome: dict[str, object] = {}

    def runaway() -> None:
        response = requests.get(endpoint, params={"query": RUNAWAY}, timeout=60)
        outcome.update(status=response.status_code, body=response.json())

    thread = threading.Thread(target=runaway)
    thread.start()
    served = 0
    while True:  # all the while the runaway query runs, the others are served (each a new query, not a kept answer)
        assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
        other = requests.get(endpoint, params={"query": PYTHON_APIS + f" # another {served}"}, timeout=10)
        assert other.status_code == 200
        served += 1
        if not thread.is_alive():
            break
    thread.join()
    assert outcome["status"] == 503
    # Stopped by the service at its own time limit (QUERY_TIMEOUT is 2 s in the test server), which its answer names.
    message = str(outcome["body"]["error"]["message"])  # type: ignore[index]
    assert message.startswith("Query stopped: the query ran longer than 2 s and was stopped."), message
    assert count(endpoint) == before


def test_service_description_for_rdf_clients(endpoint: str) -> None:
    response = requests.get(endpoint, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(endpoint)) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph


def test_editor_page_for_browsers_loads_nothing_from_elsewhere(endpoint: str) -> None:
    response = requests.get(endpoint, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200
    page = response.text
    assert "yasgui-4.6.2.min.js" in page
    for attribute in ('src="http', "src='http", 'href="http', "href='http"):
        assert attribute not in page
    assert "Python frameworks suited to APIs" in page


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in {"Z", "X"}  # a zombie has exited; only its parent's reaping is left


def test_query_processes_exit_when_the_server_is_killed_outright(own_server) -> None:
    # SIGKILL (the OOM killer, or the server giving up on a slow shutdown) runs no clean-up code:
    # the killable query processes must notice on their own, not live on holding the graph.
    process, base = own_server([])
    workers: list[int] = []
    try:
        assert requests.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code == 200
        workers = _children(process.pid)
        query_processes = [pid for worker in workers for pid in _children(worker)]
        assert query_processes, "the worker that answered keeps query processes"
    finally:
        for pid in (process.pid, *workers):
            # A worker may be gone already: each dies with the main process (its parent-death signal).
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in query_processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in query_processes if _running(pid)]


# /sparql's own rules, through the test client: where the endpoint's URL comes from.


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

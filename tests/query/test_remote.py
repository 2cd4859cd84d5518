"""A remote endpoint: the request it sends, the answers it reads, its errors; against a tiny server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from service.query.remote import (
    EndpointError,
    EndpointRejected,
    EndpointTimeout,
    RemoteEndpoint,
    local_syntax_error,
    normalise_results,
    query_form,
    with_values,
)

BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
SELECT_ANSWER = {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "http://e/a"}}]}}


class Endpoint(BaseHTTPRequestHandler):
    """Answers by what the test put in `server.reply`: (status, content type, body, extra headers)."""

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.seen.append((self.headers["Accept"], urllib.parse.parse_qsl(self.rfile.read(length).decode())))  # type: ignore[attr-defined]
        status, media, body, extra = self.server.reply  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", media)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    made = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    made.seen = []  # type: ignore[attr-defined]
    made.reply = (200, "application/sparql-results+json", json.dumps(SELECT_ANSWER).encode(), {})  # type: ignore[attr-defined]
    thread = threading.Thread(target=made.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield made
    made.shutdown()
    made.server_close()


def endpoint(server: ThreadingHTTPServer) -> RemoteEndpoint:
    return RemoteEndpoint(f"http://127.0.0.1:{server.server_address[1]}/sparql", timeout=5)


def test_a_select_is_posted_with_its_dataset_and_read_as_solutions(server: ThreadingHTTPServer) -> None:
    answer = endpoint(server).query(
        "SELECT ?s WHERE { ?s ?p ?o }", default_graphs=["http://e/g"], named_graphs=["http://e/n"]
    )
    assert isinstance(answer, ox.QuerySolutions)
    assert [row["s"] for row in answer] == [ox.NamedNode("http://e/a")]
    ((accept, fields),) = server.seen  # type: ignore[attr-defined]
    assert accept == "application/sparql-results+json"
    assert fields == [
        ("query", "SELECT ?s WHERE { ?s ?p ?o }"),
        ("default-graph-uri", "http://e/g"),
        ("named-graph-uri", "http://e/n"),
    ]


def test_bound_iris_reach_the_endpoint_as_a_values_block(server: ThreadingHTTPServer) -> None:
    endpoint(server).query("SELECT ?s WHERE { ?s ?p ?o }", iris={"s": "http://e/a"})
    ((_, fields),) = server.seen  # type: ignore[attr-defined]
    assert fields[0] == ("query", "SELECT ?s WHERE { VALUES (?s) { (<http://e/a>) }  ?s ?p ?o }")


def test_a_construct_asks_for_n_triples_and_returns_triples(server: ThreadingHTTPServer) -> None:
    server.reply = (200, "application/n-triples", b'<http://e/a> <http://e/p> "x" .\n', {})  # type: ignore[attr-defined]
    triples = endpoint(server).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert triples == [ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))]
    assert server.seen[0][0] == "application/n-triples"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("status", "body", "headers", "error", "message"),
    [
        (400, b"bad query", {}, EndpointRejected, "^bad query$"),
        (503, b"overloaded", {}, EndpointTimeout, "^the endpoint gave up: overloaded$"),
        (500, b"boom", {}, EndpointError, "^the endpoint answered 500: boom$"),
        (200, b"{}", {"X-SQL-State": "S1TAT", "X-SQL-Message": "time"}, EndpointTimeout, r"incomplete answer \(S1TAT"),
        (
            200,
            b"{}",
            {"X-SQL-State": "42000", "X-SQL-Message": "odd"},
            EndpointError,
            r"incomplete answer \(42000: odd\)",
        ),
    ],
    ids=["rejected", "gave-up", "failed", "anytime-timeout", "anytime-other"],
)
def test_failures_are_told_apart(server, status, body, headers, error, message) -> None:
    server.reply = (status, "text/plain", body, headers)
    with pytest.raises(error, match=message) as caught:
        endpoint(server).query("SELECT ?s WHERE { ?s ?p ?o }")
    assert type(caught.value) is error


def test_a_refused_query_that_pyoxigraph_refuses_too_gets_its_position(server: ThreadingHTTPServer) -> None:
    server.reply = (400, "text/plain", b"37000 Error SP030", {})  # type: ignore[attr-defined]
    with pytest.raises(EndpointRejected, match=r"^error at 1:\d+: "):
        endpoint(server).query("SELECT ?s WHERE { ?s ?p }")


def test_an_endpoint_that_is_not_there_cannot_be_reached() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    port = server.server_address[1]
    server.server_close()  # nothing listens on the port any more
    with pytest.raises(EndpointError, match=r"^cannot reach the endpoint"):
        RemoteEndpoint(f"http://127.0.0.1:{port}/sparql", timeout=5).query("ASK { ?s ?p ?o }")


# --- The pure parts ---------------------------------------------------------------------------------------------------


def test_virtuoso_ask_tables_and_numeric_booleans_are_made_standard() -> None:
    table = json.dumps({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {}}]}})
    assert json.loads(normalise_results(table.encode(), "ASK")) == {"head": {}, "boolean": True}
    empty = json.dumps({"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}})
    assert json.loads(normalise_results(empty.encode(), "ASK"))["boolean"] is False
    one = {
        "head": {"vars": ["b"]},
        "results": {"bindings": [{"b": {"type": "literal", "datatype": BOOLEAN, "value": "1"}}]},
    }
    fixed = json.loads(normalise_results(json.dumps(one).encode(), "SELECT"))
    assert fixed["results"]["bindings"][0]["b"]["value"] == "true"
    untouched = json.dumps(SELECT_ANSWER).encode()
    assert normalise_results(untouched, "SELECT") is untouched


@pytest.mark.parametrize(
    ("sparql", "form"),
    [("ASK {}", "ASK"), ("PREFIX e: <http://e/> DESCRIBE e:a", "DESCRIBE"), ("INSERT DATA {}", None)],
)
def test_query_form_is_read_as_the_guard_reads_it(sparql: str, form: str | None) -> None:
    assert query_form(sparql) == form


# IRIs a binding must carry unchanged: non-ASCII, percent-escapes, and characters that mean something in SPARQL text.
ODD_IRIS = ("http://e/caf\u00e9", "http://e/a%20b", "http://e/a#b?c=d&e", "http://e/it's", "http://e/(x)")
# pyoxigraph substitutes only a variable the query projects, as the project's queries do.
BOUND_QUERIES = (
    "SELECT ?this ?o WHERE { ?this <http://e/p> ?o }",
    "SELECT ?this ?o ?label WHERE { ?this <http://e/p> ?o OPTIONAL { ?o <http://e/label> ?label } }",
    "SELECT ?this ?o WHERE { { SELECT ?this ?o WHERE { ?this <http://e/p> ?o } } }",
    "SELECT ?this (COUNT(*) AS ?n) WHERE { ?this <http://e/p> ?o } GROUP BY ?this # a comment last",
    "SELECT ?this ?o { ?this <http://e/p> ?o } LIMIT 1",
    "CONSTRUCT { ?this <http://e/q> ?o } WHERE { ?this <http://e/p> ?o }",
)


def odd_store() -> ox.Store:
    store = ox.Store()
    for index, iri in enumerate(ODD_IRIS):
        subject, value = ox.NamedNode(iri), ox.NamedNode(f"http://e/o{index}")
        store.add(ox.Quad(subject, ox.NamedNode("http://e/p"), value))
        store.add(ox.Quad(value, ox.NamedNode("http://e/label"), ox.Literal(f"o{index}")))
    return store


def rows(answer: object) -> list[tuple[str | None, ...]]:
    if isinstance(answer, ox.QueryTriples):
        return sorted((str(t.subject), str(t.predicate), str(t.object)) for t in answer)
    assert isinstance(answer, ox.QuerySolutions)
    names = [variable.value for variable in answer.variables]
    return sorted(tuple(None if row[name] is None else str(row[name]) for name in names) for row in answer)


@pytest.mark.parametrize("sparql", BOUND_QUERIES)
@pytest.mark.parametrize("iri", ODD_IRIS)
def test_with_values_answers_as_the_engines_substitution(sparql: str, iri: str) -> None:
    store = odd_store()
    substituted = rows(store.query(sparql, substitutions={ox.Variable("this"): ox.NamedNode(iri)}))
    assert rows(store.query(with_values(sparql, {"this": iri}))) == substituted
    assert substituted  # each IRI has its statement: the binding found it


def test_with_values_opens_the_where_group_the_engine_reads() -> None:
    sparql = '# WHERE { in a comment\nSELECT ?this ?o WHERE { ?this <http://e/p> ?o FILTER(?o != "WHERE {") }'
    bound = with_values(sparql, {"this": ODD_IRIS[0]})
    assert bound.startswith(
        sparql.split("?o FILTER")[0].replace("WHERE { ?this", f"WHERE {{ VALUES (?this) {{ (<{ODD_IRIS[0]}>) }}  ?this")
    )
    assert rows(odd_store().query(bound)) == [(f"<{ODD_IRIS[0]}>", "<http://e/o0>")]


def test_with_values_needs_a_where_group() -> None:
    assert with_values("ASK { ?s ?p ?o }", {"s": "http://e/a"}) == "ASK { VALUES (?s) { (<http://e/a>) }  ?s ?p ?o }"
    with pytest.raises(ValueError, match="no WHERE group"):
        with_values("DESCRIBE ?s", {"s": "http://e/a"})


@pytest.mark.parametrize("iri", ["not an iri>", "http://e/a> } ; DROP ALL #", 'http://e/"x"'])
def test_with_values_refuses_what_is_no_iri(iri: str) -> None:
    with pytest.raises(ValueError):
        with_values("SELECT * WHERE { ?s ?p ?o }", {"s": iri})


def test_with_values_refuses_a_bad_variable_name() -> None:
    with pytest.raises(ValueError):
        with_values("SELECT * WHERE { ?s ?p ?o }", {"s) } DROP ALL": "http://e/a"})


def test_local_syntax_error_only_for_what_pyoxigraph_cannot_parse() -> None:
    assert local_syntax_error("SELECT * WHERE { ?s ?p ?o }") is None
    assert local_syntax_error("SELECT * WHERE { SERVICE <http://e/> { ?s ?p } }") is None  # never parsed here
    error = local_syntax_error("SELECT * WHERE { ?s ?p }")
    assert error is not None and error.startswith("error at 1:")

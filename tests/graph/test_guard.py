"""The guard tells queries from updates and finds SERVICE only where it is a keyword."""

from __future__ import annotations

import pytest
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from service.graph.guard import inspect

# text, operation, uses SERVICE
CASES = (
    ("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", "query", True),
    ("select * { optional { ?s ?p ?o } service silent <http://x/> { ?a ?b ?c } }", "query", True),
    ("SELECT * { ?service ?p ?o }", "query", False),
    ("SELECT * { $service ?p ?o }", "query", False),
    ("PREFIX service: <http://a/> SELECT * { service:x ?p ?o }", "query", False),
    ("PREFIX ex: <http://a/> SELECT * { ex:service ?p ?o }", "query", False),
    ('SELECT * { ?s ?p "SERVICE <http://x/> {}" }', "query", False),
    ("SELECT * { ?s ?p '''a\nSERVICE\nb''' }", "query", False),
    ("SELECT * { <http://x/SERVICE> ?p ?o } # SERVICE <http://x/> { }", "query", False),
    ("SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }", "query", False),
    ("ASK { ?s ?p 1.5e3 }", "query", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "query", False),
    ("DESCRIBE <http://x/>", "query", False),
    ("BASE <http://x/> PREFIX : <http://y/> SELECT * { :a :b :c }", "query", False),
    ("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", "query", True),
    ("PREFIX : <http://y/> INSERT DATA { :a :b :c }", "update", False),
    ("DELETE WHERE { ?s ?p ?o }", "update", False),
    ("LOAD <http://x/data.ttl>", "update", False),
    ("CLEAR ALL", "update", False),
    ("DROP GRAPH <http://x/>", "update", False),
    ("WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update", False),
    ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "update", True),
)


@pytest.mark.parametrize(("text", "operation", "service"), CASES)
def test_inspect(text: str, operation: str, service: bool) -> None:
    shape = inspect(text)
    assert (shape.operation, shape.uses_service) == (operation, service)


def _parser_sees_service(tree: object) -> bool:
    # Walk rdflib's parse tree looking for a ServiceGraphPattern node.
    if getattr(tree, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(tree, dict):
        return any(_parser_sees_service(value) for value in tree.values())
    if isinstance(tree, ParseResults | list | tuple):
        return any(_parser_sees_service(item) for item in tree)
    return False


@pytest.mark.parametrize(("text", "operation", "service"), [c for c in CASES if "\\u" not in c[0]])
def test_guard_agrees_with_rdflibs_parser(text: str, operation: str, service: bool) -> None:
    tree = parseQuery(text) if operation == "query" else parseUpdate(text)
    assert _parser_sees_service(tree) == inspect(text).uses_service

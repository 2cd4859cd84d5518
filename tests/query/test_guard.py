"""The guard tells queries from updates and finds SERVICE only where it is a keyword."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from service.query.guard import inspect, keywords
from service.query.jobs import QueryTimeout

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


# Texts that read differently to a careless lexer, each with what pyoxigraph 0.5.13 does with it:
# "connects" (it parses a SERVICE clause and calls the endpoint EP), "parses" (it parses the text and
# calls nothing) or "refuses" (a syntax error), and what the guard says. The guard may refuse a text
# the engine would refuse anyway; it must never let through one the engine connects on.
DECLARED = "PREFIX : <EP> PREFIX ex: <http://a/> PREFIX h: <http://a/#> "
BATTERY = (
    # Escapes inside prefixed names (PN_LOCAL_ESC): `\#` is part of the name, not a comment.
    ("PREFIX ex: <http://ex/> SELECT ?x WHERE { BIND(ex:a\\# AS ?q) . SERVICE <EP> { ?x ?y ?z } }", "connects", True),
    (DECLARED + "SELECT * { ?s ?p ?o BIND(ex:a\\' AS ?q) SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    (DECLARED + "SELECT * { ?s ?p ?o BIND(ex:\\#a\\.b%20 AS ?q) SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    (DECLARED + "SELECT * { ?s ?p ?o BIND(ex:a\\#SERVICE AS ?q) }", "parses", False),
    # A name that is no IRI once joined is read as the bare prefix `h:`, then SERVICE and an endpoint.
    (DECLARED + "SELECT * { ?s ?p h:SERVICE:y\\# { ?a ?b ?c } }", "connects", True),
    (DECLARED + "SELECT * { ?s ?p h:service:y }", "parses", False),
    # Keywords are matched by their letters, glued to whatever is next to them.
    (DECLARED + "SELECT * { ?s ?p ?o .SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p 1SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p 1.SERVICE<EP>{ ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p 1.e3SERVICE<EP>{ ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p trueSERVICE <EP> { ?a ?b ?c } }", "connects", True),
    ('SELECT * { ?s ?p "x"SERVICE<EP>{ ?a ?b ?c } }', "connects", True),
    ("SELECT * { ?s ?p <http://a/>SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p ?o FILTER(?o)SERVICE<EP>{ ?a ?b ?c } }", "connects", True),
    ("SELECT * { SERVICESILENT<EP> { ?s ?p ?o } }", "connects", True),
    ("PREFIX e: <EP> SELECT * { SERVICEe:a { ?s ?p ?o } }", "connects", True),
    (DECLARED + "SELECT * { SERVICE:x { ?s ?p ?o } }", "connects", True),
    (DECLARED + "SELECT * { ?s ?p ex:a.b.SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    # A declared prefix named service: is the keyword when an endpoint and a group follow it ...
    ("PREFIX service: <http://a/> PREFIX : <EP> SELECT * { service:x { ?s ?p ?o } }", "connects", True),
    # ... and a name everywhere else.
    ("PREFIX service: <http://a/> SELECT * { service:x ?p ?o }", "parses", False),
    ("PREFIX service: <http://a/> SELECT * { GRAPH service:x { ?s ?p ?o } }", "parses", False),
    ("PREFIX service: <http://a/> SELECT * FROM service:x { ?s ?p ?o }", "parses", False),
    (DECLARED + "SELECT * { ?s ?p ex:service }", "parses", False),
    # Spellings of the keyword.
    ("SELECT * { ?s ?p ?o SeRvIcE <EP> { ?a ?b ?c } }", "connects", True),
    ("select * { ?s ?p ?o service silent <EP> { ?a ?b ?c } }", "connects", True),
    ("PREFIX silent: <EP> SELECT * { ?s ?p ?o SERVICE silent:x { ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p ?o SERVICE#c\r<EP>{ ?a ?b ?c } }", "connects", True),
    ("SELECT * { \\u0053ERVICE <EP> { ?s ?p ?o } }", "refuses", True),  # no codepoint escapes outside strings
    ("SELECT * { ?s ?p ?o\u00a0SERVICE <EP> { ?a ?b ?c } }", "refuses", True),  # NBSP is no space to SPARQL
    # Comments end at CR as well as LF.
    ("SELECT * { # comment\r SERVICE <EP> { ?s ?p ?o } }", "connects", True),
    ("SELECT * { ?s ?p _:b#\n SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    ("SELECT * { ?s ?p _:b#SERVICE <EP> { ?a ?b ?c }\n }", "parses", False),
    ("SELECT * { ?s ?p ?o } # SERVICE <EP> { ?s ?p ?o }", "parses", False),
    # Strings: escaped quotes, long strings, and a \u escape that is one character of the string.
    ('SELECT * { ?s ?p "a\\" SERVICE <EP> { ?a ?b ?c } " }', "parses", False),
    ("SELECT * { ?s ?p '''a\\''' SERVICE <EP> { ?a ?b ?c } ''' }", "parses", False),
    ("SELECT * { ?s ?p '''a'' SERVICE <EP> { ?a ?b ?c } ''' }", "parses", False),
    ('SELECT * { BIND("a\\u005C" AS ?x) SERVICE <EP> { ?s ?p ?o } BIND("b" AS ?y) }', "connects", True),
    ('SELECT * { ?s ?p """a"""" SERVICE <EP> { ?a ?b ?c } }', "refuses", True),
    # IRIs: one the engine rejects is the operator `<`, and `#` in it then starts a comment.
    (DECLARED + "SELECT * { ?s ?p ?o FILTER(?o <2)SERVICE:x#>\n{ ?a ?b ?c } }", "connects", True),
    ("BASE <http://b/> " + DECLARED + "SELECT * { ?s ?p ?o FILTER(?o <2)SERVICE:x#>\n{ ?a ?b ?c } }", "connects", True),
    ("BASE <http://a/> SELECT * { <> ?p ?o SERVICE <EP> { ?a ?b ?c } }", "connects", True),
    ("BASE <http://b/> SELECT * { <service#x> ?p ?o }", "parses", False),
    (
        "SELECT * { ?s ?p ?o FILTER(?s != <http://a/\\u0041'>)SERVICE<EP>{ ?a ?b ?c } BIND('x' AS ?q) }",
        "connects",
        True,
    ),
    ("SELECT * { ?s ?p ?o FILTER(true || ?o <<http://x/'>)SERVICE<EP>{ ?a ?b ?c } BIND('x' AS ?q) }", "connects", True),
    ("SELECT * { <http://x/SERVICE#a> ?p ?o }", "parses", False),
    ("PREFIX svc: <http://example.org/service#> SELECT * { ?s svc:p ?o }", "parses", False),
    # Numbers, variables, language tags.
    ("SELECT * { ?s ?p 1.e3 }", "parses", False),
    ("SELECT * { ?service ?p ?o }", "parses", False),
    ('SELECT * { ?s ?p "x"@en-service }', "parses", False),
    # SERVICE wherever a group pattern may be.
    ("SELECT * { ?s ?p ?o OPTIONAL { SERVICE <EP> { ?a ?b ?c } } }", "connects", True),
    ("SELECT * { ?s ?p ?o FILTER(EXISTS{SERVICE <EP> { ?a ?b ?c }}) }", "connects", True),
    ("SELECT * { ?s ?p ?o { SELECT * { SERVICE <EP> { ?a ?b ?c } } } }", "connects", True),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o SERVICE <EP> { ?a ?b ?c } }", "connects", True),
)


@pytest.mark.parametrize(("text", "engine", "service"), BATTERY)
def test_guard_on_texts_a_careless_lexer_misreads(text: str, engine: str, service: bool) -> None:
    assert inspect(text.replace("EP", "http://127.0.0.1:9/")).uses_service == service


def _engine_reaction(text: str) -> str:
    # Run the text in pyoxigraph on a store where every pattern of the battery before a SERVICE matches,
    # so that the engine reaches the SERVICE clause when it has one.
    store = ox.Store()
    node = ox.NamedNode("http://a/")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for value in (
        node,
        ox.NamedNode("http://a/#"),
        ox.NamedNode("http://a/a.b"),
        ox.Literal("x"),
        ox.Literal("1", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("1.", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("1.e3", datatype=ox.NamedNode(xsd + "double")),
        ox.Literal("true", datatype=ox.NamedNode(xsd + "boolean")),
    ):
        store.add(ox.Quad(node, node, value))
    try:
        result = store.query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except SyntaxError:
        return "refuses"
    except OSError:  # the listener closed the connection
        pass
    return "parses"


@pytest.mark.parametrize(("text", "engine", "service"), BATTERY)
def test_battery_is_what_pyoxigraph_does(text: str, engine: str, service: bool, listener) -> None:
    before = listener.settled()
    reaction = _engine_reaction(text.replace("EP", listener.url))
    if listener.settled() > before:  # counted before the listener's own connection: made by the engine
        reaction = "connects"
    assert reaction == engine


def test_keywords_are_the_bare_words_the_engine_reads() -> None:
    text = 'PREFIX order: <http://a/> SELECT ?order { ?s order:by "ORDER" } # ORDER\rORDER BY ?s LIMIT 1'
    assert keywords(text) == ["PREFIX", "SELECT", "ORDER", "BY", "LIMIT"]


@pytest.mark.parametrize(
    ("text", "depth"),
    (
        ("SELECT * { ?s ?p ?o }", 1),
        ("SELECT * { ?s ?p [ ?q ( 1 2 ) ] }", 3),
        ("SELECT * { FILTER(!!!true) }", 5),
        ("SELECT * { ?s ?p '((({{{' } # [[[[", 1),
        ("SELECT * { FILTER(?a != ?b) }", 3),
    ),
)
def test_depth_counts_brackets_and_negations_outside_strings_and_comments(text: str, depth: int) -> None:
    assert inspect(text).depth == depth


def test_reading_past_the_deadline_is_a_timeout() -> None:
    text = "".join(f"BASE <a:{number}> " for number in range(2_000)) + "SELECT * WHERE {}"
    with pytest.raises(QueryTimeout):
        inspect(text, deadline=time.monotonic() - 1)
    assert inspect(text, deadline=time.monotonic() + 60).operation == "query"

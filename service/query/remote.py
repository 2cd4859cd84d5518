"""A SPARQL 1.1 endpoint the service does not own (Oxigraph server, Fuseki, QLever, Virtuoso...), over HTTP."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from service.query.guard import QUERY_FORMS, inspect
from service.query.ordering import Token, tokens

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
# Asked by query form: Virtuoso 7.2 answers a CONSTRUCT or DESCRIBE in the first type a client
# accepts, SPARQL results JSON included (a table of ?s ?p ?o), so a client must not offer it then.
ACCEPT_BY_FORM = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_POSITIONED = re.compile(r"error at \d+:\d+: ")


class EndpointError(Exception):
    """The endpoint failed or could not be reached; the message says how."""


class EndpointTimeout(EndpointError):
    """The endpoint took longer than the allowed time."""


class EndpointRejected(EndpointError):
    """The endpoint refused the query (HTTP 400): usually a syntax error it reports."""


class RemoteEndpoint:
    """Send queries to a remote endpoint and read its answers with pyoxigraph's parsers."""

    def __init__(self, url: str, timeout: float):
        self.url = url
        self.timeout = timeout

    def query(
        self,
        sparql: str,
        iris: dict[str, str] | None = None,
        timeout: float | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """Run a query; bind variables to IRIs with a VALUES clause after it (see `with_values`)."""
        if iris:
            sparql = with_values(sparql, iris)
        fields = [("query", sparql)]
        fields += [("default-graph-uri", graph) for graph in default_graphs or ()]
        fields += [("named-graph-uri", graph) for graph in named_graphs or ()]
        body = urllib.parse.urlencode(fields).encode()
        form = query_form(sparql)
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={
                "Accept": ACCEPT_BY_FORM.get(form or "", ACCEPT),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        media, content = self._send(request, sparql, timeout or self.timeout)
        if media in {"application/n-triples", "text/plain"} and form in {"CONSTRUCT", "DESCRIBE", None}:
            return [quad.triple for quad in ox.parse(content, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(normalise_results(content, form), format=ox.QueryResultsFormat.JSON)

    def _send(self, request: urllib.request.Request, sparql: str, timeout: float) -> tuple[str, bytes]:
        # POST the query: the answer's media type and body, or the EndpointError that says what went wrong.
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                media = response.headers.get_content_type()
                content = response.read()
                partial = response.headers.get("X-SQL-State"), response.headers.get("X-SQL-Message")
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace").strip()[:500]
            if error.code == 400:
                reason = local_syntax_error(sparql) or detail or "the endpoint rejected the query"
                raise EndpointRejected(reason) from None
            if error.code in {503, 504} or "timeout" in detail.lower():
                raise EndpointTimeout(f"the endpoint gave up: {detail}") from None
            raise EndpointError(f"the endpoint answered {error.code}: {detail}") from None
        except TimeoutError:
            raise EndpointTimeout(f"no answer from the endpoint within {timeout:g} s") from None
        except urllib.error.URLError as error:
            raise EndpointError(f"cannot reach the endpoint: {error.reason}") from None
        if partial[0]:
            # Virtuoso's "anytime" answer: when its own time limit strikes it returns what it has so
            # far, with 200, and says so only in these headers; an incomplete answer is no answer.
            message = f"the endpoint returned an incomplete answer ({partial[0]}: {partial[1] or ''})"
            if partial[0] == "S1TAT" or "timeout" in (partial[1] or "").lower():
                raise EndpointTimeout(message)
            raise EndpointError(message)
        return media, content


def local_syntax_error(sparql: str) -> str | None:
    """Oxigraph's "error at LINE:COLUMN: ..." for a query the endpoint refused, if pyoxigraph refuses it too.

    Other stores word their errors in their own way (Virtuoso: "37000 Error SP030: SPARQL compiler,
    line 1: syntax error at ..."), without a column: the service's message and position stay its own.
    """
    if inspect(sparql).uses_service:
        return None  # never run here: on an empty store too, SERVICE would reach out
    try:
        ox.Store().query(sparql)  # an empty store: a query that parses costs nothing to run
    except SyntaxError as error:
        return str(error.msg) if _POSITIONED.search(str(error.msg)) else None
    except Exception:  # it parsed, then failed to run: not a syntax error
        return None
    return None


def query_form(sparql: str) -> str | None:
    """The form of a query (SELECT, ASK, CONSTRUCT, DESCRIBE) as the guard reads it, or None."""
    form = inspect(sparql).form
    return form if form in QUERY_FORMS else None


def normalise_results(content: bytes, form: str | None) -> bytes:
    """Read SPARQL JSON results as the standard has them where Virtuoso 7.2 writes otherwise.

    Virtuoso answers an ASK with a one-column table (?__ASK_RETVAL: a row for true, none for false)
    and writes a stored xsd:boolean as "1" or "0" in JSON (its XML says "true"); both are put back
    into the standard form. Anything else is passed through untouched.
    """
    if b"__ASK_RETVAL" not in content and _BOOLEAN.encode() not in content:
        return content
    document = json.loads(content)
    if form == "ASK" and "boolean" not in document:
        return json.dumps({"head": {}, "boolean": bool(document.get("results", {}).get("bindings"))}).encode()
    for row in document.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == _BOOLEAN and term.get("value") in {"1", "0"}:
                term["value"] = "true" if term["value"] == "1" else "false"
    return json.dumps(document).encode()


def with_values(sparql: str, iris: Mapping[str, str]) -> str:
    """Bind variables to IRIs by a VALUES block opening the query's WHERE group, each IRI written by pyoxigraph.

    The IRIs are written by pyoxigraph's N-Triples serialiser (a bad IRI raises ValueError) and the group is
    found among the tokens of the lexer the guard reads queries with, so a `WHERE {` in a comment, a string or
    an IRI is never taken for it. The block opens the group rather than trailing the query (as rdflib's
    SPARQLStore binds initBindings: rdflib 7.6, plugins/stores/sparqlstore.py, SPARQLStore.query) because
    Virtuoso 7.2 refuses a trailing VALUES after a CONSTRUCT and applies one after LIMIT (it answered no row
    to a bound `... LIMIT 500`); at the top of the group it binds as the engine's substitution does.
    """
    names = " ".join(str(ox.Variable(name)) for name in iris)
    terms = " ".join(str(ox.NamedNode(iri)) for iri in iris.values())
    read = tokens(sparql)
    opening = _where_group(read)
    if opening is None:
        raise ValueError("the query has no WHERE group to bind variables in")
    at = read[opening].end
    return f"{sparql[:at]} VALUES ({names}) {{ ({terms}) }} {sparql[at:]}"


def _where_group(read: list[Token]) -> int | None:
    # The index of the brace opening the query's pattern: after the first WHERE, or, a SELECT's or an ASK's
    # WHERE left out, the first brace after the form (a CONSTRUCT's template comes before its WHERE).
    after_form = False
    for index, token in enumerate(read):
        if token.word() == "WHERE":
            return index + 1 if index + 1 < len(read) and read[index + 1].text == "{" else None
        after_form = after_form or token.word() in {"SELECT", "ASK"}
        if after_form and token.text == "{":
            return index
    return None

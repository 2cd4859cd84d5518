"""A SPARQL 1.1 endpoint the service does not own (Oxigraph server, Fuseki, QLever, ...), queried over HTTP."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence

import pyoxigraph as ox

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


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
        """Run a query; bind variables to IRIs with an inline VALUES block at the top of its WHERE."""
        if iris:
            sparql = bind_inline(sparql, iris)
        fields = [("query", sparql)]
        fields += [("default-graph-uri", graph) for graph in default_graphs or ()]
        fields += [("named-graph-uri", graph) for graph in named_graphs or ()]
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                media = response.headers.get_content_type()
                content = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace").strip()[:500]
            if error.code == 400:
                raise EndpointRejected(detail or "the endpoint rejected the query") from None
            if error.code in {503, 504} or "timeout" in detail.lower():
                raise EndpointTimeout(f"the endpoint gave up: {detail}") from None
            raise EndpointError(f"the endpoint answered {error.code}: {detail}") from None
        except TimeoutError:
            raise EndpointTimeout(f"no answer from the endpoint within {timeout or self.timeout:g} s") from None
        except urllib.error.URLError as error:
            raise EndpointError(f"cannot reach the endpoint: {error.reason}") from None
        if media == "application/n-triples":
            return [quad.triple for quad in ox.parse(content, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)


def bind_inline(sparql: str, iris: dict[str, str]) -> str:
    """Bind variables by a VALUES block opening the first WHERE group (IRIs validated by pyoxigraph)."""
    names = " ".join(f"?{name}" for name in iris)
    values = " ".join(str(ox.NamedNode(iri)) for iri in iris.values())
    block = f"VALUES ({names}) {{ ({values}) }} "
    match = _WHERE.search(sparql)
    if match is None:
        raise ValueError("the query has no WHERE clause to bind variables in")
    return sparql[: match.end()] + " " + block + sparql[match.end() :]

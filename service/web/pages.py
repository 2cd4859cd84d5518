"""Linked data: /id/<slug> answers with an HTML page for people, Turtle or JSON-LD for programs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, Response, render_template, request

from service.graph import vocab
from service.graph.catalog import ref
from service.graph.engine import construct, select, serialize
from service.graph.store import GRAPH_FORMATS
from service.web import negotiation
from service.web.errors import ApiError
from service.web.state import knowledge

bp = Blueprint("pages", __name__)

# What /id/<slug> can answer, by media type.
RDF_MEDIA = {media: name for name, (media, _) in GRAPH_FORMATS.items() if name not in {"json", "xml"}}
RDF_MEDIA["application/rdf+xml"] = "rdfxml"
PAGE_MEDIA = negotiation.offer("text/html", *RDF_MEDIA)


@bp.get("/id/<path:slug>")
def resource(slug: str) -> Response | str:
    """Dereference an IRI of the graph: an HTML page for browsers, RDF for RDF clients."""
    if not vocab.is_slug(slug):
        raise ApiError(404, f"No resource {slug!r}: identifiers are letters, digits, '-', '_', '.' and '/'.")
    iri = vocab.iri_for(slug)
    store = knowledge().store.source
    # No Accept header at all means anything goes: give the page.
    chosen = negotiation.best(PAGE_MEDIA) if request.accept_mimetypes else "text/html"
    if chosen is None:
        raise ApiError(406, f"/id/ answers as {', '.join(PAGE_MEDIA)}.")
    if chosen != "text/html":
        triples = list(construct(store, _DESCRIBE, {"this": iri}))
        if not triples:
            raise ApiError(404, f"The graph says nothing about {iri}.")
        name = RDF_MEDIA[chosen]
        body = serialize(triples, GRAPH_FORMATS[name][1], vocab.PREFIXES)
        response = Response(body, mimetype=GRAPH_FORMATS[name][0])
        response.vary.add("Accept")
        return response
    statements = _statements(iri)
    if not statements["out"] and not statements["in"]:
        raise ApiError(404, f"The graph says nothing about {iri}.")
    return render_template(
        "resource.html",
        iri=iri,
        slug=slug,
        label=statements["label"] or vocab.compact(iri),
        out=statements["out"],
        incoming=statements["in"],
    )


def _statements(iri: str) -> dict[str, Any]:
    """Group what the graph says about a resource (and what points to it) for the page."""
    store = knowledge().store.source
    catalog = knowledge().catalog
    outgoing: dict[str, list[dict[str, Any]]] = defaultdict(list)
    incoming: dict[str, list[dict[str, Any]]] = defaultdict(list)
    label = None
    for row in select(store, vocab.sparql_prefixes(("rdfs",)) + _OUT, {"this": iri}):
        predicate, value, graph = row["p"].value, row["o"], row["g"].value
        if predicate == vocab.RDFS_LABEL and label is None:
            label = value.value
        outgoing[vocab.compact(predicate)].append(_value(value, row["label"], catalog.source_of(graph)))
    for row in select(store, vocab.sparql_prefixes(("rdfs",)) + _IN, {"this": iri}):
        incoming[vocab.compact(row["p"].value)].append(_value(row["s"], row["label"], None))
    return {"label": label, "out": dict(sorted(outgoing.items())), "in": dict(sorted(incoming.items()))}


def _value(term: Any, label: Any, source: dict[str, Any] | None) -> dict[str, Any]:
    if hasattr(term, "datatype"):  # a literal
        return {"literal": term.value, "language": term.language, "source": source}
    entry: dict[str, Any] = {**ref(term.value, label.value if label is not None else None)}
    entry["local"] = vocab.slug_of(term.value) is not None
    entry["source"] = source
    return entry


_OUT = """SELECT ?this ?p ?o ?g ?label WHERE {
  GRAPH ?g { ?this ?p ?o }
  OPTIONAL { ?o rdfs:label ?label }
} ORDER BY ?p ?o"""
_IN = """SELECT DISTINCT ?this ?s ?p ?label WHERE {
  ?s ?p ?this . FILTER(isIRI(?s))
  OPTIONAL { ?s rdfs:label ?label }
} ORDER BY ?p ?s LIMIT 500"""
_DESCRIBE = "CONSTRUCT { ?this ?p ?o . ?s ?q ?this } WHERE { { ?this ?p ?o } UNION { ?s ?q ?this } }"

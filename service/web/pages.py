"""Linked data: /id/<slug> answers with an HTML page for people, Turtle or JSON-LD for programs."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from service import vocab
from service.knowledge import resources
from service.query.engine import serialize
from service.query.formats import GRAPH_FORMATS, RDF_MEDIA
from service.web import negotiation
from service.web.errors import ApiError
from service.web.state import knowledge, queries

bp = Blueprint("pages", __name__)

# What /id/<slug> can answer: a page, or the resource's description as an RDF document.
PAGE_MEDIA = negotiation.offer("text/html", *RDF_MEDIA)


@bp.get("/id/<path:slug>")
def resource(slug: str) -> Response | str:
    """Dereference an IRI of the graph: an HTML page for browsers, RDF for RDF clients."""
    if not vocab.is_slug(slug):
        raise ApiError(404, f"No resource {slug!r}: identifiers are letters, digits, '-', '_', '.' and '/'.")
    iri = vocab.iri_for(slug)
    source = queries(cut=True)  # the resource's document is cut at the row limit, and says so
    # No Accept header at all means anything goes: give the page.
    chosen = negotiation.best(PAGE_MEDIA) if request.accept_mimetypes else "text/html"
    if chosen is None:
        raise ApiError(406, f"/id/ answers as {', '.join(PAGE_MEDIA)}.")
    if chosen != "text/html":
        triples = resources.description(source, iri)
        if not triples:
            raise ApiError(404, f"The graph says nothing about {iri}.")
        name = RDF_MEDIA[chosen]
        body = serialize(triples, GRAPH_FORMATS[name][1], vocab.PREFIXES)
        response = Response(body, mimetype=GRAPH_FORMATS[name][0])
        response.vary.add("Accept")
        if source.truncated:  # cut at the row limit, as /sparql says it
            response.headers["X-StackAtlas-Truncated"] = "true"
        return response
    said = resources.statements(source, knowledge().catalog, iri)
    if said.empty:
        raise ApiError(404, f"The graph says nothing about {iri}.")
    return render_template(
        "resource.html",
        iri=iri,
        slug=slug,
        label=said.label or vocab.compact(iri),
        out=said.outgoing,
        incoming=said.incoming,
    )

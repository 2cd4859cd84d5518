"""Every serialisation the service writes, by name and by media type, in one place.

Names are what `format=` and `stackatlas ... --format` take; media types are what Accept asks for.
"xml" and "json" name the SPARQL results formats for SELECT/ASK, and RDF/XML and JSON-LD for
CONSTRUCT/DESCRIBE.
"""

from __future__ import annotations

import pyoxigraph as ox

# Name -> (media type, pyoxigraph format).
SOLUTION_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPH_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "json": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
# Whole datasets, named graphs kept (`stackatlas export`).
DATASET_FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
# Spellings format= also takes, by kind of answer.
GRAPH_ALIASES = {"turtle": "ttl", "ntriples": "nt", "xml": "rdfxml", "json": "jsonld"}
SOLUTION_ALIASES = {"turtle": "ttl", "ntriples": "nt"}

# Media type -> name, for content negotiation: the registered types first, then the older or broader
# spellings clients still send (application/json, text/xml, text/plain).
SOLUTION_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# A graph as an RDF document: what /id/<slug> and the service description offer.
RDF_MEDIA = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
# A CONSTRUCT or DESCRIBE answer on /sparql: the RDF documents, and the broader spellings.
GRAPH_MEDIA = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}

"""The endpoint described in the SPARQL 1.1 Service Description vocabulary, for a query-less GET of /sparql."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
# What the description is written with: the graph's prefixes and sd:.
PREFIXES = {**vocab.PREFIXES, "sd": SD}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint_url: str, version: str) -> list[ox.Triple]:
    """Describe the endpoint at `endpoint_url`, serving the dataset `version`, in the Service Description vocabulary."""
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("defaultGraph")
    rdf_type = ox.NamedNode(vocab.RDF_TYPE)
    triples = [
        ox.Triple(service, rdf_type, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint_url)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, _sd("Dataset")),
        ox.Triple(dataset, ox.NamedNode(vocab.PREFIXES["dct"] + "hasVersion"), ox.Literal(version)),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, _sd("Graph")),
        ox.Triple(
            default,
            ox.NamedNode(vocab.PREFIXES["rdfs"] + "comment"),
            ox.Literal("The merge of the named graphs, each triple once; a named graph is one source section."),
        ),
    ]
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS_NS + name)) for name in RESULT_FORMATS]
    return triples

"""The queries the explorer's page sends to /sparql itself: the labels and types of what it shows, and its export.

The page puts the IRIs of the resources in view where RESOURCES_SLOT stands (each checked, then written as <iri>).
"""

from __future__ import annotations

from service import vocab
from service.knowledge.neighbourhood import TYPE_VALUES

RESOURCES_SLOT = "%RESOURCES%"
# The labels and types of resources a CONSTRUCT or DESCRIBE answer did not carry (a DESCRIBE gives none for objects).
LABELS_QUERY = f"""SELECT ?s ?label ?type WHERE {{ VALUES ?s {{ {RESOURCES_SLOT} }}
  OPTIONAL {{ ?s <{vocab.RDFS_LABEL}> ?label }} OPTIONAL {{ VALUES ?type {{ {TYPE_VALUES} }} ?s a ?type }} }}"""
# The statements among the visible resources, their labels and types, and the pros and cons drawn as
# "praised for" / "criticised for" edges (an assessment node between framework and aspect): the Turtle export.
EXPORT_QUERY = (
    vocab.sparql_prefixes(("rdfs", "sa", "dct"))
    + f"""CONSTRUCT {{ ?s ?p ?o . ?s rdfs:label ?label . ?s a ?type .
            ?s ?has ?assessment . ?assessment sa:aspect ?aspect ; dct:description ?description . }}
WHERE {{
  VALUES ?s {{ {RESOURCES_SLOT} }}
  {{ VALUES ?o {{ {RESOURCES_SLOT} }} ?s ?p ?o }}
  UNION {{ ?s rdfs:label ?label }}
  UNION {{ VALUES ?type {{ {TYPE_VALUES} }} ?s a ?type }}
  UNION {{ VALUES ?has {{ sa:hasPro sa:hasCon }} VALUES ?aspect {{ {RESOURCES_SLOT} }}
          ?s ?has ?assessment . ?assessment sa:aspect ?aspect ; dct:description ?description . }}
}}"""
)


def page_queries() -> dict[str, str]:
    """Return the page's queries and the slot it fills with the IRIs in view."""
    return {"slot": RESOURCES_SLOT, "labels": LABELS_QUERY, "export": EXPORT_QUERY}

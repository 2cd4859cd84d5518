"""The example queries the SPARQL editor offers: questions this graph answers, each showing a part of the model."""

from __future__ import annotations

from dataclasses import dataclass

from service import vocab


@dataclass(frozen=True)
class Example:
    """One example: its title, and the query with the PREFIX lines it uses."""

    title: str
    body: str

    @property
    def query(self) -> str:
        """The query as sent: the declarations of only the prefixes it uses, so the query itself comes first."""
        used = tuple(name for name in vocab.PREFIXES if f"{name}:" in self.body)
        return vocab.sparql_prefixes(used) + self.body


_WRITTEN: tuple[tuple[str, str], ...] = (
    (
        "Python frameworks suited to APIs",
        """SELECT DISTINCT ?framework ?label WHERE {
  ?framework a sa:Framework ; rdfs:label ?label ;
             sa:language id:python ;
             sa:suitedFor/skos:broaderTransitive? id:apis .
} ORDER BY ?label""",
    ),
    (
        "Python frameworks suited to APIs, only from what the article says",
        """SELECT DISTINCT ?framework ?label WHERE {
  ?framework a sa:Framework ; rdfs:label ?label .
  GRAPH ?s1 { ?framework sa:language id:python }
  GRAPH ?s2 { ?framework sa:suitedFor ?use }
  ?use skos:broaderTransitive? id:apis .
  ?s1 dct:isPartOf id:source\\/top-backend-frameworks-2025 .
  ?s2 dct:isPartOf id:source\\/top-backend-frameworks-2025 .
} ORDER BY ?label""",
    ),
    (
        "Frameworks whose con is the learning curve, with the section that says so",
        """SELECT ?framework ?description ?section WHERE {
  ?framework sa:hasCon ?con .
  ?con sa:aspect id:learning-curve ; dct:description ?description ; dct:source ?section .
} ORDER BY ?framework""",
    ),
    (
        "Recommendations for beginners, with their reasons",
        """SELECT ?framework ?recommendation ?reason ?section WHERE {
  ?advice sa:recommends ?framework ; sa:forAudience id:beginners ;
          rdfs:label ?recommendation ; dct:description ?reason ; dct:source ?section .
} ORDER BY ?framework""",
    ),
    (
        "What the article says about Django, and what the curation adds",
        """SELECT ?property ?value ?section ?source WHERE {
  GRAPH ?section { id:django ?property ?value }
  ?section dct:isPartOf ?source .
} ORDER BY ?source ?section ?property""",
    ),
    (
        "The use-case hierarchy",
        """SELECT ?useCase ?label ?broader WHERE {
  ?useCase a sa:UseCase ; skos:prefLabel ?label .
  OPTIONAL { ?useCase skos:broader/skos:prefLabel ?broader }
} ORDER BY ?broader ?label""",
    ),
    (
        "Everything about Flask as a graph (CONSTRUCT)",
        """CONSTRUCT { id:flask ?p ?o } WHERE { id:flask ?p ?o }""",
    ),
)

EXAMPLES = tuple(Example(title, body) for title, body in _WRITTEN)


def example(title: str) -> Example:
    """The example of this title (KeyError when there is none)."""
    for each in EXAMPLES:
        if each.title == title:
            return each
    raise KeyError(title)

"""What the catalog asks the graph: the facets and relations it reads, and its SPARQL texts."""

from __future__ import annotations

from service import vocab

# The vocabularies a facet can name, by the class of their concepts.
FACETS: dict[str, str] = {
    "language": vocab.PROGRAMMING_LANGUAGE,
    "use_case": vocab.USE_CASE,
    "aspect": vocab.ASPECT,
    "audience": vocab.AUDIENCE,
    "feature": vocab.FEATURE,
    "licence": vocab.LICENCE,
    "style": vocab.ARCHITECTURAL_STYLE,
    # What the public datasets say of frameworks (TechEmpower's class, what its set-ups use).
    "classification": vocab.ONTOLOGY + "BenchmarkClassification",
    "database": vocab.ONTOLOGY + "Database",
    "orm": vocab.ONTOLOGY + "OrmClass",
    "platform": vocab.ONTOLOGY + "Platform",
    "server": vocab.ONTOLOGY + "WebServer",
    "framework": vocab.FRAMEWORK,
    "runtime": vocab.RUNTIME,
    "source": vocab.ONTOLOGY + "Source",
}

# Properties shown on a framework's record, with the key they take in the API.
RELATIONS: dict[str, str] = {
    "language": vocab.ONTOLOGY + "language",
    "use_cases": vocab.ONTOLOGY + "suitedFor",
    "built_on": vocab.ONTOLOGY + "builtOn",
    "runs_on": vocab.ONTOLOGY + "runsOn",
    "part_of": vocab.ONTOLOGY + "partOf",
    "features": vocab.ONTOLOGY + "hasFeature",
    "style": vocab.ONTOLOGY + "style",
    "benchmark_classification": vocab.ONTOLOGY + "benchmarkClassification",
    "benchmarked_with": vocab.ONTOLOGY + "benchmarkedWith",
    "benchmarked_orm": vocab.ONTOLOGY + "benchmarkedOrm",
    "benchmarked_platform": vocab.ONTOLOGY + "benchmarkedPlatform",
    "benchmarked_on": vocab.ONTOLOGY + "benchmarkedOn",
    "licence": vocab.PREFIXES["dct"] + "license",
    "homepage": "http://usefulinc.com/ns/doap#homepage",
    "repository": "https://schema.org/codeRepository",
    "kind": vocab.ONTOLOGY + "kind",
}

# Licences are the SPDX licence documents the graph describes and any licence a framework has, each also called by its
# SPDX id (dct:identifier).
LICENCE_TERMS_QUERY = """
SELECT DISTINCT ?term ?name ?kind WHERE {
  { ?term a dct:LicenseDocument } UNION { ?framework dct:license ?term FILTER(isIRI(?term)) }
  { ?term rdfs:label ?name BIND("label" AS ?kind) } UNION { ?term skos:altLabel ?name BIND("alt" AS ?kind) }
  UNION { ?term dct:identifier ?name BIND("alt" AS ?kind) }
} ORDER BY ?term ?kind ?name"""

# What a framework's record says of it, each with the graph (source section) that says it.
DESCRIPTIONS_QUERY = """
SELECT ?this ?p ?text ?g WHERE {
  VALUES ?p { dct:description rdfs:comment }
  GRAPH ?g { ?this ?p ?text }
} ORDER BY ?p ?g"""

TERMS_QUERY = """
SELECT DISTINCT ?term ?name ?kind WHERE {
  ?term a ?class .
  { ?term rdfs:label ?name BIND("label" AS ?kind) } UNION { ?term skos:altLabel ?name BIND("alt" AS ?kind) }
} ORDER BY ?term ?kind ?name"""

SECTIONS_QUERY = """
SELECT ?section ?label ?source ?sourceLabel ?curated WHERE {
  ?section a sa:SourceSection ; dct:isPartOf ?source .
  OPTIONAL { ?section rdfs:label ?label }
  OPTIONAL { ?source rdfs:label ?sourceLabel }
  BIND(EXISTS { ?source a sa:Curation } AS ?curated)
}"""

HEADING_QUERY = """
SELECT ?this ?label ?comment ?type WHERE {
  ?this rdfs:label ?label .
  OPTIONAL { ?this rdfs:comment ?comment }
  OPTIONAL { ?this a ?type FILTER(?type IN (sa:Framework, sa:Runtime)) }
}"""

RELATIONS_QUERY = f"""
SELECT ?this ?p ?o ?label ?g WHERE {{
  VALUES ?p {{ {" ".join(f"<{iri}>" for iri in RELATIONS.values())} }}
  GRAPH ?g {{ ?this ?p ?o }}
  OPTIONAL {{ ?o rdfs:label ?label }}
}} ORDER BY ?p ?o ?g"""

ASSESSMENTS_QUERY = """
SELECT ?this ?a ?kind ?label ?description ?source ?aspect ?aspectLabel WHERE {
  VALUES ?kind { sa:hasPro sa:hasCon }
  ?this ?kind ?a .
  ?a rdfs:label ?label ; dct:description ?description ; dct:source ?source ; sa:aspect ?aspect .
  OPTIONAL { ?aspect rdfs:label ?aspectLabel }
} ORDER BY ?a ?aspect"""

RECOMMENDATIONS_QUERY = """
SELECT ?this ?r ?label ?description ?source ?audience ?audienceLabel WHERE {
  ?r sa:recommends ?this ; rdfs:label ?label ; dct:description ?description ;
     dct:source ?source ; sa:forAudience ?audience .
  OPTIONAL { ?audience rdfs:label ?audienceLabel }
} ORDER BY ?r ?audience"""

USED_BY_QUERY = """
SELECT DISTINCT ?this ?other ?label WHERE {
  { ?other sa:builtOn ?this } UNION { ?other sa:runsOn ?this }
  OPTIONAL { ?other rdfs:label ?label }
} ORDER BY ?label"""

SETUP_FIELDS = {
    vocab.ONTOLOGY + "benchmarkClassification": "classification",
    vocab.ONTOLOGY + "ormClass": "orm",
    vocab.ONTOLOGY + "database": "database",
    vocab.ONTOLOGY + "platform": "platform",
    vocab.ONTOLOGY + "webServer": "servers",
    vocab.ONTOLOGY + "approach": "approach",
}

SETUPS_QUERY = f"""
SELECT ?this ?setup ?label ?identifier ?broken ?section ?p ?o ?oLabel ?version WHERE {{
  ?setup sa:setupOf ?this ; rdfs:label ?label ; dct:identifier ?identifier ; dct:source ?section .
  OPTIONAL {{ ?setup sa:broken ?broken }}
  OPTIONAL {{ VALUES ?p {{ {" ".join(f"<{iri}>" for iri in SETUP_FIELDS)} }}
             ?setup ?p ?o . OPTIONAL {{ ?o rdfs:label ?oLabel }} }}
  OPTIONAL {{ ?setup sa:testedVersion ?version }}
}} ORDER BY ?setup ?p ?o ?version"""

BROADER_QUERY = """
SELECT ?u ?broader WHERE { ?u a sa:UseCase OPTIONAL { ?u skos:broader ?broader } }"""

_COUNT = "SELECT ?term (COUNT(DISTINCT ?f) AS ?n) WHERE {{ ?f a sa:Framework ; {path} ?term }} GROUP BY ?term"
COUNT_QUERIES = {
    "language": _COUNT.format(path="sa:language"),
    "use_case": _COUNT.format(path="sa:suitedFor"),
    # What the pro= and con= filters list together: a pro or con on the aspect or a narrower one, or a
    # recommendation for an audience related to it (ask/sparql.py's patterns).
    "aspect": """SELECT ?term (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a sa:Framework .
  { ?f sa:hasPro|sa:hasCon ?x . ?x sa:aspect/skos:broaderTransitive? ?term }
  UNION { ?x sa:recommends ?f ; sa:forAudience ?for . ?for skos:related ?term } } GROUP BY ?term""",
    "audience": _COUNT.format(path="^sa:recommends/sa:forAudience"),
    "classification": _COUNT.format(path="sa:benchmarkClassification"),
    "database": _COUNT.format(path="sa:benchmarkedWith"),
    "orm": _COUNT.format(path="sa:benchmarkedOrm"),
    "platform": _COUNT.format(path="sa:benchmarkedPlatform"),
    "server": _COUNT.format(path="sa:benchmarkedOn"),
}

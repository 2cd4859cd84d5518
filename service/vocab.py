"""Namespaces, classes and properties: the only place the project spells IRIs."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

BASE: Final = "https://w3id.org/stackatlas/id/"
ONTOLOGY: Final = "https://w3id.org/stackatlas/ontology#"
ONTOLOGY_GRAPH: Final = "https://w3id.org/stackatlas/ontology"
ARTICLE: Final = BASE + "source/top-backend-frameworks-2025"
CURATION: Final = BASE + "source/stackatlas-curation"
INFERRED_GRAPH: Final = BASE + "graph/inferred"
SOURCES_GRAPH: Final = BASE + "graph/sources"
SIMILARITY_GRAPH: Final = BASE + "graph/similarity"
DATASET: Final = BASE + "dataset"
FILE_GRAPH_BASE: Final = BASE + "graph/file/"

# Prefixes declared in every generated query, result table and editor page.
PREFIXES: Final[dict[str, str]] = {
    "sa": ONTOLOGY,
    "id": BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "doap": "http://usefulinc.com/ns/doap#",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
}

RDF_TYPE: Final = PREFIXES["rdf"] + "type"
RDFS_LABEL: Final = PREFIXES["rdfs"] + "label"
SKOS_ALT_LABEL: Final = PREFIXES["skos"] + "altLabel"

FRAMEWORK: Final = ONTOLOGY + "Framework"
RUNTIME: Final = ONTOLOGY + "Runtime"
PROGRAMMING_LANGUAGE: Final = ONTOLOGY + "ProgrammingLanguage"
USE_CASE: Final = ONTOLOGY + "UseCase"
ASPECT: Final = ONTOLOGY + "Aspect"
AUDIENCE: Final = ONTOLOGY + "Audience"
FEATURE: Final = ONTOLOGY + "Feature"
ARCHITECTURAL_STYLE: Final = ONTOLOGY + "ArchitecturalStyle"
LICENCE: Final = PREFIXES["dct"] + "LicenseDocument"
SPDX: Final = "https://spdx.org/licenses/"  # a licence's IRI is its SPDX id under this base


def sparql_prefixes(names: tuple[str, ...] | None = None) -> str:
    """Return PREFIX declarations for the given prefix names (all when None)."""
    chosen = names if names is not None else tuple(PREFIXES)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in chosen)


# Slugs are words of letters, digits, "-", "_" and ".", joined by "/" (flask, django/con/learning-curve).
SLUG_PATTERN: Final = r"[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    """Tell whether text is a well-formed slug, safe to put inside an IRI in a query."""
    return _SLUG.fullmatch(text) is not None


def iri_for(slug: str) -> str:
    """Return the IRI of the resource with this slug."""
    return BASE + slug


def slug_of(iri: str) -> str | None:
    """Return the slug of an IRI under the project's base, or None for any other IRI."""
    return iri[len(BASE) :] if iri.startswith(BASE) else None


def slug_or_iri(iri: str) -> str:
    """Return the id the API gives a resource: its slug, or the IRI itself outside the project's base."""
    return slug_of(iri) or iri


@lru_cache(maxsize=65_536)  # the prefixes never change; a start-up compacts ~15,000 IRIs, many of them again
def compact(iri: str) -> str:
    """Return the shortest prefixed name for an IRI, or the IRI in angle brackets."""
    best = ""
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, chosen = namespace, name
    if not best:
        return f"<{iri}>"
    return f"{chosen}:{iri[len(best) :]}"

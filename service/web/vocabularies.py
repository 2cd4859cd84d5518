"""/api/languages, /api/aspects, ... and /api/use-cases: the vocabularies, with how many frameworks each term has
(knowledge/vocabulary.py, computed once per dataset version)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from service.knowledge.answers import TermList, UseCaseTree
from service.web import declare
from service.web.declare import Endpoint
from service.web.state import knowledge

bp = Blueprint("vocabularies", __name__)

# Route → (facet, summary): each a list of the facet's terms.
TERM_LISTS = {
    "/languages": ("language", "Programming languages."),
    "/aspects": ("aspect", "Aspects that pros and cons are about."),
    "/audiences": ("audience", "Audiences that recommendations address."),
    "/classifications": ("classification", "TechEmpower's classifications."),
    "/databases": ("database", "Databases benchmark set-ups use."),
    "/platforms": ("platform", "Platforms benchmark set-ups run on."),
}


def _term_list_view(facet: str) -> declare.View:
    def view() -> Response:
        answer: TermList = {"results": knowledge().vocabularies.terms(facet)}
        return jsonify(answer)

    view.__name__ = facet
    view.__doc__ = f"List the terms of the {facet} facet."
    return view


for _rule, (_facet, _summary) in TERM_LISTS.items():
    declare.get(bp, _rule, Endpoint(_summary, "TermList"))(_term_list_view(_facet))


@declare.get(bp, "/use-cases", Endpoint("Use cases as a tree.", "UseCaseTree"))
def use_cases() -> Response:
    """List use cases as a tree (skos:broader), each with its narrower use cases."""
    answer: UseCaseTree = {"results": knowledge().vocabularies.use_cases}
    return jsonify(answer)

"""The record's and the answer's shapes: what they require, as the OpenAPI document made from them says."""

from __future__ import annotations

from service.knowledge.catalog_queries import RELATIONS
from service.knowledge.record_answers import Answer, Framework
from service.web.schemas import declared


def test_a_record_requires_its_name_and_the_claims_every_framework_has() -> None:
    made = declared(Framework=Framework)
    assert made["Framework"]["required"] == [
        *("id", "label", "iri", "language", "use_cases", "built_on", "runs_on"),
        *("pros", "cons", "recommendations"),
    ]
    assert made["Assessment"]["properties"]["kind"] == {"type": "string", "enum": ["pro", "con"]}
    assert made["Maintained"]["properties"]["as_of"] == {"type": "string", "format": "date"}


def test_an_answer_requires_the_question_its_reading_and_its_results() -> None:
    made = declared(Answer=Answer)
    assert made["Answer"]["required"] == ["question", "interpretation", "sparql", "results"]
    assert made["Answer"]["properties"]["sparql"] == {"type": "string", "nullable": True}


def test_a_record_shape_names_every_relation_the_catalog_reads() -> None:
    # The catalog fills each claim key by name: a relation added to RELATIONS must be added to the shape too.
    assert set(RELATIONS) <= set(Framework.__annotations__)

"""/api/ask (a question in English) and /api/path (how two resources connect)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, jsonify

from service import vocab
from service.knowledge.answers import Paths
from service.knowledge.ask.reading import read_question
from service.knowledge.ask.reply import reply
from service.web import declare
from service.web.declare import Endpoint, Param
from service.web.errors import ApiError
from service.web.state import knowledge, queries

bp = Blueprint("questions", __name__)

MAX_QUESTION = 500
NOTHING = (
    "No word of the question names a language, use case, aspect, audience or framework "
    "in the graph, so there is nothing to look for."
)

ASK = Endpoint(
    "Answer an English question such as 'Python frameworks suited to APIs'.",
    "Answer",
    (
        Param(
            "q",
            "The question.",
            required=True,
            strip=True,
            max_length=MAX_QUESTION,
            missing="Ask something with the q parameter, e.g. /api/ask?q=Python frameworks suited to APIs",
            too_long=f"A question is at most {MAX_QUESTION} characters.",
        ),
        Param(
            "as_of",
            "The date 'supported', 'LTS' and 'maintained' are judged on (default: today); the answer says it.",
            kind=dt.date,
            example="2026-12-07",
        ),
    ),
    (400,),
)


@declare.get(bp, "/ask", ASK)
def ask(q: str, as_of: dt.date | None) -> Response:
    """Answer a question in English: the results, why each matches, the reading and the SPARQL."""
    lexicon, figures = knowledge().lexicon, knowledge().figures
    reading = read_question(lexicon, q, figures=figures)
    body: dict[str, Any] = {"question": q, "interpretation": reading.as_json()}
    similarity = knowledge().similarity if reading.intent == "comparison" else None
    found = reply(
        knowledge().catalog,
        reading,
        queries(),
        similarity,
        figures=figures,
        lifecycles=knowledge().lifecycles,
        popularity=knowledge().popularity,
        day=as_of,
    )
    if found["kind"] == "nothing":
        found["message"] = NOTHING
        found["suggestions"] = lexicon.suggestions(reading.ignored)
    return jsonify({**body, **found})


def _end(name: str, argument: str, where: str) -> Param:
    return declare.slug(
        name,
        f"Slug where paths {where}.",
        required=True,
        strip=True,
        argument=argument,
        missing=f"Parameter {name!r} is required: a slug such as flask or python.",
    )


PATH = Endpoint(
    "Shortest connections between two resources (e.g. flask and django).",
    "Paths",
    (
        _end("from", "start", "start"),
        _end("to", "end", "end"),
        Param("k", "How many paths.", kind=int, default=3, low=1, high=10),
    ),
    (400, 404),
)


@declare.get(bp, "/path", PATH)
def path(start: str, end: str, k: int) -> Response:
    """Return the shortest connections between two resources, with the statements along them."""
    paths = knowledge().paths
    for parameter, slug in (("from", start), ("to", end)):
        if vocab.iri_for(slug) not in paths:
            raise ApiError(404, f"No resource {slug!r} to start or end a path at.", parameter=parameter)
    ends = vocab.iri_for(start), vocab.iri_for(end)
    answer: Paths = {"from": ends[0], "to": ends[1], "paths": paths.paths(*ends, k)}
    return jsonify(answer)

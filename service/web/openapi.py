"""The OpenAPI 3 document of /api, generated from the endpoint declarations (web/declare.py) the app routes to."""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import Any

from flask import Flask

from service.web import schemas
from service.web.declare import DECLARED, Endpoint, Param

DISTRIBUTION = "stackatlas"
DESCRIPTION = (
    "Backend web frameworks as a knowledge graph. Every answer carries its evidence (the triples and source "
    "sections behind it) and the SPARQL that produced it, runnable on /sparql."
)
NOT_MODIFIED = {"description": "Not modified (If-None-Match matched the ETag)"}
ERROR = {"description": "Error", "content": {"application/json": {"schema": schemas.ref("Error")}}}


def document(app: Flask) -> dict[str, Any]:
    """Return the OpenAPI 3.0 document of every declared /api route of the app (made once per app)."""
    kept: dict[str, Any] | None = app.extensions.get("stackatlas.openapi")
    if kept is None:
        kept = app.extensions["stackatlas.openapi"] = _document(app)
    return kept


def _document(app: Flask) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for rule in app.url_map.iter_rules():
        declared = DECLARED.get(app.view_functions[rule.endpoint])
        if declared is not None and rule.rule.startswith("/api/"):
            paths[re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)] = {"get": operation(declared)}
    return {
        "openapi": "3.0.3",
        "info": {"title": "StackAtlas API", "version": version(DISTRIBUTION), "description": DESCRIPTION},
        "paths": paths,
        "components": {"schemas": schemas.components()},
    }


def operation(declared: Endpoint) -> dict[str, Any]:
    """Describe one declared operation: summary, parameters, and its answers."""
    ok = {"description": "OK", "content": {"application/json": {"schema": schemas.ref(declared.response)}}}
    responses: dict[str, Any] = {"200": ok, "304": NOT_MODIFIED}
    responses.update({str(status): ERROR for status in declared.errors})
    return {"summary": declared.summary, "parameters": [parameter(p) for p in declared.params], "responses": responses}


def parameter(param: Param) -> dict[str, Any]:
    """Describe one declared parameter."""
    described: dict[str, Any] = {
        "name": param.name,
        "in": param.where,
        "required": param.required or param.where == "path",
        "description": param.description,
        "schema": schemas.array(param.schema()) if param.many else param.schema(),
    }
    if param.many:
        described.update(style="form", explode=True)
    return described

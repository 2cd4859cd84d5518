"""/api: the blueprint of every JSON route family, and the OpenAPI document made from their declarations."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, render_template

from service.web import explorer_data, frameworks, openapi, questions, vocabularies

bp = Blueprint("api", __name__, url_prefix="/api")
for family in (frameworks, questions, vocabularies, explorer_data):
    bp.register_blueprint(family.bp)


@bp.get("/openapi.json", endpoint="openapi")
def openapi_json() -> Response:
    """Return the OpenAPI 3 description of /api."""
    return jsonify(openapi.document(current_app))


@bp.get("/")
@bp.get("/docs")
def docs() -> str:
    """Show the API documentation for people, generated from the OpenAPI document."""
    return render_template("api_docs.html", spec=openapi.document(current_app))

"""StackAtlas: a knowledge graph of backend web frameworks and the service that answers on it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from service import settings
from service.graph.knowledge import Knowledge
from service.graph.load import load_dataset
from service.graph.store import EmbeddedStore


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the web application: settings, then the store, then the blueprints."""
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep "id", "label" first, as built
    app.config.from_mapping(settings.defaults())
    if config:
        app.config.update(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    data = app.config["DATA"]
    dataset = load_dataset(Path(data) if data else None, check=app.config["VALIDATE"])
    store = EmbeddedStore(dataset)
    app.extensions["stackatlas.store"] = store
    app.extensions["stackatlas.knowledge"] = Knowledge(store)

    from service.web import api, errors, explore, health, http, pages, sparql

    errors.register(app)
    http.init_app(app)
    sparql.init_app(app)
    for blueprint in (health.bp, sparql.bp, api.bp, pages.bp, explore.bp):
        app.register_blueprint(blueprint)
    return app

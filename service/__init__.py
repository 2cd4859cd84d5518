"""StackAtlas: a knowledge graph of backend web frameworks and the service that answers on it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from service import settings
from service.knowledge.derived import KNOWN, load_known_dataset
from service.knowledge.facade import Knowledge
from service.loading import kept
from service.loading.load import open_remote
from service.query.store import EmbeddedStore, Store

REMOTE_SCHEME = "sparql+"


def open_store(config: Mapping[str, Any]) -> Store:
    """Open the configured store: a remote endpoint (STORE), or the data loaded in process."""
    remote = config.get("STORE")
    if remote:
        url = remote.removeprefix(REMOTE_SCHEME)
        return open_remote(url, timeout=float(config["QUERY_TIMEOUT"]))
    data = Path(config["DATA"]) if config.get("DATA") else None
    mode = str(config.get("KEEP_STORE", "auto")).lower()
    if mode not in {"on", "off", "auto"}:
        raise settings.SettingError(f"KEEP_STORE={mode!r} is not one of on, off, auto")
    if kept.worth_keeping(data, mode):
        folder = kept.store_folder(config.get("STORE_FOLDER"))
        # A new version is served from memory at once; its store is written for the next start meanwhile.
        dataset, _ = kept.kept_dataset(data, check=config["VALIDATE"], folder=folder, derived=KNOWN)
        return EmbeddedStore(dataset)
    return EmbeddedStore(load_known_dataset(data, check=config["VALIDATE"]))


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the web application: settings, then the store, then the blueprints."""
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep "id", "label" first, as built
    app.config.from_mapping(settings.defaults())
    if config:
        app.config.update(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    store = open_store(app.config)
    app.extensions["stackatlas.store"] = store
    knowledge = Knowledge(store)
    knowledge.warm()
    app.extensions["stackatlas.knowledge"] = knowledge

    from service.web import api, errors, explore, health, http, pages, sparql, state

    errors.register(app)
    state.init_app(app)
    http.init_app(app)
    sparql.init_app(app)
    for blueprint in (health.bp, sparql.bp, api.bp, pages.bp, explore.bp):
        app.register_blueprint(blueprint)
    return app

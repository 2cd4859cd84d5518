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


def open_store(config: Mapping[str, Any]) -> tuple[Store, kept.Keeping | None]:
    """Open the configured store: a remote endpoint (STORE), or the data loaded in process.

    Returns the store, and the one to keep on disk for the next start when it is to be written (see create_app).
    """
    remote = config.get("STORE")
    if remote:
        url = remote.removeprefix(REMOTE_SCHEME)
        return open_remote(url, timeout=float(config["QUERY_TIMEOUT"])), None
    data = Path(config["DATA"]) if config.get("DATA") else None
    mode = str(config.get("KEEP_STORE", "auto")).lower()
    if mode not in {"on", "off", "auto"}:
        raise settings.SettingError(f"KEEP_STORE={mode!r} is not one of on, off, auto")
    if kept.worth_keeping(data, mode):
        folder = kept.store_folder(config.get("STORE_FOLDER"))
        # A new version is served from memory at once; its store is written for the next start meanwhile.
        dataset, keeping = kept.kept_dataset(data, check=config["VALIDATE"], folder=folder, derived=KNOWN)
        return EmbeddedStore(dataset), keeping
    return EmbeddedStore(load_known_dataset(data, check=config["VALIDATE"])), None


def create_app(config: Mapping[str, Any] | None = None, *, writer_at_fork: bool = False) -> Flask:
    """Create the web application: settings, then the store, then the blueprints.

    A new dataset version kept on disk is written by a process forked at the end (served from memory meanwhile);
    with `writer_at_fork`, server.serve forks it instead, right before its workers.
    """
    app = Flask(__name__)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep "id", "label" first, as built
    app.config.from_mapping(settings.defaults())
    if config:
        app.config.update(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    store, keeping = open_store(app.config)
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
    if keeping is not None and writer_at_fork:
        app.extensions[kept.KEEPING] = keeping
    elif keeping is not None:
        keeping.start()  # after the warm-up's queries, which would copy the pages they read
    return app

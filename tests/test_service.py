"""service/__init__.py: create_app makes the settings, then the store, then the blueprints; nothing else."""

from __future__ import annotations

from flask import Flask

from service import create_app, open_store, settings
from service.query.store import EmbeddedStore, RemoteStore


def test_the_app_starts_on_the_settings_defaults(app: Flask) -> None:
    for key, value in settings.defaults().items():
        if key != "TESTING":
            assert app.config[key] == value, key


def test_the_body_limit_is_flasks_content_length_limit(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == app.config["MAX_BODY_BYTES"]


def test_every_route_family_is_registered(app: Flask) -> None:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert {"/healthz", "/sparql", "/api/frameworks", "/id/<path:slug>", "/"} <= rules


def test_the_store_in_use_answers_the_version_healthz_gives(app: Flask) -> None:
    store = app.extensions["stackatlas.store"]
    assert isinstance(store, EmbeddedStore)
    answer = app.test_client().get("/healthz").get_json()
    assert answer == {"status": "ok", "version": store.version}


def test_a_store_setting_opens_the_remote_endpoint(oxigraph_endpoint: str, app: Flask) -> None:
    store, keeping = open_store({"STORE": "sparql+" + oxigraph_endpoint, "QUERY_TIMEOUT": "5"})
    assert keeping is None  # nothing is kept of a remote store
    assert isinstance(store, RemoteStore)
    assert store.url == oxigraph_endpoint
    assert store.version == app.extensions["stackatlas.store"].version  # the same data, exported there


def test_a_setting_given_to_create_app_wins_over_the_default(oxigraph_endpoint: str) -> None:
    made = create_app({"TESTING": True, "STORE": "sparql+" + oxigraph_endpoint, "MAX_ROWS": 7})
    assert made.config["MAX_ROWS"] == 7
    assert isinstance(made.extensions["stackatlas.store"], RemoteStore)

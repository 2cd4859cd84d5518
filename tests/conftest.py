"""Shared fixtures: the bundled dataset, a store on it, the app, its test client and CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.graph import vocab
from service.graph.load import Dataset, load_dataset
from service.graph.store import EmbeddedStore

DATA = Path(__file__).parent / "data"
PREFIXES = vocab.sparql_prefixes()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The bundled graph, loaded and validated once for the session (read-only)."""
    return load_dataset()


@pytest.fixture(scope="session")
def store(dataset: Dataset) -> EmbeddedStore:
    """A store on the bundled graph."""
    return EmbeddedStore(dataset)


@pytest.fixture
def select(store: EmbeddedStore):
    """Run a SELECT (standard prefixes declared) and return its rows as plain dicts."""

    def run(body: str) -> list[dict[str, str]]:
        return store.query(PREFIXES + body).records()

    return run


@pytest.fixture(scope="session")
def app() -> Flask:
    """The web app on the bundled graph."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A test client for the app."""
    with app.test_client() as test_client:
        yield test_client


@pytest.fixture
def runner() -> CliRunner:
    """A runner for the `stackatlas` command."""
    return CliRunner()

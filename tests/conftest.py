"""Shared fixtures: the bundled dataset, a store on it, the app, its test client and CLI runner."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real service (`stackatlas serve`, gunicorn) on a free port; yields its base URL.

    The query timeout is short so that runaway-query tests finish quickly.
    """
    port = _free_port()
    command = [str(Path(sys.executable).parent / "stackatlas"), "serve", "--port", str(port), "--workers", "2"]
    env = {**os.environ, "STACKATLAS_QUERY_TIMEOUT": "2", "STACKATLAS_MAX_ROWS": "500"}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()

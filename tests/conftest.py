"""Shared fixtures: the bundled dataset, a store on it, the app, its test client and CLI runner."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_support import browser  # noqa: F401  (Chromium, for every module that needs it)
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from server_support import BIN, free_port, serve, start, stop
from virtuoso_support import remote_virtuoso_server, virtuoso_endpoint  # noqa: F401  (fixtures for every module)

from service import create_app, vocab
from service.knowledge.derived import load_known_dataset
from service.query.store import Dataset, EmbeddedStore

DATA = Path(__file__).parent / "data"
PREFIXES = vocab.sparql_prefixes()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The bundled graph, loaded and validated once for the session (read-only)."""
    return load_known_dataset()


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


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it is offered and closes each at once."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port: int = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        self._own = 0  # the connections settled() made
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._done.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def settled(self) -> int:
        """Connect once and return the count of connections others offered, once this one too is counted."""
        # Connections are accepted in the order they came: once ours is counted, every earlier one is.
        before = self.connections
        socket.create_connection(("127.0.0.1", self.port), timeout=10).close()
        self._own += 1
        while self.connections == before:
            self._done.wait(0.01)
        return self.connections - self._own

    def close(self) -> None:
        self._done.set()
        self._thread.join(timeout=2)
        self.socket.close()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    """A local listener for tests that prove nothing connects anywhere: compare `settled()` before and after."""
    made = Listener()
    yield made
    made.close()


@pytest.fixture
def own_server() -> Callable[..., tuple[subprocess.Popen[bytes], str]]:
    """`serve`, for a test that handles the server process itself (to kill it, say)."""
    return serve


@pytest.fixture(scope="session")
def start_service() -> Iterator[Callable[..., str]]:
    """Start `stackatlas serve` with extra options (and settings) and return its base URL; all stop at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(extra: list[str], settings: dict[str, str] | None = None) -> str:
        process, base = serve(extra, settings)
        started.append(process)
        return base

    yield start
    for process in started:
        stop(process)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real service (`stackatlas serve`, granian) on the bundled graph; yields its base URL."""
    process, base = serve([])
    yield base
    stop(process)


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server (the `oxigraph` binary from PyPI) holding the exported bundled graph, union default graph."""
    yield from _oxigraph(tmp_path_factory.mktemp("oxigraph"), ["nq"], ["--union-default-graph"])


@pytest.fixture(scope="session")
def merged_oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server whose real default graph is the merge: the N-Quads and N-Triples exports, no union flag."""
    yield from _oxigraph(tmp_path_factory.mktemp("oxigraph-merged"), ["nq", "nt"], [])


def _oxigraph(folder: Path, exports: list[str], flags: list[str]) -> Iterator[str]:
    # Load `stackatlas export` in each format into one database, serve it read-only, stop it after.
    database = folder / "db"
    for export_format in exports:
        export = folder / f"graph.{export_format}"
        subprocess.run([str(BIN / "stackatlas"), "export", "--format", export_format, "-o", str(export)], check=True)
        subprocess.run(
            [str(BIN / "oxigraph"), "load", "-l", str(database), "-f", str(export)], check=True, capture_output=True
        )
    port = free_port()
    command = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "-l",
        str(database),
        "-b",
        f"127.0.0.1:{port}",
        *flags,
        "--timeout-s",
        "2",
    ]
    process = start(command, dict(os.environ), f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    yield f"http://127.0.0.1:{port}/query"
    stop(process)


@pytest.fixture(scope="session")
def remote_live_server(oxigraph_endpoint: str) -> Iterator[str]:
    """The real service in two-tier mode: stateless, querying the Oxigraph server; yields its base URL."""
    process, base = serve(["--store", f"sparql+{oxigraph_endpoint}"])
    yield base
    stop(process)

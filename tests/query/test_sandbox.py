"""Query processes cannot open network connections, whatever the guard lets through, and refuse to run unconfined."""

from __future__ import annotations

import ctypes
import errno
import io
import json
import logging
import os
import socket
from pathlib import Path

import pytest

from service.query import sandbox
from service.query.executor import QueryPool
from service.query.jobs import Job, QueryFailed, QueryUnavailable

# The guard refuses all of these before they reach a query process; here they go straight to one.
SERVICE_QUERIES = (
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "ASK { ?s ?p ?o SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{localhost}> { ?s ?p ?o } }",
)


@pytest.fixture
def pool(store):
    made = QueryPool(store, size=1)
    yield made
    made.close()


def test_service_queries_cannot_connect_from_a_query_process(pool: QueryPool, listener) -> None:
    port, before = listener.port, listener.settled()
    for text in SERVICE_QUERIES:
        sparql = text.replace("{url}", f"http://127.0.0.1:{port}/x").replace("{localhost}", f"http://localhost:{port}/")
        try:
            answer = pool.run(Job(sparql, "json", None), 10)
        except QueryFailed as error:
            assert "Operation not permitted" in str(error), sparql
        else:  # SERVICE SILENT turns the refusal into an empty solution
            assert "SILENT" in sparql
            assert json.loads(answer.body)["results"]["bindings"] == [{}]
    assert listener.settled() == before


def test_a_plain_query_answers_inside_the_sandbox(pool: QueryPool) -> None:
    answer = pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
    assert json.loads(answer.body)["boolean"] is True
    (pid,) = pool.idle_pids
    status = Path(f"/proc/{pid}/status").read_text()
    assert "\nSeccomp:\t2\n" in status  # a filter is loaded


def _io_uring_setup_errno() -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    io_uring_setup = 425  # the same number on every architecture
    return ctypes.get_errno() if libc.syscall(io_uring_setup, 1, None) == -1 else 0


def test_the_filter_refuses_network_sockets_and_io_uring_only() -> None:
    if _io_uring_setup_errno() == errno.EPERM:
        pytest.skip("io_uring is refused here already: the filter's refusal would not show")
    # In a forked child: what the filter lets through, reported back as one byte per check.
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            sandbox.deny_network()
            results = []
            families = (
                (socket.AF_INET, socket.SOCK_STREAM),
                (socket.AF_INET6, socket.SOCK_DGRAM),
                (socket.AF_NETLINK, socket.SOCK_RAW),
                (socket.AF_UNIX, socket.SOCK_STREAM),
            )
            for family, kind in families:
                try:
                    socket.socket(family, kind).close()
                    results.append(b"y")
                except PermissionError:
                    results.append(b"n")
            results.append(b"n" if _io_uring_setup_errno() == errno.EPERM else b"y")
            os.write(writer, b"".join(results))
        finally:
            os._exit(0)
    os.close(writer)
    try:
        assert os.read(reader, 16) == b"nnnyn"
    finally:
        os.close(reader)
        os.waitpid(pid, 0)


def test_a_query_process_that_cannot_be_sandboxed_answers_nothing(store, monkeypatch, capfd) -> None:
    def unavailable() -> None:
        raise sandbox.SandboxUnavailable("no seccomp filter: libseccomp is missing")

    monkeypatch.setattr(sandbox, "deny_network", unavailable)
    # Standard error, as the server logs: the query process keeps it (it closes every other inherited file).
    stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
    logged = logging.StreamHandler(stderr)
    logging.getLogger("service").addHandler(logged)
    pool = QueryPool(store, size=1)
    try:
        with pytest.raises(QueryUnavailable, match=r"query processes unavailable: .*libseccomp is missing"):
            pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
    finally:
        pool.close()
        logging.getLogger("service").removeHandler(logged)
    assert "refuses every query: no seccomp filter: libseccomp is missing" in capfd.readouterr().err


def test_a_query_process_keeps_no_descriptor_of_its_parent(store) -> None:
    # A pipe the parent holds (a browser driver's, a client's connection): held by a query process, its
    # other end would never see it closed.
    reader, writer = os.pipe()
    pool = QueryPool(store, size=1)
    try:
        pool.run(Job("ASK { ?s ?p ?o }", "json", None), 10)
        (pid,) = pool.idle_pids
        held = sorted(int(fd.name) for fd in Path(f"/proc/{pid}/fd").iterdir())
        assert held[:3] == [0, 1, 2]
        assert len(held) == 4  # and its end of the pipe to this process
    finally:
        pool.close()
        os.close(reader)
        os.close(writer)

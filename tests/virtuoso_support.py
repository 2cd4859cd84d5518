"""A private Virtuoso 7.2 (Debian's virtuoso-t) holding `stackatlas export`, for the two-tier tests.

The instance lives in a temporary folder, listens on loopback ports only, uses no database of the
system's (/var/lib) and is killed with everything it started when the session ends.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from server_support import BIN, free_port, serve, stop

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
PRIVATE_GROUP = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
VIRTRDF = "http://www.openlinksw.com/schemas/virtrdf#"

INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile    = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DirsAllowed        = {folder}
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
CheckpointInterval = 0
[HTTPServer]
ServerPort    = 127.0.0.1:{http_port}
ServerRoot    = {folder}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 5
"""

# Load the N-Quads export (each quad into its graph), then leave only the export visible over
# /sparql: the service-description graphs Virtuoso creates are dropped and its own metadata graph
# (virtrdf#, which cannot be dropped) made private, so that the default graph (Virtuoso's union of
# all graphs) and GRAPH ?g range over the exported graphs alone.
LOAD = """\
ld_dir('{folder}', 'graph.nq', 'urn:stackatlas:unused');
rdf_loader_run();
SPARQL CLEAR GRAPH <http://www.w3.org/ns/ldp#>;
SPARQL CLEAR GRAPH <http://localuriqaserver/sparql>;
DB.DBA.RDF_GRAPH_GROUP_CREATE ('{private}', 1);
DB.DBA.RDF_GRAPH_GROUP_INS ('{private}', '{virtrdf}');
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);
SELECT 'errors', COUNT(*) FROM DB.DBA.LOAD_LIST WHERE LL_ERROR IS NOT NULL;
"""


def virtuoso(folder: Path) -> Iterator[str]:
    """Start Virtuoso in `folder`, load the export, yield its /sparql URL; kill its process group after."""
    if VIRTUOSO is None or ISQL is None:
        pytest.fail("needs Virtuoso from Debian's packages (virtuoso-opensource): `make test` installs it")
    timings: dict[str, float] = {}
    started = time.monotonic()
    subprocess.run([str(BIN / "stackatlas"), "export", "--format", "nq", "-o", str(folder / "graph.nq")], check=True)
    timings["export"] = time.monotonic() - started
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(process, url, started)
        timings["start"] = time.monotonic() - started - timings["export"]
        script = folder / "load.sql"
        script.write_text(LOAD.format(folder=folder, private=PRIVATE_GROUP, virtrdf=VIRTRDF))
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", str(script)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        failed = done.returncode != 0 or "*** Error" in done.stdout + done.stderr
        if failed or not re.search(r"errors\s+0\b", done.stdout):
            raise RuntimeError(f"loading Virtuoso failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        timings["load"] = time.monotonic() - started - timings["export"] - timings["start"]
        (folder / "timings.txt").write_text("".join(f"{k} {v:.2f} s\n" for k, v in timings.items()))
        yield url
    finally:
        _kill(process)


def _wait(process: subprocess.Popen[bytes], url: str, started: float) -> None:
    # Wait until /sparql answers (a fresh database is created on first start: a few seconds).
    while True:
        try:
            if requests.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() - started > 60:
            _kill(process)
            raise RuntimeError("virtuoso-t did not start")
        time.sleep(0.2)


def _kill(process: subprocess.Popen[bytes]) -> None:
    # The instance runs in a session of its own: signal the whole group, then make sure.
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()
    if process.stderr is not None:
        process.stderr.close()


@pytest.fixture(scope="session")
def virtuoso_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private Virtuoso holding the N-Quads export (the default graph: Virtuoso's union of the graphs)."""
    yield from virtuoso(tmp_path_factory.mktemp("virtuoso"))


@pytest.fixture(scope="session")
def remote_virtuoso_server(virtuoso_endpoint: str) -> Iterator[str]:
    """The real service in two-tier mode in front of Virtuoso; yields its base URL."""
    process, base = serve(["--store", f"sparql+{virtuoso_endpoint}"])
    yield base
    stop(process)


def known_differences_removed(answer: Any) -> Any:
    """An API answer without what Virtuoso 7.2 cannot give back (pinned in tests/web/test_remote_virtuoso.py).

    Decimals beyond 15 digits after the point (Virtuoso stores xsd:decimal with 15) are rounded; the
    rest must be identical (computed booleans, which Virtuoso writes as 1 or 0, are read by engine.is_true).
    """
    if isinstance(answer, dict):
        return {key: known_differences_removed(value) for key, value in answer.items()}
    if isinstance(answer, list):
        return [known_differences_removed(value) for value in answer]
    if isinstance(answer, float):
        return round(answer, 14)
    return answer

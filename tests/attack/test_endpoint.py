"""Attacks on the public endpoint, sent to the real server on 127.0.0.1; each is bounded in count and time.

Every test here failed on the service before it was hardened (issue 12): an outbound request made on a
client's behalf, memory without bound, /healthz starved by slow queries and slow clients, query
processes left running, chunked bodies cut and run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

TIMEOUT = 3.0  # QUERY_TIMEOUT of the server under attack
# Threads and query processes at their defaults: starvation is about what a default server does.
SETTINGS = {"QUERY_TIMEOUT": str(TIMEOUT), "QUERY_MEMORY_MB": "512"}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
CONCAT_BOMB = (
    'SELECT ?s26 WHERE { BIND("xxxxxxxxxxxxxxxx" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(26))
    + " }"
)
CROSS_JOIN_SORT = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
TREE_LIMIT_MB = 2500


@pytest.fixture(scope="module")
def base(start_service: Callable[..., str]) -> str:
    """The service under attack, with a short query timeout and memory limit."""
    return start_service([], SETTINGS)


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def healthy(base: str) -> bool:
    """Whether /healthz answers 200 within two seconds (it takes milliseconds when all is well)."""
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


# --- No outbound request on a client's behalf -------------------------------------------------------------------


def service_spellings(url: str) -> list[str]:
    """SERVICE clauses spelled every way the guard must read as the parser does."""
    pattern = f"<{url}> {{ ?x ?y ?z }}"
    return [
        f"PREFIX ex: <http://ex/> SELECT ?x WHERE {{ BIND(ex:a\\# AS ?q) . SERVICE {pattern} }}",
        f"PREFIX ex: <http://ex/> SELECT ?x WHERE {{ BIND(ex:a\\#\\# AS ?q) . SERVICE SILENT {pattern} }}",
        f"PREFIX ex: <http://ex/> SELECT ?x WHERE {{ BIND(ex:a\\' AS ?q) . SERVICE {pattern} }}",
        f"PREFIX ex: <http://ex/> SELECT ?x WHERE {{ ?x ex:p\\#x ?y . service {pattern} }}",
        f"SELECT ?x WHERE {{ \\u0053ERVICE {pattern} }}",
        f"SELECT ?x WHERE {{ SERV\\u0049CE {pattern} }}",
        f"SELECT ?x WHERE {{ # a comment\r SERVICE {pattern} }}",
        f'SELECT ?x WHERE {{ BIND("a\\"#" AS ?q) SERVICE {pattern} }}',
        f"SELECT ?x WHERE {{ BIND('''a#''' AS ?q) SERVICE {pattern} }}",
        f"SELECT ?x WHERE {{ BIND(<http://ex/#a> AS ?q) SERVICE {pattern} }}",
        f"SELECT ?x WHERE {{ BIND(1.e3 AS ?q) SERVICE {pattern} }}",
        f"SELECT ?x WHERE {{ _:b ?p ?o . SERVICE {pattern} }}",
        f"SELECT ?x WHERE {{ {{ SELECT ?x WHERE {{ SERVICE {pattern} }} }} }}",
        f"ASK {{ SERVICE {pattern} }}",
        f"CONSTRUCT {{ ?x ?y ?z }} WHERE {{ SERVICE {pattern} }}",
    ]


def test_no_spelling_of_service_makes_the_service_connect_anywhere(base: str, listener) -> None:
    before = listener.settled()
    for query in service_spellings(f"http://127.0.0.1:{listener.port}/internal?token=1"):
        for send in (
            lambda q: requests.get(f"{base}/sparql", params={"query": q}, timeout=10),
            lambda q: requests.post(
                f"{base}/sparql", data=q.encode(), timeout=10, headers={"Content-Type": "application/sparql-query"}
            ),
        ):
            response = send(query)
            assert response.status_code in {400, 403}, (query, response.status_code, response.text)
    # Each was refused before it ran: a connection it made would have come before the listener's own.
    assert listener.settled() == before


# --- Memory ------------------------------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """Every process below pid (workers, query processes)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all below it, in MB (shared pages counted in each: an upper bound)."""
    total = 0
    for member in (pid, *descendants(pid)):
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def server_pid(base: str) -> int:
    """The main process of the server listening on base's port (found through /proc, as a person would)."""
    port = port_of(base)
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # listening
            inode = fields[9]
    assert inode is not None
    owners = []
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) == f"socket:[{inode}]" for fd in (process / "fd").iterdir()):
                owners.append(int(process.name))
        except (FileNotFoundError, PermissionError):
            continue
    # The main process is the one whose parent does not hold the socket.
    parents = {owner: int(Path(f"/proc/{owner}/stat").read_text().rsplit(")", 1)[1].split()[1]) for owner in owners}
    (main,) = [owner for owner, parent in parents.items() if parent not in owners]
    return main


@pytest.mark.parametrize("query", (CONCAT_BOMB, CROSS_JOIN_SORT), ids=("concat-doubling", "cross-join-sort"))
def test_a_query_over_the_memory_limit_is_stopped_and_the_tree_stays_bounded(base: str, query: str) -> None:
    main = server_pid(base)
    peak = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(main))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        response = requests.get(f"{base}/sparql", params={"query": query}, timeout=TIMEOUT + 10)
    finally:
        done.set()
        watcher.join()
    assert response.status_code == 507, response.text
    assert "memory" in response.json()["error"]["message"]
    assert peak < TREE_LIMIT_MB
    assert healthy(base)
    answer = requests.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
    assert answer.json()["boolean"] is True


# --- Starvation --------------------------------------------------------------------------------------------------


def test_healthz_and_cheap_routes_answer_while_every_query_process_is_busy(base: str) -> None:
    outcomes: list[int] = []

    def runaway(tag: int) -> None:
        # A client that gives the server its time limit and 2 s: never a wait and then a second full time limit.
        response = requests.get(f"{base}/sparql", params={"query": f"{RUNAWAY} # {tag}"}, timeout=TIMEOUT + 2)
        outcomes.append(response.status_code)

    main = server_pid(base)
    threads = [threading.Thread(target=runaway, args=(tag,)) for tag in range(8)]  # 4 query processes in all
    for thread in threads:
        thread.start()
    # Until the runaways run: at least one worker's two query processes (granian may give all eight to one worker).
    deadline = time.monotonic() + 10
    while len(running_query_processes(main)) < 2:
        assert time.monotonic() < deadline, "the runaway queries did not start"
        time.sleep(0.05)
    for _ in range(5):
        assert healthy(base)
        assert requests.get(f"{base}/api/frameworks/flask", timeout=2).status_code == 200
    extra = requests.get(f"{base}/sparql", params={"query": f"{RUNAWAY} # extra"}, timeout=TIMEOUT + 10)
    assert extra.status_code == 503
    assert extra.headers["Retry-After"]
    for thread in threads:
        thread.join(timeout=TIMEOUT + 15)
    assert len(outcomes) == 8  # every client had its answer in time
    assert set(outcomes) == {503}


def test_two_hundred_queries_at_once_are_all_answered_in_time(base: str) -> None:
    def ask(tag: int) -> int:
        # A client that waits the server's time limit and 2 s: a later answer fails the test (ReadTimeout).
        response = requests.get(f"{base}/sparql", params={"query": f"{RUNAWAY} # {tag}"}, timeout=TIMEOUT + 2)
        return response.status_code

    with ThreadPoolExecutor(max_workers=200) as clients:
        outcomes = list(clients.map(ask, range(200)))
    assert set(outcomes) == {503}
    assert healthy(base)


def test_slow_clients_hold_no_thread_that_healthz_needs(base: str) -> None:
    port = port_of(base)
    slow: list[tuple[socket.socket, bytes]] = []
    try:
        for number in range(50):  # headers that never end
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-%d: 1\r\n" % number)
            slow.append((connection, b"X-More: 1\r\n"))
        for _ in range(50):  # bodies that never end
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 100000\r\n\r\nASK"
            )
            slow.append((connection, b" "))
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            for connection, more in slow:
                with contextlib.suppress(OSError):  # the server refused it (503) or timed it out: as it should
                    connection.sendall(more)
            assert healthy(base)
            assert requests.get(f"{base}/api/frameworks/flask", timeout=2).status_code == 200
            time.sleep(0.3)
    finally:
        for connection, _ in slow:
            connection.close()


# --- Bodies and the HTTP layer -----------------------------------------------------------------------------------


def raw_request(base: str, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
    """Send bytes as they are; return the status and the body of the answer."""
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=10) as connection:
        connection.sendall(head + body)
        received = b""
        while True:
            part = connection.recv(65536)
            if not part:
                break
            received += part
    status_line, _, rest = received.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


def chunked(body: bytes, size: int = 65536) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"


CHUNKED_HEAD = (
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
)


def test_a_chunked_body_over_the_limit_is_413_and_never_run(base: str) -> None:
    # Cut at the limit, this would be the query without its LIMIT.
    body = b"SELECT * WHERE { ?s ?p ?o } # " + b"x" * 1_100_000 + b"\nLIMIT 0"
    # The server is shared with the slow-body tests: while their clients still hold every body reader, a body gets
    # 503 with Retry-After, as any client would, and is tried again after a second (for 10 s at most).
    deadline = time.monotonic() + 10
    status, answer = raw_request(base, CHUNKED_HEAD, chunked(body))
    while status == 503 and time.monotonic() < deadline:
        time.sleep(1)
        status, answer = raw_request(base, CHUNKED_HEAD, chunked(body))
    assert status == 413
    assert b'"status":413' in answer.replace(b" ", b"")


def test_a_chunked_body_under_the_limit_is_answered_whole(base: str) -> None:
    body = b"SELECT * WHERE { ?s ?p ?o } # " + b"x" * 200_000 + b"\nLIMIT 0"
    status, answer = raw_request(base, CHUNKED_HEAD, chunked(body))
    assert status == 200
    assert b'"bindings":[]' in answer.replace(b" ", b"")


def test_a_body_shorter_than_its_content_length_is_refused_not_run(base: str) -> None:
    # The client stops sending (and says so) after the query's first part: the cut query is never run.
    with socket.create_connection(("127.0.0.1", port_of(base)), timeout=10) as connection:
        connection.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 100\r\nConnection: close\r\n\r\nSELECT * WHERE { ?s ?p ?o }"
        )
        connection.shutdown(socket.SHUT_WR)
        received = b""
        while part := connection.recv(65536):
            received += part
    assert received.startswith(b"HTTP/1.1 400")
    assert b"ended after" in received


@pytest.mark.parametrize(
    ("head", "status"),
    (
        (b"GET /sparql?query=" + b"a" * 40_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 414),
        (
            b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 40_000 + b"\r\nConnection: close\r\n\r\n",
            431,
        ),
        (CHUNKED_HEAD + b"zz\r\nASK {}\r\n0\r\n\r\n", 400),
    ),
    ids=("long-url", "big-headers", "bad-chunking"),
)
def test_http_layer_errors_come_in_the_one_error_shape(base: str, head: bytes, status: int) -> None:
    got, body = raw_request(base, head)
    assert got == status
    assert f'"status":{status}'.encode() in body.replace(b" ", b"")


Server = Callable[..., tuple[subprocess.Popen[bytes], str]]
MALFORMED = (
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    CHUNKED_HEAD + b"zz\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n",
)


def test_malformed_requests_leave_no_traceback_in_the_log(own_server: Server) -> None:
    process, base = own_server([])
    try:
        for head in MALFORMED:
            status, _ = raw_request(base, head)
            assert 400 <= status < 500
        assert healthy(base)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
    assert process.stderr is not None
    log = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    assert "Traceback" not in log


# --- What a client cannot set ------------------------------------------------------------------------------------


def test_the_endpoint_url_never_comes_from_the_host_header(base: str) -> None:
    for accept in ("text/html", "text/turtle"):
        honest = requests.get(f"{base}/sparql", headers={"Accept": accept}, timeout=10)
        forged = requests.get(f"{base}/sparql", headers={"Accept": accept, "Host": "evil.example"}, timeout=10)
        assert forged.status_code == honest.status_code == 200
        assert "evil.example" not in forged.text
        assert forged.content == honest.content


def test_repeated_filters_are_refused_past_the_limit(base: str) -> None:
    response = requests.get(f"{base}/api/frameworks", params=[("language", "python")] * 300, timeout=5)
    assert response.status_code == 400
    assert "At most 12 filter values" in response.json()["error"]["message"]
    repeated = requests.get(f"{base}/api/frameworks", params=[("language", "python")] * 12, timeout=5)
    assert repeated.status_code == 200
    assert len(repeated.json()["filters"]) == 1


# --- Processes ---------------------------------------------------------------------------------------------------


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in {"Z", "X"}


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(running(pid) for pid in pids)


def busy_query_processes(base: str, main: int, count: int) -> list[int]:
    """Start `count` runaway queries and return the pids of the query processes below the workers."""

    def query(tag: int) -> None:
        with contextlib.suppress(requests.RequestException):  # the server is killed under it
            requests.get(f"{base}/sparql", params={"query": f"{RUNAWAY} # {tag}"}, timeout=30)

    for tag in range(count):
        threading.Thread(target=query, args=(tag,), daemon=True).start()
    # Until a query process runs (state R): the queries have reached the workers' query processes.
    deadline = time.monotonic() + 10
    while not running_query_processes(main) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [pid for pid in descendants(main) if pid in _children_of(main)]
    return [pid for worker in workers for pid in descendants(worker)]


def running_query_processes(main: int) -> list[int]:
    """The query processes below the server's workers that are running (state R: evaluating, or waiting for a core)."""
    below = [pid for worker in _children_of(main) for pid in descendants(worker)]
    return [pid for pid in below if _state(pid) == "R"]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "X"


def _children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


@pytest.mark.parametrize("how", ("kill-worker", "term-main", "kill-main"))
def test_no_query_process_outlives_what_killed_its_server(own_server: Server, how: str) -> None:
    process, base = own_server([], {"QUERY_TIMEOUT": "20"})
    main = process.pid
    try:
        query_processes = busy_query_processes(base, main, 4)
        assert query_processes
        workers = sorted(_children_of(main))
        if how == "kill-worker":
            # A worker that answered a query (granian may hand all four to one of them).
            victim = next(worker for worker in workers if descendants(worker))
            doomed = descendants(victim)
            os.kill(victim, signal.SIGKILL)
        elif how == "term-main":
            doomed = query_processes
            os.kill(main, signal.SIGTERM)
        else:
            doomed = query_processes
            os.kill(main, signal.SIGKILL)
        assert doomed
        assert gone_within(doomed, 2.5)
        if how == "kill-worker":
            assert healthy(base)  # the other worker answers, and a new one takes the place of the killed
        else:
            assert gone_within(workers, 2.5)  # granian's workers outlived a killed main process, still serving
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=15)
        if process.stderr is not None:
            process.stderr.close()


def bound_unix_sockets(pid: int) -> list[str]:
    """Paths (or abstract names) of the Unix sockets bound by a process and those below it."""
    inodes = set()
    for member in (pid, *descendants(pid)):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            for fd in Path(f"/proc/{member}/fd").iterdir():
                with contextlib.suppress(FileNotFoundError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    bound = []
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[6] in inodes:
            bound.append(fields[7])
    return bound


def test_two_instances_on_one_machine_do_not_interfere(own_server: Server) -> None:
    # gunicorn gave every instance one control socket, ~/.gunicorn/gunicorn.ctl: the newest took it
    # over, and the first to stop deleted it. An instance now binds no Unix socket at all.
    first, _ = own_server([])
    second, second_base = own_server([])
    try:
        assert bound_unix_sockets(first.pid) == bound_unix_sockets(second.pid) == []
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=15)
        assert healthy(second_base)
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=15)
            if process.stderr is not None:
                process.stderr.close()

"""Attacks of the third round (issue 28) on the real server on 127.0.0.1; each is bounded in count and time.

Every test here failed on the service before: a guard slower than the time limit and an engine crashed by
deep nesting, answers without a bound in bytes, clients that never read holding answers and connections,
memory kept after heavy clients left, worker-thread routes starving /healthz, one client's slow queries
denying /sparql to another, and the small leaks (a 500 naming an exception, XML that is not XML, an update
slipped past in the URL, tracebacks in the log). Chunked bodies cut short are still run: granian's WSGI input
cannot tell them from whole ones (docs/security-round-three.md, "What is left").
"""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
import requests
from test_endpoint import descendants, port_of

TIMEOUT = 3.0  # QUERY_TIMEOUT of the server under attack
# The row limit at its default (the test servers' is 500): the amplification below multiplies it.
SETTINGS = {"QUERY_TIMEOUT": str(TIMEOUT), "QUERY_MEMORY_MB": "512", "MAX_ROWS": "10000"}
MAX_ANSWER_BYTES = 16_000_000  # the default
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
Server = Callable[..., tuple[subprocess.Popen[bytes], str]]


@pytest.fixture(scope="module")
def base(start_service: Callable[..., str]) -> str:
    """The service under attack, with a short query timeout and memory limit."""
    return start_service([], SETTINGS)


def post_query(base: str, query: str, timeout: float = TIMEOUT + 5, **headers: str) -> requests.Response:
    """POST a query as application/sparql-query; the client gives up a few seconds past the time limit."""
    return requests.post(f"{base}/sparql", data=query.encode(), headers={**SPARQL_QUERY, **headers}, timeout=timeout)


# --- The guard inside the limits ---------------------------------------------------------------------------------


def test_many_base_declarations_are_read_within_the_time_limit(base: str) -> None:
    # 16,000 BASE declarations (229 KB): each used to be resolved again for every one after it, taking
    # 43 s with a 30 s limit. The client here waits the limit and a few seconds more.
    query = "".join(f"BASE <a:{number}> " for number in range(16_000)) + "SELECT * WHERE {}"
    response = post_query(base, query)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == [{}]


NESTED = {
    "parentheses": "SELECT (" + "(" * 10_000 + "1" + ")" * 10_000 + " AS ?x) WHERE {}",
    "braces": "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "blank-nodes": "SELECT * WHERE { ?s ?p " + "[ ?p " * 10_000 + "1" + " ]" * 10_000 + " }",
    "negations": "SELECT * WHERE { FILTER(" + "!" * 10_000 + "true) }",
    "filter-exists": "SELECT * WHERE { " + "FILTER EXISTS { " * 10_000 + "}" * 10_000 + " }",
}


@pytest.mark.parametrize("query", NESTED.values(), ids=NESTED.keys())
def test_deep_nesting_is_refused_with_400_before_the_engine_reads_it(base: str, query: str) -> None:
    response = post_query(base, query)
    assert response.status_code == 400, response.text
    assert "nests" in response.json()["error"]["message"]


def test_nesting_people_write_is_answered(base: str) -> None:
    exists = "FILTER EXISTS { " * 20 + "}" * 20
    query = "SELECT * WHERE { " + exists + " FILTER(" + "(" * 20 + "!false" + ")" * 20 + ") }"
    response = post_query(base, query)
    assert response.status_code == 200, response.text


# --- Answers bounded in bytes ------------------------------------------------------------------------------------

# 420 bytes: ten thousand rows of a 4,096-character string of U+0001, which JSON writes in six bytes each
# (245 MB of answer, and the serving worker grew by 436 MB to send it).
AMPLIFIED = (
    'SELECT ?x ?s8 WHERE { { SELECT ?x WHERE { ?x ?p ?o } LIMIT 10000 } BIND("'
    + "\\u0001" * 16
    + '" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(8))
    + " }"
)


def read_at_most(response: requests.Response, limit: int) -> bytes:
    """Read a streamed answer's body, stopping one byte past `limit`."""
    body = b""
    for part in response.iter_content(65536):
        body += part
        if len(body) > limit:
            break
    response.close()
    return body


@pytest.mark.parametrize("accept", ("application/sparql-results+json", "text/csv", "text/tab-separated-values"))
def test_a_small_query_never_gets_hundreds_of_megabytes(base: str, accept: str) -> None:
    response = requests.post(
        f"{base}/sparql",
        data=AMPLIFIED.encode(),
        stream=True,
        timeout=TIMEOUT + 10,
        headers={**SPARQL_QUERY, "Accept": accept},
    )
    body = read_at_most(response, MAX_ANSWER_BYTES)
    assert response.status_code == 200
    assert len(body) <= MAX_ANSWER_BYTES
    assert response.headers["X-StackAtlas-Truncated"] == "true"  # the one signal of a cut answer
    assert response.headers["X-StackAtlas-Byte-Limit"] == str(MAX_ANSWER_BYTES)
    if accept.endswith("json"):
        rows = json.loads(body)["results"]["bindings"]
        assert 0 < len(rows) < 10_000
        assert all(len(row["s8"]["value"]) == 4096 for row in rows)  # whole rows only


def test_a_graph_answer_is_cut_at_a_triple(base: str) -> None:
    query = AMPLIFIED.replace("SELECT ?x ?s8 WHERE", "CONSTRUCT { ?x <http://example.org/p> ?s8 } WHERE")
    response = requests.post(
        f"{base}/sparql",
        data=query.encode(),
        stream=True,
        timeout=TIMEOUT + 10,
        headers={**SPARQL_QUERY, "Accept": "application/n-triples"},
    )
    body = read_at_most(response, MAX_ANSWER_BYTES)
    assert response.status_code == 200
    assert len(body) <= MAX_ANSWER_BYTES
    assert response.headers["X-StackAtlas-Truncated"] == "true"
    lines = body.decode().splitlines()
    assert lines
    assert all(line.endswith(" .") for line in lines)


# --- Memory given back ------------------------------------------------------------------------------------------


def tree_pss_mb(main: int) -> float:
    """Proportional memory of a process and all below it, in MB: a page shared by n processes counts 1/n in each.

    The sum of resident sizes would count the graph, shared copy-on-write by every worker and query
    process, once per process that touched it; what the machine gives is the proportional sum.
    """
    total = 0
    for member in (main, *descendants(main)):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
    return total / 1024


def test_memory_is_given_back_after_heavy_clients_leave(own_server: Server) -> None:
    # Six clients ask for big answers and read nothing. Query processes forked while a worker held such
    # answers in flight used to inherit them and keep them: +1.8 GB 15 s after the clients left.
    process, base = own_server([], {"QUERY_TIMEOUT": "10", "MAX_ROWS": "10000"})
    try:
        for warm in ("ASK { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o } LIMIT 10000"):
            assert requests.get(f"{base}/sparql", params={"query": warm}, timeout=20).status_code == 200
        start = tree_pss_mb(process.pid)
        clients = []
        for number in range(6):
            client = socket.socket()
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            client.connect(("127.0.0.1", port_of(base)))
            body = f"{AMPLIFIED} # {number}".encode()
            client.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            clients.append(client)
        deadline = time.monotonic() + 10  # until the answers are written (or 10 s)
        while tree_pss_mb(process.pid) < start + 150 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # all six answers on their way
        for client in clients:
            client.close()
        deadline = time.monotonic() + 15
        while tree_pss_mb(process.pid) > start + 150 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert tree_pss_mb(process.pid) <= start + 150
        assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        if process.stderr is not None:
            process.stderr.close()


# --- Clients that never read -------------------------------------------------------------------------------------

SEND_TIMEOUT = 2.0
UNSENT_ANSWER_MB = 40  # two answers of MAX_ANSWER_BYTES per worker


def status_of(client: socket.socket) -> tuple[int, bytes]:
    """Read an answer's status line and headers (a few KB at most), and no more of it."""
    head = b""
    while b"\r\n\r\n" not in head:
        part = client.recv(4096)
        if not part:
            break
        head += part
    return int(head.split(b" ", 2)[1]), head.split(b"\r\n\r\n", 1)[0]


def held_by_server(server_port: int, client_ports: set[int]) -> set[int]:
    """The client ports whose connection the server still holds established (/proc/net/tcp, IPv4)."""
    held = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, remote, state = line.split()[1:4]
        peer = int(remote.split(":")[1], 16)
        if state == "01" and int(local.split(":")[1], 16) == server_port and peer in client_ports:
            held.add(peer)
    return held


def test_clients_that_never_read_are_cut_off_and_bounded_in_bytes(own_server: Server) -> None:
    # Six clients of 164 MB answers with a 4 KB receive buffer, reading nothing, used to grow the tree by
    # 2.8 GB in 20 s, and no connection was closed in 60 s. Now a connection whose answer is not read is
    # closed after SEND_TIMEOUT, and a worker holds at most UNSENT_ANSWER_MB of big answers for such
    # clients: the others get 503 with Retry-After, while /healthz and cached answers are served.
    settings = {"QUERY_TIMEOUT": "10", "MAX_ROWS": "10000", "SEND_TIMEOUT": str(SEND_TIMEOUT)}
    process, base = own_server([], {**settings, "UNSENT_ANSWER_MB": str(UNSENT_ANSWER_MB)})
    port = port_of(base)
    clients: list[socket.socket] = []
    try:
        for _ in range(20):  # in the cache of each worker
            assert requests.get(f"{base}/api/frameworks/flask", timeout=10).status_code == 200
        start = tree_pss_mb(process.pid)
        for number in range(8):
            client = socket.socket()
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            client.settimeout(20)
            client.connect(("127.0.0.1", port))
            body = f"{AMPLIFIED} # {number}".encode()
            client.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            clients.append(client)
        answers = [status_of(client) for client in clients]
        statuses = [status for status, _ in answers]
        sending = {client.getsockname()[1] for client, status in zip(clients, statuses, strict=True) if status == 200}
        # Each worker holds two 16 MB answers at most; the other big answers are refused at once.
        assert 1 <= len(sending) <= 2 * (UNSENT_ANSWER_MB // 16)
        assert set(statuses) == {200, 503}
        assert all(b"retry-after: 1" in head.lower() for status, head in answers if status == 503)
        peak = tree_pss_mb(process.pid)
        deadline = time.monotonic() + SEND_TIMEOUT + 5  # the timeout, and the time for the window to shut
        while held_by_server(port, sending) and time.monotonic() < deadline:
            assert requests.get(f"{base}/healthz", timeout=2).status_code == 200
            assert requests.get(f"{base}/api/frameworks/flask", timeout=2).status_code == 200
            peak = max(peak, tree_pss_mb(process.pid))
            time.sleep(0.2)
        assert held_by_server(port, sending) == set()
        assert peak - start < 600, (start, peak)
        # The bytes they held are given back: a client that reads gets its big answer.
        response = post_query(base, f"{AMPLIFIED} # reads", timeout=30)
        assert response.status_code == 200
        assert len(response.content) > 15_000_000
    finally:
        for client in clients:
            client.close()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        if process.stderr is not None:
            process.stderr.close()


# --- Whole bodies only -------------------------------------------------------------------------------------------


def test_a_413_names_the_limit_that_was_hit(base: str) -> None:
    # 5,000 form parts in 289 KB used to be told they were over 1,000,000 bytes.
    boundary = "b0undary"
    parts = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\nv\r\n' for n in range(5000))
    form = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = requests.post(f"{base}/sparql", data=(parts + f"--{boundary}--\r\n").encode(), headers=form, timeout=10)
    assert response.status_code == 413
    assert "1000 parts" in response.json()["error"]["message"]
    field = f'--{boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\n{"x" * 600_000}\r\n--{boundary}--\r\n'
    response = requests.post(f"{base}/sparql", data=field.encode(), headers=form, timeout=10)
    assert response.status_code == 413
    assert "500000 bytes" in response.json()["error"]["message"]


# --- The small leaks ---------------------------------------------------------------------------------------------

TRIPLE_TERM = "CONSTRUCT { <http://a/s> <http://a/p> <<( <http://a/s> <http://a/p> <http://a/o> )>> } WHERE {}"


def test_a_graph_a_format_cannot_carry_is_406_naming_the_format(base: str) -> None:
    response = post_query(base, TRIPLE_TERM, Accept="application/ld+json")
    assert response.status_code == 406, response.text
    message = response.json()["error"]["message"]
    assert "application/ld+json" in message
    assert "Error" not in message  # no exception name
    assert post_query(base, TRIPLE_TERM, Accept="application/n-triples").status_code == 200


def test_xml_results_are_well_formed_xml_or_refused(base: str) -> None:
    control = 'SELECT ?x WHERE { BIND("a\\u0001b\\u0000c" AS ?x) }'
    response = post_query(base, control, Accept="application/sparql-results+xml")
    assert response.status_code == 406, response.content[:300]
    assert "XML 1.0" in response.json()["error"]["message"]
    plain = post_query(base, 'SELECT ?x WHERE { BIND("a<b&c" AS ?x) }', Accept="application/sparql-results+xml")
    assert plain.status_code == 200
    assert ElementTree.fromstring(plain.content).find(".//{*}literal").text == "a<b&c"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("url", "data", "content_type"),
    (
        ("/sparql?update=DROP%20ALL", None, None),
        ("/sparql?update=DROP%20ALL", b"ASK {}", "application/sparql-query"),
        ("/sparql?update=DROP%20ALL", b"query=ASK%20%7B%7D", "application/x-www-form-urlencoded"),
        ("/sparql", b"update=DROP%20ALL", "application/x-www-form-urlencoded"),
        ("/sparql", b"DROP ALL", "application/sparql-update"),
        (
            "/sparql",
            b'--b\r\nContent-Disposition: form-data; name="update"\r\n\r\nDROP ALL\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
        ),
    ),
    ids=("get-url", "sparql-query-body-and-url", "form-body-and-url", "form", "sparql-update", "multipart"),
)
def test_update_is_refused_in_every_form(base: str, url: str, data: bytes | None, content_type: str | None) -> None:
    if data is None:
        response = requests.get(base + url, timeout=10)
    else:
        response = requests.post(base + url, data=data, headers={"Content-Type": content_type or ""}, timeout=10)
    assert response.status_code == 403, response.text
    assert "read-only" in response.json()["error"]["message"]


CONCAT_BOMB = (
    'SELECT ?s26 WHERE { BIND("xxxxxxxxxxxxxxxx" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(26))
    + " }"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"


def test_a_query_stopped_at_a_limit_logs_one_line(own_server: Server) -> None:
    process, base = own_server([], {"QUERY_TIMEOUT": "5", "QUERY_MEMORY_MB": "512"})
    assert process.stderr is not None
    try:
        memory = requests.get(f"{base}/sparql", params={"query": CONCAT_BOMB}, timeout=20)
        time = requests.get(f"{base}/sparql", params={"query": RUNAWAY}, timeout=20)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        log = process.stderr.read().decode(errors="replace")
        process.stderr.close()
    assert (memory.status_code, time.status_code) == (507, 503)
    lines = [line for line in log.splitlines() if "query" in line]  # the loading messages name no query
    assert len(lines) == 2, log
    assert "memory" in lines[0]
    assert "time limit" in lines[1]
    for trace in ("Traceback", "backtrace", "panicked", ".rs:"):
        assert trace not in log


# --- Routes that run in the worker ------------------------------------------------------------------------------


def test_healthz_and_cached_routes_answer_under_sixteen_uncached_worker_routes(base: str) -> None:
    # Sixteen clients ask for neighbourhoods never asked before (each a new URL, so none comes from the
    # cache); they used to take every thread, and /healthz waited up to 1.5 s. The promise is half a second.
    for _ in range(20):  # in the cache of each worker (a new connection each time lands on either)
        assert requests.get(f"{base}/api/frameworks/flask", timeout=10).status_code == 200
    done = threading.Event()
    heavy: list[int] = []

    def ask_for_graphs(client: int) -> None:
        number = 0
        while not done.is_set():
            number += 1
            params = {"focus": "python", "depth": "2", "client": f"{client}-{number}"}
            with contextlib.suppress(requests.RequestException):
                heavy.append(requests.get(f"{base}/api/graph", params=params, timeout=20).status_code)

    clients = [threading.Thread(target=ask_for_graphs, args=(client,)) for client in range(16)]
    for client in clients:
        client.start()
    try:
        done.wait(1.0)  # the sixteen under way
        for _ in range(10):
            assert requests.get(f"{base}/healthz", timeout=0.5).status_code == 200
            assert requests.get(f"{base}/api/frameworks/flask", timeout=0.5).status_code == 200
            done.wait(0.2)
    finally:
        done.set()
        for client in clients:
            client.join(timeout=30)
    assert 200 in heavy  # the heavy routes were served too, those past the share refused with 503 at once
    assert set(heavy) <= {200, 503}


# --- Fair to every client ----------------------------------------------------------------------------------------

FAIR_SETTINGS = {**SETTINGS, "TRUSTED_PROXIES": "127.0.0.1", "CLIENT_QUERY_SECONDS": "8"}


@pytest.fixture(scope="module")
def fair_base(start_service: Callable[..., str]) -> str:
    """A service behind a trusted proxy (this test, on 127.0.0.1), with a small query-time budget."""
    return start_service([], FAIR_SETTINGS)


def test_one_client_flooding_slow_queries_leaves_room_for_another(fair_base: str) -> None:
    # The flooder hangs up after a second, as the attack did; its queries run on to the time limit.
    flooder: list[requests.Response] = []
    victim: list[int] = []
    done = threading.Event()

    def flood() -> None:
        number = 0
        while not done.is_set():
            number += 1
            with contextlib.suppress(requests.RequestException):
                flooder.append(
                    requests.get(
                        f"{fair_base}/sparql",
                        params={"query": f"{RUNAWAY} # {number}"},
                        headers={"X-Forwarded-For": "203.0.113.1"},
                        timeout=1,
                    )
                )
            done.wait(0.3)

    thread = threading.Thread(target=flood)
    thread.start()
    try:
        done.wait(1.0)  # the flood under way
        for number in range(30):
            response = requests.get(
                f"{fair_base}/sparql",
                params={"query": f"ASK {{ ?s ?p ?o }} # {number}"},
                headers={"X-Forwarded-For": "203.0.113.2"},
                timeout=TIMEOUT + 5,
            )
            victim.append(response.status_code)
            done.wait(0.2)
    finally:
        done.set()
        thread.join(timeout=10)
    assert victim.count(200) >= 0.8 * len(victim), victim
    refused = [response for response in flooder if response.status_code == 429]
    assert refused, [response.status_code for response in flooder]
    assert int(refused[0].headers["Retry-After"]) >= 1


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(fair_base: str) -> None:
    # From 127.0.0.2 (not a trusted proxy) every X-Forwarded-For is a lie: the client is 127.0.0.2, whose
    # budget runs out however many addresses it claims.
    statuses = []
    for number in range(8):
        connection = http.client.HTTPConnection(
            "127.0.0.1", port_of(fair_base), timeout=TIMEOUT + 5, source_address=("127.0.0.2", 0)
        )
        path = "/sparql?" + urllib.parse.urlencode({"query": f"{RUNAWAY} # untrusted {number}"})
        connection.request("GET", path, headers={"X-Forwarded-For": f"198.51.100.{number}"})
        response = connection.getresponse()
        statuses.append(response.status)
        retry_after = response.getheader("Retry-After")
        connection.close()
        if response.status == 429:
            break
    assert statuses[-1] == 429, statuses
    assert retry_after is not None and int(retry_after) >= 1

"""service/server.py: the app under granian: headers bounded, workers forked from the main process, a clean stop."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from pathlib import Path
from subprocess import Popen

import requests

from service.server import HEADER_BUFFER_BYTES

Server = Callable[..., tuple[Popen[bytes], str]]


def _status_of(base: str, request: bytes) -> int:
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        status_line = connection.makefile("rb").readline()
    return int(status_line.split()[1])


def test_a_request_is_answered_over_http_1_1(live_server: str) -> None:
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    assert _status_of(live_server, request) == 200


def test_headers_past_the_buffer_are_refused_and_the_server_goes_on(live_server: str) -> None:
    huge = b"X-Big: " + b"x" * (HEADER_BUFFER_BYTES + 1024) + b"\r\n"
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + huge + b"Connection: close\r\n\r\n"
    assert _status_of(live_server, request) in {413, 431}
    assert requests.get(f"{live_server}/healthz", timeout=5).status_code == 200


def _children(pid: int) -> set[int]:
    return {
        int(child) for task in Path(f"/proc/{pid}/task").iterdir() for child in (task / "children").read_text().split()
    }


def test_workers_are_forked_from_the_main_process_and_stop_with_it(own_server: Server) -> None:
    process, base = own_server([], {"WORKERS": "2"})
    try:
        assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
        workers = _children(process.pid)
        assert len(workers) >= 2  # the workers, forked from the process that loaded the graph
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()

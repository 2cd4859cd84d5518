"""Starting and stopping the real service and its peers on loopback: shared by tests/conftest.py and helpers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(command: list[str], env: dict[str, str], health: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    """Start a server process (in cwd) and wait until `health` answers 200 (or fail with its stderr)."""
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(health, timeout=1).status_code == 200:
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"{command[0]} did not start")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process (SIGINT, then SIGKILL after 10 s) and close its stderr."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr is not None:
        process.stderr.close()


BIN = Path(sys.executable).parent
# Short limits so that runaway-query tests finish quickly.
SERVER_ENV = {"STACKATLAS_QUERY_TIMEOUT": "2", "STACKATLAS_MAX_ROWS": "500"}


def serve(extra: list[str], settings: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start `stackatlas serve` with extra options (and STACKATLAS_* settings) on a free port; return it and its URL."""
    port = free_port()
    command = [str(BIN / "stackatlas"), "serve", "--port", str(port), "--workers", "2", *extra]
    base = f"http://127.0.0.1:{port}"
    environment = {**os.environ, **SERVER_ENV, **{f"STACKATLAS_{k}": v for k, v in (settings or {}).items()}}
    return start(command, environment, base + "/healthz"), base

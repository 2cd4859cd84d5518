"""service/query/process_memory.py: a process's written memory and another's peak, read from /proc (Linux)."""

from __future__ import annotations

import os

from service.query.process_memory import peak_resident_kb, private_memory_mb


def _in_a_child(allocate_mb: int) -> float:
    # Fork, write `allocate_mb` MB, report private memory through a pipe: a fresh fork has written little.
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            held = bytearray(allocate_mb * 1024 * 1024)
            held[::4096] = b"x" * len(held[::4096])  # touch every page
            os.write(writer, str(private_memory_mb()).encode())
        finally:
            os._exit(0)
    os.close(writer)
    try:
        return float(os.read(reader, 64))
    finally:
        os.close(reader)
        os.waitpid(pid, 0)


def test_memory_written_after_a_fork_is_counted() -> None:
    assert _in_a_child(64) >= 64


def test_a_live_process_has_a_peak_and_a_gone_one_none() -> None:
    assert peak_resident_kb(os.getpid()) > 0
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    assert peak_resident_kb(pid) == 0

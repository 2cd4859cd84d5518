"""How much memory a query process holds, read from /proc (Linux); elsewhere nothing is counted."""

from __future__ import annotations

from pathlib import Path


def private_memory_mb() -> float:
    """Return the memory this process has written since it was forked (private dirty pages), in MB."""
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    except OSError:  # not Linux: never retire
        pass
    return 0.0


def peak_resident_kb(pid: int) -> int:
    """Return the most memory a live process has held at once (VmHWM, in kB), read from outside it."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0

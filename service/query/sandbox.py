"""Confine a query process: no network, a ceiling on its memory, and no life after its parent's.

pyoxigraph evaluates SERVICE by connecting to the URL a query names and has no switch to stop it;
the guard refuses such queries, and this makes the process that runs queries unable to connect
whatever the guard missed: a seccomp filter makes socket() fail with EPERM for every address
family but AF_UNIX (its pipe to the serving process is a Unix socket pair made before the fork),
and refuses io_uring_setup, whose operations would not pass through the filter. A loaded filter
cannot be removed, and every thread the engine starts inherits it.

Each function raises SandboxUnavailable when it cannot do its work; the caller must then not run
queries at all.
"""

from __future__ import annotations

import ctypes
import errno
import os
import resource
import signal
import socket
from pathlib import Path

_PR_SET_PDEATHSIG = 1


class SandboxUnavailable(Exception):
    """A confinement that could not be set up here (no libseccomp, not Linux): the process must not answer."""


def deny_network() -> None:
    """Make socket() fail with EPERM in this process for every address family but AF_UNIX, and io_uring_setup too."""
    try:
        # Imported here: the module raises on import where libseccomp is missing, and only query
        # processes need it.
        import pyseccomp as seccomp

        refuse = seccomp.ERRNO(errno.EPERM)
        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        rules.add_rule(refuse, "io_uring_setup")
        rules.load()
    except (ImportError, RuntimeError, OSError) as error:
        raise SandboxUnavailable(f"no seccomp filter: {error}") from error


def cap_memory(extra_mb: float) -> None:
    """Let this process's address space grow by at most extra_mb beyond its size now (RLIMIT_AS)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError as error:
        raise SandboxUnavailable(f"no memory limit: {error}") from error
    sizes = [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmSize:")]
    if not sizes:
        raise SandboxUnavailable("no memory limit: /proc/self/status has no VmSize")
    # The size now is mostly the serving process's, shared copy-on-write: only growth is the query's.
    limit = sizes[0] * 1024 + int(extra_mb * 2**20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def die_with(parent: int) -> None:
    """Have the kernel kill this process when the thread that forked it ends; exit now if parent is already gone."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except AttributeError as error:  # not Linux
        raise SandboxUnavailable(f"no parent-death signal: {error}") from error
    if prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise SandboxUnavailable(f"no parent-death signal: {os.strerror(ctypes.get_errno())}")
    # The parent may have died between the fork and the prctl call, before there was a signal to send.
    if os.getppid() != parent:
        os._exit(0)


def close_inherited(keep: int) -> None:
    """Close every file descriptor inherited from the parent but standard I/O and `keep`."""
    # A fork inherits the server's listening socket, its clients' connections and any pipe to a
    # child the parent started (a test's browser driver, say): held open here, they would keep the
    # port bound and the peers from seeing their end closed.
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))

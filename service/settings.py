"""Every setting once: its name, default and help feed the CLI, app.config and the docs."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

_TRUE, _FALSE = frozenset({"true", "1", "yes", "on"}), frozenset({"false", "0", "no", "off"})


class SettingError(ValueError):
    """An environment value that does not parse; the message names the variable and the values it takes."""


@dataclass(frozen=True)
class Setting:
    """One setting: NAME in app.config, STACKATLAS_NAME in the environment, --name on the CLI."""

    name: str
    default: Any
    help: str
    minimum: int = 0  # the least value a number may take

    @property
    def env(self) -> str:
        """Return the environment variable that overrides this setting."""
        return "STACKATLAS_" + self.name

    @property
    def option(self) -> str:
        """Return the command-line option for this setting."""
        return "--" + self.name.lower().replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("DATA", None, "RDF file or folder that replaces the bundled graph."),
    Setting(
        "STORE",
        None,
        "A SPARQL endpoint holding the graph (sparql+http://host:port/query) instead of loading it in process.",
    ),
    Setting(
        "VALIDATE",
        True,
        "Check the data against the SHACL shapes when loading it (serve, query, export, stats); refuse invalid data. "
        "A pass is remembered by content hash, so the same data is not checked twice.",
    ),
    Setting(
        "KEEP_STORE",
        "auto",
        "Keep the loaded store on disk per dataset version and open it at the next start instead of loading again: "
        "on, off, or auto (data of 50 MB or more; smaller data, like the bundled graph, is queried faster in "
        "memory and loads in about a second).",
    ),
    Setting(
        "STORE_FOLDER",
        None,
        "Folder the kept stores live in (one per dataset version); default: the user's cache folder "
        "(~/.cache/stackatlas/stores, or under XDG_CACHE_HOME).",
    ),
    Setting("HOST", "127.0.0.1", "Address the server listens on."),
    Setting("PORT", 8000, "Port the server listens on."),
    Setting(
        "PUBLIC_URL",
        None,
        "The service's address as clients reach it (https://host/prefix), written into pages and the service "
        "description; without it, pages use relative links and the description the bound address. Never taken "
        "from a request's Host header.",
    ),
    Setting("WORKERS", 2, "Number of granian worker processes.", minimum=1),
    Setting(
        "THREADS",
        64,
        "Python threads per worker that run requests; at most half of them may wait for request bodies at once. "
        "Queries waiting for a query process hold one each (QUERY_WAIT bounds how long): with 64, up to 61 wait "
        "a worker, and the 64 connections of the capacity runs are served, not refused (docs/performance.md).",
        minimum=1,
    ),
    Setting("ACCESS_LOG", False, "Log every request to standard output (costs throughput)."),
    Setting("QUERY_TIMEOUT", 30.0, "Seconds a SPARQL query may run before it is stopped with 503."),
    Setting("QUERY_PROCESSES", 2, "Killable processes per worker that run /sparql queries (one query each at a time)."),
    Setting(
        "QUERY_LANES",
        0,
        "Short /sparql queries a worker runs at once, each on the query process that ran the last one (0: the "
        "cores shared out among the workers, at least one). A query still running after 20 ms gives its lane to "
        "the next and runs on, and none waits longer than that for one. Measured faster on two cores, the "
        "GROUP BY most (docs/performance.md).",
    ),
    Setting(
        "QUERY_WAIT",
        1.0,
        "Most seconds a query may wait for a free query process; a query that would wait longer (the queries "
        "before it, at the recent pace) gets 503 with Retry-After at once. Sized from the capacity measured in "
        "docs/performance.md: above the p99 of a saturated server, below the 2 s /healthz is given.",
    ),
    Setting(
        "QUERY_MEMORY_MB",
        1024,
        "Memory (MB) one query may allocate while it runs; past it the query is stopped with 507.",
    ),
    Setting(
        "QUERY_PROCESS_MB",
        64,
        "Memory (MB) a query process may write before it is replaced by a fresh fork (bounds memory on big graphs).",
    ),
    Setting(
        "CLIENT_QUERIES",
        0,
        "Most /sparql queries one client may run at once in a worker while other clients query too "
        "(0: an equal share of QUERY_PROCESSES); past it, 429 with Retry-After.",
    ),
    Setting(
        "CLIENT_QUERY_SECONDS",
        60.0,
        "Seconds of query time one client may spend in CLIENT_WINDOW (shared out among the workers); past it, 429.",
    ),
    Setting("CLIENT_WINDOW", 60.0, "Seconds over which CLIENT_QUERY_SECONDS is counted.", minimum=1),
    Setting(
        "TRUSTED_PROXIES",
        "",
        "Addresses of proxies (a load balancer) whose X-Forwarded-For names the client; from any other peer "
        "the header is ignored and the client is the peer's address.",
    ),
    Setting("MAX_ROWS", 10000, "Most result rows (or triples) returned; a longer result is cut and says so."),
    Setting(
        "MAX_ANSWER_BYTES",
        16_000_000,
        "Most bytes of one /sparql answer; a longer answer is cut at a row (or triple) and says so, as at MAX_ROWS.",
        minimum=1,
    ),
    Setting(
        "SEND_TIMEOUT",
        30.0,
        "Seconds an answer may wait for its client to read any of it (no byte acknowledged); past it the "
        "connection is closed (the kernel's TCP_USER_TIMEOUT on every accepted connection).",
        minimum=1,
    ),
    Setting(
        "UNSENT_ANSWER_MB",
        64,
        "Megabytes of big answers (over 2 MB each) a worker may hold for clients still reading them; past it, a "
        "new big answer gets 503 with Retry-After (answers of 2 MB or less, /healthz among them, are never held back).",
        minimum=1,
    ),
    Setting("MAX_BODY_BYTES", 1_000_000, "Largest request body accepted; a larger one gets 413."),
    Setting("CORS_ORIGINS", "*", "Origins allowed by CORS: * or a space-separated list."),
    Setting(
        "CACHE_MB",
        64,
        "Megabytes of finished answers kept per worker (0: none); an answer bigger than a tenth of it is not kept.",
    ),
)


def cores() -> int:
    """Return how many cores this process may run on (the defaults that scale with the machine read it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def defaults() -> dict[str, Any]:
    """Return every setting at its default, overridden by STACKATLAS_* environment variables.

    Raises SettingError for the first variable whose value does not parse, rather than guess.
    """
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = os.environ.get(setting.env)
        values[setting.name] = setting.default if raw is None else parse(setting, raw)
    return values


def parse(setting: Setting, raw: str) -> Any:
    """Read an environment value as the type of the setting's default, or raise SettingError naming it."""
    default, shown = setting.default, f"{setting.env}={raw!r}"
    if isinstance(default, bool):
        word = raw.strip().lower()
        if word not in _TRUE | _FALSE:
            raise SettingError(f"{shown} is not a boolean: use true/false, 1/0, yes/no or on/off (any case)")
        return word in _TRUE
    if isinstance(default, int):
        takes = f"a whole number, {setting.minimum} or more"
        try:
            number: float = int(raw)
        except ValueError:
            raise SettingError(f"{shown} is not an integer: use {takes}") from None
    elif isinstance(default, float):
        takes = f"a number, {setting.minimum} or more (such as {default})"
        try:
            number = float(raw)
        except ValueError:
            raise SettingError(f"{shown} is not a number: use {takes}") from None
        if not math.isfinite(number):
            raise SettingError(f"{shown} is not a finite number: use {takes}")
    else:
        return raw
    if number < setting.minimum:
        raise SettingError(f"{shown} is out of range: use {takes}")
    return number

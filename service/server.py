"""Run the Flask app under gunicorn, loaded once in the master and shared by forked workers."""

from __future__ import annotations

import gc
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """A gunicorn application serving an app object that is already built."""

    def __init__(self, app: Flask, options: dict[str, Any]):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def serve(app: Flask, *, host: str, port: int, workers: int, threads: int = 4, access_log: bool = False) -> None:
    """Serve the app until interrupted (Ctrl-C stops the workers gracefully)."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        # gthread workers keep connections alive; sync workers close after every response.
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": "-" if access_log else None,
        "graceful_timeout": 5,
    }
    # Everything loaded so far lives as long as the server: move it out of the collector's reach
    # before the workers fork. A full collection would otherwise walk ~100k objects (~45 ms) in the
    # middle of a request, and its writes to object headers would unshare the pages they sit on.
    gc.collect()
    gc.freeze()
    _Gunicorn(app, options).run()

"""The hand-written graph of issue 24's shapes (tests/data/issue24): release cycles, survey observations, primary
facts and repository activity, loaded once per session for the tests of lifecycles, popularity and questions."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from flask import Flask

from service import create_app
from service.knowledge.derived import load_known_dataset
from service.query.store import Dataset

FIXTURE = Path(__file__).parent / "data" / "issue24"
TODAY = dt.date(2026, 12, 7)  # the day the fixture's dates are chosen around


@cache
def fixture_dataset() -> Dataset:
    """The fixture graph, loaded and validated once."""
    return load_known_dataset(FIXTURE)


@cache
def fixture_app() -> Flask:
    """The web app on the fixture graph."""
    return create_app({"TESTING": True, "DATA": str(FIXTURE)})

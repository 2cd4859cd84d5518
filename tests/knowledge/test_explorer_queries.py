"""The explorer page's own queries: with the IRIs in view put in their slot, each is a query the engine reads."""

from __future__ import annotations

import pyoxigraph as ox

from service import vocab
from service.knowledge.explorer_queries import RESOURCES_SLOT, page_queries


def test_each_query_runs_once_its_slot_is_filled(store) -> None:  # type: ignore[no-untyped-def]
    queries = page_queries()
    assert queries["slot"] == RESOURCES_SLOT
    shown = f"<{vocab.iri_for('flask')}> <{vocab.iri_for('python')}>"
    labels = store.dataset.store.query(queries["labels"].replace(RESOURCES_SLOT, shown))
    assert isinstance(labels, ox.QuerySolutions)
    assert {row["label"].value for row in labels if row["label"] is not None} >= {"Flask", "Python"}
    exported = list(store.dataset.store.query(queries["export"].replace(RESOURCES_SLOT, shown)))
    language = ox.NamedNode(vocab.iri_for("python"))
    assert any(t.subject == ox.NamedNode(vocab.iri_for("flask")) and t.object == language for t in exported)

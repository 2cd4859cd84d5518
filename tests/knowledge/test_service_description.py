"""The endpoint in the SPARQL 1.1 Service Description vocabulary."""

from __future__ import annotations

import pyoxigraph as ox

from service.knowledge.service_description import PREFIXES, RESULT_FORMATS, SD, service_description


def test_the_description_names_the_endpoint_the_version_and_every_format() -> None:
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in service_description("http://h:1/sparql", "v9"))
    rows = store.query(
        "PREFIX sd: <" + SD + "> PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?endpoint ?version WHERE { ?s a sd:Service ; sd:endpoint ?endpoint ; sd:defaultDataset ?d . "
        "?d dct:hasVersion ?version }"
    )
    assert isinstance(rows, ox.QuerySolutions)
    assert [(row["endpoint"].value, row["version"].value) for row in rows] == [("http://h:1/sparql", "v9")]
    formats = store.query("SELECT ?f WHERE { ?s <" + SD + "resultFormat> ?f }")
    assert isinstance(formats, ox.QuerySolutions)
    assert sorted(row["f"].value.rsplit("/", 1)[1] for row in formats) == sorted(RESULT_FORMATS)
    assert PREFIXES["sd"] == SD

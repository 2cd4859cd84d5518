"""The survey importer on a small table the tests write: observations, zero rows, respondents, caveats."""

from __future__ import annotations

from pathlib import Path

import pytest
from importers_support import parse_trig, write_table, write_tree

from service import vocab
from service.importers.run import build

FOLDER = "metrics/stackoverflow_developer_survey"
TABLE_GRAPH = vocab.BASE + f"source/so-survey/{FOLDER}/so-results.csv"
HEAD = vocab.sparql_prefixes()
HEADER = (
    "Year,Framework,Current_Popularity,Current_Popularity_Percent,Desired_Popularity,Desired_Popularity_Percent,"
    "Loved,Loved_Percent,Wanted,Wanted_Percent,Dreaded,Dreaded_Percent\n"
)
TABLE = HEADER + (
    "2025,Django,2977,0.12960383108402262,2302,0.10021767522855898,1381,0.4638898219684246,921,0.04,1596,0.53\n"
    "2025,React,10581,0.4606443186765346,7018,0.3055289508053983,5509,0.52,1509,0.06,5072,0.47\n"
    "2019,Django,0,0.0,0,0.0,0,nan,0,0.0,0,nan\n"
)
README = "| Year | Total |\n| ---: | ----: |\n| 2025 | 22970 |\n| 2019 | 65022 |\n"
CROSSWALK = "framework,slug,note\nDjango,django,\nReact,,a front-end library\n"


def survey_snapshot(root: Path, table: str = TABLE, readme: str = README) -> Path:
    return write_tree(root, {f"{FOLDER}/so-results.csv": table, f"{FOLDER}/README.md": readme})


@pytest.fixture
def popularity(tmp_path: Path, tables: Path):
    write_table(tables, "survey.csv", CROSSWALK)
    return parse_trig(build("survey", survey_snapshot(tmp_path / "survey"), tables))


def select(store, body: str) -> list[dict[str, str]]:
    result = store.query(HEAD + body, use_default_graph_as_union=True)
    return [{v.value: row[v].value for v in result.variables if row[v] is not None} for row in result]


def test_each_measure_of_a_row_is_an_observation_in_the_tables_graph(popularity) -> None:
    found = select(
        popularity,
        f"""SELECT ?measure ?share ?count ?respondents ?answer WHERE {{ GRAPH <{TABLE_GRAPH}> {{
              ?o a sa:SurveyObservation ; sa:framework id:django ; sa:surveyYear 2025 ; sa:surveyMeasure ?measure ;
                 sa:share ?share ; sa:count ?count ; sa:respondents ?respondents ; sa:surveyAnswer ?answer }} }}""",
    )
    by_measure = {row["measure"].rsplit("/", 1)[1]: row for row in found}
    assert set(by_measure) == {"worked-with", "want-to-work-with", "admired"}
    assert by_measure["worked-with"] == {
        "measure": vocab.BASE + "survey-measure/worked-with",
        "share": "0.12960383108402262",
        "count": "2977",
        "respondents": "22970",
        "answer": "Django",
    }
    assert (by_measure["admired"]["share"], by_measure["admired"]["count"]) == ("0.4638898219684246", "1381")
    assert popularity.query(
        HEAD + "ASK { id:survey\\/2025\\/django\\/worked-with sa:share ?s }", use_default_graph_as_union=True
    )


def test_a_zero_row_is_not_offered_and_has_no_share(popularity) -> None:
    found = select(
        popularity,
        "SELECT ?o ?offered ?share ?respondents WHERE { ?o sa:framework id:django ; sa:surveyYear 2019 ; "
        "sa:respondents ?respondents OPTIONAL { ?o sa:offered ?offered } OPTIONAL { ?o sa:share ?share } }",
    )
    assert len(found) == 3
    assert all(row["offered"] == "false" and "share" not in row and row["respondents"] == "65022" for row in found)


def test_a_framework_mapped_to_nothing_gets_no_observation(popularity) -> None:
    assert not select(popularity, "SELECT ?o WHERE { ?o sa:surveyAnswer 'React' }")


def test_the_dataset_carries_its_caveats_and_the_surveys_licence(popularity) -> None:
    caveats = [row["c"] for row in select(popularity, "SELECT ?c WHERE { id:source\\/so-survey sa:caveat ?c }")]
    assert len(caveats) >= 4
    text = " ".join(caveats)
    for words in ("answered", "ASP.NET Core", "not offered", "Front-end"):
        assert words in text
    assert select(
        popularity,
        "SELECT ?s WHERE { id:source\\/so-survey a sa:PublicDataset ; "
        "dct:license <https://spdx.org/licenses/Unlicense> ; dct:source ?s . "
        "?s dct:license <https://opendatacommons.org/licenses/odbl/1-0/> }",
    )

"""The generated graph says what the datasets say, checked with SPARQL on the committed files."""

from __future__ import annotations

import csv
import json
import tarfile

import pyoxigraph
import pytest
from importers_support import BENCHMARKER_ARCHIVE, DATA, SOURCES, TECHEMPOWER_ARCHIVE

from service import vocab
from service.loading.load import ontology_file
from service.query.store import Dataset

ID = vocab.BASE
TE = ID + "source/techempower"
TB = ID + "source/the-benchmarker"
# Relative IRIs (<database/postgresql>) are resources of the graph: slugs with a slash are no prefixed names.
QUERY_HEAD = f"BASE <{ID}>\n" + vocab.sparql_prefixes()
# A framework claim from TechEmpower, and the set-up property that must back it.
BACKING = {
    "benchmarkClassification": "benchmarkClassification",
    "benchmarkedWith": "database",
    "benchmarkedOrm": "ormClass",
    "benchmarkedOn": "webServer",
    "benchmarkedPlatform": "platform",
    "language": "language",
}


@pytest.fixture(scope="module")
def rows(generated: Dataset):
    def run(body: str) -> list[dict[str, str]]:
        result = generated.store.query(QUERY_HEAD + body)
        return [
            {var.value: (s.value if s is not None else None) for var, s in zip(result.variables, r, strict=True)}
            for r in result
        ]

    return run


def ask(generated: Dataset, body: str) -> bool:
    return bool(generated.store.query(QUERY_HEAD + body))


def test_techempower_classifies_django_full_stack(generated: Dataset) -> None:
    assert ask(
        generated,
        f"ASK {{ GRAPH <{TE}/frameworks/Python/django/benchmark_config.json> "
        "{ id:django sa:benchmarkClassification <benchmark-class/fullstack> } }",
    )


def test_every_techempower_claim_rests_on_a_working_setup(rows) -> None:
    for claim, backing in BACKING.items():
        unbacked = rows(f"""
            SELECT ?g ?f ?o WHERE {{
              ?g dct:isPartOf <{TE}> .
              GRAPH ?g {{ ?f sa:{claim} ?o . FILTER NOT EXISTS {{ ?f a sa:BenchmarkSetup }} }}
              FILTER NOT EXISTS {{
                GRAPH ?g {{ ?s sa:setupOf ?f ; sa:{backing} ?o . FILTER NOT EXISTS {{ ?s sa:broken true }} }}
              }}
            }}""")
        assert not unbacked, f"sa:{claim} claims with no working set-up behind them: {unbacked[:5]}"
        claims = rows(f"SELECT ?f WHERE {{ ?g dct:isPartOf <{TE}> . GRAPH ?g {{ ?f sa:{claim} ?o }} }} LIMIT 1")
        assert claims, f"no sa:{claim} claim from TechEmpower at all"


def test_every_techempower_framework_type_rests_on_a_working_non_platform_setup(rows) -> None:
    unbacked = rows(f"""
        SELECT ?g ?f WHERE {{
          ?g dct:isPartOf <{TE}> .
          GRAPH ?g {{ ?f a sa:Framework }}
          FILTER NOT EXISTS {{
            GRAPH ?g {{ ?s sa:setupOf ?f ; sa:benchmarkClassification ?c .
                       FILTER NOT EXISTS {{ ?s sa:broken true }} FILTER (?c != <benchmark-class/platform>) }}
          }}
        }}""")
    assert not unbacked, unbacked[:5]


def test_a_broken_setup_is_kept_and_marked(generated: Dataset) -> None:
    assert ask(
        generated,
        f"ASK {{ GRAPH <{TE}/frameworks/Python/flask/benchmark_config.json> "
        '{ ?s sa:setupOf id:flask ; dct:identifier "Python/flask#raw" ; sa:broken true } }',
    )
    assert not ask(
        generated,
        f"ASK {{ GRAPH <{TE}/frameworks/Python/flask/benchmark_config.json> "
        '{ ?s dct:identifier "Python/flask#default" ; sa:broken ?b } }',
    )


@pytest.mark.parametrize(("folder", "slug"), [("Go/fasthttp", "fasthttp"), ("Python/uvicorn", "uvicorn")])
def test_a_platform_only_folder_is_not_typed_framework(generated: Dataset, folder: str, slug: str) -> None:
    graph = f"<{TE}/frameworks/{folder}/benchmark_config.json>"
    assert ask(generated, f"ASK {{ GRAPH {graph} {{ ?s sa:setupOf id:{slug} ; sa:benchmarkClassification ?c }} }}")
    assert not ask(
        generated,
        f"ASK {{ GRAPH {graph} {{ ?s sa:setupOf id:{slug} ; sa:benchmarkClassification ?c . "
        "FILTER NOT EXISTS { ?s sa:broken true } FILTER (?c != <benchmark-class/platform>) } }",
    ), f"{folder} has a working test that is not Platform: the premise of this test is gone"
    assert not ask(generated, f"ASK {{ ?g dct:isPartOf <{TE}> . GRAPH ?g {{ id:{slug} a sa:Framework }} }}")


@pytest.mark.usefixtures("snapshots")
def test_spellings_normalise_to_one_concept(generated: Dataset, rows) -> None:
    with tarfile.open(TECHEMPOWER_ARCHIVE, "r:gz") as tar:
        lower = next(
            f"{m.name.split('/')[2]}/{m.name.split('/')[3]}#{name}"
            for m in tar.getmembers()
            if m.name.endswith("/benchmark_config.json")
            for group in json.load(tar.extractfile(m))["tests"]  # type: ignore[arg-type]
            for name, entry in group.items()
            if entry.get("database") == "postgres"
        )
    for identifier in (lower, "Python/flask#default"):
        assert ask(
            generated,
            f'ASK {{ ?s dct:identifier "{identifier}" ; sa:database <database/postgresql> }}',
        )
    labels = {
        (r["p"].rsplit("#", 1)[1], r["l"])
        for r in rows(
            "SELECT ?p ?l WHERE { VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel } "
            "<database/postgresql> ?p ?l }"
        )
    }
    assert ("prefLabel", "PostgreSQL") in labels
    spelled = {label for _, label in labels}
    assert {"Postgres", "postgres"} <= spelled, labels
    assert not ask(
        generated,
        "ASK { ?s sa:database ?d . FILTER (?d != <database/postgresql>) ?d skos:altLabel 'Postgres'@en }",
    )


def test_benchmarker_observations_and_their_run(rows) -> None:
    found = rows("""
        SELECT ?level (COUNT(?o) AS ?n) WHERE {
          ?o a <http://purl.org/linked-data/cube#Observation> ;
             <http://purl.org/linked-data/cube#dataSet> ?run ; sa:concurrency ?level ; sa:requestsPerSecond ?rps ;
             sa:setup ?setup ; sa:framework ?f .
          ?run a sa:BenchmarkRun .
        } GROUP BY ?level""")
    assert {int(r["level"]) for r in found} == {64, 256, 512}
    flask = rows("""
        SELECT ?level ?rps WHERE { ?o sa:framework id:flask ; sa:setup <the-benchmarker/python/flask> ;
                                      sa:concurrency ?level ; sa:requestsPerSecond ?rps }""")
    assert {int(r["level"]) for r in flask} == {64, 256, 512}
    assert all(float(r["rps"]) > 0 for r in flask)
    run = rows(
        "SELECT ?date ?hardware ?caveat WHERE { "
        "?run a sa:BenchmarkRun ; dct:date ?date ; sa:hardware ?hardware ; sa:caveat ?caveat }"
    )
    assert len(run) == 1
    assert run[0]["date"].startswith("2026-02-11T")
    assert "CPUs" in run[0]["hardware"]
    assert "minimal routing app" in run[0]["caveat"]


@pytest.mark.usefixtures("snapshots")
def test_a_version_read_as_a_number_is_flagged(generated: Dataset) -> None:
    with tarfile.open(BENCHMARKER_ARCHIVE, "r:gz") as tar:
        results = json.load(tar.extractfile("./data.json"))  # type: ignore[arg-type]
    entry = next(f for f in results["frameworks"] if f["language"] == "go" and f["label"] == "poteto")
    assert entry["version"] == 1.1  # config.yaml writes 1.10
    setup = "<the-benchmarker/go/poteto>"
    assert ask(
        generated, f'ASK {{ GRAPH <{TB}/data.json> {{ {setup} sa:versionFromNumber true ; sa:testedVersion "1.1" }} }}'
    )
    assert ask(generated, f'ASK {{ GRAPH <{TB}/go/poteto/config.yaml> {{ {setup} sa:testedVersion "1.10" }} }}')
    assert not ask(generated, f"ASK {{ GRAPH <{TB}/go/poteto/config.yaml> {{ {setup} sa:versionFromNumber ?x }} }}")
    assert ask(
        generated,
        f"ASK {{ GRAPH <{TB}/data.json> {{ <the-benchmarker/python/flask> sa:versionFromNumber true }} }}",
    )


@pytest.mark.parametrize("source", ["techempower", "the-benchmarker"])
def test_each_dataset_is_pinned_to_its_commit(rows, source: str) -> None:
    with (SOURCES / "pins.csv").open(newline="", encoding="utf-8") as file:
        pin = next(row for row in csv.DictReader(file) if row["source"] == source)
    found = rows(f"SELECT ?commit WHERE {{ <source/{source}> a sa:PublicDataset ; sa:commit ?commit }}")
    assert [r["commit"] for r in found] == [pin["commit"]]


def test_flask_claims_come_from_the_article_and_both_datasets(rows) -> None:
    sources = {
        r["src"] for r in rows("SELECT DISTINCT ?src WHERE { GRAPH ?g { id:flask ?p ?o } ?g dct:isPartOf ?src }")
    }
    assert {vocab.ARTICLE, TE, TB} <= sources, sources


@pytest.mark.parametrize("name", ["lifecycles.trig", "popularity.trig"])
def test_every_term_a_generated_file_uses_is_documented_in_the_ontology(name: str) -> None:
    ontology = pyoxigraph.Store()
    ontology.load(path=str(ontology_file()), format=pyoxigraph.RdfFormat.TURTLE)
    used = {
        term.value
        for quad in pyoxigraph.parse(path=str(DATA / name), format=pyoxigraph.RdfFormat.TRIG)
        for term in (quad.predicate, quad.object if quad.predicate.value == vocab.RDF_TYPE else None)
        if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(vocab.ONTOLOGY)
    }
    assert len(used) > 10
    undocumented = sorted(
        iri
        for iri in used
        if not ontology.query(f"ASK {{ <{iri}> <{vocab.RDFS_LABEL}> ?l ; <{vocab.PREFIXES['rdfs']}comment> ?c }}")
    )
    assert not undocumented, f"terms of {name} with no label and comment in the ontology: {undocumented}"


# Mapping corrections. The audit's rule behind each: a value from a dataset lands on the framework
# it describes, or nowhere.


def test_laravels_repository_and_version_stay_off_laravel_and_lumen(generated: Dataset) -> None:
    # php/laravel-s-laravel/config.yaml gives github hhxsv5/laravel-s and version 3.8: LaravelS's, not Laravel's.
    for slug in ("laravel", "lumen"):
        assert not ask(generated, f'ASK {{ id:{slug} doap:homepage ?h FILTER CONTAINS(STR(?h), "hhxsv5") }}'), slug
        assert ask(generated, f"ASK {{ id:{slug} doap:homepage ?h }}"), f"{slug} lost its own homepage"
        assert not ask(generated, f'ASK {{ ?s sa:setupOf id:{slug} ; sa:testedVersion "3.8" }}'), (
            f"LaravelS's version is given as {slug}'s"
        )
    assert ask(generated, "ASK { <the-benchmarker/php/laravel-s-laravel> sa:setupOf id:laravel ; sa:webServer ?w }")
    assert ask(generated, 'ASK { <the-benchmarker/php/laravel> sa:setupOf id:laravel ; sa:testedVersion "12.46" }')


def test_aspnet_core_is_not_a_visual_basic_framework(generated: Dataset) -> None:
    assert not ask(generated, "ASK { id:aspnet-core sa:language id:visual-basic }")
    assert ask(generated, "ASK { id:aspnet-core sa:language id:csharp }")
    # The set-ups of the VB folder keep their language: it is true of them.
    assert ask(
        generated,
        f"ASK {{ GRAPH <{TE}/frameworks/VB/aspnetcore/benchmark_config.json> "
        "{ ?s sa:setupOf id:aspnet-core ; sa:language id:visual-basic } }",
    )


def test_spring_of_both_benchmarks_is_spring_boot(rows) -> None:
    found = rows(f"""
        SELECT DISTINCT ?framework WHERE {{
          {{ GRAPH <{TE}/frameworks/Java/spring/benchmark_config.json> {{ ?s sa:setupOf ?framework }} }}
          UNION {{ GRAPH <{TB}/java/spring/config.yaml> {{ ?s sa:setupOf ?framework }} }}
        }}""")
    assert [r["framework"] for r in found] == [ID + "spring-boot"]
    # Spring MVC is a framework of its own (its primary record says what it is), but no benchmark's claim is left on it.
    benchmark_claims = rows(f"""SELECT ?p WHERE {{ GRAPH ?g {{ id:spring-mvc ?p ?o }}
        FILTER(STRSTARTS(STR(?g), "{TE}") || STRSTARTS(STR(?g), "{TB}")) }}""")
    assert not benchmark_claims, "spring-mvc is left with claims from a benchmark's files"


def test_0http_bun_is_a_package_of_its_own_not_0http(generated: Dataset) -> None:
    # javascript/0http-bun/config.yaml gives github BackendStack21/0http-bun and version 1.0: the package
    # 0http-bun (for Bun), not 0http (BackendStack21/0http, version 4.3).
    setup = "<the-benchmarker/javascript/0http-bun>"
    assert not ask(generated, 'ASK { id:0http doap:homepage ?h FILTER CONTAINS(STR(?h), "0http-bun") }')
    assert not ask(generated, f"ASK {{ {setup} sa:setupOf id:0http }}")
    assert not ask(generated, f"ASK {{ ?o sa:setup {setup} ; sa:framework id:0http }}")
    assert ask(generated, f'ASK {{ {setup} sa:setupOf id:0http-bun ; sa:testedVersion "1.0" }}')
    assert ask(generated, "ASK { id:0http-bun doap:homepage <https://github.com/BackendStack21/0http-bun> }")
    assert ask(generated, "ASK { id:0http doap:homepage <https://github.com/BackendStack21/0http> }")


def test_a_malformed_web_address_lands_nowhere(generated: Dataset, rows) -> None:
    # data.json gives both goravel entries the website https://https://www.goravel.dev/ (its host is "https");
    # their config.yaml files write https://www.goravel.dev/, which is Goravel's homepage.
    found = rows(
        f'SELECT DISTINCT ?h WHERE {{ GRAPH ?g {{ id:goravel doap:homepage ?h }} FILTER(STRSTARTS(STR(?g), "{TB}")) }}'
    )
    assert [r["h"] for r in found] == ["https://www.goravel.dev/"]
    # d/vibed_light writes "DmitryOlshansky/vibe-http" as its website: no web address, and nothing says which.
    assert not ask(generated, "ASK { id:vibed-light doap:homepage ?h }")
    # No homepage from the-benchmarker has a host that is not a domain name.
    assert not ask(
        generated,
        f'ASK {{ GRAPH ?g {{ ?f doap:homepage ?h }} FILTER(STRSTARTS(STR(?g), "{TB}")) '
        'FILTER(!REGEX(STR(?h), "^https?://[^/:]+[.][^/:.]+(:[0-9]+)?(/|$)")) }',
    )


def test_yii_of_both_benchmarks_is_yii_2(rows) -> None:
    # php/yii/config.yaml gives website yiiframework.com and version 2.0; TechEmpower's folder is PHP/yii2.
    found = rows(f"""
        SELECT DISTINCT ?framework WHERE {{
          {{ GRAPH <{TE}/frameworks/PHP/yii2/benchmark_config.json> {{ ?s sa:setupOf ?framework }} }}
          UNION {{ GRAPH <{TB}/php/yii/config.yaml> {{ ?s sa:setupOf ?framework }} }}
          UNION {{ GRAPH <{TB}/data.json> {{ ?o sa:setup <the-benchmarker/php/yii> ; sa:framework ?framework }} }}
        }}""")
    assert [r["framework"] for r in found] == [ID + "yii2"]
    assert not rows("SELECT ?p WHERE { { id:yii ?p ?o } UNION { ?s ?p id:yii } }"), "id:yii is left in the graph"
    assert rows('SELECT ?s WHERE { id:yii2 rdfs:label "Yii 2"@en ; doap:homepage <https://yiiframework.com/> }')


def test_uwebsockets_js_of_both_benchmarks_is_one_server_library(rows) -> None:
    # javascript/uwebsockets/config.yaml gives github uNetworking/uWebSockets.js; TechEmpower's folder is
    # JavaScript/uwebsockets.js, a Platform test of the same software.
    found = rows(f"""
        SELECT DISTINCT ?software WHERE {{
          {{ GRAPH <{TE}/frameworks/JavaScript/uwebsockets.js/benchmark_config.json> {{ ?s sa:setupOf ?software }} }}
          UNION {{ GRAPH <{TB}/javascript/uwebsockets/config.yaml> {{ ?s sa:setupOf ?software }} }}
          UNION {{ GRAPH <{TB}/data.json> {{
            ?o sa:setup <the-benchmarker/javascript/uwebsockets> ; sa:framework ?software }} }}
        }}""")
    assert [r["software"] for r in found] == [ID + "uwebsockets-js"]
    assert not rows("SELECT ?p WHERE { { id:uwebsockets ?p ?o } UNION { ?s ?p id:uwebsockets } }")
    assert not rows("SELECT ?g WHERE { GRAPH ?g { id:uwebsockets-js a sa:Framework } }")
    assert rows("SELECT ?f WHERE { ?f sa:builtOn id:uwebsockets-js }"), "the primary records' built_on lost its target"


@pytest.mark.parametrize(
    ("slug", "folder"), [("dusty", "Zig/dusty"), ("ripple", "PHP/ripple"), ("aio-socket", "Java/aio-socket")]
)
def test_a_library_techempower_classes_as_a_framework_is_not_one(generated: Dataset, slug: str, folder: str) -> None:
    graph = f"<{TE}/frameworks/{folder}/benchmark_config.json>"
    # TechEmpower's class stays on its test, where it is TechEmpower's description of the test...
    assert ask(generated, f"ASK {{ GRAPH {graph} {{ ?s sa:setupOf id:{slug} ; sa:benchmarkClassification ?c }} }}")
    # ...and says nothing of the software: the files show a library, an engine, a socket test.
    assert not ask(generated, f"ASK {{ id:{slug} a sa:Framework }}")
    assert not ask(generated, f"ASK {{ id:{slug} sa:benchmarkClassification ?c }}")
    assert ask(generated, f"ASK {{ GRAPH {graph} {{ id:{slug} a doap:Project }} }}")


# Names as the projects write them in their READMEs (the primary records cite those files).
PROJECT_NAMES = {
    "genhttp": "GenHTTP",
    "finagle": "Finagle",
    "finatra": "Finatra",
    "rapidoid": "Rapidoid",
    "luminus": "Luminus",
    "blade": "Blade",
    "aleph": "Aleph",
    "jooby": "Jooby",
    "pippo": "Pippo",
    "armeria": "Armeria",
    "blacksheep": "BlackSheep",
    "grape": "Grape",
    "kelp": "Kelp",
    "athena": "Athena",
    "happyx": "HappyX",
    "yii2": "Yii 2",
    "struts2": "Apache Struts 2",
    "uwebsockets-js": "uWebSockets.js",
}


@pytest.mark.parametrize(("slug", "name"), PROJECT_NAMES.items())
def test_a_framework_is_labelled_as_its_project_writes_its_name(rows, slug: str, name: str) -> None:
    assert [r["l"] for r in rows(f"SELECT DISTINCT ?l WHERE {{ <{slug}> rdfs:label ?l }}")] == [name]


# Release cycles and survey figures in the committed graph.

EOL = ID + "source/endoflife-date/products/"
SURVEY_TABLE = ID + "source/so-survey/metrics/stackoverflow_developer_survey/so-results.csv"


def test_django_4_2_is_a_cycle_of_django_in_its_product_files_graph(rows) -> None:
    found = rows(f"""
        SELECT ?release ?eol ?lts ?runtime WHERE {{ GRAPH <{EOL}django.md> {{
          <cycle/django/4.2> a sa:ReleaseCycle ; sa:cycleOf id:django ; sa:cycleName "4.2" ;
              sa:releaseDate ?release ; sa:securitySupportUntil ?eol ; sa:lts ?lts ;
              sa:supportedRuntime ?runtime }} }}""")
    assert found == [{"release": "2023-04-03", "eol": "2026-04-07", "lts": "true", "runtime": ID + "python"}]


def test_every_framework_the_crosswalk_maps_has_its_cycles(rows) -> None:
    with (DATA / "crosswalk" / "endoflife.csv").open(newline="", encoding="utf-8") as file:
        mapped = {row["slug"] for row in csv.DictReader(file) if row["slug"]}
    covered = {r["f"].removeprefix(ID) for r in rows("SELECT DISTINCT ?f WHERE { ?c sa:cycleOf ?f }")}
    assert covered == mapped
    assert {"django", "rails", "laravel", "spring-boot", "express", "phoenix", "dotnet", "python"} <= covered


def test_apache_struts_cycles_are_struts_2s_and_struts_1s_land_nowhere(rows) -> None:
    # products/apache-struts.md names struts2-core; its cycles 2.0 to 7 are Struts 2's, 1.2 and 1.3 Struts 1's.
    found = rows(f"""SELECT ?name ?of WHERE {{ GRAPH <{EOL}apache-struts.md> {{
        ?c a sa:ReleaseCycle ; sa:cycleName ?name ; sa:cycleOf ?of }} }} ORDER BY ?name""")
    assert [r["name"] for r in found] == ["2.0", "2.1", "2.2", "2.3", "2.5", "6", "7"]
    assert {r["of"] for r in found} == {ID + "struts2"}
    assert not rows('SELECT ?c WHERE { ?c sa:cycleName "1.3" ; sa:cycleOf id:struts2 }')
    assert rows('SELECT ?l WHERE { id:struts2 rdfs:label "Apache Struts 2"@en }')
    assert len(rows("SELECT ?l WHERE { id:struts2 rdfs:label ?l }")) == 1


def test_dotnet_cycles_belong_to_the_runtime_aspnet_core_runs_on(generated: Dataset) -> None:
    assert ask(
        generated, 'ASK { <cycle/dotnet/8> sa:cycleOf id:dotnet ; sa:lts true ; rdfs:label "Microsoft .NET 8"@en }'
    )
    assert ask(generated, "ASK { id:aspnet-core sa:runsOn id:dotnet }")
    assert not ask(generated, "ASK { ?c sa:cycleOf id:aspnet-core }"), ".NET's cycles are copied onto ASP.NET Core"


def test_ended_and_open_support_are_flags(generated: Dataset) -> None:
    # Gorilla is mapped to nothing, so take a flag the graph does hold: Deno 2.9 has eol false.
    assert ask(generated, "ASK { <cycle/deno/2.9> sa:securitySupportEnded false }")
    assert not ask(generated, "ASK { <cycle/deno/2.9> sa:securitySupportUntil ?d }")
    assert ask(generated, "ASK { ?c sa:securitySupportEnded true }")


def test_survey_figures_of_aspnet_and_a_year_not_offered(rows) -> None:
    aspnet = rows(f"""
        SELECT ?share ?count ?respondents ?answer WHERE {{ GRAPH <{SURVEY_TABLE}> {{
          <survey/2025/aspnet-core/worked-with> sa:framework id:aspnet-core ; sa:share ?share ; sa:count ?count ;
              sa:respondents ?respondents ; sa:surveyAnswer ?answer }} }}""")
    assert aspnet == [{"share": "0.23234653896386592", "count": "5337", "respondents": "22970", "answer": "ASP.NET"}]
    assert rows("SELECT ?y WHERE { <survey/2018/flask/worked-with> sa:offered false ; sa:surveyYear ?y }")
    assert not rows("SELECT ?s WHERE { <survey/2018/flask/worked-with> sa:share ?s }")
    frameworks = {
        r["f"].removeprefix(ID)
        for r in rows("SELECT DISTINCT ?f WHERE { ?o a sa:SurveyObservation ; sa:framework ?f }")
    }
    assert len(frameworks) == 12 and "react" not in frameworks and {"django", "flask", "fastapi"} <= frameworks
    assert len(rows("SELECT ?c WHERE { <source/so-survey> sa:caveat ?c }")) == 6

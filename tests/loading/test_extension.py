"""The frameworks beyond the article: enough of them, well-formed, sourced as curation, and the article untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from service import vocab
from service.knowledge.derived import load_known_dataset
from service.knowledge.similarity import SimilarityIndex
from service.knowledge.similarity_clusters import clusters_of
from service.loading.load import InvalidDataError, bundled_data, shapes_file
from service.loading.validate import validate

ART = vocab.ARTICLE + "/"
FACTS = vocab.CURATION + "/facts"
OPINIONS = vocab.CURATION + "/opinions"
SPDX = "https://spdx.org/licenses/"
# The files that make up "what the article says": the article, its sources and the vocabulary it uses.
ARTICLE_ONLY = ("article.trig", "sources.trig", "vocabulary.trig")


def _slugs(rows: list[dict[str, str]], key: str) -> set[str]:
    return {vocab.slug_of(row[key]) or row[key] for row in rows}


def _quads(store: ox.Store) -> set[tuple[str, str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in store}


def _article_quads(store: ox.Store) -> set[tuple[str, str, str, str]]:
    return {quad for quad in _quads(store) if quad[3].strip("<>").startswith(ART)}


# --- (a) size -------------------------------------------------------------------------------------------------------


def test_at_least_forty_frameworks_across_at_least_twelve_languages(select) -> None:
    frameworks = select("SELECT DISTINCT ?f WHERE { ?f a sa:Framework }")
    languages = select("SELECT DISTINCT ?l WHERE { ?f a sa:Framework ; sa:language ?l }")
    assert len(frameworks) >= 40
    assert len(languages) >= 12
    assert {"go", "rust", "kotlin", "scala", "swift", "cpp"} <= _slugs(languages, "l")


# --- (b) shapes -----------------------------------------------------------------------------------------------------


def test_full_bundled_data_conforms_to_the_shapes(dataset) -> None:
    report = validate(dataset.store, shapes_file())
    assert report.conforms, report.describe()


def test_every_framework_of_frameworks_trig_has_a_label_a_language_and_a_source_repository() -> None:
    # The curation's first extension names every repository, itself or (since issue 24) through the framework's
    # primary record, which replaced the curation's copy where the repository states it.
    store = ox.Store()
    for name in ("frameworks.trig", "primary.trig"):
        store.load(path=bundled_data() / name, format=ox.RdfFormat.TRIG)
    curated = ox.Store()
    curated.load(path=bundled_data() / "frameworks.trig", format=ox.RdfFormat.TRIG)
    typed = {
        q.subject for q in curated.quads_for_pattern(None, ox.NamedNode(vocab.RDF_TYPE), ox.NamedNode(vocab.FRAMEWORK))
    }
    repository = ox.NamedNode("https://schema.org/codeRepository")
    assert len(typed) >= 30
    assert [f for f in typed if not list(store.quads_for_pattern(f, repository, None))] == []


def test_every_licence_is_an_spdx_iri_with_a_label(select) -> None:
    rows = select("SELECT DISTINCT ?l ?label WHERE { ?f a sa:Framework ; dct:license ?l . ?l rdfs:label ?label }")
    used = select("SELECT DISTINCT ?l WHERE { ?f a sa:Framework ; dct:license ?l }")
    assert {row["l"] for row in rows} == {row["l"] for row in used}
    assert all(row["l"].startswith(SPDX) for row in used)
    assert {row["l"].removeprefix(SPDX) for row in used} >= {"MIT", "Apache-2.0", "BSD-3-Clause"}


BAD_FIELDS = """@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix doap: <http://usefulinc.com/ns/doap#> .
@prefix schema: <https://schema.org/> .
id:source\\/stackatlas-curation\\/facts {
  id:bad a sa:Framework ; rdfs:label "Bad"@en ; sa:language id:go ;
    dct:license <https://example.org/my-licence> ;
    doap:homepage "https://bad.example" ;
    schema:codeRepository <https://github.com/bad/one> , <https://github.com/bad/two> .
}
"""


def test_shapes_reject_bad_licence_homepage_and_repository(tmp_path: Path) -> None:
    for source in bundled_data().glob("*.trig"):
        shutil.copy(source, tmp_path / source.name)
    (tmp_path / "bad.trig").write_text(BAD_FIELDS)
    with pytest.raises(InvalidDataError) as caught:
        load_known_dataset(tmp_path)
    problems = {
        (vocab.slug_of(v.focus), v.path) for v in caught.value.report.violations if v.focus == vocab.iri_for("bad")
    }
    assert problems == {
        ("bad", "http://purl.org/dc/terms/license"),
        ("bad", "http://usefulinc.com/ns/doap#homepage"),
        ("bad", "https://schema.org/codeRepository"),
    }


# --- (c) the article's claims are unchanged -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_only(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The graph loaded from the article's own files only, without any curation beyond the vocabulary."""
    folder = tmp_path_factory.mktemp("article-only")
    for name in ARTICLE_ONLY:
        shutil.copy(bundled_data() / name, folder / name)
    # Without the curation, ASP.NET Core has no language: the article alone does not meet the shapes.
    return load_known_dataset(folder, check=False).store


def test_article_graphs_are_identical_with_and_without_the_extension(dataset, article_only: ox.Store) -> None:
    before = _article_quads(article_only)
    after = _article_quads(dataset.store)
    assert len(before) > 400
    assert sorted(after - before) == []
    assert sorted(before - after) == []


@pytest.mark.parametrize("name", ("frameworks.trig", "curation.trig"))
def test_extension_files_write_nothing_into_an_article_graph(name: str) -> None:
    store = ox.Store()
    store.load(path=bundled_data() / name, format=ox.RdfFormat.TRIG)
    graphs = {str(graph.value) for graph in store.named_graphs()}
    assert graphs <= {FACTS, OPINIONS}
    assert not [graph for graph in graphs if graph.startswith(ART)]


def test_what_the_article_says_still_answers_python_frameworks_suited_to_apis(select) -> None:
    rows = select(
        """SELECT DISTINCT ?f WHERE {
             GRAPH ?g1 { ?f sa:language id:python } ?g1 dct:isPartOf id:source\\/top-backend-frameworks-2025 .
             GRAPH ?g2 { ?f sa:suitedFor ?u } ?g2 dct:isPartOf id:source\\/top-backend-frameworks-2025 .
             ?u skos:broaderTransitive? id:apis .
           }"""
    )
    assert _slugs(rows, "f") == {"flask", "fastapi"}


# --- (d) spot facts -------------------------------------------------------------------------------------------------

SPOT_FACTS = (
    ("gin", "sa:language", {"go"}),
    ("gin", "sa:builtOn", {"go-net-http"}),
    ("echo", "sa:language", {"go"}),
    ("fiber", "sa:builtOn", {"fasthttp"}),
    ("chi", "sa:style", {"microframework"}),
    ("axum", "sa:language", {"rust"}),
    ("axum", "sa:builtOn", {"tokio", "hyper", "tower"}),
    ("actix-web", "sa:builtOn", {"tokio"}),
    ("rocket", "sa:language", {"rust"}),
    ("fastapi", "sa:builtOn", {"starlette", "pydantic"}),
    ("litestar", "sa:builtOn", set()),  # not Starlette, whatever its former name suggests
    # Starlette's and Quarkus's features as the curation and their own documentation state them (issue 24).
    (
        "starlette",
        "sa:hasFeature",
        {
            "feature-asgi",
            "feature-async",
            "feature-authentication",
            "feature-authorization",
            "feature-middleware",
            "feature-openapi",
            "feature-queues",
            "feature-routing",
            "feature-sessions",
            "feature-templating",
            "feature-testing",
            "feature-websockets",
        },
    ),
    ("flask", "sa:builtOn", {"werkzeug", "jinja"}),
    ("ktor", "sa:language", {"kotlin"}),
    ("ktor", "sa:runsOn", {"jvm"}),
    ("play-framework", "sa:language", {"scala", "java"}),
    ("spring-boot", "sa:runsOn", {"jvm"}),
    ("grails", "sa:builtOn", {"spring-boot"}),
    ("express", "sa:runsOn", {"nodejs"}),
    ("sails", "sa:builtOn", {"express"}),
    ("hono", "sa:runsOn", {"nodejs", "deno", "bun"}),
    ("symfony", "sa:style", {"full-stack"}),
    ("rails", "sa:style", {"full-stack"}),
    ("sinatra", "sa:builtOn", {"rack"}),
    ("vapor", "sa:language", {"swift"}),
    ("vapor", "sa:builtOn", {"swift-nio"}),
    ("drogon", "sa:language", {"cpp"}),
    ("phoenix", "sa:builtOn", {"plug"}),
    (
        "quarkus",
        "sa:hasFeature",
        {
            "feature-async",
            "feature-dependency-injection",
            "feature-hot-reload",
            "feature-native-image",
            "feature-openapi",
            "feature-orm",
            "feature-testing",
            "feature-websockets",
        },
    ),
)


@pytest.mark.parametrize(("slug", "predicate", "expected"), SPOT_FACTS)
def test_spot_fact(select, slug: str, predicate: str, expected: set[str]) -> None:
    rows = select(f"SELECT ?o WHERE {{ id:{slug} {predicate} ?o }}")
    assert _slugs(rows, "o") == expected


# A framework's licence, homepage and repository as its own repository states them (its primary record), each
# in the graph of the file that says so.
@pytest.mark.parametrize(
    ("slug", "licences", "homepage", "repository"),
    (
        ("gin", {"MIT"}, "https://gin-gonic.com", "https://github.com/gin-gonic/gin"),
        ("actix-web", {"MIT", "Apache-2.0"}, "https://actix.rs", "https://github.com/actix/actix-web"),
        ("axum", {"MIT"}, "https://github.com/tokio-rs/axum", "https://github.com/tokio-rs/axum"),
        ("quarkus", {"Apache-2.0"}, "https://quarkus.io", "https://github.com/quarkusio/quarkus"),
        ("starlette", {"BSD-3-Clause"}, "https://starlette.dev/", "https://github.com/Kludex/starlette"),
        ("hapi", {"BSD-3-Clause"}, "https://hapi.dev", "https://github.com/hapijs/hapi"),
        ("django", {"BSD-3-Clause"}, "https://www.djangoproject.com/", "https://github.com/django/django"),
        ("fastapi", {"MIT"}, "https://fastapi.tiangolo.com/", "https://github.com/fastapi/fastapi"),
        ("pyramid", set(), "https://trypyramid.com", "https://github.com/Pylons/pyramid"),  # no SPDX id exists for it
    ),
)
def test_project_facts(select, slug: str, licences: set[str], homepage: str, repository: str) -> None:
    def stated(predicate: str) -> set[str]:
        rows = select(
            f"""SELECT ?o ?url WHERE {{ GRAPH ?g {{ id:{slug} {predicate} ?o }}
                  ?g dct:isPartOf id:source\\/primary ; schema:url ?url }}"""
        )
        assert all(row["url"].startswith("https://") for row in rows)
        return {row["o"] for row in rows}

    assert {licence.removeprefix(SPDX) for licence in stated("dct:license")} == licences
    assert stated("doap:homepage") == {homepage}
    assert stated("schema:codeRepository") == {repository}


@pytest.mark.parametrize("slug", ("gin", "axum", "ktor", "starlette", "vapor"))
def test_project_facts_sit_in_the_curation_or_a_primary_source(select, slug: str) -> None:
    rows = select(
        f"""SELECT DISTINCT ?g WHERE {{ VALUES ?p {{ sa:language dct:license doap:homepage schema:codeRepository }}
              GRAPH ?g {{ id:{slug} ?p ?o }} FILTER NOT EXISTS {{ ?g dct:isPartOf/a sa:PublicDataset }} }}"""
    )
    # Outside the public datasets' file graphs, only the curation's facts and the primary sources say these things.
    graphs = {row["g"] for row in rows}
    assert FACTS in graphs  # the language, which the curation gives
    assert [g for g in graphs if g != FACTS and not g.startswith(vocab.BASE + "source/primary/")] == []


@pytest.mark.parametrize(
    ("name", "iri"),
    (("golang", "go"), ("rustlang", "rust"), ("c plus plus", "cpp"), ("JVM", "jvm"), ("Starlite", "litestar")),
)
def test_synonyms_people_type_are_understood(select, name: str, iri: str) -> None:
    rows = select(
        f"""SELECT DISTINCT ?x WHERE {{ ?x rdfs:label|skos:altLabel ?n
              FILTER(LCASE(STR(?n)) = "{name.lower()}") }}"""
    )
    assert iri in _slugs(rows, "x")


# --- (e) opinions are curation, never the article -------------------------------------------------------------------

_NON_ARTICLE = """?f a sa:Framework .
  FILTER NOT EXISTS { GRAPH ?ag { ?f ?anyp ?anyo } ?ag dct:isPartOf id:source\\/top-backend-frameworks-2025 }
  FILTER NOT EXISTS { GRAPH ?ag2 { ?anys ?anyp2 ?f } ?ag2 dct:isPartOf id:source\\/top-backend-frameworks-2025 }"""


def test_every_opinion_on_a_new_framework_is_in_the_curation_opinions_graph(select) -> None:
    rows = select(
        f"""SELECT ?f ?p ?x ?g WHERE {{ {_NON_ARTICLE}
              VALUES ?p {{ sa:hasPro sa:hasCon sa:suitedFor }}
              GRAPH ?g {{ ?f ?p ?x }} }}"""
    )
    assert len(rows) > 60
    # A use case may also be what a framework's own documentation says it is for (a primary source): a fact.
    opinions = {row["g"] for row in rows if not row["g"].startswith(vocab.BASE + "source/primary/")}
    assert opinions == {OPINIONS}
    assert {row["p"] for row in rows if row["g"] != OPINIONS} <= {vocab.ONTOLOGY + "suitedFor"}


def test_every_new_pro_and_con_cites_the_opinions_section_from_inside_it(select) -> None:
    rows = select(
        f"""SELECT ?a ?source ?g WHERE {{ {_NON_ARTICLE}
              ?f sa:hasAssessment ?a . ?a dct:source ?source .
              GRAPH ?g {{ ?a dct:description ?d }} }}"""
    )
    assert len(rows) > 30
    assert {(row["source"], row["g"]) for row in rows} == {(OPINIONS, OPINIONS)}


def test_no_article_graph_mentions_a_new_framework(select) -> None:
    rows = select(
        f"""SELECT ?f WHERE {{
             GRAPH <{FACTS}> {{ ?f a sa:Framework }}
             GRAPH ?g {{ {{ ?f ?p ?o }} UNION {{ ?s ?p2 ?f }} }}
             ?g dct:isPartOf id:source\\/top-backend-frameworks-2025 .
           }}"""
    )
    assert rows == []


def test_opinions_section_is_part_of_the_curation(select) -> None:
    rows = select(f"SELECT ?src WHERE {{ <{OPINIONS}> a sa:SourceSection ; dct:isPartOf ?src . ?src a sa:Curation }}")
    assert rows == [{"src": vocab.CURATION}]


# --- Similarity shows the structure the extension was for ---------------------------------------------------------


@pytest.fixture(scope="module")
def index(dataset) -> SimilarityIndex:
    return SimilarityIndex.build(dataset.store)


# JVM frameworks: the curation's, Vert.x (Quarkus is built on it) and Helidon, the JVM full-stack ones, and those
# the primary sources describe (Jooby, http4k, Armeria, Jersey...).
JVM = {
    "micronaut",
    "spring-boot",
    "dropwizard",
    "javalin",
    "ktor",
    "play-framework",
    "vertx",
    "vertx-web",
    "helidon",
    "grails",
    "vaadin",
    "jakarta-faces",
    "jmix",
    "jooby",
    "http4k",
    "armeria",
    "jersey",
    "act",
    "blade",
    "pippo",
    "rapidoid",
    "muserver",
    "officefloor",
    "hexagon",
    "spring-mvc",
    "spring-webflux",
    "struts2",
    "gemini",
    "curacao",
}
# PHP's full-stack frameworks, and Python's asynchronous ones (ASGI or their own server).
PHP_FULL_STACK = {"cakephp", "codeigniter", "laravel", "yii2", "wolff", "hyperf", "phalcon", "nette", "api-platform"}
PYTHON_ASYNC = {
    "sanic",
    "quart",
    "aiohttp",
    "litestar",
    "fastapi",
    "starlette",
    "blacksheep",
    "panther",
    "heaven",
    "robyn",
    "connexion",
    "tornado",
}


@pytest.mark.parametrize(
    ("slug", "group"),
    (
        ("gin", {"echo", "chi", "fiber"}),
        ("echo", {"gin", "chi", "fiber"}),
        ("axum", {"actix-web", "rocket"}),
        ("quarkus", JVM),
        ("0http", {"restana", "restify", "mesh", "hyperexpress", "ultimate-express"}),
        ("symfony", PHP_FULL_STACK),
        ("starlette", PYTHON_ASYNC),
        ("litestar", PYTHON_ASYNC),
    ),
)
def test_top_three_come_from_the_expected_group(index: SimilarityIndex, slug: str, group: set[str]) -> None:
    top = [match.slug for match in index.similar(slug, min(3, len(group)))]
    assert set(top) <= group, top


def test_python_asgi_frameworks_are_each_others_neighbours(index: SimilarityIndex) -> None:
    for slug in ("fastapi", "starlette", "litestar", "sanic", "quart"):
        python = {m.slug for m in index.similar(slug, 5)}
        assert len(python & PYTHON_ASYNC) >= 3, (slug, python)


@pytest.mark.parametrize(
    "members",
    (
        {"gin", "echo", "fiber", "chi"},
        # Clusters are of one language (Django's nearest are still Rails and Laravel: see `similar`).
        {"laravel", "symfony", "cakephp", "codeigniter"},
        {"starlette", "litestar", "sanic", "fastapi", "aiohttp"},
        {"quarkus", "micronaut", "ktor", "javalin", "play-framework"},
        # The JVM application frameworks: Spring Boot carries TechEmpower's Java/spring figures since
        # issue 24 (a Spring Boot application), and sits with them, not with UI toolkits such as Vaadin.
        {"spring-boot", "quarkus", "micronaut", "dropwizard", "grails"},
    ),
)
def test_clusters_keep_families_together(index: SimilarityIndex, members: set[str]) -> None:
    holding = [cluster for cluster in clusters_of(index) if members & set(cluster.members)]
    assert len(holding) == 1, [(c.label, c.members) for c in holding]


def test_every_cluster_label_names_only_what_most_members_hold(index: SimilarityIndex) -> None:
    import re

    clusters = clusters_of(index)
    assert len(clusters) >= 10
    for cluster in clusters:
        members = [vocab.iri_for(member) for member in cluster.members]
        if not cluster.named:  # no attribute is held by 80 %: the label names its most connected members
            found = re.fullmatch(r"(.+), (.+) and (\d+) others?", cluster.label)
            named = [found[1], found[2]] if found else cluster.label.split(" and ")
            assert int(found[3]) + 2 == len(members) if found else len(named) == len(members), cluster.label
            assert set(named) <= {index.labels[member] for member in members}, cluster.label
            continue
        assert cluster.label == " · ".join(index.cluster_name(a) for a in cluster.named)
        for attribute in cluster.named:
            share = sum(attribute in index.attributes[member] for member in members) / len(members)
            assert share >= 0.8, (cluster.label, attribute, share)


def test_most_frameworks_sit_in_a_cluster_an_attribute_describes(index: SimilarityIndex) -> None:
    named = sum(len(cluster.members) for cluster in clusters_of(index) if cluster.named)
    clustered = sum(len(cluster.members) for cluster in clusters_of(index))
    assert clustered >= 150  # every framework the graph describes well enough to compare
    assert named >= 0.8 * clustered


@pytest.mark.parametrize(
    ("members", "language"),
    (
        ({"beego", "chi", "echo", "gin", "fiber"}, "Go"),
        ({"api-platform", "chubbyphp", "slim-php", "flight"}, "PHP"),
        ({"actix-web", "axum", "rocket", "salvo"}, "Rust"),
        ({"flask", "bottle", "falcon", "pyramid"}, "Python"),
        ({"sinatra", "roda", "grape"}, "Ruby"),
    ),
)
def test_language_clusters_hold_their_language(index: SimilarityIndex, members: set[str], language: str) -> None:
    (cluster,) = [cluster for cluster in clusters_of(index) if members & set(cluster.members)]
    assert members <= set(cluster.members) and language in cluster.label.split(" · "), (cluster.label, cluster.members)


@pytest.mark.parametrize("name", ("landscape.trig", "techempower.trig", "benchmarker.trig"))
def test_landscape_and_dataset_files_write_nothing_into_an_article_graph(name: str) -> None:
    store = ox.Store()
    store.load(path=bundled_data() / name, format=ox.RdfFormat.TRIG)
    graphs = {str(graph.value) for graph in store.named_graphs()}
    assert graphs
    assert not [graph for graph in graphs if graph.startswith(ART)]

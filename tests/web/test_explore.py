"""web/explore.py: the explorer's page (/) and /compare (with its pure comparison); its data is test_explorer_data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service import create_app
from service.web.explore import compare

MARKUP = "<script>alert(1)</script><b>X</b>"
EVIL = f"""@prefix sa: <https://w3id.org/stackatlas/ontology#> .
@prefix id: <https://w3id.org/stackatlas/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
id:languages a skos:ConceptScheme ; rdfs:label "Languages" .
id:python a sa:ProgrammingLanguage ; skos:prefLabel "Python"@en ; skos:inScheme id:languages .
id:evil a sa:Framework ; rdfs:label "{MARKUP}"@en ; sa:language id:python .
id:plain a sa:Framework ; rdfs:label "Plain"@en ; sa:language id:python .
"""


# --- / ----------------------------------------------------------------------------------------------------------------


def test_explorer_page_loads_only_local_scripts_and_data_as_json(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    for attributes, body in scripts:
        if 'type="application/json"' in attributes:
            config = json.loads(body)
        else:
            assert body.strip() == "", "no inline script: the CSP forbids it"
            assert re.search(r'src="/static/', attributes), attributes
    assert config["examples"]
    assert {"name": "framework", "iri": "https://w3id.org/stackatlas/ontology#Framework"} in config["types"]
    assert "vendor/cytoscape-fcose-2.2.0.js" in page


EXPLORER = Path(__file__).resolve().parents[2] / "service" / "static" / "explorer"


def page_config(client: FlaskClient) -> dict[str, Any]:
    """The JSON config the explorer's page embeds."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="explorer-config">(.*?)</script>', page, re.S)
    assert found
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def test_explorer_loads_as_es_modules_after_the_vendored_scripts(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", page)
    sources = [re.search(r'src="([^"]*)"', attributes) for attributes in scripts]
    loaded = [(found.group(1), attributes) for found, attributes in zip(sources, scripts, strict=True) if found]
    assert [src for src, _ in loaded][-1] == "/static/explorer/main.js"
    assert 'type="module"' in loaded[-1][1]
    assert all(" defer" in attributes for _, attributes in loaded[:-1]), "the UMD scripts are classic and deferred"
    assert "/static/explorer.js" not in page
    response = client.get("/static/explorer/main.js")
    mimetype, policy = response.mimetype, response.headers["Content-Security-Policy"]
    response.close()
    assert mimetype == "text/javascript"  # a module needs a JavaScript MIME type
    # The CSP has no script-src: default-src 'self' covers module scripts and their imports from this origin.
    assert "default-src 'self'" in policy
    assert "script-src" not in policy


def test_modules_import_only_each_other() -> None:
    names = {path.name for path in EXPLORER.glob("*.js")}
    assert {
        "main.js",
        "dom.js",
        "state.js",
        "graph-view.js",
        "panel.js",
        "search.js",
        "ask.js",
        "filters.js",
        "url-state.js",
        "exports.js",
        "overview.js",
        "elements.js",
    } <= names
    for path in EXPLORER.glob("*.js"):
        text = path.read_text()
        for specifier in re.findall(r'^import .*? from "([^"]+)";$', text, re.M | re.S):
            assert specifier.startswith("./") and specifier[2:] in names, (path.name, specifier)
        assert not re.search(r"\.(innerHTML|outerHTML|insertAdjacentHTML)\b", text), path.name
        # Only graph-view.js reads the vendored Cytoscape globals.
        assert ("window.cytoscape" in text) == (path.name == "graph-view.js"), path.name


def test_config_carries_the_servers_vocabularies(client: FlaskClient) -> None:
    from service import vocab
    from service.knowledge.filters import FILTERS

    config = page_config(client)
    assert config["prefixes"] == vocab.PREFIXES
    assert config["base"] == vocab.BASE
    assert [item["name"] for item in config["filters"]] == list(FILTERS)
    assert {"name": "audience", "title": "Recommended for"} in config["filters"]
    slug = re.compile(config["slug"])  # written for JavaScript; the same in Python's dialect
    for text in (
        "flask",
        "django/con/learning-curve",
        "benchmark-class/micro",
        "a.b_c-d",
        "",
        "a b",
        "/x",
        "x/",
        "-x",
        "x\ny",
    ):
        assert (slug.search(text) is not None) == vocab.is_slug(text), text
    assert config["why"]["use_case"] == {"verb": "suited to", "type": "use_case"}
    assert config["why"]["audience"] == {"verb": "recommended for", "type": "audience"}
    assert config["why"]["con"] == {"verb": "criticised for", "type": "aspect"}
    assert "source" not in config["why"]  # "according to" limits the claims; it is not an edge
    assert config["label_predicates"][0] == vocab.RDFS_LABEL


def test_config_queries_run_once_the_page_fills_their_slot(client: FlaskClient) -> None:
    queries = page_config(client)["queries"]
    iris = "<https://w3id.org/stackatlas/id/flask> <https://w3id.org/stackatlas/id/python>"
    labels = queries["labels"].replace(queries["slot"], iris)
    rows = client.post("/sparql", data={"query": labels}, headers={"Accept": "application/sparql-results+json"})
    assert rows.status_code == 200
    found = {row["s"]["value"]: row["label"]["value"] for row in rows.get_json()["results"]["bindings"]}
    assert found["https://w3id.org/stackatlas/id/python"] == "Python"
    export = queries["export"].replace(queries["slot"], iris)
    turtle = client.post("/sparql", data={"query": export}, headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    assert "sa:language" in turtle.get_data(as_text=True) or "ontology#language" in turtle.get_data(as_text=True)


def test_the_filter_form_offers_every_filter_of_the_api(client: FlaskClient) -> None:
    from service.knowledge.filters import FILTERS

    page = client.get("/").get_data(as_text=True)
    assert re.findall(r'<select name="([^"]+)">', page) == list(FILTERS)
    assert '<option value="beginners">Beginners</option>' in page


def test_the_page_lists_every_framework_by_language_as_the_overview_groups_them(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    groups = client.get("/api/overview").get_json()["groups"]
    listed = re.findall(r"<summary>(.+?) <span class=\"muted\">· (\d+) frameworks?</span></summary>", page)
    assert listed == [(group["label"], str(group["size"])) for group in groups]  # largest first, as drawn
    links = re.findall(r'<li><a href="/id/([^"]+)" data-focus="\1">', page)
    members = [member["id"] for group in groups for member in group["members"]]
    assert links == members, "every framework once, in its group, most connected first"
    python = next(group for group in groups if group["id"] == "python")
    assert '<a href="/id/python" data-focus="python">About Python</a>' in page
    assert python["members"][0]["label"] in page


def test_explorer_page_works_without_javascript_too(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/id/flask" data-focus="flask"' in page
    # The example questions (from the data: the languages with the most frameworks first) are plain links.
    examples = client.application.extensions["stackatlas.knowledge"].lexicon.examples()
    assert examples[0].startswith("JavaScript frameworks suited to")
    for example in examples:
        assert f'href="/?q={quote_plus(example)}"' in page
    assert '<option value="python">Python</option>' in page


# --- /compare --------------------------------------------------------------------------------------------------------


def record(slug: str, language: list[str], pros: list[str], use_cases: list[str] = ()) -> dict[str, Any]:
    def refs(values: list[str]) -> list[dict[str, str]]:
        return [{"id": value.lower(), "label": value} for value in values]

    return {
        "id": slug,
        "iri": f"https://w3id.org/stackatlas/id/{slug}",
        "label": slug.title(),
        "language": refs(language),
        "use_cases": refs(list(use_cases)),
        "pros": [{"aspects": refs([pro])} for pro in pros],
        "cons": [],
        "recommendations": [],
    }


def rows_by_key(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in compare(records)}


def test_compare_two_says_what_both_have_and_what_each_alone_has() -> None:
    rows = rows_by_key([record("a", ["Python"], ["Speed", "Docs"]), record("b", ["Python"], ["Docs", "Security"])])
    assert rows["language"] == {
        "key": "language",
        "title": "Language",
        "shared": ["Python"],
        "only": {"a": [], "b": []},
    }
    assert rows["pros"]["shared"] == ["Docs"]
    assert rows["pros"]["only"] == {"a": ["Speed"], "b": ["Security"]}


def test_compare_three_leaves_what_two_share_out_of_both_lists() -> None:
    rows = rows_by_key(
        [
            record("a", ["Python"], [], ["APIs"]),
            record("b", ["Python"], [], ["APIs", "CMS"]),
            record("c", ["PHP"], [], ["CMS"]),
        ]
    )
    assert rows["language"]["shared"] == []
    assert rows["language"]["only"] == {"a": [], "b": [], "c": ["PHP"]}
    assert rows["use_cases"]["shared"] == []
    assert rows["use_cases"]["only"] == {"a": [], "b": [], "c": []}


def test_compare_counts_an_aspect_once_per_framework() -> None:
    rows = rows_by_key([record("a", [], ["Docs", "Docs"]), record("b", [], ["Docs"])])
    assert rows["pros"]["shared"] == ["Docs"]


def test_compare_page(client: FlaskClient) -> None:
    response = client.get("/compare?ids=flask,fastapi,django")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    shared = page[page.index('id="shared"') : page.index("</section>", page.index('id="shared"'))]
    assert "Language:</strong> Python" in shared
    assert "Only Django" in page and "Full-stack" in page
    assert "Article, section 6: Flask" in page  # every claim names its source
    similar = client.get("/api/frameworks/flask/similar?k=50").get_json()["results"]
    score = next(match["score"] for match in similar if match["id"] == "fastapi")
    assert f"Flask\N{EN DASH}FastAPI {score:.2f}" in page


def test_compare_accepts_repeated_ids(client: FlaskClient) -> None:
    assert "<h1>Flask · Django</h1>" in client.get("/compare?ids=flask&ids=django").get_data(as_text=True)


def test_compare_without_ids_offers_a_choice(client: FlaskClient) -> None:
    page = client.get("/compare").get_data(as_text=True)
    assert 'name="ids" value="spring-boot"' in page


@pytest.mark.parametrize(
    ("query", "status"),
    (
        ("ids=flask", 400),
        ("ids=flask,django,rails,laravel", 400),
        ("ids=flask,nothing", 404),
        ("ids=flask,python", 404),
        ("ids=flask,a%20b", 404),
    ),
)
def test_compare_errors(client: FlaskClient, query: str, status: int) -> None:
    response = client.get(f"/compare?{query}")
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status


# --- Labels are data, never markup ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evil_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    data: Path = tmp_path_factory.mktemp("evil") / "evil.ttl"
    data.write_text(EVIL)
    return create_app({"TESTING": True, "DATA": str(data)})


def test_labels_with_markup_are_escaped_in_pages(evil_app: Flask) -> None:
    client = evil_app.test_client()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;X&lt;/b&gt;"
    for url in ("/", "/compare?ids=evil,plain"):
        page = client.get(url).get_data(as_text=True)
        assert escaped in page, url
        assert MARKUP not in page, url
    body = evil_app.test_client().get("/api/graph").get_json()
    assert MARKUP in [node["label"] for node in body["nodes"]]


def test_the_compare_page_asks_for_the_figures_side_by_side(client: FlaskClient) -> None:
    page = client.get("/compare?ids=flask,fastapi").get_data(as_text=True)
    assert 'id="figures-body" data-ids="flask,fastapi"' in page
    assert "explorer/compare.js" in page

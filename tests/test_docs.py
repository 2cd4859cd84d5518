"""The README and the documentation site: their examples print what they show, the reference pages cover the code."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType

import click
import pytest
from click.testing import CliRunner
from flask import Flask

from service.cli import main
from service.settings import SETTINGS
from service.web import openapi

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# Every page a reader meets: the README and the site's Markdown (the hooks folder holds code, not pages).
SITE = [path for path in sorted(DOCS.rglob("*.md")) if "hooks" not in path.relative_to(DOCS).parts]
PAGES = {path.relative_to(ROOT).as_posix(): path.read_text() for path in [ROOT / "README.md", *SITE]}


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks_reference", DOCS / "hooks" / "reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HOOKS = _hooks()


def _found(pattern: re.Pattern[str]) -> list[tuple[str, ...]]:
    # Each match with the page it is on first, so that a failing example names its page.
    return [(page, *match) for page, text in PAGES.items() for match in pattern.findall(text)]


# Each "```sh .venv/bin/stackatlas ...```" block followed by a block of what it prints.
COMMAND = re.compile(r"```sh\n\.venv/bin/stackatlas (.*?)\n```\n\n```\n(.*?)```", re.DOTALL)
# Each "```sh curl -s -H 'Accept: ...' --data-urlencode 'query=...' .../sparql```" block and the output after it.
SPARQL = re.compile(
    r"```sh\ncurl -s -H 'Accept: ([^']+)' --data-urlencode 'query=(.*?)' http://127\.0\.0\.1:8000/sparql\n```\n\n"
    r"```\n(.*?)```",
    re.DOTALL,
)


def test_the_readme_fits_on_a_screen_or_so() -> None:
    assert len(PAGES["README.md"].splitlines()) <= 200


@pytest.mark.parametrize("kind", ["query", "ask", "similar"])
def test_the_readme_shows_each_kind_of_example(kind: str) -> None:
    assert any(shlex.split(args)[0] == kind for page, args, _ in _found(COMMAND) if page == "README.md")


def test_the_readme_links_to_files_that_exist() -> None:
    # The site's links are checked by its strict build; the README is read on its own, so here.
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", PAGES["README.md"])
    local = [target for target in targets if "://" not in target]
    assert local
    assert [target for target in local if not (ROOT / target).exists()] == []


def test_every_page_of_the_site_is_linked_from_its_index() -> None:
    linked = set(re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", PAGES["docs/index.md"]))
    pages = {path.relative_to(DOCS).as_posix() for path in SITE} - {"index.md"}
    assert sorted(pages - linked) == []
    assert "changelog.md" in linked  # made from CHANGELOG.md when the site is built


@pytest.mark.parametrize(("page", "args", "output"), _found(COMMAND), ids=lambda value: str(value)[:40])
def test_command_example_prints_what_it_shows(runner: CliRunner, page: str, args: str, output: str) -> None:
    result = runner.invoke(main, shlex.split(args))
    assert result.exit_code == 0, result.output
    assert result.stdout == output  # loading steps, if any, go to standard error


def test_the_docs_have_sparql_protocol_examples() -> None:
    assert _found(SPARQL)


@pytest.mark.parametrize(("page", "accept", "query", "output"), _found(SPARQL), ids=lambda value: str(value)[:40])
def test_sparql_example_answers_what_it_shows(client, page: str, accept: str, query: str, output: str) -> None:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.get_data(as_text=True).replace("\r\n", "\n") == output


def test_the_clusters_shown_are_what_the_command_prints(runner: CliRunner, select) -> None:
    pattern = r"On the bundled (\d+) frameworks \(`stackatlas clusters`\):\n\n```\n(.*?)```"
    found = re.search(pattern, PAGES["docs/guide/similarity.md"], re.DOTALL)
    assert found is not None
    assert int(found[1]) == len(select("SELECT DISTINCT ?f WHERE { ?f a sa:Framework }"))
    assert runner.invoke(main, ["clusters"]).stdout == found[2]


def _rendered(page: str) -> str:
    return str(HOOKS.render(PAGES[page], page))


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting) -> None:
    row = re.search(
        rf"^\| `{setting.name}` \| `{setting.env}` \| .* \| (.*) \|$", _rendered("docs/reference/settings.md"), re.M
    )
    assert row is not None, f"{setting.name} is missing from the settings page"
    assert row[1] == setting.help


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize(("path", "command"), _commands(main, "stackatlas"), ids=lambda value: str(value))
def test_every_command_is_documented(path: str, command: click.Command) -> None:
    page = _rendered("docs/reference/cli.md")
    section = re.search(rf"^## `{path}`\n\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    assert section is not None, f"{path} is missing from the command-line page"
    assert section[1].startswith(command.help or "")
    for option in command.params:
        if isinstance(option, click.Option):
            assert f"`{option.opts[0]}`" in section[1], f"{path} {option.opts[0]} is not documented"


def test_every_api_operation_and_schema_is_documented(app: Flask) -> None:
    page = HOOKS.http_api_reference(app)
    document = openapi.document(app)
    assert [f"## `GET {path}`" for path in document["paths"]] == re.findall(r"^## `GET [^`]+`", page, re.M)
    assert list(document["components"]["schemas"]) == re.findall(r"^### (\w+)$", page, re.M)


def test_a_component_that_may_be_null_reads_as_it_or_null(app: Flask) -> None:
    page = HOOKS.http_api_reference(app)
    assert "| `popularity` | [SurveyFigures](#surveyfigures) or null |" in page


def test_the_similarity_table_is_the_index(app: Flask) -> None:
    table = HOOKS.similarity_table(app)
    assert table == app.extensions["stackatlas.knowledge"].similarity.markdown_table()
    assert table.count("\n") > 150  # a row per framework the graph describes well enough to compare


@pytest.mark.parametrize(
    ("page", "marker"),
    [
        ("docs/reference/settings.md", "settings"),
        ("docs/reference/cli.md", "cli"),
        ("docs/reference/http-api.md", "http-api"),
        ("docs/reference/similarity-table.md", "similarity-table"),
    ],
)
def test_each_reference_page_is_generated(page: str, marker: str) -> None:
    assert f"<!-- generated: {marker} -->" in PAGES[page]


def test_an_unknown_generated_part_stops_the_build() -> None:
    with pytest.raises(Exception, match="no generator named 'setting'"):
        HOOKS.render("# Page\n\n<!-- generated: setting -->\n", "docs/page.md")

"""The package as a user meets it: built, installed into a fresh virtual environment, served from an empty folder.

`make serve` and the rest of the suite run an editable install of the checkout, which finds every file
whether the wheel ships it or not: this module is the only one that sees what an installed copy holds.
The environment is made once, and each test reads one thing a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from openapi_spec_validator import validate
from playwright.sync_api import Browser, Response, expect
from server_support import free_port, start, stop

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
# The top-level folders the wheel carries inside the package (pyproject.toml's force-include).
MAPPED = ("ontology", "graph_data")


def _git_files(*folders: str) -> set[str]:
    # What a clone holds plus what is new and not ignored: the files a build of this checkout should see.
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {name for name in listed.split("\0") if name and (ROOT / name).is_file()}


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the sdist, then the wheel from it, as `python -m build` does (with the venv's hatchling)."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files the build should see")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return {"wheel": next(out.glob("stackatlas-*.whl")), "sdist": next(out.glob("stackatlas-*.tar.gz"))}


@pytest.fixture(scope="module")
def installed(archives: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Install the wheel and its dependencies into a new virtual environment; return its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(archives["wheel"]),
        ],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


@pytest.fixture(scope="module")
def user_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a user who has never run it: nothing of this checkout's venv, an empty cache."""
    kept = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    kept["PATH"] = os.pathsep.join(p for p in kept.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT)))
    return {**kept, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}


@pytest.fixture(scope="module")
def served(installed: Path, user_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`stackatlas serve` from the installed copy, started in an empty folder."""
    empty = tmp_path_factory.mktemp("empty")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(installed / "stackatlas"), "serve", "--port", str(port), "--workers", "1"]
    process = start(command, user_env, base + "/healthz", cwd=empty)
    yield base
    stop(process)
    assert list(empty.iterdir()) == []  # serving writes nothing where it is started


def test_the_wheel_holds_every_file_of_the_package_and_its_data(archives: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(archives["wheel"]).namelist())
    expected = _git_files("service") | {f"service/{name}" for name in _git_files(*MAPPED)}
    assert sorted(expected - names) == []
    assert "service/static/explorer/main.js" in names  # the folder a list of packages once forgot
    assert {name.split("/")[0] for name in names} == {"service", f"stackatlas-{VERSION}.dist-info"}


def test_the_sdist_holds_every_file_of_the_repository(archives: dict[str, Path]) -> None:
    with tarfile.open(archives["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert sorted(_git_files() - names) == []


def test_the_installed_command_prints_the_version(installed: Path, user_env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run(
        [str(installed / "stackatlas"), "--version"], cwd=tmp_path, env=user_env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"stackatlas, version {VERSION}\n"
    where = subprocess.run(
        [str(installed / "python"), "-c", "import service; print(service.__file__)"],
        cwd=tmp_path,
        env=user_env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(installed.parent))  # the installed copy, not the checkout


def test_the_installed_service_answers_sparql_and_describes_its_api(served: str, select) -> None:
    health = requests.get(f"{served}/healthz", timeout=10).json()
    assert health["status"] == "ok"
    answer = requests.get(
        f"{served}/sparql",
        params={
            "query": "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a <https://w3id.org/stackatlas/ontology#Framework> }"
        },
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert answer.status_code == 200
    bundled = len(select("SELECT DISTINCT ?f WHERE { ?f a sa:Framework }"))
    assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == bundled  # the checkout's graph, whole
    document = requests.get(f"{served}/api/openapi.json", timeout=10).json()
    validate(document)  # raises, naming the part that breaks the OpenAPI schema
    assert document["info"]["version"] == VERSION


def test_the_installed_explorer_draws_the_overview_with_every_module_and_asset(served: str, browser: Browser) -> None:
    groups = requests.get(f"{served}/api/overview", timeout=10).json()["groups"]
    answered: dict[str, int] = {}
    failed: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()

    def seen(response: Response) -> None:
        answered[urlsplit(response.url).path] = response.status

    page.on("response", seen)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(served + "/")
    graph = page.locator("#graph")
    expect(graph).to_have_attribute("data-state", "ready")
    expect(graph).to_have_attribute("data-layout", "done")
    expect(graph).to_have_attribute("data-groups", str(len(groups)))
    drawn = page.evaluate("() => window.stackatlasExplorer.cy.nodes('[type = \"group\"]').length")
    context.close()
    assert drawn == len(groups)
    assert failed == []
    static = {path: status for path, status in answered.items() if path.startswith("/static/")}
    assert "/static/explorer/main.js" in static
    assert len([path for path in static if path.startswith("/static/explorer/")]) > 1  # its modules, imported
    assert {path: status for path, status in answered.items() if status != 200} == {}

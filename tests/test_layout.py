"""The packages' layout: imports go one way, down the layers, no import cycle, no private name crossing modules.

The layers and the cycles are import-linter's contracts in pyproject.toml (`make lint` runs them too); each is
also broken on purpose, in a copy of the package, to show that it fails.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(checkout: Path) -> subprocess.CompletedProcess[str]:
    """Check the contracts of checkout/pyproject.toml against the service package in checkout."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(checkout / "pyproject.toml")],
        cwd=checkout,  # lint-imports puts its working directory first on the path: this package is the one read
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_packages_keep_their_layers_and_have_no_import_cycle() -> None:
    checked = lint_imports(ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "3 kept, 0 broken" in checked.stdout


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        # An import inside a function is an import: here it closes ordering -> guard -> ordering.
        ("query/guard.py", "def cycle() -> None:\n    from service.query import ordering\n", "No import cycle"),
        ("loading/load.py", "from service.knowledge import catalog\n", "Imports go one way"),
        ("query/engine.py", "from service import vocab\n", "The query package knows no vocabulary"),
    ],
)
def test_a_cycle_or_an_upward_import_breaks_a_contract(tmp_path: Path, module: str, added: str, broken: str) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "service", tmp_path / "service", ignore=shutil.ignore_patterns("static", "__pycache__"))
    with (tmp_path / "service" / module).open("a") as source:
        source.write("\n\n" + added)
    checked = lint_imports(tmp_path)
    assert checked.returncode == 1
    assert broken in checked.stdout
    assert "BROKEN" in checked.stdout.split(broken, 1)[1].splitlines()[0]


def private_imports(path: Path) -> list[str]:
    """List the private names (a leading underscore) a file imports from the project's modules."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {"service", "tests", "bench"}:
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


def test_no_private_name_is_imported_across_modules() -> None:
    files = [path for folder in ("service", "tests", "bench", "docs/hooks") for path in (ROOT / folder).rglob("*.py")]
    assert [found for path in files for found in private_imports(path)] == []


# A SPARQL text: a query form's keyword (any case) and, after it, the brace of its pattern; or a PREFIX declaration.
SPARQL_TEXT = re.compile(r"\b(?:SELECT|CONSTRUCT|DESCRIBE|ASK)\b[^{]*\{|\bPREFIX\s+[\w-]*:\s*<", re.IGNORECASE)


def sparql_literals(path: Path) -> list[str]:
    """Return the string literals of a module (f-strings' text parts too) that read as SPARQL."""
    tree = ast.parse(path.read_text(), str(path))
    texts = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return [f"{path.name}: {text[:60]!r}" for text in texts if SPARQL_TEXT.search(text)]


def test_the_web_layer_writes_no_sparql() -> None:
    # Queries live in the knowledge (what to ask) and the query machinery (how to run it); web/ only calls them.
    assert [found for path in sorted((ROOT / "service" / "web").glob("*.py")) for found in sparql_literals(path)] == []


@pytest.mark.parametrize(
    "text",
    (
        "SELECT ?s WHERE { ?s ?p ?o }",
        "ask { ?s ?p ?o }",
        "PREFIX sa: <https://w3id.org/stackatlas/ontology#> DESCRIBE sa:x",
        "CONSTRUCT WHERE { ?s ?p ?o }",
    ),
)
def test_sparql_in_a_literal_is_found(tmp_path: Path, text: str) -> None:
    module = tmp_path / "view.py"
    module.write_text(f"QUERY = {text!r}\nMESSAGE = 'Ask something, e.g. /api/ask?q=flask'\n")
    assert sparql_literals(module) == [f"view.py: {text[:60]!r}"]


def test_every_module_logs_under_the_one_root() -> None:
    # One root, "service", configured once by the command (cli/options.py): each module's logger is its own name.
    calls = [
        (path.relative_to(ROOT).as_posix(), ast.unparse(node))
        for path in (ROOT / "service").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "logging.getLogger"
    ]
    assert calls  # the modules that log were found
    assert [call for call in calls if call[1] not in {"logging.getLogger(__name__)", "logging.getLogger(LOGGER)"}] == [
        ("service/server.py", "logging.getLogger('_granian')")  # granian's own logger, filtered
    ]

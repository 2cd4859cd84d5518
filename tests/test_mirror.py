"""The tests mirror the code: each module of service/ has a test module of its name.

`service/query/guard.py` is tested in `tests/query/test_guard.py`, `service/settings.py` in `tests/test_settings.py`;
a package's `__init__.py` that holds code is tested in `test_<package>.py` of its folder (`service/cli/__init__.py`
in `tests/cli/test_cli.py`, `service/__init__.py` in `tests/test_service.py`). Behaviour tests by topic (several
modules at once: tests/attack/, tests/scale/, test_docs.py ...) live beside them and count for none.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "service"
# Every package of service/, by folder ("" is service/ itself, its modules only): a new package is held to it at once.
PACKAGES = sorted(str(init.parent.relative_to(SERVICE)).replace(".", "") for init in SERVICE.rglob("__init__.py"))
# A module whose test file truly lives elsewhere by design, with the file that tests it and why. Keep it empty.
EXCEPTIONS: dict[str, str] = {}


def holds_code(init: Path) -> bool:
    """Tell whether a package's __init__.py holds more than its docstring."""
    body = ast.parse(init.read_text()).body
    return any(not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) for node in body)


def expected_test(module: Path) -> Path:
    """Return the test file a module of service/ is tested in."""
    folder = module.parent.relative_to(SERVICE)
    name = (module.parent.name if folder.parts else "service") if module.name == "__init__.py" else module.stem
    return ROOT / "tests" / folder / f"test_{name}.py"


def modules_of(package: str) -> list[Path]:
    """List the modules of a package folder (not its subpackages'), __init__.py only if it holds code."""
    return [
        module
        for module in sorted((SERVICE / package).glob("*.py"))
        if module.name != "__init__.py" or holds_code(module)
    ]


def test_every_module_has_a_test_module_of_its_name() -> None:
    missing = [
        f"{module.relative_to(ROOT)} -> {expected_test(module).relative_to(ROOT)}"
        for package in PACKAGES
        for module in modules_of(package)
        if str(module.relative_to(SERVICE)) not in EXCEPTIONS and not expected_test(module).is_file()
    ]
    assert missing == []


def test_every_exception_names_a_module_and_a_test_file_that_exist() -> None:
    for module, test_file in EXCEPTIONS.items():
        assert (SERVICE / module).is_file(), module
        assert (ROOT / test_file).is_file(), test_file


def test_the_rule_finds_the_test_file_of_each_kind_of_module() -> None:
    # The rule itself, on the real names: a module of a package, a top-level module, and the two __init__.py.
    assert expected_test(SERVICE / "query" / "guard.py") == ROOT / "tests" / "query" / "test_guard.py"
    assert expected_test(SERVICE / "settings.py") == ROOT / "tests" / "test_settings.py"
    assert expected_test(SERVICE / "cli" / "__init__.py") == ROOT / "tests" / "cli" / "test_cli.py"
    assert expected_test(SERVICE / "__init__.py") == ROOT / "tests" / "test_service.py"
    assert holds_code(SERVICE / "cli" / "__init__.py")
    assert not holds_code(SERVICE / "query" / "__init__.py")
    assert SERVICE / "query" / "__init__.py" not in modules_of("query")
    assert SERVICE / "query" / "guard.py" in modules_of("query")

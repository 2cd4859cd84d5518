"""MkDocs hooks: the reference pages made from the code when the site is built, so they cannot drift.

A page asks for a generated part with a marker on a line of its own, `<!-- generated: NAME -->`, where
NAME is one of GENERATORS: settings (service.settings.SETTINGS), cli (the click group), http-api (the
app's OpenAPI document) and similarity-table (the bundled graph's similarity index). The changelog page
is CHANGELOG.md, and the README's screenshot is served from the package's static folder.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from flask import Flask
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from service import create_app
from service.cli import main
from service.settings import SETTINGS
from service.web import openapi

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^<!-- generated: ([a-z-]+) -->$", re.MULTILINE)
SCREENSHOT = "assets/explorer-screenshot.png"


@functools.cache
def _app() -> Flask:
    # The bundled graph, loaded once a build, by the first page that needs it.
    return create_app({"TESTING": True})


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def settings_table() -> str:
    """Return the table of every setting: name, environment variable, default and meaning."""
    rows = ["| setting | environment | default | meaning |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = "none" if setting.default is None else f"`{str(setting.default).lower()}`"
        if setting.name == "DATA":  # no DATA means the bundled graph, not no data
            default = "bundled graph"
        rows.append(f"| `{setting.name}` | `{setting.env}` | {default} | {_cell(setting.help)} |")
    return "\n".join(rows)


def _commands(group: click.Group, prefix: str) -> Iterator[tuple[str, click.Command]]:
    for name in sorted(group.commands):
        command = group.commands[name]
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")


def _option_row(param: click.Parameter, context: click.Context) -> str:
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    kind = param.type.name if not isinstance(param.type, click.Choice) else " \\| ".join(param.type.choices)
    if getattr(param, "is_flag", False):
        kind = "flag"
    return f"| {names} | {_cell(kind)} | {_default(param, context)} | {_cell(getattr(param, 'help', None) or '')} |"


def _default(param: click.Parameter, context: click.Context) -> str:
    # Only a value a person would type: not a flag's False, nor click's marker for "no default".
    default = param.get_default(context, call=True)
    if isinstance(default, bool):
        return f"`{str(default).lower()}`" if default else ""
    return f"`{default}`" if isinstance(default, str | int | float) else ""


def cli_reference() -> str:
    """Return a section per command of `stackatlas`: its help, usage and options."""
    parts = []
    for path, command in _commands(main, "stackatlas"):
        context = click.Context(command, info_name=path)
        usage = " ".join(command.collect_usage_pieces(context))
        parts += [f"## `{path}`", "", _cell(command.help or "").strip(), "", "```", f"{path} {usage}", "```", ""]
        # --help is on every command (an eager option, as the group's --version is): not repeated here.
        options = [p for p in command.get_params(context) if isinstance(p, click.Option) and not p.is_eager]
        if options:
            parts += ["| option | takes | default | meaning |", "|---|---|---|---|"]
            parts += [_option_row(option, context) for option in options]
            parts.append("")
    return "\n".join(parts)


def _schema_type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    if "allOf" in schema:
        return " and ".join(_schema_type(part) for part in schema["allOf"])
    if "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema.get("anyOf") or []
        # A component that may be null is it or null alone (OpenAPI 3.0 has no nullable beside a $ref).
        return " or ".join("null" if option.get("enum") == [None] else _schema_type(option) for option in options)
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"array of {_schema_type(schema.get('items', {}))}"
    if "enum" in schema:
        kind += " (" + ", ".join(f"`{value}`" for value in schema["enum"]) + ")"
    bounds = [f"{key} {schema[key]}" for key in ("minimum", "maximum", "maxLength") if key in schema]
    if bounds:
        kind += " (" + ", ".join(bounds) + ")"
    return kind + (" or null" if schema.get("nullable") else "")


def _operation(path: str, operation: dict[str, Any]) -> list[str]:
    lines = [f"## `GET {path}`", "", operation.get("summary", "")]
    if operation.get("description"):
        lines += ["", operation["description"]]
    if operation.get("parameters"):
        lines += ["", "| parameter | in | type | default | meaning |", "|---|---|---|---|---|"]
        for param in operation["parameters"]:
            schema = param.get("schema", {})
            default = f"`{schema['default']}`" if "default" in schema else ("required" if param.get("required") else "")
            lines.append(
                f"| `{param['name']}` | {param['in']} | {_cell(_schema_type(schema))} | {default} "
                f"| {_cell(param.get('description', ''))} |"
            )
    lines += ["", "| status | answer |", "|---|---|"]
    for status, response in operation.get("responses", {}).items():
        body = response.get("content", {}).get("application/json", {}).get("schema")
        answer = response["description"] + (f": {_schema_type(body)}" if body else "")
        lines.append(f"| {status} | {_cell(answer)} |")
    return [*lines, ""]


def _component(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [schema["description"], ""]
    # A schema made of others (allOf) is each named one's fields and its own.
    parts = schema.get("allOf", [schema])
    named = [_schema_type(part) for part in parts if "$ref" in part]
    if named:
        lines += ["Every field of " + " and ".join(named) + (", and:" if len(parts) > len(named) else "."), ""]
    properties = {name: spec for part in parts for name, spec in part.get("properties", {}).items()}
    required = {name for part in parts for name in part.get("required", ())}
    if not properties:
        return [*lines, "" if named else f"A {_schema_type(schema)}.", ""]
    lines += ["| field | type | always there | meaning |", "|---|---|---|---|"]
    for field, spec in properties.items():
        mark = "yes" if field in required else ""
        lines.append(f"| `{field}` | {_cell(_schema_type(spec))} | {mark} | {_cell(spec.get('description', ''))} |")
    return [*lines, ""]


def http_api_reference(app: Flask | None = None) -> str:
    """Return every operation of /api and every schema of its answers, from the app's OpenAPI document."""
    document = openapi.document(app or _app())
    lines = [document["info"]["description"], ""]
    for path, item in document["paths"].items():
        lines += _operation(path, item["get"])
    lines += ["## Schemas", ""]
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        lines += _component(name, schema)
    return "\n".join(lines)


def similarity_table(app: Flask | None = None) -> str:
    """Return each bundled framework's three most similar, with scores (`stackatlas similar --table`)."""
    knowledge = (app or _app()).extensions["stackatlas.knowledge"]
    return str(knowledge.similarity.markdown_table())


GENERATORS: dict[str, Callable[[], str]] = {
    "settings": settings_table,
    "cli": cli_reference,
    "http-api": http_api_reference,
    "similarity-table": similarity_table,
}


def render(markdown: str, where: str = "a page") -> str:
    """Replace each generated-part marker in a page's Markdown with what its generator makes."""

    def generate(found: re.Match[str]) -> str:
        generator = GENERATORS.get(found[1])
        if generator is None:
            raise PluginError(f"{where}: no generator named {found[1]!r} (known: {', '.join(GENERATORS)})")
        return generator()

    return MARKER.sub(generate, markdown)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the changelog (CHANGELOG.md) and the README's screenshot to the site."""
    changelog = (ROOT / "CHANGELOG.md").read_text()
    files.append(File.generated(config, "changelog.md", content=changelog))
    screenshot = ROOT / "service" / "static" / "explorer-screenshot.png"
    files.append(File.generated(config, SCREENSHOT, abs_src_path=str(screenshot)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill in the generated parts of a page."""
    return render(markdown, page.file.src_uri)

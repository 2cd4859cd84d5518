"""The `stackatlas` command: validate, import, query, ask, export, stats and serve the graph.

One module per kind of command: data.py (validate, import, export, stats), query.py (query, ask, path,
similar, clusters, conflicts), serve here; options.py holds what they share, tables.py the text layout.
"""

from __future__ import annotations

from pathlib import Path

import click

from service import settings
from service.cli import data, query
from service.cli.options import data_errors, data_option, quiet_while_loading, setting_option, talk_while_loading
from service.cli.tables import format_columns, render_table
from service.query.remote import EndpointError

__all__ = ["format_columns", "main", "render_table"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="stackatlas")
def main() -> None:
    """StackAtlas: a knowledge graph of backend web frameworks."""
    quiet_while_loading()  # each command chooses; in one process (tests, CliRunner) a choice never carries over
    try:  # before any command reads them: a STACKATLAS_* value that does not parse is one line, not a traceback
        settings.defaults()
    except settings.SettingError as error:
        raise click.ClickException(str(error)) from None


@click.command("serve", short_help="Serve the graph over HTTP.")
@data_option
@setting_option("STORE")
@setting_option("HOST")
@setting_option("PORT")
@setting_option("WORKERS")
@setting_option("THREADS")
@setting_option("ACCESS_LOG")
@setting_option("VALIDATE")
def serve_command(
    data: Path | None,
    store: str | None,
    host: str,
    port: int,
    workers: int,
    threads: int,
    access_log: bool,
    validate: bool,
) -> None:
    """Serve the graph over HTTP with granian (the graph is loaded once, before workers fork)."""
    from service import create_app
    from service.server import serve

    talk_while_loading()
    with data_errors():
        try:
            # The bound address is a setting too: the service description names it when PUBLIC_URL is unset.
            app = create_app(
                {"DATA": str(data) if data else None, "STORE": store, "HOST": host, "PORT": port, "VALIDATE": validate},
                writer_at_fork=True,
            )
        except EndpointError as error:
            raise click.ClickException(f"cannot use the store {store}: {error}") from None
    serve(app, host=host, port=port, workers=workers, threads=threads, access_log=access_log)


# Every command, from the module of its kind (`stackatlas --help` lists them by name).
for command in (
    query.ask_command,
    query.clusters_command,
    query.conflicts_command,
    data.export_command,
    data.import_group,
    query.path_command,
    query.query_command,
    serve_command,
    query.similar_command,
    data.stats_command,
    data.validate_command,
):
    main.add_command(command)

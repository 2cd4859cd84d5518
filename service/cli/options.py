"""What the commands share: loading talk on standard error, the options made from settings, opening the data."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from service import settings
from service.knowledge.catalog import did_you_mean
from service.knowledge.derived import load_known_dataset
from service.knowledge.facade import Knowledge
from service.loading.load import DataError, InvalidDataError
from service.query.store import Dataset, EmbeddedStore

_SETTING = {setting.name: setting for setting in settings.SETTINGS}


class _EchoHandler(logging.Handler):
    """Write log lines to the standard error click has at the moment (CliRunner swaps it per invocation)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


# The one root of the project's loggers: every module logs to logging.getLogger(__name__), under it.
LOGGER = "service"


def talk_while_loading() -> None:
    """Show each loading step on standard error (serve and validate: long work that should say what it does)."""
    talking = logging.getLogger(LOGGER)
    if not any(isinstance(handler, _EchoHandler) for handler in talking.handlers):
        talking.addHandler(_EchoHandler())
    talking.setLevel(logging.INFO)


def quiet_while_loading() -> None:
    """Keep loading steps to warnings (the default: a command's output is its answer)."""
    talking = logging.getLogger(LOGGER)
    for handler in [h for h in talking.handlers if isinstance(h, _EchoHandler)]:
        talking.removeHandler(handler)
    talking.setLevel(logging.WARNING)


def data_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the --data option (an RDF file or folder replacing the bundled graph)."""
    setting = _SETTING["DATA"]
    return click.option(
        setting.option,
        type=click.Path(path_type=Path),
        envvar=setting.env,
        default=None,
        help=setting.help,
    )(command)


def setting_option(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a command-line option from its setting: name, default, environment variable, help."""
    setting = _SETTING[name]
    if isinstance(setting.default, bool):  # a switch: --access-log / --no-access-log
        flag = setting.option.removeprefix("--")
        return click.option(
            f"--{flag}/--no-{flag}", default=setting.default, envvar=setting.env, show_default=True, help=setting.help
        )
    return click.option(
        setting.option,
        type=type(setting.default) if setting.default is not None else str,
        default=setting.default,
        envvar=setting.env,
        show_default=True,
        help=setting.help,
    )


def output_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add --output/-o, a file to write instead of the default named in the help."""
    return click.option("--output", "-o", type=click.Path(path_type=Path), help=f"File to write (default: {default}).")


@contextmanager
def data_errors() -> Iterator[None]:
    """Turn data that cannot be read, or that breaks the shapes, into one clean error naming the file and line."""
    try:
        yield
    except DataError as error:
        raise click.ClickException(f"cannot read data: {error}") from None
    except InvalidDataError as error:
        raise click.ClickException(f"the data breaks the shapes.\n{error}") from None


def open_dataset(data: Path | None, *, check: bool | None = None) -> Dataset:
    """Load the dataset (checked against the shapes unless VALIDATE is off), turning bad input into a clean error."""
    if check is None:
        check = bool(settings.defaults()["VALIDATE"])
    with data_errors():
        return load_known_dataset(data, check=check)


def open_knowledge(data: Path | None) -> Knowledge:
    """Load the dataset and what is derived from it to answer questions."""
    return Knowledge(EmbeddedStore(open_dataset(data)))


def unknown(knowledge: Knowledge, facet: str, slug: str, what: str | None = None) -> click.ClickException:
    """The error for a name the graph does not hold, suggesting the nearest ones (of a facet) as the HTTP API does."""
    close = knowledge.catalog.suggest(facet, slug)
    hint = "." + did_you_mean(close) if close else ""
    return click.ClickException(f"no {what or facet} {slug!r} in the graph{hint}")

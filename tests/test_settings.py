"""Settings: defaults, STACKATLAS_* values read strictly, and a bad value stopping start-up in one line."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from service import create_app, settings
from service.cli import main
from service.settings import SETTINGS, SettingError, defaults, parse

BY_NAME = {setting.name: setting for setting in SETTINGS}


@pytest.fixture(autouse=True)
def _no_settings_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)


def test_defaults_without_environment() -> None:
    assert defaults() == {setting.name: setting.default for setting in SETTINGS}


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKATLAS_PORT", "8123")
    monkeypatch.setenv("STACKATLAS_ACCESS_LOG", "Yes")
    monkeypatch.setenv("STACKATLAS_QUERY_TIMEOUT", "2")
    values = defaults()
    assert (values["PORT"], values["ACCESS_LOG"], values["QUERY_TIMEOUT"]) == (8123, True, 2.0)
    assert isinstance(values["QUERY_TIMEOUT"], float)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("On", True),
        (" true ", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("NO", False),
        ("off", False),
    ],
)
def test_boolean_words(raw: str, expected: bool) -> None:
    assert parse(BY_NAME["ACCESS_LOG"], raw) is expected


@pytest.mark.parametrize("raw", ["maybe", "t", "y", "2", "", "enabled"])
def test_unknown_boolean_is_refused_not_false(raw: str) -> None:
    with pytest.raises(SettingError) as refused:
        parse(BY_NAME["VALIDATE"], raw)
    message = str(refused.value)
    assert message.startswith(f"STACKATLAS_VALIDATE={raw!r} is not a boolean")
    assert "true/false, 1/0, yes/no or on/off" in message


@pytest.mark.parametrize(
    ("name", "raw", "expected"), [("PORT", "8001", 8001), ("CACHE_MB", "0", 0), ("WORKERS", "4", 4)]
)
def test_integers(name: str, raw: str, expected: int) -> None:
    value = parse(BY_NAME[name], raw)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("raw", ["two", "1.5", "", "8 workers"])
def test_integer_that_does_not_parse_names_the_variable(raw: str) -> None:
    with pytest.raises(SettingError, match=r"^STACKATLAS_WORKERS=.* is not an integer: use a whole number, 1 or more$"):
        parse(BY_NAME["WORKERS"], raw)


@pytest.mark.parametrize(("name", "raw"), [("MAX_ROWS", "-1"), ("WORKERS", "0"), ("THREADS", "0"), ("PORT", "-80")])
def test_integer_below_its_least_value(name: str, raw: str) -> None:
    with pytest.raises(SettingError, match=rf"^STACKATLAS_{name}='{raw}' is out of range: use a whole number"):
        parse(BY_NAME[name], raw)


@pytest.mark.parametrize(("raw", "expected"), [("2", 2.0), ("0.25", 0.25), ("0", 0.0), ("1e1", 10.0)])
def test_floats(raw: str, expected: float) -> None:
    value = parse(BY_NAME["QUERY_WAIT"], raw)
    assert value == expected
    assert type(value) is float


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("soon", "is not a number"), ("", "is not a number"), ("nan", "is not a finite number"), ("inf", "finite")],
)
def test_float_that_does_not_parse_names_the_variable(raw: str, reason: str) -> None:
    with pytest.raises(SettingError) as refused:
        parse(BY_NAME["QUERY_TIMEOUT"], raw)
    assert str(refused.value).startswith(f"STACKATLAS_QUERY_TIMEOUT={raw!r} ")
    assert reason in str(refused.value)
    assert "a number, 0 or more" in str(refused.value)


def test_negative_float_is_out_of_range() -> None:
    with pytest.raises(SettingError, match=r"^STACKATLAS_QUERY_WAIT='-0.5' is out of range"):
        parse(BY_NAME["QUERY_WAIT"], "-0.5")


@pytest.mark.parametrize("name", ["HOST", "CORS_ORIGINS", "PUBLIC_URL", "STORE", "DATA"])
def test_text_settings_are_taken_as_given(name: str) -> None:
    assert parse(BY_NAME[name], " any text ") == " any text "
    assert parse(BY_NAME[name], "") == ""


def test_setting_error_is_a_value_error() -> None:
    assert issubclass(SettingError, ValueError)


def test_every_number_takes_a_least_value() -> None:
    numbers = [s for s in SETTINGS if isinstance(s.default, int | float) and not isinstance(s.default, bool)]
    assert numbers
    for setting in numbers:
        assert setting.default >= setting.minimum >= 0, setting.name


def test_defaults_stops_at_a_bad_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKATLAS_MAX_ROWS", "lots")
    with pytest.raises(SettingError, match="STACKATLAS_MAX_ROWS='lots' is not an integer"):
        defaults()


def test_create_app_refuses_a_bad_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKATLAS_ACCESS_LOG", "perhaps")
    with pytest.raises(SettingError, match="STACKATLAS_ACCESS_LOG"):
        create_app()


@pytest.mark.parametrize(
    ("command", "env", "message"),
    [
        (["serve"], {"STACKATLAS_WORKERS": "two"}, "STACKATLAS_WORKERS='two' is not an integer"),
        (["serve"], {"STACKATLAS_ACCESS_LOG": "maybe"}, "STACKATLAS_ACCESS_LOG='maybe' is not a boolean"),
        (["serve"], {"STACKATLAS_QUERY_TIMEOUT": "soon"}, "STACKATLAS_QUERY_TIMEOUT='soon' is not a number"),
        (["stats"], {"STACKATLAS_VALIDATE": "maybe"}, "STACKATLAS_VALIDATE='maybe' is not a boolean"),
        (["query", "ASK {}"], {"STACKATLAS_CACHE_MB": "-1"}, "STACKATLAS_CACHE_MB='-1' is out of range"),
    ],
)
def test_cli_turns_a_bad_value_into_one_line(command: list[str], env: dict[str, Any], message: str) -> None:
    result = CliRunner().invoke(main, command, env=env)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"Error: {message}")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_cli_reads_good_values() -> None:
    result = CliRunner().invoke(main, ["query", "ASK {}"], env={"STACKATLAS_VALIDATE": "OFF"})
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "yes"
    assert settings.defaults()["VALIDATE"] is True  # the runner's environment was the command's only

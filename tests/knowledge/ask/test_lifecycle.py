"""Questions about one framework's release cycles, read and answered on the fixture graph as of a date."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from issue24_support import FIXTURE, TODAY, fixture_dataset

from service.cli import main
from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.ask.lifecycle import lifecycle_answer
from service.knowledge.ask.reading import read_question
from service.knowledge.ask.reply import reply
from service.knowledge.catalog import Catalog
from service.knowledge.figures import Figures
from service.knowledge.lifecycles import Lifecycles


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(fixture_dataset().store)


@pytest.fixture(scope="module")
def lexicon(catalog: Catalog) -> Lexicon:
    return Lexicon(catalog)


@pytest.fixture(scope="module")
def lifecycles() -> Lifecycles:
    return Lifecycles.read(fixture_dataset().store)


def asked(lexicon: Lexicon, lifecycles: Lifecycles, question: str, day: dt.date = TODAY) -> dict:
    reading = read_question(lexicon, question, figures=Figures(lexicon.catalog.store))
    return reply(lexicon.catalog, reading, lifecycles=lifecycles, day=day)


@pytest.mark.parametrize(
    ("question", "lifecycle", "cycle"),
    (
        ("is Django 4.2 still supported?", "supported", "4.2"),
        ("which Django versions are supported", "supported", None),
        ("latest Django version", "latest", None),
        ("when does Django 5.2 reach end of life", "end_of_life", "5.2"),
        ("Django release cycles", "cycles", None),
        ("Django LTS versions", "lts", None),
        ("is Flask still maintained?", "maintained", None),
    ),
)
def test_read_as_a_question_about_cycles(lexicon: Lexicon, question: str, lifecycle: str, cycle: str | None) -> None:
    reading = read_question(lexicon, question, figures=Figures(lexicon.catalog.store))
    assert (reading.intent, reading.lifecycle, reading.cycle, reading.ignored) == ("lifecycle", lifecycle, cycle, ())


def test_is_django_42_still_supported_depends_on_the_date(lexicon: Lexicon, lifecycles: Lifecycles) -> None:
    today = asked(lexicon, lifecycles, "is Django 4.2 still supported?")
    assert today["as_of"] == "2026-12-07"
    told = today["lifecycle"]
    assert told["answer"] == "no"
    assert told["text"] == "No: Django 4.2 is not supported on 2026-12-07 (security support until 2026-04-30)."
    assert told["cycles"][0]["release_date"] == "2023-04-03"
    reason = today["results"][0]["why"][0]
    assert reason["source"]["file"] == "products/django.md" and reason["source"]["commit"]
    earlier = asked(lexicon, lifecycles, "is Django 4.2 still supported?", dt.date(2026, 1, 15))
    assert earlier["lifecycle"]["answer"] == "yes"


@pytest.mark.parametrize(
    ("question", "answer"),
    (
        ("which Django versions are supported", ["6.0", "5.2"]),
        ("latest Django version", "6.0"),
        ("when does Django 5.2 reach end of life", "2028-04-30"),
        ("Django LTS versions", ["5.2", "4.2"]),
        ("is Flask still maintained?", "yes"),
        ("is Gin still maintained?", "no"),
        ("is Echo still maintained?", "unknown"),
    ),
)
def test_answers(lexicon: Lexicon, lifecycles: Lifecycles, question: str, answer: object) -> None:
    assert asked(lexicon, lifecycles, question)["lifecycle"]["answer"] == answer


def test_a_cycle_the_graph_lacks_is_said_with_the_cycles_it_has(catalog: Catalog, lifecycles: Lifecycles) -> None:
    django = catalog.find("framework", "django")
    assert django is not None
    told = lifecycle_answer(django, "supported", "2.2", lifecycles, TODAY)
    assert told["text"] == "Django has no release cycle 2.2 in the graph (its cycles: 6.0, 5.2, 4.2, 1.0)."
    assert told["answer"] is None


def test_a_framework_on_a_runtime_is_answered_by_the_runtimes_cycles(catalog: Catalog, lifecycles: Lifecycles) -> None:
    aspnet = catalog.find("framework", "aspnet-core")
    assert aspnet is not None
    told = lifecycle_answer(aspnet, "supported", None, lifecycles, TODAY)
    assert told["of_runtime"]["id"] == "dotnet"
    assert told["text"].startswith("ASP.NET Core has no release cycles of its own in the graph; it runs on .NET.")
    assert told["answer"] == ["10", "9"]


def test_a_framework_without_cycles_says_so(catalog: Catalog, lifecycles: Lifecycles) -> None:
    flask = catalog.find("framework", "flask")
    assert flask is not None
    assert lifecycle_answer(flask, "latest", None, lifecycles, TODAY)["text"] == (
        "The graph holds no release cycles of Flask."
    )


def test_the_command_line_says_the_answer_then_the_cycles(runner: CliRunner) -> None:
    said = runner.invoke(main, ["ask", "--data", str(FIXTURE), "is Django 1.0 still supported?"])
    assert said.exit_code == 0, said.output
    assert "Read as: whether Django 1.0 is supported" in said.output
    assert "No: Django 1.0 is not supported on " in said.output  # ended, whatever the day
    assert "[endoflife.date, products/django.md at 0123456]" in said.output


def test_a_word_about_one_frameworks_cycles_asks_nothing_of_a_list_and_is_said_so(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "latest Python frameworks", figures=Figures(lexicon.catalog.store))
    assert (reading.intent, reading.ignored) == ("list", ("latest",))
    lts = read_question(lexicon, "frameworks with LTS releases", figures=Figures(lexicon.catalog.store))
    assert (lts.intent, lts.statuses, lts.ignored) == ("all", ("lts",), ())

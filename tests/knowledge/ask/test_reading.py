"""ask.py itself: questions as people type them → what they are read as → the answers (issue 14).

Each row: the question, what it is read as (intent), answers it must contain and answers it must not.
Against the bundled graph (the curated frameworks and those of the imported benchmark datasets); at the end,
reading alone on a hand-made catalog of a few terms (conftest.py's tiny_lexicon).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from click.testing import CliRunner

from service.cli import main
from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.interpretation import Interpretation
from service.knowledge.ask.lexicon import Lexicon
from service.knowledge.ask.reading import read_question
from service.knowledge.ask.reply import reply
from service.knowledge.ask.sparql import compile_sparql
from service.knowledge.catalog import Term
from service.knowledge.facade import Knowledge
from service.query.store import EmbeddedStore

ALL = "every framework"
PYTHON_APIS = {"aiohttp", "fastapi", "flask", "litestar", "quart", "sanic", "starlette"}
JS = {"express", "fastify", "hapi", "koa", "nodejs", "sails"}

# question, intent, must contain, must not contain
QUESTIONS: tuple[tuple[str, str, set[str], set[str]], ...] = (
    # 1. every framework
    ("frameworks", "all", {"flask", "django", "phoenix", "vapor"}, set()),
    ("all frameworks", "all", {"spring-boot", "gin"}, set()),
    ("list frameworks", "all", {"rails", "axum"}, set()),
    ("List all the frameworks!", "all", {"laravel"}, set()),
    ("Show me every framework", "all", {"quarkus"}, set()),
    ("backend frameworks?", "all", {"koa"}, set()),
    # 2. typos and near misses
    ("pyhton frameworks for apis", "list", PYTHON_APIS, {"express", "gin", "spring-boot"}),
    ("javscript frameworks", "list", JS, {"play-framework", "slim-php", "flask"}),
    ("Pythn frameworks", "list", {"django", "flask"}, {"rails"}),
    ("rubby frameworks", "list", {"rails", "sinatra"}, {"django"}),
    ("typscript frameworks", "list", {"nestjs"}, {"flask"}),
    # Quart is built on Flask (its pyproject requires it): an extension, never an alternative.
    ("frameworks like flsak", "list", {"bottle", "starlette"}, {"flask", "quart"}),
    ("framworks for APIs in Pyhton", "list", PYTHON_APIS, {"express"}),
    ("elixer frameworks", "list", {"phoenix"}, {"django"}),
    ("djnago", "record", {"django"}, {"flask"}),
    ("what is fastpi", "record", {"fastapi"}, {"litestar"}),
    ("python frameworks for xyzzy", "list", {"django", "flask"}, {"rails"}),
    ("production ready python frameworks", "list", {"django", "flask"}, {"rails"}),  # not "productive"
    # 3. negation and exclusion
    ("python frameworks not for apis", "list", {"django", "pyramid"}, PYTHON_APIS),
    ("Python frameworks NOT for APIs", "list", {"bottle", "tornado"}, {"fastapi", "flask"}),
    ("frameworks without an ORM", "list", {"flask", "express"}, {"django", "rails", "laravel"}),
    ("python frameworks without an orm", "list", {"flask", "fastapi"}, {"django"}),
    ("Java frameworks except Spring Boot", "list", {"javalin", "quarkus"}, {"spring-boot"}),
    ("non-Java frameworks on the JVM", "list", {"ktor", "grails"}, {"spring-boot", "quarkus"}),
    ("non-Python frameworks for APIs", "list", {"express", "gin"}, PYTHON_APIS),
    ("frameworks not written in JavaScript or TypeScript", "list", {"django", "rails"}, JS | {"nestjs"}),
    ("Python frameworks excluding Flask and Django", "list", {"fastapi"}, {"flask", "django"}),
    # 4. one framework named alone
    ("Django", "record", {"django"}, {"flask", "laravel"}),
    ("what is FastAPI", "record", {"fastapi"}, {"litestar"}),
    ("What is FastAPI?", "record", {"fastapi"}, set()),
    ("tell me about Phoenix", "record", {"phoenix"}, set()),
    ("django pros and cons", "record", {"django"}, set()),
    ("flask cons", "record", {"flask"}, set()),
    ("Spring Boot", "record", {"spring-boot"}, set()),
    ("ruby on rails", "record", {"rails"}, set()),
    ("RoR", "record", {"rails"}, set()),
    ("describe gin", "record", {"gin"}, set()),
    # 5. comparisons
    ("flask vs django", "comparison", {"flask", "django"}, {"laravel"}),
    ("Flask vs. Django", "comparison", {"flask", "django"}, set()),
    ("flask versus fastapi", "comparison", {"flask", "fastapi"}, set()),
    ("compare express and fastify", "comparison", {"express", "fastify"}, {"koa", "hapi"}),
    ("compare Express, Fastify and Koa", "comparison", {"express", "fastify", "koa"}, {"hapi"}),
    ("difference between Rails and Laravel", "comparison", {"rails", "laravel"}, set()),
    ("django or rails", "comparison", {"django", "rails"}, set()),
    ("Gin or Echo?", "comparison", {"gin", "echo"}, set()),
    ("spring boot vs quarkus vs micronaut", "comparison", {"spring-boot", "quarkus", "micronaut"}, set()),
    ("flsak vs djnago", "comparison", {"flask", "django"}, set()),
    ("which framework: flask or django?", "comparison", {"flask", "django"}, set()),
    ("the Django framework", "record", {"django"}, {"flask"}),
    ("Phoenix framework pros", "record", {"phoenix"}, set()),
    ("Node and Deno frameworks", "list", {"hono", "express"}, {"nodejs", "django"}),
    # 6. and / or between values of one kind
    ("frameworks for prototypes and MVPs", "list", {"flask", "rails", "bottle"}, {"django", "spring-boot"}),
    ("frameworks for prototypes or MVPs", "list", {"flask", "rails"}, {"django"}),
    ("Python or Ruby frameworks", "list", {"django", "rails", "sinatra"}, {"express"}),
    ("Python and Ruby frameworks for APIs", "list", {"fastapi", "sinatra"}, {"django", "express"}),
    ("Python frameworks for APIs", "list", PYTHON_APIS, {"django", "express"}),  # across kinds: both
    ("Go, Rust or C++ frameworks", "list", {"gin", "axum", "drogon"}, {"flask"}),
    # a framework named with a question about it; "other than", "but not"
    ("is django good for beginners", "list", {"django"}, {"flask"}),
    ("flask or fastapi for APIs", "list", {"flask", "fastapi"}, {"starlette", "quart"}),
    ("Python frameworks other than Django", "list", {"flask", "fastapi"}, {"django"}),
    ("frameworks similar to Flask but not Quart", "list", {"bottle"}, {"quart", "flask"}),
    ("Python frameworks apart from Flask", "list", {"django"}, {"flask"}),
    ("how many Python frameworks", "list", {"django", "flask"}, {"rails"}),
    ("Express vs Koa vs Hapi vs Fastify", "comparison", {"express", "koa", "hapi"}, {"fastify"}),
    ("frameworks using Starlette", "list", {"fastapi"}, {"starlette"}),
    ("Starlette-based frameworks", "list", {"fastapi"}, {"litestar"}),
    ("can I use Flask for APIs?", "list", {"flask"}, {"quart"}),
    ("I don't want Java", "list", {"django", "express"}, {"spring-boot", "quarkus"}),
    ("python frameworks that aren't async", "list", {"flask", "bottle"}, {"fastapi", "tornado"}),
    ("what's the best python framework", "list", {"django", "flask"}, {"rails"}),
    ("frameworks for the JVM except Spring Boot and Quarkus", "list", {"ktor", "javalin"}, {"spring-boot", "quarkus"}),
    # Spring Boot: the-benchmarker runs it from Kotlin (its set-up's language), so it is for apps in Kotlin too.
    ("Kotlin or Scala frameworks", "list", {"ktor", "play-framework", "spring-boot"}, {"django", "flask", "rails"}),
    ("frameworks not like Flask", "list", {"django", "express"}, {"flask", "bottle"}),
    ("python frameworks unlike Django", "list", {"fastapi"}, {"django"}),
    ("frameworks like Flask except Bottle", "list", {"starlette"}, {"bottle", "flask"}),
    ("frameworks like Rails, Django", "list", {"adonisjs"}, {"rails", "django"}),
    # constraints as before
    ("Python frameworks suited to APIs", "list", PYTHON_APIS, {"django"}),
    ("frameworks like Flask", "list", {"bottle"}, {"flask", "quart"}),
    ("Flask alternatives", "list", {"bottle"}, {"flask", "quart"}),
    ("frameworks built on Node.js", "list", {"express", "nestjs"}, {"django"}),
    ("secure frameworks", "list", {"django", "laravel"}, {"flask"}),
    ("frameworks with a steep learning curve", "list", {"django", "spring-boot"}, {"flask"}),
    ("golang frameworks", "list", {"gin", "echo"}, {"flask"}),
    ("ASYNC PYTHON FRAMEWORKS", "list", {"fastapi", "tornado"}, {"flask"}),
    ("which frameworks are good for beginners", "list", {"django", "flask"}, {"spring-boot"}),
    ("Elixir frameworks for live updates", "list", {"phoenix"}, {"django"}),
    # 7. our style or TechEmpower's class, named by one word (issue 13): either, with the language
    ("full-stack Kotlin frameworks", "list", {"jmix", "ktor"}, {"django", "javalin"}),
    ("Full stack Python frameworks", "list", {"django", "pyramid"}, {"flask", "rails"}),
    ("Rust micro-frameworks", "list", {"rouille", "actix-web", "ntex"}, {"gin", "loco"}),
    ("micro frameworks in Go", "list", {"gin", "goji", "hertz"}, {"flask", "beego"}),
    ("Go microframeworks", "list", {"gin", "goji"}, {"beego", "flask"}),
    ("Python or Ruby micro frameworks", "list", {"flask", "sinatra"}, {"django", "rails", "express"}),
    # the public datasets' databases, ORM classes, platforms and servers
    ("frameworks benchmarked with MongoDB", "list", {"express", "actix-web", "nestjs"}, {"django", "flask"}),
    ("Python frameworks using PostgreSQL", "list", {"django", "flask", "fastapi"}, {"rails", "express"}),
    ("python frameworks benchmarked with postgres", "list", {"django", "aiohttp"}, {"rails"}),
    ("PHP frameworks with MySQL", "list", {"laravel", "symfony"}, {"django"}),
    ("frameworks with a full ORM", "list", {"django", "rails", "laravel"}, {"hyper", "ohkami"}),
    ("Go frameworks with raw queries", "list", {"gin", "echo"}, {"django"}),
    ("frameworks with an ORM", "list", {"django", "rails"}, {"flask", "gin"}),  # the feature, not the ORM class
    ("frameworks on WSGI", "list", {"django", "falcon", "flask"}, {"fastapi", "bottle"}),
    ("frameworks with WSGI", "list", {"bottle", "pyramid"}, {"fastapi"}),  # the feature, as before
    ("frameworks behind nginx", "list", {"laravel", "flask", "fastapi"}, {"gin", "express"}),
    ("Python frameworks behind Gunicorn", "list", {"django", "flask"}, {"rails", "laravel"}),
    ("frameworks behind Tornado", "list", {"tornado"}, {"django"}),  # the server, not Tornado's record
    ("frameworks on Rack", "list", {"sinatra"}, {"django"}),
    # 8. superlatives (issue 14): the frameworks with a measured figure, ranked by it
    ("fastest Go frameworks", "list", {"fiber", "gin"}, {"buffalo", "flask"}),
    ("fastets go frameworks", "list", {"fiber", "gin"}, {"flask"}),
    ("Fastest Python frameworks", "list", {"fastapi", "sanic"}, {"gin", "zope"}),
    ("quickest Rust frameworks", "list", {"axum", "actix-web"}, {"gin", "loco"}),
    ("highest throughput Java frameworks", "list", {"quarkus", "spring-boot"}, {"ktor", "gin"}),
    ("lowest latency Rust frameworks", "list", {"axum", "hyper"}, {"gin"}),
    ("slowest PHP frameworks", "list", {"laravel", "symfony"}, {"django"}),
    ("FASTEST frameworks", "all", {"axum", "fiber"}, set()),
)


@pytest.fixture(scope="module")
def knowledge(store: EmbeddedStore) -> Knowledge:
    return Knowledge(store)


@pytest.fixture(scope="module")
def lexicon(knowledge: Knowledge) -> Lexicon:
    return knowledge.lexicon


def ask(knowledge: Knowledge, question: str) -> tuple[Interpretation, dict[str, Any]]:
    reading = read_question(knowledge.lexicon, question, figures=knowledge.figures)
    return reading, reply(knowledge.catalog, reading, similarity=knowledge.similarity, figures=knowledge.figures)


def python_frameworks(store: EmbeddedStore) -> int:
    """Count the frameworks for apps in Python, straight from the graph."""
    rows = store.query(
        "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a <https://w3id.org/stackatlas/ontology#Framework> ; "
        "<https://w3id.org/stackatlas/ontology#language> <https://w3id.org/stackatlas/id/python> }"
    ).records()
    return int(rows[0]["n"])


def test_the_table_has_sixty_questions() -> None:
    assert len(QUESTIONS) >= 60


@pytest.mark.parametrize(("question", "intent", "must", "must_not"), QUESTIONS)
def test_question(knowledge: Knowledge, question: str, intent: str, must: set[str], must_not: set[str]) -> None:
    reading, found = ask(knowledge, question)
    assert reading.intent == intent, reading.as_json()
    ids = {result["id"] for result in found["results"]}
    assert must <= ids, f"missing {must - ids}; read as {reading.summary}"
    assert not must_not & ids, f"should not contain {must_not & ids}; read as {reading.summary}"
    for result in found["results"]:
        assert result["why"], result


def kinds(reading: Interpretation) -> list[tuple[str, str, bool]]:
    return [(c.kind, c.term.slug, c.negated) for c in reading.constraints]


@pytest.mark.parametrize(
    ("question", "constraints"),
    (
        ("Python frameworks for APIs", [("language", "python", False), ("use_case", "apis", False)]),
        ("pyhton frameworks for apis", [("language", "python", False), ("use_case", "apis", False)]),
        ("python frameworks not for apis", [("language", "python", False), ("use_case", "apis", True)]),
        ("frameworks without an ORM", [("feature", "feature-orm", True)]),
        ("Java frameworks except Spring Boot", [("language", "java", False), ("framework", "spring-boot", True)]),
        ("non-Java frameworks", [("language", "java", True)]),
        ("frameworks not for APIs or real-time apps", [("use_case", "apis", True), ("use_case", "real-time", True)]),
        ("frameworks like Flask", [("similar", "flask", False)]),
        ("frameworks built on Node.js", [("built_on", "nodejs", False)]),
        ("frameworks with a steep learning curve", [("con", "learning-curve", False)]),
    ),
)
def test_constraints(lexicon: Lexicon, question: str, constraints: list[tuple[str, str, bool]]) -> None:
    assert kinds(read_question(lexicon, question)) == constraints


def test_a_typo_is_read_as_the_name_and_said(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "pyhton frameworks for apis")
    assert reading.ignored == ()
    assert "read 'pyhton' as Python" in reading.notes
    assert reading.as_json()["corrections"] == [{"typed": "pyhton", "read_as": "Python"}]


def test_a_misspelt_language_does_not_suggest_frameworks_for_the_word_frameworks(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "javscript frameworks")
    assert kinds(reading) == [("language", "javascript", False)]
    assert reading.ignored == ()
    assert lexicon.suggestions(["frameworks"])["did_you_mean"] == {}


def test_an_unknown_word_is_said_not_silently_dropped(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "python frameworks for xyzzy")
    assert reading.ignored == ("xyzzy",)
    assert any("not understood: 'xyzzy'" in note for note in reading.notes)
    # Nothing but unknown words asks for nothing, not for every framework.
    assert read_question(lexicon, "xyzzy frameworks").intent == "nothing"


def test_english_words_near_a_name_are_not_corrected(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "production ready python frameworks")
    assert reading.corrections == ()
    assert reading.ignored == ("production", "ready")


def test_a_word_close_to_two_names_is_read_as_neither(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "frameworks like starlete")
    assert reading.constraints == ()
    assert reading.intent == "nothing"
    # Starlet: a framework the-benchmarker runs
    assert lexicon.suggestions(reading.ignored)["did_you_mean"] == {"starlete": ["Litestar", "Starlet", "Starlette"]}


@pytest.mark.parametrize("question", ("rubi frameworks", "gim vs echo", "pyth frameworks"))
def test_short_words_are_never_corrected(lexicon: Lexicon, question: str) -> None:
    reading = read_question(lexicon, question)
    assert reading.corrections == ()
    assert reading.ignored


def test_exclusions_compile_to_filter_not_exists(lexicon: Lexicon) -> None:
    sparql = compile_sparql(read_question(lexicon, "python frameworks not for apis").constraints)
    assert "FILTER NOT EXISTS { GRAPH ?g1 { ?framework sa:suitedFor ?x1 }" in sparql
    assert "SELECT ?framework ?label ?g0 ?x0 WHERE" in sparql
    sparql = compile_sparql(read_question(lexicon, "Java frameworks except Spring Boot").constraints)
    assert "FILTER(?framework != id:spring-boot)" in sparql


def test_exclusions_are_said(lexicon: Lexicon) -> None:
    assert read_question(lexicon, "python frameworks not for apis").summary == (
        "frameworks for apps in Python and not suited to APIs (or a narrower use case)"
    )
    assert read_question(lexicon, "frameworks without an ORM").summary == "frameworks without ORM"
    assert read_question(lexicon, "Java frameworks except Spring Boot").summary == (
        "frameworks for apps in Java, other than Spring Boot"
    )


def test_and_between_values_of_one_kind_means_any_ranked_by_how_many(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "frameworks for prototypes and MVPs")
    assert [c.group for c in reading.constraints] == [0, 0]
    assert reading.summary == "frameworks suited to Prototypes or MVPs (or a narrower use case)"
    assert any("read as alternatives" in note for note in reading.notes)
    assert "OPTIONAL" in found["sparql"] and "BOUND(?g0) || BOUND(?g1)" in found["sparql"]
    met = [len(result["meets"]) for result in found["results"]]
    assert met == sorted(met, reverse=True)
    assert found["results"][0]["id"] == "flask" and found["results"][0]["meets"] == ["Prototypes", "MVPs"]
    rails = next(result for result in found["results"] if result["id"] == "rails")
    assert rails["meets"] == ["MVPs"]


def test_across_kinds_and_stays_a_conjunction(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "Python frameworks for APIs")
    assert [c.group for c in reading.constraints] == [None, None]
    assert not any("alternatives" in note for note in reading.notes)


def test_a_framework_alone_answers_its_record_first(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "what is FastAPI")
    assert reading.summary == "what the graph says about FastAPI"
    assert found["kind"] == "record"
    assert found["record"]["id"] == "fastapi" and found["record"]["pros"]
    assert found["record"] == {**knowledge.catalog.framework("fastapi"), "links": found["record"]["links"]}
    assert found["links"] == {"page": "/id/fastapi", "api": "/api/frameworks/fastapi"}


def test_the_part_of_a_record_asked_for(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "django pros and cons")
    assert reading.parts == ("pros", "cons")
    assert reading.summary == "pros and cons of Django"
    assert set(found["part"]) == {"pros", "cons"} and found["part"]["cons"]
    _, found = ask(knowledge, "flask cons")
    assert list(found["part"]) == ["cons"]


def test_a_comparison_shares_and_differs_with_sources_and_score(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "flask vs django")
    assert reading.summary == "a comparison of Flask and Django"
    compared = found["comparison"]
    assert found["links"] == {"compare": "/compare?ids=flask,django"}
    assert [f["id"] for f in compared["frameworks"]] == ["flask", "django"]
    (score,) = compared["scores"]
    assert score["a"] == "flask" and score["b"] == "django"
    assert score["score"] == round(knowledge.similarity.score(*(f["iri"] for f in compared["frameworks"])), 2)
    language = next(row for row in compared["traits"] if row["key"] == "language")
    (python,) = language["shared"]
    assert python["label"] == "Python" and python["sources"]["flask"] and python["sources"]["django"]
    styles = next(row for row in compared["traits"] if row["key"] == "style")
    assert [v["label"] for v in styles["only"]["flask"]] == ["Microframework"]
    assert [v["label"] for v in styles["only"]["django"]] == ["Full-stack"]
    assert styles["only"]["flask"][0]["sources"][0]["label"]


def test_compare_three(knowledge: Knowledge) -> None:
    _, found = ask(knowledge, "compare Express, Fastify and Koa")
    assert len(found["comparison"]["scores"]) == 3
    assert found["links"]["compare"] == "/compare?ids=express,fastify,koa"


def test_ignored_lists_only_words_that_did_nothing(lexicon: Lexicon) -> None:
    for question in ("frameworks like Flask", "Flask alternatives", "frameworks built on Node.js", "flask vs django"):
        assert read_question(lexicon, question).ignored == (), question
    assert read_question(lexicon, "frameworks for quantum xyzzy").ignored == ("quantum", "xyzzy")


def test_summaries_are_grammatical(lexicon: Lexicon) -> None:
    assert read_question(lexicon, "PHP frameworks with an ORM").summary == "frameworks for apps in PHP and with ORM"
    assert read_question(lexicon, "async frameworks").summary == "frameworks with Asynchronous I/O"
    assert read_question(lexicon, "async Python frameworks for APIs").summary == (
        "frameworks with Asynchronous I/O, for apps in Python and suited to APIs (or a narrower use case)"
    )


def test_filters_still_build_plain_constraints(knowledge: Knowledge) -> None:
    python = knowledge.catalog.find("language", "python")
    assert python is not None
    assert Constraint("language", python, "python").as_json()["means"] == "for apps in Python"


def test_a_framework_asked_about_is_the_answer_if_it_meets_the_rest(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "is django good for beginners")
    assert kinds(reading) == [("framework", "django", False), ("audience", "beginners", False)]
    assert reading.summary == "Django if recommended for Beginners"
    assert "VALUES ?framework { id:django }" in found["sparql"]
    assert [result["id"] for result in found["results"]] == ["django"]
    _, found = ask(knowledge, "is django good for microservice architectures")
    assert found["results"] == []


def test_other_than_excludes_rather_than_asks_for_similar(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "Python frameworks other than Django")
    assert kinds(reading) == [("language", "python", False), ("framework", "django", True)]
    assert reading.summary == "frameworks for apps in Python, other than Django"
    assert reading.ignored == ()


def test_how_many_answers_the_number_and_the_list(knowledge: Knowledge, store: EmbeddedStore) -> None:
    reading, found = ask(knowledge, "how many Python frameworks")
    assert reading.summary == "how many frameworks for apps in Python"
    assert found["count"] == len(found["results"]) == python_frameworks(store) > 40  # the datasets' ones too
    reading, found = ask(knowledge, "how many frameworks")
    assert reading.intent == "all" and found["count"] == len(knowledge.catalog.of_facet("framework")) > 500


def test_a_comparison_says_who_was_left_out(lexicon: Lexicon) -> None:
    reading = read_question(lexicon, "Express vs Koa vs Hapi vs Fastify")
    assert [t.slug for t in reading.frameworks] == ["express", "koa", "hapi"]
    assert "at most 3 frameworks are compared side by side: Fastify left out" in reading.notes


def test_the_command_line_answers_the_same_kinds(runner: CliRunner, store: EmbeddedStore) -> None:
    compared = runner.invoke(main, ["ask", "flask vs django"])
    assert compared.exit_code == 0, compared.output
    assert "Read as: a comparison of Flask and Django" in compared.output
    assert "Language: both Python" in compared.output
    assert "Side by side: /compare?ids=flask,django" in compared.output
    record = runner.invoke(main, ["ask", "flask cons"])
    assert "Read as: cons of Flask" in record.output and "Cons:" in record.output
    typo = runner.invoke(main, ["ask", "pyhton frameworks for apis"])
    assert "Note: read 'pyhton' as Python" in typo.output
    counted = runner.invoke(main, ["ask", "how many Python frameworks"])
    assert f"{python_frameworks(store)} frameworks" in counted.output


def test_one_name_for_our_style_and_techempowers_class_means_either(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "full-stack Kotlin frameworks")
    assert kinds(reading) == [
        ("style", "full-stack", False),
        ("classification", "benchmark-class/fullstack", False),
        ("language", "kotlin", False),
    ]
    assert [c.group for c in reading.constraints] == [0, 0, None]
    assert reading.summary == (
        "frameworks classed as Full-stack or classified full-stack by TechEmpower and for apps in Kotlin"
    )
    assert any("classed as Full-stack or classified full-stack by TechEmpower" in note for note in reading.notes)
    assert "BOUND(?g0) || BOUND(?g1)" in found["sparql"]
    by_id = {result["id"]: result for result in found["results"]}
    # Jmix is full-stack by our curation, Ktor only by TechEmpower's class: either will do.
    assert by_id["jmix"]["why"][0]["triple"][1] == "sa:style"
    assert by_id["ktor"]["why"][0]["triple"][1] == "sa:benchmarkClassification"
    reading = read_question(knowledge.lexicon, "Rust micro-frameworks")
    assert [c.group for c in reading.constraints] == [None, 1, 1]
    # Negated, it is neither.
    reading = read_question(knowledge.lexicon, "not full-stack Python frameworks")
    assert [(c.kind, c.negated, c.group) for c in reading.constraints][:2] == [
        ("style", True, None),
        ("classification", True, None),
    ]


def test_the_datasets_words_read_as_their_kinds(lexicon: Lexicon) -> None:
    assert kinds(read_question(lexicon, "frameworks benchmarked with MongoDB")) == [
        ("database", "database/mongodb", False)
    ]
    assert read_question(lexicon, "frameworks benchmarked with MongoDB").ignored == ()
    assert kinds(read_question(lexicon, "frameworks with a full ORM")) == [("orm", "orm/full", False)]
    assert kinds(read_question(lexicon, "frameworks with raw queries")) == [("orm", "orm/raw", False)]
    assert kinds(read_question(lexicon, "frameworks with an ORM")) == [("feature", "feature-orm", False)]
    assert kinds(read_question(lexicon, "frameworks on WSGI")) == [("platform", "platform/wsgi", False)]
    assert kinds(read_question(lexicon, "frameworks with WSGI")) == [("feature", "feature-wsgi", False)]
    reading = read_question(lexicon, "frameworks behind nginx")
    assert kinds(reading) == [("server", "server/nginx", False)] and reading.ignored == ()
    assert reading.summary == "frameworks benchmarked behind nginx"
    assert kinds(read_question(lexicon, "frameworks on Node.js")) == [("built_on", "nodejs", False)]  # as before


@pytest.mark.parametrize(
    ("question", "metric", "best_first"),
    (
        ("fastest Go frameworks", "requests_per_second", True),
        ("fastets go frameworks", "requests_per_second", True),
        ("Fastest Python frameworks", "requests_per_second", True),
        ("quickest Rust frameworks", "requests_per_second", True),
        ("highest throughput Java frameworks", "requests_per_second", True),
        ("lowest latency Rust frameworks", "latency_p50", True),
        ("slowest PHP frameworks", "requests_per_second", False),
    ),
)
def test_a_superlative_ranks_by_the_measured_figure_with_the_run_and_caveat(
    knowledge: Knowledge, question: str, metric: str, best_first: bool
) -> None:
    reading, found = ask(knowledge, question)
    assert reading.rank_by is not None
    assert (reading.rank_by.metric, reading.rank_by.best_first) == (metric, best_first)
    assert reading.ignored == ()
    level = knowledge.figures.default_level
    assert reading.rank_by.level == level
    results = found["results"]
    assert len(results) >= 3
    values = [result["figure"]["value"] for result in results]
    higher_first = best_first == (metric == "requests_per_second")
    assert values == sorted(values, reverse=higher_first)
    (language,) = [c for c in reading.constraints if c.kind == "language"]
    ranking = found["ranking"]
    assert ranking["metric"] == metric and ranking["concurrency"] == level
    assert "minimal routing" in ranking["caveat"]
    assert ranking["run"]["label"] and ranking["run"]["date"] and ranking["run"]["hardware"]
    for result in results:
        figure = result["figure"]
        assert figure["metric"] == metric and figure["concurrency"] == level
        assert figure["run"]["caveat"] == ranking["caveat"]
        assert any(why["triple"][0] == f"id:{result['id']}" for why in result["why"])  # the language's claim
        said = result["why"][-1]
        assert said["source"] == figure["run"]["source"] and said["source"]["label"].startswith("the-benchmarker")
        assert figure["run"]["label"] in said["text"]
    # Every one meets the language; the ones without a figure are left out, and counted.
    everyone = reply(knowledge.catalog, replace(reading, rank_by=None))["results"]
    assert {r["id"] for r in results} < {r["id"] for r in everyone} or ranking["unmeasured"] == 0
    assert ranking["unmeasured"] == len(everyone) - len(results)
    assert language.term.label in reading.summary


def test_a_superlative_is_said(knowledge: Knowledge) -> None:
    reading, found = ask(knowledge, "fastest Go frameworks")
    run = found["ranking"]["run"]["label"]
    assert (
        reading.summary == f"frameworks for apps in Go, fastest first by requests per second at 512 connections ({run})"
    )
    assert reading.as_json()["rank_by"]["metric"] == "requests_per_second"
    assert "read 'fastets' as fastest" in read_question(knowledge.lexicon, "fastets go frameworks").notes
    gin = next(result for result in found["results"] if result["id"] == "gin")
    assert "requests per second at 512 connections" in gin["why"][-1]["text"]
    # Without figures handed in, reply reads them once per dataset.
    assert reply(knowledge.catalog, reading)["results"] == found["results"]
    # "fast" alone is still the aspect (praised for performance), not a ranking.
    assert read_question(knowledge.lexicon, "fast Python frameworks").rank_by is None


# Reading alone, on the hand-made catalog of conftest.py.
TINY_ID = "https://w3id.org/stackatlas/id/"
APIS = Term("use_case", TINY_ID + "apis", "APIs", ("APIs",))
FLASK = Term("framework", TINY_ID + "flask", "Flask", ("Flask",))
DJANGO = Term("framework", TINY_ID + "django", "Django", ("Django",))


def grouped_kinds(reading: Interpretation) -> list[tuple[str, str, bool, int | None]]:
    return [(c.kind, c.term.slug, c.negated, c.group) for c in reading.constraints]


@pytest.mark.parametrize(
    ("question", "constraints"),
    (
        ("python frameworks for apis", [("language", "python", False, None), ("use_case", "apis", False, None)]),
        ("python frameworks not for apis", [("language", "python", False, None), ("use_case", "apis", True, None)]),
        ("frameworks like flask and django", [("similar", "flask", False, None), ("similar", "django", False, None)]),
        ("python frameworks except flask", [("language", "python", False, None), ("framework", "flask", True, None)]),
        ("frameworks with poor performance", [("con", "performance", False, None)]),
        ("fast performance frameworks", [("pro", "performance", False, None)]),
        ("micro frameworks", [("style", "microframework", False, 0), ("classification", "micro", False, 0)]),
    ),
)
def test_the_words_around_a_name_decide_its_constraint(
    tiny_lexicon: Lexicon, question: str, constraints: list[tuple[str, str, bool, int | None]]
) -> None:
    assert grouped_kinds(read_question(tiny_lexicon, question)) == constraints


def test_two_frameworks_alone_are_compared_and_one_alone_is_its_record(tiny_lexicon: Lexicon) -> None:
    compared = read_question(tiny_lexicon, "Flask vs Django")
    assert (compared.intent, compared.frameworks) == ("comparison", (FLASK, DJANGO))
    record = read_question(tiny_lexicon, "flask cons")
    assert (record.intent, record.frameworks, record.parts) == ("record", (FLASK,), ("cons",))


def test_a_typo_is_read_as_the_name_and_a_word_near_two_names_as_neither(tiny_lexicon: Lexicon) -> None:
    reading = read_question(tiny_lexicon, "pyhton frameworks")
    assert grouped_kinds(reading) == [("language", "python", False, None)]
    assert reading.notes == ["read 'pyhton' as Python"]
    unsure = read_question(tiny_lexicon, "frameworks like starlete")
    assert unsure.ignored == ("starlete",) and unsure.intent == "nothing"


def test_nothing_named_is_every_framework_or_nothing(tiny_lexicon: Lexicon) -> None:
    assert read_question(tiny_lexicon, "all frameworks").intent == "all"
    assert read_question(tiny_lexicon, "how many frameworks").count is True
    assert read_question(tiny_lexicon, "xyzzy").intent == "nothing"


def test_a_constraint_is_said_as_the_reading_summary(tiny_lexicon: Lexicon) -> None:
    reading = read_question(tiny_lexicon, "python frameworks not for apis")
    assert reading.summary == "frameworks for apps in Python and not suited to APIs (or a narrower use case)"
    assert reading.constraints[1] == Constraint("use_case", APIS, "apis", negated=True)

"""What a question was read as, said back: summaries for each intent, notes, and the API's description."""

from __future__ import annotations

from service.knowledge.ask.constraint import Constraint
from service.knowledge.ask.interpretation import MAX_COMPARED, Correction, Interpretation
from service.knowledge.ask.popular import PopularityRanking
from service.knowledge.ask.ranking import Ranking
from service.knowledge.catalog import Term

ID = "https://w3id.org/stackatlas/id/"
PYTHON = Term("language", ID + "python", "Python", ())
PROTOTYPES = Term("use_case", ID + "prototypes", "Prototypes", ())
MVPS = Term("use_case", ID + "mvps", "MVPs", ())
FLASK = Term("framework", ID + "flask", "Flask", ())
DJANGO = Term("framework", ID + "django", "Django", ())
BEGINNERS = Term("audience", ID + "beginners", "Beginners", ())
ARTICLE = Term("source", ID + "source/article", "the article", ())
FASTEST = Ranking("requests_per_second", True, "fastest first", "fastest")


def test_a_list_reading_is_said_with_its_exclusions_and_order() -> None:
    reading = Interpretation(
        "python frameworks except flask, fastest",
        (Constraint("language", PYTHON, "python"), Constraint("framework", FLASK, "flask", negated=True)),
        (),
        rank_by=FASTEST,
    )
    assert reading.summary == "frameworks for apps in Python, other than Flask, fastest first by requests per second"
    assert reading.notes[0].startswith("'fastest' read as a ranking")


def test_the_other_intents_are_said() -> None:
    assert Interpretation("frameworks", (), (), intent="all").summary == "every framework"
    compared = Interpretation("flask vs django", (), (), intent="comparison", frameworks=(FLASK, DJANGO))
    assert compared.summary == "a comparison of Flask and Django"
    record = Interpretation("flask cons", (), (), intent="record", frameworks=(FLASK,), parts=("cons",))
    assert record.summary == "cons of Flask"
    assert Interpretation("xyzzy", (), ("xyzzy",), intent="nothing").summary is None


def test_the_notes_say_corrections_alternatives_and_words_not_understood() -> None:
    uses = (Constraint("use_case", PROTOTYPES, "prototypes", group=0), Constraint("use_case", MVPS, "MVPs", group=0))
    reading = Interpretation(
        "pyhton frameworks for prototypes or MVPs, xyzzy",
        uses,
        ("xyzzy",),
        corrections=(Correction("pyhton", "Python"),),
    )
    assert reading.notes == [
        "read 'pyhton' as Python",
        "'prototypes' and 'MVPs' read as alternatives: a framework meeting any of them, ranked by how many it meets",
        "not understood: 'xyzzy'; the answer does not take it into account",
    ]
    assert reading.as_json()["corrections"] == [{"typed": "pyhton", "read_as": "Python"}]


def test_a_list_without_conditions_says_nothing_and_with_some_says_them() -> None:
    assert Interpretation("xyzzy", (), ("xyzzy",)).summary is None
    uses = (Constraint("use_case", PROTOTYPES, "prototypes", group=0), Constraint("use_case", MVPS, "mvps", group=0))
    reading = Interpretation(
        "python frameworks for prototypes or mvps", (Constraint("language", PYTHON, "python"), *uses), ()
    )
    assert reading.summary == "frameworks for apps in Python and suited to Prototypes or MVPs (or a narrower use case)"


def test_a_framework_asked_about_reads_as_if_it_meets_the_rest() -> None:
    reading = Interpretation(
        "is django good for beginners",
        (Constraint("framework", DJANGO, "django"), Constraint("audience", BEGINNERS, "beginners")),
        (),
    )
    assert reading.summary == "Django if recommended for Beginners"


def test_a_count_a_source_and_a_survey_ranking_are_said_in_the_summary() -> None:
    reading = Interpretation(
        "how many python frameworks according to the article, most popular in 2024",
        (Constraint("language", PYTHON, "python"), Constraint("source", ARTICLE, "the article")),
        (),
        count=True,
        popular=PopularityRanking("popularity", 2024, "most popular"),
    )
    assert reading.summary == (
        "how many frameworks for apps in Python, according to the article, most used first (share of survey "
        "respondents who worked with it), in the 2024 Stack Overflow survey"
    )
    assert reading.notes == [
        "'most popular' read as a ranking by the Stack Overflow survey, most used first (share of survey respondents "
        "who worked with it), in the 2024 Stack Overflow survey: only the frameworks the survey table has a share "
        "for are answered"
    ]


def test_every_framework_counted_or_kept_to_a_status() -> None:
    assert Interpretation("how many frameworks", (), (), intent="all", count=True).summary == (
        "how many frameworks there are"
    )
    maintained = Interpretation("maintained frameworks", (), (), intent="all", statuses=("maintained",))
    assert maintained.summary == "frameworks actively maintained"
    assert maintained.notes == [
        "actively maintained: judged on the date the answer gives (as_of), from release cycles and repositories"
    ]
    assert maintained.as_json()["statuses"] == ["maintained"]


def test_a_record_without_parts_is_what_the_graph_says() -> None:
    reading = Interpretation("tell me about flask", (), (), intent="record", frameworks=(FLASK,))
    assert reading.summary == "what the graph says about Flask"
    both = Interpretation("flask pros and cons", (), (), intent="record", frameworks=(FLASK,), parts=("pros", "cons"))
    assert both.summary == "pros and cons of Flask"


def test_each_question_about_release_cycles_is_said() -> None:
    def said(lifecycle: str | None, cycle: str | None = None) -> str | None:
        return Interpretation("q", (), (), "lifecycle", (DJANGO,), lifecycle=lifecycle, cycle=cycle).summary

    assert said("latest") == "the latest version of Django"
    assert said("end_of_life", "4.2") == "when Django 4.2 reaches its end of life (security support)"
    assert said("supported", "4.2") == "whether Django 4.2 is supported"
    assert said("supported") == "the supported versions of Django"
    assert said("lts") == "the long-term support (LTS) versions of Django"
    assert said("maintained") == "whether Django is actively maintained"
    assert said("cycles", "5") == "the release cycles of Django 5"
    assert said(None) == "the release cycles of Django"


def test_the_notes_say_who_a_comparison_left_out_and_words_close_to_several_names() -> None:
    reading = Interpretation(
        "flask vs django vs a vs b, flsk",
        (),
        (),
        intent="comparison",
        frameworks=(FLASK, DJANGO),
        unsure=(("flsk", ("Flask", "Flusk")),),
        left_out=("A", "B"),
    )
    assert reading.notes == [
        f"at most {MAX_COMPARED} frameworks are compared side by side: A and B left out",
        "'flsk' is close to Flask and Flusk: not read as any of them",
    ]


def test_one_phrase_read_as_two_alternatives_is_noted_with_both_meanings() -> None:
    micro = (
        Constraint("style", Term("style", ID + "microframework", "Microframework", ()), "micro", group=1),
        Constraint("classification", Term("classification", ID + "micro", "Micro", ()), "micro", group=1),
    )
    assert Interpretation("micro frameworks", micro, ()).notes == [
        "'micro' read as alternatives (classed as Microframework or classified micro by TechEmpower): "
        "a framework meeting any of them, ranked by how many it meets"
    ]


def test_words_not_understood_are_not_noted_when_nothing_was() -> None:
    assert Interpretation("xyzzy", (), ("xyzzy",), intent="nothing").notes == []


def test_the_api_describes_only_what_was_asked() -> None:
    plain = Interpretation("python frameworks", (Constraint("language", PYTHON, "python"),), ("please",))
    assert plain.as_json() == {
        "intent": "list",
        "constraints": [Constraint("language", PYTHON, "python").as_json()],
        "ignored": ["please"],
        "corrections": [],
        "notes": ["not understood: 'please'; the answer does not take it into account"],
        "summary": "frameworks for apps in Python",
    }
    ranked = Interpretation("fastest python frameworks", plain.constraints, (), rank_by=FASTEST, count=True)
    described = ranked.as_json()
    assert described["count"] is True
    assert described["rank_by"] == FASTEST.as_json()
    cycles = Interpretation("django 4.2 eol", (), (), "lifecycle", (DJANGO,), lifecycle="end_of_life", cycle="4.2")
    assert (cycles.as_json()["lifecycle"], cycles.as_json()["cycle"]) == ("end_of_life", "4.2")

"""Every claim of the article, as the graph records it, with its source section."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from service import vocab

ART = vocab.ARTICLE + "/"
FINGERPRINT = Path(__file__).parent / "data" / "article-shingles.txt"
NAMES = Path(__file__).parent / "data" / "article-names.txt"

# slug: (label, languages, (pro aspects), (con aspects), use cases) as the article states them
# in the framework's own section. Aspects of one pro are joined with "+"; pros and cons are
# listed one entry each, so two with the same aspects appear twice.
ARTICLE_FRAMEWORKS = (
    (
        "nodejs",
        "Node.js",
        {"javascript"},
        ("scalability", "ecosystem", "performance"),
        ("cpu-bound-work", "code-maintainability"),
        {"real-time", "chat-applications", "live-updates", "streaming-services", "microservices"},
    ),
    (
        "django",
        "Django",
        {"python"},
        ("security", "admin-interface", "scalability"),
        ("modularity", "learning-curve"),
        {"cms", "e-commerce", "social-platforms"},
    ),
    (
        "rails",
        "Ruby on Rails",
        {"ruby"},
        ("conventions", "ecosystem", "developer-productivity"),
        ("performance", "scalability"),
        {"startups", "mvps", "social-platforms", "e-commerce"},
    ),
    (
        "laravel",
        "Laravel",
        {"php"},
        ("learning-curve+syntax", "community-support", "ecosystem"),
        ("performance", "learning-curve"),
        {"content-websites", "custom-cms", "saas"},
    ),
    (
        "spring-boot",
        "Spring Boot",
        {"java"},
        ("scalability", "microservices-support", "ecosystem"),
        ("complexity+learning-curve", "configuration+learning-curve"),
        {"enterprise-applications", "microservices", "api-based-applications"},
    ),
    (
        "flask",
        "Flask",
        {"python"},
        ("flexibility+lightweight", "prototyping", "documentation"),
        ("built-in-features", "built-in-features"),
        {"apis", "prototypes", "mvps", "spas"},
    ),
    (
        "aspnet-core",
        "ASP.NET Core",
        set(),
        ("portability", "performance", "security"),
        ("learning-curve", "ecosystem"),
        {"enterprise-applications", "web-apis", "cloud-applications"},
    ),
    (
        "express",
        "Express.js",
        set(),
        ("development-speed+lightweight", "routing", "community-support"),
        ("built-in-features", "code-maintainability"),
        {"web-applications", "mobile-backends", "apis", "real-time", "spas"},
    ),
    (
        "fastapi",
        "FastAPI",
        {"python"},
        ("performance", "api-documentation", "developer-productivity+type-safety"),
        ("community-support+maturity", "built-in-features"),
        {"building-apis", "real-time", "data-driven-applications"},
    ),
    (
        "phoenix",
        "Phoenix",
        {"elixir"},
        ("concurrency", "real-time-support", "fault-tolerance"),
        (),
        {"real-time", "chat-applications", "live-updates", "notifications"},
    ),
)


def _slugs(rows: list[dict[str, str]], key: str) -> set[str]:
    return {vocab.slug_of(row[key]) or row[key] for row in rows}


def _assessments(select, slug: str, kind: str) -> list[str]:
    rows = select(
        f"""SELECT ?a (GROUP_CONCAT(?slug; separator="+") AS ?aspects) WHERE {{
          SELECT ?a ?slug WHERE {{
            GRAPH <{ART}{slug}> {{ id:{slug} sa:has{kind} ?a }}
            ?a sa:aspect ?aspect .
            BIND(STRAFTER(STR(?aspect), STR(id:)) AS ?slug)
          }} ORDER BY ?slug
        }} GROUP BY ?a"""
    )
    return sorted("+".join(sorted(row["aspects"].split("+"))) for row in rows)


@pytest.mark.parametrize(("slug", "label", "languages", "pros", "cons", "use_cases"), ARTICLE_FRAMEWORKS)
def test_framework_section(select, slug, label, languages, pros, cons, use_cases) -> None:
    section = f"<{ART}{slug}>"
    assert select(f"SELECT ?l WHERE {{ GRAPH {section} {{ id:{slug} rdfs:label ?l }} }}") == [{"l": label}]
    types = select(f"SELECT ?t WHERE {{ GRAPH {section} {{ id:{slug} a ?t }} }}")
    assert vocab.FRAMEWORK in {row["t"] for row in types}
    found_languages = select(f"SELECT ?x WHERE {{ GRAPH {section} {{ id:{slug} sa:language ?x }} }}")
    assert _slugs(found_languages, "x") == languages
    assert _assessments(select, slug, "Pro") == sorted(pros)
    assert _assessments(select, slug, "Con") == sorted(cons)
    found_uses = select(f"SELECT ?x WHERE {{ GRAPH {section} {{ id:{slug} sa:suitedFor ?x }} }}")
    assert _slugs(found_uses, "x") == use_cases


@pytest.mark.parametrize(("slug", "position"), [(row[0], n) for n, row in enumerate(ARTICLE_FRAMEWORKS, 1)])
def test_sections_keep_the_article_ranking(select, slug: str, position: int) -> None:
    rows = select(f"SELECT ?p ?src WHERE {{ ?s sa:about id:{slug} ; sa:position ?p ; dct:isPartOf ?src }}")
    assert rows == [{"p": str(position), "src": vocab.ARTICLE}]


def test_every_assessment_cites_the_section_whose_graph_holds_it(select) -> None:
    rows = select(
        """SELECT ?a ?g ?src WHERE {
             GRAPH ?g { ?f sa:hasAssessment ?a }
             ?a dct:source ?src .
           }"""
    )
    in_article = [row for row in rows if row["g"].startswith(ART)]
    assert len(in_article) == 50  # 48 in the framework sections, 2 in the conclusion
    assert all(row["g"] == row["src"] for row in rows)


def test_every_claim_about_a_framework_has_a_source(select) -> None:
    unsourced = select(
        """SELECT ?f ?p ?o WHERE {
             GRAPH ?g { ?f ?p ?o }
             ?f a sa:Framework .
             FILTER NOT EXISTS { ?g dct:isPartOf ?source . ?source a sa:Source }
           }"""
    )
    assert unsourced == []


def test_every_framework_is_recorded_as_the_article_or_curation_says(select) -> None:
    in_article = f'FILTER(STRSTARTS(STR(?g), "{ART}"))'
    rows = select(f"SELECT DISTINCT ?f WHERE {{ GRAPH ?g {{ ?f a sa:Framework }} {in_article} }}")
    assert _slugs(rows, "f") == {row[0] for row in ARTICLE_FRAMEWORKS} | {"nestjs"}


def test_node_is_a_runtime_and_one_of_the_choices(select) -> None:
    rows = select("SELECT ?t WHERE { id:nodejs a ?t FILTER(?t IN (sa:Runtime, sa:Framework)) }")
    assert _slugs(rows, "t") == {vocab.RUNTIME, vocab.FRAMEWORK}
    # The article ranks it among the frameworks; that it is a runtime is the curation's knowledge.
    stated = select("SELECT ?t ?g WHERE { GRAPH ?g { id:nodejs a ?t } FILTER(?t IN (sa:Runtime, sa:Framework)) }")
    assert {(vocab.slug_of(r["t"]) or r["t"], r["g"]) for r in stated} == {
        (vocab.FRAMEWORK, ART + "nodejs"),
        (vocab.RUNTIME, vocab.CURATION + "/facts"),
    }
    # Express runs on Node.js; nothing says its code is built on Node.js as on a framework.
    assert _slugs(select("SELECT ?x WHERE { id:express sa:runsOn ?x }"), "x") == {"nodejs"}
    assert _slugs(select("SELECT ?x WHERE { id:express sa:builtOn ?x }"), "x") == set()


@pytest.mark.parametrize(
    ("slug", "language", "section"),
    (
        ("express", "javascript", ART + "how-to-choose"),
        ("aspnet-core", "csharp", vocab.CURATION + "/facts"),
        ("nestjs", "typescript", vocab.CURATION + "/facts"),
    ),
)
def test_language_not_in_the_framework_section_says_where_it_comes_from(select, slug, language, section) -> None:
    # Among our own sources one section says it; the public datasets may say it too, each from a file of theirs.
    claim = f"GRAPH ?g {{ id:{slug} sa:language id:{language} }}"
    ours = select(f"SELECT ?g WHERE {{ {claim} FILTER NOT EXISTS {{ ?g a sa:SourceFile }} }}")
    assert ours == [{"g": section}]
    theirs = select(f"SELECT ?g WHERE {{ {claim} ?g a sa:SourceFile }}")
    assert all("/id/source/techempower/" in r["g"] or "/id/source/the-benchmarker/" in r["g"] for r in theirs)


# Synonyms that are ours, not the article's: they sit in the curation, never in an article graph.
OUR_SYNONYMS = (
    ("nodejs", "Node"),
    ("nodejs", "NodeJS"),
    ("nodejs", "Node JS"),
    ("rails", "Rails"),
    ("rails", "Ruby on Rails framework"),
    ("spring-boot", "SpringBoot"),
    ("aspnet-core", "ASP NET Core"),
    ("aspnet-core", "aspnet"),
    ("express", "ExpressJS"),
    ("fastapi", "Fast API"),
    ("phoenix", "Phoenix Framework"),
    ("nestjs", "Nest"),
    ("nestjs", "Nest.js"),
)


@pytest.mark.parametrize(("slug", "synonym"), OUR_SYNONYMS)
def test_our_synonyms_are_curation(select, slug: str, synonym: str) -> None:
    rows = select(f'SELECT ?g WHERE {{ GRAPH ?g {{ id:{slug} skos:altLabel "{synonym}"@en }} }}')
    assert rows == [{"g": vocab.CURATION + "/facts"}]


def test_names_in_the_article_graphs_are_the_articles_own(select) -> None:
    # Every label or synonym of a named thing in an article graph is a run of the article's words
    # (tests/data/article-names.txt holds hashes of its one- to three-word runs, not its text).
    article = set(NAMES.read_text().split())
    rows = select(
        f"""SELECT DISTINCT ?x ?name WHERE {{
             GRAPH ?g {{
               {{ ?x skos:altLabel|skos:hiddenLabel|skos:prefLabel ?name }}
               UNION
               {{ ?x rdfs:label ?name ; a ?type
                  FILTER(?type IN (sa:Framework, sa:Runtime, doap:Project, schema:Organization)) }}
             }}
             FILTER(STRSTARTS(STR(?g), "{ART}"))
           }}"""
    )
    assert len(rows) >= 14
    foreign = [(vocab.slug_of(row["x"]), row["name"]) for row in rows if name_hash(row["name"]) not in article]
    assert foreign == []


def test_names_of_other_things_are_not_synonyms(select) -> None:
    # "ASP.NET" is the older .NET Framework stack, "Spring" the Spring Framework; "BEAM" and
    # "Erlang VM" name the runtime, not the Elixir language.
    wrong = select(
        """SELECT ?x ?name WHERE {
             VALUES (?x ?name) { (id:aspnet-core "ASP.NET"@en) (id:spring-boot "Spring"@en)
                                 (id:elixir "BEAM"@en) (id:elixir "Erlang VM"@en) }
             ?x skos:altLabel ?name
           }"""
    )
    assert wrong == []
    assert select('SELECT ?x WHERE { ?x skos:altLabel "Spring"@en }') == [{"x": vocab.iri_for("spring-framework")}]


def test_phoenix_runs_on_beam_as_curation(select) -> None:
    beam = select("SELECT ?label ?l WHERE { id:beam a sa:Runtime ; rdfs:label ?label ; sa:language ?l }")
    assert beam == [{"label": "BEAM", "l": vocab.iri_for("elixir")}]
    assert select('SELECT ?x WHERE { ?x skos:altLabel "Erlang VM"@en }') == [{"x": vocab.iri_for("beam")}]
    rows = select("SELECT ?g WHERE { GRAPH ?g { id:phoenix sa:runsOn id:beam } }")
    # The curation says it, and so does Phoenix's own installation guide (a primary source); never the article.
    assert {row["g"] for row in rows} == {vocab.CURATION + "/facts", vocab.BASE + "source/primary/phoenix/installation"}


def test_general_knowledge_is_marked_as_curation_not_the_article(select) -> None:
    rows = select(
        """SELECT DISTINCT ?s ?p ?o WHERE {
             GRAPH ?g { ?s ?p ?o } ?g dct:isPartOf id:source\\/stackatlas-curation .
             FILTER(?s IN (id:aspnet-core, id:nestjs) && STRSTARTS(STR(?p), STR(sa:)))
           }"""
    )
    assert {(vocab.slug_of(r["s"]), vocab.compact(r["p"]), vocab.slug_of(r["o"])) for r in rows} == {
        ("aspnet-core", "sa:language", "csharp"),
        ("aspnet-core", "sa:runsOn", "dotnet"),
        ("nestjs", "sa:language", "typescript"),
        ("nestjs", "sa:runsOn", "nodejs"),
        ("nestjs", "sa:builtOn", "express"),
        ("nestjs", "sa:builtOn", "fastify"),
    }


@pytest.mark.parametrize(
    ("audience", "frameworks", "section"),
    (
        ("beginners", {"django", "flask"}, "faq"),
        ("security-conscious", {"django"}, "faq"),
        ("large-scale-projects", {"laravel", "django"}, "faq"),
        ("real-time-projects", {"nodejs"}, "faq"),
        ("rapid-development", {"django"}, "faq"),
        ("control-seekers", {"flask"}, "faq"),
        ("real-time-projects", {"nodejs", "express"}, "how-to-choose"),
        ("full-stack-projects", {"django", "rails"}, "how-to-choose"),
        ("javascript-teams", {"nodejs", "express"}, "how-to-choose"),
        ("python-teams", {"django", "flask"}, "how-to-choose"),
        ("large-scale-projects", {"spring-boot", "nestjs"}, "how-to-choose"),
        ("microservice-architectures", {"spring-boot", "nestjs"}, "how-to-choose"),
        ("security-conscious", {"django", "laravel", "aspnet-core"}, "how-to-choose"),
    ),
)
def test_recommendations(select, audience: str, frameworks: set[str], section: str) -> None:
    rows = select(f"SELECT ?f WHERE {{ GRAPH <{ART}{section}> {{ ?f sa:recommendedFor id:{audience} }} }}")
    assert _slugs(rows, "f") == frameworks


def test_contradiction_on_django_and_beginners_is_kept_with_both_sources(select) -> None:
    rows = select(
        """SELECT ?con ?rec WHERE {
             GRAPH ?con { id:django sa:hasCon ?c . } ?c sa:aspect id:learning-curve .
             GRAPH ?rec { id:django sa:recommendedFor id:beginners }
           }"""
    )
    assert rows == [{"con": ART + "django", "rec": ART + "faq"}]


def test_phoenix_missing_parts_are_not_invented(select) -> None:
    assert select("SELECT ?c WHERE { id:phoenix sa:hasCon ?c }") == []


def test_apis_use_case_reaches_its_narrower_use_cases(select) -> None:
    rows = select(
        """SELECT DISTINCT ?f WHERE {
             GRAPH ?g { ?f sa:suitedFor ?use } ?use skos:broaderTransitive? id:apis .
             ?g dct:isPartOf id:source\\/top-backend-frameworks-2025 .
           }"""
    )
    assert _slugs(rows, "f") == {"flask", "fastapi", "express", "spring-boot", "aspnet-core"}


def test_real_time_covers_chat_and_live_updates(select) -> None:
    rows = select("SELECT ?u WHERE { ?u skos:broader id:real-time }")
    assert {"chat-applications", "live-updates"} <= _slugs(rows, "u")


def test_aspect_query_finds_frameworks_whose_con_is_the_learning_curve(select) -> None:
    rows = select(
        """SELECT DISTINCT ?f ?source WHERE {
             ?f sa:hasCon ?con . ?con sa:aspect id:learning-curve ; dct:source/dct:isPartOf ?source .
           }"""
    )
    by_source: dict[str, set[str]] = {}
    for row in rows:
        by_source.setdefault(row["source"], set()).add(row["f"].rsplit("/", 1)[1])
    assert by_source.keys() == {vocab.ARTICLE, vocab.CURATION}
    assert by_source[vocab.ARTICLE] == {"django", "laravel", "spring-boot", "aspnet-core"}
    assert by_source[vocab.CURATION] >= {"actix-web", "axum"}  # widely held opinions, kept apart


def test_every_curated_framework_has_a_widely_held_con(select) -> None:
    # The curation's opinions are not one-sided: each framework it covers has a con as well.
    opinions = vocab.CURATION + "/opinions"
    rows = select(
        f"""SELECT ?f (COUNT(DISTINCT ?con) AS ?n) WHERE {{
              GRAPH <{opinions}> {{ ?f sa:suitedFor ?use }}
              OPTIONAL {{ GRAPH <{opinions}> {{ ?f sa:hasCon ?con }} ?con dct:source <{opinions}> }}
            }} GROUP BY ?f"""
    )
    assert len(rows) >= 36
    assert [vocab.slug_of(row["f"]) for row in rows if row["n"] == "0"] == []
    # and none of the article's frameworks is given opinions there
    assert not {vocab.slug_of(row["f"]) for row in rows} & {row[0] for row in ARTICLE_FRAMEWORKS}


def shingles(text: str, size: int = 6) -> set[str]:
    """Return hashes of every run of `size` words (lower case, punctuation dropped)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    runs = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
    return {hashlib.sha256(run.encode()).hexdigest()[:16] for run in runs}


def _words(text: str) -> list[str]:
    # Lower case, the punctuation around a word and a possessive dropped, inner punctuation kept
    # ("Node.js" is not "Node JS").
    words = [
        re.sub(r"[\u2019']s$", "", word.strip(".,;:!?()[]\"\u201c\u201d\u2018\u2019'")) for word in text.lower().split()
    ]
    return [word for word in words if word]


def _hash(run: str) -> str:
    return hashlib.sha256(run.encode()).hexdigest()[:16]


def names(text: str, longest: int = 3) -> set[str]:
    """Return hashes of every run of one to `longest` words of `text`."""
    words = _words(text)
    return {_hash(" ".join(words[i : i + n])) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def name_hash(name: str) -> str:
    """Return the hash that `names` gives a name used in the text."""
    return _hash(" ".join(_words(name)))


def test_no_description_copies_six_words_in_a_row_from_the_article(select) -> None:
    # The fingerprint holds hashes of the article's six-word runs, not its text
    # (tests/data/make_fingerprint.py regenerates it from the article).
    article = set(FINGERPRINT.read_text().split())
    assert len(article) > 1500
    texts = select(
        """SELECT ?t WHERE { { ?x dct:description ?t } UNION { ?x rdfs:comment ?t }
                            UNION { ?x rdfs:label ?t } }"""
    )
    copied = [row["t"] for row in texts if shingles(row["t"]) & article]
    assert copied == []

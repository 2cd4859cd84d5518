"""The reviewed tables: every row names something in its snapshot, and the known traps stay apart."""

from __future__ import annotations

import csv
import json
import tarfile
from collections import defaultdict
from functools import cache
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import yaml
from importers_support import BENCHMARKER_ARCHIVE, DATA, TABLES, TECHEMPOWER_ARCHIVE, require_snapshots

HAND_WRITTEN = ("article", "curation", "frameworks", "vocabulary", "sources", "landscape")
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")


@cache
def files(archive) -> dict[str, bytes]:
    require_snapshots()
    with tarfile.open(archive, "r:gz") as tar:
        return {
            m.name.removeprefix("./"): tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isfile()
        }


@cache
def crosswalk(name: str) -> dict[str, str]:
    with (TABLES / f"{name}.csv").open(newline="", encoding="utf-8") as file:
        return {row["identifier"]: row["iri"] for row in csv.DictReader(file)}


def test_every_techempower_identifier_is_in_the_snapshot() -> None:
    snapshot = files(TECHEMPOWER_ARCHIVE)
    missing = []
    for identifier in crosswalk("techempower"):
        folder, _, test = identifier.partition("#")
        path = f"frameworks/{folder}/benchmark_config.json"
        tests = {name for group in json.loads(snapshot[path])["tests"] for name in group} if path in snapshot else set()
        if path not in snapshot or (test and test not in tests):
            missing.append(identifier)
    assert not missing, f"crosswalk rows naming nothing in the snapshot: {missing}"


def test_every_benchmarker_identifier_is_in_the_snapshot() -> None:
    snapshot = files(BENCHMARKER_ARCHIVE)
    missing = [i for i in crosswalk("benchmarker") if f"{i}/config.yaml" not in snapshot]
    assert not missing, f"crosswalk rows naming nothing in the snapshot: {missing}"


def iri(source: str, identifier: str) -> str:
    return crosswalk("techempower" if source == "te" else "benchmarker")[identifier]


def test_express_and_its_lookalikes_stay_apart() -> None:
    found = [
        iri("te", "JavaScript/express"),
        iri("te", "JavaScript/ultimate-express"),
        iri("te", "JavaScript/hyperexpress"),
        iri("te", "Java/restexpress"),
    ]
    assert len(set(found)) == 4, found
    assert iri("te", "JavaScript/express") == "express"
    assert iri("tb", "javascript/express") == "express"
    assert iri("tb", "javascript/ultimate-express") == iri("te", "JavaScript/ultimate-express") != "express"


def test_rails_is_not_grails() -> None:
    assert iri("te", "Ruby/rails") == iri("tb", "ruby/rails") == "rails"
    assert iri("te", "Groovy/grails") == "grails"


@pytest.mark.parametrize(
    ("source", "identifier", "expected"),
    [
        ("te", "Java/play2-java", "play-framework"),
        ("te", "Scala/play2-scala", "play-framework"),
        ("te", "PHP/slim", "slim-php"),
        ("tb", "php/slim", "slim-php"),
        ("tb", "java/spring", "spring-boot"),
        ("te", "Rust/actix", "actix-web"),
        ("te", "Rust/actix#http", "actix-http"),
        ("te", "Rust/actix#server", "actix-server"),
        ("te", "CSharp/aspnetcore", "aspnet-core"),
        ("te", "CSharp/aspnetcore-mono", "aspnet-core"),
        ("te", "VB/aspnetcore", "aspnet-core"),
        ("tb", "csharp/aspnet-mvc", "aspnet-core"),
        ("tb", "csharp/aspnet-minimal-api", "aspnet-core"),
        ("tb", "elixir/phoenix_bandit", "phoenix"),
        ("tb", "elixir/phoenix_cowboy", "phoenix"),
        ("te", "Elixir/phoenix", "phoenix"),
    ],
)
def test_the_same_framework_under_different_names(source: str, identifier: str, expected: str) -> None:
    assert iri(source, identifier) == expected


def test_spring_of_both_benchmarks_is_one_framework_and_webflux_another() -> None:
    # Both folders are Spring Boot applications (spring-boot-starter-parent and spring-boot-starter-web
    # in their pom.xml at the pinned commits; the crosswalk notes say so): one framework, Spring Boot.
    assert iri("te", "Java/spring") == iri("tb", "java/spring") == "spring-boot"
    assert iri("te", "Java/spring-webflux") != "spring-boot"
    assert iri("te", "Java/spring") != iri("te", "Java/spring-webflux")
    website = yaml.load(files(BENCHMARKER_ARCHIVE)["java/spring/config.yaml"], Loader=yaml.BaseLoader)
    assert "spring-boot" in website["framework"]["website"]
    readme = files(TECHEMPOWER_ARCHIVE)["frameworks/Java/spring/README.md"].decode()
    assert "Spring-Boot" in readme


def test_homonyms_stay_apart() -> None:
    assert iri("te", "Haskell/warp") != iri("tb", "rust/warp")
    assert iri("te", "Scala/blaze") != iri("tb", "javascript/blaze-bun")


def benchmarker_homepages() -> dict[str, tuple[str, str]]:
    """Each the-benchmarker entry's website host (www. left out) and its GitHub repository, as config.yaml says."""
    found = {}
    for identifier in crosswalk("benchmarker"):
        document = yaml.load(files(BENCHMARKER_ARCHIVE)[f"{identifier}/config.yaml"], Loader=yaml.BaseLoader)
        framework = document.get("framework") or {}
        website = str(framework.get("website") or "").strip()
        host = (urlsplit(website if "://" in website else "https://" + website).hostname or "") if website else ""
        found[identifier] = (host.removeprefix("www."), str(framework.get("github") or "").lower())
    return found


# Entries that share an IRI although their homepages differ, each with the reason it is right.
SAME_FRAMEWORK_ELSEWHERE = {
    "php/laravel-s-laravel": (
        "LaravelS (hhxsv5/laravel-s) serves a Laravel application on Swoole: the framework is Laravel"
    ),
    "php/laravel-s-lumen": "LaravelS (hhxsv5/laravel-s) serves a Lumen application on Swoole: the framework is Lumen",
}


def offending_pairs(key) -> list[tuple[str, str, str, str, str]]:
    by_iri: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for identifier, homepage in benchmarker_homepages().items():
        if key(homepage) and identifier not in SAME_FRAMEWORK_ELSEWHERE:
            by_iri[crosswalk("benchmarker")[identifier]].append((identifier, key(homepage)))
    return [
        (slug, a, ha, b, hb)
        for slug, entries in sorted(by_iri.items())
        for i, (a, ha) in enumerate(entries)
        for b, hb in entries[i + 1 :]
        if ha != hb
    ]


def test_benchmarker_entries_with_different_website_hosts_map_apart() -> None:
    pairs = offending_pairs(lambda homepage: homepage[0])
    for pair in pairs:
        print("one IRI {} for {} ({}) and {} ({})".format(*pair))
    assert not pairs, f"allow-list these in SAME_FRAMEWORK_ELSEWHERE with a reason, or map them apart: {pairs}"


def test_benchmarker_entries_with_different_homepages_map_apart() -> None:
    # An entry without a website is known by its GitHub repository.
    pairs = offending_pairs(lambda homepage: homepage[0] or "github.com/" + homepage[1] if any(homepage) else "")
    for pair in pairs:
        print("one IRI {} for {} ({}) and {} ({})".format(*pair))
    assert not pairs, f"allow-list these in SAME_FRAMEWORK_ELSEWHERE with a reason, or map them apart: {pairs}"


def test_every_new_name_is_used_by_a_crosswalk_row() -> None:
    with (TABLES / "names.csv").open(newline="", encoding="utf-8") as file:
        names = {row["iri"] for row in csv.DictReader(file)}
    used = set(crosswalk("techempower").values()) | set(crosswalk("benchmarker").values())
    assert not names - used, f"names.csv labels IRIs no crosswalk row uses: {sorted(names - used)}"


def test_no_new_name_is_already_labelled_by_hand() -> None:
    with (TABLES / "names.csv").open(newline="", encoding="utf-8") as file:
        names = {"https://w3id.org/stackatlas/id/" + row["iri"] for row in csv.DictReader(file)}
    labelled = set()
    for name in HAND_WRITTEN:
        for quad in ox.parse(path=DATA / f"{name}.trig", format=ox.RdfFormat.TRIG):
            if quad.predicate.value in LABELS and isinstance(quad.subject, ox.NamedNode):
                labelled.add(quad.subject.value)
    assert not names & labelled, f"names.csv labels IRIs the hand-written files label: {sorted(names & labelled)}"


def reviewed(name: str, key: str) -> dict[str, tuple[str, str]]:
    with (TABLES / f"{name}.csv").open(newline="", encoding="utf-8") as file:
        return {row[key]: (row["slug"], row["note"]) for row in csv.DictReader(file)}


@pytest.mark.parametrize(
    ("product", "slug"),
    [
        ("ruby-on-rails", "rails"),
        ("phoenix-framework", "phoenix"),
        ("quarkus-framework", "quarkus"),
        ("spring-boot", "spring-boot"),
        ("eclipse-jetty", "jetty"),
        ("ghc", "haskell"),
        ("dotnet", "dotnet"),
    ],
)
def test_endoflife_products_named_otherwise_than_our_slugs(product: str, slug: str) -> None:
    assert reviewed("endoflife", "product")[product][0] == slug


def test_dotnet_is_the_runtime_and_the_note_says_what_it_means_for_aspnet_core() -> None:
    rows = reviewed("endoflife", "product")
    assert "aspnet-core" not in {slug for slug, _note in rows.values()}
    assert "ASP.NET Core" in rows["dotnet"][1] and "runs on" in rows["dotnet"][1]


def test_survey_front_end_answers_map_to_nothing_with_a_reason() -> None:
    rows = reviewed("survey", "framework")
    for answer in ("React", "Angular", "Vue", "Svelte", "Astro", "Htmx", "Blazor", "Drupal", "WordPress"):
        slug, note = rows[answer]
        assert not slug and note, answer
    assert rows["ASP.NET"][0] == "aspnet-core" and "ASP.NET Core" in rows["ASP.NET"][1]

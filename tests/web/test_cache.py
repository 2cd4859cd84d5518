"""web/cache.py: the answer caches are bounded in bytes; a flood of distinct big answers cannot grow a worker."""

from __future__ import annotations

import pytest

from service import create_app
from service.web.cache import SharedLRU


def weigh(key: str, value: bytes) -> int:
    return len(key) + len(value)


def test_values_are_dropped_once_their_bytes_pass_the_bound() -> None:
    cache = SharedLRU[str, bytes](10_000, weigh)
    for number in range(50):
        cache.put(f"k{number}", b"x" * 900)
    assert cache.bytes_used <= 10_000
    assert cache.get("k49") == b"x" * 900
    assert cache.get("k0") is None


def test_a_value_too_big_for_its_share_is_not_kept() -> None:
    cache = SharedLRU[str, bytes](10_000, weigh)
    cache.put("small", b"x" * 10)
    cache.put("big", b"x" * 1_500)  # over a tenth of the cache
    assert cache.get("big") is None
    assert cache.get("small") == b"x" * 10


def test_a_cache_of_no_bytes_keeps_nothing() -> None:
    cache = SharedLRU[str, bytes](0, weigh)
    cache.put("a", b"")
    assert cache.get("a") is None


@pytest.fixture(scope="module")
def small_cache_app():
    return create_app({"TESTING": True, "CACHE_MB": 1})


def test_distinct_big_answers_keep_the_caches_within_cache_mb(small_cache_app) -> None:
    client = small_cache_app.test_client()
    for number in range(60):  # each answer is ~37 KB (under a tenth of a cache); 60 of them are 2.2 MB
        query = f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 150 # {number}"
        assert client.get("/sparql", query_string={"query": query}).status_code == 200
        assert client.post("/sparql", data={"query": query + " post"}).status_code == 200
    responses = small_cache_app.wsgi_app.kept
    answers = small_cache_app.extensions["stackatlas.sparql_cache"]
    assert 0 < responses.bytes_used <= 2**19
    assert 0 < answers.bytes_used <= 2**19

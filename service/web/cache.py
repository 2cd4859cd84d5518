"""A least-recently-used map bounded in bytes, shared by the threads of a worker (cachetools, plus a lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")

# A value may take at most this share of the cache: one huge answer must not evict all the others.
LARGEST_SHARE = 0.1


class SharedLRU(Generic[Key, Value]):
    """Keep values up to `max_bytes` in all, as weighed by `weigh`, dropping the least recently used."""

    def __init__(self, max_bytes: int, weigh: Callable[[Key, Value], int]):
        self.max_bytes = max(0, max_bytes)
        self._weigh = weigh
        # Each entry is (weight, value), so the cache counts what the key costs too (a query text can be large).
        self._items: LRUCache[Key, tuple[int, Value]] = LRUCache(max(self.max_bytes, 1), getsizeof=_first)
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe on their own

    def get(self, key: Key) -> Value | None:
        """Return the kept value, or None."""
        with self._lock:
            entry = self._items.get(key)
        return None if entry is None else entry[1]

    def put(self, key: Key, value: Value) -> None:
        """Keep a value, unless it is too big for its share of the cache."""
        weight = self._weigh(key, value)
        if weight > self.max_bytes * LARGEST_SHARE:
            return
        with self._lock:
            self._items[key] = (weight, value)

    @property
    def bytes_used(self) -> int:
        """Return the weight of what is kept."""
        with self._lock:
            return int(self._items.currsize)


def _first(entry: tuple[int, object]) -> int:
    return entry[0]

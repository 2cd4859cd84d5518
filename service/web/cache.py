"""A least-recently-used map shared by the threads of a worker (cachetools, plus a lock)."""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class SharedLRU(Generic[Key, Value]):
    """Keep up to `size` values, dropping the least recently used; a size of 0 keeps nothing."""

    def __init__(self, size: int):
        self._items: LRUCache[Key, Value] = LRUCache(max(size, 1))
        self._enabled = size > 0
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe on their own

    def get(self, key: Key) -> Value | None:
        """Return the kept value, or None."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: Key, value: Value) -> None:
        """Keep a value."""
        if self._enabled:
            with self._lock:
                self._items[key] = value

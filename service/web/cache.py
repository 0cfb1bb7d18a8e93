"""A small thread-safe LRU cache of serialised responses, bounded by entries and bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict


class ResponseCache:
    """Maps a key to (value, size); evicts the least recently used past either bound."""

    def __init__(self, max_entries: int = 1024, max_bytes: int = 32 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.items: OrderedDict = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.items.get(key)
            if item is None:
                return None
            self.items.move_to_end(key)
            return item[0]

    def put(self, key, value, size: int) -> None:
        if self.max_entries <= 0 or size > self.max_bytes:
            return
        with self.lock:
            if key in self.items:
                self.size -= self.items.pop(key)[1]
            self.items[key] = (value, size)
            self.size += size
            while len(self.items) > self.max_entries or self.size > self.max_bytes:
                _, (_, dropped) = self.items.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self.items)

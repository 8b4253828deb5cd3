"""Search history, as a shell keeps it: ↑ recalls older searches, ↓ newer ones, and going
past the newest brings back what was being typed. Pure logic, no Textual; bounded."""

from __future__ import annotations

from collections.abc import Iterable

LIMIT = 50


class SearchHistory:
    """Past searches, oldest first, without repeats, at most ``limit`` of them."""

    def __init__(self, entries: Iterable[str] = (), limit: int = LIMIT) -> None:
        self.limit = limit
        self.entries: list[str] = []
        for entry in entries:
            self.add(entry)
        self._at: int | None = None  # the entry shown, while browsing
        self._draft = ""

    def add(self, query: str) -> None:
        """Remember a search (the newest; an earlier copy of it is dropped)."""
        query = query.strip()
        self._at = None
        if not query:
            return
        if query in self.entries:
            self.entries.remove(query)
        self.entries.append(query)
        del self.entries[: -self.limit]

    def older(self, current: str) -> str | None:
        """The search before the one shown (↑), or None at the oldest."""
        if not self.entries:
            return None
        if self._at is None:
            self._draft = current
            self._at = len(self.entries)
        if self._at == 0:
            return None
        self._at -= 1
        return self.entries[self._at]

    def newer(self) -> str | None:
        """The search after the one shown (↓); past the newest, the draft; None if not
        browsing."""
        if self._at is None:
            return None
        self._at += 1
        if self._at >= len(self.entries):
            self._at = None
            return self._draft
        return self.entries[self._at]

    def stop_browsing(self) -> None:
        self._at = None

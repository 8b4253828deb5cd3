"""Validated sources: URL texts as they are, objects as :class:`~mongolia_tui.model.Source`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mongolia_tui.model import Source


def source_of(item: Any) -> Source:
    """One validated source: a text, or an object with a ``url`` (and title, language,
    read_via)."""
    if type(item) is str:
        return Source(item)
    return Source(
        item["url"], item.get("title", ""), item.get("language", ""), item.get("read_via", "")
    )


def sources_of(items: Sequence[Any]) -> tuple[str, ...]:
    """Validated sources: a bare URL stays a ``str``, an object becomes a :class:`Source`.
    Most records cite only URLs: their tuple is made in one call."""
    if dict not in set(map(type, items)):
        return tuple(items)
    return tuple(item if type(item) is str else source_of(item) for item in items)

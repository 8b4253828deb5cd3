"""Validated sources (URL texts or source objects) as :class:`~mongolia_tui.model.Source`."""

from __future__ import annotations

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


def sources_of(items: list[Any], made: dict[str, Source]) -> tuple[Source, ...]:
    """Validated sources; ``made``: the text sources already made, reused (stores cite the
    same pages again and again)."""
    found = []
    for item in items:
        if type(item) is str:
            source = made.get(item)
            if source is None:
                source = made[item] = Source(item)
            found.append(source)
        else:
            found.append(source_of(item))
    return tuple(found)

"""Filter and sort the organisations list (pure logic, no Textual)."""

from __future__ import annotations

from collections.abc import Sequence

from mongolia_tui.model import Organisation
from mongolia_tui.search import matches, normalise, query_terms

ORG_SORT_KEYS = ("abbreviation", "name", "status", "notes")


def organisation_rows(
    organisations: Sequence[Organisation], query: str, column: str, descending: bool
) -> list[int]:
    """Indices of the organisations matching a search, sorted by a column (stable)."""
    terms = query_terms(query)
    rows = [
        i
        for i, o in enumerate(organisations)
        if not terms or matches(normalise(f"{o.abbreviation}\x1f{o.name}\x1f{o.notes}"), terms)
    ]
    if column not in ORG_SORT_KEYS:
        raise ValueError(f"unknown organisation column {column!r}")
    if column == "notes":
        with_notes = [i for i in rows if organisations[i].notes]
        without = [i for i in rows if not organisations[i].notes]
        return (with_notes[::-1] if descending else with_notes) + without
    return sorted(
        rows, key=lambda i: getattr(organisations[i], column).casefold(), reverse=descending
    )

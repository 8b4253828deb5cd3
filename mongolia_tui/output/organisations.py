"""Organisations as a table, CSV, JSON or Markdown: ``organisations`` and the export."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mongolia_tui.model import Organisation
from mongolia_tui.output.writer import TextColumn, csv_text, json_text, markdown, table, unsupported

#: Columns of the table format and Markdown. On a narrow terminal notes, then names are
#: clipped; then the Notes and Status columns go.
TABLE_COLUMNS = (
    TextColumn("Abbr"),
    TextColumn("Organisation", shrink=2, least=12),
    TextColumn("Status", drop=2),
    TextColumn("Notes", shrink=1, least=10, drop=1),
)
CSV_HEADER = ("abbreviation", "name", "status", "notes", "sources")


def record(organisation: Organisation) -> dict[str, Any]:
    """An organisation as a plain mapping: the store's fields."""
    return {
        "abbreviation": organisation.abbreviation,
        "name": organisation.name,
        "status": organisation.status,
        "notes": organisation.notes,
        "sources": list(organisation.sources),
    }


def _cells(organisation: Organisation) -> tuple[str, str, str, str]:
    o = organisation
    return (o.abbreviation, o.name, o.status, o.notes)


def render(organisations: Sequence[Organisation], fmt: str, *, width: int | None = None) -> str:
    """Organisations in one of the :data:`~mongolia_tui.output.writer.FORMATS`, in the order
    given; ``width`` limits the table's lines."""
    if fmt == "json":
        return json_text([record(o) for o in organisations])
    if fmt == "csv":
        return csv_text(CSV_HEADER, ((*_cells(o), " ".join(o.sources)) for o in organisations))
    if fmt == "markdown":
        return markdown([c.label for c in TABLE_COLUMNS], map(_cells, organisations))
    if fmt == "table":
        return table(TABLE_COLUMNS, map(_cells, organisations), width=width)
    raise unsupported(fmt)

"""The table's columns and the text of each cell: what a row of the browser says.

Pure logic, no Textual: the table widget is handed these columns and a function that maps an
item to its cells by column key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from mongolia_tui.dates import age_in_years
from mongolia_tui.model import REGION_SHORT, Organisation, Relation
from mongolia_tui.views import ALL, date_mark, has_note


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: ``width`` 0 means it shares the space left over."""

    key: str
    label: str
    width: int = 0
    align: str = "left"
    #: Whether search matches are highlighted in this column's cells.
    highlight: bool = False
    #: Columns with a drop order are hidden, lowest first, when the flexible columns get too narrow.
    drop: int | None = None


RELATION_COLUMNS: tuple[Column, ...] = (
    Column("order", "#", 4, "right"),
    Column("name", "Country", 0, highlight=True),
    Column("region", "Region", 18, drop=1),
    # 18: the longest date, "26 September 1956", and the uncertain-date mark after it.
    Column("established", "Established", 18, highlight=True),
    Column("age", "Years", 5, "right", drop=2),
    Column("notes", "Note", 4, drop=3),
)
ORG_COLUMNS: tuple[Column, ...] = (
    Column("abbreviation", "Abbr", 9, highlight=True),
    Column("name", "Organisation", 0, highlight=True),
    Column("status", "Status", 8, drop=2),
    Column("notes", "Note", 4, drop=1),
)


def partner_columns(tab: str, numbered: int) -> tuple[Column, ...]:
    """The partner columns of a tab: a region tab has no Region column; "#" is wide enough
    for the largest rank, so it is never clipped in a large store."""
    rank_width = max(4, len(str(numbered)) + 1)
    columns = (replace(c, width=rank_width) if c.key == "order" else c for c in RELATION_COLUMNS)
    return tuple(c for c in columns if tab == ALL or c.key != "region")


def relation_cells(relation: Relation, today: date, names: str = "en") -> dict[str, str]:
    """A partner's cells, by column key; ``names="mn"`` shows the Mongolian name where known."""
    return {
        "order": str(relation.order) if relation.order is not None else "—",
        "name": relation.shown_name(names),
        "region": REGION_SHORT.get(relation.region, relation.region),
        "established": relation.established_text + date_mark(relation),
        "age": age_in_years(relation.established, today) if relation.has_relations else "",
        "notes": "✎" if has_note(relation) else "",
    }


def organisation_cells(organisation: Organisation) -> dict[str, str]:
    """An organisation's cells, by column key."""
    return {
        "abbreviation": organisation.abbreviation,
        "name": organisation.name,
        "status": organisation.status,
        "notes": "✎" if organisation.notes else "",
    }

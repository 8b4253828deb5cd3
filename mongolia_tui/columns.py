"""The table's columns and the text of each cell: what a row of the browser says.

Pure logic, no Textual: the table widget is handed these columns and a function that maps an
item to its cells by column key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from mongolia_tui.dates import age_in_years
from mongolia_tui.filters import date_mark, has_note
from mongolia_tui.model import REGION_SHORT, Organisation, Partner
from mongolia_tui.output.width import cell_width
from mongolia_tui.views import ALL


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
    #: A column that can shrink: narrower widths, narrowest first, each with the key of the
    #: cells it then shows (shorter texts); it grows to ``width`` when there is room.
    narrower: tuple[tuple[int, str], ...] = ()
    #: For a flexible column: the width its longest cell needs (0: unknown). Space beyond
    #: it goes first to the columns that can grow, never to blank cells.
    need: int = 0

    @property
    def least(self) -> int:
        """The narrowest this column is drawn (0 for a flexible one)."""
        return self.narrower[0][0] if self.narrower else self.width


#: Region names for a narrow Region column (and the tab bar at 80 columns).
REGION_TINY: dict[str, str] = {
    "Africa": "Africa",
    "Americas": "Americas",
    "East Asia": "E Asia",
    "South East Asia": "SE Asia",
    "South Asia": "S Asia",
    "Russia, Central Asia and West Asia": "Rus/CW",
    "Europe": "Europe",
    "Oceania": "Oceania",
}


PARTNER_COLUMNS: tuple[Column, ...] = (
    Column("rank", "#", 4, "right"),
    Column("name", "Country", 0, highlight=True),
    Column(
        "region",
        "Region",
        max(map(len, REGION_SHORT)),
        drop=1,
        narrower=(
            (max(map(len, REGION_TINY.values())), "region_tiny"),
            (max(map(len, REGION_SHORT.values())), "region_short"),
        ),
    ),
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


def name_width(names: Sequence[str]) -> int:
    """How wide the Country column needs to be: wide enough for all but the longest 2% of
    names (those few are clipped rather than leave blank cells beside every other row)."""
    widths = sorted(cell_width(name) for name in names)
    return widths[min(len(widths) - 1, len(widths) * 98 // 100)] if widths else 0


def partner_columns(tab: str, ranked_count: int, name_width: int = 0) -> tuple[Column, ...]:
    """The partner columns of a tab: a region tab has no Region column; "#" is wide enough
    for the largest rank, so it is never clipped in a large store; Country needs
    ``name_width`` cells (the longest name), what is left goes to the others."""
    rank_width = max(4, len(str(ranked_count)) + 1)

    def sized(column: Column) -> Column:
        if column.key == "rank":
            return replace(column, width=rank_width)
        if column.key == "name":
            return replace(column, need=name_width)
        return column

    return tuple(sized(c) for c in PARTNER_COLUMNS if tab == ALL or c.key != "region")


def partner_cells(partner: Partner, today: date, names: str = "en") -> dict[str, str]:
    """A partner's cells, by column key; ``names="mn"`` shows the Mongolian name where known."""
    return {
        "rank": str(partner.rank) if partner.rank is not None else "—",
        "name": partner.shown_name(names),
        "region": partner.region,
        "region_short": REGION_SHORT.get(partner.region, partner.region),
        "region_tiny": REGION_TINY.get(partner.region, partner.region),
        "established": partner.established_text + date_mark(partner),
        "age": age_in_years(partner.established, today) if partner.has_relations else "",
        "notes": "✎" if has_note(partner) else "",
    }


def organisation_cells(organisation: Organisation) -> dict[str, str]:
    """An organisation's cells, by column key."""
    return {
        "abbreviation": organisation.abbreviation,
        "name": organisation.name,
        "status": organisation.status,
        "notes": "✎" if organisation.notes else "",
    }

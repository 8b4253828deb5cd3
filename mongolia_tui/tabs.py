"""The browser's tabs and sorts: the tabs in order with their number keys, the sort columns'
labels, and a sort (column and direction).

Pure logic, no Textual: the state, the tab bar, the palette and the remembered state share them.
"""

from __future__ import annotations

from dataclasses import dataclass

from mongolia_tui.model import REGIONS
from mongolia_tui.views import ALL, SORT_COLUMNS

ORGANISATIONS = "Organisations"
#: Every tab, in the order of the tab bar and of the number keys 1..9, 0.
TABS: tuple[str, ...] = (ALL, *REGIONS, ORGANISATIONS)
SORT_LABELS = {c.key: c.label for c in SORT_COLUMNS}
ORG_SORT_LABELS = {
    "abbreviation": "Abbr",
    "name": "Organisation",
    "status": "Status",
    "notes": "Note",
}


@dataclass(frozen=True, slots=True)
class Sort:
    """A sort: a column's key and its direction."""

    column: str
    descending: bool = False


def hotkey(tab: str) -> str:
    """The number key of a tab: 1..9, then 0."""
    return str((TABS.index(tab) + 1) % 10)

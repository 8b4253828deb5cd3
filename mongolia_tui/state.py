"""What the browser shows, kept in one place: tab, search, filters, sort, the highlighted row.

Pure logic, no Textual. The app changes the state only through its methods (one per thing a
user does) and then renders it. The state remembers *which* partner is highlighted, never a
row position: positions are derived from the rows of the moment, so a burst of keystrokes
that replaces the rows can never leave a stale position behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mongolia_tui.filters import FILTER_KEYS, FILTERS, MARKED
from mongolia_tui.model import REGION_SHORT, REGIONS, Catalogue
from mongolia_tui.organisations import ORG_SORT_KEYS, organisation_rows
from mongolia_tui.tabs import ORG_SORT_LABELS, ORGANISATIONS, SORT_LABELS, TABS, Sort, hotkey
from mongolia_tui.views import ALL, SORT_KEYS, PartnerIndex

if TYPE_CHECKING:
    from mongolia_tui.stats import YearRange


class BrowserState:
    """The browser's state; every change goes through a method, positions are derived."""

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        tab: str = ALL,
        selected: int | None = None,
        names: str = "en",
    ) -> None:
        """``selected``: the partner (index into ``catalogue.partners``) to open at;
        ``names``: the partners' names the table shows, "en" or "mn" (Mongolian, where known)."""
        if tab not in TABS:
            raise ValueError(f"unknown tab {tab!r}")
        self.catalogue = catalogue
        self.names = names
        self.index = PartnerIndex(catalogue.partners, catalogue.chronological,
                                   catalogue.missions, names, close=True)  # fmt: skip
        self.tab = tab
        self.query = ""
        self.filters: frozenset[str] = frozenset()
        self.years: YearRange | None = None
        self.partner_sort = Sort("rank")
        self.org_sort = Sort("abbreviation")
        self.notes_shown = True
        #: The partners the user marked (``m``), for the "marked" filter and the star.
        self.marks: frozenset[int] = frozenset()
        #: The highlighted partner and organisation (indices into the catalogue), or None.
        self.partner: int | None = selected
        self.organisation: int | None = None
        self._rows_key: tuple[object, ...] | None = None
        self._rows: list[int] = []
        self._counts_key: tuple[object, ...] | None = None
        self._counts: dict[str, int] = {}
        # Where the highlighted row was last found; checked before it is trusted.
        self._position: int | None = None
        rows = self.rows
        if self.partner is None and self.on_partners and rows:
            self.partner = rows[0]
        if self.organisation is None and self.catalogue.organisations:
            found = self._org_rows()
            self.organisation = found[0] if found else None
        self._settle()

    # -- what is shown ------------------------------------------------------------------------

    @property
    def on_partners(self) -> bool:
        return self.tab != ORGANISATIONS

    @property
    def sort(self) -> Sort:
        return self.partner_sort if self.on_partners else self.org_sort

    @property
    def active_filters(self) -> tuple[str, ...]:
        """Labels of the filters in force on this tab (filters apply to partners only)."""
        if not self.on_partners:
            return ()
        labels = [f.label for f in FILTERS if f.key in self.filters]
        if self.years is not None:
            labels.append(f"established {self.years.label}")
        return tuple(labels)

    @property
    def rows(self) -> list[int]:
        """What the tab shows, in display order: indices into partners or organisations.

        The same list object is returned until something that changes it happens, so a
        renderer can tell "only the highlight moved" by identity.
        """
        key = (self.tab, self.query, self.filters, self.years, self.sort, self._marks_shown)
        if key != self._rows_key:
            if self.on_partners:
                sort = self.partner_sort
                self._rows = self.index.rows(self.tab, self.query, sort.column, sort.descending,
                                             self.filters, self.years, self.marks)  # fmt: skip
            else:
                self._rows = self._org_rows()
            self._rows_key = key
            self._position = None
        return self._rows

    def _org_rows(self) -> list[int]:
        sort = self.org_sort
        return organisation_rows(
            self.catalogue.organisations, self.query, sort.column, sort.descending
        )

    @property
    def _marks_shown(self) -> frozenset[int] | None:
        """The marks, when the "marked" filter makes the rows depend on them."""
        return self.marks if MARKED in self.filters else None

    @property
    def selected(self) -> int | None:
        """The highlighted item of this tab (a partner or an organisation), if any."""
        return self.partner if self.on_partners else self.organisation

    @property
    def shown(self) -> int | None:
        """The highlighted item if it is on screen (a row of this tab), else None: what
        ``enter``, ``c`` and the notes panel speak of. The state remembers a highlighted
        partner while a search hides it, but never offers it for a row that is not shown."""
        return self.selected if self.cursor is not None else None

    @property
    def cursor(self) -> int | None:
        """The highlighted row's position in :attr:`rows`, or None."""
        wanted = self.selected
        if wanted is None:
            return None
        rows = self.rows
        position = self._position
        if position is not None and position < len(rows) and rows[position] == wanted:
            return position
        try:
            self._position = rows.index(wanted)
        except ValueError:
            self._position = None
        return self._position

    @property
    def counts(self) -> dict[str, int]:
        """How many rows each tab shows for the search and filters."""
        key = (self.query, self.filters, self.years, self._marks_shown)
        if key != self._counts_key:
            counts = self.index.counts(self.query, self.filters, self.years, self.marks)
            counts[ORGANISATIONS] = len(
                organisation_rows(self.catalogue.organisations, self.query, "abbreviation", False)
            )
            self._counts, self._counts_key = counts, key
        return self._counts

    @property
    def total(self) -> int:
        """How many items the tab's kind has in all (partners or organisations)."""
        if self.on_partners:
            return len(self.catalogue.partners)
        return len(self.catalogue.organisations)

    def elsewhere(self) -> list[tuple[str, int]]:
        """Other tabs with matches, when this one has none: where to look instead. From a
        region tab, the regions (All would only repeat them): ``n`` jumps to the first."""
        if self.rows:
            return []
        counts = self.counts
        skip = {self.tab, ALL} if self.tab in REGIONS else {self.tab}
        return [(tab, counts[tab]) for tab in TABS if tab not in skip and counts.get(tab)]

    def jump_target(self) -> str | None:
        """The tab ``n`` jumps to from an empty tab whose message lists others, if any."""
        elsewhere = self.elsewhere()
        return elsewhere[0][0] if elsewhere else None

    def sort_columns(self) -> tuple[str, ...]:
        """The columns this tab can sort by (a region tab has no Region column)."""
        if not self.on_partners:
            return ORG_SORT_KEYS
        if self.tab == ALL:
            return SORT_KEYS
        return tuple(k for k in SORT_KEYS if k != "region")

    def sort_label(self, column: str | None = None) -> str:
        column = column or self.sort.column
        labels = SORT_LABELS if self.on_partners else ORG_SORT_LABELS
        return labels.get(column, column)

    # -- changes ------------------------------------------------------------------------------

    def _settle(self) -> None:
        """Keep a highlight on a row that is shown: a hidden one moves to the first row."""
        rows = self.rows
        if not rows or self.selected is None or self.cursor is not None:
            return
        self._set_selected(rows[0])
        self._position = 0

    def _set_selected(self, item: int | None) -> None:
        if self.on_partners:
            self.partner = item
        else:
            self.organisation = item

    def set_query(self, query: str) -> None:
        """Search: the rows narrow to matches; the highlight stays if it still matches."""
        if query == self.query:
            return
        self.query = query
        if self.selected is None and self.rows:
            self._set_selected(self.rows[0])
        self._settle()

    def go_to_tab(self, tab: str) -> None:
        if tab not in TABS:
            raise ValueError(f"unknown tab {tab!r}")
        if tab == self.tab:
            return
        self._switch_tab(tab)
        rows = self.rows
        if rows and (self.selected is None or self.cursor is None):
            self._set_selected(rows[0])
        self._settle()

    def _switch_tab(self, tab: str) -> None:
        self.tab = tab
        if self.sort.column not in self.sort_columns():
            self.partner_sort = Sort("rank")

    def step_tab(self, step: int) -> None:
        """Next (``step`` 1) or previous (-1) tab, wrapping around."""
        self.go_to_tab(TABS[(TABS.index(self.tab) + step) % len(TABS)])

    def toggle_filter(self, key: str) -> None:
        if key not in FILTER_KEYS:
            raise ValueError(f"unknown filter {key!r}")
        self.filters = self.filters ^ {key}
        self._after_filtering()

    def set_years(self, years: YearRange | None) -> None:
        """Keep only partners established in a year or decade (the timeline's choice), on
        the tab of the region the timeline showed (or All)."""
        self.years = years
        if years is not None:
            self._switch_tab(years.region or ALL)
        self._after_filtering()

    def clear_filters(self) -> None:
        self.filters = frozenset()
        self.years = None
        self._after_filtering()

    def _after_filtering(self) -> None:
        if self.on_partners and self.partner is None and self.rows:
            self.partner = self.rows[0]
        self._settle()

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        """Sort by a column; ``descending`` None keeps the direction if the column is the
        current one, else ascending. The highlighted row stays highlighted."""
        if column not in self.sort_columns():
            raise ValueError(f"cannot sort this tab by {column!r}")
        if descending is None:
            descending = self.sort.descending if column == self.sort.column else False
        if self.on_partners:
            self.partner_sort = Sort(column, descending)
        else:
            self.org_sort = Sort(column, descending)

    def step_sort(self, step: int) -> None:
        """Sort by the next (1) or previous (-1) column of this tab, ascending."""
        columns = self.sort_columns()
        current = self.sort.column
        at = columns.index(current) if current in columns else -step
        self.sort_by(columns[(at + step) % len(columns)], False)

    def reverse(self) -> None:
        self.sort_by(self.sort.column, not self.sort.descending)

    def move(self, delta: int) -> None:
        """Move the highlight ``delta`` rows (clamped); from no highlight, to an end."""
        rows = self.rows
        if not rows:
            return
        at = self.cursor
        if at is None:
            at = 0 if delta > 0 else len(rows) - 1
        else:
            at = min(max(at + delta, 0), len(rows) - 1)
        self._set_selected(rows[at])
        self._position = at

    def first(self) -> None:
        if self.rows:
            self._set_selected(self.rows[0])
            self._position = 0

    def last(self) -> None:
        if self.rows:
            self._set_selected(self.rows[-1])
            self._position = len(self.rows) - 1

    def next_match(self, step: int) -> bool:
        """``n``/``N`` after a search: the next (or previous) match, wrapping around; on a tab
        with no match, the first tab that has one (:meth:`jump_target`). False when there is
        no search and nowhere to jump."""
        target = self.jump_target()
        if target is not None:
            self.go_to_tab(target)
            return True
        if not self.query.strip():
            return False
        rows = self.rows
        if not rows:
            return False
        at = self.cursor
        at = (0 if step > 0 else len(rows) - 1) if at is None else (at + step) % len(rows)
        self._set_selected(rows[at])
        self._position = at
        return True

    def select(self, item: int) -> None:
        """Highlight an item shown in this tab (a click); ignored if it is not shown."""
        if item in self.rows:
            self._set_selected(item)

    def go_to_partner(self, partner: int) -> None:
        """Show one partner: in this tab if it is there, else in All; a search or filter
        that would hide it is cleared."""
        if self.tab not in (ALL, self.catalogue.partners[partner].region):
            self.tab = ALL
        if partner not in self.rows:
            self.query, self.filters, self.years = "", frozenset(), None
        self.partner = partner
        self._settle()

    def go_to_organisation(self, organisation: int) -> None:
        self.tab = ORGANISATIONS
        if organisation not in self.rows:
            self.query = ""
        self.organisation = organisation
        self._settle()

    def toggle_notes(self) -> None:
        self.notes_shown = not self.notes_shown

    def toggle_mark(self, partner: int) -> None:
        """Mark or unmark a partner (with the "marked" filter on, an unmarked one leaves)."""
        self.marks = self.marks ^ {partner}
        self._settle()

    def restore(
        self,
        *,
        sort: Sort | None = None,
        org_sort: Sort | None = None,
        filters: frozenset[str] = frozenset(),
        notes_shown: bool | None = None,
        marks: frozenset[int] = frozenset(),
    ) -> None:
        """Take back a remembered sort, filters, notes panel and marks (checked: anything
        unknown is left as it is)."""
        allowed = self.sort_columns() if self.on_partners else SORT_KEYS
        if sort is not None and sort.column in allowed:
            self.partner_sort = sort
        if org_sort is not None and org_sort.column in ORG_SORT_LABELS:
            self.org_sort = org_sort
        self.filters = frozenset(f for f in filters if f in FILTER_KEYS)
        if notes_shown is not None:
            self.notes_shown = notes_shown
        self.marks = frozenset(m for m in marks if 0 <= m < len(self.catalogue.partners))
        self._after_filtering()

    # -- for people ---------------------------------------------------------------------------

    def empty_message(self) -> str:
        """What an empty tab says: never "nothing matches" when another tab has matches."""
        if self.on_partners and not self.catalogue.partners:
            return "This store holds no partners."
        if not self.query and not self.active_filters:
            return "Nothing in this tab."
        elsewhere = self.elsewhere()
        if elsewhere:
            where = ", ".join(
                f"{count} in {REGION_SHORT.get(tab, tab)} (press {hotkey(tab)})"
                for tab, count in elsewhere[:3]
            )
            here = REGION_SHORT.get(self.tab, self.tab)
            # In the search box n and the digits type themselves: the jump is the table's.
            return f"No match in {here}: {where}. From the table, n jumps there."
        if self.query and self.active_filters:
            return "Nothing matches the search and filters. esc clears the search; f the filters."
        if self.query:
            return "Nothing matches the search. esc clears it."
        return "Nothing passes the filters. f changes them."

    def description(self) -> str:
        """One line of what is shown: tab, count, filters, sort, search (the title bar)."""
        arrow = "▼" if self.sort.descending else "▲"
        parts = [self.tab, f"{len(self.rows)} of {self.total}"]
        parts.extend(self.active_filters)
        parts.append(f"sorted by {self.sort_label()} {arrow}")
        if self.query:
            close = self.on_partners and self.index.approximate and self.rows
            parts.append(f"search “{self.query}”" + (": no match, close names" if close else ""))
        return " · ".join(parts)

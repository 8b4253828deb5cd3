"""The browser's screen: title, tabs, search box, table, notes panel and key bar, and how the
browser's state is shown on them.

:meth:`BrowserScreen.show` is handed the state after every change and passes each widget what
it shows (attributes down); each widget compares and repaints only what changed.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

from mongolia_tui.columns import (
    ORG_COLUMNS,
    REGION_TINY,
    name_width,
    organisation_cells,
    partner_cells,
    partner_columns,
)
from mongolia_tui.commands import IN_SEARCH_BOX, ON_ORGANISATIONS_TAB, ON_PARTNERS_TAB, bar_keys
from mongolia_tui.filters import UNCERTAIN_MARK, date_mark
from mongolia_tui.missions import summary_line as mission_summary
from mongolia_tui.model import REGION_SHORT, Catalogue
from mongolia_tui.search import MAX_QUERY_LENGTH, query_terms
from mongolia_tui.state import BrowserState
from mongolia_tui.summary import Para, article_summary, organisation_summary, partner_summary
from mongolia_tui.tabs import ORGANISATIONS, TABS, hotkey
from mongolia_tui.widgets.keybar import KeyBar
from mongolia_tui.widgets.notes import MORE, NotesPanel
from mongolia_tui.widgets.search import SearchBox
from mongolia_tui.widgets.tabbar import Tab, TabBar
from mongolia_tui.widgets.table import RowTable
from mongolia_tui.widgets.title import TitleBar

#: What a marked partner's name starts with in the table.
MARK = "★ "
#: The search box caps what a paste can put in it.
SEARCH_MAX = MAX_QUERY_LENGTH
#: From this width the notes panel stands beside the table, not below it.
WIDE = 110
#: Tab names for 80 columns, where ten short names and their counts do not fit.
TINY = {**REGION_TINY, "Africa": "Afr", "Americas": "Amer", "Europe": "Eur", "Oceania": "Oce"}
#: What the search box says it searches, on a partner tab and on the Organisations tab.
PLACEHOLDERS = {
    True: "/ search: name, alias, ISO code, year, note",
    False: "/ search: abbreviation, name, note",
}


class BrowserScreen(Screen[None]):
    """The browser. As Textual's screen, but a change of focus repaints only the widgets whose
    look it changes, not the whole screen (over SSH, a full repaint is kilobytes)."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    # Focus the table from the start (by default the first focusable widget, the search box,
    # would be focused, then the table: two first frames instead of one).
    AUTO_FOCUS = "#table"

    def __init__(self, state: BrowserState, today: date) -> None:
        super().__init__(id="_default")
        self.state = state
        self.catalogue: Catalogue = state.catalogue
        self.today = today
        self._cells: dict[int, dict[str, str]] = {}
        self._coming_up: list[str] | None = None
        #: How wide the Country column needs to be.
        self.name_width = name_width([r.name for r in self.catalogue.partners])

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield TabBar(
            [Tab(tab, tab, "Orgs" if tab == ORGANISATIONS else REGION_SHORT.get(tab, tab),
                 hotkey(tab), TINY.get(tab, "")) for tab in TABS],
            id="tabs",
        )  # fmt: skip
        search = SearchBox(
            placeholder=PLACEHOLDERS[self.state.on_partners],
            id="search",
            max_length=SEARCH_MAX,
            select_on_focus=False,  # the app selects the query on "/" (see focus_search)
        )
        # A blinking cursor is a repaint twice a second: bytes on an idle SSH link.
        search.cursor_blink = False
        yield search
        with Horizontal(id="main"):
            yield RowTable(id="table")
            yield NotesPanel(id="notes")
        yield KeyBar(
            bar_keys(ON_PARTNERS_TAB), right=("^p", "palette", "command_palette"), id="keys"
        )

    class Ready(Message):
        """The screen's widgets are mounted: the state can be shown."""

    def on_mount(self) -> None:
        # The screen applies its breakpoints on its first resize, after the first frame,
        # which would be drawn in the wrong layout and then again: apply them now.
        width = self.app.size.width
        self.set_class(width >= WIDE, "-wide")
        self.set_class(width < WIDE, "-narrow")
        self.show(self.state)  # before the first frame, so it is drawn once
        self.post_message(self.Ready())

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    @property
    def notes(self) -> NotesPanel:
        return self.query_one(NotesPanel)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    def key_context(self, state: BrowserState) -> str:
        """Where the keys go: the search box, or the table of a partner or organisation tab."""
        if self.focused is self.search_box:
            return IN_SEARCH_BOX
        return ON_PARTNERS_TAB if state.on_partners else ON_ORGANISATIONS_TAB

    def show(self, state: BrowserState) -> None:
        """Show the state: each widget compares and repaints only what changed."""
        title, _, rest = state.description().partition(" · ")
        self.query_one(TitleBar).show(title, rest)
        self.query_one(TabBar).update(state.tab, state.counts)
        # The box shows the state's query (the one place it lives): going somewhere may
        # have cleared it. The app's watcher of the box sees the state already agrees.
        box = self.search_box
        if box.value != state.query:
            box.value = state.query
        box.placeholder = PLACEHOLDERS[state.on_partners]
        if state.on_partners:
            partners = self.catalogue.partners
            columns = partner_columns(state.tab, self.catalogue.ranked_count, self.name_width)
            cells, muted = self._partner_cells, lambda item: partners[item].status == "none"
        else:
            columns, cells, muted = ORG_COLUMNS, self._org_cells, None
        self.table.show(
            columns,
            state.rows,
            cells,
            cursor=state.cursor,
            sort_column=state.sort.column,
            sort_descending=state.sort.descending,
            terms=query_terms(state.query),
            muted=muted,
            empty_message=state.empty_message(),
        )

        notes = self.notes
        notes.display = state.notes_shown
        if state.notes_shown:
            # "more: enter" only where enter opens something: a row on screen.
            notes.show(self._summary(state), more=MORE if state.shown is not None else "…")
        keymap = getattr(self.app, "keys_in_force", None)
        keys = bar_keys(self.key_context(state), keymap)
        if state.shown is None:  # an empty table: enter has nothing to show
            keys = [key for key in keys if key[2] != "details"]
        self.query_one(KeyBar).show(keys, self._legend(state))

    def _legend(self, state: BrowserState) -> tuple[str, str, str] | None:
        """What the highlighted row's date mark means, for the key bar (None: no mark)."""
        if not state.on_partners or state.shown is None:
            return None
        if not date_mark(self.catalogue.partners[state.shown]):
            return None
        return (UNCERTAIN_MARK, "date uncertain", "")

    def _partner_cells(self, item: int) -> dict[str, str]:
        cells = self._cells.get(item)
        if cells is None:
            cells = partner_cells(self.catalogue.partners[item], self.today, self.state.names)
            self._cells[item] = cells
        if item in self.state.marks:
            return {**cells, "name": MARK + cells["name"]}
        return cells

    def _org_cells(self, item: int) -> dict[str, str]:
        return organisation_cells(self.catalogue.organisations[item])

    def _summary(self, state: BrowserState) -> list[Para]:
        """The highlighted row's summary; on an empty table (never a partner that is not
        shown), the article and what is coming up."""
        shown = state.shown
        if shown is None:
            return article_summary(self.catalogue.article, self.coming_up())
        if state.on_partners:
            partner = self.catalogue.partners[shown]
            line = mission_summary(self.catalogue.missions, partner.iso3, partner.name)
            return partner_summary(partner, self.catalogue.ranked_count, self.today, line)
        return organisation_summary(self.catalogue.organisations[shown])

    def coming_up(self) -> list[str]:
        """Anniversaries of the next 30 days, for the notes panel's empty state (worked out
        once: at 50,000 partners it takes half a second, and every keystroke of a search
        that matches nothing shows it)."""
        if self._coming_up is None:
            from mongolia_tui.anniversaries import coming_up

            self._coming_up = coming_up(self.catalogue.partners, self.today)
        return self._coming_up

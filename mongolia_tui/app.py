"""The browser: region tabs, one sortable table, a notes panel and live search.

The app is a thin renderer of :class:`~mongolia_tui.state.BrowserState`: every key or message
becomes one call to the state, then :meth:`MongoliaApp.render_state` hands the widgets what to
show (attributes down); the widgets report clicks as messages (up) and repaint only what
changed. The app never touches the store file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from mongolia_tui.commands import (
    COMMANDS,
    ORGANISATIONS,
    PARTNERS,
    SEARCH,
    WHERE,
    bar_keys,
    bindings,
)
from mongolia_tui.dates import age_in_years
from mongolia_tui.model import REGION_SHORT, Catalogue, Relation
from mongolia_tui.palette import GoToProvider, Target
from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import query_terms
from mongolia_tui.state import ORGANISATIONS as ORGS_TAB
from mongolia_tui.state import TABS, BrowserState, hotkey
from mongolia_tui.stats import YearRange
from mongolia_tui.summary import (
    article_summary,
    organisation_record,
    organisation_summary,
    partner_record,
    partner_summary,
)
from mongolia_tui.views import ALL, FILTERS
from mongolia_tui.views import today as current_date
from mongolia_tui.widgets.keybar import KeyBar
from mongolia_tui.widgets.notes import NotesPanel
from mongolia_tui.widgets.search import SearchBox
from mongolia_tui.widgets.tabbar import Tab, TabBar
from mongolia_tui.widgets.table import Column, RowTable
from mongolia_tui.widgets.title import TitleBar

RELATION_COLUMNS: tuple[Column, ...] = (
    Column("order", "#", 4, "right"),
    Column("name", "Country", 0, highlight=True),
    Column("region", "Region", 18, drop=1),
    Column("established", "Established", 17, highlight=True),
    Column("age", "Years", 5, "right", drop=2),
    Column("notes", "Note", 4, drop=3),
)
ORG_COLUMNS: tuple[Column, ...] = (
    Column("abbreviation", "Abbr", 9, highlight=True),
    Column("name", "Organisation", 0, highlight=True),
    Column("status", "Status", 8, drop=2),
    Column("notes", "Note", 4, drop=1),
)
#: The search box caps what a paste can put in it.
SEARCH_MAX = 200
#: From this width the notes panel stands beside the table, not below it.
WIDE = 110


class BrowserScreen(Screen[None]):
    """The browser's screen: as Textual's, but a change of focus repaints only the widgets
    whose look it changes, not the whole screen (over SSH, a full repaint is kilobytes)."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    # Focus the table from the start (by default the first focusable widget, the search box,
    # would be focused, then the table: two first frames instead of one).
    AUTO_FOCUS = "#table"


class MongoliaApp(App[int]):
    """Mongolia's foreign relations, browsed from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "Mongolia's foreign relations"
    BINDINGS = bindings()
    COMMANDS = App.COMMANDS | {GoToProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        country: str | None = None,
        region: str | None = None,
        today: date | None = None,
        after_start: Callable[[], None] | None = None,
    ) -> None:
        """``after_start`` runs in a thread once the first screen is drawn (housekeeping)."""
        super().__init__()
        self._after_start = after_start
        self.catalogue = catalogue
        self.today = today or current_date()
        selected = None
        if country is not None:
            selected = next(
                (i for i, r in enumerate(catalogue.relations) if r.name == country), None
            )
        self.state = BrowserState(catalogue, tab=region or ALL, selected=selected)
        self._cells: dict[int, dict[str, str]] = {}
        # Wide enough for the largest rank, so "#" is never clipped in a large store.
        rank_width = max(4, len(str(catalogue.numbered)) + 1)
        self._relation_columns = tuple(
            Column(c.key, c.label, rank_width, c.align) if c.key == "order" else c
            for c in RELATION_COLUMNS
        )

    # -- layout -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return BrowserScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title")
        yield TabBar(
            [Tab(tab, tab, "Orgs" if tab == ORGS_TAB else REGION_SHORT.get(tab, tab),
                 hotkey(tab)) for tab in TABS],
            id="tabs",
        )  # fmt: skip
        search = SearchBox(
            placeholder="/ search: name, alias, ISO code, year, note",
            id="search",
            max_length=SEARCH_MAX,
        )
        # A blinking cursor is a repaint twice a second: bytes on an idle SSH link.
        search.cursor_blink = False
        yield search
        with Horizontal(id="main"):
            yield RowTable(id="table")
            yield NotesPanel(id="notes")
        yield KeyBar(bar_keys(PARTNERS), right=("^p", "palette", "command_palette"), id="keys")

    def on_mount(self) -> None:
        # The screen applies its breakpoints on its first resize, after the first frame: apply
        # them now, or the first frame is drawn in the wrong layout and then drawn again.
        wide = self.size.width >= WIDE
        self.screen.set_class(wide, "-wide")
        self.screen.set_class(not wide, "-narrow")
        self.render_state()
        self._focus(self.table)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Opened at a partner (--country): now the table has a size, show it in context.
        if self.state.partner is not None and self.state.cursor:
            self.table.center_cursor()
        # The CLI paused the garbage collector for start-up; what exists now (Textual, the
        # store, the widgets) lives as long as the app, so it is frozen out of future scans.
        gc.freeze()
        gc.enable()
        # Search keys for large stores are built while the user reads the first screen.
        self.run_worker(self._prepare, thread=True, exclusive=True, group="prepare")

    def _prepare(self) -> None:
        self.state.index.prepare()
        if self._after_start is not None:
            self._after_start()

    # -- rendering the state ------------------------------------------------------------------

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    @property
    def notes(self) -> NotesPanel:
        return self.query_one(NotesPanel)

    @property
    def search_box(self) -> Input:
        return self.query_one("#search", Input)

    def render_state(self) -> None:
        """Show the state: each widget compares and repaints only what changed."""
        state = self.state
        title, _, rest = state.description().partition(" · ")
        self.query_one(TitleBar).show(title, rest)
        self.query_one(TabBar).update(state.tab, state.counts)
        if state.on_partners:
            relations = self.catalogue.relations
            self.table.show(
                self._columns(),
                state.rows,
                self._relation_cells,
                cursor=state.cursor,
                sort_column=state.sort.column,
                sort_descending=state.sort.descending,
                terms=query_terms(state.query),
                muted=lambda item: relations[item].status == "none",
                empty_message=state.empty_message(),
            )
        else:
            self.table.show(
                ORG_COLUMNS,
                state.rows,
                self._org_cells,
                cursor=state.cursor,
                sort_column=state.sort.column,
                sort_descending=state.sort.descending,
                terms=query_terms(state.query),
                empty_message=state.empty_message(),
            )
        notes = self.notes
        notes.display = state.notes_shown
        if state.notes_shown:
            notes.show(self._summary())
        self._show_keys()

    def _columns(self) -> tuple[Column, ...]:
        if self.state.tab == ALL:
            return self._relation_columns
        return tuple(c for c in self._relation_columns if c.key != "region")

    def _relation_cells(self, item: int) -> dict[str, str]:
        cells = self._cells.get(item)
        if cells is None:
            r = self.catalogue.relations[item]
            cells = {
                "order": str(r.order) if r.order is not None else "—",
                "name": r.name,
                "region": REGION_SHORT.get(r.region, r.region),
                "established": r.established_text,
                "age": age_in_years(r.established, self.today) if r.has_relations else "",
                "notes": "✎" if r.notes else "",
            }
            self._cells[item] = cells
        return cells

    def _org_cells(self, item: int) -> dict[str, str]:
        o = self.catalogue.organisations[item]
        return {"abbreviation": o.abbreviation, "name": o.name, "status": o.status,
                "notes": "✎" if o.notes else ""}  # fmt: skip

    def _summary(self):
        state = self.state
        if state.selected is None:
            return article_summary(self.catalogue.article, self.coming_up())
        if state.on_partners:
            relation = self.catalogue.relations[state.selected]
            return partner_summary(relation, self.catalogue.numbered, self.today)
        return organisation_summary(self.catalogue.organisations[state.selected])

    def coming_up(self) -> list[str]:
        """Anniversaries of the next 30 days, for the notes panel's empty state."""
        from mongolia_tui.anniversaries import coming_up

        return coming_up(self.catalogue.relations, self.today)

    def _key_context(self) -> str:
        if self.focused is self.search_box:
            return SEARCH
        return PARTNERS if self.state.on_partners else ORGANISATIONS

    def _show_keys(self) -> None:
        self.query_one(KeyBar).show(bar_keys(self._key_context()))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_keys()

    @property
    def highlighted(self) -> Relation | None:
        """The partner under the cursor, if any."""
        state = self.state
        if not state.on_partners or state.cursor is None:
            return None
        return self.catalogue.relations[state.rows[state.cursor]]

    # -- what keys and messages do ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key of the browser works here: only on the browser's own screen (help,
        details and menus have their own keys; ctrl+c quits from anywhere), and only in the
        contexts it is declared for (a letter typed in the search box types itself)."""
        where = WHERE.get(action)
        if where is None:
            return True
        if len(self.screen_stack) > 1:
            return action == "stop"
        return self._key_context() in where

    def _focus(self, widget: Widget) -> None:
        """Focus now, not after the keys already queued (``Widget.focus`` waits for them):
        "/1992" typed in one burst must search for 1992, not switch to tabs 1, 9 and 2."""
        self.screen.set_focus(widget)

    def _apply(self, change: Callable[[], object]) -> None:
        change()
        self.render_state()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._apply(partial(self.state.set_query, event.value))

    def on_row_table_clicked(self, message: RowTable.Clicked) -> None:
        self._apply(partial(self.state.select, message.item))
        self._focus(self.table)

    def on_row_table_header_clicked(self, message: RowTable.HeaderClicked) -> None:
        state = self.state
        if message.column not in state.sort_columns():
            return
        same = message.column == state.sort.column
        self._apply(partial(state.sort_by, message.column, not state.sort.descending if same
                            else False))  # fmt: skip

    def on_tab_bar_chosen(self, message: TabBar.Chosen) -> None:
        self._apply(partial(self.state.go_to_tab, message.key))

    async def on_key_bar_pressed(self, message: KeyBar.Pressed) -> None:
        await self.run_action(message.action)

    def action_move(self, delta: int) -> None:
        self._apply(partial(self.state.move, delta))

    def action_page(self, direction: int) -> None:
        # As less does: the view scrolls a page and the highlight moves with it.
        delta = direction * self.table.body_height
        self.table.scroll_rows(delta)
        self._apply(partial(self.state.move, delta))

    def action_first(self) -> None:
        self._apply(self.state.first)

    def action_last(self) -> None:
        self._apply(self.state.last)

    def action_search_done(self) -> None:
        self._focus(self.table)

    def action_stop(self) -> None:
        self.exit()

    def action_focus_search(self) -> None:
        self._focus(self.search_box)

    def action_back(self) -> None:
        state = self.state
        if self.focused is self.search_box:
            self._focus(self.table)
        elif state.query:
            self.search_box.value = ""  # posts Input.Changed, which updates the state
        elif state.on_partners and (state.filters or state.years is not None):
            self._apply(state.clear_filters)
        elif state.selected is not None:
            self._apply(state.deselect)

    def action_tab(self, n: int) -> None:
        if 0 <= n < len(TABS):
            self._apply(partial(self.state.go_to_tab, TABS[n]))

    def action_step_tab(self, step: int) -> None:
        self._apply(partial(self.state.step_tab, step))

    def action_next_match(self) -> None:
        self._match(1)

    def action_previous_match(self) -> None:
        self._match(-1)

    def _match(self, step: int) -> None:
        if not self.state.next_match(step):
            message = "No search: press / first." if not self.state.query else "No match."
            self.notify(message, severity="warning", markup=False)
        self.render_state()

    def action_sort_menu(self) -> None:
        from mongolia_tui.screens.choose import Choice, ChoiceScreen

        state = self.state
        choices = [
            Choice(column, state.sort_label(column), column == state.sort.column)
            for column in state.sort_columns()
        ]
        hint = "number or enter sorts (again: reverses) · esc cancels"
        self.push_screen(ChoiceScreen("Sort by", choices, self._sorted, hint))

    def _sorted(self, column: str) -> None:
        state = self.state
        if column == state.sort.column:
            self._apply(state.reverse)
        else:
            self._apply(partial(state.sort_by, column, False))

    def action_sort_step(self, step: int) -> None:
        self._apply(partial(self.state.step_sort, step))

    def action_reverse_sort(self) -> None:
        self._apply(self.state.reverse)

    def action_filter_menu(self) -> None:
        from mongolia_tui.screens.choose import Choice, ChoiceScreen

        state = self.state
        index = state.index
        choices = [
            Choice(f.key, f"{f.label} ({sum(index.keep(frozenset({f.key})) or ())})",
                   f.key in state.filters)
            for f in FILTERS
        ]  # fmt: skip
        choices.append(Choice("", "clear all filters", False))
        hint = "number or enter switches a filter on or off · esc cancels"
        self.push_screen(ChoiceScreen("Filter partners", choices, self._filtered, hint))

    def _filtered(self, key: str) -> None:
        state = self.state

        self._apply(partial(state.toggle_filter, key) if key else state.clear_filters)

    def action_timeline(self) -> None:
        from mongolia_tui.screens.timeline import TimelineScreen

        tab = self.state.tab
        region = tab if tab not in (ALL, ORGS_TAB) else None
        self.push_screen(TimelineScreen(self.catalogue.relations, region=region), self.set_years)

    def set_years(self, years: YearRange | None) -> None:
        """Filter to the partners established in a year or decade (the timeline's choice)."""
        if years is not None:
            self._apply(partial(self.state.set_years, years))

    def action_anniversaries(self) -> None:
        from mongolia_tui.screens.anniversaries import AnniversariesScreen

        screen = AnniversariesScreen(self.catalogue.relations, today=self.today)
        self.push_screen(screen, self._go_to_name)

    def _go_to_name(self, name: str | None) -> None:
        found = next((i for i, r in enumerate(self.catalogue.relations) if r.name == name), None)
        if found is not None:
            self.go_to_partner(found)

    def action_toggle_notes(self) -> None:
        self._apply(self.state.toggle_notes)

    def action_details(self) -> None:
        from mongolia_tui.screens.detail import DetailScreen

        state = self.state
        if state.selected is None:
            self.notify("Highlight a row first.", severity="warning", markup=False)
            return
        if state.on_partners:
            relation = self.catalogue.relations[state.selected]
            sections = partner_record(relation, self.catalogue.numbered, self.today)
            self.push_screen(DetailScreen(relation.name, sections))
        else:
            organisation = self.catalogue.organisations[state.selected]
            title = f"{organisation.abbreviation}: {organisation.name}"
            self.push_screen(DetailScreen(title, organisation_record(organisation)))

    def action_help(self) -> None:
        from mongolia_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_copy(self) -> None:
        from mongolia_tui.details import details_text

        relation = self.highlighted
        if relation is None:
            self.notify("Highlight a partner first.", severity="warning", markup=False)
            return
        self.copy_to_clipboard(details_text(relation, self.catalogue.numbered, self.today))
        self.notify(f"Copied {safe_line(relation.name)} to the clipboard.", markup=False)

    def action_export(self) -> None:
        from mongolia_tui.screens.export import ExportScreen

        state = self.state
        if not state.on_partners:
            self.notify("Export works on partner tabs.", severity="warning", markup=False)
            return
        relations = [self.catalogue.relations[i] for i in state.rows]
        self.push_screen(ExportScreen(relations, today=self.today, protected=self.catalogue.path))

    # -- going somewhere (palette) ------------------------------------------------------------

    def go_to_tab(self, tab: str) -> None:
        self._apply(partial(self.state.go_to_tab, tab))
        self._focus(self.table)

    def go_to_partner(self, partner: int) -> None:
        if self.state.query and self.search_box.value:
            with self.prevent(Input.Changed):
                self.search_box.value = ""
        self._apply(partial(self.state.go_to_partner, partner))
        if self.search_box.value != self.state.query:
            with self.prevent(Input.Changed):
                self.search_box.value = self.state.query
        self._focus(self.table)

    def go_to_organisation(self, organisation: int) -> None:
        self._apply(partial(self.state.go_to_organisation, organisation))
        if self.search_box.value != self.state.query:
            with self.prevent(Input.Changed):
                self.search_box.value = self.state.query
        self._focus(self.table)

    def palette_targets(self) -> Iterator[Target]:
        for tab in TABS:
            yield f"Go to tab: {tab}", "Switch to this tab", partial(self.go_to_tab, tab)
        for n, relation in enumerate(self.catalogue.relations):
            yield (
                f"Go to {safe_line(relation.name)}",
                f"{safe_line(relation.region)} · {relation.established_text}",
                partial(self.go_to_partner, n),
            )
        for n, organisation in enumerate(self.catalogue.organisations):
            yield (
                f"Go to organisation: {safe_line(organisation.abbreviation)}",
                safe_line(organisation.name),
                partial(self.go_to_organisation, n),
            )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for command in COMMANDS:
            if command.palette and command.action not in ("quit", "back"):
                yield SystemCommand(
                    command.label,
                    f"{command.description} ({command.display})",
                    partial(self.run_action, command.action),
                )
        yield SystemCommand(
            "Anniversaries",
            "Anniversaries of relations in the next 30 days (round ones marked)",
            self.action_anniversaries,
        )
        state = self.state
        for column in state.sort_columns():
            yield SystemCommand(
                f"Sort by {state.sort_label(column)}",
                "Sort this tab by that column, ascending (again: reverse)",
                partial(self._sorted, column),
            )
        if state.on_partners:
            for f in FILTERS:
                on = f.key in state.filters
                yield SystemCommand(
                    f"Filter: {f.label}" + (" (on: switch off)" if on else ""),
                    "Combine with search and the other filters",
                    partial(self._filtered, f.key),
                )


def make_app(
    catalogue: Catalogue,
    *,
    country: str | None = None,
    region: str | None = None,
    theme: str | None = None,
    today: date | None = None,
    after_start: Callable[[], None] | None = None,
) -> MongoliaApp:
    """The one way to build the app: used by the CLI, the tests and the screenshot script."""
    app = MongoliaApp(
        catalogue, country=country, region=region, today=today, after_start=after_start
    )
    if theme is not None and theme in app.available_themes:
        app.theme = theme
    return app

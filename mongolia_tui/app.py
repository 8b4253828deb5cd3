"""The browser: region tabs, one sortable table, a notes panel and live search.

The app wires the pieces: it asks :class:`~mongolia_tui.views.RelationIndex` which rows to
show, hands them to the table and the notes panel (attributes down), and reacts to what they
report (messages up). It never touches the store file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from functools import partial

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from mongolia_tui import terminal
from mongolia_tui.commands import COMMANDS, bindings
from mongolia_tui.dates import age_in_years
from mongolia_tui.details import relation_details
from mongolia_tui.model import REGION_SHORT, REGIONS, Catalogue, Relation
from mongolia_tui.organisations import organisation_rows
from mongolia_tui.palette import GoToProvider
from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import MAX_QUERY_LENGTH, query_terms
from mongolia_tui.views import ALL, RelationIndex
from mongolia_tui.views import today as current_date
from mongolia_tui.widgets.keybar import KeyBar
from mongolia_tui.widgets.notes import NotesPanel
from mongolia_tui.widgets.tabbar import Tab, TabBar
from mongolia_tui.widgets.table import Column, RowTable

ORGANISATIONS = "Organisations"

RELATION_COLUMNS: tuple[Column, ...] = (
    Column("order", "#", 4, "right"),
    Column("name", "Country", 0, highlight=True),
    Column("region", "Region", 18, drop=1),
    Column("established", "Established", 17, highlight=True),
    Column("age", "Years", 5, "right", drop=2),
    Column("notes", "✎", 1, drop=3),
)
ORG_COLUMNS: tuple[Column, ...] = (
    Column("abbreviation", "Abbr", 9, highlight=True),
    Column("name", "Organisation", 0, highlight=True),
    Column("status", "Status", 8, drop=2),
    Column("notes", "✎", 1, drop=1),
)


class MongoliaApp(App[int]):
    """Mongolia's foreign relations, browsed from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "Mongolia's foreign relations"
    BINDINGS = bindings()
    COMMANDS = App.COMMANDS | {GoToProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    ENABLE_COMMAND_PALETTE = True

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
        self.index = RelationIndex(catalogue.relations, catalogue.chronological)
        self.today = today or current_date()
        self.tab = region or ALL
        self.query = ""
        self.sort_column = "order"
        self.org_sort_column = "abbreviation"
        self.descending = False
        self.org_descending = False
        self.rows: list[int] = []
        self.selected: int | None = None
        self.selected_org: int | None = None
        self._cells_cache: dict[int, tuple[str, ...]] = {}
        # Wide enough for the largest rank, so "#" is never clipped in a large store.
        rank_width = max(4, len(str(catalogue.numbered)))
        self._relation_columns = tuple(
            replace(c, width=rank_width) if c.key == "order" else c for c in RELATION_COLUMNS
        )
        if country is not None:
            self.selected = next(
                (i for i, r in enumerate(catalogue.relations) if r.name == country), None
            )

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield TabBar(self._tabs(), id="tabs")
        yield Input(placeholder="/ search: name, alias, ISO code, year, note", id="search",
                    max_length=MAX_QUERY_LENGTH)  # fmt: skip
        with Horizontal(id="main"):
            yield RowTable(id="table")
            yield NotesPanel(id="notes")
        yield KeyBar(
            [(c.display, c.label, c.action) for c in COMMANDS if c.footer],
            right=("^p", "palette", "command_palette"),
            id="footer",
        )

    def _tabs(self) -> list[Tab]:
        tabs = [Tab(ALL, "All", "All", "1")]
        tabs += [
            Tab(region, region, REGION_SHORT[region], str(n))
            for n, region in enumerate(REGIONS, start=2)
        ]
        tabs.append(Tab(ORGANISATIONS, ORGANISATIONS, "Orgs", "0"))
        return tabs

    def tab_labels(self) -> list[tuple[str, str]]:
        return [(tab.key, tab.label) for tab in self._tabs()]

    def on_mount(self) -> None:
        terminal.handle_signals(self)
        self.refresh_view()
        self.query_one(RowTable).focus()
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Opened at a partner (--country): now the table has a size, show it in context.
        self.table.center_cursor()
        # The CLI paused the garbage collector for start-up; what exists now (Textual, the
        # store, the widgets) lives as long as the app, so it is frozen out of future scans.
        gc.freeze()
        gc.enable()
        # Search keys for large stores are built while the user reads the first screen.
        self.run_worker(self._prepare, thread=True, exclusive=True, group="prepare")

    def _prepare(self) -> None:
        self.index.prepare()
        if self._after_start is not None:
            self._after_start()

    # -- the view -----------------------------------------------------------------------------

    @property
    def table(self) -> RowTable:
        return self.query_one(RowTable)

    @property
    def notes(self) -> NotesPanel:
        return self.query_one(NotesPanel)

    def _columns(self) -> tuple[Column, ...]:
        if self.tab == ORGANISATIONS:
            return ORG_COLUMNS
        if self.tab == ALL:
            return self._relation_columns
        return tuple(c for c in self._relation_columns if c.key != "region")

    def _relation_cells(self, row: int) -> tuple[str, ...]:
        index = self.rows[row]
        cells = self._cells_cache.get(index)
        if cells is None:
            r = self.catalogue.relations[index]
            cells = (
                str(r.order) if r.order is not None else "—",
                r.name,
                REGION_SHORT.get(r.region, r.region),
                r.established_text,
                age_in_years(r.established, self.today) if r.has_relations else "",
                "✎" if r.notes else "",
            )
            self._cells_cache[index] = cells
        if self.tab == ALL:
            return cells
        return (*cells[:2], *cells[3:])

    def refresh_view(self) -> None:
        """Recompute the rows for the tab, search and sort, and show them."""
        counts = self.index.counts(self.query)
        org_rows = organisation_rows(
            self.catalogue.organisations, self.query, self.org_sort_column, self.org_descending
        )
        counts[ORGANISATIONS] = len(org_rows)
        self.query_one(TabBar).update(self.tab, counts)
        terms = query_terms(self.query)
        if self.tab == ORGANISATIONS:
            self.rows = org_rows
            cursor = self._position(org_rows, self.selected_org)
            self.table.show(
                ORG_COLUMNS,
                len(org_rows),
                self._org_cells,
                cursor=cursor,
                sort_column=self.org_sort_column,
                sort_descending=self.org_descending,
                terms=terms,
                empty_message=self._empty_message(),
            )
        else:
            self.rows = self.index.rows(self.tab, self.query, self.sort_column, self.descending)
            cursor = self._position(self.rows, self.selected)
            relations = self.catalogue.relations
            self.table.show(
                self._columns(),
                len(self.rows),
                self._relation_cells,
                cursor=cursor,
                sort_column=self.sort_column,
                sort_descending=self.descending,
                terms=terms,
                muted=lambda row: relations[self.rows[row]].status == "none",
                empty_message=self._empty_message(),
            )
        self._update_title()
        if cursor is None:
            self._show_selection(None)

    def _position(self, rows: list[int], wanted: int | None) -> int | None:
        """Where the selected item now is; the first match when a search hid it."""
        if wanted is not None:
            try:
                return rows.index(wanted)
            except ValueError:
                pass
        return 0 if (self.query and rows) else None

    def _empty_message(self) -> str:
        if not self.catalogue.relations and self.tab != ORGANISATIONS:
            return "This store holds no partners."
        if self.query:
            shown = safe_line(self.query)
            return f"Nothing matches “{shown}”. Press esc twice to clear the search."
        return "Nothing in this tab."

    def _update_title(self) -> None:
        total = (
            len(self.catalogue.organisations)
            if self.tab == ORGANISATIONS
            else len(self.catalogue.relations)
        )
        column = next((c.label for c in self._columns() if c.key == self._sort_key()), "")
        if column == "✎":
            column = "Note"
        arrow = "▼" if self._descending() else "▲"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {self.tab}", style="bold")
        text.append(f" · {len(self.rows)} of {total} · sorted by {column} {arrow}")
        if self.query:
            text.append(" · search “")
            text.append(safe_line(self.query), style="bold")
            text.append("”")
        self.query_one("#title", Static).update(text)
        self.sub_title = text.plain.strip()

    def _sort_key(self) -> str:
        return self.org_sort_column if self.tab == ORGANISATIONS else self.sort_column

    # -- organisations ------------------------------------------------------------------------

    def _org_cells(self, row: int) -> tuple[str, ...]:
        o = self.catalogue.organisations[self.rows[row]]
        return (o.abbreviation, o.name, o.status, "✎" if o.notes else "")

    # -- selection and the notes panel --------------------------------------------------------

    def on_row_table_cursor_moved(self, message: RowTable.CursorMoved) -> None:
        if message.row is None:
            self._show_selection(None)
            return
        if self.tab == ORGANISATIONS:
            self.selected_org = self.rows[message.row]
        else:
            self.selected = self.rows[message.row]
        self._show_selection(self.rows[message.row])

    def _show_selection(self, index: int | None) -> None:
        notes = self.notes
        if index is None:
            article = self.catalogue.article
            footer = f"Source: {article.source}" if article.source else ""
            notes.show_paragraphs(article.title, article.lead or ("",), footer)
            return
        if self.tab == ORGANISATIONS:
            o = self.catalogue.organisations[index]
            facts = [("Name", o.name), ("Status", o.status), ("Notes", o.notes),
                     ("Sources", "\n".join(o.sources))]  # fmt: skip
            notes.show_facts(f"{o.abbreviation}: {o.name}", [f for f in facts if f[1]])
            return
        relation = self.catalogue.relations[index]
        facts = relation_details(relation, self.catalogue.numbered, self.today)
        notes.show_facts(relation.name, facts)

    @property
    def highlighted(self) -> Relation | None:
        """The partner under the cursor, if any."""
        row = self.table.cursor_row
        if self.tab == ORGANISATIONS or row is None or row >= len(self.rows):
            return None
        return self.catalogue.relations[self.rows[row]]

    # -- search -------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.query = event.value
            self.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    # -- actions ------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search or self.focused is self.notes:
            self.table.focus()
        elif self.query:
            search.value = ""  # posts Input.Changed, which refreshes the view
        elif self.table.cursor_row is not None:
            self.table.set_cursor(None)

    def action_tab(self, n: int) -> None:
        tabs = self._tabs()
        if 0 <= n < len(tabs):
            self.go_to_tab(tabs[n].key)

    def _step_tab(self, step: int) -> None:
        keys = [t.key for t in self._tabs()]
        self.go_to_tab(keys[(keys.index(self.tab) + step) % len(keys)])

    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def go_to_tab(self, key: str) -> None:
        if key != self.tab:
            self.tab = key
            self.refresh_view()

    def go_to_partner(self, index: int) -> None:
        """Show one partner: in this tab if it is there, else in All, clearing a hiding search."""
        self.selected = index
        relation = self.catalogue.relations[index]
        if self.tab not in (ALL, relation.region):
            self.tab = ALL
        if self.query and index not in self.index.rows(ALL, self.query):
            self.query = ""
            with self.prevent(Input.Changed):
                self.query_one("#search", Input).value = ""
        self.refresh_view()
        self.table.focus()

    def go_to_organisation(self, index: int) -> None:
        self.selected_org = index
        self.tab = ORGANISATIONS
        self.refresh_view()
        self.table.focus()

    async def on_key_bar_pressed(self, message: KeyBar.Pressed) -> None:
        await self.run_action(message.action)

    def on_tab_bar_chosen(self, message: TabBar.Chosen) -> None:
        self.go_to_tab(message.key)

    def _descending(self) -> bool:
        """The sort direction of what is shown (partners and organisations sort separately)."""
        return self.org_descending if self.tab == ORGANISATIONS else self.descending

    def _sort_by(self, column: str, descending: bool) -> None:
        if self.tab == ORGANISATIONS:
            self.org_sort_column, self.org_descending = column, descending
        else:
            self.sort_column, self.descending = column, descending
        self.refresh_view()

    def action_sort_next(self) -> None:
        keys = [c.key for c in self._columns()]
        current = self._sort_key()
        following = keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]
        self._sort_by(following, False)

    def action_reverse_sort(self) -> None:
        self._sort_by(self._sort_key(), not self._descending())

    def on_row_table_header_clicked(self, message: RowTable.HeaderClicked) -> None:
        same = message.column == self._sort_key()
        self._sort_by(message.column, not self._descending() if same else False)

    def action_toggle_notes(self) -> None:
        self.notes.display = not self.notes.display

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

        if self.tab == ORGANISATIONS:
            self.notify("Export works on partner tabs.", severity="warning", markup=False)
            return
        relations = [self.catalogue.relations[i] for i in self.rows]
        self.push_screen(ExportScreen(relations, today=self.today, protected=self.catalogue.path,
                                      identity=self.catalogue.identity))  # fmt: skip

    # -- command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for command in COMMANDS:
            if command.palette and command.action not in ("quit", "back"):
                yield SystemCommand(
                    command.label,
                    f"{command.description} ({command.display})",
                    partial(self.run_action, command.action),
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
    terminal.patch_textual()
    app = MongoliaApp(
        catalogue, country=country, region=region, today=today, after_start=after_start
    )
    if theme is not None and theme in app.available_themes:
        app.theme = theme
    return app

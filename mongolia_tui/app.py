"""The browser: region tabs, one sortable table, a notes panel and live search.

The app is a thin renderer of :class:`~mongolia_tui.state.BrowserState`: every key or message
becomes one call to the state, then :meth:`MongoliaApp.render_state` hands the widgets what to
show (attributes down); the widgets report clicks as messages (up) and repaint only what
changed. The app never touches the store file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Literal

from textual import events
from textual.screen import Screen
from textual.widget import Widget

from mongolia_tui import terminal
from mongolia_tui.commands import WHERE, binding_ids, bindings
from mongolia_tui.config import Config, config_file, load_config
from mongolia_tui.going import GoingSomewhere
from mongolia_tui.jumps import Jumps
from mongolia_tui.keyorder import KeyOrderApp
from mongolia_tui.memory import Memory, load_memory
from mongolia_tui.menus import Menus
from mongolia_tui.missions import summary_line as mission_summary
from mongolia_tui.model import Catalogue, Partner
from mongolia_tui.palette import CommandsProvider, GoToProvider
from mongolia_tui.remembered import Remembered, Saver, state_file
from mongolia_tui.screens.browser import BrowserScreen
from mongolia_tui.sharing import Sharing
from mongolia_tui.state import BrowserState
from mongolia_tui.summary import organisation_record, partner_record
from mongolia_tui.tabs import TABS
from mongolia_tui.views import today as current_date
from mongolia_tui.widgets.keybar import KeyBar
from mongolia_tui.widgets.notes import NotesPanel
from mongolia_tui.widgets.search import SearchBox
from mongolia_tui.widgets.tabbar import TabBar
from mongolia_tui.widgets.table import RowTable


class MongoliaApp(Menus, Jumps, Memory, Sharing, GoingSomewhere, KeyOrderApp):
    """Mongolia's foreign relations, browsed from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "Mongolia's foreign relations"
    BINDINGS = bindings()
    # Textual's own commands provider puts each entry on two lines: ours, one.
    COMMANDS = {CommandsProvider, GoToProvider}

    def __init__(
        self,
        catalogue: Catalogue,
        *,
        country: str | None = None,
        region: str | None = None,
        today: date | None = None,
        after_start: Callable[[], None] | None = None,
        remembered: Remembered | None = None,
        saver: Saver | None = None,
        config: Config | None = None,
        names: str | None = None,
    ) -> None:
        """``after_start`` runs in a thread once the first screen is drawn (housekeeping);
        ``remembered``: the last run's state (``saver`` writes this run's); ``config``: the
        user's settings (defaults and keys); ``names``: the table's names, "en" or "mn"
        (by default the config file's ``names``)."""
        super().__init__()
        self._after_start = after_start
        self.catalogue = catalogue
        self.today = today or current_date()
        remembered = remembered or Remembered()
        self.config = config or Config()
        #: Binding id -> keys, as remapped by the config file (the help and key bar show them).
        self.keys_in_force = dict(self.config.keys)
        partner = country or remembered.partner
        selected = None
        if partner is not None:
            selected = next(
                (i for i, r in enumerate(catalogue.partners) if r.name == partner), None
            )
        self.state = BrowserState(catalogue, tab=region or remembered.tab, selected=selected,
                                  names=names or self.config.names)  # fmt: skip
        if remembered.notes_shown is None and self.config.notes_shown is not None:
            remembered = replace(remembered, notes_shown=self.config.notes_shown)
        self.setup_memory(remembered, saver)
        if country is not None and selected is not None:
            self.state.go_to_partner(selected)  # a remembered filter must not hide it
        self.browser = BrowserScreen(self.state, self.today)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's colours, with a panel that reads on 16-colour terminals too."""
        from mongolia_tui.colours import adjusted

        return adjusted(super().get_css_variables(), self.current_theme.dark)

    def typing_box(self) -> SearchBox | None:
        """The search box, while it has the focus on the browser's screen."""
        box = self.search_box if self.screen is self.browser else None
        return box if box is not None and self.focused is box else None

    # -- start-up -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        return self.browser

    def on_browser_screen_ready(self, message: BrowserScreen.Ready) -> None:
        terminal.handle_signals(self)  # SIGTERM/SIGINT restore the terminal, SIGHUP ends

        # A watcher, not the Input.Changed message: it runs as the key is typed, so the rows
        # are drawn in the same frame as the typed character (a message would bubble up
        # through the widgets first, and the rows came a frame or two later).
        self.watch(self.search_box, "value", self._typed, init=False)
        self._focus(self.table)
        self.search_box.history = self.search_history
        self.start_memory()

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
        self.browser.coming_up()  # what an empty table's notes panel shows
        if self._after_start is not None:
            self._after_start()

    # -- the browser's screen -----------------------------------------------------------------

    def render_state(self) -> None:
        """Show the state on the browser's screen (only what changed is repainted)."""
        self.browser.show(self.state)

    @property
    def table(self) -> RowTable:
        return self.browser.table

    @property
    def notes(self) -> NotesPanel:
        return self.browser.notes

    @property
    def search_box(self) -> SearchBox:
        return self.browser.search_box

    def _key_context(self) -> str:
        return self.browser.key_context(self.state)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.render_state()  # the key bar follows the focus

    @property
    def highlighted(self) -> Partner | None:
        """The partner under the cursor, if any."""
        state = self.state
        if not state.on_partners or state.shown is None:
            return None
        return self.catalogue.partners[state.shown]

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
        box = self.search_box
        if self.focused is box and widget is not box:
            box.remember()  # now: the blur comes after the keys that follow
        self.screen.set_focus(widget)

    def _apply(self, change: Callable[[], object]) -> None:
        change()
        self.render_state()
        self.state_changed()

    def _typed(self, value: str) -> None:
        """The search box was edited: the state's query follows. The box only shows the
        state's query (see :meth:`BrowserScreen.show`), so when the state set the box's value
        itself there is nothing to do and nothing is drawn again."""
        if value != self.state.query:
            self._apply(partial(self.state.set_query, value))

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
        """Enter in the search box: back to the table, the search kept."""
        self._focus(self.table)

    def action_stop(self) -> None:
        self.exit()

    def action_focus_search(self) -> None:
        # What is typed next replaces the query (selected now, not when the box gets the
        # focus event, which comes after keys already typed).
        self._focus(self.search_box)
        self.search_box.select_all()

    def action_step_back(self) -> None:
        """Esc: back to the table, then clear the search, then the filters. The highlight
        stays (named so as not to override Textual's own ``App.action_back``)."""
        state = self.state
        if self.focused is self.search_box:
            self._focus(self.table)
        elif state.query:
            self._apply(partial(state.set_query, ""))
        elif state.on_partners and (state.filters or state.years is not None):
            self._apply(state.clear_filters)

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
        jump = self.state.jump_target() is not None
        if not self.state.next_match(step):
            message = "No search: press / first." if not self.state.query else "No match."
            self.notify(message, severity="warning", markup=False)
        if jump:
            self._focus(self.table)  # then the next n steps through the matches there
        self.render_state()

    def action_toggle_notes(self) -> None:
        self._apply(self.state.toggle_notes)

    def action_details(self) -> None:
        from mongolia_tui.screens.detail import DetailScreen

        state = self.state
        shown = state.shown
        if shown is None:  # an empty table (the key bar does not offer enter there)
            return
        if state.on_partners:
            partner = self.catalogue.partners[shown]
            line = mission_summary(self.catalogue.missions, partner.iso3, partner.name)
            sections = partner_record(partner, self.catalogue.ranked_count, self.today, line)
            self.push_screen(DetailScreen(partner.name, sections))
        else:
            organisation = self.catalogue.organisations[shown]
            title = f"{organisation.abbreviation}: {organisation.name}"
            self.push_screen(DetailScreen(title, organisation_record(organisation)))

    def action_help(self) -> None:
        from mongolia_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def browser_table_refresh_row(self, row: int) -> None:
        self.table.refresh_row(row)


#: The actions of ``n`` and ``N``.


def make_app(
    catalogue: Catalogue,
    *,
    country: str | None = None,
    region: str | None = None,
    theme: str | None = None,
    today: date | None = None,
    after_start: Callable[[], None] | None = None,
    fresh: bool = False,
    config: Config | None = None,
    state_path: Path | Literal["default"] | None = "default",
    names: str | None = None,
) -> MongoliaApp:
    """The one way to build the app: used by the CLI, the tests and the screenshot script.

    The last run's state is read from ``state_path`` (by default the user's state file, see
    :mod:`mongolia_tui.remembered`; None: nothing is read or written), unless ``fresh``; a
    warning about it goes to stderr. ``config``: by default the user's config file
    (:class:`~mongolia_tui.config.ConfigError` if it is wrong). ``names``: "en" or "mn" for
    the table's names (None: the config file's ``names``).
    """
    terminal.patch_textual()  # before the app runs: its input thread decodes from the start
    if config is None:
        config = load_config(config_file(), binding_ids())
    remembered, saver = load_memory(state_file() if state_path == "default" else state_path)
    if fresh:
        remembered = remembered.fresh()
    app = MongoliaApp(catalogue, country=country, region=region, today=today,
                      after_start=after_start, remembered=remembered, saver=saver,
                      config=config, names=names)  # fmt: skip
    app.apply_settings(theme, remembered.theme)
    return app

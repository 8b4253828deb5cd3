"""The app's memory: what it keeps between runs (tab, sort, filters, notes panel, theme, the
highlighted partner, marks, search history) and the keys that use it (``m``, ↑/↓ in the search
box).

The file itself is :mod:`mongolia_tui.remembered` (pure); this is the wiring. Saving is cheap:
a change only sets a flag, and at most once a second (and at exit) the state is compared
with what was last written and, if different, written from a worker thread. Never a write
per keystroke.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import RenderableType
from textual.app import App
from textual.theme import Theme
from textual.timer import Timer

from mongolia_tui.config import Config
from mongolia_tui.history import SearchHistory
from mongolia_tui.model import Catalogue
from mongolia_tui.remembered import MAX_MARKS, MAX_TEXT, Remembered, Saver, load
from mongolia_tui.sanitize import safe_line
from mongolia_tui.state import BrowserState
from mongolia_tui.tabs import Sort

#: Seconds between a change and its save (changes in between are saved together).
SAVE_DELAY = 1.0


def load_memory(path: Path | None) -> tuple[Remembered, Saver]:
    """The last run's state (a warning about its file goes to stderr, one line) and the saver
    of this run's."""
    remembered, warning = load(path)
    if warning is not None:
        print(f"mongolia-tui: warning: {safe_line(warning)}", file=sys.stderr)
    return remembered, Saver(path, remembered)


class Memory(App[int]):
    """Remembered state and marks, for :class:`~mongolia_tui.app.MongoliaApp`."""

    catalogue: Catalogue
    state: BrowserState
    config: Config

    def setup_memory(self, remembered: Remembered, saver: Saver | None) -> None:
        """Take back what was remembered (after the state was built on its tab and partner)."""
        self.remembered = remembered
        self.saver = saver or Saver(None)
        self.memory_warning: str | None = None
        self.search_history = SearchHistory(remembered.history)
        self._save_timer: Timer | None = None
        names = {r.name: i for i, r in enumerate(self.catalogue.partners)}
        self.state.restore(
            sort=Sort(*remembered.sort),
            org_sort=Sort(*remembered.org_sort),
            filters=frozenset(remembered.filters),
            notes_shown=remembered.notes_shown,
            marks=frozenset(names[m] for m in remembered.marks if m in names),
        )
        # Marks of partners this store does not have (another --data) are kept, not dropped.
        self._other_marks = tuple(m for m in remembered.marks if m not in names)

    def apply_settings(self, theme: str | None, remembered_theme: str | None) -> None:
        """The config's keys, and the theme: ``--theme``, else the one chosen last time, else
        the config's. An unknown theme in the config is an error naming its line."""
        config = self.config
        if config.keys:
            self.set_keymap(dict(config.keys))
        if config.theme is not None and config.theme not in self.available_themes:
            known = ", ".join(sorted(self.available_themes))
            raise config.error("theme", f"unknown theme {config.theme!r}; choose from: {known}")
        for chosen in (theme, remembered_theme, config.theme):
            if chosen is not None and chosen in self.available_themes:
                self.theme = chosen
                return

    def start_memory(self) -> None:
        """Once running: a theme chosen in the palette is remembered too."""
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        self.state_changed()

    # -- saving -------------------------------------------------------------------------------

    def snapshot(self) -> Remembered:
        """What to remember of the state now."""
        state = self.state
        partners = self.catalogue.partners
        partner = None if state.partner is None else partners[state.partner].name
        if partner is not None and len(partner) > MAX_TEXT:
            partner = None  # the file keeps names of a sane length (see remembered)
        marked = sorted(partners[i].name for i in state.marks)
        marks = tuple(n for n in marked if len(n) <= MAX_TEXT)[:MAX_MARKS] + self._other_marks
        return Remembered(
            tab=state.tab,
            sort=(state.partner_sort.column, state.partner_sort.descending),
            org_sort=(state.org_sort.column, state.org_sort.descending),
            filters=tuple(sorted(state.filters)),
            notes_shown=state.notes_shown,
            theme=self.theme,
            partner=partner,
            marks=marks,
            history=tuple(self.search_history.entries),
        )

    def state_changed(self) -> None:
        """Something worth remembering may have changed: save within :data:`SAVE_DELAY`."""
        if self.saver.path is None or self._save_timer is not None:
            return
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_soon)

    def _save_soon(self) -> None:
        self._save_timer = None
        remembered = self.snapshot()
        self.run_worker(lambda: self._write(remembered, self._warn_later), thread=True,
                        group="save", exit_on_error=False)  # fmt: skip

    def _write(self, remembered: Remembered, report: Callable[[str], None]) -> None:
        error = self.saver.save(remembered)
        if error is not None:
            report(error)

    def _warn_later(self, error: str) -> None:
        self.memory_warning = error
        self.call_from_thread(self.notify, error, severity="warning", markup=False)

    def save_now(self) -> None:
        """Save at once, in this thread (at exit)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.search_history.add(self.state.query)
        self._write(self.snapshot(), self._remember_error)

    def _remember_error(self, error: str) -> None:
        self.memory_warning = error

    def exit(
        self,
        result: int | None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        if self.saver.path is not None and self.is_running:
            self.save_now()
        super().exit(result, return_code, message)

    # -- marks --------------------------------------------------------------------------------

    def action_mark(self) -> None:
        state = self.state
        if not state.on_partners or state.partner is None or state.cursor is None:
            self.notify("Highlight a partner first.", severity="warning", markup=False)
            return
        row = state.cursor
        rows = state.rows
        state.toggle_mark(state.partner)
        if state.rows is rows:
            self.browser_table_refresh_row(row)  # only the star changed
        self.render_state()
        self.state_changed()

    def browser_table_refresh_row(self, row: int) -> None:
        """Repaint one row of the browser's table (the app provides it)."""
        raise NotImplementedError

    def render_state(self) -> None:
        raise NotImplementedError

"""The Missions view: every mission Mongolia has abroad and the countries each also covers.

Typing narrows the list (a country, covered or not, a city, a kind): "which embassy covers
Slovenia?" is ``M`` and "slov". Opened on a partner, the view starts at the mission that
serves it. Enter dismisses with the name of the row's host country (the browser goes to it),
escape with None. Built from plain data: the store's missions and the partners' names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mongolia_tui.missions import (
    MissionRow,
    dates_text,
    kind_label,
    mission_rows,
    search_rows,
    serving,
)
from mongolia_tui.model import Mission
from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import MAX_QUERY_LENGTH


def row_text(row: MissionRow) -> Text:
    """ "Austria  Vienna  embassy  since 1972" and, below, the countries it also covers."""
    m = row.mission
    text = Text(overflow="fold")
    text.append(f"{safe_line(row.country)}", style="bold")
    text.append(f" · {safe_line(m.city)} · {kind_label(m)}")
    when = dates_text(m)
    if when:
        text.append(f" · {when}")
    if row.covers:
        text.append("\n  also covers: " + ", ".join(safe_line(c) for c in row.covers))
    return text


class MissionsScreen(Screen[str | None]):
    """Mongolia's missions abroad; type to narrow, enter goes to the host country."""

    CSS_PATH = "missions.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", show=False),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("pageup", "page(-1)", "Page up", show=False, priority=True),
        Binding("pagedown", "page(1)", "Page down", show=False, priority=True),
    ]

    def __init__(
        self, missions: Sequence[Mission], names: Mapping[str, str], *, at: str | None = None
    ) -> None:
        """``names``: partners' names by ISO code; ``at``: the ISO code of the partner to
        start at (the row of the mission that serves it)."""
        super().__init__()
        self.all_rows = mission_rows(missions, names)
        self.rows: list[MissionRow] = list(self.all_rows)
        self.at = at
        self.search = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="missions"):
            yield Static(id="missions-title", markup=False)
            yield Input(
                placeholder="type a partner or city: which mission covers it",
                id="missions-search",
                max_length=MAX_QUERY_LENGTH,
            )
            yield OptionList(id="missions-list")
            yield Static(
                Text("type: narrow · ↑ ↓: move · enter: go to the partner · esc: back"),
                id="missions-hint",
                markup=False,
            )

    @property
    def options(self) -> OptionList:
        return self.query_one("#missions-list", OptionList)

    def on_mount(self) -> None:
        self._show(serving(self.rows, self.at) or 0)
        self.query_one(Input).focus()

    def _show(self, highlight: int = 0) -> None:
        title = Text("Mongolia's missions abroad", style="bold")
        countries = len({r.mission.host for r in self.all_rows})
        title.append(f" · {len(self.all_rows)} in {countries} countries")
        if self.search.strip():
            title.append(f" · {len(self.rows)} match {safe_line(self.search)!r}")
        self.query_one("#missions-title", Static).update(title)
        options = self.options
        options.clear_options()
        if self.rows:
            options.add_options(Option(row_text(r), id=str(i)) for i, r in enumerate(self.rows))
            options.highlighted = min(highlight, len(self.rows) - 1)
        else:
            empty = Text("No mission matches: no data, which does not mean none exists.")
            empty.stylize("italic")
            options.add_option(Option(empty, disabled=True))

    def _narrow(self, query: str) -> None:
        if query != self.search:
            self.search = query
            self.rows = search_rows(self.all_rows, query)
            self._show()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._narrow(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._narrow(event.value)  # keys typed in one burst: the rows of the whole query
        self._choose(self.options.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.rows):
            self.dismiss(self.rows[index].country)

    def action_move(self, step: int) -> None:
        if step > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_page(self, step: int) -> None:
        # Textual leaves these two actions unannotated.
        if step > 0:
            self.options.action_page_down()  # type: ignore[no-untyped-call]
        else:
            self.options.action_page_up()  # type: ignore[no-untyped-call]

    def action_close(self) -> None:
        self.dismiss(None)

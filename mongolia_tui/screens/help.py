"""The help screen: every key, generated from the command declarations."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mongolia_tui.commands import COMMANDS, OTHER_KEYS, TAB_KEYS, shown_key
from mongolia_tui.filters import UNCERTAIN_LEGEND, UNCERTAIN_MARK
from mongolia_tui.screens.browser import MARK
from mongolia_tui.screens.scrolling import SCROLL_BINDINGS, FindBox, ScrollKeys

#: Moving keys are listed once, in OTHER_KEYS, not once per binding.
_MOVES = ("move", "page", "first", "last")


def help_table(keymap: Mapping[str, str] | None = None) -> Table:
    """Keys and what they do, as a Rich table (plain text, no markup from data); ``keymap``:
    the keys remapped by the config file, shown instead of the declared ones."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for command in COMMANDS:
        if command.key in TAB_KEYS or command.action.startswith(_MOVES):
            continue
        table.add_row(Text(shown_key(command, keymap)), Text(command.description))
    for keys, description in OTHER_KEYS:
        table.add_row(Text(keys), Text(description))
    return table


class HelpScreen(ScrollKeys, ModalScreen[None]):
    """Lists every key; scrolls like less; esc, q or ? closes it."""

    BINDINGS = [
        *SCROLL_BINDINGS,
        Binding("question_mark", "close", "Close", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(help_table(getattr(self.app, "keys_in_force", None)), id="help-keys")
            yield Static(
                Text(
                    f"In the table: {UNCERTAIN_MARK} after a date: {UNCERTAIN_LEGEND} (f "
                    f"filters them; enter shows why); {MARK.strip()} before a name: marked (m)."
                ),
                id="help-legend",
            )
            yield Static(
                Text("Search ignores case and accents: “cote” finds Côte d'Ivoire, “dprk” "
                     "North Korea, “Герман” (its name in Mongolian) Germany, “1992” every partner "
                     "of that year, “czechoslovakia” its "
                     "successors. j/k or space scroll; / finds, n the next; esc closes this."),
                id="help-hint",
            )  # fmt: skip
        yield FindBox()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

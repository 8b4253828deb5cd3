"""A short menu (sort by, filters): press an option's number, or move to it and press enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class Choice(NamedTuple):
    """An option: what choosing it returns, its label, and whether it is on now."""

    key: str
    label: str
    on: bool = False


class ChoiceScreen(ModalScreen[str | None]):
    """Dismisses with the chosen option's key, or None (esc)."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel", key_display="esc")]

    def __init__(self, title: str, choices: Sequence[Choice], hint: str = "") -> None:
        super().__init__()
        self.menu_title = title
        self.choices = tuple(choices)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="choose"):
            yield Static(Text(self.menu_title, style="bold"))
            yield OptionList(
                *(
                    Option(Text(f"{n % 10}  {'✓' if c.on else ' '} {c.label}"), id=c.key)
                    for n, c in enumerate(self.choices, start=1)
                ),
                id="choose-options",
            )
            yield Static(Text(self.hint or "number or enter chooses · esc cancels"),
                         id="choose-hint")  # fmt: skip

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = next((n for n, c in enumerate(self.choices) if c.on), 0)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            n = (int(event.character) - 1) % 10
            if n < len(self.choices):
                event.stop()
                self.dismiss(self.choices[n].key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

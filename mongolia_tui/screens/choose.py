"""A short menu (sort by, filters): press an option's number, or move to it and press enter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.text import Text
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


class ChoiceScreen(ModalScreen[None]):
    """Calls ``on_choice`` with the chosen option's key, then closes; esc just closes.

    The choice is made as the key arrives (priority bindings, a direct call rather than a
    result callback run later), so keys typed after it in a burst act on the new state.
    """

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", key_display="esc", priority=True),
        *(Binding(str((n + 1) % 10), f"choose({n})", show=False, priority=True) for n in range(10)),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice],
        on_choice: Callable[[str], object],
        hint: str = "",
    ) -> None:
        super().__init__()
        self.menu_title = title
        self.choices = tuple(choices)
        self.on_choice = on_choice
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            n = parameters[0]  # an int: the bindings are choose(0) .. choose(9)
            return isinstance(n, int) and n < len(self.choices)
        return True

    def action_choose(self, n: int) -> None:
        self._chosen(self.choices[n].key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._chosen(event.option.id or "")

    def _chosen(self, key: str) -> None:
        self.dismiss()
        self.on_choice(key)

    def action_cancel(self) -> None:
        self.dismiss()

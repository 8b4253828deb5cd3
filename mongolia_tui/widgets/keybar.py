"""A one-line bar of the keys that work where the focus is.

Textual's ``Footer`` recomposes itself after the first frame, which costs a visible tenth of a
second at start-up; this bar draws from the same declarations the bindings come from, and
repaints only when the keys it shows change (a change of focus or tab), never per keystroke.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget

KeyList = tuple[tuple[str, str, str], ...]  # (key as shown, label, action or "")


class KeyBar(Widget):
    """Keys and labels; a click on one runs its action (reported as a message)."""

    #: No link highlighting: Textual repaints a widget with it on every hover change.
    auto_links = Reactive(False)

    COMPONENT_CLASSES = {"keybar--key", "keybar--label"}

    class Pressed(Message):
        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def __init__(
        self, keys: Sequence[tuple[str, str, str]] = (), right: tuple[str, str, str] | None = None,
        *, id: str | None = None,
    ) -> None:  # fmt: skip
        """``keys`` are (key as shown, label, action); ``right`` is drawn at the far right."""
        super().__init__(id=id)
        self.keys: KeyList = tuple(keys)
        self.right = right
        self._first_right = right
        self._hits: list[tuple[int, int, str]] = []

    def show(
        self, keys: Sequence[tuple[str, str, str]], right: tuple[str, str, str] | None = None
    ) -> None:
        """Show other keys, and ``right`` at the far right (None: the one given at first, e.g.
        a legend of what the highlighted row shows in place of the palette key); repaint
        only if they differ."""
        keys = tuple(keys)
        right = right or self._first_right
        if keys != self.keys or right != self.right:
            self.keys = keys
            self.right = right
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        label_style = self.get_component_rich_style("keybar--label")
        text = Text(no_wrap=True, overflow="crop", end="")
        self._hits = []
        width = self.size.width
        right_len = len(self.right[0]) + len(self.right[1]) + 3 if self.right else 0
        for shown, label, action in self.keys:
            piece = len(shown) + len(label) + 3
            if text.cell_len + piece > width - right_len:
                break
            start = text.cell_len
            text.append(f" {shown} ", key_style)
            text.append(f"{label} ", label_style)
            self._hits.append((start, text.cell_len, action))
        if self.right is not None and width - text.cell_len >= right_len:
            shown, label, action = self.right
            text.append(" " * (width - text.cell_len - right_len), label_style)
            start = text.cell_len
            text.append(f" {shown} ", key_style)
            text.append(f"{label} ", label_style)
            self._hits.append((start, text.cell_len, action))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, action in self._hits:
            if start <= event.x < end and action:
                self.post_message(self.Pressed(action))
                return

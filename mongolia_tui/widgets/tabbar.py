"""A one-line tab bar that always shows the active tab, however narrow the terminal.

Textual's ``Tabs`` takes two lines and scrolls; at 80 columns ten labelled tabs do not fit,
so this bar drops to short labels and, if still too wide, shows a window around the active tab
with ‹ › marks. It posts :class:`TabBar.Chosen` when a tab is clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class Tab:
    key: str
    label: str
    short: str
    hotkey: str


class TabBar(Widget):
    """Tabs with counts, drawn as one line of text."""

    COMPONENT_CLASSES = {"tabbar--active", "tabbar--tab", "tabbar--hotkey", "tabbar--more"}

    class Chosen(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, tabs: Sequence[Tab], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs = tuple(tabs)
        self.active = self.tabs[0].key if self.tabs else ""
        self.counts: dict[str, int] = {}
        self._hits: list[tuple[int, int, str]] = []

    def update(self, active: str, counts: dict[str, int]) -> None:
        self.active = active
        self.counts = dict(counts)
        self.refresh()

    def _pieces(self, short: bool) -> list[tuple[str, str, str]]:
        out = []
        for tab in self.tabs:
            count = self.counts.get(tab.key)
            label = tab.short if short else tab.label
            body = f"{label} {count}" if count is not None else label
            out.append((tab.key, tab.hotkey, body))
        return out

    def render(self) -> Text:
        width = self.size.width
        full = self._pieces(short=False)

        def length(pieces: list[tuple[str, str, str]]) -> int:
            return sum(len(hot) + len(body) + 4 for _, hot, body in pieces)

        pieces = full if length(full) <= width else self._pieces(short=True)
        keys = [key for key, _, _ in pieces]
        active = keys.index(self.active) if self.active in keys else 0
        start, end = 0, len(pieces)
        # Shrink the window from whichever side is further from the active tab (+4 leaves
        # room for the ‹ and › marks).
        while (
            start < end - 1 and length(pieces[start:end]) + 4 > width and (length(pieces) > width)
        ):
            if active - start > end - 1 - active:
                start += 1
            else:
                end -= 1
        text = Text(no_wrap=True, overflow="crop", end="")
        self._hits = []
        more = self.get_component_rich_style("tabbar--more")
        hotkey = self.get_component_rich_style("tabbar--hotkey")
        if start > 0:
            text.append("‹ ", more)
        for key, hot, body in pieces[start:end]:
            style_name = "tabbar--active" if key == self.active else "tabbar--tab"
            style = self.get_component_rich_style(style_name)
            begin = text.cell_len
            # Only the text style of the hotkey class: the tab's own background must stay.
            text.append(f" {hot} ", style + Style(dim=hotkey.dim, bold=hotkey.bold))
            text.append(f"{body} ", style)
            self._hits.append((begin, text.cell_len, key))
            text.append(" ")
        if end < len(pieces):
            text.append("›", more)
        return text

    def on_click(self, event: events.Click) -> None:
        for begin, finish, key in self._hits:
            if begin <= event.x < finish:
                self.post_message(self.Chosen(key))
                return

"""A one-line tab bar that shows every tab's number key, however narrow the terminal.

Textual's ``Tabs`` takes two lines and scrolls; at 80 columns ten labelled tabs do not fit.
This bar shows every tab labelled if it can; else every tab's number (and count, if there is
room), with short labels for as many tabs as fit, the active one first. Only a terminal too
narrow even for that shows a window around the active tab with ‹ › marks. It repaints only
when what it shows changes, and posts :class:`TabBar.Chosen` when a tab is clicked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class Tab:
    key: str
    label: str
    short: str
    hotkey: str


Piece = tuple[str, str]  # (tab key, text)


def tab_pieces(
    tabs: Sequence[Tab], counts: Mapping[str, int], active: str, width: int
) -> tuple[list[Piece], bool, bool]:
    """The text of each tab shown, and whether tabs are hidden to the left and right."""

    def piece(tab: Tab, style: str) -> str:
        count = counts.get(tab.key)
        count_text = f" {count}" if count is not None else ""
        if style == "full":
            return f" {tab.hotkey} {tab.label}{count_text} "
        if style == "short" or tab.key == active:
            return f" {tab.hotkey} {tab.short}{count_text} "
        if style == "count":
            return f" {tab.hotkey}{count_text} "
        return f" {tab.hotkey} "

    def fits(pieces: list[Piece]) -> bool:
        return sum(len(text) for _, text in pieces) <= width

    full = [(tab.key, piece(tab, "full")) for tab in tabs]
    if fits(full):
        return full, False, False
    # Numbers and counts for all, then short labels for as many as fit: the active tab
    # first, then from the left.
    for style in ("count", "number"):
        styled = {tab.key: style for tab in tabs}
        pieces = [(tab.key, piece(tab, style)) for tab in tabs]
        if fits(pieces):
            order = sorted(tabs, key=lambda tab: tab.key != active)
            for tab in order:
                trial = dict(styled, **{tab.key: "short"})
                candidate = [(t.key, piece(t, trial[t.key])) for t in tabs]
                if fits(candidate):
                    styled, pieces = trial, candidate
            return pieces, False, False
    # Narrower still: a window around the active tab (+2 leaves room for each mark).
    keys = [key for key, _ in pieces]
    at = keys.index(active) if active in keys else 0
    start, end = at, at + 1
    while True:
        grown = False
        for new_start, new_end in ((start - 1, end), (start, end + 1)):
            if new_start < 0 or new_end > len(pieces):
                continue
            used = sum(len(text) for _, text in pieces[new_start:new_end])
            marks = 2 * (new_start > 0) + 2 * (new_end < len(pieces))
            if used + marks <= width:
                start, end, grown = new_start, new_end, True
        if not grown:
            break
    return pieces[start:end], start > 0, end < len(pieces)


class TabBar(Widget):
    """Tabs with counts, drawn as one line of text."""

    #: No link highlighting: Textual repaints a widget with it on every hover change.
    auto_links = Reactive(False)

    COMPONENT_CLASSES = {"tabbar--active", "tabbar--tab", "tabbar--more"}

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

    def update(self, active: str, counts: Mapping[str, int]) -> None:
        """Show a tab as active and the counts; repaint only if either changed."""
        if active == self.active and counts == self.counts:
            return
        self.active = active
        self.counts = dict(counts)
        self.refresh()

    def render(self) -> Text:
        pieces, left, right = tab_pieces(self.tabs, self.counts, self.active, self.size.width)
        text = Text(no_wrap=True, overflow="crop", end="")
        more = self.get_component_rich_style("tabbar--more")
        tab_style = self.get_component_rich_style("tabbar--tab")
        active_style = self.get_component_rich_style("tabbar--active")
        self._hits = []
        if left:
            text.append("‹ ", more)
        for key, body in pieces:
            begin = text.cell_len
            text.append(body, active_style if key == self.active else tab_style)
            self._hits.append((begin, text.cell_len, key))
        if right:
            text.append(" ›", more)
        return text

    def on_click(self, event: events.Click) -> None:
        for begin, finish, key in self._hits:
            if begin <= event.x < finish:
                self.post_message(self.Chosen(key))
                return

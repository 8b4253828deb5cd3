"""A one-line tab bar that names every tab, however narrow the terminal.

Textual's ``Tabs`` takes two lines and scrolls; at 80 columns ten labelled tabs with their
counts do not fit. This bar draws every tab in the richest style that fits: full labels and
counts, then short labels ("SE Asia") and counts, then tiny ones ("Eur"), with counts for as
many tabs as fit, the active one first. A number or count is never shown without its tab's
name: "4 5 5 11" read as noise. A terminal too narrow for every tiny name shows a window of
named tabs around the active one, with ‹ › marks. It repaints only when what it
shows changes, and posts :class:`TabBar.Chosen` when a tab is clicked.
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
    #: The narrowest name still read as the tab's ("Eur"); the short one if not given.
    tiny: str = ""


Piece = tuple[str, str]  # (tab key, text)

#: Styles from the narrowest to the richest: (name shown, with its count).
STYLES: tuple[tuple[str, bool], ...] = (
    ("tiny", False),
    ("tiny", True),
    ("short", True),
    ("label", True),
)


def _piece(tab: Tab, style: int, counts: Mapping[str, int], active: str) -> str:
    """A tab's text: a space before it, and one after it for the active tab (whose
    background shows where it ends) and after a count (two spaces part "E Asia 5" from
    "5 SE Asia"); between names, one space is enough."""
    name, with_count = STYLES[style]
    end = " " if tab.key == active or with_count else ""
    shown = getattr(tab, name) or tab.short
    count = counts.get(tab.key)
    count_text = f" {count}" if with_count and count is not None else ""
    return f" {tab.hotkey} {shown}{count_text}{end}"


def tab_pieces(
    tabs: Sequence[Tab], counts: Mapping[str, int], active: str, width: int
) -> tuple[list[Piece], bool, bool]:
    """The text of each tab shown, and whether tabs are hidden to the left and right."""

    def pieces_of(styles: Mapping[str, int]) -> list[Piece]:
        return [(tab.key, _piece(tab, styles[tab.key], counts, active)) for tab in tabs]

    def fits(pieces: list[Piece]) -> bool:
        return sum(len(text) for _, text in pieces) <= width

    # The richest style every tab fits in, then one step richer for as many tabs as fit:
    # the active tab first, then from the left.
    for base in reversed(range(len(STYLES))):
        styles = {tab.key: base for tab in tabs}
        pieces = pieces_of(styles)
        if not fits(pieces):
            continue
        if base + 1 < len(STYLES):
            # Counts for some tabs and not others read as noise ("Afr 4 3 Amer"): a style
            # that adds counts goes to the active tab only.
            adds_count = STYLES[base + 1][1] and not STYLES[base][1]
            order = [t for t in tabs if t.key == active or not adds_count]
            for tab in sorted(order, key=lambda tab: tab.key != active):
                trial = dict(styles, **{tab.key: base + 1})
                candidate = pieces_of(trial)
                if fits(candidate):
                    styles, pieces = trial, candidate
        return pieces, False, False
    # Narrower still: a window of named tabs around the active one (+2 leaves room for
    # each mark), never numbers without names.
    pieces = pieces_of({tab.key: 1 if tab.key == active else 0 for tab in tabs})
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

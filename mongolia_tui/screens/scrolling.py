"""Keys that scroll a reading screen the way less and vim do (help, details)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll

#: j/k, space/b, g/G as in less; the arrows and PgUp/PgDn work through the scroll container.
#: Priority bindings: handled as each key arrives, in order, even in a burst (see
#: :func:`mongolia_tui.commands.bindings`).
SCROLL_BINDINGS = [
    Binding("j", "scroll('down')", "Down", show=False, priority=True),
    Binding("k", "scroll('up')", "Up", show=False, priority=True),
    Binding("space,f,ctrl+f", "scroll('page_down')", "Page down", show=False, priority=True),
    Binding("b,ctrl+b", "scroll('page_up')", "Page up", show=False, priority=True),
    Binding("g", "scroll('home')", "Top", show=False, priority=True),
    Binding("G", "scroll('end')", "Bottom", show=False, priority=True),
    Binding("escape,q", "close", "Close", key_display="esc", priority=True),
]


class ScrollKeys:
    """For a screen with one :class:`VerticalScroll`: scrolling keys, and esc/q to close."""

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one(VerticalScroll)  # type: ignore[attr-defined]
        getattr(scroller, f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)  # type: ignore[attr-defined]

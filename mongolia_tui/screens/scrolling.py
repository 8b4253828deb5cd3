"""Keys that scroll a reading screen the way less and vim do (help, details), and ``/`` to
find a word in it, with ``n``/``N`` for the next and previous occurrence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input

from mongolia_tui.search import normalise

if TYPE_CHECKING:
    from textual.screen import Screen

#: j/k, space/b, g/G as in less; the arrows and PgUp/PgDn work through the scroll container.
#: Priority bindings: handled as each key arrives, in order, even in a burst (see
#: :func:`mongolia_tui.commands.bindings`). While the find box is open, Textual leaves the
#: printable keys to it.
SCROLL_BINDINGS = [
    Binding("j", "scroll('down')", "Down", show=False, priority=True),
    Binding("k", "scroll('up')", "Up", show=False, priority=True),
    Binding("space,f,ctrl+f", "scroll('page_down')", "Page down", show=False, priority=True),
    Binding("b,ctrl+b", "scroll('page_up')", "Page up", show=False, priority=True),
    Binding("g", "scroll('home')", "Top", show=False, priority=True),
    Binding("G", "scroll('end')", "Bottom", show=False, priority=True),
    Binding("slash", "find", "Find", show=False, priority=True),
    Binding("n", "find_next(1)", "Next", show=False, priority=True),
    Binding("N", "find_next(-1)", "Previous", show=False, priority=True),
    Binding("escape,q", "close", "Close", key_display="esc", priority=True),
]


def find_line(lines: list[str], term: str, after: int, step: int) -> int | None:
    """The next line (``step`` 1) or previous (-1) after line ``after`` that holds ``term``
    (ignoring case and accents), wrapping around; None if no line does."""
    wanted = normalise(term)
    if not wanted or not lines:
        return None
    count = len(lines)
    for offset in range(1, count + 1):
        y = (after + step * offset) % count
        if wanted in normalise(lines[y]):
            return y
    return None


class FindBox(Input):
    """The one-line prompt of ``/``: enter finds, esc cancels. A reading screen composes
    one, hidden (see :meth:`ScrollKeys.action_find`)."""

    def __init__(self) -> None:
        super().__init__(placeholder="find: type a word · enter finds · esc cancels", id="find")
        self.cursor_blink = False  # a blink is a repaint twice a second: bytes over SSH
        self.display = False


if TYPE_CHECKING:
    _Screen = Screen[None]
else:
    # At run time a plain mixin, as before: with a Screen base of its own, Textual draws the
    # help screen differently (its snapshot changes).
    _Screen = object


class ScrollKeys(_Screen):
    """For a screen with one :class:`VerticalScroll`: scrolling keys, ``/`` to find, and
    esc/q to close. A Screen to the type checker, so that its methods are checked against
    Textual's; a reading screen puts it first in its bases
    (``HelpScreen(ScrollKeys, ModalScreen[None])``)."""

    #: The last word looked for, and the line it was last found on.
    find_term = ""
    found_line = -1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the find box is open, every key but esc types into it ("/" too)."""
        finding = isinstance(self.focused, FindBox)
        return action == "close" or not finding

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one(VerticalScroll)
        if how == "home":  # now, not after the next refresh: "g" then "n" in one burst
            scroller.scroll_to(y=0, animate=False, immediate=True)
            return
        getattr(scroller, f"scroll_{how}")(animate=False)

    def action_close(self) -> None:
        box = self.query_one(FindBox)
        if box.display:  # esc in the find box closes the box, not the screen
            self._close_find(box)
            return
        self.dismiss(None)

    def action_find(self) -> None:
        # The box is there from the start, hidden: focused now, the keys typed after "/"
        # in the same burst go into it.
        box = self.query_one(FindBox)
        box.value = ""
        box.display = True
        self.set_focus(box)

    def _close_find(self, box: FindBox) -> None:
        box.display = False
        self.set_focus(self.query_one(VerticalScroll))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not isinstance(event.input, FindBox):
            return
        event.stop()
        self._close_find(event.input)
        self.find_term = event.value.strip()
        scroller = self.query_one(VerticalScroll)
        self.found_line = int(scroller.scroll_y) - 1  # from the top of the view
        self.action_find_next(1)

    def action_find_next(self, step: int) -> None:
        if not self.find_term:
            self.app.notify("Press / to find a word first.", markup=False)
            return
        lines = self.reading_lines()
        y = find_line(lines, self.find_term, self.found_line, step)
        if y is None:
            self.app.notify(f"Not found: {self.find_term}", severity="warning", markup=False)
            return
        self.found_line = y
        scroller = self.query_one(VerticalScroll)
        # As less does: the line found at the top of the view (two lines of context).
        scroller.scroll_to(y=max(y - 2, 0), animate=False, immediate=True)

    def reading_lines(self) -> list[str]:
        """The text of every line of the scrolling content, as drawn (wrapped)."""
        scroller: VerticalScroll = self.query_one(VerticalScroll)
        lines: list[str] = []
        for child in scroller.children:
            if not isinstance(child, Widget) or not child.display:
                continue
            top = child.virtual_region.y
            height = child.outer_size.height
            lines.extend([""] * max(top - len(lines), 0))
            strips = child.render_lines(Region(0, 0, child.outer_size.width, height))
            lines.extend(strip.text for strip in strips)
        return lines

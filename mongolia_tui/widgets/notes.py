"""The notes panel: a short summary of the highlighted row, drawn line by line.

A change of partner repaints only the lines whose text changed (over SSH every line is bytes
on the wire). What does not fit ends with a line saying there is more: the detail view
(``enter``) shows everything and scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widget import Widget

from mongolia_tui.sanitize import safe_line, safe_text
from mongolia_tui.summary import Para

#: Longer paragraphs are cut before wrapping (a megabyte of text would stall the terminal).
MAX_SHOWN = 20_000
MORE = "… more: enter"
#: Kinds drawn on one line, cut with an ellipsis rather than wrapped.
ONE_LINE = frozenset({"title", "meta"})


class NotesPanel(Widget):
    """Paragraphs wrapped to the panel's width; lines diffed on every change."""

    #: No link highlighting: Textual repaints a widget with it on every hover change.
    auto_links = Reactive(False)

    COMPONENT_CLASSES = {"notes--title", "notes--label", "notes--hint", "notes--more"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paragraphs: tuple[Para, ...] = ()
        self._strips: list[Strip] = []
        self._key: tuple[int, int] = (0, 0)
        self.more = MORE

    def show(self, paragraphs: Sequence[Para], *, more: str = MORE) -> None:
        """Show paragraphs; repaint only the lines that differ from what is on screen.

        ``more`` ends a text too long for the panel (say which key shows the rest, if any)."""
        paragraphs = tuple(paragraphs)
        if paragraphs == self.paragraphs and more == self.more:
            return
        self.paragraphs = paragraphs
        self.more = more
        if not self.is_mounted or not self.size:
            return
        old = self._strips
        self._strips = self._build()
        width = self.size.width
        for y in range(min(max(len(old), len(self._strips)), self.size.height)):
            before = old[y] if y < len(old) else None
            after = self._strips[y] if y < len(self._strips) else None
            if before != after:
                self.refresh(Region(0, y, width, 1))

    @property
    def text(self) -> str:
        """What the panel shows, as plain text (one line per screen line)."""
        return "\n".join(strip.text.rstrip() for strip in self._strips)

    def _style(self, kind: str) -> Style:
        base = self.rich_style
        if kind == "meta":
            kind = "hint"
        if kind in ("title", "label", "hint"):
            return base + self.get_component_rich_style(f"notes--{kind}", partial=True)
        if kind == "facts":
            return base + Style(bold=True)
        return base

    def _build(self) -> list[Strip]:
        width, height = self.size.width, self.size.height
        if width <= 0 or height <= 0:
            return []
        console = self.app.console
        base = self.rich_style
        lines: list[Strip] = []
        paragraphs = self.paragraphs
        # The name and its facts share the first line when they fit.
        if len(paragraphs) > 1 and (paragraphs[0].kind, paragraphs[1].kind) == ("title", "facts"):
            name, facts = safe_line(paragraphs[0].text), safe_line(paragraphs[1].text)
            if cell_len(name) + 3 + cell_len(facts) <= width:
                text = Text(name, style=self._style("title"))
                text.append(" · " + facts, style=self._style("facts"))
                lines.append(self._strip(text, console, width))
                paragraphs = paragraphs[2:]
        for para in paragraphs:
            if len(lines) > height:
                break  # the rest cannot be seen: do not wrap it
            if para.kind == "break":
                lines.append(Strip.blank(width, base))
                continue
            raw = para.text[:MAX_SHOWN]
            body = safe_text(raw) if para.kind == "text" else safe_line(raw)
            if para.kind == "item":
                body = "  " + body
            text = Text(body, style=self._style(para.kind), overflow="fold")
            if para.kind in ONE_LINE:
                text.truncate(width, overflow="ellipsis")
            for line in text.wrap(console, width):
                lines.append(self._strip(line, console, width))
        if len(lines) > height:
            more = base + self.get_component_rich_style("notes--more", partial=True)
            lines = [*lines[: height - 1], self._strip(Text(self.more, style=more), console, width)]
        return lines

    def _strip(self, text: Text, console: Console, width: int) -> Strip:
        """One screen line: as few segments as its styles allow, padded to the width."""
        # Text.render leaves a text's own style off when it has no spans: put it under them.
        style = console.get_style(text.style) if isinstance(text.style, str) else text.style
        segments = Segment.apply_style(text.render(console), style)
        return Strip(list(segments)).simplify().adjust_cell_length(width, self.rich_style)

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        if self._key != (width, height):
            self._key = (width, height)
            self._strips = self._build()
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)

    def on_resize(self, event: events.Resize) -> None:
        if tuple(event.size) != self._key:  # not when the lines already fit this size
            self._key = (0, 0)
            self.refresh()

    def notify_style_update(self) -> None:
        # The lines are drawn with the styles of the moment: new styles, new lines.
        super().notify_style_update()
        self._key = (0, 0)

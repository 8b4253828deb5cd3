"""The title bar: one line saying what is shown (tab, count, filters, sort, search)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import Reactive
from textual.widget import Widget

from mongolia_tui.sanitize import safe_line


class TitleBar(Widget):
    """One line of text; repaints only when the text changes."""

    #: No link highlighting: Textual repaints a widget with it on every hover change.
    auto_links = Reactive(False)

    COMPONENT_CLASSES = {"titlebar--tab"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tab = ""
        self.rest = ""

    def show(self, tab: str, rest: str) -> None:
        """``tab`` is drawn in bold, then `` · rest``; text from data is made safe."""
        tab, rest = safe_line(tab), safe_line(rest)
        if (tab, rest) != (self.tab, self.rest):
            self.tab, self.rest = tab, rest
            self.refresh()

    @property
    def text(self) -> str:
        return f"{self.tab} · {self.rest}" if self.rest else self.tab

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(" " + self.tab, self.get_component_rich_style("titlebar--tab"))
        if self.rest:
            text.append(" · " + self.rest)
        return text

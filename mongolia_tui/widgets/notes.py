"""The notes panel: the highlighted partner in full, or the article's lead when none is."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from mongolia_tui.sanitize import safe_line, safe_text

#: Longer notes are cut in the panel (a megabyte of text would stall the terminal);
#: ``mongolia-tui show NAME`` prints them whole.
MAX_SHOWN = 20_000
#: Facts shown as a paragraph under their label rather than on one "Label: value" line.
BLOCKS = {"Notes", "Date note", "See also", "Sources"}


def _clip(value: str) -> str:
    if len(value) <= MAX_SHOWN:
        return value
    return (
        value[:MAX_SHOWN]
        + f"\n… ({len(value) - MAX_SHOWN:,} more characters; `mongolia-tui show` prints it all)"
    )


class NotesPanel(VerticalScroll, can_focus=True):
    """A scrollable panel of labelled facts."""

    def compose(self):
        yield Static(id="notes-body", markup=False)

    def show_facts(self, title: str, facts: Sequence[tuple[str, str]]) -> None:
        """Show a titled list of (label, value) facts; values are data, never markup."""
        text = Text(overflow="fold")
        text.append(safe_line(_clip(title)), style="bold")
        text.append("\n")
        for label, value in facts:
            if label == "Name":
                continue
            if label in BLOCKS or "\n" in value or len(value) > 60:
                text.append(f"\n{label}\n", style="bold")
                text.append(safe_text(_clip(value)))
                text.append("\n")
            else:
                text.append(f"{label}: ", style="bold")
                text.append(safe_line(value))
                text.append("\n")
        self._set(text)

    def show_paragraphs(self, title: str, paragraphs: Sequence[str], footer: str = "") -> None:
        """Show a titled text, e.g. the article's lead."""
        text = Text(overflow="fold")
        text.append(safe_line(title), style="bold")
        for paragraph in paragraphs:
            text.append("\n\n")
            text.append(safe_text(_clip(paragraph)))
        if footer:
            text.append("\n\n")
            text.append(safe_text(footer), style="dim")
        self._set(text)

    def _set(self, text: Text) -> None:
        self.query_one("#notes-body", Static).update(text)
        self.scroll_home(animate=False)

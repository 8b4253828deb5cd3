"""One partner (or organisation) in full, on its own screen: note, history, date conflicts,
sources as clickable links, and how the date was established."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from mongolia_tui.sanitize import safe_line, safe_text
from mongolia_tui.screens.scrolling import SCROLL_BINDINGS, ScrollKeys
from mongolia_tui.summary import Section


def link_target(url: str) -> str | None:
    """The URL to link to, if it is a plain web address (anything else is shown, not linked)."""
    if url.startswith(("https://", "http://")) and url.isprintable() and " " not in url:
        return url
    return None


#: Longer texts are cut (a megabyte of text would stall the terminal); ``show`` prints all.
MAX_SHOWN = 20_000


#: Lines of one section shown (a history of 300,000 events froze the view for half a minute).
MAX_LINES = 1000


def _capped(items: Sequence[object]) -> tuple[Sequence[object], str]:
    """The items to show, and a line saying how many are hidden ("" if none)."""
    if len(items) <= MAX_LINES:
        return items, ""
    hidden = len(items) - MAX_LINES
    return items[:MAX_LINES], f"… {hidden:,} more not shown; `mongolia-tui show` prints them all\n"


def _clip(text: str) -> str:
    if len(text) <= MAX_SHOWN:
        return text
    more = len(text) - MAX_SHOWN
    return f"{text[:MAX_SHOWN]}\n… ({more:,} more characters; `mongolia-tui show` prints it all)"


def record_text(title: str, sections: Sequence[Section]) -> Text:
    """The record as styled text; data is shown as text, never as markup."""
    text = Text(overflow="fold")
    text.append(safe_line(title), style="bold")
    text.append("\n")
    for section in sections:
        text.append("\n")
        if section.title:
            text.append(section.title, style="bold underline")
            text.append("\n")
        if section.kind == "facts":
            width = max((len(label) for label, _ in section.items), default=0) + 2
            for label, value in section.items:  # type: ignore[misc]
                text.append(f"{label + ':':<{width}}", style="bold")
                text.append(safe_line(value) + "\n")
        elif section.kind == "links":
            urls, hidden = _capped(section.items)
            for url in urls:
                target = link_target(url)  # type: ignore[arg-type]
                style = Style(link=target, underline=True) if target else Style()
                text.append(safe_line(url), style=style)  # type: ignore[arg-type]
                text.append("\n")
            text.append(hidden, style="italic")
        elif section.kind == "lines":
            lines, hidden = _capped(section.items)
            for line in lines:
                text.append(safe_line(line) + "\n")  # type: ignore[arg-type]
            text.append(hidden, style="italic")
        else:
            for paragraph in section.items:
                text.append(safe_text(_clip(paragraph)) + "\n")  # type: ignore[arg-type]

    return text


class DetailScreen(ScrollKeys, Screen[None]):
    """Full screen, scrolls with j/k/space/b/g/G and the arrows; esc or q closes it."""

    BINDINGS = SCROLL_BINDINGS

    def __init__(self, title: str, sections: Sequence[Section]) -> None:
        super().__init__()
        self.record_title = title
        self.sections = tuple(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(record_text(self.record_title, self.sections), id="detail-body")
        yield Static(Text(" esc/q close · j/k scroll · space/b page · links open with a click "
                          "where the terminal supports it"), id="detail-keys")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

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

from mongolia_tui.model import Source
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
            for url in section.items:
                _append_source(text, url)  # type: ignore[arg-type]
                text.append("\n")
        elif section.kind == "lines":
            for line in section.items:
                text.append(safe_line(line) + "\n")  # type: ignore[operator]
        else:
            for paragraph in section.items:
                text.append(safe_text(_clip(paragraph)) + "\n")  # type: ignore[arg-type]

    return text


def _append_link(text: Text, url: str) -> None:
    target = link_target(url)
    text.append(safe_line(url), style=Style(link=target, underline=True) if target else Style())


def _append_source(text: Text, source: str) -> None:
    """A source: its canonical page first (linked), then its title and the copy read via."""
    _append_link(text, source)
    if not isinstance(source, Source):
        return
    about = ", ".join(part for part in (source.title, source.language) if part)
    if about:
        text.append(f" ({safe_line(about)})")
    if source.read_via:
        text.append(" · read via ", style="dim")
        _append_link(text, source.read_via)


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

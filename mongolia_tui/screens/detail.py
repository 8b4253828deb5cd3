"""One partner (or organisation) in full, on its own screen: note, history, date conflicts,
sources as clickable links, and how the date was established."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from mongolia_tui.sanitize import safe_line, safe_text
from mongolia_tui.screens.scrolling import SCROLL_BINDINGS, FindBox, ScrollKeys
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


def record_text(title: str, sections: Sequence[Section]) -> Group:
    """The record as styled text; data is shown as text, never as markup.

    Each source URL has a line of its own and is never wrapped (a line too long is cut at
    the edge; its link holds the whole address): a URL folded over two lines cannot be
    selected whole in a terminal, or clicked."""
    parts: list[Text] = []
    text = Text(overflow="fold")
    text.append(safe_line(title), style="bold")
    text.append("\n")
    for section in sections:
        text.append("\n")
        if section.title:
            text.append(section.title, style="bold underline")
            text.append("\n")
        pairs = [item for item in section.items if isinstance(item, tuple)]
        texts = [item for item in section.items if isinstance(item, str)]
        if section.kind == "facts":
            width = max((len(label) for label, _ in pairs), default=0) + 2
            for label, value in pairs:
                text.append(f"{label + ':':<{width}}", style="bold")
                text.append(safe_line(value) + "\n")
        elif section.kind == "links":
            text.rstrip()  # the URLs' lines follow
            parts.append(text)
            for url in texts:
                target = link_target(url)
                style = Style(link=target, underline=True) if target else Style()
                shown = Text(safe_line(url), style=style, no_wrap=True, overflow="ellipsis")
                parts.append(shown)
            text = Text(overflow="fold")
        elif section.kind == "lines":
            for line in texts:
                text.append(safe_line(line) + "\n")
        else:
            for paragraph in texts:
                text.append(safe_text(_clip(paragraph)) + "\n")
    text.rstrip()
    parts.append(text)
    return Group(*parts)


#: The detail view's keys, short enough for 80 columns.
DETAIL_KEYS = " esc close · j k scroll · space b page · / find · n next · links open on click"


class DetailScreen(ScrollKeys, Screen[None]):
    """Full screen, scrolls with j/k/space/b/g/G and the arrows; esc or q closes it."""

    BINDINGS = [*SCROLL_BINDINGS]

    def __init__(self, title: str, sections: Sequence[Section]) -> None:
        super().__init__()
        self.record_title = title
        self.sections = tuple(sections)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(record_text(self.record_title, self.sections), id="detail-body")
        yield Static(Text(DETAIL_KEYS, no_wrap=True, overflow="ellipsis"), id="detail-keys")
        yield FindBox()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

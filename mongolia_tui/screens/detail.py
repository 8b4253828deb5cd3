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


def _clip(text: str) -> str:
    if len(text) <= MAX_SHOWN:
        return text
    more = len(text) - MAX_SHOWN
    return f"{text[:MAX_SHOWN]}\n… ({more:,} more characters; `mongolia-tui show` prints it all)"


def link_style(target: str | None, number: int, *, by_action: bool = False) -> Style:
    """The style of the ``number``-th link: the terminal's own hyperlink, or, ``by_action``
    (in a web page), a click that runs ``screen.open_link(number)``: the page's terminal
    would otherwise ask "Do you want to navigate…? This link could be dangerous"."""
    if target is None:
        return Style()
    if by_action:
        return Style(underline=True, meta={"@click": f"screen.open_link({number})"})
    return Style(link=target, underline=True)


def link_targets(sections: Sequence[Section]) -> list[str]:
    """The URLs that the record's links open, in the order shown."""
    urls = (url for section in sections if section.kind == "links" for url in section.items)
    return [target for url in urls if (target := link_target(url))]  # type: ignore[arg-type]


def record_text(title: str, sections: Sequence[Section], *, link_actions: bool = False) -> Text:
    """The record as styled text; data is shown as text, never as markup."""
    text = Text(overflow="fold")
    number = 0
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
                target = link_target(url)  # type: ignore[arg-type]
                style = link_style(target, number, by_action=link_actions)
                number += target is not None
                text.append(safe_line(url), style=style)  # type: ignore[arg-type]
                text.append("\n")
        elif section.kind == "lines":
            for line in section.items:
                text.append(safe_line(line) + "\n")  # type: ignore[operator]
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
        self.links = link_targets(self.sections)

    def compose(self) -> ComposeResult:
        from mongolia_tui.web.environment import on_web

        body = record_text(self.record_title, self.sections, link_actions=on_web())
        with VerticalScroll(id="detail"):
            yield Static(body, id="detail-body")
        yield Static(Text(" esc/q close · j/k scroll · space/b page · links open with a click "
                          "where the terminal supports it"), id="detail-keys")  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_open_link(self, number: int) -> None:
        """Open a source in a new browser tab (a web page's links; see :func:`link_style`)."""
        if isinstance(number, int) and 0 <= number < len(self.links):
            self.app.open_url(self.links[number], new_tab=True)

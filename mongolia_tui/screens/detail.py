"""One partner (or organisation) in full, on its own screen: note, history, date conflicts,
sources as clickable links, and how the date was established."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from mongolia_tui.commands import DETAIL_COMMANDS, bindings
from mongolia_tui.model import Source
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


#: Lines of one section shown (a history of 300,000 events froze the view for half a minute).
MAX_LINES = 1000


Item = TypeVar("Item")


def _capped(items: Sequence[Item]) -> tuple[Sequence[Item], str]:
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


def link_style(target: str | None, number: int, *, by_action: bool = False) -> Style:
    """The style of the ``number``-th link: the terminal's own hyperlink, or, ``by_action``
    (in a web page), a click that runs ``screen.open_link(number)``: the page's terminal
    would otherwise ask "Do you want to navigate…? This link could be dangerous"."""
    if target is None:
        return Style()
    if by_action:
        return Style(underline=True, meta={"@click": f"screen.open_link({number})"})
    return Style(link=target, underline=True)


def record_text(title: str, sections: Sequence[Section], *, link_actions: bool = False) -> Group:
    """The record as styled text; data is shown as text, never as markup.

    Each source URL has a line of its own and is never wrapped (a line too long is cut at
    the edge; its link holds the whole address): a URL folded over two lines cannot be
    selected whole in a terminal, or clicked. The copy a source was read via has the next
    line, unwrapped too."""
    parts: list[Text] = []
    text = Text(overflow="fold")
    text.append(safe_line(title), style="bold")
    text.append("\n")
    number = 0  # sources are numbered across sections, as :func:`source_urls` lists them
    for section in sections:
        text.append("\n")
        if section.title:
            text.append(section.title, style="bold underline")
            text.append("\n")
        # Facts are (label, value) pairs; every other kind holds strings.
        strings = [item for item in section.items if isinstance(item, str)]
        if section.kind == "facts":
            pairs = [item for item in section.items if isinstance(item, tuple)]
            width = max((len(label) for label, _ in pairs), default=0) + 2
            for label, value in pairs:
                text.append(f"{label + ':':<{width}}", style="bold")
                text.append(safe_line(value) + "\n")
        elif section.kind == "links":
            text.rstrip()  # the URLs' lines follow
            parts.append(text)
            urls, hidden = _capped(strings)
            for url in urls:
                number += 1
                parts.extend(_source_lines(url, number, link_actions))
            number += len(section.items) - len(urls)  # the hidden ones keep their numbers
            if hidden:
                parts.append(Text(hidden.rstrip("\n"), style="italic", overflow="fold"))
            text = Text(overflow="fold")
        elif section.kind == "lines":
            lines, hidden = _capped(strings)
            for line in lines:
                text.append(safe_line(line) + "\n")
            text.append(hidden, style="italic")
        else:
            for paragraph in strings:
                text.append(safe_text(_clip(paragraph)) + "\n")
    text.rstrip()
    parts.append(text)
    return Group(*parts)


def source_urls(sections: Sequence[Section]) -> list[str]:
    """The record's source addresses, in the order (and numbering) the view shows them."""
    return [str(url) for s in sections if s.kind == "links" for url in s.items]


def _line() -> Text:
    """A line that is cut at the edge, never folded (see :func:`record_text`)."""
    return Text(no_wrap=True, overflow="ellipsis")


def _append_link(text: Text, url: str, number: int, link_actions: bool) -> None:
    text.append(safe_line(url), style=link_style(link_target(url), number, by_action=link_actions))


def _source_lines(source: str, number: int, link_actions: bool) -> list[Text]:
    """A source: its canonical page first (linked) with its title, then, on a line of its
    own, the copy it was read via."""
    first = _line()
    # The number is the key that copies it (o and the number open it).
    first.append(f"{number:>2} " if number <= 9 else "   ", style="bold")
    _append_link(first, source, number, link_actions)
    if not isinstance(source, Source):
        return [first]
    about = ", ".join(part for part in (source.title, source.language) if part)
    if about:
        first.append(f" ({safe_line(about)})")
    if not source.read_via:
        return [first]
    second = _line()
    second.append("   read via ", style="italic")
    # A click in a web page opens the numbered source; the copy read via keeps the
    # terminal's own link.
    _append_link(second, source.read_via, number, link_actions=False)
    return [first, second]


#: The detail view's keys, short enough for 80 columns.
DETAIL_KEYS = " esc close · j k scroll · space b page · / find · n next · 1-9 copy, o 1-9 open"


class DetailScreen(ScrollKeys, Screen[None]):
    """Full screen, scrolls with j/k/space/b/g/G and the arrows; esc or q closes it; a
    number copies that source's address (OSC 52, so over SSH too), o then a number opens it."""

    BINDINGS = [*SCROLL_BINDINGS, *bindings(DETAIL_COMMANDS)]

    #: o was pressed: the next number opens its source instead of copying it.
    opening = False

    def __init__(self, title: str, sections: Sequence[Section]) -> None:
        super().__init__()
        self.record_title = title
        self.sections = tuple(sections)

    def compose(self) -> ComposeResult:
        from mongolia_tui.web.environment import on_web

        body = record_text(self.record_title, self.sections, link_actions=on_web())
        with VerticalScroll(id="detail"):
            yield Static(body, id="detail-body")
        yield Static(Text(DETAIL_KEYS, no_wrap=True, overflow="ellipsis"), id="detail-keys")
        yield FindBox()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_open_prefix(self) -> None:
        self.opening = True

    def action_source(self, number: int) -> None:
        opening, self.opening = self.opening, False
        urls = source_urls(self.sections)
        if not 1 <= number <= len(urls):
            self.notify(f"No source {number}.", severity="warning", markup=False)
            return
        url = urls[number - 1]
        if opening:
            if link_target(url) is None:
                self.notify("Not a web address: copied instead.", markup=False)
            else:
                self.app.open_url(url)
                self.notify(f"Opening source {number}.", markup=False)
                return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied source {number}'s address.", markup=False)

    def on_key(self, event: events.Key) -> None:
        # o then anything but a number: the o is forgotten.
        if self.opening and not (event.character or "").isdigit():
            self.opening = False

    def action_open_link(self, number: int) -> None:
        """Open source ``number`` in a new browser tab (a web page's links; see
        :func:`link_style`)."""
        urls = source_urls(self.sections)
        if isinstance(number, int) and 1 <= number <= len(urls):
            target = link_target(urls[number - 1])
            if target is not None:
                self.app.open_url(target, new_tab=True)

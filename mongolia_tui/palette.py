"""Command palette: "go to" any partner, region tab or organisation by fuzzy name, and the
browser's commands (sort by a column, switch a filter, anniversaries...).

This module asks the app for what it needs through :class:`Browser` (a protocol), so it never
imports the app: the app imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from mongolia_tui.commands import COMMANDS
from mongolia_tui.filters import FILTERS
from mongolia_tui.model import Catalogue
from mongolia_tui.sanitize import safe_line
from mongolia_tui.state import BrowserState
from mongolia_tui.tabs import TABS

#: Hits offered per query: enough to choose from, few enough to stay quick at 50,000 partners.
MAX_HITS = 40

Target = tuple[str, str, Callable[[], object]]  # (title, help, what choosing it does)


class Browser(Protocol):
    """What the palette needs of the app."""

    catalogue: Catalogue
    state: BrowserState

    def go_to_tab(self, tab: str) -> None: ...
    def go_to_partner(self, partner: int) -> None: ...
    def go_to_organisation(self, organisation: int) -> None: ...
    def sort_by_column(self, column: str) -> None: ...
    def toggle_filter(self, key: str) -> None: ...
    def action_anniversaries(self) -> None: ...
    def run_action(self, action: str) -> object: ...
    def palette_targets(self) -> Iterator[Target]: ...


def go_to_targets(browser: Browser) -> Iterator[Target]:
    """Every tab, partner and organisation, as "Go to ..." targets (text made safe)."""
    for tab in TABS:
        yield f"Go to tab: {tab}", "Switch to this tab", partial(browser.go_to_tab, tab)
    for n, partner in enumerate(browser.catalogue.partners):
        yield (
            f"Go to {safe_line(partner.name)}",
            f"{safe_line(partner.region)} · {partner.established_text}",
            partial(browser.go_to_partner, n),
        )
    for n, organisation in enumerate(browser.catalogue.organisations):
        yield (
            f"Go to organisation: {safe_line(organisation.abbreviation)}",
            safe_line(organisation.name),
            partial(browser.go_to_organisation, n),
        )


def browser_commands(browser: Browser) -> Iterator[Target]:
    """The declared commands, then one per sort column and filter of the tab shown."""
    for command in COMMANDS:
        if command.palette and command.action not in ("quit", "step_back"):
            yield (
                command.label,
                f"{command.description} ({command.display})",
                partial(browser.run_action, command.action),
            )
    yield (
        "Anniversaries",
        "Anniversaries of relations in the next 30 days (round ones marked)",
        browser.action_anniversaries,
    )
    state = browser.state
    for column in state.sort_columns():
        yield (
            f"Sort by {state.sort_label(column)}",
            "Sort this tab by that column, ascending (again: reverse)",
            partial(browser.sort_by_column, column),
        )
    if state.on_partners:
        for f in FILTERS:
            on = " (on: switch off)" if f.key in state.filters else ""
            yield (
                f"Filter: {f.label}{on}",
                "Combine with search and the other filters",
                partial(browser.toggle_filter, f.key),
            )


def one_line(title: str | Content, help_text: str) -> Content:
    """A palette entry on one line: its title, then what it does (Textual puts the help on a
    second line, so only about seven entries fit at 80x24). Data is text, never markup."""
    shown = title if isinstance(title, Content) else Content(title)
    return Content.assemble(shown, ("  " + help_text, "italic")) if help_text else shown


class CommandsProvider(Provider):
    """The app's commands (Textual's and the browser's), one line each."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(one_line(title, help_text), callback, text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            score = matcher.match(title)
            if score > 0:
                shown = one_line(matcher.highlight(escape(title)), help_text)
                yield Hit(score, shown, callback, text=title)


class GoToProvider(Provider):
    """Partners, regions and organisations, matched fuzzily."""

    def _targets(self) -> Iterator[Target]:
        # The palette runs in MongoliaApp, a Browser; it is not imported here (no circle).
        browser = cast(Browser, self.app)
        return browser.palette_targets()

    async def discover(self) -> Hits:
        for n, (title, help_text, callback) in enumerate(self._targets()):
            if n >= 10:
                return
            yield DiscoveryHit(one_line(title, help_text), callback, text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = 0
        for title, help_text, callback in self._targets():
            score = matcher.match(title)
            if score > 0:
                # The matcher reads its text as markup: data must be escaped to show as text.
                shown = one_line(matcher.highlight(escape(title)), help_text)
                yield Hit(score, shown, callback, text=title)
                found += 1
                if found >= MAX_HITS:
                    return

"""Command palette: "go to" any partner, region tab or organisation by fuzzy name.

The provider asks the app for its targets through :class:`Browser` (a protocol), so this module
never imports the app: the app imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

#: Hits offered per query: enough to choose from, few enough to stay quick at 50,000 partners.
MAX_HITS = 40

Target = tuple[str, str, Callable[[], object]]  # (title, help, what choosing it does)


class Browser(Protocol):
    """What the palette needs of the app."""

    def palette_targets(self) -> Iterator[Target]:
        """Everything the palette can go to, as plain text titles and help."""
        ...


class GoToProvider(Provider):
    """Partners, regions and organisations, matched fuzzily."""

    def _targets(self) -> Iterator[Target]:
        browser: Browser = self.app  # type: ignore[assignment]
        return browser.palette_targets()

    async def discover(self) -> Hits:
        for n, (title, help_text, callback) in enumerate(self._targets()):
            if n >= 10:
                return
            yield DiscoveryHit(Text(title), callback, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = 0
        for title, help_text, callback in self._targets():
            score = matcher.match(title)
            if score > 0:
                # Palette text is parsed as markup: data must be escaped to show as text.
                shown = matcher.highlight(escape(title))
                yield Hit(score, shown, callback, text=title, help=escape(help_text))
                found += 1
                if found >= MAX_HITS:
                    return

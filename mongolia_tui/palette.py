"""Command palette: "go to" any partner, region tab or organisation by fuzzy name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from mongolia_tui.sanitize import safe_line

if TYPE_CHECKING:
    from mongolia_tui.app import MongoliaApp

#: Hits offered per query: enough to choose from, few enough to stay quick at 50,000 partners.
MAX_HITS = 40


class GoToProvider(Provider):
    """Partners, regions and organisations, matched fuzzily."""

    @property
    def _app(self) -> MongoliaApp:
        return self.app  # type: ignore[return-value]

    def _targets(self):
        app = self._app
        for key, label in app.tab_labels():
            yield f"Go to tab: {label}", "Switch to this tab", partial(app.go_to_tab, key)
        for n, relation in enumerate(app.catalogue.relations):
            name = safe_line(relation.name)
            yield (
                f"Go to {name}",
                f"{safe_line(relation.region)} · {relation.established_text}",
                partial(app.go_to_partner, n),
            )
        for n, organisation in enumerate(app.catalogue.organisations):
            yield (
                f"Go to organisation: {safe_line(organisation.abbreviation)}",
                safe_line(organisation.name),
                partial(app.go_to_organisation, n),
            )

    async def discover(self) -> Hits:
        for title, help_text, callback in list(self._targets())[:10]:
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

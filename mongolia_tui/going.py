"""Going somewhere: from the command palette to a tab, a partner, an organisation, a sort or
a filter, and from the anniversaries and missions views to a partner, wired to the state, for
:class:`~mongolia_tui.app.MongoliaApp` (the palette itself, :mod:`mongolia_tui.palette`, asks
for these through its ``Browser`` protocol)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widget import Widget

from mongolia_tui.model import Catalogue, Partner
from mongolia_tui.palette import Target, browser_commands, go_to_targets
from mongolia_tui.state import BrowserState
from mongolia_tui.widgets.table import RowTable


class GoingSomewhere(App[int]):
    """The palette's targets and commands."""

    state: BrowserState
    catalogue: Catalogue
    today: date

    @property
    def table(self) -> RowTable:
        raise NotImplementedError

    def _apply(self, change: Callable[[], object]) -> None:
        raise NotImplementedError

    def _focus(self, widget: Widget) -> None:
        raise NotImplementedError

    def _sorted(self, column: str) -> None:
        raise NotImplementedError

    def _filtered(self, key: str) -> None:
        raise NotImplementedError

    @property
    def highlighted(self) -> Partner | None:
        raise NotImplementedError

    def action_anniversaries(self) -> None:
        """The anniversaries coming up; enter there goes to the partner."""
        from mongolia_tui.screens.anniversaries import AnniversariesScreen

        screen = AnniversariesScreen(self.catalogue.partners, today=self.today)
        self.push_screen(screen, self._chosen_partner)

    def _chosen_partner(self, partner: int | None) -> None:
        if partner is not None:
            self.go_to_partner(partner)

    def action_missions(self) -> None:
        """The missions view; enter there goes to the country."""
        from mongolia_tui.screens.missions import MissionsScreen

        names = {r.iso3: r.name for r in self.catalogue.partners if r.iso3}
        at = self.highlighted.iso3 if self.highlighted is not None else None
        self.push_screen(MissionsScreen(self.catalogue.missions, names, at=at), self._go_to_name)

    def _go_to_name(self, name: str | None) -> None:
        found = next((i for i, r in enumerate(self.catalogue.partners) if r.name == name), None)
        if found is not None:
            self.go_to_partner(found)

    def go_to_tab(self, tab: str) -> None:
        self._apply(partial(self.state.go_to_tab, tab))
        self._focus(self.table)

    def go_to_partner(self, partner: int) -> None:
        self._apply(partial(self.state.go_to_partner, partner))
        self._focus(self.table)

    def go_to_organisation(self, organisation: int) -> None:
        self._apply(partial(self.state.go_to_organisation, organisation))
        self._focus(self.table)

    def palette_targets(self) -> Iterator[Target]:
        return go_to_targets(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, callback in browser_commands(self):
            yield SystemCommand(title, help_text, callback)

    def sort_by_column(self, column: str) -> None:
        """Sort by a column (the same one again: reverse)."""
        self._sorted(column)

    def toggle_filter(self, key: str) -> None:
        self._filtered(key)

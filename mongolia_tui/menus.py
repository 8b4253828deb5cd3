"""The menus that change what the browser shows: sort, filters, and the timeline's choice of
years, for :class:`~mongolia_tui.app.MongoliaApp` (each change goes through the state)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App

from mongolia_tui.filters import FILTERS
from mongolia_tui.model import Catalogue
from mongolia_tui.state import BrowserState
from mongolia_tui.tabs import ORGANISATIONS
from mongolia_tui.views import ALL

if TYPE_CHECKING:
    from mongolia_tui.stats import YearRange


class Menus(App[int]):
    """The sort and filter menus and the timeline; first in the app's bases, so that its
    ``_sorted`` and ``_filtered`` are the ones the palette's mixin declares."""

    state: BrowserState
    catalogue: Catalogue

    def _apply(self, change: Callable[[], object]) -> None:
        raise NotImplementedError

    def action_sort_menu(self) -> None:
        from mongolia_tui.screens.choose import Choice, ChoiceScreen

        state = self.state
        choices = [
            Choice(column, state.sort_label(column), column == state.sort.column)
            for column in state.sort_columns()
        ]
        hint = "number or enter sorts (again: reverses) · esc cancels"
        self.push_screen(ChoiceScreen("Sort by", choices, self._sorted, hint))

    def _sorted(self, column: str) -> None:
        state = self.state
        if column == state.sort.column:
            self._apply(state.reverse)
        else:
            self._apply(partial(state.sort_by, column, False))

    def action_sort_step(self, step: int) -> None:
        self._apply(partial(self.state.step_sort, step))

    def action_reverse_sort(self) -> None:
        self._apply(self.state.reverse)

    def action_filter_menu(self) -> None:
        from mongolia_tui.screens.choose import Choice, ChoiceScreen

        state = self.state
        index, marks = state.index, state.marks
        choices = [
            Choice(f.key, f"{f.label} ({sum(index.keep(frozenset({f.key}), None, marks) or ())})",
                   f.key in state.filters)
            for f in FILTERS
        ]  # fmt: skip
        choices.append(Choice("", "clear all filters", False))
        hint = "number or enter switches a filter on or off · esc cancels"
        self.push_screen(ChoiceScreen("Filter partners", choices, self._filtered, hint))

    def _filtered(self, key: str) -> None:
        state = self.state

        self._apply(partial(state.toggle_filter, key) if key else state.clear_filters)

    def action_timeline(self) -> None:
        from mongolia_tui.screens.timeline import TimelineScreen

        tab = self.state.tab
        region = tab if tab not in (ALL, ORGANISATIONS) else None
        screen = TimelineScreen(self.catalogue.partners, region=region,
                                missions=self.catalogue.missions)  # fmt: skip
        self.push_screen(screen, self.set_years)

    def set_years(self, years: YearRange | None) -> None:
        """Filter to the partners established in a year or decade (the timeline's choice)."""
        if years is not None:
            self._apply(partial(self.state.set_years, years))

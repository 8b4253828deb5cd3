"""What leaves the browser: ``c`` copies the highlighted partner, ``e`` exports the rows
shown (delivered by mode: a file, the SSH visitor, the web page; see
:mod:`mongolia_tui.delivery`), for :class:`~mongolia_tui.app.MongoliaApp`."""

from __future__ import annotations

from datetime import date
from functools import partial

from textual import events
from textual.app import App

from mongolia_tui.filters import FILTERS
from mongolia_tui.missions import summary_line as mission_summary
from mongolia_tui.model import REGIONS, Catalogue, Partner
from mongolia_tui.sanitize import safe_line
from mongolia_tui.state import BrowserState


class Sharing(App[int]):
    """The copy and export actions, and the web page's word that a download arrived."""

    state: BrowserState
    catalogue: Catalogue
    today: date

    @property
    def highlighted(self) -> Partner | None:
        raise NotImplementedError

    def action_copy(self) -> None:
        from mongolia_tui.details import details_text

        partner = self.highlighted
        if partner is None:
            self.notify("Highlight a partner first.", severity="warning", markup=False)
            return
        line = mission_summary(self.catalogue.missions, partner.iso3, partner.name)
        self.copy_to_clipboard(details_text(partner, self.catalogue.ranked_count, self.today,
                                            missions=line))  # fmt: skip
        self.notify(f"Copied {safe_line(partner.name)} to the clipboard.", markup=False)

    def action_export(self) -> None:
        from mongolia_tui.delivery import View
        from mongolia_tui.output import organisations as org_output
        from mongolia_tui.output import partners as partner_output
        from mongolia_tui.screens.export import export_screen

        state = self.state
        if state.on_partners:
            partners = [self.catalogue.partners[i] for i in state.rows]
            text = partial(partner_output.render, partners, today=self.today,
                           missions=self.catalogue.missions)  # fmt: skip
        else:
            organisations = [self.catalogue.organisations[i] for i in state.rows]
            text = partial(org_output.render, organisations)
        # Where the rows go (a file, the SSH visitor, the web page) is decided in one place.
        view = View(
            region=state.tab if state.tab in REGIONS else None,
            query=state.query,
            sort=state.sort.column,
            descending=state.sort.descending,
            organisations=not state.on_partners,
            filters=state.active_filters,
            filter_keys=(*(f.key for f in FILTERS if f.key in state.filters),
                         *(("",) if state.years is not None else ()))
            if state.on_partners else (),
        )  # fmt: skip
        self.push_screen(export_screen(len(state.rows), text, view,
                                       protected=self.catalogue.path,
                                       identity=self.catalogue.identity))  # fmt: skip

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        from mongolia_tui.screens.download import delivered

        delivered(self, event.key)  # a web page's download arrived: one fewer waits

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        from mongolia_tui.screens.download import delivered

        delivered(self, event.key)

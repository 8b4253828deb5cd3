"""Reading what the app shows: screen text, table lines, notes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot

from mongolia_tui.app import MongoliaApp


def screen_text(app: MongoliaApp) -> str:
    """The text of every cell of the current screen, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def table_lines(app: MongoliaApp) -> list[str]:
    """The table's visible lines (header first), as text."""
    table = app.table
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def shown_names(app: MongoliaApp) -> list[str]:
    """The partners (or organisations) in the table, in display order."""
    if app.tab == "Organisations":
        return [app.catalogue.organisations[i].abbreviation for i in app.rows]
    return [app.catalogue.relations[i].name for i in app.rows]


def notes_text(app: MongoliaApp) -> str:
    from textual.widgets import Static

    return str(app.notes.query_one(Static).render())


@asynccontextmanager
async def running(app: MongoliaApp, size: tuple[int, int]) -> AsyncIterator[Pilot]:
    """Run the app headless at a size, after its layout has settled (breakpoints applied)."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield pilot

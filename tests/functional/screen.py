"""Reading what the app shows (screen text, table lines, notes) and typing at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from textual import events
from textual.pilot import Pilot

from mongolia_tui.app import MongoliaApp

#: Characters of keys whose Textual name is not the character itself.
_CHARACTERS = {"slash": "/", "space": " ", "question_mark": "?", "less_than_sign": "<",
               "greater_than_sign": ">", "left_square_bracket": "[",
               "right_square_bracket": "]"}  # fmt: skip


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
    if not app.state.on_partners:
        return [app.catalogue.organisations[i].abbreviation for i in app.state.rows]
    return [app.catalogue.partners[i].name for i in app.state.rows]


def highlighted(app: MongoliaApp) -> str | None:
    """The highlighted partner's name (or organisation's abbreviation)."""
    state = app.state
    if state.cursor is None:
        return None
    if state.on_partners:
        return app.catalogue.partners[state.selected].name
    return app.catalogue.organisations[state.selected].abbreviation


def notes_text(app: MongoliaApp) -> str:
    return app.notes.text


async def burst(pilot: Pilot, keys: Iterable[str]) -> None:
    """Deliver keys as a paste or a laggy SSH link does: all queued before any is handled."""
    app = pilot.app
    for key in keys:
        character = _CHARACTERS.get(key, key if len(key) == 1 else None)
        event = events.Key(key, character)
        event.set_sender(app)
        # As the terminal driver delivers input: straight onto the app's queue, no waiting.
        app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


@asynccontextmanager
async def running(app: MongoliaApp, size: tuple[int, int]) -> AsyncIterator[Pilot]:
    """Run the app headless at a size, after its layout has settled (breakpoints applied)."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield pilot

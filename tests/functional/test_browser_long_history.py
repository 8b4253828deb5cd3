"""A long history in the browser: a partner with a huge history (300,000 events) must not
freeze the browser: the notes panel and the detail view show a part and say how much is hidden."""

from __future__ import annotations

import dataclasses

from screen import running
from support import TODAY
from textual.widgets import Static

from mongolia_tui.app import make_app
from mongolia_tui.model import HistoryEvent
from mongolia_tui.store import load_store
from mongolia_tui.summary import partner_summary

EVENTS = 300_000


async def test_a_huge_history_is_shown_in_part(sample_store):
    catalogue = load_store(sample_store)
    first = catalogue.partners[0]
    events = tuple(HistoryEvent("note", None, f"event {i}", ()) for i in range(EVENTS))
    partners = (first._replace(history=events), *catalogue.partners[1:])
    catalogue = dataclasses.replace(catalogue, partners=partners)
    app = make_app(catalogue, today=TODAY)
    async with running(app, (100, 40)) as pilot:
        assert app.state.selected == 0
        summary = partner_summary(partners[0], catalogue.ranked_count, TODAY)
        assert len(summary) < 40
        assert any("299,980 more events" in para.text for para in summary)
        await pilot.press("enter")
        await pilot.pause()
        # The view is a group of texts (a source's URL is a line of its own).
        group = app.screen.query_one("#detail-body", Static).content
        body = "\n".join(part.plain for part in group.renderables)
        assert "299,000 more not shown" in body
        assert body.count("\n") < 1100

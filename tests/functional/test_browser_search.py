"""Searching from the browser as people type: misspellings, phrases, aliases, and the query
kept in one place (the state; the box only shows it)."""

from __future__ import annotations

import pytest
from screen import burst, highlighted, running, screen_text, shown_names
from support import TODAY

from mongolia_tui.app import make_app

SIZES = [(80, 24), (160, 45)]


@pytest.mark.parametrize("size", SIZES)
async def test_a_misspelt_name_offers_the_close_one(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await burst(pilot, ["slash", *"rusia"])
        assert "Russia" in shown_names(app)
        assert "Nothing matches" not in screen_text(app)
        assert "close names" in screen_text(app)
        await burst(pilot, ["enter"])
        assert highlighted(app) == "Russia"
        await burst(pilot, ["slash", *"zzzzz"])
        assert shown_names(app) == []  # nothing close: nothing offered


@pytest.mark.parametrize("size", SIZES)
async def test_a_phrase_is_matched_as_a_phrase(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await burst(pilot, ["slash", *"czech republic"])
        assert shown_names(app) == ["Czech Republic"]
        await burst(pilot, ["escape", "escape", "slash", *"republic czech"])
        # Not a phrase anywhere: every word, anywhere, as before.
        assert "Czech Republic" in shown_names(app)


@pytest.mark.parametrize("size", SIZES)
async def test_ddr_finds_germany(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await burst(pilot, ["slash", *"ddr"])
        assert shown_names(app) == ["Germany"]


async def test_a_go_to_that_clears_the_search_draws_once(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["slash", *"japan", "enter"])
        drawn = []
        show = app.browser.show
        app.browser.show = lambda state: (drawn.append(state.query), show(state))  # type: ignore[method-assign]
        chile = next(i for i, r in enumerate(shipped.partners) if r.name == "Chile")
        app.go_to_partner(chile)
        await pilot.pause()
        assert drawn == [""]
        assert app.search_box.value == "" and highlighted(app) == "Chile"


async def test_the_organisations_tab_says_what_its_search_finds(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        assert "ISO code" in screen_text(app)
        await burst(pilot, ["0"])
        text = screen_text(app)
        assert "abbreviation" in text and "ISO code" not in text and "year" not in text


async def test_palette_entries_take_one_line_each(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await pilot.press("ctrl+p", *"ru")
        await pilot.pause(0.5)
        lines = [line for line in screen_text(app).splitlines() if line.startswith("  Go to")]
        assert len(lines) >= 12, screen_text(app)
        assert any("Go to Russia  Russia, Central Asia and West Asia" in line for line in lines)

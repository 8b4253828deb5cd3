"""Missions in the browser, driven with Pilot at 80x24 and wide: the one line in the panel and
the detail view, the filters in the f menu and the palette, the Missions view (M), and a city
in the search."""

from __future__ import annotations

import pytest
from screen import burst, highlighted, notes_text, running, screen_text, shown_names
from support import TODAY

from mongolia_tui.app import make_app
from mongolia_tui.screens.choose import ChoiceScreen
from mongolia_tui.screens.detail import DetailScreen
from mongolia_tui.screens.missions import MissionsScreen

SIZES = [(80, 24), (160, 45)]


def index_of(catalogue, name: str) -> int:
    return next(i for i, r in enumerate(catalogue.partners) if r.name == name)


@pytest.mark.parametrize("size", SIZES)
async def test_the_panel_and_the_detail_view_say_the_missions_in_one_line(shipped, size):
    app = make_app(shipped, today=TODAY, country="Germany")
    async with running(app, size) as pilot:
        assert highlighted(app) == "Germany"
        panel = " ".join(notes_text(app).split())  # the line wraps in a narrow panel
        assert "Mongolia: embassy in Berlin · Germany: embassy in Ulaanbaatar" in panel
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        text = " ".join(screen_text(app).split())
        assert "Missions: Mongolia: embassy in Berlin · Germany: embassy in Ulaanbaatar" in text


async def test_no_data_is_said_when_nothing_is_known(shipped):
    app = make_app(shipped, today=TODAY, country="Barbados")
    async with running(app, (160, 45)):
        assert "Mongolia: no data · Barbados: no data" in notes_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_filter_menu_has_the_missions_filters(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        for label in ("Mongolia has a resident mission there", "resident mission in Ulaanbaatar",
                      "accredited from abroad"):  # fmt: skip
            assert label in text
        choice = next(i for i, c in enumerate(app.screen.choices, 1) if c.key == "accredited")
        await pilot.press(str(choice))
        assert app.screen is app.screen_stack[0]
        names = shown_names(app)
        assert {"Greece", "Belgium", "Slovenia"} <= set(names)
        assert "Germany" not in names and "Hungary" not in names
        assert "accredited from abroad" in screen_text(app)


async def test_the_palette_switches_a_missions_filter(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (160, 45)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"resident mission in ulaanbaatar")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.state.filters == frozenset({"mission-here"})
        assert "Hungary" in shown_names(app) and "Greece" not in shown_names(app)


@pytest.mark.parametrize("size", SIZES)
async def test_which_embassy_covers_slovenia_is_two_keys(shipped, size):
    # On Slovenia, M opens the view at the mission that covers it.
    app = make_app(shipped, today=TODAY, country="Slovenia")
    async with running(app, size) as pilot:
        await pilot.press("M")
        assert isinstance(app.screen, MissionsScreen)
        screen = app.screen
        row = screen.rows[screen.options.highlighted]
        assert (row.country, row.mission.city) == ("Austria", "Vienna")
        text = screen_text(app)
        assert "Mongolia's missions abroad" in text
        assert "Austria · Vienna · embassy" in text and "also covers: Slovenia" in text
        await pilot.press("enter")
        assert app.screen is app.screen_stack[0]
        assert highlighted(app) == "Austria"


@pytest.mark.parametrize("size", SIZES)
async def test_typing_in_the_missions_view_narrows_it_in_a_burst(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await burst(pilot, ["M", *"slovenia", "enter"])
        assert app.screen is app.screen_stack[0]
        assert highlighted(app) == "Austria"
        await burst(pilot, ["M", *"irkutsk"])
        screen = app.screen
        assert isinstance(screen, MissionsScreen)
        assert [(r.country, r.mission.city) for r in screen.rows] == [("Russia", "Irkutsk")]
        assert "1 match 'irkutsk'" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]
        assert highlighted(app) == "Austria"


async def test_the_missions_view_lists_every_open_mongolian_mission_and_moves(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await pilot.press("M")
        screen = app.screen
        expected = [m for m in shipped.missions if m.sender == "MNG" and m.closed is None]
        assert len(screen.rows) == len(expected)
        # Opened on the first row (Russia): at Mongolia's first mission there.
        assert highlighted(app) == "Russia"
        start = screen.options.highlighted
        assert screen.rows[start].mission.city == "Moscow"
        await pilot.press("down", "down", "pagedown")
        assert screen.options.highlighted > start + 2
        await burst(pilot, list("atlantis"))
        assert screen.rows == [] and "No mission matches" in screen_text(app)
        await pilot.press("enter")  # nothing to go to: the view stays
        assert app.screen is screen


async def test_a_city_in_the_search_finds_its_missions_countries(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (160, 45)) as pilot:
        await burst(pilot, ["slash", *"vienna", "enter"])
        names = set(shown_names(app))
        assert {"Austria", "Slovenia", "Croatia", "Bosnia and Herzegovina", "Montenegro"} <= names


async def test_the_timeline_counts_missions(shipped):
    for size in SIZES:
        app = make_app(shipped, today=TODAY)
        async with running(app, size) as pilot:
            await pilot.press("t")
            text = screen_text(app)
            if size[0] < 150:
                assert "missions: Mongolia's 51 abroad · 29 in Mongolia" in text
            else:
                assert "Mongolia's missions abroad: 51 in" in " ".join(text.split())


async def test_the_palette_opens_the_missions_view(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"missions")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MissionsScreen)

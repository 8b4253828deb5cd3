"""Input as it really arrives: whole queries and key runs in one burst (a paste, keys bunched
by a laggy SSH link), delivered before the app has handled any of them.

The browser once crashed here: the table reported a row *position* and, by the time the app
read it, later keystrokes had replaced the rows (IndexError). The state now holds the partner,
not a position, so whatever the burst, what is shown and what is highlighted agree.
"""

from __future__ import annotations

import pytest
from screen import burst, running, screen_text, shown_names
from support import TODAY

from mongolia_tui.app import make_app
from mongolia_tui.views import PartnerIndex

SIZES = [(80, 24), (160, 45)]


def consistent(app) -> None:
    """What the screen says agrees with the state, and the highlight is on a shown row."""
    state = app.state
    assert app.is_running and app.return_code is None
    rows = state.rows
    if state.cursor is not None:
        assert rows[state.cursor] == state.selected
    if app.screen is app.screen_stack[0]:
        assert f"{len(rows)} of {state.total}" in screen_text(app)
        assert app.table.rows is rows
        assert app.table.cursor == state.cursor


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("down", [0, 5, 30, 120])
async def test_a_search_pasted_after_moving_down(shipped, size, down):
    app = make_app(shipped, today=TODAY)
    expected = PartnerIndex(shipped.partners, shipped.chronological).rows(query="1992")
    async with running(app, size) as pilot:
        await burst(pilot, ["j"] * down)
        assert app.state.cursor == min(down, len(shipped.partners) - 1)
        before = app.state.selected
        await burst(pilot, ["slash", *"1992"])
        consistent(app)
        assert app.state.rows == expected
        # The highlight stays on its partner if it matches, else moves to the first match.
        assert app.state.selected == (before if before in expected else expected[0])

        assert "search “1992”" in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_typing_over_a_query_in_bursts(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await burst(pilot, ["j"] * 40)
        await burst(pilot, ["slash", *"malay", *["backspace"] * 5, *"dprk"])
        consistent(app)
        assert shown_names(app) == ["North Korea"]
        await burst(pilot, [*["backspace"] * 4, *"zzzz", *["backspace"] * 4, *"mon"])
        consistent(app)
        assert app.state.query == "mon"
        await burst(pilot, ["enter", "j", "j", "j", "G", "k", "g"])
        consistent(app)
        assert app.state.cursor == 0


@pytest.mark.parametrize("size", SIZES)
async def test_tabs_sorts_and_moves_in_one_burst(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        keys = ["j"] * 25 + ["2", "j", "j", "3", "greater_than_sign", "r", "8", "pagedown"]
        keys += ["less_than_sign", "1", "end", "0", "j", "1", "pageup", "k"]

        await burst(pilot, keys)
        consistent(app)
        assert app.state.tab == "All"
        await burst(pilot, ["slash", *"republic", "enter", "n", "n", "N", "8", "n", "i", "i"])
        consistent(app)


async def test_a_burst_that_opens_and_closes_screens(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["j"] * 10 + ["enter", "j", "j", "escape", "s", "2", "f", "1",
                                          "question_mark", "escape", "j"])  # fmt: skip
        consistent(app)
        assert app.state.sort.column == "name"
        assert app.state.filters == {"note"}
        assert app.screen is app.screen_stack[0]


async def test_a_long_paste_is_cut_and_stays_quick(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["slash", *("mongolia " * 60)])
        consistent(app)
        assert len(app.search_box.value) <= 200


def as_the_terminal_reads(data: str) -> list:
    """The key events Textual's parser makes of bytes that arrive together (one read):
    "\\x1bs" is esc and s typed within the escape delay, which a terminal cannot tell
    from alt+s."""
    import time

    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    events = list(parser.feed(data))
    time.sleep(0.2)  # the escape delay passes with no more input
    events.extend(parser.tick())
    return events


async def send(pilot, events) -> None:
    for event in events:
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_escape_and_a_key_in_one_packet_are_both_handled(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size) as pilot:
        await send(pilot, as_the_terminal_reads("/mal"))
        assert [e.key for e in as_the_terminal_reads("\x1bs")] == ["alt+s"]
        await send(pilot, as_the_terminal_reads("\x1bs"))
        # esc left the box (the query kept, as typed), s opened the sort menu.
        assert app.search_box.value == "mal" and app.state.query == "mal"
        assert "Sort by" in screen_text(app)
        await send(pilot, as_the_terminal_reads("\x1b"))
        assert app.screen is app.screen_stack[0]
        await send(pilot, as_the_terminal_reads("\x1bG"))  # alt+shift+g: esc, then G
        assert app.state.query == "" and app.state.cursor == len(app.state.rows) - 1

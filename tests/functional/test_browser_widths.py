"""Every width a terminal has: tab labels that read at 80 and 60 columns, columns that use a
wide terminal (Region never hidden while Country has room to spare), a timeline that fills
200 columns."""

from __future__ import annotations

import re

import pytest
from screen import running, screen_text, table_lines
from support import TODAY

from mongolia_tui.app import make_app
from mongolia_tui.columns import REGION_TINY
from mongolia_tui.model import REGION_SHORT
from mongolia_tui.store import load_store
from mongolia_tui.tabs import TABS, hotkey


def tab_line(app) -> str:
    return screen_text(app).splitlines()[1]


#: A number next to a count or another number, with no name between: "4 5  5 11", or
#: "Afr 4 3 Amer" (a count, then the next tab's number).
BARE = re.compile(r"(?:^|\s)\d \d")


@pytest.mark.parametrize("query", ["", "ma"])
@pytest.mark.parametrize("key", ["1", "5", "7", "0"])
async def test_every_tab_is_named_at_80_columns(shipped, key, query):
    app = make_app(shipped, today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await pilot.press(key)
        if query:
            await pilot.press("slash", *query, "enter")
        line = tab_line(app)
        for tab in TABS:
            names = {tab, REGION_SHORT.get(tab, tab), REGION_TINY.get(tab, tab), tab[:3],
                     tab[:4], "Orgs"}  # fmt: skip
            assert any(f"{hotkey(tab)} {name}" in line for name in names), (tab, line)
        assert not BARE.search(line), line
        assert "‹" not in line and "›" not in line


@pytest.mark.parametrize("key", ["1", "5", "0"])
async def test_tabs_at_60_columns_are_named_never_bare_numbers(shipped, key):
    app = make_app(shipped, today=TODAY)
    async with running(app, (60, 20)) as pilot:
        await pilot.press(key)
        line = tab_line(app)
        assert not BARE.search(line), line
        numbers = re.findall(r"(?:^|\s)(\d) [A-Z]", line)
        assert key in numbers and len(numbers) >= 4, line


def header(app) -> str:
    return table_lines(app)[0]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45), (200, 50)])
async def test_region_is_shown_at_every_width(shipped, size):
    app = make_app(shipped, today=TODAY)
    async with running(app, size):
        assert "Region" in header(app)
        # Country is never much wider than its names while Region is cut.
        row = table_lines(app)[1]
        assert "Russia" in row


async def test_region_is_full_when_it_fits(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (200, 50)):
        lines = table_lines(app)
        assert "Russia, Central Asia and West Asia" in lines[1]
        country = lines[0].index("Region") - lines[0].index("Country")
        longest = max(len(r.name) for r in shipped.partners)
        assert country <= longest + 12  # the width went to the columns, not blank cells


async def test_the_timeline_fills_200_columns(shipped):
    app = make_app(shipped, today=TODAY)
    async with running(app, (200, 50)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        # The statistics beside the chart show whole lines (they were cut at 50 columns).
        assert "Sovereign Military Order of Malta, Taiwan" in text
        chart = app.screen.query_one("#chart")
        bars = chart.geometry.width
        assert chart.size.width - bars <= 4, (chart.size.width, bars)


async def test_the_detail_view_fits_80_columns_and_never_wraps_a_url(write_store):
    from support import partner_record

    url = "https://example.org/" + "/".join(f"part{n}" for n in range(30))
    store = write_store([partner_record("Chile", established="1990", sources=[url])])
    app = make_app(load_store(store), today=TODAY)
    async with running(app, (80, 24)) as pilot:
        await pilot.press("enter", "G")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[-1].rstrip().endswith("o 1-9 open"), lines[-1]
        shown = [line.strip() for line in lines if "example.org" in line]
        assert len(shown) == 1 and shown[0].endswith("…")  # one line, cut, not folded
        assert not any(line.strip().startswith("part") for line in lines)
        body = app.screen.query_one("#detail-body")
        links = {seg.style.link for strip in body.render_lines(body.region.reset_offset)
                 for seg in strip if seg.style and seg.style.link}  # fmt: skip
        assert links == {url}  # the link holds the whole address

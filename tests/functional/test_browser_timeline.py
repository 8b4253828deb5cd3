"""The timeline and anniversaries screens, driven with Pilot on a hand-made store.

The screens are pushed onto the real app (``make_app``), as the app will push them.
"""

from __future__ import annotations

import re

import pytest
from screen import running, screen_text
from support import TODAY, partner_record
from textual._compositor import CompositorUpdate

from mongolia_tui.app import make_app
from mongolia_tui.screens.anniversaries import AnniversariesScreen
from mongolia_tui.screens.timeline import TimelineScreen
from mongolia_tui.stats import YearRange, in_range
from mongolia_tui.store import load_store
from mongolia_tui.widgets.timeline_chart import SelectionLine, TimelineChart, chart_layout

SOURCE = ["https://example.org/history"]
RUSSIA_CA = "Russia, Central Asia and West Asia"


def event(kind: str, when: str) -> dict:
    return {"kind": kind, "date": when, "note": f"Relations {kind}.", "sources": SOURCE}


TIMELINE = [
    partner_record("Russia", region=RUSSIA_CA, established="1921-11-05"),
    partner_record("Albania", established="1949-10-16"),
    partner_record("Poland", established="1950-04-14"),
    partner_record("Hungary", established="1950-04-28"),
    partner_record("Guinea", region="Africa", established="1963-05"),
    partner_record("Mali", region="Africa", established="1964"),
    partner_record("Chile", region="Americas", established="1970-12-05",
             history=[event("broken", "1974-01-01"), event("restored", "1990-03-15")]),
    partner_record("Israel", region=RUSSIA_CA, established="1991-10-02"),
    partner_record("Kazakhstan", region=RUSSIA_CA, established="1992-01-22"),
    partner_record("Uzbekistan", region=RUSSIA_CA, established="1992-01-25"),
    partner_record("Slovenia", established="1992-11-17"),
    partner_record("Tuvalu", region="Oceania", established="2011-12-05"),
    partner_record("Botswana", region="Africa", established="2023-12-06"),
    partner_record("Taiwan", region="East Asia", established=None, status="none", un_member=False),
    partner_record("Barbados", region="Americas", established=None),
]  # fmt: skip

NARROW = (80, 24)


@pytest.fixture
def catalogue(write_store):
    return load_store(write_store(TIMELINE))


@pytest.fixture
def open_timeline(catalogue):
    """Run the app, push the timeline; yields (app, pilot, results the screen dismissed with)."""

    def start(size=NARROW, **options):
        app = make_app(catalogue, today=TODAY)
        results: list[YearRange | None] = []

        class Opened:
            async def __aenter__(self):
                self.context = running(app, size)
                pilot = await self.context.__aenter__()
                app.push_screen(TimelineScreen(catalogue.partners, **options),
                                results.append)  # fmt: skip
                await pilot.pause()
                return app, pilot, results

            async def __aexit__(self, *exc):
                return await self.context.__aexit__(*exc)

        return Opened()

    return start


def selection_words(app) -> str:
    line = app.screen.query_one(SelectionLine)
    return screen_text(app).splitlines()[line.region.y + 1].strip()


def marker_column(app) -> int:
    line = app.screen.query_one(SelectionLine)
    return screen_text(app).splitlines()[line.region.y].index("▲")


def bottom_row(app) -> str:
    """The chart's lowest row of bars (the one labelled 0 on the y axis)."""
    return next(line for line in screen_text(app).splitlines() if re.match(r"\s*0┤", line))


# -- the chart and the selection --------------------------------------------------------------


async def test_the_chart_shows_bars_per_year_with_the_busiest_year_selected(open_timeline):
    async with open_timeline() as (app, _, _):
        text = screen_text(app)
        assert isinstance(app.screen, TimelineScreen)
        assert "Timeline · relations established per year · All regions · 13 partners dated" in text
        assert "█" in text and "┤" in text and "└" in text
        assert "1990" in text and "2020" in text  # x-axis labels at decade starts
        assert selection_words(app) == "1992 · 3 partners · enter: show them"
        assert bottom_row(app)[marker_column(app)] == "█"
        # The statistics sit under the chart at 80x24.
        assert "first Russia (5 November 1921)" in text
        assert "none: Taiwan" in text and "date unknown: Barbados" in text
        assert "←→ year  d decades  [ ] region  enter partners  esc back" in text


async def test_left_moves_the_selection_and_does_not_redraw_the_chart(open_timeline):
    async with open_timeline() as (app, pilot, _):
        chart = app.screen.query_one(TimelineChart)
        draws, column = chart.draws, marker_column(app)
        await pilot.press("left")
        await pilot.pause()
        assert selection_words(app) == "1991 · 1 partner · enter: show them"
        assert marker_column(app) == column - 1
        await pilot.press("left", "left")
        await pilot.pause()
        assert selection_words(app) == "1989 · no partners"
        await pilot.press("right", "right", "right", "right")
        await pilot.pause()
        assert selection_words(app) == "1993 · no partners"
        assert chart.draws == draws


async def test_the_marker_lines_up_with_every_bar(open_timeline):
    async with open_timeline() as (app, pilot, _):
        seen = []
        await pilot.press("end")
        for _ in range(10):
            await pilot.pause()
            seen.append(selection_words(app).split()[0])
            assert bottom_row(app)[marker_column(app)] == "█", seen[-1]
            await pilot.press("shift+left")
        # 1921 is left of the window at 80 columns: shift+left stops at the first bar shown.
        assert seen[:9] == ["2023", "2011", "1992", "1991", "1970", "1964", "1963", "1950",
                            "1949"]  # fmt: skip


async def test_home_scrolls_to_years_left_of_the_window(open_timeline):
    async with open_timeline() as (app, pilot, _):
        chart = app.screen.query_one(TimelineChart)
        line = app.screen.query_one(SelectionLine)
        marks = screen_text(app).splitlines()[line.region.y]
        assert marks.startswith("◀") and not marks.rstrip().endswith("▶")
        draws = chart.draws
        await pilot.press("home")
        await pilot.pause()
        assert selection_words(app) == "1921 · 1 partner · enter: show them"
        assert chart.draws == draws + 1  # the window moved: one redraw
        marks = screen_text(app).splitlines()[line.region.y]
        assert marks.rstrip().endswith("▶") and not marks.startswith("◀")
        assert bottom_row(app)[marker_column(app)] == "█"


async def test_d_toggles_decades_and_back_keeping_the_place(open_timeline):
    async with open_timeline() as (app, pilot, _):
        chart = app.screen.query_one(TimelineChart)
        draws = chart.draws
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "relations established per decade" in text
        assert "1920s" in text and "1960s" in text
        # The hint does not fit beside the details: they come first.
        assert selection_words(app) == (
            "1990s · 4 partners · busiest 1992 (3) · restored Chile (1990-03-15)"
        )
        assert bottom_row(app)[marker_column(app)] == "█"
        assert chart.draws == draws + 1
        await pilot.press("left")
        await pilot.pause()
        assert selection_words(app).startswith("1980s · no partners")
        await pilot.press("d")
        await pilot.pause()
        assert "relations established per year" in screen_text(app)
        assert selection_words(app).startswith("1982 · no partners")


async def test_enter_dismisses_with_the_year_and_its_partners(open_timeline, catalogue):
    async with open_timeline() as (app, pilot, results):
        await pilot.press("enter")
        await pilot.pause()
        assert results == [YearRange(1992, 1992, "1992", None)]
        assert not isinstance(app.screen, TimelineScreen)
        names = [r.name for r in in_range(catalogue.partners, results[0])]
        assert names == ["Kazakhstan", "Uzbekistan", "Slovenia"]


async def test_enter_on_a_decade_dismisses_with_the_decade(open_timeline, catalogue):
    async with open_timeline() as (_, pilot, results):
        await pilot.press("d", "left", "left", "left", "enter")
        await pilot.pause()
        assert results == [YearRange(1960, 1969, "1960s", None)]
        assert [r.name for r in in_range(catalogue.partners, results[0])] == ["Guinea", "Mali"]


async def test_enter_on_an_empty_year_stays(open_timeline):
    async with open_timeline() as (app, pilot, results):
        await pilot.press("right", "enter")
        await pilot.pause()
        assert results == []
        assert isinstance(app.screen, TimelineScreen)


@pytest.mark.parametrize("key", ["escape", "q", "t"])
async def test_closing_dismisses_with_none(open_timeline, key):
    async with open_timeline() as (app, pilot, results):
        await pilot.press(key)
        await pilot.pause()
        assert results == [None]
        assert not isinstance(app.screen, TimelineScreen)


async def test_regions_filter_the_chart_and_the_result(open_timeline, catalogue):
    async with open_timeline() as (app, pilot, results):
        await pilot.press("right_square_bracket")
        await pilot.pause()
        text = screen_text(app)
        assert "Timeline · relations established per year · Africa · 3 partners dated" in text
        assert "first Guinea (May 1963)" in text
        # 1992 has none in Africa: the nearest year that has some.
        assert selection_words(app) == "1964 · 1 partner · enter: show them"
        await pilot.press("enter")
        await pilot.pause()
        assert results == [YearRange(1964, 1964, "1964", "Africa")]
        assert [r.name for r in in_range(catalogue.partners, results[0])] == ["Mali"]


async def test_the_screen_opens_at_a_region_a_decade_and_a_year(open_timeline):
    async with open_timeline(region="Africa", decades=True, year=1964) as (app, pilot, results):
        assert "per decade · Africa · 3 partners dated" in screen_text(app)
        assert selection_words(app) == (
            "1960s · 2 partners · busiest 1963, 1964 (1) · enter: show them"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert results == [YearRange(1960, 1969, "1960s", "Africa")]


async def test_left_bracket_wraps_to_the_last_region(open_timeline):
    async with open_timeline() as (app, pilot, _):
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "· Oceania · 1 partner dated" in screen_text(app)


async def test_breaks_and_restorations_are_marked_and_listed(open_timeline):
    async with open_timeline() as (app, pilot, _):
        text = screen_text(app)
        assert "×" in text and "+" in text
        assert "× break + restored" in text
        await pilot.press(*["left"] * 18)
        await pilot.pause()
        assert selection_words(app) == "1974 · no partners · broken Chile (1974-01-01)"
        # The mark stands in the column of its year.
        chart_lines = screen_text(app).splitlines()
        assert any(line[marker_column(app)] == "×" for line in chart_lines[1:18])


async def test_a_click_on_a_bar_selects_it(open_timeline):
    async with open_timeline() as (app, pilot, _):
        chart = app.screen.query_one(TimelineChart)
        layout = chart.geometry
        tuvalu = next(i for i, s in enumerate(app.screen.slots) if s.label == "2011")
        await pilot.click(TimelineChart, offset=(layout.column(tuvalu), chart.size.height - 3))
        await pilot.pause()
        assert selection_words(app) == "2011 · 1 partner · enter: show them"


async def test_resizing_redraws_the_chart_and_keeps_the_marker_on_its_bar(open_timeline):
    async with open_timeline() as (app, pilot, _):
        chart = app.screen.query_one(TimelineChart)
        draws = chart.draws
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        await pilot.pause()
        assert chart.draws > draws
        # 120 columns hold every year from 1921: no arrows.
        line = app.screen.query_one(SelectionLine)
        marks = screen_text(app).splitlines()[line.region.y]
        assert "◀" not in marks and "▶" not in marks
        assert bottom_row(app)[marker_column(app)] == "█"


async def test_wide_terminals_put_the_full_statistics_beside_the_chart(open_timeline):
    async with open_timeline(size=(160, 40)) as (app, _, _):
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if re.match(r"\s*0┤", line))
        stats = app.screen.query_one("#timeline-stats")
        assert stats.region.x > 100 and stats.region.y == 1
        assert any("Busiest year:    1992 (3 partners)" in line for line in lines)
        assert any(line.split()[-2:] == ["1990s", "4"] for line in lines if "1990s" in line)
        assert "█" in row


async def test_an_empty_store_says_so(write_store):
    catalogue = load_store(write_store([]))
    app = make_app(catalogue, today=TODAY)
    async with running(app, NARROW) as pilot:
        results = []
        app.push_screen(TimelineScreen(catalogue.partners), results.append)
        await pilot.pause()
        await pilot.press("left", "d", "right_square_bracket", "enter")
        await pilot.pause()
        assert "No partner has a known date." in screen_text(app)
        assert results == []


async def test_names_from_the_data_are_shown_as_text(write_store):
    hostile = partner_record("[bold]Evil\x1b]0;x\x07", established="1992-05-05",
                       history=[event("broken", "1993-01-01")])  # fmt: skip
    catalogue = load_store(write_store([hostile]))
    app = make_app(catalogue, today=TODAY)
    async with running(app, NARROW) as pilot:
        app.push_screen(TimelineScreen(catalogue.partners))
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert selection_words(app) == "1993 · no partners · broken [bold]Evil␛]0;x␇ (1993-01-01)"


# -- bytes on the wire ------------------------------------------------------------------------


def record_output(app) -> list[int]:
    """Bytes the app would write to the terminal, per screen update (headless writes none)."""
    sizes: list[int] = []
    display = app._display

    def spy(screen, renderable):
        if isinstance(renderable, CompositorUpdate):
            sizes.append(len(renderable.render_segments(app.console).encode("utf-8")))
        display(screen, renderable)

    app._display = spy
    return sizes


async def test_one_left_key_writes_a_few_hundred_bytes_not_a_screen(open_timeline):
    async with open_timeline() as (app, pilot, _):
        sizes = record_output(app)
        await pilot.press("left")
        await pilot.pause()
        left = sum(sizes)
        sizes.clear()
        await pilot.press("d")
        await pilot.pause()
        redraw = sum(sizes)
        # Measured at 80x24: 275 bytes for ← (the two selection lines) against 5,625 for the
        # toggle, which redraws the chart; redrawing the chart on ← too wrote 3,990. The bound
        # leaves room for theme colours, not for a repaint.
        assert 0 < left <= 1_000
        assert redraw > 5 * left


# -- the pure layout --------------------------------------------------------------------------


def test_layout_fits_one_column_per_year_and_keeps_the_window_while_the_selection_moves():
    layout = chart_layout(80, 103, 14, 71)
    assert (layout.left, layout.per_slot, layout.shown, layout.first) == (3, 1, 76, 27)
    assert layout.width == 80
    assert layout.column(71) == 3 + 71 - 27
    assert chart_layout(80, 103, 14, 40, first=27).first == 27  # still inside: unchanged
    assert chart_layout(80, 103, 14, 10, first=27).first == 10  # left of it: scrolls
    assert chart_layout(80, 103, 14, 102, first=0).first == 27  # right of it: scrolls
    assert layout.slot_at(3) == 27 and layout.slot_at(2) is None and layout.slot_at(79) is None


def test_layout_gives_decades_wider_bars_with_a_gap():
    layout = chart_layout(80, 11, 47, 7, decades=True)
    assert (layout.per_slot, layout.bar_columns, layout.shown, layout.first) == (6, 5, 11, 0)
    assert layout.column(0) == 3 + 2 and layout.column(1) == 3 + 6 + 2
    assert chart_layout(300, 11, 47, 7, decades=True).per_slot == 10
    assert chart_layout(2, 11, 47, 7).shown == 0


# -- anniversaries ----------------------------------------------------------------------------

ANNIVERSARIES = [
    partner_record("Canada", region="Americas", established="1973-11-30"),
    partner_record("Indonesia", region="South East Asia", established="1956-12-21"),
    partner_record("Cuba", region="Americas", established="1960-12-07"),
    partner_record("Borduria", established="1976-02-29"),
    partner_record("Mali", region="Africa", established="1964"),
]


async def open_anniversaries(write_store, size=NARROW):
    catalogue = load_store(write_store(ANNIVERSARIES))
    app = make_app(catalogue, today=TODAY)
    return app, catalogue


async def test_anniversaries_lists_the_next_30_days_and_enter_chooses(write_store):
    app, catalogue = await open_anniversaries(write_store)
    async with running(app, NARROW) as pilot:
        results: list[str | None] = []
        app.push_screen(AnniversariesScreen(catalogue.partners, today=TODAY), results.append)
        await pilot.pause()
        text = screen_text(app)
        assert "Anniversaries in the next 30 days · from 29 November 2026" in text
        lines = [line for line in text.splitlines() if " Dec 2026" in line or "Nov 2026" in line]
        assert [re.search(r"(\w+) · \d+", line)[1] for line in lines] == [
            "Canada", "Cuba", "Indonesia"]  # fmt: skip
        assert "Indonesia · 70th ★ (1956)" in text
        assert "Canada · 53rd (1973)" in text
        assert "Mali" not in text and "Borduria" not in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert [catalogue.partners[i].name for i in results] == ["Cuba"]


async def test_anniversaries_round_only_and_looking_further(write_store):
    app, catalogue = await open_anniversaries(write_store)
    async with running(app, NARROW) as pilot:
        results: list[str | None] = []
        app.push_screen(AnniversariesScreen(catalogue.partners, today=TODAY), results.append)
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Round anniversaries in the next 30 days" in text
        assert "Indonesia" in text and "Canada" not in text
        await pilot.press("r", "w", "w")
        await pilot.pause()
        text = screen_text(app)
        assert "Anniversaries in the next 365 days" in text
        assert "28 Feb 2027" in text and "Borduria · 51st (1976*)" in text
        assert "* established on 29 February" in text
        await pilot.press("escape")
        await pilot.pause()
        assert results == [None]


async def test_anniversaries_with_none_coming_say_so(write_store):
    catalogue = load_store(write_store([partner_record("Mali", established="1964")]))
    app = make_app(catalogue, today=TODAY)
    async with running(app, NARROW) as pilot:
        results: list[str | None] = []
        app.push_screen(AnniversariesScreen(catalogue.partners, today=TODAY), results.append)
        await pilot.pause()
        assert "None. Press w to look further." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert results == []


# -- snapshots (update after an intended change: pytest <this file> --snapshot-update) --------


@pytest.mark.parametrize("keys", [(), ("d",)], ids=["years", "decades"])
def test_snapshot_timeline_80x24(snap_compare, catalogue, keys):
    async def push(pilot):
        await pilot.pause()
        pilot.app.push_screen(TimelineScreen(catalogue.partners))
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    app = make_app(catalogue, today=TODAY)
    assert snap_compare(app, terminal_size=NARROW, run_before=push)


def test_snapshot_anniversaries_80x24(snap_compare, write_store):
    catalogue = load_store(write_store(ANNIVERSARIES))

    async def push(pilot):
        await pilot.pause()
        pilot.app.push_screen(AnniversariesScreen(catalogue.partners, today=TODAY))
        await pilot.pause()

    app = make_app(catalogue, today=TODAY)
    assert snap_compare(app, terminal_size=NARROW, run_before=push)


@pytest.mark.parametrize("size", [NARROW, (200, 50)])
async def test_a_new_region_moves_to_the_nearest_year_with_partners(open_timeline, size):
    async with open_timeline(size) as (app, pilot, results):
        assert selection_words(app).startswith("1992 · 3 partners")
        await pilot.press("right_square_bracket")  # Africa: none in 1992
        await pilot.pause()
        assert "· Africa ·" in screen_text(app)
        assert selection_words(app).startswith("1964 · 1 partner")
        await pilot.press("enter")
        await pilot.pause()
        assert results == [YearRange(1964, 1964, "1964", "Africa")]

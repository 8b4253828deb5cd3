"""The browser, driven with Pilot: what the user sees after each key."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen import burst, highlighted, notes_text, running, screen_text, shown_names, table_lines
from textual.widgets import Input

from mongolia_tui.commands import COMMANDS, OTHER_KEYS, TAB_KEYS
from mongolia_tui.screens.choose import ChoiceScreen
from mongolia_tui.screens.detail import DetailScreen
from mongolia_tui.screens.help import HelpScreen
from mongolia_tui.widgets.tabbar import TabBar

SIZE = (100, 30)


def key_bar(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_first_screen_shows_the_chronological_list_with_the_first_row_highlighted(
    sample_app,
):
    app = sample_app()
    async with running(app, SIZE):
        text = screen_text(app)
        assert "All · 12 of 12 · sorted by # ▲" in text
        assert "1 All 12 " in text and "2 Afr 3 Amer" in text
        names = shown_names(app)
        assert names[:4] == ["Russia", "North Korea", "Egypt", "United Kingdom"]
        # Unnumbered partners stand at their date; unknown and "none" come last.
        assert names.index("Holy See") == names.index("Kazakhstan") + 2
        assert names[-2:] == ["Malawi", "Taiwan"]
        lines = table_lines(app)
        assert lines[0].split()[:2] == ["#▲", "Country"]
        assert lines[1].split()[:3] == ["1", "Russia", "Russia,"]
        assert "5 November 1921" in lines[1]
        assert highlighted(app) == "Russia"
        assert notes_text(app).startswith("Russia · 5 November 1921 · 105 years · #1 of 9")
        assert app.focused is app.table


async def test_moving_shows_the_partner_in_the_notes_panel(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("j")  # the first j moves: the first row was already highlighted
        assert highlighted(app) == "North Korea"
        notes = notes_text(app)
        assert notes.startswith("North Korea · 15 October 1948 · 78 years, 1 month · #2 of 9")
        assert "East Asia · PRK · also DPRK, Democratic People's Republic of Korea" in notes
        await pilot.press("down", "down", "k")
        assert highlighted(app) == "Egypt"
        await pilot.press("end")
        assert highlighted(app) == "Taiwan"
        assert "no diplomatic relations" in notes_text(app)
        await pilot.press("home")
        assert highlighted(app) == "Russia"


async def test_the_note_comes_first_and_fits_at_80x24(sample_app):
    app = sample_app(country="Malaysia")
    async with running(app, (80, 24)):
        lines = notes_text(app).splitlines()
        assert lines[0] == "Malaysia · 8 September 1971 · 55 years, 2 months · #6 of 9"
        assert lines[1] == "South East Asia · MYS"
        # The note starts on the fourth line of the panel, on screen.
        assert lines[3].startswith("Mongolia did not present an ambassador")
        assert "Mongolia did not present an ambassador" in screen_text(app)


async def test_page_down_scrolls_a_page_like_less(tmp_path, write_store):
    from support import TODAY, partner_record

    from mongolia_tui.app import make_app
    from mongolia_tui.store import load_store

    many = [
        partner_record(f"Partner {n:03}", established=f"{1950 + n % 70}-01-01") for n in range(120)
    ]
    app = make_app(load_store(write_store(many)), today=TODAY)
    async with running(app, (80, 24)) as pilot:
        table = app.table
        page = table.body_height
        await pilot.press("pagedown")
        assert app.state.cursor == page  # not swallowed: the first row was highlighted
        assert int(table.scroll_y) == page  # the view moved a page too, not one row
        await pilot.press("pagedown")
        assert (app.state.cursor, int(table.scroll_y)) == (2 * page, 2 * page)
        await pilot.press("pageup")
        assert (app.state.cursor, int(table.scroll_y)) == (page, page)
        await pilot.press("space")
        assert app.state.cursor == 2 * page


async def test_live_search_filters_every_tab_and_highlights(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"1992")
        assert shown_names(app) == ["Kazakhstan", "Uzbekistan", "Holy See"]
        text = screen_text(app)
        assert "All · 3 of 12 · sorted by # ▲ · search “1992”" in text
        # At 100 columns every tab is named, the active one with its count.
        assert "1 All 3 " in text and "2 Afr 3 Amer" in text
        counts = app.query_one(TabBar).counts
        assert counts["Russia, Central Asia and West Asia"] == 2 and counts["Europe"] == 1
        assert highlighted(app) == "Kazakhstan"
        assert app.table.terms == ("1992",)
        # Letters go to the search box, not to the bindings.
        await pilot.press(*["backspace"] * 4, *"cote")
        assert shown_names(app) == ["Côte d'Ivoire"]
        assert app.state.tab == "All"
        await pilot.press("enter")
        assert app.focused is app.table


async def test_search_highlights_the_match_in_the_row(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash", *"kaz")
        strip = app.table.render_line(1)
        styled = [seg for seg in strip if seg.text == "Kaz"]
        assert styled and styled[0].style.underline


async def test_search_in_a_region_tab_says_where_the_matches_are(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        await pilot.press("8", "slash", *"dprk")
        assert shown_names(app) == []
        text = screen_text(app)
        assert "Nothing matches" not in text
        assert "No match in Europe: 1 in E Asia (press 4). From the table, n jumps there." in text
        await pilot.press("enter", "n")  # n jumps to the tab the message names
        assert app.state.tab == "East Asia" and highlighted(app) == "North Korea"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("enter", [False, True])
async def test_n_jumps_where_the_message_says_from_the_table(sample_app, size, enter):
    app = sample_app()
    async with running(app, size) as pilot:
        await burst(pilot, ["2", "slash", *"dprk", *(["enter"] if enter else []), "n"])
        if not enter:
            # In the box n types itself ("argentina" typed on the Europe tab must not jump
            # away at "arge"); enter, then n, jumps.
            assert app.search_box.value == "dprkn" and app.state.tab == "Africa"
            await burst(pilot, ["backspace", "enter", "n"])
        assert app.state.query == "dprk" and app.search_box.value == "dprk"
        assert app.state.tab == "East Asia" and highlighted(app) == "North Korea"
        assert app.focused is app.table
        await burst(pilot, ["slash", *["backspace"] * 4, *"zzz"])
        assert app.search_box.value == "zzz"  # n types itself where no jump is offered
        await burst(pilot, ["n"])
        assert app.search_box.value == "zzzn"


async def test_nothing_matching_anywhere_says_so_and_escape_clears(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash", *"atlantis")
        assert shown_names(app) == []
        assert "Nothing matches the search. esc clears it." in screen_text(app)
        assert "1 All 0" in screen_text(app)
        await pilot.press("escape")
        assert app.focused is app.table
        assert app.state.query == "atlantis"
        await pilot.press("escape")
        assert app.state.query == "" and app.search_box.value == ""
        assert len(shown_names(app)) == 12


async def test_n_and_shift_n_step_through_the_matches(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash", *"1992", "enter")
        assert highlighted(app) == "Kazakhstan"
        await pilot.press("n", "n")
        assert highlighted(app) == "Holy See"
        await pilot.press("n")  # wraps around
        assert highlighted(app) == "Kazakhstan"
        await pilot.press("N")
        assert highlighted(app) == "Holy See"
        # i, not n, shows and hides the notes panel.
        await pilot.press("i")
        assert not app.notes.display


async def test_number_keys_and_brackets_switch_tabs(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("2")
        assert app.state.tab == "Africa"
        assert shown_names(app) == ["Egypt", "Côte d'Ivoire", "Malawi"]
        assert highlighted(app) == "Egypt"
        assert "Africa · 3 of 12" in screen_text(app)
        assert "Region" not in table_lines(app)[0]
        await pilot.press("7")
        assert app.state.tab == "Russia, Central Asia and West Asia"
        await pilot.press("8")
        assert shown_names(app) == ["United Kingdom", "Holy See", "Czech Republic"]
        await pilot.press("0")
        assert app.state.tab == "Organisations"
        assert shown_names(app) == ["ASEAN", "UN"]
        await pilot.press("1")
        assert app.state.tab == "All"
        await pilot.press("right_square_bracket")
        assert app.state.tab == "Africa"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.state.tab == "Organisations"


async def test_every_tab_number_is_shown_at_80_columns(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        for key in ("1", "5", "9", "0"):
            await pilot.press(key)
            tabs = screen_text(app).splitlines()[1]
            for number in TAB_KEYS:
                assert f" {number} " in f"{tabs} ", (key, tabs)
            assert "‹" not in tabs and "›" not in tabs


async def test_sort_menu_picks_a_column_directly(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("j")  # North Korea
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Country" in screen_text(app)
        await pilot.press("2")  # the second column: Country
        assert not isinstance(app.screen, ChoiceScreen)
        assert app.state.sort.column == "name"
        assert "Country▲" in table_lines(app)[0]
        assert shown_names(app)[:3] == ["Côte d'Ivoire", "Czech Republic", "Egypt"]
        assert highlighted(app) == "North Korea"
        await pilot.press("s", "2")  # the same column again: reversed
        assert "Country▼" in table_lines(app)[0]
        assert shown_names(app)[0] == "Uzbekistan"
        await pilot.press("s", "escape")
        assert app.state.sort.column == "name"
        # The same menu position means the same column on every region tab.
        await pilot.press("2", "s", "3")
        assert app.state.sort.column == "established"
        await pilot.press("8", "s", "3")
        assert app.state.sort.column == "established"


async def test_angle_brackets_step_the_sort_column_and_r_reverses(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("greater_than_sign")
        assert app.state.sort.column == "name"
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert app.state.sort.column == "established"
        await pilot.press("r")
        names = shown_names(app)
        assert names[0] == "Czech Republic"
        assert names[-2:] == ["Malawi", "Taiwan"]  # unknown last both ways
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        assert app.state.sort.column == "rank"
        assert "sorted by # ▲" in screen_text(app)


async def test_the_sorted_headers_arrow_is_never_cut(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        for _ in range(6):
            await pilot.press("greater_than_sign")
            header = table_lines(app)[0]
            assert "▲" in header, header


async def test_palette_sorts_and_filters(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await palette(pilot, "sort by established")
        assert app.state.sort.column == "established"
        await palette(pilot, "filter: has a note")
        assert shown_names(app) == ["Malaysia"]


async def test_filters_combine_with_search_and_show_in_the_title(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, ChoiceScreen)
        assert "has a note (1)" in screen_text(app)
        await pilot.press("1")
        assert shown_names(app) == ["Malaysia"]
        assert "All · 1 of 12 · has a note · sorted by # ▲" in screen_text(app)
        await pilot.press("f", "1", "f", "3")  # note off; uncertain date on
        assert sorted(shown_names(app)) == ["Côte d'Ivoire", "Egypt", "Malawi"]
        assert "date uncertain or disputed" in screen_text(app)
        await pilot.press("slash", *"egy", "enter")
        assert shown_names(app) == ["Egypt"]
        await pilot.press("f", "2")  # and no relations: nothing passes both
        assert shown_names(app) == []
        await pilot.press("escape")  # clears the search
        await pilot.press("escape")  # then the filters
        assert len(shown_names(app)) == 12
        # Filters are for partners: not offered on Organisations.
        await pilot.press("0", "f")
        assert not isinstance(app.screen, ChoiceScreen)


async def test_enter_opens_the_detail_view_which_scrolls_and_closes(write_store):
    from support import TODAY, partner_record

    from mongolia_tui.app import make_app
    from mongolia_tui.store import load_store

    czech = partner_record(
        "Czech Republic", established="1993-01-01", date_note="Restorer's note: row 7.",
        sources=[f"https://example.org/source/{n}" for n in range(40)],
        history=[{"kind": "predecessor", "date": "1950-04-25", "name": "Czechoslovakia",
                  "note": "Relations with Czechoslovakia.", "sources": ["https://e.org/h"],
                  "rank": True}],
        notes="A note [bold]with markup[/bold].",
    )  # fmt: skip
    app = make_app(load_store(write_store([czech])), today=TODAY)
    async with running(app, (80, 24)) as pilot:
        assert "Restorer's note" not in notes_text(app)  # no restoration jargon in the panel
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "Czech Republic" in text and "A note [bold]with markup[/bold]." in text
        assert "25 April 1950 · predecessor Czechoslovakia" in text
        assert "https://example.org/source/0" in text
        body = app.screen.query_one("#detail-body")
        link_styles = [
            seg.style for strip in body.render_lines(body.region.reset_offset)
            for seg in strip if seg.style and seg.style.link
        ]  # fmt: skip
        assert link_styles and link_styles[0].link == "https://example.org/source/0"
        scroller = app.screen.query_one("#detail")
        await pilot.press("j", "j")
        assert scroller.scroll_y == 2
        await pilot.press("space")
        assert scroller.scroll_y > 2
        await pilot.press("G")
        assert "Provenance" in screen_text(app) and "Restorer's note" in screen_text(app)
        await pilot.press("g")
        assert scroller.scroll_y == 0
        await pilot.press("q")
        assert not isinstance(app.screen, DetailScreen)
        await pilot.press("enter", "escape")
        assert not isinstance(app.screen, DetailScreen)
        assert app.focused is app.table


async def test_clicking_a_header_sorts_and_again_reverses(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        x = table_lines(app)[0].index("Country")
        await pilot.click("#table", offset=(x + 1, 0))
        assert app.state.sort == type(app.state.sort)("name", False)
        await pilot.click("#table", offset=(x + 1, 0))
        assert app.state.sort.descending
        assert "Country▼" in table_lines(app)[0]


async def test_clicking_a_row_and_a_tab(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.click("#table", offset=(10, 2))
        assert highlighted(app) == "North Korea"
        tabs = screen_text(app).splitlines()[1]
        await pilot.click("#tabs", offset=(tabs.index("2 Afr"), 0))
        assert app.state.tab == "Africa"


async def test_notes_panel_toggles_and_follows_the_width(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        table, notes = app.table.region, app.notes.region
        assert notes.y > table.y and notes.x == table.x  # below on narrow terminals
        await pilot.press("i")
        assert not app.notes.display
        await pilot.press("i")
        assert app.notes.display
    app = sample_app()
    async with running(app, (200, 60)):
        table, notes = app.table.region, app.notes.region
        assert notes.x > table.x and notes.y == table.y  # beside on wide ones


async def test_an_empty_table_shows_what_is_coming_up(sample_store):
    from datetime import date

    from mongolia_tui.app import make_app
    from mongolia_tui.store import load_store

    # Malaysia's day is 8 September.
    app = make_app(load_store(sample_store), today=date(2026, 9, 1))
    async with running(app, SIZE) as pilot:
        await pilot.press("escape")  # the highlight stays
        assert highlighted(app) == "Russia"
        await pilot.press("slash", *"qqqq", "enter")
        assert app.state.shown is None
        text = notes_text(app)
        assert "Coming up" in text and "Malaysia" in text and "Russia" not in text
        await pilot.press("escape")
        assert highlighted(app) == "Russia"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_no_state_offers_a_key_that_refuses(sample_app, size):
    """The panel's "more: enter" and the bar's "enter Details" only where enter opens the
    row shown; an empty table never speaks of the partner it hid."""
    app = sample_app()
    warnings: list[str] = []
    app.notify = lambda message, **kw: warnings.append(message)  # type: ignore[method-assign]

    async def check(*keys: str) -> None:
        await burst(pilot, list(keys))
        await pilot.pause()
        bar, notes = key_bar(app), notes_text(app)
        offered = "enter Details" in bar or notes.endswith("more: enter")
        if app.state.shown is None:
            assert not offered, (keys, bar, notes)
            assert "Russia" not in notes and "Mongolia and Russia" not in notes
        else:
            assert "enter Details" in (bar if app.focused is app.table else "enter Details")
        before, on_table = len(app.screen_stack), app.focused is app.table
        await burst(pilot, ["enter"])
        if app.state.shown is not None and on_table:
            assert isinstance(app.screen, DetailScreen), keys
            await burst(pilot, ["escape"])
        else:
            assert len(app.screen_stack) == before, (keys, app.state.shown, app.focused)
        assert not [w for w in warnings if "first" in w], warnings

    async with running(app, size) as pilot:
        await check("escape")  # once took the highlight away
        await check("escape", "escape")
        await check("2", "slash", *"russia", "enter")  # no match on Africa: Russia hidden
        await check("escape", "1", "slash", *"zzzz", "enter")
        await check("escape", "0", "slash", *"zzzz", "enter")
        await check("escape", "f", "2", "escape", "9")


async def test_organisations_tab_and_its_keys(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        await pilot.press("0", "j")
        text = screen_text(app)
        assert "Organisations · 2 of 2" in text
        assert "United Nations" in text and "observer" in text
        assert "Mongolia joined in 1961." in notes_text(app)
        bar = key_bar(app)
        assert "Filter" not in bar and "Timeline" not in bar
        await pilot.press("slash", *"asean")
        assert shown_names(app) == ["ASEAN"]
        assert " 0 Orgs 1 " in screen_text(app)


async def test_the_key_bar_shows_the_keys_that_work_where_the_focus_is(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        bar = key_bar(app)
        for label in ("Search", "Details", "Filter", "Sort", "Help", "Quit"):
            assert label in bar
        await pilot.press("slash")
        bar = key_bar(app)
        assert "enter Done" in bar and "esc Back" in bar
        assert "Sort" not in bar and "Notes" not in bar
        await pilot.press("escape")
        assert "Sort" in key_bar(app)


async def test_help_lists_every_key_and_scrolls(sample_app):
    app = sample_app()
    async with running(app, (100, 60)) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        for command in COMMANDS:
            if command.key not in TAB_KEYS and not command.action.startswith(
                ("move", "page", "first", "last")
            ):
                assert command.display in text
                assert command.description[:30] in text
        for keys, description in OTHER_KEYS:
            assert keys in text
            assert description[:30] in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused is app.table
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        await pilot.press("question_mark")
        scroller = app.screen.query_one("#help")
        await pilot.press("j", "j", "j")
        assert scroller.scroll_y == 3
        await pilot.press("space")
        assert scroller.scroll_y > 3
        await pilot.press("k")
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)


async def test_keys_of_the_browser_do_nothing_under_another_screen(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("question_mark", "s", "2", "r")
        assert isinstance(app.screen, HelpScreen)
        assert app.state.tab == "All" and app.state.sort.column == "rank"


async def palette(pilot, query: str) -> None:
    """Open the command palette, type a query and run the best hit."""
    await pilot.press("ctrl+p", *query)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause()


async def test_command_palette_goes_to_a_country(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("2")
        await palette(pilot, "go to malays")
        assert app.state.tab == "All"
        assert highlighted(app) == "Malaysia"
        await palette(pilot, "tab: europe")
        assert app.state.tab == "Europe"


async def test_palette_offers_the_declared_commands(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await palette(pilot, "reverse")
        assert app.state.sort.descending


async def test_open_at_a_country_or_region(sample_app):
    app = sample_app(country="Malaysia")
    async with running(app, SIZE):
        assert highlighted(app) == "Malaysia"
        assert notes_text(app).startswith("Malaysia")
    app = sample_app(region="Africa")
    async with running(app, SIZE):
        assert app.state.tab == "Africa"
        assert highlighted(app) == "Egypt"


async def test_copy_puts_the_partner_on_the_clipboard(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash", *"qqqq", "enter", "c")
        assert app.clipboard == ""
        await pilot.press("escape", "c")
        assert app.clipboard.startswith("Name:        Russia\n")
        assert "Established: 5 November 1921" in app.clipboard


async def test_export_writes_the_rows_shown_in_order(sample_app, tmp_path):
    app = sample_app()
    target = tmp_path / "out.csv"
    async with running(app, SIZE) as pilot:
        await pilot.press("2", "r", "e")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export writes in a thread
        await pilot.pause()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("rank,name,")
    assert [line.split(",")[1] for line in lines[1:]] == ["Côte d'Ivoire", "Egypt", "Malawi"]


@pytest.mark.parametrize(("ending", "first"), [(".json", "["), (".md", "| # |")])
async def test_export_formats_follow_the_ending(sample_app, tmp_path, ending, first):
    app = sample_app()
    target = tmp_path / f"out{ending}"
    async with running(app, SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export writes in a thread
        await pilot.pause()
    assert target.read_text(encoding="utf-8").startswith(first)


async def test_export_asks_before_replacing_and_never_touches_the_store(sample_app, tmp_path):
    app = sample_app()
    target = tmp_path / "keep.csv"
    target.write_text("precious", encoding="utf-8")
    async with running(app, SIZE) as pilot:
        await pilot.press("e")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export writes in a thread
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "precious"
        assert "press enter again to replace it" in screen_text(app)
        field.value = app.catalogue.path
        store = Path(app.catalogue.path)
        store_before = store.read_bytes()
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export writes in a thread
        await pilot.pause()
        assert "That is the data store itself" in screen_text(app)
        assert store.read_bytes() == store_before
        await pilot.press("escape")
        assert "All · 12 of 12" in screen_text(app)
    assert target.read_text(encoding="utf-8") == "precious"


async def test_quit_key(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_housekeeping_runs_after_the_first_screen(sample_store):
    from support import TODAY

    from mongolia_tui.app import make_app
    from mongolia_tui.store import load_store

    calls = []
    app = make_app(load_store(sample_store), today=TODAY, after_start=lambda: calls.append(1))
    async with running(app, SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == [1]


async def test_export_defaults_to_a_file_in_the_current_directory(sample_app, tmp_path):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("e", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert (tmp_path / "mongolia-relations.csv").read_text(encoding="utf-8").startswith("rank,")


async def test_partners_and_organisations_keep_their_own_sort(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("0", "r")
        assert shown_names(app) == ["UN", "ASEAN"]
        assert "sorted by Abbr ▼" in screen_text(app)
        await pilot.press("1")
        assert "sorted by # ▲" in screen_text(app)
        assert shown_names(app)[0] == "Russia"
        await pilot.press("0")
        assert shown_names(app) == ["UN", "ASEAN"]


async def test_timeline_choice_filters_the_table(sample_app):
    from mongolia_tui.screens.timeline import TimelineScreen

    app = sample_app()
    async with running(app, (100, 40)) as pilot:
        await pilot.press("t", "d", "enter")  # decades: the busiest is the 1990s
        assert "established 1990s" in screen_text(app)
        assert shown_names(app) == ["Kazakhstan", "Uzbekistan", "Holy See", "Czech Republic"]
        await pilot.press("escape")
        await pilot.press("t")
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("enter")  # the timeline opens on the busiest year: 1992
        assert not isinstance(app.screen, TimelineScreen)
        assert shown_names(app) == ["Kazakhstan", "Uzbekistan", "Holy See"]
        assert "established 1992" in screen_text(app)
        await pilot.press("escape")
        assert len(shown_names(app)) == 12


async def test_the_organisations_tab_exports_too(sample_app, tmp_path):
    app = sample_app()
    target = tmp_path / "orgs.csv"
    async with running(app, SIZE) as pilot:
        await pilot.press("0", "r", "e")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("abbreviation,name,status")
    assert [line.split(",")[0] for line in lines[1:]] == ["UN", "ASEAN"]


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_slash_finds_in_the_detail_view_and_help_like_less(write_store, size):
    from support import TODAY, partner_record

    from mongolia_tui.app import make_app
    from mongolia_tui.store import load_store

    czech = partner_record(
        "Czech Republic", established="1993-01-01", date_note="Restorer's note: row 7.",
        sources=[f"https://example.org/source/{n}" for n in range(40)],
    )  # fmt: skip
    app = make_app(load_store(write_store([czech])), today=TODAY)
    async with running(app, size) as pilot:
        await pilot.press("enter")
        await burst(pilot, ["slash", *"source/33", "enter"])
        scroller = app.screen.query_one("#detail")
        assert scroller.scroll_y > 0
        assert "https://example.org/source/33" in screen_text(app)
        await burst(pilot, ["slash", *"restorer", "enter"])
        assert "Restorer's note" in screen_text(app)
        await burst(pilot, ["g", "n"])  # n: the next occurrence, from where the view is
        assert "Restorer's note" in screen_text(app)
        await burst(pilot, ["slash", *"nowhere at all", "enter"])
        assert isinstance(app.screen, DetailScreen)
        await burst(pilot, ["slash", "escape"])  # esc leaves the find box, not the view
        assert isinstance(app.screen, DetailScreen)
        await burst(pilot, ["escape", "question_mark"])
        await burst(pilot, ["slash", *"accents", "enter"])
        assert isinstance(app.screen, HelpScreen)
        assert "accents" in screen_text(app)
        assert app.screen.query_one("#help").scroll_y > 0 or size[1] > 40

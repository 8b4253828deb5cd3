"""The browser, driven with Pilot: what the user sees after each key."""

from __future__ import annotations

from pathlib import Path

import pytest
from screen import notes_text, running, screen_text, shown_names, table_lines
from textual.widgets import Input

from mongolia_tui.commands import COMMANDS, OTHER_KEYS, TAB_KEYS
from mongolia_tui.screens.help import HelpScreen
from mongolia_tui.widgets.tabbar import TabBar

SIZE = (100, 30)


async def test_first_screen_shows_the_chronological_list_and_the_lead(sample_app):
    app = sample_app()
    async with running(app, SIZE):
        text = screen_text(app)
        assert "All · 12 of 12 · sorted by # ▲" in text
        assert "1 All 12" in text and "2 Africa 3" in text
        names = shown_names(app)
        assert names[:4] == ["Russia", "North Korea", "Egypt", "United Kingdom"]
        # Unnumbered partners stand at their date; unknown and "none" come last.
        assert names.index("Holy See") == names.index("Kazakhstan") + 2
        assert names[-2:] == ["Malawi", "Taiwan"]
        lines = table_lines(app)
        assert lines[0].split()[:2] == ["#▲", "Country"]
        assert lines[1].split()[:3] == ["1", "Russia", "Russia,"]
        assert "5 November 1921" in lines[1]
        assert app.table.cursor_row is None
        assert "Mongolia has relations." in notes_text(app)
        assert app.focused is app.table


async def test_moving_shows_the_partner_in_the_notes_panel(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("j")
        assert app.table.cursor_row == 0
        notes = notes_text(app)
        assert notes.startswith("Russia")
        assert "Established: 5 November 1921" in notes
        assert "Age: 105 years" in notes
        assert "Rank: #1 of 9" in notes
        assert "Russian Federation, USSR" in notes
        await pilot.press("down", "down", "k")
        assert notes_text(app).startswith("North Korea")
        await pilot.press("end")
        assert app.highlighted.name == "Taiwan"
        assert "Established: none" in notes_text(app)
        assert "Rank: not numbered (no relations)" in notes_text(app)
        await pilot.press("home")
        assert app.highlighted.name == "Russia"
        await pilot.press("pagedown")
        assert app.table.cursor_row > 5


async def test_live_search_filters_every_tab_and_highlights(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"1992")
        assert shown_names(app) == ["Kazakhstan", "Uzbekistan", "Holy See"]
        text = screen_text(app)
        assert "All · 3 of 12 · sorted by # ▲ · search “1992”" in text
        assert "1 All 3" in text and "2 Africa 0" in text
        counts = app.query_one(TabBar).counts
        assert counts["Russia, Central Asia and West Asia"] == 2 and counts["Europe"] == 1
        # The first match is highlighted and shown.
        assert app.highlighted.name == "Kazakhstan"
        assert app.table.terms == ("1992",)
        # Letters go to the search box, not to the bindings.
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"cote")
        assert shown_names(app) == ["Côte d'Ivoire"]
        assert app.tab == "All"
        await pilot.press("enter")
        assert app.focused is app.table


async def test_search_highlights_the_match_in_the_row(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash", *"kaz")
        strip = app.table.render_line(1)
        styled = [seg for seg in strip if seg.text == "Kaz"]
        assert styled and styled[0].style.underline


async def test_empty_search_says_so_and_escape_twice_clears(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash", *"atlantis")
        assert shown_names(app) == []
        assert "Nothing matches “atlantis”. Press esc twice to clear the search." in screen_text(
            app
        )
        assert "1 All 0" in screen_text(app)
        await pilot.press("escape")
        assert app.focused is app.table
        assert app.query == "atlantis"
        await pilot.press("escape")
        assert app.query == ""
        assert len(shown_names(app)) == 12


async def test_number_keys_and_brackets_switch_tabs(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("2")
        assert app.tab == "Africa"
        assert shown_names(app) == ["Egypt", "Côte d'Ivoire", "Malawi"]
        assert "Africa · 3 of 12" in screen_text(app)
        assert "Region" not in table_lines(app)[0]
        await pilot.press("7")
        assert app.tab == "Russia, Central Asia and West Asia"
        await pilot.press("8")
        assert app.tab == "Europe"
        assert shown_names(app) == ["United Kingdom", "Holy See", "Czech Republic"]
        await pilot.press("0")
        assert app.tab == "Organisations"
        assert shown_names(app) == ["ASEAN", "UN"]
        await pilot.press("1")
        assert app.tab == "All"
        await pilot.press("right_square_bracket")
        assert app.tab == "Africa"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.tab == "Organisations"


async def test_sorting_cycles_reverses_and_keeps_the_highlight(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("j", "j")  # North Korea
        await pilot.press("s")
        assert app.sort_column == "name"
        assert "Country▲" in table_lines(app)[0]
        assert shown_names(app)[:3] == ["Côte d'Ivoire", "Czech Republic", "Egypt"]
        assert app.highlighted.name == "North Korea"
        await pilot.press("r")
        assert "Country▼" in table_lines(app)[0]
        assert shown_names(app)[0] == "Uzbekistan"
        assert app.highlighted.name == "North Korea"
        await pilot.press("s")  # Region
        await pilot.press("s")  # Established
        assert app.sort_column == "established" and not app.descending
        assert shown_names(app)[-2:] == ["Malawi", "Taiwan"]
        await pilot.press("r")
        names = shown_names(app)
        assert names[0] == "Czech Republic"
        assert names[-2:] == ["Malawi", "Taiwan"]  # unknown last both ways
        await pilot.press("s")  # Years: youngest first
        assert app.sort_column == "age"
        assert shown_names(app)[0] == "Czech Republic"
        await pilot.press("s", "s")  # Note, then back to #
        assert app.sort_column == "order"
        assert app.highlighted.name == "North Korea"
        assert "sorted by # ▲" in screen_text(app)


async def test_clicking_a_header_sorts_and_again_reverses(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        x = table_lines(app)[0].index("Country")
        await pilot.click("#table", offset=(x + 1, 0))
        assert app.sort_column == "name" and not app.descending
        await pilot.click("#table", offset=(x + 1, 0))
        assert app.sort_column == "name" and app.descending
        assert "Country▼" in table_lines(app)[0]


async def test_clicking_a_row_and_a_tab(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.click("#table", offset=(10, 2))
        assert app.highlighted.name == "North Korea"
        tabs = screen_text(app).splitlines()[1]
        await pilot.click("#tabs", offset=(tabs.index("Africa"), 0))
        assert app.tab == "Africa"


async def test_notes_panel_toggles_and_follows_the_width(sample_app):
    app = sample_app()
    async with running(app, (80, 24)) as pilot:
        table, notes = app.table.region, app.notes.region
        assert notes.y > table.y and notes.x == table.x  # below on narrow terminals
        await pilot.press("n")
        assert not app.notes.display
        await pilot.press("n")
        assert app.notes.display
    app = sample_app()
    async with running(app, (200, 60)):
        table, notes = app.table.region, app.notes.region
        assert notes.x > table.x and notes.y == table.y  # beside on wide ones


async def test_organisations_tab(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("0", "j", "j")
        text = screen_text(app)
        assert "Organisations · 2 of 2" in text
        assert "United Nations" in text and "observer" in text
        assert "Mongolia joined in 1961." in notes_text(app)
        await pilot.press("slash", *"asean")
        assert shown_names(app) == ["ASEAN"]
        assert "0 Orgs 1" in screen_text(app) or "0 Organisations 1" in screen_text(app)


async def test_help_lists_every_key(sample_app):
    app = sample_app()
    async with running(app, (100, 40)) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        for command in COMMANDS:
            if command.key not in TAB_KEYS:
                assert command.display in text
                assert command.description[:30] in text
        for keys, description in OTHER_KEYS:
            assert keys in text
            assert description[:30] in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused is app.table


async def test_footer_shows_the_main_keys(sample_app):
    app = sample_app()
    async with running(app, (80, 24)):
        footer = screen_text(app).splitlines()[-1]
        for label in ("Search", "Sort", "Reverse", "Notes", "Help", "Quit"):
            assert label in footer


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
        assert app.tab == "All"
        assert app.highlighted.name == "Malaysia"
        await palette(pilot, "tab: europe")
        assert app.tab == "Europe"


async def test_palette_offers_the_declared_commands(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await palette(pilot, "reverse")
        assert app.descending


async def test_open_at_a_country_or_region(sample_app):
    app = sample_app(country="Malaysia")
    async with running(app, SIZE):
        assert app.highlighted.name == "Malaysia"
        assert notes_text(app).startswith("Malaysia")
    app = sample_app(region="Africa")
    async with running(app, SIZE):
        assert app.tab == "Africa"


async def test_copy_puts_the_partner_on_the_clipboard(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("c")
        assert app.clipboard == ""
        await pilot.press("j", "c")
        assert app.clipboard.startswith("Name:        Russia\n")
        assert "Established: 5 November 1921" in app.clipboard


async def test_export_writes_the_rows_shown_in_order(sample_app, tmp_path):
    app = sample_app()
    target = tmp_path / "out.csv"
    async with running(app, SIZE) as pilot:
        await pilot.press("2", "s", "r", "e")
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export writes in a thread
        await pilot.pause()
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("order,name,")
    assert [line.split(",")[1] for line in lines[1:]] == ["Malawi", "Egypt", "Côte d'Ivoire"]


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
    assert (tmp_path / "mongolia-relations.csv").read_text(encoding="utf-8").startswith("order,")


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

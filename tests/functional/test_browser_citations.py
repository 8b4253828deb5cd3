"""Citations in the browser: names in Mongolian, the uncertain-date mark and its legend, the
canonical source first, the one-source mark, and a successor state's two anniversaries. Run on
the shipped store at 80x24 and wide."""

from __future__ import annotations

from datetime import date

import pytest
from screen import burst, highlighted, notes_text, running, screen_text, shown_names, table_lines
from support import TODAY

from mongolia_tui.app import make_app
from mongolia_tui.config import Config
from mongolia_tui.filters import FILTERS
from mongolia_tui.screens.detail import DetailScreen
from mongolia_tui.screens.help import HelpScreen
from mongolia_tui.search import normalise

SIZES = [(80, 24), (160, 40)]


def app_for(catalogue, **options):
    return make_app(catalogue, today=options.pop("today", TODAY), fresh=True, state_path=None,
                    config=options.pop("config", Config()), **options)  # fmt: skip


def key_bar(app) -> str:
    return screen_text(app).splitlines()[-1]


def row_of(app, name: str) -> str:
    """The table line of a partner, found by scrolling the highlight to it."""
    partners = app.catalogue.partners
    position = next(n for n, i in enumerate(app.state.rows) if partners[i].name == name)
    return app.table._row_strip(position, *app.table._layout(), app.table.size.width).text


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("query", "partner"), [("Герман", "Germany"), ("Япон", "Japan"),
                                                ("герман", "Germany")])  # fmt: skip
async def test_a_search_in_mongolian_finds_the_partner(shipped, size, query, partner):
    app = app_for(shipped)
    async with running(app, size) as pilot:
        await burst(pilot, ["slash", *query, "enter"])
        assert partner in shown_names(app)
        assert highlighted(app) == partner
        assert partner in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_names_mn_shows_and_sorts_the_mongolian_names(shipped, size):
    app = app_for(shipped, names="mn")
    async with running(app, size) as pilot:
        assert table_lines(app)[1].split()[:2] == ["1", "Орос"]  # Russia, #1
        await pilot.press("s")
        await pilot.press("2")  # sort by the name column
        rows = [app.catalogue.partners[i] for i in app.state.rows]
        shown = [r.name_mn or r.name for r in rows]
        cyrillic = [name for name in shown if not name.isascii()]
        # In the order the shown names fold to (case and marks ignored, as search does).
        assert cyrillic == sorted(cyrillic, key=normalise)
        assert cyrillic[0].startswith("А")  # Австрали, not Afghanistan's English name first


async def test_the_config_files_names_setting_is_honoured_and_english_is_the_default(shipped):
    async with running(app_for(shipped, config=Config(names="mn")), (80, 24)) as pilot:
        assert table_lines(pilot.app)[1].split()[:2] == ["1", "Орос"]
    async with running(app_for(shipped), (80, 24)) as pilot:
        assert table_lines(pilot.app)[1].split()[:2] == ["1", "Russia"]


@pytest.mark.parametrize("size", SIZES)
async def test_the_notes_panel_and_details_give_the_mongolian_name(shipped, size):
    app = app_for(shipped, country="Germany")
    async with running(app, size) as pilot:
        assert "in Mongolian Герман" in notes_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "Mongolian:" in text and "Герман" in text


@pytest.mark.parametrize("size", SIZES)
async def test_the_table_marks_exactly_the_uncertain_or_disputed_dates(shipped, size):
    uncertain = next(f for f in FILTERS if f.key == "uncertain")
    marked = [r.name for r in shipped.partners if uncertain.test(r)]
    assert len(marked) == 22
    app = app_for(shipped)
    async with running(app, size):
        for name in ("Albania", "Japan", "Myanmar", "Barbados"):
            assert "*" in row_of(app, name), name
        for name in ("Russia", "Germany", "Czech Republic"):
            assert "*" not in row_of(app, name), name
        # The longest marked date is not clipped.
        assert "26 September 1956*" in row_of(app, "Myanmar")
        cells = app.browser._partner_cells
        flagged = [app.catalogue.partners[i].name for i in app.state.rows
                   if cells(i)["established"].endswith("*")]  # fmt: skip
        assert sorted(flagged) == sorted(marked)


@pytest.mark.parametrize("size", SIZES)
async def test_the_key_bar_explains_the_mark_on_a_marked_row_only(shipped, size):
    app = app_for(shipped)
    async with running(app, size) as pilot:
        assert highlighted(app) == "Russia"
        assert "* date uncertain" not in key_bar(app) and "palette" in key_bar(app)
        await pilot.press("j", "j")
        assert highlighted(app) == "Albania"
        assert "* date uncertain" in key_bar(app)
        assert "q Quit" in key_bar(app)  # the legend takes the palette's place, not a key's
        await pilot.press("j")
        assert "* date uncertain" not in key_bar(app)


async def test_the_help_screen_has_the_legend(shipped):
    app = app_for(shipped)
    async with running(app, (80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        legend = str(app.screen.query_one("#help-legend").render())
        assert "* after a date: date uncertain or disputed" in legend


async def test_details_show_the_canonical_page_first_and_the_one_source_mark(shipped):
    app = app_for(shipped, country="Iraq")
    async with running(app, (160, 40)) as pilot:
        await pilot.press("enter")
        text = " ".join(screen_text(app).split())
        assert text.count("(one source: zh.wikipedia.org)") == 2
        first = text.index(" 1 https://")
        # Source 1: its canonical page, its title and language, then the mirror it was read via.
        assert text[first:].startswith(" 1 https://zh.wikipedia.org/wiki/")
        # (The mirror on the next line: each address on a line of its own.)
        assert text.index("(蒙古国外交, zh) read via https://wikim.kfd.me/", first) > first


async def test_coming_up_lists_both_czech_anniversaries_and_says_which(shipped):
    app = app_for(shipped, today=date(2020, 4, 20))
    async with running(app, (160, 40)) as pilot:
        # An empty table (the highlight stays otherwise): the panel says what is coming up.
        await burst(pilot, ["slash", *"xqxq", "enter"])
        text = " ".join(notes_text(app).split())
        assert "Czech Republic, 70th ★ (1950, Czechoslovakia's date)" in text
    app = app_for(shipped, today=date(2026, 12, 25))
    async with running(app, (160, 40)) as pilot:
        await burst(pilot, ["slash", *"xqxq", "enter"])
        assert "Czech Republic, 34th (1993, own date)" in " ".join(notes_text(app).split())


async def test_a_jump_by_letter_follows_the_names_shown(shipped):
    app = app_for(shipped, names="mn")
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["apostrophe", "Г"])
        partner = app.catalogue.partners[app.state.selected]
        assert partner.name_mn.startswith("Г")  # Герман, Гана...: not an English "G…"

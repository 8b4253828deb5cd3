"""The browser remembers you: tab, sort, filters, notes panel, theme and marks survive a restart;
a config file sets defaults and remaps keys. Keys sent in one burst, at 80x24 and wide."""

from __future__ import annotations

import json
import re

import pytest
from screen import burst, highlighted, running, screen_text, shown_names, table_lines
from support import TODAY
from textual.widgets import Input

from mongolia_tui import cli
from mongolia_tui.app import make_app
from mongolia_tui.screens.choose import ChoiceScreen
from mongolia_tui.screens.help import HelpScreen
from mongolia_tui.store import load_store

SIZES = [(80, 24), (160, 45)]
FILE_NAME = "browser-state.json"  # in $XDG_STATE_HOME/mongolia-tui (see remembered.py)


@pytest.fixture
def build(sample_store):
    def make(**options):
        return make_app(load_store(sample_store), today=TODAY, **options)

    return make


def state_path(private_state):
    return private_state / "mongolia-tui" / FILE_NAME


@pytest.mark.parametrize("size", SIZES)
async def test_tab_sort_filters_notes_theme_and_partner_survive_a_restart(build, size):
    app = build()
    async with running(app, size) as pilot:
        # Europe; sort by the next column, reversed; filter "has a note" off again, "uncertain"
        # on; notes panel hidden; a theme from the palette.
        await burst(pilot, ["8", "greater_than_sign", "r", "i", "j"])
        app.toggle_filter("uncertain")
        app.theme = "nord"
        await pilot.pause()
        before = (app.state.tab, app.state.sort, app.state.filters, highlighted(app))
        await pilot.press("q")
    assert before[0] == "Europe" and before[2] == {"uncertain"}

    again = build()
    async with running(again, size):
        state = again.state
        assert (state.tab, state.sort, state.filters, highlighted(again)) == before
        assert state.notes_shown is False and not again.notes.display
        assert again.theme == "nord"
        assert "Europe" in screen_text(again) and "date uncertain" in screen_text(again)

    assert cli.build_parser().parse_args(["--fresh"]).fresh
    fresh = build(fresh=True)
    async with running(fresh, size):
        assert (fresh.state.tab, fresh.state.sort.column, fresh.state.filters) == (
            "All",
            "rank",
            frozenset(),
        )
        assert fresh.state.notes_shown and fresh.theme != "nord"


async def test_state_is_saved_after_a_pause_not_per_keystroke(build, private_state, monkeypatch):
    from mongolia_tui import memory, remembered

    monkeypatch.setattr(memory, "SAVE_DELAY", 0.05)
    writes = []
    real_save = remembered.save
    monkeypatch.setattr(remembered, "save", lambda *a: (writes.append(a[1]), real_save(*a)))
    app = build()
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["j"] * 30 + ["3", "r", "j", "k"])
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        assert 1 <= len(writes) <= 2  # a burst of 34 keys: one write (two if split by the timer)
        data = json.loads(state_path(private_state).read_text())
        assert data["tab"] == "Americas" and data["sort"]["descending"] is True


async def test_a_bad_state_file_is_ignored_with_one_line(build, private_state, capsys):
    path = state_path(private_state)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"tab": "Atlantis", "sort": {"column": "zzz"}, "filters": 3,
                                "notes_shown": False, "marks": ["Egypt"]}))  # fmt: skip
    app = build()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err
    assert "tab" in err and "sort" in err and "filters" in err
    async with running(app, (80, 24)):
        # What was right is kept: the notes panel hidden, Egypt marked.
        assert app.state.tab == "All" and app.state.sort.column == "rank"
        assert app.state.notes_shown is False
        assert any(line.startswith(" ") and "★ Egypt" in line for line in table_lines(app))


async def test_not_json_at_all_still_starts(build, private_state, capsys):
    path = state_path(private_state)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\xffgarbage")
    app = build()
    assert "not valid JSON" in capsys.readouterr().err
    async with running(app, (80, 24)):
        assert app.state.tab == "All"


async def test_an_empty_state_dir_variable_keeps_nothing(build, private_state, monkeypatch):
    monkeypatch.setenv("MONGOLIA_TUI_STATE_DIR", "")
    path = state_path(private_state)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"tab": "Europe"}))
    app = build()
    async with running(app, (80, 24)) as pilot:
        assert app.state.tab == "All"  # not read
        await pilot.press("3", "m", "q")
    assert json.loads(path.read_text()) == {"tab": "Europe"}  # not written
    assert not list(private_state.glob("**/*.part"))


async def test_a_chosen_state_dir_is_used(build, tmp_path, monkeypatch):
    monkeypatch.setenv("MONGOLIA_TUI_STATE_DIR", str(tmp_path / "visitor"))
    app = build()
    async with running(app, (80, 24)) as pilot:
        await pilot.press("2", "q")
    assert json.loads((tmp_path / "visitor" / FILE_NAME).read_text())["tab"] == "Africa"


# -- marks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_marks_star_filter_export_and_survive(build, size, tmp_path):
    app = build()
    async with running(app, size) as pilot:
        # Rows: Russia, North Korea, Egypt, United Kingdom... Egypt is marked and unmarked.
        await burst(pilot, ["m", "j", "j", "m", "j", "m", "k", "m"])
        names = [app.catalogue.partners[i].name for i in sorted(app.state.marks)]
        assert names == ["Russia", "United Kingdom"]
        lines = table_lines(app)
        assert "★ Russia" in lines[1] and "★ United Kingdom" in lines[4]
        assert "★" not in lines[2] and "★" not in lines[3]
        # The filter menu offers "marked" with its count.
        await pilot.press("f")
        assert isinstance(app.screen, ChoiceScreen)
        assert "marked (2)" in screen_text(app)
        await pilot.press("escape")
        app.toggle_filter("marked")
        await pilot.pause()
        assert shown_names(app) == ["Russia", "United Kingdom"]
        assert "marked" in screen_text(app)
        # Unmarking with the filter on: the row leaves, the highlight stays on a shown row.
        await burst(pilot, ["g", "m"])
        assert shown_names(app) == ["United Kingdom"] and highlighted(app) == "United Kingdom"
        await burst(pilot, ["m"])
        assert shown_names(app) == [] and app.state.cursor is None
        await burst(pilot, ["1"])
        app.toggle_filter("marked")
        await burst(pilot, ["g", "m", "q"])

    again = build()
    async with running(again, size) as pilot:
        assert [again.catalogue.partners[i].name for i in again.state.marks] == ["Russia"]
        again.toggle_filter("marked")
        await pilot.pause()
        target = tmp_path / "marked.csv"
        await pilot.press("e")
        again.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await again.workers.wait_for_complete()
        await pilot.pause()
    rows = target.read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[1] for row in rows[1:]] == ["Russia"]


async def test_m_on_the_organisations_tab_marks_nothing(build):
    app = build()
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["0", "m"])
        assert not app.state.marks


async def test_list_marked_reads_the_same_state(build, sample_store, capsys, monkeypatch):
    assert cli.main(["--data", str(sample_store), "list", "--marked"]) == 1
    err = capsys.readouterr().err
    assert "no marked partners" in err and "press m" in err

    app = build()
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["j", "m", "j", "j", "m", "q"])
    assert cli.main(["--data", str(sample_store), "list", "--marked", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(",")[1] for line in out[1:]] == ["North Korea", "United Kingdom"]

    monkeypatch.setenv("MONGOLIA_TUI_STATE_DIR", "")
    assert cli.main(["--data", str(sample_store), "list", "--marked"]) == 1
    assert "no state is kept" in capsys.readouterr().err


# -- keys people reach for ------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_type_ahead_go_to_row_and_half_pages_in_one_burst(shipped_app, size):
    app = shipped_app()
    async with running(app, size) as pilot:
        await burst(pilot, ["apostrophe", "J", "colon", "1", "2", "enter", "apostrophe", "z"])
        assert highlighted(app) in ("Zambia", "Zimbabwe")
        await burst(pilot, ["colon", "1", "2", "enter"])
        assert app.state.cursor == 11
        await burst(pilot, ["colon", "3", "G", "apostrophe", "m"])
        # From row 3 (Mongolia's third partner), the next name starting with m.
        names = [app.catalogue.partners[i].name for i in app.state.rows]
        expected = next(n for n in names[3:] if n.lower().startswith("m"))
        assert highlighted(app) == expected
        # Again: the one after; letters are not commands after the '.
        first = highlighted(app)
        await burst(pilot, ["apostrophe", "m"])
        assert highlighted(app) != first and highlighted(app).lower().startswith("m")
        assert app.state.tab == "All" and app.state.sort.column == "rank"
        # A row number past the end: the last row; esc leaves the prefix.
        await burst(pilot, ["colon", "9", "9", "9", "9", "enter"])
        assert app.state.cursor == len(app.state.rows) - 1
        await burst(pilot, ["colon", "4"])
        assert ":4_ Go to row" in screen_text(app)  # the key bar says what the prefix waits for
        await burst(pilot, ["backspace", "1", "escape", "j"])
        assert app.state.cursor == len(app.state.rows) - 1 and app.state.tab == "All"
        await burst(pilot, ["g", "ctrl+d"])
        half = max(app.table.body_height // 2, 1)
        assert app.state.cursor == half
        await burst(pilot, ["ctrl+d", "ctrl+u"])
        assert app.state.cursor == half
        await burst(pilot, ["apostrophe", "q"])  # no name starts with q... but Qatar does
        assert highlighted(app) == "Qatar" and app.is_running


async def test_search_history_with_up_and_down(build):
    app = build()
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["slash", *"1992", "enter", "slash", "ctrl+u", *"rus", "enter"])
        await burst(pilot, ["slash", "ctrl+u", *"ka", "up"])
        assert app.search_box.value == "rus"
        await burst(pilot, ["up", "up"])
        assert app.search_box.value == "1992" and app.state.query == "1992"
        await burst(pilot, ["down", "down"])
        assert app.search_box.value == "ka"  # back to what was being typed
        await burst(pilot, ["enter", "q"])
    again = build()
    async with running(again, (80, 24)) as pilot:
        await burst(pilot, ["slash", "up"])
        assert again.search_box.value == "ka"


async def test_a_number_in_the_details_copies_a_source_and_o_opens_it(write_store, monkeypatch):
    from support import partner_record

    sources = [f"https://example.org/source/{n}" for n in range(3)]
    app = make_app(load_store(write_store([partner_record("Chile", sources=sources)])), today=TODAY)
    opened = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with running(app, (80, 24)) as pilot:
        await burst(pilot, ["enter", "2"])
        assert app.clipboard == sources[1]
        assert " 2 https://example.org/source/1" in screen_text(app)
        await burst(pilot, ["o", "3", "1"])
        assert opened == [sources[2]] and app.clipboard == sources[0]
        await burst(pilot, ["9"])
        assert app.clipboard == sources[0]  # no source 9


# -- config ---------------------------------------------------------------------------------


def write_config(private_config, text: str):
    folder = private_config / "mongolia-tui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text)
    return folder / "config.toml"


@pytest.fixture
def private_config(monkeypatch):
    import os
    from pathlib import Path

    return Path(os.environ["XDG_CONFIG_HOME"])


@pytest.mark.parametrize("size", SIZES)
async def test_a_config_file_remaps_a_key_and_help_shows_it(build, private_config, size):
    write_config(private_config, '[keys]\nsort_menu = "o"\nhelp = "h,question_mark"\n')
    app = build()
    async with running(app, size) as pilot:
        await burst(pilot, ["s"])
        assert not isinstance(app.screen, ChoiceScreen)  # s is no longer the sort menu
        await burst(pilot, ["o"])
        assert isinstance(app.screen, ChoiceScreen)
        await burst(pilot, ["escape", "h"])
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"│  o {2,}Sort by a column you choose", text)
        assert re.search(r"│  h \? {2,}Help: every key", text)
        await burst(pilot, ["escape"])
        assert " o Sort" in screen_text(app)  # the key bar too


async def test_config_defaults_theme_and_notes(build, private_config):
    write_config(private_config, 'theme = "textual-light"\nnotes = false\nnames = "mn"\n')
    app = build()
    async with running(app, (80, 24)):
        assert app.theme == "textual-light" and not app.state.notes_shown
        assert app.config.names == "mn"
    # A theme chosen in the palette (remembered) wins over the config's default.
    remembered = build()
    async with running(remembered, (80, 24)) as pilot:
        remembered.theme = "nord"
        await pilot.press("q")
    assert build().theme == "nord"


def test_an_unknown_theme_in_the_config_names_its_line(build, private_config):
    from mongolia_tui.config import ConfigError

    path = write_config(private_config, '\n\ntheme = "solarised-plaid"\n')
    with pytest.raises(ConfigError, match=rf"^{path}:3: unknown theme 'solarised-plaid'"):
        build()


@pytest.fixture
def shipped_app():
    from support import SHIPPED

    catalogue = load_store(SHIPPED)

    def make(**options):
        return make_app(catalogue, today=TODAY, **options)

    return make


async def test_marking_repaints_only_its_row(build, monkeypatch):
    app = build()
    async with running(app, (80, 24)) as pilot:
        table = app.table
        calls = []
        real = table.refresh

        def spy(*regions, **options):
            calls.append(regions)
            return real(*regions, **options)

        monkeypatch.setattr(table, "refresh", spy)
        await burst(pilot, ["j", "m"])
        # The cursor move (two rows) and the star (one row): never the whole table.
        assert calls and all(len(r) == 1 and r[0].height == 1 for r in calls)
        assert "★ North Korea" in table_lines(app)[2]

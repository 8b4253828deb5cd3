"""Hostile and extreme data in the browser: shown as text, never interpreted; nothing breaks."""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from screen import highlighted, notes_text, running, screen_text, shown_names, table_lines
from support import ROOT, TODAY, fingerprint, partner_record

from mongolia_tui.app import make_app
from mongolia_tui.store import load_store

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_store import write_store as write_synthetic

MARKUP = "[bold]Bold[/] [link=https://evil.example]x[/link] [@click=app.quit]y[/]"
CONTROLS = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07\x9b31m\u202eevil\u202c\x00\x08"
UNSAFE = set("\x1b\x07\x9b\u202e\u202c\x00\x08")


def app_for(path: Path, **options):
    return make_app(load_store(path), today=TODAY, **options)


async def test_markup_in_every_field_is_shown_literally(write_store):
    path = write_store(
        [
            partner_record(
                f"Evil {MARKUP}",
                notes=MARKUP,
                aliases=[MARKUP],
                see_also=[MARKUP],
                sources=[MARKUP],
                date_note=MARKUP,
            )
        ],
        organisations={
            "1": {"abbreviation": "[b]X", "name": MARKUP, "status": "member", "notes": MARKUP}
        },
        article={"1": {"title": MARKUP, "lead": [MARKUP]}},
    )
    app = app_for(path)
    async with running(app, (240, 40)) as pilot:
        notes = notes_text(app)
        assert notes.startswith("Evil [bold]Bold[/] [link=https://evil.example]x[/link]")
        assert MARKUP in notes  # the note (the name and aliases are cut to one line)

        assert "Evil [bold]Bold[/]" in screen_text(app)
        await pilot.press("enter")  # the detail view: every field, links only for web addresses
        text = screen_text(app)
        assert text.count(MARKUP) >= 6 and "[link=https://evil.example]" in text
        await pilot.press("escape", "escape")
        assert MARKUP in notes_text(app)  # the lead, with nothing highlighted
        await pilot.press("j")
        await pilot.press("slash", *"[bold]")
        assert "search “[bold]”" in screen_text(app)
        assert shown_names(app) == [f"Evil {MARKUP}"]
        await pilot.press("escape", "0", "j")
        assert "[b]X" in screen_text(app)
        assert MARKUP in notes_text(app)
        await pilot.press("ctrl+p", *"evil")
        await pilot.pause(0.5)
        assert "Go to Evil [bold]Bold[/]" in screen_text(app)
        await pilot.press("escape")
        assert app.is_running  # [@click=app.quit] never became an action


async def test_control_sequences_never_reach_the_screen(write_store):
    path = write_store(
        [
            partner_record(f"A{CONTROLS}", notes=CONTROLS, aliases=[CONTROLS]),
            partner_record("B", notes="line one\nline two\ttabbed"),
        ],
        article={"1": {"title": CONTROLS, "lead": [CONTROLS]}},
    )
    app = app_for(path)
    async with running(app, (120, 40)) as pilot:
        text = screen_text(app)
        assert not UNSAFE & set(text)
        assert "A␛]0;pwned␇␛[2J" in text
        await pilot.press("enter")
        assert not UNSAFE & set(screen_text(app))
        await pilot.press("escape", "escape")  # the article, whose title has controls
        assert not UNSAFE & set(screen_text(app))
        await pilot.press("j", "j")
        assert "line one\nline two tabbed" in notes_text(app)


async def test_an_empty_store_says_so_and_still_runs(write_store):
    app = app_for(write_store([]))
    async with running(app, (80, 24)) as pilot:
        assert "This store holds no partners." in screen_text(app)
        assert "All · 0 of 0" in screen_text(app)
        await pilot.press("j", "k", "s", "r", "2", "e", "escape", "c", "slash", "x", "escape")
        await pilot.press("question_mark", "escape", "n", "N", "f", "1", "t", "escape", "i")
        await pilot.press("enter", "escape", "0", "j")
        assert app.is_running
        assert app.state.tab == "Organisations"


async def test_one_partner(write_store):
    app = app_for(write_store([partner_record("Solo", established="1990")]))
    async with running(app, (80, 24)) as pilot:
        await pilot.press("end", "home", "pagedown", "pageup", "greater_than_sign", "r", "s", "3")
        assert shown_names(app) == ["Solo"]
        assert highlighted(app) == "Solo"


async def test_a_megabyte_note_and_a_5000_character_name(write_store):
    name = "N" * 5000
    path = write_store([partner_record(name, notes="word " * 200_000), partner_record("Short")])
    app = app_for(path)
    async with running(app, (80, 24)) as pilot:
        row = table_lines(app)[1]
        assert len(row) == app.table.scrollable_content_region.width
        assert "NNN…" in row
        notes = notes_text(app)
        assert notes.startswith("NNN") and notes.endswith("… more: enter")
        assert len(notes) < 5_000
        await pilot.press("enter", "G")  # the detail view stops at 20,000 characters
        assert "more characters; `mongolia-tui show` prints it all" in screen_text(app)
        await pilot.press("escape", "j")
        assert notes_text(app).startswith("Short")


@pytest.mark.slow  # builds and browses a 50,000-partner store: ~4 s of CPU
async def test_fifty_thousand_partners(tmp_path):
    path = write_synthetic(tmp_path / "big.json", 50_000)
    app = app_for(path)
    async with running(app, (120, 40)) as pilot:
        assert "All · 50000 of 50000" in screen_text(app)
        await pilot.press("end")
        assert app.state.cursor == 49_999
        await pilot.press("slash", *"mon 4999")
        rows = app.state.rows
        assert 0 < len(rows) < 50
        assert all("4999" in app.catalogue.partners[i].name for i in rows)
        await pilot.press("escape", "escape", "greater_than_sign", "r")
        assert app.state.sort.column == "name" and app.state.sort.descending
        number_width = len(str(app.catalogue.ranked_count))
        first = table_lines(app)[1]
        assert "…" not in first[: number_width + 2]  # ranks are never clipped


@pytest.mark.parametrize("size", [(40, 12), (60, 15)])
async def test_tiny_terminals(sample_store, size):
    app = app_for(sample_store)
    async with running(app, size) as pilot:
        text = screen_text(app)
        assert "All · 12 of 12" in text
        assert "Russia" in text
        await pilot.press("j", "slash", *"kaz", "escape")
        assert highlighted(app) == "Kazakhstan"


async def test_resizing_repeatedly(sample_store):
    app = app_for(sample_store, country="Malaysia")
    async with running(app, (80, 24)) as pilot:
        for width, height in [(200, 60), (40, 12), (120, 40), (41, 13), (300, 80), (80, 24)] * 3:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert app.size == (width, height)
            assert highlighted(app) == "Malaysia"
        assert "All · 12 of 12" in screen_text(app)
        assert app.notes.region.y > app.table.region.y  # narrow again: notes below


async def test_the_store_is_never_written(sample_store, tmp_path):
    before = fingerprint(sample_store)
    app = app_for(sample_store)
    async with running(app, (100, 30)) as pilot:
        await pilot.press("j", "greater_than_sign", "r", "slash", *"k", "enter", "c", "e")
        app.screen.query_one("#export-path").value = str(sample_store)
        await pilot.press("enter", "enter", "escape", "q")
    assert fingerprint(sample_store) == before
    assert sorted(p.name for p in sample_store.parent.iterdir()) == [sample_store.name]


KEYS = ["j", "k", "up", "down", "pageup", "pagedown", "home", "end", "s", "r", "n", "N", "slash",
        "escape", "enter", "1", "2", "5", "9", "0", "right_square_bracket", "left_square_bracket",
        "question_mark", "e", "c", "a", "m", "backspace", "tab", "shift+tab", "space", "g", "G",
        "ctrl+p", "x", "full_stop", "left_square_bracket", "i", "f", "t", "less_than_sign",
        "greater_than_sign", "3"]  # fmt: skip


@pytest.mark.slow  # four Hypothesis runs of 100-200 keys each: ~40 s of CPU
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
    derandomize=True,
)
@given(st.lists(st.sampled_from(KEYS), min_size=100, max_size=200), st.integers(0, 10_000))
def test_random_key_presses_never_raise(sample_store, keys, seed):
    async def session() -> None:
        app = app_for(sample_store)
        rng = random.Random(seed)
        async with running(app, rng.choice([(80, 24), (120, 40), (40, 12)])) as pilot:
            for key in keys:
                if key == "q":
                    continue
                await pilot.press(key)
            await pilot.pause()
            assert app.is_running
            assert app.return_code is None
            # Whatever happened, the model and the screen still agree.
            if app.screen is app.screen_stack[0] and app.state.on_partners:
                assert f"{len(app.state.rows)} of 12" in screen_text(app)

    asyncio.run(session())

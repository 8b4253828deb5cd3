"""Export, delivered as the run allows: a file locally, the visitor's clipboard when served.

Issue 17 (1): a served visitor wrote files on the server through the export box. Served, there is
no path field; the rows go to the visitor's clipboard and a command downloads the same view.
Issue 21 (7) and 17 (6): the local name field keeps its text on Backspace, shows the folder, has
a name that says what the view is, and keeps the order of keys typed in a burst.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from screen import burst, running
from textual.widgets import Input, Static

from mongolia_tui.delivery import SERVED_ENV

SIZE = (100, 30)


def shown(app, selector: str) -> str:
    """The text of one of the export screen's lines (whole, however it wraps on screen)."""
    return str(app.screen.query_one(selector, Static).content)


def files_under(*folders: Path) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*")}


@pytest.fixture
def served(monkeypatch, tmp_path):
    """Run as ``mongolia-tui serve`` runs the browser: served, in a private home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv(SERVED_ENV, "example.org 2222")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    return home


async def test_a_served_export_has_no_path_field_and_writes_nothing(sample_app, served, tmp_path):
    victim = served / "victim.json"
    victim.write_text("precious", encoding="utf-8")
    tmp_name = Path("/tmp") / f"mongolia-export-{os.getpid()}.csv"
    before = files_under(tmp_path)
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("e")
        assert not app.screen.query(Input)  # nothing to type a path into
        for name in (str(tmp_name), "~/../planted.json", "victim.json", ""):
            await burst(pilot, [*name, "enter"]) if name else await pilot.press("enter")
            await app.workers.wait_for_complete()
            if app.screen is app.screen_stack[0]:
                await pilot.press("e")
        await pilot.pause()
        await pilot.pause(0.1)
    assert files_under(tmp_path) == before
    assert not tmp_name.exists()
    assert victim.read_text(encoding="utf-8") == "precious"


async def test_a_served_export_copies_and_shows_the_download_command(sample_app, served):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("8", "slash", *"king", "escape", "e")
        await pilot.pause()
        await pilot.pause(0.1)
        text = shown(app, "#export-command")
        assert "ssh -p 2222 example.org list --region europe --search king --format csv" in text
        assert "> europe-king.csv" in text
        await pilot.press("j")
        assert "--format json > europe-king.json" in shown(app, "#export-command")
        await pilot.press("enter")
        assert app.clipboard.startswith("[")
        assert "United Kingdom" in app.clipboard
        assert app.screen is app.screen_stack[0]


async def test_a_served_export_over_the_clipboard_limit_says_so(sample_app, served, monkeypatch):
    from mongolia_tui import delivery

    monkeypatch.setattr(delivery, "CLIPBOARD_LIMIT", 100)
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("e", "enter")
        assert "over the clipboard limit" in shown(app, "#export-message")
        assert app.clipboard == ""


async def test_the_name_field_is_not_selected_and_shows_the_folder(sample_app, tmp_path):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("e", "backspace", "backspace", "backspace", *"txt")
        await pilot.pause()
        await pilot.pause(0.1)
        field = app.screen.query_one("#export-path", Input)
        assert field.value == "mongolia-relations.txt"
        assert shown(app, "#export-folder") == f"into {tmp_path}"


async def test_the_default_name_says_what_the_view_is(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("8", "slash", *"king", "escape", "e")
        assert app.screen.query_one("#export-path", Input).value == "mongolia-europe-king.csv"
        await pilot.press("escape", "0", "e")
        assert app.screen.query_one("#export-path", Input).value == (
            "mongolia-organisations-king.csv"
        )


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_name_typed_in_a_burst_keeps_its_order(sample_app, size):
    app = sample_app()
    async with running(app, size) as pilot:
        await pilot.press("e")
        keys = ["ctrl+u", *"abc", "backspace", "backspace", "backspace", *"out.json"]
        await burst(pilot, keys)
        assert app.screen.query_one("#export-path", Input).value == "out.json"


async def test_a_filter_in_force_is_in_the_download_command(sample_app, served):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        app.toggle_filter("note")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        command = shown(app, "#export-command")
        assert "list --has-note --format csv > has-a-note.csv" in command
        assert "not in the command" not in command

"""The browser's export (``e``) writes ``date_disputed`` in every format, and its rows are
those of ``list`` with the same filter."""

from __future__ import annotations

import csv
import io
import json

import pytest
from screen import running, shown_names
from support import TODAY, partner_record
from textual.widgets import Input

from mongolia_tui.app import make_app
from mongolia_tui.cli import main
from mongolia_tui.store import load_store

SIZE = (100, 30)
PARTNERS = [
    partner_record("Disputed Land", established="1955-12-05", date_disputed=True,
             date_note="Sources give 5 and 6 December 1955."),
    partner_record("Plain Land", established="1960-01-01"),
    partner_record("Year Land", established="1962"),
]  # fmt: skip


async def export(app, target) -> str:
    async with running(app, SIZE) as pilot:
        await pilot.press("f", "3")  # date uncertain or disputed
        assert shown_names(app) == ["Disputed Land", "Year Land"]
        await pilot.press("e")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the export writes in a thread
        await pilot.pause()
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("ending", [".csv", ".json", ".md"])
async def test_the_export_carries_date_disputed(write_store, tmp_path, ending):
    store = write_store(PARTNERS)
    text = await export(make_app(load_store(store), today=TODAY), tmp_path / f"out{ending}")
    if ending == ".csv":
        disputed = {r["name"]: r["date_disputed"] for r in csv.DictReader(io.StringIO(text))}
        assert disputed == {"Disputed Land": "yes", "Year Land": "no"}
    elif ending == ".json":
        disputed = {r["name"]: r["date_disputed"] for r in json.loads(text)}
        assert disputed == {"Disputed Land": True, "Year Land": False}
    else:
        assert "| Date disputed |" in text.splitlines()[0]
        assert "| Disputed Land | Europe | 1955-12-05 | yes |" in text


async def test_the_json_export_is_what_list_disputed_writes(write_store, tmp_path, capsys):
    store = write_store(PARTNERS)
    text = await export(make_app(load_store(store), today=TODAY), tmp_path / "out.json")
    assert main(["--data", str(store), "list", "--disputed", "--format", "json"]) == 0
    assert capsys.readouterr().out == text

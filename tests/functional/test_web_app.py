"""The app in a web page, with Pilot: export is a download (no path field, nothing written,
a bounded number waiting), and a source link opens in a new browser tab through App.open_url.

Whether the app runs in a web page is :func:`mongolia_tui.web.environment.on_web` (set by the
server); here it is patched, and App.deliver_text / App.open_url are recorded (under Pilot
there is no page to deliver to).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from screen import running, screen_text
from support import TODAY, partner_record
from textual import events
from textual.widgets import Input

from mongolia_tui.app import MongoliaApp, make_app
from mongolia_tui.screens.detail import DetailScreen
from mongolia_tui.screens.download import MAX_PENDING, DownloadScreen, pending
from mongolia_tui.store import load_store
from mongolia_tui.web import environment

SIZE = (100, 30)


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if started by ``mongolia-tui web``."""
    monkeypatch.setattr(environment, "on_web", lambda environ=None: True)


def recorded(app: MongoliaApp) -> list[dict[str, Any]]:
    """App.deliver_text's calls, each with the text it was given."""
    calls: list[dict[str, Any]] = []

    def deliver_text(file: Any, **options: Any) -> str:
        calls.append({"text": file.read(), **options})
        return f"key{len(calls)}"

    app.deliver_text = deliver_text  # type: ignore[method-assign]
    return calls


async def test_export_in_a_web_page_is_a_download(web, sample_app, tmp_path: Path) -> None:
    app = sample_app()
    calls = recorded(app)
    before = sorted(tmp_path.rglob("*"))
    async with running(app, SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, DownloadScreen)
        assert not app.screen.query(Input)  # no path field: nothing a visitor types names a file
        text = screen_text(app)
        assert "Downloads to your browser as mongolia-relations.csv" in text
        await pilot.press("j")
        assert "as mongolia-relations.json" in screen_text(app)
        await pilot.press("enter")
        assert not isinstance(app.screen, DownloadScreen)
        assert [n.message for n in app._notifications] == [
            f"Downloading {len(app.catalogue.partners)} rows as mongolia-relations.json."
        ]
    [call] = calls
    assert call["save_filename"] == "mongolia-relations.json"
    assert call["mime_type"] == "application/json"
    assert len(json.loads(call["text"])) == len(app.catalogue.partners)
    assert sorted(tmp_path.rglob("*")) == before  # the working directory is untouched


async def test_downloads_waiting_for_the_browser_are_bounded(web, sample_app) -> None:
    app = sample_app()
    calls = recorded(app)
    async with running(app, SIZE) as pilot:
        for _ in range(MAX_PENDING):
            await pilot.press("e", "enter")
        await pilot.press("e", "enter")
        assert isinstance(app.screen, DownloadScreen)  # refused, and says why
        assert "still on their way" in screen_text(app)
        assert len(calls) == MAX_PENDING
        app.post_message(events.DeliveryComplete(key="key1"))
        await pilot.pause()
        assert pending(app) == {f"key{n}" for n in range(2, MAX_PENDING + 1)}
        await pilot.press("enter")
        assert len(calls) == MAX_PENDING + 1
        assert not isinstance(app.screen, DownloadScreen)


async def test_outside_a_web_page_export_still_asks_for_a_file(sample_app) -> None:
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("e")
        assert not isinstance(app.screen, DownloadScreen)
        assert app.screen.query_one("#export-path", Input)


def links_of(app: MongoliaApp) -> list[Any]:
    body = app.screen.query_one("#detail-body")
    styles = [segment.style for strip in body.render_lines(body.region.reset_offset)
              for segment in strip if segment.style]  # fmt: skip
    return [style for style in styles if style.link or "@click" in style.meta]


async def test_a_source_link_in_a_web_page_opens_a_new_tab(web, write_store) -> None:
    urls = [f"https://example.org/source/{n}" for n in range(3)]
    app = make_app(load_store(write_store([partner_record("Chile", sources=urls)])), today=TODAY)
    opened: list[tuple[str, bool]] = []
    app.open_url = lambda url, *, new_tab=True: opened.append((url, new_tab))  # type: ignore[method-assign]
    async with running(app, SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        styles = links_of(app)
        # No terminal hyperlink (the page's terminal would ask "Do you want to navigate…?"),
        # a click action instead.
        assert styles and not any(style.link for style in styles)
        assert styles[0].meta["@click"] == "screen.open_link(1)"
        text = screen_text(app).splitlines()
        row = next(y for y, line in enumerate(text) if "https://example.org/source/1" in line)
        column = text[row].index("https://example.org/source/1") + 3
        await pilot.click(offset=(column, row))
        assert opened == [("https://example.org/source/1", True)]
        app.screen.action_open_link(99)  # a number from nowhere opens nothing
        assert len(opened) == 1


async def test_outside_a_web_page_links_stay_terminal_hyperlinks(write_store) -> None:
    urls = ["https://example.org/source/0"]
    app = make_app(load_store(write_store([partner_record("Chile", sources=urls)])), today=TODAY)
    async with running(app, SIZE) as pilot:
        await pilot.press("enter")
        assert [style.link for style in links_of(app)] == urls

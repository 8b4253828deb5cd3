"""``mongolia-tui web`` in a real headless Chromium, driven through the DevTools protocol.

Each test starts the server as a user would (``mongolia-tui web --port 0``), in folders of its
own (working directory, home, state, temporary files), opens the printed URL in Chromium and
reads the terminal's text from the page (xterm.js's buffer; see cdp.py).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from cdp import CHROMIUM, Chromium, Tab, WebServer
from support import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"needs {CHROMIUM}"),
]

#: A date in the table's Established column (the notes panel right of "▏" is left out).
def matches_1992() -> tuple[int, int]:
    """What the shipped store's search for 1992 finds (the page must show the same): all the
    partners it matches (a note may name the year), and those established in 1992."""
    from mongolia_tui.store import load_store
    from mongolia_tui.views import PartnerIndex

    catalogue = load_store()
    found = PartnerIndex(catalogue.partners, catalogue.chronological).rows(query="1992")
    established = [i for i in found if (d := catalogue.partners[i].established) and d.year == 1992]
    return len(found), len(established)


FOUND_1992, ESTABLISHED_IN_1992 = matches_1992()
ESTABLISHED_1992 = re.compile(r"\b\d{1,2} [A-Z][a-z]+ 1992\b")


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    """The server's working directory, home, state and temporary folders: all empty."""
    folders = {name: tmp_path / name for name in ("cwd", "home", "state", "tmp")}
    for folder in folders.values():
        folder.mkdir()
    return folders


def server(places: dict[str, Path], *options: str) -> WebServer:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(places["home"]),
        "XDG_STATE_HOME": str(places["state"]),
        "TMPDIR": str(places["tmp"]),
        "PYTHONPATH": str(ROOT),
        "SECRET_TOKEN": "must-not-reach-the-app",
    }
    return WebServer(*options, env=env, cwd=places["cwd"])


def files_in(places: dict[str, Path]) -> dict[str, tuple[int, int]]:
    """Every file under the server's folders, with its size and modification time."""
    found = {}
    for name, folder in places.items():
        for path in folder.rglob("*"):
            if not path.is_dir():
                info = path.stat()
                found[f"{name}/{path.relative_to(folder)}"] = (info.st_size, info.st_mtime_ns)
    return found


def table_rows(text: str) -> list[str]:
    """The table's lines established in 1992 (the part of each line left of the panel)."""
    return [line for line in (row.split("▏")[0] for row in text.splitlines())
            if ESTABLISHED_1992.search(line)]  # fmt: skip


async def first_screen(tab: Tab) -> str:
    return await tab.wait_for_text("198 of 198")


async def test_a_search_typed_in_the_page_filters_the_table(places: dict[str, Path]) -> None:
    with server(places) as web:
        async with Chromium() as browser:
            tab = await browser.new_tab()
            await tab.record_requests()
            await tab.open(web.url)
            await first_screen(tab)
            await tab.type("/1992")
            text = await tab.wait_for_text(f"{FOUND_1992} of 198")
            await asyncio.sleep(0.3)  # the table repaints after the title
            text = await tab.text()
            assert len(table_rows(text)) == ESTABLISHED_IN_1992 == 14, text
            assert "Ukraine" in text and "Brunei" in text
            # Offline: every request went to this server (no font or script from elsewhere).
            assert tab.requests and all(url.startswith(web.base) for url in tab.requests)
            assert not [line for line in tab.console if line.startswith("exception")]
            # The app's environment is the server's minimal one.
            [child] = web.children()
            environ = Path(f"/proc/{child}/environ").read_bytes()
            assert b"SECRET_TOKEN" not in environ and b"MONGOLIA_TUI_STATE_DIR=\0" in environ


async def test_without_the_token_the_page_is_403(places: dict[str, Path]) -> None:
    with server(places) as web:
        async with Chromium() as browser:
            tab = await browser.new_tab(web.base + "/")
            assert "needs the link with its token" in await tab.body_text()
            assert await tab.evaluate("window.__xterm === undefined")
        async with aiohttp.ClientSession() as http:
            for route in ("/", "/ws", "/static/js/textual.js", "/download/abc"):
                async with http.get(web.base + route) as answer:
                    assert answer.status == 403, route
        assert not web.children()


async def test_export_arrives_as_a_download_and_nothing_is_written_on_the_server(
    places: dict[str, Path], tmp_path: Path
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with server(places) as web:
        before = files_in(places)
        async with Chromium() as browser:
            await browser.downloads_to(downloads)
            tab = await browser.new_tab(web.url)
            await first_screen(tab)
            await tab.type("/1992")
            await tab.wait_for_text(f"{FOUND_1992} of 198")
            await tab.key("enter")  # leave the search box
            await tab.key("e")
            screen = await tab.wait_for_text(f"Export {FOUND_1992} rows")
            assert "Downloads to your browser" in screen
            await tab.key("enter")
            csv = downloads / "mongolia-1992.csv"  # the name says what the view is
            for _ in range(200):
                if csv.exists() and not list(downloads.glob("*.crdownload")):
                    break
                await asyncio.sleep(0.05)
            lines = csv.read_text("utf-8").splitlines()
            assert lines[0].startswith("rank,name") and len(lines) == FOUND_1992 + 1
            assert lines[1].startswith("111,Ukraine,")
            await tab.wait_for_text(f"Downloading {FOUND_1992} rows")
        assert files_in(places) == before  # no file anywhere the server can write
    assert not files_in(places)  # and its private folder is gone with it


async def test_the_session_limit_holds_and_a_closed_tab_leaves_no_process(
    places: dict[str, Path],
) -> None:
    with server(places, "--max-sessions", "2") as web:
        async with Chromium() as browser:
            first = await browser.new_tab(web.url)
            await first_screen(first)
            [first_app] = web.children()
            second = await browser.new_tab(web.url)
            await first_screen(second)
            assert len(web.children()) == 2
            third = await browser.new_tab(web.url)
            assert "This server is busy" in await third.body_text()
            assert len(web.children()) == 2
            await first.close()
            for _ in range(100):
                if first_app not in web.children():
                    break
                await asyncio.sleep(0.05)
            assert first_app not in web.children() and not Path(f"/proc/{first_app}").exists()
            await third.open(web.url)
            await first_screen(third)
            assert len(web.children()) == 2
            await second.close()
            await third.close()
            for _ in range(100):
                if not web.children():
                    break
                await asyncio.sleep(0.05)
            assert not web.children()


async def test_a_source_link_opens_in_a_new_tab(places: dict[str, Path]) -> None:
    with server(places) as web:
        async with Chromium() as browser:
            opened: list[str] = []
            dialogs: list[str] = []

            def note(event: dict) -> None:
                info = event["params"].get("targetInfo", {})
                if event["method"] in ("Target.targetCreated", "Target.targetInfoChanged"):
                    opened.append(info.get("url", ""))
                elif event["method"] == "Page.javascriptDialogOpening":
                    dialogs.append(event["params"]["message"])

            browser.listen(note)
            tab = await browser.new_tab(web.url)
            await first_screen(tab)
            await tab.type("/ukraine")
            await tab.wait_for_text("· 1 of 198")
            await tab.key("enter")
            await tab.key("enter")  # the details, with the sources
            text = await tab.wait_for_text("https://")
            lines = text.splitlines()
            # Sources are numbered (the number is the key that copies one): " 1 https://…".
            row = next(i for i, line in enumerate(lines) if re.match(r"\s*1 https://", line))
            url = lines[row][lines[row].index("https://"):].split()[0]
            await browser.send("Target.setDiscoverTargets", {"discover": True})
            opened.clear()
            await tab.click(row, lines[row].index("https://") + 2)
            for _ in range(100):
                if any(u.startswith(url) for u in opened):
                    break
                await asyncio.sleep(0.05)
            assert any(u.startswith(url) for u in opened), opened
            assert not dialogs


def test_the_screenshot_script_shoots_the_web_page(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "screenshots.py"
    done = subprocess.run([sys.executable, str(script), "--web", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    shot = tmp_path / "web.png"
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 800)


async def test_copy_reaches_the_page_clipboard(places: dict[str, Path]) -> None:
    """`c` copies the highlighted partner: OSC 52 from the app, the browser's clipboard in the
    page (allowed here: a page on localhost is a secure page, and the test grants the right)."""
    with server(places) as web:
        async with Chromium() as browser:
            rights = ["clipboardReadWrite", "clipboardSanitizedWrite"]
            await browser.send(
                "Browser.grantPermissions", {"origin": web.base, "permissions": rights}
            )
            tab = await browser.new_tab()
            await tab.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
            await tab.open(web.url)
            await first_screen(tab)
            await tab.key("c")
            await tab.wait_for_text("Copied Russia")
            copied = await tab.evaluate("navigator.clipboard.readText()")
            assert copied.startswith("Name:        Russia\n") and "ISO code:    RUS" in copied

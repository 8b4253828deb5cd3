"""The browser under stress: exports that cannot lose data, a terminal restored on SIGTERM,
input Textual chokes on, a pasted page in the search box.

Every test here failed (or hung, or crashed) on the code before the fix.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from screen import running, screen_text
from support import ROOT, SAMPLE, TODAY, fingerprint
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input

from mongolia_tui.app import make_app
from mongolia_tui.search import MAX_QUERY_LENGTH
from mongolia_tui.store import load_store

sys.path.insert(0, str(ROOT / "benchmarks"))
from pty_session import Session

SIZE = (100, 30)


def partial_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".mongolia-tui-"))


async def export_to(app, pilot, name: str, *, presses: int = 1) -> None:
    """Open the export screen, type a file name, press enter (and wait for the writing)."""
    await pilot.press("e")
    app.screen.query_one("#export-path", Input).value = name
    for _ in range(presses):
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()


# -- 1. a hard link (or any other name) to the store -------------------------------------------


@pytest.mark.parametrize("how", ["hard link", "symbolic link"])
async def test_export_never_writes_over_the_store_through_a_link(sample_store, tmp_path, how):
    link = tmp_path / "link.json"
    if how == "hard link":
        os.link(sample_store, link)
    else:
        link.symlink_to(sample_store)
    before = fingerprint(sample_store)
    app = make_app(load_store(sample_store), today=TODAY)
    async with running(app, SIZE) as pilot:
        await export_to(app, pilot, str(link), presses=2)  # enter, and enter again to "replace"
        assert "That is the data store itself" in screen_text(app)
    assert fingerprint(sample_store) == before
    assert len(load_store(sample_store).partners) == len(SAMPLE)


# -- 2. atomic exports: a full disk or a file-size limit loses nothing -------------------------


@contextlib.contextmanager
def file_size_limit(limit: int):
    """`ulimit -f` for this process, for a moment (Python ignores SIGXFSZ: writes get EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


async def test_a_failed_replacement_keeps_the_old_file(sample_app, tmp_path):
    target = tmp_path / "keep.json"
    target.write_text("precious", encoding="utf-8")
    app = sample_app()
    async with running(app, SIZE) as pilot:
        with file_size_limit(1000):  # the JSON export of the sample is several kB
            await export_to(app, pilot, str(target), presses=2)
        text = screen_text(app)
        assert "Cannot write" in text and "File too large" in text
    assert target.read_text(encoding="utf-8") == "precious"
    assert partial_files(tmp_path) == []


async def test_a_failed_new_export_leaves_no_file(sample_app, tmp_path):
    target = tmp_path / "new.json"
    app = sample_app()
    async with running(app, SIZE) as pilot:
        with file_size_limit(1000):
            await export_to(app, pilot, str(target))
        assert "File too large" in screen_text(app)
        assert app.screen.query_one("#export-path", Input)  # still on the export screen
    assert not target.exists() and partial_files(tmp_path) == []


# -- 3. non-regular targets; the event loop never waits for a file ----------------------------


async def test_exporting_to_a_fifo_is_refused_at_once(sample_app, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        # Would free a writer blocked on opening the FIFO (as the old export was, taking the
        # whole browser with it), then collects whatever it was sent.
        time.sleep(3)
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            with contextlib.suppress(BlockingIOError):
                received.append(os.read(fd, 1 << 16))
            time.sleep(0.05)
        os.close(fd)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    app = sample_app()
    async with running(app, SIZE) as pilot:
        started = time.monotonic()
        await export_to(app, pilot, str(fifo))
        assert time.monotonic() - started < 2.5  # answered before the reader even opened it
        assert "That is a FIFO (named pipe), not a regular file" in screen_text(app)
    thread.join()
    assert b"".join(received) == b""


async def test_the_browser_answers_and_esc_cancels_while_a_slow_export_writes(
    sample_app, tmp_path, monkeypatch
):
    from mongolia_tui.screens import export

    gate, started = threading.Event(), threading.Event()
    real_write = export.write_file

    def slow_disk(*args, **kwargs):
        started.set()
        gate.wait(20)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(export, "write_file", slow_disk)
    target = tmp_path / "slow.csv"
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("e")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        assert await asyncio.to_thread(started.wait, 10)
        await pilot.pause()
        assert "Writing…" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]  # the export screen closed at once
        before = app.state.cursor or 0
        await pilot.press("j", "j")
        assert app.state.cursor == before + 2  # and the browser answers keys
        gate.set()
        await app.workers.wait_for_complete()
        # The cancelled worker's thread finishes on its own (a thread cannot be stopped): it
        # removes its temporary file when it sees the cancel.
        for _ in range(200):
            if not partial_files(tmp_path):
                break
            await asyncio.sleep(0.02)
    assert not target.exists() and partial_files(tmp_path) == []


# -- 9. SIGTERM and SIGINT restore the terminal -------------------------------------------------

needs_tmux = pytest.mark.skipif(
    subprocess.run(["which", "tmux"], capture_output=True).returncode != 0,
    reason="tmux is not installed",
)


@pytest.mark.slow
@needs_tmux
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_ends_the_app_and_restores_the_terminal(sample_store, signum, status):
    from test_terminal import app_command
    from tmux import Terminal

    terminal = Terminal()
    try:
        terminal.run(app_command(sample_store))
        terminal.wait_for("All · 12 of 12")
        modes = "#{alternate_on} #{mouse_any_flag}"
        assert terminal.tmux("display-message", "-p", "-t", "t", modes).split() == ["1", "1"]
        shell = terminal.tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip()
        app_pid = int(subprocess.run(["pgrep", "-P", shell], capture_output=True,
                                     text=True).stdout.split()[0])  # fmt: skip
        os.kill(app_pid, signum)
        screen = terminal.wait_for(f"EXIT={status}")
        assert terminal.tmux("display-message", "-p", "-t", "t", modes).split() == ["0", "0"]
        assert "Traceback" not in screen
    finally:
        terminal.close()


# -- 10. Textual bugs: invalid UTF-8 on stdin, two quick clicks outside the palette ------------


@pytest.mark.slow
def test_an_invalid_utf8_byte_typed_does_not_kill_the_app(sample_store):
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ.get("PATH", ""),
           "HOME": os.environ.get("HOME", "/tmp"), "TEXTUAL_ANIMATIONS": "none",
           # The test's private state and config folders (tests/conftest.py), not the user's.
           "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"],
           "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"]}  # fmt: skip
    session = Session([sys.executable, "-m", "mongolia_tui", "--data", str(sample_store)],
                      env=env)  # fmt: skip
    try:
        session.wait_until(lambda t: "All · 12 of 12" in t, timeout=60)
        session.settle(0.3)
        session.send(b"/\xe9")  # "é" from a Latin-1 terminal: one byte, not UTF-8
        session.settle(0.3)
        session.send(b"x")
        session.wait_until(lambda t: "search “\ufffdx”" in t, 20)  # shown as a replacement
        for key in (b"\x7f", b"\x7f", *b"mala"):
            session.send(key if isinstance(key, bytes) else bytes([key]))
            session.settle(0.1)
        session.wait_until(lambda t: "2 of 12" in t and "search “mala”" in t, 20)
        assert "Traceback" not in session.text()
    finally:
        session.close(b"\x03")
    assert os.waitstatus_to_exitcode(session.exit_status) == 0


def click_outside(screen) -> events.Click:
    y = screen.size.height - 1
    return events.Click(screen, 0, y, 0, 0, 1, False, False, False, screen_x=0, screen_y=y)


async def test_two_quick_clicks_outside_the_palette_close_only_the_palette(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        # Both clicks reach the palette before it has gone (a quick double click).
        palette.post_message(click_outside(palette))
        palette.post_message(click_outside(palette))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is help_screen  # the help screen underneath stays
        assert app.is_running


async def test_clicks_outside_the_palette_over_the_main_screen(sample_app):
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        for _ in range(3):
            palette.post_message(click_outside(palette))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is app.screen_stack[0] and len(app.screen_stack) == 1
        await pilot.press("ctrl+p")  # and the browser goes on: the palette opens again
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette) and app.is_running


# -- 12. a pasted page in the search box ---------------------------------------------------------

PAGE = ("Mongolia has diplomatic relations with the United Nations members, the Holy See "
        "and the European Union. ") * 50  # fmt: skip


async def test_a_pasted_page_does_not_become_the_query(sample_app):
    assert len(PAGE) > 5_000
    app = sample_app()
    async with running(app, SIZE) as pilot:
        await pilot.press("slash")
        search = app.query_one("#search", Input)
        search.post_message(events.Paste(PAGE))
        await pilot.pause()
        assert len(search.value) <= MAX_QUERY_LENGTH
        assert len(app.state.query) <= MAX_QUERY_LENGTH
        search.post_message(events.Paste(PAGE[:MAX_QUERY_LENGTH]))
        await pilot.pause()
        assert search.value == PAGE[:MAX_QUERY_LENGTH]
        await pilot.press("x")  # at the cap: refused, the query stays as it was
        assert search.value == PAGE[:MAX_QUERY_LENGTH]
        assert "0 of 12" in screen_text(app)

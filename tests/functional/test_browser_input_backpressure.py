"""Back-pressure on input: a key burst must not grow the browser without limit. The input thread
stops reading its terminal while the app is behind (so the writer waits), and no key is lost."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from screen import running
from support import SHIPPED, TODAY
from textual import events

from mongolia_tui.app import make_app
from mongolia_tui.store import load_store
from mongolia_tui.terminal import INPUT_BACKLOG


def backlog(app) -> int:
    """Events sent and not yet handled, seen from outside: tasks on the loop (each event sent
    from the input thread is one until it reaches a queue) and the queues of the app and the
    focused widget."""
    waiting = len(asyncio.all_tasks()) + app.message_queue_size
    return waiting + (app.focused.message_queue_size if app.focused else 0)


KEYS = 5000


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_burst_of_keys_waits_for_the_app_and_loses_none(size):
    catalogue = load_store(SHIPPED)
    app = make_app(catalogue, today=TODAY)
    async with running(app, size) as pilot:
        driver = app._driver
        done = threading.Event()

        def input_thread() -> None:  # as Textual's reads a terminal: one event after another
            for _ in range(KEYS):
                driver.process_message(events.Key("j", "j"))
            driver.process_message(events.Key("g", "g"))  # back to the top: the last key wins
            for _ in range(5):
                driver.process_message(events.Key("j", "j"))
            done.set()

        baseline = backlog(app)
        thread = threading.Thread(target=input_thread, daemon=True)
        thread.start()
        most = 0
        while not done.is_set():
            most = max(most, backlog(app))
            await asyncio.sleep(0.001)
        thread.join(5)
        while backlog(app) > baseline:
            await asyncio.sleep(0.01)
        await pilot.pause()
        # It was thousands: every key queued at once.
        assert most <= baseline + INPUT_BACKLOG + 20, most
        assert app.state.cursor == 5  # every key handled, in order


def rss_mb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0


@pytest.mark.slow
async def test_a_real_browser_stays_small_under_a_burst_on_its_terminal(sample_store, tmp_path):
    """400 KB of ``j`` written to a browser's pseudo-terminal, as the server relays it: the
    browser's memory stays near its size at rest (it grew by hundreds of MB, without end)."""
    import os
    import sys

    from mongolia_tui.serve.child import Child, Reaper

    ended = asyncio.Event()
    env = dict(os.environ, TERM="xterm-256color", HOME=str(tmp_path))
    argv = [sys.executable, "-m", "mongolia_tui", "--data", str(sample_store)]
    child = Child(argv, env, str(tmp_path), size=(80, 24), on_output=lambda data, err: None,
                  on_done=lambda status: ended.set())  # fmt: skip
    reaper = Reaper()
    reaper.watch(child)
    try:
        await asyncio.sleep(3)  # the first screen
        before = rss_mb(child.pid)
        child.write(b"j" * 400 * 1024)
        peak = before
        for _ in range(40):
            await asyncio.sleep(0.2)
            peak = max(peak, rss_mb(child.pid))
        assert peak < before + 60, (before, peak)
    finally:
        child.hang_up(0.5)
        await asyncio.wait_for(ended.wait(), 10)
        reaper.close()

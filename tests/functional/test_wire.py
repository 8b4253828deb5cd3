"""Bytes on the wire: over SSH every repaint is bytes, so a cursor move must stay cheap.

Runs the app in a real pseudo-terminal at 80x24 (TERM=xterm-256color) and counts what it
writes after each key, as benchmarks/wire.py does (the benchmark compares with VisiData; this
test pins bounds well below what a full repaint of the table costs, about 2.5 KB).
"""

from __future__ import annotations

import os
import statistics
import sys

import pytest
from support import ROOT, SHIPPED

pytestmark = pytest.mark.slow

sys.path.insert(0, str(ROOT / "benchmarks"))
from pty_session import Session  # noqa: E402
from wire import DOWN, PAGE_DOWN, QUIET  # noqa: E402


def cost(session: Session, key: bytes) -> int:
    before = session.received
    session.send(key)
    session.settle(QUIET)
    return session.received - before


def test_a_cursor_move_repaints_two_rows_and_the_notes_lines_that_change(tmp_path):
    pytest.importorskip("pyte")
    env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8",
           "HOME": str(tmp_path), "TEXTUAL_ANIMATIONS": "none"}  # fmt: skip
    session = Session([sys.executable, "-m", "mongolia_tui", "--data", str(SHIPPED)], env=env)
    try:
        session.wait_until(lambda t: "q Quit" in t and "198 of 198" in t, timeout=60)
        session.settle(0.8)
        first = session.received
        shown = [cost(session, DOWN) for _ in range(5)]
        session.send(b"i")  # hide the notes panel
        session.settle(QUIET)
        cost(session, DOWN)  # the first move after a layout change repaints the old region
        hidden = [cost(session, DOWN) for _ in range(5)]
        page = [cost(session, PAGE_DOWN) for _ in range(3)]
    finally:
        session.close(b"q")
    assert first < 24_000, first
    assert statistics.median(hidden) < 600, hidden  # two rows of the table
    assert statistics.median(shown) < 2_000, shown  # and the notes lines that changed
    assert statistics.median(page) < 4_500, page

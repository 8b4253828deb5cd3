"""The app in a real terminal (tmux at 80x24), typed at and read as a person over SSH would."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from tmux import Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def app_command(store: Path, env: str = "TERM=xterm-256color", extra: str = "") -> str:
    return (f"env {env} {shlex.quote(sys.executable)} -m mongolia_tui --data "
            f"{shlex.quote(str(store))} {extra}; echo EXIT=$?")  # fmt: skip


def test_browse_search_sort_and_quit_at_80x24(terminal, sample_store):
    terminal.run(app_command(sample_store))
    terminal.wait_for("q Quit")
    screen = terminal.wait_for("All · 12 of 12 · sorted by # ▲")
    lines = screen.splitlines()
    assert len(lines) == 24
    assert "1 All 12" in lines[1]
    assert "Russia" in screen and "5 November 1921" in screen
    footer = [line for line in lines if line.strip()][-1]
    assert "/ Search" in footer and "q Quit" in footer
    terminal.keys("j")
    terminal.wait_for("North Korea · 15 October 1948")
    terminal.keys("/", "d", "p", "r", "k")
    screen = terminal.wait_for("1 of 12")
    assert "North Korea" in screen and "search “dprk”" in screen
    terminal.keys("Escape")
    time.sleep(0.3)
    terminal.keys("Escape")
    terminal.wait_for("All · 12 of 12")
    terminal.keys("s")
    terminal.wait_for("Sort by")
    terminal.keys("2")
    screen = terminal.wait_for("sorted by Country ▲")
    assert screen.index("Côte d'Ivoire") < screen.index("Czech Republic")
    terminal.keys("2")
    terminal.wait_for("Africa · 3 of 12")
    terminal.keys("?")
    terminal.wait_for("Help: every key")
    terminal.keys("Escape")
    # ESC then a letter within a few ms reads as alt+letter, so wait as a person would.
    deadline = time.monotonic() + 10
    while "Help: every key" in terminal.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    terminal.keys("q")
    terminal.wait_for("EXIT=0")
    assert not terminal.alternate_screen()


@pytest.mark.parametrize("env", ["TERM=xterm", "TERM=screen", "TERM=xterm-256color NO_COLOR=1"])
def test_other_terminals(terminal, sample_store, env):
    terminal.run(app_command(sample_store, env))
    screen = terminal.wait_for("All · 12 of 12")
    assert "Russia" in screen
    terminal.keys("q")
    terminal.wait_for("EXIT=0")


def test_resizing_relays_out_cleanly(terminal, sample_store):
    terminal.run(app_command(sample_store))
    terminal.wait_for("All · 12 of 12")
    for width, height in ((200, 60), (40, 12), (120, 40), (80, 24)):
        terminal.tmux("resize-window", "-t", "t", "-x", str(width), "-y", str(height))
        time.sleep(0.6)
        screen = terminal.wait_for("All · 12")
        assert len(screen.splitlines()) == height
    terminal.keys("q")
    terminal.wait_for("EXIT=0")


def test_ctrl_c_quits_and_restores_the_terminal(terminal, sample_store):
    terminal.run(app_command(sample_store))
    terminal.wait_for("All · 12 of 12")
    assert terminal.alternate_screen()
    terminal.keys("C-c")
    terminal.wait_for("EXIT=")
    assert not terminal.alternate_screen()
    assert "Traceback" not in terminal.screen()


def test_a_closed_connection_ends_the_process(terminal, sample_store, tmp_path):
    pidfile = tmp_path / "pid"
    terminal.run(f"echo $$ > {pidfile}; exec " + app_command(sample_store).split("; echo")[0])
    terminal.wait_for("All · 12 of 12")
    pid = int(pidfile.read_text())
    os.kill(pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the app survived SIGHUP")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("down", [0, 30])
def test_keys_in_one_burst_as_a_laggy_link_delivers_them(size, down, tmp_path):
    """tmux send-keys -l writes the keys in one go, as a paste or a laggy SSH link does."""
    from support import SHIPPED

    term = Terminal(*size)
    try:
        term.run(app_command(SHIPPED))
        term.wait_for("All · 198 of 198")
        if down:
            term.tmux("send-keys", "-t", "t", "-l", "j" * down)
            term.wait_for(f"#{down + 1} of 191")
        term.tmux("send-keys", "-t", "t", "-l", "/1992")
        screen = term.wait_for("search “1992”")
        assert "All · 16 of 198" in screen  # 14 established in 1992, 2 left Yugoslavia 1991–1992
        term.tmux("send-keys", "-t", "t", "-l", "\r" + "j" * 5 + "ngG")
        time.sleep(0.5)
        backspaces = "\x7f" * 5
        term.tmux("send-keys", "-t", "t", "-l", f"/{backspaces}malay{backspaces}dprk\r")

        screen = term.wait_for("search “dprk”")
        assert "All · 1 of 198" in screen and "North Korea" in screen
        assert "Traceback" not in term.screen()
        term.keys("q")
        term.wait_for("EXIT=0")
    finally:
        term.close()


def test_escape_and_a_key_in_one_write(tmp_path):
    """Esc then s in one write to the terminal (one SSH packet): Textual reads alt+s; the
    app handles esc then s: the search box is left as typed and the sort menu opens."""
    pytest.importorskip("pyte")
    from support import ROOT, SHIPPED

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from pty_session import Session

    env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8",
           "HOME": str(tmp_path), "TEXTUAL_ANIMATIONS": "none"}  # fmt: skip
    session = Session([sys.executable, "-m", "mongolia_tui", "--data", str(SHIPPED)], env=env)
    try:
        session.wait_until(lambda t: "198 of 198" in t and "q Quit" in t, timeout=60)
        session.send(b"/mal")
        session.wait_until(lambda t: "search “mal”" in t, timeout=10)
        session.send(b"\x1bs")
        session.wait_until(lambda t: "Sort by" in t, timeout=10)
        assert "mals" not in session.text()
    finally:
        session.close(b"q")


def test_escape_sequences_in_data_do_not_reach_the_terminal(terminal, write_store):

    from support import partner_record

    evil = "Evil\x1b]2;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[31m\u202e"
    store = write_store([partner_record(evil, notes=evil), partner_record("Plain")])
    terminal.tmux("set-option", "-g", "set-titles", "on")
    title_before = terminal.tmux("display-message", "-p", "-t", "t", "#{pane_title}")
    terminal.run(app_command(store))
    terminal.wait_for("All · 2 of 2")
    terminal.wait_for("Evil␛]2;PWNED␇")
    screen = terminal.wait_for("␛[31m")  # the notes panel shows the highlighted first row

    assert "PWNED" not in terminal.tmux("display-message", "-p", "-t", "t", "#{pane_title}")
    assert terminal.tmux("display-message", "-p", "-t", "t", "#{pane_title}") == title_before
    assert "\x1b" not in screen
    terminal.keys("q")
    terminal.wait_for("EXIT=0")

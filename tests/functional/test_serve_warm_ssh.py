"""``mongolia-tui serve`` forks its browsers from a warm parent: seen from outside, over SSH."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import asyncssh
import pyte
import pytest
from ssh_support import Server, children_of, have_tools, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(have_tools() is not None, reason=have_tools() or ""),
]


class Screen(asyncssh.SSHClientSession):  # type: ignore[type-arg]
    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def data_received(self, data: bytes, datatype) -> None:  # type: ignore[no-untyped-def]
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)


async def browse(port: int) -> tuple[asyncssh.SSHClientConnection, Screen]:
    """An SSH visitor with a terminal, once the browser's first screen is up."""
    conn = await asyncssh.connect(
        "127.0.0.1", port, username="visitor", known_hosts=None, client_keys=None,
        agent_path=None, config=None, gss_auth=False, gss_kex=False,
    )  # fmt: skip
    _, screen = await conn.create_session(
        Screen, term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    for _ in range(600):
        if "12 of 12" in screen.text() and "Quit" in screen.text():
            return conn, screen
        await asyncio.sleep(0.05)
    raise AssertionError(f"no first screen:\n{screen.text()}")


def gone(pid: int) -> bool:
    """The process has ended (a zombie this test process adopted is reaped and counts)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    if state == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return True
    return False


@pytest.fixture
def server(tmp_path, sample_store):
    started = Server(tmp_path, "--allow-anonymous", store=sample_store).wait_listening()
    yield started
    started.stop()
    assert "Traceback" not in started.log(), started.log()


def test_browsers_are_forked_from_the_warm_parent_and_adopted_by_the_server(server):
    async def visit() -> None:
        conn, _ = await browse(server.port)
        (browser,) = server.children()
        (warm,) = server.warm_parents()
        assert browser != warm and os.getsid(browser) == browser
        conn.close()
        await conn.wait_closed()

    asyncio.run(visit())
    wait_until(lambda: server.children() == [], 15, "the browser to be reaped")
    server.stop()
    assert "warm parent: 1 browsers forked, 0 spawned" in server.log()


def test_a_killed_warm_parent_is_restarted_and_logged(server):
    (first,) = server.warm_parents()
    os.kill(first, signal.SIGKILL)
    server.wait_log(r"warm parent: it exited \(status -9\); restarting it")
    server.wait_log(rf"warm parent (?!{first} )\d+ ready")

    async def visit() -> None:
        conn, _ = await browse(server.port)
        conn.close()
        await conn.wait_closed()

    asyncio.run(visit())
    assert gone(first)
    server.stop()
    assert "warm parent: 1 browsers forked, 0 spawned" in server.log()


def test_a_server_killed_outright_leaves_no_browser_and_no_warm_parent(server):
    async def visit() -> list[asyncssh.SSHClientConnection]:
        return [(await browse(server.port))[0] for _ in range(2)]

    loop = asyncio.new_event_loop()
    try:
        conns = loop.run_until_complete(visit())
        pids = children_of(server.proc.pid)
        assert len(pids) == 3  # two browsers and the warm parent
        server.proc.kill()
        server.proc.wait()
        wait_until(lambda: all(gone(pid) for pid in pids), 15, "every process to end")
        for conn in conns:
            conn.close()
    finally:
        loop.close()


def test_sessions_benchmark_quick_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("# Benchmark results\n\nother sections stay\n")
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "serve_sessions.py"
    done = subprocess.run([sys.executable, str(script), "--quick", "--out", str(out)],
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text()
    assert text.startswith("# Benchmark results\n\nother sections stay\n")
    assert "<!-- sessions:start -->" in text and "<!-- sessions:end -->" in text
    for row in ("| spawn (today) | 1 |", "| warm fork | 1 |", "| spawn (today) | 3 |",
                "| warm fork | 3 |"):  # fmt: skip
        assert row in text
    assert "≤ 12 MB PSS per session (warm fork)" in text

"""Load on ``mongolia-tui serve``: many interactive SSH sessions at once, from a scripted client.

    .venv/bin/python benchmarks/serve_load.py            # N = 1, 10, 50 and a burst of 10
    .venv/bin/python benchmarks/serve_load.py --quick    # small N (the smoke test)

Writes its section of benchmarks/RESULTS.md, between ``<!-- serve:start -->`` and
``<!-- serve:end -->`` (added at the end if missing); the rest of the file is left alone.
``benchmarks/run.py`` can call :func:`measure` and :func:`write_section`.

Each visitor is an asyncssh client asking for an 80x24 ``xterm-256color`` terminal; what the
server sends is fed to a terminal emulator (pyte). First screen: from opening the TCP connection
to the browser's title with the full count and its key bar on screen. Keystroke round trip: from
sending ``j`` or ``k`` to the screen's text changing. Memory: the server's and its children's
resident (RSS) and proportional (PSS: shared pages divided among the processes sharing them)
memory, read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncssh
import pyte

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from figures import write_section  # noqa: E402
from machine import describe  # noqa: E402

START, END = "<!-- serve:start -->", "<!-- serve:end -->"
WIDTH, HEIGHT = 80, 24
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- the scripted visitor -----------------------------------------------------------------------


class Visitor(asyncssh.SSHClientSession):  # type: ignore[type-arg]
    """One SSH session's screen, emulated; waits wake up on output, never poll."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self.chan: asyncssh.SSHClientChannel | None = None  # type: ignore[type-arg]
        self.changed = asyncio.Event()
        self.closed = asyncio.Event()

    def connection_made(self, chan) -> None:  # type: ignore[no-untyped-def]
        self.chan = chan

    def data_received(self, data: bytes, datatype) -> None:  # type: ignore[no-untyped-def]
        self.stream.feed(data)
        if b"\x1b[6n" in data and self.chan is not None:  # answer as a terminal would
            self.chan.write(b"\x1b[1;1R")
        self.changed.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set()
        self.changed.set()

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait(self, done: Callable[[str], bool], timeout: float) -> float:
        """The time at which ``done(screen text)`` first held."""
        deadline = time.perf_counter() + timeout
        while not done(self.text()):
            if self.closed.is_set():
                raise RuntimeError(f"the session closed; the screen was:\n{self.text()}")
            self.changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"the screen never matched; it showed:\n{self.text()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)
        return time.perf_counter()

    async def keystroke(self, key: bytes, timeout: float = 10.0) -> float:
        """Seconds from sending ``key`` to the screen's text changing."""
        before = self.text()
        assert self.chan is not None
        sent = time.perf_counter()
        self.chan.write(key)
        return await self.wait(lambda text: text != before, timeout) - sent


def first_screen(total: int) -> Callable[[str], bool]:
    def ready(text: str) -> bool:
        return f"{total} of {total}" in text and "Quit" in text

    return ready


@dataclass
class Session:
    conn: asyncssh.SSHClientConnection
    visitor: Visitor
    first_screen: float


async def open_session(port: int, total: int, timeout: float = 60.0) -> Session:
    started = time.perf_counter()
    conn = await asyncssh.connect(
        "127.0.0.1", port, username="visitor", known_hosts=None, client_keys=None,
        agent_path=None, config=None, gss_auth=False, gss_kex=False,
    )  # fmt: skip
    _, visitor = await conn.create_session(
        Visitor, term_type="xterm-256color", term_size=(WIDTH, HEIGHT), encoding=None
    )
    ready = await visitor.wait(first_screen(total), timeout)
    return Session(conn, visitor, ready - started)


async def keystrokes(session: Session, count: int) -> list[float]:
    """Round trips of ``count`` keys: down, then up and down, so every key changes the screen."""
    times = []
    for i in range(count):
        key = b"j" if i % 2 == 0 else b"k"
        if i == 0:
            await session.visitor.keystroke(b"j")  # from the article to the first row
        times.append(await session.visitor.keystroke(key))
        await asyncio.sleep(0.05)  # a person types no faster; lets the frame finish
    return times


async def close_all(sessions: list[Session]) -> None:
    for session in sessions:
        session.conn.close()
    for session in sessions:
        await session.conn.wait_closed()


# -- the server and /proc -----------------------------------------------------------------------


class ServerProcess:
    def __init__(self, work: Path, max_sessions: int, python: str = sys.executable,
                 extra_env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.log = work / "server.log"
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "HOME": str(work), "XDG_STATE_HOME": str(work / "state")}  # fmt: skip
        env.update(extra_env or {})
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [python, "-m", "mongolia_tui", "serve", "--port", "0",
                 "--allow-anonymous", "--max-sessions", str(max_sessions),
                 "--idle-timeout", "0", "--rate-limit", "100000"],
                stdout=subprocess.DEVNULL, stderr=log, env=env, cwd=work,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while not (match := re.search(r"listening on 127\.0\.0\.1:(\d+)", self._log())):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{self._log()}")
            time.sleep(0.05)
        self.port = int(match[1])
        if env.get("MONGOLIA_TUI_WARM") != "0":  # browsers are forked once the warm parent is up
            while not re.search(r"warm parent (\d+ ready|: )", self._log()):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the warm parent did not start:\n{self._log()}")
                time.sleep(0.05)

    def _log(self) -> str:
        return self.log.read_text(errors="replace")

    def children(self) -> list[int]:
        """The children running a session (not the warm parent the browsers are forked from)."""
        return [pid for pid in children_of(self.proc.pid) if not _is_warm_parent(pid)]

    async def wait_children(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.children()) != count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server has {len(self.children())} children, not {count}")
            await asyncio.sleep(0.05)

    def memory(self) -> tuple[float, float]:
        """RSS and PSS of the server and its children, in MB."""
        pids = [self.proc.pid, *children_of(self.proc.pid)]
        return (sum(_status_kb(pid, "VmRSS") for pid in pids) / 1024,
                sum(_rollup_kb(pid, "Pss") for pid in pids) / 1024)  # fmt: skip

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time used so far by the server, and by its children now alive."""
        return _cpu(self.proc.pid), sum(_cpu(pid) for pid in children_of(self.proc.pid))

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _is_warm_parent(pid: int) -> bool:
    try:
        return b"mongolia_tui.serve.warm" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _status_kb(pid: int, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rollup_kb(pid: int, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


# -- the measurements ---------------------------------------------------------------------------


@dataclass
class Row:
    """Figures for one load: N sessions open at once."""

    label: str
    sessions: int
    first: list[float] = field(default_factory=list)
    keys: list[float] = field(default_factory=list)
    rss: float = 0.0
    pss: float = 0.0
    rss_each: float = 0.0
    pss_each: float = 0.0


@dataclass
class Results:
    rows: list[Row]
    lone_first: list[float]
    lone_keys: list[float]
    last_first: list[float]
    last_keys: list[float]
    last_open: int
    burst: list[float]
    idle_server_cpu: float
    idle_children_cpu: float
    idle_window: float
    idle_sessions: int
    server_alone: tuple[float, float]
    elapsed: float


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _measure(quick: bool, total: int, work: Path) -> Results:
    loads = (1, 3) if quick else (1, 10, 50)
    lone_runs, key_count = (2, 4) if quick else (7, 20)
    burst_size = 3 if quick else 10
    idle_window = 1.0 if quick else 5.0
    started = time.perf_counter()
    server = ServerProcess(work, max(loads) + burst_size + 5)
    try:
        # A first session warms the page cache and Python's bytecode cache; not counted.
        warm = await open_session(server.port, total)
        await close_all([warm])
        await server.wait_children(0)
        server_alone = server.memory()

        lone_first, lone_keys = [], []
        for _ in range(lone_runs):
            session = await open_session(server.port, total)
            lone_first.append(session.first_screen)
            lone_keys += await keystrokes(session, key_count)
            await close_all([session])
            await server.wait_children(0)

        rows: list[Row] = []
        last_first: list[float] = []
        last_keys: list[float] = []
        idle = (0.0, 0.0)
        for n in loads:
            row = Row(f"{n} open", n)
            sessions: list[Session] = []
            for _ in range(n):  # one after another, as visitors arrive
                sessions.append(await open_session(server.port, total))
                row.first.append(sessions[-1].first_screen)
            await server.wait_children(n)
            for session in sessions:
                row.keys += await keystrokes(session, max(2, key_count // 5))
            await asyncio.sleep(0.5)
            row.rss, row.pss = server.memory()
            row.rss_each = (row.rss - server_alone[0]) / n
            row.pss_each = (row.pss - server_alone[1]) / n
            if n == max(loads):
                # The last visitor again and again, the others idle: what one more visitor gets.
                others = sessions[:-1]
                await close_all(sessions[-1:])
                await server.wait_children(n - 1)
                await asyncio.sleep(idle_window / 2)
                before = server.cpu_seconds()
                await asyncio.sleep(idle_window)
                after = server.cpu_seconds()
                idle = (after[0] - before[0], after[1] - before[1])
                for _ in range(lone_runs):
                    session = await open_session(server.port, total)
                    last_first.append(session.first_screen)
                    last_keys += await keystrokes(session, key_count)
                    await close_all([session])
                    await server.wait_children(n - 1)
                sessions = others
            rows.append(row)
            await close_all(sessions)
            await server.wait_children(0)

        burst = [s.first_screen for s in await asyncio.gather(
            *(open_session(server.port, total) for _ in range(burst_size)))]  # fmt: skip
        burst_row = Row(f"burst of {burst_size} at once", burst_size, first=burst)
        rows.append(burst_row)
    finally:
        server.stop()
    return Results(rows, lone_first, lone_keys, last_first, last_keys, max(loads), burst,
                   idle[0], idle[1], idle_window, max(loads) - 1, server_alone,
                   time.perf_counter() - started)  # fmt: skip


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def machine() -> str:
    return f"{describe()}, asyncssh {asyncssh.__version__}"


def report(results: Results, quick: bool) -> list[str]:
    """The section's Markdown lines, markers included."""
    r = results
    lone_first, lone_key = statistics.median(r.lone_first), statistics.median(r.lone_keys)
    last_first, last_key = statistics.median(r.last_first), statistics.median(r.last_keys)
    first_ratio, key_ratio = last_first / lone_first, last_key / lone_key
    burst_max = max(r.burst)
    others = r.last_open - 1
    targets = [
        (f"Session {r.last_open}'s first screen, {others} idle sessions open, ≤ 2× a lone "
         "session's", f"{first_ratio:.2f}× ({ms(last_first)} vs {ms(lone_first)})",
         first_ratio <= 2),
        (f"Session {r.last_open}'s keystroke round trip, {others} idle sessions open, ≤ 2× a "
         "lone session's", f"{key_ratio:.2f}× ({ms(last_key)} vs {ms(lone_key)})", key_ratio <= 2),
        (f"Burst of {len(r.burst)} simultaneous connections: every first screen ≤ 10 s",
         f"slowest {burst_max:.2f} s", burst_max <= 10),
        (f"Idle sessions cost the server no CPU ({r.idle_sessions} open, {r.idle_window:.0f} s)",
         f"{r.idle_server_cpu * 1000:.0f} ms of CPU", r.idle_server_cpu <= 0.02 * r.idle_window),
    ]  # fmt: skip
    lines = [
        START,
        "## Serving over SSH (`mongolia-tui serve`)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with "
        f"`{Path(sys.executable).name} benchmarks/serve_load.py{' --quick' if quick else ''}` "
        f"({r.elapsed:.0f} s in all). Machine: {machine()}.",
        "",
        "Each visitor is a scripted SSH client (asyncssh) asking for an 80×24 `xterm-256color`",
        "terminal, anonymous, on 127.0.0.1; the server's output is fed to a terminal emulator",
        "(pyte). First screen: from opening the TCP connection to the browser's title with the",
        "full count and its key bar (key exchange, a new process and the app's start-up).",
        "Keystroke: from sending `j` or `k` to the screen's text changing. Memory: the server",
        "plus its children, resident (RSS) and proportional (PSS: pages shared between",
        "processes divided among them), read from /proc; per session = (total − the server",
        f"alone, {r.server_alone[0]:.0f} MB RSS) / N. Medians unless said otherwise.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in targets),
        "",
        "| sessions open | first screen (median, max) | keystroke (median, p90, max) | "
        "memory in all (RSS, PSS) | per session (RSS, PSS) |",
        "|---|---|---|---|---|",
        f"| 1, alone ({len(r.lone_first)} times) | {ms(lone_first)}, {ms(max(r.lone_first))} | "
        f"{ms(lone_key)}, {ms(_p(r.lone_keys, 0.9))}, {ms(max(r.lone_keys))} | | |",
    ]
    for row in r.rows:
        keys = (f"{ms(statistics.median(row.keys))}, {ms(_p(row.keys, 0.9))}, "
                f"{ms(max(row.keys))}" if row.keys else "")  # fmt: skip
        memory = f"{row.rss:.0f} MB, {row.pss:.0f} MB" if row.rss else ""
        each = f"{row.rss_each:.1f} MB, {row.pss_each:.1f} MB" if row.rss else ""
        lines.append(f"| {row.label} | {ms(statistics.median(row.first))}, "
                     f"{ms(max(row.first))} | {keys} | {memory} | {each} |")  # fmt: skip
    lines.append(
        f"| session {r.last_open} with {others} idle open ({len(r.last_first)} times) | "
        f"{ms(last_first)}, {ms(max(r.last_first))} | {ms(last_key)}, "
        f"{ms(_p(r.last_keys, 0.9))}, {ms(max(r.last_keys))} | | |"
    )
    notes = (
        f"With {r.idle_sessions} idle sessions open, over {r.idle_window:.0f} s the server used "
        f"{r.idle_server_cpu * 1000:.0f} ms of CPU and the {r.idle_sessions} browsers "
        f"{r.idle_children_cpu * 1000:.0f} ms in all: the server's relays wait on the kernel "
        "(no polling; its only timers are one idle deadline per session and SSH keepalives). "
        "Sessions are opened one after another, then each sends keys in turn while the others "
        f"sit idle; session {r.last_open} is opened and closed {len(r.last_first)} times with "
        f"the {others} others open. The burst opens its connections all at once, so their key "
        "exchanges and start-ups share the cores."
    )
    lines += ["", *textwrap.wrap(notes, 96), END]
    return lines


def measure(quick: bool = False) -> list[str]:
    """Run the load benchmark; returns the RESULTS.md section (markers included)."""
    sys.path.insert(0, str(ROOT))
    from mongolia_tui.store import default_store_path, load_store

    total = len(load_store(default_store_path()).partners)
    with tempfile.TemporaryDirectory(prefix="serve-load-") as folder:
        results = asyncio.run(_measure(quick, total, Path(folder)))
    return report(results, quick)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small N, fewer keys (smoke test)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    lines = measure(args.quick)
    write_section(args.out, lines, START, END)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

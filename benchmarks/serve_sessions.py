"""Memory and first screen per SSH session: today's spawn, the warm fork, and a peer, in one run.

    .venv/bin/python benchmarks/serve_sessions.py --peer-python /tmp/textish-venv/bin/python
    .venv/bin/python benchmarks/serve_sessions.py --quick        # N = 1, 3 (smoke)

Servers measured, each fresh for every load, on the shipped store:

- ``spawn``: ``mongolia-tui serve`` with ``MONGOLIA_TUI_WARM=0``: each browser is a new
  ``python -m mongolia_tui`` process (today's way, the baseline of the ratios);
- ``warm fork``: ``mongolia-tui serve`` as it ships: browsers forked from the warm parent;
- with ``--peer-python`` (a Python >= 3.12 venv where ``textish`` and this package are
  installed): the warm fork again under that Python, and textish serving the same browser
  in-process (``benchmarks/textish_app.py``: one app object per session, one process in all).

For N = 1, 20 and 50 sessions opened at once (1: five times, one after another) it records each
first screen (as ``serve_load.py`` detects it: TCP connect to the full count and key bar on a
pyte screen) and the PSS of the server and all its children (/proc/PID/smaps_rollup) once every
session is up; per session = (that − the server alone, warm parent included) / N. Writes the
section between ``<!-- sessions:start -->`` and ``<!-- sessions:end -->`` of RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from figures import write_section  # noqa: E402
from serve_load import (  # noqa: E402
    ServerProcess,
    _is_warm_parent,
    _rollup_kb,
    _status_kb,
    children_of,
    close_all,
    machine,
    ms,
    open_session,
)

START, END = "<!-- sessions:start -->", "<!-- sessions:end -->"
TARGET_PSS = 12.0  # MB per session
SESSION_TIMEOUT = 240.0


class PeerProcess:
    """textish serving the browser in its own process: every session inside it."""

    def __init__(self, work: Path, python: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = work / "textish.log"
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "HOME": str(work), "PYTHONPATH": str(HERE)}  # fmt: skip
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(Path(python).parent / "textish"), "textish_app:make", "--port", str(self.port),
                 "--host-key", str(work / "textish_key"), "--log-level", "WARNING"],
                stdout=subprocess.DEVNULL, stderr=log, env=env, cwd=HERE,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"textish did not start:\n{self.log.read_text()}") from None
                time.sleep(0.1)

    def children(self) -> list[int]:
        return []

    async def wait_children(self, count: int, timeout: float = 30.0) -> None:
        await asyncio.sleep(1.0)  # sessions end inside the process; let their tasks finish

    def memory(self) -> tuple[float, float]:
        return _status_kb(self.proc.pid, "VmRSS") / 1024, _rollup_kb(self.proc.pid, "Pss") / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Config:
    label: str
    kind: str  # "serve" or "peer"
    python: str
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Load:
    config: str
    sessions: int
    first: list[float]
    pss_each: float
    pss_total: float
    rss_total: float
    alone_pss: float
    cow: tuple[int, int, int] | None = None  # KB shared, copied, new of one forked browser


def _start(config: Config, work: Path, sessions: int) -> ServerProcess | PeerProcess:
    if config.kind == "peer":
        return PeerProcess(work, config.python)
    return ServerProcess(work, sessions + 5, python=config.python, extra_env=config.env)


async def measure_load(config: Config, n: int, total: int, repeats: int) -> Load:
    with tempfile.TemporaryDirectory(prefix="serve-sessions-") as folder:
        server = _start(config, Path(folder), n)
        try:
            # A first session warms the page cache and the bytecode caches; not counted.
            await close_all([await open_session(server.port, total, SESSION_TIMEOUT)])
            await server.wait_children(0)
            await asyncio.sleep(0.5)
            alone = server.memory()
            firsts: list[float] = []
            each: list[float] = []
            rss = pss = 0.0
            cow = None
            for _ in range(repeats):
                sessions = await asyncio.gather(
                    *(open_session(server.port, total, SESSION_TIMEOUT) for _ in range(n))
                )
                firsts += [s.first_screen for s in sessions]
                await server.wait_children(n)
                await asyncio.sleep(1.0)  # the first screen's tail (gc.freeze, idle tasks)
                rss, pss = server.memory()
                each.append((pss - alone[1]) / n)
                if isinstance(server, ServerProcess) and cow is None:
                    cow = cow_breakdown(server.proc.pid)
                await close_all(sessions)
                await server.wait_children(0)
        finally:
            server.stop()
    return Load(config.label, n, firsts, statistics.median(each), pss, rss, alone[1], cow)


def cow_breakdown(server_pid: int) -> tuple[int, int, int] | None:
    """Of one forked browser's resident pages in writable mappings: KB still shared with the
    warm parent, KB it copied on write, KB it allocated anew. None without access to frame
    numbers (needs root) or without a warm parent."""
    kids = children_of(server_pid)
    warm = [pid for pid in kids if _is_warm_parent(pid)]
    browsers = [pid for pid in kids if pid not in warm]
    if not warm or not browsers:
        return None
    shared = copied = new = 0
    try:
        parent = _frames(warm[0])
        for page, frame in _frames(browsers[0]).items():
            other = parent.get(page)
            if other is None:
                new += 4
            elif other == frame:
                shared += 4
            else:
                copied += 4
    except OSError:
        return None
    if shared == 0:
        return None  # frame numbers read as 0: not root
    return shared, copied, new


def _frames(pid: int) -> dict[int, int]:
    frames: dict[int, int] = {}
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for line in maps:
            span, perms = line.split()[:2]
            if "w" not in perms:
                continue
            low, high = (int(x, 16) for x in span.split("-"))
            pagemap.seek(low // 4096 * 8)
            data = pagemap.read((high - low) // 4096 * 8)
            for i, value in enumerate(struct.unpack(f"{len(data) // 8}Q", data)):
                if value >> 63:  # present
                    frames[low // 4096 + i] = value & ((1 << 55) - 1)
    return frames


def _version(python: str, module: str) -> str:
    code = "import importlib.metadata as m, sys; print(sys.version.split()[0], m.version(%r))"
    code %= module
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() or "?"


# -- the report --------------------------------------------------------------------------------


def cow_steps(python: str) -> dict[str, int]:
    """``benchmarks/cow_steps.py`` run by ``python``: KB copied on write per step ({} if it
    cannot read page frames)."""
    done = subprocess.run([python, str(HERE / "cow_steps.py")], capture_output=True, text=True,
                          timeout=600, cwd=HERE.parent)  # fmt: skip
    try:
        return dict(json.loads(done.stdout))
    except ValueError:
        return {}


def report(
    loads: list[Load],
    configs: list[Config],
    quick: bool,
    elapsed: float,
    steps: dict[str, dict[str, int]],
) -> list[str]:
    base = {load.sessions: load for load in loads if load.config == configs[0].label}
    rows = []
    for load in loads:
        ref = base[load.sessions]
        first, ref_first = statistics.median(load.first), statistics.median(ref.first)
        rows.append(
            f"| {load.config} | {load.sessions} | {ms(first)}, {ms(max(load.first))} | "
            f"{first / ref_first:.2f}× | {load.pss_total:.0f} MB | {load.pss_each:.1f} MB | "
            f"{load.pss_each / ref.pss_each:.2f}× |"
        )
    warm = [load for load in loads if load.config == configs[1].label]
    best = min(load.pss_each for load in warm)
    most = max(load.sessions for load in warm)
    at_most = next(load for load in warm if load.sessions == most)
    spawn_most = base[most]
    first_ok = statistics.median(at_most.first) <= statistics.median(spawn_most.first)
    cows = [load.cow for load in warm if load.cow]
    peer = f" --peer-python {configs[-1].python}" if configs[-1].kind == "peer" else ""
    lines = [
        START,
        "## Lighter sessions: the warm fork against today's spawn and textish",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{Path(sys.executable).name} "
        f"benchmarks/serve_sessions.py{' --quick' if quick else ''}{peer}` ({elapsed:.0f} s in "
        "all), "
        f"on a machine shared with other work. Machine: {machine()}.",
        "",
        *textwrap.wrap(
            "Each row is a fresh server on the shipped store; after one warm-up session, N "
            "scripted SSH visitors (asyncssh, 80×24 xterm-256color, pyte screens) connect at "
            "once. First screen: TCP connect to the full count and key bar on screen (median, "
            "max). PSS: the server and every child it has, once all N are up; per session = "
            "(that − the server alone, warm parent included) / N. Ratios are against `spawn` "
            "(today's way) at the same N, measured in the same run. N = 1 is repeated and its "
            "median taken.",
            96,
        ),
        "",
        "| server | N | first screen (median, max) | vs spawn | PSS in all | PSS per session "
        "| vs spawn |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        "| target | measured | met |",
        "|---|---|---|",
        f"| ≤ {TARGET_PSS:.0f} MB PSS per session (warm fork) | {best:.1f} MB at best "
        f"({', '.join(f'{load.pss_each:.1f}' for load in warm)} MB for N = "
        f"{', '.join(str(load.sessions) for load in warm)}) | "
        f"{'yes' if best <= TARGET_PSS else '**no**'} |",
        f"| first screen no slower than today's ({most} at once, median) | "
        f"{ms(statistics.median(at_most.first))} vs {ms(statistics.median(spawn_most.first))} | "
        f"{'yes' if first_ok else '**no**'} |",
    ]
    if cows:
        shared, copied, new = cows[-1]
        lines += [
            "",
            *textwrap.wrap(
                "Where a forked browser's memory goes (one browser, writable mappings, page "
                "frames compared with the warm parent's via /proc/PID/pagemap): "
                f"{shared / 1024:.1f} MB still shared with the warm parent, "
                f"{copied / 1024:.1f} MB copied on write, "
                f"{new / 1024:.1f} MB allocated anew. The copies are the floor of this design: "
                "CPython writes into every object it touches (reference counts; in 3.11 also "
                "the inline caches of the code it runs), and the first screen touches objects "
                "spread over most of the pages Textual's imports and the store filled, so each "
                "such page is copied whole though the browser's own objects take about 1.4 MB "
                "(tracemalloc). gc.freeze() only keeps the collector off those pages.",
                96,
            ),
        ]
    if any(steps.values()):
        pythons = [name for name, figures in steps.items() if figures]
        names = list(steps[pythons[0]])
        lines += [
            "",
            *textwrap.wrap(
                "Copied on write, step by step (`benchmarks/cow_steps.py`: a child forked from "
                "a warm parent prepared as the server's does one step; pages of its writable "
                "mappings whose frame differs from the parent's). Even a bare Textual app's "
                "first screen copies about 10 MB: the floor of one process per visitor is "
                "above the 12 MB target before our browser adds anything. Below it takes "
                "several visitors per process, as textish does (about 1.5 MB per session "
                "above), which gives up the process per visitor that the server's hang-up, "
                "kill and per-browser limits rely on.",
                96,
            ),
            "",
            "| step | " + " | ".join(f"copied, Python {name}" for name in pythons) + " |",
            "|---|" + "---|" * len(pythons),
            *(
                f"| {name} | "
                + " | ".join(f"{steps[p].get(name, 0) / 1024:.1f} MB" for p in pythons)
                + " |"
                for name in names
            ),
        ]
    lines.append(END)
    return lines


async def run(configs: list[Config], quick: bool, total: int) -> list[Load]:
    loads = []
    for n in (1, 3) if quick else (1, 20, 50):
        for config in configs:
            repeats = (2 if quick else 5) if n == 1 else 1
            load = await measure_load(config, n, total, repeats)
            print(f"{config.label:28} N={n:3} first {ms(statistics.median(load.first))} "
                  f"PSS/session {load.pss_each:.1f} MB", file=sys.stderr, flush=True)  # fmt: skip
            loads.append(load)
    return loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 1 and 3 only (smoke test)")
    parser.add_argument("--peer-python", help="a Python >= 3.12 with textish and this package")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    from mongolia_tui.store import default_store_path, load_store

    total = len(load_store(default_store_path()).partners)
    configs = [
        Config("spawn (today)", "serve", sys.executable, {"MONGOLIA_TUI_WARM": "0"}),
        Config("warm fork", "serve", sys.executable),
    ]
    if args.peer_python:
        version, textish = _version(args.peer_python, "textish").split()
        configs += [
            Config(f"warm fork, Python {version}", "serve", args.peer_python),
            Config(f"textish {textish}, Python {version}", "peer", args.peer_python),
        ]
    started = time.perf_counter()
    loads = asyncio.run(run(configs, args.quick, total))
    steps = {_version(sys.executable, "textual").split()[0]: cow_steps(sys.executable)}
    if args.peer_python:
        steps[_version(args.peer_python, "textual").split()[0]] = cow_steps(args.peer_python)
    lines = report(loads, configs, args.quick, time.perf_counter() - started, steps)
    write_section(args.out, lines, START, END)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

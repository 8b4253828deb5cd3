"""Bytes on the wire per keystroke: what each key costs a user over a slow SSH link.

    .venv/bin/python benchmarks/wire.py            # measure and print a Markdown table
    (benchmarks/run.py calls :func:`measure_wire` and writes the table into RESULTS.md)

Each program runs in a real pseudo-terminal at 80x24 (``TERM=xterm-256color``); every byte it
writes after a key is counted until its output has been quiet for a while. mongolia-tui,
VisiData and a stock Textual ``DataTable`` app show the same rows, in the same run.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pty_session import Session  # noqa: E402

DOWN, PAGE_DOWN = b"\x1b[B", b"\x1b[6~"
#: Output quiet for this long means the key's repaint is complete.
QUIET = 0.35
#: A 256 kbit/s link: seconds = bytes * 8 / LINK_BITS.
LINK_BITS = 256_000

ACTIONS = (
    "first screen",
    "cursor move (↓), notes shown",
    "cursor move (↓), notes hidden",
    "page down",
    "search keystroke",
    "tab switch",
)


@dataclass
class Program:
    """How to start one program and which keys do each action (None: it has no such action)."""

    name: str
    argv: list[str]
    ready: Callable[[str], bool]
    quit_keys: bytes
    notes_toggle: bytes | None = None
    search_open: bytes | None = None
    search_keys: bytes = b"ma"
    tab_keys: bytes | None = None
    samples: dict[str, list[int]] = field(default_factory=dict)

    def add(self, action: str, count: int) -> None:
        self.samples.setdefault(action, []).append(count)

    def median(self, action: str) -> float | None:
        found = self.samples.get(action)
        return statistics.median(found) if found else None


def _key_cost(session: Session, key: bytes) -> int:
    before = session.received
    session.send(key)
    session.settle(QUIET)
    return session.received - before


def _moves(session: Session, program: Program, action: str, key: bytes, count: int) -> None:
    for _ in range(count):
        program.add(action, _key_cost(session, key))


def run_once(program: Program, env: dict[str, str], moves: int = 5) -> None:
    """One session: first screen, cursor moves, page downs, a search key, a tab switch."""
    session = Session(program.argv, env=env)
    try:
        session.wait_until(program.ready, timeout=120)
        session.settle(0.8)
        program.add("first screen", session.received)
        _moves(session, program, "cursor move (↓), notes shown", DOWN, moves)
        if program.notes_toggle is not None:
            session.send(program.notes_toggle)
            session.settle(QUIET)
            _moves(session, program, "cursor move (↓), notes hidden", DOWN, moves)
            session.send(program.notes_toggle)
            session.settle(QUIET)
        # Back to the top, so every program pages through the same rows.
        session.send(b"\x1b[H" if program.notes_toggle is None else b"g")
        session.settle(QUIET)
        _moves(session, program, "page down", PAGE_DOWN, 3)
        if program.tab_keys is not None:
            for key in program.tab_keys:
                program.add("tab switch", _key_cost(session, bytes([key])))
        if program.search_open is not None:
            session.send(program.search_open)
            session.settle(QUIET)
            for key in program.search_keys:
                program.add("search keystroke", _key_cost(session, bytes([key])))
            session.send(b"\x1b")
            session.settle(QUIET)
    finally:
        session.close(program.quit_keys)


def measure_wire(programs: list[Program], env: dict[str, str], runs: int = 3) -> None:
    """Fill each program's samples, alternating programs so drift hits all alike."""
    for _ in range(runs):
        for program in programs:
            run_once(program, env)


def kb(count: float | None) -> str:
    if count is None:
        return "–"
    return f"{count / 1000:.2f} KB"


def link_ms(count: float | None) -> str:
    if count is None:
        return "–"
    return f"{count * 8 / LINK_BITS * 1000:.0f} ms"


def table(programs: list[Program]) -> list[str]:
    """The results as Markdown lines: bytes per action, and time on a 256 kbit/s link."""
    names = [p.name for p in programs]
    lines = [
        "| action | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for action in ACTIONS:
        cells = [f"{kb(p.median(action))} ({link_ms(p.median(action))})" for p in programs]
        lines.append(f"| {action} | " + " | ".join(cells) + " |")
    return lines


def programs_for(store: Path, export: Path, python: str, vd: str) -> list[Program]:
    """mongolia-tui, VisiData and the stock DataTable app, all on the same rows."""
    return [
        Program(
            "mongolia-tui",
            [python, "-m", "mongolia_tui", "--data", str(store)],
            lambda t: "q Quit" in t and " of " in t,
            b"q",
            notes_toggle=b"i",
            search_open=b"/",
            tab_keys=b"21",
        ),
        Program(
            "VisiData",
            [vd, str(export)],
            lambda t: " rows" in t.splitlines()[-1],
            b"gq",
            search_open=b"/",
        ),
        Program(
            "stock DataTable",
            [python, str(HERE / "datatable_app.py"), str(store)],
            lambda t: "Region" in t and "Russia" in t,
            b"q",
        ),
    ]


if __name__ == "__main__":
    import os
    import subprocess
    import tempfile

    from mongolia_tui.store import default_store_path

    bin_dir = Path(sys.executable).parent
    store = default_store_path()
    with tempfile.TemporaryDirectory() as work:
        export = Path(work) / "export.json"
        with open(export, "w", encoding="utf-8") as out:
            subprocess.run([sys.executable, "-m", "mongolia_tui", "--data", str(store), "list",
                            "--format", "json"], stdout=out, check=True)  # fmt: skip
        env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8",
               "HOME": work, "TEXTUAL_ANIMATIONS": "none"}  # fmt: skip
        found = programs_for(store, export, sys.executable, str(bin_dir / "vd"))
        runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
        measure_wire(found, env, runs)
        print("\n".join(table(found)))

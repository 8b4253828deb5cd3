"""Why a forked browser costs what it costs: pages copied on write, step by step.

    .venv/bin/python benchmarks/cow_steps.py        # prints one JSON object (needs root)

Prepares a warm parent exactly as ``mongolia_tui.serve.warm`` does (imports, store, one
headless first screen, gc.freeze), then forks one child per step; each child does the step and
waits, and the parent counts the child's pages, in writable mappings, whose page frame differs
from its own (/proc/PID/pagemap: frame numbers need root). Steps: the fork alone; constructing
a bare Textual app; a bare app's first screen (headless, 80×24); a DataTable of 200 rows; our
browser's first screen; a full garbage collection.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Label

from mongolia_tui.app import make_app
from mongolia_tui.model import Catalogue
from mongolia_tui.serve.warm import prepare
from mongolia_tui.store import default_store_path


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("hello")


class Table(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("a", "b", "c")
        for i in range(200):
            table.add_row(str(i), "x" * 20, "y" * 10)


def _frames(pid: int, low: int, pages: int) -> list[int | None]:
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        pagemap.seek(low // 4096 * 8)
        data = pagemap.read(pages * 8)
    values = struct.unpack(f"{len(data) // 8}Q", data)
    return [value & ((1 << 55) - 1) if value >> 63 else None for value in values]


def copied_kb(child: int) -> int:
    """KB of the child's pages that were the parent's and are now its own copies."""
    copied = 0
    with open(f"/proc/{os.getpid()}/maps") as maps:
        for line in maps:
            span, perms = line.split()[:2]
            if "w" not in perms:
                continue
            low, high = (int(x, 16) for x in span.split("-"))
            pages = (high - low) // 4096
            theirs, ours = _frames(child, low, pages), _frames(os.getpid(), low, pages)
            copied += sum(1 for a, b in zip(theirs, ours, strict=True) if a and b and a != b)
    return copied * 4


def step(body: Callable[[], object]) -> int:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            kept = body()  # noqa: F841 - kept alive while the parent counts
            os.write(write, b"x")
            time.sleep(60)
        finally:
            os._exit(0)
    os.read(read, 1)
    try:
        return copied_kb(pid)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


def ours(catalogue: Catalogue) -> App[int]:
    return make_app(catalogue, state_path=None)  # no state read or written


def first_screen(factory: Callable[[], App[Any]]) -> Callable[[], object]:
    def body() -> object:
        async def run() -> None:
            app = factory()
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()

        gc.disable()  # as in a browser until its first screen is drawn
        asyncio.run(run())
        return None

    return body


def main() -> None:
    warm = prepare(Path(default_store_path()))
    steps: dict[str, Callable[[], object]] = {
        "the fork alone": lambda: None,
        "a bare Textual App() constructed": Bare,
        "a bare Textual app's first screen": first_screen(Bare),
        "a DataTable of 200 rows, first screen": first_screen(Table),
        "our browser's first screen": first_screen(lambda: ours(warm.catalogue)),
        "a full gc.collect() (heap frozen)": gc.collect,
    }
    results = {name: step(body) for name, body in steps.items()}
    if not any(results.values()):
        sys.exit("no page frame numbers (not root?)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()

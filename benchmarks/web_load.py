"""Load on ``mongolia-tui web``: browser tabs in headless Chromium, one app process each.

    .venv/bin/python benchmarks/web_load.py             # 1 tab alone (5 times), then 10 at once
    .venv/bin/python benchmarks/web_load.py --quick     # 1 alone (2 times), then 3 at once

Writes its section of benchmarks/RESULTS.md, between ``<!-- web:start -->`` and
``<!-- web:end -->`` (added at the end if missing); the rest of the file is left alone.

Each tab is a page of one headless Chromium (Debian's ``chromium``), driven through the
DevTools protocol (tests/functional/cdp.py). Page load: from asking the tab to navigate to the
page's load event (the HTML, textual-serve's script and styles). First screen: from the same
moment to the terminal showing the browser's title with the full count and its key bar (the
websocket, a new app process, its start-up and its first frame drawn by xterm.js). Keystroke:
from pressing ``j`` to the terminal's text changing. Memory: each app process's resident
(RSS) and proportional (PSS: shared pages divided among the processes sharing them) memory,
and the server's, read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "functional"))

from cdp import Chromium, Tab, WebServer  # noqa: E402
from machine import describe  # noqa: E402

START, END = "<!-- web:start -->", "<!-- web:end -->"
READY = ("198 of 198", "e Export")


def memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in kB, from /proc (0, 0 once it is gone)."""
    values = {"Rss": 0, "Pss": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name = line.split(":")[0]
            if name in values:
                values[name] = int(line.split()[1])
    except OSError:
        pass
    return values["Rss"], values["Pss"]


async def wait_until(tab: Tab, test: object, timeout: float = 60.0) -> float:
    """Poll the terminal every 5 ms until ``test(text)``; the time it took, in seconds."""
    start = time.perf_counter()
    while True:
        text = await tab.text()
        if test(text):  # type: ignore[operator]
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"the tab never got there; it shows:\n{text}")
        await asyncio.sleep(0.005)


async def open_tab(browser: Chromium, url: str) -> tuple[Tab, float, float]:
    """A new tab on the page: (tab, seconds to its load event, seconds to its first screen)."""
    tab = await browser.new_tab()
    start = time.perf_counter()
    await tab.open(url)
    loaded = time.perf_counter() - start
    await wait_until(tab, lambda text: all(part in text for part in READY))
    return tab, loaded, time.perf_counter() - start


async def keystroke(tab: Tab) -> float:
    """Seconds from pressing j to the screen changing."""
    before = await tab.text()
    await tab.key("j")
    return await wait_until(tab, lambda text: text != before)


async def until_gone(web: WebServer, count: int) -> None:
    for _ in range(400):
        if len(web.children()) <= count:
            return
        await asyncio.sleep(0.025)
    raise TimeoutError("an app process outlived its tab")


async def measure(lone_runs: int, tabs: int) -> dict[str, object]:
    results: dict[str, object] = {}
    with WebServer("--max-sessions", str(tabs + 1)) as web:
        assert web.process is not None
        async with Chromium(width=1000, height=700) as browser:
            # A lone tab, opened and closed again and again.
            lone = []
            for _ in range(lone_runs):
                tab, loaded, first = await open_tab(browser, web.url)
                await asyncio.sleep(0.5)  # the app sorts in the background after its first frame
                lone.append((loaded, first, await keystroke(tab)))
                await tab.close()
                await until_gone(web, 0)
            results["lone"] = lone
            results["server_idle"] = memory(web.process.pid)
            # Then tabs one after another, all kept open.
            opened: list[Tab] = []
            rows = []
            for number in range(1, tabs + 1):
                tab, loaded, first = await open_tab(browser, web.url)
                opened.append(tab)
                await asyncio.sleep(0.5)  # the app sorts in the background after its first frame
                key = await keystroke(tab)
                apps = [memory(pid) for pid in web.children()]
                assert len(apps) == number, apps
                rows.append({
                    "tabs": number, "loaded": loaded, "first": first, "key": key,
                    "rss": sum(a[0] for a in apps), "pss": sum(a[1] for a in apps),
                    "server": memory(web.process.pid),
                })  # fmt: skip
            results["rows"] = rows
            for tab in opened:
                await tab.close()
            await until_gone(web, 0)
    return results


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def mb(kb: float) -> str:
    return f"{kb / 1024:.1f} MB"


def report(results: dict[str, object], seconds: float) -> list[str]:
    lone: list[tuple[float, float, float]] = results["lone"]  # type: ignore[assignment]
    rows: list[dict[str, object]] = results["rows"]  # type: ignore[assignment]
    server_rss, server_pss = results["server_idle"]  # type: ignore[misc]
    first_tab = rows[0]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    from importlib.metadata import version

    lines = [
        START,
        "## In a web browser (`mongolia-tui web`)",
        "",
        f"Measured {now} with `python benchmarks/web_load.py` ({seconds:.0f} s in all). "
        f"Machine: {describe()}; textual-serve {version('textual-serve')}, aiohttp "
        f"{version('aiohttp')}, Chromium headless (Debian's `chromium`), on the same 2 cores.",
        "",
        "Each tab is a page of one headless Chromium (1000×700 px) driven through the DevTools",
        "protocol (tests/functional/cdp.py), on 127.0.0.1. Page load: from asking the tab to",
        "navigate to its load event. First screen: from the same moment to the terminal (read",
        "from xterm.js's buffer, every 5 ms) showing the title with the full count and the key",
        "bar: the websocket, a new app process, its start-up, its first frame drawn in the page.",
        "Keystroke: from pressing `j` to the text changing. Memory: the app processes' resident",
        "(RSS) and proportional (PSS) memory from /proc, summed over every open tab and divided",
        "by their number; the server's own is apart. Ratios compare with the first tab of the",
        "same run. Chromium renders on the same 2 cores, so its drawing is in every figure.",
        "",
        "| tabs open | page load | first screen | of which after the load | keystroke "
        "| app memory per tab (RSS, PSS) | ratio to the first tab (first screen, PSS per tab) "
        "| server (RSS, PSS) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    loaded, first, key = (statistics.median(x) for x in zip(*lone))
    lines.append(
        f"| 1, alone (median of {len(lone)}; slowest first screen "
        f"{ms(max(f for _, f, _ in lone))}) | {ms(loaded)} | {ms(first)} "
        f"| {ms(statistics.median(f - lo for lo, f, _ in lone))} | {ms(key)} | | | "
        f"{mb(server_rss)}, {mb(server_pss)} |"
    )
    shown = [row for row in rows if row["tabs"] in (1, 2, len(rows))]
    for row in shown:
        count = int(row["tabs"])  # type: ignore[call-overload]
        rss = float(row["rss"]) / count  # type: ignore[arg-type]
        pss = float(row["pss"]) / count  # type: ignore[arg-type]
        base_pss = float(first_tab["pss"])  # type: ignore[arg-type]
        ratio_first = float(row["first"]) / float(first_tab["first"])  # type: ignore[arg-type]
        server = row["server"]
        lines.append(
            f"| {count}{' (the first tab)' if count == 1 else ''} "
            f"| {ms(row['loaded'])} | {ms(row['first'])} "  # type: ignore[arg-type]
            f"| {ms(row['first'] - row['loaded'])} | {ms(row['key'])} "  # type: ignore[operator,arg-type]
            f"| {mb(rss)}, {mb(pss)} | {ratio_first:.2f}×, {pss / base_pss:.2f}× "
            f"| {mb(server[0])}, {mb(server[1])} |"  # type: ignore[index]
        )
    lines += [
        "",
        "Tabs are opened one after another and kept open; the row for N tabs is the N-th tab's",
        "page load, first screen and keystroke with N − 1 others open, and the memory of all N.",
        "A tab's app is the same process as a terminal's (`mongolia-tui` under Textual's web",
        "driver), so a tab costs what an SSH session's process costs (see above); the server",
        "relays bytes and holds no per-tab state beyond a websocket and two pipes.",
        END,
    ]
    return lines


def write_section(path: Path, lines: list[str]) -> None:
    """Replace the text between the markers in ``path`` (or append it), leaving the rest alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "\n".join(lines)
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few tabs (a smoke run)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    options = parser.parse_args()
    start = time.perf_counter()
    lone, tabs = (2, 3) if options.quick else (5, 10)
    results = asyncio.run(measure(lone, tabs))
    lines = report(results, time.perf_counter() - start)
    write_section(options.out, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

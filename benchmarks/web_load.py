"""Load on ``mongolia-tui web``: browser tabs in headless Chromium, one app process each.

    .venv/bin/python benchmarks/web_load.py          # the 1st, 2nd and 10th tab, 5 times each
    .venv/bin/python benchmarks/web_load.py --quick  # the 1st, 2nd and 3rd, twice each

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
from figures import write_section  # noqa: E402
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


async def measure(runs: int, counts: tuple[int, ...]) -> list[dict[str, float]]:
    """For each N of ``counts``: the N-th tab, opened and closed ``runs`` times while N − 1
    others stay open (medians), and the memory of all N apps and the server."""
    rows = []
    with WebServer("--max-sessions", str(max(counts))) as web:
        assert web.process is not None
        async with Chromium(width=1000, height=700) as browser:
            others: list[Tab] = []
            for count in counts:
                while len(others) < count - 1:
                    tab, _, _ = await open_tab(browser, web.url)
                    others.append(tab)
                samples = []
                for run in range(runs):
                    tab, loaded, first = await open_tab(browser, web.url)
                    await asyncio.sleep(0.5)  # the app sorts in the background after its frame
                    samples.append((loaded, first, await keystroke(tab)))
                    if run == runs - 1:
                        apps = [memory(pid) for pid in web.children()]
                        assert len(apps) == count, apps
                        server = memory(web.process.pid)
                    await tab.close()
                    await until_gone(web, count - 1)
                loaded, first, key = (statistics.median(x) for x in zip(*samples))
                rows.append({
                    "tabs": count, "runs": runs, "loaded": loaded, "first": first, "key": key,
                    "slowest": max(f for _, f, _ in samples),
                    "rss": sum(a[0] for a in apps) / count, "pss": sum(a[1] for a in apps) / count,
                    "server_rss": server[0], "server_pss": server[1],
                })  # fmt: skip
            for tab in others:
                await tab.close()
            await until_gone(web, 0)
    return rows


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def mb(kb: float) -> str:
    return f"{kb / 1024:.1f} MB"


def report(rows: list[dict[str, float]], seconds: float) -> list[str]:
    from importlib.metadata import version

    first_tab = rows[0]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START,
        "## In a web browser (`mongolia-tui web`)",
        "",
        f"Measured {now} with `python benchmarks/web_load.py` ({seconds:.0f} s in all). "
        f"Machine: {describe()}; textual-serve {version('textual-serve')}, aiohttp "
        f"{version('aiohttp')}, headless Chromium (Debian's `chromium`) on the same cores.",
        "",
        "Each tab is a page of one headless Chromium (1000×700 px) driven through the DevTools",
        "protocol (tests/functional/cdp.py), on 127.0.0.1. Page load: from asking the tab to",
        "navigate to its load event (the page, textual-serve's script and styles, the font).",
        "First screen: from the same moment to the terminal (read from xterm.js's buffer every",
        "5 ms) showing the title with the full count and the key bar: the websocket, a new app",
        "process, its start-up and its first frame drawn in the page. Keystroke: from pressing",
        "`j` to the text changing. The N-th tab is opened and closed again and again while N − 1",
        "others stay open; medians. Memory: the N app processes' resident (RSS) and proportional",
        "(PSS) memory from /proc, per tab; the server's own apart. Ratios compare with the first",
        "tab of the same run. Chromium draws on the same 2 cores, so its work is in every time.",
        "",
        "| tab | page load | first screen (slowest) | of which after the load | keystroke "
        "| app memory per tab (RSS, PSS) | ratio to the first tab: first screen, PSS per tab "
        "| server (RSS, PSS) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        count = int(row["tabs"])
        others = "alone" if count == 1 else f"{count - 1} other{'s' if count > 2 else ''} open"
        lines.append(
            f"| {count}{'st' if count == 1 else 'nd' if count == 2 else 'th'} ({others}; "
            f"{int(row['runs'])} times) | {ms(row['loaded'])} "
            f"| {ms(row['first'])} ({ms(row['slowest'])}) | {ms(row['first'] - row['loaded'])} "
            f"| {ms(row['key'])} | {mb(row['rss'])}, {mb(row['pss'])} "
            f"| {row['first'] / first_tab['first']:.2f}×, {row['pss'] / first_tab['pss']:.2f}× "
            f"| {mb(row['server_rss'])}, {mb(row['server_pss'])} |"
        )
    lines += [
        "",
        "A tab's app is the same process as a terminal's (`mongolia-tui` under Textual's web",
        "driver), so a tab costs about what an SSH session's process costs (above); the server",
        "relays bytes and holds nothing per tab beyond a websocket and two pipes.",
        END,
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few tabs (a smoke run)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    options = parser.parse_args()
    start = time.perf_counter()
    runs, counts = (2, (1, 2, 3)) if options.quick else (5, (1, 2, 10))
    rows = asyncio.run(measure(runs, counts))
    lines = report(rows, time.perf_counter() - start)
    write_section(options.out, lines, START, END)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

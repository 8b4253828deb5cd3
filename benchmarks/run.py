"""Measure start-up, keystroke and sort latency and memory, against bare Textual and VisiData.

    .venv/bin/python benchmarks/run.py            # the full run; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --quick    # a tiny smoke run (used by the tests)

Every figure is a median over several runs in a real pseudo-terminal (80x24, xterm-256color):
a program is started, its output is fed to a terminal emulator (pyte), and the clock stops
when the screen shows what the user waits for. Ratios compare figures from the same run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from figures import Figure, environment, ms  # noqa: E402
from first_key import first_key_only, first_keystroke_lines, measure_first_keystroke  # noqa: E402
from machine import describe  # noqa: E402
from make_store import write_store  # noqa: E402
from pty_session import Session  # noqa: E402
from wire import LINK_BITS, measure_wire, programs_for  # noqa: E402
from wire import table as wire_table  # noqa: E402

from mongolia_tui import __version__  # noqa: E402
from mongolia_tui.store import default_store_path, load_store  # noqa: E402
from mongolia_tui.views import SORT_COLUMNS, PartnerIndex  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
#: A section of RESULTS.md written by another script, between its markers.
OTHER_SECTION = re.compile(r"<!-- ([\w-]+):start -->.*?<!-- \1:end -->", re.S)


def app_screen_ready(total: int, first: str):
    def ready(text: str) -> bool:
        return f"All · {total} of {total}" in text and "q Quit" in text and first in text

    return ready


def vd_ready(total: int):
    pattern = re.compile(rf"\b{total} rows\b")

    def ready(text: str) -> bool:
        return bool(pattern.search(text.splitlines()[-1]))

    return ready


def start_up(argv: list[str], ready, env: dict[str, str], quit_keys: bytes) -> tuple[float, float]:
    """Seconds to the first full screen, and peak memory (MB), of one run."""
    session = Session(argv, env=env)
    try:
        seconds = session.wait_until(ready, timeout=120) - session.started
        session.settle(0.2)
    finally:
        session.close(quit_keys)
    return seconds, session.peak_rss_mb


Results = dict[str, tuple[Figure, Figure]]


def measure_start_ups(
    runs: int,
    stores: dict[str, Path],
    exports: dict[str, Path],
    counts: dict[str, tuple[int, str]],
) -> Results:
    """Start-up time and peak memory of each program, alternating so drift hits all alike.

    Every start of mongolia-tui is a first open: it keeps no cache, it reads and validates
    the whole store each time.
    """
    cases = {
        "bare Textual (1 line)": ([PYTHON, str(HERE / "bare_app.py")],
                                  lambda t: "bare textual app ready" in t, b"q"),
    }  # fmt: skip
    for label, path in stores.items():
        total, first = counts[label]
        app = [PYTHON, "-m", "mongolia_tui", "--data", str(path)]
        name = "shipped store" if label == "shipped" else label
        cases[f"mongolia-tui, {name}"] = (app, app_screen_ready(total, first), b"q")
        cases[f"VisiData, {label}"] = ([str(BIN / "vd"), str(exports[label])], vd_ready(total),
                                       b"gq")  # fmt: skip
    results = {name: (Figure(name), Figure(name)) for name in cases}
    for _ in range(runs):
        for name, (argv, ready, quit_keys) in cases.items():
            seconds, rss = start_up(argv, ready, environment(), quit_keys)
            results[name][0].samples.append(seconds)
            results[name][1].samples.append(rss)
    return results


def measure_typing(path: Path, queries: list[str], runs: int, work: Path) -> Figure:
    """Seconds from one search keystroke to the screen showing the filtered result."""
    catalogue = load_store(path)
    # The browser's own index: mission cities are search keys too.
    index = PartnerIndex(catalogue.partners, catalogue.chronological, catalogue.missions)
    total = len(catalogue.partners)
    figure = Figure(f"typing, {total} partners")
    env = environment()
    for _ in range(runs):
        session = Session([PYTHON, "-m", "mongolia_tui", "--data", str(path)], env=env)
        try:
            session.wait_until(lambda t: "q Quit" in t and f"of {total}" in t, timeout=120)
            session.settle(0.5)  # search keys are built in the background after the first frame
            session.send(b"/")
            session.settle(0.3)
            for query in queries:
                steps = [query[: n + 1] for n in range(len(query))]
                steps += [query[:n] for n in range(len(query) - 1, -1, -1)]
                typed = ""
                for prefix in steps:
                    key = b"\x7f" if len(prefix) < len(typed) else prefix[-1].encode()
                    shown = len(index.rows("All", prefix))
                    want = (f"{shown} of {total} · sorted by # ▲ · search “{prefix}”" if prefix
                            else f"{total} of {total} · sorted by # ▲")  # fmt: skip
                    sent = session.send(key)
                    figure.samples.append(session.wait_until(lambda t, w=want: w in t) - sent)
                    typed = prefix
                    session.settle(0.05)
        finally:
            session.close(b"\x03")  # ctrl+c quits from anywhere, the search box included
    return figure


def measure_sorting(path: Path, runs: int, work: Path) -> tuple[Figure, Figure]:
    """Seconds from pressing s (or r) to the re-sorted screen: each column's first sort, again."""
    total = len(load_store(path).partners)
    first, again = Figure("sort, first time"), Figure("sort, again")
    labels = [c.label for c in SORT_COLUMNS]
    env = environment()
    for _ in range(runs):
        session = Session([PYTHON, "-m", "mongolia_tui", "--data", str(path)], env=env)
        try:
            session.wait_until(lambda t: "q Quit" in t and f"of {total}" in t, timeout=120)
            session.settle(0.5)
            for lap, figure in ((0, first), (1, again)):
                for label in [*labels[1:], labels[0]]:
                    want = f"sorted by {label} ▲"
                    sent = session.send(b">")
                    figure.samples.append(session.wait_until(lambda t, w=want: w in t) - sent)
                    session.settle(0.05)
                    if lap == 0:
                        sent = session.send(b"r")
                        down = f"sorted by {label} ▼"
                        figure.samples.append(session.wait_until(lambda t, w=down: w in t) - sent)
                        session.settle(0.05)
                        session.send(b"r")
                        session.wait_until(lambda t, w=want: w in t)
        finally:
            session.close(b"q")
    return first, again


def machine() -> str:
    vd = subprocess.run([str(BIN / "vd"), "--version"], capture_output=True, text=True).stdout
    import textual

    return (
        f"{describe()}, Textual {textual.__version__}, {vd.strip() or 'VisiData ?'}, "
        f"mongolia-tui {__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up figure")
    parser.add_argument("--partners", type=int, default=50_000, help="size of the large store")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run (smoke test)")
    parser.add_argument("--first-key", action="store_true",
                        help="only the first-keystroke figures (updates their RESULTS.md section)")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.partners = 1, 300

    work = HERE / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    large = f"{args.partners} partners"
    stores = {"shipped": default_store_path(), large: work / "large.json"}
    write_store(stores[large], args.partners)
    if args.first_key:
        first_key_only(stores[large], args.partners, max(1, args.runs), args.out)
        shutil.rmtree(work, ignore_errors=True)
        return
    exports, counts = {}, {}
    for label, path in stores.items():
        catalogue = load_store(path)
        first = catalogue.partners[catalogue.chronological[0]].name
        counts[label] = (len(catalogue.partners), first)
        exports[label] = work / f"{label.split()[0]}-export.json"
        with open(exports[label], "w", encoding="utf-8") as out:
            subprocess.run([PYTHON, "-m", "mongolia_tui", "--data", str(path), "list",
                            "--format", "json"], stdout=out, check=True)  # fmt: skip

    started = time.perf_counter()
    starts = measure_start_ups(args.runs, stores, exports, counts)
    typing_small = measure_typing(
        stores["shipped"], ["1992", "malay"], max(1, args.runs // 3), work
    )
    typing_large = measure_typing(stores[large], ["ma", "mon 4"], max(1, args.runs // 3), work)
    sort_first, sort_again = measure_sorting(stores[large], max(1, args.runs // 3), work)
    first_keys = [measure_first_keystroke(stores[large], max(1, args.runs // 3), pause)
                  for pause in (True, False)]  # fmt: skip
    first_key, later_key = first_keys[0]
    wire_programs = programs_for(stores["shipped"], exports["shipped"], PYTHON, str(BIN / "vd"))
    measure_wire(wire_programs, environment(), max(1, args.runs // 2))
    elapsed = time.perf_counter() - started

    def t(name: str) -> float:
        return starts[name][0].median

    def m(name: str) -> float:
        return starts[name][1].median

    app_bytes, vd_bytes, stock_bytes = wire_programs

    def per_key(program, action: str) -> float:
        return program.median(action) or 0.0

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("inf")

    move_hidden = ratio(
        per_key(app_bytes, "cursor move (↓), notes hidden"),
        per_key(vd_bytes, "cursor move (↓), notes shown"),
    )
    move_shown = ratio(
        per_key(app_bytes, "cursor move (↓), notes shown"),
        per_key(vd_bytes, "cursor move (↓), notes shown"),
    )
    page = ratio(per_key(app_bytes, "page down"), per_key(vd_bytes, "page down"))
    first_screen = ratio(per_key(app_bytes, "first screen"), per_key(stock_bytes, "first screen"))
    bare = "bare Textual (1 line)"
    app_small, vd_small = "mongolia-tui, shipped store", "VisiData, shipped"
    app_large = f"mongolia-tui, {large}"
    vd_large = f"VisiData, {large}"
    targets = [
        ("Start-up, shipped store ≤ 1.3× bare Textual", f"{t(app_small) / t(bare):.2f}×",
         t(app_small) / t(bare) <= 1.3),
        ("Start-up, shipped store ≤ 1.0× VisiData", f"{t(app_small) / t(vd_small):.2f}×",
         t(app_small) / t(vd_small) <= 1.0),
        (f"Start-up, {large} ≤ 1.0× VisiData (every open is a first open: no cache)",
         f"{t(app_large) / t(vd_large):.2f}×", t(app_large) / t(vd_large) <= 1.0),
        (f"Search keystroke to screen, {large} ≤ 50 ms", ms(typing_large.median),
         typing_large.median <= 0.050),
        ("Search keystroke to screen, shipped store ≤ 16 ms", ms(typing_small.median),
         typing_small.median <= 0.016),
        (f"First search keystroke, {large} ≤ 1.5× a later one",
         f"{first_key.median / later_key.median:.2f}×",
         first_key.median <= 1.5 * later_key.median),
        (f"Sort, {large} ≤ 150 ms (first sort of each column)", ms(sort_first.median),
         sort_first.median <= 0.150),
        ("Peak memory, shipped store ≤ 1.3× bare Textual", f"{m(app_small) / m(bare):.2f}×",
         m(app_small) / m(bare) <= 1.3),
        (f"Peak memory, {large} ≤ 250 MB",
         f"{m(app_large):.0f} MB", m(app_large) <= 250),
        ("Bytes per cursor move, notes hidden ≤ 1.0× VisiData's", f"{move_hidden:.2f}×",
         move_hidden <= 1.0),
        ("Bytes per cursor move, notes shown ≤ 3.0× VisiData's", f"{move_shown:.2f}×",
         move_shown <= 3.0),
        ("Bytes per page down ≤ 2.0× VisiData's", f"{page:.2f}×", page <= 2.0),
        ("Bytes of the first screen ≤ 1.0× the stock DataTable app's", f"{first_screen:.2f}×",
         first_screen <= 1.0),
    ]  # fmt: skip

    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with "
        f"`{Path(PYTHON).name} benchmarks/run.py{' --quick' if args.quick else ''}` "
        f"({args.runs} runs per start-up figure, {elapsed:.0f} s in all).",
        "",
        f"Machine: {machine()}.",
        "",
        "Each program runs in a pseudo-terminal of 80×24 (`TERM=xterm-256color`); its output is",
        "fed to a terminal emulator (pyte) and the clock stops when the screen shows what the user",
        "waits for: mongolia-tui's title with the full count, its key bar and its first row;",
        "VisiData's status line with the full row count; the bare app's one line. Memory is the",
        "peak resident set size of the process. Medians; ratios compare figures of the same run.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in targets),
        "",
        "## Start-up and memory",
        "",
        "| program | first full screen (median) | min–max | peak memory (median) |",
        "|---|---|---|---|",
        *(f"| {name} | {ms(time_.median)} | {ms(min(time_.samples))}–{ms(max(time_.samples))} | "
          f"{rss.median:.0f} MB |" for name, (time_, rss) in starts.items()),
        "",
        "## Latency",
        "",
        "| action | samples | median | max |",
        "|---|---|---|---|",
        *(f"| {f.name} | {len(f.samples)} | {ms(f.median)} | {ms(max(f.samples))} |"
          for f in (typing_small, typing_large, sort_first, sort_again)),
        "",
        "Typing: each character of the queries, then each backspace, one at a time, waiting for",
        "the screen between keys (shipped store: “1992”, “malay”; large store: “ma”, “mon 4”).",
        "Sorting: `>` through every column and `r` on each, on the first pass (each column's",
        "order is computed on first use) and again (cached).",
        "",
        "mongolia-tui keeps no cache: every start reads, parses and validates the whole store",
        "(msgspec decodes and type-checks the records in one pass).",
        "",
        *first_keystroke_lines(first_keys, args.partners),
        "",
        "## Bytes per keystroke over SSH",
        "",
        "Every byte each program writes to its terminal after a key, until its output has been",
        "quiet for a while; 80×24, `TERM=xterm-256color`, the shipped store (the same rows in",
        "each program). Medians of 5 cursor moves from the top, 3 page downs, the keys of a",
        "two-letter search and two tab switches per run. In brackets: the time those bytes take",
        f"on a {LINK_BITS // 1000} kbit/s link (bytes × 8 / {LINK_BITS}). VisiData has no notes",
        "panel and no tabs; its search key only echoes in its prompt (it searches on Enter);",
        "the stock DataTable app has no notes panel, search or tabs.",
        "",
        *wire_table(wire_programs),
    ]  # fmt: skip
    # Sections other scripts write (serve_load.py, serve_sessions.py, web_load.py, a burst
    # measured by hand) are between their own markers: keep them all.
    kept = ""
    if args.out.exists():
        old = args.out.read_text(encoding="utf-8")
        own = {"first-key"}
        kept = "".join(
            f"\n{match.group(0)}\n"
            for match in OTHER_SECTION.finditer(old)
            if match.group(1) not in own
        )
    args.out.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")

    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""The first search keystroke after opening, against the keystrokes after it (issue 18).

.venv/bin/python benchmarks/run.py --first-key    # only these figures, into RESULTS.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from figures import Figure, environment, ms, write_section
from pty_session import Session

from mongolia_tui.store import load_store
from mongolia_tui.views import PartnerIndex

PYTHON = sys.executable


def measure_first_keystroke(path: Path, runs: int, pause: bool) -> tuple[Figure, Figure]:
    """Seconds from the first search keystroke after opening to the filtered screen, and from
    the keystrokes after it, in the same runs.

    ``pause``: a reader's pause first (0.5 s after the first screen, then ``/``, then 0.3 s,
    as for the typing figures); without it ``/`` and the first letter are sent the moment the
    first screen shows, while the search keys are still being built in the background.
    """
    catalogue = load_store(path)
    index = PartnerIndex(catalogue.partners, catalogue.chronological)
    total = len(catalogue.partners)
    when = "after a pause" if pause else "at once"
    first, later = Figure(f"first keystroke, {when}"), Figure(f"later keystrokes, {when}")
    env = environment()
    for _ in range(runs):
        session = Session([PYTHON, "-m", "mongolia_tui", "--data", str(path)], env=env)
        try:
            session.wait_until(lambda t: "q Quit" in t and f"of {total}" in t, timeout=120)
            if pause:
                session.settle(0.5)
            session.send(b"/")
            if pause:
                session.settle(0.3)
            typed = ""
            for n, prefix in enumerate(["m", "ma", "m", "", "m", "ma"]):
                key = b"\x7f" if len(prefix) < len(typed) else prefix[-1].encode()
                shown = len(index.rows("All", prefix))
                want = (f"{shown} of {total} · sorted by # ▲ · search “{prefix}”" if prefix
                        else f"{total} of {total} · sorted by # ▲")  # fmt: skip
                sent = session.send(key)
                (later if n else first).samples.append(
                    session.wait_until(lambda t, w=want: w in t) - sent
                )
                typed = prefix
                session.settle(0.05)
        finally:
            session.close(b"\x03")
    return first, later


def first_keystroke_lines(figures: list[tuple[Figure, Figure]], total: int) -> list[str]:
    """The first-keystroke section of RESULTS.md."""
    rows = []
    for first, later in figures:
        ratio = first.median / later.median
        when = first.name.split(", ")[1]
        rows.append(
            f"| {when} | {len(first.samples)} | {ms(first.median)} "
            f"| {ms(max(first.samples))} | {ms(later.median)} | {ratio:.2f}× |"
        )
    return [
        "<!-- first-key:start -->",
        "## The first search keystroke",
        "",
        f"{total} partners. The first letter typed into the search box after opening, against",
        "the keystrokes that follow it in the same runs (“m”, “ma”, backspaces, “ma” again).",
        "Target: the first costs no more than 1.5× a later one. Search keys are built in one",
        "pass (normalised as one text, then split) in the background after the first screen;",
        "“at once” sends `/` and the letter the moment that screen shows, before the pass ends.",
        "",
        "| when | runs | first keystroke (median) | max | later keystrokes (median) | ratio |",
        "|---|---|---|---|---|---|",
        *rows,
        "<!-- first-key:end -->",
    ]


def first_key_only(path: Path, partners: int, runs: int, out: Path) -> None:
    """Measure the first keystroke alone and replace its section of ``out``."""
    figures = [measure_first_keystroke(path, runs, pause) for pause in (True, False)]
    section = first_keystroke_lines(figures, partners)
    write_section(out, section, "<!-- first-key:start -->", "<!-- first-key:end -->",
                  before="## Bytes per keystroke over SSH")  # fmt: skip
    print("\n".join(section))

"""What every benchmark shares: a figure's samples, the terminal's environment, milliseconds."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Figure:
    """Samples of one measurement (seconds, or MB for memory)."""

    name: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def environment() -> dict[str, str]:
    return {
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "TEXTUAL_ANIMATIONS": "none",
        # Every run starts the same: no remembered state (read or written), no user config.
        "MONGOLIA_TUI_STATE_DIR": "",
        "XDG_CONFIG_HOME": "/nonexistent/mongolia-tui-benchmark",
    }


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def write_section(
    path: Path, lines: list[str], start: str, end: str, *, before: str | None = None
) -> None:
    """Replace the text from ``start`` to ``end`` in ``path`` with ``lines`` (which hold both
    markers), leaving every other benchmark's section alone; a new section goes before the
    heading ``before`` when there is one, else at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "\n".join(lines)
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1]
    elif before is not None and before in text:
        at = text.index(before)
        text = text[:at] + section + "\n\n" + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")

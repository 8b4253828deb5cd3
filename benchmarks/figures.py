"""What every benchmark shares: a figure's samples, the terminal's environment, milliseconds."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field


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

"""The CLI's errors and the words of its messages: quoting, "did you mean", plurals."""

from __future__ import annotations

from collections.abc import Iterable

from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import close_names

PROG = "mongolia-tui"
EXIT_NO_MATCH = 1
EXIT_ERROR = 2


class UsageError(Exception):
    """A wrong argument, reported like argparse reports its own."""


class OutputError(Exception):
    """Stdout cannot be written (a full disk, a closed stream)."""


def quoted(text: str) -> str:
    """A name from the user or the data, sanitised and quoted for a message: 'Niger'."""
    return repr(safe_line(text))


def suggestion(wanted: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'X'?)" for the closest of ``choices``, accent-insensitive, or ""."""
    close = close_names(wanted, choices, n=1)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


def plural(n: int, word: str) -> str:
    """ "1 problem", "3 problems"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

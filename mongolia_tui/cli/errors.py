"""The CLI's errors and the words of its messages: quoting, "did you mean", plurals."""

from __future__ import annotations

from collections.abc import Iterable

from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import normalise

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
    import difflib  # only an error needs it

    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(normalise(choice), choice)
    close = difflib.get_close_matches(normalise(wanted.strip()), by_key, n=1, cutoff=0.6)
    return f" (did you mean {quoted(by_key[close[0]])}?)" if close else ""


def plural(n: int, word: str) -> str:
    """ "1 problem", "3 problems"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

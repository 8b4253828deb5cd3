"""Writing to stdout whatever it can take, and what kind of terminal (if any) it is."""

from __future__ import annotations

import codecs
import os
import shutil
import sys

from mongolia_tui.cli.errors import OutputError


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: characters the stream cannot encode become JSON ``\\uXXXX`` escapes."""
    assert isinstance(error, UnicodeEncodeError)
    chunk = error.object[error.start : error.end]
    units = chunk.encode("utf-16-be")
    escaped = "".join(f"\\u{int.from_bytes(units[i : i + 2]):04x}" for i in range(0, len(units), 2))
    return escaped, error.end


codecs.register_error("mongolia-tui-json", _json_escape)


def write(text: str, *, json_output: bool = False) -> None:
    """Write to stdout and flush, whatever stdout can take.

    A character stdout's encoding lacks (latin-1, cp1252) becomes "?" (in JSON, a ``\\uXXXX``
    escape, so the data survives). A failing write raises :class:`OutputError` (reported by
    ``main`` as one line, exit 2), a closed pipe BrokenPipeError (a quiet exit 0).
    """
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`>&-`)
        raise OutputError("standard output is closed")
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # The text layer encodes all of ``text`` before writing any of it: nothing went out.
            encoding = stream.encoding or "ascii"
            errors = "mongolia-tui-json" if json_output else "replace"
            stream.write(text.encode(encoding, errors).decode(encoding))
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:  # ValueError: the stream was closed
        raise OutputError(getattr(error, "strerror", None) or str(error)) from None


def terminal_width() -> int | None:
    """The width a table fits: the terminal's, or $COLUMNS; None when piped (nothing clipped)."""
    if "COLUMNS" in os.environ or is_terminal(sys.stdout):
        return shutil.get_terminal_size().columns
    return None


def is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal; a missing (None) or closed stream is not."""
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except ValueError:  # closed
        return False


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no stdout at all: nothing will be flushed
        pass


def standard_streams() -> None:
    """Give a closed stderr /dev/null: Python would print errors meant for it on stdout
    (``print(file=None)``), and the next file opened would take descriptor 2 and receive them.
    A closed stdout stays an error the commands report."""
    try:
        os.fstat(2)
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != 2:
            os.dup2(devnull, 2)
            os.close(devnull)
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - for the life of the process

"""What the browser remembers between runs: tab, sort, filters, notes panel, theme, the
highlighted partner, marks and search history, in one small JSON file.

Pure (no Textual). The file is the user's, but it is read as if a stranger wrote it: every
field is checked against its schema and anything wrong (a wrong type, an unknown tab, sort
column or filter, an oversized list) is dropped and reported in one line; the rest is kept.
It is written atomically (a temporary file beside it, then ``os.replace``; see
:mod:`mongolia_tui.files`), so a crash or a full disk leaves the old file whole.

Where: ``$MONGOLIA_TUI_STATE_DIR`` if set and non-empty; if set but empty, nowhere (nothing is
read or written: the SSH server sets that for anonymous visitors); else
``$XDG_STATE_HOME/mongolia-tui`` (an absolute ``XDG_STATE_HOME`` only) or
``~/.local/state/mongolia-tui``.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mongolia_tui.files import Refused, Target, write_file
from mongolia_tui.filters import FILTER_KEYS
from mongolia_tui.organisations import ORG_SORT_KEYS
from mongolia_tui.tabs import TABS
from mongolia_tui.views import ALL, SORT_KEYS

FILE_NAME = "browser-state.json"
VERSION = 1
#: Bounds: the file cannot grow without limit, and a huge one is not read at all.
MAX_BYTES = 1 << 20
MAX_MARKS = 5_000
MAX_HISTORY = 50
MAX_TEXT = 200  # a partner's name, a theme, one search


@dataclass(frozen=True, slots=True)
class Remembered:
    """One run's state worth keeping; ``None`` means "not remembered" (defaults apply)."""

    tab: str = ALL
    sort: tuple[str, bool] = ("rank", False)
    org_sort: tuple[str, bool] = ("abbreviation", False)
    filters: tuple[str, ...] = ()
    notes_shown: bool | None = None
    theme: str | None = None
    partner: str | None = None
    marks: tuple[str, ...] = ()
    history: tuple[str, ...] = ()

    def fresh(self) -> Remembered:
        """``--fresh``: the view starts clean; marks and search history (the user's own data)
        are kept."""
        return Remembered(marks=self.marks, history=self.history)


def state_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The folder of the state file, or None when no state is to be kept."""
    env = os.environ if environ is None else environ
    if "MONGOLIA_TUI_STATE_DIR" in env:
        chosen = env["MONGOLIA_TUI_STATE_DIR"]
        return Path(chosen) if chosen else None
    base = env.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: relative paths are invalid, ignore them
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "mongolia-tui"


def state_file(environ: Mapping[str, str] | None = None) -> Path | None:
    folder = state_dir(environ)
    return None if folder is None else folder / FILE_NAME


def load(path: Path | None) -> tuple[Remembered, str | None]:
    """The remembered state and a one-line warning (None if all was well or no file)."""
    if path is None:
        return Remembered(), None
    try:
        data = read_small_file(path, MAX_BYTES)
    except FileNotFoundError:
        return Remembered(), None
    except OSError as error:
        return Remembered(), f"{path}: cannot read ({error.strerror or error}); ignored"
    if data is None:
        return Remembered(), f"{path}: not a regular file; ignored"
    if len(data) > MAX_BYTES:
        return Remembered(), f"{path}: larger than {MAX_BYTES} bytes; ignored"
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return Remembered(), f"{path}: not valid JSON; ignored"
    if not isinstance(raw, dict):
        return Remembered(), f"{path}: not a JSON object; ignored"
    remembered, problems = parse(raw)
    if problems:
        return remembered, f"{path}: ignored {'; '.join(problems)}"
    return remembered, None


def read_small_file(path: Path, limit: int) -> bytes | None:
    """Up to ``limit + 1`` bytes of a regular file; None if it is not one (a FIFO would block
    the start for ever, a device never end)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return f.read(limit + 1)


def parse(raw: Mapping[str, Any]) -> tuple[Remembered, list[str]]:
    """Check each field; keep the good ones, name the bad ones."""
    problems: list[str] = []
    values: dict[str, Any] = {}

    def bad(name: str, why: str) -> None:
        problems.append(f"{name} ({why})")

    tab = raw.get("tab")
    if tab is not None:
        if isinstance(tab, str) and tab in TABS:
            values["tab"] = tab
        else:
            bad("tab", "unknown tab")
    for name, columns in (("sort", SORT_KEYS), ("org_sort", ORG_SORT_KEYS)):
        sort = raw.get(name)
        if sort is None:
            continue
        column = sort.get("column") if isinstance(sort, dict) else None
        if name == "sort" and column == "order":
            column = "rank"  # the "#" column's key before it was called rank (older files)
        if (isinstance(sort, dict) and column in columns
                and isinstance(sort.get("descending", False), bool)):  # fmt: skip
            values[name] = (column, sort.get("descending", False))
        else:
            bad(name, "unknown column or wrong type")
    filters = raw.get("filters")
    if filters is not None:
        if isinstance(filters, list) and all(f in FILTER_KEYS for f in filters):
            values["filters"] = tuple(dict.fromkeys(filters))
        else:
            bad("filters", "unknown filter or wrong type")
    notes = raw.get("notes_shown")
    if notes is not None:
        if isinstance(notes, bool):
            values["notes_shown"] = notes
        else:
            bad("notes_shown", "not true or false")
    # Partners' names come from the data (any characters; only ever compared, never shown);
    # a theme and searches are typed by people, so printable.
    for name, check in (("theme", _printable), ("partner", _name)):
        text = raw.get(name)
        if text is None:
            continue
        if check(text):
            values[name] = text
        else:
            bad(name, "not a short text")
    for name, limit, check in (("marks", MAX_MARKS, _name), ("history", MAX_HISTORY, _printable)):
        items = raw.get(name)
        if items is None:
            continue
        if not isinstance(items, list) or len(items) > limit:
            bad(name, f"not a list of at most {limit} texts")
            continue
        good = [item for item in items if check(item)]
        values[name] = tuple(dict.fromkeys(good))
        if len(good) < len(items):
            bad(name, f"{len(items) - len(good)} not a short text")
    return Remembered(**values), problems


def _name(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_TEXT


def _printable(value: object) -> bool:
    return _name(value) and str(value).isprintable()


def to_json(remembered: Remembered) -> bytes:
    data: dict[str, Any] = {"version": VERSION, **asdict(remembered)}
    for name in ("sort", "org_sort"):
        column, descending = data[name]
        data[name] = {"column": column, "descending": descending}
    data = {k: v for k, v in data.items() if v is not None}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def save(path: Path, remembered: Remembered) -> None:
    """Write the state atomically, creating its folder (mode 0700) if needed.

    Raises OSError or :class:`~mongolia_tui.files.Refused` (the message is one line).
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Not check_target: a symbolic link put in place of the file is replaced, not followed
    # (the state never lands in a file the link names). Private: mode 0600.
    write_file(Target(str(path), exists=path.exists(), mode=0o600), to_json(remembered))


class Saver:
    """Writes the latest state, once per change, from any thread (the app saves from a worker
    after a pause and at exit); a write that would change nothing is skipped."""

    def __init__(self, path: Path | None, written: Remembered | None = None) -> None:
        self.path = path
        self._written = written
        self._lock = threading.Lock()

    def save(self, remembered: Remembered) -> str | None:
        """Write if changed; a one-line error, or None."""
        if self.path is None:
            return None
        with self._lock:
            if remembered == self._written:
                return None
            try:
                save(self.path, remembered)
            except (OSError, Refused) as error:
                self._written = remembered  # do not retry a failing write on every change
                reason = getattr(error, "strerror", None) or str(error)
                return f"{self.path}: cannot save the browser's state ({reason})"
            self._written = remembered
            return None

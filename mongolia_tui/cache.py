"""A snapshot of a large store's validated model, so opening it again is quick.

Parsing and validating 50,000 partners takes a few tenths of a second; reading back a
``marshal`` snapshot of the already-validated records takes a few hundredths. Snapshots are
kept only for large stores (the shipped one loads in milliseconds and never gets one), in the
user's cache directory, never beside the store, and are keyed on the store file's identity
(path, device, inode, size, modification and change times) and this program's version: any
change to the store makes the snapshot stale, and it is ignored and rebuilt. Any problem
reading or writing one (a read-only home, a full disk, a damaged file) is silently ignored:
the store is then simply loaded the slow way.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from mongolia_tui import __version__
from mongolia_tui.dates import PartialDate
from mongolia_tui.model import Article, Catalogue, HistoryEvent, Organisation, Relation

#: Stores smaller than this load faster than a snapshot could be checked.
MIN_SIZE = 2_000_000
FORMAT = 2


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/mongolia-tui``, or ``~/.cache/mongolia-tui``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mongolia-tui"


def _identity(path: str) -> tuple[str, tuple[Any, ...]] | None:
    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except OSError:
        return None
    if st.st_size < MIN_SIZE:
        return None
    key = (FORMAT, __version__, real, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns,
           st.st_ctime_ns)  # fmt: skip
    name = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return name, key


def read(path: str) -> Catalogue | None:
    """The snapshot of this store, if there is a current one."""
    identity = _identity(path)
    if identity is None:
        return None
    name, key = identity
    try:
        data = marshal.loads((cache_dir() / f"{name}.marshal").read_bytes())
        if type(data) is not dict or data.get("key") != key:
            return None
        return _catalogue(path, data)
    except Exception:  # a damaged or foreign snapshot is no worse than none
        return None


def write(path: str, catalogue: Catalogue) -> None:
    """Keep a snapshot of a freshly validated large store; never fails."""
    identity = _identity(path)
    if identity is None:
        return
    name, key = identity
    data = {
        "key": key,
        "relations": [
            (*r[:4], _date_fields(r.established), *r[5:11], _history_fields(r.history), r.order)
            for r in catalogue.relations
        ],
        "organisations": [tuple(vars_of(o)) for o in catalogue.organisations],
        "article": tuple(vars_of(catalogue.article)),
        "chronological": tuple(catalogue.chronological or ()),
    }
    temporary = None
    try:
        folder = cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(data, out)
        os.replace(temporary, folder / f"{name}.marshal")
    except Exception:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _date_fields(value: PartialDate | None) -> tuple[int, int | None, int | None] | None:
    return None if value is None else (value.year, value.month, value.day)


def _history_fields(history: tuple[HistoryEvent, ...]) -> tuple[tuple[Any, ...], ...]:
    return tuple((e.kind, _date_fields(e.date), *e[2:]) for e in history)


def vars_of(obj: Any) -> list[Any]:
    """A slotted dataclass's field values, in order."""
    return [getattr(obj, field) for field in obj.__dataclass_fields__]


def _catalogue(path: str, data: dict[str, Any]) -> Catalogue:
    dates: dict[tuple[int, int | None, int | None], PartialDate] = {}

    def date_of(value: tuple[int, int | None, int | None] | None) -> PartialDate | None:
        if value is None:
            return None
        found = dates.get(value)
        if found is None:
            found = dates[value] = PartialDate(*value)
        return found

    def history_of(events: tuple[tuple[Any, ...], ...]) -> tuple[HistoryEvent, ...]:
        return tuple(HistoryEvent(e[0], date_of(e[1]), *e[2:]) for e in events)

    relations = tuple(
        Relation(*fields[:4], date_of(fields[4]), *fields[5:11], history_of(fields[11]), fields[12])
        for fields in data["relations"]
    )
    organisations = tuple(Organisation(*fields) for fields in data["organisations"])
    article = Article(*data["article"])
    return Catalogue(path, relations, organisations, article, tuple(data["chronological"]))

"""How the store names what is wrong: the error that refuses a store, one problem of a record,
and the words problems are written with (a value's JSON kind, a quoted key, a record's label)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class StoreError(Exception):
    """A store that cannot be used: which file, which record, what is wrong."""

    def __init__(self, path: str | os.PathLike[str], problem: str, record: str | None = None):
        self.path = os.fspath(path)
        self.problem = problem
        self.record = record
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"record {self.record!r}: " if self.record is not None else ""
        return f"{self.path}: {where}{self.problem}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one record (or with the file, when ``record`` is None)."""

    table: str
    record: str | None
    message: str


class Keys(dict[str, Any]):
    """A decoded JSON object whose source repeated some keys (only the last value was kept)."""

    duplicates: list[str]


_KINDS: dict[type, str] = {
    dict: "object", Keys: "object", list: "list", str: "string", bool: "boolean",
    int: "number", float: "number", type(None): "null",
}  # fmt: skip


def kind(value: object) -> str:
    """A value's JSON kind, for a message: "object", "list", "string", ..."""
    return _KINDS.get(type(value), type(value).__name__)


def shown(text: str) -> str:
    """A key for a message: quoted, lone surrogates written as escapes, clipped."""
    quoted = repr(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    return quoted if len(quoted) <= 80 else quoted[:79] + "…"


SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    return not text.isascii() and SURROGATE.search(text) is not None


def raw_problems(value: Any, where: str = "") -> Iterator[str]:
    """Repeated keys and text that is not text (lone surrogates) anywhere inside a record."""
    if type(value) is str:
        found = SURROGATE.search(value) if not value.isascii() else None
        if found:
            field = f"field {where!r}" if where else "the text"
            yield f"{field} holds a lone surrogate ({found[0]!a}), not text"
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            inside = f" inside {where!r}" if where else ""
            yield f"duplicate field {shown(key)}{inside} (only one of its values would be kept)"
        for key, item in value.items():
            bad = SURROGATE.search(key) if not key.isascii() else None
            if bad:
                yield f"a field name holds a lone surrogate ({bad[0]!a})"
                continue
            yield from raw_problems(item, f"{where}.{key}" if where else key)
    elif type(value) is list:
        for n, item in enumerate(value, start=1):
            yield from raw_problems(item, f"{where}[{n}]")


def id_label(doc_id: str) -> str:
    """A record named by its id ("#12"), any lone surrogate in it written as an escape."""
    return f"#{shown(doc_id)[1:-1]}"


def label(doc: Any, key: str, doc_id: str) -> str:
    """A record named by its ``key`` field when that is usable text, else by its id."""
    value = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(value, str) and value.strip() and not SURROGATE.search(value):
        return value
    return id_label(doc_id)

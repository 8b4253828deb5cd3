"""Reading the store file: only a regular file, only up to a size, from one open handle; and the
exact JSON decoder, which keeps repeated keys visible and refuses what JSON does not allow.

TinyDB reads the file through :class:`ReadOnlyJSONStorage`, which never writes: nothing here can
create, modify or truncate the store (TinyDB's default storage opens for writing).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from mongolia_tui.store.errors import Keys, StoreError, kind, shown

RELATIONS_TABLE = "relations"
ORGANISATIONS_TABLE = "organisations"
ARTICLE_TABLE = "article"
MISSIONS_TABLE = "missions"
#: The largest store read, in bytes: four times the 50,000-partner benchmark store. Anything
#: bigger is refused before it is read (a stray disk image would otherwise fill the memory).
MAX_STORE_BYTES = 64 * 1024 * 1024


def default_store_path() -> Path:
    """The shipped store: inside the installed package, or ``data/`` beside a source checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "data" / "mongolia.json"  # where the wheel puts it
    if packaged.is_file():
        return packaged
    return package.parent / "data" / "mongolia.json"


_FILE_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words, from its ``st_mode``."""
    return _FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_store_file(path: str) -> tuple[bytes, tuple[int, int]]:
    """The bytes of a store file and its identity (device, inode), read from one handle.

    Refuses, with a :class:`StoreError`, anything but a regular file (``/dev/zero`` would be
    read until memory ran out, a FIFO would wait forever) and anything over
    :data:`MAX_STORE_BYTES`. The identity comes from the handle the bytes were read from, so
    it names the file that was read even if the path is replaced meanwhile.
    """
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise StoreError(path, "no such file") from None
    except PermissionError:
        raise StoreError(path, "permission denied (cannot read the file)") from None
    except OSError as error:
        raise StoreError(path, f"cannot read the file ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise StoreError(path, "is a directory, not a store file")
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(path, f"is {file_kind(info.st_mode)}, not a store file")
        if info.st_size > MAX_STORE_BYTES:
            raise _too_large(path)
        chunks = [os.read(fd, info.st_size + 1)]
        size = len(chunks[0])
        # A file can be longer than its size said (it grew; /proc files say 0): read on, capped.
        while chunks[-1] and size <= MAX_STORE_BYTES:
            chunks.append(os.read(fd, min(1 << 20, MAX_STORE_BYTES + 1 - size)))
            size += len(chunks[-1])
        if size > MAX_STORE_BYTES:
            raise _too_large(path)
        return b"".join(chunks), (info.st_dev, info.st_ino)
    except OSError as error:
        raise StoreError(path, f"cannot read the file ({error.strerror or error})") from None
    finally:
        os.close(fd)


def _too_large(path: str) -> StoreError:
    limit = MAX_STORE_BYTES // (1024 * 1024)
    return StoreError(path, f"too large to be a store (the limit is {limit} MB)")


Tables = dict[str, dict[str, Any]]


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads the file once, safely, and never writes to it.

    ``read()`` hands TinyDB the tables exactly as the file has them (decoded on first use,
    refusing duplicate keys); the loader's fast pass reads :attr:`raw` directly.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self.raw, self.identity = read_store_file(self.path)
        self._tables: Tables | None = None

    def read(self) -> Tables | None:
        if self._tables is None:
            self._tables = decode_tables(self.path, self.raw)
        return self._tables

    def write(self, data: Tables) -> None:
        raise StoreError(self.path, "the store is read-only")

    def close(self) -> None:
        pass


# The exact decoder: the standard library's, told to keep duplicate keys and refuse what JSON
# does not allow (NaN) and what Python cannot hold (integers of thousands of digits).


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) == len(pairs):
        return mapping
    repeated = Keys(mapping)
    seen: set[str] = set()
    repeated.duplicates = []
    for key, _ in pairs:
        if key in seen and key not in repeated.duplicates:
            repeated.duplicates.append(key)
        seen.add(key)
    return repeated


class _Unreadable(ValueError):
    """A JSON value the exact decoder refuses."""


#: Digits an integer may have: far more than any field needs, far fewer than Python's limit.
_MAX_DIGITS = 100


def _integer(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        raise _Unreadable(f"it holds a number of {len(text):,} digits")
    return int(text)


def _constant(name: str) -> Any:
    raise _Unreadable(f"not valid JSON ({name} is not a JSON value)")


def _file_text(path: str, raw: bytes) -> str:
    if not raw.strip():
        raise StoreError(path, "the file is empty")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoreError(path, f"not UTF-8 text (bad byte at offset {error.start})") from None


def decode_tables(path: str, raw: bytes) -> Tables:
    """The file's tables, exactly; a :class:`StoreError` for anything that is not a store."""
    text = _file_text(path, raw)
    try:
        data = json.loads(
            text, object_pairs_hook=_pairs, parse_int=_integer, parse_constant=_constant
        )
    except json.JSONDecodeError as error:
        raise StoreError(
            path, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise StoreError(path, "not valid JSON (nested too deeply)") from None
    except _Unreadable as error:
        raise StoreError(path, str(error)) from None
    if not isinstance(data, dict):
        raise StoreError(path, f"not a TinyDB store (top level is a {kind(data)}, not an object)")
    if isinstance(data, Keys):
        name = data.duplicates[0]
        raise StoreError(
            path, f"the table {shown(name)} appears twice (a duplicate key would hide one)"
        )
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreError(path, f"not a TinyDB store (table {shown(name)} is a {kind(table)})")
    if RELATIONS_TABLE not in data:
        raise StoreError(path, f"no {RELATIONS_TABLE!r} table")
    return data

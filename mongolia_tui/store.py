"""Load the TinyDB JSON store read-only, validate it, and build the immutable model.

This is the only module that imports TinyDB. The store is opened with a storage that reads
the file once and refuses to write, so nothing here can create, modify or truncate it (TinyDB's
default storage opens for writing and creates a missing file).

Two decoders, one verdict. A large store is first decoded by msgspec straight into typed
records, which checks types, regions, statuses and ISO codes in C while it parses; the checks
left to Python (dates, history, duplicates) run once per record. Whatever that fast pass does not
accept (a bad record, a duplicate key, a field it does not know) goes to the exact pass: the
standard library's parser with a duplicate-key hook, and the record checkers below, which name
every problem. Both passes build the same model; a test holds them to it. Opening a store of
50,000 partners this way is quick enough that no cache of the model is kept.
"""

from __future__ import annotations

import codecs
import gc
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any, Literal, Union

from tinydb import TinyDB
from tinydb.storages import Storage

from mongolia_tui.dates import PartialDate, parse_partial_date
from mongolia_tui.model import (
    EVENT_KINDS,
    ORGANISATION_STATUSES,
    REGIONS,
    STATUSES,
    Article,
    Catalogue,
    HistoryEvent,
    Organisation,
    Relation,
    chronological,
)
from mongolia_tui.sanitize import without_invisible

RELATIONS_TABLE = "relations"
ORGANISATIONS_TABLE = "organisations"
ARTICLE_TABLE = "article"
#: The largest store read, in bytes: four times the 50,000-partner benchmark store. Anything
#: bigger is refused before it is read (a stray disk image would otherwise fill the memory).
MAX_STORE_BYTES = 64 * 1024 * 1024
_REGION_SET = frozenset(REGIONS)


class StoreError(Exception):
    """A store that cannot be used: which file, which record, what is wrong."""

    def __init__(self, path: str | os.PathLike[str], problem: str, record: str | None = None):
        self.path = str(path)
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


def default_store_path() -> Path:
    """The shipped store: inside the installed package, or ``data/`` beside a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "mongolia.json"  # where the wheel puts it
    if packaged.is_file():
        return packaged
    return here.parent / "data" / "mongolia.json"


# ---------------------------------------------------------------------------------------------
# Reading the file: only a regular file, only up to a size, from one open handle.

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


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads the file once, safely, and never writes to it.

    ``read()`` hands TinyDB the tables exactly as the file has them (decoded on first use,
    refusing duplicate keys); the loader's fast pass reads :attr:`raw` directly.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self.raw, self.identity = read_store_file(self.path)
        self._tables: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._tables is None:
            self._tables = decode_tables(self.path, self.raw)
        return self._tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(self.path, "the store is read-only")

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# The exact decoder: the standard library's, told to keep duplicate keys and refuse what JSON
# does not allow (NaN) and what Python cannot hold (integers of thousands of digits).


class _Keys(dict):  # type: ignore[type-arg]
    """A decoded JSON object whose source repeated some keys (only the last value was kept)."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) == len(pairs):
        return mapping
    repeated = _Keys(mapping)
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


def decode_tables(path: str, raw: bytes) -> dict[str, dict[str, Any]]:
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
        raise StoreError(path, f"not a TinyDB store (top level is a {_kind(data)}, not an object)")
    if isinstance(data, _Keys):
        name = data.duplicates[0]
        raise StoreError(
            path, f"the table {_shown(name)} appears twice (a duplicate key would hide one)"
        )
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreError(path, f"not a TinyDB store (table {_shown(name)} is a {_kind(table)})")
    if RELATIONS_TABLE not in data:
        raise StoreError(path, f"no {RELATIONS_TABLE!r} table")
    return data


def _kind(value: object) -> str:
    return {
        dict: "object", _Keys: "object", list: "list", str: "string", bool: "boolean",
        int: "number", float: "number", type(None): "null",
    }.get(type(value), type(value).__name__)  # fmt: skip


def _shown(text: str) -> str:
    """A key for a message: quoted, lone surrogates written as escapes, clipped."""
    shown = repr(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    return shown if len(shown) <= 80 else shown[:79] + "…"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _raw_problems(value: Any, where: str = "") -> Iterator[str]:
    """Repeated keys and text that is not text (lone surrogates) anywhere inside a record."""
    if type(value) is str:
        if not value.isascii() and _SURROGATE.search(value):
            field = f"field {where!r}" if where else "the text"
            yield f"{field} holds a lone surrogate ({_SURROGATE.search(value)[0]!a}), not text"
    elif isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            inside = f" inside {where!r}" if where else ""
            yield f"duplicate field {_shown(key)}{inside} (only one of its values would be kept)"
        for key, item in value.items():
            if not key.isascii() and _SURROGATE.search(key):
                yield f"a field name holds a lone surrogate ({_SURROGATE.search(key)[0]!a})"
                continue
            yield from _raw_problems(item, f"{where}.{key}" if where else key)
    elif type(value) is list:
        for n, item in enumerate(value, start=1):
            yield from _raw_problems(item, f"{where}[{n}]")


# ---------------------------------------------------------------------------------------------
# Dates: real ones, in ASCII digits, and not in the future.


def latest_date() -> date:
    """The last date a store may hold: the last day of next year.

    A store records when relations were established. A date announced for the months ahead
    is still information (the app shows its age as "in the future"), but nothing is planned
    years ahead: ``9999-12-31`` or ``2206`` is a typing slip, and would sort a partner after
    every real one. The bound is the end of next year, not a day: a store that is valid today
    stays valid tomorrow, and a date a few days ahead in another timezone is never refused.
    """
    return date(date.today().year + 1, 12, 31)


def _date(text: Any, dates: dict[str, PartialDate], latest: date) -> PartialDate:
    """A valid partial date (cached in ``dates``), or ValueError saying what is wrong."""
    when = dates.get(text) if type(text) is str else None
    if when is None:
        when = parse_partial_date(text)
        if when.earliest > latest:
            raise ValueError(f"date {text!r} is in the future")
        dates[text] = when
    return when


# ---------------------------------------------------------------------------------------------
# Record validation. Each checker yields problem messages; builders run only on clean records.


def _id_label(doc_id: str) -> str:
    """A record named by its id ("#12"), any lone surrogate in it written as an escape."""
    return f"#{_shown(doc_id)[1:-1]}"


def _label(doc: Any, key: str, doc_id: str) -> str:
    value = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(value, str) and value.strip() and not _SURROGATE.search(value):
        return value
    return _id_label(doc_id)


def _check_text(
    doc: dict[str, Any], key: str, *, listed: bool = False, required: bool = True,
    empty: bool = True,
) -> Iterator[str]:  # fmt: skip
    """Problems with a text field (or, ``listed``, a list-of-text field)."""
    if key not in doc:
        if required:
            yield f"missing field {key!r}"
        return
    value = doc[key]
    kind, described = (list, "a list of text") if listed else (str, "text")
    if type(value) is not kind:
        yield f"field {key!r} must be {described}, not {_kind(value)}"
    elif listed and any(type(item) is not str for item in value):
        yield f"field {key!r} must hold only text"
    elif not empty and not (value.strip() if kind is str else value):
        yield f"field {key!r} is empty"
    elif not empty and listed and not all(item.strip() for item in value):
        yield f"field {key!r} holds an empty text"


def _relation_problems(doc: Any, dates: dict[str, PartialDate], latest: date) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield f"must be an object, not {_kind(doc)}"
        return
    yield from _raw_problems(doc)
    yield from _check_text(doc, "name", empty=False)
    yield from _check_text(doc, "aliases", listed=True)
    iso3 = doc.get("iso3", ...)
    if iso3 is ...:
        yield "missing field 'iso3'"
    elif iso3 is not None and not (type(iso3) is str and _ISO3.fullmatch(iso3)):
        yield f"field 'iso3' must be three capital letters or null, not {iso3!r}"[:200]
    region = doc.get("region", ...)
    if region is ...:
        yield "missing field 'region'"
    elif type(region) is not str:
        yield f"field 'region' must be text, not {_kind(region)}"
    elif region not in _REGION_SET:
        yield f"unknown region {region!r}"[:200]
    status = doc.get("status", ...)
    if status is ...:
        yield "missing field 'status'"
    elif type(status) is not str or status not in STATUSES:
        yield f"field 'status' must be 'established' or 'none', not {status!r}"[:200]
    established = doc.get("established", ...)
    if established is ...:
        yield "missing field 'established'"
    elif established is not None:
        try:
            _date(established, dates, latest)
        except ValueError as error:
            yield f"bad 'established': {error}"[:200]
        else:
            if status == "none":
                yield "status is 'none' but 'established' has a date"
    if "un_member" not in doc:
        yield "missing field 'un_member'"
    elif type(doc["un_member"]) is not bool:
        yield f"field 'un_member' must be true or false, not {_kind(doc['un_member'])}"
    yield from _check_text(doc, "notes")
    yield from _check_text(doc, "see_also", listed=True)
    yield from _check_text(doc, "sources", listed=True, empty=False)
    yield from _check_text(doc, "date_note", required=False)
    if type(doc.get("date_disputed", False)) is not bool:
        yield "field 'date_disputed' must be true or false"
    history = doc.get("history")
    if history is not None:
        yield from parse_history(history, dates, latest=latest)[1]
        if (
            type(history) is list
            and status == "none"
            and any(type(e) is dict and e.get("rank") is True for e in history)
        ):
            yield "a partner without relations cannot be ranked by a history event"


_EVENT_KIND_SET = frozenset(EVENT_KINDS)


def parse_history(
    value: Any, dates: dict[str, PartialDate], *, latest: date | None = None
) -> tuple[tuple[HistoryEvent, ...], list[str]]:
    """A record's ``history`` as events, and every problem with it (events only if none).

    Events must be objects with a known ``kind``, a partial date (not after ``latest``,
    see :func:`latest_date`) or null, a one-line ``note`` and sources; a ``predecessor`` names the
    predecessor state; at most one dated event is marked ``rank``; dated events come in
    chronological order.
    """
    if type(value) is not list:
        return (), [f"field 'history' must be a list of events, not {_kind(value)}"]
    if latest is None:
        latest = latest_date()
    problems: list[str] = []
    events: list[HistoryEvent] = []
    ranked = 0
    last: tuple[int, int, int] | None = None
    for n, item in enumerate(value, start=1):
        where = f"history event {n}"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object, not {_kind(item)}")
            continue
        found: list[str] = []
        kind = item.get("kind")
        if type(kind) is not str or kind not in _EVENT_KIND_SET:
            found.append(
                f"{where}: unknown kind {kind!r}"[:160] + f"; choose from {', '.join(EVENT_KINDS)}"
            )
        when: PartialDate | None = None
        raw_date = item.get("date", ...)
        if raw_date is ...:
            found.append(f"{where}: missing field 'date' (null when unknown)")
        elif raw_date is not None:
            try:
                when = _date(raw_date, dates, latest)
            except ValueError as error:
                found.append(f"{where}: bad 'date': {error}"[:200])
        note = item.get("note")
        if type(note) is not str or not note.strip():
            found.append(f"{where}: 'note' must be non-empty text")
        elif "\n" in note or "\r" in note:
            found.append(f"{where}: 'note' must be one line")
        sources = item.get("sources")
        if (
            type(sources) is not list
            or not sources
            or any(type(s) is not str or not s.strip() for s in sources)
        ):
            found.append(f"{where}: 'sources' must be a non-empty list of text")
        name = item.get("name", "")
        if type(name) is not str:
            found.append(f"{where}: 'name' must be text")
        elif kind == "predecessor" and not name.strip():
            found.append(f"{where}: a predecessor event must give the predecessor's 'name'")
        rank = item.get("rank", False)
        if type(rank) is not bool:
            found.append(f"{where}: 'rank' must be true or false")
        elif rank:
            ranked += 1
            if raw_date is None:
                found.append(f"{where}: a 'rank' event needs a date")
        if when is not None:
            if last is not None and when.sort_key < last:
                found.append(f"{where}: out of order (events go in chronological order)")
            last = when.sort_key
        if found:
            problems.extend(found)
            continue
        events.append(HistoryEvent(kind, when, note, tuple(sources), name, rank))
    if ranked > 1:
        problems.append("more than one history event is marked 'rank'")
    return (() if problems else tuple(events)), problems


def _organisation_problems(doc: Any) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield f"must be an object, not {_kind(doc)}"
        return
    yield from _raw_problems(doc)
    yield from _check_text(doc, "abbreviation", empty=False)
    yield from _check_text(doc, "name", empty=False)
    status = doc.get("status")
    if type(status) is not str or status not in ORGANISATION_STATUSES:
        yield f"field 'status' must be 'member' or 'observer', not {status!r}"[:200]
    yield from _check_text(doc, "notes", required=False)
    yield from _check_text(doc, "sources", listed=True, required=False)
    if type(doc.get("sources")) is list and not all(
        type(s) is str and s.strip() for s in doc["sources"]
    ):
        yield "field 'sources' holds an empty text"


def _article_problems(doc: Any) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield f"must be an object, not {_kind(doc)}"
        return
    yield from _raw_problems(doc)
    yield from _check_text(doc, "title", required=False)
    yield from _check_text(doc, "lead", listed=True, required=False)
    yield from _check_text(doc, "see_also", listed=True, required=False)
    yield from _check_text(doc, "source", required=False)
    yield from _check_text(doc, "retrieved", required=False)
    sections = doc.get("sections", {})
    if not isinstance(sections, dict) or any(type(v) is not str for v in sections.values()):
        yield "field 'sections' must map section names to text"


def _organisation(doc: dict[str, Any]) -> Organisation:
    return Organisation(
        abbreviation=doc["abbreviation"],
        name=doc["name"],
        status=doc["status"],
        notes=doc.get("notes", ""),
        sources=tuple(doc.get("sources", ())),
    )


def _article(doc: dict[str, Any]) -> Article:
    return Article(
        title=doc.get("title", Article.title),
        lead=tuple(doc.get("lead", ())),
        sections=tuple(doc.get("sections", {}).items()),
        see_also=tuple(doc.get("see_also", ())),
        source=doc.get("source", ""),
        retrieved=doc.get("retrieved", ""),
    )


_ISO3 = re.compile(r"[A-Z]{3}")
_STR_ONLY = {str}


Row = tuple[Any, ...]


def name_key(name: str) -> str:
    """What two names must differ in to be two partners.

    Case, Unicode normal form (NFC and NFKC: a composed "é" and "e" + accent, a ligature and
    its letters) and invisible format characters (zero-width space, word joiner, byte-order
    mark, soft hyphen) do not make a different name.
    """
    if name.isascii():
        return name.strip().lower()
    if not name.isprintable():  # invisible characters are not printable
        name = without_invisible(name)
    return unicodedata.normalize("NFKC", name.casefold()).strip()


def _valid_row(doc: Any, dates: dict[str, PartialDate], latest: date) -> Row | None:
    """A relation's fields (all but its rank) if the record is valid, else None.

    The exact pass's quick check: :func:`_relation_problems` says what is wrong with the
    records it refuses. Parsed dates are cached in ``dates``.
    """
    if type(doc) is not dict:  # a _Keys (repeated keys) is never valid
        return None
    try:
        name, aliases, see_also, sources = (
            doc["name"],
            doc["aliases"],
            doc["see_also"],
            doc["sources"],
        )
        iso3, region, status, established = (
            doc["iso3"],
            doc["region"],
            doc["status"],
            doc["established"],
        )
        notes, un_member = doc["notes"], doc["un_member"]
    except KeyError:
        return None
    date_note = doc.get("date_note", "")
    if not (
        type(name) is str and type(notes) is str and type(un_member) is bool
        and type(aliases) is list and type(see_also) is list and type(sources) is list
        and sources and name.strip() and type(region) is str and region in _REGION_SET
        and type(date_note) is str and type(status) is str
    ):  # fmt: skip
        return None
    for texts in (aliases, see_also, sources):
        if texts and set(map(type, texts)) != _STR_ONLY:
            return None
    if not all(map(str.strip, sources)):
        return None
    if iso3 is not None and (type(iso3) is not str or not _ISO3.fullmatch(iso3)):
        return None
    if any(True for _ in _raw_problems(doc)):
        return None
    if established is None:
        if status not in STATUSES:
            return None
        when = None
    else:
        if status != "established":
            return None
        try:
            when = _date(established, dates, latest)
        except ValueError:
            return None
    history: tuple[HistoryEvent, ...] = ()
    raw_history = doc.get("history")
    if raw_history is not None:
        history, problems = parse_history(raw_history, dates, latest=latest)
        if problems or (status == "none" and any(e.rank for e in history)):
            return None
    disputed = doc.get("date_disputed", False)
    if type(disputed) is not bool:
        return None
    return (name, tuple(aliases), iso3, region, when, status, un_member, notes,
            tuple(see_also), tuple(sources), date_note, history, disputed)  # fmt: skip


def _rank_date(row: Row) -> PartialDate | None:
    """The date a valid row is numbered at: its ranked event's, else its own."""
    for event in row[11]:
        if event.rank:
            return event.date
    return row[4]


def _finish(
    path: str,
    rows: list[Row],
    organisations: list[Organisation],
    article: Article,
    identity: tuple[int, int] | None,
) -> Catalogue:
    """Rank the validated rows and build the catalogue."""
    order, ranks = chronological(
        [(r[0], _rank_date(r) if r[11] else r[4], r[6], r[5]) for r in rows]
    )
    make = Relation._make
    relations = tuple([make((*row, rank)) for row, rank in zip(rows, ranks)])
    return Catalogue(
        str(path), relations, tuple(organisations), article, tuple(order), identity=identity
    )


def _exact(storage: ReadOnlyJSONStorage, latest: date) -> tuple[Catalogue | None, list[Problem]]:
    """The exact pass: every problem of every record, and the catalogue when there are none."""
    tables = storage.read() or {}
    problems: list[Problem] = []
    rows: list[Row] = []
    # Names and codes seen so far, mapped to the record (id, label) that had them first.
    seen_names: dict[str, tuple[str, str]] = {}
    seen_iso: dict[str, tuple[str, str]] = {}
    parsed: dict[str, PartialDate] = {}
    for name in (RELATIONS_TABLE, ORGANISATIONS_TABLE, ARTICLE_TABLE):
        for doc_id in getattr(tables.get(name), "duplicates", ()):
            problems.append(Problem(name, _id_label(doc_id), (
                f"duplicate record id {_shown(doc_id)} (two records have it; one would be "
                "lost)")))  # fmt: skip
        for doc_id in tables.get(name, {}):
            if not doc_id.isascii() and _SURROGATE.search(doc_id):
                problems.append(
                    Problem(
                        name,
                        _id_label(doc_id),
                        "the record id holds a lone surrogate, not text",
                    )
                )
    for doc_id, doc in tables[RELATIONS_TABLE].items():
        label = _label(doc, "name", doc_id)
        row = _valid_row(doc, parsed, latest)
        if row is None:
            problems.extend(
                Problem(RELATIONS_TABLE, label, message)
                for message in _relation_problems(doc, parsed, latest)
            )
            continue
        found = []
        first_id, first = seen_names.setdefault(name_key(row[0]), (doc_id, label))
        if first_id != doc_id:
            found.append(f"duplicate name (also record {first!r})")
        iso3 = row[2]
        if iso3 is not None:
            first_id, first = seen_iso.setdefault(iso3, (doc_id, label))
            if first_id != doc_id:
                found.append(f"duplicate ISO code {iso3} (also record {first!r})")
        if found:
            problems.extend(Problem(RELATIONS_TABLE, label, message) for message in found)
        else:
            rows.append(row)

    organisations: list[Organisation] = []
    for doc_id, doc in tables.get(ORGANISATIONS_TABLE, {}).items():
        found = list(_organisation_problems(doc))
        label = _label(doc, "abbreviation", doc_id)
        problems.extend(Problem(ORGANISATIONS_TABLE, label, message) for message in found)
        if not found:
            organisations.append(_organisation(doc))

    article = Article()
    for doc_id, doc in list(tables.get(ARTICLE_TABLE, {}).items())[:1]:
        found = list(_article_problems(doc))
        label = _id_label(doc_id)
        problems.extend(Problem(ARTICLE_TABLE, label, message) for message in found)
        if not found:
            article = _article(doc)

    if problems:
        return None, problems
    return _finish(storage.path, rows, organisations, article, storage.identity), problems


# ---------------------------------------------------------------------------------------------
# The fast pass: msgspec decodes and type-checks the records in one go.

#: Stores smaller than this go straight to the exact pass: it is as quick for them, and
#: msgspec is then not even imported (start-up of the shipped store stays short).
FAST_MIN_BYTES = 256 * 1024


@cache
def _msgspec() -> SimpleNamespace:
    """msgspec and the typed records it decodes a store into (imported on first use)."""
    import msgspec

    unset = msgspec.UNSET
    iso3 = Annotated[str, msgspec.Meta(min_length=3, max_length=3, pattern="^[A-Z]+$")]

    # Built with defstruct: this module's annotations are strings, which msgspec could not
    # resolve for classes defined inside a function.
    fast_relation = msgspec.defstruct(
        "FastRelation",
        [
            ("name", str),
            ("aliases", tuple[str, ...]),
            ("iso3", Union[iso3, None]),  # noqa: UP007
            ("region", Literal[REGIONS]),
            ("established", Union[str, None]),  # noqa: UP007
            ("status", Literal[STATUSES]),
            ("un_member", bool),
            ("notes", str),
            ("see_also", tuple[str, ...]),
            ("sources", tuple[str, ...]),
            # UNSET, not a default value: an absent field is encoded back as absent (_same_keys).
            ("date_note", Union[str, msgspec.UnsetType], unset),  # noqa: UP007
            ("history", Any, unset),
            ("date_disputed", Union[bool, msgspec.UnsetType], unset),  # noqa: UP007
        ],
        forbid_unknown_fields=True,
    )
    fast_store = msgspec.defstruct(
        "FastStore",
        [
            ("relations", dict[str, fast_relation]),  # type: ignore[valid-type]
            ("organisations", Union[dict[str, Any], msgspec.UnsetType], unset),  # noqa: UP007
            ("article", Union[dict[str, Any], msgspec.UnsetType], unset),  # noqa: UP007
        ],
        forbid_unknown_fields=True,
    )
    return SimpleNamespace(
        UNSET=unset,
        Error=msgspec.DecodeError,
        store=msgspec.json.Decoder(fast_store),
        full_dates=msgspec.json.Decoder(list[date]),
        encoder=msgspec.json.Encoder(),
    )


_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


def _same_keys(raw: bytes, decoded: Any) -> bool:
    """Whether the decoded store kept every key of the file (none repeated, none skipped).

    A repeated key keeps only its last value and an unknown field is skipped, and either
    way the decoded data has fewer keys than the file. Every key has exactly one structural
    colon; colons inside strings are the same in the file and in the re-encoded data (unless
    written ``\\u003a``, which sends the store to the exact pass). So the colons match if and
    only if nothing was dropped. Counting is a few milliseconds; a duplicate-key hook on every
    object would cost far more.
    """
    if raw.count(b":") != _msgspec().encoder.encode(decoded).count(b":"):
        return False
    return _ESCAPED_COLON.search(raw) is None


def _fast_dates(texts: set[str], latest: date) -> dict[str, PartialDate] | None:
    """Each distinct date text parsed, or None if any is not a valid past date.

    Full dates (``YYYY-MM-DD``, most of them) are checked by msgspec in one call, which
    accepts exactly the real calendar dates written in ASCII digits, as
    :func:`~mongolia_tui.dates.parse_partial_date` does; years and months are parsed one by one.
    """
    full = [text for text in texts if len(text) == 10]
    fast = _msgspec()
    try:
        days = fast.full_dates.decode(fast.encoder.encode(full))
    except fast.Error:
        return None
    if days and max(days) > latest:
        return None
    make = tuple.__new__  # PartialDate is a named tuple: skip its Python-level __new__
    dates = {text: make(PartialDate, (d.year, d.month, d.day)) for text, d in zip(full, days)}
    try:
        for text in texts:
            if len(text) != 10:
                _date(text, dates, latest)
    except ValueError:
        return None
    return dates


def _fast(storage: ReadOnlyJSONStorage, latest: date) -> Catalogue | None:
    """The store's catalogue if the fast pass accepts all of it, else None."""
    raw = storage.raw
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    fast = _msgspec()
    try:
        decoded = fast.store.decode(raw)
    except (fast.Error, RecursionError):
        return None
    if not _same_keys(raw, decoded):
        return None
    unset = fast.UNSET
    records = list(decoded.relations.values())
    # What msgspec cannot check: non-blank names and sources, dates only with relations.
    texts: set[str] = set()
    histories: dict[int, tuple[HistoryEvent, ...]] = {}
    history_dates: dict[str, PartialDate] = {}
    for n, r in enumerate(records):
        sources, established = r.sources, r.established
        if not (sources and r.name.strip() and all(map(str.strip, sources))):
            return None
        if established is not None:
            if r.status != "established":
                return None
            texts.add(established)
        if r.history is not unset and r.history is not None:
            events, problems = parse_history(r.history, history_dates, latest=latest)
            if problems or (r.status == "none" and any(e.rank for e in events)):
                return None
            histories[n] = events
    keys = set(map(name_key, [r.name for r in records]))
    codes = [r.iso3 for r in records if r.iso3 is not None]
    if len(keys) != len(records) or len(set(codes)) != len(codes):
        return None  # a duplicate: the exact pass names it
    dates = _fast_dates(texts, latest)
    if dates is None:
        return None
    dates[None] = None  # type: ignore[index]
    whens = [dates[r.established] for r in records]
    entries = [(r.name, when, r.un_member, r.status) for r, when in zip(records, whens)]
    nothing: tuple[HistoryEvent, ...] = ()
    history = [nothing] * len(records)
    for n, events in histories.items():
        history[n] = events
        ranked = next((e for e in events if e.rank), None)
        if ranked is not None:
            entries[n] = (entries[n][0], ranked.date, *entries[n][2:])
    order, ranks = chronological(entries)
    make = Relation._make
    relations = tuple([
        make((r.name, r.aliases, r.iso3, r.region, when, r.status, r.un_member, r.notes,
              r.see_also, r.sources, "" if r.date_note is unset else r.date_note, events,
              r.date_disputed is True, rank))
        for r, when, events, rank in zip(records, whens, history, ranks)
    ])  # fmt: skip
    organisations: list[Organisation] = []
    if decoded.organisations is not unset:
        for doc in decoded.organisations.values():
            if any(True for _ in _organisation_problems(doc)):
                return None
            organisations.append(_organisation(doc))
    article = Article()
    if decoded.article is not unset:
        for doc in list(decoded.article.values())[:1]:
            if any(True for _ in _article_problems(doc)):
                return None
            article = _article(doc)
    return Catalogue(storage.path, relations, tuple(organisations), article, tuple(order),
                     identity=storage.identity)  # fmt: skip


# ---------------------------------------------------------------------------------------------


def _collect(path: str, *, fast: bool | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue and problems of a store; ``fast``: try the fast pass (None: if large)."""
    # Building tens of thousands of objects triggers many full garbage collections that find
    # nothing to free: pausing the collector makes large stores load several times faster.
    collecting = gc.isenabled()
    gc.disable()
    try:
        db = TinyDB(path, storage=ReadOnlyJSONStorage)
        storage: ReadOnlyJSONStorage = db.storage  # type: ignore[assignment]
        latest = latest_date()
        if fast is None:
            fast = len(storage.raw) >= FAST_MIN_BYTES
        catalogue = _fast(storage, latest) if fast else None
        if catalogue is not None:
            return catalogue, []
        return _exact(storage, latest)
    finally:
        if collecting:
            gc.enable()


def check_store(path: str | os.PathLike[str]) -> tuple[Catalogue | None, list[Problem]]:
    """Validate a store and return every problem found (and the catalogue when there are none).

    A file-level problem (missing, not JSON, ...) raises :class:`StoreError` instead.
    """
    return _collect(os.fspath(path))


def load_store(path: str | os.PathLike[str] | None = None) -> Catalogue:
    """Load a store; refuse it whole at its first problem (half a store would hide partners)."""
    path = os.fspath(path) if path is not None else str(default_store_path())
    catalogue, problems = _collect(path)
    if problems:
        first = problems[0]
        raise StoreError(path, first.message, first.record)
    assert catalogue is not None
    return catalogue

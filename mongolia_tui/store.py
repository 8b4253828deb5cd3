"""Load the TinyDB JSON store read-only, validate it, and build the immutable model.

This is the only module that imports TinyDB. The store is opened with a storage that reads
the file once and refuses to write, so nothing here can create, modify or truncate it (TinyDB's
default storage opens for writing and creates a missing file).
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from mongolia_tui import cache
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

RELATIONS_TABLE = "relations"
ORGANISATIONS_TABLE = "organisations"
ARTICLE_TABLE = "article"
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


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that parses the file once and never writes to it."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self._data = _read_json(self.path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(self.path, "the store is read-only")

    def close(self) -> None:
        pass


def _read_json(path: str) -> dict[str, dict[str, Any]]:
    if os.path.isdir(path):
        raise StoreError(path, "is a directory, not a store file")
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise StoreError(path, "no such file") from None
    except PermissionError:
        raise StoreError(path, "permission denied (cannot read the file)") from None
    except OSError as error:
        raise StoreError(path, f"cannot read the file ({error.strerror or error})") from None
    if not raw.strip():
        raise StoreError(path, "the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoreError(path, f"not UTF-8 text (bad byte at offset {error.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(
            path, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise StoreError(path, "not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise StoreError(path, f"not a TinyDB store (top level is a {_kind(data)}, not an object)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise StoreError(path, f"not a TinyDB store (table {name!r} is a {_kind(table)})")
    if RELATIONS_TABLE not in data:
        raise StoreError(path, f"no {RELATIONS_TABLE!r} table")
    return data


def _kind(value: object) -> str:
    return {
        dict: "object", list: "list", str: "string", bool: "boolean", int: "number",
        float: "number", type(None): "null",
    }.get(type(value), type(value).__name__)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Record validation. Each checker yields problem messages; builders run only on clean records.


def _label(doc: dict[str, Any], key: str, doc_id: str) -> str:
    value = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(value, str) and value.strip():
        return value
    return f"#{doc_id}"


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


def _relation_problems(doc: Any) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield f"must be an object, not {_kind(doc)}"
        return
    yield from _check_text(doc, "name", empty=False)
    yield from _check_text(doc, "aliases", listed=True)
    iso3 = doc.get("iso3", ...)
    if iso3 is ...:
        yield "missing field 'iso3'"
    elif iso3 is not None and not (
        type(iso3) is str
        and len(iso3) == 3
        and iso3.isascii()
        and iso3.isalpha()
        and iso3.isupper()
    ):
        yield f"field 'iso3' must be three capital letters or null, not {iso3!r}"[:200]
    region = doc.get("region", ...)
    if region is ...:
        yield "missing field 'region'"
    elif region not in _REGION_SET:
        yield f"unknown region {region!r}"[:200]
    status = doc.get("status", ...)
    if status is ...:
        yield "missing field 'status'"
    elif status not in STATUSES:
        yield f"field 'status' must be 'established' or 'none', not {status!r}"[:200]
    established = doc.get("established", ...)
    if established is ...:
        yield "missing field 'established'"
    elif established is not None:
        try:
            parse_partial_date(established)
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
    history = doc.get("history")
    if history is not None:
        yield from parse_history(history, {})[1]
        if (
            type(history) is list
            and status == "none"
            and any(type(e) is dict and e.get("rank") is True for e in history)
        ):
            yield "a partner without relations cannot be ranked by a history event"


_EVENT_KIND_SET = frozenset(EVENT_KINDS)


def parse_history(
    value: Any, dates: dict[str, PartialDate]
) -> tuple[tuple[HistoryEvent, ...], list[str]]:
    """A record's ``history`` as events, and every problem with it (events only if none).

    Events must be objects with a known ``kind``, a partial date or null, a one-line ``note``
    and sources; a ``predecessor`` names the predecessor state; at most one dated event is
    marked ``rank``; dated events come in chronological order.
    """
    if type(value) is not list:
        return (), [f"field 'history' must be a list of events, not {_kind(value)}"]
    problems: list[str] = []
    events: list[HistoryEvent] = []
    ranked = 0
    last: tuple[int, int, int] | None = None
    for n, item in enumerate(value, start=1):
        where = f"history event {n}"
        if type(item) is not dict:
            problems.append(f"{where} must be an object, not {_kind(item)}")
            continue
        found: list[str] = []
        kind = item.get("kind")
        if kind not in _EVENT_KIND_SET:
            found.append(
                f"{where}: unknown kind {kind!r}"[:160] + f"; choose from {', '.join(EVENT_KINDS)}"
            )
        when: PartialDate | None = None
        raw_date = item.get("date", ...)
        if raw_date is ...:
            found.append(f"{where}: missing field 'date' (null when unknown)")
        elif raw_date is not None:
            when = dates.get(raw_date) if type(raw_date) is str else None
            if when is None:
                try:
                    when = parse_partial_date(raw_date)
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


def _rank_date(row: Row) -> PartialDate | None:
    """The date a valid row is numbered at: its ranked event's, else its own."""
    for event in row[11]:
        if event.rank:
            return event.date
    return row[4]


def _organisation_problems(doc: Any) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield f"must be an object, not {_kind(doc)}"
        return
    yield from _check_text(doc, "abbreviation", empty=False)
    yield from _check_text(doc, "name", empty=False)
    if doc.get("status") not in ORGANISATION_STATUSES:
        yield f"field 'status' must be 'member' or 'observer', not {doc.get('status')!r}"[:200]
    yield from _check_text(doc, "notes", required=False)
    yield from _check_text(doc, "sources", listed=True, required=False)


def _article_problems(doc: Any) -> Iterator[str]:
    if not isinstance(doc, dict):
        yield f"must be an object, not {_kind(doc)}"
        return
    yield from _check_text(doc, "title", required=False)
    yield from _check_text(doc, "lead", listed=True, required=False)
    yield from _check_text(doc, "see_also", listed=True, required=False)
    yield from _check_text(doc, "source", required=False)
    yield from _check_text(doc, "retrieved", required=False)
    sections = doc.get("sections", {})
    if not isinstance(sections, dict) or any(type(v) is not str for v in sections.values()):
        yield "field 'sections' must map section names to text"


def _documents(db: TinyDB, name: str) -> list[tuple[str, Any]]:
    """(doc id, document) pairs of a table, in the file's order."""
    # TinyDB's Table.all() turns every document into a Document; reading the storage's mapping
    # directly keeps non-object documents visible so they can be reported instead of crashing.
    table = (db.storage.read() or {}).get(name, {})
    return list(table.items())


_ISO3 = re.compile(r"[A-Z]{3}")
_STR_ONLY = {str}


Row = tuple[Any, ...]


def _valid_row(doc: Any, dates: dict[str, PartialDate]) -> Row | None:
    """A relation's fields (all but its rank) if the record is valid, else None.

    Written for speed: it runs once per partner at start-up and passes nearly every good
    record; :func:`_relation_problems` says what is wrong with the others. Parsed dates are
    cached in ``dates``, so each distinct date is parsed once.
    """
    if type(doc) is not dict:
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
        and sources and name.strip() and region in _REGION_SET and type(date_note) is str
    ):  # fmt: skip
        return None
    for texts in (aliases, see_also, sources):
        if texts and set(map(type, texts)) != _STR_ONLY:
            return None
    if iso3 is not None and (type(iso3) is not str or not _ISO3.fullmatch(iso3)):
        return None
    if established is None:
        if status not in STATUSES:
            return None
        when = None
    else:
        if status != "established" or type(established) is not str:
            return None
        when = dates.get(established)
        if when is None:
            try:
                when = dates[established] = parse_partial_date(established)
            except ValueError:
                return None
    history: tuple[HistoryEvent, ...] = ()
    raw_history = doc.get("history")
    if raw_history is not None:
        history, problems = parse_history(raw_history, dates)
        if problems or (status == "none" and any(e.rank for e in history)):
            return None
    return (name, tuple(aliases), iso3, region, when, status, un_member, notes,
            tuple(see_also), tuple(sources), date_note, history)  # fmt: skip


def _collect(path: str) -> tuple[Catalogue | None, list[Problem]]:
    # Building tens of thousands of objects triggers many full garbage collections that find
    # nothing to free: pausing the collector makes large stores load several times faster.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _collect_all(path)
    finally:
        if collecting:
            gc.enable()


def _collect_all(path: str) -> tuple[Catalogue | None, list[Problem]]:
    db = TinyDB(path, storage=ReadOnlyJSONStorage)
    problems: list[Problem] = []
    rows: list[Row] = []
    # Names and codes seen so far, mapped to the document id that had them first.
    seen_names: dict[str, str] = {}
    seen_iso: dict[str, str] = {}
    parsed: dict[str, PartialDate] = {}
    table = _documents(db, RELATIONS_TABLE)
    for doc_id, doc in table:
        row = _valid_row(doc, parsed)
        if row is None:
            problems.extend(
                Problem(RELATIONS_TABLE, _label(doc, "name", doc_id), message)
                for message in _relation_problems(doc)
            )
            continue
        found = []
        name_key = row[0].strip().casefold()
        first = seen_names.setdefault(name_key, doc_id)
        if first != doc_id:
            found.append(
                f"duplicate name (also record {_label(dict(table)[first], 'name', first)!r})"
            )
        iso3 = row[2]
        if iso3 is not None:
            first = seen_iso.setdefault(iso3, doc_id)
            if first != doc_id:
                other = _label(dict(table)[first], "name", first)
                found.append(f"duplicate ISO code {iso3} (also record {other!r})")
        if found:
            label = _label(doc, "name", doc_id)
            problems.extend(Problem(RELATIONS_TABLE, label, message) for message in found)
        else:
            rows.append(row)

    organisations: list[Organisation] = []
    for doc_id, doc in _documents(db, ORGANISATIONS_TABLE):
        found = list(_organisation_problems(doc))
        label = _label(doc, "abbreviation", doc_id)
        problems.extend(Problem(ORGANISATIONS_TABLE, label, message) for message in found)
        if not found:
            organisations.append(
                Organisation(
                    abbreviation=doc["abbreviation"],
                    name=doc["name"],
                    status=doc["status"],
                    notes=doc.get("notes", ""),
                    sources=tuple(doc.get("sources", ())),
                )
            )

    article = Article()
    article_docs = _documents(db, ARTICLE_TABLE)
    for doc_id, doc in article_docs[:1]:
        found = list(_article_problems(doc))
        problems.extend(Problem(ARTICLE_TABLE, f"#{doc_id}", message) for message in found)
        if not found:
            article = Article(
                title=doc.get("title", Article.title),
                lead=tuple(doc.get("lead", ())),
                sections=tuple(doc.get("sections", {}).items()),
                see_also=tuple(doc.get("see_also", ())),
                source=doc.get("source", ""),
                retrieved=doc.get("retrieved", ""),
            )

    if problems:
        return None, problems
    order, ranks = chronological([(r[0], _rank_date(r), r[6], r[5]) for r in rows])
    relations = tuple(Relation(*row, rank) for row, rank in zip(rows, ranks))
    catalogue = Catalogue(str(path), relations, tuple(organisations), article, tuple(order))
    return catalogue, problems


def check_store(path: str | os.PathLike[str]) -> tuple[Catalogue | None, list[Problem]]:
    """Validate a store and return every problem found (and the catalogue when there are none).

    A file-level problem (missing, not JSON, ...) raises :class:`StoreError` instead.
    """
    return _collect(os.fspath(path))


def load_store(
    path: str | os.PathLike[str] | None = None,
    *,
    snapshot: bool = True,
    save_later: bool = False,
) -> Catalogue:
    """Load a store; refuse it whole at its first problem (half a store would hide partners).

    A large store's validated model is kept as a snapshot (see :mod:`mongolia_tui.cache`) and
    reused while the file is unchanged; ``snapshot=False`` always reads the file. With
    ``save_later`` the snapshot is not written now: the caller calls :func:`save_snapshot`
    when it has time (the browser does, after its first screen).
    """
    path = os.fspath(path) if path is not None else str(default_store_path())
    if snapshot:
        cached = cache.read(path)
        if cached is not None:
            return cached
    catalogue, problems = _collect(path)
    if problems:
        first = problems[0]
        raise StoreError(path, first.message, first.record)
    assert catalogue is not None
    if snapshot and save_later:
        return replace(catalogue, snapshot_due=True)
    if snapshot:
        cache.write(path, catalogue)
    return catalogue


def save_snapshot(catalogue: Catalogue) -> None:
    """Write the snapshot :func:`load_store` put off (``save_later``); otherwise do nothing."""
    if catalogue.snapshot_due:
        cache.write(catalogue.path, catalogue)

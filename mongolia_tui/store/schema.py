"""What each table's records hold: one declaration per record, the rules between its fields,
and the model object a valid record becomes.

Both passes read these declarations: the exact pass checks each field with its rule and names
every problem; the fast pass decodes with the msgspec types derived from the same rules
(:func:`~mongolia_tui.store.rules.record_type`). A relation record is then the same named
object in both (:data:`RelationRecord`); the rules between fields (a date needs relations, a
mission involves Mongolia) are written once below and run by both passes, and so is the
building of the model. Organisations, the article and missions are few: both passes check them
with the exact functions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from mongolia_tui.dates import PartialDate
from mongolia_tui.model import (
    MISSION_KINDS,
    MONGOLIA,
    ORGANISATION_STATUSES,
    REGIONS,
    STATUSES,
    Article,
    HistoryEvent,
    Mission,
    Organisation,
    Partner,
)
from mongolia_tui.sanitize import without_invisible
from mongolia_tui.store.history import parse_history
from mongolia_tui.store.rules import (
    MUST_BE_URL,
    UNSET,
    URL,
    Anything,
    Choice,
    Code,
    Codes,
    Context,
    Field,
    Flag,
    Rule,
    Text,
    TextMap,
    Texts,
    When,
    record_type,
)
from mongolia_tui.store.sources import Sources, sources_of


class History(Rule):
    """A list of history events (see :func:`~mongolia_tui.store.history.parse_history`)."""

    python = True

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if value is not None:  # null: no history
            yield from parse_history(value, context)[1]

    def annotation(self) -> Any:
        return Any


#: A relation record (table ``relations``), field by field, in the order problems are named.
RELATION: tuple[Field, ...] = (
    Field("name", Text(filled=True)),
    Field("aliases", Texts()),
    Field("iso3", Code(nullable=True)),
    Field("region", Choice(REGIONS, unknown="unknown region {value!r}")),
    Field("status", Choice(STATUSES)),
    Field("established", When()),
    Field("un_member", Flag()),
    Field("notes", Text()),
    Field("see_also", Texts()),
    Field("sources", Sources()),
    Field("date_note", Text(), required=False),
    Field("date_disputed", Flag(), required=False),
    Field("history", History(), required=False),
    Field("name_mn", Text(filled=True), required=False),
    Field("name_mn_source", Text(pattern=URL, wrong=MUST_BE_URL), required=False),
    # Where the restorer found the row in the seed article: kept in the data, read by nothing.
    Field("seed_row", Anything(), required=False),
    # The iso-codes spelling where CLDR's was preferred for name_mn (a conflict between the
    # two sources, kept; see data/SOURCES.md).
    Field("name_mn_iso_codes", Text(filled=True), required=False),
)


#: A relation record as a named object (a msgspec Struct): what both passes build from.
RelationRecord: Any = record_type("RelationRecord", RELATION)


def relation_rules(record: Any) -> list[str]:
    """What breaks the rules between a relation record's fields (each field already valid on
    its own). A list, not a generator: the fast pass asks 50,000 records."""
    broken = []
    if record.status == "none":
        if record.established is not None:
            broken.append("status is 'none' but 'established' has a date")
        if any(type(e) is dict and e.get("rank") is True for e in record.history or ()):
            broken.append("a partner without relations cannot be ranked by a history event")
    if record.name_mn is not UNSET and record.name_mn_source is UNSET:
        broken.append("field 'name_mn' needs a 'name_mn_source' (where the name comes from)")
    return broken


def events(record: Any, context: Context) -> tuple[HistoryEvent, ...]:
    """A valid relation record's history events (none when absent or null)."""
    history = record.history
    return parse_history(history, context)[0] if history else ()


def partner(
    record: Any,
    when: PartialDate | None,
    history: tuple[HistoryEvent, ...],
    rank: int | None,
    context: Context,
) -> Partner:
    """The partner a valid record describes, with its date, history and rank worked out.

    An absent optional field is ``UNSET``, which is false: ``or`` gives the default.
    """
    r = record
    # The fields in Partner's order, built as a tuple: a store of 50,000 partners builds
    # 50,000 of these, and keywords cost twice as much (a test checks each field by name).
    return _new(Partner, (
        r.name, r.aliases, r.iso3, r.region, when, r.status, r.un_member, r.notes, r.see_also,
        sources_of(r.sources), r.date_note or "", history,
        r.date_disputed is True, r.name_mn or "", r.name_mn_source or "", rank,
    ))  # fmt: skip


_new = tuple.__new__


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


#: An organisation record (table ``organisations``).
ORGANISATION: tuple[Field, ...] = (
    Field("abbreviation", Text(filled=True)),
    Field("name", Text(filled=True)),
    Field("status", Choice(ORGANISATION_STATUSES)),
    Field("notes", Text(), required=False),
    Field("sources", Sources(filled=False), required=False),
)


def organisation(doc: Mapping[str, Any]) -> Organisation:
    return Organisation(
        abbreviation=doc["abbreviation"],
        name=doc["name"],
        status=doc["status"],
        notes=doc.get("notes", ""),
        sources=sources_of(doc.get("sources", [])),
    )


#: The article record (table ``article``, its first record only).
ARTICLE: tuple[Field, ...] = (
    Field("title", Text(), required=False),
    Field("lead", Texts(), required=False),
    Field("see_also", Texts(), required=False),
    Field("source", Text(), required=False),
    Field("retrieved", Text(), required=False),
    Field("sections", TextMap("section names"), required=False),
)


_ARTICLE = Article()  # its defaults (a slots dataclass keeps none on the class)


def article(doc: Mapping[str, Any]) -> Article:
    return Article(
        title=doc.get("title", _ARTICLE.title),
        lead=tuple(doc.get("lead", ())),
        sections=tuple(doc.get("sections", {}).items()),
        see_also=tuple(doc.get("see_also", ())),
        source=doc.get("source", ""),
        retrieved=doc.get("retrieved", ""),
    )


#: A diplomatic mission (table ``missions``): see :class:`~mongolia_tui.model.Mission`.
MISSION: tuple[Field, ...] = (
    Field("sender", Code()),
    Field("host", Code()),
    Field("city", Text(filled=True)),
    Field("kind", Choice(MISSION_KINDS)),
    Field("covers", Codes(), required=False),
    Field("opened", When(), required=False),
    Field("closed", When(), required=False),
    Field("note", Text(), required=False),
    Field("sources", Sources()),
)


def mission_rules(doc: Mapping[str, Any], codes: frozenset[str], context: Context) -> Iterator[str]:
    """The rules between a mission's fields and the partners the store knows (``codes``)."""
    sender, host, covers = doc["sender"], doc["host"], doc.get("covers", [])
    for key, code in (("sender", sender), ("host", host)):
        if code != MONGOLIA and code not in codes:
            yield f"field {key!r}: {code} is neither 'MNG' nor the ISO code of a partner"
    if sender == MONGOLIA and host == MONGOLIA:
        yield "a mission cannot be sent by Mongolia to Mongolia"
    elif MONGOLIA not in (sender, host) and MONGOLIA not in covers:
        yield ("a mission between two other countries must cover Mongolia "
               "(put 'MNG' in 'covers')")  # fmt: skip
    for code in covers:
        if code != MONGOLIA and code not in codes:
            yield f"field 'covers': {code} is neither 'MNG' nor the ISO code of a partner"
    if host in covers:
        yield f"field 'covers' repeats the host {host} (covers lists the other countries)"
    opened, closed = doc.get("opened"), doc.get("closed")
    if (
        opened is not None
        and closed is not None
        and context.dates[closed].sort_key < context.dates[opened].sort_key
    ):
        yield f"closed ({closed}) before it opened ({opened})"


def mission(doc: Mapping[str, Any], context: Context) -> Mission:
    opened, closed = doc.get("opened"), doc.get("closed")
    return Mission(
        sender=doc["sender"],
        host=doc["host"],
        city=doc["city"],
        kind=doc["kind"],
        covers=tuple(doc.get("covers", ())),
        opened=None if opened is None else context.dates[opened],
        closed=None if closed is None else context.dates[closed],
        note=doc.get("note", ""),
        sources=sources_of(doc["sources"]),
    )

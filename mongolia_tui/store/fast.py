"""The fast pass: msgspec decodes the store and checks each field's rule in C while it parses.

Its types come from the same declarations as the exact pass's checks
(:mod:`mongolia_tui.store.schema`); what msgspec cannot check (dates, history, the rules between
fields, duplicate names) runs in Python with the same functions. Whatever it does not accept
(a bad record, a duplicate key, a field the declaration does not know) it leaves to the exact
pass, which names the problem; a test holds the two passes to the same model.
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any, NotRequired, Required

import msgspec

from mongolia_tui.dates import PartialDate
from mongolia_tui.model import Catalogue
from mongolia_tui.store import exact, schema
from mongolia_tui.store.build import build
from mongolia_tui.store.files import (
    ARTICLE_TABLE,
    MISSIONS_TABLE,
    ORGANISATIONS_TABLE,
    RELATIONS_TABLE,
    ReadOnlyJSONStorage,
)
from mongolia_tui.store.rules import UNSET, Context, When, make_typed_dict

#: The relation fields that hold dates (checked all at once) and those checked in Python.
_DATES = tuple(spec.key for spec in schema.RELATION if isinstance(spec.rule, When))
_PYTHON = tuple(spec for spec in schema.RELATION if spec.rule.python)


@cache
def _decoders() -> tuple[msgspec.json.Decoder[Any], msgspec.json.Decoder[list[date]]]:
    partner: Any = schema.RelationRecord
    store = make_typed_dict(
        "Store",
        {
            RELATIONS_TABLE: Required[dict[str, partner]],
            ORGANISATIONS_TABLE: NotRequired[dict[str, Any]],
            ARTICLE_TABLE: NotRequired[dict[str, Any]],
            MISSIONS_TABLE: NotRequired[dict[str, Any]],
        },
    )
    return msgspec.json.Decoder(store), msgspec.json.Decoder(list[date])


_ENCODER = msgspec.json.Encoder()
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")


def same_keys(raw: bytes, decoded: Any) -> bool:
    """Whether the decoded store kept every key of the file (none repeated, none skipped).

    A repeated key keeps only its last value and an undeclared field is skipped, and either
    way the decoded data has fewer keys than the file. Every key has exactly one structural
    colon; colons inside strings are the same in the file and in the re-encoded data (unless
    written ``\\u003a``, which sends the store to the exact pass). So the colons match if and
    only if nothing was dropped. Counting is a few milliseconds; a duplicate-key hook on every
    object would cost far more.
    """
    if raw.count(b":") != _ENCODER.encode(decoded).count(b":"):
        return False
    return _ESCAPED_COLON.search(raw) is None


def parse_dates(texts: set[str], latest: date) -> dict[str, PartialDate] | None:
    """Each distinct date text parsed, or None if any is not a valid date up to ``latest``.

    Full dates (``YYYY-MM-DD``, most of them) are checked by msgspec in one call, which
    accepts exactly the real calendar dates written in ASCII digits, as
    :func:`~mongolia_tui.dates.parse_partial_date` does; years and months go through the
    :class:`~mongolia_tui.store.rules.When` rule one by one.
    """
    full = [text for text in texts if len(text) == 10]
    try:
        days = _decoders()[1].decode(_ENCODER.encode(full))
    except msgspec.DecodeError:
        return None
    if days and max(days) > latest:
        return None
    make = tuple.__new__  # PartialDate is a named tuple: skip its Python-level __new__
    dates = {text: make(PartialDate, (d.year, d.month, d.day)) for text, d in zip(full, days)}
    context = Context(latest, dates)
    try:
        for text in texts:
            if len(text) != 10:
                context.date(text)
    except ValueError:
        return None
    return dates


def fast(storage: ReadOnlyJSONStorage, latest: date) -> Catalogue | None:
    """The store's catalogue if the fast pass accepts all of it, else None."""
    raw = storage.raw
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        decoded = _decoders()[0].decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None
    if not same_keys(raw, decoded):
        return None
    records: list[Any] = list(decoded[RELATIONS_TABLE].values())
    context = Context(latest)
    found: set[Any] = set()
    for spec in _PYTHON:  # what msgspec could not check, a column at a time
        column = [v for v in map(attrgetter(spec.key), records) if v is not UNSET]
        if not spec.rule.accepts(column, context):
            return None
    for key in _DATES:
        found.update(map(attrgetter(key), records))
    texts: set[str] = found - {None, UNSET}  # null or absent: no date
    if any(map(schema.relation_rules, records)):
        return None
    keys = set(map(schema.name_key, [record.name for record in records]))
    codes = [record.iso3 for record in records if record.iso3 is not None]
    if len(keys) != len(records) or len(set(codes)) != len(codes):
        return None  # a duplicate: the exact pass names it
    dates = parse_dates(texts, latest)
    if dates is None:
        return None
    context.dates.update(dates)
    organisations, wrong = exact.organisations(decoded.get(ORGANISATIONS_TABLE, {}), context)
    article, wrong_article = exact.article(decoded.get(ARTICLE_TABLE, {}), context)
    missions, wrong_missions = exact.missions(
        decoded.get(MISSIONS_TABLE, {}), frozenset(codes), context
    )
    if wrong or wrong_article or wrong_missions:
        return None
    return build(storage, records, context, organisations, article, missions)

"""The exact pass: the standard library's decoder and every field rule in Python, naming every
problem of every record. It decides when the fast pass refuses a store (or cannot tell)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

from mongolia_tui.model import Article, Catalogue, Mission, Organisation
from mongolia_tui.store import schema
from mongolia_tui.store.build import build
from mongolia_tui.store.errors import (
    Problem,
    has_surrogate,
    id_label,
    kind,
    label,
    raw_problems,
    shown,
)
from mongolia_tui.store.files import (
    ARTICLE_TABLE,
    MISSIONS_TABLE,
    ORGANISATIONS_TABLE,
    RELATIONS_TABLE,
    ReadOnlyJSONStorage,
)
from mongolia_tui.store.rules import Context, Field, field_problems

TABLES = (RELATIONS_TABLE, ORGANISATIONS_TABLE, ARTICLE_TABLE, MISSIONS_TABLE)


def record_problems(fields: tuple[Field, ...], doc: Any, context: Context) -> Iterator[str]:
    """Every problem of one record with its declaration's field rules."""
    if not isinstance(doc, dict):
        yield f"must be an object, not {kind(doc)}"
        return
    yield from raw_problems(doc)
    yield from field_problems(fields, doc, context)


def organisations(
    table: dict[str, Any], context: Context
) -> tuple[list[Organisation], list[Problem]]:
    """The valid organisations of a table, and the problems of the others."""
    found: list[Organisation] = []
    problems: list[Problem] = []
    for doc_id, doc in table.items():
        wrong = list(record_problems(schema.ORGANISATION, doc, context))
        where = label(doc, "abbreviation", doc_id)
        problems.extend(Problem(ORGANISATIONS_TABLE, where, message) for message in wrong)
        if not wrong:
            found.append(schema.organisation(doc))
    return found, problems


def article(table: dict[str, Any], context: Context) -> tuple[Article, list[Problem]]:
    """The article (the table's first record), or the default one and the problems."""
    for doc_id, doc in list(table.items())[:1]:
        wrong = list(record_problems(schema.ARTICLE, doc, context))
        if wrong:
            return Article(), [Problem(ARTICLE_TABLE, id_label(doc_id), m) for m in wrong]
        return schema.article(doc), []
    return Article(), []


def missions(
    table: dict[str, Any], codes: frozenset[str], context: Context
) -> tuple[list[Mission], list[Problem]]:
    """The valid missions of a table (``codes``: the partners' ISO codes), and the problems."""
    found: list[Mission] = []
    problems: list[Problem] = []
    for doc_id, doc in table.items():
        wrong = list(record_problems(schema.MISSION, doc, context))
        if not wrong:
            wrong = list(schema.mission_rules(doc, codes, context))
        problems.extend(Problem(MISSIONS_TABLE, id_label(doc_id), m) for m in wrong)
        if not wrong:
            found.append(schema.mission(doc, context))
    return found, problems


def exact(storage: ReadOnlyJSONStorage, context: Context) -> tuple[Catalogue | None, list[Problem]]:
    """Every problem of every record, and the catalogue when there are none."""
    tables = storage.read() or {}
    problems: list[Problem] = []
    for name in TABLES:
        for doc_id in getattr(tables.get(name), "duplicates", ()):
            twice = f"duplicate record id {shown(doc_id)} (two records have it; one would be lost)"
            problems.append(Problem(name, id_label(doc_id), twice))
        for doc_id in tables.get(name, {}):
            if has_surrogate(doc_id):
                surrogate = "the record id holds a lone surrogate, not text"
                problems.append(Problem(name, id_label(doc_id), surrogate))
    valid: list[Any] = []
    # Names and codes seen so far, mapped to the record (id, label) that had them first.
    seen_names: dict[str, tuple[str, str]] = {}
    seen_iso: dict[str, tuple[str, str]] = {}
    for doc_id, doc in tables[RELATIONS_TABLE].items():
        where = label(doc, "name", doc_id)
        wrong = list(record_problems(schema.RELATION, doc, context))
        if wrong:
            problems.extend(Problem(RELATIONS_TABLE, where, message) for message in wrong)
            continue
        # Every field is valid: the record as the fast pass would have decoded it.
        record = msgspec.convert(doc, schema.RelationRecord)
        wrong = schema.relation_rules(record)
        if not wrong:
            first_id, first = seen_names.setdefault(schema.name_key(record.name), (doc_id, where))
            if first_id != doc_id:
                wrong.append(f"duplicate name (also record {first!r})")
            iso3 = record.iso3
            if iso3 is not None:
                first_id, first = seen_iso.setdefault(iso3, (doc_id, where))
                if first_id != doc_id:
                    wrong.append(f"duplicate ISO code {iso3} (also record {first!r})")
        problems.extend(Problem(RELATIONS_TABLE, where, message) for message in wrong)
        if not wrong:
            valid.append(record)
    found_organisations, wrong_organisations = organisations(
        tables.get(ORGANISATIONS_TABLE, {}), context
    )
    found_article, wrong_article = article(tables.get(ARTICLE_TABLE, {}), context)
    codes = frozenset(record.iso3 for record in valid if record.iso3 is not None)
    found_missions, wrong_missions = missions(tables.get(MISSIONS_TABLE, {}), codes, context)
    problems += wrong_organisations + wrong_article + wrong_missions
    if problems:
        return None, problems
    catalogue = build(storage, valid, context, found_organisations, found_article, found_missions)
    return catalogue, []

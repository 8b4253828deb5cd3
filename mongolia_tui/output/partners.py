"""Partners as a table, CSV, JSON or Markdown: ``list``, ``show --format json`` and the export.

JSON holds every field of the store (plus the derived ``order``, and the partner's missions
both ways: ``missions_summary`` and ``missions``); CSV one line per partner with its plain
fields; the table and Markdown what the browser's table shows. Every format says whether the
sources dispute the date (``date_disputed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from mongolia_tui.dates import age_in_years
from mongolia_tui.missions import partner_fields
from mongolia_tui.model import REGION_SHORT, Mission, Relation, source_record
from mongolia_tui.output.writer import TextColumn, csv_text, json_text, markdown, table, unsupported
from mongolia_tui.views import UNCERTAIN_LEGEND, UNCERTAIN_MARK, date_mark, has_note

#: Columns of the table format. On a narrow terminal region names shorten first, then long
#: names are clipped with "…", then the Note, Years and Region columns go.
TABLE_COLUMNS = (
    TextColumn("#", "right"),
    TextColumn("Country", shrink=1, least=12),
    TextColumn("Region", short=lambda region: REGION_SHORT.get(region, region), drop=3),
    TextColumn("Established"),
    TextColumn("Years", "right", drop=2),
    TextColumn("Note", drop=1),
)
MARKDOWN_HEADER = ("#", "Country", "Region", "Established", "Date disputed", "Years", "Notes")
CSV_HEADER = ("order", "name", "aliases", "iso3", "region", "established", "date_disputed",
              "status", "un_member", "years", "notes", "sources")  # fmt: skip


def record(relation: Relation) -> dict[str, Any]:
    """A partner as a plain mapping: the store's fields plus the derived ``order``."""
    return {
        "order": relation.order,
        "name": relation.name,
        "name_mn": relation.name_mn,
        "name_mn_source": relation.name_mn_source,
        "aliases": list(relation.aliases),
        "iso3": relation.iso3,
        "region": relation.region,
        "established": relation.established.iso() if relation.established else None,
        "date_disputed": relation.date_disputed,
        "status": relation.status,
        "un_member": relation.un_member,
        "notes": relation.notes,
        "date_note": relation.date_note,
        "history": [
            {
                "kind": e.kind,
                "date": e.date.iso() if e.date else None,
                "name": e.name,
                "note": e.note,
                "sources": [source_record(s) for s in e.sources],
                "rank": e.rank,
            }
            for e in relation.history
        ],
        "see_also": list(relation.see_also),
        "sources": [source_record(s) for s in relation.sources],
    }


def with_missions(relation: Relation, missions: Sequence[Mission]) -> dict[str, Any]:
    """:func:`record` and the partner's missions both ways ("no data" when none are known)."""
    return {**record(relation), **partner_fields(missions, relation.iso3, relation.name)}


def to_json(relations: Iterable[Relation], missions: Sequence[Mission] = ()) -> str:
    """A JSON array of records (``list --format json``)."""
    return json_text([with_missions(r, missions) for r in relations])


def one_json(relation: Relation, missions: Sequence[Mission] = ()) -> str:
    """One partner's record as a JSON object (``show --format json``)."""
    return json_text(with_missions(relation, missions))


def _rank(relation: Relation) -> str:
    return str(relation.order) if relation.order is not None else "—"


def _years(relation: Relation, today: date) -> str:
    return age_in_years(relation.established, today) if relation.has_relations else ""


def _date(relation: Relation) -> str:
    return relation.established.iso() if relation.established else relation.established_text


def to_csv(relations: Iterable[Relation], today: date) -> str:
    rows = (
        (
            r.order,
            r.name,
            "; ".join(r.aliases),
            r.iso3,
            r.region,
            r.established.iso() if r.established else "",
            "yes" if r.date_disputed else "no",
            r.status,
            "yes" if r.un_member else "no",
            _years(r, today),
            r.notes,
            " ".join(r.sources),
        )
        for r in relations
    )
    return csv_text(CSV_HEADER, rows)


def to_markdown(relations: Iterable[Relation], today: date) -> str:
    rows = (
        (_rank(r), r.name, r.region, _date(r), "yes" if r.date_disputed else "",
         _years(r, today), r.notes)
        for r in relations
    )  # fmt: skip
    return markdown(MARKDOWN_HEADER, rows)


def to_table(
    relations: Iterable[Relation], today: date, *, width: int | None = None, names: str = "en"
) -> str:
    """An aligned plain-text table; with no ``width`` nothing is clipped (pipes, files).
    ``names="mn"``: the Country column in Mongolian, where known. A date the sources leave
    uncertain or dispute is marked as in the browser (:func:`~mongolia_tui.views.date_mark`),
    and the last line says what the mark means."""
    rows = [
        (_rank(r), r.shown_name(names), r.region, _date(r) + date_mark(r), _years(r, today),
         "✎" if has_note(r) else "")
        for r in relations
    ]  # fmt: skip
    text = table(TABLE_COLUMNS, rows, width=width)
    if any(row[3].endswith(UNCERTAIN_MARK) for row in rows):
        text += f"\n{UNCERTAIN_MARK} {UNCERTAIN_LEGEND}\n"
    return text


def render(
    relations: Sequence[Relation],
    fmt: str,
    today: date,
    *,
    width: int | None = None,
    missions: Sequence[Mission] = (),
    names: str = "en",
) -> str:
    """Partners in one of the :data:`~mongolia_tui.output.writer.FORMATS`; ``width`` limits
    the table's lines; ``missions``: the store's, for JSON; ``names``: the table's Country
    column, "en" or "mn"."""
    if fmt == "json":
        return to_json(relations, missions)
    if fmt == "csv":
        return to_csv(relations, today)
    if fmt == "markdown":
        return to_markdown(relations, today)
    if fmt == "table":
        return to_table(relations, today, width=width, names=names)
    raise unsupported(fmt)

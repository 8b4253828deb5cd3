"""Partners as a table, CSV, JSON or Markdown: ``list``, ``show --format json`` and the export.

JSON holds every field of the store (plus the derived ``rank``, and the partner's missions
both ways: ``missions_summary`` and ``missions``); CSV one line per partner with its plain
fields; the table and Markdown what the browser's table shows. Every format says whether the
sources dispute the date (``date_disputed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from mongolia_tui.dates import age_in_years
from mongolia_tui.filters import UNCERTAIN_LEGEND, UNCERTAIN_MARK, date_mark, has_note
from mongolia_tui.missions import partner_fields
from mongolia_tui.model import REGION_SHORT, Mission, Partner, source_record
from mongolia_tui.output.writer import TextColumn, csv_text, json_text, markdown, table, unsupported

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
CSV_HEADER = ("rank", "name", "aliases", "iso3", "region", "established", "date_disputed",
              "status", "un_member", "years", "notes", "sources")  # fmt: skip


def record(partner: Partner) -> dict[str, Any]:
    """A partner as a plain mapping: the store's fields plus the derived ``rank``."""
    return {
        "rank": partner.rank,
        "name": partner.name,
        "name_mn": partner.name_mn,
        "name_mn_source": partner.name_mn_source,
        "aliases": list(partner.aliases),
        "iso3": partner.iso3,
        "region": partner.region,
        "established": partner.established.iso() if partner.established else None,
        "date_disputed": partner.date_disputed,
        "status": partner.status,
        "un_member": partner.un_member,
        "notes": partner.notes,
        "date_note": partner.date_note,
        "history": [
            {
                "kind": e.kind,
                "date": e.date.iso() if e.date else None,
                "name": e.name,
                "note": e.note,
                "sources": [source_record(s) for s in e.sources],
                "rank": e.rank,
            }
            for e in partner.history
        ],
        "see_also": list(partner.see_also),
        "sources": [source_record(s) for s in partner.sources],
    }


def with_missions(partner: Partner, missions: Sequence[Mission]) -> dict[str, Any]:
    """:func:`record` and the partner's missions both ways ("no data" when none are known)."""
    return {**record(partner), **partner_fields(missions, partner.iso3, partner.name)}


def to_json(partners: Iterable[Partner], missions: Sequence[Mission] = ()) -> str:
    """A JSON array of records (``list --format json``)."""
    return json_text([with_missions(r, missions) for r in partners])


def one_json(partner: Partner, missions: Sequence[Mission] = ()) -> str:
    """One partner's record as a JSON object (``show --format json``)."""
    return json_text(with_missions(partner, missions))


def _rank(partner: Partner) -> str:
    return str(partner.rank) if partner.rank is not None else "—"


def _years(partner: Partner, today: date) -> str:
    return age_in_years(partner.established, today) if partner.has_relations else ""


def _date(partner: Partner) -> str:
    return partner.established.iso() if partner.established else partner.established_text


def to_csv(partners: Iterable[Partner], today: date) -> str:
    rows = (
        (
            r.rank,
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
        for r in partners
    )
    return csv_text(CSV_HEADER, rows)


def to_markdown(partners: Iterable[Partner], today: date) -> str:
    rows = (
        (_rank(r), r.name, r.region, _date(r), "yes" if r.date_disputed else "",
         _years(r, today), r.notes)
        for r in partners
    )  # fmt: skip
    return markdown(MARKDOWN_HEADER, rows)


def to_table(
    partners: Iterable[Partner], today: date, *, width: int | None = None, names: str = "en"
) -> str:
    """An aligned plain-text table; with no ``width`` nothing is clipped (pipes, files).
    ``names="mn"``: the Country column in Mongolian, where known. A date the sources leave
    uncertain or dispute is marked as in the browser (:func:`~mongolia_tui.filters.date_mark`),
    and the last line says what the mark means."""
    rows = [
        (_rank(r), r.shown_name(names), r.region, _date(r) + date_mark(r), _years(r, today),
         "✎" if has_note(r) else "")
        for r in partners
    ]  # fmt: skip
    text = table(TABLE_COLUMNS, rows, width=width)
    if any(row[3].endswith(UNCERTAIN_MARK) for row in rows):
        text += f"\n{UNCERTAIN_MARK} {UNCERTAIN_LEGEND}\n"
    return text


def render(
    partners: Sequence[Partner],
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
        return to_json(partners, missions)
    if fmt == "csv":
        return to_csv(partners, today)
    if fmt == "markdown":
        return to_markdown(partners, today)
    if fmt == "table":
        return to_table(partners, today, width=width, names=names)
    raise unsupported(fmt)

"""Partners and organisations as text: aligned table, CSV, JSON or Markdown.

Shared by the CLI's ``list`` and the TUI's export, so both write the same thing. Every format
but JSON is terminal-safe (control characters made visible); JSON escapes them instead.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from mongolia_tui.cells import cell_width, fit
from mongolia_tui.dates import age_in_years
from mongolia_tui.model import REGION_SHORT, Organisation, Relation, source_record
from mongolia_tui.sanitize import escape_json_text, safe_line

FORMATS = ("table", "csv", "json", "markdown")
#: File name endings the TUI export understands.
EXTENSIONS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown",
              ".txt": "table"}  # fmt: skip


def relation_record(relation: Relation) -> dict[str, Any]:
    """A partner as a plain mapping: the store's fields plus the derived ``order``."""
    return {
        "order": relation.order,
        "name": relation.name,
        "aliases": list(relation.aliases),
        "iso3": relation.iso3,
        "region": relation.region,
        "established": relation.established.iso() if relation.established else None,
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


_COLUMNS = ("#", "Country", "Region", "Established", "Years", "Notes")


def _cells(relation: Relation, today: date) -> list[str]:
    return [
        str(relation.order) if relation.order is not None else "—",
        relation.name,
        relation.region,
        relation.established.iso() if relation.established else relation.established_text,
        age_in_years(relation.established, today) if relation.has_relations else "",
        relation.notes,
    ]


def to_json(relations: Iterable[Relation]) -> str:
    """A JSON array of records; non-ASCII kept readable, controls and bidi marks escaped."""
    text = json.dumps([relation_record(r) for r in relations], ensure_ascii=False, indent=2)
    return escape_json_text(text) + "\n"


def relation_json(relation: Relation) -> str:
    """One partner's record as a JSON object (``show --format json``), escaped as in JSON lists."""
    text = json.dumps(relation_record(relation), ensure_ascii=False, indent=2)
    return escape_json_text(text) + "\n"


def to_csv(relations: Iterable[Relation], today: date) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["order", "name", "aliases", "iso3", "region", "established", "status",
                     "un_member", "years", "notes", "sources"])  # fmt: skip
    for r in relations:
        cells = (
            r.order if r.order is not None else "",
            r.name,
            "; ".join(r.aliases),
            r.iso3 or "",
            r.region,
            r.established.iso() if r.established else "",
            r.status,
            "yes" if r.un_member else "no",
            age_in_years(r.established, today) if r.has_relations else "",
            r.notes,
            " ".join(r.sources),
        )
        writer.writerow(safe_line(str(cell)) for cell in cells)
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return safe_line(text).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(relations: Iterable[Relation], today: date) -> str:
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    for r in relations:
        lines.append("| " + " | ".join(_md_cell(c) for c in _cells(r, today)) + " |")
    return "\n".join(lines) + "\n"


def _fit(
    naturals: list[int], *, width: int | None, shrink: dict[int, int], drop: Sequence[int]
) -> list[int | None]:
    """Column widths for a line of at most ``width`` cells (None: unlimited).

    Each column gets its natural width; when the line is too wide the ``shrink`` columns give
    way down to their minimum (in the order given), then the ``drop`` columns go (width None),
    one by one, until the line fits or nothing more can go.
    """
    if width is None:
        return list(naturals)
    widths: list[int | None] = []
    for dropped in range(len(drop) + 1):
        widths = list(naturals)
        for column in drop[:dropped]:
            widths[column] = None
        excess = _line_width(widths) - width
        for column, least in shrink.items():
            current = widths[column]
            if excess <= 0 or current is None:
                continue
            given = min(excess, max(0, current - least))
            widths[column] = current - given
            excess -= given
        if excess <= 0:
            break
    return widths


def _line_width(widths: Sequence[int | None]) -> int:
    kept = [w for w in widths if w is not None]
    return sum(kept) + 2 * (len(kept) - 1)


def _lines(rows: list[list[str]], widths: list[int | None], right: set[int]) -> str:
    """Rows as aligned lines; cells clipped and padded by terminal cells, not characters."""
    out = []
    for row in rows:
        cells = [
            fit(cell, w, right=i in right)
            for i, (cell, w) in enumerate(zip(row, widths))
            if w is not None
        ]
        out.append("  ".join(cells).rstrip())
    return "".join(line + "\n" for line in out)


def _naturals(rows: list[list[str]]) -> list[int]:
    return [max(map(cell_width, column)) for column in zip(*rows)]


def to_table(relations: Sequence[Relation], today: date, *, width: int | None = None) -> str:
    """An aligned plain-text table.

    ``width`` (a terminal's) limits the line: region names shorten first, then long names are
    clipped with "…", then the Note, Years and Region columns go. With no width nothing is
    clipped (pipes and files keep every name whole).
    """
    header = ["#", "Country", "Region", "Established", "Years", "Note"]
    rows = [header]
    for r in relations:
        cells = [safe_line(c) for c in _cells(r, today)]
        cells[5] = "✎" if cells[5] else ""
        rows.append(cells)
    naturals = _naturals(rows)
    if width is not None and _line_width(naturals) > width:
        for row in rows[1:]:
            row[2] = REGION_SHORT.get(row[2], row[2])
        naturals = _naturals(rows)
    widths = _fit(naturals, width=width, shrink={1: 12}, drop=(5, 4, 2))
    return _lines(rows, widths, right={0, 4})


def render(
    relations: Sequence[Relation], fmt: str, today: date, *, width: int | None = None
) -> str:
    """Render rows in one of :data:`FORMATS`; ``width`` limits the table's lines."""
    if fmt == "json":
        return to_json(relations)
    if fmt == "csv":
        return to_csv(relations, today)
    if fmt == "markdown":
        return to_markdown(relations, today)
    if fmt == "table":
        return to_table(relations, today, width=width)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def organisation_record(organisation: Organisation) -> dict[str, Any]:
    """An organisation as a plain mapping: the store's fields."""
    return {
        "abbreviation": organisation.abbreviation,
        "name": organisation.name,
        "status": organisation.status,
        "notes": organisation.notes,
        "sources": [source_record(s) for s in organisation.sources],
    }


_ORG_COLUMNS = ("Abbr", "Organisation", "Status", "Notes")


def _org_cells(organisation: Organisation) -> list[str]:
    o = organisation
    return [safe_line(c) for c in (o.abbreviation, o.name, o.status, o.notes)]


def render_organisations(
    organisations: Sequence[Organisation], fmt: str, *, width: int | None = None
) -> str:
    """Organisations in one of :data:`FORMATS`, in the order given.

    Like :func:`render`: text formats are terminal-safe, JSON escapes controls instead.
    ``width`` limits the table's lines (notes, then names are clipped; Status goes last).
    """
    if fmt == "json":
        records = [organisation_record(o) for o in organisations]
        return escape_json_text(json.dumps(records, ensure_ascii=False, indent=2)) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["abbreviation", "name", "status", "notes", "sources"])
        for o in organisations:
            writer.writerow([*_org_cells(o), safe_line(" ".join(o.sources))])
        return buffer.getvalue()
    if fmt == "markdown":
        lines = ["| " + " | ".join(_ORG_COLUMNS) + " |", "|" + "---|" * len(_ORG_COLUMNS)]
        for o in organisations:
            lines.append("| " + " | ".join(_md_cell(c) for c in _org_cells(o)) + " |")
        return "\n".join(lines) + "\n"
    if fmt == "table":
        rows = [list(_ORG_COLUMNS), *(_org_cells(o) for o in organisations)]
        widths = _fit(_naturals(rows), width=width, shrink={3: 10, 1: 12}, drop=(3, 2))
        return _lines(rows, widths, right=set())
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its ending, or None."""
    lower = path.lower()
    for ending, fmt in EXTENSIONS.items():
        if lower.endswith(ending):
            return fmt
    return None

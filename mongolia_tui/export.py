"""Rows of partners as text: aligned table, CSV, JSON or Markdown.

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

from mongolia_tui.dates import age_in_years
from mongolia_tui.model import Relation
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
                "sources": list(e.sources),
                "rank": e.rank,
            }
            for e in relation.history
        ],
        "see_also": list(relation.see_also),
        "sources": list(relation.sources),
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


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_table(relations: Sequence[Relation], today: date, *, width: int = 100) -> str:
    """An aligned plain-text table for a terminal; long names and notes are clipped."""
    rows = [[safe_line(c) for c in _cells(r, today)] for r in relations]
    rows = [[*row[:5], "✎" if row[5] else ""] for row in rows]
    header = ["#", "Country", "Region", "Established", "Years", "Note"]
    fixed = [max([4] + [len(r[0]) for r in rows]), 0, 0, 11, 7, 4]
    name_width = min(max([len(header[1])] + [len(r[1]) for r in rows]), 40)
    region_width = min(max([len(header[2])] + [len(r[2]) for r in rows]), 34)
    widths = [fixed[0], name_width, region_width, fixed[3], fixed[4], fixed[5]]
    out = []
    for row in [header, *rows]:
        cells = [_clip(c, w) for c, w in zip(row, widths)]
        out.append(
            f"{cells[0]:>{widths[0]}}  {cells[1]:<{widths[1]}}  {cells[2]:<{widths[2]}}  "
            f"{cells[3]:<{widths[3]}}  {cells[4]:>{widths[4]}}  {cells[5]}".rstrip()
        )
    return "\n".join(out) + "\n"


def render(relations: Sequence[Relation], fmt: str, today: date) -> str:
    """Render rows in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(relations)
    if fmt == "csv":
        return to_csv(relations, today)
    if fmt == "markdown":
        return to_markdown(relations, today)
    if fmt == "table":
        return to_table(relations, today)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its ending, or None."""
    lower = path.lower()
    for ending, fmt in EXTENSIONS.items():
        if lower.endswith(ending):
            return fmt
    return None

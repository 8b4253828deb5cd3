"""The one writer of tables, CSV, JSON and Markdown: every layout in this package uses it.

A layout (partners, organisations, counts, anniversaries) says which columns and cells it
has; this module decides how a format writes them. Text formats are terminal-safe (control
characters made visible by :func:`~mongolia_tui.sanitize.safe_line`); JSON escapes them
instead. Tables align by terminal cells (:mod:`mongolia_tui.output.width`), so a CJK name
takes the two cells per character a terminal gives it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from mongolia_tui.output.width import cell_width, fit
from mongolia_tui.sanitize import escape_json_text, safe_line

#: The formats of ``list``, ``organisations``, ``stats`` and ``anniversaries``.
FORMATS = ("table", "csv", "json", "markdown")
#: File name endings the browser's export understands.
EXTENSIONS = {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown",
              ".txt": "table"}  # fmt: skip
#: Cells between two table columns.
GAP = "  "

Align = Literal["left", "right", "center"]


@dataclass(frozen=True, slots=True)
class TextColumn:
    """A column of an aligned text table (the browser's table has :mod:`mongolia_tui.columns`).

    Each column is as wide as its widest cell (header included), but never wider than
    ``most``. When the line is wider than the terminal, ``short`` rewrites the column's cells
    first (e.g. shorter region names); then columns with a ``shrink`` order give way, lowest
    first, down to ``least`` cells (their cells clipped with "…"); then columns with a
    ``drop`` order go, lowest first, until the line fits.
    """

    label: str
    align: Align = "left"
    most: int | None = None
    short: Callable[[str], str] | None = None
    shrink: int | None = None
    least: int = 1
    drop: int | None = None


def unsupported(fmt: str, formats: Sequence[str] = FORMATS) -> ValueError:
    """The error for a format a layout does not write."""
    return ValueError(f"unknown format {fmt!r}; choose from {', '.join(formats)}")


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its ending, or None."""
    lower = path.lower()
    for ending, fmt in EXTENSIONS.items():
        if lower.endswith(ending):
            return fmt
    return None


# -- JSON -------------------------------------------------------------------------------------


def json_text(value: object) -> str:
    """``value`` as indented JSON: non-ASCII kept readable, controls and bidi marks escaped."""
    return escape_json_text(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


# -- CSV --------------------------------------------------------------------------------------


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header and rows as CSV; None is an empty cell, every cell is made terminal-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_line("" if cell is None else str(cell)) for cell in row)
    return buffer.getvalue()


# -- Markdown ---------------------------------------------------------------------------------


def md_cell(text: str) -> str:
    """Text for one Markdown table cell: terminal-safe, with ``\\`` and ``|`` escaped."""
    return safe_line(text).replace("\\", "\\\\").replace("|", "\\|")


def markdown_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = ()
) -> list[str]:
    """The lines of a Markdown table; the ``right`` columns are marked right-aligned."""
    rightward = set(right)
    rule = "".join("---:|" if i in rightward else "---|" for i in range(len(header)))
    lines = ["| " + " | ".join(header) + " |", "|" + rule]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def markdown(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, right: Iterable[int] = ()
) -> str:
    """A Markdown table as text."""
    return "\n".join(markdown_table(header, rows, right=right)) + "\n"


# -- aligned tables ---------------------------------------------------------------------------


def table(
    columns: Sequence[TextColumn], rows: Iterable[Sequence[str]], *, width: int | None = None
) -> str:
    """Rows under a header line, aligned by terminal cells, at most ``width`` cells wide.

    With no ``width`` (a pipe, a file) no line is limited: only a column's ``most`` clips.
    """
    cells = [[c.label for c in columns], *([safe_line(c) for c in row] for row in rows)]
    naturals = _naturals(cells, columns)
    if width is not None and _line_width(naturals) > width:
        for i, column in enumerate(columns):
            if column.short is not None:
                for row in cells[1:]:
                    row[i] = column.short(row[i])
        naturals = _naturals(cells, columns)
    widths = _fit(naturals, columns, width)
    return "".join(_line(row, widths, columns) + "\n" for row in cells)


def table_lines(columns: Sequence[TextColumn], rows: Iterable[Sequence[str]]) -> list[str]:
    """An unlimited :func:`table` as a list of lines."""
    return table(columns, rows).splitlines()


def _naturals(cells: list[list[str]], columns: Sequence[TextColumn]) -> list[int]:
    widths = [max(map(cell_width, column)) for column in zip(*cells)]
    return [w if c.most is None else min(w, c.most) for w, c in zip(widths, columns)]


def _line_width(widths: Sequence[int | None]) -> int:
    kept = [w for w in widths if w is not None]
    return sum(kept) + len(GAP) * (len(kept) - 1)


def _fit(naturals: list[int], columns: Sequence[TextColumn], width: int | None) -> list[int | None]:
    """TextColumn widths (None: dropped) for a line of at most ``width`` cells."""
    if width is None:
        return list(naturals)
    shrinking = sorted((c.shrink, i) for i, c in enumerate(columns) if c.shrink is not None)
    dropping = [i for _, i in sorted((c.drop, i) for i, c in enumerate(columns)
                                     if c.drop is not None)]  # fmt: skip
    widths: list[int | None] = []
    for dropped in range(len(dropping) + 1):
        widths = list(naturals)
        for i in dropping[:dropped]:
            widths[i] = None
        excess = _line_width(widths) - width
        for _, i in shrinking:
            current = widths[i]
            if excess <= 0 or current is None:
                continue
            given = min(excess, max(0, current - columns[i].least))
            widths[i] = current - given
            excess -= given
        if excess <= 0:
            break
    return widths


def _line(row: Sequence[str], widths: Sequence[int | None], columns: Sequence[TextColumn]) -> str:
    return GAP.join(
        fit(cell, w, column.align) for cell, w, column in zip(row, widths, columns) if w is not None
    ).rstrip()

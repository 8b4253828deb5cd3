"""The counts of ``mongolia-tui stats`` (and the wide timeline) as a table, CSV, JSON, Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mongolia_tui.missions import MissionCounts
from mongolia_tui.model import Partner
from mongolia_tui.output.writer import (
    TextColumn,
    csv_text,
    json_text,
    markdown_table,
    md_cell,
    table_lines,
    unsupported,
)
from mongolia_tui.stats import Statistics, busiest_text, dated_names, decade_label, names

REGION_COLUMNS = (TextColumn("Region"), TextColumn("Partners", "right"))
DECADE_COLUMNS = (TextColumn("Decade"), TextColumn("Partners", "right"))
FOOTNOTE = "Counted by each partner's established date (the regional tables' date)."


def to_table(stats: Statistics, missions: MissionCounts | None = None) -> str:
    """Aligned terminal-safe text: totals, firsts, missions, then per region and per decade."""
    decades = stats.per_decade.items()
    missions_lines = [*missions.lines(), ""] if missions is not None else []
    lines = [
        f"Partners:        {stats.partners}",
        f"With relations:  {stats.with_relations} ({stats.dated} with a known date)",
        f"First:           {dated_names(stats.first)}",
        f"Latest:          {dated_names(stats.latest)}",
        f"Busiest year:    {busiest_text(stats)}",
        f"No relations:    {names(stats.without_relations) or '—'}",
        f"Date unknown:    {names(stats.undated) or '—'}",
        "",
        *missions_lines,
        *table_lines(REGION_COLUMNS, ((r, str(n)) for r, n in stats.per_region.items())),
        "",
        *table_lines(DECADE_COLUMNS, ((decade_label(d), str(n)) for d, n in decades)),
        "",
        FOOTNOTE,
    ]
    return "\n".join(lines) + "\n"


def _record(stats: Statistics) -> dict[str, Any]:
    def named(partners: Iterable[Partner]) -> list[dict[str, Any]]:
        return [
            {"name": r.name, "established": r.established.iso() if r.established else None}
            for r in partners
        ]

    return {
        "partners": stats.partners,
        "with_relations": stats.with_relations,
        "dated": stats.dated,
        "per_region": stats.per_region,
        "per_decade": {decade_label(d): n for d, n in stats.per_decade.items()},
        "per_year": {str(y): n for y, n in stats.per_year.items()},
        "first": named(stats.first),
        "latest": named(stats.latest),
        "busiest_year": {"years": list(stats.busiest_years), "partners": stats.busiest_count},
        "no_relations": [r.name for r in stats.without_relations],
        "date_unknown": [r.name for r in stats.undated],
    }


def _iso(partner: Partner) -> str:
    return partner.established.iso() if partner.established else ""


def _rows(stats: Statistics) -> list[tuple[str, str, str]]:
    """(statistic, key, value) rows: the long form of the CSV."""
    rows = [
        ("partners", "", str(stats.partners)),
        ("with relations", "", str(stats.with_relations)),
        ("dated", "", str(stats.dated)),
    ]
    rows += [("first", r.name, _iso(r)) for r in stats.first]
    rows += [("latest", r.name, _iso(r)) for r in stats.latest]
    rows += [("busiest year", str(y), str(stats.busiest_count)) for y in stats.busiest_years]
    rows += [("no relations", r.name, "") for r in stats.without_relations]
    rows += [("date unknown", r.name, "") for r in stats.undated]
    rows += [("region", region, str(n)) for region, n in stats.per_region.items()]
    rows += [("decade", decade_label(d), str(n)) for d, n in stats.per_decade.items()]
    rows += [("year", str(y), str(n)) for y, n in stats.per_year.items()]
    return rows


def to_markdown(stats: Statistics, missions: MissionCounts | None = None) -> str:
    """The table format's content as Markdown: a list of totals, then two tables."""
    missions_lines = [f"- {line}" for line in missions.lines()] if missions is not None else []
    lines = [
        f"- Partners: {stats.partners}",
        f"- With relations: {stats.with_relations} ({stats.dated} with a known date)",
        f"- First: {md_cell(dated_names(stats.first))}",
        f"- Latest: {md_cell(dated_names(stats.latest))}",
        f"- Busiest year: {busiest_text(stats)}",
        f"- No relations: {md_cell(names(stats.without_relations)) or '—'}",
        f"- Date unknown: {md_cell(names(stats.undated)) or '—'}",
        *missions_lines,
        "",
        *markdown_table(["Region", "Partners"],
                        ((r, str(n)) for r, n in stats.per_region.items()), right=[1]),
        "",
        *markdown_table(["Decade", "Partners"],
                        ((decade_label(d), str(n)) for d, n in stats.per_decade.items()),
                        right=[1]),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def render(stats: Statistics, fmt: str, missions: MissionCounts | None = None) -> str:
    """Statistics in one of the :data:`~mongolia_tui.output.writer.FORMATS`; ``missions``:
    the counts of missions both ways, when the store has any."""
    if fmt == "table":
        return to_table(stats, missions)
    if fmt == "csv":
        rows = _rows(stats)
        if missions is not None:
            rows += [("missions", key, str(n)) for key, n in missions.as_dict().items()]
        return csv_text(("statistic", "key", "value"), rows)
    if fmt == "json":
        record = _record(stats)
        if missions is not None:
            record["missions"] = missions.as_dict()
        return json_text(record)
    if fmt == "markdown":
        return to_markdown(stats, missions)
    raise unsupported(fmt)

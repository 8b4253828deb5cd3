"""Missions as a table, CSV, JSON or Markdown: ``mongolia-tui missions``.

Every format names the countries (JSON and CSV give the ISO codes too); JSON holds every field
of the store. Dates are as precise as the source: "since 1950", "1960–September 1995", or
nothing when no source gives one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mongolia_tui.missions import dates_text, kind_label, record
from mongolia_tui.model import Mission
from mongolia_tui.output.writer import TextColumn, csv_text, json_text, markdown, table, unsupported

#: Shorter kinds for a narrow terminal.
SHORT_KINDS = {"consulate general": "cons. general", "honorary consulate": "hon. consulate",
               "representative office": "rep. office"}  # fmt: skip
#: Columns of the table format and Markdown. On a narrow terminal kinds shorten, the covered
#: countries and the names are clipped, then the dates go, then the covered countries.
TABLE_COLUMNS = (
    TextColumn("Mission of", shrink=2, least=10),
    TextColumn("In", shrink=1, least=10),
    TextColumn("City", most=16),
    TextColumn("Kind", short=lambda kind: SHORT_KINDS.get(kind, kind)),
    TextColumn("Dates", drop=1),
    TextColumn("Also covers", shrink=3, least=12, drop=2),
)
CSV_HEADER = ("sender", "sender_name", "host", "host_name", "city", "kind", "covers",
              "covers_names", "opened", "closed", "note", "sources")  # fmt: skip


def _name(names: Mapping[str, str], code: str) -> str:
    return "Mongolia" if code == "MNG" else names.get(code, code)


def _cells(mission: Mission, names: Mapping[str, str]) -> tuple[str, ...]:
    m = mission
    covers = ", ".join(_name(names, c) for c in m.covers)
    return (_name(names, m.sender), _name(names, m.host), m.city, kind_label(m), dates_text(m),
            covers)  # fmt: skip


def to_record(mission: Mission, names: Mapping[str, str]) -> dict[str, Any]:
    """The store's fields, with the countries' names beside their codes."""
    return {
        **record(mission),
        "sender_name": _name(names, mission.sender),
        "host_name": _name(names, mission.host),
        "covers_names": [_name(names, c) for c in mission.covers],
    }


def _csv_row(mission: Mission, names: Mapping[str, str]) -> tuple[object, ...]:
    r = to_record(mission, names)
    return (r["sender"], r["sender_name"], r["host"], r["host_name"], r["city"], r["kind"],
            " ".join(r["covers"]), "; ".join(r["covers_names"]), r["opened"], r["closed"],
            r["note"], " ".join(mission.sources))  # fmt: skip


def render(
    missions: Sequence[Mission],
    fmt: str,
    names: Mapping[str, str],
    *,
    width: int | None = None,
) -> str:
    """Missions in one of the :data:`~mongolia_tui.output.writer.FORMATS`, in the order given;
    ``names``: partners' names by ISO code; ``width`` limits the table's lines."""
    if fmt == "json":
        return json_text([to_record(m, names) for m in missions])
    if fmt == "csv":
        return csv_text(CSV_HEADER, (_csv_row(m, names) for m in missions))
    if fmt == "markdown":
        return markdown([c.label for c in TABLE_COLUMNS], (_cells(m, names) for m in missions))
    if fmt == "table":
        return table(TABLE_COLUMNS, (_cells(m, names) for m in missions), width=width)
    raise unsupported(fmt)

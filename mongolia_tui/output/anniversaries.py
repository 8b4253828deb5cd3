"""Anniversaries as a table, CSV, JSON or Markdown (``mongolia-tui anniversaries``), and every
partner's yearly anniversary as an iCalendar file (``--format ics``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from mongolia_tui.anniversaries import (
    DEFAULT_WITHIN,
    LEAP_DAY_NOTE,
    Anniversary,
    celebrated_dates,
    celebrated_predecessor,
    format_date_day,
    when_text,
    window_text,
)
from mongolia_tui.model import Partner
from mongolia_tui.output.writer import (
    FORMATS,
    TextColumn,
    csv_text,
    json_text,
    markdown_table,
    table_lines,
    unsupported,
)
from mongolia_tui.sanitize import safe_line

#: Columns of the table (and Markdown); long names are clipped at 40 cells.
COLUMNS = (
    TextColumn("Date"),
    TextColumn("When"),
    TextColumn("Partner", most=40),
    TextColumn("Years", "right"),
    TextColumn("Round", "center"),
    TextColumn("Established"),
)
CSV_HEADER = ("date", "days", "partner", "iso3", "region", "years", "round", "established",
              "counted_from", "note")  # fmt: skip


def _record(a: Anniversary, today: date) -> dict[str, object]:
    return {
        "date": a.date.isoformat(),
        "days": (a.date - today).days,
        "partner": a.partner,
        "iso3": a.subject.iso3,
        "region": a.subject.region,
        "years": a.years,
        "round": a.is_round,
        "established": a.established.isoformat(),
        # A successor state's two anniversaries: "Czechoslovakia's date" or "own date".
        "counted_from": a.which,
        "note": LEAP_DAY_NOTE if a.leap_day else "",
    }


def _cells(a: Anniversary, today: date) -> tuple[str, ...]:
    return (
        a.date.isoformat(),
        when_text(a.date, today),
        a.label,
        str(a.years) + ("*" if a.leap_day else ""),
        "★" if a.is_round else "",
        a.established.isoformat(),
    )


def _footer(anniversaries: Sequence[Anniversary]) -> list[str]:
    if any(a.leap_day for a in anniversaries):
        return ["", f"* {LEAP_DAY_NOTE}."]
    return []


def to_csv(anniversaries: Sequence[Anniversary], today: date) -> str:
    rows = (
        {**_record(a, today), "round": "yes" if a.is_round else "no"}.values()
        for a in anniversaries
    )
    return csv_text(CSV_HEADER, (tuple(row) for row in rows))


def to_markdown(anniversaries: Sequence[Anniversary], today: date) -> str:
    header = [c.label for c in COLUMNS]
    rows = (_cells(a, today) for a in anniversaries)
    return "\n".join(markdown_table(header, rows, right=[3]) + _footer(anniversaries)) + "\n"


def to_table(
    anniversaries: Sequence[Anniversary], today: date, within: int = DEFAULT_WITHIN
) -> str:
    """Aligned terminal-safe text; says so when there is nothing in the window."""
    if not anniversaries:
        return f"No anniversaries {window_text(today, within)}.\n"
    lines = table_lines(COLUMNS, (_cells(a, today) for a in anniversaries))
    return "\n".join(lines + _footer(anniversaries)) + "\n"


def render(
    anniversaries: Sequence[Anniversary], fmt: str, today: date, within: int = DEFAULT_WITHIN
) -> str:
    """Anniversaries in one of the writer's formats (``ics`` is :func:`to_ics`)."""
    if fmt == "table":
        return to_table(anniversaries, today, within)
    if fmt == "csv":
        return to_csv(anniversaries, today)
    if fmt == "json":
        return json_text([_record(a, today) for a in anniversaries])
    if fmt == "markdown":
        return to_markdown(anniversaries, today)
    raise unsupported(fmt, FORMATS)


# -- iCalendar --------------------------------------------------------------------------------


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "partner"


def event_uid(partner: Partner, predecessor: str = "") -> str:
    """A UID that stays the same from one export to the next for the same partner and date.

    The slug keeps it readable; the hash of the exact name keeps it unique when two names
    fold to the same slug. ``predecessor``: the event counts from that predecessor's date.
    """
    import hashlib

    digest = hashlib.sha256(partner.name.encode("utf-8")).hexdigest()[:10]
    event = celebrated_predecessor(partner) if predecessor else None
    if event is not None and event.date is not None:
        when = event.date.iso()
    else:
        when = partner.established.iso() if partner.established else ""
    return f"{_slug(partner.name)}-{when}-{digest}@mongolia-tui"


def to_ics(partners: Iterable[Partner], stamp: datetime) -> bytes:
    """An iCalendar file with one yearly all-day event per partner with a day-precise date.

    ``stamp`` is every event's DTSTAMP (when the file was made), so the same day gives the same
    bytes. A 29 February date recurs on the last day of February (``BYMONTH=2;BYMONTHDAY=-1``):
    a plain yearly rule from 29 February yields no date in common years (RFC 5545 drops
    invalid dates), which would hide the anniversary three years in four.
    """
    from icalendar import Calendar, Event  # only this format needs it

    calendar = Calendar()
    calendar.add("prodid", "-//mongolia-tui//Anniversaries of Mongolia's relations//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Mongolia's diplomatic relations")
    stamp = stamp.astimezone(UTC)
    for partner, start, predecessor in _yearly(partners):
        name = safe_line(partner.name)
        event = Event()
        event.add("uid", event_uid(partner, predecessor))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        rule: dict[str, object] = {"freq": "yearly"}
        if predecessor:
            description = (
                f"Mongolia established diplomatic relations with {safe_line(predecessor)}, "
                f"{name}'s predecessor, on {format_date_day(start)}; {name}'s anniversaries of "
                "relations are also counted from this date."
            )
        else:
            description = (
                f"Mongolia and {name} established diplomatic relations on {format_date_day(start)}."
            )
        if (start.month, start.day) == (2, 29):
            rule.update(bymonth=2, bymonthday=-1)
            description += (
                " The date is 29 February: in common years the anniversary falls on 28 February."
            )
        event.add("rrule", rule)
        if predecessor:
            since = f", as {safe_line(predecessor)}"
        else:
            since = ", own date" if celebrated_predecessor(partner) is not None else ""
        event.add("summary", f"Mongolia–{name}: anniversary of diplomatic relations "
                             f"({start.year}{since})")  # fmt: skip
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _yearly(partners: Iterable[Partner]) -> list[tuple[Partner, date, str]]:
    """Every yearly event, by date: (partner, first day, predecessor's name or "")."""
    found = [
        (partner, start, predecessor)
        for partner in partners
        for start, predecessor in celebrated_dates(partner)
    ]
    found.sort(key=lambda item: item[1])
    return found

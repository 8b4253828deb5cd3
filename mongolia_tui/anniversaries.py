"""Anniversaries of Mongolia's relations: which fall in the coming days, and an iCalendar file.

Only a date known to the day has a day to celebrate: year- and month-only dates are left out.
The anniversary in a given year is the same month and day, computed with dateutil's
``relativedelta(years=n)``, which puts 29 February on 28 February in common years. The
establishing day itself (the 0th anniversary) is not an anniversary.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from mongolia_tui.dates import MONTHS, Precision, format_date
from mongolia_tui.export import FORMATS as EXPORT_FORMATS
from mongolia_tui.export import _md_cell
from mongolia_tui.model import Relation
from mongolia_tui.sanitize import escape_json_text, safe_line

FORMATS = (*EXPORT_FORMATS, "ics")
#: Anniversaries marked as round: occasions people plan for.
ROUND_YEARS = frozenset({10, 25, 50, 60, 70, 75, 100})
DEFAULT_WITHIN = 30
#: The longest window asked for, in days (ten years).
MAX_WITHIN = 3660
LEAP_DAY_NOTE = "established on 29 February: in common years the anniversary falls on 28 February"


class Anniversary(NamedTuple):
    """One anniversary: the day it falls on, whose, how many years, whether it is round."""

    date: date
    partner: str
    years: int
    is_round: bool
    #: The day relations were established.
    established: date
    relation: Relation

    @property
    def leap_day(self) -> bool:
        """Established on 29 February (so it falls on 28 February in common years)."""
        return (self.established.month, self.established.day) == (2, 29)


def day_precise(relations: Iterable[Relation]) -> list[Relation]:
    """Partners with relations whose date is known to the day: the only ones with anniversaries."""
    return [
        r
        for r in relations
        if r.has_relations and r.established is not None
        and r.established.precision is Precision.DAY
    ]  # fmt: skip


def anniversary_date(established: date, years: int) -> date:
    """The day of the ``years``-th anniversary; 29 February gives 28 February in common years."""
    # Imported here: the CLI builds its parser (and imports this module) on every start.
    from dateutil.relativedelta import relativedelta

    return established + relativedelta(years=years)


def check_within(within: int) -> None:
    """Raise ValueError for a window that is negative or longer than :data:`MAX_WITHIN` days."""
    if within < 0:
        raise ValueError(f"--within must be 0 or more days, not {within}")
    if within > MAX_WITHIN:
        raise ValueError(f"--within is at most {MAX_WITHIN} days (ten years), not {within}")


def upcoming(
    relations: Iterable[Relation],
    today: date,
    within: int = DEFAULT_WITHIN,
    round_only: bool = False,
) -> list[Anniversary]:
    """Anniversaries from ``today`` to ``within`` days later (both included), by date then name.

    ``within=0`` is today only. Raises ValueError for a window :func:`check_within` refuses.
    """
    check_within(within)
    last = _add_days(today, within)
    found = []
    for relation in day_precise(relations):
        start = relation.established.earliest  # type: ignore[union-attr]
        for year in range(max(today.year, start.year + 1), last.year + 1):
            years = year - start.year
            day = anniversary_date(start, years)
            if today <= day <= last and (years in ROUND_YEARS or not round_only):
                found.append(
                    Anniversary(day, relation.name, years, years in ROUND_YEARS, start, relation)
                )
    found.sort(key=lambda a: (a.date, a.partner.casefold(), a.partner))
    return found


def _add_days(day: date, days: int) -> date:
    """``day`` plus ``days``, stopping at the last representable date (31 December 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def when_text(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 12 days"."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def short_date(day: date) -> str:
    """ "8 Sep 2026"."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def ordinal(n: int) -> str:
    """ "1st", "2nd", "11th", "53rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(anniversary: Anniversary, today: date) -> str:
    """One terminal-safe line: "in 9 days, 8 Sep: Malaysia, 55th (1971)" with ★ when round."""
    a = anniversary
    star = " ★" if a.is_round else ""
    return (
        f"{when_text(a.date, today)}, {a.date.day} {MONTHS[a.date.month - 1][:3]}: "
        f"{safe_line(a.partner)}, {ordinal(a.years)}{star} ({a.established.year})"
    )


def coming_up(
    relations: Iterable[Relation], today: date, *, within: int = DEFAULT_WITHIN, limit: int = 6
) -> list[str]:
    """Lines for the notes panel's empty state: the next anniversaries, at most ``limit``.

    Round ones are listed first when there are more than ``limit``; the last line says how many
    more there are. An empty list means none in the window.
    """
    found = upcoming(relations, today, within)
    if len(found) > limit:
        shown = sorted(found, key=lambda a: not a.is_round)[: limit - 1]
        shown.sort(key=lambda a: (a.date, a.partner.casefold()))
        lines = [describe(a, today) for a in shown]
        lines.append(f"… and {len(found) - len(shown)} more in the next {within} days")
        return lines
    return [describe(a, today) for a in found]


# -- output formats ---------------------------------------------------------------------------


def _record(a: Anniversary, today: date) -> dict[str, object]:
    return {
        "date": a.date.isoformat(),
        "days": (a.date - today).days,
        "partner": a.partner,
        "iso3": a.relation.iso3,
        "region": a.relation.region,
        "years": a.years,
        "round": a.is_round,
        "established": a.established.isoformat(),
        "note": LEAP_DAY_NOTE if a.leap_day else "",
    }


def to_json(anniversaries: Sequence[Anniversary], today: date) -> str:
    text = json.dumps([_record(a, today) for a in anniversaries], ensure_ascii=False, indent=2)
    return escape_json_text(text) + "\n"


def to_csv(anniversaries: Sequence[Anniversary], today: date) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "days", "partner", "iso3", "region", "years", "round",
                     "established", "note"])  # fmt: skip
    for a in anniversaries:
        record = _record(a, today)
        record["round"] = "yes" if a.is_round else "no"
        writer.writerow(safe_line(str(v if v is not None else "")) for v in record.values())
    return buffer.getvalue()


def _cells(a: Anniversary, today: date) -> list[str]:
    return [
        a.date.isoformat(),
        when_text(a.date, today),
        safe_line(a.partner),
        str(a.years) + ("*" if a.leap_day else ""),
        "★" if a.is_round else "",
        a.established.isoformat(),
    ]


_HEADER = ["Date", "When", "Partner", "Years", "Round", "Established"]


def _footer(anniversaries: Sequence[Anniversary]) -> list[str]:
    if any(a.leap_day for a in anniversaries):
        return ["", f"* {LEAP_DAY_NOTE}."]
    return []


def to_markdown(anniversaries: Sequence[Anniversary], today: date) -> str:
    lines = ["| " + " | ".join(_HEADER) + " |", "|---|---|---|---:|---|---|"]
    for a in anniversaries:
        lines.append("| " + " | ".join(_md_cell(c) for c in _cells(a, today)) + " |")
    return "\n".join(lines + _footer(anniversaries)) + "\n"


def to_table(
    anniversaries: Sequence[Anniversary], today: date, within: int = DEFAULT_WITHIN
) -> str:
    """Aligned terminal-safe text; says so when there is nothing in the window."""
    if not anniversaries:
        last = _add_days(today, within)
        return f"No anniversaries from {format_date_day(today)} to {format_date_day(last)}.\n"
    rows = [_cells(a, today) for a in anniversaries]
    name_width = min(max(len(_HEADER[2]), *(len(r[2]) for r in rows)), 40)
    widths = [10, max(len(_HEADER[1]), *(len(r[1]) for r in rows)), name_width, 5, 5, 11]
    out = []
    for row in [_HEADER, *rows]:
        name = row[2] if len(row[2]) <= name_width else row[2][: name_width - 1] + "…"
        out.append(
            f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {name:<{widths[2]}}  "
            f"{row[3]:>{widths[3]}}  {row[4]:^{widths[4]}}  {row[5]}".rstrip()
        )
    return "\n".join(out + _footer(anniversaries)) + "\n"


def format_date_day(day: date) -> str:
    """ "29 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def render(
    anniversaries: Sequence[Anniversary], fmt: str, today: date, within: int = DEFAULT_WITHIN
) -> str:
    """Anniversaries in a text format of :data:`FORMATS` (``ics`` is :func:`to_ics`)."""
    if fmt == "table":
        return to_table(anniversaries, today, within)
    if fmt == "csv":
        return to_csv(anniversaries, today)
    if fmt == "json":
        return to_json(anniversaries, today)
    if fmt == "markdown":
        return to_markdown(anniversaries, today)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS[:-1])}")


# -- iCalendar --------------------------------------------------------------------------------


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "partner"


def event_uid(relation: Relation) -> str:
    """A UID that stays the same from one export to the next for the same partner and date.

    The slug keeps it readable; the hash of the exact name keeps it unique when two names
    fold to the same slug.
    """
    import hashlib

    digest = hashlib.sha256(relation.name.encode("utf-8")).hexdigest()[:10]
    when = relation.established.iso() if relation.established else ""
    return f"{_slug(relation.name)}-{when}-{digest}@mongolia-tui"


def to_ics(relations: Iterable[Relation], stamp: datetime) -> bytes:
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
    partners = sorted(day_precise(relations), key=lambda r: r.established.sort_key)  # type: ignore[union-attr]
    for relation in partners:
        start = relation.established.earliest  # type: ignore[union-attr]
        name = safe_line(relation.name)
        event = Event()
        event.add("uid", event_uid(relation))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        rule: dict[str, object] = {"freq": "yearly"}
        description = (
            f"Mongolia and {name} established diplomatic relations on "
            f"{format_date(relation.established)}."
        )
        if (start.month, start.day) == (2, 29):
            rule.update(bymonth=2, bymonthday=-1)
            description += (
                " The date is 29 February: in common years the anniversary falls on 28 February."
            )
        event.add("rrule", rule)
        event.add("summary", f"Mongolia–{name}: anniversary of diplomatic relations ({start.year})")
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()

"""Anniversaries of Mongolia's relations: which fall in the coming days (the formats, iCalendar
included, are in :mod:`mongolia_tui.output.anniversaries`).

Only a date known to the day has a day to celebrate: year- and month-only dates are left out.
The anniversary in a given year is the same month and day, computed with dateutil's
``relativedelta(years=n)``, which puts 29 February on 28 February in common years. The
establishing day itself (the 0th anniversary) is not an anniversary.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from mongolia_tui.dates import MONTHS, Precision
from mongolia_tui.model import HistoryEvent, Partner, ranked_event
from mongolia_tui.sanitize import safe_line

#: Anniversaries marked as round: occasions people plan for.
ROUND_YEARS = frozenset({10, 25, 50, 60, 70, 75, 100})
DEFAULT_WITHIN = 30
#: The longest window asked for, in days (ten years).
MAX_WITHIN = 3660
LEAP_DAY_NOTE = "established on 29 February: in common years the anniversary falls on 28 February"


class Anniversary(NamedTuple):
    """One anniversary: the day it falls on, whose, how many years, whether it is round."""

    # datetime.date: inside the class, ``date`` names this field.
    date: datetime.date
    partner: str
    years: int
    is_round: bool
    #: The day the years are counted from: relations established, with the partner or (see
    #: ``predecessor``) with the state it succeeded.
    established: datetime.date
    #: The partner whose anniversary it is.
    subject: Partner
    #: The predecessor state whose date this anniversary counts from ("" for the partner's own).
    predecessor: str = ""

    @property
    def which(self) -> str:
        """Which of a successor state's two anniversaries this is: "Czechoslovakia's date" or
        "own date"; "" for a partner with one anniversary."""
        if self.predecessor:
            return f"{self.predecessor}'s date"
        return "own date" if celebrated_predecessor(self.subject) is not None else ""

    @property
    def label(self) -> str:
        """The partner's name, with :attr:`which` in brackets when there are two."""
        return f"{self.partner} ({self.which})" if self.which else self.partner

    @property
    def leap_day(self) -> bool:
        """Established on 29 February (so it falls on 28 February in common years)."""
        return (self.established.month, self.established.day) == (2, 29)


def day_precise(partners: Iterable[Partner]) -> list[Partner]:
    """Partners with relations whose date is known to the day: the only ones with anniversaries."""
    return [
        r
        for r in partners
        if r.has_relations and r.established is not None
        and r.established.precision is Precision.DAY
    ]  # fmt: skip


def celebrated_predecessor(partner: Partner) -> HistoryEvent | None:
    """The predecessor event whose date a successor state also celebrates: the one the
    chronological list numbers it at (``rank``), known to the day and not its own date. The
    Czech Republic, ranked at Czechoslovakia's 25 April 1950, marked the 70th anniversary on
    25 April 2020; its own relations date from 1 January 1993."""
    event = ranked_event(partner.history)
    if event is None or event.kind != "predecessor" or event.date is None:
        return None
    if event.date.precision is not Precision.DAY or event.date == partner.established:
        return None
    return event


def celebrated_dates(partner: Partner) -> list[tuple[date, str]]:
    """The days a partner's anniversaries count from, each with the predecessor's name ("" for
    its own date): its own date if known to the day, and :func:`celebrated_predecessor`'s."""
    if not partner.has_relations:
        return []
    days: list[tuple[date, str]] = []
    if partner.established is not None and partner.established.precision is Precision.DAY:
        days.append((partner.established.earliest, ""))
    event = celebrated_predecessor(partner)
    if event is not None and event.date is not None:
        days.append((event.date.earliest, event.name or "predecessor"))
    return days


def anniversary_date(established: date, years: int) -> date:
    """The day of the ``years``-th anniversary; 29 February gives 28 February in common years
    (as dateutil's ``relativedelta(years=...)`` does, without its cost: this runs for every
    partner when the coming anniversaries are listed)."""
    year = established.year + years
    try:
        return established.replace(year=year)
    except ValueError:
        if established.month == 2 and established.day == 29 and 1 <= year <= 9999:
            return established.replace(year=year, day=28)
        raise


def check_within(within: int) -> None:
    """Raise ValueError for a window that is negative or longer than :data:`MAX_WITHIN` days."""
    if within < 0:
        raise ValueError(f"--within must be 0 or more days, not {within}")
    if within > MAX_WITHIN:
        raise ValueError(f"--within is at most {MAX_WITHIN} days (ten years), not {within}")


def upcoming(
    partners: Iterable[Partner],
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
    for partner in partners:
        for start, predecessor in celebrated_dates(partner):
            for year in range(max(today.year, start.year + 1), last.year + 1):
                years = year - start.year
                day = anniversary_date(start, years)
                if today <= day <= last and (years in ROUND_YEARS or not round_only):
                    found.append(Anniversary(day, partner.name, years, years in ROUND_YEARS,
                                             start, partner, predecessor))  # fmt: skip
    found.sort(key=lambda a: (a.date, a.partner.casefold(), a.partner, a.established))
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
    """One terminal-safe line: "in 9 days, 8 Sep: Malaysia, 55th (1971)" with ★ when round; a
    successor state's two say which they count from: "… 76th (1950, Czechoslovakia's date)"."""
    a = anniversary
    star = " ★" if a.is_round else ""
    which = f", {safe_line(a.which)}" if a.which else ""
    return (
        f"{when_text(a.date, today)}, {a.date.day} {MONTHS[a.date.month - 1][:3]}: "
        f"{safe_line(a.partner)}, {ordinal(a.years)}{star} ({a.established.year}{which})"
    )


def coming_up(
    partners: Iterable[Partner], today: date, *, within: int = DEFAULT_WITHIN, limit: int = 6
) -> list[str]:
    """Lines for the notes panel's empty state: the next anniversaries, at most ``limit``.

    Round ones are listed first when there are more than ``limit``; the last line says how many
    more there are. An empty list means none in the window.
    """
    found = upcoming(partners, today, within)
    if len(found) > limit:
        shown = sorted(found, key=lambda a: not a.is_round)[: limit - 1]
        shown.sort(key=lambda a: (a.date, a.partner.casefold()))
        lines = [describe(a, today) for a in shown]
        lines.append(f"… and {len(found) - len(shown)} more in the next {within} days")
        return lines
    return [describe(a, today) for a in found]


# -- words for a window ---------------------------------------------------------------------


def format_date_day(day: date) -> str:
    """ "29 November 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def window_text(today: date, within: int) -> str:
    """ "from 29 November 2026 to 29 December 2026": the days ``upcoming`` looks at."""
    return f"from {format_date_day(today)} to {format_date_day(_add_days(today, within))}"

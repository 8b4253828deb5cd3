"""Partial dates ("1964", "1955-12", "1973-11-30"): parse, format, order and age.

A date is kept exactly as precise as its source: a year stays a year. Ages are computed
with :class:`dateutil.relativedelta.relativedelta`; a date of year or month precision gives
an age that says it is approximate rather than pretending to a precision it does not have.
"""

from __future__ import annotations

import re
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# ASCII digits only: `\d` would also take Arabic-Indic and other digits, which int() reads.
_ISO = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class Precision(IntEnum):
    """How much of a date the source gave."""

    YEAR = 1
    MONTH = 2
    DAY = 3


class PartialDate(NamedTuple):
    """A calendar date known to the year, the month or the day (immutable).

    Compare dates by :attr:`sort_key`, not directly: a missing month or day is None.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key: a year alone sorts before any day of that year."""
        return (self.year, self.month or 0, self.day or 0)

    @property
    def earliest(self) -> date:
        """The first day the partial date can mean."""
        return date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """The stored form: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError if it is not a real date."""
    if not isinstance(text, str):
        raise ValueError(f"date must be a string, not {type(text).__name__}")
    match = _ISO.fullmatch(text)
    if match is None:
        raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if year < 1:
        raise ValueError(f"date {text!r} has no year 0")
    try:
        date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        raise ValueError(f"date {text!r} does not exist") from None
    return PartialDate(year, month, day)


def format_date(value: PartialDate | None, *, status: str = "established") -> str:
    """Words for people: "30 November 1973", "December 1955", "1964", "none" or "unknown"."""
    if status == "none":
        return "none"
    if value is None:
        return "unknown"
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def relation_age(value: PartialDate, today: date) -> relativedelta:
    """Time elapsed from the earliest day the date can mean until ``today``."""
    from dateutil.relativedelta import relativedelta  # only the notes panel needs it

    return relativedelta(today, value.earliest)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_age(value: PartialDate | None, today: date) -> str:
    """Age of a relation for people: "52 years, 11 months"; approximate for partial dates.

    A year-only date gives a range ("61–62 years"): the day in the year is not known.
    A month-only date is "about" its months. Dates in the future say so.
    """
    if value is None:
        return "unknown"
    if value.earliest > today:
        return "in the future"
    if value.precision is Precision.YEAR:
        most = today.year - value.year
        least = max(most - 1, 0)
        if most == 0:
            return "under a year"
        return f"{least}–{most} years"
    age = relation_age(value, today)
    parts = []
    if age.years:
        parts.append(_plural(age.years, "year"))
    if age.months:
        parts.append(_plural(age.months, "month"))
    if not parts:
        text = "under a month" if value.precision is Precision.MONTH else _plural(age.days, "day")
    else:
        text = ", ".join(parts)
    return f"about {text}" if value.precision is Precision.MONTH else text


def age_in_years(value: PartialDate | None, today: date) -> str:
    """Short age for a table cell: "52", "61–62" or "" when unknown."""
    if value is None or value.earliest > today:
        return ""
    if value.precision is Precision.YEAR:
        most = today.year - value.year
        return f"{max(most - 1, 0)}–{most}" if most else "0"
    # Whole years, as relativedelta counts them: one table cell per row, so plain arithmetic.
    start = value.earliest
    return str(today.year - start.year - ((today.month, today.day) < (start.month, start.day)))

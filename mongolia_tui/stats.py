"""Counts of Mongolia's relations: per year, decade and region, firsts, the busiest year, gaps.

Pure functions over :class:`~mongolia_tui.model.Partner`, shared by the timeline screen and
``mongolia-tui stats``. Dates are each partner's own ``established`` date (the date of the
article's regional tables), not ``rank_date``: a successor state counts in the year its own
relations began, even where the chronological list numbers it at its predecessor's date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mongolia_tui.dates import PartialDate, format_date
from mongolia_tui.model import REGIONS, Partner
from mongolia_tui.sanitize import safe_line

#: History events drawn as marks on the timeline: the relation was interrupted or resumed.
MARK_KINDS = ("broken", "restored", "withdrawn", "reaffirmed")


def dated(partners: Iterable[Partner]) -> list[Partner]:
    """Partners with relations and a known ``established`` date."""
    return [r for r in partners if r.has_relations and r.established is not None]


def decade_of(year: int) -> int:
    return year - year % 10


def decade_label(decade: int) -> str:
    return f"{decade}s"


def per_year(partners: Iterable[Partner]) -> dict[int, int]:
    """How many partners established relations in each year (years with none left out)."""
    # dated() keeps known dates only; the check tells the type checker so.
    counts = Counter(r.established.year for r in dated(partners) if r.established is not None)
    return dict(sorted(counts.items()))


def per_decade(partners: Iterable[Partner]) -> dict[int, int]:
    """How many partners established relations in each decade (keyed by its first year)."""
    counts: Counter[int] = Counter()
    for year, n in per_year(partners).items():
        counts[decade_of(year)] += n
    return dict(sorted(counts.items()))


def per_region(partners: Iterable[Partner]) -> dict[str, int]:
    """Partners with relations in each region, dated or not, in the article's order."""
    counts = dict.fromkeys(REGIONS, 0)
    for r in partners:
        if r.has_relations:
            counts[r.region] = counts.get(r.region, 0) + 1
    return counts


def _extreme(partners: Sequence[Partner], pick: Any) -> list[Partner]:
    keys = [(r, r.established.sort_key) for r in dated(partners) if r.established is not None]
    if not keys:
        return []
    best = pick(key for _, key in keys)
    found = [r for r, key in keys if key == best]
    return sorted(found, key=lambda r: r.name.casefold())


def first_partners(partners: Sequence[Partner]) -> list[Partner]:
    """The partner(s) with the earliest date (several when they share it)."""
    return _extreme(partners, min)


def latest_partners(partners: Sequence[Partner]) -> list[Partner]:
    """The partner(s) with the latest date (several when they share it)."""
    return _extreme(partners, max)


def busiest_years(partners: Iterable[Partner]) -> tuple[int, list[int]]:
    """The most partners in one year, and every year with that many (0 and [] when none)."""
    counts = per_year(partners)
    if not counts:
        return 0, []
    most = max(counts.values())
    return most, [year for year, n in counts.items() if n == most]


def without_relations(partners: Iterable[Partner]) -> list[Partner]:
    """Partners whose status is "none"."""
    return [r for r in partners if r.status == "none"]


def undated(partners: Iterable[Partner]) -> list[Partner]:
    """Partners with relations whose date is not known."""
    return [r for r in partners if r.has_relations and r.established is None]


@dataclass(frozen=True, slots=True)
class Mark:
    """A break or a restoration in a partner's history, placed on the timeline at its year."""

    year: int
    kind: str
    partner: str
    date: PartialDate
    note: str


def marks(partners: Iterable[Partner]) -> list[Mark]:
    """Dated events of the kinds in :data:`MARK_KINDS`, by date then partner."""
    found = [
        Mark(e.date.year, e.kind, r.name, e.date, e.note)
        for r in partners
        for e in r.history
        if e.kind in MARK_KINDS and e.date is not None
    ]
    return sorted(found, key=lambda m: (m.date.sort_key, m.partner.casefold()))


@dataclass(frozen=True, slots=True)
class Slot:
    """One bar of the timeline: a year or a decade, its partners and its marks."""

    start: int
    end: int
    label: str
    count: int
    marks: tuple[Mark, ...] = ()


def timeline_span(partners: Iterable[Partner]) -> tuple[int, int] | None:
    """First and last year with a dated partner or a mark; None when there is neither."""
    partners = list(partners)
    years = list(per_year(partners)) + [m.year for m in marks(partners)]
    return (min(years), max(years)) if years else None


def timeline_slots(
    partners: Iterable[Partner], span: tuple[int, int], *, decades: bool = False
) -> list[Slot]:
    """One slot per year (or decade) of ``span``, empty ones included, so gaps show as gaps.

    ``span`` is given rather than derived so that a region's chart keeps the whole store's
    axis and charts can be compared.
    """
    partners = list(partners)
    counts = per_year(partners)
    by_year: dict[int, list[Mark]] = {}
    for mark in marks(partners):
        by_year.setdefault(mark.year, []).append(mark)
    first, last = span
    if not decades:
        return [
            Slot(y, y, str(y), counts.get(y, 0), tuple(by_year.get(y, ())))
            for y in range(first, last + 1)
        ]
    slots = []
    for start in range(decade_of(first), decade_of(last) + 1, 10):
        years = range(start, start + 10)
        slots.append(
            Slot(
                start,
                start + 9,
                decade_label(start),
                sum(counts.get(y, 0) for y in years),
                tuple(m for y in years for m in by_year.get(y, ())),
            )
        )
    return slots


@dataclass(frozen=True, slots=True)
class YearRange:
    """Years chosen on the timeline (both ends included), e.g. 1992 or the 1990s."""

    start: int
    end: int
    label: str
    #: The region the timeline showed, or None for all regions.
    region: str | None = None

    def contains(self, partner: Partner) -> bool:
        """Whether the partner's relations were established in these years (and region)."""
        when = partner.established
        return (
            partner.has_relations
            and when is not None
            and self.start <= when.year <= self.end
            and (self.region is None or partner.region == self.region)
        )


def in_range(partners: Iterable[Partner], years: YearRange) -> list[Partner]:
    """The partners a :class:`YearRange` stands for, in the given order."""
    return [r for r in partners if years.contains(r)]


@dataclass(frozen=True, slots=True)
class Statistics:
    """Every count ``stats`` reports, for one list of partners."""

    partners: int
    with_relations: int
    dated: int
    per_region: dict[str, int]
    per_decade: dict[int, int]
    per_year: dict[int, int]
    first: tuple[Partner, ...]
    latest: tuple[Partner, ...]
    busiest_count: int
    busiest_years: tuple[int, ...]
    without_relations: tuple[Partner, ...]
    undated: tuple[Partner, ...]


def statistics(partners: Sequence[Partner]) -> Statistics:
    """Count everything at once."""
    most, years = busiest_years(partners)
    return Statistics(
        partners=len(partners),
        with_relations=sum(1 for r in partners if r.has_relations),
        dated=len(dated(partners)),
        per_region=per_region(partners),
        per_decade=per_decade(partners),
        per_year=per_year(partners),
        first=tuple(first_partners(partners)),
        latest=tuple(latest_partners(partners)),
        busiest_count=most,
        busiest_years=tuple(years),
        without_relations=tuple(without_relations(partners)),
        undated=tuple(undated(partners)),
    )


# -- words ------------------------------------------------------------------------------------


def names(partners: Iterable[Partner]) -> str:
    """Terminal-safe names, separated by commas."""
    return ", ".join(safe_line(r.name) for r in partners)


def dated_names(partners: Sequence[Partner]) -> str:
    """ "Russia (5 November 1921)"; several partners sharing a date name it once."""
    if not partners:
        return "—"
    return f"{names(partners)} ({format_date(partners[0].established)})"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def busiest_text(stats: Statistics) -> str:
    """ "1992 (14 partners)", "1975, 1992 (8 partners each)" or "—"."""
    if not stats.busiest_years:
        return "—"
    years = ", ".join(str(y) for y in stats.busiest_years)
    each = " each" if len(stats.busiest_years) > 1 else ""
    return f"{years} ({_plural(stats.busiest_count, 'partner')}{each})"


def summary_lines(stats: Statistics) -> list[str]:
    """A few terminal-safe lines: the compact statistics under the timeline at 80x24."""
    none = stats.without_relations
    line1 = f"{stats.with_relations} with relations, {stats.dated} dated"
    if none:
        line1 += f" · none: {names(none)}"
    if stats.undated:
        line1 += f" · date unknown: {names(stats.undated)}"
    line2 = (
        f"first {dated_names(stats.first)} · latest {dated_names(stats.latest)}"
        f" · busiest {busiest_text(stats)}"
    )
    return [line1, line2]

"""The immutable in-memory model of the store: partners, organisations and the article.

Nothing here knows about TinyDB or Textual; :mod:`mongolia_tui.store` builds these objects
and the UI only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from mongolia_tui.dates import PartialDate, format_age, format_date

#: The seed article's eight regional sections, in the article's order.
REGIONS: tuple[str, ...] = (
    "Africa",
    "Americas",
    "East Asia",
    "South East Asia",
    "South Asia",
    "Russia, Central Asia and West Asia",
    "Europe",
    "Oceania",
)

STATUSES = ("established", "none")
ORGANISATION_STATUSES = ("member", "observer")
#: What can happen in a relation's history (see :class:`HistoryEvent`).
EVENT_KINDS = (
    "established",
    "recognised",
    "broken",
    "restored",
    "predecessor",
    "withdrawn",
    "reaffirmed",
)


class HistoryEvent(NamedTuple):
    """One dated event in a relation's history (immutable).

    ``predecessor`` events name the predecessor state (``name``) and the date of Mongolia's
    relations with it. ``rank`` marks the one event whose date the article's chronological
    list numbers the partner at (a successor state at its predecessor's date).
    """

    kind: str
    date: PartialDate | None
    note: str
    sources: tuple[str, ...]
    name: str = ""
    rank: bool = False

    @property
    def date_text(self) -> str:
        return format_date(self.date)


class Relation(NamedTuple):
    """One partner of Mongolia and what is known of the relation (immutable).

    A named tuple rather than a frozen dataclass: a store of 50,000 partners builds 50,000 of
    these at start-up, and a tuple is built several times faster.
    """

    name: str
    aliases: tuple[str, ...]
    iso3: str | None
    region: str
    established: PartialDate | None
    status: str
    un_member: bool
    notes: str
    see_also: tuple[str, ...]
    sources: tuple[str, ...]
    date_note: str = ""
    #: Dated events (predecessor states, breaks, restorations), in chronological order.
    history: tuple[HistoryEvent, ...] = ()
    #: Sources disagree on the date (``date_note`` says how).
    date_disputed: bool = False
    #: Rank in the chronological list of UN members (the article's ``#``); derived, never stored.
    order: int | None = None

    @property
    def has_relations(self) -> bool:
        return self.status == "established"

    @property
    def established_text(self) -> str:
        return format_date(self.established, status=self.status)

    @property
    def rank_date(self) -> PartialDate | None:
        """The date the article's chronological list places the partner at.

        Its ``established`` date, unless an event of its history is marked ``rank`` (a
        successor state numbered at its predecessor's date).
        """
        for event in self.history:
            if event.rank:
                return event.date
        return self.established

    @property
    def date_uncertain(self) -> bool:
        """The date is disputed, known only to the month or year, or unknown (with relations)."""
        if self.status != "established":
            return False
        if self.established is None or self.date_disputed:
            return True
        return self.established.day is None

    def age_text(self, today: date) -> str:
        if not self.has_relations:
            return "none"
        return format_age(self.established, today)


@dataclass(frozen=True, slots=True)
class Organisation:
    """An international organisation Mongolia takes part in."""

    abbreviation: str
    name: str
    status: str
    notes: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """The text of the article the data was restored from."""

    title: str = "Foreign relations of Mongolia"
    lead: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()
    see_also: tuple[str, ...] = ()
    source: str = ""
    retrieved: str = ""


@dataclass(frozen=True)
class Catalogue:
    """Everything the store holds, validated, with derived ranks filled in."""

    path: str
    relations: tuple[Relation, ...]
    organisations: tuple[Organisation, ...] = ()
    article: Article = field(default_factory=Article)
    #: Indices of ``relations`` in the article's chronological order (see :func:`chronological`).
    chronological: tuple[int, ...] | None = None
    #: (device, inode) of the file the store was read from: export refuses to write over it.
    identity: tuple[int, int] | None = field(default=None, compare=False)

    @cached_property
    def numbered(self) -> int:
        """How many partners carry a rank (UN members with a known date)."""
        return sum(1 for r in self.relations if r.order is not None)


def chronological(
    entries: list[tuple[str, PartialDate | None, bool, str]],
) -> tuple[list[int], list[int | None]]:
    """The article's chronological list for ``(name, rank date, un_member, status)`` entries.

    Returns the display order (partners with relations and a known date by date, ties by name;
    then everyone else by name) and each entry's rank: UN members in that order are numbered
    1..N, everyone else gets ``None``.
    """
    # Two stable sorts with simple keys (name, then date) are much faster than one sort on
    # (date, name) tuples, and give the same order.
    folded = [name.casefold() for name, _, _, _ in entries]
    by_name = sorted(range(len(entries)), key=folded.__getitem__)
    day = [
        when.year * 10_000 + (when.month or 0) * 100 + (when.day or 0)
        if status == "established" and when is not None
        else -1
        for _, when, _, status in entries
    ]
    dated = [i for i in by_name if day[i] >= 0]
    dated.sort(key=day.__getitem__)
    undated = [i for i in by_name if day[i] < 0]
    ranks: list[int | None] = [None] * len(entries)
    rank = 0
    for i in dated:
        if entries[i][2]:
            rank += 1
            ranks[i] = rank
    return dated + undated, ranks


#: Shorter region names for narrow places (tab bar, table column).
REGION_SHORT: dict[str, str] = {
    "Africa": "Africa",
    "Americas": "Americas",
    "East Asia": "E Asia",
    "South East Asia": "SE Asia",
    "South Asia": "S Asia",
    "Russia, Central Asia and West Asia": "Russia, C & W Asia",
    "Europe": "Europe",
    "Oceania": "Oceania",
}

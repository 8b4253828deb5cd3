"""The immutable in-memory model of the store: partners, organisations and the article.

Nothing here knows about TinyDB or Textual; :mod:`mongolia_tui.store` builds these objects
and the UI only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

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
#: What a diplomatic mission can be (see :class:`Mission`).
MISSION_KINDS = (
    "embassy",
    "consulate-general",
    "consulate",
    "honorary-consulate",
    "representative-office",
)
#: Mongolia's own ISO code: the sender of its missions abroad, the host of foreign ones.
MONGOLIA = "MNG"
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


class Source(str):
    """A cited page given as an object: the string is its canonical URL.

    A record's ``sources`` hold plain ``str`` for sources the store gives as a bare URL (most:
    a store of 50,000 partners makes no object for them) and a ``Source`` for the others; read
    them with :func:`source_line` and :func:`source_record`, which take either.

    A ``str`` so that code reading sources as text keeps working; ``title``, ``language`` and
    ``read_via`` (the mirror or archive copy actually read) are empty when the store gave only
    the URL. Immutable, like a string.
    """

    # The page's title: shadows str.title() on purpose (nothing title-cases a URL).
    title: str = ""  # type: ignore[assignment]
    language: str = ""
    read_via: str = ""

    def __new__(cls, url: str, title: str = "", language: str = "", read_via: str = "") -> Source:
        source = super().__new__(cls, url)
        # Only set what differs from the class defaults: most sources are a bare URL.
        for key, value in (("title", title), ("language", language), ("read_via", read_via)):
            if value:
                object.__setattr__(source, key, value)
        return source

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"a Source is immutable (cannot set {key!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Source, (str(self), self.title, self.language, self.read_via))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Source):
            return str.__eq__(self, other) and self.parts == other.parts
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    @property
    def parts(self) -> tuple[str, str, str, str]:
        """(url, title, language, read_via)."""
        return (str(self), self.title, self.language, self.read_via)

    @property
    def url(self) -> str:
        return str(self)

    def record(self) -> str | dict[str, str]:
        """The store's form: the bare URL, or an object with the parts that are given."""
        if not (self.title or self.language or self.read_via):
            return str(self)
        parts = zip(("url", "title", "language", "read_via"), self.parts)
        return {key: value for key, value in parts if value}

    @property
    def line(self) -> str:
        """The canonical URL first, then the title and the copy read:
        "https://de.wikipedia.org/… (title, de) · read via https://mirror/…"."""
        about = ", ".join(part for part in (self.title, self.language) if part)
        text = f"{self} ({about})" if about else str(self)
        return f"{text} · read via {self.read_via}" if self.read_via else text


def source_line(source: str) -> str:
    """A source on one line, canonical URL first (see :attr:`Source.line`); plain text as is."""
    return source.line if isinstance(source, Source) else source


def source_record(source: str) -> str | dict[str, str]:
    """A source in the store's form (see :meth:`Source.record`); plain text as is."""
    return source.record() if isinstance(source, Source) else source


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


class Partner(NamedTuple):
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
    #: The partner's name in Mongolian (Cyrillic), and where that name comes from.
    name_mn: str = ""
    name_mn_source: str = ""
    #: Rank in the chronological list of UN members (the article's ``#``); derived, never stored.
    rank: int | None = None

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
        successor state ranked at its predecessor's date).
        """
        return rank_date(self.established, self.history)

    @property
    def date_uncertain(self) -> bool:
        """The date is disputed, known only to the month or year, or unknown (with relations)."""
        if self.status != "established":
            return False
        if self.established is None or self.date_disputed:
            return True
        return self.established.day is None

    def shown_name(self, names: str = "en") -> str:
        """The name a table shows: in Mongolian with ``names="mn"`` where one is known,
        otherwise the English name."""
        return self.name_mn if names == "mn" and self.name_mn else self.name

    def age_text(self, today: date) -> str:
        if not self.has_relations:
            return "none"
        return format_age(self.established, today)


def ranked_event(history: tuple[HistoryEvent, ...]) -> HistoryEvent | None:
    """The history event marked ``rank``, if any (at most one is: the store checks)."""
    for event in history:
        if event.rank:
            return event
    return None


def rank_date(
    established: PartialDate | None, history: tuple[HistoryEvent, ...]
) -> PartialDate | None:
    """The date a partner is ranked at: a successor state at its predecessor's date (the
    event marked ``rank``), everyone else at its own ``established`` date. The one place this
    rule is written."""
    if history:
        event = ranked_event(history)
        if event is not None:
            return event.date
    return established


@dataclass(frozen=True, slots=True)
class Mission:
    """A diplomatic mission: ``sender``'s mission in ``city`` (in ``host``), also accredited to
    the countries in ``covers``. Mongolia is "MNG" (sender of its own missions abroad, host of
    foreign missions in Mongolia)."""

    sender: str
    host: str
    city: str
    kind: str
    covers: tuple[str, ...] = ()
    opened: PartialDate | None = None
    closed: PartialDate | None = None
    note: str = ""
    sources: tuple[str, ...] = ()

    @property
    def mongolian(self) -> bool:
        """Mongolia's own mission abroad."""
        return self.sender == MONGOLIA


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
    partners: tuple[Partner, ...]
    organisations: tuple[Organisation, ...] = ()
    article: Article = field(default_factory=Article)
    #: Indices of ``partners`` in the article's chronological order (see :func:`chronological`).
    chronological: tuple[int, ...] | None = None
    #: (device, inode) of the file the store was read from: export refuses to write over it.
    identity: tuple[int, int] | None = field(default=None, compare=False)
    #: Diplomatic missions both ways (empty when the store has no ``missions`` table).
    missions: tuple[Mission, ...] = ()

    @cached_property
    def ranked_count(self) -> int:
        """How many partners carry a rank (UN members with a known date)."""
        return sum(1 for r in self.partners if r.rank is not None)


def chronological(
    entries: list[tuple[str, PartialDate | None, bool, str]],
) -> tuple[list[int], list[int | None]]:
    """The article's chronological list for ``(name, rank date, un_member, status)`` entries.

    Returns the display order (partners with relations and a known date by date, ties by name;
    then everyone else by name) and each entry's rank: UN members in that order are ranked
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

"""Diplomatic missions both ways: questions over the store's missions, and their one-line answers.

Pure functions over :class:`~mongolia_tui.model.Mission` (the store validated them): which
missions Mongolia has in a country, which of its missions covers a country that has none,
where a partner's mission for Mongolia sits, the one-line summaries the browser and the CLI
show, the filters' sets of partners, what a city finds, and the counts. What the data does not
say is "no data": nothing here infers a mission. No Textual, no TinyDB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mongolia_tui.dates import format_date
from mongolia_tui.model import MISSION_KINDS, MONGOLIA, Mission, source_record
from mongolia_tui.search import normalise, query_terms

#: How each kind reads (singular).
LABELS: Mapping[str, str] = {
    "embassy": "embassy",
    "consulate-general": "consulate general",
    "consulate": "consulate",
    "honorary-consulate": "honorary consulate",
    "representative-office": "representative office",
}
#: Kinds that are a resident mission: an honorary consul is a private person, not one.
RESIDENT_KINDS = frozenset(MISSION_KINDS) - {"honorary-consulate"}
NO_DATA = "no data"


def is_open(mission: Mission) -> bool:
    """No closing date is known (which is not proof that it is still open)."""
    return mission.closed is None


def kind_label(mission: Mission) -> str:
    return LABELS.get(mission.kind, mission.kind)


def dates_text(mission: Mission) -> str:
    """ "since 1950", "1960–September 1995", "?–2018", or "" when nothing is known."""
    if mission.closed is not None:
        since = format_date(mission.opened) if mission.opened else "?"
        return f"{since}–{format_date(mission.closed)}"
    if mission.opened is not None:
        return f"since {format_date(mission.opened)}"
    return ""


def phrase(mission: Mission) -> str:
    """In words: "embassy in Berlin (since 1950)"."""
    when = dates_text(mission)
    return f"{kind_label(mission)} in {mission.city}" + (f" ({when})" if when else "")


def _order(mission: Mission) -> tuple[int, str, tuple[int, int, int]]:
    opened = mission.opened.sort_key if mission.opened else (0, 0, 0)
    return (MISSION_KINDS.index(mission.kind), mission.city, opened)


def _select(
    missions: Iterable[Mission], keep: Callable[[Mission], bool], closed: bool
) -> list[Mission]:
    return sorted((m for m in missions if keep(m) and (closed or is_open(m))), key=_order)


def mongolia_in(missions: Iterable[Mission], iso3: str, *, closed: bool = False) -> list[Mission]:
    """Mongolia's missions in country ``iso3`` (closed ones too when ``closed``)."""
    return _select(missions, lambda m: m.sender == MONGOLIA and m.host == iso3, closed)


def mongolia_covering(missions: Iterable[Mission], iso3: str) -> list[Mission]:
    """Mongolia's open missions elsewhere that are also accredited to ``iso3``."""
    return _select(missions, lambda m: m.sender == MONGOLIA and iso3 in m.covers, False)


def partner_in_mongolia(
    missions: Iterable[Mission], iso3: str, *, closed: bool = False
) -> list[Mission]:
    """The partner's missions in Mongolia."""
    return _select(missions, lambda m: m.sender == iso3 and m.host == MONGOLIA, closed)


def partner_accredited_from(missions: Iterable[Mission], iso3: str) -> list[Mission]:
    """The partner's open missions abroad that are accredited to Mongolia."""
    return _select(
        missions, lambda m: m.sender == iso3 and m.host != MONGOLIA and MONGOLIA in m.covers, False
    )


def _phrases(missions: list[Mission]) -> str:
    return ", ".join(map(phrase, missions))


def mongolia_line(missions: Sequence[Mission], iso3: str | None) -> str:
    """What Mongolia has in the country: "embassy in Berlin (since 1950)", "covered by the
    embassy in Sofia", both, or "no data"."""
    if not iso3:
        return NO_DATA
    here, away = mongolia_in(missions, iso3), mongolia_covering(missions, iso3)
    parts = [_phrases(here)] if here else []
    if away:
        parts.append("covered by the " + _phrases(away))
    return "; ".join(parts) or NO_DATA


def partner_line(missions: Sequence[Mission], iso3: str | None) -> str:
    """What the partner has for Mongolia: "embassy in Ulaanbaatar", "accredited from Beijing
    (embassy)", or "no data"."""
    if not iso3:
        return NO_DATA
    here = partner_in_mongolia(missions, iso3)
    if here:
        return _phrases(here)
    away = partner_accredited_from(missions, iso3)
    if away:
        return "accredited from " + ", ".join(f"{m.city} ({kind_label(m)})" for m in away)
    return NO_DATA


def summary(missions: Sequence[Mission], iso3: str | None, name: str) -> str:
    """The one line of the panel, the detail view and ``show``:
    "Mongolia: embassy in Berlin · Germany: embassy in Ulaanbaatar"."""
    return f"Mongolia: {mongolia_line(missions, iso3)} · {name}: {partner_line(missions, iso3)}"


def summary_line(missions: Sequence[Mission], iso3: str | None, name: str) -> str:
    """:func:`summary` for the panel, the detail view and ``show``; "" for a store without
    missions (it says nothing of them, so neither do they)."""
    return summary(missions, iso3, name) if missions else ""


# -- the filters' sets ------------------------------------------------------------------------


def with_mongolian_mission(missions: Iterable[Mission]) -> frozenset[str]:
    """Partners where Mongolia has an open resident mission (not only an honorary consul)."""
    return frozenset(
        m.host for m in missions if m.sender == MONGOLIA and is_open(m) and m.kind in RESIDENT_KINDS
    )


def with_mission_in_mongolia(missions: Iterable[Mission]) -> frozenset[str]:
    """Partners with an open resident mission in Mongolia."""
    return frozenset(
        m.sender for m in missions if m.host == MONGOLIA and is_open(m) and m.kind in RESIDENT_KINDS
    )


def accredited_from_abroad(missions: Sequence[Mission]) -> frozenset[str]:
    """Partners that cover Mongolia from a mission elsewhere and have no resident one in it."""
    covering = frozenset(
        m.sender for m in missions
        if m.host != MONGOLIA and MONGOLIA in m.covers and is_open(m)
    )  # fmt: skip
    return covering - with_mission_in_mongolia(missions)


# -- search -----------------------------------------------------------------------------------


def countries_for_city(missions: Iterable[Mission], city: str) -> set[str]:
    """ISO codes a city answers for: the countries Mongolia's open missions there serve, and
    the partners whose open mission there is for Mongolia ("vienna": Austria and whom the
    embassy in Vienna covers)."""
    wanted = normalise(city.strip())
    return {code for code, cities in _cities(missions).items() if wanted in cities}


def _cities(missions: Iterable[Mission]) -> dict[str, set[str]]:
    """Each country's cities (normalised): see :func:`countries_for_city`."""
    found: dict[str, set[str]] = {}
    for m in missions:
        if not is_open(m):
            continue
        if m.sender == MONGOLIA:
            codes: Iterable[str] = (m.host, *m.covers)
        elif m.host == MONGOLIA or MONGOLIA in m.covers:
            codes = (m.sender,)
        else:
            continue
        for code in codes:
            if code != MONGOLIA:
                found.setdefault(code, set()).add(normalise(m.city))
    return found


def city_keys(missions: Iterable[Mission], codes: Sequence[str | None]) -> list[str]:
    """For each partner (by ISO code), the cities that find it, space-separated (a search
    key's field)."""
    cities = _cities(missions)
    return [" ".join(sorted(cities.get(code, ()))) if code else "" for code in codes]


# -- the Missions view ------------------------------------------------------------------------


def mongolian_missions(missions: Iterable[Mission], *, closed: bool = False) -> list[Mission]:
    """Every mission of Mongolia, by host country then kind and city (the Missions view)."""
    chosen = [m for m in missions if m.sender == MONGOLIA and (closed or is_open(m))]
    return sorted(chosen, key=lambda m: (m.host, *_order(m)))


@dataclass(frozen=True, slots=True)
class MissionRow:
    """A row of the Missions view: one of Mongolia's missions, in words."""

    mission: Mission
    country: str
    covers: tuple[str, ...]

    @property
    def key(self) -> str:
        """What a search in the view looks in: country, city, kind and covered countries."""
        words = (self.country, self.mission.city, kind_label(self.mission), *self.covers)
        return normalise("\x1f".join(words))


def mission_rows(missions: Iterable[Mission], names: Mapping[str, str]) -> list[MissionRow]:
    """Mongolia's open missions, sorted by the host's name, with names for codes."""
    rows = [
        MissionRow(m, names.get(m.host, m.host), tuple(names.get(c, c) for c in m.covers))
        for m in mongolian_missions(missions)
    ]
    return sorted(rows, key=lambda r: (normalise(r.country), _order(r.mission)))


def search_rows(rows: Sequence[MissionRow], query: str) -> list[MissionRow]:
    """The rows every word of ``query`` occurs in (all of them for a blank query)."""
    terms = query_terms(query)
    return [r for r in rows if all(t in r.key for t in terms)] if terms else list(rows)


def serving(rows: Sequence[MissionRow], iso3: str | None) -> int | None:
    """The first row whose mission sits in ``iso3`` or covers it."""
    for n, row in enumerate(rows):
        if iso3 and (row.mission.host == iso3 or iso3 in row.mission.covers):
            return n
    return None


# -- the missions command --------------------------------------------------------------------


def direction(mission: Mission) -> int:
    """0: Mongolia's abroad; 1: a partner's in Mongolia; 2: a partner's elsewhere, for it."""
    return 0 if mission.sender == MONGOLIA else 1 if mission.host == MONGOLIA else 2


def listing(
    missions: Iterable[Mission],
    names: Mapping[str, str],
    *,
    city: str = "",
    country: str | None = None,
    closed: bool = False,
) -> list[Mission]:
    """Missions for ``mongolia-tui missions``: Mongolia's (by host), then partners' in Mongolia,
    then partners' accredited from elsewhere (by sender). ``city``: its words are in the
    city's name; ``country``: the missions that serve that partner, both ways."""
    terms = query_terms(city)
    chosen = [
        m for m in missions
        if (closed or is_open(m))
        and all(t in normalise(m.city) for t in terms)
        and (country is None or country in (m.sender, m.host, *m.covers))
    ]  # fmt: skip

    def order(m: Mission) -> tuple[int, str, tuple[int, str, tuple[int, int, int]]]:
        party = m.host if m.sender == MONGOLIA else m.sender
        return (direction(m), normalise(names.get(party, party)), _order(m))

    return sorted(chosen, key=order)


# -- counts and records -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MissionCounts:
    """Figures for ``stats`` and the timeline; "open" means no closing date is known."""

    mongolia_abroad: int
    mongolia_abroad_closed: int
    mongolia_host_countries: int
    mongolia_covered_countries: int
    in_mongolia: int
    in_mongolia_closed: int
    accredited_from_abroad: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}

    def short(self) -> str:
        """One line, for the timeline at 80x24."""
        return (
            f"missions: Mongolia's {self.mongolia_abroad} abroad · {self.in_mongolia} in "
            f"Mongolia · {self.accredited_from_abroad} accredited from abroad"
        )

    def lines(self) -> list[str]:
        """Two lines in words, for the statistics."""
        return [
            f"Mongolia's missions abroad: {self.mongolia_abroad} in "
            f"{self.mongolia_host_countries} countries, also covering "
            f"{self.mongolia_covered_countries} more ({self.mongolia_abroad_closed} closed)",
            f"Foreign missions in Mongolia: {self.in_mongolia} ({self.in_mongolia_closed} "
            f"closed); {self.accredited_from_abroad} partners accredited from abroad",
        ]


def counts(missions: Sequence[Mission], among: Iterable[str] | None = None) -> MissionCounts:
    """Count missions both ways; ``among``: only those with these partners (a region)."""
    if among is not None:
        kept = frozenset(among)
        missions = [m for m in missions if (m.host if m.sender == MONGOLIA else m.sender) in kept]
    abroad = [m for m in missions if m.sender == MONGOLIA]
    open_abroad = [m for m in abroad if is_open(m)]
    hosts = {m.host for m in open_abroad}
    covered = {c for m in open_abroad for c in m.covers} - hosts
    if among is not None:
        covered &= kept
    here = [m for m in missions if m.host == MONGOLIA]
    return MissionCounts(
        mongolia_abroad=len(open_abroad),
        mongolia_abroad_closed=len(abroad) - len(open_abroad),
        mongolia_host_countries=len(hosts),
        mongolia_covered_countries=len(covered),
        in_mongolia=sum(map(is_open, here)),
        in_mongolia_closed=sum(not is_open(m) for m in here),
        accredited_from_abroad=len(accredited_from_abroad(missions)),
    )


def record(mission: Mission) -> dict[str, Any]:
    """A mission in the store's form (JSON)."""
    return {
        "sender": mission.sender,
        "host": mission.host,
        "city": mission.city,
        "kind": mission.kind,
        "covers": list(mission.covers),
        "opened": mission.opened.iso() if mission.opened else None,
        "closed": mission.closed.iso() if mission.closed else None,
        "note": mission.note,
        "sources": [source_record(s) for s in mission.sources],
    }


def partner_fields(missions: Sequence[Mission], iso3: str | None, name: str) -> dict[str, Any]:
    """A partner's missions, for ``list``/``show --format json``: the summary line and the
    records both ways (closed ones included, with their dates)."""
    code = iso3 or ""  # no code: nothing matches, every list is empty
    found = {
        "mongolia_there": mongolia_in(missions, code, closed=True),
        "mongolia_covering": mongolia_covering(missions, code),
        "partner_in_mongolia": partner_in_mongolia(missions, code, closed=True),
        "partner_accredited_from": partner_accredited_from(missions, code),
    }
    return {
        "missions_summary": summary(missions, iso3, name),
        "missions": {key: [record(m) for m in value] for key, value in found.items()},
    }

"""Diplomatic missions both ways: questions over a list of missions, and their one-line answers.

Pure functions over records of the ``missions`` table (dicts as stored, or :class:`Mission`
objects): which missions Mongolia has in a country, which of its missions covers a country
that has none, where a partner's mission for Mongolia sits, and the one-line summaries the
browser and the CLI show. Nothing here reads files or knows about TinyDB or Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mongolia_tui.dates import format_date, parse_partial_date

MONGOLIA = "MNG"
#: Kinds of mission, in the order a summary lists them.
KINDS: tuple[str, ...] = (
    "embassy",
    "consulate-general",
    "consulate",
    "honorary-consulate",
    "representative-office",
)
_LABELS = {
    "embassy": ("embassy", "embassies"),
    "consulate-general": ("consulate general", "consulates general"),
    "consulate": ("consulate", "consulates"),
    "honorary-consulate": ("honorary consulate", "honorary consulates"),
    "representative-office": ("representative office", "representative offices"),
}
FIELDS = ("sender", "host", "city", "kind", "covers", "opened", "closed", "note", "sources")
NO_DATA = "no data"


@dataclass(frozen=True)
class Mission:
    """One mission: ``sender`` keeps it in ``city`` of ``host``, also accredited to ``covers``."""

    sender: str
    host: str
    city: str
    kind: str
    covers: tuple[str, ...] = ()
    opened: str | None = None
    closed: str | None = None
    note: str = ""
    sources: tuple[Any, ...] = ()

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Mission:
        """Build from a stored record; raise ValueError naming the first problem."""
        found = problems(record)
        if found:
            raise ValueError(found[0])
        return cls(
            sender=record["sender"],
            host=record["host"],
            city=record["city"],
            kind=record["kind"],
            covers=tuple(record.get("covers") or ()),
            opened=record.get("opened"),
            closed=record.get("closed"),
            note=record.get("note") or "",
            sources=tuple(record.get("sources") or ()),
        )

    @property
    def is_open(self) -> bool:
        """No closing date is known (which is not proof that it is still open)."""
        return self.closed is None

    def accredited_to(self, iso3: str) -> bool:
        """The mission serves ``iso3``: it sits there or covers it."""
        return self.host == iso3 or iso3 in self.covers

    def phrase(self) -> str:
        """In words: "embassy in Berlin (since 1950)"; a closed one says until when."""
        text = f"{_LABELS[self.kind][0]} in {self.city}"
        return text + _dates(self.opened, self.closed)


def problems(record: Mapping[str, Any]) -> list[str]:
    """What is wrong with a stored mission record (empty when nothing is)."""
    out: list[str] = []
    missing = [name for name in FIELDS if name not in record]
    if missing:
        return [f"missing field(s): {', '.join(missing)}"]
    for name in ("sender", "host"):
        value = record[name]
        if not (isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper()):
            out.append(f"{name} {value!r} is not an ISO3 code")
    if record["sender"] == record["host"]:
        out.append(f"sender and host are both {record['sender']!r}")
    if not isinstance(record["city"], str) or not record["city"].strip():
        out.append("city must be a non-empty string")
    if record["kind"] not in KINDS:
        out.append(f"kind {record['kind']!r} is not one of {', '.join(KINDS)}")
    covers = record["covers"]
    if not isinstance(covers, list) or not all(isinstance(c, str) and len(c) == 3 for c in covers):
        out.append("covers must be a list of ISO3 codes")
    elif record["host"] in covers:
        out.append(f"covers repeats the host {record['host']!r}")
    for name in ("opened", "closed"):
        value = record[name]
        if value is not None:
            try:
                parse_partial_date(value)
            except ValueError as err:
                out.append(f"{name}: {err}")
    if not isinstance(record["note"], str):
        out.append("note must be a string")
    if not isinstance(record["sources"], list) or not record["sources"]:
        out.append("sources must be a non-empty list")
    return out


def as_missions(records: Iterable[Mission | Mapping[str, Any]]) -> list[Mission]:
    """Missions from stored records, objects passed through."""
    return [r if isinstance(r, Mission) else Mission.from_record(r) for r in records]


def _dates(opened: str | None, closed: str | None) -> str:
    if closed is not None:
        since = format_date(parse_partial_date(opened)) if opened else "?"
        return f" ({since}–{format_date(parse_partial_date(closed))})"
    if opened:
        return f" (since {format_date(parse_partial_date(opened))})"
    return ""


def _order(mission: Mission) -> tuple[int, str, str]:
    return (KINDS.index(mission.kind), mission.city, mission.opened or "")


def _select(
    missions: Iterable[Mission | Mapping[str, Any]], keep: Any, closed: bool
) -> list[Mission]:
    chosen = [m for m in as_missions(missions) if keep(m) and (closed or m.is_open)]
    return sorted(chosen, key=_order)


def mongolia_in(
    missions: Iterable[Mission | Mapping[str, Any]], iso3: str, *, closed: bool = False
) -> list[Mission]:
    """Mongolia's missions in country ``iso3`` (closed ones too when ``closed``)."""
    return _select(missions, lambda m: m.sender == MONGOLIA and m.host == iso3, closed)


def mongolia_covering(missions: Iterable[Mission | Mapping[str, Any]], iso3: str) -> list[Mission]:
    """Mongolia's missions elsewhere that are also accredited to ``iso3``."""
    return _select(missions, lambda m: m.sender == MONGOLIA and iso3 in m.covers, False)


def partner_in_mongolia(
    missions: Iterable[Mission | Mapping[str, Any]], iso3: str, *, closed: bool = False
) -> list[Mission]:
    """The partner's missions in Mongolia."""
    return _select(missions, lambda m: m.sender == iso3 and m.host == MONGOLIA, closed)


def partner_accredited_from(
    missions: Iterable[Mission | Mapping[str, Any]], iso3: str
) -> list[Mission]:
    """The partner's missions abroad that are accredited to Mongolia."""
    return _select(
        missions, lambda m: m.sender == iso3 and m.host != MONGOLIA and MONGOLIA in m.covers, False
    )


def _phrases(missions: list[Mission]) -> str:
    return ", ".join(m.phrase() for m in missions)


def mongolia_line(missions: Iterable[Mission | Mapping[str, Any]], iso3: str) -> str:
    """What Mongolia has in the country: "embassy in Berlin (since 1950)", "covered by the embassy
    in Sofia", both, or "no data"."""
    listed = as_missions(missions)
    here = mongolia_in(listed, iso3)
    away = mongolia_covering(listed, iso3)
    parts = []
    if here:
        parts.append(_phrases(here))
    if away:
        parts.append("covered by the " + _phrases(away))
    return "; ".join(parts) or NO_DATA


def partner_line(missions: Iterable[Mission | Mapping[str, Any]], iso3: str) -> str:
    """What the partner has for Mongolia: "embassy in Ulaanbaatar", "accredited from Beijing
    (embassy)", or "no data"."""
    listed = as_missions(missions)
    here = partner_in_mongolia(listed, iso3)
    if here:
        return _phrases(here)
    away = partner_accredited_from(listed, iso3)
    if away:
        return "accredited from " + ", ".join(f"{m.city} ({_LABELS[m.kind][0]})" for m in away)
    return NO_DATA


def summary(missions: Iterable[Mission | Mapping[str, Any]], iso3: str, name: str) -> str:
    """The panel's line: "Mongolia: embassy in Berlin · Germany: embassy in Ulaanbaatar"."""
    listed = as_missions(missions)
    return f"Mongolia: {mongolia_line(listed, iso3)} · {name}: {partner_line(listed, iso3)}"


def has_resident_mongolian_mission(
    missions: Iterable[Mission | Mapping[str, Any]], iso3: str
) -> bool:
    """Filter: Mongolia has an open mission of any kind in the country."""
    return bool(mongolia_in(missions, iso3))


def has_resident_mission_in_mongolia(
    missions: Iterable[Mission | Mapping[str, Any]], iso3: str
) -> bool:
    """Filter: the partner has an open mission in Mongolia."""
    return bool(partner_in_mongolia(missions, iso3))


def accredited_from_abroad(missions: Iterable[Mission | Mapping[str, Any]], iso3: str) -> bool:
    """Filter: the partner covers Mongolia from a mission elsewhere and has none in Mongolia."""
    listed = as_missions(missions)
    return bool(partner_accredited_from(listed, iso3)) and not partner_in_mongolia(listed, iso3)


def countries_for_city(missions: Iterable[Mission | Mapping[str, Any]], city: str) -> set[str]:
    """ISO3 codes a city answers for: the countries Mongolia's open missions there serve, and
    the partners whose open mission there covers Mongolia ("vienna": Austria and whom it covers)."""
    wanted = city.strip().casefold()
    found: set[str] = set()
    for m in as_missions(missions):
        if not m.is_open or m.city.casefold() != wanted:
            continue
        if m.sender == MONGOLIA:
            found.add(m.host)
            found.update(m.covers)
        elif m.host == MONGOLIA or MONGOLIA in m.covers:
            found.add(m.sender)
    found.discard(MONGOLIA)
    return found


def mongolian_missions(
    missions: Iterable[Mission | Mapping[str, Any]], *, closed: bool = False
) -> list[Mission]:
    """Every mission of Mongolia, by host country then kind and city (the Missions view)."""
    chosen = [m for m in as_missions(missions) if m.sender == MONGOLIA and (closed or m.is_open)]
    return sorted(chosen, key=lambda m: (m.host, *_order(m)))


def counts(missions: Iterable[Mission | Mapping[str, Any]]) -> dict[str, int]:
    """Figures for statistics; "open" means no closing date is known."""
    listed = as_missions(missions)
    abroad = [m for m in listed if m.sender == MONGOLIA]
    in_mongolia = [m for m in listed if m.host == MONGOLIA]
    accredited = [m for m in listed if m.host != MONGOLIA and MONGOLIA in m.covers]
    return {
        "mongolia_abroad": sum(m.is_open for m in abroad),
        "mongolia_abroad_closed": sum(not m.is_open for m in abroad),
        "mongolia_host_countries": len({m.host for m in abroad if m.is_open}),
        "in_mongolia": sum(m.is_open for m in in_mongolia),
        "in_mongolia_closed": sum(not m.is_open for m in in_mongolia),
        "accredited_from_abroad": len(accredited),
    }

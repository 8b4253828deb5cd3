"""A partner's ``history``: dated events (predecessor states, breaks, restorations), checked
in Python by both passes (msgspec cannot say "at most one ranked event, in date order")."""

from __future__ import annotations

from typing import Any

from mongolia_tui.dates import PartialDate
from mongolia_tui.model import EVENT_KINDS, HistoryEvent
from mongolia_tui.store.errors import kind
from mongolia_tui.store.rules import Context, filled
from mongolia_tui.store.sources import source_problems, sources_of

_EVENT_KIND_SET = frozenset(EVENT_KINDS)


def parse_history(
    value: Any, context: Context | None = None
) -> tuple[tuple[HistoryEvent, ...], list[str]]:
    """A record's ``history`` as events, and every problem with it (events only if none).

    Events must be objects with a known ``kind``, a partial date (not after the context's
    latest date) or null, a one-line ``note`` and sources; a ``predecessor`` names the
    predecessor state; at most one dated event is marked ``rank``; dated events come in
    chronological order.
    """
    if type(value) is not list:
        return (), [f"field 'history' must be a list of events, not {kind(value)}"]
    if context is None:
        context = Context()
    problems: list[str] = []
    events: list[HistoryEvent] = []
    ranked = 0
    last: tuple[int, int, int] | None = None
    for n, item in enumerate(value, start=1):
        where = f"history event {n}"
        if not isinstance(item, dict):
            problems.append(f"{where} must be an object, not {kind(item)}")
            continue
        found: list[str] = []
        event_kind = item.get("kind")
        if type(event_kind) is not str or event_kind not in _EVENT_KIND_SET:
            found.append(
                f"{where}: unknown kind {event_kind!r}"[:160]
                + f"; choose from {', '.join(EVENT_KINDS)}"
            )
        when: PartialDate | None = None
        raw_date = item.get("date", ...)
        if raw_date is ...:
            found.append(f"{where}: missing field 'date' (null when unknown)")
        elif raw_date is not None:
            try:
                when = context.date(raw_date)
            except ValueError as error:
                found.append(f"{where}: bad 'date': {error}"[:200])
        note = item.get("note")
        if type(note) is not str or not filled(note):
            found.append(f"{where}: 'note' must be non-empty text")
        elif "\n" in note or "\r" in note:
            found.append(f"{where}: 'note' must be one line")
        sources = item.get("sources")
        if type(sources) is not list or not sources:
            found.append(f"{where}: 'sources' must be a non-empty list of text or source objects")
        else:
            for m, source in enumerate(sources, start=1):
                wrong = next(source_problems(source, context), None)
                if wrong is not None:
                    found.append(f"{where}: 'sources' item {m} {wrong}"[:200])
                    break
        name = item.get("name", "")
        if type(name) is not str:
            found.append(f"{where}: 'name' must be text")
        elif event_kind == "predecessor" and not name.strip():
            found.append(f"{where}: a predecessor event must give the predecessor's 'name'")
        rank = item.get("rank", False)
        if type(rank) is not bool:
            found.append(f"{where}: 'rank' must be true or false")
        elif rank:
            ranked += 1
            if raw_date is None:
                found.append(f"{where}: a 'rank' event needs a date")
        if when is not None:
            if last is not None and when.sort_key < last:
                found.append(f"{where}: out of order (events go in chronological order)")
            last = when.sort_key
        if found:
            problems.extend(found)
            continue
        assert isinstance(event_kind, str) and isinstance(note, str) and isinstance(sources, list)
        events.append(HistoryEvent(event_kind, when, note, sources_of(sources), name, rank))
    if ranked > 1:
        problems.append("more than one history event is marked 'rank'")
    return (() if problems else tuple(events)), problems

"""One partner in full, as (label, value) pairs: for ``show``, the notes panel and copy."""

from __future__ import annotations

from datetime import date

from mongolia_tui.citations import single_site
from mongolia_tui.model import HistoryEvent, Partner, ranked_event, source_line
from mongolia_tui.output.width import wrap
from mongolia_tui.sanitize import safe_text


def rank_text(partner: Partner, ranked_count: int) -> str:
    """ "#78 of 192", or why the partner has no number."""
    if partner.rank is not None:
        text = f"#{partner.rank} of {ranked_count}"
        ranked = ranked_event(partner.history)
        if ranked is not None and ranked.date != partner.established:
            whose = f"{ranked.name}'s date, " if ranked.name else ""
            text += f" (ranked at {whose}{ranked.date_text})"
        return text
    if not partner.has_relations:
        return "no rank (no relations)"
    if not partner.un_member:
        return "no rank (not a UN member)"
    return "no rank (date unknown)"


#: How each kind of history event reads.
EVENT_WORDS = {
    "established": "established",
    "recognised": "recognised",
    "broken": "broken off",
    "restored": "restored",
    "predecessor": "predecessor",
    "withdrawn": "recognition withdrawn",
    "reaffirmed": "reaffirmed",
}


#: The events a reader should see confirmed by a second source: a break and a restoration
#: change the relation's story, and the sources that give them are few.
CONFIRMED_KINDS = frozenset({"broken", "restored"})


def one_source_mark(event: HistoryEvent) -> str:
    """ " (one source: zh.wikipedia.org)" for a break or restoration whose sources are all on
    one site; "" otherwise. A reader sees at once which no second source confirms."""
    if event.kind not in CONFIRMED_KINDS:
        return ""
    site = single_site(event.sources)
    return f" (one source: {site})" if site else ""


def event_line(event: HistoryEvent) -> str:
    """One history event on one line: "25 April 1950 · predecessor Czechoslovakia: note"; a
    break or restoration is marked "(one source: site)" when its sources are all on one site."""
    head = EVENT_WORDS.get(event.kind, event.kind)
    if event.name:
        head += f" {event.name}"
    rank = " (ranked at this date)" if event.rank else ""
    return f"{event.date_text} · {head}{rank}{one_source_mark(event)}: {event.note}"


def mongolian_name(partner: Partner) -> str:
    """ "Герман (source: https://…)": the partner's name in Mongolian and where it is from."""
    if not partner.name_mn:
        return ""
    if not partner.name_mn_source:
        return partner.name_mn
    return f"{partner.name_mn} (source: {partner.name_mn_source})"


def partner_details(
    partner: Partner, ranked_count: int, today: date, missions: str = ""
) -> list[tuple[str, str]]:
    """Every fact about a partner, labelled, in reading order; empty facts left out.
    ``missions``: the line of :func:`mongolia_tui.missions.summary`."""
    established = partner.established_text
    if partner.established is not None:
        precision = partner.established.precision.name.lower()
        if precision != "day":
            established += f" (known to the {precision})"
    pairs = [
        ("Name", partner.name),
        ("Also", ", ".join(partner.aliases)),
        ("Mongolian", mongolian_name(partner)),
        ("ISO code", partner.iso3 or ""),
        ("Region", partner.region),
        ("Established", established),
        ("Age", partner.age_text(today) if partner.has_relations else ""),
        ("Rank", rank_text(partner, ranked_count)),
        ("UN member", "yes" if partner.un_member else "no"),
        ("Missions", missions),
        ("Notes", partner.notes),
        ("History", "\n".join(event_line(e) for e in partner.history)),
        ("Date note", partner.date_note),
        ("See also", "\n".join(partner.see_also)),
        # The canonical page first, the copy read through after it.
        ("Sources", "\n".join(map(source_line, partner.sources))),
    ]
    return [(label, value) for label, value in pairs if value]


#: Facts that are lists, one item a line: a wrapped item's later lines are indented further.
_ITEMISED = frozenset({"History", "See also", "Sources"})
LABEL_WIDTH = 13


def details_text(
    partner: Partner, ranked_count: int, today: date, width: int | None = None, missions: str = ""
) -> str:
    """The details as terminal-safe plain text, one labelled block per fact.

    With a ``width``, lines wrap at spaces to at most that many cells (URLs stay whole), with a
    hanging indent under the label column; without one each line is left whole (for copying).
    """
    lines = []
    for label, value in partner_details(partner, ranked_count, today, missions):
        hang = 2 if label in _ITEMISED else 0
        room = max(width - LABEL_WIDTH - hang, 20) if width is not None else 0
        prefix = f"{label + ':':<{LABEL_WIDTH}}"
        for item in safe_text(value).split("\n"):
            pieces = wrap(item, room) if width is not None else [item]
            lines.append(prefix + pieces[0])
            lines.extend(" " * (LABEL_WIDTH + hang) + piece for piece in pieces[1:])
            prefix = " " * LABEL_WIDTH
    return "\n".join(lines) + "\n"

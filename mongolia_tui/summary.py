"""What the notes panel and the detail view say about a partner or an organisation.

Pure logic, no Textual. The notes panel's summary is a list of :class:`Para` (a kind and plain
text): the note first, the facts compact, short enough to read at 80x24. The detail view's
record is a list of :class:`Section`: everything, with sources and provenance. The widgets
decide how each kind looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from mongolia_tui.details import event_line, partner_details
from mongolia_tui.model import Article, Organisation, Partner


class Para(NamedTuple):
    """One paragraph: ``kind`` is title, facts or meta (one line each, cut to fit), text,
    missions (one line of facts, wrapped), label, item, hint, or break (a blank line between
    parts)."""

    kind: str
    text: str


BREAK = Para("break", "")
#: History events the notes panel lists; the detail view shows the rest.
PANEL_EVENTS = 20


def _rank(partner: Partner, ranked_count: int) -> str:
    return f"#{partner.rank} of {ranked_count}" if partner.rank is not None else ""


def partner_summary(
    partner: Partner, ranked_count: int, today: date, missions: str = ""
) -> list[Para]:
    """The partner's name and key facts on two lines, then its note, its missions (the line
    of :func:`mongolia_tui.missions.summary`) and a short history."""
    if partner.has_relations:
        when = partner.established_text
        if partner.established is None:
            when = "date unknown"
        facts = [when, partner.age_text(today) if partner.established else "",
                 _rank(partner, ranked_count)]  # fmt: skip
    else:
        facts = ["no diplomatic relations"]
    second = [partner.region]
    if partner.iso3:
        second.append(partner.iso3)
    if partner.name_mn:
        second.append(f"in Mongolian {partner.name_mn}")
    if partner.aliases:
        second.append("also " + ", ".join(partner.aliases))
    paras = [
        Para("title", partner.name),
        Para("facts", " · ".join(f for f in facts if f)),
        Para("meta", " · ".join(second)),
    ]
    if partner.notes:
        paras += [BREAK, Para("text", partner.notes)]
    if missions:
        paras += [BREAK, Para("missions", missions)]
    if partner.history:
        paras += [BREAK, Para("label", "History")]
        paras.extend(Para("item", event_line(e)) for e in partner.history[:PANEL_EVENTS])
        if len(partner.history) > PANEL_EVENTS:
            more = len(partner.history) - PANEL_EVENTS
            paras.append(Para("item", f"… {more:,} more events: enter shows them"))
    paras.append(BREAK)
    if partner.date_disputed:
        paras.append(Para("hint", "Sources disagree on the date: enter shows how."))
    elif partner.has_relations and partner.established is not None:
        precision = partner.established.precision.name.lower()
        if precision != "day":
            paras.append(Para("hint", f"The date is known to the {precision} only."))
    paras.append(Para("hint", "enter: details, history and sources"))
    return paras


def organisation_summary(organisation: Organisation) -> list[Para]:
    paras = [
        Para("title", f"{organisation.abbreviation}: {organisation.name}"),
        Para("facts", organisation.status),
    ]
    if organisation.notes:
        paras += [BREAK, Para("text", organisation.notes)]
    paras += [BREAK, Para("hint", "enter: details and sources")]
    return paras


def article_summary(article: Article, coming_up: Sequence[str] = ()) -> list[Para]:
    """The empty state: what is coming up, then the article's lead."""
    paras = [Para("title", article.title)]
    if coming_up:
        paras += [BREAK, Para("label", "Coming up")]
        paras.extend(Para("item", line) for line in coming_up)
    for paragraph in article.lead:
        paras += [BREAK, Para("text", paragraph)]
    if article.source:
        paras += [BREAK, Para("hint", f"Source: {article.source}")]
    return paras


class Section(NamedTuple):
    """A part of the detail view: ``kind`` is facts ((label, value) pairs), text, lines or
    links (URLs, shown and clickable)."""

    title: str
    kind: str
    items: tuple[tuple[str, str], ...] | tuple[str, ...]


#: The facts the detail view lists first, in this order (the rest get sections of their own).
RECORD_FACTS = ("Established", "Age", "Rank", "Region", "ISO code", "Also", "Mongolian",
                "UN member", "Missions")  # fmt: skip


def partner_record(
    partner: Partner, ranked_count: int, today: date, missions: str = ""
) -> list[Section]:
    """Everything about a partner, for the detail view, in reading order; empty parts left
    out. How the date was established (the restorer's notes) comes last, as provenance."""
    known = dict(partner_details(partner, ranked_count, today, missions))
    facts = tuple((label, known[label]) for label in RECORD_FACTS if label in known)
    sections = [Section("", "facts", facts)]
    if partner.notes:
        sections.append(Section("Note", "text", (partner.notes,)))
    if partner.history:
        sections.append(Section("History", "lines", tuple(event_line(e) for e in partner.history)))
    if partner.date_disputed and partner.date_note:
        sections.append(Section("Date conflicts", "text", (partner.date_note,)))
    if partner.sources:
        sections.append(Section("Sources", "links", partner.sources))
    if partner.see_also:
        sections.append(Section("See also", "lines", partner.see_also))
    if partner.date_note and not partner.date_disputed:
        sections.append(Section("Provenance: how the date was established", "text",
                                (partner.date_note,)))  # fmt: skip
    return sections


def organisation_record(organisation: Organisation) -> list[Section]:
    sections = [Section("", "facts", (("Name", organisation.name),
                                      ("Status", organisation.status)))]  # fmt: skip
    if organisation.notes:
        sections.append(Section("Note", "text", (organisation.notes,)))
    if organisation.sources:
        sections.append(Section("Sources", "links", organisation.sources))
    return sections

"""One partner in full, as (label, value) pairs: for ``show``, the notes panel and copy."""

from __future__ import annotations

from datetime import date

from mongolia_tui.model import Relation
from mongolia_tui.sanitize import safe_text


def rank_text(relation: Relation, numbered: int) -> str:
    """ "#78 of 192", or why the partner has no number."""
    if relation.order is not None:
        return f"#{relation.order} of {numbered}"
    if not relation.has_relations:
        return "not numbered (no relations)"
    if not relation.un_member:
        return "not numbered (not a UN member)"
    return "not numbered (date unknown)"


def relation_details(relation: Relation, numbered: int, today: date) -> list[tuple[str, str]]:
    """Every fact about a partner, labelled, in reading order; empty facts left out."""
    established = relation.established_text
    if relation.established is not None:
        precision = relation.established.precision.name.lower()
        if precision != "day":
            established += f" (known to the {precision})"
    pairs = [
        ("Name", relation.name),
        ("Also", ", ".join(relation.aliases)),
        ("ISO code", relation.iso3 or ""),
        ("Region", relation.region),
        ("Established", established),
        ("Age", relation.age_text(today) if relation.has_relations else ""),
        ("Rank", rank_text(relation, numbered)),
        ("UN member", "yes" if relation.un_member else "no"),
        ("Notes", relation.notes),
        ("Date note", relation.date_note),
        ("See also", "\n".join(relation.see_also)),
        ("Sources", "\n".join(relation.sources)),
    ]
    return [(label, value) for label, value in pairs if value]


def details_text(relation: Relation, numbered: int, today: date) -> str:
    """The details as terminal-safe plain text, one labelled block per fact."""
    lines = []
    for label, value in relation_details(relation, numbered, today):
        first, *rest = safe_text(value).split("\n")
        lines.append(f"{label + ':':<13}{first}")
        lines.extend(f"{'':<13}{line}" for line in rest)
    return "\n".join(lines) + "\n"

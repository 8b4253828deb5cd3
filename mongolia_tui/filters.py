"""The partners' filters: what each keeps, the one "has a note" rule and the uncertain-date mark.

Pure logic, no Textual: the browser's filter menu, ``list``'s filter options and the table's
marks all read these declarations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mongolia_tui import missions as mission_facts
from mongolia_tui.model import Mission, Partner

#: A note that is only a pointer elsewhere ("See Mongolia–Turkey relations"): no note of its own.
_SEE_ONLY = re.compile(r"see(?: also)?\s[^.;:\n]*\.?", re.IGNORECASE)


def has_note(partner: Partner) -> bool:
    """Whether a partner has a note that says something: a bare "See …" does not count.

    The one rule behind the "has a note" filter, ``list --has-note``, the Note column's ✎ and
    sorting by note.
    """
    notes = partner.notes.strip()
    return bool(notes) and not _SEE_ONLY.fullmatch(notes)


@dataclass(frozen=True, slots=True)
class Filter:
    """A filter that combines with search and with the other filters."""

    key: str
    label: str
    test: Callable[[Partner], bool]
    #: A filter about missions: the ISO codes it keeps, from the store's missions (``test``
    #: is then unused).
    codes: Callable[[Sequence[Mission]], frozenset[str]] | None = None

    def bound(self, missions: Sequence[Mission]) -> Callable[[Partner], bool]:
        """The test for one store's partners."""
        if self.codes is None:
            return self.test
        kept = self.codes(missions)
        return lambda r: r.iso3 in kept


MARKED = "marked"

#: What follows a date that is uncertain or disputed, in the browser's table and ``list``.
UNCERTAIN_MARK = "*"
#: The legend of the mark, for the help screen, the key bar and the README.
UNCERTAIN_LEGEND = "date uncertain or disputed"


def date_mark(partner: Partner) -> str:
    """:data:`UNCERTAIN_MARK` for a date the "date uncertain or disputed" filter keeps, else
    "": the table marks exactly the partners that filter finds."""
    return UNCERTAIN_MARK if partner.date_uncertain else ""


#: The filters a user can switch on, in the order the filter menu lists them.
FILTERS: tuple[Filter, ...] = (
    Filter("note", "has a note", has_note),
    Filter("none", "no relations", lambda r: r.status == "none"),
    Filter("uncertain", UNCERTAIN_LEGEND, lambda r: r.date_uncertain),
    # Missions: what the store says; a partner it says nothing of is in none of them.
    Filter("mission-there", "Mongolia has a resident mission there", lambda r: False,
           mission_facts.with_mongolian_mission),
    Filter("mission-here", "resident mission in Ulaanbaatar", lambda r: False,
           mission_facts.with_mission_in_mongolia),
    Filter("accredited", "accredited from abroad", lambda r: False,
           mission_facts.accredited_from_abroad),
    # Marks are the user's, not the data's: the index tests them against the marked set.
    Filter(MARKED, "marked", lambda r: False),
)  # fmt: skip
FILTER_KEYS = tuple(f.key for f in FILTERS)

"""Upcoming anniversaries of relations: a list to read, and Enter to go to a partner.

Built from plain data (the partners and today's date); dismisses with the chosen partner's
identity (its index in the partners given), or None: never a name to look up again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mongolia_tui.anniversaries import (
    DEFAULT_WITHIN,
    LEAP_DAY_NOTE,
    Anniversary,
    ordinal,
    upcoming,
    when_text,
)
from mongolia_tui.dates import MONTHS
from mongolia_tui.model import Partner
from mongolia_tui.sanitize import safe_line

#: The windows ``w`` steps through, in days.
WINDOWS = (DEFAULT_WITHIN, 90, 365)


def anniversary_line(a: Anniversary, today: date) -> Text:
    """ "30 Nov 2026  tomorrow    Canada · 53rd (1973)", round ones starred and bold."""
    text = Text(no_wrap=True, overflow="ellipsis")
    day = f"{a.date.day:>2} {MONTHS[a.date.month - 1][:3]} {a.date.year}"
    text.append(f"{day}  {when_text(a.date, today):<12} ")
    text.append(safe_line(a.label), style="bold" if a.is_round else "")
    text.append(f" · {ordinal(a.years)}", style="bold" if a.is_round else "")
    text.append(" ★" if a.is_round else "", style="bold")
    text.append(f" ({a.established.year}{'*' if a.leap_day else ''})")
    return text


class AnniversariesScreen(ModalScreen[int | None]):
    """Anniversaries in the next 30 days (``w`` looks further, ``r`` keeps round ones)."""

    CSS_PATH = "timeline.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("w", "widen", "Look further"),
        Binding("r", "round_only", "Round only"),
    ]

    def __init__(
        self, partners: Sequence[Partner], *, today: date, within: int = DEFAULT_WITHIN
    ) -> None:
        super().__init__()
        self.partners = tuple(partners)
        self.today = today
        self.within = within
        self.round_only = False
        self.found: list[Anniversary] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="anniversaries"):
            yield Static(id="anniversaries-title", markup=False)
            yield OptionList(id="anniversaries-list")
            yield Static(id="anniversaries-hint", markup=False)

    def on_mount(self) -> None:
        self._show()
        self.query_one(OptionList).focus()

    def _show(self) -> None:
        self.found = upcoming(self.partners, self.today, self.within, self.round_only)
        which = "Round anniversaries" if self.round_only else "Anniversaries"
        title = Text(f"{which} in the next {self.within} days", style="bold")
        title.append(f" · from {self.today.day} {MONTHS[self.today.month - 1]} {self.today.year}")
        self.query_one("#anniversaries-title", Static).update(title)
        options = self.query_one(OptionList)
        options.clear_options()
        if self.found:
            options.add_options(
                Option(anniversary_line(a, self.today), id=str(i)) for i, a in enumerate(self.found)
            )
            options.highlighted = 0
        else:
            options.add_option(Option(Text("None. Press w to look further.", style="italic"),
                                      disabled=True))  # fmt: skip
        hint = Text("enter: go to the partner · w: look further · r: round only · esc")
        hint.append("\n★ round: 10th, 25th, 50th, 60th, 70th, 75th, 100th.")
        hint.append(" Only dates known to the day have anniversaries.")
        if any(a.leap_day for a in self.found):
            hint.append(f"\n* {LEAP_DAY_NOTE}.")
        self.query_one("#anniversaries-hint", Static).update(hint)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            chosen = self.found[int(event.option.id)].subject
            self.dismiss(next(i for i, r in enumerate(self.partners) if r is chosen))

    def action_widen(self) -> None:
        later = [w for w in WINDOWS if w > self.within]
        self.within = later[0] if later else WINDOWS[0]
        self._show()

    def action_round_only(self) -> None:
        self.round_only = not self.round_only
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)

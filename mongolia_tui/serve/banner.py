"""The text shown before login (as Wish and sshd's ``Banner`` do): the operator's, or by
default this week's anniversaries of Mongolia's relations, computed once a day from the store
the server serves (read once, at start)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from mongolia_tui.model import Partner

#: Days ahead the default banner looks, today included.
WEEK = 6


def week_text(partners: Sequence[Partner], day: date) -> str:
    """This week's anniversaries, a few lines (terminal-safe)."""
    from mongolia_tui.anniversaries import coming_up

    lines = coming_up(partners, day, within=WEEK, limit=6)
    if not lines:
        return "Mongolia's foreign relations: no anniversary this week.\n"
    return "Mongolia's foreign relations, this week's anniversaries:\n" + "".join(
        f"  {line}\n" for line in lines
    )


class Banner:
    """The banner for a login today: fixed text, none (""), or this week's anniversaries."""

    def __init__(
        self, text: str | None, store: Path, today: Callable[[], date] = date.today
    ) -> None:
        self.fixed = None if text is None else (f"{text}\n" if text else "")
        self.today = today
        self._partners: Sequence[Partner] = ()
        self._cached: tuple[date, str] | None = None
        if self.fixed is None:
            from mongolia_tui.store import load_store

            self._partners = load_store(store).partners

    def text(self) -> str:
        if self.fixed is not None:
            return self.fixed
        day = self.today()
        if self._cached is None or self._cached[0] != day:
            self._cached = (day, week_text(self._partners, day))
        return self._cached[1]

"""Keys people reach for on the table: ``'`` then a letter jumps to the next name starting
with it (file managers' type-ahead; most letters are commands here, so the ``'`` comes first),
``:N`` then enter (or ``G``) goes to row N (digits alone switch tabs), ctrl+d/ctrl+u move
half a page.

A prefix key only sets :attr:`Jumps.pending`; while it is set, the next key is taken by
:meth:`Jumps.on_event` as it arrives, before any binding, so keys keep their order even when
they arrive in one burst.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events
from textual.app import App

from mongolia_tui.search import normalise
from mongolia_tui.state import BrowserState
from mongolia_tui.widgets.keybar import KeyBar
from mongolia_tui.widgets.table import RowTable

#: Row numbers longer than this are not typed by people (and would only grow a buffer).
MAX_DIGITS = 7


def next_starting_with(names: Sequence[str], after: int | None, letter: str) -> int | None:
    """The position of the first name after ``after`` (wrapping round) that starts with
    ``letter``, accents and case ignored; None if no name does."""
    wanted = normalise(letter)
    if not wanted or not names:
        return None
    start = -1 if after is None else after
    count = len(names)
    for step in range(1, count + 1):
        at = (start + step) % count
        if normalise(names[at][:4]).startswith(wanted):
            return at
    return None


def row_position(number: int, count: int) -> int | None:
    """Row ``number`` (1-based, as people count; clamped to the rows there are)."""
    if count == 0:
        return None
    return min(max(number, 1), count) - 1


class Jumps(App[int]):
    """Type-ahead, go to row N and half pages, for :class:`~mongolia_tui.app.MongoliaApp`."""

    state: BrowserState
    #: "'" (a letter follows), ":" and the digits typed so far, or "" (no prefix).
    pending = ""

    @property
    def table(self) -> RowTable:
        raise NotImplementedError

    def _apply(self, change: Callable[[], object]) -> None:
        raise NotImplementedError

    def render_state(self) -> None:
        raise NotImplementedError

    def action_half_page(self, direction: int) -> None:
        delta = direction * max(self.table.body_height // 2, 1)
        self.table.scroll_rows(delta)
        state = self.state
        self._apply(lambda: state.move(delta))

    def action_jump_prefix(self) -> None:
        self._set_pending("'")

    def action_row_prefix(self) -> None:
        self._set_pending(":")

    def _set_pending(self, pending: str) -> None:
        self.pending = pending
        if not pending:
            self.render_state()  # the usual keys again
            return
        if pending == "'":
            keys = [("'_", "Jump: type a letter", ""), ("esc", "Cancel", "")]
        else:
            keys = [(f"{pending}_", "Go to row: type its number", ""), ("enter", "Go", ""),
                    ("esc", "Cancel", "")]  # fmt: skip
        self.screen.query_one(KeyBar).show(keys)

    async def on_event(self, event: events.Event) -> None:
        # The key after a prefix is taken here, as it arrives, before any binding: had it
        # gone on to the table and bubbled back, later keys of a burst would overtake it.
        if (self.pending and isinstance(event, events.Key) and not event.is_forwarded
                and event.key != "ctrl+c" and len(self.screen_stack) == 1):  # fmt: skip
            self._after_prefix(event)
            return
        await super().on_event(event)

    def _after_prefix(self, event: events.Key) -> None:
        """The key after a prefix."""
        pending = self.pending
        if pending == "'":
            self.pending = ""
            character = event.character
            if event.key != "escape" and character and character.isprintable():
                self._jump_to_letter(character)
            self.render_state()
            return
        digits = pending[1:]
        if event.key in ("enter", "G") and digits:
            self.pending = ""
            self._go_to_row(int(digits))
        elif event.character is not None and event.character.isdigit() and event.is_printable:
            self._set_pending(pending + event.character if len(digits) < MAX_DIGITS else pending)
        elif event.key == "backspace" and digits:
            self._set_pending(pending[:-1])
        else:  # esc, or anything else: no row
            self._set_pending("")

    def _jump_to_letter(self, letter: str) -> None:
        state = self.state
        rows = state.rows
        names = _NameList(self, rows)
        found = next_starting_with(names, state.cursor, letter)
        if found is None:
            self.notify(f"No name here starts with “{letter}”.", severity="warning",
                        markup=False)  # fmt: skip
            return
        state.select(rows[found])

    def _go_to_row(self, number: int) -> None:
        state = self.state
        at = row_position(number, len(state.rows))
        if at is not None:
            state.select(state.rows[at])
        self.render_state()

    def row_name(self, item: int) -> str:
        """The name type-ahead matches: a partner's name, an organisation's abbreviation."""
        catalogue = self.state.catalogue
        if self.state.on_partners:
            return catalogue.partners[item].shown_name(self.state.names)
        return catalogue.organisations[item].abbreviation


class _NameList(Sequence[str]):
    """The names of the rows, looked up only as the search reaches them (a jump usually stops
    after a few rows, so 50,000 names are not built for it)."""

    def __init__(self, app: Jumps, rows: Sequence[int]) -> None:
        self.app = app
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    # By position only (bisect never slices it): no slice overload.
    def __getitem__(self, at: int) -> str:  # type: ignore[override]
        return self.app.row_name(self.rows[at])

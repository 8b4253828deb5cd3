"""The search box: an input whose editing keys keep their order in a burst (see
:mod:`mongolia_tui.widgets.ordered_input`), with a history of searches."""

from __future__ import annotations

from textual import events

from mongolia_tui.commands import SEARCH_COMMANDS, bindings
from mongolia_tui.history import SearchHistory
from mongolia_tui.widgets.ordered_input import OrderedInput


class SearchBox(OrderedInput):
    """A one-line search field whose editing keys keep their order in a burst; ↑/↓ recall
    past searches (:attr:`history`, given by the app)."""

    BINDINGS = bindings(SEARCH_COMMANDS, priority=False)

    history: SearchHistory | None = None

    def action_history(self, step: int) -> None:
        if self.history is None:
            return
        found = self.history.older(self.value) if step < 0 else self.history.newer()
        if found is not None:
            self.value = found
            self.cursor_position = len(found)

    def remember(self) -> None:
        """Keep the search for ↑ (the app calls this as its keys leave the box: the keys
        typed before them are in the box by then, see :mod:`mongolia_tui.keyorder`)."""
        if self.history is not None:
            self.history.add(self.value)

    def _on_blur(self, event: events.Blur) -> None:
        # Left by other means (a click, tab). A blur from a burst is handled after later
        # keys: if they came back to the box, what it holds now is not the search left.
        if not self.has_focus:
            self.remember()
        super()._on_blur(event)

    async def type_key(self, event: events.Key) -> bool:
        """Edit with a key now (not after the keys queued for this widget); False when the
        key is not an editing key or a character (the caller passes it on).

        The app types each key into the box as it arrives, so that a key the app handles
        itself, in the same burst ("/dprk⏎n"), sees the text typed before it."""
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings:
            await self.run_action(bindings[0].action)
            return True
        if event.is_printable and event.character is not None:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(event.character)
            else:
                self.replace(event.character, *selection)
            return True
        return False

"""Textual's ``Input``, with its editing keys handled in the order typed.

Textual inserts a printable key when it reaches the input, but runs the input's key bindings
(backspace, delete, ←, →, home, end, ctrl+w...) only after the key has bubbled up to the
app, by which time later keys may have been inserted. Typed one at a time the difference does
not show; in a burst (a paste, keys bunched by a laggy SSH link) "malay⌫⌫⌫⌫⌫dprk" became
"ma" instead of "dprk". This input runs its own bindings as each key arrives.
"""

from __future__ import annotations

from textual import events
from textual.reactive import Reactive
from textual.widgets import Input


class OrderedInput(Input):
    """A one-line input whose editing keys keep their order in a burst."""

    #: No link highlighting: Textual repaints a widget with it on every hover change.
    auto_links = Reactive(False)

    async def _on_key(self, event: events.Key) -> None:
        bindings = self._bindings.key_to_bindings.get(event.key)
        if bindings:
            # Handled here and now: it must not bubble up to be handled a second time.
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)

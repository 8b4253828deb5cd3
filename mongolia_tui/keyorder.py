"""Keys handled in the order they were typed, however they arrive.

Two ways Textual's input loses that order, and what this app base class does about them:

- **Esc and a key together** (one SSH packet, a fast typist) reach the app as alt+key: a
  terminal cannot tell them apart. Where alt+key is bound to nothing, it is handled as what
  was typed: esc, then the key.
- **A key the app handles after characters typed into an input**: the app runs its own
  bindings as each key arrives, but hands characters to the focused input through the
  input's queue, handled later. In "/dprk⏎n" typed in one burst, ``n`` was handled before
  "dprk" was in the box. While :meth:`KeyOrderApp.typing_box` names an input, each key is
  typed into it at once, in order with the app's own keys.
"""

from __future__ import annotations

from textual import events
from textual.app import App

from mongolia_tui.widgets.search import SearchBox


class KeyOrderApp(App[int]):
    """An app whose keys, and the characters typed into its search box, keep their order."""

    def typing_box(self) -> SearchBox | None:
        """The input that has the keys now, if it types them in order (see the module)."""
        return None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
            return
        box = self.typing_box()
        if event.key.startswith("alt+") and not self._bound(event.key):
            for key in split_alt(event):
                await self.on_event(key)
        elif box is not None:
            handled = await self._own_binding(event.key)
            if not handled and not await box.type_key(event):
                box._forward_event(event)
        else:
            await super().on_event(event)

    async def _own_binding(self, key: str) -> bool:
        """Run the app's binding of a key if it works here (see :meth:`App.check_action`).

        Textual hides the bindings of printable keys while an input has the focus; this is
        how a key the app lets through there (``n`` jumping to the tab a message names) works
        from the search box."""
        for binding in self._bindings.key_to_bindings.get(key, ()):
            if await self.run_action(binding.action):
                return True
        return False

    def _bound(self, key: str) -> bool:
        return any(key in bindings.key_to_bindings for _, bindings in self._binding_chain)


def split_alt(event: events.Key) -> tuple[events.Key, events.Key]:
    """An alt+key the terminal read from "esc, key" typed together: esc, then the key.

    "alt+s" -> esc, s; "alt+shift+s" -> esc, S; "alt+slash" -> esc, slash."""
    name = event.key.removeprefix("alt+")
    if name.startswith("shift+") and len(name) == 7:
        name = name[-1].upper()
    return events.Key("escape", "\x1b"), events.Key(name, event.character)

"""The browser as textish (the in-process Textual SSH server) serves an app: one app object per
session, all in the server's process, the store loaded once at import.

    textish textish_app:make --port 2222      # from benchmarks/, in a Python >= 3.12 venv
"""

from __future__ import annotations

from textual.app import App

from mongolia_tui.app import make_app
from mongolia_tui.store import default_store_path, load_store

CATALOGUE = load_store(str(default_store_path()))


def make() -> App[int]:
    """A fresh browser for one session, on the shared catalogue."""
    return make_app(CATALOGUE, state_path=None)  # no state shared between sessions

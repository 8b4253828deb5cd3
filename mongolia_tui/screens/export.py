"""Export the rows on screen to a file the user names (format from the file's ending)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mongolia_tui.export import format_for_path, render
from mongolia_tui.model import Relation

DEFAULT_NAME = "mongolia-relations.csv"


def write_export(path: str, text: str, *, overwrite: bool) -> None:
    """Write an export; refuse to replace an existing file unless asked (raises OSError)."""
    with open(path, "w" if overwrite else "x", encoding="utf-8", newline="") as handle:
        handle.write(text)


class ExportScreen(ModalScreen[str | None]):
    """Asks for a file name and writes the rows there; dismisses with the path written."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, relations: Sequence[Relation], *, today: date, protected: str = "") -> None:
        super().__init__()
        self.relations = relations
        self.today = today
        self.protected = os.path.realpath(protected) if protected else ""
        self._confirm: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"Export {len(self.relations)} rows, in the order shown",
                              style="bold"))  # fmt: skip
            yield Static(Text("File name; the ending picks the format: .csv .json .md .txt"))
            yield Input(value=DEFAULT_NAME, id="export-path")
            yield Static(Text("enter writes · esc cancels"), id="export-message")

    def _say(self, message: str) -> None:
        self.query_one("#export-message", Static).update(Text(message))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirm = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = os.path.expanduser(event.value.strip())
        if not path:
            self._say("Type a file name.")
            return
        fmt = format_for_path(path)
        if fmt is None:
            self._say("Unknown ending: use .csv, .json, .md or .txt")
            return
        if self.protected and os.path.realpath(path) == self.protected:
            self._say("That is the data store itself: choose another file.")
            return
        if os.path.isdir(path):
            self._say("That is a folder: add a file name.")
            return
        overwrite = self._confirm == path
        if os.path.exists(path) and not overwrite:
            self._confirm = path
            self._say("That file exists: press enter again to replace it, or change the name.")
            return
        try:
            write_export(path, render(self.relations, fmt, self.today), overwrite=overwrite)
        except OSError as error:
            self._say(f"Cannot write {path}: {error.strerror or error}")
            return
        self.app.notify(f"Wrote {len(self.relations)} rows to {path}", markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)

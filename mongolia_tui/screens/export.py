"""Export the rows on screen to a file the user names (format from the file's ending).

All file work (checking the target, rendering, writing) runs in a worker thread, so a slow
disk or a network folder never freezes the browser: the screen says "Writing…", and esc
cancels (the target is then left as it was). Writing is atomic and never touches the store:
see :mod:`mongolia_tui.files`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from mongolia_tui.files import Cancelled, Refused, check_target, identities, write_file
from mongolia_tui.output.writer import format_for_path
from mongolia_tui.sanitize import safe_line

DEFAULT_NAME = "mongolia-relations.csv"


class ExportScreen(ModalScreen[str | None]):
    """Asks for a file name and writes the rows there; dismisses with the path written."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        count: int,
        render: Callable[[str], str],
        *,
        protected: str = "",
        identity: tuple[int, int] | None = None,
    ) -> None:
        """``count`` rows, which ``render(format)`` turns into a file's text (partners or
        organisations). ``protected``: the store's path; ``identity``: the (device, inode) it
        was read from: export refuses the store as a target whichever of the two a name
        leads to."""
        super().__init__()
        self.count = count
        self.text_for = render
        self.protected = protected
        self.identity = identity
        self._confirm: str | None = None
        self._writing = False
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"Export {self.count} rows, in the order shown",
                              style="bold"))  # fmt: skip
            yield Static(Text("File name; the ending picks the format: .csv .json .md .txt"))
            yield Input(value=DEFAULT_NAME, id="export-path")
            yield Static(Text("enter writes · esc cancels"), id="export-message")

    def _say(self, message: str) -> None:
        self.query_one("#export-message", Static).update(Text(safe_line(message)))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirm = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._writing:
            self._say("Still writing… (esc cancels)")
            return
        name = event.value.strip()
        if not name:
            self._say("Type a file name.")
            return
        fmt = format_for_path(name)
        if fmt is None:
            self._say("Unknown ending: use .csv, .json, .md or .txt")
            return
        self._writing = True
        self._say("Writing…")
        self.run_worker(
            partial(self._export, name, fmt, overwrite=self._confirm == name),
            thread=True,
            group="export",
            exit_on_error=False,
        )

    def _export(self, name: str, fmt: str, *, overwrite: bool) -> tuple[str, str]:
        """(outcome, detail), in a worker thread: "written", "exists", "cancelled" or "failed"."""
        try:
            protected = identities(self.protected, self.identity)
            target = check_target(name, protected)
            if target.exists and not overwrite:
                return "exists", name
            data = self.text_for(fmt).encode("utf-8", "replace")
            write_file(target, data, protected=protected, cancelled=self._cancel.is_set)
        except Refused as refused:
            return "failed", str(refused)
        except Cancelled:
            return "cancelled", name
        except OSError as error:
            return "failed", f"Cannot write {name}: {error.strerror or error}"
        return "written", name

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "export" or event.state not in (WorkerState.SUCCESS,
                                                           WorkerState.ERROR):  # fmt: skip
            return
        self._writing = False
        if self._cancel.is_set() or not self.is_attached:
            return
        if event.state is WorkerState.ERROR:
            self._say(f"Cannot write the file: {worker.error}")
            return
        outcome, detail = worker.result or ("failed", "no result")
        if outcome == "exists":
            self._confirm = detail
            self._say("That file exists: press enter again to replace it, or change the name.")
        elif outcome == "written":
            self.app.notify(f"Wrote {self.count} rows to {safe_line(detail)}",

                            markup=False)  # fmt: skip
            self.dismiss(detail)
        else:
            self._say(detail)

    def action_cancel(self) -> None:
        self._cancel.set()  # a write in progress stops before it replaces anything
        self.dismiss(None)

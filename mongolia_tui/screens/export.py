"""The export screen: the rows on screen, delivered the way this run allows.

:func:`export_screen` picks the screen from :func:`mongolia_tui.delivery.export_mode` (the one
place that decides). A local run writes a file the user names (format from the ending); all file
work runs in a worker thread, so a slow disk never freezes the browser, and esc cancels (the
target is left as it was; see :mod:`mongolia_tui.files`). A served run has no path field at all:
it copies the text to the visitor's clipboard and shows the command that downloads the view.
"""

from __future__ import annotations

import os
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

from mongolia_tui.delivery import (
    CLIPBOARD_LIMIT,
    Mode,
    Served,
    View,
    clipboard_fits,
    default_name,
    download_command,
    export_mode,
    list_options,
    served_at,
)
from mongolia_tui.files import Cancelled, Refused, check_target, identities, write_file
from mongolia_tui.output.writer import format_for_path
from mongolia_tui.sanitize import safe_line
from mongolia_tui.widgets.ordered_input import OrderedInput

#: Formats a served export offers, by key.
FORMAT_KEYS = {"c": "csv", "j": "json", "m": "markdown", "t": "table"}


def export_screen(
    count: int,
    render: Callable[[str], str],
    view: View,
    *,
    protected: str = "",
    identity: tuple[int, int] | None = None,
) -> ModalScreen[str | None]:
    """The export screen for this run: a file locally, the clipboard and a command over SSH,
    a download in a web page."""
    mode = export_mode()
    if mode is Mode.WEB:
        from mongolia_tui.screens.download import DownloadScreen

        return DownloadScreen(count, render, name=partial(default_name, view))
    if mode is Mode.SERVED:
        served = served_at()
        assert served is not None
        return ServedExportScreen(count, render, view, served, list_options())
    return ExportScreen(count, render, protected=protected, identity=identity,
                        name=default_name(view))  # fmt: skip


def folder_of(name: str) -> str:
    """The folder a typed name writes into, as an absolute path."""
    return os.path.dirname(os.path.abspath(os.path.expanduser(name.strip() or "x")))


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
        name: str = "mongolia-relations.csv",
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
        self.default_name = name
        self._confirm: str | None = None
        self._writing = False
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"Export {self.count} rows, in the order shown",
                              style="bold"))  # fmt: skip
            yield Static(Text("File name; the ending picks the format: .csv .json .md .txt"))
            # Not selected on focus: a first Backspace edits the name rather than wiping it.
            yield OrderedInput(value=self.default_name, id="export-path", select_on_focus=False)
            yield Static(self._folder_line(self.default_name), id="export-folder")
            yield Static(Text("enter writes · esc cancels"), id="export-message")

    @staticmethod
    def _folder_line(name: str) -> Text:
        return Text(f"into {safe_line(folder_of(name))}", style="italic", overflow="ellipsis",
                    no_wrap=True)  # fmt: skip

    def _say(self, message: str) -> None:
        self.query_one("#export-message", Static).update(Text(safe_line(message)))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirm = None
        self.query_one("#export-folder", Static).update(self._folder_line(event.value))

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
            where = os.path.abspath(os.path.expanduser(detail))
            self.app.notify(f"Wrote {self.count} rows to {safe_line(where)}",
                            markup=False)  # fmt: skip
            self.dismiss(detail)
        else:
            self._say(detail)

    def action_cancel(self) -> None:
        self._cancel.set()  # a write in progress stops before it replaces anything
        self.dismiss(None)


class ServedExportScreen(ModalScreen[str | None]):
    """A served export: the rows go to the visitor (clipboard, a command), never to a file.

    There is no field to type into: nothing a visitor does names a file on the server.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter,y", "copy", "Copy"),
        *(Binding(key, f"format('{fmt}')", fmt) for key, fmt in FORMAT_KEYS.items()),
    ]

    def __init__(
        self,
        count: int,
        render: Callable[[str], str],
        view: View,
        served: Served,
        supported: frozenset[str] = frozenset(),
    ) -> None:
        """``supported``: the options of the served ``list`` (see :func:`list_options`)."""
        super().__init__()
        self.count = count
        self.text_for = render
        self.view = view
        self.served = served
        self.supported = supported
        self.fmt = "csv"

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"Export {self.count} rows, in the order shown",
                              style="bold"))  # fmt: skip
            yield Static(id="export-format")
            yield Static(Text("Download the same rows from your own shell:"))
            yield Static(id="export-command")
            yield Static(Text("enter copies to your clipboard · esc closes"),
                         id="export-message")  # fmt: skip

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        choices = "  ".join(
            f"[{key}] {fmt}" if fmt != self.fmt else f"({key}) {fmt} ✓"
            for key, fmt in FORMAT_KEYS.items()
        )
        self.query_one("#export-format", Static).update(Text(f"Format: {choices}"))
        command = download_command(self.view, self.fmt, self.served, self.supported)
        lines = Text(safe_line(command.text), style="bold")
        if command.left_out:
            lines.append(f"\n(not in the command: {', '.join(command.left_out)})", style="italic")
        self.query_one("#export-command", Static).update(lines)

    def _say(self, message: str) -> None:
        self.query_one("#export-message", Static).update(Text(safe_line(message)))

    def action_format(self, fmt: str) -> None:
        self.fmt = fmt
        self._show()

    def action_copy(self) -> None:
        text = self.text_for(self.fmt)
        if not clipboard_fits(text):
            size = len(text.encode("utf-8"))
            self._say(
                f"{size:,} bytes is over the clipboard limit ({CLIPBOARD_LIMIT:,}): "
                "use the command above"
            )
            return
        self.app.copy_to_clipboard(text)
        self.app.notify(f"Copied {self.count} rows ({self.fmt}) to your clipboard.",
                        markup=False)  # fmt: skip
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

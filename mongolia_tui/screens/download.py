"""A web page's export: the rows arrive as a download in the visitor's browser.

Under ``mongolia-tui web`` (:func:`mongolia_tui.web.environment.on_web`) the export screen has
no file name to type: nothing a visitor does names a file on the server. The rows are handed to
Textual's :meth:`~textual.app.App.deliver_text`, which textual-serve streams to the page as a
download, straight from memory; or they go to the visitor's clipboard, where the page allows
it (a secure page: localhost or HTTPS).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

#: The formats offered, by key, with each one's file ending and MIME type.
FORMATS = {
    "c": ("csv", ".csv", "text/csv"),
    "j": ("json", ".json", "application/json"),
    "m": ("markdown", ".md", "text/markdown"),
    "t": ("table", ".txt", "text/plain"),
}
#: Larger texts are not sent to the clipboard (a browser may refuse them); download them.
CLIPBOARD_LIMIT = 100_000
#: Downloads that may wait for the browser at once: each keeps its text in the app's memory
#: until the page fetches it, and a visitor's page need not fetch it at all.
MAX_PENDING = 3
_PENDING: WeakKeyDictionary[App[Any], set[str]] = WeakKeyDictionary()


def pending(app: App[Any]) -> set[str]:
    """The keys of ``app``'s downloads not yet fetched by the browser."""
    return _PENDING.setdefault(app, set())


def delivered(app: App[Any], key: str) -> None:
    """A download reached the browser, or failed: it no longer waits (the app calls this on
    Textual's DeliveryComplete and DeliveryFailed events)."""
    pending(app).discard(key)


def file_name(fmt: str, stem: str = "mongolia-relations") -> str:
    """The downloaded file's name for a format: ``mongolia-relations.csv``."""
    ending = next((end for name, end, _ in FORMATS.values() if name == fmt), ".txt")
    return stem + ending


class DownloadScreen(ModalScreen[str | None]):
    """Pick a format; enter downloads the rows, y copies them; dismisses with the file name."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "download", "Download"),
        Binding("y", "copy", "Copy"),
        *(Binding(key, f"format('{fmt}')", fmt) for key, (fmt, _, _) in FORMATS.items()),
    ]

    def __init__(
        self,
        count: int,
        render: Callable[[str], str],
        *,
        name: Callable[[str], str] = file_name,
    ) -> None:
        """``count`` rows, which ``render(format)`` turns into text; ``name(format)`` names the
        file (the served export's view-based names fit here)."""
        super().__init__()
        self.count = count
        self.text_for = render
        self.name_for = name
        self.fmt = "csv"

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(Text(f"Export {self.count} rows, in the order shown", style="bold"))
            yield Static(id="export-format")
            yield Static(id="export-path")
            yield Static(Text("enter downloads · y copies · esc cancels"), id="export-message")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        choices = "  ".join(
            f"({key}) {fmt} ✓" if fmt == self.fmt else f"[{key}] {fmt}"
            for key, (fmt, _, _) in FORMATS.items()
        )
        self.query_one("#export-format", Static).update(Text(f"Format: {choices}"))
        where = f"Downloads to your browser as {self.name_for(self.fmt)}"
        self.query_one("#export-path", Static).update(Text(where))

    def action_format(self, fmt: str) -> None:
        self.fmt = fmt
        self._show()

    def action_download(self) -> None:
        waiting = pending(self.app)
        if len(waiting) >= MAX_PENDING:
            message = f"{len(waiting)} downloads are still on their way to your browser: wait."
            self.query_one("#export-message", Static).update(Text(message))
            return
        name = self.name_for(self.fmt)
        mime = next(mime for fmt, _, mime in FORMATS.values() if fmt == self.fmt)
        text = self.text_for(self.fmt)
        key = self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type=mime,
                                    encoding="utf-8")  # fmt: skip
        if key is not None:
            waiting.add(key)
        self.app.notify(f"Downloading {self.count} rows as {name}.", markup=False)
        self.dismiss(name)

    def action_copy(self) -> None:
        text = self.text_for(self.fmt)
        size = len(text.encode("utf-8"))
        if size > CLIPBOARD_LIMIT:
            message = f"{size:,} bytes is too much for the clipboard: press enter to download."
            self.query_one("#export-message", Static).update(Text(message))
            return
        self.app.copy_to_clipboard(text)
        self.app.notify(f"Copied {self.count} rows ({self.fmt}) to the clipboard.", markup=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

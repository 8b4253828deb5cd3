"""The terminal around the browser: signals end it cleanly, and two Textual bugs are patched.

- **SIGTERM and SIGINT** (``kill``, a service manager stopping a session) end the app the way
  ``q`` does, so Textual restores the terminal: normal screen, mouse reporting off, cursor
  shown, cooked mode. If the app cannot get there within a moment (its loop is stuck), the
  handler restores the terminal itself and exits. **SIGHUP** (the SSH connection closed)
  ends the process at once: there is no terminal left to restore. Every way out first removes
  the temporary file of an export being written (see :mod:`mongolia_tui.files`).
- **Invalid UTF-8 on stdin** (a Latin-1 terminal typing "é" sends one byte 0xE9): Textual's
  input thread decodes strictly, dies on the byte and takes the app down with exit status 0.
  Upstream: https://github.com/Textualize/textual/issues/6456 (open, unfixed in Textual 8.2).
  Workaround: the drivers decode with ``errors="replace"``, so the byte arrives as U+FFFD.
- **A key burst grows the browser without limit**: Textual's input thread reads the terminal
  as fast as it can and queues every event, however far behind the app is (400 KB of ``j``
  over SSH grew a browser to 1.3 GB). Not reported upstream as of Textual 8.2.8. Workaround:
  the input thread waits while more than :data:`INPUT_BACKLOG` events wait in the app's and
  the focused widget's queues, so it stops reading its terminal; the terminal's buffer fills
  and the writer (a person's terminal, or ``mongolia-tui serve``, which then stops reading from
  the SSH client) waits in turn: real backpressure, not a bigger buffer.
- **Two quick clicks outside the command palette**: both reach the palette, which dismisses
  itself twice; the second pop finds no screen to pop and raises ``ScreenStackError`` (or,
  over another modal screen, pops that one too). Not reported upstream as of Textual 8.2.8;
  the same guard was added for buttons in https://github.com/Textualize/textual/pull/4621.
  Workaround: the palette ignores clicks once it is no longer the active screen.

Nothing here runs at import: the app calls :func:`patch_textual` before it runs and
:func:`handle_signals` when it is mounted.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from mongolia_tui.files import remove_partial_files

#: Seconds a signalled app has to shut down cleanly before the terminal is restored by force.
GRACE = 2.0

#: What Textual sets on start and resets on a clean exit, reset in one write: kitty keyboard
#: protocol, mouse reporting (all modes), focus events, bracketed paste, then the normal
#: screen, a visible cursor and line wrapping.
RESET = (
    "\x1b[<u"
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    "\x1b[?1004l\x1b[?2004l"
    "\x1b[?1049l\x1b[?25h\x1b[?7h"
)


#: Input events waiting to be handled past which the input thread stops reading its terminal,
#: and below which it reads again.
INPUT_BACKLOG = 200
INPUT_RESUME = 50


def patch_textual() -> None:
    """Apply the Textual workarounds (idempotent; see the module's docstring)."""
    _lenient_input_decoding()
    _input_backpressure()
    _guard_palette_clicks()


def input_backlog(app: Any) -> int:
    """Input events not yet handled: sent by the input thread but not yet queued (each one a
    task on the app's loop), and waiting in the app's and the focused widget's queues."""
    driver = app._driver
    waiting = getattr(driver, "_sent", 0) - getattr(driver, "_arrived", 0)
    waiting += int(app.message_queue_size)
    focused = app.focused
    if focused is not None:
        waiting += int(focused.message_queue_size)
    return waiting


def _input_backpressure() -> None:
    from textual.driver import Driver

    original = Driver.process_message
    if getattr(original, "_bounded", False):
        return

    def process_message(self: Driver, message: Any) -> None:
        # Only the input thread may wait: the app's own thread waiting for itself would hang.
        if threading.current_thread() is not threading.main_thread():
            app = self._app
            if input_backlog(app) > INPUT_BACKLOG:
                while input_backlog(app) > INPUT_RESUME and app.is_running:
                    time.sleep(0.005)
        original(self, message)

    def send_message(self: Driver, message: Any) -> None:
        # Textual's own, counting what is sent and what has reached the app's queue (two
        # counters, each written by one thread only: no lock needed). The ignores below: we
        # add attributes to Textual's Driver and replace its methods, which its types forbid.
        self._sent = getattr(self, "_sent", 0) + 1  # type: ignore[attr-defined]

        def arrived(_: object) -> None:
            self._arrived = getattr(self, "_arrived", 0) + 1  # type: ignore[attr-defined]

        future = asyncio.run_coroutine_threadsafe(self._app._post_message(message), self._loop)
        future.add_done_callback(arrived)

    process_message._bounded = True  # type: ignore[attr-defined]
    Driver.process_message = process_message  # type: ignore[method-assign]
    Driver.send_message = send_message  # type: ignore[method-assign]


def _lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


def _lenient_input_decoding() -> None:
    from textual.drivers import linux_driver, linux_inline_driver

    # Each driver module calls its own imported name when its input thread starts.
    for module in (linux_driver, linux_inline_driver):
        if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            # A name the module imports for itself (not re-exported), replaced there.
            module.getincrementaldecoder = _lenient_decoder  # type: ignore[attr-defined]


def _guard_palette_clicks() -> None:
    from textual.command import CommandPalette

    original = CommandPalette._on_click
    if getattr(original, "_guarded", False):
        return

    def _on_click(self: CommandPalette, event: Any) -> None:
        if self.app.screen is not self:  # already dismissed by an earlier click
            event.stop()
            return
        original(self, event)

    # A flag on a function, and a method replaced: patching Textual, which its types forbid.
    _on_click._guarded = True  # type: ignore[attr-defined]
    CommandPalette._on_click = _on_click  # type: ignore[method-assign]


class _SignalExit:
    """Signal handlers for one running app."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.tty_attributes = _terminal_attributes()
        self.signalled = False

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self.on_stop)
        signal.signal(signal.SIGINT, self.on_stop)
        signal.signal(signal.SIGHUP, self.on_hangup)

    def on_hangup(self, signum: int, frame: object) -> None:
        remove_partial_files()
        os._exit(128 + signum)

    def on_stop(self, signum: int, frame: object) -> None:
        remove_partial_files()
        code = 128 + signum
        if self.signalled:  # a second signal: stop waiting
            self.force_exit(code)
        self.signalled = True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet (or any more): nothing on screen to restore
            os._exit(code)
        loop.call_soon_threadsafe(partial(self.app.exit, None, code))
        timer = threading.Timer(GRACE, self.force_exit, (code,))
        timer.daemon = True
        timer.start()

    def force_exit(self, code: int) -> None:
        """Restore the terminal by hand and end the process (the app did not stop in time)."""
        remove_partial_files()
        # sys.__stdout__/__stdin__ are None in a process started without them.
        with contextlib.suppress(OSError, ValueError):
            if sys.__stdout__ is not None:
                os.write(sys.__stdout__.fileno(), RESET.encode("ascii"))
        if self.tty_attributes is not None and sys.__stdin__ is not None:
            import termios

            with contextlib.suppress(termios.error, OSError, ValueError):
                termios.tcsetattr(sys.__stdin__.fileno(), termios.TCSANOW, self.tty_attributes)
        os._exit(code)


def _terminal_attributes() -> list[Any] | None:
    """The terminal's settings before the app makes it raw (None if stdin is no terminal)."""
    try:
        import termios

        if sys.__stdin__ is None:
            return None
        return termios.tcgetattr(sys.__stdin__.fileno())
    except Exception:
        return None


def handle_signals(app: Any) -> None:
    """End ``app`` cleanly on SIGTERM, SIGINT and SIGHUP (see the module's docstring).

    Call from the app's ``on_mount``, in the main thread; does nothing for a headless app
    (tests), whose process has its own handlers.
    """
    if app.is_headless or threading.current_thread() is not threading.main_thread():
        return
    _SignalExit(app).install()

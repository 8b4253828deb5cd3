"""What a web session's app process is given, and how the app knows it runs in a web page.

No third-party imports: the CLI and the app read :func:`on_web` before anything is loaded.

The server alone decides: it builds each app process's environment from nothing (the server's
own environment, with its secrets and paths, is not passed on) and sets :data:`WEB_ENV` and
Textual's web driver there. A visitor reaches the app only through its keys and the page's
size, never through its environment, so no visitor can turn the web mode on or off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

#: Set to "1" by ``mongolia-tui web`` in each app process's environment.
WEB_ENV = "MONGOLIA_TUI_WEB"
#: How textual-serve runs an app: Textual's driver that speaks its packets over stdin/stdout.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
#: The server's process id, so that a tab's app can end with the server (see end_with_server).
SERVER_ENV = "MONGOLIA_TUI_WEB_SERVER"
#: Linux's prctl option: a signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def on_web(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this process is a browser tab's app, started by ``mongolia-tui web``."""
    env = os.environ if environ is None else environ
    return env.get(WEB_ENV) == "1" and env.get("TEXTUAL_DRIVER") == WEB_DRIVER


def end_with_server(environ: Mapping[str, str] | None = None) -> None:
    """Make this tab's app end when the server does, however it ends (even ``kill -9``).

    Textual's web driver does not quit when its input closes, so an app whose server died
    would wait for ever. Linux kills it instead (``PR_SET_PDEATHSIG``); elsewhere this does
    nothing. If the server is already gone (the app is now someone else's child), it exits.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    server = (os.environ if environ is None else environ).get(SERVER_ENV, "")
    if server.isdigit() and os.getppid() != int(server):
        os._exit(0)


def child_argv(data: str | None) -> list[str]:
    """The app process's command line: this Python, this package, the served store."""
    argv = [sys.executable, "-m", "mongolia_tui"]
    if data is not None:
        argv += ["--data", data]
    return argv


def child_environment(home: Path, width: int, height: int, version: str) -> dict[str, str]:
    """A minimal environment: a private empty home, UTF-8, Textual's web driver, no state.

    ``version`` is textual-serve's (Textual reads it as the "terminal" version).
    """
    from mongolia_tui.sandbox import stranger_environment

    return {
        **stranger_environment(home, "xterm-256color"),
        "TMPDIR": str(home),
        # No bytecode written: a visitor's session leaves no file on the server.
        "PYTHONDONTWRITEBYTECODE": "1",
        # Nothing is remembered between visits (a visitor is a stranger).
        "MONGOLIA_TUI_STATE_DIR": "",
        "TEXTUAL_DRIVER": WEB_DRIVER,
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version,
        "COLUMNS": str(width),
        "ROWS": str(height),
        WEB_ENV: "1",
        SERVER_ENV: str(os.getpid()),
    }

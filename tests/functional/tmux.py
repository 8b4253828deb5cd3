"""A real terminal for tests: a tmux session on a private server, typed at and read as a
person over SSH would (the browser tests, the safety tests and the SSH server's tests)."""

from __future__ import annotations

import os
import subprocess
import time
import uuid

#: What a login over SSH would have: the test runner's own variables (pytest's, Textual's test
#: settings) stay out of the terminal, where they changed how the app saw resizes.
CLEAN_ENV = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "USER") if key in os.environ}
#: The test's private folders (see tests/conftest.py), read when a terminal starts: the browser
#: in it must neither read nor write the state and settings of whoever runs the tests.
PRIVATE = ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


def session_env() -> dict[str, str]:
    private = {key: os.environ[key] for key in PRIVATE if key in os.environ}
    return {**CLEAN_ENV, **private, "TERM": "xterm-256color"}


class Terminal:
    """A tmux session of ``width`` x ``height`` running a shell, or one command line (then
    "EXIT=<status>" is printed when it ends, and the pane stays open to be read)."""

    def __init__(self, width: int = 80, height: int = 24, command: str | None = None) -> None:
        self.socket = f"mtui-{uuid.uuid4().hex[:8]}"
        self.width, self.height = width, height
        program = ("bash --norc --noprofile" if command is None
                   else f"TERM=xterm-256color {command}; echo EXIT=$?; sleep 600")  # fmt: skip
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
                        "-s", "t", "-x", str(width), "-y", str(height), program],
                       check=True, env=session_env(),
                       timeout=20)  # fmt: skip
        self.tmux("set-option", "-g", "status", "off")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=20, env=CLEAN_ENV)  # fmt: skip
        return done.stdout

    def run(self, command: str) -> None:
        """Type a command line into the shell."""
        self.tmux("send-keys", "-t", "t", command, "Enter")

    def keys(self, *keys: str) -> None:
        """Press keys one at a time, as a person does (tmux key names: Escape, C-c...)."""
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            time.sleep(0.05)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, *texts: str, timeout: float = 20.0) -> str:
        """The screen, once every text is on it; fails with the screen if one never is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared; the screen was:\n{self.screen()}")

    def alternate_screen(self) -> bool:
        return self.tmux("display-message", "-p", "-t", "t", "#{alternate_on}").strip() == "1"

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)

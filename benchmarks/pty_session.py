"""Run a program in a pseudo-terminal, read its screen with pyte, time what the user would see."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte


class Session:
    """One program in an 80x24 (or other) pty, its screen emulated by pyte."""

    def __init__(self, argv: Sequence[str], *, width: int = 80, height: int = 24,
                 env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.width, self.height = width, height
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:  # child: the terminal has its size before the program starts
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
                os.execvpe(argv[0], list(argv), env or os.environ.copy())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        #: Every byte the program has written to its terminal so far.
        self.received = 0
        self.rusage = None
        self.exit_status: int | None = None
        self.peak_kb: int | None = None

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def _pump(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 20)
        except OSError:
            return False
        if not data:
            return False
        self.received += len(data)
        self.stream.feed(data)
        # Answer the cursor-position query some programs send, as a terminal would.
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        return True

    def wait_until(self, done: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Seconds until ``done(screen text)`` holds (read as output arrives)."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.text()
            if done(text):
                return time.perf_counter()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"screen never matched; it showed:\n{text}")
            self._pump(0.05)

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Read until no output has come for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._pump(quiet):
                return

    def send(self, keys: bytes) -> float:
        now = time.perf_counter()
        os.write(self.fd, keys)
        return now

    def close(self, quit_keys: bytes = b"q", timeout: float = 10.0) -> None:
        """Ask the program to quit; kill it if it does not; note its peak memory first."""
        self.peak_kb = _peak_rss_kb(self.pid)
        with contextlib.suppress(OSError):
            os.write(self.fd, quit_keys)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.exit_status, self.rusage = status, rusage
                break
            self._pump(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            _, self.exit_status, self.rusage = os.wait4(self.pid, 0)
        os.close(self.fd)

    @property
    def peak_rss_mb(self) -> float:
        """Peak resident memory of the program, in MB.

        Read from ``/proc/PID/status`` (VmHWM) while it runs: ``ru_maxrss`` would also count
        the memory of the measuring process the child was forked from, before its exec.
        """
        return (self.peak_kb or 0) / 1024


def _peak_rss_kb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None

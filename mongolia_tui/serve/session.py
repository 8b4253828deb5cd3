"""One SSH session channel: what it runs (its :class:`Kind`) and how it ended (its
:class:`Outcome`, set once in :meth:`Session.finish` and logged from there)."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.channel import BoundedChannel, pending_output
from mongolia_tui.serve.child import Child
from mongolia_tui.serve.errors import ServeError
from mongolia_tui.serve.events import warn
from mongolia_tui.serve.limits import (
    COMMAND_OUTPUT_LIMIT,
    COMMAND_TIMEOUT,
    EXIT_ERROR,
    MAX_COLUMNS,
    MAX_ROWS,
    PENDING_OUTPUT_LIMIT,
    PROG,
    REQUEST_TIMEOUT,
)
from mongolia_tui.serve.policy import Refused, Request, parse_request, usage
from mongolia_tui.serve.settings import child_command, visitor_environment

if TYPE_CHECKING:
    from mongolia_tui.serve.connection import Connection

#: What a terminal needs after a browser was stopped from outside (idle, shutdown): the
#: program had no chance to restore the visitor's terminal, so the server does it.
RESET_TERMINAL = (
    b"\x1b[0m\x1b[?2026l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    b"\x1b[?1004l\x1b[?2004l\x1b[<u\x1b[?1049l\x1b[?25h"
)

_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")


class Kind(enum.Enum):
    """What a session channel is for, known once its request has been read."""

    PENDING = "none"  # no shell, command or subsystem asked for yet
    BROWSER = "browser"
    COMMAND = "command"
    USAGE = "usage"
    SUBSYSTEM = "subsystem"
    REFUSED = "refused"


@dataclass(frozen=True)
class Outcome:
    """How a session ended: its exit status, the server's reason if the server ended or refused
    it, and whether the visitor hung up before its program ended."""

    status: int
    reason: str | None = None
    hangup: bool = False

    def __str__(self) -> str:
        if self.hangup:
            return f"{self.status}:hangup"
        if self.reason is not None:
            return f"{self.status}:{quote(self.reason)}"
        return str(self.status)


def quote(text: str) -> str:
    """Text from a visitor, made safe for one log line."""
    return shlex.quote(safe_line(text)[:200])


def clamp(width: int, height: int) -> tuple[int, int]:
    """A window size the browser may be given (a huge one would make it allocate huge buffers;
    0 means "unknown")."""
    return (min(width or 80, MAX_COLUMNS), min(height or 24, MAX_ROWS))


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:.0f} s"


class Session(asyncssh.SSHServerSession[bytes]):
    """One session channel: the browser, a command, a usage text or a refusal."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.server = connection.server
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None  # set when the client asked for a terminal
        self.size = (80, 24)
        self.command: str | None = None
        self.subsystem: str | None = None
        self.kind = Kind.PENDING
        self.args: tuple[str, ...] = ()
        self.child: Child | None = None
        self.outcome: Outcome | None = None
        self.closed = False  # the channel is closed
        self.output_bytes = 0
        self._loop = asyncio.get_running_loop()
        self._last_input = self._loop.time()
        self._timer: asyncio.TimerHandle | None = None
        self._cap: asyncio.TimerHandle | None = None  # --max-session-time

    @property
    def label(self) -> str:
        """What the session was asked for, for the log."""
        if self.kind is Kind.COMMAND:
            return quote(shlex.join(self.args))
        if self.kind is Kind.BROWSER and self.args:
            return f"browser:{quote(shlex.join(self.args))}"
        if self.kind is Kind.SUBSYSTEM:
            return f"subsystem:{safe_line(self.subsystem or '')[:40]}"
        if self.kind is Kind.REFUSED:
            return f"refused:{quote(self.command or '')}"
        return str(self.kind.value)

    # -- requests (asyncssh calls these before session_started) --

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan
        # A channel that never asks for anything would hold its place for ever.
        self._timer = self._loop.call_later(REQUEST_TIMEOUT, self._no_request)

    def _no_request(self) -> None:
        self.finish(Outcome(1, "no shell or command asked for in time"))
        if self.chan is not None:
            self.chan.close()

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        if not self.connection.terminal_allowed:
            return False  # no-pty or restrict on the visitor's key: commands only
        self.term = term_type if _TERM.fullmatch(term_type or "") else "xterm-256color"
        self.size = clamp(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        # Accepted, then refused in words: a bare failure reads as a network error.
        self.subsystem = subsystem
        return True

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the visitor's keys reach the browser; signals from outside do not

    # -- the session --

    def session_started(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.subsystem is not None:
            self.kind = Kind.SUBSYSTEM
            name = safe_line(self.subsystem)[:40]
            self.refuse(
                f"the {name} subsystem is not available on this server "
                "(no sftp, no scp, no file transfer)",
                EXIT_ERROR,
            )
            return
        try:
            request = parse_request(self.command, self.term is not None, self.server.parser)
        except Refused as error:
            self.kind = Kind.REFUSED
            self.refuse(str(error), EXIT_ERROR)
            return
        self.kind, self.args = Kind(request.kind), request.args
        if self.kind is Kind.USAGE:
            self.finish(Outcome(0))
            self.write(usage(self.server.parser, self.server.port).encode())
            self.exit(0)
            return
        if self.server.stopping:
            self.refuse("the server is shutting down", 1)
            return
        if self.server.busy():
            limit = self.server.settings.max_sessions
            self.refuse(
                f"the server is busy ({limit} sessions open); try again in a few minutes", 1
            )
            return
        self.start(request)

    def start(self, request: Request) -> None:
        conn = self.connection
        assert self.chan is not None
        settings = self.server.settings
        local = self.chan.get_extra_info("sockname") or ("HOST", self.server.port)
        try:
            env = visitor_environment(
                settings.state,
                self.term or "dumb",
                fingerprint=conn.visitor,
                reached=(str(local[0]), int(local[1])),
                ssh_connection=f"{conn.addr} {conn.port} {local[0]} {local[1]}",
                passed=self.chan.passed if isinstance(self.chan, BoundedChannel) else {},
            )
        except ServeError as error:
            warn(f"cannot keep the state of {conn.where}: {safe_line(str(error))}")
            self.refuse("cannot start a session right now; try again later", 1)
            return
        if self.kind is Kind.COMMAND:
            # Run beside the store and name it by its file name only: what a command prints
            # about the store (check-data's "mongolia.json: OK") shows no path of the server's.
            argv = [*child_command(Path(settings.store.name)), *request.args]
            cwd = str(settings.store.parent)
        else:
            argv = [*child_command(settings.store), *request.args]
            cwd = str(settings.state / "home")
        try:
            self.child = Child(
                argv,
                env,
                cwd,
                size=self.size if self.term is not None else None,
                on_output=self._output,
                on_done=self._done,
                on_input_full=self._input_full,
                spawn=self.server.spawn,
            )
        except OSError as error:
            warn(f"cannot start a session for {conn.where}: {error}")
            self.refuse("cannot start a session right now; try again later", 1)
            return
        self.server.sessions.add(self)
        assert self.server.reaper is not None
        self.server.reaper.watch(self.child)
        if self.kind is Kind.BROWSER:
            timeout = settings.idle_timeout
            if timeout:
                self._timer = self._loop.call_later(timeout, self._idle_check)
        else:
            self._timer = self._loop.call_later(COMMAND_TIMEOUT, self._too_long)
        if settings.max_session_time:
            limit = settings.max_session_time
            reason = f"closed after {_duration(limit)}, the longest a session may last here"
            self._cap = self._loop.call_later(limit, self.end, reason, 1)

    def _output(self, data: bytes, is_stderr: bool) -> None:
        if self.closed or self.chan is None:
            return
        if self.kind is Kind.COMMAND:  # with or without a terminal
            self.output_bytes += len(data)
            if self.output_bytes > COMMAND_OUTPUT_LIMIT:
                limit = COMMAND_OUTPUT_LIMIT // (1024 * 1024)
                self.end(f"the output is larger than {limit} MiB; stopped", 1)
                return
        if is_stderr:
            self.chan.write_stderr(data)
        else:
            self.chan.write(data)
        if pending_output(self.chan) > PENDING_OUTPUT_LIMIT:
            # A client that advertised a huge window and does not read: it would grow the
            # server without end. It cannot be told (it does not read), so it is cut off.
            self.end("the client does not read its output; disconnected", 1)
            self.connection.abort()

    def _cancel_timers(self) -> None:
        for timer in (self._timer, self._cap):
            if timer is not None:
                timer.cancel()

    def record(self) -> dict[str, object]:
        """The session's fields for a structured log line."""
        return {
            "kind": self.kind.value,
            "term": self.term,
            "window": f"{self.size[0]}x{self.size[1]}" if self.term is not None else None,
            "command": (shlex.join(self.args) if self.args else self.command or "")[:200] or None,
            "status": self.outcome.status if self.outcome is not None else None,
            "outcome": str(self.outcome) if self.outcome is not None else None,
            "reason": self.outcome.reason if self.outcome is not None else None,
        }

    def _done(self, status: int) -> None:
        self._cancel_timers()
        self.server.sessions.discard(self)
        if self.finish(Outcome(status, hangup=self.closed)):
            self.exit(status)
        self.connection.session_done()

    def _input_full(self, full: bool) -> None:
        if self.chan is not None and not self.closed:
            if full:
                self.chan.pause_reading()
            else:
                self.chan.resume_reading()

    def data_received(self, data: bytes, datatype: object) -> None:
        self._last_input = self._loop.time()
        if self.child is not None and self.term is not None:
            self.child.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._last_input = self._loop.time()
        self.size = clamp(width, height)
        if self.child is not None:
            self.child.resize(*self.size)

    def eof_received(self) -> bool:
        return True  # the visitor sent all their input; the output still goes to them

    def pause_writing(self) -> None:
        if self.child is not None:
            self.child.pause_output()

    def resume_writing(self) -> None:
        if self.child is not None:
            self.child.resume_output()

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is closed: by us, by the visitor, or with the connection."""
        if self.closed:
            return
        self.closed = True
        self.connection.channel_closed(self)
        self._cancel_timers()
        if self.child is not None and not self.child.finished:
            self.child.discard_output()
            self.child.hang_up()

    # -- ending --

    def finish(self, outcome: Outcome) -> bool:
        """Set how the session ended: the first call counts (True), and the connection logs it."""
        if self.outcome is not None:
            return False
        self.outcome = outcome
        self.connection.last = self
        return True

    def _idle_check(self) -> None:
        timeout = self.server.settings.idle_timeout
        idle = self._loop.time() - self._last_input
        if idle < timeout:  # keys came since: wait for the rest of the deadline, no polling
            self._timer = self._loop.call_later(timeout - idle, self._idle_check)
            return
        self.end(f"closed after {_duration(timeout)} without a key", 1)

    def _too_long(self) -> None:
        self.end(f"the command took longer than {COMMAND_TIMEOUT:.0f} s; stopped", 1)

    def end(self, reason: str, status: int) -> None:
        """Stop the session from the server's side: its child, then the visitor's channel."""
        if self.child is not None and not self.child.finished:
            self.child.discard_output()
            self.child.hang_up()
        if self.outcome is not None:
            return
        self._cancel_timers()
        if not self.closed and self.term is not None and self.kind is Kind.BROWSER:
            self.write(RESET_TERMINAL)
        self.refuse(reason, status)

    def refuse(self, message: str, status: int) -> None:
        """The session ends with a reason: one line on stderr, then the exit status."""
        self.finish(Outcome(status, message))
        end = "\r\n" if self.term is not None else "\n"
        if not self.closed and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.write_stderr(f"{PROG}: error: {message}{end}".encode())
        self.exit(status)

    def write(self, data: bytes) -> None:
        if not self.closed and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.write(data)

    def exit(self, status: int) -> None:
        if not self.closed and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.exit(status)

"""A program run for one SSH session: on its own pseudo-terminal, or on pipes for a command.

Everything is driven by the event loop: output is read when the kernel says a descriptor is
readable, input is written when it is writable, and an exit is noticed on SIGCHLD. Nothing
polls, so an idle session costs the server no CPU at all. Each child leads its own session and
process group (the terminal is its controlling terminal, so a resize reaches it as SIGWINCH and
a closed terminal as SIGHUP); ending a child signals the whole group and always reaps it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import subprocess
import termios
from collections.abc import Callable, Sequence
from typing import Protocol

READ_SIZE = 65536
#: Input waiting for the child beyond this pauses the SSH channel (the client's window fills).
INPUT_HIGH_WATER = 65536
#: How long a hung-up child has to exit before it is killed.
KILL_GRACE = 2.0
#: How long output may keep coming after the child exited (a grandchild holding the terminal).
DRAIN_GRACE = 2.0


def _take_terminal() -> None:  # pragma: no cover - runs in the child between fork and exec
    # The child already leads a new session (start_new_session); its stdin is the terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_size(fd: int, columns: int, rows: int) -> None:
    """Give a pseudo-terminal a size in cells (the kernel signals its foreground group)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


class Process(Protocol):
    """A started program as :class:`Child` needs it: its pid, and a wait that reaps it."""

    @property
    def pid(self) -> int: ...

    def wait(self) -> int: ...


#: Starts ``argv`` with ``env`` in ``cwd`` on a terminal's slave end (as stdio and controlling
#: terminal, in a new session); the one place a browser process begins (see serve.launch).
Spawn = Callable[[Sequence[str], dict[str, str], str, int], Process]


def spawn_on_terminal(argv: Sequence[str], env: dict[str, str], cwd: str, slave: int) -> Process:
    """A new process for ``argv`` (fork and exec), the terminal ``slave`` its stdio."""
    return subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        start_new_session=True,
        preexec_fn=_take_terminal,
        close_fds=True,
    )


class Child:
    """One program and the relays of its input and output.

    ``size`` (columns, rows) runs it on a new pseudo-terminal of that size, stdout and stderr
    merged as on any terminal; ``None`` runs it on pipes (stdin empty, stderr separate).
    ``on_output(data, is_stderr)`` gets output as it comes; ``on_done(status)`` is called once,
    after the child has exited and its output has been read to the end, with a shell-style status
    (128 + N for a signal). ``on_input_full(True/False)`` asks the caller to stop and resume
    sending input.
    """

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        cwd: str,
        *,
        size: tuple[int, int] | None,
        on_output: Callable[[bytes, bool], None],
        on_done: Callable[[int], None],
        on_input_full: Callable[[bool], None] = lambda full: None,
        spawn: Spawn = spawn_on_terminal,
    ) -> None:
        self._loop = asyncio.get_running_loop()
        self._on_output, self._on_done, self._on_input_full = on_output, on_done, on_input_full
        self._pending = bytearray()
        self._input_full = False
        self._paused = False
        self._kill_timer: asyncio.TimerHandle | None = None
        self._drain_timer: asyncio.TimerHandle | None = None
        self.status: int | None = None  # set once the process has exited
        self.finished = False  # on_done has been called
        self.terminal = size is not None
        self.proc: Process
        self._input: int | None
        self._outputs: dict[int, bool]  # descriptor -> is stderr
        if size is not None:
            master, slave = os.openpty()
            try:
                set_size(master, *size)
                self.proc = spawn(argv, env, cwd, slave)
            except BaseException:
                os.close(master)
                raise
            finally:
                os.close(slave)
            os.set_blocking(master, False)
            self._input, self._outputs = master, {master: False}
        else:
            proc = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=cwd,
                start_new_session=True,
                close_fds=True,
            )
            assert proc.stdout is not None and proc.stderr is not None
            # The pipes are read by descriptor; Popen's file objects would close them on exit.
            out, err = os.dup(proc.stdout.fileno()), os.dup(proc.stderr.fileno())
            proc.stdout.close()
            proc.stderr.close()
            self.proc = proc
            for fd in (out, err):
                os.set_blocking(fd, False)
            self._input, self._outputs = None, {out: False, err: True}
        for fd in self._outputs:
            self._loop.add_reader(fd, self._read, fd)

    @property
    def pid(self) -> int:
        return self.proc.pid

    # -- output ---------------------------------------------------------------------------------

    def _read(self, fd: int) -> None:
        try:
            data = os.read(fd, READ_SIZE)
        except BlockingIOError:
            return
        except OSError as error:
            # EIO: every holder of the terminal's other end has closed it.
            if error.errno not in (errno.EIO, errno.EBADF):
                raise
            data = b""
        if not data:
            self._close_output(fd)
            return
        self._on_output(data, self._outputs[fd])

    def _close_output(self, fd: int) -> None:
        is_input = fd == self._input
        if fd in self._outputs:
            if not self._paused:
                self._loop.remove_reader(fd)
            del self._outputs[fd]
        if is_input:
            self._loop.remove_writer(fd)
            self._input = None
            self._pending.clear()
        with contextlib.suppress(OSError):
            os.close(fd)
        self._maybe_finish()

    def pause_output(self) -> None:
        """Stop reading output (the client is slow): the child blocks on its next write."""
        if not self._paused:
            self._paused = True
            for fd in self._outputs:
                self._loop.remove_reader(fd)

    def resume_output(self) -> None:
        if self._paused:
            self._paused = False
            for fd in self._outputs:
                self._loop.add_reader(fd, self._read, fd)

    def discard_output(self) -> None:
        """The client is gone: close every descriptor (the child gets SIGHUP or EPIPE)."""
        for fd in list(self._outputs):
            self._close_output(fd)
        if self._input is not None:
            self._close_output(self._input)

    # -- input ----------------------------------------------------------------------------------

    def write(self, data: bytes) -> None:
        """Send the client's keys to the child (dropped when it runs on pipes or has ended)."""
        if self._input is None:
            return
        if self._pending:
            self._pending += data
        else:
            try:
                written = os.write(self._input, data)
            except BlockingIOError:
                written = 0
            except OSError:
                return
            if written < len(data):
                self._pending += data[written:]
                self._loop.add_writer(self._input, self._flush)
        if len(self._pending) > INPUT_HIGH_WATER and not self._input_full:
            self._input_full = True
            self._on_input_full(True)

    def _flush(self) -> None:
        assert self._input is not None
        try:
            written = os.write(self._input, self._pending)
        except BlockingIOError:
            return
        except OSError:
            written = len(self._pending)
        del self._pending[:written]
        if not self._pending:
            self._loop.remove_writer(self._input)
        if self._input_full and len(self._pending) <= INPUT_HIGH_WATER // 4:
            self._input_full = False
            self._on_input_full(False)

    def resize(self, columns: int, rows: int) -> None:
        """Follow the client's window (the kernel sends the child SIGWINCH)."""
        if self.terminal and self._input is not None:
            with contextlib.suppress(OSError):
                set_size(self._input, columns, rows)

    # -- ending ---------------------------------------------------------------------------------

    def hang_up(self, grace: float = KILL_GRACE) -> None:
        """Ask the child's process group to end (SIGHUP), and kill it if it has not in ``grace``."""
        if self.status is not None:
            return
        self._signal_group(signal.SIGHUP)
        self._signal_group(signal.SIGCONT)
        if self._kill_timer is None:
            self._kill_timer = self._loop.call_later(grace, self.kill)

    def kill(self) -> None:
        """Kill the child's whole process group now."""
        self._signal_group(signal.SIGKILL)

    def _signal_group(self, signum: int) -> None:
        # The child leads its own process group (a new session): its group id is its pid. Once
        # it is reaped the id may be reused, so a reaped child is never signalled.
        if self.status is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signum)

    def poll(self) -> bool:
        """Reap the child if it has exited (called on SIGCHLD); True once it has."""
        if self.status is not None:
            return True
        try:
            exited = (
                os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
            )
        except ChildProcessError:
            exited = True  # already reaped
        if not exited:
            return False
        # Anything else in the group (a grandchild) goes with it. Until the child is reaped its
        # pid, hence the group id, cannot be reused, so this signals no stranger.
        self._signal_group(signal.SIGKILL)
        code = self.proc.wait()
        self.status = 128 - code if code < 0 else code
        if self._kill_timer is not None:
            self._kill_timer.cancel()
        if self._outputs:
            self._drain_timer = self._loop.call_later(DRAIN_GRACE, self._drain_expired)
        self._maybe_finish()
        return True

    def _drain_expired(self) -> None:
        if self._paused:  # the client is slow, not the child stuck: keep the tail of the output
            self._drain_timer = self._loop.call_later(DRAIN_GRACE, self._drain_expired)
            return
        self.discard_output()

    def _maybe_finish(self) -> None:
        if self.finished or self.status is None or self._outputs:
            return
        self.finished = True
        if self._drain_timer is not None:
            self._drain_timer.cancel()
        if self._input is not None:
            self._close_output(self._input)
        self._on_done(self.status)


class Reaper:
    """Reaps every child on SIGCHLD: one signal handler for the server, no thread, no polling."""

    def __init__(self) -> None:
        self.children: set[Child] = set()
        self._loop = asyncio.get_running_loop()
        self._loop.add_signal_handler(signal.SIGCHLD, self.reap)

    def watch(self, child: Child) -> None:
        self.children.add(child)
        child.poll()  # it may have ended before it was watched

    def reap(self) -> None:
        for child in list(self.children):
            if child.poll():
                self.children.discard(child)

    async def wait_all(self, timeout: float) -> bool:
        """Wait until every child is reaped; False if some are left after ``timeout``."""
        deadline = self._loop.time() + timeout
        while self.children and self._loop.time() < deadline:
            self.reap()
            await asyncio.sleep(0.05)
        self.reap()
        return not self.children

    def close(self) -> None:
        self._loop.remove_signal_handler(signal.SIGCHLD)

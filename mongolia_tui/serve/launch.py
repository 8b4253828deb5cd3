"""How the server starts a session's browser: forked by the warm parent, or spawned as before.

:class:`Launcher` keeps one warm parent (:mod:`mongolia_tui.serve.warm`) running beside the
server and gives :class:`~mongolia_tui.serve.child.Child` a ``spawn`` function. For a browser on a
terminal it asks the warm parent to fork one, passing the terminal's slave end over their private
socket pair; the browser is then re-parented to the server (which is made a child subreaper), so
the server reaps it, signals its group and reads its status exactly as for a process it started.
Whenever the warm parent is not there (starting, crashed, too slow, refused) the browser is
spawned as before, and the warm parent is restarted; every such event is logged.

Commands without a terminal (``ssh host list``) are always spawned as before.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.child import Process, Reaper, spawn_on_terminal
from mongolia_tui.serve.events import event, warn

#: How long the server waits for the warm parent to fork a browser before spawning one itself.
FORK_TIMEOUT = 2.0
#: Restarts of a warm parent that keeps dying, at most this many in RESTART_WINDOW seconds.
RESTARTS, RESTART_WINDOW = 3, 300.0
MAX_REPLY = 4096
#: Set to "0" in the server's environment to spawn every browser as before (benchmarks).
SWITCH = "MONGOLIA_TUI_WARM"
_PR_SET_CHILD_SUBREAPER = 36


class Forked:
    """A browser the warm parent forked and the server adopted: waited for like a Popen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def wait(self) -> int:
        if self.returncode is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:  # reaped elsewhere: the status is lost
                self.returncode = 255
        return self.returncode


def _session_of(pid: int) -> int | None:
    """The session id of a process (a zombie's too), None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat[stat.rindex(")") + 2 :].split()[3])


def become_subreaper(adopt: bool = True) -> bool:
    """Adopt orphaned descendants (the browsers the warm parent forks), or stop adopting them;
    False if impossible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_CHILD_SUBREAPER, int(adopt), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


class Launcher:
    """The warm parent and the ``spawn`` function sessions use."""

    def __init__(self, store: Path, env: dict[str, str], cwd: str, reaper: Reaper) -> None:
        self.store, self.env, self.cwd, self.reaper = store, env, cwd, reaper
        self.enabled = os.environ.get(SWITCH, "1") != "0"
        self.proc: subprocess.Popen[bytes] | None = None
        self.sock: socket.socket | None = None
        self.ready = False
        self.started = 0.0
        self.restarts: list[float] = []
        self.forked = 0  # browsers the warm parent forked (figures for the log and tests)
        self.spawned = 0  # browsers spawned as before
        self._next_id = 0
        self._loop = asyncio.get_running_loop()
        self._closing = False

    # -- the warm parent's life ------------------------------------------------------------------

    def start(self) -> None:
        """Start the warm parent (it gets ready in the background) and adopt its browsers."""
        if not self.enabled:
            return
        if not become_subreaper():
            warn("warm parent: cannot adopt forked browsers here; spawning each browser")
            self.enabled = False
            return
        self._loop.add_signal_handler(signal.SIGCHLD, self._child_exited)
        self._start_warm()

    def _start_warm(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        from mongolia_tui.serve.warm import ENV_ROOM, ROOM_VARIABLE

        env = {**self.env, ROOM_VARIABLE: "." * ENV_ROOM}
        argv = [sys.executable, "-m", "mongolia_tui.serve.warm", "--fd", str(theirs.fileno()),
                "--data", str(self.store), "--parent", str(os.getpid())]  # fmt: skip
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                cwd=self.cwd,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
                close_fds=True,
            )
        except OSError as error:
            ours.close()
            warn(f"warm parent: cannot start ({safe_line(str(error))}); spawning each browser")
            self.enabled = False
            return
        finally:
            theirs.close()
        ours.setblocking(False)
        self.sock, self.ready, self.started = ours, False, time.monotonic()
        self._loop.add_reader(ours, self._readable)

    def _readable(self) -> None:
        # Between requests the warm parent speaks only to say it is ready, failed, or gone.
        while self.sock is not None:
            try:
                data = self.sock.recv(MAX_REPLY)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._lost("it exited")
                return
            self._note(data)

    def _note(self, data: bytes) -> dict[str, Any]:
        try:
            message = json.loads(data)
        except ValueError:
            message = {}
        if not isinstance(message, dict):
            message = {}
        if "ready" in message and self.proc is not None:
            self.ready = True
            took = time.monotonic() - self.started
            event("warm_ready", f"warm parent {self.proc.pid} ready in {took:.1f} s",
                  pid=self.proc.pid, seconds=round(took, 3))  # fmt: skip
        elif "failed" in message:
            self._lost(f"it failed: {message['failed']}")
        return message

    def _lost(self, why: str) -> None:
        """The warm parent is gone or useless: end it, reap it, start another (within limits)."""
        if self.sock is not None:
            self._loop.remove_reader(self.sock)
            self.sock.close()
            self.sock = None
        self.ready = False
        status = self._end_warm()
        if self._closing:
            return
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if t > now - RESTART_WINDOW]
        if len(self.restarts) >= RESTARTS:
            warn(f"warm parent: {safe_line(why)} (status {status}); restarted {RESTARTS} times "
                 f"in {RESTART_WINDOW:.0f} s: spawning each browser from now on")  # fmt: skip
            self.enabled = False
            return
        self.restarts.append(now)
        warn(f"warm parent: {safe_line(why)} (status {status}); restarting it")
        self._start_warm()

    def _end_warm(self) -> int | None:
        proc, self.proc = self.proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        return proc.wait()

    def _child_exited(self) -> None:
        """SIGCHLD: the sessions' children first, then the warm parent, then strays."""
        self.reaper.reap()
        if self.proc is not None and self.proc.poll() is not None:
            self._lost("it exited")
        self._reap_strays()

    def _reap_strays(self) -> None:
        # A subreaper also adopts what it did not ask for: a browser forked after its request
        # timed out, a browser's own child. Reap those: they are in another session than the
        # server's. A session's child is left to its Child, and a program the server runs in
        # its own session (subprocess.run) to whoever waits for it.
        watched = {child.pid for child in self.reaper.children}
        ours = os.getsid(0)
        while True:
            try:
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return
            if info is None or info.si_pid in watched or _session_of(info.si_pid) in (ours, None):
                return
            if self.proc is not None and info.si_pid == self.proc.pid:
                self._lost("it exited")
                continue
            os.waitpid(info.si_pid, 0)
            event("reaped", f"reaped process {info.si_pid} (not a session's)", pid=info.si_pid)

    async def close(self) -> None:
        """End the warm parent (closing its socket is enough; killed if it lingers)."""
        self._closing = True
        if self.sock is not None:
            self._loop.remove_reader(self.sock)
            self.sock.close()
            self.sock = None
        proc = self.proc
        if proc is not None:
            deadline = time.monotonic() + 2
            while proc.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            self._end_warm()
        if self.enabled or self.forked:
            event("warm_stopped",
                  f"warm parent: {self.forked} browsers forked, {self.spawned} spawned",
                  forked=self.forked, spawned=self.spawned)  # fmt: skip

    # -- starting a browser ----------------------------------------------------------------------

    def spawn(self, argv: Sequence[str], env: dict[str, str], cwd: str, slave: int) -> Process:
        """The ``spawn`` for :class:`~mongolia_tui.serve.child.Child`: a warm fork when the warm
        parent is ready and the program is the browser on the served store, else as before."""
        argv = list(argv)
        sock = self.sock
        if self.enabled and self.ready and sock is not None and self._ours(argv):
            try:
                pid = self._ask(sock, argv, env, cwd, slave)
            except OSError as error:
                if self.sock is sock:  # not already replaced while it was asked
                    self._lost(str(error))
            else:
                self.forked += 1
                return Forked(pid)
        self.spawned += 1
        return spawn_on_terminal(argv, env, cwd, slave)

    @staticmethod
    def _ours(argv: list[str]) -> bool:
        return argv[:3] == [sys.executable, "-m", "mongolia_tui"]

    def _ask(
        self, sock: socket.socket, argv: list[str], env: dict[str, str], cwd: str, slave: int
    ) -> int:
        """Ask for a fork and wait for the answer (a few ms); raise OSError if none comes."""
        self._next_id += 1
        request = {"id": self._next_id, "argv": argv, "env": env, "cwd": cwd}
        try:
            socket.send_fds(sock, [json.dumps(request).encode()], [slave])
        except BlockingIOError:
            raise OSError("its socket is full") from None
        waiting = select.poll()  # not select(): the server may hold descriptors above 1024
        waiting.register(sock, select.POLLIN)
        deadline = time.monotonic() + FORK_TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OSError(f"no answer in {FORK_TIMEOUT:.0f} s")
            if not waiting.poll(left * 1000):
                continue
            try:
                data = sock.recv(MAX_REPLY)
            except BlockingIOError:
                continue
            if not data:
                raise OSError("it exited")
            message = self._note(data)
            if self.sock is not sock:
                raise OSError("it failed")
            if message.get("id") != self._next_id:
                continue  # a late answer to a request already given up on
            if isinstance(message.get("pid"), int):
                return int(message["pid"])
            raise OSError(f"it refused: {message.get('error')}")

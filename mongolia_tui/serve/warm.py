"""The warm parent: one process that has imported the browser and loaded the store, and forks a
browser for each SSH session, so sessions share its pages instead of each importing Textual.

``mongolia-tui serve`` starts it as ``python -m mongolia_tui.serve.warm --fd N --data STORE``
with one end of a socket pair (no name in the filesystem: no visitor can reach it) and talks to
it in datagrams (:mod:`mongolia_tui.serve.launch` is the server's side):

- it says ``{"ready": pid}`` once everything is imported and the store loaded;
- the server sends ``{"id": n, "argv": [...], "env": {...}, "cwd": "..."}`` with the pty's
  slave end attached (SCM_RIGHTS); it forks twice: the first child forks the browser and exits
  at once, so the browser is re-parented to the server (a child subreaper) and the server waits
  for it, signals it and reads its exit status exactly as for a browser it started itself;
- it answers ``{"id": n, "pid": browser}`` once the middle process is reaped (the browser is
  then the server's child), or ``{"id": n, "error": "..."}``.

It exits when the server closes its end, and is killed if the server dies (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import fcntl
import gc
import importlib
import io
import json
import os
import signal
import socket
import sys
import termios
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: A request (argv, environment) is far smaller; anything longer is refused.
MAX_MESSAGE = 65536
#: Room kept in the warm parent's initial environment block, so a browser can show its own
#: environment in /proc/PID/environ (what ``ps e`` and the tests read) instead of the parent's.
ENV_ROOM = 4096
ROOM_VARIABLE = "MONGOLIA_TUI_WARM_ROOM"
#: Modules the browser imports only while it draws its first screen (found by diffing
#: ``sys.modules``): imported here once, they are shared instead of loaded by each browser.
FIRST_SCREEN_MODULES = (
    "calendar",
    "concurrent.futures.thread",
    "dateutil.relativedelta",
    "queue",
    "termios",
    "tty",
    "textual._keyboard_protocol",
    "textual._xterm_parser",
    "textual.drivers.linux_driver",
    "textual.drivers._writer_thread",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.scrollbar",
)
#: Runs of the first screen in the warm parent: Python specialises code that ran a few times,
#: writing into its code objects; done here, a browser does not copy those pages.
REHEARSALS = 1
REHEARSAL_KEYS = ("j", "j", "k")
_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


class Warm:
    """What every browser inherits: the store loaded once, and how to tell it is still current."""

    def __init__(self, store: Path) -> None:
        from mongolia_tui.store import load_store

        self.store = store.resolve()
        self.identity = _identity(self.store)
        self.catalogue = load_store(str(self.store))

    def load(self, path: str | None) -> Any:
        """``load_store`` for a browser: the warm catalogue if the file has not changed since."""
        from mongolia_tui.store import load_store

        same = path is not None and Path(path).resolve() == self.store
        if same and _identity(self.store) == self.identity:
            return self.catalogue
        return load_store(path)


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def prepare(store: Path) -> Warm:
    """Import everything the first screen needs and load the store, then freeze the heap so the
    collector never touches (hence never copies) these pages in a browser."""
    importlib.import_module("mongolia_tui.cli")
    importlib.import_module("mongolia_tui.app")
    for name in FIRST_SCREEN_MODULES:
        with contextlib.suppress(ImportError):  # a newer Textual may have moved one
            importlib.import_module(name)
    warm = Warm(store)
    rehearse(warm.catalogue)
    gc.collect()
    gc.freeze()
    return warm


def rehearse(catalogue: Any) -> None:
    """Draw the first screen once, headless: what it caches process-wide (parsed styles, Rich's
    and Textual's lookup caches, the catalogue's indexes) is then shared by every browser."""
    from mongolia_tui.app import make_app

    async def first_screen() -> None:
        for _ in range(REHEARSALS):
            app = make_app(catalogue, state_path=None)  # nothing read or written
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await pilot.press(*REHEARSAL_KEYS)
                await pilot.pause()

    asyncio.run(first_screen())
    if threading.active_count() != 1:  # a fork copies only the forking thread
        raise RuntimeError("the rehearsal left a thread running")


# -- the browser's side of the fork ------------------------------------------------------------


def enter_session(argv: Sequence[str], env: dict[str, str], cwd: str, slave: int) -> None:
    """Turn a freshly forked process into a session's browser process: its own session with the
    terminal as controlling terminal and stdio, no other descriptor, the session's environment,
    working directory and command line, default signal dispositions."""
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    _rewrite_block(50, 51, env_block(env))  # env_start, env_end in /proc/self/stat
    _rewrite_block(48, 49, b"".join(arg.encode() + b"\0" for arg in argv))  # arg_start, arg_end
    sys.argv = list(argv[2:]) if argv[1:2] == ["-m"] else list(argv[1:])
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _new_stdio()


def env_block(env: dict[str, str]) -> bytes:
    return b"".join(f"{name}={value}".encode() + b"\0" for name, value in env.items())


def _rewrite_block(start_field: int, end_field: int, data: bytes) -> None:
    # The kernel shows /proc/PID/environ and cmdline from the initial blocks on the stack; a
    # forked browser would show the warm parent's. Overwritten in place (never grown), rest NULs.
    try:
        stat = Path("/proc/self/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        start, end = int(fields[start_field - 3]), int(fields[end_field - 3])
    except (OSError, ValueError, IndexError):
        return
    if 0 < start < end and len(data) <= end - start:
        ctypes.memmove(start, data.ljust(end - start, b"\0"), end - start)


def _new_stdio() -> None:
    # The inherited stream objects were made for the warm parent's /dev/null: buffered as a
    # file would be. New ones on the terminal, line-buffered as Python makes them on a tty.
    for fd, name, mode, errors in ((0, "stdin", "rb", "strict"), (1, "stdout", "wb", "strict"),
                                   (2, "stderr", "wb", "backslashreplace")):  # fmt: skip
        raw = io.FileIO(fd, mode, closefd=False)
        buffer = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(buffer, "utf-8", errors, line_buffering=True)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def run_browser(warm: Warm, argv: Sequence[str]) -> int:
    """Run the CLI (the browser, or a command asked for with a terminal) on the warm store."""
    from mongolia_tui import cli

    setattr(cli, "load_store", warm.load)  # noqa: B010 - in this forked process only
    args = list(argv)
    if args[1:3] == ["-m", "mongolia_tui"]:
        args = args[3:]
    return cli.main(args)


# -- the warm parent ---------------------------------------------------------------------------


def _fork_browser(warm: Warm, request: dict[str, Any], slave: int, sock: socket.socket) -> int:
    """Fork a browser that the server will adopt; returns its pid."""
    argv, env, cwd = request["argv"], request["env"], request["cwd"]
    if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv) and len(argv) > 1):
        raise ValueError("argv must be a list of strings")
    if not (isinstance(env, dict) and all(isinstance(v, str) for v in env.values())):
        raise ValueError("env must map strings to strings")
    if not isinstance(cwd, str):
        raise ValueError("cwd must be a string")
    read, write = os.pipe()
    middle = os.fork()
    if middle == 0:  # pragma: no cover - runs in the forked processes
        code = 1
        try:
            os.close(read)
            browser = os.fork()
            if browser == 0:
                os.close(write)
                sock.detach()  # never closed by a finaliser: its number may be reused
                try:
                    enter_session(argv, env, cwd, slave)
                    code = run_browser(warm, argv)
                except SystemExit as done:
                    code = done.code if isinstance(done.code, int) else 1
                except BaseException:
                    code = 1
                    with contextlib.suppress(BaseException):
                        import traceback

                        traceback.print_exc()
                with contextlib.suppress(BaseException):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)
            os.write(write, browser.to_bytes(4, "little"))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    try:
        data = os.read(read, 4)
    finally:
        os.close(read)
    _, status = os.waitpid(middle, 0)
    if len(data) != 4 or os.waitstatus_to_exitcode(status) != 0:
        raise OSError("the browser could not be forked")
    return int.from_bytes(data, "little")


def serve_requests(warm: Warm, sock: socket.socket) -> None:
    """Answer the server's requests until it closes its end."""
    sock.send(json.dumps({"ready": os.getpid()}).encode())
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, MAX_MESSAGE, 1)
        except InterruptedError:  # pragma: no cover - retried by Python since 3.5
            continue
        if not data:
            return
        reply: dict[str, Any] = {}
        try:
            request = json.loads(data)
            reply["id"] = request.get("id") if isinstance(request, dict) else None
            if len(fds) != 1:
                raise ValueError("one terminal expected")
            reply["pid"] = _fork_browser(warm, request, fds[0], sock)
        except (ValueError, KeyError, OSError) as error:
            reply["error"] = str(error)[:200]
        finally:
            for fd in fds:
                os.close(fd)
        sock.send(json.dumps(reply).encode())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mongolia_tui.serve.warm")
    parser.add_argument("--fd", type=int, required=True, help="this end of the socket pair")
    parser.add_argument("--data", required=True, help="the served store")
    parser.add_argument("--parent", type=int, required=True, help="the server's pid")
    args = parser.parse_args(argv)
    # Die with the server, whatever kills it; and not of a Ctrl-C meant for the server.
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != args.parent:
        return 1  # the server died before PDEATHSIG was set
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock = socket.socket(fileno=args.fd)
    os.set_blocking(args.fd, True)
    os.environ.pop(ROOM_VARIABLE, None)
    try:
        warm = prepare(Path(args.data))
    except Exception as error:  # told to the server, which falls back
        with contextlib.suppress(OSError):
            sock.send(json.dumps({"failed": str(error)[:200]}).encode())
        return 1
    sys.stdout.flush()
    serve_requests(warm, sock)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

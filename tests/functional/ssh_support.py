"""Helpers for the SSH server tests: a server process, an OpenSSH client (the terminal is
tests/functional/tmux.py)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

#: What a login over SSH would have; the test runner's own variables stay out.
from support import environ_of  # noqa: F401 (test_serve imports it from here)
from tmux import CLEAN_ENV


def wait_until(check: Callable[[], object], timeout: float = 20.0, what: str = "condition"):
    """Call ``check`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def make_key(folder: Path, name: str) -> Path:
    """A fresh ed25519 key pair made by ssh-keygen; returns the private key's path."""
    path = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
                   check=True, capture_output=True)  # fmt: skip
    return path


def process_exists(pid: int) -> bool:
    """True while ``pid`` exists, zombies included (a zombie still has a /proc entry)."""
    return Path(f"/proc/{pid}").exists()


def group_exists(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def children_of(pid: int) -> list[int]:
    """Direct children of a process, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ')'.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


class Server:
    """``mongolia-tui serve`` in its own process, on a free port of 127.0.0.1."""

    def __init__(self, folder: Path, *options: str, store: Path | None = None,
                 env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.folder = folder
        self.log_path = folder / f"server-{uuid.uuid4().hex[:6]}.log"
        self.state = folder / "state"
        argv = [sys.executable, "-m", "mongolia_tui", "serve", "--port", "0", *options]
        if store is not None:
            argv += ["--data", str(store)]
        environment = {**CLEAN_ENV, "XDG_STATE_HOME": str(self.state), **(env or {})}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log,
                                         env=environment, cwd=folder)  # fmt: skip
        self.port = 0

    def wait_listening(self, timeout: float = 30.0) -> Server:
        def listening():
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if match is None and self.proc.poll() is not None:
                raise AssertionError(f"the server exited ({self.proc.returncode}):\n{self.log()}")
            return match

        self.port = int(wait_until(listening, timeout, "the server to listen")[1])
        # Browsers are forked from the warm parent once it is ready (spawned before that).
        wait_until(lambda: re.search(r"warm parent (\d+ ready|: )", self.log()), timeout,
                   "the warm parent to be ready")  # fmt: skip
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        return wait_until(lambda: re.search(pattern, self.log()), timeout, repr(pattern))

    def children(self) -> list[int]:
        """The server's children that run a session (not its warm parent)."""
        return [pid for pid in children_of(self.proc.pid) if pid not in self.warm_parents()]

    def warm_parents(self) -> list[int]:
        return [pid for pid in children_of(self.proc.pid)
                if b"mongolia_tui.serve.warm" in _cmdline(pid)]  # fmt: skip

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Client:
    """The OpenSSH client, with a test key and no trace in the user's known_hosts."""

    def __init__(self, key: Path) -> None:
        self.key = key

    def argv(self, port: int, *args: str, user: str = "visitor",
             options: Sequence[str] = ()) -> list[str]:  # fmt: skip
        # ssh keeps the first value given for an option: ``options`` override the defaults.
        return ["ssh", *options, "-F", "/dev/null", "-p", str(port), "-l", user,
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10", "-i", str(self.key), *args]  # fmt: skip

    def run(self, port: int, *args: str, timeout: float = 60.0, user: str = "visitor",
            options: Sequence[str] = (), input: bytes | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
        done = subprocess.run(
            self.argv(port, *args, user=user, options=options), capture_output=True,
            input=input, stdin=None if input is not None else subprocess.DEVNULL,
            timeout=timeout, env={**CLEAN_ENV, **(env or {})},
        )  # fmt: skip
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode(errors="replace"),
            done.stderr.decode(errors="replace"),
        )  # fmt: skip

    def command_line(self, port: int, *args: str) -> str:
        return shlex.join(self.argv(port, *args))


def have_tools() -> str | None:
    """Why the SSH tests cannot run here, or None."""
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs openssh-client)"
    return None

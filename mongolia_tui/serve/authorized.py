"""The visitors' keys: an OpenSSH ``authorized_keys`` file, read again whenever it changes (as
sshd reads it per login), and the options on its lines that apply here.

Honoured: ``from=`` (checked by asyncssh), ``expiry-time=``, ``restrict`` and ``no-pty`` (no
browser, commands only; ``pty`` after ``restrict`` gives it back), ``cert-authority`` (a team's
CA signs user certificates; the certificate must name the login user as a principal), and the
``no-*-forwarding``/``no-user-rc`` flags, which this server applies to everyone anyway. Any other
option (``command=``, ``environment=``, ``principals=``...) would be silently ignored, so the
server refuses to start and names it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.errors import ServeError
from mongolia_tui.serve.events import event, warn
from mongolia_tui.serve.keys import mode_text

#: Options this server honours (see the module's docstring).
HONOURED = frozenset(
    {
        "from",
        "expiry-time",
        "restrict",
        "no-pty",
        "pty",
        "cert-authority",
        "no-port-forwarding",
        "no-agent-forwarding",
        "no-x11-forwarding",
        "no-user-rc",
        "port-forwarding",  # after restrict: forwarding stays off here all the same
        "agent-forwarding",
        "x11-forwarding",
        "user-rc",
    }
)
#: A file larger than this is not an authorized_keys file anyone keeps by hand.
SIZE_LIMIT = 1 << 20
_KEY_TYPE = re.compile(r"(ssh|ecdsa|sk)-\S+$|[a-z0-9-]+@openssh\.com$")


def option_names(line: str) -> list[str]:
    """The names of the options at the start of an authorized_keys line (none if it starts with
    the key type). Values may be quoted and hold spaces and commas."""
    text = line.strip()
    first = text.split(None, 1)[0] if text else ""
    if not text or text.startswith("#") or _KEY_TYPE.match(first):
        return []
    names, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in ", \t":
            names.append(current)
            current = ""
            if char != ",":
                break
            continue
        current += char
    return [name.split("=", 1)[0].strip().lower() for name in names if name]


def expiry(value: str) -> datetime:
    """An ``expiry-time`` (``YYYYMMDD[HHMM[SS]]``, local time, or UTC with a ``Z``)."""
    utc = value.endswith(("Z", "z"))
    digits = value.rstrip("Zz")
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    if len(digits) not in formats or not digits.isdigit():
        raise ValueError(f"bad expiry-time {value!r}")
    when = datetime.strptime(digits, formats[len(digits)])
    return when.replace(tzinfo=UTC) if utc else when.astimezone()


@dataclass(frozen=True)
class Grant:
    """What a matching authorized_keys line allows."""

    terminal: bool = True  # a browser (a pty); False: commands only


def grant(options: Mapping[str, object], now: datetime | None = None) -> Grant | None:
    """What a key line's options allow now; None if the line has expired."""
    for value in _values(options.get("expiry-time")):
        try:
            if (now or datetime.now(UTC)) >= expiry(value):
                return None
        except ValueError:
            return None  # checked at load; an edit that breaks it refuses, never allows
    restricted = bool(options.get("restrict")) and not options.get("pty")
    return Grant(terminal=not (options.get("no-pty") or restricted))


def _values(value: object) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def _read(path: Path) -> tuple[os.stat_result, str]:
    """The file's status and text, never blocking on a FIFO or a device."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ServeError(f"{path}: the authorized keys are not a regular file")
        if st.st_size > SIZE_LIMIT:
            raise ServeError(f"{path}: the authorized keys are larger than 1 MiB")
        data = os.read(fd, SIZE_LIMIT + 1)
    finally:
        os.close(fd)
    return st, data.decode("utf-8")


class AuthorizedKeys:
    """The keys allowed in, read again whenever the file changes (as sshd reads it per login)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._identity: tuple[int, int, int] | None = None
        self.keys = self._load()
        self.count = self._count

    def _load(self) -> asyncssh.SSHAuthorizedKeys:
        path = self.path
        try:
            st, text = _read(path)
        except (OSError, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise ServeError(f"{path}: cannot read the authorized keys: {reason}") from None
        if st.st_uid not in (os.getuid(), 0) or st.st_mode & 0o022:
            raise ServeError(
                f"{path}: the authorized keys may be changed by others "
                f"(owner uid {st.st_uid}, mode {mode_text(st)}); chmod 600 {path}"
            )
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        for number, line in enumerate(text.splitlines(), 1):
            for name in option_names(line):
                if name not in HONOURED:
                    raise ServeError(
                        f"{path}, line {number}: the option {safe_line(name)!r} is not honoured "
                        "by this server; remove it (honoured: " + ", ".join(sorted(HONOURED)) + ")"
                    )
            for value in re.findall(r'expiry-time="?([^",\s]*)', line, re.IGNORECASE):
                try:
                    expiry(value)
                except ValueError:
                    raise ServeError(
                        f"{path}, line {number}: bad expiry-time {safe_line(value)!r} "
                        "(YYYYMMDD[HHMM[SS]][Z])"
                    ) from None
        try:
            keys = asyncssh.import_authorized_keys(text)
        except (ValueError, asyncssh.KeyImportError) as error:
            raise ServeError(f"{path}: bad authorized keys: {safe_line(str(error))}") from None
        self._identity = (st.st_ino, st.st_size, st.st_mtime_ns)
        self._count = len(lines)
        return keys

    def refresh(self) -> None:
        """Reload if the file changed; a broken edit keeps the keys already loaded."""
        try:
            st = self.path.stat()
        except OSError:
            return
        if (st.st_ino, st.st_size, st.st_mtime_ns) == self._identity:
            return
        try:
            self.keys = self._load()
            self.count = self._count
            event("reload", f"reloaded {safe_line(str(self.path))} ({self.count} keys)")
        except ServeError as error:
            warn(f"kept the previous authorized keys: {safe_line(str(error))}")

    def check(self, key: asyncssh.SSHKey, addr: str, *, ca: bool = False) -> Grant | None:
        """What ``key`` (or, ``ca``, a certificate authority's key) may do from ``addr``."""
        options = self.keys.validate(key, addr, addr, ca=ca)
        if options is None:
            return None
        found = grant(options)
        if found is None:
            event("expired", f"refused an expired key {key.get_fingerprint()} from {addr}")
        return found

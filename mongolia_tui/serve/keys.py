"""The server's keys: its own host key, and the visitors' authorized keys.

Both are read as a careful sshd reads them: a host key readable by others is refused, and
authorized keys that others may change are refused; the authorized keys are read again whenever
the file changes.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.errors import ServeError

log = logging.getLogger("mongolia_tui.serve")


def _mode(st: os.stat_result) -> str:
    return f"{stat.S_IMODE(st.st_mode):04o}"


def private_dir(path: Path) -> Path:
    """Create ``path`` (mode 0700) if missing; refuse one not owned by us or writable by others."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except OSError as error:
        raise ServeError(f"{path}: cannot create the state directory: {error.strerror}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise ServeError(f"{path}: not a directory")
    if st.st_uid != os.getuid():
        raise ServeError(f"{path}: owned by another user (uid {st.st_uid})")
    if st.st_mode & 0o022:
        raise ServeError(f"{path}: writable by others (mode {_mode(st)}); chmod 700 {path}")
    return path


def _check_secret(path: Path) -> None:
    try:
        st = path.stat()
    except OSError as error:
        raise ServeError(f"{path}: cannot read the host key: {error.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ServeError(f"{path}: the host key is not a regular file")
    if st.st_uid != os.getuid():
        raise ServeError(f"{path}: the host key is owned by another user (uid {st.st_uid})")
    if st.st_mode & 0o077:
        raise ServeError(
            f"{path}: the host key's permissions {_mode(st)} are too open; chmod 600 {path}"
        )


def host_key(path: Path | None, state: Path) -> tuple[asyncssh.SSHKey, Path, bool]:
    """The server's private key: ``path``, or one made once and kept in the state directory.

    Returns the key, its path and whether it was just made.
    """
    created = False
    if path is None:
        path = state / "ssh_host_ed25519_key"
        if not path.exists():
            key = asyncssh.generate_private_key("ssh-ed25519", comment="mongolia-tui host key")
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(key.export_private_key())
            except OSError as error:
                raise ServeError(f"{path}: cannot write the host key: {error.strerror}") from None
            created = True
    _check_secret(path)
    try:
        return asyncssh.read_private_key(path), path, created
    except (OSError, ValueError, asyncssh.KeyImportError) as error:
        raise ServeError(f"{path}: not a usable private key ({safe_line(str(error))})") from None


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
            st = path.stat()
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            raise ServeError(f"{path}: cannot read the authorized keys: {reason}") from None
        if not stat.S_ISREG(st.st_mode):
            raise ServeError(f"{path}: the authorized keys are not a regular file")
        if st.st_uid not in (os.getuid(), 0) or st.st_mode & 0o022:
            raise ServeError(
                f"{path}: the authorized keys may be changed by others "
                f"(owner uid {st.st_uid}, mode {_mode(st)}); chmod 600 {path}"
            )
        try:
            keys = asyncssh.import_authorized_keys(text)
        except (ValueError, asyncssh.KeyImportError) as error:
            raise ServeError(f"{path}: bad authorized keys: {safe_line(str(error))}") from None
        self._identity = (st.st_ino, st.st_size, st.st_mtime_ns)
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
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
            log.info("reloaded %s (%d keys)", self.path, self.count)
        except ServeError as error:
            log.warning("kept the previous authorized keys: %s", error)

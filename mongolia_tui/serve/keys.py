"""The server's own files: its state folder and its host key, checked as a careful sshd does
(a host key readable by others is refused). The visitors' keys: :mod:`.authorized`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh

from mongolia_tui.sanitize import safe_line
from mongolia_tui.serve.errors import ServeError


def mode_text(st: os.stat_result) -> str:
    """A file's permission bits as ``0600``."""
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
        raise ServeError(f"{path}: writable by others (mode {mode_text(st)}); chmod 700 {path}")
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
            f"{path}: the host key's permissions {mode_text(st)} are too open; chmod 600 {path}"
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

"""Write a user's file safely: all of it or none of it, never over the store, never into a pipe.

Pure (no Textual); the browser's export calls it from a worker thread. A file is written to a
temporary file beside the target, flushed to disk, then renamed over the target in one step
(``os.replace``): a full disk, a file-size limit or a signal leaves the old file as it was and
no partial file behind. The target is refused when it is the store (the same device and inode,
so through a hard link, a symbolic link or a bind mount too), a folder, or anything but a
regular file (a FIFO would block the writer forever; a device is not a document).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Identity = tuple[int, int]

#: How much is written between two checks for cancellation.
CHUNK = 1 << 20

#: Temporary files being written now, removed by :func:`remove_partial_files` (a signal
#: handler calls it before the process ends, so not even a SIGTERM or SIGHUP leaves one).
_partial: set[tuple[int, str]] = set()  # (open folder, name in it)


class Refused(Exception):
    """A target that will not be written; the message is one line for the user."""


class Cancelled(Exception):
    """The write was cancelled before the target was replaced; nothing was written."""


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True)
class Target:
    """Where a file will be written: the real path (links followed) and what is there now."""

    path: str
    exists: bool
    #: The replaced file's permission bits and owner, given to the new file.
    mode: int | None = None
    owner: tuple[int, int] | None = None
    #: The (device, inode) of the folder checked: the write goes into that folder or nowhere.
    folder: Identity | None = None


def identities(path: str | None, loaded: Identity | None = None) -> frozenset[Identity]:
    """The identities to protect for a store: the file it was read from and the file now there."""
    found = set()
    if loaded is not None:
        found.add(loaded)
    if path:
        with contextlib.suppress(OSError):
            info = os.stat(path)
            found.add((info.st_dev, info.st_ino))
    return frozenset(found)


def check_target(path: str, protected: Iterable[Identity] = ()) -> Target:
    """Where writing ``path`` would put the data; :class:`Refused` if it must not be written.

    A symbolic link is followed (the file it names is replaced, the link stays a link).
    """
    path = os.path.expanduser(path)
    real = os.path.realpath(path)
    try:
        where = os.stat(os.path.dirname(real) or ".")
    except OSError:
        where = None
    if where is None or not stat.S_ISDIR(where.st_mode):
        raise Refused(f"No such folder: {os.path.dirname(path) or '.'}")
    folder = (where.st_dev, where.st_ino)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return Target(real, exists=False, folder=folder)
    except OSError as error:
        raise Refused(f"Cannot use {path}: {error.strerror or error}") from None
    _refuse(path, info, protected)
    # Permission bits only: a set-user-ID bit is not something an export should carry over.
    return Target(real, exists=True, mode=info.st_mode & 0o777, owner=(info.st_uid, info.st_gid),
                  folder=folder)  # fmt: skip


def _refuse(path: str, info: os.stat_result, protected: Iterable[Identity]) -> None:
    if (info.st_dev, info.st_ino) in set(protected):
        raise Refused("That is the data store itself (or a link to it): choose another file.")
    if stat.S_ISDIR(info.st_mode):
        raise Refused("That is a folder: add a file name.")
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise Refused(f"That is {kind}, not a regular file: choose another name.")


def write_file(
    target: Target,
    data: bytes,
    *,
    protected: Iterable[Identity] = (),
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write ``data`` to ``target`` atomically (see the module's docstring).

    The folder is opened once and everything after (the temporary file, the last check, the
    rename) is done relative to that open folder: replacing the folder by a link to another
    one meanwhile cannot redirect the write.

    Raises OSError when the file cannot be written (the old file, if any, is untouched),
    :class:`Refused` if the target changed into something that must not be written, and
    :class:`Cancelled` if ``cancelled()`` became true before the target was replaced.
    """
    folder, name = os.path.split(target.path)
    protected = frozenset(protected)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    dir_fd = os.open(folder or ".", flags)
    try:
        info = os.fstat(dir_fd)
        if target.folder is not None and (info.st_dev, info.st_ino) != target.folder:
            raise Refused("The folder changed while writing: nothing was written.")
        _write_in(dir_fd, name, target, data, protected, cancelled)
        with contextlib.suppress(OSError):  # make the rename durable (best effort)
            os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write_in(
    dir_fd: int,
    name: str,
    target: Target,
    data: bytes,
    protected: frozenset[Identity],
    cancelled: Callable[[], bool],
) -> None:
    fd, partial = _create_partial(dir_fd)
    try:
        try:
            if target.owner is not None and target.owner != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(fd, *target.owner)
            if target.mode is not None:
                os.fchmod(fd, target.mode)  # a replaced file keeps its permissions
            view = memoryview(data)
            while view:
                if cancelled():
                    raise Cancelled
                written = os.write(fd, view[:CHUNK])
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if cancelled():
            raise Cancelled
        # The target was checked before the data was rendered; check again just before the
        # rename, in case something (a link to the store, a FIFO) appeared there meanwhile.
        with contextlib.suppress(FileNotFoundError):
            _refuse(target.path, os.stat(name, dir_fd=dir_fd), protected)
        os.replace(partial, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=dir_fd)
        raise
    finally:
        _partial.discard((dir_fd, partial))


def _create_partial(dir_fd: int) -> tuple[int, str]:
    """A new, empty temporary file in the open folder (mode 0666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    while True:
        partial = f".mongolia-tui-{os.urandom(6).hex()}.part"
        _partial.add((dir_fd, partial))
        try:
            return os.open(partial, flags, 0o666, dir_fd=dir_fd), partial
        except FileExistsError:
            _partial.discard((dir_fd, partial))
        except BaseException:
            _partial.discard((dir_fd, partial))
            raise


def remove_partial_files() -> None:
    """Remove the temporary files of writes in progress (for signal handlers; never raises)."""
    for dir_fd, partial in list(_partial):
        with contextlib.suppress(OSError):
            os.unlink(partial, dir_fd=dir_fd)
        _partial.discard((dir_fd, partial))

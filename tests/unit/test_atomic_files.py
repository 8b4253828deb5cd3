"""Atomic writing of user files: all or nothing, never over the store, never into a pipe."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mongolia_tui import files
from mongolia_tui.files import Cancelled, Refused, check_target, identities, write_file

ROOT = Path(__file__).resolve().parents[2]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".mongolia-tui-"))


def identity(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_dev, info.st_ino


def test_a_new_file_is_written_whole_with_ordinary_permissions(tmp_path):
    target = tmp_path / "out.csv"
    write_file(check_target(str(target)), b"a,b\n" * 100_000)
    assert target.read_bytes() == b"a,b\n" * 100_000
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert leftovers(tmp_path) == []


def test_replacing_keeps_the_permissions_and_swaps_in_one_step(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o640)
    before = identity(target)
    write_file(check_target(str(target)), b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert identity(target) != before  # a new file renamed over the old: never half-written


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "keep.csv"
    target.write_bytes(b"precious")
    real_write = os.write
    calls = []

    def full_disk(fd, data):
        calls.append(len(data))
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(files, "CHUNK", 1000)
    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_file(check_target(str(target)), b"x" * 5000)
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []
    new = tmp_path / "new.csv"
    calls.clear()
    with pytest.raises(OSError):
        write_file(check_target(str(new)), b"x" * 5000)
    assert not new.exists() and leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_file_size_limit_leaves_the_old_file(tmp_path):
    """`ulimit -f`: the kernel refuses to grow the file (EFBIG) part-way through."""
    target = tmp_path / "keep.csv"
    target.write_bytes(b"precious")
    code = textwrap.dedent(f"""
        import resource
        from mongolia_tui.files import check_target, write_file
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, resource.RLIM_INFINITY))
        try:
            write_file(check_target({str(target)!r}), b"x" * 100_000)
        except OSError as error:
            print(error.strerror)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "File too large", out.stderr
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_a_cancelled_write_changes_nothing(tmp_path):
    target = tmp_path / "keep.csv"
    target.write_bytes(b"precious")
    with pytest.raises(Cancelled):
        write_file(check_target(str(target)), b"x" * 10, cancelled=lambda: True)
    assert target.read_bytes() == b"precious" and leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "socket"])
def test_targets_that_are_not_regular_files_are_refused(tmp_path, kind):
    if kind == "folder":
        target, message = tmp_path, "That is a folder"
    elif kind == "fifo":
        target, message = tmp_path / "pipe.csv", r"That is a FIFO \(named pipe\)"
        os.mkfifo(target)
    elif kind == "device":
        target, message = Path("/dev/null"), "That is a device"
    else:
        import socket

        target, message = tmp_path / "s.csv", "That is a socket"
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    with pytest.raises(Refused, match=message):
        check_target(str(target))


def test_the_store_is_refused_through_any_name(tmp_path):
    store = tmp_path / "store.json"
    store.write_text("{}")
    hard = tmp_path / "hard.json"
    os.link(store, hard)
    soft = tmp_path / "soft.json"
    soft.symlink_to(store)
    protected = identities(str(store))
    for name in (store, hard, soft):
        with pytest.raises(Refused, match="That is the data store itself"):
            check_target(str(name), protected)
    assert store.read_text() == "{}"


def test_the_store_read_at_load_is_protected_even_after_its_path_is_replaced(tmp_path):
    store = tmp_path / "store.json"
    store.write_text("{}")
    loaded = identity(store)
    keep = tmp_path / "old-store.json"
    os.link(store, keep)
    store.unlink()
    store.write_text("{}")  # a new file at the path; the one that was read lives on as `keep`
    protected = identities(str(store), loaded)
    for name in (store, keep):
        with pytest.raises(Refused, match="data store"):
            check_target(str(name), protected)


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare")
def test_the_store_is_refused_through_a_bind_mount(tmp_path):
    source, mount = tmp_path / "a", tmp_path / "b"
    source.mkdir()
    mount.mkdir()
    (source / "store.json").write_text("{}")
    code = (
        "from mongolia_tui.files import check_target, identities, Refused\n"
        f"protected = identities({str(source / 'store.json')!r})\n"
        f"try: check_target({str(mount / 'store.json')!r}, protected)\n"
        "except Refused as refused: print(refused)\n"
    )
    script = f"mount --bind {source} {mount} && {sys.executable} -c {shlex.quote(code)}"
    out = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True)
    if out.returncode != 0 and "mount" in out.stderr:
        pytest.skip(f"cannot bind-mount here: {out.stderr.strip()}")
    assert "That is the data store itself" in out.stdout


def test_a_symbolic_link_to_a_file_writes_that_file(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_file(check_target(str(link)), b"new")
    assert link.is_symlink() and real.read_text() == "new"


def test_something_appearing_at_the_target_during_the_write_is_not_replaced(tmp_path):
    store = tmp_path / "store.json"
    store.write_text("{}")
    target = tmp_path / "out.json"
    checked = check_target(str(target))
    os.link(store, target)  # a link to the store appears after the check
    with pytest.raises(Refused, match="data store"):
        write_file(checked, b"[]", protected=identities(str(store)))
    assert store.read_text() == "{}" and leftovers(tmp_path) == []


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(Refused, match="No such folder"):
        check_target(str(tmp_path / "nowhere" / "out.csv"))


def test_a_signal_during_a_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "big.csv"
    code = textwrap.dedent(f"""
        import os, signal, sys, time
        from mongolia_tui import files
        signal.signal(signal.SIGTERM, lambda *_: (files.remove_partial_files(), os._exit(143)))
        files.CHUNK = 1000
        def slowly():
            print("writing", flush=True)
            time.sleep(0.05)
            return False
        files.write_file(files.check_target({str(target)!r}), b"x" * 10_000_000,
                         cancelled=slowly)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "writing\n"
    time.sleep(0.2)
    assert leftovers(tmp_path) != []  # mid-write: the partial file is there
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=20) == 143
    assert leftovers(tmp_path) == [] and not target.exists()


def test_a_replaced_file_keeps_its_owner_when_we_may_and_never_a_setuid_bit(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    target.chmod(0o4755)
    if os.geteuid() == 0:
        os.chown(target, 65534, 65534)
    write_file(check_target(str(target)), b"new")
    info = target.stat()
    assert stat.S_IMODE(info.st_mode) == 0o755
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (65534, 65534)


# -- issue 17 (5): the export folder swapped for a link to the store's folder ---------------------


def _swap_for_link(folder: Path, to: Path) -> None:
    folder.rename(folder.with_name(folder.name + "-moved"))
    folder.symlink_to(to, target_is_directory=True)


def test_a_folder_swapped_before_the_write_is_refused(tmp_path):
    store_dir, export_dir = tmp_path / "store", tmp_path / "export"
    store_dir.mkdir()
    export_dir.mkdir()
    store = store_dir / "mongolia.json"
    store.write_text("the store", encoding="utf-8")
    target = check_target(str(export_dir / "mongolia.json"), identities(str(store)))
    _swap_for_link(export_dir, store_dir)
    with pytest.raises(Refused, match="folder changed"):
        write_file(target, b"visitor", protected=identities(str(store)))
    assert store.read_text(encoding="utf-8") == "the store"
    assert leftovers(store_dir) == [] and leftovers(tmp_path / "export-moved") == []


def test_a_folder_swapped_during_the_write_cannot_redirect_it(tmp_path):
    store_dir, export_dir = tmp_path / "store", tmp_path / "export"
    store_dir.mkdir()
    export_dir.mkdir()
    store = store_dir / "mongolia.json"
    store.write_text("the store", encoding="utf-8")
    target = check_target(str(export_dir / "mongolia.json"))
    swapped = []

    def swap_midway() -> bool:
        if not swapped:
            _swap_for_link(export_dir, store_dir)
            swapped.append(True)
        return False

    write_file(target, b"export", cancelled=swap_midway)
    assert swapped
    assert store.read_text(encoding="utf-8") == "the store"
    assert (tmp_path / "export-moved" / "mongolia.json").read_bytes() == b"export"
    assert leftovers(store_dir) == [] and leftovers(tmp_path / "export-moved") == []

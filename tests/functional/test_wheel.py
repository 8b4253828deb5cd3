"""The built wheel, installed into a fresh virtual environment, finds its data from anywhere."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from support import ROOT

pytestmark = pytest.mark.slow


def run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)


def as_nobody() -> None:
    os.setgid(65534)
    os.setuid(65534)


@pytest.fixture(scope="module")
def installed() -> Path:
    """A venv with the wheel installed, read-only, in a directory any user can read."""
    top = Path(tempfile.mkdtemp(prefix="mongolia-wheel-"))
    os.chmod(top, 0o755)
    dist = top / "dist"
    built = run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                str(dist), str(ROOT))  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(dist.glob("mongolia_tui-*.whl"))
    venv = top / "venv"
    assert run(sys.executable, "-m", "venv", str(venv)).returncode == 0
    done = run(str(venv / "bin" / "pip"), "install", "-q", str(wheel))
    assert done.returncode == 0, done.stderr[-2000:]
    # The installed copy is read-only, as a system-wide install is for ordinary users.
    for path in venv.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield venv
    for path in venv.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(top, ignore_errors=True)


def test_the_wheel_ships_the_store_and_lists_from_another_directory(installed, tmp_path):
    data = next(installed.glob("lib/python*/site-packages/mongolia_tui/data/mongolia.json"))
    before = data.read_bytes(), data.stat().st_mtime_ns
    done = run(str(installed / "bin" / "mongolia-tui"), "list", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) >= 195
    assert rows[0]["name"] == "Russia" and rows[0]["rank"] == 1
    assert (data.read_bytes(), data.stat().st_mtime_ns) == before
    assert list(tmp_path.iterdir()) == []  # nothing written where it ran


def interpreter_for_nobody() -> str | None:
    """A Python of this version that user nobody may run (a venv's may live in /root)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        try:
            probe = run(candidate, "-c", "print(1)", preexec_fn=as_nobody)
        except OSError:  # missing, or not executable by nobody
            continue
        if probe.returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to another user")
def test_a_read_only_install_works_for_a_non_root_user(installed):
    python = interpreter_for_nobody()
    if python is None:
        pytest.skip(f"no Python {sys.version_info[:2]} that user nobody can run")
    site = next(installed.glob("lib/python*/site-packages"))
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    done = run(python, "-m", "mongolia_tui", "check-data", cwd="/", env=env,
               preexec_fn=as_nobody)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout and "site-packages/mongolia_tui/data/mongolia.json" in done.stdout
    done = run(python, "-m", "mongolia_tui", "show", "malaysia", cwd="/", env=env,
               preexec_fn=as_nobody)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "8 September 1971" in done.stdout

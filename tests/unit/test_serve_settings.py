"""The SSH host's settings: the server's options and start-up messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mongolia_tui.cli import build_parser
from mongolia_tui.serve.errors import ServeError
from mongolia_tui.serve.settings import default_state_dir, settings_from_args


def args(*words: str):
    return build_parser().parse_args(["serve", "--allow-anonymous", *words])


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1"])
def test_an_idle_timeout_that_is_not_a_number_of_seconds_is_refused(value):
    with pytest.raises(ServeError, match="--idle-timeout must be a number of seconds"):
        settings_from_args(args(f"--idle-timeout={value}"))


def test_a_relative_xdg_state_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    assert default_state_dir() == tmp_path / ".local" / "state" / "mongolia-tui"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "abs"))
    assert default_state_dir() == tmp_path / "abs" / "mongolia-tui"


def run_serve(tmp_path: Path, *words: str, close_stderr: bool = False):
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), HOME=str(tmp_path))
    return subprocess.run(
        [sys.executable, "-m", "mongolia_tui", "serve", "--port", "0", *words],
        capture_output=not close_stderr,
        stdout=subprocess.PIPE if close_stderr else None,
        preexec_fn=(lambda: os.close(2)) if close_stderr else None,
        env=env,
        timeout=60,
    )


def test_escape_sequences_in_a_path_are_not_printed(tmp_path):
    done = run_serve(tmp_path, "--allow-anonymous", "--data", "/nonexistent/\x1b[31mred.json")
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr
    assert done.stderr.count(b"\n") == 1


def test_with_stderr_closed_no_error_goes_to_stdout(tmp_path):
    done = run_serve(tmp_path, "--idle-timeout", "nan", "--allow-anonymous", close_stderr=True)
    assert done.returncode == 2
    assert done.stdout == b""

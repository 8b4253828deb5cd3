"""The CLI as a real process: no terminal, odd stdouts (latin-1, full, closed, a closed pipe),
and tables sized to a real pseudo-terminal."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest
import wcwidth
from support import partner_record

NO_TERMINAL = "mongolia-tui: error: the browser needs a terminal; try 'mongolia-tui list'\n"
FULL = "mongolia-tui: error: cannot write output: No space left on device\n"
# Report whether Textual was imported, after the CLI ran.
PROBE = (
    "import sys\n"
    "from mongolia_tui.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "sys.stderr.write(f'textual imported: {\"textual\" in sys.modules}\\n')\n"
    "raise SystemExit(status)\n"
)


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(extra)
    return env


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "mongolia_tui", *argv]


def terminal(columns: int = 80, rows: int = 24) -> tuple[int, int]:
    """A pseudo-terminal of the given size: (our end, the process's end)."""
    ours, theirs = pty.openpty()
    fcntl.ioctl(theirs, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return ours, theirs


def read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError as error:  # EIO: the process closed its end
            if error.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def run_in_terminal(argv: list[str], columns: int, **kwargs) -> tuple[int, str, str]:
    """Run with stdout on a pseudo-terminal ``columns`` wide; (status, stdout, stderr)."""
    ours, theirs = terminal(columns)
    process = subprocess.Popen(argv, stdout=theirs, stderr=subprocess.PIPE, env=environment(),
                               **kwargs)  # fmt: skip
    os.close(theirs)
    out = read_all(ours)
    err = process.stderr.read().decode()
    process.stderr.close()
    return process.wait(timeout=60), out, err


# -- no terminal -------------------------------------------------------------------------------


def test_without_a_terminal_on_stdin_the_browser_refuses_at_once(sample_store):
    ours, theirs = terminal()
    try:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "--data", str(sample_store)],
            stdin=subprocess.DEVNULL, stdout=theirs, stderr=subprocess.PIPE, text=True,
            env=environment(), timeout=30,
        )  # fmt: skip
    finally:
        os.close(theirs)
        os.close(ours)
    assert done.returncode == 2
    assert done.stderr == NO_TERMINAL + "textual imported: False\n"


def test_without_a_terminal_on_stdout_the_browser_refuses_at_once(sample_store):
    ours, theirs = terminal()
    try:
        done = subprocess.run(
            command("--data", str(sample_store)),
            stdin=theirs, capture_output=True, text=True, env=environment(), timeout=30,
        )  # fmt: skip
    finally:
        os.close(theirs)
        os.close(ours)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_TERMINAL)


def test_ssh_without_t_neither_stdin_nor_stdout_is_a_terminal(sample_store):
    done = subprocess.run(
        command("--data", str(sample_store), "--country", "malaysia"),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=environment(), timeout=30,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_TERMINAL)


# -- stdouts that cannot take the output -------------------------------------------------------


def test_a_latin1_stdout_gets_replacements_and_json_stays_exact(write_store):
    path = write_store([partner_record("中国 Côte", notes="✎ a note"), partner_record("Chad")])
    env = environment(PYTHONIOENCODING="latin-1")
    done = subprocess.run(command("--data", str(path), "list"), capture_output=True, env=env,
                          timeout=60)  # fmt: skip
    assert done.returncode == 0 and done.stderr == b""
    table = done.stdout.decode("latin-1")
    assert "?? Côte" in table and "Chad" in table
    done = subprocess.run(command("--data", str(path), "list", "--format", "json"),
                          capture_output=True, env=env, timeout=60)  # fmt: skip
    assert done.returncode == 0 and done.stderr == b""
    names = [r["name"] for r in json.loads(done.stdout.decode("latin-1"))]
    assert "中国 Côte" in names
    for argv in (["show", "chad"], ["list", "--format", "csv"], ["list", "--format", "markdown"],
                 ["list", "--help"]):  # fmt: skip
        done = subprocess.run(command("--data", str(path), *argv), capture_output=True, env=env,
                              timeout=60)  # fmt: skip
        assert done.returncode == 0 and done.stderr == b"", argv


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv",
    [["list"], ["list", "--format", "json"], ["show", "malaysia"], ["organisations"],
     ["check-data"], ["--help"], ["-V"]],
)  # fmt: skip
def test_a_full_stdout_is_one_line_exit_2(sample_store, argv):
    with open("/dev/full", "w") as full:
        done = subprocess.run(command("--data", str(sample_store), *argv), stdout=full,
                              stderr=subprocess.PIPE, text=True, env=environment(),
                              timeout=60)  # fmt: skip
    assert (done.returncode, done.stderr) == (2, FULL)


def test_a_closed_stdout_is_one_line_exit_2(sample_store):
    done = subprocess.run(
        [*command("--data", str(sample_store), "list")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment(),
        preexec_fn=lambda: os.close(1), timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "mongolia-tui: error: cannot write output: standard output is closed\n"


def test_a_closed_pipe_is_silent_and_successful():
    # The shipped store's JSON is far larger than a pipe's buffer: the write really fails.
    process = subprocess.Popen(command("list", "--format", "json"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment())  # fmt: skip
    assert process.stdout.read(10) == b"[\n  {\n    "
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


# -- list fits a real terminal ------------------------------------------------------------------


@pytest.mark.parametrize("columns", [50, 80, 120])
def test_list_fits_the_terminal_it_runs_in(columns):
    status, out, err = run_in_terminal(command("list"), columns)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    # The header, the 198 partners, a blank line and the legend of the uncertain-date mark.
    assert len(lines) == 201 and lines[-1] == "* date uncertain or disputed"
    assert max(wcwidth.wcswidth(line) for line in lines) <= columns
    assert "Russia" in lines[1]


def test_at_80_columns_regions_are_short_and_piped_output_is_whole():
    _, out, _ = run_in_terminal(command("list"), 80)
    assert "Russia, C & W Asia" in out and "Russia, Central Asia and West Asia" not in out
    done = subprocess.run(command("list"), capture_output=True, text=True, env=environment(),
                          timeout=60)  # fmt: skip
    assert "Russia, Central Asia and West Asia" in done.stdout
    assert "Sovereign Military Order of Malta" in done.stdout and "…" not in done.stdout
    done = subprocess.run(command("list"), capture_output=True, text=True, timeout=60,
                          env=environment(COLUMNS="70"))  # fmt: skip
    assert max(len(line) for line in done.stdout.splitlines()) <= 70


def test_show_wraps_to_the_terminal_with_a_hanging_indent(write_store):
    note = " ".join(f"word{i}" for i in range(100))
    path = write_store([partner_record("Chad", notes=note)])
    _, out, _ = run_in_terminal(command("--data", str(path), "show", "chad"), 60)
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Notes:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Sources:"))
    block = lines[start:end]
    assert len(block) > 3 and max(len(line) for line in block) <= 60
    assert all(line.startswith(" " * 13 + "word") for line in block[1:])
    assert " ".join(line[13:] for line in block) == note

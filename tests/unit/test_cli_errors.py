"""Bad input through the command line: one clear line, exit 2, no traceback, nothing written."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from support import SAMPLE, fingerprint, partner_record, store_data

from mongolia_tui.cli import main

BAD_FILES = {
    "empty": (b"", "the file is empty"),
    "not-json": (b"{relations: nope", "not valid JSON (line 1, column 2"),
    "not-utf8": ("{}".encode("utf-16"), "not UTF-8 text"),
    "wrong-shape": (b'["relations"]', "not a TinyDB store (top level is a list"),
    "table-not-object": (b'{"relations": 5}', "not a TinyDB store (table 'relations' is a number)"),
    "no-relations-table": (b'{"_default": {"1": {"name": "x"}}}', "no 'relations' table"),
}


@pytest.mark.parametrize("command", [[], ["list"], ["show", "x"], ["check-data"]])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_store_files(capsys, tmp_path, case, command):
    raw, problem = BAD_FILES[case]
    path = tmp_path / "store.json"
    path.write_bytes(raw)
    before = fingerprint(path)
    code = main(["--data", str(path), *command])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.startswith(f"mongolia-tui: error: {path}: {problem}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert fingerprint(path) == before


@pytest.mark.parametrize("command", [[], ["list"]])
def test_missing_and_directory_stores(capsys, tmp_path, command):
    missing = tmp_path / "nope.json"
    assert main(["--data", str(missing), *command]) == 2
    assert capsys.readouterr().err == f"mongolia-tui: error: {missing}: no such file\n"
    assert not missing.exists()
    assert main(["--data", str(tmp_path), *command]) == 2
    assert capsys.readouterr().err == (
        f"mongolia-tui: error: {tmp_path}: is a directory, not a store file\n"
    )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_an_unreadable_store_as_a_non_root_user():
    """Run the CLI in a child that drops to an ordinary user (root could read anything)."""
    folder = Path(tempfile.mkdtemp())  # under /tmp, which every user may enter
    folder.chmod(0o755)
    path = folder / "store.json"
    path.write_text(json.dumps(store_data(SAMPLE)), encoding="utf-8")
    path.chmod(0o200)  # write-only: nobody but root may read it
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become an ordinary user, run the command, report
        try:
            sys.stderr = os.fdopen(write_end, "w")
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            code = main(["--data", str(path), "list"])
            sys.stderr.flush()
        finally:
            os._exit(locals().get("code", 99))
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    err = os.read(read_end, 10_000).decode()
    os.close(read_end)
    shutil.rmtree(folder)
    assert os.waitstatus_to_exitcode(status) == 2
    assert err == f"mongolia-tui: error: {path}: permission denied (cannot read the file)\n"


RECORD_CASES = [
    ({"name": "Chad", "aliases": []}, "record 'Chad': missing field 'iso3'"),
    (partner_record("Chad", established="1972-02-30"),
     "record 'Chad': bad 'established': date '1972-02-30' does not exist"),
    (partner_record("Chad", region="Mars"), "record 'Chad': unknown region 'Mars'"),
    (partner_record("Chad", un_member=1), "record 'Chad': field 'un_member' must be true or false"),
    (partner_record("Chad", aliases="Tchad"),
     "record 'Chad': field 'aliases' must be a list of text"),
    (partner_record("Russia"), "record 'Russia': duplicate name (also record 'Russia')"),
    (partner_record("Rus", iso3="RUS"),
     "record 'Rus': duplicate ISO code RUS (also record 'Russia')"),
]  # fmt: skip


@pytest.mark.parametrize(("record", "message"), RECORD_CASES)
@pytest.mark.parametrize("command", [[], ["list", "--format", "json"], ["show", "russia"]])
def test_every_command_refuses_a_store_with_a_bad_record(capsys, write_store, record, message,
                                                         command):  # fmt: skip
    path = write_store([*SAMPLE, record])
    code = main(["--data", str(path), *command])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith(f"mongolia-tui: error: {path}: {message}")
    assert err.count("\n") == 1


def test_check_data_lists_every_problem_with_its_record(capsys, write_store):
    path = write_store([*SAMPLE, *(r for r, _ in RECORD_CASES)])
    code = main(["check-data", str(path)])
    out, _ = capsys.readouterr()
    assert code == 1
    for _, message in RECORD_CASES:
        assert f"relations {message}" in out


MARKUP = "[bold]Bold[/] [link=https://evil.example]x[/link] [@click=app.quit]y[/]"


def test_markup_in_data_is_printed_literally(capsys, write_store):
    path = write_store([partner_record(f"Evil {MARKUP}", notes=MARKUP, aliases=[MARKUP])])
    for command in (["list"], ["list", "--format", "markdown"], ["show", "evil"]):
        main(["--data", str(path), *command])
        out = capsys.readouterr().out
        assert "[bold]Bold[/]" in out or "[bold]Bold[/]"[:5] in out


C0_C1 = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)])
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
OSC = "\x1b]52;c;cHduZWQ=\x07\x1b]0;title\x1b\\"


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_control_sequences_are_neutralised_in_text_formats(capsys, write_store, fmt):
    path = write_store([partner_record(f"A{OSC}{BIDI}", notes=f"n{C0_C1}{BIDI}{OSC}",
                                 aliases=[OSC])])  # fmt: skip
    assert main(["--data", str(path), "list", "--format", fmt]) == 0
    out = capsys.readouterr().out
    dangerous = set(C0_C1 + BIDI) - {"\n"}
    assert not dangerous & set(out)


def test_json_escapes_control_sequences_and_keeps_the_data(capsys, write_store):
    name = f"A{OSC}{BIDI}"
    path = write_store([partner_record(name, notes=C0_C1)])
    assert main(["--data", str(path), "list", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not set(C0_C1 + BIDI) - {"\n"} & set(out)
    rows = json.loads(out)
    assert rows[0]["name"] == name and rows[0]["notes"] == C0_C1


def test_show_neutralises_controls(capsys, write_store):
    path = write_store([partner_record(f"A{OSC}", notes=f"x{BIDI}{C0_C1}")])
    assert main(["--data", str(path), "show", "a"]) == 0
    out = capsys.readouterr().out
    assert not set(C0_C1 + BIDI) - {"\n"} & set(out)
    assert "␛]52;c;cHduZWQ=␇" in out


def test_extremes_through_the_cli(capsys, monkeypatch, write_store):
    long_name = "N" * 5000
    path = write_store([partner_record(long_name, notes="x" * 1_000_000)])
    monkeypatch.setenv("COLUMNS", "100")  # as on a terminal 100 columns wide
    assert main(["--data", str(path), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= 100 for line in lines)  # clipped to the terminal, not 5,000 wide
    monkeypatch.delenv("COLUMNS")  # piped (pytest-xdist's workers set COLUMNS): the name whole
    assert main(["--data", str(path), "list"]) == 0
    assert long_name in capsys.readouterr().out
    assert main(["--data", str(path), "show", "nnn"]) == 0
    assert len(capsys.readouterr().out) > 1_000_000  # show prints it all
    empty = write_store([])
    assert main(["--data", str(empty), "list", "--format", "json"]) == 1  # nothing to list
    assert json.loads(capsys.readouterr().out) == []
    assert main(["check-data", str(empty)]) == 0
    assert "partners:       0" in capsys.readouterr().out


def test_no_traceback_on_unexpected_arguments(capsys):
    assert main(["list", "--sort"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert sys.stdin is not None

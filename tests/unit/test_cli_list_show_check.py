"""The commands in process: list, show, check-data, --version, the browser's options, errors in one
line, and a store that is never written."""

import csv
import hashlib
import io
import json
import os
import subprocess
import sys

import pytest
from support import partner_record, run_cli

from mongolia_tui.cli import main

CONTROL = "\x1b]0;pwned\x07\x1b[31m"


def test_list_table_is_the_chronological_list(capsys, sample_store):
    code, out, err = run_cli(capsys, "--data", str(sample_store), "list")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["#", "Country"]
    assert lines[1].split()[:2] == ["1", "Russia"]
    assert lines[2].split()[:3] == ["2", "North", "Korea"]
    assert "Taiwan" in lines[-1] or "Taiwan" in out


def test_list_json_has_store_fields_and_order(capsys, sample_store):
    code, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert {"name", "aliases", "iso3", "region", "established", "status", "un_member", "notes",
            "see_also", "sources", "rank"} <= set(rows[0])  # fmt: skip
    assert [r["name"] for r in rows[:2]] == ["Russia", "North Korea"]
    assert rows[0]["rank"] == 1


def test_list_filters_sort_and_reverse(capsys, sample_store):
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--region", "east asia",
                    "--sort", "name", "--format", "json")  # fmt: skip
    assert [r["name"] for r in json.loads(out)] == ["North Korea", "Taiwan"]
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--search", "1992",
                    "--sort", "date", "--reverse", "--format", "json")  # fmt: skip
    assert [r["name"] for r in json.loads(out)] == ["Holy See", "Uzbekistan", "Kazakhstan"]
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--status", "none",
                    "--format", "json")  # fmt: skip
    assert [r["name"] for r in json.loads(out)] == ["Taiwan"]
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--sort", "region",
                    "--format", "json")  # fmt: skip
    assert json.loads(out)[0]["region"] == "Africa"


def test_sort_by_rank_and_its_old_name_order_give_the_same_list(capsys, sample_store):
    _, by_rank, _ = run_cli(capsys, "--data", str(sample_store), "list", "--sort", "rank",
                            "--reverse")  # fmt: skip
    _, by_order, _ = run_cli(capsys, "--data", str(sample_store), "list", "--sort", "order",
                         "--reverse")  # fmt: skip
    assert by_rank == by_order and by_rank.splitlines()[1].split()[0] != "1"


def test_list_csv_and_markdown(capsys, sample_store):
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["name"] == "Russia" and rows[0]["rank"] == "1"
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--format", "markdown")
    assert out.splitlines()[0].startswith("| # | Country |")
    assert "| 1 | Russia |" in out


def test_show_prints_one_partner_in_full(capsys, sample_store):
    code, out, _ = run_cli(capsys, "--data", str(sample_store), "show", "malaysia")
    assert code == 0
    assert "Established: 8 September 1971" in out
    assert "Rank:        #6 of 9" in out
    assert "seven years" in out
    assert "https://example.org/source" in out
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "show", "dprk")
    assert "Name:        North Korea" in out
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "show", "cote")
    assert "1964 (known to the year)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "atlantis"], "no partner matches 'atlantis'"),
        (["show", "r"], "'r' is ambiguous: 'Russia', 'North Korea', "),
        (["list", "--region", "mars"], "unknown region 'mars'"),
        (["list", "--format", "xml"], "invalid choice: 'xml'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["--country", "atlantis"], "no partner matches 'atlantis'"),
        (["--region", "asia"], "region 'asia' is ambiguous"),
    ],
)
def test_errors_are_one_line_exit_2(capsys, sample_store, argv, message):
    code, out, err = run_cli(capsys, "--data", str(sample_store), *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("mongolia-tui: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_a_bad_store_names_file_record_and_problem(capsys, write_store):
    path = write_store([partner_record("Chad", established="1972-02-30")])
    code, _, err = run_cli(capsys, "--data", str(path), "list")
    assert code == 2
    assert err == (f"mongolia-tui: error: {path}: record 'Chad': bad 'established': "
                   "date '1972-02-30' does not exist\n")  # fmt: skip


def test_check_data_summary(capsys, sample_store):
    code, out, _ = run_cli(capsys, "check-data", str(sample_store))
    assert code == 0
    assert f"{sample_store}: OK" in out
    assert "partners:       12 (10 UN members)" in out
    assert "dated:          8 to the day, 1 to the month, 1 to the year" in out
    code, out, _ = run_cli(capsys, "--data", str(sample_store), "check-data")
    assert code == 0 and "OK" in out


def test_check_data_lists_every_problem(capsys, write_store):
    path = write_store([partner_record("A", region="Mars"), partner_record("B", iso3="xx"),
                        partner_record("C", established="1972-02-30")])  # fmt: skip
    code, out, err = run_cli(capsys, "check-data", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f"{path}: relations record 'A': unknown region 'Mars'",
        f"{path}: relations record 'B': field 'iso3' must be three capital letters or null, "
        "not 'xx'",
        f"{path}: relations record 'C': bad 'established': date '1972-02-30' does not exist",
    ]
    assert err == f"{path}: 3 problems found\n"


def test_check_data_on_a_missing_file(capsys, tmp_path):
    code, _, err = run_cli(capsys, "check-data", str(tmp_path / "nope.json"))
    assert code == 2
    assert err == f"mongolia-tui: error: {tmp_path / 'nope.json'}: no such file\n"


def test_control_sequences_never_reach_the_terminal(capsys, write_store):
    evil = partner_record(f"Evil{CONTROL}", notes=f"note {CONTROL}\u202eright-to-left")
    path = write_store([evil])
    for fmt in ("table", "csv", "markdown"):
        _, out, _ = run_cli(capsys, "--data", str(path), "list", "--format", fmt)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
        assert "Evil␛]0;pwned␇␛[31m" in out
    _, out, _ = run_cli(capsys, "--data", str(path), "list", "--format", "json")
    assert "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["name"] == f"Evil{CONTROL}"  # escaped, not lost
    _, out, _ = run_cli(capsys, "--data", str(path), "show", "evil")
    assert "\x1b" not in out and "\u202e" not in out
    code, _, err = run_cli(capsys, "--data", str(path), "show", f"x{CONTROL}")
    assert code == 2 and "\x1b" not in err


def test_commands_never_modify_the_store(capsys, sample_store):
    before = hashlib.sha256(sample_store.read_bytes()).hexdigest(), os.stat(sample_store)
    for argv in (["list"], ["list", "--format", "json"], ["show", "chad"], ["check-data"]):
        run_cli(capsys, "--data", str(sample_store), *argv)
    after = hashlib.sha256(sample_store.read_bytes()).hexdigest(), os.stat(sample_store)
    assert before[0] == after[0]
    assert before[1].st_mtime_ns == after[1].st_mtime_ns


def test_python_dash_m_and_a_closed_pipe(sample_store):
    cmd = [sys.executable, "-m", "mongolia_tui", "--data", str(sample_store), "list"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Russia" in done.stdout
    shell = f"{' '.join(cmd)} --format json | head -c 10"
    done = subprocess.run(shell, shell=True, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr


def test_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("mongolia-tui ")


def test_tui_options_reach_the_app(monkeypatch, sample_store):
    from mongolia_tui import cli
    from mongolia_tui.app import MongoliaApp

    seen = {}
    monkeypatch.setattr(cli, "_has_terminal", lambda: True)

    def fake_run(self, **kwargs):
        seen.update(kwargs, app=self)

    monkeypatch.setattr(MongoliaApp, "run", fake_run)
    argv = ["--data", str(sample_store), "--no-mouse", "--theme", "ansi-dark",
            "--country", "dprk", "--region", "east"]  # fmt: skip
    assert main(argv) == 0
    app = seen["app"]
    assert seen["mouse"] is False
    assert app.theme == "ansi-dark"
    assert app.state.tab == "East Asia"
    assert app.catalogue.partners[app.state.selected].name == "North Korea"
    assert main(["--data", str(sample_store)]) == 0
    assert seen["mouse"] is True


def test_an_unknown_theme_is_an_error(capsys, monkeypatch, sample_store):
    from mongolia_tui import cli

    monkeypatch.setattr(cli, "_has_terminal", lambda: True)
    assert main(["--data", str(sample_store), "--theme", "neon-pink"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mongolia-tui: error: unknown theme 'neon-pink'; choose from: ")
    assert "ansi-dark" in err


def test_list_search_wants_exact_matches_but_prefers_a_phrase(capsys, sample_store):
    # The browser shows close names for a misspelling; a script gets none, and status 1.
    code, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--search", "rusia")
    assert code == 1 and "Russia" not in out
    code, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--search",
                           "czech republic", "--format", "json")  # fmt: skip
    assert code == 0 and [r["name"] for r in json.loads(out)] == ["Czech Republic"]

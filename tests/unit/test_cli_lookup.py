"""Finding things from the command line: no-match exits, did-you-mean, quoted names, regions, help,
``show --format json``, ``organisations``, wide names in ``list``, check-data's wording."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import wcwidth
from support import TODAY, partner_record, run_cli

from mongolia_tui.cli import main
from mongolia_tui.model import REGIONS, Organisation
from mongolia_tui.output.organisations import render as render_organisations
from mongolia_tui.output.partners import render, to_table
from mongolia_tui.store import load_store

# As when piped: no $COLUMNS (pytest-xdist's workers set one, so may a shell).
pytestmark = pytest.mark.usefixtures("piped")

# -- nothing matched: exit 1, like grep ----------------------------------------------------------


def test_a_search_with_no_match_prints_no_table_and_exits_1(capsys, sample_store):
    code, out, err = run_cli(capsys, "--data", str(sample_store), "list", "--search", "xyz")
    assert (code, out, err) == (1, "", "mongolia-tui: no partner matches 'xyz'\n")
    code, _, err = run_cli(capsys, "--data", str(sample_store), "list", "--region", "europe",
                       "--search", "xyz")  # fmt: skip
    assert err == "mongolia-tui: no partner in Europe matches 'xyz'\n"
    code, _, err = run_cli(capsys, "--data", str(sample_store), "list", "--region", "africa",
                       "--status", "none")  # fmt: skip
    assert (code, err) == (1, "mongolia-tui: no partner in Africa with status 'none'\n")


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_no_match_in_a_document_format_still_prints_an_empty_document(capsys, sample_store, fmt):
    code, out, err = run_cli(capsys, "--data", str(sample_store), "list", "--search", "xyz",
                         "--format", fmt)  # fmt: skip
    assert code == 1 and err == "mongolia-tui: no partner matches 'xyz'\n"
    if fmt == "csv":
        assert out.splitlines()[0].startswith("rank,name,") and len(out.splitlines()) == 1
    elif fmt == "json":
        assert json.loads(out) == []
    else:
        assert out.splitlines()[0].startswith("| # | Country |") and len(out.splitlines()) == 2


# -- names: did you mean, quoting, regions -------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "malaysa"], "no partner matches 'malaysa' (did you mean 'Malaysia'?)"),
        (["show", "cote divoir"],
         "no partner matches 'cote divoir' (did you mean \"Côte d'Ivoire\"?)"),
        (["show", "czechya"], "no partner matches 'czechya' (did you mean 'Czechia'?)"),
        (["--country", "rusia"], "no partner matches 'rusia' (did you mean 'Russia'?)"),
        (["show", "qqqqqq"], "no partner matches 'qqqqqq'"),
        (["list", "--region", "eurpoe"],
         "unknown region 'eurpoe' (did you mean 'Europe'?); choose from: 'Africa', 'Americas', "
         "'East Asia', 'South East Asia', 'South Asia', 'Russia, Central Asia and West Asia', "
         "'Europe', 'Oceania'"),
        (["--region", "asia"], "region 'asia' is ambiguous: 'East Asia', 'South East Asia', "
                               "'South Asia', 'Russia, Central Asia and West Asia'"),
    ],
)  # fmt: skip
def test_name_errors_are_one_line_with_a_hint(capsys, sample_store, argv, message):
    code, out, err = run_cli(capsys, "--data", str(sample_store), *argv)
    assert (code, out, err) == (2, "", f"mongolia-tui: error: {message}\n")


def test_ambiguous_names_are_quoted(capsys, write_store):
    path = write_store(
        [partner_record("Niger"), partner_record("Nigeria"), partner_record("Côte d'Ivoire")]
    )
    _, _, err = run_cli(capsys, "--data", str(path), "show", "nig")
    assert err == "mongolia-tui: error: 'nig' is ambiguous: 'Niger', 'Nigeria'\n"


def test_short_region_names_are_accepted(capsys, sample_store):
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--region", "SE Asia",
                    "--format", "json")  # fmt: skip
    assert [r["name"] for r in json.loads(out)] == ["Malaysia"]
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "list", "--region", "russia, c & w",
                    "--format", "json")  # fmt: skip
    assert {r["region"] for r in json.loads(out)} == {REGIONS[5]}


# -- help and version ----------------------------------------------------------------------------


def _help(*argv: str) -> str:
    done = subprocess.run([sys.executable, "-m", "mongolia_tui", *argv, "--help"],
                          capture_output=True, text=True, timeout=60,
                          env={"COLUMNS": "80", "PATH": ""})  # fmt: skip
    assert done.returncode == 0
    return done.stdout


def test_help_has_examples_exit_statuses_and_region_names_in_80_columns():
    text = _help()
    assert "\nexamples:\n  mongolia-tui " in text and "  mongolia-tui list --search 1992 " in text
    assert "  mongolia-tui show malaysia" in text and "  mongolia-tui organisations" in text
    assert "exit status: 0 rows printed, 1 nothing matched" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    flat = " ".join(text.split())
    assert "; ".join(REGIONS) in flat
    listing = " ".join(_help("list").split())
    assert "; ".join(REGIONS) in listing and "nothing is clipped" in listing


def test_dash_capital_v_is_the_version(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["-V"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == "mongolia-tui 0.1.0\n"


# -- show --format json --------------------------------------------------------------------------

SUCCESSOR = partner_record(
    "Czech Republic", iso3="CZE", established="1993-01-01",
    history=[{"kind": "predecessor", "date": "1950-04-25", "name": "Czechoslovakia",
              "note": "Relations with Czechoslovakia.", "sources": ["https://example.org/h"],
              "rank": True}],
)  # fmt: skip


def test_show_json_is_the_list_record_with_history(capsys, write_store):
    path = write_store([partner_record("Russia", established="1921-11-05"), SUCCESSOR])
    code, out, err = run_cli(capsys, "--data", str(path), "show", "czech", "--format", "json")
    assert code == 0 and err == ""
    record = json.loads(out)
    _, listed, _ = run_cli(capsys, "--data", str(path), "list", "--format", "json")
    assert record == next(r for r in json.loads(listed) if r["name"] == "Czech Republic")
    assert record["history"][0]["name"] == "Czechoslovakia" and record["rank"] == 2
    _, text, _ = run_cli(capsys, "--data", str(path), "show", "czech")
    # An event wider than the line continues two columns further in than the label column.
    assert ("History:     25 April 1950 · predecessor Czechoslovakia (ranked at this date):\n"
            "               Relations with Czechoslovakia.\n") in text  # fmt: skip


def test_show_text_wraps_at_80_when_piped_and_keeps_urls_whole(capsys, write_store):
    url = "https://example.org/" + "a" * 100
    path = write_store([partner_record("Chad", notes="word " * 200, sources=[url])])
    _, out, _ = run_cli(capsys, "--data", str(path), "show", "chad")
    lines = out.splitlines()
    assert f"Sources:     {url}" in lines
    assert max(len(line) for line in lines if url not in line) <= 80


# -- organisations -------------------------------------------------------------------------------


def test_organisations_in_every_format(capsys, sample_store):
    code, out, _ = run_cli(capsys, "--data", str(sample_store), "organisations")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Abbr", "Organisation", "Status", "Notes"]
    assert lines[1].split()[:2] == ["ASEAN", "Association"] and lines[2].startswith("UN ")
    assert "Mongolia joined in 1961." in lines[2]
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "organisations", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["abbreviation"] for r in rows] == ["ASEAN", "UN"] and rows[1]["sources"] == "seed"
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "organisations", "--format", "json")
    assert json.loads(out)[1] == {"abbreviation": "UN", "name": "United Nations",
                                  "status": "member", "notes": "Mongolia joined in 1961.",
                                  "sources": ["seed"]}  # fmt: skip
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "organisations", "--format",
                        "markdown")  # fmt: skip
    assert out.splitlines()[0] == "| Abbr | Organisation | Status | Notes |"
    assert "| UN | United Nations | member | Mongolia joined in 1961. |" in out


def test_organisations_search_status_sort_and_no_match(capsys, sample_store):
    def names(*argv):
        code, out, _ = run_cli(capsys, "--data", str(sample_store), "organisations", *argv,
                           "--format", "json")  # fmt: skip
        return code, [o["abbreviation"] for o in json.loads(out)]

    assert names("--search", "1961") == (0, ["UN"])
    assert names("--status", "observer") == (0, ["ASEAN"])
    assert names("--sort", "name", "--reverse") == (0, ["UN", "ASEAN"])
    assert names("--sort", "status") == (0, ["UN", "ASEAN"])
    assert names("--search", "nato") == (1, [])
    code, out, err = run_cli(capsys, "--data", str(sample_store), "organisations", "--search",
                             "nato")  # fmt: skip
    assert (code, out, err) == (1, "", "mongolia-tui: no organisation matches 'nato'\n")


def test_render_organisations_is_terminal_safe_and_json_exact():
    evil = Organisation("E\x1b[31m", "Evil\x1b]0;x\x07 | pipe", "member", "\u202enote", ("s",))
    for fmt in ("table", "csv", "markdown"):
        text = render_organisations([evil], fmt)
        assert not {"\x1b", "\x07", "\u202e"} & set(text), fmt
    assert "Evil␛]0;x␇ \\| pipe" in render_organisations([evil], "markdown")
    assert json.loads(render_organisations([evil], "json"))[0]["name"] == evil.name
    assert render_organisations([], "json") == "[]\n"
    assert render_organisations([], "table").split() == ["Abbr", "Organisation", "Status", "Notes"]
    with pytest.raises(ValueError):
        render_organisations([evil], "xml")


# -- list: cell widths ---------------------------------------------------------------------------

WIDE = ["中华人民共和国", "Ｆｕｌｌｗｉｄｔｈ Land", "Co\u0302te", "Plain", "中华人民共和国" * 3]


@pytest.mark.parametrize("width", [None, 100, 60, 40])
def test_wide_names_keep_the_table_aligned(write_store, width):
    catalogue = load_store(write_store([partner_record(n, established="1970-01-01") for n in WIDE]))
    text = to_table(catalogue.partners, TODAY, width=width)
    lines = text.splitlines()
    # The Established column starts at the same cell on every line (measured by wcwidth).
    starts = {wcwidth.wcswidth(line[: line.index("1970-" if i else "Established")])
              for i, line in enumerate(lines)}  # fmt: skip
    assert len(starts) == 1
    if width is not None:
        assert max(wcwidth.wcswidth(line) for line in lines) <= width


def test_table_fits_every_width_with_the_shipped_store():
    catalogue = load_store(None)
    for width in range(40, 130, 7):
        lines = to_table(catalogue.partners, TODAY, width=width).splitlines()
        assert max(wcwidth.wcswidth(line) for line in lines) <= width, width
    whole = render(catalogue.partners, "table", TODAY)
    assert "…" not in whole and all(r.name in whole for r in catalogue.partners)


# -- check-data ----------------------------------------------------------------------------------


def test_check_data_counts_in_good_english(capsys, write_store):
    path = write_store(
        [partner_record("Chad", established=None), partner_record("Holy See", un_member=False)]
    )
    code, out, _ = run_cli(capsys, "check-data", str(path))
    assert code == 0
    assert "partners:       2 (1 UN member)\n" in out
    assert "undated:        1 (1 UN member)\n" in out
    bad = write_store([partner_record("Chad", region="Mars")])
    code, _, err = run_cli(capsys, "check-data", str(bad))
    assert (code, err) == (1, f"{bad}: 1 problem found\n")


def test_check_data_sanitises_the_path(capsys, tmp_path, write_store):
    folder = tmp_path / "evil\x1b]0;pwned\x07\x1b[31m"
    folder.mkdir()
    good = folder / "store.json"
    good.write_bytes(write_store([partner_record("Chad")]).read_bytes())
    code, out, _ = run_cli(capsys, "check-data", str(good))
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "evil␛]0;pwned␇␛[31m/store.json: OK" in out
    bad = folder / "bad.json"
    bad.write_bytes(write_store([partner_record("Chad", region="Mars")]).read_bytes())
    code, out, err = run_cli(capsys, "check-data", str(bad))
    assert code == 1 and "\x1b" not in out + err and "\x07" not in out + err
    assert "evil␛]0;pwned␇␛[31m/bad.json: relations record 'Chad'" in out
    code, _, err = run_cli(capsys, "check-data", str(folder / "missing.json"))
    assert code == 2 and "\x1b" not in err and err.count("\n") == 1


def test_show_json_escapes_controls_and_keeps_the_data(capsys, write_store):
    name = "Evil\x1b]0;pwned\x07\u202e\x85"
    path = write_store([partner_record(name)])
    code, out, _ = run_cli(capsys, "--data", str(path), "show", "evil", "--format", "json")
    assert code == 0
    assert not {"\x1b", "\x07", "\u202e", "\x85"} & set(out)
    assert json.loads(out)["name"] == name

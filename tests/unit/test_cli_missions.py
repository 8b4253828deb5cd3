"""Missions on the command line: ``missions``, the ``list`` flags (the browser's filters),
mission fields in ``list``/``show``, a city in ``--search``, and the counts in ``stats``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from support import run_cli

from mongolia_tui.state import BrowserState
from mongolia_tui.store import load_store

# As when piped: no $COLUMNS (pytest-xdist's workers set one, so may a shell).
pytestmark = pytest.mark.usefixtures("piped")


def names(capsys, *argv: str) -> list[str]:
    code, out, err = run_cli(capsys, "list", "--format", "json", *argv)
    assert code in (0, 1), err
    return [r["name"] for r in json.loads(out)]


# -- missions ---------------------------------------------------------------------------------


def test_which_embassy_covers_slovenia(capsys):
    code, out, _ = run_cli(capsys, "missions", "--country", "slovenia")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Mission", "of", "In", "City", "Kind", "Dates", "Also", "covers"]
    vienna = next(line for line in lines if "Vienna" in line)
    assert vienna.split()[:4] == ["Mongolia", "Austria", "Vienna", "embassy"]
    assert "Slovenia" in vienna
    # Both ways: Slovenia's own embassy for Mongolia sits in Beijing.
    assert any(line.split()[:3] == ["Slovenia", "China", "Beijing"] for line in lines)


def test_missions_by_city_as_json_name_the_countries(capsys):
    code, out, _ = run_cli(capsys, "missions", "--city", "VIENNA", "--format", "json")
    assert code == 0
    (vienna,) = json.loads(out)
    assert (vienna["sender"], vienna["host"], vienna["city"], vienna["kind"]) == (
        "MNG", "AUT", "Vienna", "embassy")  # fmt: skip
    assert vienna["covers_names"] == ["Slovenia", "Croatia", "Bosnia and Herzegovina",
                                      "Montenegro"]  # fmt: skip
    assert vienna["sources"] and vienna["opened"] is None


def test_missions_csv_and_markdown(capsys):
    _, out, _ = run_cli(capsys, "missions", "--country", "poland", "--closed", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    closed = [r for r in rows if r["closed"]]
    assert {(r["sender"], r["city"], r["closed"]) for r in closed} >= {
        ("POL", "Ulaanbaatar", "1995-09"), ("POL", "Ulaanbaatar", "2009")}  # fmt: skip
    _, out, _ = run_cli(capsys, "missions", "--country", "poland", "--format", "markdown")
    assert out.startswith("| Mission of | In | City | Kind | Dates | Also covers |")
    assert "| Mongolia | Poland | Warsaw | embassy | since 1959 |" in out
    # Without --closed, closed missions are left out.
    assert "1995" not in out


def test_every_mongolian_mission_and_no_more(capsys):
    _, out, _ = run_cli(capsys, "missions", "--format", "json")
    records = json.loads(out)
    catalogue = load_store()
    open_ones = [m for m in catalogue.missions if m.closed is None]
    assert len(records) == len(open_ones)
    directions = [0 if r["sender"] == "MNG" else 1 if r["host"] == "MNG" else 2 for r in records]
    assert directions == sorted(directions)


def test_missions_no_match_and_bad_country(capsys):
    code, out, err = run_cli(capsys, "missions", "--city", "atlantis")
    assert (code, out) == (1, "")
    assert "no mission matches 'atlantis'" in err
    code, _, err = run_cli(capsys, "missions", "--country", "narnia")
    assert code == 2 and err.count("\n") == 1 and "no partner matches" in err


# -- list and show ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "key", "present", "absent"),
    [
        ("--mission-there", "mission-there", {"Germany", "Austria"}, {"Slovenia", "Netherlands"}),
        ("--mission-here", "mission-here", {"Hungary", "Germany"}, {"Greece", "Slovenia"}),
        ("--accredited", "accredited", {"Greece", "Slovenia", "Belgium"}, {"Hungary", "Germany"}),
    ],
)  # fmt: skip
def test_list_flags_are_the_browsers_filters(capsys, option, key, present, absent):
    listed = names(capsys, option)
    assert present <= set(listed) and not absent & set(listed)
    state = BrowserState(load_store())
    state.toggle_filter(key)
    assert [state.catalogue.partners[i].name for i in state.rows] == listed


def test_list_flags_combine(capsys):
    both = set(names(capsys, "--mission-there", "--accredited"))
    assert both == set(names(capsys, "--mission-there")) & set(names(capsys, "--accredited"))
    assert names(capsys, "--mission-here", "--accredited") == []


def test_a_city_finds_its_missions_countries(capsys):
    found = names(capsys, "--search", "vienna")
    assert {"Austria", "Slovenia", "Croatia", "Bosnia and Herzegovina", "Montenegro"} <= set(found)


def test_list_json_has_the_mission_fields(capsys):
    _, out, _ = run_cli(capsys, "list", "--format", "json", "--search", "germany")
    germany = next(r for r in json.loads(out) if r["name"] == "Germany")
    assert germany["missions_summary"] == (
        "Mongolia: embassy in Berlin · Germany: embassy in Ulaanbaatar"
    )
    assert germany["missions"]["mongolia_there"][0]["city"] == "Berlin"
    assert germany["missions"]["partner_in_mongolia"][0]["city"] == "Ulaanbaatar"


def test_show_says_the_missions_in_text_and_json(capsys):
    _, out, _ = run_cli(capsys, "show", "greece")
    line = next(line for line in out.splitlines() if line.startswith("Missions:"))
    assert "Mongolia: honorary consulate in Athens; covered by the embassy in" in line
    assert "accredited from Beijing (embassy)" in out
    _, out, _ = run_cli(capsys, "show", "barbados", "--format", "json")
    record = json.loads(out)
    assert record["missions_summary"] == "Mongolia: no data · Barbados: no data"
    assert all(v == [] for v in record["missions"].values())


# -- stats ------------------------------------------------------------------------------------


def test_stats_count_missions_both_ways_in_every_format(capsys):
    _, out, _ = run_cli(capsys, "stats", "--format", "json")
    figures = json.loads(out)["missions"]
    assert figures["mongolia_abroad"] + figures["mongolia_abroad_closed"] == 56
    assert figures["in_mongolia"] + figures["in_mongolia_closed"] == 32
    assert figures["accredited_from_abroad"] >= 30
    _, out, _ = run_cli(capsys, "stats")
    assert f"Mongolia's missions abroad: {figures['mongolia_abroad']} in" in out
    assert f"Foreign missions in Mongolia: {figures['in_mongolia']} " in out
    _, out, _ = run_cli(capsys, "stats", "--format", "markdown")
    assert f"- Mongolia's missions abroad: {figures['mongolia_abroad']} in" in out
    _, out, _ = run_cli(capsys, "stats", "--format", "csv")
    assert f"missions,in_mongolia,{figures['in_mongolia']}" in out.splitlines()


def test_stats_of_a_store_without_missions_say_nothing_of_them(capsys, sample_store):
    _, out, _ = run_cli(capsys, "--data", str(sample_store), "stats", "--format", "json")
    assert "missions" not in json.loads(out)

"""Counts behind the timeline and ``mongolia-tui stats``, on small hand-made stores."""

from __future__ import annotations

import csv
import io
import json

import pytest
from support import modules_loaded, partner_record, run_cli

from mongolia_tui.model import REGIONS
from mongolia_tui.output.stats import render
from mongolia_tui.stats import (
    YearRange,
    busiest_years,
    first_partners,
    in_range,
    latest_partners,
    marks,
    per_decade,
    per_region,
    per_year,
    statistics,
    summary_lines,
    timeline_slots,
    timeline_span,
    undated,
    without_relations,
)
from mongolia_tui.store import load_store

SOURCE = ["https://example.org/history"]

PARTNERS = [
    partner_record("Aland", region="Europe", established="1950-04-20"),
    partner_record("Borduria", region="Europe", established="1950"),
    partner_record("Carpania", region="Africa", established="1962-07"),
    partner_record("Dunland", region="Africa", established="1992-01-22"),
    partner_record("Elbonia", region="Africa", established="1992-02-29"),
    partner_record("Freedonia", region="Americas", established="1975-05-01"),
    partner_record("Genovia", region="Americas", established="1975-05-01"),
    partner_record("Hyrule", region="Oceania", established=None),
    partner_record("Ishtar", region="East Asia", established=None, status="none", un_member=False),
    # A successor ranked at its predecessor's date counts at its own date here.
    partner_record(
        "Jotunheim",
        region="Europe",
        established="1993-01-01",
        history=[
            {"kind": "predecessor", "date": "1950-04-25", "name": "Old Jotunheim",
             "rank": True, "note": "Predecessor.", "sources": SOURCE},
            {"kind": "broken", "date": "1963-07-03", "note": "Broken off.", "sources": SOURCE},
            {"kind": "restored", "date": "1965", "note": "Restored.", "sources": SOURCE},
        ],
    ),
]  # fmt: skip


@pytest.fixture
def partners(write_store):
    return load_store(write_store(PARTNERS)).partners


def test_per_year_and_decade_count_established_dates_of_partners_with_relations(partners):
    assert per_year(partners) == {1950: 2, 1962: 1, 1975: 2, 1992: 2, 1993: 1}
    assert per_decade(partners) == {1950: 2, 1960: 1, 1970: 2, 1990: 3}
    # Jotunheim is ranked at 1950 but its own relations date from 1993.
    jotunheim = next(r for r in partners if r.name == "Jotunheim")
    assert jotunheim.rank_date.year == 1950


def test_per_region_counts_partners_with_relations_dated_or_not(partners):
    counts = per_region(partners)
    assert list(counts) == list(REGIONS)
    assert counts["Europe"] == 3
    assert counts["Africa"] == 3
    assert counts["Oceania"] == 1  # Hyrule: relations, date unknown
    assert counts["East Asia"] == 0  # Ishtar: no relations
    assert sum(counts.values()) == 9


def test_first_latest_and_busiest_list_ties(partners):
    # "1950" (year only) sorts before 20 April 1950, as in the chronological list.
    assert [r.name for r in first_partners(partners)] == ["Borduria"]
    assert [r.name for r in latest_partners(partners)] == ["Jotunheim"]
    assert busiest_years(partners) == (2, [1950, 1975, 1992])
    tied = [r for r in partners if r.name in ("Freedonia", "Genovia")]
    assert [r.name for r in first_partners(tied)] == ["Freedonia", "Genovia"]


def test_partners_without_relations_or_date(partners):
    assert [r.name for r in without_relations(partners)] == ["Ishtar"]
    assert [r.name for r in undated(partners)] == ["Hyrule"]


def test_empty_store_counts_nothing():
    stats = statistics([])
    assert stats.partners == stats.dated == stats.busiest_count == 0
    assert stats.first == stats.latest == stats.busiest_years == ()
    assert timeline_span([]) is None
    assert render(stats, "table").startswith("Partners:        0")


def test_marks_are_breaks_and_restorations_with_a_date(partners):
    found = marks(partners)
    assert [(m.year, m.kind, m.partner) for m in found] == [
        (1963, "broken", "Jotunheim"),
        (1965, "restored", "Jotunheim"),
    ]


def test_slots_cover_the_span_with_gaps_and_marks(partners):
    span = timeline_span(partners)
    assert span == (1950, 1993)
    years = timeline_slots(partners, span)
    assert len(years) == 44 and years[0].label == "1950" and years[-1].label == "1993"
    by_label = {s.label: s for s in years}
    assert by_label["1951"].count == 0
    assert by_label["1963"].count == 0 and by_label["1963"].marks[0].kind == "broken"
    decades = timeline_slots(partners, span, decades=True)
    assert [(s.label, s.start, s.end, s.count) for s in decades] == [
        ("1950s", 1950, 1959, 2), ("1960s", 1960, 1969, 1), ("1970s", 1970, 1979, 2),
        ("1980s", 1980, 1989, 0), ("1990s", 1990, 1999, 3),
    ]  # fmt: skip
    assert [m.kind for m in decades[1].marks] == ["broken", "restored"]
    # A region keeps the whole store's axis.
    africa = [r for r in partners if r.region == "Africa"]
    assert len(timeline_slots(africa, span)) == 44


def test_year_range_selects_by_established_year_and_region(partners):
    nineties = YearRange(1990, 1999, "1990s")
    assert [r.name for r in in_range(partners, nineties)] == ["Dunland", "Elbonia", "Jotunheim"]
    african = YearRange(1990, 1999, "1990s", "Africa")
    assert [r.name for r in in_range(partners, african)] == ["Dunland", "Elbonia"]
    assert [r.name for r in in_range(partners, YearRange(1950, 1950, "1950"))] == [
        "Aland", "Borduria"]  # fmt: skip


def test_summary_names_the_gaps_and_the_extremes(partners):
    lines = summary_lines(statistics(partners))
    assert lines[0] == "9 with relations, 8 dated · none: Ishtar · date unknown: Hyrule"
    assert lines[1] == (
        "first Borduria (1950) · latest Jotunheim (1 January 1993)"
        " · busiest 1950, 1975, 1992 (2 partners each)"
    )


# -- the command ------------------------------------------------------------------------------


def test_stats_table(capsys, write_store):
    code, out, err = run_cli(capsys, "--data", str(write_store(PARTNERS)), "stats")
    assert code == 0 and err == ""
    assert "Busiest year:    1950, 1975, 1992 (2 partners each)" in out
    assert "First:           Borduria (1950)" in out
    assert "No relations:    Ishtar" in out
    assert "1990s          3" in out
    assert any(line.split() == ["Africa", "3"] for line in out.splitlines())


def test_stats_json_and_csv_agree(capsys, write_store):
    path = str(write_store(PARTNERS))
    _, out, _ = run_cli(capsys, "--data", path, "stats", "--format", "json")
    data = json.loads(out)
    assert data["per_decade"] == {"1950s": 2, "1960s": 1, "1970s": 2, "1990s": 3}
    assert data["per_year"]["1992"] == 2
    assert data["busiest_year"] == {"years": [1950, 1975, 1992], "partners": 2}
    assert data["first"] == [{"name": "Borduria", "established": "1950"}]
    assert data["no_relations"] == ["Ishtar"] and data["date_unknown"] == ["Hyrule"]
    _, out, _ = run_cli(capsys, "--data", path, "stats", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    decades = {r["key"]: int(r["value"]) for r in rows if r["statistic"] == "decade"}
    assert {k: v for k, v in decades.items()} == data["per_decade"]
    assert {"statistic": "latest", "key": "Jotunheim", "value": "1993-01-01"} in rows


def test_stats_markdown(capsys, write_store):
    path = str(write_store(PARTNERS))
    _, out, _ = run_cli(capsys, "--data", path, "stats", "--format", "markdown")
    assert "- Busiest year: 1950, 1975, 1992 (2 partners each)" in out
    assert "| Africa | 3 |" in out and "| 1990s | 3 |" in out


def test_stats_text_formats_are_terminal_safe(capsys, write_store):
    hostile = partner_record("Evil\x1b]0;pwned\x07|Land", status="none", established=None)
    path = str(write_store([*PARTNERS, hostile]))
    for fmt in ("table", "csv", "markdown"):
        _, out, _ = run_cli(capsys, "--data", path, "stats", "--format", fmt)
        assert "\x1b" not in out and "\x07" not in out
        assert "␛" in out
    _, out, _ = run_cli(capsys, "--data", path, "stats", "--format", "json")
    assert json.loads(out)["no_relations"] == ["Ishtar", "Evil\x1b]0;pwned\x07|Land"]


def test_stats_unknown_format_is_one_line_error(capsys, sample_store):
    code, out, err = run_cli(capsys, "--data", str(sample_store), "stats", "--format", "xml")
    assert code == 2 and out == ""
    assert err.startswith("mongolia-tui: error: ") and err.count("\n") == 1


def test_counts_and_anniversaries_are_pure_and_cost_the_cli_nothing_until_asked():
    parser = "import mongolia_tui.cli as cli; cli.build_parser()"
    assert modules_loaded(parser, "mongolia_tui.stats", "mongolia_tui.anniversaries", "dateutil",
                          "icalendar") == []  # fmt: skip
    counts = "import mongolia_tui.stats, mongolia_tui.anniversaries"
    assert modules_loaded(counts, "textual", "rich", "plotext", "icalendar") == []

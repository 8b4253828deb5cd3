"""The one writer (mongolia_tui.output): wide names aligned by terminal cells in every table,
and ``date_disputed`` in every export."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
import wcwidth
from support import partner_record, run_cli

from mongolia_tui.output import stats as stats_output
from mongolia_tui.output.writer import TextColumn, table
from mongolia_tui.stats import statistics
from mongolia_tui.store import load_store

WIDE = ["中华人民共和国", "Ｆｕｌｌｗｉｄｔｈ Land", "Co\u0302te", "Plain", "日本国"]


def run(capsys, *argv: str) -> str:
    """Stdout of a run that must succeed."""
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    return out


def column_starts(lines: list[str], marker: str, header: str) -> set[int]:
    """The terminal cell (measured by wcwidth, not by us) where a column starts on each line."""
    return {
        wcwidth.wcswidth(line[: line.index(header if i == 0 else marker)])
        for i, line in enumerate(lines)
    }


def test_a_cjk_name_is_aligned_in_anniversaries_as_in_list(capsys, write_store):
    store = str(write_store([partner_record(n, established="1970-12-05") for n in WIDE]))
    listed = run(capsys, "--data", store, "list").splitlines()
    assert len(column_starts(listed, "1970-12-05", "Established")) == 1
    out = run(capsys, "--data", store, "anniversaries", "--today", "2026-12-01")
    lines = out.splitlines()
    assert len(lines) == 1 + len(WIDE) and "中华人民共和国" in out
    # The last column (Established) starts at the same cell on every line; the Years column
    # ends at the same cell.
    assert len(column_starts(lines, "1970-12-05", "Established")) == 1
    ends = {wcwidth.wcswidth(line[: line.index("Years" if i == 0 else " 56") + 5 - (i > 0) * 2])
            for i, line in enumerate(lines)}  # fmt: skip
    assert len(ends) == 1


def test_a_long_cjk_name_is_clipped_to_forty_cells_in_anniversaries(capsys, write_store):
    name = "中华人民共和国" * 4  # 28 characters, 56 cells
    records = [partner_record(name, established="1970-12-05"), partner_record("Plain")]
    store = str(write_store(records))
    out = run(capsys, "--data", store, "anniversaries", "--today", "2026-12-01")
    line = next(line for line in out.splitlines() if "…" in line)
    start = line.index("中")
    assert wcwidth.wcswidth(line[start : line.index("…") + 1]) <= 40


def test_a_cjk_region_is_aligned_in_the_stats_table(write_store):
    catalogue = load_store(write_store([partner_record(n) for n in WIDE]))
    counts = statistics(catalogue.partners)
    wide = replace(counts, per_region={"中华人民共和国": 3, "Europe": 12, "Oceania": 100})
    lines = stats_output.to_table(wide).splitlines()
    region = lines[lines.index(next(x for x in lines if x.startswith("Region"))) :][:4]
    # The counts end at the same cell as the "Partners" header.
    assert {wcwidth.wcswidth(line) for line in region} == {wcwidth.wcswidth(region[0])}


def test_the_writer_aligns_clips_and_drops_by_terminal_cells():
    columns = (
        TextColumn("Name", shrink=1, least=4),
        TextColumn("N", "right"),
        TextColumn("X", drop=1),
    )
    rows = [("中华人民共和国", "1", "x"), ("Plain", "22", "y")]
    assert table(columns, rows).splitlines() == [
        "Name             N  X",
        "中华人民共和国   1  x",
        "Plain           22  y",
    ]
    # 10 cells: shrinking Name to 4 is not enough, so X goes and Name keeps 6 cells.
    narrow = table(columns, rows, width=10).splitlines()
    assert narrow == ["Name     N", "中华…    1", "Plain   22"]
    assert {wcwidth.wcswidth(line) for line in narrow} == {10}


# -- date_disputed in every export ---------------------------------------------------------------

DISPUTED = [
    partner_record("Disputed Land", established="1955-12-05", date_disputed=True,
             date_note="Sources give 5 and 6 December 1955."),
    partner_record("Plain Land", established="1960-01-01"),
]  # fmt: skip


@pytest.fixture
def disputed_store(write_store) -> str:
    return str(write_store(DISPUTED))


def test_json_carries_date_disputed(capsys, disputed_store):
    records = json.loads(run(capsys, "--data", disputed_store, "list", "--format", "json"))
    assert {r["name"]: r["date_disputed"] for r in records} == {
        "Disputed Land": True,
        "Plain Land": False,
    }
    shown = json.loads(run(capsys, "--data", disputed_store, "show", "disputed", "--format",
                           "json"))  # fmt: skip
    assert shown["date_disputed"] is True


def test_csv_carries_date_disputed(capsys, disputed_store):
    out = run(capsys, "--data", disputed_store, "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["name"]: r["date_disputed"] for r in rows} == {
        "Disputed Land": "yes",
        "Plain Land": "no",
    }


def test_markdown_carries_date_disputed(capsys, disputed_store):
    lines = run(capsys, "--data", disputed_store, "list", "--format", "markdown").splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    column = header.index("Date disputed")
    cells = {line.split("|")[2].strip(): line.split("|")[column + 1].strip() for line in lines[2:]}
    assert cells == {"Disputed Land": "yes", "Plain Land": ""}

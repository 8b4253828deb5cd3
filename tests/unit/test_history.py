"""A partner's history: events validated by the loader, numbering at a predecessor's date,
and history shown by search, ``show`` and JSON."""

from __future__ import annotations

import json

import pytest
from support import TODAY, partner_record

from mongolia_tui.cli import main
from mongolia_tui.details import details_text
from mongolia_tui.output.partners import to_json
from mongolia_tui.store import StoreError, check_store, load_store
from mongolia_tui.views import PartnerIndex

SOURCE = ["https://example.org/history"]


def event(kind: str, date: str | None, **fields) -> dict:
    record = {"kind": kind, "date": date, "note": f"A {kind} event.", "sources": SOURCE}
    record.update(fields)
    return record


CZECHIA = partner_record(
    "Czech Republic",
    iso3="CZE",
    established="1993-01-01",
    history=[
        event("predecessor", "1950-04-25", name="Czechoslovakia", rank=True),
        event("established", "1993-01-01"),
    ],
)
OTHERS = [
    partner_record("Russia", established="1921-11-05"),
    partner_record("Hungary", established="1950-04-20"),
    partner_record("Albania", established="1950-05-01"),
    partner_record("Slovenia", established="1992-11-17"),
]


def test_a_successor_is_numbered_at_its_predecessors_date_and_keeps_its_own(write_store):
    catalogue = load_store(write_store([*OTHERS, CZECHIA]))
    czechia = next(r for r in catalogue.partners if r.name == "Czech Republic")
    assert str(czechia.established) == "1993-01-01"
    assert str(czechia.rank_date) == "1950-04-25"
    rank_of = {r.name: r.rank for r in catalogue.partners}
    assert rank_of == {"Russia": 1, "Hungary": 2, "Czech Republic": 3, "Albania": 4,
                     "Slovenia": 5}  # fmt: skip
    # The "#" column sorts by the rank date; "Established" by the partner's own date.
    index = PartnerIndex(catalogue.partners, catalogue.chronological)
    names = [catalogue.partners[i].name for i in index.rows(column="rank")]
    assert names.index("Czech Republic") == 2
    names = [catalogue.partners[i].name for i in index.rows(column="established")]
    assert names[-1] == "Czech Republic"


def test_without_a_rank_mark_a_partner_is_numbered_at_its_own_date(write_store):
    plain = partner_record(
        "Slovakia",
        established="1993-01-01",
        history=[event("predecessor", "1950-04-25", name="Czechoslovakia")],
    )
    catalogue = load_store(write_store([*OTHERS, plain]))
    assert {r.name: r.rank for r in catalogue.partners}["Slovakia"] == 5


def test_events_are_kept_in_order_with_their_fields(write_store):
    catalogue = load_store(write_store([CZECHIA]))
    first, second = catalogue.partners[0].history
    assert (first.kind, str(first.date), first.name, first.rank) == (
        "predecessor", "1950-04-25", "Czechoslovakia", True
    )  # fmt: skip
    assert first.sources == tuple(SOURCE)
    assert (second.kind, second.rank) == ("established", False)


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ("1950", "field 'history' must be a list of events, not string"),
        (["x"], "history event 1 must be an object, not string"),
        ([event("invaded", "1950")], "history event 1: unknown kind 'invaded'"),
        ([event("broken", "1950-02-30")], "history event 1: bad 'date'"),
        ([{"kind": "broken", "note": "n", "sources": SOURCE}], "missing field 'date'"),
        ([event("broken", "1950", note="")], "'note' must be non-empty text"),
        ([event("broken", "1950", note="two\nlines")], "'note' must be one line"),
        ([event("broken", "1950", sources=[])], "'sources' must be a non-empty list"),
        ([event("predecessor", "1950")], "a predecessor event must give the predecessor's"),
        ([event("broken", "1970"), event("restored", "1960")],
         "history event 2: out of order"),
        ([event("broken", None, rank=True)], "a 'rank' event needs a date"),
        ([event("broken", "1960", rank=True), event("restored", "1970", rank=True)],
         "more than one history event is marked 'rank'"),
        ([event("broken", "1960", rank="yes")], "'rank' must be true or false"),
    ],
)  # fmt: skip
def test_bad_history_is_a_store_error(write_store, history, message):
    path = write_store([partner_record("Iraq", history=history)])
    with pytest.raises(StoreError) as caught:
        load_store(path)
    assert message in str(caught.value)
    assert "record 'Iraq'" in str(caught.value)
    _, problems = check_store(path)
    assert any(message in p.message for p in problems)


def test_undated_events_are_allowed_anywhere(write_store):
    history = [event("broken", "1970"), event("restored", None), event("reaffirmed", "1980")]
    catalogue = load_store(write_store([partner_record("Chile", history=history)]))
    assert [e.kind for e in catalogue.partners[0].history] == [
        "broken", "restored", "reaffirmed"
    ]  # fmt: skip


def test_search_finds_a_successor_by_its_predecessors_name(write_store):
    catalogue = load_store(write_store([*OTHERS, CZECHIA]))
    index = PartnerIndex(catalogue.partners, catalogue.chronological)
    assert [catalogue.partners[i].name for i in index.rows(query="czechoslovakia")] == [
        "Czech Republic"
    ]


def test_show_and_json_include_the_history(write_store, capsys):
    path = write_store([*OTHERS, CZECHIA])
    catalogue = load_store(path)
    czechia = next(r for r in catalogue.partners if r.name == "Czech Republic")
    text = details_text(czechia, catalogue.ranked_count, TODAY)
    assert "#3 of 5 (ranked at Czechoslovakia's date, 25 April 1950)" in text
    assert "25 April 1950 · predecessor Czechoslovakia (ranked at this date):" in text
    assert "1 January 1993 · established: A established event." in text
    records = json.loads(to_json([czechia]))
    assert records[0]["history"][0] == {
        "kind": "predecessor", "date": "1950-04-25", "name": "Czechoslovakia",
        "note": "A predecessor event.", "sources": SOURCE, "rank": True,
    }  # fmt: skip
    assert main(["--data", str(path), "show", "czech"]) == 0
    assert "predecessor Czechoslovakia" in capsys.readouterr().out

"""Marks and jumps on their own: the state's marks, the "marked" filter, type-ahead, row N."""

from __future__ import annotations

import json

import pytest
from support import ARTICLE, ORGANISATIONS, SAMPLE, store_data

from mongolia_tui.jumps import next_starting_with, row_position
from mongolia_tui.state import BrowserState
from mongolia_tui.store import load_store
from mongolia_tui.tabs import Sort


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("marks") / "store.json"
    data = store_data(SAMPLE, organisations=ORGANISATIONS, article=ARTICLE)
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_store(path)


def names(state: BrowserState) -> list[str]:
    return [state.catalogue.partners[i].name for i in state.rows]


def index_of(state: BrowserState, name: str) -> int:
    return next(i for i, r in enumerate(state.catalogue.partners) if r.name == name)


def test_the_marked_filter_follows_the_marks_and_combines(sample):
    state = BrowserState(sample)
    egypt, malawi = index_of(state, "Egypt"), index_of(state, "Malawi")
    state.toggle_mark(egypt)
    state.toggle_mark(malawi)
    state.toggle_filter("marked")
    assert names(state) == ["Egypt", "Malawi"]
    assert state.counts["Africa"] == 2 and state.counts["Europe"] == 0
    assert "marked" in state.description()
    state.toggle_filter("uncertain")  # Egypt: known to the month; Malawi: no date
    assert names(state) == ["Egypt", "Malawi"]
    state.set_query("mal")
    assert names(state) == ["Malawi"]
    state.set_query("")
    state.toggle_mark(egypt)  # unmarked while shown: it leaves, the highlight stays on a row
    assert names(state) == ["Malawi"] and state.selected == malawi


def test_restore_takes_only_what_fits(sample):
    state = BrowserState(sample, tab="Europe")
    state.restore(sort=Sort("region"), org_sort=Sort("status", True),
                  filters=frozenset({"note", "bogus"}), notes_shown=False,
                  marks=frozenset({0, 999}))  # fmt: skip
    assert state.partner_sort == Sort("rank")  # a region tab has no Region column
    assert state.org_sort == Sort("status", True)
    assert state.filters == {"note"} and state.notes_shown is False
    assert state.marks == {0}


def test_type_ahead_wraps_and_ignores_case_and_accents():
    names = ["Russia", "Côte d'Ivoire", "Cuba", "Chile", "Egypt"]
    assert next_starting_with(names, None, "c") == 1
    assert next_starting_with(names, 1, "C") == 2
    assert next_starting_with(names, 3, "c") == 1  # wraps round
    assert next_starting_with(["Åland"], None, "a") == 0
    assert next_starting_with(names, 0, "z") is None
    assert next_starting_with([], None, "a") is None


def test_row_numbers_are_counted_from_one_and_clamped():
    assert row_position(1, 10) == 0
    assert row_position(12, 10) == 9
    assert row_position(0, 10) == 0
    assert row_position(3, 0) is None

"""The browser's state on its own: no terminal, every change through its methods."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import ARTICLE, ORGANISATIONS, SAMPLE, partner_record, store_data

from mongolia_tui.filters import FILTER_KEYS
from mongolia_tui.organisations import organisation_rows
from mongolia_tui.state import BrowserState
from mongolia_tui.stats import YearRange
from mongolia_tui.store import load_store
from mongolia_tui.tabs import ORGANISATIONS as ORGS_TAB
from mongolia_tui.tabs import TABS
from mongolia_tui.views import ALL


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    import json

    path = tmp_path_factory.mktemp("state") / "store.json"
    path.write_text(
        json.dumps(store_data(SAMPLE, organisations=ORGANISATIONS, article=ARTICLE)),
        encoding="utf-8",
    )
    return load_store(path)


def names(state: BrowserState) -> list[str]:
    return [state.catalogue.partners[i].name for i in state.rows]


def highlighted(state: BrowserState) -> str | None:
    if state.selected is None:
        return None
    if state.on_partners:
        return state.catalogue.partners[state.selected].name
    return state.catalogue.organisations[state.selected].abbreviation


def test_starts_on_the_first_row(sample):
    state = BrowserState(sample)
    assert state.cursor == 0
    assert highlighted(state) == "Russia"
    state.move(1)
    assert (state.cursor, highlighted(state)) == (1, "North Korea")


def test_opens_at_a_partner_and_keeps_it_across_sorts(sample):
    malaysia = next(i for i, r in enumerate(sample.partners) if r.name == "Malaysia")
    state = BrowserState(sample, selected=malaysia)
    assert highlighted(state) == "Malaysia"
    for column in state.sort_columns():
        state.sort_by(column)
        state.reverse()
        assert highlighted(state) == "Malaysia"
        assert state.rows[state.cursor] == malaysia


def test_a_search_that_hides_the_highlight_moves_it_to_the_first_match(sample):
    state = BrowserState(sample)
    state.move(3)
    state.set_query("1992")
    assert names(state) == ["Kazakhstan", "Uzbekistan", "Holy See"]
    assert highlighted(state) == "Kazakhstan"
    state.move(1)
    state.set_query("19")  # Uzbekistan still matches: it stays highlighted
    assert highlighted(state) == "Uzbekistan"


def test_a_burst_of_changes_never_leaves_a_stale_position(sample):
    state = BrowserState(sample)
    state.move(10)
    for prefix in ("1", "19", "199", "1992"):
        state.set_query(prefix)
    assert state.cursor is not None
    assert state.rows[state.cursor] == state.selected


def test_search_in_a_region_tab_says_where_the_matches_are(sample):
    state = BrowserState(sample)
    state.go_to_tab("Europe")
    state.set_query("dprk")
    assert state.rows == []
    message = state.empty_message()
    assert "Nothing matches" not in message
    # The regions that have it, not All (which would only repeat them).
    assert message == "No match in Europe: 1 in E Asia (press 4). From the table, n jumps there."
    # n jumps to the tab the message names first, the one with the match.
    assert state.next_match(1)
    assert state.tab == "East Asia" and highlighted(state) == "North Korea"


def test_n_jumps_where_the_filters_leave_rows_too(sample):
    state = BrowserState(sample)
    state.go_to_tab("Oceania")
    state.toggle_filter("none")
    if state.rows or not state.elsewhere():
        pytest.skip("the sample has no such case")
    assert "n jumps there" in state.empty_message()
    assert state.next_match(1)
    assert state.rows and state.shown is not None


def test_nothing_anywhere_says_so(sample):
    state = BrowserState(sample)
    state.set_query("zzzz")
    assert state.elsewhere() == []
    assert state.empty_message() == "Nothing matches the search. esc clears it."
    assert not state.next_match(1)


def test_next_match_wraps_around(sample):
    state = BrowserState(sample)
    state.set_query("1992")
    seen = []
    for _ in range(4):
        seen.append(highlighted(state))
        state.next_match(1)
    assert seen == ["Kazakhstan", "Uzbekistan", "Holy See", "Kazakhstan"]
    state.next_match(-1)
    state.next_match(-1)  # from the first match back round to the last
    assert highlighted(state) == "Holy See"
    state.set_query("")
    assert not state.next_match(1)  # no search: n does nothing


def test_filters_combine_with_search_and_each_other(sample):
    state = BrowserState(sample)
    state.toggle_filter("note")
    assert names(state) == ["Malaysia"]
    assert "has a note" in state.description()
    assert state.description().startswith("All · 1 of 12 · has a note")
    state.toggle_filter("note")
    state.toggle_filter("uncertain")
    # Day-less dates (Egypt 1955-12, Côte d'Ivoire 1964) and Malawi's unknown date.
    assert sorted(names(state)) == ["Côte d'Ivoire", "Egypt", "Malawi"]
    state.set_query("egypt")
    assert names(state) == ["Egypt"]
    state.clear_filters()
    state.toggle_filter("none")
    state.set_query("")
    assert names(state) == ["Taiwan"]


def test_a_year_range_from_the_timeline(sample):
    state = BrowserState(sample)
    state.set_years(YearRange(1990, 1999, "1990s"))
    assert names(state) == ["Kazakhstan", "Uzbekistan", "Holy See", "Czech Republic"]
    assert "established 1990s" in state.description()
    state.go_to_tab("Europe")
    assert names(state) == ["Holy See", "Czech Republic"]
    state.clear_filters()
    assert len(state.rows) == 3


def test_sort_columns_are_the_same_on_every_region_tab(sample):
    state = BrowserState(sample)
    state.go_to_tab("Africa")
    africa = state.sort_columns()
    state.go_to_tab("Europe")
    assert state.sort_columns() == africa and "region" not in africa
    state.step_sort(1)
    state.step_sort(1)
    assert state.sort.column == "region" or state.sort.column == africa[2]
    state.go_to_tab(ALL)
    state.sort_by("region")
    state.go_to_tab("Europe")  # no Region column here: back to the chronological order
    assert state.sort.column == "rank"


def test_partners_and_organisations_keep_their_own_sort_and_highlight(sample):
    state = BrowserState(sample)
    state.move(2)
    state.sort_by("name", True)
    state.go_to_tab(ORGS_TAB)
    assert state.sort.column == "abbreviation" and highlighted(state) == "ASEAN"
    state.move(1)
    assert highlighted(state) == "UN"
    state.go_to_tab(ALL)
    assert state.sort.column == "name" and state.sort.descending
    assert highlighted(state) == "Egypt"


def test_go_to_partner_clears_what_hides_it(sample):
    state = BrowserState(sample)
    state.go_to_tab("Africa")
    state.set_query("1992")
    russia = next(i for i, r in enumerate(sample.partners) if r.name == "Russia")
    state.go_to_partner(russia)
    assert state.tab == ALL and state.query == "" and highlighted(state) == "Russia"


def test_a_hidden_highlight_is_remembered_but_never_shown(sample):
    state = BrowserState(sample)
    state.move(2)
    before = state.selected
    state.go_to_tab("Europe")
    state.set_query("dprk")
    assert state.rows == [] and state.shown is None
    state.set_query("")
    assert state.shown is not None
    state.go_to_tab(ALL)
    assert state.shown == state.selected
    assert before is not None


def test_rows_are_the_same_object_while_only_the_highlight_moves(sample):
    state = BrowserState(sample)
    rows = state.rows
    state.move(3)
    state.toggle_notes()
    assert state.rows is rows
    state.reverse()
    assert state.rows is not rows


# -- sequences of actions -------------------------------------------------------------------

QUERIES = ["", "1992", "a", "ma", "dprk", "zz", "19", "e", "republic", "mon 4"]

ACTION = st.one_of(
    st.tuples(st.just("set_query"), st.sampled_from(QUERIES)),
    st.tuples(st.just("go_to_tab"), st.sampled_from(TABS)),
    st.tuples(st.just("step_tab"), st.sampled_from([1, -1])),
    st.tuples(st.just("toggle_filter"), st.sampled_from(FILTER_KEYS)),
    st.tuples(
        st.just("set_years"),
        st.sampled_from(
            [
                None,
                YearRange(1992, 1992, "1992"),
                YearRange(1950, 1959, "1950s"),
                YearRange(1, 9, "1–9"),
                YearRange(1992, 1992, "1992", "Europe"),
            ]
        ),
    ),
    st.tuples(st.just("clear_filters")),
    st.tuples(st.just("sort_by"), st.integers(0, 5), st.sampled_from([None, True, False])),
    st.tuples(st.just("step_sort"), st.sampled_from([1, -1])),
    st.tuples(st.just("reverse")),
    st.tuples(st.just("move"), st.integers(-60, 60)),
    st.tuples(st.just("first")),
    st.tuples(st.just("last")),
    st.tuples(st.just("next_match"), st.sampled_from([1, -1])),
    st.tuples(st.just("select"), st.integers(0, 500)),
    st.tuples(st.just("go_to_partner"), st.integers(0, 500)),
    st.tuples(st.just("go_to_organisation"), st.integers(0, 500)),
    st.tuples(st.just("toggle_notes")),
)


def apply(state: BrowserState, action: tuple) -> None:
    name, *args = action
    catalogue = state.catalogue
    if name == "sort_by":
        columns = state.sort_columns()
        state.sort_by(columns[args[0] % len(columns)], args[1])
    elif name in ("select", "go_to_partner") and catalogue.partners:
        getattr(state, name)(args[0] % len(catalogue.partners))
    elif name == "go_to_organisation" and catalogue.organisations:
        state.go_to_organisation(args[0] % len(catalogue.organisations))
    elif name not in ("select", "go_to_partner", "go_to_organisation"):
        getattr(state, name)(*args)


def check_invariants(state: BrowserState) -> None:
    rows = state.rows
    if state.on_partners:
        sort = state.partner_sort
        expected = state.index.rows(state.tab, state.query, sort.column, sort.descending,
                                    state.filters, state.years)  # fmt: skip
        assert len(set(rows)) == len(rows)
    else:
        sort = state.org_sort
        expected = organisation_rows(
            state.catalogue.organisations, state.query, sort.column, sort.descending
        )
    assert rows == expected
    assert state.counts[state.tab] == len(rows)
    cursor = state.cursor
    if cursor is not None:
        assert 0 <= cursor < len(rows) and rows[cursor] == state.selected
    elif rows:
        raise AssertionError("rows shown but none highlighted")
    assert state.shown == (rows[cursor] if cursor is not None else None)
    assert state.sort.column in state.sort_columns()
    assert f"{len(rows)} of {state.total}" in state.description()
    if not rows and state.elsewhere():
        assert "Nothing matches" not in state.empty_message()


@settings(max_examples=150, deadline=None)
@given(actions=st.lists(ACTION, max_size=40))
def test_any_sequence_of_actions_keeps_the_state_consistent(shipped, actions):
    state = BrowserState(shipped)
    check_invariants(state)
    for action in actions:
        apply(state, action)
        check_invariants(state)


@settings(max_examples=60, deadline=None)
@given(actions=st.lists(ACTION, max_size=30))
def test_sequences_on_a_tiny_store(tmp_path_factory, actions):
    import json

    path = tmp_path_factory.mktemp("tiny") / "store.json"
    path.write_text(json.dumps(store_data([partner_record("Solo", region="Oceania")])), "utf-8")
    state = BrowserState(load_store(path))
    for action in actions:
        apply(state, action)
        check_invariants(state)

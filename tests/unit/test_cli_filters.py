"""``list``'s filters are the browser's ``f`` filters: same rule, same counts; did-you-mean for
a wrong choice; Mongolia is not in its own list."""

from __future__ import annotations

import json

import pytest
from support import partner_record

from mongolia_tui.cli import main
from mongolia_tui.filters import has_note
from mongolia_tui.model import Partner
from mongolia_tui.state import BrowserState
from mongolia_tui.store import load_store
from mongolia_tui.views import ALL

OPTIONS = {"note": "--has-note", "none": "--no-relations", "uncertain": "--disputed"}


def listed(capsys, *argv: str, data: str | None = None) -> list[str]:
    """Names ``list`` prints (as JSON); [] when nothing matched (exit status 1)."""
    store = ["--data", data] if data else []
    code = main([*store, "list", "--format", "json", *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1) and (code == 1) == (json.loads(out) == []), err
    return [r["name"] for r in json.loads(out)]


def browser_names(filters: tuple[str, ...], tab: str = ALL, query: str = "") -> list[str]:
    """What the browser's table shows with these ``f`` filters, search and tab."""
    state = BrowserState(load_store(None))
    for key in filters:
        state.toggle_filter(key)
    state.set_query(query)
    state.go_to_tab(tab)
    assert state.counts[tab] == len(state.rows)
    return [state.catalogue.partners[i].name for i in state.rows]


@pytest.mark.parametrize(
    ("filters", "region", "query"),
    [
        (("note",), None, ""),
        (("none",), None, ""),
        (("uncertain",), None, ""),
        (("note", "uncertain"), None, ""),
        (("uncertain",), "Europe", ""),
        (("note",), None, "relations"),
        (("uncertain", "note"), "Africa", "republic"),
    ],
)
def test_list_filters_give_the_browsers_rows_on_the_shipped_store(capsys, filters, region, query):
    argv = [OPTIONS[key] for key in filters]
    argv += ["--region", region] if region else []
    argv += ["--search", query] if query else []
    assert listed(capsys, *argv) == browser_names(filters, region or ALL, query)


def test_the_shipped_stores_filter_counts(capsys):
    # Issue 19: "f finds 22 partners whose date is uncertain or disputed"; 3 without relations.
    assert len(listed(capsys, "--disputed")) == 22
    assert len(listed(capsys, "--no-relations")) == 3
    with_note = listed(capsys, "--has-note")
    assert len(with_note) == len(browser_names(("note",)))
    notes = {r.name: r.notes for r in load_store(None).partners}
    assert all(notes[name] and not notes[name].startswith("See ") for name in with_note)


@pytest.mark.parametrize(
    ("note", "counts"),
    [
        ("", False),
        ("See Mongolia–Turkey relations", False),
        ("  See also Foreign relations of Turkey.  ", False),
        ("see Mongolia–Turkey relations", False),
        ("See Mongolia–Turkey relations. Turkey opened an embassy in 1996.", True),
        ("Seen as the first Gulf country to establish relations.", True),
        ("Relations were broken off in 1963; see the history.", True),
    ],
)
def test_a_bare_see_reference_is_not_a_note(note, counts):
    partner = Partner("X", (), None, "Europe", None, "established", True, note, (), ())
    assert has_note(partner) is counts


def test_turkeys_see_only_note_does_not_count_in_the_browser_or_the_cli(capsys, write_store):
    store = write_store([
        partner_record("Turkey", notes="See Mongolia–Turkey relations"),
        partner_record(
            "Kuwait", notes="The first Gulf country to establish relations with Mongolia."
        ),
        partner_record("Plain"),
    ])  # fmt: skip
    assert listed(capsys, "--has-note", data=str(store)) == ["Kuwait"]
    state = BrowserState(load_store(store))
    state.toggle_filter("note")
    assert state.counts[ALL] == 1


def test_no_match_names_the_filters(capsys, write_store):
    store = str(write_store([partner_record("Plain")]))
    assert main(["--data", store, "list", "--no-relations", "--has-note"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == "mongolia-tui: no partner (has a note, no relations)\n"


# -- did you mean, and Mongolia itself -----------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--sort", "dat"],
         "argument --sort: invalid choice: 'dat' (did you mean 'date'?); choose from 'name', "
         "'date', 'rank', 'region'"),
        (["list", "--format", "jsn"], "invalid choice: 'jsn' (did you mean 'json'?)"),
        (["lsit"], "argument COMMAND: invalid choice: 'lsit' (did you mean 'list'?)"),
        (["list", "--format", "xml"],
         "argument --format: invalid choice: 'xml' (choose from 'table', 'csv', 'json', "
         "'markdown')"),
        (["show", "mongloia"],
         "no partner matches 'mongloia': Mongolia is not in its own list"),
        (["show", "Mongolia"], "Mongolia is not in its own list"),
        (["show", "MNG"], "Mongolia is not in its own list"),
        (["--country", "mongolia"], "Mongolia is not in its own list"),
        (["show", "moldva"], "no partner matches 'moldva' (did you mean 'Moldova'?)"),
    ],
)  # fmt: skip
def test_wrong_words_get_a_helpful_one_line_error(capsys, argv, message):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("mongolia-tui: error: ") and message in err
    assert "Moldova" not in err or "moldva" in argv

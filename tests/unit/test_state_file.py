"""The state file: where it lives, what is trusted of it, how it is written."""

from __future__ import annotations

import json
import os

import pytest

from mongolia_tui.history import SearchHistory
from mongolia_tui.remembered import (
    FILE_NAME,
    MAX_HISTORY,
    Remembered,
    Saver,
    load,
    parse,
    save,
    state_dir,
    state_file,
)


def test_state_dir_follows_the_server_then_xdg_then_home(tmp_path):
    assert state_dir({"MONGOLIA_TUI_STATE_DIR": str(tmp_path)}) == tmp_path
    # Set but empty: an anonymous visitor over SSH; nothing is kept.
    assert state_dir({"MONGOLIA_TUI_STATE_DIR": "", "XDG_STATE_HOME": str(tmp_path)}) is None
    assert state_file({"MONGOLIA_TUI_STATE_DIR": ""}) is None
    assert state_dir({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "mongolia-tui"
    home = os.path.expanduser("~")
    # A relative XDG_STATE_HOME is invalid (the XDG spec): the default is used.
    assert str(state_dir({"XDG_STATE_HOME": "relative/dir"})) == (
        os.path.join(home, ".local", "state", "mongolia-tui")
    )
    assert state_file({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "mongolia-tui" / FILE_NAME


def test_round_trip_through_the_file(tmp_path):
    path = tmp_path / "deep" / "state.json"
    remembered = Remembered(tab="Europe", sort=("name", True), filters=("note",),
                            notes_shown=False, theme="nord", partner="Malaysia",
                            marks=("Egypt", "Russia"), history=("1992", "kaz"))  # fmt: skip
    save(path, remembered)
    assert load(path) == (remembered, None)
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    # Written atomically: no temporary file is left beside it, and a second save replaces it.
    save(path, Remembered(tab="Africa"))
    assert load(path)[0].tab == "Africa"
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


@pytest.mark.parametrize(
    ("raw", "kept", "named"),
    [
        ({"tab": "Mars", "notes_shown": False}, Remembered(notes_shown=False), "tab"),
        ({"tab": 3}, Remembered(), "tab"),
        ({"sort": {"column": "population"}}, Remembered(), "sort"),
        # A file written before the "#" column's key was "rank" still sorts by it.
        ({"sort": {"column": "order", "descending": True}}, Remembered(sort=("rank", True)), None),
        ({"sort": {"column": "name", "descending": "yes"}}, Remembered(), "sort"),
        ({"sort": "name", "tab": "Africa"}, Remembered(tab="Africa"), "sort"),
        ({"org_sort": {"column": "region"}}, Remembered(), "org_sort"),
        ({"filters": ["note", "rich"]}, Remembered(), "filters"),
        ({"filters": "note"}, Remembered(), "filters"),
        ({"notes_shown": "no"}, Remembered(), "notes_shown"),
        ({"theme": ["nord"]}, Remembered(), "theme"),
        ({"theme": "\x1b]52;c;evil\x07"}, Remembered(), "theme"),
        ({"marks": "Russia"}, Remembered(), "marks"),
        ({"marks": ["Russia", 7, "x" * 201]}, Remembered(marks=("Russia",)), "marks (2 not"),
        # A name from the data may hold control characters: only compared, never shown.
        ({"partner": "Evil\x1b]2;x\x07"}, Remembered(partner="Evil\x1b]2;x\x07"), None),
        ({"history": ["ok", "\x1b[31m"]}, Remembered(history=("ok",)), "history"),
        ({"history": ["x"] * (MAX_HISTORY + 1)}, Remembered(), "history"),
    ],
)
def test_anything_outside_the_schema_is_dropped_and_named(raw, kept, named):
    remembered, problems = parse(raw)
    assert remembered == kept
    if named is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(named)


@pytest.mark.parametrize(
    "content", [b"{not json", b"[1, 2]", b"\xff\xfe", b'"text"', b"null", b"1" * (2 << 20)]
)
def test_an_unreadable_file_gives_defaults_and_one_line(tmp_path, content):
    path = tmp_path / "state.json"
    path.write_bytes(content)
    remembered, warning = load(path)
    assert remembered == Remembered()
    assert warning is not None and str(path) in warning and "\n" not in warning


def test_a_missing_file_is_no_warning(tmp_path):
    assert load(tmp_path / "none.json") == (Remembered(), None)
    assert load(None) == (Remembered(), None)


def test_fresh_keeps_the_users_own_marks_and_history():
    remembered = Remembered(tab="Europe", marks=("Egypt",), history=("1992",), theme="nord")
    assert remembered.fresh() == Remembered(marks=("Egypt",), history=("1992",))


def test_the_saver_writes_only_changes_and_reports_failures(tmp_path):
    path = tmp_path / "state.json"
    saver = Saver(path)
    assert saver.save(Remembered(tab="Africa")) is None
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(0, 0))
    assert saver.save(Remembered(tab="Africa")) is None
    assert path.stat().st_mtime_ns == 0  # unchanged: not written again
    assert stamp
    blocked = Saver(tmp_path / "file" / "state.json")
    (tmp_path / "file").write_text("a file, not a folder")
    error = blocked.save(Remembered())
    assert error is not None and "cannot save" in error and "\n" not in error
    assert Saver(None).save(Remembered()) is None  # no state kept: nothing to do


def test_the_file_is_json_a_person_can_read(tmp_path):
    path = tmp_path / "state.json"
    save(path, Remembered(sort=("established", True)))
    data = json.loads(path.read_text())
    assert data["sort"] == {"column": "established", "descending": True}
    assert data["version"] == 1 and "theme" not in data


def test_search_history_is_a_bounded_shell_history():
    history = SearchHistory(["a", "b"], limit=3)
    assert history.older("draft") == "b"
    assert history.older("b") == "a"
    assert history.older("a") is None  # the oldest stays
    assert history.newer() == "b"
    assert history.newer() == "draft"  # past the newest: what was being typed
    assert history.newer() is None
    for query in ("c", "d", "a", "  "):
        history.add(query)
    assert history.entries == ["c", "d", "a"]  # no repeats, the oldest dropped, blanks ignored


def test_a_fifo_or_folder_is_not_read_and_a_link_is_replaced_not_followed(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    remembered, warning = load(fifo)  # returns at once: a FIFO would block for ever
    assert remembered == Remembered() and "not a regular file" in warning
    (tmp_path / "folder.json").mkdir()
    assert "ignored" in (load(tmp_path / "folder.json")[1] or "")  # one line, no traceback

    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "state" / "state.json"
    link.parent.mkdir()
    link.symlink_to(precious)
    save(link, Remembered(tab="Africa"))
    assert precious.read_text() == "keep me"
    assert not link.is_symlink() and load(link)[0].tab == "Africa"
    assert oct(link.stat().st_mode & 0o777) == "0o600"

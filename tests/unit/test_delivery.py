"""Where an export goes, and the command that downloads a served view (pure)."""

from __future__ import annotations

import shlex

from mongolia_tui.delivery import (
    Mode,
    Served,
    View,
    default_name,
    download_command,
    export_mode,
    served_at,
)

AT = Served("example.org", 2222)


def test_the_mode_is_served_only_when_the_server_says_so():
    assert export_mode({}) is Mode.FILE
    assert export_mode({"MONGOLIA_TUI_SERVED": "10.0.0.1 2222"}) is Mode.SERVED
    assert served_at({"MONGOLIA_TUI_SERVED": "10.0.0.1 2222"}) == Served("10.0.0.1", 2222)
    # A damaged value is still served: never fall back to writing files on the server.
    assert export_mode({"MONGOLIA_TUI_SERVED": "garbage"}) is Mode.SERVED


def test_default_names_say_what_the_view_is():
    assert default_name(View(None)) == "mongolia-relations.csv"
    assert default_name(View("Europe", "1992")) == "mongolia-europe-1992.csv"
    assert default_name(View("Russia, Central Asia and West Asia"), "json") == (
        "mongolia-russia.json"
    )
    assert default_name(View(None, "../../etc/passwd"), "markdown") == ("mongolia-etc-passwd.md")
    assert default_name(View(None, organisations=True)) == "mongolia-organisations.csv"


def test_the_download_command_uses_only_options_list_has():
    command = download_command(View("Europe", "1992"), "csv", AT)
    assert command.text == (
        "ssh -p 2222 example.org list --region europe --search 1992 --format csv > europe-1992.csv"
    )
    assert command.left_out == ()
    sorted_by_years = download_command(View(None, sort="age"), "json", Served("h", 22))
    assert sorted_by_years.text == "ssh h list --sort date --reverse --format json > relations.json"
    noted = download_command(View(None, sort="notes", filters=("has a note",)), "csv", AT)
    assert noted.left_out == ("sorted by notes", "has a note")


def test_a_query_is_quoted_for_the_shell():
    command = download_command(View(None, "a'b; rm -rf ~"), "csv", AT)
    words = shlex.split(command.text)
    assert words[words.index("--search") + 1] == "a'b; rm -rf ~"


def test_organisations_use_their_own_command():
    command = download_command(View(None, "un", "name", True, True), "csv", AT)
    assert command.text.startswith(
        "ssh -p 2222 example.org organisations --search un --sort name --reverse"
    )


def test_the_server_accepts_the_download_command():
    from mongolia_tui.cli import build_parser
    from mongolia_tui.delivery import list_options
    from mongolia_tui.serve.policy import parse_request

    noted = View("Europe", filters=("has a note", "no relations"), filter_keys=("note", "none"))
    for view in (View("Europe", "1992", "age"), View(None, "x y", "name", True, True), noted):
        command = download_command(view, "csv", AT, list_options())
        assert command.left_out == ()
        words = shlex.split(command.text)
        remote = shlex.join(words[words.index("example.org") + 1 : words.index(">")])
        assert parse_request(remote, False, build_parser()).kind == "command"


def test_filters_become_list_options_once_list_has_them():
    view = View(None, filters=("has a note", "established 1992"), filter_keys=("note", ""))
    without = download_command(view, "csv", AT)
    assert "--has-note" not in without.text
    assert without.left_out == ("has a note", "established 1992")
    with_option = download_command(view, "csv", AT, frozenset({"--has-note"}))
    assert "list --has-note --format csv" in with_option.text
    assert with_option.left_out == ("established 1992",)


def test_the_served_list_options_are_the_parsers():
    from mongolia_tui.delivery import list_options

    options = list_options()
    assert {"--region", "--search", "--sort", "--format"} <= options


def test_the_missions_filters_are_in_the_download_command():
    from mongolia_tui.cli import build_parser
    from mongolia_tui.delivery import list_options
    from mongolia_tui.serve.policy import parse_request

    view = View(None, filters=("Mongolia has a resident mission there", "accredited from abroad"),
                filter_keys=("mission-there", "accredited"))  # fmt: skip
    command = download_command(view, "json", AT, list_options())
    assert command.left_out == ()
    assert "list --mission-there --accredited --format json" in command.text
    words = shlex.split(command.text)
    remote = shlex.join(words[words.index("example.org") + 1 : words.index(">")])
    assert parse_request(remote, False, build_parser()).kind == "command"

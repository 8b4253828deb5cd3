"""The config file: defaults and keys, checked, errors in one line naming file and line."""

from __future__ import annotations

import pytest

from mongolia_tui import cli
from mongolia_tui.commands import binding_ids
from mongolia_tui.config import ConfigError, config_file, load_config


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file(tmp_path):
    path = write(tmp_path, 'theme = "nord"\nnames = "mn"\nnotes = false\n\n[keys]\n'
                           'sort_menu = "o"\nquit = "q, ctrl+q"\n')  # fmt: skip
    config = load_config(path, binding_ids())
    assert (config.theme, config.names, config.notes_shown) == ("nord", "mn", False)
    assert config.keys == {"sort_menu": "o", "quit": "q,ctrl+q"}


def test_no_file_is_no_settings(tmp_path):
    config = load_config(tmp_path / "missing.toml", binding_ids())
    assert (config.theme, config.names, config.notes_shown, dict(config.keys)) == (
        None,
        "en",
        None,
        {},
    )


def test_where_it_lives(tmp_path):
    assert config_file({"XDG_CONFIG_HOME": str(tmp_path)}) == (
        tmp_path / "mongolia-tui" / "config.toml"
    )
    assert config_file({"XDG_CONFIG_HOME": "rel"}).parts[-3:] == (
        ".config",
        "mongolia-tui",
        "config.toml",
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('theme = "nord"\ncolour = 3\n', 2, "unknown setting 'colour'"),
        ('names = "fr"\n', 1, "names must be one of"),
        ("\nnotes = 1\n", 2, "notes must be true or false"),
        ("theme = 5\n", 1, "theme must be"),
        (
            '[keys]\nsort_menu = "o"\nsortmenu = "x"\n',
            3,
            "unknown binding id 'sortmenu' (did you mean 'sort_menu'?)",
        ),
        ("[keys]\nquit = 3\n", 2, "the key must be text"),
        ('[keys]\nquit = "ctrl+ q"\n', 2, "is not a key name"),
        ('[keys]\nquit = "x"\nhelp = "x"\n', 3, "'x' is given to both quit and help"),
        ('keys = "q"\n', 1, "keys must be a table"),
        ('theme = "nord\n', 1, "Illegal character"),  # TOML syntax: tomllib's own words
    ],
)
def test_errors_name_the_file_the_line_and_the_problem(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, binding_ids())
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert words.lower() in message.lower() and "\n" not in message


def test_the_cli_reports_a_bad_config_in_one_line_and_exits_2(tmp_path, monkeypatch, capsys,
                                                              sample_store):  # fmt: skip
    folder = tmp_path / "cfg" / "mongolia-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[keys]\nnope = "x"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert cli.main(["--data", str(sample_store)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{folder / 'config.toml'}:2: unknown binding id 'nope'" in err


def test_the_readme_lists_every_binding_id():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    ranges = {"tab_1": "tab_1`…`tab_10", "copy_source_1": "copy_source_1`…`copy_source_9"}
    for binding_id in binding_ids():
        if binding_id.startswith(("tab_", "copy_source_")):
            continue
        assert f"`{binding_id}`" in readme, binding_id
    assert all(text in readme for text in ranges.values())


def test_help_shows_the_keys_in_force_after_remapping():
    from mongolia_tui.commands import COMMANDS, shown_key

    by_id = {c.binding_id: c for c in COMMANDS}
    keymap = {"sort_menu": "o", "quit": "s", "help": "h,question_mark", "up": "ctrl+k"}
    assert shown_key(by_id["sort_menu"], keymap) == "o"
    assert shown_key(by_id["quit"], keymap) == "s"
    assert shown_key(by_id["help"], keymap) == "h ?"
    assert shown_key(by_id["reverse_sort"], keymap) == "r"  # untouched
    assert shown_key(by_id["up"], keymap) == "ctrl+k"
    # "s" went to quit: a command that had it loses it; so does one whose keys are all taken.
    keymap = {"quit": "j"}
    assert shown_key(by_id["down"], keymap) == "↓"
    assert shown_key(by_id["down"], {"quit": "j", "help": "down"}) == "(none)"


def test_a_fifo_is_refused_not_waited_for(tmp_path):
    import os

    path = tmp_path / "config.toml"
    os.mkfifo(path)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(path, binding_ids())

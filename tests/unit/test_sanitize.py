"""Invisible characters are shown, not hidden; JSON keeps them exactly, escaped."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from support import partner_record

from mongolia_tui.cli import main
from mongolia_tui.sanitize import (
    INVISIBLE,
    REPLACEMENT,
    escape_json_text,
    safe_line,
    safe_text,
    without_invisible,
)

INVISIBLES = ["\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e", "\U000e0041", "\u2064"]


def every_format_character() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


def test_the_written_out_list_covers_every_format_character_python_knows():
    import re

    pattern = re.compile(f"[{INVISIBLE}]")
    assert [c for c in every_format_character() if not pattern.fullmatch(c)] == []


@pytest.mark.parametrize("char", INVISIBLES)
def test_invisible_characters_get_a_visible_stand_in(char):
    assert safe_line(f"Ch{char}ad") == f"Ch{REPLACEMENT}ad"
    assert safe_text(f"one{char}\ntwo") == f"one{REPLACEMENT}\ntwo"
    assert without_invisible(f"Ch{char}ad") == "Chad"


def test_visible_text_is_untouched():
    for text in ("Côte d'Ivoire", "Монгол Улс", "ᠮᠣᠩᠭᠣᠯ", "中国", "🇲🇳", "São Tomé"):
        assert safe_line(text) == text


def test_json_escapes_invisible_characters_and_keeps_them_exact():
    text = "A" + "".join(INVISIBLES) + "\u202e"
    encoded = escape_json_text(json.dumps([text], ensure_ascii=False))
    assert not set(encoded) & set(INVISIBLES)
    assert "\\udb40\\udc41" in encoded  # a tag character: a surrogate-pair escape
    assert json.loads(encoded) == [text]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_the_cli_shows_invisible_characters_in_text_formats(capsys, write_store, fmt):
    path = write_store([partner_record("Ch\u200bad", notes="a\u2060b\ufeffc\u00add")])
    assert main(["--data", str(path), "list", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert not set(out) & set(INVISIBLES)
    assert f"Ch{REPLACEMENT}ad" in out


def test_show_makes_them_visible_and_json_keeps_them(capsys, write_store):
    path = write_store([partner_record("Ch\u200bad", notes="a\u2060b")])
    assert main(["--data", str(path), "show", "chad"]) == 0
    out = capsys.readouterr().out
    assert f"Ch{REPLACEMENT}ad" in out and f"a{REPLACEMENT}b" in out
    assert main(["--data", str(path), "list", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\u200b" not in out and json.loads(out)[0]["name"] == "Ch\u200bad"

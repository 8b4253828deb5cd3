"""Terminal cell widths: our stdlib-based widths agree with wcwidth; clip, pad and wrap by cells."""

from __future__ import annotations

import wcwidth  # installed with pyte (test extra): an independent implementation to check against

from mongolia_tui.output.width import cell_width, char_width, clip, pad, wrap

SAMPLES = [
    *"Aé ßЖжΩ",  # Latin, Cyrillic, Greek: one cell
    *(chr(c) for c in range(0x4E00, 0x9FFF, 97)),  # CJK ideographs: two
    *(chr(c) for c in range(0xFF01, 0xFF60)),  # fullwidth forms: two
    *(chr(c) for c in range(0x3041, 0x30FF, 7)),  # kana: two
    *(chr(c) for c in range(0xAC00, 0xD7A3, 211)),  # Hangul syllables: two
    *(chr(c) for c in range(0x0300, 0x0370)),  # combining accents: none
    "\u200b",  # zero-width space: none
]


def test_char_width_agrees_with_wcwidth():
    differ = [f"U+{ord(c):04X}" for c in SAMPLES if char_width(c) != wcwidth.wcwidth(c)]
    assert differ == []


def test_cell_width_of_mixed_text():
    assert cell_width("Mongolia") == 8
    assert cell_width("中国") == 4
    assert cell_width("Ｆｕｌｌ") == 8
    assert cell_width("Co\u0302te") == 4  # a combining circumflex takes no cell


def test_clip_and_pad_count_cells():
    assert clip("中华人民共和国", 7) == "中华人…"  # 6 cells + the ellipsis
    assert cell_width(clip("中华人民共和国", 8)) <= 8
    assert clip("Mongolia", 8) == "Mongolia"
    assert clip("Mongolia", 5) == "Mong…"
    assert pad("中国", 6) == "中国  "
    assert pad("7", 3, right=True) == "  7"


def test_wrap_breaks_at_spaces_cuts_long_words_and_keeps_urls_whole():
    text = "one two three four five six seven eight nine ten"
    lines = wrap(text, 12)
    assert lines == ["one two", "three four", "five six", "seven eight", "nine ten"]
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    url = "https://example.org/" + "a" * 80
    assert wrap(f"see {url} there", 30) == ["see", url, "there"]
    assert all(cell_width(line) <= 9 for line in wrap("中华人民共和国 中华人民", 9))
    assert wrap("", 10) == [""]

"""Make text from a data file safe to show in a terminal.

Data may come from a store someone else wrote. Control characters (C0, C1, DEL) could move the
cursor, retitle the window or write the clipboard (OSC 52); bidi overrides could disguise text;
invisible format characters (zero-width space, word joiner, byte-order mark, soft hyphen: the
Unicode category Cf) could make two different names look the same. All of them are replaced by
visible stand-ins before any text reaches the screen or a text export.
"""

from __future__ import annotations

import re

# C0 controls become their Unicode "control picture" (ESC -> ␛): the user sees something was there.
_C0_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)}
_C0_PICTURES[0x7F] = "\u2421"  # ␡
#: What every other unsafe character (C1 controls, bidi and other format characters) becomes.
REPLACEMENT = "\ufffd"

#: Every format character (Unicode category Cf) as a regex class body, bidi controls included:
#: U+00AD soft hyphen, U+200B-U+200F zero-width and direction marks, U+202A-U+202E embeddings and
#: overrides, U+2060-U+206F word joiner, invisible operators and isolates, U+FEFF byte-order
#: mark, tag characters... Written out (Unicode 15) because building it from ``unicodedata`` at
#: import would cost start-up time; a test checks it covers every Cf character Python knows.
INVISIBLE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# Lone surrogates cannot be encoded for output at all; the store refuses them, but a stand-in
# keeps any other text from failing on the way to the terminal.
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}{_SURROGATES}\u2028\u2029]")
_UNSAFE_KEEP_NEWLINES = re.compile(
    f"[\x00-\x09\x0b-\x1f\x7f-\x9f{INVISIBLE}{_SURROGATES}\u2028\u2029]"
)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x09:
        return " "
    return _C0_PICTURES.get(code, REPLACEMENT)


def safe_line(text: str) -> str:
    """One line of terminal-safe text: every control (newlines too) made visible or a space."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(lambda m: " " if m[0] in "\n\r\t" else _picture(m), text)


def safe_text(text: str) -> str:
    """Terminal-safe text that keeps its line breaks."""
    if text.isprintable():
        return text
    return _UNSAFE_KEEP_NEWLINES.sub(_picture, text.replace("\r\n", "\n"))


def without_invisible(text: str) -> str:
    """The text with every invisible format character removed (for comparing names)."""
    if text.isascii():
        return text
    return _INVISIBLE_RE.sub("", text)


_JSON_ESCAPE = re.compile(f"[\x7f-\x9f{INVISIBLE}\u2028\u2029]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code > 0xFFFF:  # JSON writes characters beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_json_text(encoded: str) -> str:
    """Escape, inside already-encoded JSON, what ``json.dumps(ensure_ascii=False)`` leaves raw.

    JSON escapes C0 controls itself; C1 controls, DEL, bidi overrides and other invisible
    format characters it passes through. Those characters can only occur inside strings, so a
    ``\\uXXXX`` escape keeps the JSON valid and the data exact.
    """
    return _JSON_ESCAPE.sub(_json_escape, encoded)

"""Make text from a data file safe to show in a terminal.

Data may come from a store someone else wrote. Control characters (C0, C1, DEL) could move the
cursor, retitle the window or write the clipboard (OSC 52); bidi overrides could disguise text.
They are replaced by visible stand-ins before any text reaches the screen or a text export.
"""

from __future__ import annotations

import re

# C0 controls become their Unicode "control picture" (ESC -> ␛): the user sees something was there.
_C0_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)}
_C0_PICTURES[0x7F] = "\u2421"  # ␡
_REPLACEMENT = "\ufffd"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code == 0x09:
        return " "
    return _C0_PICTURES.get(code, _REPLACEMENT)


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


_JSON_ESCAPE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


def escape_json_text(encoded: str) -> str:
    """Escape, inside already-encoded JSON, what ``json.dumps(ensure_ascii=False)`` leaves raw.

    JSON escapes C0 controls itself; C1 controls, DEL and bidi overrides it passes through.
    Those characters can only occur inside strings, so a ``\\uXXXX`` escape keeps the JSON valid.
    """
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)

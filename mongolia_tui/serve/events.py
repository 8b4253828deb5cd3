"""The server's log: one line per event, as text (the default) or as one JSON object a line
(``--log-format json``) for a log collector. JSON escapes every control character, so what a
visitor sent (a user name, a command) cannot forge a line either way. Every line of the log goes
through :func:`event`, so a JSON log holds nothing but JSON."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

log = logging.getLogger("mongolia_tui.serve")

_format = {"json": False}


def set_format(log_format: str) -> None:
    """``text`` or ``json`` (set once, at start)."""
    _format["json"] = log_format == "json"


def event(name: str, text: str, **fields: object) -> None:
    """Log ``text`` (already safe for one line), or ``name`` and ``fields`` as JSON."""
    _write(logging.INFO, name, text, fields)


def warn(text: str) -> None:
    """Something the operator should look at (already safe for one line)."""
    _write(logging.WARNING, "warning", text, {})


def _write(level: int, name: str, text: str, fields: dict[str, object]) -> None:
    if _format["json"]:
        when = datetime.now(UTC).isoformat(timespec="milliseconds")
        record = {"time": when, "event": name, **fields}
        if not fields:
            record["message"] = text
        log.log(level, "%s", json.dumps(record, ensure_ascii=False, default=str))
    else:
        log.log(level, "%s", text)

"""The user's settings: ``$XDG_CONFIG_HOME/mongolia-tui/config.toml``.

Pure (no Textual). Defaults for the browser (theme, notes panel, names) and keys remapped by
binding id (the ids are in :mod:`mongolia_tui.commands`; the help screen lists the keys in
force)::

    theme = "textual-light"   # a theme the palette lists; --theme and the palette's choice win
    names = "en"              # "en" or "mn" (partners' names in Mongolian, where known)
    notes = false             # the notes panel hidden at start (i toggles it)

    [keys]
    sort_menu = "o"           # a binding id = one key, or several separated by commas
    quit = "q,ctrl+q"

Anything wrong is a :class:`ConfigError` whose message is one line naming the file, the line
and the problem; the CLI prints it and exits 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NAMES = ("en", "mn")
#: A key as Textual names it: "s", "S", "ctrl+s", "f5", "question_mark", "shift+tab"...
_KEY = r"(?i)(?:(?:ctrl|shift|alt|super|meta)\+)*(?:[a-z0-9_]+|[^\s,+])"  # compiled on use
MAX_BYTES = 64 * 1024


class ConfigError(Exception):
    """A config file that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    names: str = "en"
    notes_shown: bool | None = None
    #: Binding id -> key(s), for ``App.set_keymap``.
    keys: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None
    #: Where each setting was written ("theme", "keys.quit"...): line numbers for errors
    #: found later (an unknown theme is known only once the app exists).
    lines: Mapping[str, int] = field(default_factory=dict)

    def error(self, setting: str, problem: str) -> ConfigError:
        """An error about one setting, naming the file and its line."""
        line = self.lines.get(setting)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ConfigError(f"{where}: {problem}")


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "mongolia-tui" / "config.toml"


def load_config(path: Path | None, binding_ids: Collection[str]) -> Config:
    """The settings in ``path`` (none if it does not exist); :class:`ConfigError` if wrong."""
    if path is None:
        return Config()
    from mongolia_tui.remembered import read_small_file

    try:
        data = read_small_file(path, MAX_BYTES)
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    if data is None:
        raise ConfigError(f"{path}: not a regular file")
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES} bytes")
    import tomllib  # only when there is a file: start-up without one does not pay for it

    try:
        text = data.decode("utf-8")
        raw = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        # tomllib says "... (at line 3, column 7)": put the place first, as compilers do.
        message = str(error)
        found = re.search(r"\(at line (\d+), column \d+\)$", message)
        if found:
            message = message[: found.start()].strip()
            raise ConfigError(f"{path}:{found.group(1)}: {message}") from None
        raise ConfigError(f"{path}: {message}") from None
    return _check(raw, path, _lines(text), frozenset(binding_ids))


def _lines(text: str) -> dict[str, int]:
    """Where each ``key =`` is written, as "key" or "table.key" (simple TOML: enough to
    point at the line of a wrong value)."""
    found: dict[str, int] = {}
    table = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?", stripped)
        if header:
            table = header.group(1)
            found.setdefault(table, n)
            continue
        key = re.match(r"""["']?([A-Za-z0-9_-]+)["']?\s*=""", stripped)
        if key:
            found.setdefault(f"{table}.{key.group(1)}" if table else key.group(1), n)
    return found


def _check(raw: dict[str, Any], path: Path, lines: dict[str, int],
           binding_ids: frozenset[str]) -> Config:  # fmt: skip
    config = Config(path=path, lines=lines)
    known = {"theme", "names", "notes", "keys"}
    for key in raw:
        if key not in known:
            raise config.error(key, f"unknown setting {key!r}; known: {', '.join(sorted(known))}")
    theme = raw.get("theme")
    if theme is not None and not (isinstance(theme, str) and theme.strip()):
        raise config.error("theme", "theme must be a theme's name (text)")
    names = raw.get("names", "en")
    if names not in NAMES:
        raise config.error("names", f"names must be one of {', '.join(map(repr, NAMES))}")
    notes = raw.get("notes")
    if notes is not None and not isinstance(notes, bool):
        raise config.error("notes", "notes must be true or false")
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        raise config.error("keys", 'keys must be a table: [keys] then id = "key" lines')
    keymap: dict[str, str] = {}
    taken: dict[str, str] = {}
    for binding_id, value in keys.items():
        setting = f"keys.{binding_id}"
        if binding_id not in binding_ids:
            hint = _hint(binding_id, binding_ids)
            raise config.error(setting, f"unknown binding id {binding_id!r}{hint}")
        if not isinstance(value, str) or not value.strip():
            raise config.error(setting, f'{binding_id}: the key must be text, e.g. "ctrl+s"')
        parts = [k.strip() for k in value.split(",")]
        for part in parts:
            if not re.fullmatch(_KEY, part):
                raise config.error(setting, f"{binding_id}: {part!r} is not a key name")
            if part in taken:
                raise config.error(setting, f"{part!r} is given to both {taken[part]} and "
                                            f"{binding_id}")  # fmt: skip
            taken[part] = binding_id
        keymap[binding_id] = ",".join(parts)
    return Config(theme=theme, names=names, notes_shown=notes, keys=keymap, path=path,
                  lines=lines)  # fmt: skip


def _hint(wanted: str, choices: Collection[str]) -> str:
    import difflib

    close = difflib.get_close_matches(wanted, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else "; README lists the ids"

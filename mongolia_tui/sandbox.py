"""The environment a stranger's program gets (an SSH visitor's browser, a web page's app).

Built from nothing, never from the host user's environment: a private HOME and XDG folders
under it, a fixed PATH, UTF-8, and this very package on PYTHONPATH (so a source checkout that
is not installed serves itself). Each host adds what only it needs.
"""

from __future__ import annotations

from pathlib import Path

import mongolia_tui


def stranger_environment(home: Path, term: str) -> dict[str, str]:
    """The variables every served program starts from, with ``home`` as its HOME."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANG": "C.UTF-8",
        "TERM": term,
        "PYTHONPATH": str(Path(mongolia_tui.__file__).resolve().parent.parent),
    }

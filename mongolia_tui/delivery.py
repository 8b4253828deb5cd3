"""Where an export goes: a file beside the user (a local run) or back to a visitor (served).

Pure logic, no Textual. :func:`export_mode` is the one place that decides how the export screen
delivers the rows; a new way (a web page's download) is a new :class:`Mode` and one branch in
the screen factory. A served browser never offers a path: nothing a visitor types names a file on
the server. It offers what reaches the visitor instead: the text on their clipboard (OSC 52,
up to :data:`CLIPBOARD_LIMIT`) and the exact ``ssh ... list`` command that downloads the view.

The server tells the browser it is served through :data:`SERVED_ENV`; a visitor can neither set
nor unset it (the server builds the child's environment and parses a visitor's words strictly).
"""

from __future__ import annotations

import os
import re
import shlex
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

#: Set by ``mongolia-tui serve`` in each child's environment: ``"HOST PORT"`` the visitor reached.
SERVED_ENV = "MONGOLIA_TUI_SERVED"
#: Text larger than this (UTF-8 bytes) is not sent to a terminal's clipboard: many terminals
#: drop or truncate big OSC 52 sequences, and over SSH it is that many bytes on the wire.
CLIPBOARD_LIMIT = 100_000
#: The file name of an export of the unfiltered All tab (and the stem of every other).
STEM = "mongolia"

#: The browser's sort columns that ``list --sort`` has, as (option, reverse the order).
_LIST_SORTS = {
    "rank": ("rank", False),
    "name": ("name", False),
    "region": ("region", False),
    "established": ("date", False),
    "age": ("date", True),  # the oldest relation first is the earliest date first
}
_ORG_SORTS = {"abbreviation", "name", "status"}
#: The browser's filters (keys of :data:`mongolia_tui.filters.FILTERS`) and the ``list`` option
#: that gives the same rows. An option is used only when ``list`` has it (see ``supported``).
FILTER_OPTIONS = {"note": "--has-note", "none": "--no-relations", "uncertain": "--disputed",
                  "mission-there": "--mission-there", "mission-here": "--mission-here",
                  "accredited": "--accredited"}  # fmt: skip
_ENDINGS = {"csv": ".csv", "json": ".json", "markdown": ".md", "table": ".txt"}


class Mode(Enum):
    """How the export screen delivers rows."""

    FILE = "file"  # a local run: a file the user names
    SERVED = "served"  # over ``mongolia-tui serve``: clipboard and a download command
    WEB = "web"  # a tab of ``mongolia-tui web``: a browser download (App.deliver_text)


@dataclass(frozen=True)
class Served:
    """The address a served visitor reached (for the download command)."""

    host: str
    port: int


def served_at(environ: Mapping[str, str] | None = None) -> Served | None:
    """Where this browser is served from, or None for a local run."""
    value = (os.environ if environ is None else environ).get(SERVED_ENV)
    if value is None:
        return None
    host, _, port = value.strip().rpartition(" ")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return Served("HOST", 22)  # served all the same: never fall back to writing files
    return Served(host, int(port))


def export_mode(environ: Mapping[str, str] | None = None) -> Mode:
    """The one decision of how an export is delivered."""
    from mongolia_tui.web.environment import on_web  # the standard library only

    if on_web(environ):
        return Mode.WEB
    return Mode.SERVED if served_at(environ) is not None else Mode.FILE


@dataclass(frozen=True)
class View:
    """What the browser shows, as far as an export's name and command need it."""

    region: str | None  # a region's name; None for every region
    query: str = ""
    sort: str = "rank"
    descending: bool = False
    organisations: bool = False
    #: Labels of filters in force (they narrow the rows; ``list`` may not have them).
    filters: tuple[str, ...] = field(default_factory=tuple)
    #: The same filters by key (see :data:`FILTER_OPTIONS`), "" for one with no key (years).
    filter_keys: tuple[str, ...] = field(default_factory=tuple)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40].strip("-")


def default_name(view: View, fmt: str = "csv") -> str:
    """A file name that says what the view is: ``mongolia-europe-1992.csv``."""
    words = ["organisations"] if view.organisations else []
    if view.region:
        words.append(view.region.split(",")[0])
    if view.query:
        words.append(view.query)
    words += list(view.filters)
    stem = "-".join(s for s in map(_slug, words) if s) or "relations"
    return f"{STEM}-{stem}{_ENDINGS.get(fmt, '.txt')}"


@dataclass(frozen=True)
class Command:
    """The command that downloads a view, and what of the view it cannot say."""

    text: str
    left_out: tuple[str, ...]


def download_command(
    view: View, fmt: str, served: Served, supported: frozenset[str] = frozenset()
) -> Command:
    """``ssh -p PORT HOST list --region europe --search 1992 --format csv > NAME``.

    Built only from options ``list`` (or ``organisations``) has and the server lets a visitor
    give; ``supported`` names the filter options (:data:`FILTER_OPTIONS`) this ``list`` has.
    What the view has beyond them (a filter, a sort ``list`` lacks) is named in ``left_out``.
    """
    left_out: list[str] = []
    words = ["ssh"]
    if served.port != 22:
        words += ["-p", str(served.port)]
    words.append(served.host)
    if view.organisations:
        words.append("organisations")
    else:
        words.append("list")
        if view.region:
            words += ["--region", view.region.split(",")[0].lower()]
    if view.query:
        words += ["--search", view.query]
    sort, reverse = _sort_words(view, left_out)
    if sort:
        words += ["--sort", sort]
    if reverse:
        words.append("--reverse")
    keys = (
        view.filter_keys
        if len(view.filter_keys) == len(view.filters)
        else ("",) * len(view.filters)
    )
    for label, key in zip(view.filters, keys, strict=True):
        option = FILTER_OPTIONS.get(key)
        if option is not None and option in supported and not view.organisations:
            words.append(option)
        else:
            left_out.append(label)
    words += ["--format", fmt]
    name = default_name(view, fmt).removeprefix(f"{STEM}-")
    text = f"{shlex.join(words)} > {shlex.quote(name)}"
    return Command(text, tuple(left_out))


def _sort_words(view: View, left_out: list[str]) -> tuple[str | None, bool]:
    if view.organisations:
        if view.sort not in _ORG_SORTS:
            left_out.append(f"sorted by {view.sort}")
            return None, False
        return (None if view.sort == "abbreviation" else view.sort), view.descending
    if view.sort not in _LIST_SORTS:
        left_out.append(f"sorted by {view.sort}")
        return None, False
    option, flipped = _LIST_SORTS[view.sort]
    return (None if option == "rank" else option), view.descending != flipped


def list_options() -> frozenset[str]:
    """The options the served ``list`` takes (those the CLI's parser has and the server's
    policy lets a visitor run)."""
    from mongolia_tui.cli import build_parser
    from mongolia_tui.serve.policy import allowed_commands

    listing = allowed_commands(build_parser()).get("list")
    if listing is None:
        return frozenset()
    return frozenset(name for action in listing._actions for name in action.option_strings)


def clipboard_fits(text: str) -> bool:
    """Whether ``text`` is small enough to send to a terminal's clipboard."""
    return len(text.encode("utf-8")) <= CLIPBOARD_LIMIT

"""What an SSH visitor may ask `mongolia-tui serve` for, decided from the request alone.

A request is the command line an SSH client sent (``ssh host list --region Europe``), or none
(``ssh host``), and whether the client asked for a terminal. It is split with :func:`shlex.split`
and never given to a shell: quotes group words, and ``;``, ``|``, ``$(...)`` are plain characters of
an argument. Only the read-only subcommands in :data:`ALLOWED_COMMANDS` that the CLI's parser
actually has may run, checked by that same parser, and no argument may name a file: the server
serves its own store and never reads or writes a path a visitor chose.

Pure logic: no asyncssh, no processes (the server runs what :func:`parse_request` returns).
"""

from __future__ import annotations

import argparse
import re
import shlex
from dataclasses import dataclass
from typing import Literal

#: The read-only subcommands a visitor may run, in the order the usage lists them. A name is
#: allowed only if the CLI's parser has it, so a command another branch adds later appears here
#: the day it lands, and never before.
ALLOWED_COMMANDS = ("list", "show", "check-data", "organisations", "missions", "stats",
                    "anniversaries")  # fmt: skip

#: Options a visitor may give the browser itself (``ssh -t host -- --theme ansi-dark``).
BROWSER_OPTIONS = {"--country": True, "--region": True, "--theme": True, "--names": True,
                   "--no-mouse": False}  # fmt: skip

MAX_COMMAND_LENGTH = 2000
MAX_WORDS = 40

# An argument whose name says it is a file (PATH, FILE, DIR, OUT...) is refused, whatever the
# subcommand: check-data's PATH today, an --output tomorrow.
_PATH_LIKE = re.compile(r"PATH|FILE|DIR|OUT", re.IGNORECASE)


class Refused(Exception):
    """A request the server will not run; the message is one line for the visitor."""


@dataclass(frozen=True)
class Request:
    """What to run for a visitor.

    ``kind`` is ``"browser"`` (the TUI, on a terminal), ``"command"`` (a read-only subcommand) or
    ``"usage"`` (no terminal and no command: print how to use the server). ``args`` follow
    ``mongolia-tui --data STORE`` on the child's command line.
    """

    kind: Literal["browser", "command", "usage"]
    args: tuple[str, ...] = ()


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's subcommands, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def allowed_commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The allowed subcommands the parser has, in :data:`ALLOWED_COMMANDS` order."""
    available = subcommands(parser)
    return {name: available[name] for name in ALLOWED_COMMANDS if name in available}


def _is_help(word: str) -> bool:
    # argparse accepts any unambiguous prefix of --help (--he, --hel).
    return word == "-h" or (len(word) >= 3 and "--help".startswith(word))


def _path_like(action: argparse.Action) -> bool:
    names = [str(action.metavar or ""), action.dest, *action.option_strings]
    return isinstance(action.type, argparse.FileType) or any(_PATH_LIKE.search(n) for n in names)


def parse_request(command: str | None, terminal: bool, parser: argparse.ArgumentParser) -> Request:
    """Decide what a visitor's request runs, or raise :class:`Refused` saying why not.

    ``parser`` is the CLI's (``mongolia_tui.cli.build_parser()``); it must report errors by
    raising (the CLI's parser does), never by exiting.
    """
    if command is None or not command.strip():
        return Request("browser") if terminal else Request("usage")
    if len(command) > MAX_COMMAND_LENGTH:
        raise Refused(f"the command is too long (more than {MAX_COMMAND_LENGTH} characters)")
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise Refused(f"cannot read the command: {error} (no shell runs here)") from None
    if len(words) > MAX_WORDS:
        raise Refused(f"the command has too many words (more than {MAX_WORDS})")
    if any(not word.isprintable() for word in words):
        raise Refused("control characters are not allowed in a command")
    for word in words:
        if word == "--data" or word.startswith("--data="):
            raise Refused("--data is not allowed: this server serves its own store")
    if not words:
        return Request("browser") if terminal else Request("usage")

    allowed = allowed_commands(parser)
    first = words[0]
    if first.startswith("-"):
        return _browser_request(words, terminal, parser)
    if first not in allowed:
        names = ", ".join(allowed)
        raise Refused(
            f"{first!r} is not available here (no shell, no other program); commands: {names}"
        )

    if any(_is_help(word) for word in words):
        # The parser would print the help and exit; the child prints it, and nothing else runs.
        return Request("command", (first, "--help"))
    # Let the CLI's own parser judge the arguments: the same errors the child would report.
    try:
        namespace = parser.parse_args(words)
    except SystemExit:  # a parser that exits instead of raising: refuse rather than guess
        raise Refused(f"cannot read the arguments of {first!r}") from None
    except Exception as error:  # the CLI's UsageError: the same line the child would print
        raise Refused(str(error)) from None
    sub = allowed[first]
    for action in sub._actions:
        if not _path_like(action) or isinstance(action, argparse._HelpAction):
            continue
        if getattr(namespace, action.dest, action.default) != action.default:
            shown = action.option_strings[0] if action.option_strings else action.metavar
            raise Refused(
                f"{first} {shown} is not allowed here: the server never opens a file "
                "a visitor names"
            )
    return Request("command", tuple(words))


def _browser_request(words: list[str], terminal: bool, parser: argparse.ArgumentParser) -> Request:
    if not terminal:
        raise Refused("the browser needs a terminal: connect with ssh -t")
    i = 0
    while i < len(words):
        name, has_value, _ = words[i].partition("=")
        if name not in BROWSER_OPTIONS:
            allowed = ", ".join(BROWSER_OPTIONS)
            raise Refused(f"{words[i]!r} is not available here; the browser takes: {allowed}")
        takes_value = BROWSER_OPTIONS[name]
        if has_value and not takes_value:
            raise Refused(f"{name} takes no value")
        i += 1 if has_value or not takes_value else 2
    try:
        namespace = parser.parse_args(words)
    except SystemExit:
        raise Refused("cannot read the browser's options") from None
    except Exception as error:
        raise Refused(str(error)) from None
    if getattr(namespace, "command", None) is not None:
        raise Refused("give either a command or options for the browser, not both")
    return Request("browser", tuple(words))


def usage(parser: argparse.ArgumentParser, port: int) -> str:
    """The short usage printed to ``ssh host`` with neither a terminal nor a command."""
    target = "HOST" if port == 22 else f"-p {port} HOST"
    lines = [
        "mongolia-tui: Mongolia's foreign relations, over SSH.",
        "",
        f"  ssh -t {target}              browse (keys: ? for help, q to quit)",
    ]
    for name in allowed_commands(parser):
        lines.append(f"  ssh {target} {name:<14}{_help_of(parser, name)}")
    lines += ["", f"Add -h to a command for its options, e.g. ssh {target} list -h"]
    return "\n".join(lines) + "\n"


def _help_of(parser: argparse.ArgumentParser, name: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == name:
                    return choice.help or ""
    return ""

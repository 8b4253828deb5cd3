"""Command line: the TUI by default, and ``list``, ``show``, ``organisations``, ``missions``,
``stats``, ``anniversaries``, ``check-data`` and ``serve``.

Errors are one line on stderr, ``mongolia-tui: error: ...``, exit status 2, never a traceback;
a search that matches nothing exits 1, like grep. Output goes through
:func:`~mongolia_tui.cli.stdout.write`, which copes with stdouts that cannot encode a character
or cannot be written. Textual is imported only when the TUI starts, so the subcommands stay
quick.

The rooms: :mod:`.parser` (the grammar and help), :mod:`.resolve` (a user's words to a region
or partner), :mod:`.listing` (list, show, organisations), :mod:`.missions`, :mod:`.counts` (stats,
anniversaries), :mod:`.check` (check-data), :mod:`.stdout` (writing), :mod:`.errors`.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence

from mongolia_tui.cli.check import cmd_check
from mongolia_tui.cli.counts import cmd_anniversaries, cmd_stats
from mongolia_tui.cli.errors import EXIT_ERROR, PROG, OutputError, UsageError
from mongolia_tui.cli.listing import cmd_list, cmd_organisations, cmd_show
from mongolia_tui.cli.missions import cmd_missions
from mongolia_tui.cli.parser import build_parser
from mongolia_tui.cli.resolve import resolve_partner, resolve_region
from mongolia_tui.cli.stdout import is_terminal, silence_stdout, standard_streams, write
from mongolia_tui.model import Catalogue
from mongolia_tui.sanitize import safe_line
from mongolia_tui.store import StoreError, load_store
from mongolia_tui.web.environment import end_with_server, on_web

__all__ = ["OutputError", "UsageError", "build_parser", "main", "resolve_partner",
           "resolve_region", "write"]  # fmt: skip

#: The subcommands that read the store, by name.
COMMANDS: dict[str, Callable[[argparse.Namespace, Catalogue], int]] = {
    "list": cmd_list,
    "show": cmd_show,
    "organisations": cmd_organisations,
    "stats": cmd_stats,
    "anniversaries": cmd_anniversaries,
    "missions": cmd_missions,
}


def _has_terminal() -> bool:
    """Whether the browser can run: stdin and stdout are both terminals."""
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


def _run_tui(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui.config import ConfigError

    try:
        return _start_tui(args, catalogue)
    except ConfigError as error:  # one line naming the file, the line and the problem
        raise UsageError(str(error)) from None


def _start_tui(args: argparse.Namespace, catalogue: Catalogue) -> int:
    country = resolve_partner(catalogue, args.country).name if args.country else None
    region = resolve_region(args.region) if args.region else None
    from mongolia_tui.commands import binding_ids
    from mongolia_tui.config import config_file, load_config

    config = load_config(config_file(), binding_ids())  # a wrong file is reported first
    if on_web():
        # A tab of `mongolia-tui web` talks through pipes, in Textual's web driver's packets.
        end_with_server()
    elif not _has_terminal():
        # Without a terminal (`ssh host mongolia-tui`, `< /dev/null`) Textual would spin forever.
        raise UsageError(f"the browser needs a terminal; try '{PROG} list'")
    from mongolia_tui.app import make_app

    app = make_app(
        catalogue,
        country=country,
        region=region,
        theme=args.theme,
        fresh=args.fresh,
        config=config,
        names=args.names,
    )
    if args.theme and args.theme not in app.available_themes:
        raise UsageError(
            f"unknown theme {safe_line(args.theme)!r}; choose from: "
            + ", ".join(sorted(app.available_themes))
        )
    app.run(mouse=not args.no_mouse)
    if app.memory_warning:
        print(f"{PROG}: warning: {safe_line(app.memory_warning)}", file=sys.stderr)
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mongolia-tui`` command; returns the exit status."""
    # A closed SSH connection must end the process, even mid-render.
    signal.signal(signal.SIGHUP, lambda *_: os._exit(129))
    standard_streams()
    # Start-up allocates many long-lived objects (Textual's modules, the store) and the cyclic
    # garbage collector would scan them again and again for nothing: pause it until the first
    # screen is drawn (the app turns it back on) or the command is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        args = build_parser().parse_args(argv)
        if args.command == "serve":
            from mongolia_tui.serve.main import serve_command

            return serve_command(args, build_parser())
        if args.command == "web":
            from mongolia_tui.web.main import web_command

            return web_command(args)
        if args.command == "check-data":
            return cmd_check(args)
        catalogue = load_store(args.data)
        command = COMMANDS.get(args.command, _run_tui)
        return command(args, catalogue)
    except (StoreError, UsageError) as error:
        print(f"{PROG}: error: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `mongolia-tui list | head` closed the pipe: not an error worth a traceback.
        silence_stdout()
        return 0
    except OutputError as error:  # a full disk (`> /dev/full`), a closed stdout
        silence_stdout()
        print(f"{PROG}: error: cannot write output: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if collecting:
            gc.enable()

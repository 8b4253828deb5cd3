"""Command line: the TUI by default, and ``list``, ``show``, ``check-data`` for scripts and SSH.

Errors are one line on stderr, ``mongolia-tui: error: ...``, exit status 2, never a traceback.
Textual is imported only when the TUI starts, so the subcommands stay quick.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Sequence
from functools import partial

from mongolia_tui import __version__
from mongolia_tui.export import FORMATS, render
from mongolia_tui.model import REGIONS, STATUSES, Catalogue, Relation
from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import best_match, normalise
from mongolia_tui.store import (
    StoreError,
    check_store,
    default_store_path,
    load_store,
    save_snapshot,
)
from mongolia_tui.views import ALL, RelationIndex, today

PROG = "mongolia-tui"
EXIT_ERROR = 2


class UsageError(Exception):
    """A wrong argument, reported like argparse reports its own."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A keyboard-first terminal browser of Mongolia's foreign relations.",
        epilog="With no command, the browser opens. Keys: press ? inside it.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--data", metavar="PATH", help="use another store (a TinyDB JSON file)")
    parser.add_argument("--country", metavar="NAME", help="open the browser at this partner")
    parser.add_argument("--region", metavar="NAME", help="open the browser at this region's tab")
    parser.add_argument(
        "--no-mouse", action="store_true", help="leave the terminal's own text selection alone"
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme; ansi-dark and ansi-light use the terminal's own colours",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="print partners as a table, CSV, JSON or Markdown")
    listing.add_argument("--region", dest="list_region", metavar="R", help="only this region")
    listing.add_argument("--search", metavar="Q", default="", help="only partners matching Q")
    listing.add_argument("--status", choices=STATUSES, help="only this status")
    listing.add_argument(
        "--sort", choices=("name", "date", "order", "region"), default="order",
        help="sort column (default: order, the article's chronological list)",
    )  # fmt: skip
    listing.add_argument("--reverse", action="store_true", help="reverse the sort")
    listing.add_argument("--format", choices=FORMATS, default="table", help="output format")

    show = commands.add_parser("show", help="print one partner in full")
    show.add_argument("name", metavar="NAME", help="name, alias or ISO code (accents optional)")

    check = commands.add_parser("check-data", help="validate a store and list every problem")
    check.add_argument("path", metavar="PATH", nargs="?", help="store to check (default: --data)")

    # serve: its options live in serve_options; asyncssh is imported only when the server starts.
    from mongolia_tui.serve_options import add_serve_arguments

    add_serve_arguments(commands.add_parser("serve", help="host the browser for a team over SSH"))
    return parser


def resolve_region(name: str) -> str:
    """A region from a user's words: exact, prefix or unique partial match, accent-insensitive."""
    wanted = normalise(name.strip())
    if wanted in ("all", ""):
        return ALL
    candidates = [r for r in REGIONS if normalise(r) == wanted]
    candidates = candidates or [r for r in REGIONS if normalise(r).startswith(wanted)]
    candidates = candidates or [r for r in REGIONS if wanted in normalise(r)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UsageError(f"unknown region {safe_line(name)!r}; choose from: {', '.join(REGIONS)}")
    raise UsageError(f"region {safe_line(name)!r} is ambiguous: {', '.join(candidates)}")


def resolve_country(catalogue: Catalogue, name: str) -> Relation:
    """The one partner a name refers to; unknown or ambiguous names are errors naming candidates."""
    found = best_match(catalogue.relations, name)
    if len(found) == 1:
        return found[0]
    if not found:
        raise UsageError(f"no partner matches {safe_line(name)!r}")
    names = ", ".join(safe_line(r.name) for r in found[:12])
    more = f" and {len(found) - 12} more" if len(found) > 12 else ""
    raise UsageError(f"{safe_line(name)!r} is ambiguous: {names}{more}")


def _cmd_list(args: argparse.Namespace, catalogue: Catalogue) -> int:
    index = RelationIndex(catalogue.relations, catalogue.chronological)
    region = resolve_region(args.list_region) if args.list_region else ALL
    column = {"date": "established"}.get(args.sort, args.sort)
    rows = [catalogue.relations[i] for i in index.rows(region, args.search, column, args.reverse)]
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    sys.stdout.write(render(rows, args.format, today()))
    return 0


def _cmd_show(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui.details import details_text

    relation = resolve_country(catalogue, args.name)
    sys.stdout.write(details_text(relation, catalogue.numbered, today()))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    path = args.path or args.data or str(default_store_path())
    catalogue, problems = check_store(path)
    if problems:
        for problem in problems:
            where = f"{problem.table} record {safe_line(problem.record or '?')!r}"
            print(f"{path}: {where}: {safe_line(problem.message)}")
        print(f"{path}: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    assert catalogue is not None
    relations = catalogue.relations
    dated = [r for r in relations if r.established is not None]
    by_precision = {p: sum(1 for r in dated if r.established.precision.name == p)  # type: ignore[union-attr]
                    for p in ("DAY", "MONTH", "YEAR")}  # fmt: skip
    un_undated = sum(1 for r in relations if r.un_member and r.established is None)
    print(f"{path}: OK")
    print(f"  partners:       {len(relations)} ({sum(r.un_member for r in relations)} UN members)")
    print(f"  numbered:       {catalogue.numbered}")
    print(f"  dated:          {by_precision['DAY']} to the day, {by_precision['MONTH']} to the "
          f"month, {by_precision['YEAR']} to the year")  # fmt: skip
    print(f"  undated:        {len(relations) - len(dated)} ({un_undated} UN members)")
    print(f"  no relations:   {sum(1 for r in relations if r.status == 'none')}")
    print(f"  organisations:  {len(catalogue.organisations)}")
    return 0


def _run_tui(args: argparse.Namespace, catalogue: Catalogue) -> int:
    country = resolve_country(catalogue, args.country).name if args.country else None
    region = resolve_region(args.region) if args.region else None
    from mongolia_tui.app import make_app

    app = make_app(
        catalogue,
        country=country,
        region=region,
        theme=args.theme,
        after_start=partial(save_snapshot, catalogue),
    )
    if args.theme and args.theme not in app.available_themes:
        raise UsageError(
            f"unknown theme {safe_line(args.theme)!r}; choose from: "
            + ", ".join(sorted(app.available_themes))
        )
    app.run(mouse=not args.no_mouse)
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mongolia-tui`` command; returns the exit status."""
    # A closed SSH connection must end the process, even mid-render.
    signal.signal(signal.SIGHUP, lambda *_: os._exit(129))
    # Start-up allocates many long-lived objects (Textual's modules, the store) and the cyclic
    # garbage collector would scan them again and again for nothing: pause it until the first
    # screen is drawn (the app turns it back on) or the command is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        args = build_parser().parse_args(argv)
        if args.command == "serve":
            from mongolia_tui.serve import serve_command

            return serve_command(args)
        if args.command == "check-data":
            return _cmd_check(args)
        # The browser saves a large store's snapshot after its first screen, not before.
        catalogue = load_store(args.data, save_later=args.command is None)
        if args.command == "list":
            return _cmd_list(args, catalogue)
        if args.command == "show":
            return _cmd_show(args, catalogue)
        return _run_tui(args, catalogue)
    except (StoreError, UsageError) as error:
        print(f"{PROG}: error: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `mongolia-tui list | head` closed the pipe: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    finally:
        if collecting:
            gc.enable()

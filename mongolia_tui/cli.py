"""Command line: the TUI by default, and ``list``, ``show``, ``organisations``, ``check-data``.

Errors are one line on stderr, ``mongolia-tui: error: ...``, exit status 2, never a traceback;
a search that matches nothing exits 1, like grep. Output goes through :func:`write`, which
copes with stdouts that cannot encode a character or cannot be written. Textual is imported
only when the TUI starts, so the subcommands stay quick.
"""

from __future__ import annotations

import argparse
import codecs
import gc
import os
import shutil
import signal
import sys
from collections.abc import Iterable, Sequence

from mongolia_tui import __version__
from mongolia_tui.export import FORMATS, relation_json, render, render_organisations
from mongolia_tui.model import (
    ORGANISATION_STATUSES,
    REGION_SHORT,
    REGIONS,
    STATUSES,
    Catalogue,
    Relation,
)
from mongolia_tui.sanitize import safe_line
from mongolia_tui.search import best_match, normalise
from mongolia_tui.store import (
    StoreError,
    check_store,
    default_store_path,
    load_store,
)
from mongolia_tui.views import ALL, RelationIndex, today

PROG = "mongolia-tui"
EXIT_NO_MATCH = 1
EXIT_ERROR = 2

EXAMPLES = f"""\
examples:
  {PROG}                               the browser (needs a terminal)
  {PROG} list --search 1992            who came in 1992
  {PROG} list --region europe --sort date --format csv
  {PROG} list --format json > relations.json
  {PROG} show malaysia                 one partner in full
  {PROG} organisations --status observer
  {PROG} check-data [PATH]             validate a store

exit status: 0 rows printed, 1 nothing matched (check-data: problems
found), 2 an error (bad argument, bad store, no terminal for the browser)
"""

LIST_WIDTH = """\
table width: on a terminal the table fits its width (region names shorten,
long names are clipped with "…"); piped or redirected, nothing is clipped,
unless $COLUMNS is set.
"""

#: Regions as a help text lists them.
REGION_NAMES = "; ".join(REGIONS)


class UsageError(Exception):
    """A wrong argument, reported like argparse reports its own."""


class OutputError(Exception):
    """Stdout cannot be written (a full disk, a closed stream)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)

    def _print_message(self, message: str, file=None) -> None:  # type: ignore[no-untyped-def]
        # --help and --version go through write(): a latin-1 or full stdout is handled there.
        if message and (file is None or file is sys.stdout):
            write(message)
        else:
            super()._print_message(message, file)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A keyboard-first terminal browser of Mongolia's foreign relations.\n"
        "With no command, the browser opens (press ? in it for the keys).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--data", metavar="PATH", help="use another store (a TinyDB JSON file)")
    parser.add_argument("--country", metavar="NAME", help="open the browser at this partner")
    parser.add_argument(
        "--region", metavar="NAME",
        help=f"open the browser at this region's tab: {REGION_NAMES} (a word is enough)",
    )  # fmt: skip
    parser.add_argument(
        "--no-mouse", action="store_true", help="leave the terminal's own text selection alone"
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme; ansi-dark and ansi-light use the terminal's own colours",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser(
        "list", help="print partners as a table, CSV, JSON or Markdown",
        description="Print partners as a table, CSV, JSON or Markdown.",
        epilog=LIST_WIDTH + "exit status: 0 rows printed, 1 nothing matched, 2 an error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    listing.add_argument(
        "--region", dest="list_region", metavar="R",
        help=f"only this region: {REGION_NAMES} (a word is enough: 'europe', 'se asia')",
    )  # fmt: skip
    listing.add_argument("--search", metavar="Q", default="", help="only partners matching Q")
    listing.add_argument("--status", choices=STATUSES, help="only this status")
    listing.add_argument(
        "--sort", choices=("name", "date", "order", "region"), default="order",
        help="sort column (default: order, the article's chronological list)",
    )  # fmt: skip
    listing.add_argument("--reverse", action="store_true", help="reverse the sort")
    listing.add_argument("--format", choices=FORMATS, default="table", help="output format")

    show = commands.add_parser(
        "show", help="print one partner in full",
        description="Print one partner in full: date, age, rank, notes, history, sources.",
    )  # fmt: skip
    show.add_argument("name", metavar="NAME", help="name, alias or ISO code (accents optional)")
    show.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text (wrapped to the terminal, or 80 columns) or json (the record list gives)",
    )  # fmt: skip

    orgs = commands.add_parser(
        "organisations", help="print the organisations Mongolia takes part in",
        description="Print the international organisations Mongolia takes part in.",
        epilog=LIST_WIDTH + "exit status: 0 rows printed, 1 nothing matched, 2 an error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    orgs.add_argument("--search", metavar="Q", default="", help="only organisations matching Q")
    orgs.add_argument("--status", choices=ORGANISATION_STATUSES, help="only this status")
    orgs.add_argument(
        "--sort", choices=("abbreviation", "name", "status"), default="abbreviation",
        help="sort column (default: abbreviation)",
    )  # fmt: skip
    orgs.add_argument("--reverse", action="store_true", help="reverse the sort")
    orgs.add_argument("--format", choices=FORMATS, default="table", help="output format")

    _add_timeline_commands(commands)

    check = commands.add_parser("check-data", help="validate a store and list every problem")
    check.add_argument("path", metavar="PATH", nargs="?", help="store to check (default: --data)")

    # serve: its options live in serve.options; asyncssh is imported only when the server starts.
    from mongolia_tui.serve.options import add_serve_arguments

    add_serve_arguments(commands.add_parser("serve", help="host the browser for a team over SSH"))
    return parser


def quoted(text: str) -> str:
    """A name from the user or the data, sanitised and quoted for a message: 'Niger'."""
    return repr(safe_line(text))


def _suggestion(wanted: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'X'?)" for the closest of ``choices``, accent-insensitive, or ""."""
    import difflib  # only an error needs it

    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(normalise(choice), choice)
    close = difflib.get_close_matches(normalise(wanted.strip()), by_key, n=1, cutoff=0.6)
    return f" (did you mean {quoted(by_key[close[0]])}?)" if close else ""


# -- stats and anniversaries (the timeline's numbers, for scripts) ---------------------------


def _add_timeline_commands(commands: argparse._SubParsersAction) -> None:
    # The modules are imported only when their command runs: every start builds this parser.
    counts = commands.add_parser(
        "stats", help="counts per region and decade, first and latest partner, busiest year"
    )
    counts.add_argument("--format", choices=FORMATS, default="table", help="output format")
    upcoming = commands.add_parser(
        "anniversaries", help="anniversaries of relations in the coming days, or an iCalendar file"
    )
    upcoming.add_argument(
        "--within", metavar="DAYS", type=int, help="days ahead, today included (default 30)"
    )
    upcoming.add_argument("--today", metavar="YYYY-MM-DD", help="count from this day")
    upcoming.add_argument(
        "--round-only", action="store_true", help="only 10th, 25th, 50th, 60th, 70th, 75th, 100th"
    )
    upcoming.add_argument(
        "--format", choices=(*FORMATS, "ics"), default="table",
        help="output format; ics: every partner's yearly event, for a calendar app",
    )  # fmt: skip


def _cmd_stats(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui import stats

    text = stats.render(stats.statistics(catalogue.relations), args.format)
    write(text, json_output=args.format == "json")
    return 0


def _cmd_anniversaries(args: argparse.Namespace, catalogue: Catalogue) -> int:
    import re
    from datetime import UTC, date, datetime

    from mongolia_tui import anniversaries

    day = today()
    if args.today is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.today):  # not 20261129, 2026-W48-7
                raise ValueError
            day = date.fromisoformat(args.today)
        except ValueError:
            shown = safe_line(args.today)
            raise UsageError(f"--today {shown!r} is not a date (YYYY-MM-DD)") from None
    if args.format == "ics":
        if args.within is not None or args.round_only:
            raise UsageError(
                "--within and --round-only do not apply to --format ics "
                "(it holds every partner's yearly event)"
            )
        stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
        write(anniversaries.to_ics(catalogue.relations, stamp).decode("utf-8"))
        return 0
    within = anniversaries.DEFAULT_WITHIN if args.within is None else args.within
    try:
        found = anniversaries.upcoming(catalogue.relations, day, within, args.round_only)
    except ValueError as error:
        raise UsageError(str(error)) from None
    write(anniversaries.render(found, args.format, day, within), json_output=args.format == "json")
    return 0


def resolve_region(name: str) -> str:
    """A region from a user's words: exact, prefix or unique partial match, accent-insensitive.

    The short names the table uses ("SE Asia") are accepted too.
    """
    wanted = normalise(name.strip())
    if wanted in ("all", ""):
        return ALL
    names = [(normalise(n), r) for r in REGIONS for n in dict.fromkeys((r, REGION_SHORT[r]))]
    candidates = [r for n, r in names if n == wanted]
    candidates = candidates or [r for n, r in names if n.startswith(wanted)]
    candidates = candidates or [r for n, r in names if wanted in n]
    candidates = list(dict.fromkeys(candidates))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        hint = _suggestion(name, [n for r in REGIONS for n in (r, REGION_SHORT[r])])
        raise UsageError(
            f"unknown region {quoted(name)}{hint}; choose from: " + ", ".join(map(quoted, REGIONS))
        )
    raise UsageError(f"region {quoted(name)} is ambiguous: {', '.join(map(quoted, candidates))}")


def resolve_country(catalogue: Catalogue, name: str) -> Relation:
    """The one partner a name refers to; unknown or ambiguous names are errors naming candidates."""
    found = best_match(catalogue.relations, name)
    if len(found) == 1:
        return found[0]
    if not found:
        hint = _suggestion(name, _names_and_aliases(catalogue.relations))
        raise UsageError(f"no partner matches {quoted(name)}{hint}")
    names = ", ".join(quoted(r.name) for r in found[:12])
    more = f" and {len(found) - 12} more" if len(found) > 12 else ""
    raise UsageError(f"{quoted(name)} is ambiguous: {names}{more}")


def _names_and_aliases(relations: Sequence[Relation]) -> Iterable[str]:
    """Every name a partner can be asked for by: names first (they win a tie), then aliases."""
    for relation in relations:
        yield relation.name
    for relation in relations:
        yield from relation.aliases


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- output ---------------------------------------------------------------------------------------


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: characters the stream cannot encode become JSON ``\\uXXXX`` escapes."""
    assert isinstance(error, UnicodeEncodeError)
    chunk = error.object[error.start : error.end]
    units = chunk.encode("utf-16-be")
    escaped = "".join(f"\\u{int.from_bytes(units[i : i + 2]):04x}" for i in range(0, len(units), 2))
    return escaped, error.end


codecs.register_error("mongolia-tui-json", _json_escape)


def write(text: str, *, json_output: bool = False) -> None:
    """Write to stdout and flush, whatever stdout can take.

    A character stdout's encoding lacks (latin-1, cp1252) becomes "?" (in JSON, a ``\\uXXXX``
    escape, so the data survives). A failing write raises :class:`OutputError` (reported by
    :func:`main` as one line, exit 2), a closed pipe BrokenPipeError (a quiet exit 0).
    """
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`>&-`)
        raise OutputError("standard output is closed")
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # The text layer encodes all of ``text`` before writing any of it: nothing went out.
            encoding = stream.encoding or "ascii"
            errors = "mongolia-tui-json" if json_output else "replace"
            stream.write(text.encode(encoding, errors).decode(encoding))
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:  # ValueError: the stream was closed
        raise OutputError(getattr(error, "strerror", None) or str(error)) from None


def _terminal_width() -> int | None:
    """The width a table fits: the terminal's, or $COLUMNS; None when piped (nothing clipped)."""
    if "COLUMNS" in os.environ or _is_terminal(sys.stdout):
        return shutil.get_terminal_size().columns
    return None


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # missing (None) or closed streams
        return False


def _has_terminal() -> bool:
    """Whether the browser can run: stdin and stdout are both terminals."""
    return _is_terminal(sys.stdin) and _is_terminal(sys.stdout)


def _no_match(what: str, query: str, region: str = ALL, status: str | None = None) -> int:
    """Say on stderr that nothing matched; exit status 1, like grep."""
    where = f" in {region}" if region != ALL else ""
    status_text = f" with status {status!r}" if status else ""
    matching = f" matches {quoted(query)}" if query.strip() else ""
    print(f"{PROG}: no {what}{where}{status_text}{matching}", file=sys.stderr)
    return EXIT_NO_MATCH


# -- commands -------------------------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace, catalogue: Catalogue) -> int:
    index = RelationIndex(catalogue.relations, catalogue.chronological)
    region = resolve_region(args.list_region) if args.list_region else ALL
    column = {"date": "established"}.get(args.sort, args.sort)
    rows = [catalogue.relations[i] for i in index.rows(region, args.search, column, args.reverse)]
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    # No rows: scripts still get an empty document to parse; a person gets no table at all.
    if rows or args.format != "table":
        width = _terminal_width() if args.format == "table" else None
        write(render(rows, args.format, today(), width=width), json_output=args.format == "json")
    if not rows:
        return _no_match("partner", args.search, region, args.status)
    return 0


def _cmd_show(args: argparse.Namespace, catalogue: Catalogue) -> int:
    relation = resolve_country(catalogue, args.name)
    if args.format == "json":
        write(relation_json(relation), json_output=True)
        return 0
    from mongolia_tui.details import details_text

    width = _terminal_width() or 80
    write(details_text(relation, catalogue.numbered, today(), width=width))
    return 0


def _cmd_organisations(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui.organisations import organisation_rows

    organisations = catalogue.organisations
    indices = organisation_rows(organisations, args.search, args.sort, args.reverse)
    rows = [organisations[i] for i in indices]
    if args.status:
        rows = [o for o in rows if o.status == args.status]
    if rows or args.format != "table":
        width = _terminal_width() if args.format == "table" else None
        text = render_organisations(rows, args.format, width=width)
        write(text, json_output=args.format == "json")
    if not rows:
        return _no_match("organisation", args.search, status=args.status)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    path = args.path or args.data or str(default_store_path())
    shown = safe_line(str(path))
    catalogue, problems = check_store(path)
    if problems:
        for problem in problems:
            where = f"{problem.table} record {quoted(problem.record or '?')}"
            write(f"{shown}: {where}: {safe_line(problem.message)}\n")
        print(f"{shown}: {_plural(len(problems), 'problem')} found", file=sys.stderr)
        return 1
    assert catalogue is not None
    relations = catalogue.relations
    dated = [r for r in relations if r.established is not None]
    by_precision = {p: sum(1 for r in dated if r.established.precision.name == p)  # type: ignore[union-attr]
                    for p in ("DAY", "MONTH", "YEAR")}  # fmt: skip
    un = _plural(sum(r.un_member for r in relations), "UN member")
    un_undated = _plural(sum(1 for r in relations if r.un_member and r.established is None),
                         "UN member")  # fmt: skip
    write(
        f"{shown}: OK\n"
        f"  partners:       {len(relations)} ({un})\n"
        f"  numbered:       {catalogue.numbered}\n"
        f"  dated:          {by_precision['DAY']} to the day, {by_precision['MONTH']} to the "
        f"month, {by_precision['YEAR']} to the year\n"
        f"  undated:        {len(relations) - len(dated)} ({un_undated})\n"
        f"  no relations:   {sum(1 for r in relations if r.status == 'none')}\n"
        f"  organisations:  {len(catalogue.organisations)}\n"
    )
    return 0


def _run_tui(args: argparse.Namespace, catalogue: Catalogue) -> int:
    country = resolve_country(catalogue, args.country).name if args.country else None
    region = resolve_region(args.region) if args.region else None
    if not _has_terminal():
        # Without a terminal (`ssh host mongolia-tui`, `< /dev/null`) Textual would spin forever.
        raise UsageError(f"the browser needs a terminal; try '{PROG} list'")
    from mongolia_tui.app import make_app

    app = make_app(
        catalogue,
        country=country,
        region=region,
        theme=args.theme,
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
    _standard_streams()
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
        if args.command == "check-data":
            return _cmd_check(args)
        catalogue = load_store(args.data)
        if args.command == "list":
            return _cmd_list(args, catalogue)
        if args.command == "show":
            return _cmd_show(args, catalogue)
        if args.command == "organisations":
            return _cmd_organisations(args, catalogue)
        if args.command == "stats":
            return _cmd_stats(args, catalogue)
        if args.command == "anniversaries":
            return _cmd_anniversaries(args, catalogue)
        return _run_tui(args, catalogue)
    except (StoreError, UsageError) as error:
        print(f"{PROG}: error: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `mongolia-tui list | head` closed the pipe: not an error worth a traceback.
        _silence_stdout()
        return 0
    except OutputError as error:  # a full disk (`> /dev/full`), a closed stdout
        _silence_stdout()
        print(f"{PROG}: error: cannot write output: {safe_line(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if collecting:
            gc.enable()


def _standard_streams() -> None:
    """Give a closed stderr /dev/null: Python would print errors meant for it on stdout
    (``print(file=None)``), and the next file opened would take descriptor 2 and receive them.
    A closed stdout stays an error the commands report."""
    try:
        os.fstat(2)
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        if devnull != 2:
            os.dup2(devnull, 2)
            os.close(devnull)
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - for the life of the process


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no stdout at all: nothing will be flushed
        pass

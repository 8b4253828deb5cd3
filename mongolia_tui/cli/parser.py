"""The command line's grammar: options, subcommands, help texts and their examples.

Building the parser imports nothing a command needs (the counts, the calendar, the server):
every start builds it, and ``serve`` builds it to judge a visitor's request.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from mongolia_tui import __version__
from mongolia_tui.cli.errors import PROG, UsageError, quoted, suggestion
from mongolia_tui.cli.stdout import write
from mongolia_tui.config import NAMES
from mongolia_tui.model import ORGANISATION_STATUSES, REGIONS, STATUSES
from mongolia_tui.output.writer import FORMATS

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXAMPLES = f"""\
examples:
  {PROG}                               the browser (needs a terminal)
  {PROG} list --search 1992            who came in 1992
  {PROG} list --region europe --sort date --format csv
  {PROG} list --disputed --has-note    the browser's f filters, combined
  {PROG} list --format json > relations.json
  {PROG} show malaysia                 one partner in full
  {PROG} organisations --status observer
  {PROG} missions --country slovenia   which embassy covers Slovenia
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

#: ``list``'s filters: (option, key of the browser's filter in filters.FILTERS, help).
LIST_FILTERS = (
    ("--has-note", "note", "only partners with a note (a bare 'See …' is not one)"),
    ("--no-relations", "none", "only partners Mongolia has no relations with"),
    ("--disputed", "uncertain",
     "only partners whose date is disputed, unknown, or known only to the month or year"),
    ("--marked", "marked", "only the partners marked in the browser (m)"),
    ("--mission-there", "mission-there",
     "only partners where Mongolia has a resident mission (an honorary consul is not one)"),
    ("--mission-here", "mission-here", "only partners with a resident mission in Mongolia"),
    ("--accredited", "accredited",
     "only partners accredited to Mongolia from a mission abroad (none resident in it)"),
)  # fmt: skip


class Parser(argparse.ArgumentParser):
    """Raises :class:`UsageError` instead of exiting; says "did you mean" for a wrong choice."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        listing = ", ".join(map(repr, choices))
        hint = suggestion(str(value), map(str, choices))
        if hint:
            message = f"invalid choice: {quoted(str(value))}{hint}; choose from {listing}"
        else:
            message = f"invalid choice: {quoted(str(value))} (choose from {listing})"
        raise argparse.ArgumentError(action, message)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # --help and --version go through write(): a latin-1 or full stdout is handled there.
        if message and (file is None or file is sys.stdout):
            write(message)
        else:
            super()._print_message(message, file)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the browser's options and every subcommand."""
    parser = Parser(
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
    parser.add_argument(
        "--names", choices=NAMES,
        help="the table's names: en (English, the default) or mn (Mongolian, where known); "
        "default: the config file's names",
    )  # fmt: skip
    parser.add_argument(
        "--fresh", action="store_true",
        help="start clean: not at the last run's tab, sort, filters and theme (marks and "
        "search history are kept)",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_list_commands(commands)
    _add_timeline_commands(commands)
    from mongolia_tui.cli.missions import add_missions_command

    add_missions_command(commands)

    check = commands.add_parser("check-data", help="validate a store and list every problem")
    check.add_argument("path", metavar="PATH", nargs="?", help="store to check (default: --data)")

    # serve: its options live in serve.options; asyncssh is imported only when the server starts.
    from mongolia_tui.serve.options import add_serve_arguments

    add_serve_arguments(commands.add_parser("serve", help="host the browser for a team over SSH"))
    # web: its options live in web.options; aiohttp is imported only when the server starts.
    from mongolia_tui.web.options import add_web_arguments

    add_web_arguments(commands.add_parser("web", help="serve the browser in web pages"))
    return parser


def _add_list_commands(commands: argparse._SubParsersAction[Parser]) -> None:
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
    filters = listing.add_argument_group(
        "filters", "the browser's f filters; they combine with each other and the options above"
    )
    for option, key, text in LIST_FILTERS:
        filters.add_argument(option, dest="filters", action="append_const", const=key, help=text)
    listing.add_argument(
        # "order" is the old name of "rank", still taken (not listed) for older scripts.
        "--sort", choices=("name", "date", "rank", "region"), default="rank",
        type=lambda value: "rank" if value == "order" else value,
        help="sort column (default: rank, the partner's number in the article's chronological "
        "list)",
    )  # fmt: skip
    listing.add_argument("--reverse", action="store_true", help="reverse the sort")
    listing.add_argument(
        "--names", dest="list_names", choices=NAMES, default="en",
        help="the table's Country column (and sorting by name): en (English, the default) or "
        "mn (Mongolian, where known)",
    )  # fmt: skip
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


def _add_timeline_commands(commands: argparse._SubParsersAction[Parser]) -> None:
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

"""``missions``: diplomatic missions both ways, by city or by partner."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mongolia_tui.cli.errors import PROG
from mongolia_tui.cli.listing import no_match
from mongolia_tui.cli.resolve import resolve_partner
from mongolia_tui.cli.stdout import terminal_width, write
from mongolia_tui.model import Catalogue

if TYPE_CHECKING:
    from mongolia_tui.cli.parser import Parser


def add_missions_command(commands: argparse._SubParsersAction[Parser]) -> None:
    """The ``missions`` subcommand's options (the parser calls this)."""
    from mongolia_tui.output.writer import FORMATS

    missions = commands.add_parser(
        "missions", help="diplomatic missions both ways: Mongolia's abroad, partners' for it",
        description="Print diplomatic missions both ways: Mongolia's abroad (with the countries\n"
        "each also covers), partners' missions in Mongolia, and partners' missions\n"
        "elsewhere accredited to Mongolia. Only what the sources say: a partner with\n"
        "none listed has no data, which does not mean it has no mission.",
        epilog=f"examples:\n  {PROG} missions --country slovenia   who covers Slovenia\n"
        f"  {PROG} missions --city beijing --format csv\n\n"
        "exit status: 0 rows printed, 1 nothing matched, 2 an error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    missions.add_argument("--city", metavar="CITY", default="",
                          help="only missions in this city (accents optional)")  # fmt: skip
    missions.add_argument(
        "--country", dest="mission_country", metavar="NAME",
        help="only the missions that serve this partner, both ways",
    )  # fmt: skip
    missions.add_argument("--closed", action="store_true", help="closed missions too")
    missions.add_argument("--format", choices=FORMATS, default="table", help="output format")


def cmd_missions(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui.missions import listing
    from mongolia_tui.output import missions as mission_output

    partner = resolve_partner(catalogue, args.mission_country) if args.mission_country else None
    code = None if partner is None else partner.iso3 or ""
    names = {r.iso3: r.name for r in catalogue.partners if r.iso3}
    rows = listing(catalogue.missions, names, city=args.city, country=code, closed=args.closed)
    if rows or args.format != "table":
        width = terminal_width() if args.format == "table" else None
        text = mission_output.render(rows, args.format, names, width=width)
        write(text, json_output=args.format == "json")
    if not rows:
        query = " ".join(part for part in (args.city, partner.name if partner else "") if part)
        return no_match("mission", query)
    return 0

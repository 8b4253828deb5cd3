"""``list``, ``show`` and ``organisations``: the rows the browser shows, for scripts and pipes.

``list`` answers with the browser's own index and filters (:mod:`mongolia_tui.views`), so a
count on the command line is the count on the browser's tab.
"""

from __future__ import annotations

import argparse
import sys

from mongolia_tui.cli.errors import EXIT_NO_MATCH, PROG, quoted
from mongolia_tui.cli.resolve import resolve_partner, resolve_region
from mongolia_tui.cli.stdout import terminal_width, write
from mongolia_tui.filters import FILTERS, MARKED
from mongolia_tui.model import Catalogue
from mongolia_tui.output import organisations as org_output
from mongolia_tui.output import partners as partner_output
from mongolia_tui.sanitize import safe_line
from mongolia_tui.views import ALL, PartnerIndex, today


def no_match(
    what: str, query: str, region: str = ALL, status: str | None = None, filters: str = ""
) -> int:
    """Say on stderr that nothing matched; exit status 1, like grep."""
    where = f" in {region}" if region != ALL else ""
    status_text = f" with status {status!r}" if status else ""
    filter_text = f" ({filters})" if filters else ""
    matching = f" matches {quoted(query)}" if query.strip() else ""
    print(f"{PROG}: no {what}{where}{status_text}{filter_text}{matching}", file=sys.stderr)
    return EXIT_NO_MATCH


def cmd_list(args: argparse.Namespace, catalogue: Catalogue) -> int:
    index = PartnerIndex(catalogue.partners, catalogue.chronological, catalogue.missions,
                         args.list_names)  # fmt: skip
    region = resolve_region(args.list_region) if args.list_region else ALL
    column = {"date": "established"}.get(args.sort, args.sort)
    filters = frozenset(args.filters or ())
    marked: frozenset[int] = frozenset()
    if MARKED in filters:
        found_marks = marked_partners(catalogue)
        if found_marks is None:
            return EXIT_NO_MATCH
        marked = found_marks
    found = index.rows(region, args.search, column, args.reverse, filters, marked=marked)
    rows = [catalogue.partners[i] for i in found]
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    # No rows: scripts still get an empty document to parse; a person gets no table at all.
    if rows or args.format != "table":
        width = terminal_width() if args.format == "table" else None
        text = partner_output.render(rows, args.format, today(), width=width,
                                     missions=catalogue.missions,
                                     names=args.list_names)  # fmt: skip
        write(text, json_output=args.format == "json")
    if not rows:
        labels = ", ".join(f.label for f in FILTERS if f.key in filters)
        return no_match("partner", args.search, region, args.status, labels)
    return 0


def marked_partners(catalogue: Catalogue) -> frozenset[int] | None:
    """The partners marked in the browser (its state file), by index; None, with a message on
    stderr, when nothing is marked at all."""
    from mongolia_tui.remembered import load, state_file

    path = state_file()
    if path is None:
        print(f"{PROG}: no marked partners: no state is kept here "
              "(MONGOLIA_TUI_STATE_DIR is empty)", file=sys.stderr)  # fmt: skip
        return None
    remembered, warning = load(path)
    if warning is not None:
        print(f"{PROG}: warning: {safe_line(warning)}", file=sys.stderr)
    if not remembered.marks:
        print(f"{PROG}: no marked partners (press m on one in the browser; state file: "
              f"{safe_line(str(path))})", file=sys.stderr)  # fmt: skip
        return None
    marks = set(remembered.marks)
    return frozenset(i for i, r in enumerate(catalogue.partners) if r.name in marks)


def cmd_show(args: argparse.Namespace, catalogue: Catalogue) -> int:
    partner = resolve_partner(catalogue, args.name)
    if args.format == "json":
        write(partner_output.one_json(partner, catalogue.missions), json_output=True)
        return 0
    from mongolia_tui.details import details_text
    from mongolia_tui.missions import summary_line

    width = terminal_width() or 80
    line = summary_line(catalogue.missions, partner.iso3, partner.name)
    write(details_text(partner, catalogue.ranked_count, today(), width=width, missions=line))
    return 0


def cmd_organisations(args: argparse.Namespace, catalogue: Catalogue) -> int:
    from mongolia_tui.organisations import organisation_rows

    organisations = catalogue.organisations
    indices = organisation_rows(organisations, args.search, args.sort, args.reverse)
    rows = [organisations[i] for i in indices]
    if args.status:
        rows = [o for o in rows if o.status == args.status]
    if rows or args.format != "table":
        width = terminal_width() if args.format == "table" else None
        text = org_output.render(rows, args.format, width=width)
        write(text, json_output=args.format == "json")
    if not rows:
        return no_match("organisation", args.search, status=args.status)
    return 0
